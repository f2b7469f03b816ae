"""Who did what: the audit of every command applied, undone or redone (``model/audit.py``).

Each pass of a command records, in its own transaction, one entry (user, time, command,
action, project, how many rows it wrote and how many the scheduler moved) and the rows whose
own content it wrote. The History panel reads a record's entries; the whole audit of a
project exports to a spreadsheet or CSV.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import cast

from sqlalchemy import Select, Table, insert, select
from sqlalchemy.orm import Session

from infradesk.errors import UserError
from infradesk.model import AuditEntry, AuditRow
from infradesk.services.row_journal import Key
from infradesk.store.workspace import Workspace

# the audit's tables, written with Core inserts: every command writes one entry, and an ORM
# insert costs tens of milliseconds to compile the first time and more per call after
_ENTRIES = cast(Table, AuditEntry.__table__)  # declared as a FromClause by the ORM
_ROWS = cast(Table, AuditRow.__table__)


@dataclass(frozen=True)
class HistoryEntry:
    """One line of a record's (or a project's) history."""

    entry_id: int
    at: datetime  # local time, aware
    user_name: str
    command: str
    action: str
    project_id: int | None
    rows_touched: int
    rows_rescheduled: int

    @property
    def what(self) -> str:
        """The command as the panel shows it: ``Undo: Set duration``."""
        return self.command if self.action == "do" else f"{self.action.title()}: {self.command}"


def utc_now() -> datetime:
    """The audit's clock: UTC, stored without a zone."""
    return datetime.now(UTC).replace(tzinfo=None)


def local_time(stored: datetime) -> datetime:
    """A stored UTC time in the user's own zone."""
    return stored.replace(tzinfo=UTC).astimezone()


def record(
    session: Session,
    workspace: Workspace,
    command: str,
    action: str,
    project_id: int | None,
    own: list[Key],
    rescheduled: int,
) -> int:
    """Write one audit entry (and its rows) in the command's transaction; its id."""
    entry_id = session.execute(
        insert(_ENTRIES)
        .values(
            at=utc_now(),
            user_name=workspace.user_name[:200],
            client_id=workspace.client_id,
            command=command,
            action=action,
            project_id=project_id,
            rows_touched=len(own),
            rows_rescheduled=rescheduled,
        )
        .returning(_ENTRIES.c.id)
    ).scalar_one()
    if own:
        session.execute(
            insert(_ROWS),
            [{"entry_id": entry_id, "table_name": n, "row_id": i} for n, i in own],
        )
    return int(entry_id)


def _entries(rows: Iterable[AuditEntry]) -> list[HistoryEntry]:
    return [
        HistoryEntry(
            e.id,
            local_time(e.at),
            e.user_name,
            e.command,
            e.action,
            e.project_id,
            e.rows_touched,
            e.rows_rescheduled,
        )
        for e in rows
    ]


def _entries_of(key: Key) -> Select[AuditEntry]:
    """The entries that wrote the row ``key``, newest first."""
    return (
        select(AuditEntry)
        .join(AuditRow, AuditRow.entry_id == AuditEntry.id)
        .where(AuditRow.table_name == key[0], AuditRow.row_id == key[1])
        .order_by(AuditEntry.id.desc())
    )


def last_change(session: Session, key: Key, other_than: str = "") -> HistoryEntry | None:
    """The latest entry that wrote the row ``key``, by another client than ``other_than``;
    None when the audit has none."""
    query = _entries_of(key).where(AuditEntry.client_id != other_than).limit(1)
    found = session.scalars(query).first()
    return _entries([found])[0] if found is not None else None


def history(workspace: Workspace, table: str, row_id: int, limit: int = 500) -> list[HistoryEntry]:
    """Who changed one record (a task, risk, vendor...), newest first."""
    with workspace.read_session() as session:
        return _entries(session.scalars(_entries_of((table, row_id)).limit(limit)))


def project_history(workspace: Workspace, project_id: int | None) -> list[HistoryEntry]:
    """Every entry of a project (None: the whole workspace), newest first."""
    with workspace.read_session() as session:
        query = select(AuditEntry).order_by(AuditEntry.id.desc())
        if project_id is not None:
            query = query.where(AuditEntry.project_id == project_id)
        return _entries(session.scalars(query))


_HEADERS = ("Time", "User", "Action", "Command", "Project", "Rows written", "Rows rescheduled")


def _row(entry: HistoryEntry) -> tuple[object, ...]:
    return (
        entry.at.replace(tzinfo=None, microsecond=0),
        entry.user_name,
        entry.action,
        entry.command,
        entry.project_id,
        entry.rows_touched,
        entry.rows_rescheduled,
    )


def export_history(entries: list[HistoryEntry], path: str | Path) -> Path:
    """Write entries to ``path``: an Excel workbook (.xlsx) or CSV (.csv)."""
    target = Path(path).expanduser()
    suffix = target.suffix.lower()
    try:
        if suffix == ".csv":
            with target.open("w", newline="", encoding="utf-8") as out:
                writer = csv.writer(out)
                writer.writerow(_HEADERS)
                for entry in entries:
                    writer.writerow((entry.at.strftime("%Y-%m-%d %H:%M:%S"), *_row(entry)[1:]))
            return target
        if suffix != ".xlsx":
            raise UserError(
                f"Cannot export the history as '{suffix or target.name}': use .xlsx or .csv."
            )
        # lazy: openpyxl is only needed when a history is exported to Excel
        from openpyxl import Workbook

        # the file is opened first: a write-only workbook whose save failed (a missing
        # folder) would leave its row writer open
        with target.open("wb") as out:
            book = Workbook(write_only=True)
            sheet = book.create_sheet("History")
            sheet.append(list(_HEADERS))
            for entry in entries:
                sheet.append(list(_row(entry)))
            book.save(out)
    except OSError as error:
        raise UserError(f"Cannot write {target}: {error.strerror or error}.") from error
    return target
