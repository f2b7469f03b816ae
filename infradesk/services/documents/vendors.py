"""Vendors (contacts, scores, contracts, orders, deliveries) and budget lines <-> the typed
interchange document (docs/json-format-vendors.md).

Contracts, orders and budget lines carry an ``id`` unique within the project document; orders
refer to their contract and budget line, deliveries to their order, by that id (and to tasks by
task id). Money is ``Decimal``, written as decimal strings at the JSON edge.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from infradesk.interchange import document as d
from infradesk.interchange.document_schedule import delivery_status
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
    ORDER_STATUSES,
    RENEWALS,
    SCORE_CRITERIA,
    VENDOR_CATEGORIES,
)
from infradesk.services.vendors.queries import load_vendors


def export_vendors(
    session: Session, project: Project, task_ids: dict[int, int], today: date | None = None
) -> tuple[tuple[d.Vendor, ...], tuple[d.BudgetLine, ...]]:
    """The project's vendors and budget lines as document records.

    ``task_ids`` maps database task ids to the document's task ids. ``notice_deadline`` of a
    contract and ``late`` of a delivery are computed on export only (readers ignore them).
    """
    today = today or date.today()
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
    documents = tuple(
        d.Vendor(
            name=vendor.name,
            category=vendor.category,
            account_number=vendor.account_number,
            website=vendor.website,
            notes=vendor.notes,
            contacts=tuple(
                d.Contact(c.name, c.role, c.email, c.phone, c.account_manager)
                for c in vendor.contacts
            ),
            scores=tuple(
                d.VendorScore(
                    s.scored_on, s.quality, s.timeliness, s.responsiveness, s.commercial, s.note
                )
                for s in vendor.scores
            ),
            contracts=tuple(
                d.Contract(
                    id=contract_ids[c.id],
                    number=c.number,
                    title=c.title,
                    type=c.contract_type,
                    value=c.value,
                    currency=c.currency,
                    start=c.start,
                    end=c.end,
                    notice_months=c.notice_months,
                    notice_days=c.notice_days,
                    renewal=c.renewal,
                    sla=d.Sla(c.sla_availability, c.sla_response, c.sla_resolution),
                    status=c.status,
                    document=c.document_path,
                    notice_deadline=notice_deadline(c.end, c.notice_months, c.notice_days),
                )
                for c in vendor.contracts
            ),
            orders=tuple(
                d.PurchaseOrder(
                    id=order_ids[o.id],
                    number=o.number,
                    description=o.description,
                    contract=contract_ids.get(o.contract_id) if o.contract_id else None,
                    budget_line=budget_ids.get(o.budget_line_id) if o.budget_line_id else None,
                    amount=o.amount,
                    currency=o.currency,
                    order_date=o.order_date,
                    due_date=o.due_date,
                    status=o.status,
                    invoiced=o.invoiced,
                    paid=o.paid,
                    task=task_ids.get(o.task_id) if o.task_id else None,
                )
                for o in vendor.orders
            ),
            deliverables=tuple(
                d.Delivery(
                    description=item.description,
                    quantity=item.quantity,
                    order=order_ids.get(item.order_id) if item.order_id else None,
                    promised=item.promised,
                    actual=item.actual,
                    status=item.status,
                    task=task_ids.get(item.task_id) if item.task_id else None,
                    late=item.actual is None
                    and item.promised is not None
                    and item.promised < today
                    and item.status not in ("delivered", "cancelled"),
                )
                for item in vendor.deliverables
            ),
        )
        for vendor in vendors
    )
    budget = tuple(
        d.BudgetLine(
            id=budget_ids[line.id],
            category=line.category,
            description=line.description,
            amount=line.amount,
            currency=line.currency,
        )
        for line in lines
    )
    return documents, budget


# --------------------------------------------------------------------------- import


def _choice(value: str, choices: tuple[str, ...], default: str) -> str:
    text = (value or "").strip().lower()
    return text if text in choices else default


def _money(value: Decimal | None, where: str) -> Decimal:
    if value is None:
        return Decimal("0.00")
    if not value.is_finite() or value < 0:
        raise DocumentError(f"{where}: '{value}' is not a positive amount")
    return value.quantize(Decimal("0.01"))


def _integer(value: int | None, where: str, default: int, low: int, high: int) -> int:
    if value is None:
        return default
    if not low <= value <= high:
        raise DocumentError(f"{where}: {value} is not between {low} and {high}")
    return value


def _currency(code: str | None, fallback: str) -> str:
    text = (code or "").strip().upper()
    return text[:3] if len(text) == 3 and text.isalpha() else fallback


def _availability(value: Decimal | None, where: str) -> Decimal | None:
    if value is None:
        return None
    if not (value.is_finite() and 0 <= value <= 100):
        raise DocumentError(f"{where}.sla.availability must be between 0 and 100")
    return value.quantize(Decimal("0.001"))


def contract_from_doc(data: d.Contract, where: str, currency: str) -> Contract:
    """A contract from its document record (the project's currency when it names none)."""
    return Contract(
        number=data.number[:100],
        title=data.title[:500],
        contract_type=_choice(data.type, CONTRACT_TYPES, "other"),
        value=_money(data.value, f"{where}.value"),
        currency=_currency(data.currency, currency),
        start=data.start,
        end=data.end,
        notice_months=_integer(data.notice_months, f"{where}.notice_months", 0, 0, 120),
        notice_days=_integer(data.notice_days, f"{where}.notice_days", 0, 0, 3650),
        renewal=_choice(data.renewal, RENEWALS, "none"),
        sla_availability=_availability(data.sla.availability, where),
        sla_response=data.sla.response[:100],
        sla_resolution=data.sla.resolution[:100],
        status=_choice(data.status, CONTRACT_STATUSES, "active"),
        document_path=data.document[:1000],
    )


def delivery_from_doc(
    data: d.Delivery, where: str, task_ids: dict[int, int]
) -> Deliverable:
    """A delivery from its document record; its task must be one of the document's."""
    if data.task is not None and data.task not in task_ids:
        raise DocumentError(f"{where}.task: there is no task with id {data.task}")
    return Deliverable(
        description=data.description[:500],
        quantity=_integer(data.quantity, f"{where}.quantity", 1, 0, 100_000_000),
        promised=data.promised,
        actual=data.actual,
        status=delivery_status(data.status),
        task_id=task_ids[data.task] if data.task is not None else None,
    )


def import_vendors(
    session: Session, project: Project, data: d.Project, task_ids: dict[int, int], where: str
) -> None:
    """Write the document's budget lines and vendors into ``project`` (caller's transaction).

    Unknown categories and statuses fall back to "other" / the default status; a reference
    to a contract, order or budget line id that the document does not define is dropped.
    """
    budget_ids: dict[int, BudgetLine] = {}
    for index, budget_doc in enumerate(data.budget):
        here = f"{where}.budget[{index}]"
        budget_line = BudgetLine(
            project_id=project.id,
            category=_choice(budget_doc.category, BUDGET_CATEGORIES, "other"),
            description=budget_doc.description[:500],
            amount=_money(budget_doc.amount, f"{here}.amount"),
            currency=_currency(budget_doc.currency, project.currency),
        )
        session.add(budget_line)
        if budget_doc.id is not None:
            budget_ids[budget_doc.id] = budget_line
    session.flush()

    deliveries: list[tuple[Deliverable, int | None]] = []
    orders: list[tuple[PurchaseOrder, int | None, int | None]] = []
    contract_ids: dict[int, Contract] = {}
    order_ids: dict[int, PurchaseOrder] = {}
    for index, item in enumerate(data.vendors):
        here = f"{where}.vendors[{index}]"
        name = item.name.strip()
        if not name:
            raise DocumentError(f"{here}.name: a vendor needs a name")
        vendor = Vendor(
            project_id=project.id,
            name=name[:200],
            category=_choice(item.category, VENDOR_CATEGORIES, "other"),
            account_number=item.account_number[:100],
            website=item.website[:300],
            notes=item.notes,
        )
        for c in item.contacts:
            vendor.contacts.append(
                Contact(
                    name=c.name[:200],
                    role=c.role[:200],
                    email=c.email[:300],
                    phone=c.phone[:100],
                    account_manager=c.account_manager,
                )
            )
        for n, s in enumerate(item.scores):
            at = f"{here}.scores[{n}]"
            if s.date is None:
                raise DocumentError(f"{at}.date: a score needs a date")
            vendor.scores.append(
                VendorScore(
                    scored_on=s.date,
                    note=s.note,
                    **{
                        name: _integer(getattr(s, name), f"{at}.{name}", 3, 1, 5)
                        for name in SCORE_CRITERIA
                    },
                )
            )
        for n, contract_doc in enumerate(item.contracts):
            at = f"{here}.contracts[{n}]"
            contract = contract_from_doc(contract_doc, at, project.currency)
            vendor.contracts.append(contract)
            if contract_doc.id is not None:
                contract_ids[contract_doc.id] = contract
        for n, o in enumerate(item.orders):
            at = f"{here}.orders[{n}]"
            order = PurchaseOrder(
                number=o.number[:100],
                description=o.description[:500],
                amount=_money(o.amount, f"{at}.amount"),
                currency=_currency(o.currency, project.currency),
                order_date=o.order_date,
                due_date=o.due_date,
                status=_choice(o.status, ORDER_STATUSES, "draft"),
                invoiced=_money(o.invoiced, f"{at}.invoiced"),
                paid=_money(o.paid, f"{at}.paid"),
            )
            if o.task is not None:
                if o.task not in task_ids:
                    raise DocumentError(f"{at}.task: there is no task with id {o.task}")
                order.task_id = task_ids[o.task]
            vendor.orders.append(order)
            orders.append((order, o.contract, o.budget_line))
            if o.id is not None:
                order_ids[o.id] = order
        for n, delivery_doc in enumerate(item.deliverables):
            delivery = delivery_from_doc(delivery_doc, f"{here}.deliverables[{n}]", task_ids)
            vendor.deliverables.append(delivery)
            deliveries.append((delivery, delivery_doc.order))
        session.add(vendor)
    session.flush()
    for order, contract_ref, budget_ref in orders:
        target_contract = contract_ids.get(contract_ref) if contract_ref is not None else None
        if target_contract is not None and target_contract.vendor_id == order.vendor_id:
            order.contract_id = target_contract.id
        line = budget_ids.get(budget_ref) if budget_ref is not None else None
        if line is not None:
            order.budget_line_id = line.id
    for delivery, order_ref in deliveries:
        target = order_ids.get(order_ref) if order_ref is not None else None
        if target is not None and target.vendor_id == delivery.vendor_id:
            delivery.order_id = target.id
    session.flush()
