"""Export the Gantt chart: PNG rendered with QPainter into QImages, PDF through the report.

PNG: a date range, a zoom, and either *fit to width* (the range squeezed into a given pixel
width) or *tiled* (the zoom's own scale, cut into tiles). Tall plans are cut into several
images of at most ``rows_per_image`` rows; the files are numbered ``name-1.png``,
``name-2.png``... when there is more than one.
"""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from infradesk.ui.gantt import timescale
from infradesk.ui.gantt.painter import GanttPainter, Palette

TABLE_WIDTH = 330
HEADER = 46


def _zoom_for(px_per_day: float, name: str) -> timescale.Zoom:
    """The zoom level whose tiers suit ``px_per_day`` best, at exactly that scale."""
    best = min(timescale.ZOOMS, key=lambda z: abs(z.px_per_day - px_per_day))
    return replace(best, name=name, px_per_day=px_per_day)


def render_images(
    source: GanttPainter,
    first: date,
    last: date,
    zoom: str = "week",
    fit_width: int | None = None,
    tile_width: int = 4000,
    rows_per_image: int = 300,
) -> list[QImage]:
    """The chart of ``source``'s rows from ``first`` to ``last`` as images (see module doc)."""
    if last < first:
        raise ValueError("The export range ends before it starts.")
    painter_state = copy.copy(source)
    painter_state.selected = set()
    start = datetime.combine(first, datetime.min.time())
    end = datetime.combine(last + timedelta(days=1), datetime.min.time())
    days = (end - start).days
    if fit_width is not None:
        chart_width = max(200, fit_width - TABLE_WIDTH)
        painter_state.zoom = _zoom_for(chart_width / days, "fit")
    else:
        painter_state.zoom = timescale.zoom_named(zoom)
    painter_state.origin = start
    total_width = int(painter_state.x_of(end)) + 1
    tiles = [(x, min(tile_width, total_width - x)) for x in range(0, total_width, tile_width)]
    if fit_width is not None:
        tiles = [(0, total_width)]
    rows = len(painter_state.view_rows)
    rh = painter_state.row_height
    images: list[QImage] = []
    for row_start in range(0, max(rows, 1), rows_per_image):
        row_count = max(1, min(rows_per_image, rows - row_start))
        for x0, width in tiles:
            image = QImage(TABLE_WIDTH + width, HEADER + row_count * rh, QImage.Format.Format_RGB32)
            image.fill(QColor("white"))
            qp = QPainter(image)
            qp.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            qp.save()
            qp.translate(TABLE_WIDTH, 0)
            qp.setClipRect(QRectF(0, 0, width, HEADER))
            painter_state.paint_scale(qp, x0, width, HEADER)
            qp.restore()
            qp.save()
            qp.translate(TABLE_WIDTH, HEADER)
            qp.setClipRect(QRectF(0, 0, width, row_count * rh))
            painter_state.paint(qp, x0, row_start * rh, width, row_count * rh)
            qp.restore()
            _paint_names(qp, painter_state, row_start, row_count)
            qp.end()
            images.append(image)
    return images


def _paint_names(qp: QPainter, state: GanttPainter, row_start: int, count: int) -> None:
    rh = state.row_height
    o = state.outline
    qp.fillRect(QRectF(0, 0, TABLE_WIDTH, HEADER), Palette.header)
    qp.setPen(Palette.header_text)
    qp.setFont(state.font)
    qp.drawText(QRectF(8, 0, TABLE_WIDTH, HEADER), int(Qt.AlignmentFlag.AlignVCenter), "Task")
    bold = copy.copy(state.font)
    bold.setBold(True)
    for i in range(count):
        v = row_start + i
        if v >= len(state.view_rows):
            break
        row = state.view_rows[v]
        top = HEADER + i * rh
        if v % 2:
            qp.fillRect(QRectF(0, top, TABLE_WIDTH, rh), Palette.stripe)
        qp.setFont(bold if o.summary[row] else state.font)
        qp.setPen(Palette.text)
        text = f"{o.wbs[row]}  {o.name[row]}"
        rect = QRectF(8 + o.depth[row] * 12, top, TABLE_WIDTH - 12 - o.depth[row] * 12, rh)
        elided = qp.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, int(rect.width()))
        qp.drawText(rect, int(Qt.AlignmentFlag.AlignVCenter), elided)
    qp.setPen(QPen(Palette.grid_strong, 1))
    qp.drawLine(TABLE_WIDTH - 1, 0, TABLE_WIDTH - 1, HEADER + count * rh)


def export_png(
    source: GanttPainter,
    path: str | Path,
    first: date,
    last: date,
    zoom: str = "week",
    fit_width: int | None = None,
    **kwargs: int,
) -> list[Path]:
    """Write the images; returns the files written."""
    images = render_images(source, first, last, zoom, fit_width, **kwargs)
    target = Path(path)
    if target.suffix.lower() != ".png":
        target = target.with_suffix(".png")
    paths = (
        [target]
        if len(images) == 1
        else [target.with_name(f"{target.stem}-{i + 1}.png") for i in range(len(images))]
    )
    for image, file in zip(images, paths, strict=True):
        if not image.save(str(file), "PNG"):
            raise OSError(f"Could not write {file}")
    return paths


class ExportDialog(QDialog):
    """Date range, zoom and layout of a chart export."""

    def __init__(self, first: date, last: date, pdf: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export Gantt chart as PDF" if pdf else "Export Gantt chart as PNG")
        form = QFormLayout()
        self.first = QDateEdit(QDate(first.year, first.month, first.day))
        self.last = QDateEdit(QDate(last.year, last.month, last.day))
        for edit in (self.first, self.last):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd MMM yyyy")
        self.zoom = QComboBox()
        zooms = ("day", "week", "month") if pdf else timescale.ZOOM_NAMES
        for name in zooms:
            self.zoom.addItem(name.capitalize(), name)
        self.zoom.setCurrentIndex(zooms.index("week"))
        self.fit = QRadioButton("Fit to width")
        self.tile = QRadioButton("Tiled at the zoom's scale")
        self.fit.setChecked(True)
        self.width = QSpinBox()
        self.width.setRange(600, 20000)
        self.width.setValue(2400)
        self.width.setSuffix(" px")
        self.width.setEnabled(not pdf)
        form.addRow("From:", self.first)
        form.addRow("To:", self.last)
        form.addRow("Zoom:", self.zoom)
        form.addRow(self.fit)
        form.addRow(self.tile)
        if not pdf:
            form.addRow("Image width:", self.width)
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Rows shown follow the Gantt tab's current filter."))
        layout.addWidget(box)

    def values(self) -> tuple[date, date, str, bool, int]:
        return (
            self.first.date().toPython(),
            self.last.date().toPython(),
            self.zoom.currentData(),
            self.fit.isChecked(),
            self.width.value(),
        )


def run_export(tab, pdf: bool) -> list[Path]:
    """Ask for the range, layout and file, then write it. Returns the files written."""
    if tab.model.outline.project_id is None:
        QMessageBox.information(tab, "Export Gantt chart", "Open a project first.")
        return []
    first, last = tab.painter.project_range()
    # a little room after the last bar for its label
    dialog = ExportDialog(first.date(), last.date() + timedelta(days=7), pdf, tab)
    if not dialog.exec():
        return []
    start, finish, zoom, fit, width = dialog.values()
    suffix = "pdf" if pdf else "png"
    path, _ = QFileDialog.getSaveFileName(
        tab, "Export Gantt chart", f"gantt.{suffix}", f"{suffix.upper()} files (*.{suffix})"
    )
    if not path:
        return []
    try:
        return export_to(tab, Path(path), pdf, start, finish, zoom, width if fit else None)
    except (OSError, ValueError, ImportError) as error:
        QMessageBox.warning(tab, "Export Gantt chart", f"The export failed: {error}")
        return []


def export_to(
    tab,
    path: Path,
    pdf: bool,
    start: date,
    finish: date,
    zoom: str = "week",
    fit_width: int | None = 2400,
) -> list[Path]:
    """Write the chart of ``tab``'s project: PDF through the report, PNG from the painter."""
    if pdf:
        from infradesk.report.gantt_export import export_gantt_pdf
        from infradesk.services.plan.view import gantt_data

        data = gantt_data(tab.context.workspace, tab.model.outline.project_id)
        export_gantt_pdf(
            data,
            path,
            fit="width" if fit_width else "tile",
            start=start,
            finish=finish,
            zoom=zoom if zoom in ("day", "week", "month") else "week",
        )
        return [path]
    return export_png(tab.painter, path, start, finish, zoom, fit_width)
