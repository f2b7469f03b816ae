"""The stakeholder register with its power/interest grid beside it (a splitter): selecting a
row selects its chip and back; dragging a chip is an undoable edit of power and interest."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QWidget

from infradesk.services.governance import logs
from infradesk.services.risks.commands import EditRecord
from infradesk.services.risks.fields import STAKEHOLDER
from infradesk.ui.context import AppContext
from infradesk.ui.governance.columns import STAKEHOLDER_COLUMNS
from infradesk.ui.governance.stakeholder_grid import StakeholderGrid
from infradesk.ui.risks.log_view import RaidLogView


class StakeholderView(RaidLogView):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            context,
            STAKEHOLDER,
            STAKEHOLDER_COLUMNS,
            logs.load_stakeholders,
            open_filter=False,
            parent=parent,
        )
        self.grid = StakeholderGrid()
        self.grid.stakeholderClicked.connect(self._chip_clicked)
        self.grid.stakeholderMoved.connect(self.move_stakeholder)
        taken = self.body.takeAt(0)  # the table (and its preview)
        register = taken.widget() if taken is not None else None
        assert register is not None
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("stakeholderSplitter")
        self.splitter.addWidget(register)
        self.splitter.addWidget(self.grid)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([700, 440])
        self.body.addWidget(self.splitter, 1)
        self.selectionChangedTo.connect(self._row_selected)

    def reload(self) -> None:
        super().reload()
        self.grid.set_rows(self.model.rows)

    def _row_selected(self, row: Any) -> None:
        self.grid.set_selected(row.id if row is not None else None)

    def _chip_clicked(self, stakeholder_id: int) -> None:
        self.select_id(stakeholder_id)
        self.table.setFocus()

    def move_stakeholder(self, stakeholder_id: int, power: int, interest: int) -> str | None:
        """Dropped on another place of the grid: one undoable edit of both ratings."""
        if self.project_id is None:
            return None
        command = EditRecord(
            STAKEHOLDER.key,
            self.project_id,
            stakeholder_id,
            {"power": power, "interest": interest},
        )
        command.text = "Move stakeholder on the power/interest grid"
        refused = self.run(command)
        if refused is None:
            self.select_id(stakeholder_id)
        return refused
