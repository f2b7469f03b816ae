"""``insert_rows`` stores exactly what Core's ``insert(table)`` of the same rows as dicts
stores (issue 22: an import's tasks, links and baseline rows go through it): the same texts
for date-times, the same numbers for money and flags, the columns' defaults."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, insert, select
from sqlalchemy.orm import Session

from infradesk.interchange import document as d
from infradesk.interchange.json_document import document_from_json
from infradesk.interchange.mspdi import write_mspdi
from infradesk.interchange.mspdi.reader import read_mspdi
from infradesk.model import BaselineTask, Dependency, Project, Task
from infradesk.services.bulk_insert import (
    ROOMY_CACHE_KIB,
    ROOMY_FROM,
    insert_rows,
    processed,
    roomy_page_cache,
)
from infradesk.services.demo.seed import demo_document
from infradesk.services.documents.io import import_document
from infradesk.services.documents.plan import LINK_COLUMNS, TASK_COLUMNS, DocumentError
from infradesk.store.workspace import Workspace
from tests.conftest import REAL_PLANS


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


def stored(path: Path, table: str, columns: str = "*") -> list[tuple[Any, ...]]:
    with sqlite3.connect(path) as connection:
        return connection.execute(f"SELECT {columns} FROM {table} ORDER BY id").fetchall()


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


def imported(path: Path, plan: Path) -> Path:
    result = read_mspdi(plan)
    workspace = Workspace.create(path)
    with workspace.session() as session:
        import_document(session, result.document, schedules=result.schedules)
    workspace.close()
    return path


def test_an_imported_plan_is_stored_as_core_stores_it(tmp_path: Path) -> None:
    """The demo (and the shared MS Project files, when present) imported: each stored task,
    link and baseline row is what Core stores for the values it reads back from it (the
    same texts of date-times, numbers of money and flags)."""
    plans = [tmp_path / "demo.xml"]
    write_mspdi(document_from_json(demo_document()), plans[0])
    if REAL_PLANS.is_dir():
        plans += sorted(REAL_PLANS.glob("*.xml"))
    for number, plan in enumerate(plans):
        path = imported(tmp_path / f"{number}.infradesk", plan)
        engine = create_engine(f"sqlite:///{path}")
        for model in (Task, Dependency, BaselineTask):
            table = model.__table__
            with engine.connect() as connection:
                values = connection.execute(select(table).order_by(table.c.id)).all()
            dialect = engine.dialect
            processors = [column.type.dialect_impl(dialect).bind_processor(dialect)
                          for column in table.columns]  # fmt: skip
            as_core_stores = [
                tuple(v if p is None else p(v) for p, v in zip(processors, row, strict=True))
                for row in values
            ]
            names = ", ".join(column.name for column in table.columns)
            assert stored(path, table.name, names) == as_core_stores, (plan.name, table.name)
        engine.dispose()
    assert len(stored(tmp_path / "0.infradesk", "task")) > 20  # the demo's tasks arrived


def constant_rows(project_id: int) -> list[tuple[Any, ...]]:
    """Rows whose columns hold one value throughout, of every kind a literal may or may not
    be made of: quoted and non-ASCII texts, NULLs, flags, money, 1 beside True, a date-time,
    and 1 beside 1.0 in a text column (stored as '1' and '1.0')."""
    when = datetime(2026, 3, 2, 8, 0, 0, 5)
    rows = []
    for number in range(1, 31):
        rows.append((
            number, project_id, None, 0, "O'Brien's \"task\"; DROP TABLE task; --", 480, when,
            when, 0.0, True, "", "Zoë", "ASAP", None, None, False, 1 if number % 2 else 1.0,
            None, None,
            Decimal("12.345"), Decimal(0), False, False, False, 1 if number % 2 else True,
            "fixed_duration", None, 0,
        ))  # fmt: skip
    return rows


def test_columns_of_one_value_are_stored_as_core_stores_them(tmp_path: Path) -> None:
    """Batch-constant columns go into the statement as literals: the stored rows are still
    Core's, value and type (1 and True alike, texts with quotes, non-ASCII texts bound)."""
    paths = []
    for bulk in (True, False):
        path = tmp_path / f"{bulk}.infradesk"
        workspace = Workspace.create(path)
        with workspace.session() as session:
            project = Project(name="P", start=datetime(2026, 3, 2, 8))
            session.add(project)
            session.flush()
            rows = constant_rows(project.id)
            if bulk:
                table = cast(Table, Task.__table__)
                insert_rows(session, table, TASK_COLUMNS, rows)
                insert_rows(session, table, TASK_COLUMNS, [(99, *rows[0][1:])])
            else:
                for batch in (rows, [(99, *rows[0][1:])]):
                    dicts = [dict(zip(TASK_COLUMNS, row, strict=True)) for row in batch]
                    session.execute(insert(Task), dicts)
        workspace.close()
        paths.append(path)
    typed = (
        "id, typeof(name), name, typeof(priority), priority, typeof(start), start, cost, "
        "external_ref"
    )
    assert stored(paths[0], "task", typed) == stored(paths[1], "task", typed)
    assert stored(paths[0], "task") == stored(paths[1], "task")
    assert len(stored(paths[0], "task")) == 31


def test_processing_once_per_distinct_value_gives_each_values_own_result() -> None:
    """``processed`` over columns where equal values are not alike (1 == True, the same
    moment in two time zones, a date beside a date-time) gives what each value gives."""
    calls: list[Any] = []

    def spelled(value: Any) -> str:
        calls.append(value)
        return f"{type(value).__name__}:{value!r}"

    utc = UTC
    later = timezone(timedelta(hours=2))
    columns: list[list[Any]] = [
        [1, True, 1, True, 0, False, None, None],
        [datetime(2026, 1, 1, 10, tzinfo=utc), datetime(2026, 1, 1, 12, tzinfo=later)] * 3,
        [date(2026, 1, 1), datetime(2026, 1, 1), None] * 3,
        ["a", "b", "a", None, "a", "b"],
        [True, False, True, True, None, False],
        [Decimal("0"), Decimal("0.00"), Decimal("-0")] * 2,
        [0.0, -0.0, 0.0, -0.0],
    ]
    for column in columns:
        calls.clear()
        assert processed(spelled, column) == [spelled(value) for value in column], column
    calls.clear()
    assert processed(spelled, ["x", "y"] * 50) == ["str:'x'", "str:'y'"] * 50
    assert len(calls) == 2  # once per distinct value


def test_a_big_insert_gets_a_roomy_page_cache_and_gives_it_back(tmp_path: Path) -> None:
    workspace = Workspace.create(tmp_path / "cache.infradesk")
    with workspace.session() as session:
        connection = session.connection()

        def cache_size() -> Any:
            return connection.exec_driver_sql("PRAGMA cache_size").scalar()

        before = cache_size()
        assert before != -ROOMY_CACHE_KIB
        with roomy_page_cache(session, ROOMY_FROM - 1):
            assert cache_size() == before  # a small import keeps the default
        with roomy_page_cache(session, ROOMY_FROM):
            assert cache_size() == -ROOMY_CACHE_KIB
        assert cache_size() == before
        try:
            with roomy_page_cache(session, ROOMY_FROM):
                raise KeyError("a failed import")
        except KeyError:
            pass
        assert cache_size() == before
    workspace.close()


def test_a_big_import_that_fails_leaves_nothing_and_the_default_cache(tmp_path: Path) -> None:
    """A plan big enough for the roomy cache, refused after its rows were inserted (a loop
    of links: the error is raised once the rest is written): the transaction leaves no
    row, and the connection's page cache is back at its size."""
    count = ROOMY_FROM + 5
    tasks = tuple(
        d.Task(number, f"T{number}", predecessors=(d.Link(number + 1 if number < 3 else 1),)
               if number <= 3 else ())
        for number in range(1, count + 1)
    )  # fmt: skip
    document = d.Document(projects=(d.Project(name="Loop", start=datetime(2026, 3, 2, 8),
                                              tasks=tasks),))  # fmt: skip
    workspace = Workspace.create(tmp_path / "loop.infradesk")
    with workspace.session() as session:
        default = session.connection().exec_driver_sql("PRAGMA cache_size").scalar()
    try:
        with workspace.session() as session:
            import_document(session, document)
    except DocumentError as error:
        assert "Loop" in str(error)
    else:
        raise AssertionError("a loop of links was imported")
    with workspace.session() as session:
        connection = session.connection()
        assert connection.exec_driver_sql("SELECT count(*) FROM task").scalar() == 0
        assert connection.exec_driver_sql("SELECT count(*) FROM project").scalar() == 0
        assert connection.exec_driver_sql("PRAGMA cache_size").scalar() == default
    workspace.close()
