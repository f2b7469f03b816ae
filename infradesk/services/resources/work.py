"""MS Project's work arithmetic: work = duration x units, and which of the three moves when
one is edited, per task type (``Task.task_type``).

=================  ===================  ==================  ==================
task type          duration edited      units edited        work edited
=================  ===================  ==================  ==================
fixed_duration     work follows         work follows        units follow
fixed_work         units follow         duration follows    duration follows
fixed_units        work follows         duration follows    duration follows
=================  ===================  ==================  ==================

Only work resources (people, crews) take part: a material's units are a quantity and a cost
resource has none, so their ``work`` stays 0 whatever the duration. Durations and work are
working minutes; units are fractions (1.0 = 100%). The functions are pure: the services read
the rows, call them and write what they return.

With several resources the task's duration is the longest assignment's (work / units); the
others then follow the new duration by the task type's rule.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from infradesk.services.plan.errors import TaskEditError

FIXED_DURATION, FIXED_WORK, FIXED_UNITS = "fixed_duration", "fixed_work", "fixed_units"


@dataclass(frozen=True)
class Load:
    """One work assignment's units and work (working minutes)."""

    units: float
    work: int


def work_of(duration: int, units: float) -> int:
    """Work of ``units`` over ``duration`` working minutes, to the minute."""
    return max(0, round(duration * units))


def span_of(load: Load) -> int:
    """The working minutes ``load`` takes at its units (its own duration)."""
    if load.units <= 0:
        return 0
    return max(0, math.ceil(load.work / load.units - 1e-9))


def after_duration(task_type: str, duration: int, loads: Sequence[Load]) -> list[Load]:
    """The task's duration became ``duration``: fixed work keeps work and changes units
    (refused at 0: the work would need infinite units), the others keep units and change
    work."""
    if task_type != FIXED_WORK:
        return [Load(load.units, work_of(duration, load.units)) for load in loads]
    if duration <= 0 and any(load.work > 0 for load in loads):
        raise TaskEditError(
            "A fixed-work task cannot become a milestone while it has work: change its "
            "type to fixed duration first, or remove its resources"
        )
    return [
        Load(load.work / duration, load.work) if load.work > 0 else load for load in loads
    ]


def after_units(
    task_type: str, duration: int, loads: Sequence[Load], index: int, units: float
) -> tuple[int, list[Load]]:
    """Assignment ``index`` now has ``units``: fixed duration changes its work; fixed work
    and fixed units keep its work and change the duration (the others then follow it)."""
    loads = list(loads)
    old = loads[index]
    if task_type == FIXED_DURATION or old.work <= 0:
        loads[index] = Load(units, work_of(duration, units))
        return duration, loads
    loads[index] = Load(units, old.work)
    return _longest(task_type, loads, index)


def after_work(
    task_type: str, duration: int, loads: Sequence[Load], index: int, work: int
) -> tuple[int, list[Load]]:
    """Assignment ``index`` now has ``work``: fixed duration changes its units (a task of no
    duration takes the work's span instead); the others keep units and change the duration."""
    loads = list(loads)
    old = loads[index]
    work = max(0, int(work))
    if task_type == FIXED_DURATION and duration > 0:
        loads[index] = Load(work / duration, work)
        return duration, loads
    loads[index] = Load(old.units, work)
    return _longest(task_type, loads, index)


def _longest(task_type: str, loads: list[Load], index: int) -> tuple[int, list[Load]]:
    """The duration is the edited assignment's span (the longest, when another is longer
    still); the other assignments follow it by the task type's rule."""
    duration = max(span_of(load) for load in loads)
    others = [load for i, load in enumerate(loads) if i != index]
    followed = after_duration(task_type, duration, others) if task_type != FIXED_DURATION else []
    result = iter(followed)
    return duration, [load if i == index else next(result) for i, load in enumerate(loads)]


def reconcile(
    task_type: str,
    duration: int,
    old: dict[int, Load],
    new: Sequence[tuple[int, float]],
) -> tuple[int, list[Load]]:
    """The Assigned cell was set to ``new`` (key, units) over the assignments ``old`` (key ->
    load): a new assignment works the task's duration at its units; one whose units changed
    follows :func:`after_units`; the duration is then the task type's."""
    duration = max(0, int(duration))
    loads = [
        old[key] if key in old else Load(units, work_of(duration, units)) for key, units in new
    ]
    for index, (key, units) in enumerate(new):
        if key in old and not math.isclose(old[key].units, units):
            duration, loads = after_units(task_type, duration, loads, index, units)
    return duration, loads
