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
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from infradesk.model import Baseline, BaselineTask, Calendar, FreezeWindow, Project, Task
from infradesk.model.governance import ActionItem, ChangeWindow
from infradesk.model.status import StatusThresholds, StatusUpdate
from infradesk.report.data import Rag
from infradesk.report.portfolio_data import PortfolioRow, PortfolioTotals, totals_of
from infradesk.services.plan import scheduling
from infradesk.services.plan.earned_value import measured_moment
from infradesk.services.risks import queries as risk_service
from infradesk.services.risks.fields import CLOSED_ACTION_STATUSES
from infradesk.services.risks.scoring import load_settings
from infradesk.services.status import facts as status_facts
from infradesk.services.status.evm import invoiced_per_task
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
    tasks = _tasks_by_project(session)
    _attach_baselines(session, tasks)
    updates = _updates_by_project(session)
    rules = _rules_by_project(session)
    overdue = _overdue_actions(session, today)
    freezes = _freezes_ahead(session, today, [p.id for p in projects])
    rows = []
    for project in projects:
        as_of = project.status_date.date() if project.status_date is not None else today
        plan = tasks.get(project.id, ([], False, ""))
        facts = _facts(session, project, as_of, plan, now)
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
    session: Session,
    project: Project,
    as_of: date,
    plan: tuple[list[TaskFact], bool, str],
    now: datetime | None,
) -> ProjectFacts:
    """The facts the RAG rules judge, filled as ``collect_facts`` fills them (same helpers for
    the RAID log, the money and earned value), without the critical path and vendor matters."""
    ordered, has_baseline, baseline_name = plan
    calendar = scheduling.calendar_of(session, project.id)
    facts = ProjectFacts(
        project_id=project.id,
        name=project.name,
        manager=project.manager or "",
        currency=project.currency,
        as_of=as_of,
        status_date=project.status_date,
        tasks=ordered,
        has_baseline=has_baseline,
        risks=[],
        issues=None,
        changes=None,
        settings=load_settings(session, project.id),
        status_moment=measured_moment(project.status_date, calendar, as_of, now),
        baseline_name=baseline_name,
    )
    register = risk_service.load_register(
        session, project.id, as_of, settings=facts.settings, task_names={}
    )
    facts.risks = [
        status_facts._risk_row(r)  # noqa: SLF001 - the report's own conversion, on purpose
        for r in risk_service.rank_open_first(register.risks)
    ]
    facts.changes = [status_facts.change_row(c) for c in register.changes]
    tree = vendors.load_vendors(session, project.id)
    spend = vendor_money.spend_report(
        session, project.id, vendors=tree, changes=vendor_money.approved_of(register.changes)
    )
    status_facts._load_money(facts, spend)  # noqa: SLF001 - the report's budget rules
    orders = (order for vendor in tree for order in vendor.orders)
    status_facts._earned_value(  # noqa: SLF001 - the report's earned value, same figures
        facts, invoiced_per_task(orders, project.currency), calendar
    )
    return facts


def _around(
    updates: list[StatusUpdate], as_of: date
) -> tuple[StatusUpdate | None, StatusUpdate | None]:
    """The update saved for ``as_of`` and the latest before it (``updates``: newest first)."""
    earlier = [u for u in updates if u.as_of <= as_of]
    current = earlier.pop(0) if earlier and earlier[0].as_of == as_of else None
    return current, (earlier[0] if earlier else None)


# ----------------------------------------------------------------------------- bulk reads


def _tasks_by_project(session: Session) -> dict[int, tuple[list[TaskFact], bool, str]]:
    """Every task of the workspace as the facts the rules read, grouped by project, in
    outline order (parents before children, siblings by position). One query."""
    rows = session.execute(
        select(
            Task.id,
            Task.project_id,
            Task.parent_id,
            Task.position,
            Task.name,
            Task.start,
            Task.finish,
            Task.percent_complete,
            Task.milestone,
            Task.duration_minutes,
            Task.deadline,
            Task.actual_start,
            Task.actual_finish,
            Task.actual_cost,
        )
    ).all()
    parents = {r.parent_id for r in rows if r.parent_id is not None}
    children: dict[tuple[int, int | None], list[tuple[int, int, TaskFact]]] = defaultdict(list)
    for r in rows:
        fact = TaskFact(
            id=r.id,
            parent_id=r.parent_id,
            name=r.name,
            owner="",
            start=r.start,
            finish=r.finish,
            percent_complete=float(r.percent_complete or 0),
            milestone=bool(r.milestone),
            duration_minutes=r.duration_minutes or 0,
            deadline=r.deadline,
            summary=r.id in parents,
            actual_start=r.actual_start,
            actual_finish=r.actual_finish,
            actual_cost=r.actual_cost or ZERO,
        )
        children[(r.project_id, r.parent_id)].append((r.position, r.id, fact))
    out: dict[int, tuple[list[TaskFact], bool, str]] = {}
    for (project_id, parent), kids in children.items():
        if parent is not None:
            continue
        ordered: list[TaskFact] = []
        stack = sorted(kids, key=lambda k: (k[0], k[1]), reverse=True)
        while stack:
            _, task_id, fact = stack.pop()
            ordered.append(fact)
            stack.extend(
                sorted(children.get((project_id, task_id), []), key=lambda k: (k[0], k[1]))[::-1]
            )
        out[project_id] = (ordered, False, "")
    return out


def _attach_baselines(
    session: Session, tasks: dict[int, tuple[list[TaskFact], bool, str]]
) -> None:
    """Each project's current baseline (the chosen one, else the latest: the rule of
    ``plan.baselines.current_baseline``) onto its task facts. Two queries."""
    chosen: dict[int, tuple[int, str]] = {}
    for baseline_id, project_id, name in session.execute(
        select(Baseline.id, Baseline.project_id, Baseline.name).order_by(
            Baseline.project_id,
            Baseline.for_earned_value.desc(),
            Baseline.created_at.desc(),
            Baseline.id.desc(),
        )
    ):
        chosen.setdefault(project_id, (baseline_id, name))
    if not chosen:
        return
    facts = {f.id: f for ordered, _, _ in tasks.values() for f in ordered}
    ids = [baseline_id for baseline_id, _ in chosen.values()]
    for task_id, start, finish, minutes, cost in session.execute(
        select(
            BaselineTask.task_id,
            BaselineTask.start,
            BaselineTask.finish,
            BaselineTask.duration_minutes,
            BaselineTask.cost,
        ).where(BaselineTask.baseline_id.in_(ids))
    ):
        fact = facts.get(task_id)
        if fact is not None:
            fact.baseline_start, fact.baseline_finish = start, finish
            fact.baseline_minutes = minutes
            fact.baseline_cost = cost or ZERO
    for project_id, (_, name) in chosen.items():
        ordered = tasks.get(project_id, ([], False, ""))[0]
        tasks[project_id] = (ordered, True, name)


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
    for project_id, start, name in windows:
        for pid in project_ids if project_id is None else [project_id]:
            if pid in found:
                found[pid].append((start.date(), name))
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
