"""Copy a whole workspace between a file and a team server, either way (``infradesk copy``).

Every row is copied as it is: same ids, same version counters, the audit too; the target's
id sequences (PostgreSQL) continue after the copied ids. The target must be new: a file that
does not exist yet, or an empty database (a server workspace with no project is taken as
empty, its set-up rows replaced). One transaction writes the target: a failed copy leaves
nothing behind in a database, and no file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, func, select, text

from infradesk.model.base import Base
from infradesk.store.inspection import WorkspaceError
from infradesk.store.location import is_server_url
from infradesk.store.workspace import Workspace

_CHUNK = 2000
Progress = Callable[[str, int], None]  # table name, rows copied so far in it


def copy_workspace(
    source: Workspace, target: str | Path, progress: Progress | None = None
) -> dict[str, int]:
    """Copy ``source`` into a new workspace at ``target`` (a path or a ``postgresql://``
    URL); return the rows copied per table. Raises WorkspaceError, the target untouched."""
    destination = str(target)
    if is_server_url(destination):
        opened = Workspace.open_location(destination)
    else:
        path = Path(destination).expanduser()
        if path.exists():
            raise WorkspaceError(f"{path} already exists; copy to a new file.")
        opened = Workspace.create(path)
    try:
        if opened.read_only:
            raise WorkspaceError(f"Your login may not write {opened.title}.")
        counts = _copy_rows(source, opened, progress)
    except BaseException:
        opened.close()
        if not opened.is_server:
            opened.path.unlink(missing_ok=True)
        raise
    opened.close()
    return counts


def _copy_rows(source: Workspace, target: Workspace, progress: Progress | None) -> dict[str, int]:
    tables = list(Base.metadata.sorted_tables)
    counts: dict[str, int] = {}
    with target.engine.begin() as out:
        if target.is_server:
            projects = out.execute(
                select(func.count()).select_from(Base.metadata.tables["project"])
            )
            if projects.scalar_one():
                raise WorkspaceError(
                    f"{target.title} already holds projects; copy into an empty database."
                )
            out.exec_driver_sql("SET CONSTRAINTS ALL DEFERRED")
        else:
            out.exec_driver_sql("PRAGMA defer_foreign_keys=ON")
        for table in reversed(tables):  # the new target's set-up rows make way for ours
            out.execute(table.delete())
        with source.read_session() as session:
            reading = session.connection()
            for table in tables:
                counts[table.name] = _copy_table(reading, out, table, progress)
        if target.is_server:
            for table in tables:
                _continue_ids(out, table)
    return counts


def _copy_table(
    reading: Connection, out: Connection, table: Table, progress: Progress | None
) -> int:
    copied = 0
    result = reading.execution_options(yield_per=_CHUNK).execute(
        select(table).order_by(*table.primary_key.columns)
    )
    for rows in result.mappings().partitions(_CHUNK):
        batch: list[dict[str, Any]] = [dict(row) for row in rows]
        out.execute(table.insert(), batch)
        copied += len(batch)
        if progress is not None:
            progress(table.name, copied)
    return copied


def _continue_ids(out: Connection, table: Table) -> None:
    """Make PostgreSQL's id sequence of ``table`` hand out ids after the copied ones."""
    if "id" not in table.c or not table.c.id.autoincrement:
        return
    out.execute(
        text(
            f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
            f'coalesce((SELECT max(id) FROM "{table.name}"), 0) + 1, false)'
        )
    )
