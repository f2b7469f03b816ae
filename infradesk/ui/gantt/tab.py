"""The Gantt tab: the task outline (the chart arrives with the Gantt issue)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from infradesk.services.tasks import TaskEditError
from infradesk.ui.context import AppContext
from infradesk.ui.gantt.task_table_model import TaskTableModel


class SafeTableView(QTableView):
    """A table whose edits report refusals (bad duration, empty name) instead of raising."""

    def commitData(self, editor: QWidget) -> None:
        try:
            super().commitData(editor)
        except TaskEditError as error:
            QMessageBox.warning(self, "Cannot change the task", str(error))


class GanttTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.model = TaskTableModel(context)
        self.table = SafeTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(22)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((60, 360, 80, 170, 170, 90, 120, 160)):
            self.table.setColumnWidth(column, width)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        context.projectChanged.connect(lambda _id: self.model.reload())
        context.dataChanged.connect(self._on_data_changed)

    def _on_data_changed(self, affects: frozenset[str], project_id: int | None) -> None:
        if "tasks" in affects or "projects" in affects:
            self.model.reload()
