"""The whole Gantt chart as a vector PDF: fitted to the page width, or tiled across pages.

``fit="width"`` squeezes the chosen date range into one landscape page width and pages down
through the rows. ``fit="tile"`` keeps a fixed scale per zoom level (day, week, month) and cuts
the timeline into page-wide tiles; every tile repeats the task table columns, so each sheet
reads on its own and the sheets can be taped together.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm

from infradesk.report import styles as st
from infradesk.report.charts import (
    ZOOM_POINTS_PER_DAY,
    GanttLayout,
    draw_text,
    gantt_range,
    paint_gantt,
)
from infradesk.report.data import GanttData, GanttRow
from infradesk.report.fonts import clean, fit_text, fonts, string_width
from infradesk.report.template import MARGIN, NumberedCanvas

FITS = ("width", "tile")


def _in_range(row: GanttRow, first: date, last: date) -> bool:
    start = row.start or row.finish
    finish = row.finish or row.start
    if start is None or finish is None:
        return True  # an unscheduled row stays listed, without a bar
    return finish.date() >= first and start.date() <= last


def export_gantt_pdf(
    data: GanttData,
    path: str | Path | BinaryIO,
    *,
    fit: str = "width",
    start: date | datetime | None = None,
    finish: date | datetime | None = None,
    zoom: str = "week",
    page_size: str = "A4",
) -> int:
    """Write ``data`` as a landscape Gantt PDF and return the number of pages.

    ``start``/``finish`` limit the dates shown (default: the whole plan); rows outside the
    range are left out. ``zoom`` (``day``, ``week``, ``month``) sets the scale of tiled pages.
    """
    if fit not in FITS:
        raise ValueError(f"Unknown fit '{fit}': use 'width' or 'tile'")
    if zoom not in ZOOM_POINTS_PER_DAY:
        raise ValueError(f"Unknown zoom '{zoom}': use day, week or month")
    fonts()
    pagesize = st.page_size(page_size, wide=True)
    plan_first, plan_last = gantt_range(data.rows, data.status_date)
    first = _as_date(start) or plan_first
    last = _as_date(finish) or plan_last
    if last < first:
        raise ValueError("The Gantt export range ends before it starts")
    first -= timedelta(days=first.weekday())  # weeks start on Monday
    rows = [r for r in data.rows if _in_range(r, first, last)]

    width = pagesize[0] - 2 * MARGIN
    label_width = min(width * 0.36, 300)
    layout = GanttLayout(width=width, label_width=label_width, show_dates=True)
    top = pagesize[1] - MARGIN - 8 * mm
    usable = top - (MARGIN + 2 * mm) - layout.header_height - 10
    per_page = max(int(usable // layout.row_height), 1)

    if fit == "width":
        tiles = [(first, last)]
    else:
        scale = ZOOM_POINTS_PER_DAY[zoom]
        days_per_tile = max(int((width - label_width) // scale), 7)
        tiles = []
        tile_first = first
        while tile_first <= last:
            tile_last = min(tile_first + timedelta(days=days_per_tile - 1), last)
            tiles.append((tile_first, tile_last))
            tile_first = tile_last + timedelta(days=1)

    canvas = NumberedCanvas(
        str(path) if isinstance(path, Path) else path, pagesize=pagesize, pageCompression=1
    )
    canvas.setTitle(f"{clean(data.title)[:200]} – Gantt chart")
    canvas.setAuthor("InfraDesk")
    canvas.setCreator("InfraDesk")
    chunks = [rows[i : i + per_page] for i in range(0, len(rows), per_page)] or [[]]
    pages = 0
    for chunk_index, chunk in enumerate(chunks):
        for tile_index, (tile_first, tile_last) in enumerate(tiles):
            tile_layout = layout
            if fit == "tile":
                # the last tile keeps the scale: it is narrower, not stretched
                days = (tile_last - tile_first).days + 1
                chart = days * ZOOM_POINTS_PER_DAY[zoom]
                tile_layout = GanttLayout(
                    width=label_width + chart, label_width=label_width, show_dates=True
                )
            _page_header(
                canvas,
                pagesize,
                data,
                f"{tile_first:%d %b %Y} – {tile_last:%d %b %Y}",
                chunk_index,
                len(chunks),
                tile_index,
                len(tiles),
            )
            status = data.status_date
            paint_gantt(
                canvas, MARGIN, top, chunk, tile_layout, tile_first, tile_last, status=status
            )
            _legend(canvas, pagesize)
            canvas.showPage()
            pages += 1
    canvas.save()
    return pages


def _as_date(value: date | datetime | None) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value


def _page_header(
    canvas: NumberedCanvas,
    pagesize: tuple[float, float],
    data: GanttData,
    span: str,
    chunk: int,
    chunks: int,
    tile: int,
    tiles: int,
) -> None:
    width, height = pagesize
    y = height - MARGIN
    title = fit_text(data.title, width * 0.5, 11, bold=True)
    draw_text(canvas, MARGIN, y, title, 11, bold=True, colour=st.ACCENT)
    where = span
    if chunks > 1:
        where += f" · rows part {chunk + 1} of {chunks}"
    if tiles > 1:
        where += f" · timeline part {tile + 1} of {tiles}"
    draw_text(canvas, width - MARGIN, y, where, 8, colour=st.MUTED, anchor="end")
    canvas.setStrokeColor(st.ACCENT)
    canvas.setLineWidth(0.8)
    canvas.line(MARGIN, y - 2.5 * mm, width - MARGIN, y - 2.5 * mm)
    footer = "Gantt chart"
    if data.status_date:
        footer += f" · status date {data.status_date:%d %b %Y}"
    footer += f" · printed {datetime.combine(date.today(), time()):%d %b %Y} · InfraDesk"
    draw_text(canvas, MARGIN, MARGIN - 9 * mm + 2, footer, 7, colour=st.MUTED)


def _legend(canvas: NumberedCanvas, pagesize: tuple[float, float]) -> None:
    x, y = pagesize[0] * 0.45, MARGIN - 9 * mm + 2
    items = [
        (st.BAR, "task"),
        (st.BAR_CRITICAL, "critical"),
        (st.SUMMARY, "summary"),
        (st.BASELINE, "baseline"),
        (st.STATUS_LINE, "status date"),
    ]
    canvas.saveState()
    for colour, label in items:
        canvas.setFillColor(colour)
        canvas.rect(x, y, 10, 4, stroke=0, fill=1)
        draw_text(canvas, x + 13, y, label, 6.5, colour=st.MUTED)
        x += 20 + string_width(label, 6.5) + 6  # measured in the font it is drawn in
    canvas.restoreState()
