"""Generic undoable edits of RAID records: create, edit fields, delete, set links.

Edits of a risk's probability, impact (inherent or residual) or status also append a row to
its history, dated ``on`` (today by default); undo removes that row again.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, ClassVar

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.schema import ColumnDefault

from infradesk.model import Risk, RiskHistory, Task
from infradesk.model.base import Base
from infradesk.services.commands import ProjectCommand
from infradesk.services.risks import scoring as rs
from infradesk.services.risks.fields import Entity, RaidEditError, entity, parse_value
from infradesk.services.snapshot import (
    RowSnapshot,
    delete_rows,
    restore_snapshot,
    table_of,
    take_snapshot,
)

TRACKED_FIELDS = frozenset(
    {"probability", "impact", "residual_probability", "residual_impact", "status"}
)
_NUMBER = re.compile(r"(\d+)$")


def next_code(session: Session, spec: Entity, project_id: int) -> str:
    """The next free code of a log (R-015 after R-014), never reusing a higher one."""
    model: Any = spec.model
    codes = session.scalars(select(model.code).where(model.project_id == project_id))
    highest = 0
    for code in codes:
        match = _NUMBER.search(code or "")
        if match:
            highest = max(highest, int(match.group(1)))
    return f"{spec.prefix}{highest + 1:03d}"


def _rating(name: str, value: Any) -> Any:
    """How a history note shows a value: an inherent rating of 0 is "not scored"."""
    return "not scored" if name in ("probability", "impact") and value == 0 else value


def record_history(session: Session, risk: Risk, on: date, note: str = "") -> RiskHistory:
    entry = RiskHistory(
        risk_id=risk.id,
        changed_on=on,
        probability=risk.probability,
        impact=risk.impact,
        residual_probability=risk.residual_probability,
        residual_impact=risk.residual_impact,
        status=risk.status,
        note=note[:500],
    )
    session.add(entry)
    session.flush()
    return entry


def parse_changes(
    session: Session, key: str, record_id: int | None, raw: dict[str, Any]
) -> dict[str, Any]:
    """Validate every value of ``raw`` for the log ``key``; raise RaidEditError naming the
    first bad field."""
    spec = entity(key)
    record = session.get(spec.model, record_id) if record_id is not None else None

    class _View:  # the record as it will be, for rules across fields
        def __getattr__(self, name: str) -> Any:
            if name in raw:
                return raw[name]
            return getattr(record, name, None) if record is not None else None

    view = _View()
    values = {name: parse_value(spec.field(name), value, view) for name, value in raw.items()}
    project_id = getattr(record, "project_id", None) if record is not None else None
    for name, value in values.items():
        field = spec.field(name)
        if field.kind == "ref" and value is not None:
            target_model = Task if field.choices[0] == "task" else entity(field.choices[0]).model
            target: Any = session.get(target_model, value)
            if target is None or (project_id is not None and target.project_id != project_id):
                raise RaidEditError(f"{field.label}: there is no such {field.label.lower()}.")
    if key == "risk" and "kind" in values and "response" not in values:
        current = getattr(record, "response", "accept")
        if current not in rs.responses_for(values["kind"]):
            values["response"] = "accept"
    return values


class CreateRecord(ProjectCommand):
    """Add one record to a log (a risk, an issue, a response action...)."""

    affects: ClassVar[frozenset[str]] = frozenset({"risks"})

    def __init__(
        self,
        key: str,
        project_id: int,
        values: dict[str, Any],
        parent_id: int | None = None,
        on: date | None = None,
    ) -> None:
        self.spec = entity(key)
        self.project_id = project_id
        self.parent_id = parent_id if parent_id is not None else project_id
        self.raw = dict(values)
        self.on = on
        self.record_id: int | None = None
        self.code = ""
        self.text = f"New {self.spec.singular.lower()}"

    def do(self, session: Session) -> None:
        values = parse_changes(session, self.spec.key, None, self.raw)
        model: Any = self.spec.model
        row = model(**{self.spec.parent: self.parent_id})
        table = table_of(self.spec.model)
        for spec in self.spec.fields:  # the Python-side defaults, before flush
            column = table.c[spec.name]
            if spec.name not in values and isinstance(column.default, ColumnDefault):
                default = column.default.arg
                values[spec.name] = default(None) if callable(default) else default
        if self.spec.prefix:
            self.code = self.code or next_code(session, self.spec, self.project_id)
            row.code = self.code
        if self.record_id is not None:
            row.id = self.record_id
        if self.spec.key == "action":
            values.setdefault(
                "position",
                (
                    session.scalar(
                        select(func.max(model.position)).where(model.risk_id == self.parent_id)
                    )
                    or 0
                )
                + 1,
            )
        if self.spec.key in ("risk", "issue") and values.get("raised") is None:
            values["raised"] = self.on or date.today()
        for name, value in values.items():
            setattr(row, name, value)
        session.add(row)
        session.flush()
        self.record_id = row.id
        if self.spec.key == "risk":
            record_history(session, row, self.on or row.raised or date.today(), "raised")

    def undo(self, session: Session) -> None:
        assert self.record_id is not None
        delete_rows(session, table_of(self.spec.model), {self.record_id})


class EditRecord(ProjectCommand):
    """Set one or more fields of one record (one undo step)."""

    affects: ClassVar[frozenset[str]] = frozenset({"risks"})

    def __init__(
        self,
        key: str,
        project_id: int,
        record_id: int,
        changes: dict[str, Any],
        on: date | None = None,
    ) -> None:
        self.spec = entity(key)
        self.project_id = project_id
        self.record_id = record_id
        self.raw = dict(changes)
        self.on = on
        self.old: dict[str, Any] = {}
        self.history_id: int | None = None
        if len(changes) == 1:
            name = next(iter(changes))
            self.text = f"Edit {self.spec.field(name).label.lower()}"
        else:
            self.text = f"Edit {self.spec.singular.lower()}"

    def do(self, session: Session) -> None:
        record = session.get(self.spec.model, self.record_id)
        if record is None:
            raise RaidEditError(f"That {self.spec.singular.lower()} no longer exists.")
        values = parse_changes(session, self.spec.key, self.record_id, self.raw)
        self.old = {name: getattr(record, name) for name in values}
        for name, value in values.items():
            setattr(record, name, value)
        session.flush()
        changed = {n for n in values if values[n] != self.old[n]}
        if self.spec.key == "risk" and changed & TRACKED_FIELDS:
            note = ", ".join(
                f"{self.spec.field(n).label.lower()} {_rating(n, self.old[n])} → "
                f"{_rating(n, values[n])}"
                for n in sorted(changed & TRACKED_FIELDS)
            )
            assert isinstance(record, Risk)
            self.history_id = record_history(session, record, self.on or date.today(), note).id

    def undo(self, session: Session) -> None:
        record = session.get(self.spec.model, self.record_id)
        assert record is not None
        for name, value in self.old.items():
            setattr(record, name, value)
        if self.history_id is not None:
            session.execute(delete(RiskHistory).where(RiskHistory.id == self.history_id))
            self.history_id = None
        session.flush()


class DeleteRecords(ProjectCommand):
    """Delete records of one log with everything hanging off them (undo restores all)."""

    affects: ClassVar[frozenset[str]] = frozenset({"risks"})

    def __init__(self, key: str, project_id: int, record_ids: set[int]) -> None:
        self.spec = entity(key)
        self.project_id = project_id
        self.record_ids = set(record_ids)
        self.snapshot: RowSnapshot | None = None
        name = self.spec.singular if len(record_ids) == 1 else self.spec.plural
        self.text = f"Delete {len(record_ids)} {name.lower()}"

    def do(self, session: Session) -> None:
        table = table_of(self.spec.model)
        self.snapshot = take_snapshot(session, table, self.record_ids)
        delete_rows(session, table, self.record_ids)

    def undo(self, session: Session) -> None:
        assert self.snapshot is not None
        restore_snapshot(session, self.snapshot)


class SetLinks(ProjectCommand):
    """Replace the links of one record (a risk's tasks, a change's risks...).

    Links that stay keep their rows; only the removed ones are deleted and only the added ones
    inserted. Undo deletes exactly the inserted rows and puts the deleted ones back with their
    ids, and redo re-inserts the added rows with the ids they got the first time, so every
    other command on the undo stack still finds the rows it remembers.
    """

    affects: ClassVar[frozenset[str]] = frozenset({"risks", "tasks"})

    def __init__(
        self,
        link_model: type[Base],
        owner_column: str,
        owner_id: int,
        other_column: str,
        other_ids: set[int],
        project_id: int,
        text: str = "Edit links",
    ) -> None:
        self.table = table_of(link_model)
        self.owner_column = owner_column
        self.owner_id = owner_id
        self.other_column = other_column
        self.new_ids = set(other_ids)
        self.old_ids: set[int] = set()
        self.removed: list[dict[str, Any]] = []  # rows deleted by do(), with their ids
        self.added: list[dict[str, Any]] = []  # rows inserted by do(), ids known after the first
        self.project_id = project_id
        self.text = text

    def do(self, session: Session) -> None:
        table = self.table
        rows = [
            dict(r)
            for r in session.execute(
                select(table).where(table.c[self.owner_column] == self.owner_id)
            ).mappings()
        ]
        self.old_ids = {r[self.other_column] for r in rows}
        self.removed = [r for r in rows if r[self.other_column] not in self.new_ids]
        if self.removed:
            session.execute(delete(table).where(table.c.id.in_([r["id"] for r in self.removed])))
        if not self.added:
            self.added = [
                {"owner": self.owner_id, "other": i} for i in sorted(self.new_ids - self.old_ids)
            ]
            for row in self.added:
                values = {self.owner_column: row.pop("owner"), self.other_column: row.pop("other")}
                new_id = session.execute(
                    insert(table).values(values).returning(table.c.id)
                ).scalar_one()
                row.update(values, id=new_id)
        elif self.added:
            session.execute(insert(table), self.added)
        session.expire_all()

    def undo(self, session: Session) -> None:
        table = self.table
        if self.added:
            session.execute(delete(table).where(table.c.id.in_([r["id"] for r in self.added])))
        if self.removed:
            session.execute(insert(table), self.removed)
        session.expire_all()
