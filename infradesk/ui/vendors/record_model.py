"""An editable table model over plain row dicts (vendors, contracts, orders, deliveries...).

The model never writes anything itself: ``setData`` hands (record id, field, value) to the
``edit_handler``, which runs an undoable command and returns an error message or ``None``.
Columns say how a value is shown, sorted and edited.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QGuiApplication, QPalette

from infradesk.ui import theme
from infradesk.ui.record_model_base import ID_ROLE, SORT_ROLE, EditHandler, Index, RecordModelBase

RowStyle = Callable[[dict[str, Any]], tuple[QColor | None, QColor | None, str]]


@dataclass(frozen=True)
class Column:
    """One column: ``key`` in the row dict; ``field`` makes it editable (a service field);
    ``kind`` picks formatting and editor: text, money, date, int, bool, choice, ref, percent,
    rating."""

    key: str
    title: str
    field: str | None = None
    kind: str = "text"
    width: int = 100
    tip: str = ""
    style: bool = False  # this column carries the row's status colour


def format_cell(kind: str, value: Any, row: dict[str, Any], key: str) -> str:
    if kind == "ref":
        return str(row.get(f"{key}_text") or "")
    if value is None or value == "":
        return ""
    if kind == "money" and isinstance(value, Decimal):
        return f"{value:,.2f}"
    if kind == "percent":
        return f"{Decimal(value).normalize():f} %"
    if kind == "rating":
        full = round(float(value))
        return f"{'★' * full}{'☆' * (5 - full)}  {float(value):.1f}"
    if kind == "bool":
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d %b %Y" if kind == "date" else "%d %b %Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d %b %Y")
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def edit_text(kind: str, value: Any) -> Any:
    """What an editor starts with: ISO dates, plain amounts, ids for references."""
    if value is None:
        return "" if kind != "ref" else None
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value.normalize():f}" if kind == "percent" else f"{value:.2f}"
    return value


def sort_value(value: Any) -> Any:
    """Values of one column compare with each other (None sorts first)."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return value
    return str(value).lower()


class RecordTableModel(RecordModelBase):
    """Rows are dicts with an ``id``; columns are :class:`Column`. A row with a true
    ``muted`` (a draft contract) is drawn greyed and in italics, in the palette's placeholder
    text colour (so it follows the theme)."""

    rows: list[dict[str, Any]]

    def __init__(
        self,
        columns: Sequence[Column],
        edit_handler: EditHandler | None = None,
        row_style: RowStyle | None = None,
    ) -> None:
        super().__init__(columns, edit_handler)
        self.row_style = row_style
        self.ref_choices: dict[str, list[tuple[int, str]]] = {}

    # ------------------------------------------------------------------ data in
    def row_of(self, record_id: int) -> int:
        return next((i for i, r in enumerate(self.rows) if r["id"] == record_id), -1)

    # ------------------------------------------------------------------ Qt model
    def header_data(self, column: Column, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tip or column.title
        if role == Qt.ItemDataRole.TextAlignmentRole and column.kind in ("money", "int"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def edit_flag(self, column: Column) -> Qt.ItemFlag:
        """A flag column is ticked in place; the others open an editor."""
        if column.kind == "bool":
            return Qt.ItemFlag.ItemIsUserCheckable
        return Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        cell = self.cell(index)
        if cell is None:
            return None
        row, column = cell
        value = row.get(column.key)
        if role == Qt.ItemDataRole.DisplayRole:
            return format_cell(column.kind, value, row, column.key)
        if role == Qt.ItemDataRole.EditRole:
            return edit_text(column.kind, value)
        if role == SORT_ROLE:
            if column.kind == "ref":
                return sort_value(row.get(f"{column.key}_text"))
            return sort_value(value)
        if role == ID_ROLE:
            return row["id"]
        if role == Qt.ItemDataRole.CheckStateRole and column.kind == "bool":
            return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column.kind in ("money", "int"):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if column.kind in ("date", "percent", "rating", "bool"):
                return int(Qt.AlignmentFlag.AlignCenter)
            return None
        if role in (
            Qt.ItemDataRole.ForegroundRole,
            Qt.ItemDataRole.BackgroundRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.FontRole,
        ):
            return self._styled(role, row, column)
        return None

    def _styled(self, role: int, row: dict[str, Any], column: Column) -> Any:
        foreground, background, tip = (
            self.row_style(row) if self.row_style is not None else (None, None, "")
        )
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(background) if background is not None else None
        muted = bool(row.get("muted"))
        if role == Qt.ItemDataRole.ForegroundRole:
            if muted:
                return QBrush(QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText))
            if column.style and foreground is not None:
                return QBrush(foreground)
            if column.field is None and self.edit_handler is not None and column.kind != "rating":
                return QBrush(theme.current().muted)
            return None
        if role == Qt.ItemDataRole.FontRole:
            if muted or (column.style and foreground is not None):
                font = QFont()
                font.setBold(column.style and foreground is not None)
                font.setItalic(muted)
                return font
            return None
        # tooltip
        text = format_cell(column.kind, row.get(column.key), row, column.key)
        return tip if (column.style and tip) else (text or None)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or self.edit_handler is None:
            return False
        column = self.columns[index.column()]
        if column.field is None:
            return False
        if role == Qt.ItemDataRole.CheckStateRole and column.kind == "bool":
            value = (
                Qt.CheckState(value) == Qt.CheckState.Checked
                if isinstance(value, (int, Qt.CheckState))
                else bool(value)
            )
        elif role != Qt.ItemDataRole.EditRole:
            return False
        row = self.rows[index.row()]
        if edit_text(column.kind, row.get(column.key)) == value:
            return False  # nothing changed: no command, no undo step
        if not self.hand_edit(row["id"], column.field, value):
            return False
        self.dataChanged.emit(index, index)
        return True
