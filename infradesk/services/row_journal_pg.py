"""The row journal on PostgreSQL (see :mod:`infradesk.services.row_journal`).

PostgreSQL has no temporary triggers, so the workspace's owner installs one trigger function
and a trigger per table when the schema is created (:mod:`infradesk.store.journal_ddl`). The
function does nothing unless the transaction switched the journal on (``infradesk.journal``), which
only a command does: reads, imports of a new workspace and the audit pay nothing. It writes
into a temporary table of the connection, one JSON image per row (``to_jsonb``), so a row's
image and the row read now (also ``to_jsonb``) compare exactly, and a row is written back
from its image by ``jsonb_populate_record`` with every column's own type.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Table, event, text
from sqlalchemy.orm import Session

from infradesk.store.journal_ddl import TEMP_TABLE

_READY = "infradesk.journal_ready"  # connection.info key: the temp table exists

Key = tuple[str, int]


def start(session: Session) -> None:
    """Journal this transaction's row changes from now on, from an empty journal."""
    connection = session.connection()
    info = connection.connection.info
    if not info.get(_READY):
        connection.exec_driver_sql(
            f"CREATE TEMP TABLE IF NOT EXISTS {TEMP_TABLE} (tbl text NOT NULL, id bigint NOT NULL, "
            "existed boolean NOT NULL, image jsonb, PRIMARY KEY (tbl, id)) "
            "ON COMMIT DELETE ROWS"
        )

        # the table is there for the connection's next transactions only once this one
        # commits: a refused command rolls its creation back
        def _created(_session: Session) -> None:
            info[_READY] = True

        event.listen(session, "after_commit", _created, once=True)
    connection.exec_driver_sql(f"DELETE FROM pg_temp.{TEMP_TABLE}")
    connection.exec_driver_sql("SELECT set_config('infradesk.journal', 'on', true)")


def journaled(session: Session) -> list[tuple[str, int, bool, dict[str, Any] | None]]:
    """Every journaled row: table, id, whether it existed before, its image then."""
    rows = session.connection().exec_driver_sql(
        f"SELECT tbl, id, existed, image FROM pg_temp.{TEMP_TABLE}"
    )
    return [(tbl, int(row_id), bool(existed), image) for tbl, row_id, existed, image in rows]


def current(session: Session, table: Table, ids: list[int]) -> Iterable[dict[str, Any]]:
    """The rows ``ids`` of ``table`` as they are now, as JSON images."""
    return session.execute(
        text(f'SELECT to_jsonb(t) FROM "{table.name}" t WHERE t.id = ANY(:ids)'),
        {"ids": ids},
    ).scalars()


def update(session: Session, table: Table, row_id: int, values: Mapping[str, Any]) -> None:
    """Set columns of one row from image values (each cast to its column's type by
    PostgreSQL) and count a new version of the row."""
    names = list(values)
    targets = ", ".join(f'"{n}"' for n in [*names, "version"])
    sources = ", ".join([*(f'r."{n}"' for n in names), "t.version + 1"])
    session.execute(
        text(
            f'UPDATE "{table.name}" t SET ({targets}) = ROW({sources}) '
            f'FROM jsonb_populate_record(NULL::"{table.name}", CAST(:image AS jsonb)) r '
            "WHERE t.id = :id"
        ),
        {"image": json.dumps(dict(values)), "id": row_id},
    )


def insert(session: Session, table: Table, image: Mapping[str, Any]) -> None:
    """Insert one row exactly as its image (same id)."""
    session.execute(
        text(
            f'INSERT INTO "{table.name}" '
            f'SELECT * FROM jsonb_populate_record(NULL::"{table.name}", CAST(:image AS jsonb))'
        ),
        {"image": json.dumps(dict(image))},
    )


def defer_foreign_keys(session: Session) -> None:
    """Check foreign keys at commit (they are created DEFERRABLE on PostgreSQL)."""
    session.connection().exec_driver_sql("SET CONSTRAINTS ALL DEFERRED")
