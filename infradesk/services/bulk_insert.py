"""Many new rows in one executemany of plain tuples: what ``session.execute(insert(table),
rows)`` stores, without Core's work per row.

Core builds, for every row of an executemany, a dict of its parameters, fills in the
columns' defaults and runs each value's bind processor one row at a time: at an import of
100,000 tasks that is about as long as SQLite's own inserting. Here the statement is the
driver's, the defaults (scalar ones: every model's) are constants added to each row, and
each column's bind processor (the same SQLAlchemy would run) is mapped over the column of
a batch at once. The rows are written inside the session's transaction, on its connection.

Other databases (and a column whose default is computed) go through Core, unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session
from sqlalchemy.schema import ColumnDefault

Processor = Callable[[Any], Any]


def insert_rows(
    session: Session, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """Insert ``rows`` (each the values of ``columns``, in that order) into ``table``, storing
    exactly what Core's insert of the same rows as dicts stores."""
    batch = rows if isinstance(rows, list) else list(rows)
    if not batch:
        return
    dialect = session.get_bind().dialect
    plan = _plan(table, columns, dialect)
    if plan is None:
        session.execute(insert(table), [dict(zip(columns, row, strict=True)) for row in batch])
        return
    statement, processors, constants = plan
    values: list[Iterable[Any]] = []
    for index, processor in enumerate(processors):
        column = [row[index] for row in batch]
        values.append(column if processor is None else map(processor, column))
    if constants:
        count = len(batch)
        values.extend([constant] * count for constant in constants)
    session.connection().exec_driver_sql(statement, list(zip(*values, strict=True)))


def _plan(
    table: Table, columns: Sequence[str], dialect: Dialect
) -> tuple[str, list[Processor | None], list[Any]] | None:
    """The driver's statement, the bind processor of each given column, and the processed
    defaults of the other columns (appended to each row); None when Core must do it."""
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
    statement = (
        f"INSERT INTO {dialect.identifier_preparer.format_table(table)} "
        f"({', '.join(quote(table.c[name].name) for name in names)}) "
        f"VALUES ({', '.join('?' * len(names))})"
    )
    return statement, processors, constants


def _processor(column: Any, dialect: Dialect) -> Processor | None:
    processor: Processor | None = column.type.dialect_impl(dialect).bind_processor(dialect)
    return processor
