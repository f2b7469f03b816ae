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

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from infradesk.model import Baseline, Project
from infradesk.schedule.calendar import TimeAxis
from infradesk.schedule.earned_value import EarnedValue, EvmTask, SCurvePoint, earned_value, s_curve
from infradesk.schedule.passes import gc_paused
from infradesk.services.plan.baselines import earned_value_baseline_id
from infradesk.services.plan.scheduling import ProjectNotFound, calendar_of
from infradesk.services.plan.status_date import effective_status_date_in
from infradesk.store.workspace import Workspace

ZERO = Decimal(0)
CENT = Decimal("0.01")


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


# Values as SQLite stores them (no per-value type processing: 10,000 tasks are read in a few
# milliseconds). Dates are ISO text, money REAL with two decimals. The order does not matter:
# the figures are per task and summed over the outline.
_TASKS = (
    "SELECT id, parent_id, name, percent_complete, actual_start, actual_finish, actual_cost "
    "FROM task WHERE project_id = ?"
)
_BASELINE = "SELECT task_id, start, finish, cost FROM baseline_task WHERE baseline_id = ?"
_INVOICED = (
    "SELECT o.task_id, total(o.invoiced) FROM purchase_order o JOIN task t ON t.id = o.task_id "
    "WHERE t.project_id = ? AND o.invoiced != 0 GROUP BY o.task_id"
)


def _fetch(session: Session, sql: str, *params: object) -> list[Any]:
    """All rows of ``sql`` as the driver gives them (tuples, no result processing: a third of
    the time of a Core result on 10,000 rows), in the session's transaction."""
    cursor = session.connection().connection.cursor()
    try:
        cursor.execute(sql, params)
        return list(cursor.fetchall())
    finally:
        cursor.close()


def _reader() -> Callable[[object], datetime | None]:
    """A parser of stored date-times that parses each distinct text once."""
    seen: dict[object, datetime | None] = {None: None}

    def read(value: object) -> datetime | None:
        found = seen.get(value, _MISSING)
        if found is _MISSING:
            found = seen[value] = (
                value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
            )
        return found

    return read


_MISSING = datetime.min


def _money(value: object) -> Decimal:
    """A stored amount (REAL with two decimals, or a Decimal) as Decimal to the cent."""
    if not value:
        return ZERO
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):  # stored with two decimals; repr is the shortest text that
        return Decimal(repr(value))  # reads back: 1234.5 -> '1234.5', exact to the cent
    return Decimal(str(value)).quantize(CENT)


def split_invoiced(paid: Decimal, work_started: bool) -> tuple[Decimal, Decimal]:
    """The one rule for invoices in actual cost: ``(counted as AC, left out of AC)``. An invoice
    pays for work only once the task has started; before that it is money paid ahead of the
    work, which would make CPI meaningless (the report and the Cost tab both use this)."""
    return (paid, ZERO) if work_started else (ZERO, paid)


def evm_tasks(
    session: Session, project_id: int, baseline_id: int | None
) -> tuple[list[EvmTask], Decimal]:
    """The project's tasks as earned-value input against ``baseline_id`` (None: no baseline
    values), and the invoiced amount left out of AC (tasks not started)."""
    rows = _fetch(session, _TASKS, project_id)
    saved: dict[int, Sequence[object]] = {}
    if baseline_id is not None:
        saved = {row[0]: row[1:] for row in _fetch(session, _BASELINE, baseline_id)}
    invoiced: dict[int, object] = dict(_fetch(session, _INVOICED, project_id))
    parents = {row[1] for row in rows}
    moment = _reader()
    not_counted = ZERO
    tasks: list[EvmTask] = []
    append = tasks.append
    nothing: Sequence[object] = (None, None, None)
    for task_id, parent_id, name, percent, actual_start, actual_finish, own in rows:
        percent = min(100.0, max(0.0, float(percent or 0.0)))
        summary = task_id in parents
        actual_cost = _money(own)
        paid = invoiced.get(task_id)
        if paid:
            started = percent > 0 or actual_start is not None or actual_finish is not None
            counted, left_out = split_invoiced(_money(paid), summary or started)
            actual_cost += counted
            not_counted += left_out
        start, finish, cost = saved.get(task_id, nothing)
        append(
            EvmTask(
                task_id,
                parent_id,
                moment(start),
                moment(finish),
                _money(cost),
                percent,
                actual_cost,
                summary,
                moment(actual_start),
                moment(actual_finish),
                name or "",
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
    with gc_paused():  # many small objects and no cycles: a collection would only cost time
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
