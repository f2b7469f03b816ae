"""The engine's plain-data input: tasks, links, the plan, and the loop error."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from infradesk.errors import UserError
from infradesk.schedule.calendar import WorkingCalendar

LINK_TYPES: tuple[str, ...] = ("FS", "SS", "FF", "SF")


@dataclass(frozen=True, slots=True)
class TaskInput:
    """One task as the engine sees it. Summary tasks are those with children; their own
    duration is ignored (rolled up), their start-no-earlier-than and production-change flag
    apply to the whole subtree."""

    id: int
    parent_id: int | None = None
    duration_minutes: int = 0
    milestone: bool = False
    start_no_earlier_than: datetime | None = None
    deadline: datetime | None = None
    production_change: bool = False
    percent_complete: float = 0.0
    name: str = ""


@dataclass(frozen=True, slots=True)
class LinkInput:
    """A dependency; ``type`` is one of FS, SS, FF, SF, ``lag_minutes`` working minutes."""

    predecessor_id: int
    successor_id: int
    type: str = "FS"
    lag_minutes: int = 0


@dataclass(frozen=True)
class PlanInput:
    """Everything the engine needs for one project."""

    project_start: datetime
    calendar: WorkingCalendar = field(default_factory=WorkingCalendar)
    tasks: Sequence[TaskInput] = ()
    links: Sequence[LinkInput] = ()


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
