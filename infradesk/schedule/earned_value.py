"""Earned value and earned schedule as of a status date: pure functions over plain data.

Input: one :class:`EvmTask` per task (baseline dates and cost, percent complete, actual cost,
outline parent), the status date and the project's :class:`TimeAxis` (or its
:class:`WorkingCalendar`). Output: :class:`EarnedValue`, the figures per task, per summary
(sums of the children) and for the project, and the project's :class:`EarnedSchedule`;
:func:`s_curve` gives the weekly PV / EV / AC points for the report and the Cost view.

Definitions (PMI's Practice Standard for EVM; earned schedule after Walt Lipke, "Schedule is
Different", The Measurable News, 2003):

* BAC = the task's baseline cost. PV = BAC x the share of the task's baseline *working* time
  that lies before the status date (linear over working minutes: a weekend adds nothing).
  EV = BAC x percent complete. AC = the actual cost of the work performed (see below).
* SV = EV - PV, CV = EV - AC, SPI = EV / PV, CPI = EV / AC.
* EAC by the three standard formulas: ``eac_cpi`` = BAC / CPI (the default ``eac``, as in
  MS Project), ``eac_budget`` = AC + (BAC - EV), ``eac_cpi_spi`` = AC + (BAC - EV) / (CPI x SPI).
  ETC = EAC - AC and VAC = BAC - EAC use the default. TCPI = (BAC - EV) / (BAC - AC).
* Earned schedule (project only): ES = the working time, from the baseline start, at which the
  baseline PV curve equals the current EV (the curve is exactly linear between the baseline
  starts and finishes, so "interpolated within the period" is exact here); AT = the working time
  from the baseline start to the status date; SV(t) = ES - AT; SPI(t) = ES / AT; the forecast
  finish is baseline start + IEAC(t), IEAC(t) = planned duration / SPI(t). ES lies within
  0 .. the planned duration. Where the curve is flat at the EV (a stretch of planned work without
  cost) every time of that stretch "has PV = EV"; ES is then the status date if it lies in the
  stretch (the project is on plan), else the stretch's nearer end.

**What AC must contain** (for whoever feeds this module): the actual cost of the work performed
up to the status date - labour booked on the task, goods and services *delivered* for it, fixed
cost accrued as the work is done. Never money for work not yet done: a purchase order is a
commitment, not a cost; an invoice paid in advance, a deposit, or an invoice for a delivery not
yet received is not AC until the work or goods it pays for have been delivered. Counting them
makes CPI meaningless (issue 15: the report printed CPI 4.28 with invoices counted as cost of
work). A task's AC may come from invoices only to the extent that their deliveries were received.

Numbers: money is ``Decimal`` everywhere (no rounding here: quantize at the edges, e.g. with
:func:`to_cents`). Ratios (SPI, CPI, TCPI, SPI(t)) are ``float``: they are dimensionless indices
compared with RAG thresholds and shown with two decimals; the JSON export writes them as
numbers, and a ``Decimal`` quotient would only pretend to a precision the inputs do not have.
Money formulas never go through a float ratio: EAC = BAC x AC / EV is computed in ``Decimal``.
Times of the earned schedule are working minutes as ``float``. A division by zero gives
``None``, never 0 or infinity.

Summary tasks: their figures are the sums of their children's BAC, PV, EV and AC (ratios
recomputed from the sums, never averaged); a summary's own cost fields are ignored, because
imported plans (MSPDI) store the children's roll-up there and adding it would count it twice.
Only ``EvmTask.invoiced`` (invoices of orders that name the summary itself, which no child
carries) adds to a summary's AC. The input is a sequence of :class:`EvmTask` or, for a caller
that reads many rows, the same as :class:`EvmColumns` (parallel lists, no object per task).
A task without baseline dates is not in the baseline: BAC = PV = EV = 0, its AC still counts.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import NamedTuple

from infradesk.errors import UserError
from infradesk.schedule.calendar import TimeAxis, WorkingCalendar, cached_axis, midnight
from infradesk.schedule.passes import gc_paused

ZERO = Decimal(0)
HUNDRED = Decimal(100)
CENT = Decimal("0.01")
_CURVE_PRECISION = 50  # digits while summing rates: results round back to exact cents and units

Moment = datetime | int
"""A date-time, or a working-minute position on the axis given to the functions."""


class EarnedValueInputError(UserError, ValueError):
    """Task data the figures cannot be computed from; the message names the task."""


@dataclass(frozen=True, slots=True)
class EvmTask:
    """One task's earned-value input. Dates are date-times or positions on the axis passed
    along (never mix an axis's positions with another axis)."""

    id: int
    parent_id: int | None = None
    baseline_start: Moment | None = None
    baseline_finish: Moment | None = None
    baseline_cost: Decimal = ZERO
    percent_complete: float | int | Decimal = 0
    actual_cost: Decimal = ZERO
    summary: bool = False
    actual_start: Moment | None = None  # used by the S-curve only (when EV and AC accrued)
    actual_finish: Moment | None = None  # S-curve; and AT stops at the end of finished work
    name: str = ""
    # invoices counted as this task's AC (the caller applied its rule of work started); unlike
    # ``actual_cost`` it counts on a summary too, on top of its children's roll-up
    invoiced: Decimal = ZERO


@dataclass(frozen=True, slots=True)
class EvmColumns:
    """The input of :func:`earned_value` as parallel lists (index = task), the fields of
    :class:`EvmTask` one list each: what a caller reading 10,000 rows builds without an
    object per task (:meth:`of` turns tasks into columns)."""

    ids: Sequence[int]
    parent_ids: Sequence[int | None]
    baseline_start: Sequence[Moment | None]
    baseline_finish: Sequence[Moment | None]
    baseline_cost: Sequence[Decimal]
    percent_complete: Sequence[float | int | Decimal]
    actual_cost: Sequence[Decimal]
    summary: Sequence[bool]
    actual_start: Sequence[Moment | None]
    actual_finish: Sequence[Moment | None]
    names: Sequence[str]
    invoiced: Sequence[Decimal]

    @classmethod
    def of(cls, tasks: Sequence[EvmTask]) -> EvmColumns:
        return cls(
            [t.id for t in tasks],
            [t.parent_id for t in tasks],
            [t.baseline_start for t in tasks],
            [t.baseline_finish for t in tasks],
            [t.baseline_cost for t in tasks],
            [t.percent_complete for t in tasks],
            [t.actual_cost for t in tasks],
            [t.summary for t in tasks],
            [t.actual_start for t in tasks],
            [t.actual_finish for t in tasks],
            [t.name for t in tasks],
            [t.invoiced for t in tasks],
        )

    def label(self, i: int) -> str:
        name = self.names[i]
        return f"task {self.ids[i]}" + (f" '{name}'" if name else "")


EvmInput = Sequence[EvmTask] | EvmColumns
"""Tasks, or the same as columns."""


def _ratio(numerator: Decimal, denominator: Decimal) -> float | None:
    return None if denominator == 0 else float(numerator / denominator)


class EvmFigures(NamedTuple):
    """BAC, PV, EV and AC of a task, summary or project, and everything derived from them
    (a named tuple: built for every task, it must be cheap; the derived figures are computed
    when asked for)."""

    bac: Decimal
    pv: Decimal
    ev: Decimal
    ac: Decimal

    @property
    def sv(self) -> Decimal:
        return self.ev - self.pv

    @property
    def cv(self) -> Decimal:
        return self.ev - self.ac

    @property
    def spi(self) -> float | None:
        return _ratio(self.ev, self.pv)

    @property
    def cpi(self) -> float | None:
        return _ratio(self.ev, self.ac)

    @property
    def eac_cpi(self) -> Decimal | None:
        """EAC1 = BAC / CPI = BAC x AC / EV: the remaining work costs as the work so far did."""
        if self.ev == 0 or self.ac == 0:
            return None
        return self.bac * self.ac / self.ev

    @property
    def eac_budget(self) -> Decimal:
        """EAC2 = AC + (BAC - EV): the remaining work costs what the budget says."""
        return self.ac + (self.bac - self.ev)

    @property
    def eac_cpi_spi(self) -> Decimal | None:
        """EAC3 = AC + (BAC - EV) / (CPI x SPI), with CPI x SPI = EV^2 / (AC x PV)."""
        if self.ev == 0 or self.ac == 0 or self.pv == 0:
            return None
        return self.ac + (self.bac - self.ev) * self.ac * self.pv / (self.ev * self.ev)

    @property
    def eac(self) -> Decimal | None:
        """The default EAC: the CPI formula (EAC1), as MS Project computes it."""
        return self.eac_cpi

    @property
    def etc(self) -> Decimal | None:
        eac = self.eac
        return None if eac is None else eac - self.ac

    @property
    def vac(self) -> Decimal | None:
        eac = self.eac
        return None if eac is None else self.bac - eac

    @property
    def tcpi(self) -> float | None:
        """(BAC - EV) / (BAC - AC): the cost efficiency the rest of the work needs."""
        return _ratio(self.bac - self.ev, self.bac - self.ac)


EMPTY_FIGURES = EvmFigures(ZERO, ZERO, ZERO, ZERO)


@dataclass(frozen=True, slots=True)
class EarnedSchedule:
    """The project's earned schedule; durations in working minutes from the baseline start."""

    baseline_start: datetime
    baseline_finish: datetime
    planned_duration: int  # PD: baseline start to baseline finish
    actual_time: int  # AT: baseline start to the status date (0 before the start)
    earned_schedule: float  # ES, within 0 .. PD
    forecast_finish: datetime | None  # baseline start + IEAC(t); None after the year 2199

    @property
    def sv_t(self) -> float:
        """SV(t) = ES - AT (negative: behind plan)."""
        return self.earned_schedule - self.actual_time

    @property
    def spi_t(self) -> float | None:
        """SPI(t) = ES / AT."""
        return None if self.actual_time <= 0 else self.earned_schedule / self.actual_time

    @property
    def ieac_t(self) -> float | None:
        """IEAC(t) = PD / SPI(t) in working minutes (None when SPI(t) is None or 0)."""
        spi_t = self.spi_t
        return None if not spi_t else self.planned_duration / spi_t


@dataclass(frozen=True, slots=True)
class EarnedValue:
    """Every task's figures (summaries rolled up), the project's, and its earned schedule
    (None when nothing in the baseline carries a cost)."""

    status_date: datetime
    project: EvmFigures
    tasks: Mapping[int, EvmFigures]
    schedule: EarnedSchedule | None


@dataclass(frozen=True, slots=True)
class SCurvePoint:
    """Cumulative values at ``at``; EV and AC are None after the status date."""

    at: datetime
    pv: Decimal
    ev: Decimal | None
    ac: Decimal | None


def to_cents(amount: Decimal | None) -> Decimal | None:
    """Round money for display or export (half up, as accountants do)."""
    return None if amount is None else amount.quantize(CENT, rounding=ROUND_HALF_UP)


# --------------------------------------------------------------------------- preparing input


def _axis_for(axis: TimeAxis | WorkingCalendar, status_date: datetime) -> TimeAxis:
    if isinstance(axis, TimeAxis):
        return axis
    return cached_axis(axis, status_date.date())


class _Prepared:
    """The input as parallel lists (index = place in the input), positions resolved and values
    checked: lists and local names rather than an object per task, so that 10,000 tasks take a
    few milliseconds."""

    __slots__ = (
        "_cache",
        "ac",
        "axis",
        "axis_given",
        "bac",
        "children",
        "columns",
        "ev",
        "finish",
        "has_children",
        "leaf",
        "order",
        "parent",
        "roots",
        "start",
    )

    def __init__(self, tasks: EvmInput, axis: TimeAxis, axis_given: bool) -> None:
        columns = tasks if isinstance(tasks, EvmColumns) else EvmColumns.of(tasks)
        self.columns = columns
        self.axis = axis
        self.axis_given = axis_given
        self._cache: dict[datetime, int] = {}
        ids = columns.ids
        count = len(ids)
        index_of = {task_id: i for i, task_id in enumerate(ids)}
        if len(index_of) != count:
            first = {task_id: i for i, task_id in reversed(list(enumerate(ids)))}
            twice = next(i for i, task_id in enumerate(ids) if first[task_id] != i)
            raise EarnedValueInputError(f"{columns.label(twice)} is listed twice")
        get = index_of.get
        parent = [-1 if p is None else get(p, -1) for p in columns.parent_ids]
        has_children = [False] * count
        for p in parent:
            if p >= 0:
                has_children[p] = True
        self.parent, self.has_children = parent, has_children
        self.leaf = [not (s or c) for s, c in zip(columns.summary, has_children, strict=True)]
        self.start: list[int | None] = [None] * count
        self.finish: list[int | None] = [None] * count
        self.bac = [ZERO] * count
        self.ev = [ZERO] * count
        self.ac = [ZERO] * count
        self._read_leaves()
        self.order = self._children_first()

    def position(self, moment: Moment | None, i: int) -> int | None:
        """``moment`` (of task index ``i``, named in errors) as a position on the axis."""
        if moment is None:
            return None
        if isinstance(moment, int):
            if not self.axis_given:
                raise EarnedValueInputError(
                    f"{self.columns.label(i)}: a working-minute position needs the TimeAxis it "
                    "was taken on"
                )
            return moment
        found = self._cache.get(moment)
        if found is None:
            found = self._cache[moment] = self.axis.position_of(moment)
        return found

    def _read_leaves(self) -> None:
        percents: dict[float | int | Decimal, Decimal] = {}
        position, leaf, columns = self.position, self.leaf, self.columns
        given = self.axis_given
        start_of, finish_of, bac_of, ev_of, ac_of = (
            self.start,
            self.finish,
            self.bac,
            self.ev,
            self.ac,
        )
        for i, (invoiced, own, begin, end, bac, value) in enumerate(
            zip(
                columns.invoiced,
                columns.actual_cost,
                columns.baseline_start,
                columns.baseline_finish,
                columns.baseline_cost,
                columns.percent_complete,
                strict=True,
            )
        ):
            if not leaf[i]:
                ac_of[i] = invoiced  # a summary's own actual cost is its children's roll-up
                continue
            ac_of[i] = own + invoiced if invoiced else own
            start = (
                begin if begin is None or (given and begin.__class__ is int) else position(begin, i)
            )
            finish = end if end is None or (given and end.__class__ is int) else position(end, i)
            if start is None or finish is None:
                continue  # not (or half) in the baseline: no BAC, PV or EV
            if finish < start:
                raise EarnedValueInputError(
                    f"{columns.label(i)}: the baseline finishes before it starts"
                )
            if bac < 0:
                raise EarnedValueInputError(
                    f"{columns.label(i)}: the baseline cost {bac} is negative"
                )
            percent = percents.get(value)
            if percent is None:
                percent = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
                if not ZERO <= percent <= HUNDRED:
                    raise EarnedValueInputError(
                        f"{columns.label(i)}: percent complete {value} is not between 0 and 100"
                    )
                percents[value] = percent
            start_of[i], finish_of[i], bac_of[i] = start, finish, bac
            if percent == HUNDRED:
                ev_of[i] = bac
            elif percent:
                ev_of[i] = bac * percent / HUNDRED

    def _children_first(self) -> list[int]:
        """Indexes in an order that puts every child before its parent."""
        count = len(self.parent)
        children: list[list[int] | None] = [None] * count
        order: list[int] = []  # first parents before children: breadth first from the roots
        for i, p in enumerate(self.parent):
            if p < 0:
                order.append(i)
            else:
                kids = children[p]
                if kids is None:
                    children[p] = [i]
                else:
                    kids.append(i)
        self.roots = list(order)
        self.children = children
        for i in order:  # the list grows while it is walked: breadth first
            kids = children[i]
            if kids:
                order.extend(kids)
        if len(order) != count:
            seen = set(order)
            stuck = next(i for i in range(count) if i not in seen)
            raise EarnedValueInputError(
                f"{self.columns.label(stuck)}: its outline parents form a loop"
            )
        order.reverse()
        return order

    def positions(self, moments: Sequence[Moment | None]) -> list[int | None]:
        """A column of moments as positions on the axis."""
        position = self.position
        return [
            m if m is None or (m.__class__ is int and self.axis_given) else position(m, i)
            for i, m in enumerate(moments)
        ]

    def pv_spreads(self) -> list[tuple[int, int, Decimal]]:
        return [
            (start, finish, bac)
            for start, finish, bac in zip(self.start, self.finish, self.bac, strict=True)
            if start is not None and finish is not None
        ]


# --------------------------------------------------------------------------- the PV curve


class _Curve:
    """A non-decreasing, piecewise-linear function of position: the sum of amounts each spread
    evenly over ``[start, end)`` (a zero-length spread is a step at ``start``). Right-continuous:
    at a step's position the value already includes the step.

    Rates (1000 / 4800 per minute) are not exact decimals; they are summed with 50 digits, so
    that a value rounded back to the context's 28 digits is exact (500, not 499.999...) and a
    flat stretch after a finished task sits exactly at the sum of its costs."""

    def __init__(self, spreads: Iterable[tuple[int, int, Decimal]]) -> None:
        self.total = ZERO
        self.times: list[int] = []
        self.before: list[Decimal] = []  # value just before each time (before its step)
        self.values: list[Decimal] = []  # value at each time (step included)
        self.slopes: list[Decimal] = []  # slope from each time to the next
        with localcontext() as context:
            context.prec = _CURVE_PRECISION
            self._build(spreads)
        # back to the context's precision: a plateau of exact amounts compares equal to an EV
        self.before = [+value for value in self.before]
        self.values = [+value for value in self.values]

    def _build(self, spreads: Iterable[tuple[int, int, Decimal]]) -> None:
        jumps: defaultdict[int, Decimal] = defaultdict(Decimal)  # a missing key starts at 0
        rates: defaultdict[int, Decimal] = defaultdict(Decimal)
        total = ZERO
        for start, end, amount in spreads:
            if not amount:
                continue
            total += amount
            if end > start:
                rate = amount / (end - start)
                rates[start] += rate
                rates[end] -= rate
            else:
                jumps[start] += amount
        self.total = total
        times = self.times = sorted(jumps.keys() | rates.keys())
        before, values, slopes = self.before, self.values, self.slopes
        value = slope = ZERO
        previous = times[0] if times else 0
        for time in times:
            value += slope * (time - previous)
            before.append(value)
            jump = jumps.get(time)
            if jump is not None:
                value += jump
            values.append(value)
            change = rates.get(time)
            if change is not None:
                slope += change
            slopes.append(slope)
            previous = time
        if times:  # rounding of the rates must not leave a tail or a wrong total
            values[-1] = total
            slopes[-1] = ZERO

    def at(self, position: int) -> Decimal:
        k = bisect_right(self.times, position) - 1
        if k < 0:
            return ZERO
        with localcontext() as context:
            context.prec = _CURVE_PRECISION
            value = self.values[k] + self.slopes[k] * (position - self.times[k])
        return +value  # rounded to the caller's context

    def first_reaching(self, amount: Decimal) -> Decimal | None:
        """inf {t : value(t) >= amount}; None when that is minus infinity (amount <= 0)."""
        if amount <= 0:
            return None
        k = bisect_left(self.values, amount)  # first time whose value reaches the amount
        if k >= len(self.times):
            return Decimal(self.times[-1])  # only rounding can ask for more than the total
        if k > 0 and self.before[k] >= amount:  # reached on the slope before time k
            return self.times[k - 1] + (amount - self.values[k - 1]) / self.slopes[k - 1]
        return Decimal(self.times[k])

    def last_within(self, amount: Decimal) -> Decimal | None:
        """sup {t : value(t) <= amount}; None when that is plus infinity."""
        k = bisect_right(self.values, amount)  # first time whose value exceeds the amount
        if k >= len(self.times):
            return None
        if k > 0 and self.before[k] > amount:  # exceeded on the slope before time k
            return self.times[k - 1] + (amount - self.values[k - 1]) / self.slopes[k - 1]
        return Decimal(self.times[k])


# --------------------------------------------------------------------------- the figures


def earned_value(
    tasks: EvmInput, status_date: datetime, axis: TimeAxis | WorkingCalendar
) -> EarnedValue:
    """EVM figures of every task, summary and the project as of ``status_date``."""
    with gc_paused():  # many small objects and no cycles: a collection would only cost time
        return _earned_value(tasks, status_date, axis)


def _earned_value(
    tasks: EvmInput, status_date: datetime, axis: TimeAxis | WorkingCalendar
) -> EarnedValue:
    time_axis = _axis_for(axis, status_date)
    plan = _Prepared(tasks, time_axis, isinstance(axis, TimeAxis))
    status = time_axis.position_of(status_date)
    ids = plan.columns.ids
    starts, finishes, bacs, evs = plan.start, plan.finish, plan.bac, plan.ev
    # PV of each leaf (ZERO for the rest): linear over its baseline working time
    pvs = [
        ZERO
        if start is None or finish is None or not bac or status < start
        else bac
        if status >= finish
        else bac * (status - start) / (finish - start)
        for start, finish, bac in zip(starts, finishes, bacs, strict=True)
    ]
    bacs, evs, acs = list(bacs), list(evs), list(plan.ac)
    children, has_children = plan.children, plan.has_children
    # a summary's figures are sums over its children, added in the same order as always
    # (children first, each parent's children last to first: Decimal sums depend on it), plus
    # the invoices that name the summary itself; one without children has those only
    for i in plan.order:
        if has_children[i]:
            kids = children[i]
            assert kids is not None
            kids = kids[::-1]
            bacs[i] = sum([bacs[k] for k in kids], ZERO)
            pvs[i] = sum([pvs[k] for k in kids], ZERO)
            evs[i] = sum([evs[k] for k in kids], ZERO)
            own = acs[i]
            ac = sum([acs[k] for k in kids], ZERO)
            acs[i] = ac + own if own else ac
    make = tuple.__new__  # an EvmFigures without the named tuple's Python-level __new__
    figures: dict[int, EvmFigures] = dict(
        zip(
            ids,
            [make(EvmFigures, row) for row in zip(bacs, pvs, evs, acs, strict=True)],
            strict=True,
        )
    )
    roots = plan.roots[::-1]
    project_bac = sum([bacs[k] for k in roots], ZERO)
    project_pv = sum([pvs[k] for k in roots], ZERO)
    project_ev = sum([evs[k] for k in roots], ZERO)
    project_ac = sum([acs[k] for k in roots], ZERO)
    project = EvmFigures(project_bac, project_pv, project_ev, project_ac)
    schedule = _earned_schedule(plan, _Curve(plan.pv_spreads()), project.ev, status)
    return EarnedValue(status_date, project, figures, schedule)


def _actual_time_end(plan: _Prepared, status: int) -> int:
    """The status date; or, once every costed task of the baseline is 100 % and has an actual
    finish, the last of those finishes (AT stops when the work is done). The actual finishes
    are only looked at once all the costed work is earned."""
    costed = [i for i, bac in enumerate(plan.bac) if bac]
    if not costed or any(plan.ev[i] != plan.bac[i] for i in costed):
        return status
    finishes = plan.columns.actual_finish
    last: int | None = None
    for i in costed:
        finished = plan.position(finishes[i], i)
        if finished is None:
            return status
        last = finished if last is None else max(last, finished)
    return status if last is None else min(status, last)


def _earned_schedule(
    plan: _Prepared, curve: _Curve, ev: Decimal, status: int
) -> EarnedSchedule | None:
    if curve.total == 0:
        return None
    axis = plan.axis
    project_start = min([s for s in plan.start if s is not None])
    project_finish = max([f for f in plan.finish if f is not None])
    planned = project_finish - project_start
    at_end = _actual_time_end(plan, status)
    # the times at which PV equals EV form [low, high]; the status date if it lies inside
    low, high = curve.first_reaching(ev), curve.last_within(ev)
    point = Decimal(at_end)
    if low is not None and point < low:
        point = low
    if high is not None and point > high:
        point = high
    earned = min(max(float(point) - project_start, 0.0), float(planned))
    actual_time = max(at_end - project_start, 0)
    forecast: datetime | None = None
    if actual_time > 0 and earned > 0:
        ieac = planned * actual_time / earned  # PD / SPI(t)
        finish = project_start + round(ieac)
        if not axis.after_supported_range(finish):  # a tiny ES forecasts centuries
            forecast = _finish_at(axis, finish, finish - project_start)
    return EarnedSchedule(
        baseline_start=axis.start_at(project_start),
        baseline_finish=_finish_at(axis, project_finish, planned),
        planned_duration=planned,
        actual_time=actual_time,
        earned_schedule=earned,
        forecast_finish=forecast,
    )


def _finish_at(axis: TimeAxis, position: int, minutes: int) -> datetime:
    """The finish of ``minutes`` of work ending at ``position``: the closing time of the day
    (MS Project's convention), or for no work at all its start (as ``TimeAxis.finish_of``).
    Whether ``position`` is before the axis's origin does not matter: the report's axis starts
    at the status date, the Cost tab's at the project start, and both show the same dates."""
    return axis.finish_at(position) if minutes > 0 else axis.start_at(position)


# --------------------------------------------------------------------------- the S-curve


def _accrual_spreads(
    plan: _Prepared, status: int, earned: bool
) -> Iterable[tuple[int, int, Decimal]]:
    """EV (``earned``) or AC of each task spread evenly over its actual working time up to the
    status date (MS Project's prorated accrual); without an actual start, from the baseline
    start (or at the status date when that is later)."""
    amounts = plan.ev if earned else plan.ac
    columns = plan.columns
    for i, amount in enumerate(amounts):
        if not amount:
            continue
        begin = plan.position(columns.actual_start[i], i)
        if begin is None:
            baseline_start = plan.start[i]
            begin = status if baseline_start is None else baseline_start
        end = plan.position(columns.actual_finish[i], i)
        end = status if end is None else end
        begin, end = min(begin, status), min(end, status)
        yield begin, max(begin, end), amount


def s_curve(
    tasks: EvmInput,
    status_date: datetime,
    axis: TimeAxis | WorkingCalendar,
    *,
    until: datetime | None = None,
) -> list[SCurvePoint]:
    """Cumulative PV, EV and AC at the end of each week (Monday 00:00) from the week of the
    baseline start to ``until`` (default: the latest of the baseline finish, the forecast finish
    by earned schedule and the status date), plus a point at the status date itself, whose EV
    and AC are the totals of :func:`earned_value`."""
    with gc_paused():  # as in earned_value
        return _s_curve(tasks, status_date, axis, until)


def _s_curve(
    tasks: EvmInput, status_date: datetime, axis: TimeAxis | WorkingCalendar, until: datetime | None
) -> list[SCurvePoint]:
    time_axis = _axis_for(axis, status_date)
    plan = _Prepared(tasks, time_axis, isinstance(axis, TimeAxis))
    status = time_axis.position_of(status_date)
    pv_curve = _Curve(plan.pv_spreads())
    ev_curve = _Curve(_accrual_spreads(plan, status, earned=True))
    ac_curve = _Curve(_accrual_spreads(plan, status, earned=False))
    ac_total = sum(plan.ac, ZERO)
    ev_total = sum(plan.ev, ZERO)
    first_day, last_day = status_date.date(), status_date.date()
    for curve in (pv_curve, ev_curve, ac_curve):
        if curve.times:
            first_day = min(first_day, time_axis.start_at(curve.times[0]).date())
            span = curve.times[-1] - curve.times[0]
            last_day = max(last_day, _finish_at(time_axis, curve.times[-1], span).date())
    if until is None:
        schedule = _earned_schedule(plan, pv_curve, ev_total, status)
        if schedule is not None and schedule.forecast_finish is not None:
            last_day = max(last_day, schedule.forecast_finish.date())
    else:
        last_day = until.date()
    week_start: date = first_day - timedelta(days=first_day.weekday())
    points: list[SCurvePoint] = []
    status_added = False
    while True:
        moment = midnight(week_start)
        if not status_added and status_date <= moment:
            points.append(SCurvePoint(status_date, pv_curve.at(status), ev_total, ac_total))
            status_added = True
        if moment != status_date:
            position = time_axis.position_of(moment)
            done = moment <= status_date
            points.append(
                SCurvePoint(
                    moment,
                    pv_curve.at(position),
                    ev_curve.at(position) if done else None,
                    ac_curve.at(position) if done else None,
                )
            )
        if week_start > last_day:
            break
        week_start += timedelta(days=7)
    if not status_added:
        points.append(SCurvePoint(status_date, pv_curve.at(status), ev_total, ac_total))
    return points
