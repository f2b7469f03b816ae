"""Sorting, text search, an open-only switch and the heat-map cell filter over a RAID table."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel

from infradesk.ui.risks.raid_model import SORT_ROLE, RaidTableModel

Index = QModelIndex | QPersistentModelIndex
# the "cell" of the open risks off the heat map: not scored yet, or without a residual rating
NOT_SCORED_CELL = (0, 0)


class RaidFilterProxy(QSortFilterProxyModel):
    def __init__(self) -> None:
        super().__init__()
        self.setSortRole(SORT_ROLE)
        self._text = ""
        self._open_only = False
        self._cell: tuple[int, int] | None = None
        self._residual = False
        self._category = ""

    # --------------------------------------------------------------------------- filters
    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._text = text.strip().lower()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_open_only(self, on: bool) -> None:
        self.beginFilterChange()
        self._open_only = on
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_category(self, category: str) -> None:
        self.beginFilterChange()
        self._category = category
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_cell(self, cell: tuple[int, int] | None, residual: bool = False) -> None:
        """Show only risks in the heat-map cell (probability, impact), those off the grid with
        :data:`NOT_SCORED_CELL`, or all with None."""
        self.beginFilterChange()
        self._cell = cell
        self._residual = residual
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    @property
    def cell(self) -> tuple[int, int] | None:
        return self._cell

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, RaidTableModel):
            return True
        row: Any = model.row_at(source_row)
        if self._open_only and getattr(row, "is_open", True) is False:
            return False
        if self._category and getattr(row, "category", "") != self._category:
            return False
        if self._cell is not None:
            if self._residual:
                cell = (row.residual_probability, row.residual_impact)
            else:
                cell = (row.probability, row.impact)
            if self._cell == NOT_SCORED_CELL:
                if 1 <= cell[0] <= 5 and 1 <= cell[1] <= 5:
                    return False
            elif cell != self._cell:
                return False
        return not self._text or self._text in model.search_text(source_row)
