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
from typing import TYPE_CHECKING

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

from infradesk.errors import UserError
from infradesk.progress import Progress
from infradesk.ui import theme
from infradesk.ui.gantt import timescale
from infradesk.ui.gantt.painter import GanttPainter, Palette
from infradesk.ui.operations import Operation

if TYPE_CHECKING:
    from infradesk.report.data import GanttData
    from infradesk.store.workspace import Workspace
    from infradesk.ui.gantt.tab import GanttTab


class ExportRangeError(UserError, ValueError):
    """The chosen range ends before it starts (ValueError: callers that caught it still do)."""


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
    """The chart of ``source``'s rows from ``first`` to ``last`` as images (see module doc),
    in the Light theme's colours whatever the screen shows (images go on paper and slides)."""
    if last < first:
        raise ExportRangeError("The export range ends before it starts.")
    with theme.printing():
        return _render_images(source, first, last, zoom, fit_width, tile_width, rows_per_image)


def _render_images(
    source: GanttPainter,
    first: date,
    last: date,
    zoom: str,
    fit_width: int | None,
    tile_width: int,
    rows_per_image: int,
) -> list[QImage]:
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
        if not image.save(str(file)):  # the format from the suffix: .png
            raise OSError(f"Could not write {file}")
    return paths


def _to_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


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
        self.image_width = QSpinBox()
        self.image_width.setRange(600, 20000)
        self.image_width.setValue(2400)
        self.image_width.setSuffix(" px")
        self.image_width.setEnabled(not pdf)
        form.addRow("From:", self.first)
        form.addRow("To:", self.last)
        form.addRow("Zoom:", self.zoom)
        form.addRow(self.fit)
        form.addRow(self.tile)
        if not pdf:
            form.addRow("Image width:", self.image_width)
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
            _to_date(self.first.date()),
            _to_date(self.last.date()),
            str(self.zoom.currentData()),
            self.fit.isChecked(),
            self.image_width.value(),
        )


def run_export(tab: GanttTab, pdf: bool) -> list[Path]:
    """Ask for the range, layout and file, then write it. Returns the PNG files written; a PDF
    is written off the GUI thread (:func:`start_pdf_export`), so it returns [] at once."""
    project_id = tab.model.outline.project_id
    if project_id is None:
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
    if finish < start:
        QMessageBox.warning(tab, "Export Gantt chart", "The export range ends before it starts.")
        return []
    if pdf:
        start_pdf_export(tab, project_id, Path(path), start, finish, zoom, fit)
        return []
    try:
        return export_to(tab, Path(path), pdf, start, finish, zoom, width if fit else None)
    except (UserError, OSError) as error:
        QMessageBox.warning(tab, "Export Gantt chart", f"The export failed: {error}")
        return []


def start_pdf_export(
    tab: GanttTab, project_id: int, path: Path, start: date, finish: date, zoom: str, fit: bool
) -> Operation[list[Path]]:
    """Gather the chart's data and write the PDF in a worker thread (ui/operations.py)."""
    workspace = tab.context.workspace

    def write(progress: Progress) -> list[Path]:
        progress.step("Reading the plan…")
        data = gantt_pdf_data(workspace, project_id)
        progress.step("Writing the PDF…")
        try:
            write_gantt_pdf(data, path, fit, start, finish, zoom)
        except OSError as error:
            raise UserError(f"Cannot write {path}: {error.strerror or error}") from error
        return [path]

    return Operation(
        tab,
        write,
        title="Export Gantt chart",
        label="Reading the plan…",
        failure=lambda error: QMessageBox.warning(
            tab, "Export Gantt chart", f"The export failed: {error}"
        ),
    ).run()


def gantt_pdf_data(workspace: Workspace, project_id: int) -> GanttData:
    from infradesk.services.plan.view import gantt_data

    return gantt_data(workspace, project_id)


def write_gantt_pdf(
    data: GanttData, path: Path, fit: bool, start: date, finish: date, zoom: str
) -> None:
    from infradesk.report.gantt_export import export_gantt_pdf

    export_gantt_pdf(
        data,
        path,
        fit="width" if fit else "tile",
        start=start,
        finish=finish,
        zoom=zoom if zoom in ("day", "week", "month") else "week",
    )


def export_to(
    tab: GanttTab,
    path: Path,
    pdf: bool,
    start: date,
    finish: date,
    zoom: str = "week",
    fit_width: int | None = 2400,
) -> list[Path]:
    """Write the chart of ``tab``'s project: PDF through the report, PNG from the painter."""
    if pdf:
        project_id = tab.model.outline.project_id
        if project_id is None:
            raise UserError("Open a project first.")
        data = gantt_pdf_data(tab.context.workspace, project_id)
        write_gantt_pdf(data, path, bool(fit_width), start, finish, zoom)
        return [path]
    return export_png(tab.painter, path, start, finish, zoom, fit_width)
