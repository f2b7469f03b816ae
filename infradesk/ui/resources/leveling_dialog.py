"""Project > Level Resources…: show the overloads' fixes, explain, preview, accept.

The proposal runs in an :class:`~infradesk.ui.operations.Operation` (progress and Cancel);
the list shows one checkable row per proposed delay (all ticked) with its reason; while the
dialog is open the Gantt draws the proposed dates of the ticked delays (and of the tasks they
push) as ghost bars. "Accept selected" applies the ticked delays as one undoable command;
"Clear leveling" removes every leveling delay of the project (undoable too) and proposes again.
Nothing changes the plan until the user accepts.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
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
from infradesk.services.resources.leveling import (
    ApplyLeveling,
    ClearLeveling,
    LevelingPreview,
    Proposal,
    leveled_count_in,
    preview_in,
)
from infradesk.ui.context import AppContext
from infradesk.ui.operations import Operation

Ghosts = dict[int, tuple[datetime, datetime]]
COLUMNS = ("Task", "Delay", "Reason", "Float", "New dates")


class LevelingDialog(QDialog):
    """The Level Resources dialog for the context's current project."""

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        show_ghosts: Callable[[Ghosts], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.project_id = context.project_id
        self.show_ghosts = show_ghosts or (lambda _ghosts: None)
        self.preview: LevelingPreview | None = None
        self.operation: Operation[LevelingPreview] | None = None
        self.setWindowTitle("Level Resources")
        self.resize(860, 420)
        layout = QVBoxLayout(self)
        self.summary = QLabel("Looking for overloads…")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._ticks_changed)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox()
        self.accept_button = QPushButton("&Accept selected")
        self.accept_button.setToolTip("Delay the ticked tasks (one step: Edit > Undo undoes it)")
        self.accept_button.setEnabled(False)
        self.clear_button = QPushButton("C&lear leveling")
        self.clear_button.setToolTip("Remove every leveling delay of this project (undoable)")
        buttons.addButton(self.accept_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.clear_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.accept_button.clicked.connect(self.accept_selected)
        self.clear_button.clicked.connect(self.clear_leveling)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    # -- proposing

    def propose(self) -> None:
        """Run the proposal in the background (progress and Cancel after a moment)."""
        if self.project_id is None:
            self.summary.setText("Open a project first.")
            return
        project_ids = [self.project_id]
        workspace = self.context.workspace
        self.summary.setText("Looking for overloads…")
        self.accept_button.setEnabled(False)
        self.operation = Operation(
            self,
            lambda progress: preview_in(workspace, project_ids, progress),
            title="Level Resources",
            label="Looking for overloads…",
            success=self._show,
            cancelled=lambda: self.summary.setText("Cancelled: nothing was proposed."),
            failure=lambda error: self.summary.setText(str(error)),
        ).run()

    def _show(self, preview: LevelingPreview) -> None:
        self.preview = preview
        self.table.blockSignals(True)
        self.table.setRowCount(len(preview.proposals))
        for row, proposal in enumerate(preview.proposals):
            task = QTableWidgetItem(f"{proposal.wbs} {proposal.task_name}")
            task.setFlags(task.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            task.setCheckState(Qt.CheckState.Checked)
            task.setToolTip(proposal.text)
            dates = f"{proposal.start:%a %d %b} – {proposal.finish:%a %d %b}"
            slack = proposal.slack
            within = slack if slack == "beyond float" else f"within {slack}"
            cells = [task] + [
                QTableWidgetItem(text)
                for text in (proposal.delay_text, proposal.reason, within, dates)
            ]
            for column, item in enumerate(cells):
                self.table.setItem(row, column, item)
        self.table.blockSignals(False)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.summary.setText(self._summary_text(preview))
        self._ticks_changed()

    @staticmethod
    def _summary_text(preview: LevelingPreview) -> str:
        count = len(preview.proposals)
        if not count:
            text = "No overloads that a delay can fix: nothing to level."
        else:
            text = (
                f"{count} delay{'s' if count != 1 else ''} proposed. The outlined bars in "
                "the Gantt show where the tasks would go. Untick what you do not want."
            )
        if preview.unresolved:
            text += (
                f" {preview.unresolved} overloaded resource-day(s) cannot be fixed by a delay "
                "(started work, priority 1000 or must-start dates)."
            )
        return text

    # -- ticks and ghosts

    def checked(self) -> list[Proposal]:
        """The ticked proposals, in list order."""
        if self.preview is None:
            return []
        return [
            proposal
            for row, proposal in enumerate(self.preview.proposals)
            if (item := self.table.item(row, 0)) is not None
            and item.checkState() == Qt.CheckState.Checked
        ]

    def ghosts(self) -> Ghosts:
        """The proposed dates to draw: the ticked delays and the tasks only pushed along."""
        if self.preview is None:
            return {}
        unticked = {p.task_id for p in self.preview.proposals} - {
            p.task_id for p in self.checked()
        }
        return {t: d for t, d in self.preview.moved.items() if t not in unticked}

    def _ticks_changed(self, *_args: object) -> None:
        self.accept_button.setEnabled(bool(self.checked()))
        self.show_ghosts(self.ghosts())

    # -- accepting and clearing

    def accept_selected(self) -> None:
        chosen = self.checked()
        if not chosen:
            return
        try:
            self.context.execute(ApplyLeveling(chosen))
        except UserError as error:
            QMessageBox.warning(self, "Level Resources", str(error))
            return
        self.accept()

    def clear_leveling(self) -> None:
        if self.project_id is None:
            return
        if not leveled_count_in(self.context.workspace, [self.project_id]):
            self.summary.setText("No task of this project has a leveling delay.")
            return
        try:
            self.context.execute(ClearLeveling([self.project_id]))
        except UserError as error:
            QMessageBox.warning(self, "Clear Leveling", str(error))
            return
        self.propose()

    def done(self, result: int) -> None:
        if self.operation is not None and not self.operation.done:
            self.operation.cancel()
        self.show_ghosts({})
        super().done(result)


def clear_leveling(context: AppContext, parent: QWidget | None = None) -> None:
    """Project > Clear Leveling: zero the current project's leveling delays (undoable)."""
    if context.project_id is None:
        return
    if not leveled_count_in(context.workspace, [context.project_id]):
        QMessageBox.information(
            parent, "Clear Leveling", "No task of this project has a leveling delay."
        )
        return
    try:
        context.execute(ClearLeveling([context.project_id]))
    except UserError as error:
        QMessageBox.warning(parent, "Clear Leveling", str(error))
