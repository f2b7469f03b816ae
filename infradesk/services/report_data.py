"""Gather the plain data of a project's weekly status report from the workspace database.

``collect_facts`` reads the database once and keeps only plain values (``ProjectFacts``);
``gather_report_data`` turns them, the saved status updates and the RAG rules of
``infradesk.services.status`` into the ``ReportData`` the renderer draws. Nothing here keeps an
ORM object beyond the session, and nothing in ``infradesk.report`` sees one.

The Risks and Vendors work extends the model with issues, change requests, purchase orders and
budget lines; those tables are read when they exist (looked up by name) so the report grows with
the model without a hard dependency.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from infradesk.model import (
    Baseline,
    BaselineTask,
    Contract,
    Deliverable,
    Project,
    Risk,
    Task,
    Vendor,
)
from infradesk.report.data import (
    BudgetLineRow,
    BudgetSummary,
    ChangeRow,
    DeliveryRow,
    GanttData,
    GanttRow,
    IssueRow,
    MilestoneRow,
    NoticeRow,
    ReportData,
    ReportOptions,
    RiskRow,
    SpendRow,
    TaskLine,
)

# the vocabularies of the RAID and Vendors tabs (services/raid_fields.py, risk_scoring.py,
# vendor_money.py), plus common words from imported registers
CLOSED_RISK_STATES = frozenset(
    {"closed", "retired", "expired", "resolved", "cancelled", "canceled", "occurred"}
)
CLOSED_ISSUE_STATES = frozenset({"closed", "resolved", "done", "cancelled", "canceled"})
PENDING_CHANGE_STATES = frozenset(
    {
        "pending",
        "submitted",
        "evaluated",
        "pending decision",
        "requested",
        "open",
        "new",
        "under review",
        "in review",
        "proposed",
    }
)
APPROVED_CHANGE_STATES = frozenset({"approved", "implemented"})
UNCOMMITTED_ORDER_STATES = frozenset({"draft", "awaiting approval", "cancelled"})
UNCOUNTED_CONTRACT_STATES = frozenset({"draft", "terminated", "cancelled"})
DEFAULT_BANDS = (4, 9, 15)  # upper limits of the low, medium and high risk bands
ZERO = Decimal("0.00")
DONE_DELIVERY_STATES = frozenset({"delivered", "received", "accepted", "done", "closed"})
PRIORITY_ORDER = {"critical": 0, "urgent": 0, "high": 1, "medium": 2, "normal": 2, "low": 3}
LOOKAHEAD_DAYS = 14


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
    actual_finish: datetime | None = None
    level: int = 0
    wbs: str = ""
    summary: bool = False
    critical: bool = False
    baseline_start: datetime | None = None
    baseline_finish: datetime | None = None
    baseline_minutes: int | None = None

    @property
    def done(self) -> bool:
        return self.percent_complete >= 100 or self.actual_finish is not None


@dataclass(slots=True)
class ProjectFacts:
    """Everything the RAG rules and the report need, read once from the database."""

    project_id: int
    name: str
    manager: str
    currency: str
    as_of: date
    status_date: datetime | None
    tasks: list[TaskFact]  # outline order
    has_baseline: bool
    risks: list[RiskRow]  # every risk, open or not
    issues: list[IssueRow] | None  # None: the model has no issue log
    changes: list[ChangeRow] | None  # None: the model has no change log
    deliveries: list[DeliveryRow] = field(default_factory=list)
    notices: list[NoticeRow] = field(default_factory=list)
    spend: list[SpendRow] = field(default_factory=list)
    budget_lines: list[BudgetLineRow] = field(default_factory=list)
    budget: BudgetSummary = field(default_factory=BudgetSummary)
    heat_bands: tuple[int, int, int] = DEFAULT_BANDS

    @property
    def open_risks(self) -> list[RiskRow]:
        return [r for r in self.risks if r.status.lower() not in CLOSED_RISK_STATES]

    @property
    def milestones(self) -> list[TaskFact]:
        return [t for t in self.tasks if t.milestone]


def _optional_model(module: str, *names: str) -> Any | None:
    """A model class that other work adds (``Issue``, ``ChangeRequest``...), or None."""
    try:
        mod = importlib.import_module(f"infradesk.model.{module}")
    except ImportError:
        return None
    for name in names:
        found = getattr(mod, name, None)
        if found is not None:
            return found
    return None


def _attr(row: Any, *names: str, default: Any = None) -> Any:
    for name in names:
        if hasattr(row, name):
            value = getattr(row, name)
            if value is not None:
                return value
    return default


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return None


def _money(value: Any) -> Decimal | None:
    if value is None:
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def default_as_of(session: Session, project_id: int) -> date:
    """The project's status date, or today when it has none."""
    project = session.get(Project, project_id)
    if project is not None and project.status_date is not None:
        return project.status_date.date()
    return date.today()


# ---------------------------------------------------------------------------------- tasks


def _load_tasks(session: Session, project_id: int) -> tuple[list[TaskFact], bool]:
    rows = session.execute(
        select(
            Task.id,
            Task.parent_id,
            Task.position,
            Task.name,
            Task.owner,
            Task.start,
            Task.finish,
            Task.percent_complete,
            Task.milestone,
            Task.duration_minutes,
            Task.deadline,
        ).where(Task.project_id == project_id)
    ).all()
    actual_column = getattr(Task, "actual_finish", None)
    actuals: dict[int, datetime] = {}
    if actual_column is not None:
        actuals = {
            task_id: value
            for task_id, value in session.execute(
                select(Task.id, actual_column).where(Task.project_id == project_id)
            )
            if value is not None
        }
    children: dict[int | None, list[tuple[int, int]]] = {}
    facts: dict[int, TaskFact] = {}
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
            actual_finish=actuals.get(r.id),
        )
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

    baseline_id = session.scalar(
        select(Baseline.id)
        .where(Baseline.project_id == project_id)
        .order_by(Baseline.created_at.desc(), Baseline.id.desc())
        .limit(1)
    )
    if baseline_id is not None:
        for task_id, start, finish, minutes in session.execute(
            select(
                BaselineTask.task_id,
                BaselineTask.start,
                BaselineTask.finish,
                BaselineTask.duration_minutes,
            ).where(BaselineTask.baseline_id == baseline_id)
        ):
            fact = facts.get(task_id)
            if fact is not None:
                fact.baseline_start, fact.baseline_finish = start, finish
                fact.baseline_minutes = minutes
    _mark_critical(session, project_id, facts)
    return ordered, baseline_id is not None


def _mark_critical(session: Session, project_id: int, facts: dict[int, TaskFact]) -> None:
    """Critical flags from the schedule engine (computed here, never written back)."""
    try:
        from infradesk.schedule.engine import schedule
        from infradesk.services.scheduling import plan_input_for
    except ImportError:  # pragma: no cover - the engine ships with the app
        return
    try:
        critical = schedule(plan_input_for(session, project_id)).critical_ids
    except Exception:  # a plan the engine rejects (a loop) still gets its report
        return
    for task_id in critical:
        fact = facts.get(task_id)
        if fact is not None:
            fact.critical = True


# ---------------------------------------------------------------------------------- risks etc.


def _load_risks(session: Session, project_id: int) -> list[RiskRow]:
    risks = session.execute(
        select(
            Risk.code,
            Risk.title,
            Risk.owner,
            Risk.probability,
            Risk.impact,
            Risk.status,
            Risk.response,
        ).where(Risk.project_id == project_id)
    ).all()
    return [
        RiskRow(
            code=r.code,
            title=r.title,
            owner=r.owner or "",
            probability=int(r.probability or 0),
            impact=int(r.impact or 0),
            status=r.status or "",
            response=r.response or "",
        )
        for r in risks
    ]


def _risk_bands(session: Session, project_id: int) -> tuple[int, int, int]:
    """The project's risk band limits from the Risks tab settings, else the defaults."""
    try:
        from infradesk.services.risk_scoring import load_settings
    except ImportError:
        return DEFAULT_BANDS
    try:
        settings = load_settings(session, project_id)
    except Exception:  # settings table not there in an old workspace: use defaults
        return DEFAULT_BANDS
    return settings.low_max, settings.medium_max, settings.high_max


def _load_issues(session: Session, project_id: int) -> list[IssueRow] | None:
    model = _optional_model("risk", "Issue") or _optional_model("issue", "Issue")
    if model is None or not hasattr(model, "project_id"):
        return None
    issues = []
    for row in session.scalars(select(model).where(model.project_id == project_id)):
        status = str(_attr(row, "status", default="open"))
        if status.lower() in CLOSED_ISSUE_STATES:
            continue
        issues.append(
            IssueRow(
                code=str(_attr(row, "code", "reference", default=row.id)),
                title=str(_attr(row, "title", "description", default="")),
                priority=str(_attr(row, "priority", "severity", default="medium")),
                owner=str(_attr(row, "owner", default="")),
                status=status,
                due=_as_date(_attr(row, "due", "due_date", "target_date")),
            )
        )
    issues.sort(key=lambda i: (PRIORITY_ORDER.get(i.priority.lower(), 2), i.due or date.max))
    return issues


def _load_changes(
    session: Session, project_id: int, currency: str = "EUR"
) -> list[ChangeRow] | None:
    model = _optional_model("risk", "ChangeRequest", "Change") or _optional_model(
        "change", "ChangeRequest"
    )
    if model is None or not hasattr(model, "project_id"):
        return None
    changes = []
    for row in session.scalars(select(model).where(model.project_id == project_id)):
        impact_parts = []
        days = _attr(row, "schedule_impact_days", "impact_days")
        cost = _attr(row, "cost_impact", "impact_cost")
        if days:
            impact_parts.append(f"{int(days):+d} d")
        if cost:
            money = f"{_money(cost):+,.0f}".replace(",", "\u202f")
            impact_parts.append(f"{money} {currency}")
        text = _attr(row, "impact", "impact_summary", default="")
        if text:
            impact_parts.append(str(text))
        changes.append(
            ChangeRow(
                code=str(_attr(row, "code", "reference", default=row.id)),
                title=str(_attr(row, "title", "description", default="")),
                status=str(_attr(row, "status", default="pending")),
                requested=_as_date(_attr(row, "requested", "raised", "submitted", "created_at")),
                decided=_as_date(_attr(row, "decided", "decision_date", "approved_on")),
                impact=", ".join(impact_parts),
            )
        )
    return changes


def _load_vendors(
    session: Session, project_id: int, as_of: date, currency: str
) -> tuple[list[DeliveryRow], list[NoticeRow], list[SpendRow], list[BudgetLineRow], BudgetSummary]:
    vendors: dict[int, str] = {
        vendor_id: name
        for vendor_id, name in session.execute(
            select(Vendor.id, Vendor.name).where(Vendor.project_id == project_id)
        )
    }
    deliveries: list[DeliveryRow] = []
    horizon = as_of + timedelta(days=28)
    if vendors:
        for item in session.execute(
            select(
                Deliverable.vendor_id,
                Deliverable.description,
                Deliverable.promised,
                Deliverable.actual,
                Deliverable.status,
            ).where(Deliverable.vendor_id.in_(vendors))
        ):
            done = item.actual is not None or (item.status or "").lower() in DONE_DELIVERY_STATES
            late = not done and item.promised is not None and item.promised < as_of
            due_soon = not done and item.promised is not None and item.promised <= horizon
            if late or due_soon:
                deliveries.append(
                    DeliveryRow(
                        vendors[item.vendor_id],
                        item.description,
                        item.promised,
                        item.actual,
                        item.status or "",
                        late,
                    )
                )
    deliveries.sort(key=lambda d: (not d.late, d.promised or date.max))

    notices = _load_notices(session, vendors, as_of)
    spend, lines, summary = _load_money(session, project_id, vendors, currency)
    return deliveries, notices, spend, lines, summary


def _months_before(day: date, months: int) -> date:
    """``day`` moved back by whole months, clamped to the month's length (31 May -> 30 Apr)."""
    import calendar

    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    length = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, length))


def _load_notices(session: Session, vendors: dict[int, str], as_of: date) -> list[NoticeRow]:
    """Contracts whose last day to give notice falls within the next 90 days."""
    if not vendors:
        return []
    months_column = getattr(Contract, "notice_months", None)
    columns = [
        Contract.vendor_id,
        Contract.number,
        Contract.title,
        Contract.end,
        Contract.notice_days,
        Contract.status,
    ]
    if months_column is not None:
        columns.append(months_column.label("notice_months"))
    notices = []
    for contract in session.execute(select(*columns).where(Contract.vendor_id.in_(vendors))):
        if (contract.status or "").lower() in {"terminated", "cancelled", "expired", "draft"}:
            continue
        months = getattr(contract, "notice_months", 0) or 0
        days = contract.notice_days or 0
        if contract.end is None or (months <= 0 and days <= 0):
            continue
        notice_by = _months_before(contract.end, months) if months > 0 else contract.end
        notice_by -= timedelta(days=max(days, 0))
        if as_of <= notice_by <= as_of + timedelta(days=90):
            notices.append(
                NoticeRow(
                    vendors[contract.vendor_id],
                    contract.title or contract.number,
                    contract.end,
                    notice_by,
                    (notice_by - as_of).days,
                )
            )
    notices.sort(key=lambda n: n.notice_by or date.max)
    return notices


def _load_money(
    session: Session, project_id: int, vendors: dict[int, str], currency: str
) -> tuple[list[SpendRow], list[BudgetLineRow], BudgetSummary]:
    """Budget lines, contract values, orders (committed) and invoices in the project currency.

    Amounts in other currencies are never added (there is no exchange rate offline); the
    budget notes say how many were left out.
    """
    summary = BudgetSummary(currency=currency)
    other_currency = 0
    contract_value: dict[int, Decimal] = {}
    if vendors:
        for vendor_id, value, code, status in session.execute(
            select(Contract.vendor_id, Contract.value, Contract.currency, Contract.status).where(
                Contract.vendor_id.in_(vendors)
            )
        ):
            if (status or "").lower() in UNCOUNTED_CONTRACT_STATES:
                continue
            if code and code != currency:
                other_currency += 1
                continue
            contract_value[vendor_id] = contract_value.get(vendor_id, ZERO) + (
                _money(value) or ZERO
            )

    line_model = _optional_model("vendor", "BudgetLine")
    order_model = _optional_model("vendor", "PurchaseOrder")
    lines: dict[int, BudgetLineRow] = {}
    if line_model is not None:
        for line in session.scalars(select(line_model).where(line_model.project_id == project_id)):
            if getattr(line, "currency", currency) != currency:
                other_currency += 1
                continue
            name = " – ".join(
                part for part in (getattr(line, "category", ""), line.description) if part
            )
            lines[line.id] = BudgetLineRow(
                name or f"Line {line.id}", _money(line.amount) or ZERO, ZERO, ZERO
            )
        if lines:
            summary.budget = sum((line.budget for line in lines.values()), ZERO)

    committed: dict[int, Decimal] = {}
    invoiced: dict[int, Decimal] = {}
    has_orders = False
    if order_model is not None and vendors:
        for order in session.scalars(select(order_model).where(order_model.vendor_id.in_(vendors))):
            status = (getattr(order, "status", "") or "").lower()
            if status == "cancelled":
                continue
            if getattr(order, "currency", currency) != currency:
                other_currency += 1
                continue
            has_orders = True
            amount = _money(order.amount) or ZERO
            billed = _money(getattr(order, "invoiced", None)) or ZERO
            is_committed = status not in UNCOMMITTED_ORDER_STATES
            if is_committed:
                committed[order.vendor_id] = committed.get(order.vendor_id, ZERO) + amount
            invoiced[order.vendor_id] = invoiced.get(order.vendor_id, ZERO) + billed
            line = lines.get(getattr(order, "budget_line_id", None) or -1)
            if line is not None:
                if is_committed:
                    line.committed += amount
                line.invoiced += billed

    if has_orders:
        summary.committed = sum(committed.values(), ZERO)
        total_invoiced = sum(invoiced.values(), ZERO)
        summary.actual = total_invoiced if total_invoiced > 0 else None
    elif contract_value:
        summary.committed = sum(contract_value.values(), ZERO)
        summary.notes.append("Committed = contract values (no purchase orders recorded).")
    if other_currency:
        summary.notes.append(
            f"{other_currency} amount(s) in other currencies than {currency} are not included."
        )
    spend = []
    for vendor_id, name in sorted(vendors.items(), key=lambda item: item[1].lower()):
        row = SpendRow(
            name,
            contract_value.get(vendor_id),
            committed.get(vendor_id),
            invoiced.get(vendor_id),
        )
        if row.contract_value or row.committed or row.invoiced:
            spend.append(row)
    return spend, list(lines.values()), summary


# ---------------------------------------------------------------------------------- facts


def collect_facts(session: Session, project_id: int, as_of: date | None = None) -> ProjectFacts:
    """Read one project's plan, risks, vendors and money as plain values."""
    project = session.get(Project, project_id)
    if project is None:
        raise LookupError(f"There is no project with id {project_id} in this workspace.")
    as_of = as_of or default_as_of(session, project_id)
    tasks, has_baseline = _load_tasks(session, project_id)
    deliveries, notices, spend, budget_lines, budget = _load_vendors(
        session, project_id, as_of, project.currency
    )
    facts = ProjectFacts(
        project_id=project.id,
        name=project.name,
        manager=project.manager or "",
        currency=project.currency,
        as_of=as_of,
        status_date=project.status_date,
        tasks=tasks,
        has_baseline=has_baseline,
        risks=_load_risks(session, project_id),
        issues=_load_issues(session, project_id),
        changes=_load_changes(session, project_id, project.currency),
        deliveries=deliveries,
        notices=notices,
        spend=spend,
        budget_lines=budget_lines,
        budget=budget,
        heat_bands=_risk_bands(session, project_id),
    )
    _earned_value(facts)
    return facts


def as_of_moment(as_of: date) -> datetime:
    """The as-of date as the end of that day: work finished on it counts as done."""
    return datetime.combine(as_of, time(23, 59))


def _earned_value(facts: ProjectFacts) -> None:
    """SPI weighted by baseline duration; CPI and the forecast when money data exists."""
    budget = facts.budget
    moment = as_of_moment(facts.as_of)
    leaves = [t for t in facts.tasks if not t.summary and not t.milestone]
    planned = earned = total = 0.0
    for task in leaves:
        weight = float(task.baseline_minutes or task.duration_minutes or 0)
        if weight <= 0:
            continue
        total += weight
        earned += weight * min(task.percent_complete, 100) / 100
        if task.baseline_start and task.baseline_finish:
            if moment >= task.baseline_finish:
                planned += weight
            elif moment > task.baseline_start:
                span = (task.baseline_finish - task.baseline_start).total_seconds() or 1
                planned += weight * (moment - task.baseline_start).total_seconds() / span
    if total > 0:
        budget.earned_percent = 100 * earned / total
    if not facts.has_baseline:
        budget.notes.append("SPI not shown: no baseline has been saved for this project.")
    elif total <= 0:
        budget.notes.append("SPI not shown: the plan has no tasks with a duration.")
    elif planned <= 0:
        budget.notes.append(
            "SPI not shown: no work was planned to be done by the as-of date (baseline)."
        )
    else:
        budget.planned_percent = 100 * planned / total
        budget.spi = earned / planned
        budget.notes.append("SPI = work done / work planned to date, weighted by duration.")

    if budget.budget is None:
        budget.notes.append(
            "CPI and forecast not shown: no budget is recorded (add budget lines on the "
            "Vendors tab)."
        )
        if budget.committed is not None:
            budget.forecast = budget.committed
    elif budget.actual is None or budget.actual <= 0:
        budget.notes.append("CPI not shown: no actual cost (invoices) is recorded yet.")
        budget.forecast = max(budget.budget, budget.committed or Decimal(0))
    elif budget.earned_percent is None or budget.earned_percent <= 0:
        budget.notes.append("CPI not shown: no task reports progress yet.")
        budget.forecast = max(budget.budget, budget.committed or Decimal(0), budget.actual)
    else:
        earned_value = budget.budget * Decimal(str(budget.earned_percent / 100))
        budget.cpi = float(earned_value / budget.actual)
        trend_forecast = (budget.budget / Decimal(str(budget.cpi))).quantize(Decimal(1))
        budget.forecast = max(trend_forecast, budget.committed or ZERO)
        budget.notes.append(
            "CPI = earned value / actual cost; forecast = budget / CPI, at least what is "
            "already committed."
        )


# ---------------------------------------------------------------------------------- rows


def milestone_rows(facts: ProjectFacts, moved: dict[int, int] | None = None) -> list[MilestoneRow]:
    """Milestones by date with baseline, forecast, actual and variance in calendar days."""
    rows: list[tuple[datetime, MilestoneRow]] = []
    moment = as_of_moment(facts.as_of)
    for task in facts.milestones:
        actual = task.actual_finish or (task.finish if task.done else None)
        current = actual or task.finish
        variance = None
        if task.baseline_finish is not None and current is not None:
            variance = (current.date() - task.baseline_finish.date()).days
        late_deadline = (
            task.deadline is not None and current is not None and current > task.deadline
        )
        if task.done:
            status = "Done late" if variance and variance > 0 else "Done"
        elif current is not None and current < moment - timedelta(days=1):
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
    first = datetime.combine(period_start, time())
    last = as_of_moment(period_end)
    out = []
    for t in facts.tasks:
        finished = t.actual_finish or t.finish
        if t.summary or not t.done or finished is None or not first <= finished <= last:
            continue
        out.append(TaskLine(t.name, t.owner, t.start, finished, t.percent_complete, t.wbs))
    out.sort(key=lambda line: line.finish or datetime.min)
    return out


def planned_lines(facts: ProjectFacts) -> list[TaskLine]:
    """Unfinished tasks that start or are due within the next two weeks."""
    begin = as_of_moment(facts.as_of)
    end = begin + timedelta(days=LOOKAHEAD_DAYS)
    out = []
    for t in facts.tasks:
        if t.summary or t.done:
            continue
        starts = t.start is not None and begin < t.start <= end
        due = t.finish is not None and begin - timedelta(days=1) < t.finish <= end
        if starts or due:
            out.append(TaskLine(t.name, t.owner, t.start, t.finish, t.percent_complete, t.wbs))
    out.sort(key=lambda line: (line.start or datetime.max, line.finish or datetime.max))
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
        raise LookupError(f"There is no project with id {project_id} in this workspace.")
    tasks, has_baseline = _load_tasks(session, project_id)
    facts = ProjectFacts(
        project_id=project.id,
        name=project.name,
        manager=project.manager or "",
        currency=project.currency,
        as_of=default_as_of(session, project_id),
        status_date=project.status_date,
        tasks=tasks,
        has_baseline=has_baseline,
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


def gather_report_data(
    session: Session,
    project_id: int,
    as_of: date | None = None,
    options: ReportOptions | None = None,
) -> ReportData:
    """The report of one project as of a date: the saved status update for that reporting
    week when there is one (else the rules' suggestions), with trends against the previous."""
    from infradesk.services import status  # status builds on the facts gathered here

    facts = collect_facts(session, project_id, as_of)
    return status.report_from_facts(session, facts, options or ReportOptions())


__all__ = [
    "ProjectFacts",
    "TaskFact",
    "as_of_moment",
    "collect_facts",
    "default_as_of",
    "done_lines",
    "gantt_rows",
    "gather_gantt_data",
    "gather_report_data",
    "milestone_rows",
    "planned_lines",
]
