"""Plain data the report renderer draws from.

Nothing here knows about the database: ``infradesk.services.status.report`` gathers a
``ReportData`` from a workspace, and tests can build one by hand. Every text is the user's raw
text (never pre-escaped markup); the renderer escapes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from infradesk.report.governance_data import GovernanceFacts
from infradesk.report.section_names import ALL_SECTIONS
from infradesk.report.section_names import SECTION_TITLES as SECTION_TITLES  # kept here too


class Rag(StrEnum):
    """Red / Amber / Green, plus "not rated" when the data to judge is missing."""

    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    NONE = "none"

    @property
    def rank(self) -> int:
        """Higher is worse; ``NONE`` ranks below green so it never drives the overall rating."""
        return {"none": -1, "green": 0, "amber": 1, "red": 2}[self.value]

    @property
    def label(self) -> str:
        return {"none": "n/a", "green": "Green", "amber": "Amber", "red": "Red"}[self.value]

    @classmethod
    def parse(cls, value: str | Rag | None) -> Rag:
        if isinstance(value, Rag):
            return value
        text = (value or "").strip().lower()
        for item in cls:
            if item.value == text or item.label.lower() == text or item.value[:1] == text:
                return item
        return cls.NONE


class Trend(StrEnum):
    """Direction against the previous report (``NEW`` when there is nothing to compare)."""

    UP = "up"  # better
    DOWN = "down"  # worse
    SAME = "same"
    NEW = "new"


DIMENSIONS: tuple[str, ...] = ("schedule", "cost", "scope", "risk")


def band_of(score: int, limits: tuple[int, int, int]) -> str:
    """The band of a score from (low, medium, high) upper limits; the gatherer passes the
    project's own bands (``risk_scoring.ScoringSettings.band``) so this is only a fallback
    for hand-built data."""
    low_max, medium_max, high_max = limits
    if score <= 0:
        return ""
    if score <= low_max:
        return "low"
    if score <= medium_max:
        return "medium"
    if score <= high_max:
        return "high"
    return "critical"


@dataclass(slots=True)
class RagRating:
    """One dimension's rating: the value shown, what the data suggested, and why."""

    dimension: str
    rag: Rag
    suggested: Rag = Rag.NONE
    justification: str = ""
    reason: str = ""  # why the data suggests ``suggested``
    trend: Trend = Trend.NEW


@dataclass(slots=True)
class MilestoneRow:
    name: str
    baseline: datetime | None
    forecast: datetime | None
    actual: datetime | None
    variance_days: int | None  # forecast (or actual) minus baseline, calendar days; + is late
    status: str  # "Done", "On track", "Slipped", "Late", "At risk"
    slipped: bool = False
    moved_days: int | None = None  # change of forecast since the previous report


@dataclass(slots=True)
class TaskLine:
    """A task in the "done this period" / "planned next period" lists."""

    name: str
    owner: str
    start: datetime | None
    finish: datetime | None
    percent_complete: float = 0.0
    wbs: str = ""
    in_progress: bool = False  # started: ``start`` is the actual start, in the past


@dataclass(slots=True)
class GanttRow:
    """One row of a Gantt chart. ``level`` is the outline depth (0 = top)."""

    name: str
    start: datetime | None
    finish: datetime | None
    level: int = 0
    summary: bool = False
    milestone: bool = False
    critical: bool = False
    percent_complete: float = 0.0
    baseline_start: datetime | None = None
    baseline_finish: datetime | None = None
    wbs: str = ""
    owner: str = ""
    duration_text: str = ""


@dataclass(slots=True)
class GanttData:
    """What a Gantt chart needs: rows in outline order and the status line."""

    title: str
    rows: list[GanttRow]
    status_date: datetime | None = None
    project_start: datetime | None = None
    project_finish: datetime | None = None
    subtitle: str = ""


@dataclass(slots=True)
class RiskRow:
    code: str
    title: str
    owner: str
    probability: int
    impact: int
    status: str
    response: str = ""
    trend: Trend = Trend.NEW
    previous_score: int | None = None
    band: str = ""  # low / medium / high / critical, from the project's risk settings
    kind: str = "threat"  # threat | opportunity
    emv: Decimal | None = None  # expected monetary value (probability % x cost impact)
    expected_days: Decimal | None = None  # probability-weighted schedule impact

    @property
    def score(self) -> int:
        return self.probability * self.impact


@dataclass(slots=True)
class RiskExposure:
    """What the open register adds up to (``services.risks.queries.exposure``)."""

    threat_emv: Decimal
    opportunity_emv: Decimal
    schedule_days: Decimal  # probability-weighted days of the open threats
    worst_case_days: int  # the open threats' schedule impact if all occurred

    @property
    def net_emv(self) -> Decimal:
        return self.threat_emv - self.opportunity_emv


@dataclass(slots=True)
class IssueRow:
    code: str
    title: str
    priority: str
    owner: str
    status: str
    due: date | None = None


@dataclass(slots=True)
class ChangeRow:
    code: str
    title: str
    status: str  # "pending", "approved", "rejected"...
    requested: date | None = None
    decided: date | None = None
    schedule_days: int = 0  # schedule impact in days (+ is later)
    cost: Decimal | None = None  # cost impact in the project currency


@dataclass(slots=True)
class DeliveryRow:
    vendor: str
    description: str
    promised: date | None
    actual: date | None
    status: str
    late: bool = False
    quantity: int = 1
    task: str = ""  # the task the delivery gates, if any
    days_late: int = 0  # > 0 when late; negative: days until due


@dataclass(slots=True)
class NoticeRow:
    vendor: str
    contract: str
    end: date | None
    notice_by: date | None
    days_left: int | None
    notice: str = ""  # the notice period as written ("3 months")
    renewal: str = ""


@dataclass(slots=True)
class AttentionRow:
    """A vendor matter the tables above do not show: a contract past its end still marked
    active (``kind`` "expired", ``day`` its end) or orders over its value ("over")."""

    vendor: str
    kind: str  # expired | over
    subject: str  # the contract's number, else its title
    contract: str = ""  # the contract's title
    day: date | None = None
    ordered: Decimal | None = None
    value: Decimal | None = None
    currency: str = ""
    severity: str = "high"
    pending: Decimal | None = None  # "over" only with orders awaiting approval: this much


@dataclass(slots=True)
class SpendRow:
    """One vendor's money in the project currency."""

    vendor: str
    contract_value: Decimal | None
    committed: Decimal | None
    invoiced: Decimal | None
    paid: Decimal | None = None
    currency: str = ""  # "" = the project currency


@dataclass(slots=True)
class BudgetLineRow:
    """One budget line and what the orders charged to it committed and invoiced."""

    name: str
    budget: Decimal
    committed: Decimal
    invoiced: Decimal
    paid: Decimal | None = None
    currency: str = ""  # "" = the project currency

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.committed


@dataclass(slots=True)
class BudgetSummary:
    """Money at completion. ``None`` means "no data"; ``notes`` say why an index is missing."""

    currency: str = "EUR"
    budget: Decimal | None = None
    committed: Decimal | None = None
    actual: Decimal | None = None  # invoiced
    forecast: Decimal | None = None
    spi: float | None = None
    cpi: float | None = None
    planned_percent: float | None = None
    earned_percent: float | None = None
    notes: list[str] = field(default_factory=list)
    paid: Decimal | None = None
    contracted: Decimal | None = None  # contract value (drafts included)
    # what needs the reader's attention, drawn as alerts (e.g. contracts over the budget)
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ResourceCostRow:
    """One resource's planned work and cost on the project's tasks (issue 18)."""

    name: str
    kind: str  # work | material | cost
    work_minutes: int
    cost: Decimal
    quantity: float = 0.0  # a material's total quantity
    label: str = ""  # a material's unit


@dataclass(slots=True)
class LateRow:
    """A task that should have started or finished by the status date (against the baseline,
    else the plan) and did not: no actual start, or no actual finish."""

    name: str
    owner: str
    should: str  # "start" | "finish"
    due: datetime  # when it should have started or finished
    forecast: datetime | None  # the current plan's start ("start") or finish ("finish")
    percent_complete: float = 0.0
    wbs: str = ""


@dataclass(slots=True)
class CurvePoint:
    """One point of the S-curve: cumulative planned value, earned value and actual cost
    (``None`` after the status date: nothing is earned or spent in the future)."""

    at: datetime
    pv: Decimal
    ev: Decimal | None
    ac: Decimal | None


@dataclass(slots=True)
class EarnedValueData:
    """Earned value as of the status date against one baseline (money in the project
    currency, ratios ``None`` when their denominator is zero; ``es_days``/``at_days`` are the
    earned schedule and actual time in working days)."""

    baseline: str
    status_date: datetime
    bac: Decimal
    pv: Decimal
    ev: Decimal
    ac: Decimal
    spi: float | None
    cpi: float | None
    eac: Decimal | None
    etc: Decimal | None
    vac: Decimal | None
    tcpi: float | None
    spi_t: float | None = None
    es_days: float | None = None
    at_days: float | None = None
    forecast_finish: datetime | None = None  # by earned schedule
    baseline_finish: datetime | None = None
    curve: list[CurvePoint] = field(default_factory=list)
    # the baseline carries no cost: BAC/PV/EV are working minutes, only the schedule indices
    # (SPI, SPI(t), ES) mean something
    by_work: bool = False

    @property
    def sv(self) -> Decimal:
        return self.ev - self.pv

    @property
    def cv(self) -> Decimal:
        return self.ev - self.ac


@dataclass(slots=True)
class Changes:
    """What changed since the previous report."""

    previous_as_of: date | None = None
    new_risks: list[str] = field(default_factory=list)
    closed_risks: list[str] = field(default_factory=list)
    milestones_moved: list[str] = field(default_factory=list)
    changes_approved: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (
            self.new_risks or self.closed_risks or self.milestones_moved or self.changes_approved
        )


@dataclass(slots=True)
class ReportOptions:
    """How to render: page size, which sections, logo, the one-page executive variant."""

    page_size: str = "A4"  # "A4" | "Letter"
    sections: tuple[str, ...] = ALL_SECTIONS
    logo_path: str | None = None
    executive: bool = False  # one page: header, summary, milestones, top risks
    max_list_rows: int = 25
    max_gantt_rows: int = 40

    def shows(self, section: str) -> bool:
        return section in self.sections


@dataclass(slots=True)
class ChangeConflictLine:
    """A change request (``label`` its code) or production-change task of the project that
    conflicts with the change calendar, another change or a booking (issue 20)."""

    label: str
    title: str
    start: datetime
    finish: datetime
    reasons: list[str] = field(default_factory=list)


@dataclass(slots=True)
class OverloadLine:
    """A person loaded beyond what they can give on some days of the next four weeks: their
    name, the days, the peak (% of their capacity; None when only days off carry work) and
    the tasks loading them then (another project's tasks name that project)."""

    resource: str
    first: date
    last: date
    peak_percent: float | None
    days_off: int = 0  # overloaded days where the person has no working time (leave)
    tasks: list[str] = field(default_factory=list)


@dataclass(slots=True)
class RunbookLine:
    """A cutover runbook in the weekly report (issue 19): the plan, its latest rehearsal and
    the live run, in elapsed minutes (``None``: not run or not finished)."""

    runbook: str
    planned_minutes: int
    steps: int = 0
    window_start: datetime | None = None  # the runbook's wall clock, as the PM set it
    time_zone: str = ""
    rehearsal: str = ""  # the latest rehearsal's name; "" when none
    rehearsal_minutes: int | None = None  # first start to last finish; None: unfinished
    rehearsals: int = 0
    live: str = ""  # "" (not started), "running" or "done"
    live_minutes: int | None = None  # done: how long it took; running: the forecast
    over_rto: list[str] = field(default_factory=list)  # services past their RTO (live)


@dataclass(slots=True)
class ReportData:
    """Everything the weekly status report shows, as plain values."""

    project: str
    as_of: date
    period_start: date
    period_end: date
    manager: str = ""
    currency: str = "EUR"
    overall: RagRating = field(default_factory=lambda: RagRating("overall", Rag.NONE))
    dimensions: list[RagRating] = field(default_factory=list)
    executive_summary: str = ""
    achievements: list[str] = field(default_factory=list)
    decisions_needed: list[str] = field(default_factory=list)
    help_needed: list[str] = field(default_factory=list)
    changes: Changes = field(default_factory=Changes)
    milestones: list[MilestoneRow] = field(default_factory=list)
    done: list[TaskLine] = field(default_factory=list)
    planned: list[TaskLine] = field(default_factory=list)
    late: list[LateRow] = field(default_factory=list)
    # who is overloaded in the four weeks after the as-of date (issue 18); not available:
    # data built without the resource pool, the block is left out
    overloads: list[OverloadLine] = field(default_factory=list)
    overloads_available: bool = False
    # changes and production-change tasks in conflict, not yet over at the as-of date
    # (issue 20); not available: data built without the change calendar, block left out
    change_conflicts: list[ChangeConflictLine] = field(default_factory=list)
    change_conflicts_available: bool = False
    gantt: GanttData | None = None
    risks: list[RiskRow] = field(default_factory=list)
    open_risk_count: int = 0
    heat_map: list[list[int]] = field(default_factory=lambda: [[0] * 5 for _ in range(5)])
    # the band of each heat-map cell [probability-1][impact-1], from the project's settings
    heat_cell_bands: list[list[str]] | None = None
    exposure: RiskExposure | None = None
    unassessed_risks: int = 0  # open risks without probability or impact
    issues: list[IssueRow] = field(default_factory=list)
    issues_available: bool = False
    issue_counts: dict[str, int] = field(default_factory=dict)  # open issues per priority
    changes_pending: list[ChangeRow] = field(default_factory=list)
    changes_decided: list[ChangeRow] = field(default_factory=list)
    change_requests_available: bool = False
    deliveries: list[DeliveryRow] = field(default_factory=list)
    notices: list[NoticeRow] = field(default_factory=list)
    vendor_attention: list[AttentionRow] = field(default_factory=list)
    vendors_available: bool = True  # False: no vendor recorded for the project
    due_days: int = 14  # deliveries due within this many days are listed
    notice_days: int = 60  # notice deadlines within this many days are listed
    spend: list[SpendRow] = field(default_factory=list)
    budget_lines: list[BudgetLineRow] = field(default_factory=list)
    resource_costs: list[ResourceCostRow] = field(default_factory=list)
    heat_bands: tuple[int, int, int] = (4, 9, 15)  # upper limits of low, medium, high
    budget: BudgetSummary = field(default_factory=BudgetSummary)
    earned_value: EarnedValueData | None = None
    generated_at: datetime | None = None
    runbooks: list[RunbookLine] = field(default_factory=list)  # the cutover runbooks
    # issue 20: distribution list, decisions needed (who decides, by when), overdue actions
    governance: GovernanceFacts = field(default_factory=GovernanceFacts)

    def cell_band(self, probability: int, impact: int) -> str:
        """The band of one heat-map cell (the default limits when none were given)."""
        if self.heat_cell_bands is not None:
            return self.heat_cell_bands[probability - 1][impact - 1]
        return band_of(probability * impact, self.heat_bands)

    def heat_count(self, probability: int, impact: int) -> int:
        """Open risks in one cell of the 5x5 map (probability and impact 1..5)."""
        return self.heat_map[probability - 1][impact - 1]
