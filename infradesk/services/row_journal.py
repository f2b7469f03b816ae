"""A journal of the rows one transaction touches: their images before and after it.

Commands (``services/commands.py``) use it to make undo and redo exact and safe, for every
table at once, without each command knowing every table:

- temporary triggers (per connection, switched on for one transaction) copy each row the
  first time it is updated or deleted, and note each inserted id -- including rows removed by
  ``ON DELETE CASCADE`` and changes made by the scheduler;
- :func:`images` reads what those rows look like now; a command compares them with what it
  left behind before it reverts anything (no lost update of another window or program);
- :func:`write_images` puts rows back to given images (same ids), which makes an undo or redo
  exactly the state it must be whatever the command's own code did.

Values are read and written raw (SQLite's own storage), so comparisons are exact. On
PostgreSQL an image holds the row's JSON values (``to_jsonb``), compared and written back just
as exactly (:mod:`~infradesk.services.row_journal_pg`).

Every row carries a version counter (``version``, see ``model/base.py``): it is not part of a
row's own content (never compared, never put back), and every write here counts a new version,
as does :func:`bump_versions` for rows a command changed outside the ORM.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import Date, DateTime, Table, select
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session

from infradesk.model.base import Base
from infradesk.services import row_journal_pg
from infradesk.store.engine import CHANGES_AT_CHECKOUT, ON_RETURN
from infradesk.store.journal_ddl import journaled_tables

Key = tuple[str, int]  # table name, row id
Image = tuple[Any, ...] | None  # the row's values in column order; None: no such row
Images = dict[Key, Image]

#: Columns the scheduler computes from the rest: another program rescheduling after its own
#: edit changes them without touching anything this program wrote, so they are left out of
#: conflict checks and are not written back over a fresh schedule.
DERIVED: Mapping[str, frozenset[str]] = {"task": frozenset({"start", "finish", "version"})}
#: Every table's version counter: counted, never restored.
_ALWAYS_DERIVED = frozenset({"version"})
#: A summary task's duration and % complete are rolled up from its children the same way.
SUMMARY_DERIVED = frozenset({"duration_minutes", "percent_complete"})

_CHUNK = 500
#: The temporary one-row table whose row switches the journal's triggers on.
_SWITCH = "journal_on"


@cache  # the models' tables are fixed once imported; edits ask for them per touched row
def _tables() -> dict[str, Table]:
    """Every journaled table: all but the audit, which undo never rewrites."""
    return {name: Base.metadata.tables[name] for name in journaled_tables()}


def _postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _ordered(name: str, image: Mapping[str, Any]) -> tuple[Any, ...]:
    """A JSON image (PostgreSQL) as a tuple in column order."""
    return tuple(image.get(c) for c in _columns(_tables()[name]))


@cache
def _columns(table: Table) -> tuple[str, ...]:
    return tuple(c.name for c in table.columns)


def _quoted(names: Iterable[str]) -> str:
    return ", ".join(f'"{n}"' for n in names)


@cache
def _width() -> int:
    return max(len(t.columns) for t in _tables().values())


@cache
def _journal_sql() -> tuple[str, ...]:
    """The statements that create the journal table and its triggers (built once)."""
    slots = ", ".join(f"c{i}" for i in range(_width()))
    statements = [
        "CREATE TEMP TABLE IF NOT EXISTS journal "
        f"(tbl TEXT NOT NULL, id INTEGER NOT NULL, existed INTEGER NOT NULL, {slots}, "
        "PRIMARY KEY (tbl, id))",
        f"CREATE TEMP TABLE IF NOT EXISTS {_SWITCH} (one INTEGER PRIMARY KEY CHECK (one = 1))",
    ]
    for name, table in _tables().items():
        columns = _columns(table)
        targets = ", ".join(f"c{i}" for i in range(len(columns)))
        old_values = ", ".join(f'OLD."{c}"' for c in columns)
        for event, row in (
            ("BEFORE UPDATE", "OLD"),
            ("BEFORE DELETE", "OLD"),
            ("AFTER INSERT", "NEW"),
        ):
            # trigger bodies may not name a schema: the journal exists only in temp
            if row == "OLD":
                body = (
                    f"INSERT INTO journal (tbl, id, existed, {targets}) "
                    f"SELECT '{name}', OLD.id, 1, {old_values}"
                )
            else:
                body = f"INSERT INTO journal (tbl, id, existed) SELECT '{name}', NEW.id, 0"
            body += (
                f" WHERE NOT EXISTS (SELECT 1 FROM journal WHERE tbl = '{name}' AND id = {row}.id)"
            )
            trigger = f'"journal_{name}_{event.replace(" ", "_").lower()}"'
            statements.append(
                f'CREATE TEMP TRIGGER IF NOT EXISTS {trigger} {event} ON main."{name}" '
                f"WHEN EXISTS (SELECT 1 FROM {_SWITCH}) BEGIN {body}; END"
            )
    return tuple(statements)


def start(session: Session) -> None:
    """Journal every row change of this session's transaction from now on.

    One temporary table holds the first image of every touched row: its columns have no type,
    so SQLite keeps each value exactly as stored. Ids are never updated, so an update and a
    delete keep the old row and an insert notes the new id. The triggers are temporary too:
    made once per pooled connection (see :func:`prepare`) and live as long as it does. They
    fire only while the switch table has its row: put in here, taken out by a rollback or,
    after a commit, when the connection goes back to the pool (``store.engine.ON_RETURN``),
    so no other session's writes on that connection are journaled.
    """
    if _postgres(session):
        row_journal_pg.start(session)
        return
    pooled = session.connection().connection
    # the DBAPI connection is typed optional; a live session always has one
    cursor = pooled.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        _install(cursor)
        cursor.execute("DELETE FROM temp.journal")
        cursor.execute(f"INSERT OR IGNORE INTO temp.{_SWITCH} VALUES (1)")
        pooled.info[ON_RETURN] = (f"DELETE FROM temp.{_SWITCH}", "DELETE FROM temp.journal")
        # the journal's own rows are not this session's writes (the plan cache asks)
        pooled.info[CHANGES_AT_CHECKOUT] = cursor.execute("SELECT total_changes()").fetchone()[0]
    finally:
        cursor.close()


def prepare(session: Session) -> None:
    """Make the journal's table and triggers on this session's connection, switched off,
    for the edit that borrows it next (146 triggers take 7 ms to make). For a read session
    after a workspace opens: they touch only the connection's temporary schema."""
    if _postgres(session):
        return  # the schema's owner installed them (store/journal_ddl.py)
    # the DBAPI connection is typed optional; a live session always has one
    cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        _install(cursor)
    finally:
        cursor.close()


def _install(cursor: Any) -> None:
    """The journal on the cursor's connection, unless it is there. Made in a transaction
    that rolls back, it goes with it: so it is looked for, not remembered."""
    installed = f"SELECT 1 FROM sqlite_temp_master WHERE type = 'table' AND name = '{_SWITCH}'"
    if cursor.execute(installed).fetchone() is None:
        for statement in _journal_sql():
            cursor.execute(statement)


def before_images(session: Session) -> Images:
    """Every row touched since :func:`start`, as it was before its first change."""
    if _postgres(session):
        return {
            (name, row_id): _ordered(name, image) if existed and image is not None else None
            for name, row_id, existed, image in row_journal_pg.journaled(session)
        }
    run = session.connection().exec_driver_sql
    tables = _tables()
    found: Images = {}
    slots = ", ".join(f"c{i}" for i in range(_width()))
    for name, row_id, existed, *values in run(f"SELECT tbl, id, existed, {slots} FROM journal"):
        width = len(tables[name].columns)
        found[(name, row_id)] = tuple(values[:width]) if existed else None
    return found


def images(session: Session, keys: Iterable[Key]) -> Images:
    """The rows ``keys`` as they are now (None for a row that does not exist)."""
    run = session.connection().exec_driver_sql
    by_table: dict[str, list[int]] = {}
    for name, row_id in keys:
        by_table.setdefault(name, []).append(row_id)
    tables = _tables()
    found: Images = {}
    postgres = _postgres(session)
    for name, ids in by_table.items():
        columns = _columns(tables[name])
        for row_id in ids:
            found[(name, row_id)] = None
        if postgres:
            for image in row_journal_pg.current(session, tables[name], ids):
                found[(name, image["id"])] = _ordered(name, image)
            continue
        for i in range(0, len(ids), _CHUNK):
            chunk = ids[i : i + _CHUNK]
            marks = ", ".join("?" * len(chunk))
            sql = f'SELECT {_quoted(columns)} FROM main."{name}" WHERE id IN ({marks})'
            for row in run(sql, tuple(chunk)):
                found[(name, row[0])] = tuple(row)
    return found


def columns(name: str) -> tuple[str, ...]:
    """The column names of table ``name``, in the order of an :data:`Image`."""
    return _columns(_tables()[name])


def _iso_datetime(value: Any) -> Any:
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def _iso_date(value: Any) -> Any:
    return date.fromisoformat(value[:10]) if isinstance(value, str) else value


@cache
def _readers(name: str) -> tuple[Callable[[Any], Any] | None, ...]:
    """Per column of table ``name`` what turns a stored value into its Python type: SQLite's
    own result processors, but date-times parsed as ISO text, which both SQLite's storage and
    PostgreSQL's JSON images are."""
    dialect = sqlite.dialect()
    readers: list[Callable[[Any], Any] | None] = []
    for c in _tables()[name].columns:
        if isinstance(c.type, DateTime):
            readers.append(_iso_datetime)
        elif isinstance(c.type, Date):
            readers.append(_iso_date)
        else:
            readers.append(c.type.dialect_impl(dialect).result_processor(dialect, None))
    return tuple(readers)


def values(name: str, image: tuple[Any, ...]) -> dict[str, Any]:
    """A row image of table ``name`` as Python values by column name (a ``DateTime`` column
    gives a ``datetime``, a ``Boolean`` a ``bool``), as a query through the model would."""
    return {
        column: value if read is None or value is None else read(value)
        for column, read, value in zip(columns(name), _readers(name), image, strict=True)
    }


def _summaries(session: Session, keys: Iterable[Key]) -> set[int]:
    """The summary tasks among ``keys`` (tasks with children)."""
    ids = sorted({row_id for name, row_id in keys if name == "task"})
    found: set[int] = set()
    parent = _tables()["task"].c.parent_id
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i : i + _CHUNK]
        found.update(session.execute(select(parent).where(parent.in_(chunk)).distinct()).scalars())
    return found


def _derived(key: Key, summaries: set[int]) -> frozenset[str]:
    if key[0] == "task" and key[1] in summaries:
        return DERIVED["task"] | SUMMARY_DERIVED
    return DERIVED.get(key[0], _ALWAYS_DERIVED)


def _owned(key: Key, image: Image, other: Image, summaries: set[int]) -> list[int]:
    """Column positions a pass wrote on this row (``other`` -> ``image``), derived ones left
    out; every position when the row was inserted or deleted."""
    columns = _columns(_tables()[key[0]])
    derived = _derived(key, summaries)
    return [
        i
        for i, c in enumerate(columns)
        if c not in derived and (image is None or other is None or image[i] != other[i])
    ]


def _differs(now: Image, want: Image, positions: list[int]) -> bool:
    if now is None or want is None:
        return (now is None) != (want is None)
    return any(now[i] != want[i] for i in positions)


def differences(
    session: Session, expected: Images, other: Images
) -> list[tuple[Key, Image, Image]]:
    """The rows that are no longer as a pass left them: (key, expected image, current image).

    ``expected`` is what the pass left, ``other`` what was there before it; only the columns
    the pass changed are compared, so another program's edit of anything else (or the
    scheduler moving dates) never blocks an undo.
    """
    now = images(session, expected)
    summaries = _summaries(session, expected)
    found = []
    for key, want in expected.items():
        positions = _owned(key, want, other.get(key), summaries)
        if positions and _differs(now[key], want, positions):
            found.append((key, want, now[key]))
    return found


def _wanted(
    key: Key,
    want: tuple[Any, ...],
    have: tuple[Any, ...],
    owned: list[int],
    base: Image,
    summaries: set[int],
) -> dict[int, Any]:
    """Column position -> value to write so that the row ``have`` becomes what it must be.

    The columns the command owns (``owned``) take ``want``. Every other column that is not
    derived keeps the value it had before this pass (``base``): a command's own code may write
    something new there on a redo (a clock, a counter, a fresh snapshot) that the first apply
    did not, and an undo or redo must write nothing it did not write the first time.
    """
    wanted = {i: want[i] for i in owned}
    if base is not None:
        derived = _derived(key, summaries)
        columns = _columns(_tables()[key[0]])
        for i, column in enumerate(columns):
            if i not in wanted and column not in derived:
                wanted[i] = base[i]
    return {i: value for i, value in wanted.items() if i > 0 and value != have[i]}


def write_images(
    session: Session, target: Images, other: Images, base: Images | None = None
) -> None:
    """Put back the rows of ``target``: the columns that differ between ``target`` and
    ``other`` (the row as it is now when ``other`` does not know it) are set to ``target``;
    every other column of a row in ``base`` (the rows as they were before the current pass)
    is set back to its ``base`` value, derived columns left out; rows are deleted (children
    first) or inserted (parents first) with their ids. Foreign keys are checked at commit."""
    postgres = _postgres(session)
    run = session.connection().exec_driver_sql
    if postgres:
        row_journal_pg.defer_foreign_keys(session)
    else:
        run("PRAGMA defer_foreign_keys=ON")
    base = base or {}
    now = images(session, target)
    summaries = _summaries(session, target)
    tables = _tables()
    order = [t.name for t in Base.metadata.sorted_tables]
    rank = {name: i for i, name in enumerate(order)}
    keys = sorted(target, key=lambda k: (rank[k[0]], k[1]))
    for key in keys:
        want, have = target[key], now[key]
        if want is None or have is None or want == have:
            continue
        columns = _columns(tables[key[0]])
        owned = _owned(key, want, other.get(key, have), summaries)
        wanted = _wanted(key, want, have, owned, base.get(key), summaries)
        if wanted and postgres:
            row_journal_pg.update(
                session, tables[key[0]], key[1], {columns[i]: v for i, v in wanted.items()}
            )
        elif wanted:
            assignments = ", ".join(f'"{columns[i]}" = ?' for i in wanted)
            run(
                f'UPDATE main."{key[0]}" SET {assignments}, version = version + 1 WHERE id = ?',
                (*wanted.values(), key[1]),
            )
    for key in reversed(keys):
        if target[key] is None and now[key] is not None:
            table = tables[key[0]]
            session.execute(table.delete().where(table.c.id == key[1]))
    present = images(session, [k for k in keys if target[k] is not None])
    for key, have in present.items():
        want = target[key]
        if want is not None and have is None:
            columns = _columns(tables[key[0]])
            if postgres:
                image = dict(zip(columns, want, strict=True))
                row_journal_pg.insert(session, tables[key[0]], image)
                continue
            marks = ", ".join("?" * len(columns))
            run(f'INSERT INTO main."{key[0]}" ({_quoted(columns)}) VALUES ({marks})', want)
    session.expire_all()


def written(session: Session, before: Images, after: Images) -> tuple[list[Key], int]:
    """What a pass did (``before`` -> ``after``): the rows whose own content it wrote
    (inserted, deleted or a column it owns changed), and how many more rows only the
    scheduler moved (derived columns)."""
    summaries = _summaries(session, after)
    own: list[Key] = []
    moved = 0
    for key, now in after.items():
        was = before.get(key)
        if now == was:
            continue
        if _owned(key, now, was, summaries):
            own.append(key)
        else:
            moved += 1
    return own, moved


def bump_versions(
    session: Session, before: Images, after: Images, own: Iterable[Key]
) -> dict[Key, int]:
    """Count a new version of every row in ``own`` that a pass changed (``before`` ->
    ``after``) when nothing counted it yet (Core updates bypass ``version_id_col``); the
    version of every row of ``after`` that is there, as the pass leaves it."""
    stale: dict[str, list[int]] = {}
    for key in own:
        now, was = after.get(key), before.get(key)
        if now is None or was is None:
            continue
        position = _columns(_tables()[key[0]]).index("version")
        if now[position] == was[position]:
            stale.setdefault(key[0], []).append(key[1])
    for name, ids in stale.items():
        table = _tables()[name]
        for i in range(0, len(ids), _CHUNK):
            session.execute(
                table.update()
                .where(table.c.id.in_(ids[i : i + _CHUNK]))
                .values(version=table.c.version + 1)
            )
    bumped = {(name, row_id) for name, ids in stale.items() for row_id in ids}
    positions: dict[str, int] = {}
    versions: dict[Key, int] = {}
    for key, image in after.items():
        if image is None:
            continue
        if key[0] not in positions:
            positions[key[0]] = _columns(_tables()[key[0]]).index("version")
        position = positions[key[0]]
        versions[key] = int(image[position] or 0) + (1 if key in bumped else 0)
    return versions


def version_of(session: Session, key: Key) -> int | None:
    """A row's version counter now; None when there is no such row."""
    return versions_of(session, key[0], [key[1]]).get(key[1])


def versions_of(session: Session, name: str, row_ids: list[int]) -> dict[int, int]:
    """The version counters of rows ``row_ids`` of table ``name`` (missing rows left out)."""
    table = _tables()[name]
    found: dict[int, int] = {}
    for i in range(0, len(row_ids), _CHUNK):
        chunk = row_ids[i : i + _CHUNK]
        for row_id, version in session.execute(
            select(table.c.id, table.c.version).where(table.c.id.in_(chunk))
        ):
            found[int(row_id)] = int(version)
    return found


def label(name: str, image: Image) -> str:
    """How a message names a row: ``task 'Cage build-out'``, ``risk R-003``."""
    kind = name.replace("_", " ")
    if image is None:
        return kind
    values = dict(zip(_columns(_tables()[name]), image, strict=True))
    code = values.get("code") or values.get("number")
    title = values.get("name") or values.get("title") or values.get("description")
    if code and title:
        return f"{kind} {code} '{title}'"
    if code or title:
        return f"{kind} {code}" if code else f"{kind} '{title}'"
    return kind
