"""What can be edited on vendors, contracts, orders, deliveries and budget lines, and how text
typed by the user becomes a valid value (or a ``VendorEditError`` saying why not)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy.orm import Session

from infradesk.errors import UserError
from infradesk.model import (
    BudgetLine,
    Contact,
    Contract,
    Deliverable,
    PurchaseOrder,
    Task,
    Vendor,
    VendorScore,
)
from infradesk.model.base import Base
from infradesk.services.vendors.dates import NoticeError, parse_notice

VENDOR_CATEGORIES = (
    "hardware",
    "software",
    "carrier/telecom",
    "colocation",
    "cloud",
    "integrator/services",
    "other",
)
CONTRACT_TYPES = (
    "purchase",
    "framework",
    "service",
    "maintenance",
    "subscription",
    "lease",
    "licence",
    "other",
)
RENEWALS = ("none", "automatic", "by agreement")
CONTRACT_STATUSES = ("draft", "negotiation", "active", "expired", "terminated")
ORDER_STATUSES = (
    "draft",
    "awaiting approval",
    "approved",
    "ordered",
    "partly delivered",
    "delivered",
    "invoiced",
    "paid",
    "cancelled",
)
DELIVERY_STATUSES = ("planned", "ordered", "in progress", "shipped", "delivered", "cancelled")
BUDGET_CATEGORIES = (
    "hardware",
    "software",
    "services",
    "telecom",
    "colocation",
    "cloud",
    "internal",
    "contingency",
    "other",
)
SCORE_CRITERIA = ("quality", "timeliness", "responsiveness", "commercial")
MAX_MONEY = Decimal("999999999999.99")
CENT = Decimal("0.01")


class VendorEditError(UserError, ValueError):
    """An edit was refused; the message is for the user."""


@dataclass(frozen=True)
class FieldSpec:
    """How one editable column is read: ``kind`` picks the parser."""

    kind: str  # text, required, choice, date, money, currency, count, score, percent, bool, ref
    label: str
    choices: tuple[str, ...] = ()
    ref: str = ""  # for kind "ref": the entity referred to


ENTITIES: dict[str, type[Base]] = {
    "vendor": Vendor,
    "contact": Contact,
    "score": VendorScore,
    "contract": Contract,
    "order": PurchaseOrder,
    "deliverable": Deliverable,
    "budget": BudgetLine,
}
ENTITY_LABELS = {
    "vendor": "vendor",
    "contact": "contact",
    "score": "score",
    "contract": "contract",
    "order": "purchase order",
    "deliverable": "delivery",
    "budget": "budget line",
}

FIELDS: dict[str, dict[str, FieldSpec]] = {
    "vendor": {
        "name": FieldSpec("required", "Name"),
        "category": FieldSpec("choice", "Category", VENDOR_CATEGORIES),
        "account_number": FieldSpec("text", "Account number"),
        "website": FieldSpec("text", "Website"),
        "notes": FieldSpec("text", "Notes"),
    },
    "contact": {
        "name": FieldSpec("required", "Name"),
        "role": FieldSpec("text", "Role"),
        "email": FieldSpec("email", "E-mail"),
        "phone": FieldSpec("text", "Phone"),
        "account_manager": FieldSpec("bool", "Account manager"),
    },
    "score": {
        "scored_on": FieldSpec("required_date", "Date"),
        "quality": FieldSpec("score", "Quality"),
        "timeliness": FieldSpec("score", "Timeliness"),
        "responsiveness": FieldSpec("score", "Responsiveness"),
        "commercial": FieldSpec("score", "Commercial"),
        "note": FieldSpec("text", "Note"),
    },
    "contract": {
        "number": FieldSpec("text", "Number"),
        "title": FieldSpec("text", "Title"),
        "contract_type": FieldSpec("choice", "Type", CONTRACT_TYPES),
        "value": FieldSpec("money", "Value"),
        "currency": FieldSpec("currency", "Currency"),
        "start": FieldSpec("date", "Start"),
        "end": FieldSpec("date", "End"),
        "notice": FieldSpec("notice", "Notice period"),
        "renewal": FieldSpec("choice", "Renewal", RENEWALS),
        "sla_availability": FieldSpec("percent", "Availability %"),
        "sla_response": FieldSpec("text", "Response time"),
        "sla_resolution": FieldSpec("text", "Resolution time"),
        "status": FieldSpec("choice", "Status", CONTRACT_STATUSES),
        "document_path": FieldSpec("text", "Document"),
    },
    "order": {
        "number": FieldSpec("text", "Number"),
        "description": FieldSpec("text", "Description"),
        "contract_id": FieldSpec("ref", "Contract", ref="contract"),
        "budget_line_id": FieldSpec("ref", "Budget line", ref="budget"),
        "task_id": FieldSpec("ref", "Pays for task", ref="task"),
        "amount": FieldSpec("money", "Amount"),
        "currency": FieldSpec("currency", "Currency"),
        "order_date": FieldSpec("date", "Ordered"),
        "due_date": FieldSpec("date", "Due"),
        "status": FieldSpec("choice", "Status", ORDER_STATUSES),
        "invoiced": FieldSpec("money", "Invoiced"),
        "paid": FieldSpec("money", "Paid"),
    },
    "deliverable": {
        "description": FieldSpec("required", "What"),
        "quantity": FieldSpec("count", "Quantity"),
        "order_id": FieldSpec("ref", "Order", ref="order"),
        "promised": FieldSpec("date", "Promised"),
        "actual": FieldSpec("date", "Actual"),
        "status": FieldSpec("choice", "Status", DELIVERY_STATUSES),
        "task_id": FieldSpec("ref", "Gates task", ref="task"),
    },
    "budget": {
        "category": FieldSpec("choice", "Category", BUDGET_CATEGORIES),
        "description": FieldSpec("text", "Description"),
        "amount": FieldSpec("money", "Amount"),
        "currency": FieldSpec("currency", "Currency"),
    },
}

# Edits of these delivery fields move the plan: the command reschedules and announces "tasks".
GATING_FIELDS = frozenset({"promised", "actual", "status", "task_id"})
# Edits of these order fields change the actual cost of the task the order pays for (its
# invoiced amount counts once the task has started): the command announces "tasks" too.
ORDER_COST_FIELDS = frozenset({"task_id", "invoiced"})

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")


def spec_of(entity: str, field: str) -> FieldSpec:
    try:
        return FIELDS[entity][field]
    except KeyError:
        raise VendorEditError(f"'{field}' of a {entity} cannot be edited.") from None


def parse_money(value: Any, label: str = "Amount") -> Decimal:
    """Decimal to the cent from ``12500``, ``12,500.00``, ``12.500,00``, ``€ 1 200``."""
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int):
        amount = Decimal(value)
    else:
        raw = str(value if value is not None else "").strip()
        text = re.sub(r"^[A-Za-z]{3}(?=[\s\d])|(?<=[\s\d])[A-Za-z]{3}$|[\s_'€$£]", "", raw)
        if not raw:
            text = "0"
        elif not re.search(r"\d", text):
            raise VendorEditError(f"{label}: '{value}' is not an amount of money.")
        if "," in text and "." in text:
            decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
            thousands = "." if decimal_mark == "," else ","
            text = text.replace(thousands, "").replace(decimal_mark, ".")
        elif "," in text:
            head, _, tail = text.rpartition(",")
            text = (
                f"{head.replace(',', '')}.{tail}" if len(tail) in (1, 2) else text.replace(",", "")
            )
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise VendorEditError(f"{label}: '{value}' is not an amount of money.") from None
    if not amount.is_finite():
        raise VendorEditError(f"{label}: '{value}' is not an amount of money.")
    if amount < 0:
        raise VendorEditError(f"{label} cannot be negative.")
    if amount > MAX_MONEY:
        raise VendorEditError(f"{label} is too large.")
    return amount.quantize(CENT)


def parse_date(value: Any, label: str) -> date | None:
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, datetime):
        return value.date()
    text = str(value).strip()
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise VendorEditError(f"{label}: '{value}' is not a date; write it as 2026-03-31.")


def parse_value(session: Session, entity: str, field: str, value: Any, owner_id: int) -> Any:
    """The stored value for ``value`` typed into ``field`` of an ``entity``.

    ``owner_id`` is the vendor a record belongs to (the project for vendors and budget lines):
    references must stay inside it. For ``notice`` the result is ``(months, days)``.
    """
    spec = spec_of(entity, field)
    label = spec.label
    kind = spec.kind
    if kind in ("text", "required", "email"):
        text = str(value if value is not None else "").strip()
        if kind == "required" and not text:
            raise VendorEditError(f"{label} cannot be empty.")
        if kind == "email" and text and not _EMAIL.match(text):
            raise VendorEditError(f"'{text}' is not an e-mail address.")
        return text
    if kind == "choice":
        text = str(value or "").strip().lower()
        if text not in spec.choices:
            raise VendorEditError(f"{label} must be one of: {', '.join(spec.choices)}.")
        return text
    if kind in ("date", "required_date"):
        day = parse_date(value, label)
        if day is None and kind == "required_date":
            raise VendorEditError(f"{label} cannot be empty.")
        return day
    if kind == "money":
        return parse_money(value, label)
    if kind == "currency":
        code = str(value or "").strip().upper()
        if not _CURRENCY.match(code):
            raise VendorEditError(f"{label}: '{value}' is not a three-letter currency code.")
        return code
    if kind in ("count", "score"):
        try:
            number = int(str(value).strip())
        except ValueError:
            raise VendorEditError(f"{label}: '{value}' is not a whole number.") from None
        low, high = (1, 5) if kind == "score" else (1, 10_000_000)
        if not low <= number <= high:
            raise VendorEditError(f"{label} must be between {low} and {high}.")
        return number
    if kind == "percent":
        if value is None or str(value).strip().rstrip("%").strip() == "":
            return None
        try:
            percent = Decimal(str(value).strip().rstrip("%").strip().replace(",", "."))
        except InvalidOperation:
            raise VendorEditError(f"{label}: '{value}' is not a percentage.") from None
        if not (percent.is_finite() and 0 <= percent <= 100):
            raise VendorEditError(f"{label} must be between 0 and 100.")
        return percent.quantize(Decimal("0.001"))
    if kind == "bool":
        if isinstance(value, str):
            return value.strip().lower() in ("1", "yes", "true", "y", "x")
        return bool(value)
    if kind == "notice":
        if isinstance(value, tuple):
            return value
        try:
            return parse_notice(str(value or ""))
        except NoticeError as error:
            raise VendorEditError(str(error)) from None
    if kind == "ref":
        return _parse_ref(session, spec, value, owner_id)
    raise VendorEditError(f"'{field}' cannot be edited.")  # pragma: no cover - specs are fixed


def _parse_ref(session: Session, spec: FieldSpec, value: Any, owner_id: int) -> int | None:
    if value in (None, "", 0):
        return None
    try:
        ref_id = int(value)
    except (TypeError, ValueError):
        raise VendorEditError(f"{spec.label}: choose one from the list.") from None
    target = session.get(ENTITIES.get(spec.ref, Task), ref_id)
    owner = {
        "contract": lambda t: t.vendor_id,
        "order": lambda t: t.vendor_id,
        "budget": lambda t: t.project_id,
        "task": lambda t: t.project_id,
    }[spec.ref]
    if target is None:
        raise VendorEditError(f"{spec.label}: that record no longer exists.")
    if spec.ref in ("budget", "task"):
        vendor = session.get(Vendor, owner_id)
        expected = vendor.project_id if vendor is not None else owner_id
    else:
        expected = owner_id
    if owner(target) != expected:
        raise VendorEditError(f"{spec.label}: choose one of this vendor's or project's records.")
    return ref_id


def owner_of(session: Session, entity: str, record: Any) -> int:
    """The id references of ``record`` are checked against (see ``parse_value``)."""
    if entity in ("vendor", "budget"):
        return int(record.project_id)
    return int(record.vendor_id)
