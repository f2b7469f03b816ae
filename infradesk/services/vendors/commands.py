"""Undoable edits of vendors, contacts, scores, contracts, orders, deliveries and budget lines.

Three commands cover every edit of the Vendors tab: set one field, add one record, delete
records. A change that can move a delivery gate (a delivery's dates, status or task, or
deleting deliveries) reschedules the project and announces "tasks" as well as "vendors"; a
change of the task an order pays for or of its invoiced amount (a task's actual cost) announces
"tasks" without rescheduling.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from infradesk.model import Project, PurchaseOrder, Vendor
from infradesk.services.commands import ProjectCommand
from infradesk.services.plan import scheduling
from infradesk.services.snapshot import (
    RowSnapshot,
    delete_rows,
    restore_snapshot,
    table_of,
    take_snapshot,
)
from infradesk.services.vendors.fields import (
    ENTITIES,
    ENTITY_LABELS,
    GATING_FIELDS,
    ORDER_COST_FIELDS,
    VendorEditError,
    owner_of,
    parse_value,
    spec_of,
)

VENDORS = frozenset({"vendors"})
VENDORS_AND_TASKS = frozenset({"vendors", "tasks"})


def _project_of(session: Session, entity: str, record: Any) -> int:
    if entity in ("vendor", "budget"):
        return int(record.project_id)
    vendor = session.get(Vendor, record.vendor_id)
    assert vendor is not None
    return vendor.project_id


def _check_record(entity: str, record: Any) -> None:
    """Rules that involve two fields of one record."""
    if entity == "contract" and record.start and record.end and record.end < record.start:
        raise VendorEditError(
            f"The contract cannot end ({record.end}) before it starts ({record.start})."
        )
    if (
        entity == "order"
        and record.order_date
        and record.due_date
        and record.due_date < record.order_date
    ):
        raise VendorEditError(
            f"The order cannot be due ({record.due_date}) before it is placed "
            f"({record.order_date})."
        )


def _get(session: Session, entity: str, record_id: int) -> Any:
    record = session.get(ENTITIES[entity], record_id)
    if record is None:
        raise VendorEditError(f"That {ENTITY_LABELS[entity]} no longer exists.")
    return record


class EditVendorField(ProjectCommand):
    """Set one field of one record (the value is parsed and validated on apply)."""

    def __init__(
        self, project_id: int, entity: str, record_id: int, field: str, value: Any
    ) -> None:
        spec = spec_of(entity, field)
        self.project_id = project_id
        self.entity = entity
        self.record_id = record_id
        self.field = field
        self.value = value
        self.old_value: Any = None
        self.new_value: Any = None
        self._parsed = False
        self._others: list[int] = []
        self.text = f"Edit {ENTITY_LABELS[entity]} {spec.label.lower()}"

    @property
    def affects(self) -> frozenset[str]:  # type: ignore[override]  # depends on the edit
        cost = self.entity == "order" and self.field in ORDER_COST_FIELDS
        return VENDORS_AND_TASKS if self.reschedules or cost else VENDORS

    @property
    def reschedules(self) -> bool:
        """The edit can move a delivery gate."""
        return self.entity == "deliverable" and self.field in GATING_FIELDS

    def _read(self, record: Any) -> Any:
        if self.field == "notice":
            return (record.notice_months, record.notice_days)
        return getattr(record, self.field)

    def _write(self, session: Session, record: Any, value: Any) -> None:
        if self.field == "notice":
            record.notice_months, record.notice_days = value
        else:
            setattr(record, self.field, value)
        if self.entity == "contact" and self.field == "account_manager" and value:
            # One account manager per vendor: marking one unmarks the others.
            vendor = session.get(Vendor, record.vendor_id)
            assert vendor is not None
            self._others = [c.id for c in vendor.contacts if c.account_manager and c is not record]
            for contact in vendor.contacts:
                if contact is not record:
                    contact.account_manager = False

    def do(self, session: Session) -> None:
        record = _get(session, self.entity, self.record_id)
        if not self._parsed:
            self.new_value = parse_value(
                session, self.entity, self.field, self.value, owner_of(session, self.entity, record)
            )
            self._parsed = True
        self.old_value = self._read(record)
        self._others = []
        self._write(session, record, self.new_value)
        _check_record(self.entity, record)
        session.flush()
        if self.reschedules:
            scheduling.reschedule(session, self.project_id)

    def undo(self, session: Session) -> None:
        record = _get(session, self.entity, self.record_id)
        self._write(session, record, self.old_value)
        if self.entity == "contact" and self.field == "account_manager":
            vendor = session.get(Vendor, record.vendor_id)
            assert vendor is not None
            for contact in vendor.contacts:
                if contact.id in self._others:
                    contact.account_manager = True
        session.flush()
        if self.reschedules:
            scheduling.reschedule(session, self.project_id)


def _defaults(session: Session, entity: str, project_id: int, parent_id: int) -> dict[str, Any]:
    project = session.get(Project, project_id)
    if project is None:
        raise VendorEditError("That project no longer exists.")
    currency = project.currency
    today = date.today()
    if entity == "vendor":
        return {"project_id": project_id, "name": "New vendor", "category": "other"}
    if entity == "budget":
        return {
            "project_id": project_id,
            "category": "other",
            "description": "New budget line",
            "amount": Decimal("0.00"),
            "currency": currency,
        }
    if session.get(Vendor, parent_id) is None:
        raise VendorEditError("That vendor no longer exists.")
    base: dict[str, Any] = {"vendor_id": parent_id}
    if entity == "contact":
        return {**base, "name": "New contact"}
    if entity == "score":
        return {**base, "scored_on": today}
    if entity == "contract":
        return {
            **base,
            "title": "New contract",
            "currency": currency,
            "status": "active",  # starts today; see _contract_status
            "start": today,
        }
    if entity == "order":
        count = len(
            session.scalars(
                select(PurchaseOrder.id).where(PurchaseOrder.vendor_id == parent_id)
            ).all()
        )
        return {
            **base,
            "number": f"PO-{parent_id:03d}-{count + 1:02d}",
            "description": "New order",
            "currency": currency,
            "order_date": today,
            "status": "draft",
        }
    if entity == "deliverable":
        return {
            **base,
            "description": "New delivery",
            "promised": today + timedelta(days=14),
            "status": "planned",
        }
    raise VendorEditError(f"Cannot add a {entity}.")


def _contract_status(record: Any) -> str:
    """A new contract with a start date is active, so its value and notice deadline count at
    once (a "draft" default hid them until the status column, off-screen, was changed); one
    without a start date is a draft."""
    return "active" if record.start is not None else "draft"


class AddVendorRecord(ProjectCommand):
    """Add one record with sensible defaults plus ``values`` (field -> typed text).

    ``parent_id`` is the vendor for contacts, scores, contracts, orders and deliveries; it is
    ignored for vendors and budget lines (they belong to the project). Redo re-creates the
    record with the same id, so later commands on the stack still find it.
    """

    def __init__(
        self,
        project_id: int,
        entity: str,
        parent_id: int | None = None,
        values: dict[str, Any] | None = None,
    ) -> None:
        if entity not in ENTITIES:
            raise VendorEditError(f"Cannot add a {entity}.")
        self.project_id = project_id
        self.entity = entity
        self.parent_id = parent_id
        self.values = dict(values or {})
        self.record_id: int | None = None
        self._row: dict[str, Any] | None = None
        self.text = f"Add {ENTITY_LABELS[entity]}"

    @property
    def affects(self) -> frozenset[str]:  # type: ignore[override]  # depends on the edit
        names_task = self.entity in ("deliverable", "order") and self.values.get("task_id")
        return VENDORS_AND_TASKS if names_task else VENDORS

    @property
    def reschedules(self) -> bool:
        """The new record gates a task."""
        return self.entity == "deliverable" and bool(self.values.get("task_id"))

    def do(self, session: Session) -> None:
        table = table_of(ENTITIES[self.entity])
        if self._row is None:
            row = _defaults(session, self.entity, self.project_id, self.parent_id or 0)
            record: Any = ENTITIES[self.entity](**row)  # fields vary by entity, as in _get
            owner = row.get("vendor_id", self.project_id)
            for field, value in self.values.items():
                parsed = parse_value(session, self.entity, field, value, owner)
                if field == "notice":
                    record.notice_months, record.notice_days = parsed
                else:
                    setattr(record, field, parsed)
            if self.entity == "contract" and "status" not in self.values:
                record.status = _contract_status(record)
            _check_record(self.entity, record)
            session.add(record)
            session.flush()
            self.record_id = record.id
            self._row = {c.name: getattr(record, c.key) for c in table.columns}
        else:
            session.execute(insert(table), [self._row])
            session.expire_all()
        if self.reschedules:
            scheduling.reschedule(session, self.project_id)

    def undo(self, session: Session) -> None:
        assert self.record_id is not None
        table = table_of(ENTITIES[self.entity])
        delete_rows(session, table, {self.record_id})
        if self.reschedules:
            scheduling.reschedule(session, self.project_id)


class DeleteVendorRecords(ProjectCommand):
    """Delete records of one kind with everything that hangs off them; undo restores them
    exactly (same ids, references that were cleared are set again)."""

    def __init__(self, project_id: int, entity: str, record_ids: list[int]) -> None:
        if entity not in ENTITIES:
            raise VendorEditError(f"Cannot delete a {entity}.")
        if not record_ids:
            raise VendorEditError("Nothing is selected.")
        self.project_id = project_id
        self.entity = entity
        self.record_ids = set(record_ids)
        self.snapshot: RowSnapshot | None = None
        label = ENTITY_LABELS[entity]
        count = len(self.record_ids)
        self.text = f"Delete {label}" if count == 1 else f"Delete {count} {label}s"

    @property
    def affects(self) -> frozenset[str]:  # type: ignore[override]  # depends on the edit
        # orders may pay for tasks (actual cost); vendors and deliveries may gate them
        tasks = self.entity in ("vendor", "deliverable", "order")
        return VENDORS_AND_TASKS if tasks else VENDORS

    @property
    def reschedules(self) -> bool:
        """Deleted deliveries (a vendor's too) may have gated tasks."""
        return self.entity in ("vendor", "deliverable")

    def do(self, session: Session) -> None:
        table = table_of(ENTITIES[self.entity])
        for record_id in self.record_ids:
            record = _get(session, self.entity, record_id)
            if _project_of(session, self.entity, record) != self.project_id:
                raise VendorEditError(f"That {ENTITY_LABELS[self.entity]} is in another project.")
        self.snapshot = take_snapshot(session, table, self.record_ids)
        delete_rows(session, table, self.record_ids)
        if self.reschedules:
            scheduling.reschedule(session, self.project_id)

    def undo(self, session: Session) -> None:
        assert self.snapshot is not None
        restore_snapshot(session, self.snapshot)
        if self.reschedules:
            scheduling.reschedule(session, self.project_id)
