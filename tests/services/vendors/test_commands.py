"""Every edit of the Vendors tab is a command that validates, applies and undoes exactly."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from infradesk.model import (
    BudgetLine,
    Contact,
    Contract,
    Deliverable,
    PurchaseOrder,
    Vendor,
    VendorScore,
)
from infradesk.services.vendors.commands import (
    AddVendorRecord,
    DeleteVendorRecords,
    EditVendorField,
)
from infradesk.services.vendors.fields import VendorEditError


def _one(session, model, **where):
    query = select(model)
    for key, value in where.items():
        query = query.where(getattr(model, key) == value)
    return session.scalars(query).one()


def _count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize(
    ("model", "entity", "where", "field", "typed", "stored"),
    [
        (Vendor, "vendor", {"name": "NetSource"}, "category", "Cloud", "cloud"),
        (
            Vendor,
            "vendor",
            {"name": "NetSource"},
            "website",
            " https://x.example ",
            "https://x.example",
        ),
        (Contact, "contact", {"name": "Max"}, "email", "max@ns.example", "max@ns.example"),
        (VendorScore, "score", {"note": "slow"}, "quality", "5", 5),
        (Contract, "contract", {"number": "FA-1"}, "value", "120.000,00", Decimal("120000.00")),
        (Contract, "contract", {"number": "FA-1"}, "end", "2026-09-30", date(2026, 9, 30)),
        (Contract, "contract", {"number": "FA-1"}, "sla_availability", "99.9%", Decimal("99.900")),
        (Contract, "contract", {"number": "FA-1"}, "renewal", "by agreement", "by agreement"),
        (PurchaseOrder, "order", {"number": "PO-1"}, "paid", "40000.05", Decimal("40000.05")),
        (PurchaseOrder, "order", {"number": "PO-1"}, "status", "Invoiced", "invoiced"),
        (PurchaseOrder, "order", {"number": "PO-1"}, "currency", "usd", "USD"),
        (Deliverable, "deliverable", {"description": "Optics"}, "quantity", "48", 48),
        (Deliverable, "deliverable", {"description": "Optics"}, "actual", "", None),
        (BudgetLine, "budget", {"description": "Install"}, "amount", "25000", Decimal("25000.00")),
    ],
)
def test_edit_and_undo(
    workspace, vendor_project, model, entity, where, field, typed, stored
) -> None:
    with workspace.session() as session:
        record = _one(session, model, **where)
        record_id, before = record.id, getattr(record, field)
    command = EditVendorField(vendor_project, entity, record_id, field, typed)
    command.apply(workspace)
    with workspace.session() as session:
        assert getattr(session.get(model, record_id), field) == stored
    command.revert(workspace)
    with workspace.session() as session:
        assert getattr(session.get(model, record_id), field) == before
    command.apply(workspace)  # redo
    with workspace.session() as session:
        assert getattr(session.get(model, record_id), field) == stored


def test_notice_period_is_one_edit_of_two_columns(workspace, vendor_project) -> None:
    with workspace.session() as session:
        contract_id = _one(session, Contract, number="FA-1").id
    command = EditVendorField(vendor_project, "contract", contract_id, "notice", "90 days")
    command.apply(workspace)
    with workspace.session() as session:
        contract = session.get(Contract, contract_id)
        assert (contract.notice_months, contract.notice_days) == (0, 90)
    command.revert(workspace)
    with workspace.session() as session:
        contract = session.get(Contract, contract_id)
        assert (contract.notice_months, contract.notice_days) == (3, 0)


@pytest.mark.parametrize(
    ("model", "entity", "where", "field", "typed", "message"),
    [
        (Vendor, "vendor", {"name": "NetSource"}, "name", "  ", "cannot be empty"),
        (Vendor, "vendor", {"name": "NetSource"}, "category", "food", "must be one of"),
        (Contact, "contact", {"name": "Max"}, "email", "max at home", "not an e-mail"),
        (VendorScore, "score", {"note": "slow"}, "quality", "6", "between 1 and 5"),
        (Contract, "contract", {"number": "FA-1"}, "end", "2025-12-31", "cannot end"),
        (Contract, "contract", {"number": "FA-1"}, "start", "31/02/2026", "not a date"),
        (Contract, "contract", {"number": "FA-1"}, "notice", "soon", "not a notice period"),
        (Contract, "contract", {"number": "FA-1"}, "sla_availability", "101", "between 0"),
        (PurchaseOrder, "order", {"number": "PO-1"}, "amount", "-1", "cannot be negative"),
        (PurchaseOrder, "order", {"number": "PO-1"}, "due_date", "2026-03-01", "before it is"),
        (PurchaseOrder, "order", {"number": "PO-1"}, "currency", "euro", "currency code"),
        (Deliverable, "deliverable", {"description": "Optics"}, "quantity", "0", "between 1"),
        (Deliverable, "deliverable", {"description": "Optics"}, "task_id", 99999, "no longer"),
    ],
)
def test_invalid_edits_are_refused_and_change_nothing(
    workspace, vendor_project, model, entity, where, field, typed, message
) -> None:
    with workspace.session() as session:
        record = _one(session, model, **where)
        record_id = record.id
        before = {c.key: getattr(record, c.key) for c in model.__mapper__.column_attrs}
    with pytest.raises(VendorEditError, match=message):
        EditVendorField(vendor_project, entity, record_id, field, typed).apply(workspace)
    with workspace.session() as session:
        record = session.get(model, record_id)
        assert {c.key: getattr(record, c.key) for c in model.__mapper__.column_attrs} == before


def test_references_stay_inside_the_vendor(workspace, vendor_project) -> None:
    other = AddVendorRecord(vendor_project, "vendor", values={"name": "Other"})
    other.apply(workspace)
    contract = AddVendorRecord(vendor_project, "contract", other.record_id, {"number": "X-1"})
    contract.apply(workspace)
    with workspace.session() as session:
        order_id = _one(session, PurchaseOrder, number="PO-1").id
    with pytest.raises(VendorEditError, match="this vendor"):
        EditVendorField(vendor_project, "order", order_id, "contract_id", contract.record_id).apply(
            workspace
        )


def test_one_account_manager_per_vendor(workspace, vendor_project) -> None:
    with workspace.session() as session:
        max_id = _one(session, Contact, name="Max").id
        jo_id = _one(session, Contact, name="Jo").id
    command = EditVendorField(vendor_project, "contact", max_id, "account_manager", True)
    command.apply(workspace)
    with workspace.session() as session:
        assert session.get(Contact, max_id).account_manager
        assert not session.get(Contact, jo_id).account_manager
    command.revert(workspace)
    with workspace.session() as session:
        assert not session.get(Contact, max_id).account_manager
        assert session.get(Contact, jo_id).account_manager


@pytest.mark.parametrize("entity", ["contact", "score", "contract", "order", "deliverable"])
def test_add_undo_redo_keeps_the_id(workspace, vendor_project, entity) -> None:
    from infradesk.services.vendors.fields import ENTITIES

    model = ENTITIES[entity]
    with workspace.session() as session:
        vendor_id = _one(session, Vendor, name="NetSource").id
        before = _count(session, model)
    command = AddVendorRecord(vendor_project, entity, vendor_id)
    command.apply(workspace)
    first_id = command.record_id
    with workspace.session() as session:
        assert _count(session, model) == before + 1
    command.revert(workspace)
    with workspace.session() as session:
        assert _count(session, model) == before
    command.apply(workspace)
    with workspace.session() as session:
        assert session.get(model, first_id) is not None


def test_add_with_invalid_values_adds_nothing(workspace, vendor_project) -> None:
    with workspace.session() as session:
        vendor_id = _one(session, Vendor, name="NetSource").id
        before = _count(session, Contract)
    with pytest.raises(VendorEditError):
        AddVendorRecord(
            vendor_project, "contract", vendor_id, {"start": "2026-05-01", "end": "2026-04-01"}
        ).apply(workspace)
    with workspace.session() as session:
        assert _count(session, Contract) == before


def test_delete_vendor_and_undo_restores_everything(workspace, vendor_project) -> None:
    def state() -> dict[str, object]:
        with workspace.session() as session:
            return {
                model.__tablename__: sorted(
                    tuple(getattr(r, c.key) for c in model.__mapper__.column_attrs)
                    for r in session.scalars(select(model))
                )
                for model in (Vendor, Contact, VendorScore, Contract, PurchaseOrder, Deliverable)
            }

    before = state()
    with workspace.session() as session:
        vendor_id = _one(session, Vendor, name="NetSource").id
    command = DeleteVendorRecords(vendor_project, "vendor", [vendor_id])
    command.apply(workspace)
    with workspace.session() as session:
        assert _count(session, Deliverable) == 0
        assert _count(session, PurchaseOrder) == 0
    command.revert(workspace)
    assert state() == before


def test_delete_budget_line_clears_and_restores_order_references(workspace, vendor_project) -> None:
    with workspace.session() as session:
        line_id = _one(session, BudgetLine, description="Switches").id
        order_id = _one(session, PurchaseOrder, number="PO-1").id
    command = DeleteVendorRecords(vendor_project, "budget", [line_id])
    command.apply(workspace)
    with workspace.session() as session:
        assert session.get(PurchaseOrder, order_id).budget_line_id is None
    command.revert(workspace)
    with workspace.session() as session:
        assert session.get(PurchaseOrder, order_id).budget_line_id == line_id


def test_delete_refuses_records_of_another_project(workspace, vendor_project) -> None:
    from infradesk.services.documents.io import import_document

    from .conftest import vendor_document

    with workspace.session() as session:
        other_project = import_document(session, vendor_document(), "Second")[0]
        vendor_id = session.scalars(
            select(Vendor.id).where(Vendor.project_id == other_project)
        ).first()
    with pytest.raises(VendorEditError, match="another project"):
        DeleteVendorRecords(vendor_project, "vendor", [vendor_id]).apply(workspace)


def test_an_order_names_the_task_it_pays_for(workspace, vendor_project) -> None:
    """The order's task is edited like its other fields; the edit (and one of the invoiced
    amount) announces "tasks": the task's actual cost shown in the Gantt changes."""
    from infradesk.model import Project, Task
    from infradesk.services.plan.outline import invoiced_by_task

    with workspace.session() as session:
        order = _one(session, PurchaseOrder, number="PO-1")
        order_id, invoiced = order.id, order.invoiced
        task_id = session.scalars(
            select(Task.id).where(Task.project_id == vendor_project).order_by(Task.id)
        ).first()
        other = Project(name="Elsewhere", start=date(2026, 1, 5))
        session.add(other)
        session.flush()
        foreign = Task(project_id=other.id, name="Not ours")
        session.add(foreign)
        session.flush()
        foreign_id = foreign.id
    command = EditVendorField(vendor_project, "order", order_id, "task_id", task_id)
    changes = command.apply(workspace)
    assert changes.touches("tasks") and changes.touches("vendors")
    with workspace.session() as session:
        assert invoiced_by_task(session, vendor_project) == {task_id: invoiced}
    command.revert(workspace)
    with workspace.session() as session:
        assert session.get(PurchaseOrder, order_id).task_id is None
    with pytest.raises(VendorEditError, match="Pays for task: choose one of this"):
        EditVendorField(vendor_project, "order", order_id, "task_id", foreign_id).apply(workspace)
    assert EditVendorField(vendor_project, "order", order_id, "invoiced", "10").apply(
        workspace
    ).touches("tasks")
    added = AddVendorRecord(
        vendor_project, "order", order.vendor_id, {"number": "PO-9", "task_id": task_id}
    )
    assert added.apply(workspace).touches("tasks")
