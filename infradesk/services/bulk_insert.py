"""Many new rows in one executemany of plain tuples: what ``session.execute(insert(table),
rows)`` stores, without Core's work per row.

Core builds, for every row of an executemany, a dict of its parameters, fills in the
columns' defaults and runs each value's bind processor one row at a time: at an import of
100,000 tasks that is about as long as SQLite's own inserting. Here the statement is the
driver's, the defaults (scalar ones: every model's) are constants added to each row, and
each column's bind processor (the same SQLAlchemy would run) is mapped over the column of
a batch at once: once per distinct value where equal values are processed alike (texts,
flags, date-times without a time zone: an import's 100,000 dates hold a few thousand
distinct ones). A column that holds one and the same whole number, ASCII text or NULL in
every row of a batch (a project id, a default, an unused date) is written into the
statement as that literal instead of being bound once per row: SQLite stores the same
value either way (the column's affinity applies alike) and binds a third fewer parameters.
The rows are written inside the session's transaction, on its connection.

Other databases (and a column whose default is computed) go through Core, unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import date, datetime
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session
from sqlalchemy.schema import ColumnDefault

Processor = Callable[[Any], Any]

#: Types whose equal values are equal in every respect a bind processor reads (a date-time's
#: time zone is checked apart): no two of them compare equal across types, unlike 1 == True.
_ALIKE_WHEN_EQUAL = frozenset({type(None), str, bool, date, datetime})
#: SQLite's integers: a whole number outside them is refused when bound, so never inlined.
_INT64 = range(-(2**63), 2**63)
#: The page cache (KiB) of a big import: its pages (30 MB at 100,000 tasks) and some room.
ROOMY_CACHE_KIB = 64 * 1024
#: Rows from which an insert gets :data:`ROOMY_CACHE_KIB` (below, the default's 2 MB hold
#: them: 10,000 tasks and their links take about 3 MB).
ROOMY_FROM = 10_000


def insert_rows(
    session: Session, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """Insert ``rows`` (each the values of ``columns``, in that order) into ``table``, storing
    exactly what Core's insert of the same rows as dicts stores."""
    batch = rows if isinstance(rows, list) else list(rows)
    if batch:
        insert_columns(session, table, columns, list(zip(*batch, strict=True)))


def insert_columns(
    session: Session, table: Table, columns: Sequence[str], values: Sequence[Sequence[Any]]
) -> None:
    """:func:`insert_rows` of rows given as columns: ``values[i]`` holds the value of
    ``columns[i]`` of every row (all of one length)."""
    if len(values) != len(columns):
        raise ValueError(f"{len(values)} columns of values for {len(columns)} columns")
    count = len(values[0]) if values else 0
    if any(len(column) != count for column in values):
        raise ValueError(f"columns of {table.name} of different lengths")
    if not count:
        return
    dialect = session.get_bind().dialect
    plan = _plan(table, columns, dialect)
    if plan is None:
        rows = zip(*values, strict=True)
        session.execute(insert(table), [dict(zip(columns, row, strict=True)) for row in rows])
        return
    head, processors, constants = plan
    processed_values: list[Sequence[Any]] = [
        column if processor is None else processed(processor, column)
        for processor, column in zip(processors, values, strict=True)
    ]
    processed_values.extend([constant] * count for constant in constants)
    statement, bound = _statement(head, processed_values, count)
    parameters = list(zip(*bound, strict=True)) if bound else [()] * count
    session.connection().exec_driver_sql(statement, parameters)


@contextmanager
def roomy_page_cache(session: Session, rows: int) -> Iterator[None]:
    """SQLite's page cache of the session's connection raised to :data:`ROOMY_CACHE_KIB`
    while ``rows`` rows (at least :data:`ROOMY_FROM`) are inserted, and set back after.

    With the default 2 MB a big import's pages (30 MB at 100,000 tasks) no longer fit and
    SQLite spills changed pages to the WAL mid-transaction and reads them back for the
    indexes' inserts (measured: 8 % of the inserting). Only the cache's size changes: the
    transaction, its atomic commit and the durability of what it wrote stay as they are."""
    connection = session.connection()
    if rows < ROOMY_FROM or connection.dialect.name != "sqlite":
        yield
        return
    before = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    if not isinstance(before, int) or _kib(before) >= ROOMY_CACHE_KIB:
        yield  # already as large (or not told)
        return
    connection.exec_driver_sql(f"PRAGMA cache_size=-{ROOMY_CACHE_KIB}")
    restore = f"PRAGMA cache_size={int(before)}"
    try:
        yield
    except BaseException:
        with suppress(Exception):  # the import's own error is the one to report
            connection.exec_driver_sql(restore)
        raise
    connection.exec_driver_sql(restore)


def _kib(cache_size: int) -> int:
    """KiB of a ``PRAGMA cache_size`` (negative: KiB; positive: pages, of 4 KiB here)."""
    return -cache_size if cache_size < 0 else cache_size * 4


def processed(processor: Processor, column: Sequence[Any]) -> list[Any]:
    """``[processor(value) for value in column]``, calling ``processor`` once per distinct
    value when the column holds few and equal values are alike (see ``_ALIKE_WHEN_EQUAL``)."""
    if len(column) > 1:
        kinds = set(map(type, column))
        if kinds <= _ALIKE_WHEN_EQUAL:
            distinct = set(column)
            if len(distinct) * 2 <= len(column) and not (
                datetime in kinds and _has_time_zone(distinct)
            ):
                table = {value: processor(value) for value in distinct}
                return list(map(table.__getitem__, column))
    return list(map(processor, column))


def _has_time_zone(values: Iterable[Any]) -> bool:
    """Whether a date-time among ``values`` is aware (equal aware ones may be written apart:
    the same moment in two zones)."""
    return any(isinstance(value, datetime) and value.tzinfo is not None for value in values)


def _statement(
    head: tuple[str, list[str]], values: list[Sequence[Any]], count: int
) -> tuple[str, list[Sequence[Any]]]:
    """The INSERT of ``count`` rows whose columns hold ``values`` (processed), each column
    equal in every row written as its literal, and the columns left to bind."""
    prefix, names = head
    slots: list[str] = []
    bound: list[Sequence[Any]] = []
    for column in values:
        literal = _literal(column) if count > 1 else None
        if literal is None:
            slots.append("?")
            bound.append(column)
        else:
            slots.append(literal)
    return f"{prefix} ({', '.join(names)}) VALUES ({', '.join(slots)})", bound


def _literal(column: Sequence[Any]) -> str | None:
    """The SQL literal of the one value every entry of ``column`` holds, when it is NULL, a
    whole number SQLite keeps as one or ASCII text without NUL; else None (bound)."""
    first = column[0]
    kind = type(first)
    if kind is int:
        if first not in _INT64:
            return None
        literal = str(first)
    elif kind is str:
        if not first.isascii() or "\x00" in first:
            return None
        literal = "'" + first.replace("'", "''") + "'"
    elif first is None:
        literal = "NULL"
    else:
        return None
    if column.count(first) != len(column) or set(map(type, column)) != {kind}:
        return None  # not one value (or equal ones of other types: 1 == True == 1.0)
    return literal


def _plan(
    table: Table, columns: Sequence[str], dialect: Dialect
) -> tuple[tuple[str, list[str]], list[Processor | None], list[Any]] | None:
    """The statement's ``INSERT INTO table`` and quoted column names, the bind processor of
    each given column, and the processed defaults of the other columns (appended to each
    row); None when Core must do it."""
    if dialect.name != "sqlite" or dialect.paramstyle != "qmark":
        return None
    given = set(columns)
    if len(given) != len(columns) or not given <= set(table.columns.keys()):
        raise ValueError(f"columns of {table.name} named twice or unknown: {columns}")
    names = list(columns)
    processors = [_processor(table.c[name], dialect) for name in columns]
    constants = []
    for column in table.columns:
        if column.key in given or column.default is None:
            continue  # given, or NULL / the server's default, as Core leaves it
        default = column.default
        if not isinstance(default, ColumnDefault) or not default.is_scalar:
            return None
        names.append(column.key)
        processor = _processor(column, dialect)
        value = default.arg
        constants.append(value if processor is None else processor(value))
    quote = dialect.identifier_preparer.quote
    prefix = f"INSERT INTO {dialect.identifier_preparer.format_table(table)}"
    return (prefix, [quote(table.c[name].name) for name in names]), processors, constants


def _processor(column: Any, dialect: Dialect) -> Processor | None:
    processor: Processor | None = column.type.dialect_impl(dialect).bind_processor(dialect)
    return processor
