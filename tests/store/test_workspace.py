"""The workspace file: creation, reopening, refusal of foreign files, migrations, pragmas."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import select, text

from infradesk.model import Project
from infradesk.store.engine import make_engine
from infradesk.store.migrate import alembic_config, current_revision, head_revision
from infradesk.store.workspace import Workspace, WorkspaceError
from tests.backends import schema_of


def add_project(workspace: Workspace, name: str = "Core refresh") -> None:
    with workspace.session() as session:
        session.add(Project(name=name, start=datetime(2026, 1, 5, 8)))


def test_workspace_survives_close_and_reopen(workspace_path: Path) -> None:
    workspace = Workspace.create(workspace_path)
    add_project(workspace)
    workspace.close()
    reopened = Workspace.open(workspace_path)
    with reopened.session() as session:
        assert [p.name for p in session.scalars(select(Project))] == ["Core refresh"]
    reopened.close()


def test_committed_work_survives_without_a_clean_close(workspace_path: Path) -> None:
    """A crash right after a commit: the engine is dropped without checkpoint or close."""
    workspace = Workspace.create(workspace_path)
    add_project(workspace)
    workspace.engine.dispose()  # no wal_checkpoint, as when the process dies
    with sqlite3.connect(workspace_path) as raw:
        assert raw.execute("SELECT name FROM project").fetchall() == [("Core refresh",)]


def test_a_failed_unit_of_work_leaves_nothing(workspace: Workspace) -> None:
    with pytest.raises(RuntimeError), workspace.session() as session:
        session.add(Project(name="Half done", start=datetime(2026, 1, 5, 8)))
        session.flush()
        raise RuntimeError("crash in the middle of an edit")
    with workspace.session() as session:
        assert session.scalars(select(Project)).all() == []


@pytest.mark.sqlite_only("SQLite PRAGMAs of the file")
def test_pragmas_are_set(workspace: Workspace) -> None:
    with workspace.engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 5000


def test_duplicate_project_names_are_refused_by_the_schema(workspace: Workspace) -> None:
    add_project(workspace, "Same")
    with pytest.raises(Exception, match=r"(?i)unique"):  # SQLite: UNIQUE; PostgreSQL: unique
        add_project(workspace, "Same")


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"this is a text file, not a workspace\n" * 20,
        b"PK\x03\x04 pretend zip" + bytes(range(256)) * 8,
    ],
    ids=["empty", "text", "binary"],
)
def test_garbage_is_refused_and_left_byte_identical(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "garbage.infradesk"
    path.write_bytes(content)
    with pytest.raises(WorkspaceError, match=r"not an InfraDesk workspace|is empty \(0 bytes\)"):
        Workspace.open(path)
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["garbage.infradesk"]


def _closed_workspace_bytes(path: Path) -> bytes:
    workspace = Workspace.create(path)
    add_project(workspace)
    workspace.close()
    return path.read_bytes()


def test_truncated_workspace_is_refused_and_left_byte_identical(tmp_path: Path) -> None:
    path = tmp_path / "whole.infradesk"
    data = _closed_workspace_bytes(path)
    truncated = tmp_path / "truncated.infradesk"
    truncated.write_bytes(data[: len(data) // 3])
    with pytest.raises(WorkspaceError, match=r"damaged|truncated|not an InfraDesk"):
        Workspace.open(truncated)
    assert truncated.read_bytes() == data[: len(data) // 3]


def test_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    before = path.read_bytes()
    with pytest.raises(WorkspaceError, match="not an InfraDesk workspace"):
        Workspace.open(path)
    assert path.read_bytes() == before


def test_workspace_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.infradesk"
    _closed_workspace_bytes(path)
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999_future'")
    raw.close()
    before = path.read_bytes()
    with pytest.raises(WorkspaceError, match="newer version"):
        Workspace.open(path)
    assert path.read_bytes() == before


def test_opening_an_older_workspace_migrates_after_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "old.infradesk"
    engine = make_engine(path)
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001_core")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO project (name, currency, start, manager, description, created_at) "
                "VALUES ('Legacy', 'EUR', '2026-01-05 08:00:00', '', '', '2026-01-01 00:00:00')"
            )
        )
    engine.dispose()

    workspace = Workspace.open(path)
    assert current_revision(workspace.engine) == head_revision()
    assert workspace.migration_backup is not None and workspace.migration_backup.exists()
    with sqlite3.connect(workspace.migration_backup) as backup:
        assert backup.execute("SELECT version_num FROM alembic_version").fetchone() == (
            "0001_core",
        )
        assert backup.execute("SELECT name FROM project").fetchall() == [("Legacy",)]
    backup.close()
    with workspace.session() as session:
        assert [p.name for p in session.scalars(select(Project))] == ["Legacy"]
    workspace.close()


def test_migrated_schema_matches_the_models(workspace: Workspace) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with workspace.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, schema_of(workspace))
    assert differences == []


def test_save_as_writes_an_independent_copy(workspace: Workspace, tmp_path: Path) -> None:
    add_project(workspace, "Original")
    copy = workspace.save_as(tmp_path / "copy.infradesk")
    with copy.session() as session:
        session.add(Project(name="Only in copy", start=datetime(2026, 1, 5, 8)))
    with workspace.session() as session:
        assert [p.name for p in session.scalars(select(Project))] == ["Original"]
    copy.close()


def test_create_refuses_to_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "exists.infradesk"
    path.write_bytes(b"keep me")
    with pytest.raises(WorkspaceError, match="already exists"):
        Workspace.create(path)
    assert path.read_bytes() == b"keep me"
