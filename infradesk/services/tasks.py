"""Task rows for views and the undoable edits of a task's fields."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from infradesk.model import Dependency, Project, Task
from infradesk.schedule.durations import DurationError, format_duration, parse_duration
from infradesk.services import scheduling
from infradesk.services.calendar_text import DEFAULT_HOURS, minutes_per_day_of
from infradesk.services.commands import Command
from infradesk.services.doc_plan import outline_order


class TaskEditError(ValueError):
    """A cell edit was refused; the message is for the user."""


@dataclass(frozen=True)
class TaskRow:
    """One row of the outline, as plain data (no ORM object leaves the session)."""

    id: int
    wbs: str
    depth: int
    name: str
    duration_minutes: int
    start: datetime | None
    finish: datetime | None
    percent_complete: float
    milestone: bool
    owner: str
    is_summary: bool
    predecessors: str


def minutes_per_day(session: Session, project_id: int) -> int:
    project = session.get(Project, project_id)
    hours = project.calendar.working_hours if project and project.calendar else DEFAULT_HOURS
    return minutes_per_day_of(hours)


def load_task_rows(session: Session, project_id: int) -> list[TaskRow]:
    tasks = list(session.scalars(select(Task).where(Task.project_id == project_id)))
    ordered = outline_order(tasks)
    row_number = {task.id: index + 1 for index, (task, _) in enumerate(ordered)}
    parents = {t.parent_id for t in tasks if t.parent_id is not None}
    mpd = minutes_per_day(session, project_id)
    links: dict[int, list[str]] = {}
    for link in session.scalars(select(Dependency).where(Dependency.project_id == project_id)):
        kind = link.type if link.type != "FS" or link.lag_minutes else ""
        text = f"{row_number[link.predecessor_id]}{kind}"
        if link.lag_minutes:
            sign = "+" if link.lag_minutes > 0 else ""
            text += f"{sign}{format_duration(link.lag_minutes, mpd)}"
        links.setdefault(link.successor_id, []).append(text)
    return [
        TaskRow(
            id=task.id,
            wbs=code,
            depth=code.count("."),
            name=task.name,
            duration_minutes=task.duration_minutes,
            start=task.start,
            finish=task.finish,
            percent_complete=task.percent_complete,
            milestone=task.milestone,
            owner=task.owner,
            is_summary=task.id in parents,
            predecessors="; ".join(links.get(task.id, [])),
        )
        for task, code in ordered
    ]


EDITABLE_FIELDS = ("name", "duration_minutes", "percent_complete", "owner", "notes", "milestone")


def parse_field(session: Session, project_id: int, field: str, text: Any) -> Any:
    """Turn what the user typed into a field value, or raise TaskEditError saying why."""
    if field == "name":
        value = str(text).strip()
        if not value:
            raise TaskEditError("A task needs a name.")
        return value
    if field == "duration_minutes":
        if isinstance(text, int):
            return text
        try:
            return parse_duration(str(text), minutes_per_day(session, project_id))
        except DurationError as error:
            raise TaskEditError(str(error)) from error
    if field == "percent_complete":
        try:
            value = float(str(text).strip().rstrip("%"))
        except ValueError as error:
            raise TaskEditError(f"'{text}' is not a percentage (0 to 100).") from error
        if not 0 <= value <= 100:
            raise TaskEditError("% complete must be between 0 and 100.")
        return value
    if field in ("owner", "notes"):
        return str(text).strip()
    if field == "milestone":
        return bool(text)
    raise TaskEditError(f"'{field}' cannot be edited here.")


class EditTaskField(Command):
    """Set one field of one task, then reschedule."""

    affects = frozenset({"tasks"})

    def __init__(
        self, project_id: int, task_id: int, field: str, value: Any, label: str = ""
    ) -> None:
        if field not in EDITABLE_FIELDS:
            raise TaskEditError(f"'{field}' cannot be edited here.")
        self.project_id = project_id
        self.task_id = task_id
        self.field = field
        self.value = value
        self.old_value: Any = None
        self.text = f"Edit {label or field.replace('_', ' ')}"

    def do(self, session: Session) -> None:
        task = session.get(Task, self.task_id)
        if task is None:
            raise TaskEditError("That task no longer exists.")
        self.old_value = getattr(task, self.field)
        setattr(task, self.field, self.value)
        if self.field == "duration_minutes":
            task.milestone = self.value == 0
        session.flush()
        scheduling.reschedule(session, self.project_id)

    def undo(self, session: Session) -> None:
        task = session.get(Task, self.task_id)
        assert task is not None
        setattr(task, self.field, self.old_value)
        if self.field == "duration_minutes":
            task.milestone = self.old_value == 0
        session.flush()
        scheduling.reschedule(session, self.project_id)
