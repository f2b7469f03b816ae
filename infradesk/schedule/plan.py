"""The engine's plain-data input: tasks, links, the plan, and the loop error.

Progress and constraints (see docs/scheduling.md for examples):

* A task's *progress state* follows from its actuals: ``actual_finish`` set: finished (its
  actual dates are fixed); ``actual_start`` only: in progress (its start is fixed, its finish
  follows the remaining work and the status date); neither: not started (scheduled by links and
  constraints, after the status date when ``PlanInput.reschedule_after_status``).
* ``constraint_type`` is one of :data:`CONSTRAINT_TYPES`, MS Project's: ASAP (default), ALAP,
  SNET, SNLT, FNET, FNLT, MSO, MFO; all but ASAP and ALAP need ``constraint_date``.
  ``start_no_earlier_than`` is the older spelling of SNET and is used when the type is ASAP.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from infradesk.errors import UserError
from infradesk.schedule.calendar import WorkingCalendar
from infradesk.schedule.task_calendars import ClockSpec

LINK_TYPES: tuple[str, ...] = ("FS", "SS", "FF", "SF")
CONSTRAINT_TYPES: tuple[str, ...] = ("ASAP", "ALAP", "SNET", "SNLT", "FNET", "FNLT", "MSO", "MFO")
DATED_CONSTRAINTS = frozenset(CONSTRAINT_TYPES[2:])


@dataclass(frozen=True, slots=True)
class TaskInput:
    """One task as the engine sees it. Summary tasks are those with children; their own
    duration, actuals and constraints other than SNET are ignored (rolled up), their
    start-no-earlier-than and production-change flag apply to the whole subtree.

    ``constraint_type``/``constraint_date``: see :data:`CONSTRAINT_TYPES`; a dated type without
    a date constrains nothing. ``start_no_earlier_than`` is the older shorthand for SNET: it
    applies when ``constraint_type`` is ASAP (callers move to the new fields; both spellings
    keep working). ``actual_start``/``actual_finish`` make the task in progress / finished
    (the actuals then override its constraint); ``percent_complete`` (0..100) is the share of
    the duration done, which an in-progress task's remaining work is computed from.

    ``manual`` (MS Project's "manually scheduled") with a ``manual_start``: the task starts
    there whatever its links and constraint say; its successors follow from its dates and a
    link it breaks is a conflict (``"MANUAL"``), as for MSO. Without ``manual_start`` the task
    is scheduled as usual; actuals win over both. ``elapsed``: ``duration_minutes`` is
    wall-clock time (MS Project's ``ed``/``eh``/``em``): nights, weekends and holidays count.
    Both apply to leaf tasks (a summary's are ignored). See docs/scheduling.md.

    ``clock``: the task's own working time when it differs from the project calendar (a task
    calendar, resources with their own calendars or days: see
    :mod:`infradesk.schedule.task_calendars`); ``leveling_delay_minutes``: the task starts
    that many working minutes (of its clock) after whatever else drives it (MS Project's
    leveling delay). Both apply to leaf tasks that have not started.
    """

    id: int
    parent_id: int | None = None
    duration_minutes: int = 0
    milestone: bool = False
    start_no_earlier_than: datetime | None = None
    deadline: datetime | None = None
    production_change: bool = False
    percent_complete: float = 0.0
    name: str = ""
    constraint_type: str = "ASAP"
    constraint_date: datetime | None = None
    actual_start: datetime | None = None
    actual_finish: datetime | None = None
    manual: bool = False
    manual_start: datetime | None = None
    elapsed: bool = False
    clock: ClockSpec | None = None
    leveling_delay_minutes: int = 0


@dataclass(frozen=True, slots=True)
class LinkInput:
    """A dependency; ``type`` is one of FS, SS, FF, SF, ``lag_minutes`` working minutes."""

    predecessor_id: int
    successor_id: int
    type: str = "FS"
    lag_minutes: int = 0


@dataclass(frozen=True)
class PlanInput:
    """Everything the engine needs for one project.

    ``status_date``: the moment progress was recorded up to (None: no status date). With it
    and ``reschedule_after_status`` (MS Project's "reschedule uncompleted work to start after
    the status date", on by default), no task that has not started starts before it; an
    in-progress task's remaining work is placed after it in any case.
    """

    project_start: datetime
    calendar: WorkingCalendar = field(default_factory=WorkingCalendar)
    tasks: Sequence[TaskInput] = ()
    links: Sequence[LinkInput] = ()
    status_date: datetime | None = None
    reschedule_after_status: bool = True


def effective_constraint(task: TaskInput) -> tuple[str, datetime | None]:
    """The task's constraint as ``(type, date)``: upper-cased, the SNET shorthand applied, a
    dated type without a date read as ASAP. Raises ``ValueError`` naming the task for an
    unknown type."""
    kind = task.constraint_type
    if kind != "ASAP":
        kind = str(kind).strip().upper() or "ASAP"
        if kind not in CONSTRAINT_TYPES:
            raise ValueError(
                f"task '{task.name or task.id}': unknown constraint type "
                f"'{task.constraint_type}' (use {', '.join(CONSTRAINT_TYPES)})"
            )
    if kind == "ASAP":
        if task.start_no_earlier_than is not None:
            return "SNET", task.start_no_earlier_than
        return "ASAP", None
    if kind == "ALAP":
        return "ALAP", None
    moment = task.constraint_date
    if moment is None and kind == "SNET":
        moment = task.start_no_earlier_than
    return (kind, moment) if moment is not None else ("ASAP", None)


def start_no_earlier_than_of(task: TaskInput) -> datetime | None:
    """The task's SNET date in either spelling (what a summary's start gate uses)."""
    kind, moment = effective_constraint(task)
    return moment if kind == "SNET" else None


class CycleError(UserError, ValueError):
    """The links form a loop. ``task_ids`` lists the loop in link order (first task not
    repeated at the end); the message names the tasks."""

    def __init__(self, task_ids: Sequence[int], names: Mapping[int, str]) -> None:
        self.task_ids: list[int] = list(task_ids)
        self.task_names: list[str] = [names.get(t) or f"#{t}" for t in self.task_ids]
        if len(self.task_ids) == 1:
            text = f"'{self.task_names[0]}' cannot depend on itself"
        else:
            loop = " → ".join(f"'{name}'" for name in [*self.task_names, self.task_names[0]])
            text = f"These links form a loop: {loop}"
        super().__init__(text)
