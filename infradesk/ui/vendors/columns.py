"""The columns of every Vendors-tab table, and how a row's status colours it."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QColor

from infradesk.ui import theme
from infradesk.ui.vendors.record_model import Column

VENDOR_COLUMNS = [
    Column("name", "Vendor", "name", width=185, style=True),
    Column("category", "Category", "category", "choice", width=104),
    Column("rating", "Rating", kind="rating", width=98, tip="Mean of all performance scores"),
    Column("committed", "Committed", kind="money", width=96, tip="Orders approved or later"),
    Column("late", "Late", kind="int", width=38, tip="Deliveries past their promised date"),
    Column("due", "Due", kind="int", width=38, tip="Deliveries due within 14 days"),
]

CONTACT_COLUMNS = [
    Column("name", "Name", "name", width=160),
    Column("role", "Role", "role", width=150),
    Column("email", "E-mail", "email", width=220),
    Column("phone", "Phone", "phone", width=130),
    Column("account_manager", "Account manager", "account_manager", "bool", width=120),
]

SCORE_COLUMNS = [
    Column("scored_on", "Date", "scored_on", "date", width=100),
    Column("quality", "Quality", "quality", "int", width=70),
    Column("timeliness", "Timeliness", "timeliness", "int", width=80),
    Column("responsiveness", "Responsiveness", "responsiveness", "int", width=105),
    Column("commercial", "Commercial", "commercial", "int", width=85),
    Column("average", "Average", kind="rating", width=110),
    Column("note", "Note", "note", width=320),
]

CONTRACT_COLUMNS = [
    Column("number", "Number", "number", width=105, style=True),
    Column("title", "Title", "title", width=230),
    Column("contract_type", "Type", "contract_type", "choice", width=95),
    Column("value", "Value", "value", "money", width=105),
    Column("currency", "Cur.", "currency", width=45),
    Column("start", "Start", "start", "date", width=95),
    Column("end", "End", "end", "date", width=95),
    Column("notice", "Notice", "notice", tip="e.g. 90d, 3 months, 6w", width=85),
    Column("notice_deadline", "Notice by", kind="date", width=95, style=True),
    Column("renewal", "Renewal", "renewal", "choice", width=100),
    Column("sla_availability", "SLA avail.", "sla_availability", "percent", width=80),
    Column("sla_response", "Response", "sla_response", width=80),
    Column("sla_resolution", "Resolution", "sla_resolution", width=90),
    Column("status", "Status", "status", "choice", width=90),
    Column(
        "ordered",
        "Committed",
        kind="money",
        width=105,
        tip="Orders under it approved or later: what makes a contract over its value",
    ),
    Column(
        "pending",
        "Pending",
        kind="money",
        width=95,
        tip="Orders under it drafted or awaiting approval: not committed yet",
    ),
    Column("document_path", "Document", "document_path", width=180),
]

ORDER_COLUMNS = [
    Column("number", "Number", "number", width=100),
    Column("description", "Description", "description", width=230),
    Column("contract_id", "Contract", "contract_id", "ref", width=105),
    Column("budget_line_id", "Budget line", "budget_line_id", "ref", width=170),
    Column("amount", "Amount", "amount", "money", width=105),
    Column("currency", "Cur.", "currency", width=45),
    Column("order_date", "Ordered", "order_date", "date", width=95),
    Column("due_date", "Due", "due_date", "date", width=95),
    Column("status", "Status", "status", "choice", width=120, style=True),
    Column("invoiced", "Invoiced", "invoiced", "money", width=105),
    Column("paid", "Paid", "paid", "money", width=105),
    Column(
        "task_id",
        "Pays for task",
        "task_id",
        "ref",
        width=220,
        tip="The task this order pays for: its invoiced amount adds to the task's actual cost",
    ),
]

DELIVERY_COLUMNS = [
    Column("description", "What", "description", width=230, style=True),
    Column("quantity", "Qty", "quantity", "int", width=45),
    Column("promised", "Promised", "promised", "date", width=95),
    Column("actual", "Actual", "actual", "date", width=95),
    Column("flag", "Flag", width=75, style=True),
    Column("task_id", "Gates task", "task_id", "ref", width=240, tip="Gated task"),
    Column("task_start", "Task starts", kind="date", width=95),
    Column("status", "Status", "status", "choice", width=90),
    Column("order_id", "Order", "order_id", "ref", width=100),
]

BUDGET_COLUMNS = [
    Column("category", "Category", "category", "choice", width=110),
    Column("description", "Budget line", "description", width=230, style=True),
    Column("amount", "Budget", "amount", "money", width=100),
    Column("currency", "Cur.", "currency", width=45),
    Column("committed", "Committed", kind="money", width=100),
    Column("invoiced", "Invoiced", kind="money", width=100),
    Column("paid", "Paid", kind="money", width=100),
    Column("remaining", "Remaining", kind="money", width=100),
]

SPEND_COLUMNS = [
    Column("name", "Vendor", width=220),
    Column("currency", "Cur.", width=45),
    Column("contract_value", "Contract value", kind="money", width=120),
    Column("committed", "Committed", kind="money", width=120),
    Column("invoiced", "Invoiced", kind="money", width=120),
    Column("paid", "Paid", kind="money", width=120),
]

Style = tuple[QColor | None, QColor | None, str]


def vendor_style(row: dict[str, Any]) -> Style:
    t = theme.current()
    if row.get("late"):
        return t.bad, None, f"{row['late']} late deliveries"
    if row.get("attention"):
        return t.warn, None, f"{row['attention']} items need attention"
    return None, None, ""


DRAFT_TIP = "Draft: counted in the contract value (its share shown apart), alerts marked draft"


def contract_style(row: dict[str, Any]) -> Style:
    """The row's alert; a draft contract is greyed by the model (``muted``) and says so."""
    t = theme.current()
    draft = f" — {DRAFT_TIP[0].lower()}{DRAFT_TIP[1:]}" if row.get("draft") else ""
    if row.get("expired_active"):
        return t.bad, t.bad_tint, "Ended but still marked active"
    if row.get("over"):
        return t.bad, None, "The committed orders under this contract exceed its value" + draft
    if row.get("over_pending"):
        return t.warn, None, "With the orders awaiting approval, this contract's value is exceeded"
    if row.get("notice_soon"):
        return t.warn, t.warn_tint, "Notice deadline within 60 days" + draft
    if row.get("draft"):
        return None, None, DRAFT_TIP
    return None, None, ""


def order_style(row: dict[str, Any]) -> Style:
    t = theme.current()
    if row.get("status") == "cancelled":
        return t.inactive, None, "Cancelled"
    if row.get("status") == "paid":
        return t.good, None, "Paid"
    return None, None, ""


def delivery_style(row: dict[str, Any]) -> Style:
    t = theme.current()
    if row.get("late"):
        return t.bad, t.bad_tint, "Past its promised date and not delivered"
    if row.get("due_soon"):
        return t.warn, t.warn_tint, "Due within 14 days"
    if row.get("actual") or row.get("status") == "delivered":
        return t.good, None, "Delivered"
    return None, None, ""


def budget_style(row: dict[str, Any]) -> Style:
    if row.get("over"):
        return theme.current().bad, theme.current().bad_tint, "Committed more than the budget line"
    return None, None, ""


def delivery_flag(row: dict[str, Any]) -> str:
    if row.get("late"):
        return "Late"
    if row.get("due_soon"):
        return "Due soon"
    if row.get("actual") or row.get("status") == "delivered":
        return "Delivered"
    if row.get("status") == "cancelled":
        return "Cancelled"
    return ""
