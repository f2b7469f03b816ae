"""A table model over plain RAID rows (risks, issues, changes...) described by columns.

Edits are not applied here: ``setData`` hands (row id, field, value) to ``edit_handler``,
which runs an undoable command and returns an error message or None.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from infradesk.services.risks.fields import FieldSpec
from infradesk.ui import theme
from infradesk.ui.record_model_base import ID_ROLE, SORT_ROLE, EditHandler, Index, RecordModelBase
from infradesk.ui.risks.colors import BAND_TINT

FIELD_ROLE = Qt.ItemDataRole.UserRole + 3  # the FieldSpec of an editable column
ROW_ROLE = Qt.ItemDataRole.UserRole + 4  # the row object itself


@dataclass(frozen=True)
class Column:
    title: str
    value: Callable[[Any], Any]  # what the cell shows (before formatting)
    field: FieldSpec | None = None  # editable when set
    band: Callable[[Any], str] | None = None  # background tint by band
    alert: Callable[[Any], bool] | None = None  # overdue highlight
    tip: Callable[[Any], str] | None = None
    color: Callable[[Any], str | None] | None = None  # text colour
    align_right: bool = False
    center: bool = False
    width: int = 90
    sort: Callable[[Any], Any] | None = None  # the sort value, when not the shown one


def format_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "✓" if value else ""
    if isinstance(value, Decimal):
        return f"{value:,.0f}"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return ", ".join(str(v) for v in value)
    return str(value)


def sort_key(value: Any) -> Any:
    """Something QSortFilterProxyModel can compare across rows of one column."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float, Decimal)):
        return float(value)
    if isinstance(value, date):
        return value.isoformat()
    return format_value(value).lower()


class RaidTableModel(RecordModelBase):
    def __init__(self, columns: Sequence[Column], edit_handler: EditHandler | None = None) -> None:
        super().__init__(columns, edit_handler)
        self._search_text: dict[int, str] = {}

    def rows_replaced(self) -> None:
        self._search_text = {}

    def search_text(self, row: int) -> str:
        """Everything row ``row`` shows, lower-cased, for the text filter (cached)."""
        text = self._search_text.get(row)
        if text is None:
            record = self.rows[row]
            text = "\t".join(format_value(c.value(record)) for c in self.columns).lower()
            self._search_text[row] = text
        return text

    def row_at(self, row: int) -> Any:
        return self.rows[row]

    def header_data(self, column: Column, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and column.field is not None:
            return f"{column.field.label} (double-click to edit)"
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        cell = self.cell(index)
        if cell is None:
            return None
        row, column = cell
        if role == Qt.ItemDataRole.DisplayRole:
            return format_value(column.value(row))
        if role == Qt.ItemDataRole.EditRole:
            value = column.value(row)
            if isinstance(value, Decimal):
                return str(value)
            if isinstance(value, date):
                return value.isoformat()
            return value if value is not None else ""
        if role == SORT_ROLE:
            return sort_key(column.sort(row) if column.sort is not None else column.value(row))
        if role == ID_ROLE:
            return row.id
        if role == FIELD_ROLE:
            return column.field
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ToolTipRole:
            if column.tip is not None:
                return column.tip(row) or None
            text = format_value(column.value(row))
            return text if len(text) > 40 else None
        alert = column.alert is not None and column.alert(row)
        if role == Qt.ItemDataRole.BackgroundRole:
            if alert:
                return QBrush(theme.current().bad_tint)
            if column.band is not None:
                band = column.band(row)
                if band in BAND_TINT:
                    return QBrush(BAND_TINT[band])
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if alert:
                return QBrush(theme.current().bad)
            if column.color is not None and (color := column.color(row)):
                return QBrush(QColor(color))
            if getattr(row, "is_open", True) is False:
                return QBrush(theme.current().inactive)
            return None
        if role == Qt.ItemDataRole.FontRole and alert:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column.align_right:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if column.center:
                return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self.edit_handler is None:
            return False
        column = self.columns[index.column()]
        if column.field is None:
            return False
        return self.hand_edit(self.rows[index.row()].id, column.field.name, value)
