"""Whole columns of a big read (every task of a 100,000-task plan) at the driver's speed.

A Core ``select(...).all()`` makes a Row per result row and runs each value through its
type's processor one row at a time: at 100,000 rows that costs more than SQLite's own work.
Here, on SQLite, the statement runs on the connection's DBAPI cursor (in the same
transaction), the rows are turned into columns by ``zip`` and each distinct value of a column
is converted with the same processor as Core's, once: C loops only, and values equal to those
the Core select gives.
Other databases (a team workspace) read through Core as usual."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Select


def read_columns(
    connection: Connection, statement: Select[*tuple[Any, ...]]
) -> list[list[Any]]:
    """The statement's result as one list per selected column (in the select's order)."""
    width = len(statement.selected_columns)
    dialect = connection.dialect
    compiled = statement.compile(dialect=dialect)
    names = compiled.positiontup
    binds = compiled.binds
    plain = (
        dialect.name == "sqlite"
        and names is not None
        and not any(bind.expanding or bind.literal_execute for bind in binds.values())
    )
    if not plain or names is None:
        rows = connection.execute(statement).all()
        return [list(column) for column in zip(*rows, strict=True)] if rows else _empty(width)
    params = compiled.construct_params()
    args = []
    for name in names:
        value = params[name]
        process = binds[name].type.dialect_impl(dialect).bind_processor(dialect)
        args.append(process(value) if process is not None else value)
    cursor = connection.connection.cursor()
    try:
        cursor.execute(compiled.string, args)
        rows = cursor.fetchall()
    finally:
        cursor.close()
    if not rows:
        return _empty(width)
    columns: list[list[Any]] = []
    # each column as a tuple, made a list once: converted or copied as it is
    for values, column in zip(zip(*rows, strict=True), statement.selected_columns, strict=True):
        convert = column.type.dialect_impl(dialect).result_processor(dialect, None)
        if convert is None:
            columns.append(list(values))
        else:
            # each distinct stored value converted once (many tasks share a date or a cost);
            # equal values then share one immutable object
            converted = {value: convert(value) for value in set(values)}
            columns.append(list(map(converted.__getitem__, values)))
    return columns


def _empty(width: int) -> list[list[Any]]:
    return [[] for _ in range(width)]
