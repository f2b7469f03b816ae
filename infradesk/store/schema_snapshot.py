"""A new workspace file's schema in one step, from a snapshot of what the migrations make.

Running the Alembic migrations on an empty file (importing Alembic, loading the revision
scripts, rebuilding tables in batch) cost 0.5-1 s per new workspace. :func:`create_schema`
instead runs the statements of :mod:`infradesk.store.schema_head`: the DDL that an empty file
migrated to head holds in ``sqlite_master`` (tables, indexes, triggers, views, in creation
order) and the rows the migrations seed (the "24 Hours" base calendar, ``sqlite_sequence``),
then stamps ``alembic_version`` with the head revision -- in one transaction with foreign keys
off, as an upgrade runs. Existing files still open and upgrade through Alembic.

The snapshot cannot drift: tests/store/test_schema_snapshot.py compares a file created from it
with one migrated by Alembic (same ``sqlite_master`` -- up to the order Alembic itself varies
from run to run, see :func:`comparable_schema` -- same rows, same PRAGMAs) and its revision
with Alembic's head. After adding or changing a migration, regenerate it with
:data:`REGENERATE` (``--check`` only tells; ``--write`` leaves an equivalent snapshot as it is,
so delete the module first to have it rewritten anyway).
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from infradesk.store.engine import make_engine
from infradesk.store.inspection import WorkspaceError
from infradesk.store.migrate import upgrade_to_head
from infradesk.store.schema_change import schema_transaction

#: The command that rewrites the snapshot from the migrations.
REGENERATE = "python -m infradesk.store.schema_snapshot --write"
#: The generated module holding the snapshot (a module, not a data file: it ships with the
#: package and the frozen app like any other import, and loads precompiled).
MODULE_PATH = Path(__file__).with_name("schema_head.py")

SEQUENCE_TABLE = "sqlite_sequence"
VERSION_TABLE = "alembic_version"
#: ``sqlite_sequence`` cannot be created by name; SQLite makes it with the first
#: ``AUTOINCREMENT`` table. When that table is gone from the file (rebuilt later, so listed
#: after it), this short-lived one makes it at its place in the creation order.
SEQUENCE_MAKER = (
    "CREATE TABLE infradesk_make_sqlite_sequence (id INTEGER PRIMARY KEY AUTOINCREMENT)",
    "DROP TABLE infradesk_make_sqlite_sequence",
)
_AUTOINCREMENT = re.compile(r"\bAUTOINCREMENT\b", re.IGNORECASE)
_LINE_WIDTH = 88  # of a string literal in the generated module (indented by 8)


class SnapshotError(Exception):
    """The migrated file holds something the snapshot cannot reproduce."""


@dataclass(frozen=True)
class Snapshot:
    """Alembic's revision and the statements that make a file at that revision."""

    revision: str
    statements: tuple[str, ...]


@dataclass(frozen=True)
class SchemaEntry:
    """One row of ``sqlite_master``."""

    type: str
    name: str
    tbl_name: str
    sql: str | None


def shipped_snapshot() -> Snapshot:
    """The snapshot that ships with this version (:mod:`infradesk.store.schema_head`)."""
    # lazy: the generator below must run while the module is missing or out of date
    from infradesk.store import schema_head

    return Snapshot(schema_head.REVISION, schema_head.STATEMENTS)


def create_schema(engine: Engine, snapshot: Snapshot | None = None) -> None:
    """Give the empty file behind ``engine`` the schema at the snapshot's revision, in one
    transaction (nothing is left of a failed one)."""
    snapshot = snapshot or shipped_snapshot()
    broken = "The new workspace's schema has {count} broken references; nothing was created."
    with schema_transaction(engine, broken) as (connection, _raw):
        for statement in snapshot.statements:
            connection.exec_driver_sql(statement)
        connection.exec_driver_sql(
            f"INSERT INTO {VERSION_TABLE} (version_num) VALUES (?)", (snapshot.revision,)
        )


def schema_entries(connection: sqlite3.Connection) -> list[SchemaEntry]:
    """``sqlite_master`` in creation order."""
    rows = connection.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid"
    ).fetchall()
    return [SchemaEntry(*row) for row in rows]


def snapshot_of(connection: sqlite3.Connection) -> Snapshot:
    """The snapshot that remakes the file behind ``connection``.

    Its DDL in creation order, each table followed by its rows (so that no trigger, made
    later, fires on them; the Alembic stamp excepted, stamped on its own), and at the end
    ``sqlite_sequence``'s rows, replacing what those inserts counted.
    """
    versions = connection.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchall()
    if len(versions) != 1:
        raise SnapshotError(f"{VERSION_TABLE} holds {len(versions)} rows, not one")
    statements = list(_definitions_and_rows(connection, schema_entries(connection)))
    return Snapshot(str(versions[0][0]), tuple(statements))


def _definitions_and_rows(
    connection: sqlite3.Connection, entries: Sequence[SchemaEntry]
) -> Iterator[str]:
    has_sequence = False
    for entry in entries:
        if entry.name == SEQUENCE_TABLE:
            if not has_sequence:
                yield from SEQUENCE_MAKER
            has_sequence = True
        elif entry.sql is None:
            if not entry.name.startswith("sqlite_autoindex_"):
                raise SnapshotError(f"{entry.type} {entry.name} has no SQL to remake it")
            # the index of a UNIQUE or PRIMARY KEY constraint comes with its table
        elif entry.name.startswith("sqlite_"):
            raise SnapshotError(f"SQLite's internal {entry.type} {entry.name} is not expected")
        else:
            yield entry.sql
            if entry.type == "table" and _AUTOINCREMENT.search(entry.sql):
                has_sequence = True
            if entry.type == "table" and entry.name != VERSION_TABLE:
                yield from _inserts(connection, entry.name)
    if has_sequence:
        yield f"DELETE FROM {SEQUENCE_TABLE}"
        yield from _inserts(connection, SEQUENCE_TABLE)


def _inserts(connection: sqlite3.Connection, table: str) -> Iterator[str]:
    columns = [row[1] for row in connection.execute(f"PRAGMA table_info({_name(table)})")]
    names = ", ".join(_name(column) for column in columns)
    literals = ", ".join(f"quote({_name(column)})" for column in columns)
    query = f"SELECT {literals} FROM {_name(table)} ORDER BY rowid"
    for row in connection.execute(query):
        yield f"INSERT INTO {_name(table)} ({names}) VALUES ({', '.join(row)})"


def _name(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def comparable_schema(connection: sqlite3.Connection) -> list[tuple[str, str, str, str | None]]:
    """``sqlite_master`` (type, name, table, SQL) in creation order, as every run of the
    migrations makes it.

    Alembic's batch rebuilds write a table's constraints, and create its indexes, in the order
    of a Python set, which changes from one run to the next (even with a fixed hash seed). So
    the constraint clauses of each ``CREATE TABLE`` are sorted (its columns keep their order),
    and so is each run of one table's indexes (by name). Everything else is compared as is.
    """
    entries = [
        (e.type, e.name, e.tbl_name, _sorted_constraints(e.sql) if e.type == "table" else e.sql)
        for e in schema_entries(connection)
    ]
    comparable: list[tuple[str, str, str, str | None]] = []
    run: list[tuple[str, str, str, str | None]] = []
    for entry in [*entries, ("end", "", "", None)]:
        if run and (entry[0] != "index" or entry[2] != run[0][2]):
            comparable.extend(sorted(run, key=lambda index: index[1]))
            run = []
        if entry[0] == "index":
            run.append(entry)
        elif entry[0] != "end":
            comparable.append(entry)
    return comparable


_CONSTRAINT_START = re.compile(r"(CONSTRAINT|PRIMARY|UNIQUE|CHECK|FOREIGN)\b", re.IGNORECASE)


def _sorted_constraints(sql: str | None) -> str | None:
    """``CREATE TABLE`` with its columns in order, then its table constraints sorted."""
    if sql is None or "(" not in sql:
        return sql
    start, end = sql.index("("), sql.rindex(")")
    items = [item.strip() for item in _top_level_items(sql[start + 1 : end])]
    columns = [item for item in items if not _CONSTRAINT_START.match(item)]
    constraints = sorted(item for item in items if _CONSTRAINT_START.match(item))
    return sql[: start + 1] + ", ".join(columns + constraints) + sql[end:]


def _top_level_items(body: str) -> Iterator[str]:
    """``body`` split at the commas outside parentheses and quotes."""
    depth, quote, item = 0, "", ""
    for char in body:
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"`":
            quote = char
        elif char == "[":
            quote = "]"
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "," and depth == 0:
            yield item
            item = ""
            continue
        item += char
    yield item


def table_rows(connection: sqlite3.Connection) -> dict[str, list[tuple[object, ...]]]:
    """Every table's rows in insertion (rowid) order, ``sqlite_sequence`` and
    ``alembic_version`` included."""
    return {
        entry.name: connection.execute(
            f"SELECT * FROM {_name(entry.name)} ORDER BY rowid"
        ).fetchall()
        for entry in schema_entries(connection)
        if entry.type == "table"
    }


@contextmanager
def _migrated_file() -> Iterator[Path]:
    """An empty file migrated to head by Alembic, in a folder removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="infradesk-schema-") as folder:
        path = Path(folder) / "migrated.infradesk"
        engine = make_engine(path)
        try:
            upgrade_to_head(engine)
        finally:
            engine.dispose()
        yield path


def _make_file(path: Path, snapshot: Snapshot) -> None:
    engine = make_engine(path)
    try:
        create_schema(engine, snapshot)
    finally:
        engine.dispose()


def migrated_snapshot() -> Snapshot:
    """The snapshot of an empty file migrated to head, checked by remaking a file from it
    (the same ``sqlite_master`` in the same order, the same rows)."""
    with _migrated_file() as path, closing(sqlite3.connect(path)) as migrated:
        snapshot = snapshot_of(migrated)
        remade_path = path.with_name("remade.infradesk")
        _make_file(remade_path, snapshot)
        with closing(sqlite3.connect(remade_path)) as remade:
            if schema_entries(remade) != schema_entries(migrated):
                raise SnapshotError("the snapshot does not remake sqlite_master in order")
            if table_rows(remade) != table_rows(migrated):
                raise SnapshotError("the snapshot does not remake the same rows")
    return snapshot


def drift(snapshot: Snapshot) -> list[str]:
    """How a file made from ``snapshot`` differs from one the migrations make (nothing when
    the snapshot is up to date): its revision, :func:`comparable_schema`, :func:`table_rows`."""
    problems = []
    with _migrated_file() as path, closing(sqlite3.connect(path)) as migrated:
        head = snapshot_of(migrated).revision
        if snapshot.revision != head:
            problems.append(f"its revision is {snapshot.revision}, Alembic's head is {head}")
        made_path = path.with_name("made.infradesk")
        _make_file(made_path, snapshot)
        with closing(sqlite3.connect(made_path)) as made:
            if comparable_schema(made) != comparable_schema(migrated):
                problems.append("its sqlite_master differs from the migrated file's")
            if table_rows(made) != table_rows(migrated):
                problems.append("its rows differ from the migrated file's")
    return problems


def render_module(snapshot: Snapshot) -> str:
    """The source of :mod:`infradesk.store.schema_head` for ``snapshot``."""
    lines = [
        f'"""The schema of a new workspace file at revision {snapshot.revision}: see',
        ":mod:`infradesk.store.schema_snapshot`.",
        "",
        f"Generated by ``{REGENERATE}``; do not edit.",
        '"""',
        "",
        f"REVISION = {snapshot.revision!r}",
        "",
        "#: sqlite_master's statements in creation order, then the rows the migrations seed.",
        "STATEMENTS: tuple[str, ...] = (",
    ]
    for statement in snapshot.statements:
        lines.extend(_literal(statement))
    lines.append(")")
    return "\n".join(lines) + "\n"


def _literal(statement: str) -> list[str]:
    """``statement`` as a string literal of lines no wider than the module's line length."""
    pieces = [
        repr(chunk)
        for line in statement.splitlines(keepends=True)
        for chunk in _chunks(line, _LINE_WIDTH)
    ]
    if len(pieces) == 1:
        return [f"    {pieces[0]},"]
    return ["    (", *(f"        {piece}" for piece in pieces), "    ),"]


def _chunks(text: str, width: int) -> Iterator[str]:
    """``text`` in pieces whose literals fit ``width``, broken after spaces where possible."""
    chunk = ""
    for word in re.findall(r"\S*\s*", text):
        for char in word if len(repr(word)) > width else [word]:
            if chunk and len(repr(chunk + char)) > width:
                yield chunk
                chunk = ""
            chunk += char
    if chunk:
        yield chunk


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m infradesk.store.schema_snapshot",
        description="Regenerate (or check) the schema snapshot new workspace files are made "
        f"from, {MODULE_PATH.name}, against an empty file migrated to head by Alembic.",
    )
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--write", action="store_true", help=f"rewrite {MODULE_PATH.name}")
    action.add_argument("--check", action="store_true", help="exit 1 when it is out of date")
    args = parser.parse_args(argv)
    try:
        problems = _shipped_drift()
        if args.write and problems:
            MODULE_PATH.write_text(render_module(migrated_snapshot()), encoding="utf-8")
            print(f"wrote {MODULE_PATH} ({'; '.join(problems)})")
            return 0
    except (SnapshotError, WorkspaceError) as error:
        print(f"cannot take the snapshot: {error}", file=sys.stderr)
        return 1
    if not problems:
        print(f"{MODULE_PATH.name} is up to date" + (" (left as it is)" if args.write else ""))
        return 0
    print(f"{MODULE_PATH.name} is out of date ({'; '.join(problems)}); run: {REGENERATE}")
    return 1


def _shipped_drift() -> list[str]:
    try:
        snapshot = shipped_snapshot()
    except (ImportError, SyntaxError) as error:
        return [f"it cannot be loaded: {error}"]
    return drift(snapshot)


if __name__ == "__main__":
    raise SystemExit(main())
