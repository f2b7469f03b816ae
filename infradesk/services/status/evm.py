"""Earned value for the weekly report: the project's tasks, its earned-value baseline and the
actual cost of the work, handed to the pure ``schedule.earned_value``.

The hop: ``facts._load_tasks`` (tasks with their baseline dates and cost, actual dates and
costs) -> ``evm_inputs`` (one ``EvmTask`` per task) -> ``earned_value`` and ``s_curve`` ->
``EarnedValueData`` (plain values for ``report.data``).

What AC contains (issue 15: the old report divided earned value by the invoices of the vendor
tab and printed CPI 4.28): the task's own actual cost, plus the invoiced amounts of purchase
orders that name the task, but only once the task has started (a summary: once any of its
subtasks has; its invoices add to its subtasks' roll-up). An invoice of a task that has
not started pays for work not yet done (an advance, a deposit); it is not a cost of work
performed, so it is left out and the report says how much was left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from infradesk.model import PurchaseOrder
from infradesk.report.data import CurvePoint, EarnedValueData
from infradesk.schedule.calendar import CalendarError, WorkingCalendar
from infradesk.schedule.earned_value import (
    EarnedValueInputError,
    EvmTask,
    earned_value,
    s_curve,
)
from infradesk.services.plan.earned_value import (
    split_invoiced,
    started_with_summaries,
    work_started,
)

ZERO = Decimal("0")


@dataclass(frozen=True, slots=True)
class EvmTaskFacts:
    """What the earned value of one task needs (a view of ``facts.TaskFact``)."""

    id: int
    parent_id: int | None
    summary: bool
    percent_complete: float
    actual_start: datetime | None
    actual_finish: datetime | None
    actual_cost: Decimal
    baseline_start: datetime | None
    baseline_finish: datetime | None
    baseline_cost: Decimal
    name: str = ""
    baseline_minutes: int = 0

    @property
    def started(self) -> bool:
        return work_started(self.percent_complete, self.actual_start, self.actual_finish)


@dataclass(frozen=True, slots=True)
class EvmResult:
    """The report's figures, and how much invoiced money was not counted as actual cost."""

    data: EarnedValueData | None
    advance_invoices: Decimal = ZERO
    message: str = ""  # why there are no figures


def invoiced_per_task(orders: Iterable[PurchaseOrder], currency: str) -> dict[int, Decimal]:
    """The invoiced amounts (in the project currency: no exchange rate offline) of the purchase
    orders that name a task, summed per task (from the vendor tree the report loaded once)."""
    out: dict[int, Decimal] = {}
    for order in orders:
        if order.task_id is not None and order.currency == currency and order.invoiced:
            out[order.task_id] = out.get(order.task_id, ZERO) + order.invoiced
    return out


def evm_inputs(
    tasks: Sequence[EvmTaskFacts], invoiced: Mapping[int, Decimal], *, by_work: bool = False
) -> tuple[list[EvmTask], Decimal]:
    """One ``EvmTask`` per task, and the invoices left out of AC (tasks not started). With
    ``by_work`` each task weighs its baseline working minutes instead of its cost (no AC)."""
    out: list[EvmTask] = []
    left_out = ZERO
    known = {t.id for t in tasks}
    started = started_with_summaries(
        {t.id: t.parent_id for t in tasks}, (t.id for t in tasks if t.started)
    )
    for t in tasks:
        paid, not_counted = split_invoiced(invoiced.get(t.id, ZERO), t.id in started)
        left_out += not_counted
        out.append(
            EvmTask(
                id=t.id,
                parent_id=t.parent_id if t.parent_id in known else None,
                baseline_start=t.baseline_start,
                baseline_finish=t.baseline_finish,
                baseline_cost=Decimal(t.baseline_minutes) if by_work else t.baseline_cost or ZERO,
                percent_complete=min(max(t.percent_complete, 0.0), 100.0),
                actual_cost=ZERO if by_work else t.actual_cost or ZERO,
                invoiced=ZERO if by_work else paid,  # a summary's too (issue 15)
                summary=t.summary,
                actual_start=t.actual_start,
                actual_finish=t.actual_finish,
                name=t.name,
            )
        )
    return out, left_out


def compute_earned_value(
    tasks: Sequence[EvmTaskFacts],
    invoiced: Mapping[int, Decimal],
    status_date: datetime,
    calendar: WorkingCalendar,
    baseline_name: str,
) -> EvmResult:
    """The project's EVM figures, earned schedule and weekly S-curve as of ``status_date``.

    A baseline without any cost still gives the schedule indices: each task then weighs its
    baseline working time (``EarnedValueData.by_work``; no money figure, no CPI)."""
    inputs, left_out = evm_inputs(tasks, invoiced)
    by_work = False
    try:
        result = earned_value(inputs, status_date, calendar)
        if result.project.bac <= 0:
            by_work = True
            inputs, _ = evm_inputs(tasks, invoiced, by_work=True)
            result = earned_value(inputs, status_date, calendar)
        curve = [] if by_work else s_curve(inputs, status_date, calendar)
    except (EarnedValueInputError, CalendarError) as exc:
        return EvmResult(None, left_out, f"Earned value not shown: {exc}")
    figures = result.project
    if figures.bac <= 0:
        return EvmResult(
            None, left_out, "Earned value not shown: the baseline has no task with a duration."
        )
    per_day = calendar.minutes_per_day or 1
    schedule = result.schedule
    data = EarnedValueData(
        baseline=baseline_name,
        status_date=status_date,
        bac=figures.bac,
        pv=figures.pv,
        ev=figures.ev,
        ac=figures.ac,
        spi=figures.spi,
        cpi=figures.cpi,
        eac=figures.eac,
        etc=figures.etc,
        vac=figures.vac,
        tcpi=figures.tcpi,
        curve=[CurvePoint(p.at, p.pv, p.ev, p.ac) for p in curve],
        by_work=by_work,
    )
    if by_work:
        data.cpi = data.eac = data.etc = data.vac = data.tcpi = None
    if schedule is not None:
        data.spi_t = schedule.spi_t
        data.es_days = schedule.earned_schedule / per_day
        data.at_days = schedule.actual_time / per_day
        data.forecast_finish = schedule.forecast_finish
        data.baseline_finish = schedule.baseline_finish
    return EvmResult(data, left_out)


__all__ = [
    "EvmResult",
    "EvmTaskFacts",
    "compute_earned_value",
    "evm_inputs",
    "invoiced_per_task",
]
