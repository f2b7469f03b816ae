"""The demo project as an edit: Open demo on the welcome page is undoable like New Project,
and the first start fills a new default workspace with it."""

from __future__ import annotations

from datetime import date
from typing import cast

from sqlalchemy import Table
from sqlalchemy.orm import Session

from infradesk.model import Project
from infradesk.services.commands import Command
from infradesk.services.demo.seed import create_demo_project, create_demo_projects
from infradesk.services.snapshot import RowSnapshot, delete_rows, restore_snapshot, take_snapshot
from infradesk.store.workspace import Workspace

_PROJECTS = cast(Table, Project.__table__)  # declared as a FromClause by SQLAlchemy


class CreateDemoProject(Command):
    """Add the demo project; undo removes it with everything under it, redo brings back
    exactly the rows the first apply wrote (same ids)."""

    affects = frozenset({"projects"})
    text = "Open demo project"

    def __init__(self, today: date | None = None) -> None:
        self.today = today
        self._snapshot: RowSnapshot | None = None
        self.project_ids: list[int] = []

    def do(self, session: Session) -> None:
        if self._snapshot is not None:  # redo: bring back exactly what was undone
            restore_snapshot(session, self._snapshot)
            return
        self.project_ids = create_demo_projects(session, self.today)
        self.project_id = self.project_ids[0]

    def undo(self, session: Session) -> None:
        assert self.project_id is not None
        ids = set(self.project_ids)  # the migration and its second wave
        self._snapshot = take_snapshot(session, _PROJECTS, ids)
        delete_rows(session, _PROJECTS, ids)


def add_demo_project(
    workspace: Workspace, today: date | None = None, *, second_wave: bool = False
) -> int:
    """Add the demo project in one write transaction (no undo: the first start of the app,
    which asks for the ``second_wave`` too); returns the first one's id (the data-center
    migration)."""
    with workspace.session() as session:
        if second_wave:
            return create_demo_projects(session, today)[0]
        return create_demo_project(session, today)
