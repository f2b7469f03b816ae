"""The History panel: who changed the selected task, risk or vendor, and when.

A dock beside the tabs (View > History, Ctrl+Shift+H). It follows the selection of the shown
tab (the Gantt's task, the Risks tab's record, the Vendors tab's vendor) and reads the
record's audit entries again after every change notice (an edit, an undo, another client's
commit), each line the local time, the user and what was done. "Export…" writes the shown
record's history; File > Export > Audit history… writes the whole project's
(:mod:`infradesk.services.audit`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from infradesk.errors import UserError
from infradesk.progress import Progress
from infradesk.services import audit
from infradesk.services.audit import HistoryEntry
from infradesk.ui.operations import Operation, run_in_background

if TYPE_CHECKING:
    from infradesk.ui.main_window import MainWindow

SHORTCUT = "Ctrl+Shift+H"
COLUMNS = ("Time", "User", "What", "Rows")
EXPORT_FILTER = "Excel workbook (*.xlsx);;CSV, comma-separated (*.csv)"
TIME_FORMAT = "%Y-%m-%d %H:%M"
PANEL_WIDTH = 460  # wide enough for the four columns beside the Gantt
NOTHING_SELECTED = "Select a task, risk or vendor to see who changed it and when."


@dataclass(frozen=True)
class Record:
    """The record the panel shows: its table (the audit's name), id and how it is named."""

    table: str
    row_id: int
    label: str


def selected_record(window: MainWindow) -> Record | None:
    """The record selected in the shown tab: the Gantt's current task, the Risks tab's
    current record (risk, issue, change...), the Vendors tab's vendor; None for others."""
    tab = window.tabs.currentWidget()
    if tab is window.gantt_tab:
        ids = window.gantt_tab.selected_task_ids()
        outline = window.gantt_tab.model.outline
        if not ids or ids[0] not in outline.row_of:
            return None
        row = outline.row_of[ids[0]]
        return Record("task", ids[0], f"Task {outline.wbs[row]} {outline.name[row]}")
    if tab is window.risks_tab:
        view: Any = window.risks_tab.sub_tabs.currentWidget()
        current = view.current_row() if view is not None else None
        if current is None:
            return None
        entity = view.entity
        code = getattr(current, "code", "") or f"#{current.id}"
        title = getattr(current, "title", "")
        label = f"{entity.singular} {code}" + (f" {title}" if title else "")
        return Record(entity.model.__tablename__, int(current.id), label)
    if tab is window.vendors_tab:
        vendor_id = window.vendors_tab.selected_vendor_id()
        if vendor_id is None:
            return None
        detail = window.vendors_tab.detail.detail
        name = detail.vendor.get("name", "") if detail is not None else ""
        return Record("vendor", vendor_id, f"Vendor {name}".strip())
    return None


def time_text(entry: HistoryEntry) -> str:
    """An entry's local time as the panel shows it."""
    return entry.at.strftime(TIME_FORMAT)


def _file_name(text: str) -> str:
    """``text`` made safe as a file name."""
    kept = "".join(c if c.isalnum() or c in " -_." else " " for c in text)
    return " ".join(kept.split()) or "history"


def ask_export_path(parent: QWidget, title: str, suggested: str) -> Path | None:
    """The standard save dialog for a history export (.xlsx or .csv); None when cancelled.
    A name without a suffix gets the chosen filter's."""
    path, chosen = QFileDialog.getSaveFileName(
        parent, title, str(Path.home() / f"{_file_name(suggested)}.xlsx"), EXPORT_FILTER
    )
    if not path:
        return None
    target = Path(path)
    if not target.suffix:
        target = target.with_suffix(".csv" if "csv" in chosen.lower() else ".xlsx")
    return target


class _Body(QWidget):
    """The dock's contents; its width hint is the dock's width when first shown."""

    def sizeHint(self) -> QSize:
        return QSize(PANEL_WIDTH, super().sizeHint().height())


class HistoryPanel(QDockWidget):
    """The dock: the record's name, its entries newest first and Export…."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__("History", window)
        self.setObjectName("historyDock")
        self.window_ = window
        self.context = window.context
        self.record: Record | None = None
        self.entries: list[HistoryEntry] = []
        self.refreshes = 0  # how many times the entries were read (for tests)
        self.export_action: QAction | None = None  # File > Export > Audit history…
        self._pending = False
        self._sized = False  # given its width the first time it was shown

        self.title = QLabel(NOTHING_SELECTED)
        self.title.setObjectName("historyTitle")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setStyleSheet("font-weight: 600;")
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("historyTable")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        tips = (
            "Local time of the change",
            "Who made it (their name in Settings, or their login)",
            "The command: an undo or redo says so",
            "Rows written: the records the change wrote (tasks the scheduler only moved are"
            " not counted)",
        )
        for column, tip in enumerate(tips):
            item = QTableWidgetItem(COLUMNS[column])
            item.setToolTip(tip)
            self.table.setHorizontalHeaderItem(column, item)
        self.export_button = QPushButton("Export…")
        self.export_button.setObjectName("historyExport")
        self.export_button.setToolTip("Save this record's history as an Excel workbook or CSV")
        self.export_button.clicked.connect(self.export)
        self.count_label = QLabel()
        self.count_label.setObjectName("historyCount")

        body = _Body()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(self.count_label, 1)
        row.addWidget(self.export_button)
        layout.addLayout(row)
        self.setWidget(body)
        self.setMinimumWidth(320)

        action = self.toggleViewAction()
        action.setText("&History")
        action.setShortcut(QKeySequence(SHORTCUT))
        action.setStatusTip("Who changed the selected task, risk or vendor, and when")
        self.toggle_action: QAction = action

        self._follow(window)
        self.visibilityChanged.connect(self._visibility_changed)
        self._show()

    # ------------------------------------------------------------------ following
    def _follow(self, window: MainWindow) -> None:
        """Refresh when the shown tab, its selection or the data changes."""
        context = self.context
        context.changed.connect(lambda _changes: self.refresh())
        context.projectChanged.connect(lambda _id: self.refresh())
        context.workspaceChanged.connect(self.refresh)
        window.tabs.currentChanged.connect(lambda _index: self.refresh())
        window.gantt_tab.table.selectionModel().selectionChanged.connect(lambda *_: self.refresh())
        window.gantt_tab.table.selectionModel().currentChanged.connect(lambda *_: self.refresh())
        window.gantt_tab.model.modelReset.connect(self.refresh)
        window.risks_tab.sub_tabs.currentChanged.connect(lambda _index: self.refresh())
        for _title, view in window.risks_tab.views:
            view.selectionChangedTo.connect(lambda _row: self.refresh())
        window.vendors_tab.vendors.table.selectionModel().currentRowChanged.connect(
            lambda *_: self.refresh()
        )

    def _visibility_changed(self, visible: bool) -> None:
        if not visible:
            return
        if not self._sized and not self.isFloating() and self.width() < PANEL_WIDTH:
            # the first time it opens: wide enough for its columns (later, as left)
            self.window_.resizeDocks([self], [PANEL_WIDTH], Qt.Orientation.Horizontal)
        self._sized = True
        self.refresh()

    def refresh(self) -> None:
        """Read the selected record's history soon (several notices in a row: once)."""
        if not self._pending:
            self._pending = True
            QTimer.singleShot(0, self, self._refresh_now)

    def _refresh_now(self) -> None:
        self._pending = False
        if self.isVisible():
            self.reload()

    def reload(self) -> None:
        """Read the selected record's entries now (even while hidden)."""
        record = selected_record(self.window_)
        entries: list[HistoryEntry] = []
        if record is not None:
            try:
                entries = audit.history(self.context.workspace, record.table, record.row_id)
            except UserError as error:  # the workspace became unreachable
                self.record, self.entries = record, []
                self.title.setText(f"{record.label}\n{error}")
                self.table.setRowCount(0)
                return
        self.record, self.entries = record, entries
        self.refreshes += 1
        self._show()

    def _show(self) -> None:
        record, entries = self.record, self.entries
        self.title.setText(record.label if record is not None else NOTHING_SELECTED)
        self.table.setRowCount(len(entries))
        for number, entry in enumerate(entries):
            cells = (time_text(entry), entry.user_name, entry.what, str(entry.rows_touched))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 0:
                    item.setToolTip(f"{entry.at:%A %d %B %Y, %H:%M:%S} (local time)")
                if column == 3:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if column == 2 and entry.rows_rescheduled:
                    item.setToolTip(
                        f"{entry.what}: {entry.rows_touched} written, "
                        f"{entry.rows_rescheduled} moved by the scheduler"
                    )
                self.table.setItem(number, column, item)
        if record is None:
            self.count_label.setText("")
        elif not entries:
            self.count_label.setText("No recorded changes")
        else:
            self.count_label.setText(f"{len(entries)} change{'s' if len(entries) != 1 else ''}")
        self.export_button.setEnabled(bool(entries))

    def rows(self) -> list[tuple[str, ...]]:
        """What the table shows, row by row (for tests and the screenshot check)."""
        shown = []
        for r in range(self.table.rowCount()):
            items = [self.table.item(r, c) for c in range(len(COLUMNS))]
            shown.append(tuple(item.text() if item is not None else "" for item in items))
        return shown

    # ------------------------------------------------------------------ export
    def export(self) -> Path | None:
        """Export… : the shown record's history to a file the user chooses."""
        if self.record is None or not self.entries:
            return None
        target = ask_export_path(self, "Export History", f"{self.record.label} history")
        return self.export_to(target) if target is not None else None

    def export_to(self, target: Path) -> Path | None:
        """Write the shown entries to ``target`` (.xlsx or .csv); a failure is shown."""
        try:
            written = audit.export_history(self.entries, target)
        except UserError as error:
            QMessageBox.warning(self, "Export History", str(error))
            return None
        self.window_.statusBar().showMessage(f"History exported to {written}", 8000)
        return written


def export_project_history(
    window: MainWindow, target: Path | None = None
) -> Operation[Path] | None:
    """File > Export > Audit history…: every change of the current project (of the whole
    workspace when none is open) to an .xlsx or .csv file, written off the GUI thread; an
    error is shown as a message. ``target`` skips the file dialog."""
    context = window.context
    project_id = context.project_id
    name = window.current_project_name() or context.workspace.title
    if target is None:
        target = ask_export_path(window, "Export Audit History", f"{name} audit history")
        if target is None:
            return None
    workspace = context.workspace

    def work(_progress: Progress) -> Path:
        return audit.export_history(audit.project_history(workspace, project_id), target)

    return run_in_background(
        window,
        work,
        title="Export Audit History",
        label="Writing the audit history…",
        success=lambda path: window.statusBar().showMessage(
            f"Audit history exported to {path}", 8000
        ),
    )


def install_history(window: MainWindow) -> HistoryPanel:
    """The History dock (hidden at first, on the right), View > History and File > Export >
    Audit history…."""
    panel = HistoryPanel(window)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, panel)
    window.view_menu.addSeparator()
    window.view_menu.addAction(panel.toggle_action)
    export = QAction("&Audit history…", window)
    export.setObjectName("exportAuditHistory")
    export.setStatusTip("Every change of the project: who, when, what (Excel or CSV)")
    export.triggered.connect(lambda: export_project_history(window))
    window.add_export_action(export)
    panel.export_action = export
    panel.hide()  # until the user opens it; then where they left it (the window's state
    state = window.settings.window_state()  # was restored before the dock existed)
    if state is not None:
        window.restoreState(state)
    return panel
