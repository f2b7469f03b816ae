"""Vendors seen from the PM's desk: late flags, the attention panel, the report's deliveries
and notice deadlines, and rows for the Vendors tab. (Delivery gates for the scheduler and the
Gantt's markers are ``services.vendors.gates``.)

No ORM object leaves these functions: callers get dataclasses and dicts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from infradesk.model import (
    BudgetLine,
    Project,
    Task,
    Vendor,
)
from infradesk.services.documents.plan import outline_order
from infradesk.services.vendors.dates import format_notice, notice_deadline
from infradesk.services.vendors.fields import SCORE_CRITERIA
from infradesk.services.vendors.gates import CLOSED_DELIVERY_STATUSES, is_late
from infradesk.services.vendors.money import (
    DRAFT_CONTRACT,
    MoneyTotals,
    SpendReport,
    budget_warnings,
    committed_under,
    contract_overrun,
    pending_under,
    spend_report,
    vendor_totals,
)

NOTICE_HORIZON_DAYS = 60
DUE_HORIZON_DAYS = 14


# --------------------------------------------------------------------------- attention panel


@dataclass(frozen=True)
class AttentionItem:
    """One line of the attention panel; ``entity``/``record_id`` say what to select."""

    kind: str  # late | expired | budget | over | notice | due
    day: date | None
    title: str
    detail: str
    vendor_id: int
    vendor: str
    entity: str  # contract | order | deliverable | budget (the project's, record_id 0)
    record_id: int
    # the figures behind the texts, for a report that words them its own way
    subject: str = ""  # the contract's number (or title) or the delivery's description
    contract_title: str = ""
    ordered: Decimal | None = None  # "over": the orders' total...
    value: Decimal | None = None  # ...and the contract's value
    currency: str = ""
    draft: bool = False  # about a draft contract: shown, but as a draft
    pending: Decimal | None = None  # "over" only with orders awaiting approval: this much

    @property
    def severity(self) -> str:
        if self.draft or self.pending:
            return "medium"
        return "high" if self.kind in ("late", "expired", "budget", "over") else "medium"

    @property
    def label(self) -> str:
        """The kind as the panel names it ("Notice deadline (draft)")."""
        return ATTENTION_LABELS[self.kind] + (" (draft)" if self.draft else "")


ATTENTION_ORDER = {"late": 0, "expired": 1, "budget": 2, "over": 3, "notice": 4, "due": 5}
ATTENTION_LABELS = {
    "late": "Late delivery",
    "expired": "Expired, still active",
    "budget": "Over budget",
    "over": "Orders over contract",
    "notice": "Notice deadline",
    "due": "Delivery due",
}
PROJECT_BUDGET = "Project budget"  # the "vendor" column of a budget item


def load_vendors(session: Session, project_id: int) -> list[Vendor]:
    """The project's vendors with everything hanging off them, loaded in a few queries."""
    return list(
        session.scalars(
            select(Vendor)
            .where(Vendor.project_id == project_id)
            .options(
                selectinload(Vendor.contracts),
                selectinload(Vendor.orders),
                selectinload(Vendor.deliverables),
                selectinload(Vendor.contacts),
                selectinload(Vendor.scores),
            )
            .order_by(Vendor.name, Vendor.id)
        )
    )


def _days(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


def attention_items(
    session: Session,
    project_id: int,
    today: date | None = None,
    notice_days: int = NOTICE_HORIZON_DAYS,
    due_days: int = DUE_HORIZON_DAYS,
    vendors: list[Vendor] | None = None,
    spend: SpendReport | None = None,
) -> list[AttentionItem]:
    """Notice deadlines within ``notice_days``, deliveries due within ``due_days``, late
    deliveries, expired contracts still marked active, contracts whose committed orders
    exceed their value, and contracts or orders over the budget (``money.budget_warnings``);
    the most urgent first. A draft contract's alerts are kept, marked ``draft``. ``vendors``
    (loaded with their collections) and ``spend`` save loading them again."""
    today = today or date.today()
    items: list[AttentionItem] = []
    if vendors is None:
        vendors = load_vendors(session, project_id)
    if spend is None:
        spend = spend_report(session, project_id, vendors=vendors)
    for warning in budget_warnings(spend):
        items.append(
            AttentionItem(
                "budget",
                None,
                warning.title,
                warning.detail,
                0,
                PROJECT_BUDGET,
                "budget",
                0,
                subject=warning.title,
                contract_title=warning.detail,
                ordered=max(warning.contracted, warning.committed),
                value=warning.budget,
                currency=warning.currency,
            )
        )
    for vendor in vendors:
        for contract in vendor.contracts:
            draft = contract.status == DRAFT_CONTRACT
            label = contract.number or contract.title or "contract"
            if draft:
                label += " (draft)"
            if contract.status == "active" and contract.end is not None and contract.end < today:
                items.append(
                    AttentionItem(
                        "expired",
                        contract.end,
                        f"{label} ended {_days((today - contract.end).days)} ago",
                        f"{contract.title} — still marked active",
                        vendor.id,
                        vendor.name,
                        "contract",
                        contract.id,
                        subject=label,
                        contract_title=contract.title,
                    )
                )
            deadline = notice_deadline(contract.end, contract.notice_months, contract.notice_days)
            if (
                deadline is not None
                and contract.status in ("active", "negotiation", DRAFT_CONTRACT)
                and today <= deadline <= today + timedelta(days=notice_days)
            ):
                left = (deadline - today).days
                items.append(
                    AttentionItem(
                        "notice",
                        deadline,
                        f"{label}: give notice by {deadline.isoformat()} (in {_days(left)})",
                        f"{contract.title} — ends {contract.end}, renewal {contract.renewal}, "
                        f"notice {format_notice(contract.notice_months, contract.notice_days)}",
                        vendor.id,
                        vendor.name,
                        "contract",
                        contract.id,
                        draft=draft,
                    )
                )
            overrun = contract_overrun(contract, vendor.orders)
            if overrun is not None:
                ordered = overrun.ordered
                awaiting = (
                    f" (incl. {overrun.pending:,.2f} awaiting approval) would exceed"
                    if overrun.pending
                    else " exceed"
                )
                items.append(
                    AttentionItem(
                        "over",
                        None,
                        f"{label}: orders {ordered:,.2f}{awaiting} the contract's "
                        f"{contract.value:,.2f} {contract.currency}",
                        f"{contract.title} — over by {ordered - contract.value:,.2f}",
                        vendor.id,
                        vendor.name,
                        "contract",
                        contract.id,
                        subject=label,
                        contract_title=contract.title,
                        ordered=ordered,
                        value=contract.value,
                        currency=contract.currency,
                        draft=draft,
                        pending=overrun.pending or None,
                    )
                )
        for delivery in vendor.deliverables:
            if is_late(delivery, today):
                assert delivery.promised is not None
                late_by = (today - delivery.promised).days
                items.append(
                    AttentionItem(
                        "late",
                        delivery.promised,
                        f"{delivery.description}: {_days(late_by)} late",
                        f"promised {delivery.promised.isoformat()}, not delivered",
                        vendor.id,
                        vendor.name,
                        "deliverable",
                        delivery.id,
                    )
                )
            elif (
                delivery.actual is None
                and delivery.promised is not None
                and delivery.status not in CLOSED_DELIVERY_STATUSES
                and today <= delivery.promised <= today + timedelta(days=due_days)
            ):
                left = (delivery.promised - today).days
                when = "today" if left == 0 else f"in {_days(left)}"
                items.append(
                    AttentionItem(
                        "due",
                        delivery.promised,
                        f"{delivery.description}: due {when}",
                        f"promised {delivery.promised.isoformat()}",
                        vendor.id,
                        vendor.name,
                        "deliverable",
                        delivery.id,
                    )
                )
    items.sort(key=lambda i: (ATTENTION_ORDER[i.kind], i.day or date.min, i.vendor, i.record_id))
    return items


# --------------------------------------------------------------------------- report helpers


@dataclass(frozen=True)
class DeliveryDue:
    vendor: str
    description: str
    quantity: int
    promised: date
    status: str
    task: str
    late: bool
    days_late: int  # > 0 when late; negative = days until due


@dataclass(frozen=True)
class NoticeDeadline:
    vendor: str
    number: str
    title: str
    end: date
    deadline: date
    notice: str
    renewal: str
    days_left: int
    draft: bool = False  # a draft contract: its deadline is shown, marked as a draft


def deliveries_due(
    session: Session,
    project_id: int,
    today: date | None = None,
    days: int = DUE_HORIZON_DAYS,
    vendors: list[Vendor] | None = None,
    task_names: dict[int, str] | None = None,
) -> list[DeliveryDue]:
    """Deliveries late or due within ``days`` (the report's "deliveries" table). ``vendors``
    (loaded with their collections) and ``task_names`` (task id -> name) spare reading them
    again."""
    today = today or date.today()
    if task_names is None:
        task_names = dict(
            session.execute(select(Task.id, Task.name).where(Task.project_id == project_id)).all()
        )
    rows = []
    for vendor in vendors if vendors is not None else load_vendors(session, project_id):
        for d in vendor.deliverables:
            if d.actual is not None or d.promised is None:
                continue
            if d.status in CLOSED_DELIVERY_STATUSES:
                continue
            late = d.promised < today
            if late or d.promised <= today + timedelta(days=days):
                rows.append(
                    DeliveryDue(
                        vendor.name,
                        d.description,
                        d.quantity,
                        d.promised,
                        d.status,
                        task_names.get(d.task_id, "") if d.task_id else "",
                        late,
                        (today - d.promised).days,
                    )
                )
    rows.sort(key=lambda r: (r.promised, r.vendor))
    return rows


def notice_deadlines(
    session: Session,
    project_id: int,
    today: date | None = None,
    days: int = NOTICE_HORIZON_DAYS,
    vendors: list[Vendor] | None = None,
) -> list[NoticeDeadline]:
    """Contracts (not terminated or expired) whose notice deadline falls within ``days``."""
    today = today or date.today()
    rows = []
    for vendor in vendors if vendors is not None else load_vendors(session, project_id):
        for c in vendor.contracts:
            if c.status in ("terminated", "expired"):
                continue
            deadline = notice_deadline(c.end, c.notice_months, c.notice_days)
            if deadline is None or not today <= deadline <= today + timedelta(days=days):
                continue
            assert c.end is not None
            rows.append(
                NoticeDeadline(
                    vendor.name,
                    c.number,
                    c.title,
                    c.end,
                    deadline,
                    format_notice(c.notice_months, c.notice_days),
                    c.renewal,
                    (deadline - today).days,
                    draft=c.status == DRAFT_CONTRACT,
                )
            )
    rows.sort(key=lambda r: (r.deadline, r.vendor))
    return rows


# --------------------------------------------------------------------------- tab rows


def rating_of(scores: list[Any]) -> float | None:
    """The mean of every criterion of every review, one decimal; None without reviews."""
    values = [getattr(s, c) for s in scores for c in SCORE_CRITERIA]
    if not values:
        return None
    return round(sum(values) / len(values), 1)


@dataclass(frozen=True)
class VendorRow:
    """One line of the master list."""

    id: int
    name: str
    category: str
    rating: float | None
    account_manager: str
    contracts: int
    totals: list[MoneyTotals]
    late: int
    due: int
    next_delivery: date | None
    attention: int
    version: int = 0  # the vendor row's version counter: an edit from this row expects it


def load_vendor_rows(
    session: Session,
    project_id: int,
    today: date | None = None,
    vendors: list[Vendor] | None = None,
    items: list[AttentionItem] | None = None,
) -> list[VendorRow]:
    today = today or date.today()
    project = session.get(Project, project_id)
    currency = project.currency if project else "EUR"
    if vendors is None:
        vendors = load_vendors(session, project_id)
    if items is None:
        items = attention_items(session, project_id, today, vendors=vendors)
    attention: dict[int, int] = {}
    for item in items:
        attention[item.vendor_id] = attention.get(item.vendor_id, 0) + 1
    rows = []
    for vendor in vendors:
        open_deliveries = [
            d
            for d in vendor.deliverables
            if d.actual is None and d.promised and d.status not in CLOSED_DELIVERY_STATUSES
        ]
        manager = next((c.name for c in vendor.contacts if c.account_manager), "")
        rows.append(
            VendorRow(
                id=vendor.id,
                name=vendor.name,
                category=vendor.category,
                rating=rating_of(vendor.scores),
                account_manager=manager,
                contracts=len(vendor.contracts),
                totals=vendor_totals(vendor, currency),
                late=sum(1 for d in open_deliveries if is_late(d, today)),
                due=sum(
                    1
                    for d in open_deliveries
                    if d.promised and today <= d.promised <= today + timedelta(DUE_HORIZON_DAYS)
                ),
                next_delivery=min(
                    (d.promised for d in open_deliveries if d.promised and d.promised >= today),
                    default=None,
                ),
                attention=attention.get(vendor.id, 0),
                version=vendor.version,
            )
        )
    return rows


def _plain(record: Any, names: list[str]) -> dict[str, Any]:
    """A record as a dict: its id, ``names`` and its version counter (an edit expects it)."""
    return {"id": record.id, "version": record.version, **{n: getattr(record, n) for n in names}}


@dataclass
class VendorDetail:
    """Everything the right-hand side shows for one vendor, as plain dicts per table."""

    vendor: dict[str, Any]
    rating: float | None
    totals: list[MoneyTotals]
    contacts: list[dict[str, Any]]
    scores: list[dict[str, Any]]
    contracts: list[dict[str, Any]]
    orders: list[dict[str, Any]]
    deliverables: list[dict[str, Any]]


def load_vendor_detail(
    session: Session, vendor_id: int, today: date | None = None
) -> VendorDetail | None:
    today = today or date.today()
    vendor = session.get(Vendor, vendor_id)
    if vendor is None:
        return None
    project = session.get(Project, vendor.project_id)
    currency = project.currency if project else "EUR"
    task_names = dict(
        session.execute(
            select(Task.id, Task.name).where(Task.project_id == vendor.project_id)
        ).all()
    )
    task_starts = dict(
        session.execute(
            select(Task.id, Task.start).where(Task.project_id == vendor.project_id)
        ).all()
    )
    contract_numbers = {c.id: c.number or c.title for c in vendor.contracts}
    order_numbers = {o.id: o.number or o.description for o in vendor.orders}
    budget_names = dict(
        session.execute(
            select(BudgetLine.id, BudgetLine.description).where(
                BudgetLine.project_id == vendor.project_id
            )
        ).all()
    )
    contracts = []
    for c in vendor.contracts:
        row = _plain(
            c,
            [
                "number",
                "title",
                "contract_type",
                "value",
                "currency",
                "start",
                "end",
                "renewal",
                "sla_availability",
                "sla_response",
                "sla_resolution",
                "status",
                "document_path",
                "notice_months",
                "notice_days",
            ],
        )
        row["notice"] = format_notice(c.notice_months, c.notice_days)
        row["notice_deadline"] = notice_deadline(c.end, c.notice_months, c.notice_days)
        row["ordered"] = committed_under(c, vendor.orders)
        row["pending"] = pending_under(c, vendor.orders) or None
        overrun = contract_overrun(c, vendor.orders)
        row["over"] = overrun is not None and not overrun.only_pending
        row["over_pending"] = overrun is not None and overrun.only_pending
        row["draft"] = c.status == DRAFT_CONTRACT
        row["expired_active"] = c.status == "active" and c.end is not None and c.end < today
        row["notice_soon"] = row["notice_deadline"] is not None and (
            today <= row["notice_deadline"] <= today + timedelta(NOTICE_HORIZON_DAYS)
        )
        contracts.append(row)
    orders = []
    for o in vendor.orders:
        row = _plain(
            o,
            [
                "number",
                "description",
                "contract_id",
                "budget_line_id",
                "amount",
                "currency",
                "order_date",
                "due_date",
                "status",
                "invoiced",
                "paid",
                "task_id",
            ],
        )
        row["task_id_text"] = task_names.get(o.task_id, "") if o.task_id else ""
        row["contract_id_text"] = contract_numbers.get(o.contract_id, "") if o.contract_id else ""
        row["budget_line_id_text"] = (
            budget_names.get(o.budget_line_id, "") if o.budget_line_id else ""
        )
        orders.append(row)
    deliverables = []
    for d in vendor.deliverables:
        row = _plain(
            d, ["description", "quantity", "order_id", "promised", "actual", "status", "task_id"]
        )
        row["order_id_text"] = order_numbers.get(d.order_id, "") if d.order_id else ""
        row["task_id_text"] = task_names.get(d.task_id, "") if d.task_id else ""
        row["task_start"] = task_starts.get(d.task_id) if d.task_id else None
        row["late"] = is_late(d, today)
        row["due_soon"] = (
            not row["late"]
            and d.actual is None
            and d.promised is not None
            and d.status not in CLOSED_DELIVERY_STATUSES
            and today <= d.promised <= today + timedelta(DUE_HORIZON_DAYS)
        )
        deliverables.append(row)
    scores = []
    for s in vendor.scores:
        row = _plain(s, ["scored_on", *SCORE_CRITERIA, "note"])
        row["average"] = round(sum(getattr(s, c) for c in SCORE_CRITERIA) / 4, 2)
        scores.append(row)
    return VendorDetail(
        vendor=_plain(
            vendor, ["name", "category", "account_number", "website", "notes", "project_id"]
        ),
        rating=rating_of(vendor.scores),
        totals=vendor_totals(vendor, currency),
        contacts=[
            _plain(c, ["name", "role", "email", "phone", "account_manager"])
            for c in vendor.contacts
        ],
        scores=scores,
        contracts=contracts,
        orders=orders,
        deliverables=deliverables,
    )


def load_budget_rows(session: Session, project_id: int) -> list[dict[str, Any]]:
    return budget_rows(spend_report(session, project_id))


def budget_rows(report: SpendReport) -> list[dict[str, Any]]:
    """The budget lines of a spend report as rows for the budget table."""
    return [
        {
            "id": line.id,
            "category": line.category,
            "description": line.description,
            "amount": line.amount,
            "currency": line.currency,
            "committed": line.committed,
            "invoiced": line.invoiced,
            "paid": line.paid,
            "remaining": line.remaining,
            "over": line.over,
        }
        for line in report.budget_lines
    ]


@dataclass
class VendorsOverview:
    """Everything the Vendors tab shows besides one vendor's details, loaded in one go."""

    rows: list[VendorRow]
    attention: list[AttentionItem]
    spend: SpendReport
    budget: list[dict[str, Any]]


def load_overview(session: Session, project_id: int, today: date | None = None) -> VendorsOverview:
    vendors = load_vendors(session, project_id)
    report = spend_report(session, project_id, vendors=vendors)
    items = attention_items(session, project_id, today, vendors=vendors, spend=report)
    rows = load_vendor_rows(session, project_id, today, vendors=vendors, items=items)
    return VendorsOverview(rows, items, report, budget_rows(report))


def reference_choices(
    session: Session, project_id: int, vendor_id: int | None
) -> dict[str, list[tuple[int, str]]]:
    """(id, label) lists for the combo boxes of reference columns."""
    choices: dict[str, list[tuple[int, str]]] = {
        "task": [],
        "budget": [],
        "contract": [],
        "order": [],
    }
    tasks = list(session.scalars(select(Task).where(Task.project_id == project_id)))
    choices["task"] = [(t.id, f"{code}  {t.name}") for t, code in outline_order(tasks)]
    choices["budget"] = [
        (b.id, f"{b.category}: {b.description}")
        for b in session.scalars(
            select(BudgetLine).where(BudgetLine.project_id == project_id).order_by(BudgetLine.id)
        )
    ]
    if vendor_id is not None:
        vendor = session.get(Vendor, vendor_id)
        if vendor is not None:
            choices["contract"] = [(c.id, c.number or c.title) for c in vendor.contracts]
            choices["order"] = [(o.id, o.number or o.description) for o in vendor.orders]
    return choices
