"""The plain rows of the portfolio (the Portfolio tab and the portfolio PDF): one project each.

Filled by ``services.governance.portfolio``; the report draws them and the UI shows them, so
they hold plain values only: money as ``Decimal``, dates, counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

RAG_ORDER = {"red": 0, "amber": 1, "green": 2, "none": 3}  # worst first, as a PMO sorts
RAG_LABELS = {"red": "Red", "amber": "Amber", "green": "Green", "none": "n/a"}
TREND_ARROWS = {"up": "▲", "down": "▼", "same": "▶", "new": "•"}
TREND_WORDS = {"up": "better", "down": "worse", "same": "unchanged", "new": "no previous"}


@dataclass(frozen=True, slots=True)
class PortfolioRow:
    """One project of the workspace, as its own status shows it."""

    project_id: int
    name: str
    manager: str
    currency: str
    as_of: date  # the project's reporting date (its status date, else today)
    overall: str  # "red" / "amber" / "green" / "none" (``report.data.Rag`` values)
    trend: str  # "up" (better) / "down" / "same" / "new" (``report.data.Trend`` values)
    saved: bool  # the rating of a saved status update (else the rules' suggestion)
    reason: str  # why the overall rating (the rules' reason)
    schedule: str
    cost: str
    scope: str
    risk: str
    spi: float | None  # SPI(t) when earned schedule is known, else SPI
    spi_label: str  # "SPI(t)" or "SPI"
    cpi: float | None
    next_milestone: str
    next_milestone_date: date | None  # its forecast
    slip_days: int | None  # forecast minus baseline, calendar days (+ is late)
    budget: Decimal | None
    used: Decimal | None  # invoiced, else committed orders
    used_label: str  # "invoiced" / "committed" / ""
    forecast: Decimal | None  # forecast at completion of the budget lines
    critical_risks: int
    high_risks: int
    overdue_actions: int
    freezes_ahead: int  # freeze / blackout windows within the look-ahead
    next_freeze: str
    next_freeze_start: date | None

    @property
    def open_high_risks(self) -> int:
        """Open critical and high risks (the risk rule's count)."""
        return self.critical_risks + self.high_risks

    @property
    def used_share(self) -> float | None:
        """Used / budget (0.42 = 42 %); None without both."""
        if self.budget is None or self.budget <= 0 or self.used is None:
            return None
        return float(self.used / self.budget)


@dataclass(frozen=True, slots=True)
class PortfolioTotals:
    """The summary line: how many projects, and how many of each rating."""

    projects: int
    red: int
    amber: int
    green: int
    unrated: int
    overdue_actions: int
    open_high_risks: int

    @property
    def text(self) -> str:
        return (
            f"{self.projects} project{'s' if self.projects != 1 else ''}: "
            f"{self.red} red, {self.amber} amber, {self.green} green"
            + (f", {self.unrated} not rated" if self.unrated else "")
            + f" · {_count(self.open_high_risks, 'critical/high risk')}"
            f" · {_count(self.overdue_actions, 'overdue action')}"
        )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' if number != 1 else ''}"


def money_text(value: Decimal | None) -> str:
    """Whole units with thin spaces (the report's way); "" for no value."""
    return "" if value is None else f"{value:,.0f}".replace(",", "\u202f")


def freeze_text(row: PortfolioRow) -> str:
    """ "2 · Quarter-end freeze 25 Jun" (count, then the next one); "" when none is ahead."""
    if not row.freezes_ahead:
        return ""
    when = f" {row.next_freeze_start:%d %b}" if row.next_freeze_start else ""
    return f"{row.freezes_ahead} · {row.next_freeze}{when}"


def totals_of(rows: list[PortfolioRow]) -> PortfolioTotals:
    ratings = [r.overall for r in rows]
    return PortfolioTotals(
        projects=len(rows),
        red=ratings.count("red"),
        amber=ratings.count("amber"),
        green=ratings.count("green"),
        unrated=sum(1 for r in ratings if r not in ("red", "amber", "green")),
        overdue_actions=sum(r.overdue_actions for r in rows),
        open_high_risks=sum(r.open_high_risks for r in rows),
    )


__all__ = [
    "RAG_LABELS",
    "RAG_ORDER",
    "TREND_ARROWS",
    "TREND_WORDS",
    "PortfolioRow",
    "PortfolioTotals",
    "freeze_text",
    "money_text",
    "totals_of",
]
