"""``insert_rows`` stores exactly what Core's ``insert(table)`` of the same rows as dicts
stores (issue 22: an import's tasks, links and baseline rows go through it): the same texts
for date-times, the same numbers for money and flags, the columns' defaults."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, insert, select
from sqlalchemy.orm import Session

from infradesk.model import Dependency, Project, Task
from infradesk.services.bulk_insert import insert_rows
from infradesk.services.documents.plan import LINK_COLUMNS, TASK_COLUMNS
from infradesk.store.workspace import Workspace


def task_rows(project_id: int) -> list[tuple[Any, ...]]:
    """Rows with every kind of value an import writes: None, microseconds, money with more
    digits than stored, flags, texts out of ASCII, a child after its parent."""
    rows = []
    for number in range(1, 41):
        when = datetime(2026, 3, 2, 8, number % 60, number % 7, number * 1000)
        rows.append((
            number, project_id, None if number % 10 == 1 else (number - 1) // 10 * 10 + 1,
            number % 10, f"Tâche {number} — ‘quoted’", number * 60, when,
            None if number % 3 else when, number / 3, number % 4 == 0, "notes\nline" * (number % 2),
            "Ann, Bob", "SNET" if number % 5 else "ASAP", when if number % 5 else None, None,
            number % 6 == 0, str(number), None, None, Decimal("1234.565") * number,
            Decimal(0), number % 2 == 0, False, number % 9 == 0, 500 + number,
            "fixed_work" if number % 8 else "fixed_duration", None, number % 3,
        ))  # fmt: skip
    return rows


def stored(path: Path, table: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(path) as connection:
        return connection.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()


def written(path: Path, bulk: bool) -> Path:
    workspace = Workspace.create(path)
    with workspace.session() as session:
        project = Project(name="P", start=datetime(2026, 3, 2, 8))
        session.add(project)
        session.flush()
        tasks = task_rows(project.id)
        links = [(project.id, n - 1, n, "FS" if n % 2 else "SS", n * 10) for n in range(2, 41)]
        if bulk:
            insert_rows(session, Task.__table__, TASK_COLUMNS, tasks)
            insert_rows(session, Dependency.__table__, LINK_COLUMNS, links)
        else:
            for model, columns, rows in ((Task, TASK_COLUMNS, tasks),
                                         (Dependency, LINK_COLUMNS, links)):
                dicts = [dict(zip(columns, row, strict=True)) for row in rows]
                session.execute(insert(model), dicts)  # fmt: skip
    workspace.close()
    return path


def test_the_rows_are_stored_as_core_stores_them(tmp_path: Path) -> None:
    bulk = written(tmp_path / "bulk.infradesk", bulk=True)
    core = written(tmp_path / "core.infradesk", bulk=False)
    for table in ("task", "dependency"):
        rows = stored(bulk, table)
        assert len(rows) == 40 if table == "task" else 39
        assert rows == stored(core, table)
    (first, *_rest) = stored(bulk, "task")
    assert "2026-03-02 08:01:01.001000" in first  # SQLAlchemy's text of a date-time
    assert 1 in first[-1:]  # the version column's default


def test_a_computed_default_goes_through_core() -> None:
    metadata = MetaData()
    table = Table(
        "thing", metadata,
        Column("id", Integer, primary_key=True),
        Column("name", String(20)),
        Column("label", String(20), default=lambda: "made"),
    )  # fmt: skip
    engine = create_engine("sqlite://")
    metadata.create_all(engine)
    with Session(engine) as session:
        insert_rows(session, table, ("id", "name"), [(1, "a"), (2, None)])
        insert_rows(session, table, ("id", "name"), [])
        assert session.execute(select(table)).all() == [(1, "a", "made"), (2, None, "made")]


def test_unknown_or_repeated_columns_are_refused() -> None:
    engine = create_engine("sqlite://")
    with Session(engine) as session:
        for columns in (("id", "id"), ("id", "nothing")):
            try:
                insert_rows(session, Dependency.__table__, columns, [(1, 2)])
            except ValueError as error:
                assert "dependency" in str(error)
            else:
                raise AssertionError(f"{columns} accepted")
