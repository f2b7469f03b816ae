"""Vector charts drawn straight onto the PDF canvas: RAG badges, the 5x5 heat map, Gantt bars,
the earned-value S-curve.

The Gantt painter works on a bare canvas so the status report (as a flowable) and the whole-plan
Gantt export (page by page) share one drawing routine.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from infradesk.report import styles as st
from infradesk.report.data import CurvePoint, GanttRow, Rag, Trend
from infradesk.report.fonts import BOLD, REGULAR, clean, fit_text, runs, string_width


def draw_text(
    canvas: Canvas,
    x: float,
    y: float,
    text: str,
    size: float,
    *,
    bold: bool = False,
    colour: colors.Color = st.INK,
    anchor: str = "start",
) -> None:
    """Draw one line of user text with the per-character font fallback."""
    text = clean(text).replace("\n", " ")
    if anchor != "start":
        width = string_width(text, size, bold=bold)
        x -= width if anchor == "end" else width / 2
    canvas.setFillColor(colour)
    # one text object for all runs, so a PDF reader extracts the line as one piece of text
    text_object = canvas.beginText(x, y)
    for font, chunk in runs(text, bold=bold):
        text_object.setFont(font, size)
        text_object.textOut(chunk)
    canvas.drawText(text_object)


def draw_trend(canvas: Canvas, x: float, y: float, trend: Trend, size: float = 7) -> None:
    """A small vector arrow centred on (x, y): up = better, down = worse, flat = unchanged."""
    half = size / 2
    canvas.saveState()
    if trend is Trend.UP:
        canvas.setFillColor(st.RAG_COLOURS[Rag.GREEN])
        path = canvas.beginPath()
        path.moveTo(x - half, y - half * 0.7)
        path.lineTo(x + half, y - half * 0.7)
        path.lineTo(x, y + half)
        path.close()
        canvas.drawPath(path, stroke=0, fill=1)
    elif trend is Trend.DOWN:
        canvas.setFillColor(st.RAG_COLOURS[Rag.RED])
        path = canvas.beginPath()
        path.moveTo(x - half, y + half * 0.7)
        path.lineTo(x + half, y + half * 0.7)
        path.lineTo(x, y - half)
        path.close()
        canvas.drawPath(path, stroke=0, fill=1)
    elif trend is Trend.SAME:
        canvas.setFillColor(st.MUTED)
        path = canvas.beginPath()
        path.moveTo(x - half, y + half * 0.6)
        path.lineTo(x + half, y)
        path.lineTo(x - half, y - half * 0.6)
        path.close()
        canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


TREND_WORDS = {Trend.UP: "better", Trend.DOWN: "worse", Trend.SAME: "same", Trend.NEW: "new"}


class RagBadge(Flowable):
    """A rounded, coloured pill with the RAG word, optionally followed by a trend arrow."""

    def __init__(
        self,
        rag: Rag,
        *,
        width: float = 46,
        height: float = 13,
        font_size: float = 7.5,
        trend: Trend | None = None,
    ) -> None:
        super().__init__()
        self.rag = rag
        self.badge_width = width
        self.badge_height = height
        self.font_size = font_size
        self.trend = trend
        self.width = width + (13 if trend is not None else 0)
        self.height = height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(st.RAG_COLOURS[self.rag])
        canvas.setStrokeColor(st.RAG_COLOURS[self.rag])
        canvas.roundRect(
            0, 0, self.badge_width, self.badge_height, self.badge_height / 2, stroke=0, fill=1
        )
        canvas.setFillColor(st.RAG_TEXT[self.rag])
        canvas.setFont(BOLD, self.font_size)
        canvas.drawCentredString(
            self.badge_width / 2, (self.badge_height - self.font_size * 0.72) / 2, self.rag.label
        )
        if self.trend is not None and self.trend is not Trend.NEW:
            draw_trend(
                canvas, self.badge_width + 7.5, self.badge_height / 2, self.trend, self.font_size
            )
        canvas.restoreState()


class HeatMap(Flowable):
    """The 5x5 probability x impact grid with the count of open risks in each cell."""

    def __init__(
        self,
        counts: list[list[int]],
        *,
        cell: float = 22,
        bands: list[list[str]],
    ) -> None:
        """``bands[p-1][i-1]`` is the band of a cell, from the project's risk settings."""
        super().__init__()
        self.counts = counts
        self.bands = bands
        self.cell = cell
        self.margin_left = 24
        self.margin_bottom = 24
        self.width = self.margin_left + 5 * cell + 4
        self.height = self.margin_bottom + 5 * cell + 14

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        cell, left, bottom = self.cell, self.margin_left, self.margin_bottom
        canvas.saveState()
        canvas.setLineWidth(0.6)
        for probability in range(1, 6):
            for impact in range(1, 6):
                x = left + (impact - 1) * cell
                y = bottom + (probability - 1) * cell
                band = self.bands[probability - 1][impact - 1]
                canvas.setFillColor(st.HEAT_COLOURS.get(band, st.ZEBRA))
                canvas.setStrokeColor(colors.white)
                canvas.rect(x, y, cell, cell, stroke=1, fill=1)
                count = self.counts[probability - 1][impact - 1]
                if count:
                    canvas.setFillColor(st.INK)
                    canvas.setFont(BOLD, 9)
                    canvas.drawCentredString(x + cell / 2, y + cell / 2 - 3.2, str(count))
        canvas.setFillColor(st.MUTED)
        canvas.setFont(REGULAR, 6.5)
        for index in range(1, 6):
            canvas.drawCentredString(left + (index - 0.5) * cell, bottom - 8, str(index))
            canvas.drawRightString(left - 4, bottom + (index - 0.5) * cell - 2.3, str(index))
        canvas.setFont(REGULAR, 7)
        canvas.drawCentredString(left + 2.5 * cell, bottom - 18, "Impact")
        canvas.saveState()
        canvas.translate(left - 15, bottom + 2.5 * cell)
        canvas.rotate(90)
        canvas.drawCentredString(0, 0, "Probability")
        canvas.restoreState()
        canvas.setFont(BOLD, 7.5)
        canvas.setFillColor(st.INK)
        canvas.drawString(left, bottom + 5 * cell + 5, "Heat map of open risks")
        canvas.restoreState()


# --------------------------------------------------------------------------------------- Gantt

ZOOM_POINTS_PER_DAY = {"day": 16.0, "week": 4.0, "month": 1.1}


@dataclass(slots=True)
class GanttLayout:
    """Geometry of one Gantt panel; ``columns`` are (title, width, value getter name)."""

    width: float
    label_width: float
    row_height: float = 11.5
    header_height: float = 24
    font_size: float = 6.8
    show_dates: bool = False


def gantt_range(rows: list[GanttRow], status: datetime | None) -> tuple[date, date]:
    """The span of the rows (and the status date), whole days, never empty."""
    starts = [r.start for r in rows if r.start] + [
        r.baseline_start for r in rows if r.baseline_start
    ]
    finishes = [r.finish for r in rows if r.finish] + [
        r.baseline_finish for r in rows if r.baseline_finish
    ]
    if status:
        starts.append(status)
        finishes.append(status)
    if not starts:
        today = date.today()
        return today, today + timedelta(days=28)
    first = min(starts).date()
    last = max(finishes or starts).date()
    return first, max(last, first + timedelta(days=7))


def _day_x(day: datetime | date, origin: date, scale: float, left: float) -> float:
    if isinstance(day, datetime):
        delta = (day - datetime.combine(origin, datetime.min.time())).total_seconds() / 86400
    else:
        delta = (day - origin).days
    return left + delta * scale


def paint_gantt(
    canvas: Canvas,
    x: float,
    top: float,
    rows: list[GanttRow],
    layout: GanttLayout,
    first: date,
    last: date,
    *,
    status: datetime | None = None,
) -> float:
    """Draw ``rows`` between ``first`` and ``last`` (inclusive) with the top-left at (x, top).

    Returns the height drawn. Bars outside the range are clipped; a bar that starts before
    the range shows a little notch so the reader knows it continues.
    """
    chart_left = x + layout.label_width
    chart_width = layout.width - layout.label_width
    days = max((last - first).days + 1, 1)
    scale = chart_width / days
    height = layout.header_height + len(rows) * layout.row_height
    bottom = top - height
    body_top = top - layout.header_height
    canvas.saveState()

    # timeline header: months on the first line, weeks (or days) on the second
    canvas.setFillColor(st.ZEBRA)
    canvas.rect(x, body_top, layout.width, layout.header_height, stroke=0, fill=1)
    canvas.setFont(BOLD, 6.5)
    canvas.setFillColor(st.INK)
    canvas.drawString(x + 3, body_top + 8, "Task")
    if layout.show_dates:
        canvas.drawString(x + layout.label_width - 92, body_top + 8, "Start")
        canvas.drawString(x + layout.label_width - 46, body_top + 8, "Finish")
    _paint_timeline_header(canvas, chart_left, body_top, chart_width, first, last, scale)

    # weekend shading and week lines when the scale allows it
    if scale >= 2.5:
        canvas.setFillColor(st.WEEKEND)
        day = first
        while day <= last:
            if day.weekday() >= 5:
                canvas.rect(
                    _day_x(day, first, scale, chart_left),
                    bottom,
                    scale,
                    len(rows) * layout.row_height,
                    stroke=0,
                    fill=1,
                )
            day += timedelta(days=1)
    canvas.setStrokeColor(st.RULE)
    canvas.setLineWidth(0.3)
    day = first
    while day <= last:
        if day.weekday() == 0:
            line_x = _day_x(day, first, scale, chart_left)
            canvas.line(line_x, bottom, line_x, body_top)
        day += timedelta(days=1)

    range_start = datetime.combine(first, datetime.min.time())
    range_end = datetime.combine(last + timedelta(days=1), datetime.min.time())
    half = layout.row_height / 2
    for index, row in enumerate(rows):
        row_top = body_top - index * layout.row_height
        centre = row_top - half
        if index % 2 == 1:
            canvas.setFillColor(colors.Color(0.97, 0.975, 0.98))
            canvas.rect(x, row_top - layout.row_height, layout.label_width, layout.row_height, 0, 1)
        indent = 3 + min(row.level, 8) * 7
        name_width = layout.label_width - indent - (100 if layout.show_dates else 4)
        colour = st.BAR_CRITICAL_DONE if row.critical and not row.summary else st.INK
        draw_text(
            canvas,
            x + indent,
            centre - layout.font_size * 0.35,
            fit_text(row.name, name_width, layout.font_size, bold=row.summary),
            layout.font_size,
            bold=row.summary,
            colour=colour,
        )
        if layout.show_dates:
            canvas.setFont(REGULAR, layout.font_size - 0.6)
            canvas.setFillColor(st.MUTED)
            for offset, value in ((92, row.start), (46, row.finish)):
                if value:
                    canvas.drawString(
                        x + layout.label_width - offset,
                        centre - layout.font_size * 0.35,
                        value.strftime("%d %b %y"),
                    )

    # bars are clipped to the chart area: labels of milestones near the edge never spill
    canvas.saveState()
    clip = canvas.beginPath()
    clip.rect(chart_left, bottom - 1, chart_width, len(rows) * layout.row_height + 1)
    canvas.clipPath(clip, stroke=0, fill=0)
    for index, row in enumerate(rows):
        centre = body_top - index * layout.row_height - half
        _paint_bar(canvas, row, centre, layout, first, scale, chart_left, range_start, range_end)
    canvas.restoreState()

    canvas.setStrokeColor(st.RULE)
    canvas.setLineWidth(0.5)
    canvas.rect(x, bottom, layout.width, height, stroke=1, fill=0)
    canvas.line(chart_left, bottom, chart_left, top)

    if status and range_start <= status <= range_end:
        status_x = _day_x(status, first, scale, chart_left)
        canvas.setStrokeColor(st.STATUS_LINE)
        canvas.setLineWidth(0.9)
        canvas.setDash(3, 2)
        canvas.line(status_x, bottom, status_x, body_top)
        canvas.setDash()
        canvas.setFillColor(st.STATUS_LINE)
        canvas.setFont(BOLD, 5.5)
        canvas.drawCentredString(status_x, bottom - 6.5, "status " + status.strftime("%d %b"))
    canvas.restoreState()
    return height


def _paint_timeline_header(
    canvas: Canvas,
    left: float,
    body_top: float,
    width: float,
    first: date,
    last: date,
    scale: float,
) -> None:
    canvas.setFont(REGULAR, 5.8)
    canvas.setFillColor(st.MUTED)
    canvas.setStrokeColor(st.RULE)
    canvas.setLineWidth(0.3)
    # months
    month = date(first.year, first.month, 1)
    while month <= last:
        nxt = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
        start_x = max(_day_x(month, first, scale, left), left)
        end_x = min(_day_x(nxt, first, scale, left), left + width)
        if end_x - start_x > 18:
            label = month.strftime("%b %Y") if end_x - start_x > 34 else month.strftime("%b")
            canvas.drawString(start_x + 2, body_top + 15, label)
        if start_x > left:
            canvas.line(start_x, body_top + 12, start_x, body_top + 24)
        month = nxt
    canvas.line(left, body_top + 12, left + width, body_top + 12)
    # weeks or days
    day = first
    while day <= last:
        day_x = _day_x(day, first, scale, left)
        if scale >= 12:
            canvas.drawCentredString(day_x + scale / 2, body_top + 4, day.strftime("%d"))
        elif day.weekday() == 0 and scale * 7 >= 16:
            canvas.drawString(day_x + 1.5, body_top + 4, day.strftime("%d"))
        day += timedelta(days=1)


def _paint_bar(
    canvas: Canvas,
    row: GanttRow,
    centre: float,
    layout: GanttLayout,
    first: date,
    scale: float,
    left: float,
    range_start: datetime,
    range_end: datetime,
) -> None:
    bar_height = layout.row_height * 0.42
    baseline = (
        (row.baseline_start, row.baseline_finish)
        if row.baseline_start is not None and row.baseline_finish is not None
        else None
    )
    bar_centre = centre + (1.4 if baseline is not None else 0)

    def clip(start: datetime, finish: datetime) -> tuple[float, float] | None:
        if finish < range_start or start > range_end:
            return None
        a = _day_x(max(start, range_start), first, scale, left)
        b = _day_x(min(finish, range_end), first, scale, left)
        return a, max(b, a + 0.8)

    if baseline is not None and not row.milestone:
        span = clip(*baseline)
        if span:
            canvas.setFillColor(st.BASELINE)
            canvas.rect(span[0], centre - 4.4, span[1] - span[0], 1.8, stroke=0, fill=1)
    if row.start is None or row.finish is None:
        return
    if row.milestone:
        if baseline is not None and baseline[1] != row.finish:
            span = clip(baseline[1], baseline[1])
            if span:
                _diamond(canvas, span[0], bar_centre, 3.0, st.BASELINE)
        span = clip(row.finish, row.finish)
        if span:
            colour = st.BAR_CRITICAL if row.critical else st.SUMMARY
            _diamond(canvas, span[0], bar_centre, 3.6, colour)
            canvas.setFont(REGULAR, 5.5)
            canvas.setFillColor(st.MUTED)
            canvas.drawString(span[0] + 5, bar_centre - 2, row.finish.strftime("%d %b"))
        return
    span = clip(row.start, row.finish)
    if not span:
        return
    a, b = span
    if row.summary:
        canvas.setFillColor(st.SUMMARY)
        canvas.rect(a, bar_centre - 1.2, b - a, 3.2, stroke=0, fill=1)
        for edge in (a, b):
            path = canvas.beginPath()
            path.moveTo(edge - 2, bar_centre + 2)
            path.lineTo(edge + 2, bar_centre + 2)
            path.lineTo(edge, bar_centre - 2.8)
            path.close()
            canvas.drawPath(path, stroke=0, fill=1)
        return
    canvas.setFillColor(st.BAR_CRITICAL if row.critical else st.BAR)
    canvas.rect(a, bar_centre - bar_height / 2, b - a, bar_height, stroke=0, fill=1)
    if row.percent_complete > 0:
        total = (row.finish - row.start).total_seconds()
        done_until = row.start + timedelta(seconds=total * min(row.percent_complete, 100) / 100)
        done = clip(row.start, done_until)
        if done:
            canvas.setFillColor(st.BAR_CRITICAL_DONE if row.critical else st.BAR_DONE)
            canvas.rect(
                done[0],
                bar_centre - bar_height / 6,
                done[1] - done[0],
                bar_height / 3,
                stroke=0,
                fill=1,
            )


def _diamond(canvas: Canvas, x: float, y: float, size: float, colour: colors.Color) -> None:
    canvas.setFillColor(colour)
    path = canvas.beginPath()
    path.moveTo(x, y + size)
    path.lineTo(x + size, y)
    path.lineTo(x, y - size)
    path.lineTo(x - size, y)
    path.close()
    canvas.drawPath(path, stroke=0, fill=1)


class GanttFlowable(Flowable):
    """A Gantt panel as a platypus flowable (the report's schedule snapshot)."""

    def __init__(
        self,
        rows: list[GanttRow],
        first: date,
        last: date,
        *,
        status: datetime | None = None,
        label_ratio: float = 0.34,
    ) -> None:
        super().__init__()
        self.rows = rows
        self.first = first
        self.last = last
        self.status = status
        self.label_ratio = label_ratio
        self.layout = GanttLayout(width=0, label_width=0)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.layout = GanttLayout(
            width=available_width, label_width=available_width * self.label_ratio
        )
        self.width = available_width
        self.height = self.layout.header_height + len(self.rows) * self.layout.row_height + 9
        return self.width, self.height

    def draw(self) -> None:
        paint_gantt(
            self.canv,
            0,
            self.height,
            self.rows,
            self.layout,
            self.first,
            self.last,
            status=self.status,
        )


# ------------------------------------------------------------------------------------- S-curve


class SCurveChart(Flowable):
    """Cumulative planned value, earned value and actual cost by week (vector lines), with
    the status date as a dashed line; money on the y axis in whole units."""

    def __init__(
        self,
        points: list[CurvePoint],
        status_date: datetime,
        *,
        width: float,
        height: float = 150,
        currency: str = "",
    ) -> None:
        super().__init__()
        self.points = points
        self.status_date = status_date
        self.width = width
        self.height = height
        self.currency = currency

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        left, bottom, right, top = 46.0, 22.0, self.width - 8, self.height - 16
        points = self.points
        if len(points) < 2:
            return
        first, last = points[0].at, points[-1].at
        span = (last - first).total_seconds() or 1.0
        values = [float(v) for p in points for v in (p.pv, p.ev, p.ac) if v is not None]
        peak = max([*values, 1.0])
        step = _round_step(peak / 4)
        ceiling = step * (int(peak / step) + 1)

        def x_of(moment: datetime) -> float:
            return left + (right - left) * (moment - first).total_seconds() / span

        def y_of(value: float) -> float:
            return bottom + (top - bottom) * value / ceiling

        canvas.saveState()
        canvas.setLineWidth(0.4)
        canvas.setStrokeColor(st.RULE)
        canvas.setFont(REGULAR, 6.5)
        canvas.setFillColor(st.MUTED)
        tick = 0.0
        while tick <= ceiling + 1e-9:
            y = y_of(tick)
            canvas.line(left, y, right, y)
            canvas.drawRightString(left - 3, y - 2.2, f"{tick:,.0f}".replace(",", "\u202f"))
            tick += step
        month = None
        for p in points:
            if p.at.month != month:
                month = p.at.month
                x = x_of(p.at)
                canvas.drawString(x, bottom - 10, p.at.strftime("%b %Y"))
        series = (
            ("PV", [(p.at, p.pv) for p in points], st.MUTED),
            ("EV", [(p.at, p.ev) for p in points if p.ev is not None], st.BAR),
            ("AC", [(p.at, p.ac) for p in points if p.ac is not None], st.BAR_CRITICAL),
        )
        canvas.setLineWidth(1.4)
        for _, line, colour in series:
            if len(line) < 2:
                continue
            canvas.setStrokeColor(colour)
            path = canvas.beginPath()
            path.moveTo(x_of(line[0][0]), y_of(float(line[0][1] or 0)))
            for at, value in line[1:]:
                path.lineTo(x_of(at), y_of(float(value or 0)))
            canvas.drawPath(path, stroke=1, fill=0)
        if first <= self.status_date <= last:
            x = x_of(self.status_date)
            canvas.setStrokeColor(st.STATUS_LINE)
            canvas.setLineWidth(0.8)
            canvas.setDash(3, 2)
            canvas.line(x, bottom, x, top)
            canvas.setDash()
        legend_x = left
        for name, _, colour in series:
            canvas.setFillColor(colour)
            canvas.rect(legend_x, top + 6, 10, 3, stroke=0, fill=1)
            canvas.setFillColor(st.INK)
            canvas.drawString(legend_x + 13, top + 5, name)
            legend_x += 34
        canvas.setFillColor(st.MUTED)
        canvas.drawString(
            legend_x + 6, top + 5, f"cumulative, {self.currency}; dashed: status date"
        )
        canvas.restoreState()


def _round_step(raw: float) -> float:
    """A round axis step (1, 2 or 5 times a power of ten) at least ``raw``."""
    if raw <= 0:
        return 1.0
    power = 10 ** int(f"{raw:e}".split("e")[1])
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return float(factor * power)
    return float(10 * power)
