"""Earned value of a stored project, for the Cost view and whoever shows EVM figures.

The hop: the project's tasks with their earned-value baseline values (:func:`.baselines.
current_baseline_id`: the one chosen, else the latest) and the invoiced amounts of
the purchase orders that name its tasks, read as columns (one statement for the tasks and the
baseline, one for the orders; dates straight to positions on the time axis, each distinct text
parsed once; the actual dates only when asked for, the names only when an error needs one)
-> :class:`~infradesk.schedule.earned_value.EvmColumns` -> :func:`~infradesk.schedule.
earned_value.earned_value` (figures per task, per summary and for the project, and the earned
schedule) and, when asked, ``s_curve`` (weekly PV, EV, AC). The figures of 10,000 tasks take
about 50 ms, a third of it the read (``bench/bench_earned_value_service.py``).

**The moment** is :func:`measured_moment`: the Cost tab and the weekly report (``status.facts``)
both call it, so that without a stored status date they measure at the same moment.

**Actual cost (AC)** of a task = its own ``actual_cost`` + the invoiced amounts of the purchase
orders that name it (in the project's currency), **but only once its work has started** (an
actual start, an actual finish or a percent above 0; a summary: once any of its subtasks has).
An invoice of work not started pays for work not yet done (an advance, a deposit, goods for
next month): it is not a cost of work performed, and counting it would make CPI meaningless
(issue 15: CPI 4.28 from such invoices). Those amounts are left out of AC and reported as
``invoiced_not_counted``, so a view can say so. An order may name a summary task: its invoices
add to that summary's AC on top of its subtasks' roll-up (and so to the project's).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from infradesk.model import Baseline, Project
from infradesk.schedule.calendar import TimeAxis, WorkingCalendar
from infradesk.schedule.earned_value import (
    EarnedValue,
    EvmColumns,
    SCurvePoint,
    earned_value,
    s_curve,
)
from infradesk.schedule.passes import gc_paused
from infradesk.services.plan.baselines import current_baseline_id
from infradesk.services.plan.progress import round_to_working_time
from infradesk.services.plan.scheduling import ProjectNotFound, calendar_of
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


# Values as SQLite stores them (no per-value type processing). Dates are ISO text, money REAL
# with two decimals. The order does not matter: the figures are per task and summed over the
# outline. One statement reads each task with its baseline values (LEFT JOIN: a task added
# after the baseline has none). An amount held as REAL comes as SQLite's text of it (for whole
# cents exactly those cents: Decimal(text) is three times faster than formatting the float in
# Python), None for 0 or NULL, anything else as stored (see :func:`_amounts`).
_AMOUNT = (
    "CASE WHEN {0} IS NULL OR {0} = 0 THEN NULL "
    "WHEN typeof({0}) = 'real' THEN CAST({0} AS TEXT) ELSE {0} END"
)
_ROWS_OF = (
    "SELECT t.id, t.parent_id, t.percent_complete, "
    "{own}, b.start, b.finish, {baseline} "
    "FROM task t LEFT JOIN baseline_task b ON b.task_id = t.id AND b.baseline_id = ? "
    "WHERE t.project_id = ?"
)
_ROWS = _ROWS_OF.format(own=_AMOUNT.format("t.actual_cost"), baseline=_AMOUNT.format("b.cost"))
# PostgreSQL gives typed values (numeric as Decimal, timestamps as datetime): 0 reads as None
_ROWS_PG = _ROWS_OF.format(own="NULLIF(t.actual_cost, 0)", baseline="NULLIF(b.cost, 0)")
# The orders that name a task of the project, in its currency (no exchange rate offline), with
# an invoiced amount: summed per task in Decimal (a float sum could add 0.1 + 0.2 wrongly), the
# rule of the report's ``status.evm.invoiced_per_task``.
_INVOICED = (
    "SELECT o.task_id, o.invoiced, t.actual_start, t.actual_finish "
    "FROM purchase_order o JOIN task t ON t.id = o.task_id "
    "WHERE t.project_id = ? AND o.invoiced != 0 "
    "AND o.currency = (SELECT currency FROM project WHERE id = ?)"
)
# Read only when needed: the actual dates (the S-curve, invoices of a summary, the actual time
# of finished work) and the names (an input error names the task).
_ACTUALS = (
    "SELECT id, actual_start, actual_finish FROM task WHERE project_id = ? "
    "AND (actual_start IS NOT NULL OR actual_finish IS NOT NULL)"
)
_NAMES = "SELECT id, name FROM task WHERE project_id = ?"


def _fetch(session: Session, sql: str, *params: object) -> list[Any]:
    """All rows of ``sql`` as the driver gives them (tuples, no result processing: a third of
    the time of a Core result on 10,000 rows), in the session's transaction."""
    if session.get_bind().dialect.name == "postgresql":  # psycopg's placeholders
        sql = (_ROWS_PG if sql == _ROWS else sql).replace("?", "%s")
    cursor = session.connection().connection.cursor()
    try:
        cursor.execute(sql, params)
        return list(cursor.fetchall())
    finally:
        cursor.close()


def _money(value: object) -> Decimal:
    """A stored amount as Decimal to the cent, as the model's ``Numeric(14, 2)`` reads it (what
    the report sees): a REAL (or SQLite's text of one) through ``'%.2f'``, so that an amount
    written with more decimals around the app (1234.561) is the same 1234.56 in both views."""
    if not value:
        return ZERO
    if isinstance(value, Decimal):
        return value
    if isinstance(value, (float, str)):
        return Decimal(f"{float(value):.2f}")
    return Decimal(str(value)).quantize(CENT)


def _amounts(values: Sequence[object]) -> list[Decimal]:
    """:func:`_money` of a column read through ``_AMOUNT``: the text of a REAL with at most two
    decimals ('37706.04', '100.5') is exactly those cents, the rest goes through _money."""
    return [
        ZERO
        if v is None
        else Decimal(v)
        if v.__class__ is str and (v[-3:-2] == "." or v[-2:-1] == ".")
        else _money(v)
        for v in values
    ]


def split_invoiced(paid: Decimal, work_started: bool) -> tuple[Decimal, Decimal]:
    """The one rule for invoices in actual cost: ``(counted as AC, left out of AC)``. An invoice
    pays for work only once the task has started; before that it is money paid ahead of the
    work, which would make CPI meaningless (the report and the Cost tab both use this)."""
    return (paid, ZERO) if work_started else (ZERO, paid)


def work_started(percent: float, actual_start: object, actual_finish: object) -> bool:
    """Whether a task's own work has started: a percent above 0 or an actual date."""
    return percent > 0 or actual_start is not None or actual_finish is not None


def started_with_summaries(parents: Mapping[int, int | None], started: Iterable[int]) -> set[int]:
    """``started`` and every outline ancestor of those: a summary's work has started once any
    of its subtasks' has, so invoices of orders that name a summary count from then on (the
    report and the Cost tab both use this)."""
    out: set[int] = set()
    for task_id in started:
        current: int | None = task_id
        while current is not None and current not in out:
            out.add(current)
            current = parents.get(current)
    return out


def evm_columns(
    session: Session, project_id: int, baseline_id: int | None, axis: TimeAxis | None = None
) -> tuple[EvmColumns, Decimal]:
    """The project's tasks as earned-value input against ``baseline_id`` (None: no baseline
    values), and the invoiced amount left out of AC (work not started). With ``axis`` the
    dates are positions on it (each distinct text parsed once), else date-times.

    AC of a task = its own actual cost + the invoices of orders that name it, once its work has
    started (:func:`split_invoiced`); an order may name a summary task: its invoices count in
    the summary's AC (on top of its subtasks') once any subtask has started."""
    rows = _fetch(session, _ROWS, baseline_id, project_id)
    if not rows:
        empty: list[Any] = []
        return EvmColumns(*([empty] * 12)), ZERO
    ids, parent_ids, percents, own_costs, baseline_starts, baseline_finishes, baseline_costs = zip(
        *rows, strict=True
    )
    percent_list = [
        p if p.__class__ is float and 0.0 <= p <= 100.0 else min(100.0, max(0.0, float(p or 0.0)))
        for p in percents
    ]
    read = _reader(axis, baseline_starts, baseline_finishes)
    actuals = _Actuals(session, project_id, ids, axis)
    invoiced, not_counted = _counted_invoices(
        session, project_id, ids, parent_ids, percent_list, actuals
    )
    columns = EvmColumns(
        ids=ids,
        parent_ids=parent_ids,
        baseline_start=read(baseline_starts),
        baseline_finish=read(baseline_finishes),
        baseline_cost=_amounts(baseline_costs),
        percent_complete=percent_list,
        actual_cost=_amounts(own_costs),
        summary=[False] * len(ids),  # a summary is a task with children (the outline says)
        actual_start=actuals.start,
        actual_finish=actuals.finish,
        names=_Lazy(lambda: _names(session, project_id, ids)),
        invoiced=invoiced,
    )
    return columns, not_counted


def _counted_invoices(
    session: Session,
    project_id: int,
    ids: Sequence[int],
    parent_ids: Sequence[int | None],
    percents: Sequence[float],
    actuals: _Actuals,
) -> tuple[list[Decimal], Decimal]:
    """Per task the invoices counted as its AC (:func:`split_invoiced`: once its work, or for
    a summary any subtask's, has started), and the sum of those left out."""
    invoiced: list[Decimal] = [ZERO] * len(ids)
    not_counted = ZERO
    paid: dict[int, Decimal] = {}
    own_dates: dict[int, tuple[object, object]] = {}
    for task_id, amount, begun, ended in _fetch(session, _INVOICED, project_id, project_id):
        paid[task_id] = paid.get(task_id, ZERO) + _money(amount)
        own_dates[task_id] = (begun, ended)
    if paid:
        index_of = {task_id: i for i, task_id in enumerate(ids)}
        summaries = set(parent_ids)
        started: set[int] | None = None
        for task_id, amount in paid.items():
            i = index_of[task_id]
            if task_id in summaries:  # started once any of its subtasks has
                if started is None:
                    starts, finishes = actuals.start, actuals.finish
                    started = started_with_summaries(
                        dict(zip(ids, parent_ids, strict=True)),
                        (
                            ids[k]
                            for k, percent in enumerate(percents)
                            if work_started(percent, starts[k], finishes[k])
                        ),
                    )
                begun_work = task_id in started
            else:
                begun_work = work_started(percents[i], *own_dates[task_id])
            counted, left_out = split_invoiced(amount, begun_work)
            invoiced[i] = counted
            not_counted += left_out
    return invoiced, not_counted


def _reader(
    axis: TimeAxis | None, *columns: Sequence[object]
) -> Callable[[Sequence[object]], list[Any]]:
    """A reader of columns of stored date-times, as positions on ``axis`` when given: each
    distinct text is parsed once (a plan has far fewer distinct dates than tasks)."""
    distinct: set[object] = set()
    for column in columns:
        distinct.update(column)
    distinct.discard(None)
    seen: dict[object, Any] = {None: None}
    for value in distinct:
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
        seen[value] = moment if axis is None else axis.position_of(moment)
    look_up = seen.__getitem__

    def read(column: Sequence[object]) -> list[Any]:
        return list(map(look_up, column))

    return read


class _Lazy(Sequence[Any]):
    """A column computed on first use (a query the figures may not need)."""

    def __init__(self, load: Callable[[], list[Any]]) -> None:
        self._load = load
        self._values: list[Any] | None = None

    def _all(self) -> list[Any]:
        if self._values is None:
            self._values = self._load()
        return self._values

    def __len__(self) -> int:
        return len(self._all())

    def __getitem__(self, index: Any) -> Any:
        return self._all()[index]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._all())


def _names(session: Session, project_id: int, ids: Sequence[int]) -> list[str]:
    found = {task_id: name or "" for task_id, name in _fetch(session, _NAMES, project_id)}
    return [found.get(task_id, "") for task_id in ids]


class _Actuals:
    """The actual start and finish columns, read together on first use of either."""

    def __init__(
        self, session: Session, project_id: int, ids: Sequence[int], axis: TimeAxis | None
    ) -> None:
        self._session, self._project_id, self._ids, self._axis = session, project_id, ids, axis
        self._columns: tuple[list[Any], list[Any]] | None = None
        self.start = _Lazy(lambda: self._read()[0])
        self.finish = _Lazy(lambda: self._read()[1])

    def _read(self) -> tuple[list[Any], list[Any]]:
        if self._columns is None:
            rows = _fetch(self._session, _ACTUALS, self._project_id)
            found = {task_id: (begun, ended) for task_id, begun, ended in rows}
            nothing = (None, None)
            pairs = [found.get(task_id, nothing) for task_id in self._ids]
            read = _reader(self._axis, [b for b, _ in pairs], [e for _, e in pairs])
            self._columns = (read([b for b, _ in pairs]), read([e for _, e in pairs]))
        return self._columns


def measured_moment(
    stored: datetime | None,
    calendar: WorkingCalendar,
    as_of: date | None = None,
    now: datetime | None = None,
) -> datetime:
    """The one rule for the moment progress is measured at, used by the Cost tab's earned value
    (:func:`measured_at`) and by the weekly report (``status.facts``), so that both show the
    same figures. ``stored``: the project's status date; ``now`` stands for the clock.

    * no day asked for (the Cost tab), or a report of the stored status date's day: the
      project's effective status date (see :mod:`.status_date`: the stored one, else ``now``
      rounded down to the calendar's working time);
    * a report of today when no status date is stored: that same effective status date;
    * a report of another day: the end of that day (work finished on it counts as done).
    """
    clock = now or datetime.now()
    if stored is not None and (as_of is None or stored.date() == as_of):
        return stored
    if as_of is None or (stored is None and as_of == clock.date()):
        return round_to_working_time(clock, calendar)
    return datetime.combine(as_of, time(23, 59))


def measured_at(
    session: Session, project_id: int, as_of: date | None = None, now: datetime | None = None
) -> datetime:
    """:func:`measured_moment` of a stored project."""
    found = session.execute(
        select(Project.status_date).where(Project.id == project_id)
    ).one_or_none()
    if found is None:
        raise ProjectNotFound(f"There is no project with id {project_id}")
    return measured_moment(found[0], calendar_of(session, project_id), as_of, now)


def earned_value_in(
    session: Session,
    project_id: int,
    status_date: datetime | None = None,
    *,
    baseline_id: int | None = None,
    curve: bool = False,
    now: datetime | None = None,
    calendar: WorkingCalendar | None = None,
) -> EarnedValueView:
    """The project's earned value as of ``status_date`` (default: :func:`measured_moment`, ``now``
    standing for the clock) against ``baseline_id`` (default: its earned-value
    baseline); the S-curve too when ``curve``. ``calendar``: the project's, when the caller
    has built it already (the portfolio reads fifty)."""
    found = session.execute(
        select(Project.start, Project.status_date).where(Project.id == project_id)
    ).one_or_none()
    if found is None:
        raise ProjectNotFound(f"There is no project with id {project_id}")
    project_start, stored = found
    calendar = calendar or calendar_of(session, project_id)
    moment = status_date or measured_moment(stored, calendar, None, now)
    chosen = baseline_id if baseline_id is not None else current_baseline_id(session, project_id)
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
        axis = TimeAxis(calendar, min(project_start, moment))
        tasks, not_counted = evm_columns(session, project_id, chosen, axis)
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
