"""The plain facts of a project's weekly status, read from the workspace database.

``collect_facts`` reads each table once and keeps only plain values (``ProjectFacts``); the RAG
rules (``services.status.rules``) judge them and ``services.status.report`` turns them into the
``ReportData`` the renderer draws. Nothing here keeps an ORM object beyond the session, and
nothing in ``infradesk.report`` sees one.

The report never re-reads the RAID or vendor tables with rules of its own: risks, issues and
change requests come from ``services.risks.queries.load_register`` (bands from the project's
risk settings), the vendor windows from ``services.vendors.queries`` and the money from
``services.vendors.money``, so the report and the Risks and Vendors tabs always agree. Money
stays ``Decimal`` here; the report's pages write it.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from infradesk.model import Assignment, BaselineTask, Project, Resource, Task, Vendor
from infradesk.report.data import (
    AttentionRow,
    BudgetLineRow,
    BudgetSummary,
    ChangeRow,
    DeliveryRow,
    EarnedValueData,
    GanttData,
    GanttRow,
    IssueRow,
    LateRow,
    MilestoneRow,
    NoticeRow,
    ResourceCostRow,
    RiskExposure,
    RiskRow,
    SpendRow,
    TaskLine,
)
from infradesk.report.governance_data import GovernanceFacts
from infradesk.schedule.calendar import CalendarError, WorkingCalendar
from infradesk.schedule.engine import CycleError, PlanInput, schedule
from infradesk.services.governance.distribution import governance_facts
from infradesk.services.plan import scheduling
from infradesk.services.plan.baselines import current_baseline
from infradesk.services.plan.earned_value import measured_moment
from infradesk.services.risks import queries as risk_service
from infradesk.services.risks.fields import APPROVED_CHANGE_STATUSES, AWAITING_CHANGE_STATUSES
from infradesk.services.risks.scoring import (
    CLOSED_RISK_STATUSES,
    DEFAULT_SETTINGS,
    ScoringSettings,
    load_settings,
)
from infradesk.services.status.evm import (
    EvmTaskFacts,
    compute_earned_value,
    invoiced_per_task,
)
from infradesk.services.vendors import gates as vendor_gates
from infradesk.services.vendors import money as vendor_money
from infradesk.services.vendors import queries as vendors

CLOSED_RISK_STATES = CLOSED_RISK_STATUSES
PENDING_CHANGE_STATES = AWAITING_CHANGE_STATUSES
APPROVED_CHANGE_STATES = APPROVED_CHANGE_STATUSES
ZERO = Decimal("0.00")
LOOKAHEAD_DAYS = 14
DUE_DAYS = vendors.DUE_HORIZON_DAYS  # deliveries due within 14 days (or late)
NOTICE_DAYS = vendors.NOTICE_HORIZON_DAYS  # notice deadlines within 60 days
# attention items the delivery and notice tables do not already show
EXTRA_ATTENTION_KINDS = frozenset({"expired", "over"})


@dataclass(slots=True)
class TaskFact:
    """A task as plain values, with its outline position and baseline."""

    id: int
    parent_id: int | None
    name: str
    owner: str
    start: datetime | None
    finish: datetime | None
    percent_complete: float
    milestone: bool
    duration_minutes: int
    deadline: datetime | None
    level: int = 0
    wbs: str = ""
    summary: bool = False
    critical: bool = False
    baseline_start: datetime | None = None
    baseline_finish: datetime | None = None
    baseline_minutes: int | None = None
    baseline_cost: Decimal = Decimal(0)
    actual_start: datetime | None = None
    actual_finish: datetime | None = None
    cost: Decimal = Decimal(0)
    actual_cost: Decimal = Decimal(0)

    @property
    def done(self) -> bool:
        """Finished: an actual finish, or 100 % in data recorded before actual dates existed."""
        return self.actual_finish is not None or self.percent_complete >= 100

    @property
    def started(self) -> bool:
        return self.done or self.actual_start is not None or self.percent_complete > 0

    @property
    def finished_at(self) -> datetime | None:
        """When the task really finished (its scheduled finish for a 100 % task without an
        actual finish); None while it is not finished."""
        if self.actual_finish is not None:
            return self.actual_finish
        return self.finish if self.percent_complete >= 100 else None

    @property
    def evm(self) -> EvmTaskFacts:
        return EvmTaskFacts(
            id=self.id,
            parent_id=self.parent_id,
            summary=self.summary,
            percent_complete=self.percent_complete,
            actual_start=self.actual_start,
            actual_finish=self.actual_finish,
            actual_cost=self.actual_cost,
            baseline_start=self.baseline_start,
            baseline_finish=self.baseline_finish,
            baseline_cost=self.baseline_cost,
            name=self.name,
            baseline_minutes=self.baseline_minutes or 0,
        )


@dataclass(slots=True)
class ProjectFacts:
    """Everything the RAG rules and the report need, read once from the database.

    ``risks`` holds every risk (open or not) in the Risks tab's "top risks" order: highest
    score, then EMV, then code. Each row's ``band`` comes from ``settings``.
    """

    project_id: int
    name: str
    manager: str
    currency: str
    as_of: date
    status_date: datetime | None
    tasks: list[TaskFact]  # outline order
    has_baseline: bool
    risks: list[RiskRow]
    issues: list[IssueRow] | None  # open issues, most urgent first; None: no issue log
    changes: list[ChangeRow] | None  # every change request (code order); None: no change log
    # issue 20: an open change request with a window or plan task, or a production-change
    # task: something change conflicts could flag (else the report skips that workspace read)
    change_work: bool = False
    settings: ScoringSettings = DEFAULT_SETTINGS
    exposure: RiskExposure | None = None
    heat_map: list[list[int]] = field(default_factory=lambda: [[0] * 5 for _ in range(5)])
    unassessed_risks: int = 0
    issue_counts: dict[str, int] = field(default_factory=dict)
    has_vendors: bool = False
    deliveries: list[DeliveryRow] = field(default_factory=list)
    notices: list[NoticeRow] = field(default_factory=list)
    attention: list[AttentionRow] = field(default_factory=list)
    spend: list[SpendRow] = field(default_factory=list)
    budget_lines: list[BudgetLineRow] = field(default_factory=list)
    resource_costs: list[ResourceCostRow] = field(default_factory=list)
    budget: BudgetSummary = field(default_factory=BudgetSummary)
    # the moment progress is measured at: the project's status date when the report is of
    # that day, else the end of the as-of day
    status_moment: datetime | None = None
    baseline_name: str = ""
    earned_value: EarnedValueData | None = None
    # issue 20: distribution list, decisions needed, overdue actions
    governance: GovernanceFacts = field(default_factory=GovernanceFacts)

    @property
    def moment(self) -> datetime:
        return self.status_moment or as_of_moment(self.as_of)

    @property
    def heat_bands(self) -> tuple[int, int, int]:
        """Upper limits of the low, medium and high bands of this project."""
        return self.settings.low_max, self.settings.medium_max, self.settings.high_max

    @property
    def open_risks(self) -> list[RiskRow]:
        return [r for r in self.risks if r.status.lower() not in CLOSED_RISK_STATES]

    @property
    def milestones(self) -> list[TaskFact]:
        return [t for t in self.tasks if t.milestone]


def default_as_of(session: Session, project_id: int) -> date:
    """The project's status date, or today when it has none."""
    project = session.get(Project, project_id)
    if project is not None and project.status_date is not None:
        return project.status_date.date()
    return date.today()


# ---------------------------------------------------------------------------------- tasks


@dataclass(slots=True)
class _Plan:
    """The tasks read once: as facts in outline order, and as the engine's input."""

    facts: dict[int, TaskFact]
    ordered: list[TaskFact]
    engine_rows: Sequence[Sequence[Any]]  # ``scheduling.TASK_INPUT_COLUMNS`` in outline order
    has_baseline: bool
    baseline_name: str = ""
    # the project's assignments with their resources, read once (planned costs, resource costs)
    assignments: list[_AssignmentFact] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _AssignmentFact:
    task_id: int
    resource_id: int
    name: str
    kind: str
    label: str
    units: float
    work_minutes: int
    cost: Decimal


def _load_tasks(session: Session, project_id: int) -> _Plan:
    """The project's tasks with their outline position, progress and baseline: the one
    chosen for earned value, else the latest."""
    rows = session.execute(
        select(
            *scheduling.TASK_INPUT_COLUMNS,
            Task.position,
            Task.owner,
            Task.start,
            Task.finish,
            Task.actual_start.label("fact_actual_start"),
            Task.actual_finish.label("fact_actual_finish"),
            Task.cost.label("fact_cost"),
            Task.actual_cost.label("fact_actual_cost"),
        ).where(Task.project_id == project_id)
    ).all()
    children: dict[int | None, list[tuple[int, int]]] = {}
    facts: dict[int, TaskFact] = {}
    # planned cost = fixed + assignments (without reading the tasks again)
    assignments = _read_assignments(session, {r.id for r in rows})
    assigned: dict[int, Decimal] = {}
    for a in assignments:
        assigned[a.task_id] = assigned.get(a.task_id, ZERO) + a.cost
    for r in rows:
        children.setdefault(r.parent_id, []).append((r.position, r.id))
        facts[r.id] = TaskFact(
            id=r.id,
            parent_id=r.parent_id,
            name=r.name,
            owner=r.owner or "",
            start=r.start,
            finish=r.finish,
            percent_complete=float(r.percent_complete or 0),
            milestone=bool(r.milestone),
            duration_minutes=r.duration_minutes or 0,
            deadline=r.deadline,
            actual_start=r.fact_actual_start,
            actual_finish=r.fact_actual_finish,
            cost=(r.fact_cost or ZERO) + assigned.get(r.id, ZERO),
            actual_cost=r.fact_actual_cost or ZERO,
        )
    engine_rows = sorted(rows, key=lambda r: (r.position, r.id))
    ordered: list[TaskFact] = []
    stack: list[tuple[int, int, str]] = [
        (task_id, 0, str(n))
        for n, (_, task_id) in reversed(list(enumerate(sorted(children.get(None, [])), 1)))
    ]
    while stack:
        task_id, level, wbs = stack.pop()
        fact = facts[task_id]
        fact.level, fact.wbs = level, wbs
        kids = sorted(children.get(task_id, []))
        fact.summary = bool(kids)
        ordered.append(fact)
        for n, (_, child) in reversed(list(enumerate(kids, 1))):
            stack.append((child, level + 1, f"{wbs}.{n}"))
    # orphans (a parent in another project would be a data error) still show, at the end
    seen = {f.id for f in ordered}
    ordered.extend(f for f in facts.values() if f.id not in seen)

    # the baseline the plan is compared with (Project > Baselines...), in one read
    chosen = session.execute(current_baseline(project_id)).first()
    if chosen is not None:
        for task_id, start, finish, minutes, cost in session.execute(
            select(
                BaselineTask.task_id,
                BaselineTask.start,
                BaselineTask.finish,
                BaselineTask.duration_minutes,
                BaselineTask.cost,
            ).where(BaselineTask.baseline_id == chosen.id)
        ):
            baselined = facts.get(task_id)
            if baselined is not None:
                baselined.baseline_start, baselined.baseline_finish = start, finish
                baselined.baseline_minutes = minutes
                baselined.baseline_cost = cost or ZERO
    return _Plan(
        facts,
        ordered,
        engine_rows,
        chosen is not None,
        chosen.name if chosen is not None else "",
        assignments,
    )


def _read_assignments(session: Session, task_ids: Collection[int]) -> list[_AssignmentFact]:
    """The assignments of these tasks (already read) with their resources: one pass over the
    assignment table, no second read of the tasks."""
    rows = session.execute(
        select(
            Assignment.task_id,
            Resource.id,
            Resource.name,
            Resource.kind,
            Resource.material_label,
            Assignment.units,
            Assignment.work_minutes,
            Assignment.cost,
        ).join(Resource, Resource.id == Assignment.resource_id)
    )
    return [
        _AssignmentFact(
            task_id, resource_id, name, kind, label or "", float(units or 0), int(work or 0),
            cost if isinstance(cost, Decimal) else Decimal(str(cost or 0)),
        )
        for task_id, resource_id, name, kind, label, units, work, cost in rows
        if task_id in task_ids
    ]


def _mark_critical(
    session: Session, project: Project, plan: _Plan, gating: list[vendor_gates.GatingRow]
) -> WorkingCalendar:
    """Critical flags from the schedule engine (computed here, never written back); returns
    the project's calendar."""
    calendar = scheduling.calendar_of(session, project.id)
    gates = vendor_gates.gates_of(gating, calendar)
    inputs = [scheduling.task_input(row, gates) for row in plan.engine_rows]
    links = scheduling.link_inputs(session, project.id)
    plan_input = PlanInput(
        project.start,
        calendar,
        inputs,
        links,
        status_date=project.status_date,
        reschedule_after_status=project.reschedule_after_status,
    )
    try:
        critical = schedule(plan_input).critical_ids
    except (CycleError, CalendarError):  # a plan the engine rejects still gets its report
        return calendar
    for task_id in critical:
        fact = plan.facts.get(task_id)
        if fact is not None:
            fact.critical = True
    return calendar


# ---------------------------------------------------------------------------------- risks etc.


def risk_row(row: risk_service.RiskRow) -> RiskRow:
    """The one conversion of a register row into the report's row (trend set later)."""
    return RiskRow(
        code=row.code,
        title=row.title,
        owner=row.owner or "",
        probability=row.probability,
        impact=row.impact,
        status=row.status,
        response=row.response or "",
        band=row.band,
        kind=row.kind,
        emv=row.emv,
        expected_days=row.expected_days,
        previous_score=row.score_before,
    )


def heat_cell_bands(settings: ScoringSettings) -> list[list[str]]:
    """The band of every heat-map cell [probability-1][impact-1] under ``settings``."""
    return [[settings.band(p * i) for i in range(1, 6)] for p in range(1, 6)]


def issue_row(row: risk_service.IssueRow) -> IssueRow:
    return IssueRow(row.code, row.title, row.priority, row.owner or "", row.status, row.due)


def change_row(row: risk_service.ChangeRow) -> ChangeRow:
    return ChangeRow(
        code=row.code,
        title=row.title,
        status=row.status,
        requested=row.requested,
        decided=row.decision_date,
        schedule_days=row.schedule_impact_days,
        cost=row.cost_impact,
    )


def _load_raid(
    facts: ProjectFacts, session: Session, task_names: dict[int, str], since: date | None
) -> list[vendor_money.ApprovedChange]:
    """Risks (exposure, heat map), open issues and change requests, exactly as the Risks tab
    computes them, from one read of the register. With ``since`` each risk row carries its
    score on that day (``previous_score``). Returns the approved changes whose cost impact
    is part of the budget (for the money, without reading the change requests again)."""
    register = risk_service.load_register(
        session,
        facts.project_id,
        facts.as_of,
        since,
        settings=facts.settings,
        task_names=task_names,
    )
    rows = register.risks
    facts.risks = [risk_row(r) for r in risk_service.rank_open_first(rows)]
    found = risk_service.exposure(rows)
    facts.exposure = RiskExposure(
        found.threat_emv, found.opportunity_emv, found.schedule_days, found.worst_case_days
    )
    heat = risk_service.heat_map_from_rows(rows)
    facts.heat_map = [[heat.count(p, i) for i in range(1, 6)] for p in range(1, 6)]
    facts.unassessed_risks = heat.unassessed
    issues = risk_service.issues_by_priority(register.issues)
    facts.issues = [issue_row(i) for i in issues.issues]
    facts.issue_counts = dict(issues.counts)
    facts.changes = [change_row(c) for c in register.changes]
    facts.change_work = facts.change_work or any(
        c.is_open and (c.window_start is not None or c.task_id is not None)
        for c in register.changes
    )
    return vendor_money.approved_of(register.changes)


# ---------------------------------------------------------------------------------- vendors


def _load_vendor_matters(
    facts: ProjectFacts,
    session: Session,
    tree: list[Vendor],
    task_names: dict[int, str],
    spend: vendor_money.SpendReport,
) -> None:
    """Deliveries due within 14 days or late, notice deadlines within 60 days, and the
    attention items the two tables do not cover (``services.vendors.queries``), from the
    vendor tree loaded once."""
    pid, today = facts.project_id, facts.as_of
    facts.deliveries = [
        DeliveryRow(
            vendor=d.vendor,
            description=d.description,
            promised=d.promised,
            actual=None,
            status=d.status,
            late=d.late,
            quantity=d.quantity,
            task=d.task,
            days_late=d.days_late,
        )
        for d in vendors.deliveries_due(
            session, pid, today, days=DUE_DAYS, vendors=tree, task_names=task_names
        )
    ]
    facts.notices = [
        NoticeRow(
            vendor=n.vendor,
            contract=" · ".join(part for part in (n.number, n.title) if part)
            + (" (draft)" if n.draft else ""),
            end=n.end,
            notice_by=n.deadline,
            days_left=n.days_left,
            notice=n.notice,
            renewal=n.renewal,
        )
        for n in vendors.notice_deadlines(session, pid, today, days=NOTICE_DAYS, vendors=tree)
    ]
    facts.attention = [
        AttentionRow(
            vendor=item.vendor,
            kind=item.kind,
            subject=item.subject,
            contract=item.contract_title,
            day=item.day,
            ordered=item.ordered,
            value=item.value,
            currency=item.currency,
            severity=item.severity,
            pending=item.pending,
        )
        for item in vendors.attention_items(
            session, pid, today, NOTICE_DAYS, DUE_DAYS, vendors=tree, spend=spend
        )
        if item.kind in EXTRA_ATTENTION_KINDS
    ]


def _money_or_none(value: Decimal) -> Decimal | None:
    return value if value != ZERO else None


def load_money(facts: ProjectFacts, report: vendor_money.SpendReport) -> None:
    """Spend per vendor, budget lines and the project's totals (``vendor_money.spend_report``).

    Amounts in other currencies are never added (no exchange rate offline): they get rows of
    their own in the tables and a note in the budget section.
    """
    currency = facts.currency
    facts.has_vendors = bool(report.vendors)
    spend = []
    for vendor in report.vendors:
        for totals in vendor.totals:
            if not (totals.contract_value or totals.committed or totals.invoiced):
                continue
            name = (
                vendor.name if totals.currency == currency else f"{vendor.name} ({totals.currency})"
            )
            spend.append(
                SpendRow(
                    name,
                    _money_or_none(totals.contract_value),
                    _money_or_none(totals.committed),
                    _money_or_none(totals.invoiced),
                    _money_or_none(totals.paid),
                    currency=totals.currency,
                )
            )
    facts.spend = spend
    facts.budget_lines = [
        BudgetLineRow(
            " – ".join(part for part in (line.category.capitalize(), line.description) if part)
            or f"Line {line.id}",
            line.amount,
            line.committed,
            line.invoiced,
            line.paid,
            currency=line.currency,
        )
        for line in report.budget_lines
    ]
    summary = BudgetSummary(currency=currency)
    main = next((t for t in report.project if t.currency == currency), None)
    others = [t for t in report.project if t.currency != currency]
    has_orders = any(t.committed or t.invoiced for vendor in report.vendors for t in vendor.totals)
    if main is not None:
        summary.budget = main.budget if main.has_budget else None
        if has_orders:
            summary.committed = main.committed
            summary.actual = main.invoiced if main.invoiced > 0 else None
            summary.paid = main.paid if main.paid > 0 else None
        elif main.contract_value > 0:
            summary.notes.append(
                f"No purchase orders yet: contracts total {_plain_money(main.contract_value)} "
                f"{currency}, not counted as committed until ordered."
            )
    for totals in others:
        summary.notes.append(
            f"Not included (in {totals.currency}, no exchange rate offline): "
            + ", ".join(
                f"{label} {_plain_money(value)}"
                for label, value in (
                    ("budget", totals.budget),
                    ("committed", totals.committed),
                    ("invoiced", totals.invoiced),
                )
                if value
            )
            + "."
        )
    for totals in report.unbudgeted_committed:
        if totals.committed:
            summary.notes.append(
                f"{_plain_money(totals.committed)} {totals.currency} of committed orders are "
                "not charged to a budget line."
            )
    if main is not None:
        summary.contracted = main.contract_value if main.contract_value > 0 else None
        if main.approved_changes:
            codes = ", ".join(c.code for c in report.approved_changes)
            summary.notes.append(
                f"The budget includes {_plain_money(main.approved_changes)} {currency} of "
                f"approved change requests ({codes})."
            )
        if main.contract_draft:
            summary.notes.append(
                f"Contracts include {_plain_money(main.contract_draft)} {currency} in draft "
                "contracts."
            )
    summary.warnings = [
        f"{'Contracts' if warning.by_contracts else 'Committed orders'} exceed the budget "
        f"by {_plain_money(warning.excess)} {currency}: {_warning_detail(warning)}."
        for warning in vendor_money.budget_warnings(report)
        if warning.currency == currency
    ]
    if summary.budget is not None:
        summary.forecast = vendor_money.forecast_at_completion(report, currency)
    facts.budget = summary


def _warning_detail(warning: vendor_money.BudgetWarning) -> str:
    """The figures of a budget warning in the report's whole units."""
    draft = (
        f" (incl. {_plain_money(warning.contract_draft)} draft)" if warning.contract_draft else ""
    )
    changes = (
        f" incl. {_plain_money(warning.approved_changes)} of approved changes"
        if warning.approved_changes
        else ""
    )
    return (
        f"contracts total {_plain_money(warning.contracted)}{draft}, committed orders "
        f"{_plain_money(warning.committed)}, against a budget of "
        f"{_plain_money(warning.budget)}{changes}"
    )


def _plain_money(value: Decimal) -> str:
    return f"{value:,.0f}".replace(",", "\u202f")


# ---------------------------------------------------------------------------------- facts


def collect_facts(
    session: Session,
    project_id: int,
    as_of: date | None = None,
    since: date | None = None,
    now: datetime | None = None,
) -> ProjectFacts:
    """Read one project's plan, risks, vendors and money as plain values, each table once.
    With ``since`` (the previous report's date) each risk row carries its score on that day.
    Progress is measured at ``earned_value.measured_moment`` (``now`` stands for the clock), the
    moment the Cost tab uses too."""
    project = session.get(Project, project_id)
    if project is None:
        raise scheduling.ProjectNotFound(
            f"There is no project with id {project_id} in this workspace."
        )
    as_of = as_of or default_as_of(session, project_id)
    plan = _load_tasks(session, project_id)
    tree = vendors.load_vendors(session, project_id)
    calendar = _mark_critical(session, project, plan, vendor_gates.gating_rows_of(tree))
    facts = ProjectFacts(
        project_id=project.id,
        name=project.name,
        manager=project.manager or "",
        currency=project.currency,
        as_of=as_of,
        status_date=project.status_date,
        tasks=plan.ordered,
        has_baseline=plan.has_baseline,
        risks=[],
        issues=None,
        changes=None,
        settings=load_settings(session, project_id),
        status_moment=measured_moment(project.status_date, calendar, as_of, now),
        baseline_name=plan.baseline_name,
        change_work=any(getattr(row, "production_change", False) for row in plan.engine_rows),
    )
    task_names = {task_id: fact.name for task_id, fact in plan.facts.items()}
    approved = _load_raid(facts, session, task_names, since)
    spend = vendor_money.spend_report(session, project_id, vendors=tree, changes=approved)
    _load_vendor_matters(facts, session, tree, task_names, spend)
    load_money(facts, spend)
    facts.resource_costs = resource_costs(plan.assignments)
    facts.governance = governance_facts(session, project_id, as_of)
    orders = (order for vendor in tree for order in vendor.orders)
    _earned_value(facts, invoiced_per_task(orders, project.currency), calendar)
    return facts


def resource_costs(assignments: Sequence[_AssignmentFact]) -> list[ResourceCostRow]:
    """Each assigned resource's planned work and cost on the project, costliest first."""
    totals: dict[int, list[Any]] = {}
    for a in assignments:
        entry = totals.setdefault(a.resource_id, [a.name, a.kind, a.label, 0, ZERO, 0.0])
        entry[3] += a.work_minutes
        entry[4] += a.cost
        entry[5] += a.units
    found = [
        ResourceCostRow(
            name=name,
            kind=kind,
            work_minutes=int(work) if kind == "work" else 0,
            cost=cost.quantize(Decimal("0.01")),
            quantity=float(units) if kind == "material" else 0.0,
            label=label,
        )
        for name, kind, label, work, cost, units in totals.values()
    ]
    return sorted(found, key=lambda r: (-r.cost, r.name.casefold()))


def as_of_moment(as_of: date) -> datetime:
    """The as-of date as the end of that day: work finished on it counts as done."""
    return datetime.combine(as_of, time(23, 59))


def _earned_value(
    facts: ProjectFacts, invoiced: dict[int, Decimal], calendar: WorkingCalendar
) -> None:
    """SPI, CPI and earned schedule from earned value against the baseline (never from the
    vendor invoices: see ``services.status.evm``); the forecast at completion from the budget
    lines."""
    budget = facts.budget
    if not facts.has_baseline:
        budget.notes.append("Earned value not shown: no baseline has been saved for this project.")
    else:
        found = compute_earned_value(
            [t.evm for t in facts.tasks], invoiced, facts.moment, calendar, facts.baseline_name
        )
        ev = found.data
        if ev is None:
            budget.notes.append(found.message)
        elif ev.by_work:
            facts.earned_value = ev
            budget.spi = ev.spi
            budget.earned_percent = float(100 * ev.ev / ev.bac)
            budget.planned_percent = float(100 * ev.pv / ev.bac)
            budget.notes.append(
                f"The baseline '{ev.baseline}' carries no cost: SPI and SPI(t) weigh each task "
                "by its baseline working time; CPI needs task costs (enter them, then save a "
                "baseline)."
            )
        else:
            facts.earned_value = ev
            budget.spi, budget.cpi = ev.spi, ev.cpi
            budget.earned_percent = float(100 * ev.ev / ev.bac)
            budget.planned_percent = float(100 * ev.pv / ev.bac)
            budget.notes.append(
                f"Earned value against the baseline '{ev.baseline}' as of "
                f"{ev.status_date:%d %b %Y %H:%M}: SPI = EV / PV, CPI = EV / AC, where AC is "
                "the actual cost of the work performed (task actual costs and the invoices of "
                "orders for tasks that have started)."
            )
        if found.advance_invoices > 0:
            budget.notes.append(
                f"{_plain_money(found.advance_invoices)} {facts.currency} invoiced for tasks "
                "that have not started is not counted as actual cost (paid ahead of the work)."
            )
    if budget.budget is None:
        budget.notes.append(
            "Forecast at completion not shown: no budget is recorded (add budget lines on the "
            "Vendors tab)."
        )
        return
    budget.notes.append(
        "Forecast at completion = the larger of each budget line's budget and its committed "
        "orders (plus orders outside any line and approved changes)."
    )


# ---------------------------------------------------------------------------------- rows


def milestone_rows(facts: ProjectFacts, moved: dict[int, int] | None = None) -> list[MilestoneRow]:
    """Milestones by date: baseline, forecast (the current plan), actual (the actual finish)
    and variance in calendar days (actual, else forecast, minus baseline)."""
    rows: list[tuple[datetime, MilestoneRow]] = []
    moment = facts.moment
    for task in facts.milestones:
        actual = task.finished_at
        current = actual or task.finish
        variance = None
        if task.baseline_finish is not None and current is not None:
            variance = (current.date() - task.baseline_finish.date()).days
        late_deadline = (
            task.deadline is not None and current is not None and current > task.deadline
        )
        due = task.baseline_finish or task.finish
        if actual is not None:
            status = "Done late" if variance and variance > 0 else "Done"
        elif due is not None and due < moment:
            status = "Overdue"
        elif variance and variance > 0:
            status = "Slipped"
        elif late_deadline:
            status = "At risk: after deadline"
        else:
            status = "On track"
        slipped = bool(variance and variance > 0) or status == "Overdue" or late_deadline
        rows.append(
            (
                current or datetime.max,
                MilestoneRow(
                    task.name,
                    task.baseline_finish,
                    task.finish,
                    actual,
                    variance,
                    status,
                    slipped=slipped,
                    moved_days=(moved or {}).get(task.id),
                ),
            )
        )
    rows.sort(key=lambda item: item[0])
    return [row for _, row in rows]


def done_lines(facts: ProjectFacts, period_start: date, period_end: date) -> list[TaskLine]:
    """Tasks whose actual finish lies inside the period (never work finished earlier)."""
    first = datetime.combine(period_start, time())
    last = min(as_of_moment(period_end), max(facts.moment, first))
    out = []
    for t in facts.tasks:
        finished = t.finished_at
        if t.summary or finished is None or not first <= finished <= last:
            continue
        out.append(TaskLine(t.name, t.owner, t.actual_start or t.start, finished, 100.0, t.wbs))
    out.sort(key=lambda line: line.finish or datetime.min)
    return out


def planned_lines(facts: ProjectFacts) -> list[TaskLine]:
    """Unfinished tasks that start or are due within the next two weeks, and those in
    progress (shown with their actual start). A finished task is never listed."""
    end = as_of_moment(facts.as_of) + timedelta(days=LOOKAHEAD_DAYS)
    out = []
    for t in facts.tasks:
        if t.summary or t.done:
            continue
        in_progress = t.started
        starts = not in_progress and t.start is not None and t.start <= end
        due = t.finish is not None and t.finish <= end
        if starts or due:
            out.append(
                TaskLine(
                    t.name,
                    t.owner,
                    (t.actual_start or t.start) if in_progress else t.start,
                    t.finish,
                    t.percent_complete,
                    t.wbs,
                    in_progress=in_progress,
                )
            )
    out.sort(key=lambda line: (line.start or datetime.max, line.finish or datetime.max))
    return out


def late_rows(facts: ProjectFacts) -> list[LateRow]:
    """Tasks that should have started or finished by the status date and did not: against
    the baseline, else (no baseline for the task) against the current plan."""
    moment = facts.moment
    out = []
    for t in facts.tasks:
        if t.summary or t.done:
            continue
        planned_start = t.baseline_start or t.start
        planned_finish = t.baseline_finish or t.finish
        if planned_finish is not None and planned_finish <= moment:
            out.append(
                LateRow(
                    t.name, t.owner, "finish", planned_finish, t.finish, t.percent_complete, t.wbs
                )
            )
        elif not t.started and planned_start is not None and planned_start < moment:
            out.append(
                LateRow(t.name, t.owner, "start", planned_start, t.start, t.percent_complete, t.wbs)
            )
    out.sort(key=lambda row: row.due)
    return out


def gantt_rows(
    facts: ProjectFacts,
    first: date | None = None,
    last: date | None = None,
    *,
    snapshot: bool = False,
) -> list[GanttRow]:
    """Rows in outline order. With ``snapshot``: only top summaries, critical tasks and
    milestones that overlap ``first``..``last``."""
    lo = datetime.combine(first, time()) if first else None
    hi = as_of_moment(last) if last else None
    out = []
    for t in facts.tasks:
        if snapshot:
            keep = (t.summary and t.level <= 1) or t.milestone or (t.critical and not t.summary)
            if not keep:
                continue
        if lo is not None and hi is not None:
            start = t.start or t.finish
            finish = t.finish or t.start
            if start is None or finish is None or finish < lo or start > hi:
                continue
        out.append(
            GanttRow(
                name=t.name,
                start=t.start,
                finish=t.finish,
                level=t.level,
                summary=t.summary,
                milestone=t.milestone,
                critical=t.critical,
                percent_complete=t.percent_complete,
                baseline_start=t.baseline_start,
                baseline_finish=t.baseline_finish,
                wbs=t.wbs,
                owner=t.owner,
            )
        )
    return out


def gather_gantt_data(session: Session, project_id: int) -> GanttData:
    """The whole plan as Gantt rows, for ``infradesk.report.gantt_export.export_gantt_pdf``."""
    project = session.get(Project, project_id)
    if project is None:
        raise scheduling.ProjectNotFound(
            f"There is no project with id {project_id} in this workspace."
        )
    plan = _load_tasks(session, project_id)
    _mark_critical(session, project, plan, vendor_gates.gating_rows(session, project_id))
    facts = ProjectFacts(
        project_id=project.id,
        name=project.name,
        manager=project.manager or "",
        currency=project.currency,
        as_of=default_as_of(session, project_id),
        status_date=project.status_date,
        tasks=plan.ordered,
        has_baseline=plan.has_baseline,
        risks=[],
        issues=None,
        changes=None,
    )
    rows = gantt_rows(facts)
    starts = [r.start for r in rows if r.start]
    finishes = [r.finish for r in rows if r.finish]
    return GanttData(
        title=facts.name,
        rows=rows,
        status_date=facts.status_date,
        project_start=min(starts) if starts else None,
        project_finish=max(finishes) if finishes else None,
    )


__all__ = [
    "ProjectFacts",
    "TaskFact",
    "as_of_moment",
    "collect_facts",
    "default_as_of",
    "done_lines",
    "gantt_rows",
    "gather_gantt_data",
    "late_rows",
    "milestone_rows",
    "planned_lines",
]
