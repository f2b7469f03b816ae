"""A new workspace file is made from the schema snapshot (store/schema_head.py), not by running
the migrations: it must be the file the migrations make, and stay so when a migration is added.

Alembic's batch rebuilds write a table's constraints and create its indexes in set order, which
changes from run to run; ``comparable_schema`` sorts exactly those (its tests below show that it
still tells every other difference), and the tables' structure is compared through SQLite's own
PRAGMAs as well.
"""

from __future__ import annotations

import ast
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from infradesk.store import schema_snapshot
from infradesk.store.engine import make_engine
from infradesk.store.inspection import inspect_workspace_file
from infradesk.store.migrate import current_revision, head_revision, upgrade_to_head
from infradesk.store.schema_snapshot import (
    REGENERATE,
    SEQUENCE_MAKER,
    Snapshot,
    comparable_schema,
    create_schema,
    render_module,
    schema_entries,
    shipped_snapshot,
    snapshot_of,
    table_rows,
)
from infradesk.store.workspace import Workspace, WorkspaceError

REPO_ROOT = Path(__file__).resolve().parents[2]
#: The file's own settings, kept in its header (journal_mode: WAL is persistent).
FILE_PRAGMAS = ("user_version", "application_id", "page_size", "auto_vacuum", "encoding")


@contextmanager
def reading(path: Path) -> Iterator[sqlite3.Connection]:
    with closing(sqlite3.connect(path)) as connection:
        yield connection


def migrated_file(path: Path) -> Path:
    """An empty file taken to head by Alembic, as every workspace was made before."""
    engine = make_engine(path)
    upgrade_to_head(engine)
    engine.dispose()
    return path


def created_file(path: Path) -> Path:
    Workspace.create(path).close()
    return path


def structure(connection: sqlite3.Connection) -> dict[str, object]:
    """What SQLite says of every table (columns, foreign keys, indexes by their columns),
    independent of how its SQL text is worded or ordered."""
    found: dict[str, object] = {}
    for entry in schema_entries(connection):
        if entry.type != "table":
            continue
        name = entry.name
        indexes = set()
        for _seq, index, unique, origin, partial in connection.execute(
            f"PRAGMA index_list('{name}')"
        ):
            columns = tuple(row[2] for row in connection.execute(f"PRAGMA index_info('{index}')"))
            shown = index if origin == "c" else origin  # sqlite_autoindex_ numbers vary
            indexes.add((shown, unique, partial, columns))
        found[name] = {
            "columns": connection.execute(f"PRAGMA table_xinfo('{name}')").fetchall(),
            "foreign_keys": sorted(
                row[2:] for row in connection.execute(f"PRAGMA foreign_key_list('{name}')")
            ),
            "indexes": sorted(indexes, key=repr),
        }
    return found


def file_settings(connection: sqlite3.Connection) -> dict[str, object]:
    settings = {name: connection.execute(f"PRAGMA {name}").fetchone()[0] for name in FILE_PRAGMAS}
    settings["journal_mode"] = connection.execute("PRAGMA journal_mode").fetchone()[0]
    return settings


# (a) the same file as the migrations make ------------------------------------------------


def test_a_new_file_is_the_file_the_migrations_make(tmp_path: Path) -> None:
    migrated = migrated_file(tmp_path / "migrated.infradesk")
    created = created_file(tmp_path / "created.infradesk")
    with reading(migrated) as expected, reading(created) as actual:
        assert comparable_schema(actual) == comparable_schema(expected)
        assert structure(actual) == structure(expected)
        assert table_rows(actual) == table_rows(expected)
        assert file_settings(actual) == file_settings(expected)
        # the seed rows are there: the round-the-clock calendar and sqlite_sequence's counts
        assert table_rows(actual)["base_calendar"] == [
            (1, "24 Hours", "0,1,2,3,4,5,6", "00:00-24:00", 1)
        ]
        assert ("base_calendar", 1) in table_rows(actual)["sqlite_sequence"]


def test_a_new_file_holds_the_snapshot_statements_as_written(tmp_path: Path) -> None:
    """The DDL is stored as the snapshot has it, in its order: nothing reworded on the way."""
    created = created_file(tmp_path / "created.infradesk")
    with reading(created) as connection:
        stored = [entry.sql for entry in schema_entries(connection) if entry.sql is not None]
    ddl = [
        statement
        for statement in shipped_snapshot().statements
        if statement.startswith("CREATE") and statement not in SEQUENCE_MAKER
    ]
    assert [sql for sql in stored if sql != "CREATE TABLE sqlite_sequence(name,seq)"] == ddl


@pytest.mark.parametrize(
    "change",
    [
        ("ALTER TABLE t RENAME COLUMN b TO c",),
        ("DROP INDEX ix_t_a",),
        ("CREATE INDEX ix_t_c ON t (a, b)",),
        ("CREATE TABLE u (id INTEGER)",),
        ("CREATE VIEW v AS SELECT a FROM t",),
        ("CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END",),
    ],
    ids=["column", "dropped index", "new index", "new table", "view", "trigger"],
)
def test_the_comparison_tells_a_changed_schema(tmp_path: Path, change: tuple[str]) -> None:
    def make(path: Path, *extra: str) -> list[object]:
        with reading(path) as connection:
            connection.execute(
                "CREATE TABLE t (a INTEGER, b TEXT, CONSTRAINT uq_t_a UNIQUE (a), "
                "CONSTRAINT ck_t_b CHECK (b <> ''))"
            )
            connection.execute("CREATE INDEX ix_t_a ON t (a)")
            for statement in extra:
                connection.execute(statement)
            return list(comparable_schema(connection))

    assert make(tmp_path / "one.db") == make(tmp_path / "two.db")
    assert make(tmp_path / "three.db") != make(tmp_path / "four.db", *change)


def test_the_comparison_ignores_only_the_order_alembic_varies(tmp_path: Path) -> None:
    """Constraints of one table and indexes created one after another on one table may come
    in any order; columns and tables may not."""
    statements = {
        "one.db": [
            "CREATE TABLE t (a INTEGER, b TEXT, CONSTRAINT uq_t_a UNIQUE (a), CHECK (b <> ''))",
            "CREATE INDEX ix_t_a ON t (a)",
            "CREATE INDEX ix_t_b ON t (b)",
        ],
        "two.db": [
            "CREATE TABLE t (a INTEGER, b TEXT, CHECK (b <> ''), CONSTRAINT uq_t_a UNIQUE (a))",
            "CREATE INDEX ix_t_b ON t (b)",
            "CREATE INDEX ix_t_a ON t (a)",
        ],
        "columns.db": [
            "CREATE TABLE t (b TEXT, a INTEGER, CONSTRAINT uq_t_a UNIQUE (a), CHECK (b <> ''))"
        ],
    }
    found = {}
    for name, ddl in statements.items():
        with reading(tmp_path / name) as connection:
            for statement in ddl:
                connection.execute(statement)
            found[name] = comparable_schema(connection)
    assert found["one.db"] == found["two.db"]
    assert found["one.db"][0] != found["columns.db"][0]  # the table t, columns swapped


# (b) the snapshot is at Alembic's head ---------------------------------------------------


def test_the_snapshot_is_at_alembics_head() -> None:
    snapshot = shipped_snapshot().revision
    assert snapshot == head_revision(), (
        f"The schema snapshot (infradesk/store/schema_head.py) is at {snapshot} but the "
        f"migrations' head is {head_revision()}: regenerate it with `{REGENERATE}`."
    )


def test_the_check_command_says_how_to_regenerate(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert schema_snapshot.main(["--check"]) == 0, capsys.readouterr().out
    stale = shipped_snapshot()
    without_last_index = tuple(
        s for s in stale.statements if not s.startswith("CREATE INDEX ix_task_project_parent")
    )
    monkeypatch.setattr(
        schema_snapshot, "shipped_snapshot", lambda: Snapshot("0014_team", without_last_index)
    )
    assert schema_snapshot.main(["--check"]) == 1
    out = capsys.readouterr().out
    assert "its revision is 0014_team" in out
    assert "sqlite_master differs" in out
    assert REGENERATE in out


# (c) a new file opens as any up-to-date workspace ----------------------------------------


def test_a_new_file_passes_the_checks_and_opens_without_an_upgrade(tmp_path: Path) -> None:
    path = created_file(tmp_path / "new.infradesk")
    facts = inspect_workspace_file(path)
    assert facts.revision == head_revision()
    assert not facts.read_only
    workspace = Workspace.open(path)
    assert workspace.migration_backup is None
    assert current_revision(workspace.engine) == head_revision()
    workspace.close()
    with reading(path) as connection:
        before = schema_entries(connection)
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    engine = make_engine(path)
    upgrade_to_head(engine)  # nothing to do
    engine.dispose()
    with reading(path) as connection:
        assert schema_entries(connection) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.infradesk"]


def alembic_modules_after(statements: str, path: Path) -> list[str]:
    """The Alembic modules a fresh interpreter has imported after ``statements`` (which see
    ``Workspace`` and the file's ``path`` as ``sys.argv[1]``)."""
    code = (
        "import sys\n"
        "from infradesk.store.workspace import Workspace\n"
        f"{statements}\n"
        "print(sorted(name for name in sys.modules if name.split('.')[0] == 'alembic'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(path)],
        cwd=REPO_ROOT,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return list(ast.literal_eval(result.stdout.strip()))


def test_creating_a_file_does_not_import_alembic(tmp_path: Path) -> None:
    path = tmp_path / "new.infradesk"
    assert alembic_modules_after("Workspace.create(sys.argv[1]).close()", path) == []
    assert path.is_file()


def test_opening_a_current_file_does_not_import_alembic(tmp_path: Path) -> None:
    """A file at the snapshot's revision is current: its open reads no migration script."""
    path = tmp_path / "current.infradesk"
    Workspace.create(path).close()
    opening = (
        "workspace = Workspace.open(sys.argv[1])\n"
        "assert workspace.migration_backup is None\n"
        "workspace.close()"
    )
    assert alembic_modules_after(opening, path) == []


def test_a_file_at_another_revision_is_still_checked_by_alembic(tmp_path: Path) -> None:
    """The shortcut above is for the snapshot's revision only: a file of a newer InfraDesk
    is still refused by name."""
    path = tmp_path / "newer.infradesk"
    Workspace.create(path).close()
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    with pytest.raises(WorkspaceError, match="newer version of InfraDesk"):
        Workspace.open(path)


# (d) a failed creation leaves nothing ----------------------------------------------------


def broken_snapshot(*extra: str) -> Snapshot:
    """The shipped snapshot with ``extra`` statements halfway through."""
    shipped = shipped_snapshot()
    half = len(shipped.statements) // 2
    statements = (*shipped.statements[:half], *extra, *shipped.statements[half:])
    return Snapshot(shipped.revision, statements)


@pytest.mark.parametrize(
    ("extra", "error", "message"),
    [
        (("CREATE TABLE broken (",), OperationalError, "incomplete input"),
        (
            (
                "CREATE TABLE parent (id INTEGER PRIMARY KEY)",
                "CREATE TABLE child (parent_id INTEGER REFERENCES parent (id))",
                "INSERT INTO child VALUES (7)",  # accepted: foreign keys are off...
            ),
            WorkspaceError,
            "1 broken references",  # ...and checked before the commit
        ),
    ],
    ids=["bad statement", "broken reference"],
)
def test_a_failed_creation_leaves_no_file(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    extra: tuple[str, ...],
    error: type[Exception],
    message: str,
) -> None:
    monkeypatch.setattr(schema_snapshot, "shipped_snapshot", lambda: broken_snapshot(*extra))
    path = tmp_path / "folder" / "new.infradesk"
    with pytest.raises(error, match=message):
        Workspace.create(path)
    assert list(path.parent.iterdir()) == []


def test_foreign_keys_are_on_again_after_the_creation(tmp_path: Path) -> None:
    workspace = Workspace.create(tmp_path / "new.infradesk")
    with workspace.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    workspace.close()


# the generator ---------------------------------------------------------------------------


def toy_file(path: Path) -> Path:
    """A file whose ``sqlite_sequence`` is not where a replay would make it: its first
    AUTOINCREMENT table was rebuilt later (as migration 0006 and batch rebuilds do)."""
    with reading(path) as connection:
        connection.executescript(
            """
            CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY);
            INSERT INTO alembic_version VALUES ('0001_toy');
            CREATE TABLE plain (id INTEGER PRIMARY KEY, note TEXT);
            CREATE TABLE counted (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE);
            CREATE TABLE later (id INTEGER PRIMARY KEY, value);
            CREATE TABLE counted_new (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE);
            DROP TABLE counted;
            ALTER TABLE counted_new RENAME TO counted;
            CREATE INDEX ix_later_value ON later (value);
            CREATE VIEW named AS SELECT name FROM counted;
            CREATE TRIGGER noted AFTER INSERT ON plain BEGIN
                UPDATE plain SET note = 'x;' || note WHERE id = new.id;
            END;
            INSERT INTO counted (id, name) VALUES (5, 'five'), (9, 'it''s "nine"');
            DELETE FROM counted WHERE id = 9;
            INSERT INTO plain (note) VALUES ('tab	and ünïcödé ☃'), (NULL);
            INSERT INTO later (value) VALUES (1.0), (X'00FF'), (2), (NULL), ('2');
            """
        )
    return path


def test_the_snapshot_remakes_any_file_exactly(tmp_path: Path) -> None:
    source = toy_file(tmp_path / "source.db")
    with reading(source) as connection:
        snapshot = snapshot_of(connection)
        expected = schema_entries(connection), table_rows(connection), typed_rows(connection)
    assert snapshot.revision == "0001_toy"
    assert SEQUENCE_MAKER[0] in snapshot.statements
    remade = remake(tmp_path / "remade.db", snapshot)
    with reading(remade) as connection:
        assert (schema_entries(connection), table_rows(connection), typed_rows(connection)) == (
            expected
        )
        assert table_rows(connection)["sqlite_sequence"] == [("counted", 9)]


def test_without_its_maker_sqlite_sequence_would_move(tmp_path: Path) -> None:
    """The check above can fail: replaying the DDL alone puts sqlite_sequence elsewhere."""
    with reading(toy_file(tmp_path / "source.db")) as connection:
        snapshot = snapshot_of(connection)
        expected = schema_entries(connection)
    plain = Snapshot(
        snapshot.revision, tuple(s for s in snapshot.statements if s not in SEQUENCE_MAKER)
    )
    with reading(remake(tmp_path / "remade.db", plain)) as connection:
        assert schema_entries(connection) != expected


def test_the_generated_module_reads_back_the_same_statements(tmp_path: Path) -> None:
    with reading(toy_file(tmp_path / "source.db")) as connection:
        snapshot = snapshot_of(connection)
    long = "CREATE TABLE wide (" + ", ".join(f"column_{n} TEXT" for n in range(40)) + ")"
    snapshot = Snapshot(snapshot.revision, (*snapshot.statements, long))
    source = render_module(snapshot)
    namespace: dict[str, object] = {}
    exec(compile(source, "schema_head.py", "exec"), namespace)
    assert (namespace["REVISION"], namespace["STATEMENTS"]) == (
        snapshot.revision,
        snapshot.statements,
    )
    assert max(len(line) for line in source.splitlines()) <= 100


def test_the_shipped_module_is_what_the_generator_writes() -> None:
    """schema_head.py is generated, never edited: rendering its snapshot gives it back."""
    module = REPO_ROOT / "infradesk" / "store" / "schema_head.py"
    assert module.read_text(encoding="utf-8") == render_module(shipped_snapshot())


def typed_rows(connection: sqlite3.Connection) -> list[tuple[object, ...]]:
    return connection.execute("SELECT typeof(value), quote(value) FROM later").fetchall()


def remake(path: Path, snapshot: Snapshot) -> Path:
    engine = make_engine(path)
    create_schema(engine, snapshot)
    engine.dispose()
    return path
