"""File > Export status report…: choose the options, see what will be printed, write the PDF.

The preview describes the chosen options and what the report will use (the saved status update
of the date or the data's suggestions, the overall rating, the sections); the PDF itself is
written by ``infradesk.report`` and opened in the system viewer if the user wants. Gathering
and rendering run off the GUI thread (``ui/operations.py``): a progress dialog after 300 ms,
Cancel before the PDF is written, a refusal (a bad logo, a folder we cannot write) as a
message.
"""

from __future__ import annotations

import re
from datetime import date
from io import BytesIO
from pathlib import Path

import shiboken6
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from infradesk.errors import UserError
from infradesk.progress import Progress
from infradesk.report.data import ALL_SECTIONS, SECTION_TITLES, ReportData, ReportOptions
from infradesk.report.status_report import render_status_report
from infradesk.report.thumbnail import PageImage, first_page_image
from infradesk.services.plan.project_view import project_name
from infradesk.services.preferences import PAGE_SIZES, load_preferences
from infradesk.services.status.view import default_report_date, has_saved_update, report_data
from infradesk.ui.context import AppContext
from infradesk.ui.open_file import open_exported
from infradesk.ui.operations import Operation

THUMBNAIL_WIDTH = 220  # pixels: the first page, small, beside the summary
THUMBNAIL_DELAY_MS = 250  # after the last change of an option
NEVER = 24 * 3600 * 1000  # the preview's Operation shows no progress dialog


def _to_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def default_file_name(project: str, as_of: date) -> str:
    safe = re.sub(r"[^\w\-]+", "-", project, flags=re.UNICODE).strip("-") or "project"
    return f"{safe}-status-{as_of.isoformat()}.pdf"


class ReportDialog(QDialog):
    """Options, a live preview of them, and the export."""

    def __init__(self, context: AppContext, project_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("reportDialog")
        self.setWindowTitle("Export status report")
        self.resize(760, 620)
        self.context = context
        self.project_id = project_id
        self.written: Path | None = None
        self.open_failed: QWidget | None = None  # the message when no viewer opened the PDF
        self.export_operation: Operation[Path] | None = None
        self._preview_cache: ReportData | None = None
        prefs = load_preferences()
        self.pm_name = prefs.pm_name
        as_of = default_report_date(context.workspace, project_id)

        self.date_edit = QDateEdit(QDate(as_of.year, as_of.month, as_of.day))
        self.date_edit.setObjectName("asOf")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.page_size = QComboBox()
        self.page_size.setObjectName("pageSize")
        self.page_size.addItems(PAGE_SIZES)
        self.page_size.setCurrentText(prefs.page_size)
        self.executive = QCheckBox("One-page executive variant")
        self.executive.setObjectName("executive")
        self.logo = QLineEdit()
        self.logo.setObjectName("logo")
        self.logo.setPlaceholderText("Optional PNG or JPEG for the page header")
        logo_button = QPushButton("Browse…")
        logo_button.clicked.connect(self._choose_logo)
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo, 1)
        logo_row.addWidget(logo_button)
        self.output = QLineEdit()
        self.output.setObjectName("output")
        output_button = QPushButton("Browse…")
        output_button.clicked.connect(self._choose_output)
        output_row = QHBoxLayout()
        output_row.addWidget(self.output, 1)
        output_row.addWidget(output_button)
        self.open_after = QCheckBox("Open the PDF when it is written")
        self.open_after.setObjectName("openAfter")
        self.open_after.setChecked(True)

        form = QFormLayout()
        form.addRow("Reporting date:", self.date_edit)
        form.addRow("Page size:", self.page_size)
        form.addRow("", self.executive)
        form.addRow("Logo:", logo_row)
        form.addRow("Save as:", output_row)
        form.addRow("", self.open_after)

        sections = QGroupBox("Sections")
        grid = QGridLayout(sections)
        self.section_boxes: dict[str, QCheckBox] = {}
        for index, name in enumerate(ALL_SECTIONS):
            box = QCheckBox(SECTION_TITLES[name])
            box.setObjectName(f"section_{name}")
            box.setChecked(True)
            box.toggled.connect(self.refresh_preview)
            self.section_boxes[name] = box
            grid.addWidget(box, index // 2, index % 2)

        self.preview = QTextBrowser()
        self.preview.setObjectName("preview")
        self.page = QLabel("Drawing the first page…")  # the real first page, small
        self.page.setObjectName("previewPage")
        self.page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.page.setFixedWidth(THUMBNAIL_WIDTH + 8)
        self.page.setMinimumHeight(int(THUMBNAIL_WIDTH * 1.45))
        self.page.setWordWrap(True)
        self.page.setStyleSheet("QLabel#previewPage { border: 1px solid palette(mid); }")
        self.page_image: QImage | None = None  # what the label shows (tests read it)
        self.thumbnail_operation: Operation[PageImage] | None = None
        self._thumbnail_wanted = 0  # the latest request; older results are dropped
        self._thumbnail_timer = QTimer(self)  # options change in bursts: draw once they settle
        self._thumbnail_timer.setSingleShot(True)
        self._thumbnail_timer.setInterval(THUMBNAIL_DELAY_MS)
        self._thumbnail_timer.timeout.connect(self._draw_thumbnail)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setObjectName("export")
        buttons.accepted.connect(self.export)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(sections)
        previews = QHBoxLayout()
        previews.addWidget(self.preview, 1)
        previews.addWidget(self.page)
        layout.addLayout(previews, 1)
        layout.addWidget(buttons)

        self.date_edit.dateChanged.connect(self._date_changed)
        self.page_size.currentTextChanged.connect(self.refresh_preview)
        self.executive.toggled.connect(self.refresh_preview)
        self.logo.textChanged.connect(self.refresh_preview)
        self._date_changed()

    @property
    def as_of(self) -> date:
        return _to_date(self.date_edit.date())

    def options(self) -> ReportOptions:
        return ReportOptions(
            page_size=self.page_size.currentText(),
            sections=tuple(n for n, box in self.section_boxes.items() if box.isChecked()),
            logo_path=self.logo.text().strip() or None,
            executive=self.executive.isChecked(),
        )

    def gather(self) -> ReportData:
        data = report_data(self.context.workspace, self.project_id, self.as_of, self.options())
        if not data.manager:
            data.manager = self.pm_name
        return data

    def _date_changed(self) -> None:
        name = project_name(self.context.workspace, self.project_id)
        folder = Path(self.output.text()).parent if self.output.text() else Path.home()
        self.output.setText(str(folder / default_file_name(name or "project", self.as_of)))
        self.refresh_preview()

    def refresh_preview(self) -> None:
        """Describe what the export will print with the chosen options."""
        if self._preview_cache is None or self._preview_cache.as_of != self.as_of:
            self._preview_cache = self.gather()
        data = self._preview_cache
        options = self.options()
        saved = has_saved_update(self.context.workspace, self.project_id, self.as_of)
        source = (
            "the status update saved for this date"
            if saved
            else "no status update saved for this date: the ratings suggested by the data "
            "(use Project › Status update… to review them first)"
        )
        chosen = [SECTION_TITLES[s] for s in options.sections]
        parts = [
            f"<h3>{_html(data.project)} — "
            f"{'executive summary (one page)' if options.executive else 'weekly status report'}"
            "</h3>",
            f"<p>As of <b>{data.as_of:%d %b %Y}</b>, reporting period {data.period_start:%d %b} – "
            f"{data.period_end:%d %b %Y}; page size <b>{options.page_size}</b>"
            f"{'; with logo' if options.logo_path else ''}.</p>",
            f"<p>Ratings: {_html(source)}.</p>",
            "<p>Overall <b>"
            + data.overall.rag.label
            + "</b>; "
            + ", ".join(f"{r.dimension} {r.rag.label}" for r in data.dimensions)
            + ".</p>",
            f"<p>{len(data.milestones)} milestones, {len(data.done)} tasks done this period, "
            f"{len(data.planned)} planned next, {data.open_risk_count} open risks"
            + (
                f" (threat exposure {data.exposure.threat_emv:,.0f} {data.currency})"
                if data.exposure is not None and data.open_risk_count
                else ""
            )
            + ".</p>",
            f"<p>{len(data.deliveries)} deliveries late or due within {data.due_days} days, "
            f"{len(data.notices)} notice deadlines within {data.notice_days} days.</p>",
            "<p>Sections: " + (_html(", ".join(chosen)) or "none (header only)") + ".</p>",
        ]
        if data.changes.previous_as_of:
            parts.append(
                f"<p>Trends against the update of {data.changes.previous_as_of:%d %b %Y}.</p>"
            )
        self.preview.setHtml("".join(parts))
        self._thumbnail_wanted += 1
        self._thumbnail_timer.start()

    def _draw_thumbnail(self) -> None:
        """Render the report with the current options and draw its first page, off the GUI
        thread (100-500 ms); no progress dialog, a newer request makes this one's result moot."""
        if self.thumbnail_operation is not None:  # one at a time: retried when it ends
            return
        data, options, wanted = self._preview_cache, self.options(), self._thumbnail_wanted
        assert data is not None  # refresh_preview gathered it

        def draw(_progress: Progress) -> PageImage:
            pdf = BytesIO()
            render_status_report(data, pdf, options)
            return first_page_image(pdf.getvalue(), THUMBNAIL_WIDTH)

        self.thumbnail_operation = Operation(
            self,
            draw,
            title="Preview",
            success=lambda image: self._thumbnail_done(wanted, image),
            failure=lambda error: self._thumbnail_done(wanted, None, str(error)),
            cancelled=lambda: self._thumbnail_done(wanted, None, ""),
            show_after_ms=NEVER,
        ).run()

    def _thumbnail_done(self, wanted: int, image: PageImage | None, error: str = "") -> None:
        if not shiboken6.isValid(self):  # the dialog closed while the page was drawn
            return
        self.thumbnail_operation = None
        if wanted != self._thumbnail_wanted:  # the options changed meanwhile: draw again
            self._thumbnail_timer.start()
            return
        if image is None:
            self.page_image = None
            self.page.setText(f"No preview: {error}" if error else "")
            return
        qimage = QImage(
            image.pixels, image.width, image.height, image.stride, QImage.Format.Format_RGBX8888
        ).copy()  # owns its pixels: the bytes object may go
        self.page_image = qimage
        self.page.setPixmap(QPixmap.fromImage(qimage))
        self.page.setToolTip("The first page of the report, as it will be written")

    def _choose_logo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Logo", str(Path.home()), "Images (*.png *.jpg *.jpeg)"
        )
        if path:
            self.logo.setText(path)

    def _choose_output(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Save report as", self.output.text(), "PDF (*.pdf)"
        )
        if path:
            self.output.setText(path if path.lower().endswith(".pdf") else path + ".pdf")

    def export(self) -> None:
        target = Path(self.output.text().strip()).expanduser()
        if not target.name:
            QMessageBox.warning(self, "Export status report", "Choose where to save the PDF.")
            return
        if not target.parent.is_dir():
            QMessageBox.warning(
                self, "Export status report", f"The folder {target.parent} does not exist."
            )
            return
        workspace, project_id, pm_name = self.context.workspace, self.project_id, self.pm_name
        as_of, options = self.as_of, self.options()  # read the widgets here, not in the work

        def write(progress: Progress) -> Path:
            """Off the GUI thread: the services open their own read transaction."""
            progress.step("Gathering the report data…")
            data = report_data(workspace, project_id, as_of, options)
            if not data.manager:
                data.manager = pm_name
            progress.step("Writing the PDF…")  # the last point where Cancel stops it
            try:
                render_status_report(data, target, options)
            except OSError as error:
                raise UserError(f"Cannot write {target}: {error.strerror or error}") from error
            return target

        self.export_button.setEnabled(False)
        self.export_operation = Operation(
            self,
            write,
            title="Export status report",
            label="Gathering the report data…",
            success=self._written,
            failure=self._refused,
            cancelled=lambda: self.export_button.setEnabled(True),
        ).run()

    def _written(self, target: Path) -> None:
        self.written = target
        if self.open_after.isChecked():  # no viewer: say so, offer Show in Folder
            self.open_failed = open_exported(self.parentWidget() or self, target)
        self.accept()

    def _refused(self, error: UserError) -> None:
        self.export_button.setEnabled(True)
        QMessageBox.warning(self, "Export status report", str(error))


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
