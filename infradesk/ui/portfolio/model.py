"""The Portfolio table: one row per project (``PortfolioRow``), read-only, sortable by every
column (``SORT_ROLE`` gives each cell a comparable value; empty cells sort last)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from infradesk.report.portfolio_data import (
    RAG_LABELS,
    RAG_ORDER,
    TREND_ARROWS,
    TREND_WORDS,
    freeze_text,
    money_text,
)
from infradesk.services.governance.portfolio import PortfolioRow

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
RAG_ROLE = Qt.ItemDataRole.UserRole + 3

RAG_BACKGROUND = {"red": "#c62828", "amber": "#f0a202", "green": "#2e7d32", "none": "#9aa4af"}
RAG_FOREGROUND = {"red": "#ffffff", "amber": "#1d2733", "green": "#ffffff", "none": "#ffffff"}


@dataclass(frozen=True)
class Column:
    title: str
    text: Callable[[PortfolioRow], str]
    key: Callable[[PortfolioRow], Any]  # None sorts last
    width: int
    right: bool = False
    tip: str = ""


def _index(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _date(value: date | None) -> str:
    return value.strftime("%d %b %Y") if value else ""


def _slip(row: PortfolioRow) -> str:
    if row.slip_days is None:
        return ""
    return f"{row.slip_days:+d} d" if row.slip_days else "0 d"


def _used(row: PortfolioRow) -> str:
    text = money_text(row.used)
    share = row.used_share
    return f"{text} ({share:.0%})" if text and share is not None else text


def _risks(row: PortfolioRow) -> str:
    if not row.open_high_risks:
        return "0"
    return f"{row.critical_risks} / {row.high_risks}"


COLUMNS: tuple[Column, ...] = (
    Column("Project", lambda r: r.name, lambda r: r.name.casefold(), 200),
    Column(
        "RAG",
        lambda r: RAG_LABELS[r.overall],
        lambda r: RAG_ORDER.get(r.overall, 9),
        60,
        tip="Overall rating: the saved status update of the project's reporting date, else "
        "what the status rules suggest",
    ),
    Column(
        "Trend",
        lambda r: f"{TREND_ARROWS[r.trend]} {TREND_WORDS[r.trend]}",
        lambda r: {"down": 0, "same": 1, "up": 2, "new": 3}[r.trend],
        95,
        tip="Against the previous saved status update",
    ),
    Column(
        "SPI(t)",
        lambda r: _index(r.spi),
        lambda r: r.spi,
        60,
        True,
        "Schedule performance index of earned schedule (SPI when there is none)",
    ),
    Column(
        "CPI",
        lambda r: _index(r.cpi),
        lambda r: r.cpi,
        50,
        True,
        "Cost performance index (earned value / actual cost)",
    ),
    Column(
        "Next milestone",
        lambda r: r.next_milestone,
        lambda r: r.next_milestone.casefold() or None,
        190,
    ),
    Column(
        "Forecast",
        lambda r: _date(r.next_milestone_date),
        lambda r: r.next_milestone_date,
        90,
        tip="The next milestone's forecast date",
    ),
    Column(
        "Slip",
        _slip,
        lambda r: r.slip_days,
        55,
        True,
        "The next milestone's forecast against its baseline, in calendar days (+ is late)",
    ),
    Column("Budget", lambda r: money_text(r.budget), lambda r: r.budget, 95, True),
    Column(
        "Used",
        _used,
        lambda r: r.used_share if r.used_share is not None else r.used,
        120,
        True,
        "Invoiced (else committed orders), and its share of the budget",
    ),
    Column(
        "FAC",
        lambda r: money_text(r.forecast),
        lambda r: r.forecast,
        95,
        True,
        "Forecast at completion of the budget lines",
    ),
    Column(
        "Risks C/H",
        _risks,
        lambda r: (r.critical_risks, r.high_risks),
        90,
        True,
        "Open critical / high risks, banded by the project's risk settings",
    ),
    Column(
        "Overdue",
        lambda r: str(r.overdue_actions),
        lambda r: r.overdue_actions,
        70,
        True,
        "Open actions past their due date (Governance > Actions)",
    ),
    Column(
        "Freezes ahead",
        freeze_text,
        lambda r: r.next_freeze_start,
        190,
        tip="Freeze and blackout windows (shared and the project's) in the next 30 days",
    ),
)
NAMES = [c.title for c in COLUMNS]


class PortfolioModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[PortfolioRow] = []

    def set_rows(self, rows: Sequence[PortfolioRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        column = COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tip or None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, column = self.rows[index.row()], COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == SORT_ROLE:
            return column.key(row)
        if role == ID_ROLE:
            return row.project_id
        if role == RAG_ROLE:
            return row.overall
        if role == Qt.ItemDataRole.TextAlignmentRole and column.right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if column.title == "RAG":
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(QColor(RAG_BACKGROUND[row.overall]))
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor(RAG_FOREGROUND[row.overall]))
            if role == Qt.ItemDataRole.ToolTipRole:
                source = (
                    f"Saved status update of {row.as_of:%d %b %Y}"
                    if row.saved
                    else f"Suggested by the status rules as of {row.as_of:%d %b %Y}"
                )
                return f"{source}. {row.reason}"
        if role == Qt.ItemDataRole.ForegroundRole:
            late = column.title == "Slip" and (row.slip_days or 0) > 0
            overdue = column.title == "Overdue" and row.overdue_actions > 0
            if late or overdue:
                return QBrush(QColor("#c62828"))
        if role == Qt.ItemDataRole.ToolTipRole and column.title == "Project":
            return f"{row.name} · {row.manager or 'no manager'} · double-click or Enter to open"
        return None


class PortfolioProxy(QSortFilterProxyModel):
    """Filters by text (project, manager, next milestone, next freeze) and by rating; sorts
    by ``SORT_ROLE`` values, empty ones last whichever the order."""

    def __init__(self) -> None:
        super().__init__()
        self.text = ""
        self.ratings: frozenset[str] = frozenset()  # empty: every rating

    def set_text(self, text: str) -> None:
        self._refilter(lambda: setattr(self, "text", text.strip().casefold()))

    def set_ratings(self, ratings: frozenset[str]) -> None:
        self._refilter(lambda: setattr(self, "ratings", ratings))

    def _refilter(self, change: Callable[[], None]) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.9; invalidateFilter is deprecated
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            change()
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, PortfolioModel)
        row = model.rows[source_row]
        if self.ratings and row.overall not in self.ratings:
            return False
        if not self.text:
            return True
        haystack = " ".join((row.name, row.manager, row.next_milestone, row.next_freeze))
        return self.text in haystack.casefold()

    def lessThan(self, left: Index, right: Index) -> bool:
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if a is None or b is None:
            # empty cells last in ascending order (Qt reverses the result for descending)
            ascending = self.sortOrder() == Qt.SortOrder.AscendingOrder
            if a is None and b is None:
                return False
            return (a is None) != ascending
        if isinstance(a, Decimal) or isinstance(b, Decimal):
            return Decimal(str(a)) < Decimal(str(b))
        return bool(a < b)
