"""The resource sheet: every resource of the workspace in one editable table, as in MS
Project's Resource Sheet.

Cells are typed into (Enter saves and moves down); the type, vendor and calendar are chosen
from lists. Insert adds a resource and Delete removes the selected ones after saying how many
task assignments go with them. A refused value keeps what was typed and says why under the
cell. Every edit is one undoable command of :mod:`infradesk.services.resources.commands`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from infradesk.errors import UserError
from infradesk.services.commands import Command
from infradesk.services.resources.commands import AddResource, DeleteResources, EditResourceField
from infradesk.services.resources.view import deletion_view, sheet_view
from infradesk.ui import theme
from infradesk.ui.context import AppContext
from infradesk.ui.record_model_base import ID_ROLE
from infradesk.ui.resources.columns import SHEET_COLUMNS, SheetModel, sheet_row
from infradesk.ui.resources.delegate import resource_table
from infradesk.ui.row_actions import RowActions, ask_to_delete
from infradesk.ui.table_keys import current_column


def deletion_question(resources: int, assignments: int, tasks: int, name: str = "") -> str:
    """"Delete …?" with what goes along: the confirmation of a resource delete."""
    what = f"the resource '{name}'" if resources == 1 and name else (
        "the selected resource" if resources == 1 else f"the {resources} selected resources"
    )
    if not assignments:
        return f"Delete {what}? It is assigned to no task."
    plural = "s" if assignments != 1 else ""
    on = f"{tasks} task{'s' if tasks != 1 else ''}"
    return f"Delete {what} and {assignments} assignment{plural} on {on}?"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' if number != 1 else ''}"


class SheetRowActions(RowActions):
    """Insert and Delete of the sheet; Delete's question counts the assignments that go."""

    def __init__(self, sheet: ResourceSheet) -> None:
        self.sheet = sheet
        super().__init__(
            sheet.table,
            "resource",
            sheet.add_resource,
            sheet.selected_ids,
            sheet.delete_resources,
            insert_text="&Add resource",
        )

    def ask_delete(self) -> None:
        ids = list(self._selected())
        if not ids or self.editing():
            return
        resources, assignments, tasks = deletion_view(self.sheet.context.workspace, set(ids))
        names = self.sheet.names_of(ids)
        question = deletion_question(resources, assignments, tasks, names[0] if names else "")
        ask_to_delete(self.table, question, lambda: self._delete(ids))


class ResourceSheet(QWidget):
    """Toolbar (add, delete, leave, base calendars, filter), the table and a message line."""

    countsChanged = Signal()
    leaveRequested = Signal(int)  # resource id
    calendarsRequested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resourceSheet")
        self.context = context
        self.model = SheetModel(SHEET_COLUMNS, self.edit)
        self.table, self.proxy = resource_table(self.model, "resourceTable")
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.row_actions = SheetRowActions(self)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

        self.add_button = QPushButton("Add resource")
        self.add_button.setObjectName("addResource")
        self.add_button.setToolTip("Add a resource to the pool (Insert)")
        self.add_button.clicked.connect(self.add_resource)
        self.delete_button = QPushButton("Delete")
        self.delete_button.setObjectName("deleteResource")
        self.delete_button.setToolTip("Delete the selected resources (Delete)")
        self.delete_button.clicked.connect(self.row_actions.ask_delete)
        self.leave_button = QPushButton("Leave && working time…")
        self.leave_button.setObjectName("leaveButton")
        self.leave_button.setToolTip("The selected resource's leave and part-time days")
        self.leave_button.clicked.connect(self._ask_leave)
        self.calendars_button = QPushButton("Base calendars…")
        self.calendars_button.setObjectName("calendarsButton")
        self.calendars_button.setToolTip("Working weeks shared by resources and tasks")
        self.calendars_button.clicked.connect(self.calendarsRequested)
        self.search = QLineEdit()
        self.search.setObjectName("resourceSearch")
        self.search.setPlaceholderText("Filter resources…")
        self.search.setClearButtonEnabled(True)
        self.search.setMaximumWidth(260)
        self.search.textChanged.connect(self._filter)
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        for widget in (
            self.add_button,
            self.delete_button,
            self.leave_button,
            self.calendars_button,
        ):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.search)

        self.error_label = QLabel()
        self.error_label.setObjectName("errorLabel")
        theme.text_color(self.error_label, lambda t: t.bad, "font-weight: 600;")
        self.error_label.setVisible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 4)
        layout.setSpacing(4)
        layout.addLayout(bar)
        layout.addWidget(self.error_label)
        layout.addWidget(self.table, 1)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection())
        self.table.doubleClicked.connect(self._double_clicked)
        self._selection()

    # ------------------------------------------------------------------ reading
    def reload(self) -> None:
        view = sheet_view(self.context.workspace)
        selected = self.selected_ids()
        column = current_column(self.table)
        self.model.ref_choices = {"vendor_id": view.vendors, "calendar_id": view.calendars}
        self.model.set_rows([sheet_row(r, view.assignments.get(r.id, 0)) for r in view.rows])
        if selected:
            self.select_resource(selected[0], column)
        self._selection()

    def counts_text(self) -> str:
        rows = self.model.rows
        parts = [_count(len(rows), "resource")]
        kinds = (("work", "people and crews"), ("material", "material"), ("cost", "cost"))
        for kind, noun in kinds:
            number = sum(1 for r in rows if r["kind"] == kind)
            if number:
                parts.append(f"{number} {noun}" if kind == "work" else _count(number, noun))
        shown = self.proxy.rowCount()
        if shown != len(rows):
            parts.append(f"{shown} shown")
        selected = self.selected_ids()
        if len(selected) > 1:
            parts.append(f"{len(selected)} selected")
        return " · ".join(parts)

    def selected_ids(self) -> list[int]:
        rows = self.table.selectionModel().selectedRows()
        return sorted({int(index.data(ID_ROLE)) for index in rows})

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid():
            selected = self.selected_ids()
            return selected[0] if selected else None
        value = index.siblingAtColumn(0).data(ID_ROLE)
        return int(value) if value is not None else None

    def names_of(self, ids: Sequence[int]) -> list[str]:
        wanted = set(ids)
        return [str(r["name"]) for r in self.model.rows if r["id"] in wanted]

    def select_resource(self, resource_id: int, column: int = 0) -> bool:
        source_row = self.model.row_of(resource_id)
        if source_row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(source_row, column))
        if not index.isValid():  # hidden by the filter
            self.search.clear()
            index = self.proxy.mapFromSource(self.model.index(source_row, column))
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        return True

    def _selection(self) -> None:
        has = bool(self.selected_ids())
        self.delete_button.setEnabled(has)
        self.leave_button.setEnabled(self.current_id() is not None)
        self.countsChanged.emit()

    def _filter(self, text: str) -> None:
        self.proxy.set_text(text)
        self.countsChanged.emit()

    # ------------------------------------------------------------------ edits
    def run(self, command: Command) -> str | None:
        """Execute through the undo stack; the refusal's message, or None when it was done."""
        try:
            self.context.execute(command)
        except UserError as error:
            self.show_error(str(error))
            return str(error)
        self.show_error("")
        return None

    def show_error(self, text: str) -> None:
        self.error_label.setText(f"⚠ {text}" if text else "")
        self.error_label.setVisible(bool(text))

    def edit(self, record_id: int, field: str, value: Any) -> str | None:
        try:
            command = EditResourceField(record_id, field, value)
        except UserError as error:
            return str(error)
        return self.run(command)

    def add_resource(self) -> None:
        command = AddResource()
        if self.run(command) is None and command.resource_id is not None:
            self.reload()  # the new row now, not when the notice arrives
            resource_id = command.resource_id
            # after the tab's own reload for the notice (queued before this), so that no
            # reset closes the name's editor under the user's typing
            QTimer.singleShot(0, self, lambda: self._edit_name(resource_id))

    def _edit_name(self, resource_id: int) -> None:
        if self.select_resource(resource_id):
            self.table.edit(self.table.currentIndex().siblingAtColumn(0))

    def delete_resources(self, ids: list[int]) -> None:
        if ids:
            self.run(DeleteResources(ids, self.names_of(ids)))

    def _ask_leave(self) -> None:
        resource_id = self.current_id()
        if resource_id is not None:
            self.leaveRequested.emit(resource_id)

    def _double_clicked(self, index: Any) -> None:
        if not index.flags() & Qt.ItemFlag.ItemIsEditable:
            self._ask_leave()
