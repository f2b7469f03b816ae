"""Base Calendars: the workspace's named working weeks ("24 Hours", "Part time Mon-Wed")
that resources and tasks can follow instead of their project's calendar.

The table is edited in place like the sheet (name, working days typed as ``Mon-Fri``, hours
as ``08:00-12:00,13:00-17:00``); "24 Hours" is built in and read-only. Deleting a calendar
that resources or tasks use says so first: they go back to their project's calendar (undo
brings the calendar and its users back). Every change is one command, done at once.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from infradesk.errors import UserError
from infradesk.services.commands import Command
from infradesk.services.resources.commands import (
    AddBaseCalendar,
    DeleteBaseCalendar,
    EditBaseCalendar,
)
from infradesk.services.resources.fields import weekdays_label
from infradesk.services.resources.pool import CalendarRow
from infradesk.services.resources.view import calendars_view
from infradesk.ui import theme
from infradesk.ui.context import AppContext
from infradesk.ui.record_model_base import ID_ROLE, Index
from infradesk.ui.resources.delegate import resource_table
from infradesk.ui.row_actions import RowActions, ask_to_delete
from infradesk.ui.vendors.record_model import Column, RecordTableModel

CALENDAR_COLUMNS = [
    Column("name", "Calendar", "name", width=170),
    Column("working_weekdays", "Working days", "working_weekdays", width=120, tip="Mon-Fri"),
    Column("working_hours", "Hours", "working_hours", width=190, tip="08:00-12:00,13:00-17:00"),
    Column("resources", "Resources", kind="int", width=76),
    Column("tasks", "Tasks", kind="int", width=60),
]


class CalendarModel(RecordTableModel):
    """The calendars; the built-in one is shown but cannot be edited."""

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        cell = self.cell(index)
        if cell is not None and cell[0].get("built_in"):
            flags &= ~Qt.ItemFlag.ItemIsEditable
        return flags


def calendar_row(row: CalendarRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "working_weekdays": weekdays_label(row.working_weekdays),
        "working_hours": row.working_hours,
        "resources": row.resources or None,
        "tasks": row.tasks or None,
        "built_in": row.built_in,
        "muted": row.built_in,
    }


class BaseCalendarsDialog(QDialog):
    """The base calendars as an editable table with Add and Delete."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("baseCalendarsDialog")
        self.setWindowTitle("Base Calendars")
        self.context = context
        self.model = CalendarModel(CALENDAR_COLUMNS, self.edit)
        self.table, self.proxy = resource_table(self.model, "calendarTable")
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # built in first, by name
        self.row_actions = CalendarRowActions(self)
        self.add_button = QPushButton("Add calendar")
        self.add_button.setObjectName("addCalendar")
        self.add_button.clicked.connect(self.add)
        self.delete_button = QPushButton("Delete")
        self.delete_button.setObjectName("deleteCalendar")
        self.delete_button.clicked.connect(self.row_actions.ask_delete)
        bar = QHBoxLayout()
        bar.addWidget(self.add_button)
        bar.addWidget(self.delete_button)
        bar.addStretch(1)
        self.error_label = QLabel()
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        theme.text_color(self.error_label, lambda t: t.bad, "font-weight: 600;")
        self.error_label.hide()
        hint = QLabel(
            "Resources and tasks follow their project's calendar unless given one of these. "
            "Type working days as Mon-Fri or Mon,Tue,Wed and hours as 08:00-12:00,13:00-17:00."
        )
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.resize(680, 360)
        self.model.editRefused.connect(self.show_error)
        self.context.changed.connect(self._on_changed)  # an undo shows here too
        self.reload()

    def _on_changed(self, changes: Any) -> None:
        """Reload after the edit's cell editor closed (a reset under it loses it)."""
        if changes.touches("resources", "tasks", "projects"):
            QTimer.singleShot(0, self, self.reload)

    def reload(self) -> None:
        selected = self.selected_ids()
        self.model.set_rows([calendar_row(r) for r in calendars_view(self.context.workspace)])
        if selected:
            self.select(selected[0])

    def selected_ids(self) -> list[int]:
        rows = self.table.selectionModel().selectedRows()
        return sorted({int(index.data(ID_ROLE)) for index in rows})

    def select(self, calendar_id: int) -> None:
        row = self.model.row_of(calendar_id)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )

    def show_error(self, text: str) -> None:
        self.error_label.setText(f"⚠ {text}" if text else "")
        self.error_label.setVisible(bool(text))

    def run(self, command: Command) -> str | None:
        try:
            self.context.execute(command)
        except UserError as error:
            self.show_error(str(error))
            return str(error)
        self.show_error("")
        return None

    def edit(self, record_id: int, field: str, value: Any) -> str | None:
        try:
            command = EditBaseCalendar(record_id, field, value)
        except UserError as error:
            return str(error)
        return self.run(command)

    def add(self) -> None:
        command = AddBaseCalendar()
        if self.run(command) is None and command.calendar_id is not None:
            calendar_id = command.calendar_id
            # after the reload for the notice (queued before this): no reset under the editor
            QTimer.singleShot(0, self, lambda: self._edit_name(calendar_id))

    def _edit_name(self, calendar_id: int) -> None:
        self.reload()
        self.select(calendar_id)
        self.table.edit(self.table.currentIndex().siblingAtColumn(0))

    def delete(self, ids: list[int]) -> None:
        for calendar_id in ids:
            row = self.model.rows[self.model.row_of(calendar_id)]
            if self.run(DeleteBaseCalendar(calendar_id, str(row["name"]))) is not None:
                return



class CalendarRowActions(RowActions):
    """Delete of a calendar in use says who goes back to the project calendar."""

    def __init__(self, dialog: BaseCalendarsDialog) -> None:
        self.dialog = dialog
        super().__init__(
            dialog.table, "base calendar", dialog.add, dialog.selected_ids, dialog.delete
        )

    def ask_delete(self) -> None:
        ids = list(self._selected())
        if not ids or self.editing():
            return
        self.dialog.reload()  # who uses them now, not when the table was last read
        rows = [self.dialog.model.rows[n] for n in map(self.dialog.model.row_of, ids) if n >= 0]
        if not rows:
            return
        if any(r["built_in"] for r in rows):
            self.dialog.show_error("'24 Hours' is built in and cannot be deleted.")
            return
        resources = sum(int(r["resources"] or 0) for r in rows)
        tasks = sum(int(r["tasks"] or 0) for r in rows)
        names = ", ".join(f"'{r['name']}'" for r in rows)
        question = f"Delete the base calendar {names}?"
        if resources or tasks:
            question = (
                f"{names} is used by {resources} resource(s) and {tasks} task(s); they will "
                "follow their project's calendar again. Delete it?"
            )
        ask_to_delete(self.table, question, lambda: self._delete(ids))
