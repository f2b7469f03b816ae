"""The risk register as plain rows, plus the queries the Gantt, task dialog and weekly report
use: markers, top risks, trend since a date, heat-map counts, open issues, change requests.

Commands that change RAID records live in ``services.risks.commands`` (generic edits) and
``services.risks.actions`` (occurred -> issue, approve a change); they are re-exported here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from infradesk.model import (
    Assumption,
    ChangeIssue,
    ChangeRequest,
    ChangeRisk,
    Decision,
    ExternalDependency,
    Issue,
    IssueTask,
    Meeting,
    Risk,
    RiskAction,
    RiskHistory,
    RiskTask,
    Task,
)
from infradesk.model.base import Base
from infradesk.services.risks import scoring as rs
from infradesk.services.risks.actions import ApproveChange, RiskOccurred
from infradesk.services.risks.commands import (
    CreateRecord,
    DeleteRecords,
    EditRecord,
    SetLinks,
    next_code,
)
from infradesk.services.risks.fields import (
    AWAITING_CHANGE_STATUSES,
    CLOSED_DEPENDENCY_STATUSES,
    CLOSED_ISSUE_STATUSES,
    DECIDED_CHANGE_STATUSES,
    ISSUE_PRIORITIES,
    RaidEditError,
)
from infradesk.services.snapshot import table_of

__all__ = [
    "ApproveChange",
    "AssumptionRow",
    "ChangeRow",
    "CreateRecord",
    "DecisionRow",
    "DeleteRecords",
    "DependencyRow",
    "EditRecord",
    "Exposure",
    "HeatMap",
    "HistoryEntry",
    "IssueRow",
    "IssuesByPriority",
    "RaidEditError",
    "Register",
    "RiskOccurred",
    "RiskRow",
    "RiskTrend",
    "SetLinks",
    "TaskRisk",
    "TrendItem",
    "awaiting_decision",
    "changes_awaiting_decision",
    "changes_decided_since",
    "decided_since",
    "exposure",
    "heat_map",
    "issues_by_priority",
    "load_assumptions",
    "load_changes",
    "load_decisions",
    "load_dependencies",
    "load_issues",
    "load_register",
    "load_risks",
    "next_code",
    "open_issues_by_priority",
    "rank_open_first",
    "risk_markers",
    "risk_timeline",
    "task_risks",
    "top_risks",
    "trend_since",
]

UP, DOWN, STEADY, NEW = "up", "down", "steady", "new"
ARROWS = {UP: "▲", DOWN: "▼", STEADY: "→", NEW: "●", "": ""}


@dataclass(frozen=True)
class RiskRow:
    """One risk with its computed values, as plain data."""

    id: int
    code: str
    title: str
    kind: str
    category: str
    owner: str
    status: str
    raised: date | None
    proximity: date | None
    next_review: date | None
    probability: int
    impact: int
    score: int
    band: str
    residual_probability: int
    residual_impact: int
    residual_score: int
    residual_band: str
    cost_impact: Decimal
    schedule_impact_days: int
    emv: Decimal
    expected_days: Decimal
    response: str
    cause: str = ""
    event: str = ""
    effect: str = ""
    description: str = ""
    mitigation: str = ""
    contingency: str = ""
    trigger: str = ""
    open_actions: int = 0
    overdue_actions: int = 0
    review_overdue: bool = False
    trend: str = ""
    task_ids: tuple[int, ...] = ()
    task_names: tuple[str, ...] = ()
    issue_codes: tuple[str, ...] = ()
    score_before: int | None = None  # with ``since``: the score then (None: raised later)
    version: int = 0  # the row's version counter: an edit from this row expects it

    @property
    def is_open(self) -> bool:
        return rs.is_open(self.status)

    @property
    def scored(self) -> bool:
        """Probability and impact are both rated (an imported risk may have neither yet)."""
        return rs.is_scored(self.probability, self.impact)

    @property
    def arrow(self) -> str:
        return ARROWS.get(self.trend, "")


@dataclass(frozen=True)
class HistoryEntry:
    changed_on: date
    probability: int
    impact: int
    score: int
    residual_probability: int
    residual_impact: int
    status: str
    note: str


@dataclass(frozen=True)
class IssueRow:
    id: int
    code: str
    title: str
    category: str
    priority: str
    severity: str
    owner: str
    raised: date | None
    due: date | None
    status: str
    resolution: str
    resolved: date | None
    description: str
    risk_id: int | None
    risk_code: str
    task_ids: tuple[int, ...] = ()
    overdue: bool = False
    version: int = 0  # the row's version counter: an edit from this row expects it

    @property
    def is_open(self) -> bool:
        return self.status.lower() not in CLOSED_ISSUE_STATUSES


@dataclass(frozen=True)
class ChangeRow:
    id: int
    code: str
    title: str
    description: str
    change_type: str
    requested_by: str
    requested: date | None
    schedule_impact_days: int
    cost_impact: Decimal
    status: str
    decision_date: date | None
    approver: str
    itil_class: str
    cab_date: date | None
    baseline_id: int | None
    risk_ids: tuple[int, ...] = ()
    issue_ids: tuple[int, ...] = ()
    risk_codes: tuple[str, ...] = ()
    issue_codes: tuple[str, ...] = ()
    # issue 20: what a CAB asks for (see model.risk.ChangeRequest)
    cab_required: bool = False
    cab_outcome: str = ""
    implementation_plan: str = ""
    backout_plan: str = ""
    test_plan: str = ""
    risk_analysis: str = ""
    window_start: datetime | None = None
    window_finish: datetime | None = None
    services: str = ""
    implementer: str = ""
    task_id: int | None = None
    conflicts: tuple[str, ...] = ()  # filled by services.governance.change_log
    version: int = 0  # the row's version counter: an edit from this row expects it

    @property
    def is_open(self) -> bool:
        """Still needs attention: not rejected and not yet implemented."""
        return self.status not in ("rejected", "implemented")


@dataclass(frozen=True)
class Exposure:
    """What the open register adds up to: the contingency reserve a PM asks for."""

    threat_emv: Decimal
    opportunity_emv: Decimal
    schedule_days: Decimal  # probability-weighted working days of open threats
    worst_case_days: int
    open_risks: int

    @property
    def net_emv(self) -> Decimal:
        return self.threat_emv - self.opportunity_emv


@dataclass(frozen=True)
class HeatMap:
    """Open risks per (probability, impact) cell. ``unassessed`` counts the open risks kept
    off the grid: not scored yet (inherent map) or without a residual rating (residual map)."""

    residual: bool
    cells: dict[tuple[int, int], int]
    unassessed: int = 0

    def count(self, probability: int, impact: int) -> int:
        return self.cells.get((probability, impact), 0)


@dataclass(frozen=True)
class TrendItem:
    code: str
    title: str
    before: int | None  # score on the date; None if raised later
    now: int
    direction: str  # up / down / steady / new
    status: str


@dataclass(frozen=True)
class RiskTrend:
    since: date
    items: list[TrendItem] = field(default_factory=list)

    def count(self, direction: str) -> int:
        return sum(1 for i in self.items if i.direction == direction)


@dataclass(frozen=True)
class IssuesByPriority:
    counts: dict[str, int]
    issues: list[IssueRow]  # open issues, most urgent first


# ----------------------------------------------------------------------------------- loading


def _links(
    session: Session, link: type[Base], owner: str, other: str, ids: list[int]
) -> dict[int, list[int]]:
    found: dict[int, list[int]] = defaultdict(list)
    if ids:
        table = table_of(link)
        rows = session.execute(
            select(table.c[owner], table.c[other]).where(table.c[owner].in_(ids))
        )
        for owner_id, other_id in rows:
            found[owner_id].append(other_id)
    return found


def _direction(before: int | None, now: int) -> str:
    if before is None:
        return NEW
    return UP if now > before else DOWN if now < before else STEADY


def _scores_on(session: Session, risk_ids: list[int], on: date) -> dict[int, int]:
    """Each risk's inherent score as recorded on ``on`` (risks with no entry yet are left out)."""
    scores: dict[int, int] = {}
    if not risk_ids:
        return scores
    rows = session.scalars(
        select(RiskHistory)
        .where(RiskHistory.risk_id.in_(risk_ids), RiskHistory.changed_on <= on)
        .order_by(RiskHistory.changed_on, RiskHistory.id)
    )
    for entry in rows:
        scores[entry.risk_id] = entry.score
    return scores


def _trend_before(session: Session, risks: list[Risk], since: date) -> dict[int, int | None]:
    recorded = _scores_on(session, [r.id for r in risks], since)
    before: dict[int, int | None] = {}
    for risk in risks:
        if risk.id in recorded:
            before[risk.id] = recorded[risk.id]
        elif risk.raised is not None and risk.raised > since:
            before[risk.id] = None
        else:  # no history at all (older data): assume unchanged
            before[risk.id] = risk.score
    return before


def load_risks(
    session: Session, project_id: int, today: date | None = None, since: date | None = None
) -> list[RiskRow]:
    """Every risk of the project in code order; ``trend`` compares with ``since`` if given."""
    risks = list(
        session.scalars(select(Risk).where(Risk.project_id == project_id).order_by(Risk.code))
    )
    issue_codes: dict[int, list[str]] = defaultdict(list)
    for risk_id, code in session.execute(
        select(Issue.risk_id, Issue.code).where(
            Issue.project_id == project_id, Issue.risk_id.is_not(None)
        )
    ):
        if risk_id is not None:
            issue_codes[risk_id].append(code)
    return _risk_rows(
        session,
        risks,
        rs.load_settings(session, project_id),
        _task_names(session, project_id),
        issue_codes,
        today or date.today(),
        since,
    )


def _task_names(session: Session, project_id: int) -> dict[int, str]:
    return dict(
        session.execute(select(Task.id, Task.name).where(Task.project_id == project_id)).all()
    )


def _risk_rows(
    session: Session,
    risks: list[Risk],
    settings: rs.ScoringSettings,
    names: dict[int, str],
    issue_codes: dict[int, list[str]],
    today: date,
    since: date | None,
) -> list[RiskRow]:
    """Rows of ``risks`` (read by the caller); reads their task links, actions and, with
    ``since``, their history."""
    ids = [r.id for r in risks]
    tasks = _links(session, RiskTask, "risk_id", "task_id", ids)
    actions: dict[int, list[RiskAction]] = defaultdict(list)
    if ids:
        for action in session.scalars(select(RiskAction).where(RiskAction.risk_id.in_(ids))):
            actions[action.risk_id].append(action)
    before = _trend_before(session, risks, since) if since else {}
    rows = []
    for r in risks:
        open_actions = [a for a in actions[r.id] if not a.done]
        rows.append(
            RiskRow(
                id=r.id,
                code=r.code,
                title=r.title,
                kind=r.kind,
                category=r.category,
                owner=r.owner,
                status=r.status,
                raised=r.raised,
                proximity=r.proximity,
                next_review=r.next_review,
                probability=r.probability,
                impact=r.impact,
                score=r.score,
                band=settings.band(r.score),
                residual_probability=r.residual_probability,
                residual_impact=r.residual_impact,
                residual_score=r.residual_score,
                residual_band=settings.band(r.residual_score),
                cost_impact=Decimal(r.cost_impact or 0),
                schedule_impact_days=r.schedule_impact_days,
                emv=settings.emv(r.probability, Decimal(r.cost_impact or 0)),
                expected_days=settings.expected_days(r.probability, r.schedule_impact_days),
                response=r.response,
                cause=r.cause,
                event=r.event,
                effect=r.effect,
                description=r.description,
                mitigation=r.mitigation,
                contingency=r.contingency,
                trigger=r.trigger,
                open_actions=len(open_actions),
                overdue_actions=sum(1 for a in open_actions if a.due and a.due < today),
                review_overdue=bool(
                    rs.is_open(r.status) and r.next_review and r.next_review < today
                ),
                trend=_direction(before[r.id], r.score) if since else "",
                task_ids=tuple(sorted(tasks[r.id])),
                task_names=tuple(names.get(t, "?") for t in sorted(tasks[r.id])),
                issue_codes=tuple(sorted(issue_codes[r.id])),
                score_before=before.get(r.id),
                version=r.version,
            )
        )
    return rows


def load_actions(session: Session, risk_id: int) -> list[RiskAction]:
    return list(
        session.scalars(
            select(RiskAction)
            .where(RiskAction.risk_id == risk_id)
            .order_by(RiskAction.position, RiskAction.id)
        )
    )


def risk_timeline(session: Session, risk_id: int) -> list[HistoryEntry]:
    """A risk's recorded changes, oldest first."""
    return [
        HistoryEntry(
            changed_on=h.changed_on,
            probability=h.probability,
            impact=h.impact,
            score=h.score,
            residual_probability=h.residual_probability,
            residual_impact=h.residual_impact,
            status=h.status,
            note=h.note,
        )
        for h in session.scalars(
            select(RiskHistory)
            .where(RiskHistory.risk_id == risk_id)
            .order_by(RiskHistory.changed_on, RiskHistory.id)
        )
    ]


def load_issues(session: Session, project_id: int, today: date | None = None) -> list[IssueRow]:
    issues = list(
        session.scalars(select(Issue).where(Issue.project_id == project_id).order_by(Issue.code))
    )
    risk_codes = dict(
        session.execute(select(Risk.id, Risk.code).where(Risk.project_id == project_id)).all()
    )
    return _issue_rows(session, issues, risk_codes, today or date.today())


def _issue_rows(
    session: Session, issues: list[Issue], risk_codes: dict[int, str], today: date
) -> list[IssueRow]:
    """Rows of ``issues`` (read by the caller); reads their task links."""
    tasks = _links(session, IssueTask, "issue_id", "task_id", [i.id for i in issues])
    return [
        IssueRow(
            id=i.id,
            code=i.code,
            title=i.title,
            category=i.category,
            priority=i.priority,
            severity=i.severity,
            owner=i.owner,
            raised=i.raised,
            due=i.due,
            status=i.status,
            resolution=i.resolution,
            resolved=i.resolved,
            description=i.description,
            risk_id=i.risk_id,
            risk_code=risk_codes.get(i.risk_id, "") if i.risk_id else "",
            task_ids=tuple(sorted(tasks[i.id])),
            overdue=bool(i.status.lower() not in CLOSED_ISSUE_STATUSES and i.due and i.due < today),
            version=i.version,
        )
        for i in issues
    ]


def load_changes(session: Session, project_id: int) -> list[ChangeRow]:
    changes = list(
        session.scalars(
            select(ChangeRequest)
            .where(ChangeRequest.project_id == project_id)
            .order_by(ChangeRequest.code)
        )
    )
    risk_codes = dict(
        session.execute(select(Risk.id, Risk.code).where(Risk.project_id == project_id)).all()
    )
    issue_codes = dict(
        session.execute(select(Issue.id, Issue.code).where(Issue.project_id == project_id)).all()
    )
    return _change_rows(session, changes, risk_codes, issue_codes)


def _change_rows(
    session: Session,
    changes: list[ChangeRequest],
    risk_codes: dict[int, str],
    issue_codes: dict[int, str],
) -> list[ChangeRow]:
    """Rows of ``changes`` (read by the caller); reads their risk and issue links."""
    ids = [c.id for c in changes]
    risks = _links(session, ChangeRisk, "change_id", "risk_id", ids)
    issues = _links(session, ChangeIssue, "change_id", "issue_id", ids)
    return [
        ChangeRow(
            id=c.id,
            code=c.code,
            title=c.title,
            description=c.description,
            change_type=c.change_type,
            requested_by=c.requested_by,
            requested=c.requested,
            schedule_impact_days=c.schedule_impact_days,
            cost_impact=Decimal(c.cost_impact or 0),
            status=c.status,
            decision_date=c.decision_date,
            approver=c.approver,
            itil_class=c.itil_class,
            cab_date=c.cab_date,
            baseline_id=c.baseline_id,
            risk_ids=tuple(sorted(risks[c.id])),
            issue_ids=tuple(sorted(issues[c.id])),
            risk_codes=tuple(sorted(risk_codes.get(i, "?") for i in risks[c.id])),
            issue_codes=tuple(sorted(issue_codes.get(i, "?") for i in issues[c.id])),
            cab_required=bool(c.cab_required),
            cab_outcome=c.cab_outcome or "",
            implementation_plan=c.implementation_plan or "",
            backout_plan=c.backout_plan or "",
            test_plan=c.test_plan or "",
            risk_analysis=c.risk_analysis or "",
            window_start=c.window_start,
            window_finish=c.window_finish,
            services=c.services or "",
            implementer=c.implementer or "",
            task_id=c.task_id,
            version=c.version,
        )
        for c in changes
    ]


@dataclass(frozen=True)
class Register:
    """A project's risks, issues and change requests (each in code order), read together."""

    risks: list[RiskRow]
    issues: list[IssueRow]
    changes: list[ChangeRow]
    settings: rs.ScoringSettings


def load_register(
    session: Session,
    project_id: int,
    today: date,
    since: date | None = None,
    *,
    settings: rs.ScoringSettings | None = None,
    task_names: dict[int, str] | None = None,
) -> Register:
    """The RAID register for the weekly report with each table read once: the same rows as
    ``load_risks(..., since)``, ``load_issues`` and ``load_changes``. ``settings`` and
    ``task_names`` (task id -> name) spare reading them again when the caller has them."""
    settings = settings or rs.load_settings(session, project_id)
    if task_names is None:
        task_names = _task_names(session, project_id)
    risks = list(
        session.scalars(select(Risk).where(Risk.project_id == project_id).order_by(Risk.code))
    )
    issues = list(
        session.scalars(select(Issue).where(Issue.project_id == project_id).order_by(Issue.code))
    )
    changes = list(
        session.scalars(
            select(ChangeRequest)
            .where(ChangeRequest.project_id == project_id)
            .order_by(ChangeRequest.code)
        )
    )
    risk_codes = {r.id: r.code for r in risks}
    issue_codes = {i.id: i.code for i in issues}
    issues_of_risk: dict[int, list[str]] = defaultdict(list)
    for issue in issues:
        if issue.risk_id is not None:
            issues_of_risk[issue.risk_id].append(issue.code)
    return Register(
        _risk_rows(session, risks, settings, task_names, issues_of_risk, today, since),
        _issue_rows(session, issues, risk_codes, today),
        _change_rows(session, changes, risk_codes, issue_codes),
        settings,
    )


# ------------------------------------------------------------------------------ for others


def risk_markers(session: Session, project_id: int) -> dict[int, list[str]]:
    """Task id -> codes of the open risks linked to it (for the Gantt and the task dialog)."""
    rows = session.execute(
        select(RiskTask.task_id, Risk.code, Risk.status)
        .join(Risk, Risk.id == RiskTask.risk_id)
        .where(Risk.project_id == project_id)
        .order_by(Risk.code)
    )
    markers: dict[int, list[str]] = defaultdict(list)
    for task_id, code, status in rows:
        if rs.is_open(status):
            markers[task_id].append(code)
    return dict(markers)


def top_risks(
    session: Session, project_id: int, limit: int = 5, today: date | None = None
) -> list[RiskRow]:
    """The open risks with the highest score (then EMV, then code)."""
    return rank_open_first(load_risks(session, project_id, today))[:limit]


def rank_open_first(rows: list[RiskRow]) -> list[RiskRow]:
    """The open risks in :func:`top_risks` order (highest score, then EMV, then code), then
    the others in code order. Risks not scored yet (score 0) come after every scored one."""
    open_rows = sorted((r for r in rows if r.is_open), key=lambda r: (-r.score, -r.emv, r.code))
    return open_rows + sorted((r for r in rows if not r.is_open), key=lambda r: r.code)


def exposure(rows: list[RiskRow]) -> Exposure:
    open_rows = [r for r in rows if r.is_open]
    threats = [r for r in open_rows if r.kind != "opportunity"]
    return Exposure(
        threat_emv=sum((r.emv for r in threats), Decimal("0")),
        opportunity_emv=sum((r.emv for r in open_rows if r.kind == "opportunity"), Decimal("0")),
        schedule_days=sum((r.expected_days for r in threats), Decimal("0")),
        worst_case_days=sum(r.schedule_impact_days for r in threats),
        open_risks=len(open_rows),
    )


def heat_map_from_rows(rows: list[RiskRow], residual: bool = False) -> HeatMap:
    cells: dict[tuple[int, int], int] = defaultdict(int)
    unassessed = 0
    for row in rows:
        if not row.is_open:
            continue
        p, i = (
            (row.residual_probability, row.residual_impact)
            if residual
            else (row.probability, row.impact)
        )
        if not rs.is_scored(p, i):
            unassessed += 1
            continue
        cells[(p, i)] += 1
    return HeatMap(residual, dict(cells), unassessed)


def heat_map(session: Session, project_id: int, residual: bool = False) -> HeatMap:
    """Counts of open risks per probability x impact cell."""
    return heat_map_from_rows(load_risks(session, project_id), residual)


def trend_since(session: Session, project_id: int, since: date) -> RiskTrend:
    """How each risk's inherent score moved between ``since`` and now (open risks and those
    closed after ``since``), biggest movers first."""
    risks = list(session.scalars(select(Risk).where(Risk.project_id == project_id)))
    before = _trend_before(session, risks, since)
    statuses_then = {}
    for entry in session.scalars(
        select(RiskHistory)
        .where(RiskHistory.risk_id.in_([r.id for r in risks]), RiskHistory.changed_on <= since)
        .order_by(RiskHistory.changed_on, RiskHistory.id)
    ):
        statuses_then[entry.risk_id] = entry.status
    items = []
    for risk in risks:
        was_open = rs.is_open(statuses_then.get(risk.id, risk.status))
        if not rs.is_open(risk.status) and not (was_open and before[risk.id] is not None):
            continue
        items.append(
            TrendItem(
                risk.code,
                risk.title,
                before[risk.id],
                risk.score,
                _direction(before[risk.id], risk.score),
                risk.status,
            )
        )
    items.sort(key=lambda i: (-abs(i.now - (i.before or 0)), i.code))
    return RiskTrend(since, items)


def open_issues_by_priority(session: Session, project_id: int) -> IssuesByPriority:
    return issues_by_priority(load_issues(session, project_id))


def issues_by_priority(rows: list[IssueRow]) -> IssuesByPriority:
    """The open ones of ``rows``, most urgent first, and their count per priority."""
    order = {p: n for n, p in enumerate(reversed(ISSUE_PRIORITIES))}  # critical first
    issues = [i for i in rows if i.is_open]
    issues.sort(key=lambda i: (order.get(i.priority, 9), i.due or date.max, i.code))
    counts = {p: sum(1 for i in issues if i.priority == p) for p in reversed(ISSUE_PRIORITIES)}
    return IssuesByPriority(counts, issues)


def changes_awaiting_decision(session: Session, project_id: int) -> list[ChangeRow]:
    return awaiting_decision(load_changes(session, project_id))


def awaiting_decision(rows: list[ChangeRow]) -> list[ChangeRow]:
    return [c for c in rows if c.status in AWAITING_CHANGE_STATUSES]


def changes_decided_since(session: Session, project_id: int, since: date) -> list[ChangeRow]:
    return decided_since(load_changes(session, project_id), since)


def decided_since(rows: list[ChangeRow], since: date) -> list[ChangeRow]:
    return [
        c
        for c in rows
        if c.status in DECIDED_CHANGE_STATUSES and c.decision_date and c.decision_date >= since
    ]


@dataclass(frozen=True)
class AssumptionRow:
    id: int
    code: str
    title: str
    rationale: str
    validate_by: date | None
    owner: str
    impact_if_false: str
    status: str

    @property
    def is_open(self) -> bool:
        return self.status in ("open",)


@dataclass(frozen=True)
class DecisionRow:
    id: int
    code: str
    title: str
    decided_on: date | None
    decided_by: str
    rationale: str
    change_id: int | None
    change_code: str
    needed_by: date | None = None
    meeting_id: int | None = None
    meeting_code: str = ""

    @property
    def pending(self) -> bool:
        """Not taken yet: a decision needed (no date)."""
        return self.decided_on is None

    @property
    def is_open(self) -> bool:
        """A pending decision is the log's open record ("Pending only" shows them)."""
        return self.pending


def load_assumptions(session: Session, project_id: int) -> list[AssumptionRow]:
    return [
        AssumptionRow(
            a.id, a.code, a.title, a.rationale, a.validate_by, a.owner, a.impact_if_false, a.status
        )
        for a in session.scalars(
            select(Assumption).where(Assumption.project_id == project_id).order_by(Assumption.code)
        )
    ]


def load_decisions(session: Session, project_id: int) -> list[DecisionRow]:
    meetings: dict[int, str] = {
        meeting_id: code
        for meeting_id, code in session.execute(
            select(Meeting.id, Meeting.code).where(Meeting.project_id == project_id)
        )
    }
    codes = dict(
        session.execute(
            select(ChangeRequest.id, ChangeRequest.code).where(
                ChangeRequest.project_id == project_id
            )
        ).all()
    )
    return [
        DecisionRow(
            d.id,
            d.code,
            d.title,
            d.decided_on,
            d.decided_by,
            d.rationale,
            d.change_id,
            codes.get(d.change_id, "") if d.change_id else "",
            d.needed_by,
            d.meeting_id,
            meetings.get(d.meeting_id, "") if d.meeting_id else "",
        )
        for d in session.scalars(
            select(Decision).where(Decision.project_id == project_id).order_by(Decision.code)
        )
    ]


@dataclass(frozen=True)
class DependencyRow:
    """An external dependency: what the project needs from outside its plan, by when."""

    id: int
    code: str
    title: str
    dependency_type: str
    dependent_on: str
    external_party: str
    owner: str
    required_by: date | None
    status: str
    impact_if_late: str
    mitigation: str
    remarks: str
    overdue: bool = False  # still awaited after the date it was required by

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED_DEPENDENCY_STATUSES


def load_dependencies(
    session: Session, project_id: int, today: date | None = None
) -> list[DependencyRow]:
    """The project's external dependencies in code order."""
    today = today or date.today()
    return [
        DependencyRow(
            id=x.id,
            code=x.code,
            title=x.title,
            dependency_type=x.dependency_type,
            dependent_on=x.dependent_on,
            external_party=x.external_party,
            owner=x.owner,
            required_by=x.required_by,
            status=x.status,
            impact_if_late=x.impact_if_late,
            mitigation=x.mitigation,
            remarks=x.remarks,
            overdue=bool(
                x.status not in CLOSED_DEPENDENCY_STATUSES
                and x.required_by is not None
                and x.required_by < today
            ),
        )
        for x in session.scalars(
            select(ExternalDependency)
            .where(ExternalDependency.project_id == project_id)
            .order_by(ExternalDependency.code)
        )
    ]


@dataclass(frozen=True)
class TaskRisk:
    """A risk linked to a task, for the task dialog."""

    id: int
    code: str
    title: str
    score: int
    band: str
    status: str
    owner: str

    @property
    def is_open(self) -> bool:
        return rs.is_open(self.status)

    @property
    def scored(self) -> bool:
        return self.score > 0


def task_risks(session: Session, task_id: int, open_only: bool = False) -> list[TaskRisk]:
    """The risks linked to one task, highest score first."""
    risks = list(
        session.scalars(
            select(Risk)
            .join(RiskTask, RiskTask.risk_id == Risk.id)
            .where(RiskTask.task_id == task_id)
        )
    )
    if not risks:
        return []
    settings = rs.load_settings(session, risks[0].project_id)
    found = [
        TaskRisk(r.id, r.code, r.title, r.score, settings.band(r.score), r.status, r.owner)
        for r in risks
        if not open_only or rs.is_open(r.status)
    ]
    return sorted(found, key=lambda r: (not r.is_open, -r.score, r.code))
