"""The supported range of dates (1900-2199) applied to a plan, naming the task at fault.

The time axis refuses dates beyond its table, but it knows no task. These checks run inside
the passes: dates given by the user (project start, start-no-earlier-than, deadlines) before
anything is converted, then the computed finishes and late starts, so the user reads which
task leaves the calendar and why ("check its duration") instead of an ``OverflowError``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from itertools import chain, compress
from operator import not_

from infradesk.schedule.calendar import (
    FIRST_SUPPORTED_DAY,
    LAST_SUPPORTED_DAY,
    SUPPORTED_RANGE_TEXT,
    ScheduleRangeError,
    TimeAxis,
    format_day,
    in_supported_range,
)
from infradesk.schedule.network import Network
from infradesk.schedule.plan import PlanInput


def _name(net: Network, i: int) -> str:
    task = net.tasks[i]
    return task.name or f"#{task.id}"


def _task_of_node(net: Network, node: int) -> int:
    """The task a node stands for (a summary's start gate stands for the summary)."""
    if node < net.task_count:
        return node
    return next(i for i, gate in enumerate(net.start_gate) if gate == node)


def check_dates(net: Network, plan: PlanInput) -> None:
    """Refuse a project start, status date, constraint date, actual date or deadline outside
    the range."""
    if not in_supported_range(plan.project_start):
        raise ScheduleRangeError(
            f"The project start {format_day(plan.project_start)} is outside the calendar's "
            f"range ({SUPPORTED_RANGE_TEXT}); check the project's start date"
        )
    if plan.status_date is not None and not in_supported_range(plan.status_date):
        raise ScheduleRangeError(
            f"The status date {format_day(plan.status_date)} is outside the calendar's "
            f"range ({SUPPORTED_RANGE_TEXT}); check the project's status date"
        )
    checks: list[tuple[int, datetime, str]] = [
        (_task_of_node(net, node), moment, "its start-no-earlier-than on")
        for node, moment in net.snet.items()
    ]
    checks += [(i, moment, "its deadline on") for i, moment in net.deadlines.items()]
    checks += [
        (i, moment, "its manual start on" if kind == "MANUAL" else f"its {kind} constraint on")
        for i, (kind, moment) in net.constraints.items()
    ]
    actuals = net.actuals
    if actuals:  # thousands on a progressed plan: name a task only if one is out of range
        distinct = set(chain.from_iterable(actuals.values()))  # a few hundred moments
        moments = [moment for moment in distinct if moment is not None]
        if not (in_supported_range(min(moments)) and in_supported_range(max(moments))):
            for i, (actual_start, actual_finish) in actuals.items():
                if actual_start is not None:
                    checks.append((i, actual_start, "its actual start on"))
                if actual_finish is not None:
                    checks.append((i, actual_finish, "its actual finish on"))
    for i, moment, what in checks:
        if not in_supported_range(moment):
            raise ScheduleRangeError(
                f"Task '{_name(net, i)}' has {what} {format_day(moment)}, outside the "
                f"calendar's range ({SUPPORTED_RANGE_TEXT}); check that date"
            )


def _leaves(net: Network) -> list[int]:
    leaves = list(compress(range(net.task_count), map(not_, net.is_summary)))
    return leaves or list(range(net.task_count))


def check_finishes(net: Network, axis: TimeAxis, values: Sequence[int], finish: int) -> None:
    """Refuse a schedule whose latest finish ``finish`` is after 31 Dec 2199."""
    if not axis.after_supported_range(finish):
        return
    limit = axis.position_of(LAST_SUPPORTED_DAY + timedelta(days=1))  # its midnight
    beyond = [i for i in _leaves(net) if values[2 * i + 1] > limit]
    # the task that starts first among those beyond the range is the one that runs out of it
    culprit = min(beyond, key=lambda i: (values[2 * i], i))
    when = format_day(LAST_SUPPORTED_DAY)
    if values[2 * culprit] > limit:
        raise ScheduleRangeError(
            f"Task '{_name(net, culprit)}' would start after {when}, beyond the calendar's "
            "range; check the lags of its links and the durations of its predecessors"
        )
    raise ScheduleRangeError(
        f"Task '{_name(net, culprit)}' would finish after {when}, beyond the calendar's range; "
        "check its duration"
    )


def check_late_starts(net: Network, axis: TimeAxis, late_start: Sequence[int]) -> None:
    """Refuse a schedule whose late start (to meet a deadline) is before 1 Jan 1900."""
    leaves = _leaves(net)
    earliest = min(map(late_start.__getitem__, leaves), default=None)
    if earliest is None or not axis.before_supported_range(earliest):
        return
    culprit = min(leaves, key=lambda i: (late_start[i], i))
    raise ScheduleRangeError(
        f"Task '{_name(net, culprit)}' would have to start before "
        f"{format_day(FIRST_SUPPORTED_DAY)} to meet its deadline, beyond the calendar's range; "
        "check its duration, its deadline and those of its successors"
    )
