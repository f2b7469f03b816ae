"""The demo project as an edit: Open demo on the welcome page is undoable like New Project,
and the first start fills a new default workspace with it."""

from __future__ import annotations

from datetime import date
from typing import cast

from sqlalchemy import Table
from sqlalchemy.orm import Session

from infradesk.model import Project
from infradesk.services.commands import Command
from infradesk.services.demo.seed import create_demo_project
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

    def do(self, session: Session) -> None:
        if self._snapshot is not None:  # redo: bring back exactly what was undone
            restore_snapshot(session, self._snapshot)
            return
        self.project_id = create_demo_project(session, self.today)

    def undo(self, session: Session) -> None:
        assert self.project_id is not None
        self._snapshot = take_snapshot(session, _PROJECTS, {self.project_id})
        delete_rows(session, _PROJECTS, {self.project_id})


def add_demo_project(workspace: Workspace, today: date | None = None) -> int:
    """Add the demo project in one write transaction (no undo: the first start of the app)."""
    with workspace.session() as session:
        return create_demo_project(session, today)
