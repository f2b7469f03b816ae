"""Vendors (contacts, scores, contracts, orders, deliveries) and budget lines <-> the
interchange document (docs/json-format.md, section "Vendors").

Contracts, orders and budget lines carry an ``id`` unique within the project document; orders
refer to their contract and budget line, deliveries to their order, by that id (and to tasks by
task id). Money is written as decimal strings, never floats.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from infradesk.interchange.isodates import date_to_iso, iso_to_date
from infradesk.model import (
    BudgetLine,
    Contact,
    Contract,
    Deliverable,
    Project,
    PurchaseOrder,
    Vendor,
    VendorScore,
)
from infradesk.services.documents.plan import DocumentError
from infradesk.services.vendors.dates import notice_deadline
from infradesk.services.vendors.fields import (
    BUDGET_CATEGORIES,
    CONTRACT_STATUSES,
    CONTRACT_TYPES,
    DELIVERY_STATUSES,
    ORDER_STATUSES,
    RENEWALS,
    SCORE_CRITERIA,
    VENDOR_CATEGORIES,
)
from infradesk.services.vendors.queries import load_vendors


def _money_text(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def export_vendors(session: Session, project: Project, task_ids: dict[int, int]) -> dict[str, Any]:
    """Document parts for vendors: ``{"vendors": [...], "budget": [...]}``.

    ``task_ids`` maps database task ids to the document's task ids. ``notice_deadline`` of a
    contract and ``late`` of a delivery are computed on export only (readers ignore them).
    """
    from datetime import date

    today = date.today()
    lines = list(
        session.scalars(
            select(BudgetLine).where(BudgetLine.project_id == project.id).order_by(BudgetLine.id)
        )
    )
    budget_ids = {line.id: index + 1 for index, line in enumerate(lines)}
    vendors = load_vendors(session, project.id)
    contract_ids: dict[int, int] = {}
    order_ids: dict[int, int] = {}
    for vendor in vendors:
        for c in vendor.contracts:
            contract_ids[c.id] = len(contract_ids) + 1
        for o in vendor.orders:
            order_ids[o.id] = len(order_ids) + 1
    documents = []
    for vendor in vendors:
        documents.append(
            {
                "name": vendor.name,
                "category": vendor.category,
                "account_number": vendor.account_number,
                "website": vendor.website,
                "notes": vendor.notes,
                "contacts": [
                    {
                        "name": c.name,
                        "role": c.role,
                        "email": c.email,
                        "phone": c.phone,
                        "account_manager": c.account_manager,
                    }
                    for c in vendor.contacts
                ],
                "scores": [
                    {
                        "date": date_to_iso(s.scored_on),
                        **{name: getattr(s, name) for name in SCORE_CRITERIA},
                        "note": s.note,
                    }
                    for s in vendor.scores
                ],
                "contracts": [
                    {
                        "id": contract_ids[c.id],
                        "number": c.number,
                        "title": c.title,
                        "type": c.contract_type,
                        "value": _money_text(c.value),
                        "currency": c.currency,
                        "start": date_to_iso(c.start),
                        "end": date_to_iso(c.end),
                        "notice_months": c.notice_months,
                        "notice_days": c.notice_days,
                        "renewal": c.renewal,
                        "sla": {
                            "availability": None
                            if c.sla_availability is None
                            else str(c.sla_availability.normalize()),
                            "response": c.sla_response,
                            "resolution": c.sla_resolution,
                        },
                        "status": c.status,
                        "document": c.document_path,
                        "notice_deadline": date_to_iso(
                            notice_deadline(c.end, c.notice_months, c.notice_days)
                        ),
                    }
                    for c in vendor.contracts
                ],
                "orders": [
                    {
                        "id": order_ids[o.id],
                        "number": o.number,
                        "description": o.description,
                        "contract": contract_ids.get(o.contract_id) if o.contract_id else None,
                        "budget_line": budget_ids.get(o.budget_line_id)
                        if o.budget_line_id
                        else None,
                        "amount": _money_text(o.amount),
                        "currency": o.currency,
                        "order_date": date_to_iso(o.order_date),
                        "due_date": date_to_iso(o.due_date),
                        "status": o.status,
                        "invoiced": _money_text(o.invoiced),
                        "paid": _money_text(o.paid),
                    }
                    for o in vendor.orders
                ],
                "deliverables": [
                    {
                        "description": d.description,
                        "quantity": d.quantity,
                        "order": order_ids.get(d.order_id) if d.order_id else None,
                        "promised": date_to_iso(d.promised),
                        "actual": date_to_iso(d.actual),
                        "status": d.status,
                        "task": task_ids.get(d.task_id) if d.task_id else None,
                        "late": d.actual is None
                        and d.promised is not None
                        and d.promised < today
                        and d.status not in ("delivered", "cancelled"),
                    }
                    for d in vendor.deliverables
                ],
            }
        )
    return {
        "vendors": documents,
        "budget": [
            {
                "id": budget_ids[line.id],
                "category": line.category,
                "description": line.description,
                "amount": _money_text(line.amount),
                "currency": line.currency,
            }
            for line in lines
        ],
    }


# --------------------------------------------------------------------------- import


class _Reader:
    """Typed reads of one object of the document, with errors naming where."""

    def __init__(self, data: Any, where: str) -> None:
        if not isinstance(data, dict):
            raise DocumentError(f"{where} must be an object")
        self.data = data
        self.where = where

    def text(self, key: str, default: str = "", limit: int | None = None) -> str:
        value = self.data.get(key)
        text = default if value is None else str(value)
        return text[:limit] if limit else text

    def choice(self, key: str, choices: tuple[str, ...], default: str) -> str:
        value = str(self.data.get(key) or "").strip().lower()
        if value in choices:
            return value
        return default

    def money(self, key: str) -> Decimal:
        value = self.data.get(key)
        if value in (None, ""):
            return Decimal("0.00")
        if isinstance(value, float):
            value = repr(value)
        try:
            amount = Decimal(str(value).replace(",", ""))
        except InvalidOperation:
            raise DocumentError(f"{self.where}.{key}: '{value}' is not an amount") from None
        if not amount.is_finite() or amount < 0:
            raise DocumentError(f"{self.where}.{key}: '{value}' is not a positive amount")
        return amount.quantize(Decimal("0.01"))

    def integer(self, key: str, default: int, low: int, high: int) -> int:
        value = self.data.get(key)
        if value in (None, ""):
            return default
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise DocumentError(f"{self.where}.{key}: '{value}' is not a whole number") from None
        if not low <= number <= high:
            raise DocumentError(f"{self.where}.{key}: {number} is not between {low} and {high}")
        return number

    def day(self, key: str) -> Any:
        value = self.data.get(key)
        try:
            return iso_to_date(value)
        except (ValueError, AssertionError):
            raise DocumentError(f"{self.where}.{key}: '{value}' is not a date") from None

    def items(self, key: str) -> list[_Reader]:
        values = self.data.get(key) or []
        if not isinstance(values, list):
            raise DocumentError(f"{self.where}.{key} must be a list")
        return [_Reader(v, f"{self.where}.{key}[{i}]") for i, v in enumerate(values)]


def _contract(c: _Reader, currency: str) -> Contract:
    return Contract(
        number=c.text("number", limit=100),
        title=c.text("title", limit=500),
        contract_type=c.choice("type", CONTRACT_TYPES, "other"),
        value=c.money("value"),
        currency=_currency(c, currency),
        start=c.day("start"),
        end=c.day("end"),
        notice_months=c.integer("notice_months", 0, 0, 120),
        notice_days=c.integer("notice_days", 0, 0, 3650),
        renewal=c.choice("renewal", RENEWALS, "none"),
        sla_availability=_availability(c),
        sla_response=_sla_text(c, "response")[:100],
        sla_resolution=_sla_text(c, "resolution")[:100],
        status=c.choice("status", CONTRACT_STATUSES, "active"),
        document_path=c.text("document", limit=1000),
    )


def contract_from_doc(data: dict[str, Any], where: str, currency: str) -> Contract:
    """A contract from its document record (the project's currency when it names none)."""
    return _contract(_Reader(data, where), currency)


def _currency(reader: _Reader, fallback: str) -> str:
    code = reader.text("currency").strip().upper()
    return code[:3] if len(code) == 3 and code.isalpha() else fallback


def _availability(reader: _Reader) -> Decimal | None:
    sla = reader.data.get("sla") or {}
    value = sla.get("availability") if isinstance(sla, dict) else None
    if value in (None, ""):
        return None
    try:
        percent = Decimal(str(value).rstrip("%"))
    except InvalidOperation:
        raise DocumentError(f"{reader.where}.sla.availability: '{value}' is not a number") from None
    if not (percent.is_finite() and 0 <= percent <= 100):
        raise DocumentError(f"{reader.where}.sla.availability must be between 0 and 100")
    return percent.quantize(Decimal("0.001"))


def _sla_text(reader: _Reader, key: str) -> str:
    sla = reader.data.get("sla") or {}
    return str(sla.get(key) or "") if isinstance(sla, dict) else ""


def import_vendors(
    session: Session, project: Project, data: dict[str, Any], task_ids: dict[int, int], where: str
) -> None:
    """Write the document's budget lines and vendors into ``project`` (caller's transaction).

    Unknown categories and statuses fall back to "other" / the default status; a reference
    to a contract, order or budget line id that the document does not define is dropped.
    """
    root = _Reader(data, where)
    budget_ids: dict[Any, BudgetLine] = {}
    for item in root.items("budget"):
        line = BudgetLine(
            project_id=project.id,
            category=item.choice("category", BUDGET_CATEGORIES, "other"),
            description=item.text("description", limit=500),
            amount=item.money("amount"),
            currency=_currency(item, project.currency),
        )
        session.add(line)
        if item.data.get("id") is not None:
            budget_ids[item.data["id"]] = line
    session.flush()

    deliveries: list[tuple[Deliverable, Any]] = []
    orders: list[tuple[PurchaseOrder, Any, Any]] = []
    contract_ids: dict[Any, Contract] = {}
    order_ids: dict[Any, PurchaseOrder] = {}
    for item in root.items("vendors"):
        name = item.text("name").strip()
        if not name:
            raise DocumentError(f"{item.where}.name: a vendor needs a name")
        vendor = Vendor(
            project_id=project.id,
            name=name[:200],
            category=item.choice("category", VENDOR_CATEGORIES, "other"),
            account_number=item.text("account_number", limit=100),
            website=item.text("website", limit=300),
            notes=item.text("notes"),
        )
        for c in item.items("contacts"):
            vendor.contacts.append(
                Contact(
                    name=c.text("name", limit=200),
                    role=c.text("role", limit=200),
                    email=c.text("email", limit=300),
                    phone=c.text("phone", limit=100),
                    account_manager=bool(c.data.get("account_manager")),
                )
            )
        for s in item.items("scores"):
            scored_on = s.day("date")
            if scored_on is None:
                raise DocumentError(f"{s.where}.date: a score needs a date")
            vendor.scores.append(
                VendorScore(
                    scored_on=scored_on,
                    note=s.text("note"),
                    **{name: s.integer(name, 3, 1, 5) for name in SCORE_CRITERIA},
                )
            )
        for c in item.items("contracts"):
            contract = _contract(c, project.currency)
            vendor.contracts.append(contract)
            if c.data.get("id") is not None:
                contract_ids[c.data["id"]] = contract
        for o in item.items("orders"):
            order = PurchaseOrder(
                number=o.text("number", limit=100),
                description=o.text("description", limit=500),
                amount=o.money("amount"),
                currency=_currency(o, project.currency),
                order_date=o.day("order_date"),
                due_date=o.day("due_date"),
                status=o.choice("status", ORDER_STATUSES, "draft"),
                invoiced=o.money("invoiced"),
                paid=o.money("paid"),
            )
            vendor.orders.append(order)
            orders.append((order, o.data.get("contract"), o.data.get("budget_line")))
            if o.data.get("id") is not None:
                order_ids[o.data["id"]] = order
        for d in item.items("deliverables"):
            task = d.data.get("task")
            if task is not None and task not in task_ids:
                raise DocumentError(f"{d.where}.task: there is no task with id {task}")
            delivery = Deliverable(
                description=d.text("description", limit=500),
                quantity=d.integer("quantity", 1, 0, 100_000_000),
                promised=d.day("promised"),
                actual=d.day("actual"),
                status=d.choice("status", DELIVERY_STATUSES, "ordered"),
                task_id=task_ids[task] if task is not None else None,
            )
            vendor.deliverables.append(delivery)
            deliveries.append((delivery, d.data.get("order")))
        session.add(vendor)
    session.flush()
    for order, contract_ref, budget_ref in orders:
        contract = contract_ids.get(contract_ref) if contract_ref is not None else None
        if contract is not None and contract.vendor_id == order.vendor_id:
            order.contract_id = contract.id
        line = budget_ids.get(budget_ref) if budget_ref is not None else None
        if line is not None:
            order.budget_line_id = line.id
    for delivery, order_ref in deliveries:
        target = order_ids.get(order_ref) if order_ref is not None else None
        if target is not None and target.vendor_id == delivery.vendor_id:
            delivery.order_id = target.id
    session.flush()
