"""The test suite's two backends (tests/backends.py): each test's workspace is new and its own."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from infradesk.model import BaseCalendar, Project
from infradesk.store.workspace import Workspace
from tests.backends import PgCluster


def test_every_backend_gives_a_new_empty_workspace(workspace: Workspace, backend: str) -> None:
    assert workspace.is_server == (backend == "postgresql")
    assert not workspace.read_only
    with workspace.read_session() as session:
        assert session.scalars(select(Project)).all() == []
        assert session.scalars(select(BaseCalendar.name)).all() == ["24 Hours"]


def test_each_database_is_a_fresh_copy_of_the_template_and_is_dropped(
    pg_cluster: PgCluster,
) -> None:
    first = pg_cluster.new_database()
    ws = Workspace.open_location(pg_cluster.url(first))
    try:
        with ws.session() as session:
            session.add(Project(name="Only here", start=datetime(2026, 3, 2, 8)))
    finally:
        ws.close()
    second = pg_cluster.new_database()
    other = Workspace.open_location(pg_cluster.url(second))
    try:
        with other.read_session() as session:
            assert session.scalars(select(Project)).all() == []
        with other.session() as session:  # ids start over: the sequences were copied too
            project = Project(name="Next", start=datetime(2026, 3, 2, 8))
            session.add(project)
            session.flush()
            assert project.id == 1
    finally:
        other.close()
    for name in (first, second):
        pg_cluster.drop_database(name)
    names = {row[0] for row in pg_cluster.admin.execute("SELECT datname FROM pg_database")}
    assert first not in names and second not in names
