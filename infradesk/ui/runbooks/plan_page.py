"""The Plan page: the runbook's steps in one editable table, with its warnings above.

Every typed cell is one undoable :class:`UpdateStep`; a refused value keeps what was typed,
reopens the cell and says why under it (:mod:`infradesk.ui.keep_edit`). Insert adds a step
after the current one, Delete removes the selected ones after asking (undoable).
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from infradesk.errors import UserError
from infradesk.services.commands import Command, CompositeCommand
from infradesk.services.runbooks.commands import AddStep, DeleteSteps, UpdateStep
from infradesk.services.runbooks.rows import RunbookView
from infradesk.ui.context import AppContext
from infradesk.ui.keep_edit import KeepEditTableView
from infradesk.ui.record_model_base import ID_ROLE
from infradesk.ui.row_actions import RowActions
from infradesk.ui.runbooks.banner import notice_label, show_lines
from infradesk.ui.runbooks.plan_delegate import PlanDelegate
from infradesk.ui.runbooks.plan_model import COLUMN_OF, PLAN_COLUMNS, PlanModel
from infradesk.ui.runbooks.step_dialog import StepDetailsDialog
from infradesk.ui.runbooks.text import minutes_text
from infradesk.ui.table_keys import current_column


class PlanPage(QWidget):
    """The table of steps of the runbook shown (``show_view``)."""

    stepsChanged = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("runbookPlan")
        self.context = context
        self.runbook_id: int | None = None
        self.model = PlanModel(self.edit)
        self.table = KeepEditTableView()
        self.table.setObjectName("runbookSteps")
        self.table.setModel(self.model)
        self.delegate = PlanDelegate(self.table)
        self.table.setItemDelegate(self.delegate)
        self.model.editRefused.connect(self.table.refuse_edit)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for number, column in enumerate(PLAN_COLUMNS):
            self.table.setColumnWidth(number, column.width)
        self.row_actions = RowActions(
            self.table, "step", self.insert_step, self.selected_ids, self.delete_steps,
            insert_text="&Insert step",
        )
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

        self.insert_button = QPushButton("Insert step")
        self.insert_button.setObjectName("insertStep")
        self.insert_button.setToolTip("Add a step after the current one (Insert)")
        self.insert_button.clicked.connect(self.insert_step)
        self.delete_button = QPushButton("Delete")
        self.delete_button.setObjectName("deleteSteps")
        self.delete_button.setToolTip("Delete the selected steps (Delete)")
        self.delete_button.clicked.connect(self.row_actions.ask_delete)
        self.details_button = QPushButton("Step details…")
        self.details_button.setObjectName("stepDetails")
        self.details_button.setToolTip(
            "Decision maker and criteria of a gate, audience and message of a communication, "
            "the point of no return (Ctrl+Enter)"
        )
        self.details_button.clicked.connect(self.open_details)
        self.summary = QLabel()
        self.summary.setObjectName("planSummary")
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        for widget in (self.insert_button, self.delete_button, self.details_button):
            bar.addWidget(widget)
        bar.addSpacing(12)
        bar.addWidget(self.summary, 1)

        self.warnings = notice_label("runbookWarnings")
        self.error_label = notice_label("runbookPlanError", alert=True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 4)
        layout.setSpacing(4)
        layout.addLayout(bar)
        layout.addWidget(self.warnings)
        layout.addWidget(self.error_label)
        layout.addWidget(self.table, 1)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection())
        self.details_dialog: StepDetailsDialog | None = None
        self._selection()

    # ------------------------------------------------------------------ showing
    def show_view(self, view: RunbookView | None, pool: list[str]) -> None:
        self.runbook_id = view.summary.id if view is not None else None
        selected = self.selected_ids()
        column = current_column(self.table)
        self.delegate.pool = pool
        if view is not None:
            self.delegate.streams = list(view.summary.streams)
            self.delegate.gates = [s.code for s in view.steps if s.kind == "gate"]
        self.model.set_view(view)
        if selected and self.table.currentIndex().row() < 0:
            self.select_step(selected[0], column)
        show_lines(self.warnings, view.warnings if view is not None else ())
        self.summary.setText(summary_text(view))
        self._selection()

    def selected_ids(self) -> list[int]:
        rows = self.table.selectionModel().selectedRows()
        return [int(index.data(ID_ROLE)) for index in sorted(rows, key=lambda i: i.row())]

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        if index.isValid():
            return int(index.siblingAtColumn(0).data(ID_ROLE))
        selected = self.selected_ids()
        return selected[-1] if selected else None

    def select_step(self, step_id: int, column: int = 0) -> bool:
        index = self.model.index_of(step_id, column)
        if not index.isValid():
            return False
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        return True

    def _selection(self) -> None:
        has_runbook = self.runbook_id is not None
        self.insert_button.setEnabled(has_runbook)
        self.delete_button.setEnabled(bool(self.selected_ids()))
        self.details_button.setEnabled(self.current_id() is not None)

    # ------------------------------------------------------------------ edits
    def run(self, command: Command) -> str | None:
        """Execute through the undo stack; the refusal's message, or None when done."""
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

    def edit(self, step_id: int, field: str, value: object) -> str | None:
        return self.run(UpdateStep(step_id, field, "" if value is None else str(value)))

    def insert_step(self) -> None:
        if self.runbook_id is None:
            return
        command = AddStep(self.runbook_id, self.current_id())
        if self.run(command) is None and command.step_id is not None:
            self.stepsChanged.emit()  # the tab reloads now, so the new row is there
            step_id = command.step_id
            QTimer.singleShot(0, self, lambda: self._edit_title(step_id))

    def _edit_title(self, step_id: int) -> None:
        if self.select_step(step_id, COLUMN_OF["title"]):
            self.table.edit(self.table.currentIndex())

    def delete_steps(self, ids: list[int]) -> None:
        if ids:
            self.run(DeleteSteps(ids))

    def open_details(self) -> StepDetailsDialog | None:
        step_id = self.current_id()
        step = self.model.step_at(self.model.row_of(step_id)) if step_id is not None else None
        if step is None or self.model.view is None:
            return None
        gates = [s.code for s in self.model.view.steps if s.kind == "gate"]
        dialog = StepDetailsDialog(step, gates, self.window())
        dialog.accepted.connect(lambda: self._apply_details(dialog))
        self.details_dialog = dialog
        dialog.open()
        return dialog

    def _apply_details(self, dialog: StepDetailsDialog) -> None:
        changes = dialog.changed_fields()
        if not changes:
            return
        commands: list[Command] = [
            UpdateStep(dialog.step.id, field, text) for field, text in changes.items()
        ]
        self.run(commands[0] if len(commands) == 1 else CompositeCommand(
            f"Edit step {dialog.step.code}", commands
        ))


def summary_text(view: RunbookView | None) -> str:
    """"82 steps · 5 streams · planned 18:00 → Sun 06:40 (12h40) · Europe/Paris"."""
    if view is None:
        return ""
    summary = view.summary
    total = int((view.planned_end - view.origin).total_seconds() // 60)
    parts = [f"{len(view.steps)} step{'s' if len(view.steps) != 1 else ''}"]
    if summary.streams:
        parts.append(f"{len(summary.streams)} stream{'s' if len(summary.streams) != 1 else ''}")
    start = view.origin.strftime("%a %d %b %H:%M")
    end = view.planned_end.strftime("%a %H:%M")
    parts.append(f"planned {start} → {end} ({minutes_text(total)})")
    parts.append(summary.time_zone)
    return " · ".join(parts)
