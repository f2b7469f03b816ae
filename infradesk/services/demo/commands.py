"""The demo project as an edit: Open demo on the welcome page is undoable like New Project,
and the first start fills a new default workspace with it."""

from __future__ import annotations

from datetime import date
from typing import cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from infradesk.model import ChangeWindow, HandoverTemplateItem, Project
from infradesk.services.commands import Command
from infradesk.services.demo.seed import create_demo_project, create_demo_projects
from infradesk.services.snapshot import RowSnapshot, delete_rows, restore_snapshot, take_snapshot
from infradesk.store.workspace import Workspace

_PROJECTS = cast(Table, Project.__table__)  # declared as a FromClause by SQLAlchemy
_WINDOWS = cast(Table, ChangeWindow.__table__)
_TEMPLATE = cast(Table, HandoverTemplateItem.__table__)


def _shared_ids(session: Session) -> tuple[set[int], set[int]]:
    """The workspace-wide governance rows: shared change windows, template lines."""
    windows = session.scalars(select(ChangeWindow.id).where(ChangeWindow.project_id.is_(None)))
    return set(windows), set(session.scalars(select(HandoverTemplateItem.id)))


class CreateDemoProject(Command):
    """Add the demo project; undo removes it with everything under it (and the shared change
    calendar and acceptance template lines it added), redo brings back exactly the rows the
    first apply wrote (same ids)."""

    affects = frozenset({"projects"})
    text = "Open demo project"

    def __init__(self, today: date | None = None) -> None:
        self.today = today
        self._snapshots: list[RowSnapshot] | None = None
        self._shared: tuple[set[int], set[int]] = (set(), set())
        self.project_ids: list[int] = []

    def do(self, session: Session) -> None:
        if self._snapshots is not None:  # redo: bring back exactly what was undone
            for snapshot in self._snapshots:
                restore_snapshot(session, snapshot)
            return
        windows, template = _shared_ids(session)
        self.project_ids = create_demo_projects(session, self.today)
        self.project_id = self.project_ids[0]
        after_windows, after_template = _shared_ids(session)
        self._shared = (after_windows - windows, after_template - template)

    def undo(self, session: Session) -> None:
        assert self.project_id is not None
        self._snapshots = []
        windows, template = self._shared
        projects = set(self.project_ids)  # the migration and its second wave
        for table, ids in ((_PROJECTS, projects), (_WINDOWS, windows),
                           (_TEMPLATE, template)):  # fmt: skip
            if ids:
                self._snapshots.append(take_snapshot(session, table, ids))
                delete_rows(session, table, ids)


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
