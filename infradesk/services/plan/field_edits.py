"""Edits of one task's own fields: a cell, a dragged or resized bar, the task dialog."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from infradesk.model import Task
from infradesk.services.plan.errors import TaskEditError
from infradesk.services.plan.task_edit import TaskEdit

UPDATABLE_FIELDS = frozenset(
    {
        "name",
        "duration_minutes",
        "percent_complete",
        "milestone",
        "owner",
        "notes",
        "start_no_earlier_than",
        "deadline",
        "production_change",
    }
)


def _task_fields(session: Session, task_id: int, fields: Iterable[str]) -> dict[str, Any]:
    names = list(fields)
    row = session.execute(
        select(*(getattr(Task, f) for f in names)).where(Task.id == task_id)
    ).one_or_none()
    if row is None:
        raise TaskEditError("That task no longer exists.")
    return dict(zip(names, row, strict=True))


class UpdateTask(TaskEdit):
    """Set fields of one task: a cell edit, a dragged bar (start-no-earlier-than), a resized
    bar (duration) or the task dialog's fields."""

    def __init__(
        self, project_id: int, task_id: int, changes: Mapping[str, Any], text: str = "Edit task"
    ) -> None:
        super().__init__(project_id, text)
        unknown = set(changes) - UPDATABLE_FIELDS
        if unknown:
            raise TaskEditError(f"'{sorted(unknown)[0]}' cannot be edited here.")
        self.task_id = task_id
        self.values = dict(changes)
        if "duration_minutes" in self.values:
            minutes = int(self.values["duration_minutes"])
            if minutes < 0:
                raise TaskEditError("A duration cannot be negative.")
            self.values.setdefault("milestone", minutes == 0)
        if "name" in self.values and not str(self.values["name"]).strip():
            raise TaskEditError("A task needs a name.")
        if "percent_complete" in self.values and not 0 <= self.values["percent_complete"] <= 100:
            raise TaskEditError("% complete must be between 0 and 100.")
        self.old: dict[str, Any] = {}
        self.touched = {task_id}

    @property
    def schedule_inputs(self) -> set[int]:
        return set() if set(self.values) <= {"owner", "notes"} else {self.task_id}

    def apply_change(self, session: Session) -> None:
        self.old = _task_fields(session, self.task_id, self.values)
        session.execute(update(Task).where(Task.id == self.task_id).values(self.values))

    def revert_change(self, session: Session) -> None:
        session.execute(update(Task).where(Task.id == self.task_id).values(self.old))
