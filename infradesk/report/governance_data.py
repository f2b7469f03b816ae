"""The governance blocks of the weekly report as plain values (issue 20): the distribution
list from the communication plan, the decisions needed and the overdue actions.
``services.governance.distribution`` fills them from the workspace."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Recipient:
    """One reader of the status report. ``registered``: found in the stakeholder register
    (then role and organisation come from there)."""

    name: str
    role: str
    organisation: str
    channel: str
    frequency: str
    registered: bool


@dataclass(frozen=True)
class PendingDecision:
    code: str
    title: str
    decided_by: str  # who must decide ("" when nobody is named yet)
    role: str  # their role in the register ("" when not there)
    needed_by: date | None
    days_late: int  # > 0: past its needed-by date on the as-of date

    @property
    def overdue(self) -> bool:
        return self.days_late > 0


@dataclass(frozen=True)
class OverdueAction:
    code: str
    title: str
    owner: str
    due: date
    days_late: int
    meeting: str = ""  # the code of the meeting that raised it


@dataclass(frozen=True)
class GovernanceFacts:
    """The three governance blocks of the report, as plain values."""

    distribution: list[Recipient] = field(default_factory=list)
    decisions: list[PendingDecision] = field(default_factory=list)
    overdue_actions: list[OverdueAction] = field(default_factory=list)
    has_comms_plan: bool = False  # the project has a communication plan at all
