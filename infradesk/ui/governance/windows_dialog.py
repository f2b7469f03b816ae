"""Project > Change Calendar… (Ctrl+Shift+K): the workspace's shared freeze, blackout and
maintenance windows and CAB meetings, and the current project's own, with add, edit and
delete through the undo stack (Ctrl+Z in the main window undoes them).

A refused edit (an end before the start, an unknown date) is said in the editor, which stays
open with what was typed; nothing changes.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QBrush, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from infradesk.errors import UserError
from infradesk.services.commands import Command
from infradesk.services.governance.windows import (
    AddWindow,
    DeleteWindows,
    EditWindow,
    WindowRow,
    load_windows,
)
from infradesk.services.risks.fields import WINDOW_KINDS
from infradesk.ui import theme
from infradesk.ui.context import AppContext

if TYPE_CHECKING:
    from infradesk.ui.main_window import MainWindow

SHORTCUT = "Ctrl+Shift+K"
HEADERS = ("Scope", "Name", "Kind", "Start", "End", "Services", "Notes")
KIND_TIPS = {
    "freeze": "No production change may run inside it",
    "blackout": "No change at all (a business peak, an audit)",
    "maintenance": "Changes to these services must run inside such a window",
    "cab": "A Change Advisory Board meeting: normal changes are scheduled after it",
}


def _fmt(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M")


class WindowEditor(QDialog):
    """The fields of one window. ``values()`` is what the command gets; the dialog runs
    ``submit`` on OK and stays open with its message when the edit is refused."""

    def __init__(
        self,
        title: str,
        row: WindowRow | None,
        project_name: str | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.submit: Any = None  # callable(values) -> refusal message or None
        self.name = QLineEdit(row.name if row else "")
        self.name.setObjectName("windowName")
        self.name.setPlaceholderText("Year-end freeze")
        self.kind = QComboBox()
        self.kind.setObjectName("windowKind")
        for kind in WINDOW_KINDS:
            self.kind.addItem(kind, kind)
            self.kind.setItemData(
                self.kind.count() - 1, KIND_TIPS[kind], Qt.ItemDataRole.ToolTipRole
            )
        self.kind.setCurrentIndex(max(self.kind.findData(row.kind if row else "freeze"), 0))
        self.scope = QComboBox()
        self.scope.setObjectName("windowScope")
        self.scope.addItem("Whole workspace (shared)", "shared")
        if project_name is not None:
            self.scope.addItem(f"This project only ({project_name})", "project")
        if row is not None and not row.shared:
            self.scope.setCurrentIndex(max(self.scope.findData("project"), 0))
        start = row.start if row else datetime.now().replace(minute=0, second=0, microsecond=0)
        finish = row.finish if row else start + timedelta(hours=4)
        self.start = QLineEdit(_fmt(start))
        self.start.setObjectName("windowStart")
        self.start.setPlaceholderText("YYYY-MM-DD HH:MM")
        self.finish = QLineEdit(_fmt(finish))
        self.finish.setObjectName("windowFinish")
        self.finish.setPlaceholderText("YYYY-MM-DD HH:MM")
        self.finish.setToolTip("Exclusive; a window across midnight ends on the next day")
        self.services = QLineEdit(row.services if row else "")
        self.services.setObjectName("windowServices")
        self.services.setPlaceholderText("All services")
        self.services.setToolTip("Comma list of the services it concerns; empty = all")
        self.notes = QPlainTextEdit(row.notes if row else "")
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(70)
        self.error = QLabel()
        self.error.setObjectName("windowError")
        self.error.setWordWrap(True)
        theme.text_color(self.error, lambda t: t.bad, "font-weight: 600;")
        self.error.setVisible(False)
        form = QFormLayout(self)
        form.addRow("Name", self.name)
        form.addRow("Kind", self.kind)
        form.addRow("Applies to", self.scope)
        form.addRow("Start", self.start)
        form.addRow("End", self.finish)
        form.addRow("Services", self.services)
        form.addRow("Notes", self.notes)
        form.addRow(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.setMinimumWidth(440)

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name.text(),
            "kind": self.kind.currentData(),
            "start": self.start.text(),
            "finish": self.finish.text(),
            "services": self.services.text(),
            "notes": self.notes.toPlainText(),
        }

    def shared(self) -> bool:
        return self.scope.currentData() == "shared"

    def accept(self) -> None:
        refusal = self.submit(self) if self.submit is not None else None
        if refusal:
            self.error.setText(f"⚠ {refusal}")
            self.error.setVisible(True)
            return
        super().accept()


class ChangeCalendarDialog(QDialog):
    """The shared and project windows, by start; double-click or Enter edits one."""

    def __init__(
        self, context: AppContext, project_name: str | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.project_name = project_name
        self.setObjectName("changeCalendar")
        self.setWindowTitle("Change Calendar")
        self.rows: list[WindowRow] = []
        intro = QLabel(
            "Freeze, blackout and maintenance windows and CAB meetings. Shared windows apply "
            "to every project of the workspace"
            + (f"; the project's own apply to {project_name} only." if project_name else ".")
            + " Changes and production-change tasks are checked against them."
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("windowTable")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((80, 180, 90, 120, 120, 140)):
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(lambda _index: self.edit_window())
        self.error = QLabel()
        self.error.setObjectName("calendarError")
        theme.text_color(self.error, lambda t: t.bad, "font-weight: 600;")
        self.error.setVisible(False)
        self.add_button = QPushButton("Add…")
        self.add_button.setObjectName("addWindow")
        self.add_button.setToolTip("Add a window (Insert)")
        self.add_button.clicked.connect(lambda: self.add_window())
        self.edit_button = QPushButton("Edit…")
        self.edit_button.setToolTip("Edit the selected window (Enter)")
        self.edit_button.clicked.connect(lambda: self.edit_window())
        self.delete_button = QPushButton("Delete")
        self.delete_button.setToolTip("Delete the selected windows (Delete)")
        self.delete_button.clicked.connect(lambda: self.delete_windows())
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        tools = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button):
            tools.addWidget(button)
        tools.addStretch(1)
        tools.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addLayout(tools)
        QShortcut(QKeySequence("Insert"), self, lambda: self.add_window())
        QShortcut(QKeySequence("Delete"), self.table, lambda: self.delete_windows())
        QShortcut(QKeySequence("Return"), self.table, lambda: self.edit_window())
        context.dataChanged.connect(self._on_data_changed)
        self.resize(860, 420)
        self.reload()

    # ------------------------------------------------------------------ data
    def reload(self) -> None:
        selected = set(self.selected_ids())
        self.rows = load_windows(self.context.workspace, self.context.project_id)
        colors = theme.current()
        self.table.setRowCount(len(self.rows))
        for number, row in enumerate(self.rows):
            cells = (
                "Shared" if row.shared else "Project",
                row.name,
                row.kind,
                _fmt(row.start),
                _fmt(row.finish),
                row.services or "all",
                row.notes.replace("\n", " "),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, row.id)
                if row.kind in ("freeze", "blackout"):
                    item.setBackground(QBrush(colors.bad_tint))
                if column == 2:
                    item.setToolTip(KIND_TIPS.get(row.kind, ""))
                self.table.setItem(number, column, item)
            if row.id in selected:
                self.table.selectRow(number)

    def _on_data_changed(self, kinds: frozenset[str], _project: object) -> None:
        if "tasks" in kinds or "projects" in kinds:
            self.reload()

    def selected_ids(self) -> list[int]:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        return [self.rows[r].id for r in sorted(rows) if r < len(self.rows)]

    def _current(self) -> WindowRow | None:
        ids = self.selected_ids()
        row = self.table.currentRow()
        if not ids and 0 <= row < len(self.rows):
            return self.rows[row]
        return next((r for r in self.rows if ids and r.id == ids[0]), None)

    def run(self, command: Command) -> str | None:
        """Execute through the undo stack; a refusal is returned (and nothing changes)."""
        try:
            self.context.execute(command)
        except UserError as error:
            return str(error)
        return None

    def _show(self, text: str | None) -> None:
        self.error.setText(f"⚠ {text}" if text else "")
        self.error.setVisible(bool(text))

    # ------------------------------------------------------------------ edits
    def editor(self, title: str, row: WindowRow | None) -> WindowEditor:
        return WindowEditor(title, row, self.project_name, self)

    def add_window(self, editor: WindowEditor | None = None) -> None:
        editor = editor or self.editor("New change window", None)
        project_id = self.context.project_id

        def submit(dialog: WindowEditor) -> str | None:
            owner = None if dialog.shared() else project_id
            return self.run(AddWindow({**dialog.values(), "project_id": owner}, project_id))

        editor.submit = submit
        editor.exec()

    def edit_window(self, editor: WindowEditor | None = None) -> None:
        row = self._current()
        if row is None:
            return
        editor = editor or self.editor(f"Edit '{row.name}'", row)
        project_id = self.context.project_id

        def submit(dialog: WindowEditor) -> str | None:
            values = dialog.values()
            values["project_id"] = None if dialog.shared() else (row.project_id or project_id)
            before = {
                "name": row.name,
                "kind": row.kind,
                "start": _fmt(row.start),
                "finish": _fmt(row.finish),
                "services": row.services,
                "notes": row.notes,
                "project_id": row.project_id,
            }
            changed = {k: v for k, v in values.items() if v != before[k]}
            if not changed:
                return None
            return self.run(EditWindow(row.id, changed, project_id))

        editor.submit = submit
        editor.exec()

    def delete_windows(self, confirm: bool = True) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        if confirm:
            names = ", ".join(f"'{r.name}'" for r in self.rows if r.id in ids)
            answer = QMessageBox.question(
                self,
                "Delete change windows",
                f"Delete {names}? Edit > Undo (Ctrl+Z) brings them back.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self._show(self.run(DeleteWindows(set(ids), self.context.project_id)))


def install_change_calendar(window: MainWindow) -> QAction:
    """Project > Change Calendar… (Ctrl+Shift+K), after Base Calendars…"""
    action = QAction("C&hange Calendar…", window)
    action.setObjectName("changeCalendarAction")
    action.setShortcut(QKeySequence(SHORTCUT))
    action.setStatusTip("Shared and project freeze, blackout and maintenance windows, CAB dates")

    def show() -> None:
        project_name = window.current_project_name() if window.context.project_id else None
        dialog = ChangeCalendarDialog(window.context, project_name, window)
        window.change_calendar_dialog = dialog
        dialog.exec()

    action.triggered.connect(show)
    actions = window.project_menu.actions()
    after = actions.index(window.base_calendars_action) + 1
    if after < len(actions):
        window.project_menu.insertAction(actions[after], action)
    else:
        window.project_menu.addAction(action)
    return action
