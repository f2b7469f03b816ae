"""Earned value of a stored project, for the Cost view and whoever shows EVM figures.

The hop: the project's tasks, its earned-value baseline (:func:`.baselines.
earned_value_baseline_id`: the one chosen for it, else the latest), the invoiced amounts of the
purchase orders that name its tasks, its effective status date (:mod:`.status_date`) and its
calendar -> one :class:`~infradesk.schedule.earned_value.EvmTask` per task ->
:func:`~infradesk.schedule.earned_value.earned_value` (figures per task, per summary and for
the project, and the earned schedule) and, when asked, ``s_curve`` (weekly PV, EV, AC).

**Actual cost (AC)** of a task = its own ``actual_cost`` + the invoiced amounts of the purchase
orders that name it, **but only once the task has started** (an actual start, an actual finish
or a percent above 0). An invoice of a task that has not started pays for work not yet done (an
advance, a deposit, goods for next month): it is not a cost of work performed, and counting it
would make CPI meaningless (issue 15: CPI 4.28 from such invoices). Those amounts are left out
of AC and reported as ``invoiced_not_counted``, so a view can say so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from infradesk.model import Baseline, BaselineTask, Project, Task
from infradesk.schedule.calendar import TimeAxis
from infradesk.schedule.earned_value import EarnedValue, EvmTask, SCurvePoint, earned_value, s_curve
from infradesk.services.plan.baselines import earned_value_baseline_id
from infradesk.services.plan.outline import invoiced_by_task
from infradesk.services.plan.scheduling import ProjectNotFound, calendar_of
from infradesk.services.plan.status_date import effective_status_date_in
from infradesk.store.workspace import Workspace

ZERO = Decimal(0)


@dataclass(frozen=True)
class EarnedValueView:
    """A project's earned value as of ``status_date`` against baseline ``baseline_id``.

    ``figures`` is None when the project has no baseline (``message`` says what to do);
    ``figures.tasks`` holds every task's and summary's figures, ``figures.project`` the
    project's, ``figures.schedule`` the earned schedule (None without baseline cost);
    ``curve`` the weekly S-curve (empty unless asked for)."""

    project_id: int
    status_date: datetime
    baseline_id: int | None
    baseline_name: str
    figures: EarnedValue | None
    curve: list[SCurvePoint] = field(default_factory=list)
    invoiced_not_counted: Decimal = ZERO  # invoices of tasks not started: not AC
    message: str = ""


def evm_tasks(
    session: Session, project_id: int, baseline_id: int | None
) -> tuple[list[EvmTask], Decimal]:
    """The project's tasks as earned-value input against ``baseline_id`` (None: no baseline
    values), and the invoiced amount left out of AC (tasks not started)."""
    rows = session.execute(
        select(
            Task.id,
            Task.parent_id,
            Task.name,
            Task.percent_complete,
            Task.actual_start,
            Task.actual_finish,
            Task.actual_cost,
        )
        .where(Task.project_id == project_id)
        .order_by(Task.position, Task.id)
    ).all()
    saved: dict[int, tuple[datetime | None, datetime | None, Decimal]] = {}
    if baseline_id is not None:
        saved = {
            task_id: (start, finish, cost if cost is not None else ZERO)
            for task_id, start, finish, cost in session.execute(
                select(
                    BaselineTask.task_id, BaselineTask.start, BaselineTask.finish, BaselineTask.cost
                ).where(BaselineTask.baseline_id == baseline_id)
            )
        }
    invoiced = invoiced_by_task(session, project_id)
    parents = {r.parent_id for r in rows if r.parent_id is not None}
    not_counted = ZERO
    tasks: list[EvmTask] = []
    nothing: tuple[None, None, Decimal] = (None, None, ZERO)
    for r in rows:
        percent = float(r.percent_complete or 0.0)
        summary = r.id in parents
        started = r.actual_start is not None or r.actual_finish is not None or percent > 0
        actual_cost = r.actual_cost if r.actual_cost is not None else ZERO
        paid = invoiced.get(r.id, ZERO)
        if started or summary:
            actual_cost += paid
        else:
            not_counted += paid
        start, finish, cost = saved.get(r.id, nothing)
        tasks.append(
            EvmTask(
                r.id,
                r.parent_id,
                start,
                finish,
                cost,
                min(100.0, max(0.0, percent)),
                actual_cost,
                summary,
                r.actual_start,
                r.actual_finish,
                r.name or "",
            )
        )
    return tasks, not_counted


def earned_value_in(
    session: Session,
    project_id: int,
    status_date: datetime | None = None,
    *,
    baseline_id: int | None = None,
    curve: bool = False,
    now: datetime | None = None,
) -> EarnedValueView:
    """The project's earned value as of ``status_date`` (default: its effective status date,
    ``now`` standing for the clock) against ``baseline_id`` (default: its earned-value
    baseline); the S-curve too when ``curve``."""
    project_start = session.scalar(select(Project.start).where(Project.id == project_id))
    if project_start is None:
        raise ProjectNotFound(f"There is no project with id {project_id}")
    moment = status_date or effective_status_date_in(session, project_id, now)
    chosen = (
        baseline_id if baseline_id is not None else earned_value_baseline_id(session, project_id)
    )
    if chosen is None:
        return EarnedValueView(
            project_id,
            moment,
            None,
            "",
            None,
            message="Save a baseline first: earned value compares the work done with it.",
        )
    name = session.scalar(
        select(Baseline.name).where(Baseline.id == chosen, Baseline.project_id == project_id)
    )
    if name is None:
        return EarnedValueView(
            project_id, moment, None, "", None, message="That baseline no longer exists."
        )
    tasks, not_counted = evm_tasks(session, project_id, chosen)
    axis = TimeAxis(calendar_of(session, project_id), min(project_start, moment))
    figures = earned_value(tasks, moment, axis)
    points = s_curve(tasks, moment, axis) if curve else []
    return EarnedValueView(project_id, moment, chosen, name, figures, points, not_counted)


def earned_value_view(
    workspace: Workspace,
    project_id: int,
    status_date: datetime | None = None,
    *,
    baseline_id: int | None = None,
    curve: bool = True,
) -> EarnedValueView:
    """:func:`earned_value_in` in one read transaction (the S-curve included by default)."""
    with workspace.read_session() as session:
        return earned_value_in(
            session, project_id, status_date, baseline_id=baseline_id, curve=curve
        )


def task_indices(view: EarnedValueView, task_ids: Sequence[int]) -> list[tuple[float | None, ...]]:
    """Per task id its (SPI, CPI), None where undefined or not computed (the Gantt columns)."""
    figures = view.figures
    if figures is None:
        return [(None, None) for _ in task_ids]
    found = figures.tasks
    return [
        (f.spi, f.cpi) if (f := found.get(task_id)) is not None else (None, None)
        for task_id in task_ids
    ]
