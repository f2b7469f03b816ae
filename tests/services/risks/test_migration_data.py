"""A workspace with risks from before 0003 keeps them, with defaults for the new fields."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import text

from infradesk.services.risks import queries as risk_service
from infradesk.store.engine import make_engine
from infradesk.store.migrate import alembic_config
from infradesk.store.workspace import Workspace


def test_existing_risks_survive_the_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "old.infradesk"
    engine = make_engine(path)
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0002_schedule")
        connection.execute(
            text(
                "INSERT INTO project (id, name, currency, start, manager, description, created_at)"
                " VALUES (1, 'Old', 'EUR', '2026-01-05 08:00:00', '', '', '2026-01-01 00:00:00')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO risk (project_id, code, title, description, category, owner,"
                " probability, impact, response, mitigation, status, raised) VALUES"
                " (1, 'R-001', 'Old risk', '', 'vendor', 'Ann', 4, 3, 'mitigate', '',"
                " 'assessed', '2026-01-10')"
            )
        )
    engine.dispose()
    workspace = Workspace.open(path)
    try:
        with workspace.session() as session:
            (row,) = risk_service.load_risks(session, 1)
    finally:
        workspace.close()
    assert (row.code, row.score, row.kind, row.cost_impact, row.residual_score) == (
        "R-001",
        12,
        "threat",
        0,
        0,
    )


def test_downgrade_removes_the_raid_tables_and_columns(tmp_path: Path) -> None:
    from sqlalchemy import inspect

    engine = make_engine(tmp_path / "down.infradesk")
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0003_risks")
        assert "issue" in inspect(connection).get_table_names()
        command.downgrade(config, "0002_schedule")
        inspector = inspect(connection)
        tables = set(inspector.get_table_names())
        columns = {c["name"] for c in inspector.get_columns("risk")}
    engine.dispose()
    assert not tables & {"issue", "risk_action", "risk_history", "change_request", "decision"}
    assert "cost_impact" not in columns and "probability" in columns
