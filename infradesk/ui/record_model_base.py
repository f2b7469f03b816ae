"""What the Risks and Vendors tables share: a flat Qt table over a list of rows and a list of
column descriptions, edited only through an ``edit_handler``.

The handler gets (record id, field name, new value), runs an undoable command and returns an
error message or ``None``; the model itself never writes. A refused edit (a bad value, a busy
or read-only workspace) is announced with ``editRefused`` while the view is still committing,
so that a :class:`~infradesk.ui.keep_edit.KeepEditTableView` reopens the editor with the typed
value. Subclasses say how a cell is shown (``data``) and how an edit is passed on
(``setData``, through :meth:`RecordModelBase.hand_edit`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # a value the proxies compare rows of a column by
ID_ROLE = Qt.ItemDataRole.UserRole + 2  # the record id of a row
EditHandler = Callable[[int, str, Any], str | None]


class RecordModelBase(QAbstractTableModel):
    """Rows and columns in lists; columns have a ``title`` and a ``field`` (editable when set)."""

    editRefused = Signal(str)  # the message of an edit that was not saved

    def __init__(self, columns: Sequence[Any], edit_handler: EditHandler | None = None) -> None:
        super().__init__()
        self.columns = list(columns)
        self.rows: list[Any] = []
        self.edit_handler = edit_handler
        self.last_error: str | None = None

    def hand_edit(self, record_id: int, field: str, value: Any) -> bool:
        """Pass an edit to the handler; True when it was saved, False (and ``editRefused``)
        when it was refused."""
        if self.edit_handler is None:
            return False
        error = self.edit_handler(record_id, field, value)
        self.last_error = error
        if error is not None:
            self.editRefused.emit(error)
            return False
        return True

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.rows_replaced()
        self.endResetModel()

    def rows_replaced(self) -> None:
        """Drop whatever a subclass derived from the previous rows (called during the reset)."""

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        column = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title
        return self.header_data(column, role)

    def header_data(self, column: Any, role: int) -> Any:
        """A column header's other roles than its title (tooltip, alignment...)."""
        return None

    def cell(self, index: Index) -> tuple[Any, Any] | None:
        """(row, column) at ``index``; ``None`` when the index is invalid or out of range."""
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        return self.rows[index.row()], self.columns[index.column()]

    def edit_flag(self, column: Any) -> Qt.ItemFlag:
        """How an editable cell of ``column`` is edited."""
        return Qt.ItemFlag.ItemIsEditable

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        column = self.columns[index.column()]
        if column.field is not None and self.edit_handler is not None:
            flags |= self.edit_flag(column)
        return flags
