"""Migration 0010 (issue 17): a 0009 workspace gets the empty external_dependency table (the
D of RAID), keeps its rows, opens at head, and the downgrade removes the table again."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import inspect, text

from infradesk.store.engine import make_engine
from infradesk.store.migrate import alembic_config, head_revision
from infradesk.store.workspace import Workspace
from tests.store.migration_steps import upgrade_to


def _tables(path: Path) -> set[str]:
    engine = make_engine(path)
    with engine.connect() as connection:
        found = set(inspect(connection).get_table_names())
    engine.dispose()
    return found


def test_a_0009_workspace_gets_the_dependency_table(tmp_path: Path) -> None:
    path = tmp_path / "old.infradesk"
    upgrade_to(
        path,
        "0009_task_flags",
        "INSERT INTO project (id, name, currency, start, manager, description, created_at,"
        " reschedule_after_status)"
        " VALUES (1, 'Old', 'EUR', '2026-01-05 08:00:00', '', '', '2026-01-01 00:00:00', 1)",
        "INSERT INTO assumption (id, project_id, code, title, rationale, owner,"
        " impact_if_false, status) VALUES (1, 1, 'A-001', 'Hall ready', '', '', '', 'open')",
    )
    assert "external_dependency" not in _tables(path)
    upgrade_to(path, "0010_raid_dependencies")
    engine = make_engine(path)
    with engine.connect() as connection:
        assumptions = connection.execute(text("SELECT code, title FROM assumption")).all()
        dependencies = connection.execute(text("SELECT * FROM external_dependency")).all()
        sql = connection.execute(
            text("SELECT sql FROM sqlite_master WHERE name = 'external_dependency'")
        ).scalar_one()
    engine.dispose()
    assert [tuple(a) for a in assumptions] == [("A-001", "Hall ready")]
    assert dependencies == []
    assert "AUTOINCREMENT" in sql  # ids never reused, as every table since 0006


def test_a_workspace_opens_at_head_with_the_table(tmp_path: Path) -> None:
    assert head_revision() >= "0010_raid_dependencies"  # later revisions come after it
    workspace = Workspace.create(tmp_path / "new.infradesk")
    workspace.close()
    assert "external_dependency" in _tables(tmp_path / "new.infradesk")


def test_downgrade_removes_the_table(tmp_path: Path) -> None:
    path = tmp_path / "down.infradesk"
    upgrade_to(path, "0010_raid_dependencies")
    engine = make_engine(path)
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0009_task_flags")
    engine.dispose()
    assert "external_dependency" not in _tables(path)
    assert "assumption" in _tables(path)
