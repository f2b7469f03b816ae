"""The outline of a project's tasks as a Qt table model (a thin adapter over services.tasks)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from infradesk.schedule.durations import format_duration
from infradesk.services.tasks import EditTaskField, TaskEditError, TaskRow, parse_field
from infradesk.ui.context import AppContext

Index = QModelIndex | QPersistentModelIndex
DATE_FORMAT = "%a %d %b %Y %H:%M"


@dataclass(frozen=True)
class Column:
    title: str
    field: str | None  # the task field an edit sets, None when read-only


COLUMNS = [
    Column("WBS", None),
    Column("Name", "name"),
    Column("Duration", "duration_minutes"),
    Column("Start", None),
    Column("Finish", None),
    Column("% Complete", "percent_complete"),
    Column("Predecessors", None),
    Column("Owner", "owner"),
]


class TaskTableModel(QAbstractTableModel):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.rows: list[TaskRow] = []
        self.minutes_per_day = 480

    def reload(self) -> None:
        from infradesk.services.tasks import load_task_rows, minutes_per_day

        self.beginResetModel()
        project_id = self.context.project_id
        if project_id is None:
            self.rows = []
        else:
            with self.context.workspace.session() as session:
                self.rows = load_task_rows(session, project_id)
                self.minutes_per_day = minutes_per_day(session, project_id)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal:
                return COLUMNS[section].title
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        row = self.rows[index.row()]
        field = COLUMNS[index.column()].field
        if field and not (row.is_summary and field in ("duration_minutes", "percent_complete")):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def _text(self, row: TaskRow, column: int) -> str:
        if column == 0:
            return row.wbs
        if column == 1:
            return row.name
        if column == 2:
            return format_duration(row.duration_minutes, self.minutes_per_day)
        if column == 3:
            return row.start.strftime(DATE_FORMAT) if row.start else ""
        if column == 4:
            return row.finish.strftime(DATE_FORMAT) if row.finish else ""
        if column == 5:
            return f"{row.percent_complete:g}%"
        if column == 6:
            return row.predecessors
        return row.owner

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            text = self._text(row, column)
            return ("    " * row.depth + text) if column == 1 else text
        if role == Qt.ItemDataRole.EditRole:
            return self._text(row, column).rstrip("%") if column == 5 else self._text(row, column)
        if role == Qt.ItemDataRole.FontRole and row.is_summary:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (2, 5):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        column = COLUMNS[index.column()]
        if column.field is None or self.context.project_id is None:
            return False
        row = self.rows[index.row()]
        with self.context.workspace.session() as session:
            parsed = parse_field(session, self.context.project_id, column.field, value)
        if parsed == getattr(row, column.field):
            return False
        command = EditTaskField(
            self.context.project_id, row.id, column.field, parsed, column.title.lower()
        )
        self.context.execute(command)
        return True


__all__ = ["COLUMNS", "TaskEditError", "TaskTableModel"]
