"""Assigning resources to tasks: the Assigned cell's command and the reads other slices use.

``SetAssignments(project_id, task_id, text)`` is what typing ``Network engineer[50%]; Crew``
in the Gantt's Assigned cell (or ticking names in the Assign Resources dialog) pushes. It is a
task edit: the project is rescheduled once (a fixed-work or fixed-units task's duration may
follow the new units) and the Gantt gets the task's new owner, Assigned text and cost.

The rows and writes live in :mod:`.assignment_rows` (the task edits and importers use them
too); they are re-exported here as the contract of issue 18 names them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from infradesk.interchange.assignment_text import parse_assignments
from infradesk.model import BaseCalendar, Resource, Task
from infradesk.services.plan.errors import TaskEditError
from infradesk.services.plan.task_edit import TaskEdit
from infradesk.services.resources.assignment_rows import (
    AssignedState,
    AssignmentRow,
    CreatedResource,
    assigned_states,
    assigned_texts,
    assignments_of_project,
    assignments_of_task,
    put_back,
    set_assignments,
    snapshot_assignments,
)
from infradesk.services.resources.costs import recost_assignments
from infradesk.store.workspace import Workspace

__all__ = [
    "AssignedState",
    "AssignmentRow",
    "CreatedResource",
    "PoolChoice",
    "SetAssignments",
    "TaskResourceInfo",
    "assigned_states",
    "assigned_texts",
    "assignments_of_project",
    "assignments_of_task",
    "load_pool_choices",
    "load_task_resource_info",
    "recost_assignments",
    "set_assignments",
]


class SetAssignments(TaskEdit):
    """Set one task's assignments from the Assigned cell's text (empty: remove them all).

    The text is read when the command is made, so a typo is refused before anything runs;
    names the pool does not know become new work resources, which the command's text says
    ("Assign Alice, Crew (new resource Crew)") and its undo removes again."""

    affects = frozenset({"tasks", "resources"})

    def __init__(self, project_id: int, task_id: int, text: str) -> None:
        self.specs = parse_assignments(text)
        names = ", ".join(spec.name for spec in self.specs)
        super().__init__(project_id, f"Assign {names}" if names else "Remove assignments")
        self.task_id = task_id
        self.touched = {task_id}
        self._old_rows: list[dict[str, Any]] = []
        self._old_task: dict[str, Any] = {}
        self.created: list[CreatedResource] = []

    @property
    def assignments_changed(self) -> bool:
        return True

    def apply_change(self, session: Session) -> None:
        row = session.execute(
            select(Task.owner, Task.duration_minutes, Task.milestone).where(
                Task.id == self.task_id, Task.project_id == self.project_id
            )
        ).one_or_none()
        if row is None:
            raise TaskEditError("That task no longer exists.")
        self._old_task = {
            "owner": row.owner,
            "duration_minutes": row.duration_minutes,
            "milestone": row.milestone,
        }
        self._old_rows = snapshot_assignments(session, self.task_id)
        self.created = set_assignments(session, self.task_id, self.specs)
        if self.created:
            new = ", ".join(c.name for c in self.created)
            plural = "s" if len(self.created) > 1 else ""
            self.text = f"{self.text.split(' (new')[0]} (new resource{plural} {new})"

    def revert_change(self, session: Session) -> None:
        put_back(session, self.task_id, self._old_rows, [c.id for c in self.created])
        session.execute(update(Task).where(Task.id == self.task_id).values(self._old_task))


@dataclass(frozen=True)
class PoolChoice:
    """A resource the Assign Resources dialog offers."""

    id: int
    name: str
    kind: str
    material_label: str
    max_units: float


@dataclass(frozen=True)
class TaskResourceInfo:
    """What the task dialog shows of a task's resource fields: its priority, task type and
    calendar (None: the project's), the base calendars to choose from, its assignments."""

    priority: int
    task_type: str
    calendar_id: int | None
    calendars: tuple[tuple[int, str], ...]
    assignments: tuple[AssignmentRow, ...]


def pool_choices(session: Session) -> list[PoolChoice]:
    """The workspace's pool by name (a small query of its own: the pool sheet's services
    may not be there)."""
    rows = session.execute(
        select(
            Resource.id, Resource.name, Resource.kind, Resource.material_label, Resource.max_units
        )
    )
    choices = [
        PoolChoice(r.id, r.name, r.kind, r.material_label or "", float(r.max_units or 0))
        for r in rows
    ]
    return sorted(choices, key=lambda c: c.name.casefold())


def load_pool_choices(workspace: Workspace) -> list[PoolChoice]:
    with workspace.read_session() as session:
        return pool_choices(session)


def load_task_resource_info(workspace: Workspace, task_id: int) -> TaskResourceInfo:
    with workspace.read_session() as session:
        row = session.execute(
            select(Task.priority, Task.task_type, Task.calendar_id).where(Task.id == task_id)
        ).one_or_none()
        if row is None:
            raise TaskEditError("That task no longer exists.")
        calendars = tuple(
            (c.id, c.name)
            for c in session.execute(
                select(BaseCalendar.id, BaseCalendar.name).order_by(BaseCalendar.name)
            )
        )
        return TaskResourceInfo(
            int(row.priority if row.priority is not None else 500),
            row.task_type or "fixed_duration",
            row.calendar_id,
            calendars,
            tuple(assignments_of_task(session, task_id)),
        )
