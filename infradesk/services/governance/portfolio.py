"""The portfolio: one row per project of the workspace, judged by the project's own status rules.

The weekly report's ``collect_facts`` reads a project's whole world (the engine for the
critical path, every vendor matter, the resource load): about right for one report, far too
slow for fifty projects on one screen. Here each table is read **once for the whole
workspace** (tasks, baselines, status updates, thresholds, actions, freeze windows: one query
each, grouped by project), and only what the RAG rules judge is filled in a ``ProjectFacts``:
tasks with their baseline, risks and change requests (``risks.queries.load_register``, the
Risks tab's bands), money (``vendors.money.spend_report``) and earned value. The ratings then
come from the very functions the status dialog and the report use (``rules.suggest_ratings``,
``rules.ratings_of``, ``rules.trend``), so a project's row always says what its own status
says: the saved update of its reporting date when there is one, else the suggestion.

The critical path and vendor deliveries are left out on purpose: no rating depends on them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import String, and_, func, select, type_coerce
from sqlalchemy.orm import Session, aliased

from infradesk.model import Baseline, BaselineTask, Calendar, FreezeWindow, Project, Task
from infradesk.model.governance import ActionItem, ChangeWindow
from infradesk.model.status import StatusThresholds, StatusUpdate
from infradesk.report.data import EarnedValueData
from infradesk.report.portfolio_data import PortfolioRow, PortfolioTotals, totals_of
from infradesk.schedule.calendar import CalendarError, WorkingCalendar
from infradesk.schedule.earned_value import EarnedValueInputError
from infradesk.services.plan import scheduling
from infradesk.services.plan.earned_value import earned_value_in, measured_moment
from infradesk.services.risks import queries as risk_service
from infradesk.services.risks.fields import CLOSED_ACTION_STATUSES
from infradesk.services.risks.scoring import load_settings
from infradesk.services.status import facts as status_facts
from infradesk.services.status.facts import ProjectFacts, TaskFact, milestone_rows
from infradesk.services.status.rules import (
    DEFAULT_RULES,
    STORED_THRESHOLDS,
    RagRules,
    period_for,
    ratings_of,
    schedule_index,
    suggest_ratings,
    trend,
)
from infradesk.services.vendors import money as vendor_money
from infradesk.services.vendors import queries as vendors
from infradesk.store.workspace import Workspace

FREEZE_LOOKAHEAD_DAYS = 30
FREEZE_KINDS = ("freeze", "blackout")
ZERO = Decimal("0.00")


def portfolio_rows(
    workspace: Workspace, today: date | None = None, now: datetime | None = None
) -> list[PortfolioRow]:
    """Every project's row, in name order, from one read transaction."""
    with workspace.read_session() as session:
        return load_portfolio(session, today, now)


def load_portfolio(
    session: Session, today: date | None = None, now: datetime | None = None
) -> list[PortfolioRow]:
    """Every project's row, in name order. ``today`` dates the overdue actions and the freeze
    look-ahead (and the reporting date of a project without a status date); ``now`` stands
    for the clock, as in ``collect_facts``."""
    today = today or date.today()
    projects = list(session.execute(select(Project).order_by(Project.name)).scalars())
    if not projects:
        return []
    plans = _load_plans(session)
    updates = _updates_by_project(session)
    rules = _rules_by_project(session)
    overdue = _overdue_actions(session, today)
    freezes = _freezes_ahead(session, today, [p.id for p in projects])
    rows = []
    for project in projects:
        as_of = project.status_date.date() if project.status_date is not None else today
        facts = _facts(session, project, as_of, plans.get(project.id, _Plan()), now)
        current, previous = _around(updates.get(project.id, []), as_of)
        period = period_for(as_of, previous.as_of if previous is not None else None)
        suggested = suggest_ratings(facts, period[0], rules.get(project.id, DEFAULT_RULES))
        ratings = ratings_of(current, suggested) if current is not None else suggested
        before = ratings_of(previous)["overall"].rag if previous is not None else None
        overall = ratings["overall"]
        spi, spi_label = schedule_index(facts)
        upcoming = [m for m in milestone_rows(facts) if m.actual is None]
        nxt = upcoming[0] if upcoming else None
        budget = facts.budget
        used, used_label = (
            (budget.actual, "invoiced")
            if budget.actual is not None
            else (budget.committed, "committed")
            if budget.committed is not None
            else (None, "")
        )
        bands = [r.band or facts.settings.band(r.score) for r in facts.open_risks]
        ahead = freezes.get(project.id, [])
        rows.append(
            PortfolioRow(
                project_id=project.id,
                name=project.name,
                manager=project.manager or "",
                currency=project.currency,
                as_of=as_of,
                overall=overall.rag.value,
                trend=trend(overall.rag, before).value,
                saved=current is not None,
                reason=overall.reason,
                schedule=ratings["schedule"].rag.value,
                cost=ratings["cost"].rag.value,
                scope=ratings["scope"].rag.value,
                risk=ratings["risk"].rag.value,
                spi=spi,
                spi_label=spi_label,
                cpi=budget.cpi,
                next_milestone=nxt.name if nxt is not None else "",
                next_milestone_date=(
                    nxt.forecast.date() if nxt is not None and nxt.forecast is not None else None
                ),
                slip_days=nxt.variance_days if nxt is not None else None,
                budget=budget.budget,
                used=used,
                used_label=used_label,
                forecast=budget.forecast,
                critical_risks=bands.count("critical"),
                high_risks=bands.count("high"),
                overdue_actions=overdue.get(project.id, 0),
                freezes_ahead=len(ahead),
                next_freeze=ahead[0][1] if ahead else "",
                next_freeze_start=ahead[0][0] if ahead else None,
            )
        )
    return rows


# ----------------------------------------------------------------------------- one project


def _facts(
    session: Session, project: Project, as_of: date, plan: _Plan, now: datetime | None
) -> ProjectFacts:
    """The facts the RAG rules judge, filled as ``collect_facts`` fills them (the same
    helpers for the RAID log and the money, the same earned value), without the critical
    path and vendor matters. ``tasks`` holds the milestones (and one task when there is no
    milestone): the rules read no other task, only whether there is one."""
    calendar = scheduling.calendar_of(session, project.id)
    tasks = list(plan.milestones)
    if not tasks and plan.first_task is not None:
        tasks.append(plan.first_task)
    facts = ProjectFacts(
        project_id=project.id,
        name=project.name,
        manager=project.manager or "",
        currency=project.currency,
        as_of=as_of,
        status_date=project.status_date,
        tasks=tasks,
        has_baseline=plan.baseline_id is not None,
        risks=[],
        issues=None,
        changes=None,
        settings=load_settings(session, project.id),
        status_moment=measured_moment(project.status_date, calendar, as_of, now),
        baseline_name=plan.baseline_name,
    )
    register = risk_service.load_register(
        session, project.id, as_of, settings=facts.settings, task_names={}
    )
    facts.risks = [status_facts.risk_row(r) for r in risk_service.rank_open_first(register.risks)]
    facts.changes = [status_facts.change_row(c) for c in register.changes]
    tree = vendors.load_vendors(session, project.id)
    spend = vendor_money.spend_report(
        session, project.id, vendors=tree, changes=vendor_money.approved_of(register.changes)
    )
    status_facts.load_money(facts, spend)
    if plan.baseline_id is not None:
        _earned_value(session, facts, plan, calendar)
    return facts


def _earned_value(
    session: Session, facts: ProjectFacts, plan: _Plan, calendar: WorkingCalendar
) -> None:
    """SPI, SPI(t) and CPI as the report computes them, through the Cost tab's columnar read
    (``plan.earned_value.earned_value_in``: the same engine, inputs and moment, ~50 ms for
    10,000 tasks). A baseline without cost weighs tasks by working time in the report: that
    rare case goes through the report's own path (``status.facts``)."""
    try:
        view = earned_value_in(
            session, facts.project_id, facts.moment, baseline_id=plan.baseline_id, calendar=calendar
        )
    except (EarnedValueInputError, CalendarError):  # the report shows none then either
        return
    figures = view.figures
    if figures is None:
        return
    if figures.project.bac <= 0:
        full = status_facts.collect_facts(session, facts.project_id, facts.as_of)
        facts.earned_value = full.earned_value
        facts.budget.spi, facts.budget.cpi = full.budget.spi, full.budget.cpi
        return
    project = figures.project
    schedule = figures.schedule
    facts.earned_value = EarnedValueData(
        baseline=plan.baseline_name,
        status_date=facts.moment,
        bac=project.bac,
        pv=project.pv,
        ev=project.ev,
        ac=project.ac,
        spi=project.spi,
        cpi=project.cpi,
        eac=project.eac,
        etc=project.etc,
        vac=project.vac,
        tcpi=project.tcpi,
    )
    if schedule is not None:
        facts.earned_value.spi_t = schedule.spi_t
    facts.budget.spi, facts.budget.cpi = project.spi, project.cpi


def _around(
    updates: list[StatusUpdate], as_of: date
) -> tuple[StatusUpdate | None, StatusUpdate | None]:
    """The update saved for ``as_of`` and the latest before it (``updates``: newest first)."""
    earlier = [u for u in updates if u.as_of <= as_of]
    current = earlier.pop(0) if earlier and earlier[0].as_of == as_of else None
    return current, (earlier[0] if earlier else None)


# ----------------------------------------------------------------------------- bulk reads


@dataclass(slots=True)
class _Plan:
    """A project's tasks as the rules read them: its milestones (outline order), whether it
    has any task, and its current baseline."""

    milestones: list[TaskFact] = field(default_factory=list)
    first_task: TaskFact | None = None  # stands for "the project has tasks" (schedule rule)
    baseline_id: int | None = None
    baseline_name: str = ""


def _load_plans(session: Session) -> dict[int, _Plan]:
    """Every project's milestones with their current baseline (the chosen one, else the
    latest: ``plan.baselines.current_baseline``), in outline order. Three queries; the
    outline is read as integers only."""
    plans: dict[int, _Plan] = defaultdict(_Plan)
    for baseline_id, project_id, name in session.execute(
        select(Baseline.id, Baseline.project_id, Baseline.name).order_by(
            Baseline.project_id,
            Baseline.for_earned_value.desc(),
            Baseline.created_at.desc(),
            Baseline.id.desc(),
        )
    ):
        plan = plans[project_id]
        if plan.baseline_id is None:
            plan.baseline_id, plan.baseline_name = baseline_id, name
    chosen = [plan.baseline_id for plan in plans.values() if plan.baseline_id is not None]
    milestones: dict[int, tuple[int, TaskFact]] = {}
    position_of: dict[int, int] = {}
    for row in session.execute(
        select(
            Task.id,
            Task.position,
            Task.project_id,
            Task.parent_id,
            Task.name,
            _text(Task.start).label("start"),
            _text(Task.finish).label("finish"),
            Task.percent_complete,
            Task.duration_minutes,
            _text(Task.deadline).label("deadline"),
            _text(Task.actual_start).label("actual_start"),
            _text(Task.actual_finish).label("actual_finish"),
            Task.actual_cost,
            _text(BaselineTask.start).label("b_start"),
            _text(BaselineTask.finish).label("b_finish"),
            BaselineTask.duration_minutes.label("b_minutes"),
            BaselineTask.cost.label("b_cost"),
        )
        .outerjoin(
            BaselineTask,
            and_(BaselineTask.task_id == Task.id, BaselineTask.baseline_id.in_(chosen)),
        )
        .where(Task.milestone.is_(True))
    ):
        position_of[row.id] = row.position
        milestones[row.id] = (
            row.project_id,
            TaskFact(
                id=row.id,
                parent_id=row.parent_id,
                name=row.name,
                owner="",
                start=_moment(row.start),
                finish=_moment(row.finish),
                percent_complete=float(row.percent_complete or 0),
                milestone=True,
                duration_minutes=row.duration_minutes or 0,
                deadline=_moment(row.deadline),
                baseline_start=_moment(row.b_start),
                baseline_finish=_moment(row.b_finish),
                baseline_minutes=row.b_minutes,
                baseline_cost=row.b_cost or ZERO,
                actual_start=_moment(row.actual_start),
                actual_finish=_moment(row.actual_finish),
                actual_cost=row.actual_cost or ZERO,
            ),
        )
    # the milestones in the order the project's own facts list them (outline order: ties of
    # date keep it in ``milestone_rows``): each one's path of (position, id) from its root,
    # read from the summary tasks only (a plan has a few of those per hundred tasks)
    Parent = aliased(Task)
    summaries = {
        task_id: (parent_id, position)
        for task_id, parent_id, position in session.execute(
            select(Task.id, Task.parent_id, Task.position).where(
                Task.id.in_(select(Parent.parent_id).where(Parent.parent_id.is_not(None)))
            )
        )
    }
    paths: dict[int, list[tuple[int, int]]] = {}
    for task_id, (_, fact) in milestones.items():
        path = [(position_of[task_id], task_id)]
        parent = fact.parent_id
        while parent is not None and parent in summaries and len(path) < 1000:
            above, position = summaries[parent]
            path.append((position, parent))
            parent = above
        paths[task_id] = path[::-1]
    for task_id in sorted(milestones, key=paths.__getitem__):
        project_id, fact = milestones[task_id]
        plans[project_id].milestones.append(fact)
    first = dict(
        session.execute(select(Task.project_id, func.min(Task.id)).group_by(Task.project_id)).all()
    )
    for project_id, task_id in first.items():
        plan = plans[project_id]
        if not plan.milestones:  # a stand-in: the rules only ask whether there is a task
            plan.first_task = TaskFact(
                id=task_id,
                parent_id=None,
                name="",
                owner="",
                start=None,
                finish=None,
                percent_complete=0.0,
                milestone=False,
                duration_minutes=0,
                deadline=None,
            )
    return plans


def _text(column: Any) -> Any:
    """A date-time column as its stored text: SQLAlchemy's parsing of SQLite date-times costs
    about 8 µs a value, ``datetime.fromisoformat`` (``_moment``) a tenth of that."""
    return type_coerce(column, String)


def _moment(text: str | datetime | None) -> datetime | None:
    """A stored date-time: SQLite's text, or PostgreSQL's own value (a server's driver
    parses timestamps itself)."""
    if not text:
        return None
    return text if isinstance(text, datetime) else datetime.fromisoformat(text)


def _updates_by_project(session: Session) -> dict[int, list[StatusUpdate]]:
    """The saved status updates of every project, newest first."""
    out: dict[int, list[StatusUpdate]] = defaultdict(list)
    for update in session.scalars(select(StatusUpdate).order_by(StatusUpdate.as_of.desc())):
        out[update.project_id].append(update)
    return out


def _rules_by_project(session: Session) -> dict[int, RagRules]:
    """Each project's stored thresholds (``rules.load_rules`` for all projects at once)."""
    return {
        row.project_id: replace(
            DEFAULT_RULES, **{name: getattr(row, name) for name in STORED_THRESHOLDS}
        )
        for row in session.scalars(select(StatusThresholds))
    }


def _overdue_actions(session: Session, today: date) -> dict[int, int]:
    """Open actions past their due date, per project (``ActionRow.overdue``)."""
    rows = session.execute(
        select(ActionItem.project_id, func.count())
        .where(
            ActionItem.status.not_in(sorted(CLOSED_ACTION_STATUSES)),
            ActionItem.due.is_not(None),
            ActionItem.due < today,
        )
        .group_by(ActionItem.project_id)
    )
    return {project_id: count for project_id, count in rows}


def _freezes_ahead(
    session: Session, today: date, project_ids: list[int], days: int = FREEZE_LOOKAHEAD_DAYS
) -> dict[int, list[tuple[date, str]]]:
    """Freeze and blackout windows that are on or start within ``days``: the workspace's
    shared ones and each project's own (governance windows and the calendar's change
    freezes), as (start, name), earliest first."""
    first = datetime.combine(today, time())
    last = first + timedelta(days=days + 1)  # the whole last day
    found: dict[int, list[tuple[date, str]]] = {pid: [] for pid in project_ids}
    windows = session.execute(
        select(ChangeWindow.project_id, ChangeWindow.start, ChangeWindow.name).where(
            ChangeWindow.kind.in_(FREEZE_KINDS),
            ChangeWindow.finish > first,
            ChangeWindow.start < last,
        )
    )
    for owner, begins, title in windows:
        for pid in project_ids if owner is None else [owner]:
            if pid in found:
                found[pid].append((begins.date(), title))
    calendar_freezes = session.execute(
        select(Calendar.project_id, FreezeWindow.start, FreezeWindow.name)
        .join(Calendar, Calendar.id == FreezeWindow.calendar_id)
        .where(
            FreezeWindow.finish >= today,
            FreezeWindow.start <= today + timedelta(days=days),
        )
    )
    for project_id, start, name in calendar_freezes:
        if project_id in found:
            found[project_id].append((start, name))
    return {pid: sorted(items) for pid, items in found.items()}


__all__ = [
    "FREEZE_LOOKAHEAD_DAYS",
    "PortfolioRow",
    "PortfolioTotals",
    "load_portfolio",
    "portfolio_rows",
    "totals_of",
]
