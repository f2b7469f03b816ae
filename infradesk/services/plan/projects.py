"""Projects of a workspace: list, create, rename, delete (all undoable)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from infradesk.errors import UserError
from infradesk.model import Calendar, Project, Task
from infradesk.services.commands import Command, ProjectCommand
from infradesk.services.plan import scheduling
from infradesk.services.plan.cross_links import project_graph
from infradesk.services.snapshot import RowSnapshot, delete_rows, restore_snapshot, take_snapshot

MAX_NAME = 200
_PROJECTS = cast(Table, Project.__table__)  # declared as a FromClause by the ORM


class ProjectError(UserError, ValueError):
    """A project edit was refused; the message is for the user."""


@dataclass(frozen=True)
class ProjectSummary:
    id: int
    name: str
    task_count: int


def list_projects(session: Session) -> list[ProjectSummary]:
    counts = dict(
        session.execute(select(Task.project_id, func.count()).group_by(Task.project_id)).all()
    )
    return [
        ProjectSummary(p.id, p.name, counts.get(p.id, 0))
        for p in session.scalars(select(Project).order_by(Project.name))
    ]


def count_tasks(session: Session, project_id: int) -> int:
    return session.scalar(select(func.count()).where(Task.project_id == project_id)) or 0


def check_name(session: Session, name: str, except_id: int | None = None) -> str:
    name = name.strip()
    if not name:
        raise ProjectError("A project needs a name.")
    if len(name) > MAX_NAME:
        raise ProjectError(f"A project name has at most {MAX_NAME} characters.")
    clash = session.scalar(select(Project.id).where(Project.name == name))
    if clash is not None and clash != except_id:
        raise ProjectError(f"There is already a project named '{name}'.")
    return name


def next_monday(today: date | None = None) -> datetime:
    today = today or date.today()
    monday = today + timedelta(days=(7 - today.weekday()) % 7)
    return datetime.combine(monday, datetime.min.time()).replace(hour=8)


class CreateProject(Command):
    affects = frozenset({"projects"})

    def __init__(self, name: str, start: datetime | None = None, currency: str = "EUR") -> None:
        self.name = name
        self.start = start or next_monday()
        self.currency = currency
        self.text = f"New project '{name}'"
        self._snapshot: RowSnapshot | None = None

    def do(self, session: Session) -> None:
        if self._snapshot is not None:  # redo: bring back exactly what was undone
            restore_snapshot(session, self._snapshot)
            return
        project = Project(
            name=check_name(session, self.name), start=self.start, currency=self.currency
        )
        project.calendar = Calendar()
        session.add(project)
        session.flush()
        self.project_id = project.id

    def undo(self, session: Session) -> None:
        assert self.project_id is not None
        self._snapshot = take_snapshot(session, _PROJECTS, {self.project_id})
        delete_rows(session, _PROJECTS, {self.project_id})


class RenameProject(ProjectCommand):
    affects = frozenset({"projects"})

    def __init__(self, project_id: int, name: str) -> None:
        super().__init__(project_id, f"Rename project to '{name}'")
        self.name = name
        self.old_name: str | None = None

    def do(self, session: Session) -> None:
        project = session.get(Project, self.project_id)
        if project is None:
            raise ProjectError("That project no longer exists.")
        self.old_name = project.name
        project.name = check_name(session, self.name, except_id=self.project_id)

    def undo(self, session: Session) -> None:
        project = session.get(Project, self.project_id)
        assert project is not None and self.old_name is not None
        project.name = self.old_name


class DeleteProject(ProjectCommand):
    affects = frozenset({"projects"})

    def __init__(self, project_id: int, name: str = "") -> None:
        super().__init__(project_id, f"Delete project '{name}'" if name else "Delete project")
        self._snapshot: RowSnapshot | None = None
        self._downstream: list[int] = []

    def do(self, session: Session) -> None:
        # projects waiting for this one's tasks lose those links: they are rescheduled
        self._downstream = sorted(project_graph(session).get(self.project_id, ()))
        self._snapshot = take_snapshot(session, _PROJECTS, {self.project_id})
        delete_rows(session, _PROJECTS, {self.project_id})
        for project_id in self._downstream:
            scheduling.reschedule(session, project_id)

    def undo(self, session: Session) -> None:
        assert self._snapshot is not None
        restore_snapshot(session, self._snapshot)
        for project_id in self._downstream:  # they wait for the restored tasks again
            scheduling.reschedule(session, project_id)


def project_header(session: Session, project_id: int) -> dict[str, Any]:
    project = session.get(Project, project_id)
    if project is None:
        raise ProjectError("That project no longer exists.")
    return {"id": project.id, "name": project.name, "currency": project.currency}


def reschedule(session: Session, project_id: int) -> Any:
    return scheduling.reschedule(session, project_id)
