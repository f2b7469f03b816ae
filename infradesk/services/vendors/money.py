"""The money rules of a project, in one place: what counts as contracted, committed, invoiced
and paid, what the budget is, and when it is exceeded. The Vendors tab (figures, budget page,
contract rows, attention panel), the Cost tab and the weekly report all read these functions,
so that no two views count differently.

Everything is ``Decimal`` and kept per currency: amounts in different currencies are never
added together (there is no exchange rate in an offline tool).

* *contracted* (``contract_value``): every contract except terminated ones. A draft contract
  counts (it is money the project expects to spend) and its share is kept apart
  (``contract_draft``) so that views can say "incl. 42,000 draft";
* *committed*: orders from "approved" on. Drafts and orders awaiting approval are *pending*
  (``pending``): they commit nothing yet; cancelled orders count nowhere;
* *orders over contract* (``contract_overrun``): the committed orders under a contract exceed
  its value; or they would once the pending ones are approved (said so, a lesser alert);
* *invoiced* / *paid*: what the orders record, whatever their status except cancelled;
* *budget*: the budget lines plus the cost impact of approved (or implemented) change
  requests, which are in the project's currency (``approved_changes``);
* *over budget*: contracted or committed above the budget, in a currency that has budget
  lines (``budget_warnings``): an attention item on the Vendors tab and a line in the report;
* *forecast at completion*: each budget line's amount or, when more, what is committed to it,
  plus committed orders charged to no line, plus approved changes (``forecast_at_completion``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from infradesk.model import BudgetLine, ChangeRequest, Contract, Project, PurchaseOrder, Vendor
from infradesk.services.risks.fields import APPROVED_CHANGE_STATUSES

ZERO = Decimal("0.00")
PENDING_ORDER_STATUSES = frozenset({"draft", "awaiting approval"})
UNCOMMITTED_ORDER_STATUSES = PENDING_ORDER_STATUSES | {"cancelled"}
UNCOUNTED_CONTRACT_STATUSES = frozenset({"terminated"})
DRAFT_CONTRACT = "draft"


@dataclass
class MoneyTotals:
    """Totals in one currency (the rules are in the module's docstring)."""

    currency: str
    contract_value: Decimal = ZERO  # contracted, drafts included
    contract_draft: Decimal = ZERO  # ...of which in draft contracts
    committed: Decimal = ZERO
    pending: Decimal = ZERO  # orders drafted or awaiting approval: not committed yet
    invoiced: Decimal = ZERO
    paid: Decimal = ZERO
    budget_lines: Decimal = ZERO
    approved_changes: Decimal = ZERO  # cost impact of approved change requests

    @property
    def budget(self) -> Decimal:
        """The budget lines plus the approved changes' cost impact."""
        return self.budget_lines + self.approved_changes

    @property
    def has_budget(self) -> bool:
        """Budget lines are recorded (approved changes alone make no budget to exceed)."""
        return self.budget_lines > 0

    @property
    def open_commitment(self) -> Decimal:
        """Committed but not yet invoiced."""
        return max(ZERO, self.committed - self.invoiced)

    @property
    def remaining_budget(self) -> Decimal:
        return self.budget - self.committed


@dataclass
class VendorSpend:
    vendor_id: int
    name: str
    totals: list[MoneyTotals]


@dataclass
class BudgetLineSpend:
    id: int
    category: str
    description: str
    amount: Decimal
    currency: str
    committed: Decimal = ZERO
    invoiced: Decimal = ZERO
    paid: Decimal = ZERO

    @property
    def remaining(self) -> Decimal:
        return self.amount - self.committed

    @property
    def over(self) -> bool:
        return self.committed > self.amount


@dataclass(frozen=True)
class ApprovedChange:
    """An approved change request whose cost impact is part of the budget."""

    id: int
    code: str
    title: str
    cost_impact: Decimal


@dataclass
class SpendReport:
    """Spend vs budget for one project (what the Vendors tab and the weekly report show)."""

    currency: str  # the project's currency
    vendors: list[VendorSpend]
    project: list[MoneyTotals]  # per currency, the project's currency first
    budget_lines: list[BudgetLineSpend]
    unbudgeted_committed: list[MoneyTotals] = field(default_factory=list)
    approved_changes: list[ApprovedChange] = field(default_factory=list)

    def totals_in(self, currency: str | None = None) -> MoneyTotals:
        """The project's totals in ``currency`` (the project's by default; zeros if none)."""
        code = currency or self.currency
        return next((t for t in self.project if t.currency == code), MoneyTotals(code))


def is_committed(order: PurchaseOrder) -> bool:
    return order.status not in UNCOMMITTED_ORDER_STATUSES


def is_pending(order: PurchaseOrder) -> bool:
    """Drafted or awaiting approval: on its way to commit money, not committed yet."""
    return order.status in PENDING_ORDER_STATUSES


def is_contracted(contract: Contract) -> bool:
    return contract.status not in UNCOUNTED_CONTRACT_STATUSES


def _totals_for(
    contracts: Iterable[Contract], orders: Iterable[PurchaseOrder]
) -> dict[str, MoneyTotals]:
    totals: dict[str, MoneyTotals] = {}

    def bucket(currency: str) -> MoneyTotals:
        return totals.setdefault(currency, MoneyTotals(currency))

    for contract in contracts:
        if is_contracted(contract):
            entry = bucket(contract.currency)
            entry.contract_value += contract.value or ZERO
            if contract.status == DRAFT_CONTRACT:
                entry.contract_draft += contract.value or ZERO
    for order in orders:
        if order.status == "cancelled":
            continue
        entry = bucket(order.currency)
        if is_committed(order):
            entry.committed += order.amount or ZERO
        elif is_pending(order):
            entry.pending += order.amount or ZERO
        entry.invoiced += order.invoiced or ZERO
        entry.paid += order.paid or ZERO
    return totals


def _ordered(totals: dict[str, MoneyTotals], main_currency: str) -> list[MoneyTotals]:
    return sorted(totals.values(), key=lambda t: (t.currency != main_currency, t.currency))


def vendor_totals(vendor: Vendor, main_currency: str = "EUR") -> list[MoneyTotals]:
    """One vendor's money per currency (the main currency first)."""
    return _ordered(_totals_for(vendor.contracts, vendor.orders), main_currency)


def _load_vendors(session: Session, project_id: int) -> list[Vendor]:
    return list(
        session.scalars(
            select(Vendor)
            .where(Vendor.project_id == project_id)
            .options(selectinload(Vendor.contracts), selectinload(Vendor.orders))
            .order_by(Vendor.name, Vendor.id)
        )
    )


def approved_of(changes: Iterable[Any]) -> list[ApprovedChange]:
    """The approved or implemented ones of ``changes`` (change requests, or rows with their
    ``id``, ``code``, ``title``, ``status`` and ``cost_impact``) that have a cost impact."""
    return [
        ApprovedChange(c.id, c.code, c.title, Decimal(c.cost_impact))
        for c in changes
        if c.status in APPROVED_CHANGE_STATUSES and c.cost_impact
    ]


def approved_changes(session: Session, project_id: int) -> list[ApprovedChange]:
    """The project's approved or implemented change requests with a cost impact, by code."""
    return approved_of(
        session.scalars(
            select(ChangeRequest)
            .where(
                ChangeRequest.project_id == project_id,
                ChangeRequest.status.in_(APPROVED_CHANGE_STATUSES),
            )
            .order_by(ChangeRequest.code, ChangeRequest.id)
        )
    )


def spend_report(
    session: Session,
    project_id: int,
    vendors: list[Vendor] | None = None,
    changes: list[ApprovedChange] | None = None,
) -> SpendReport:
    """Contract value / committed / invoiced / paid per vendor and for the project, each
    budget line's spend (orders point at the budget line they are charged to) and the budget
    with approved changes. ``vendors`` (with contracts and orders loaded) and ``changes``
    (``approved_of`` the change requests) save loading them again."""
    project = session.get(Project, project_id)
    currency = project.currency if project is not None else "EUR"
    if vendors is None:
        vendors = _load_vendors(session, project_id)
    lines = list(
        session.scalars(
            select(BudgetLine)
            .where(BudgetLine.project_id == project_id)
            .order_by(BudgetLine.category, BudgetLine.id)
        )
    )
    spends = {
        line.id: BudgetLineSpend(
            line.id, line.category, line.description, line.amount or ZERO, line.currency
        )
        for line in lines
    }
    project_totals: dict[str, MoneyTotals] = {}
    unbudgeted: dict[str, MoneyTotals] = {}
    vendor_rows = []
    for vendor in vendors:
        per_currency = _totals_for(vendor.contracts, vendor.orders)
        vendor_rows.append(VendorSpend(vendor.id, vendor.name, _ordered(per_currency, currency)))
        for code, totals in per_currency.items():
            entry = project_totals.setdefault(code, MoneyTotals(code))
            entry.contract_value += totals.contract_value
            entry.contract_draft += totals.contract_draft
            entry.committed += totals.committed
            entry.pending += totals.pending
            entry.invoiced += totals.invoiced
            entry.paid += totals.paid
        for order in vendor.orders:
            if order.status == "cancelled":
                continue
            line = spends.get(order.budget_line_id) if order.budget_line_id else None
            if line is not None and line.currency == order.currency:
                if is_committed(order):
                    line.committed += order.amount
                line.invoiced += order.invoiced
                line.paid += order.paid
            elif is_committed(order):
                entry = unbudgeted.setdefault(order.currency, MoneyTotals(order.currency))
                entry.committed += order.amount
    for budget_line in lines:
        project_totals.setdefault(
            budget_line.currency, MoneyTotals(budget_line.currency)
        ).budget_lines += budget_line.amount or ZERO
    if changes is None:
        changes = approved_changes(session, project_id)
    if changes:
        project_totals.setdefault(currency, MoneyTotals(currency)).approved_changes += sum(
            (c.cost_impact for c in changes), ZERO
        )
    return SpendReport(
        currency=currency,
        vendors=vendor_rows,
        project=_ordered(project_totals, currency),
        budget_lines=list(spends.values()),
        unbudgeted_committed=_ordered(unbudgeted, currency),
        approved_changes=changes,
    )


def forecast_at_completion(report: SpendReport, currency: str | None = None) -> Decimal | None:
    """Each budget line's amount or, when more, what is committed to it; plus committed orders
    charged to no line and the approved changes. None without a budget in ``currency``."""
    code = currency or report.currency
    totals = report.totals_in(code)
    if not totals.has_budget:
        return None
    lines = [line for line in report.budget_lines if line.currency == code]
    unbudgeted = next(
        (t.committed for t in report.unbudgeted_committed if t.currency == code), ZERO
    )
    return (
        sum((max(line.amount, line.committed) for line in lines), unbudgeted)
        + totals.approved_changes
    )


@dataclass(frozen=True)
class BudgetWarning:
    """Contracts (or committed orders) above the budget in one currency."""

    currency: str
    budget: Decimal
    contracted: Decimal
    contract_draft: Decimal
    committed: Decimal
    approved_changes: Decimal

    @property
    def by_contracts(self) -> bool:
        """The contracts are what exceeds (else the committed orders do)."""
        return self.contracted >= self.committed

    @property
    def excess(self) -> Decimal:
        return max(self.contracted, self.committed) - self.budget

    @property
    def title(self) -> str:
        what = "Contracts" if self.by_contracts else "Committed orders"
        return f"{what} exceed the budget by {format_money(self.excess, self.currency)}"

    @property
    def detail(self) -> str:
        """The figures behind it, e.g. "contracts EUR 1,873,600.00 (incl. EUR 95,000.00
        draft), committed EUR 1,186,900.00, budget EUR 1,463,000.00 (incl. EUR 18,000.00
        approved changes)"."""
        draft = (
            f" (incl. {format_money(self.contract_draft, self.currency)} draft)"
            if self.contract_draft
            else ""
        )
        changes = (
            f" (incl. {format_money(self.approved_changes, self.currency)} approved changes)"
            if self.approved_changes
            else ""
        )
        return (
            f"contracts {format_money(self.contracted, self.currency)}{draft}, committed "
            f"{format_money(self.committed, self.currency)}, budget "
            f"{format_money(self.budget, self.currency)}{changes}"
        )


def budget_warnings(report: SpendReport) -> list[BudgetWarning]:
    """Each currency whose contracted or committed total exceeds its budget (a currency
    without budget has nothing to exceed), the project's currency first."""
    return [
        BudgetWarning(
            t.currency,
            t.budget,
            t.contract_value,
            t.contract_draft,
            t.committed,
            t.approved_changes,
        )
        for t in report.project
        if t.has_budget and max(t.contract_value, t.committed) > t.budget
    ]


def committed_under(contract: Contract, orders: Iterable[PurchaseOrder]) -> Decimal:
    """What the committed orders under ``contract`` (in its currency) add up to: what makes a
    contract "over" its value."""
    return sum(
        (
            o.amount or ZERO
            for o in orders
            if o.contract_id == contract.id and is_committed(o) and o.currency == contract.currency
        ),
        ZERO,
    )


def pending_under(contract: Contract, orders: Iterable[PurchaseOrder]) -> Decimal:
    """Orders under ``contract`` drafted or awaiting approval (in its currency)."""
    return sum(
        (
            o.amount or ZERO
            for o in orders
            if o.contract_id == contract.id and is_pending(o) and o.currency == contract.currency
        ),
        ZERO,
    )


@dataclass(frozen=True)
class ContractOverrun:
    """The orders under one contract above its value (``pending`` > 0: only with the orders
    still awaiting approval, which commit nothing yet)."""

    committed: Decimal
    pending: Decimal
    value: Decimal

    @property
    def ordered(self) -> Decimal:
        return self.committed + self.pending

    @property
    def only_pending(self) -> bool:
        return self.committed <= self.value


def contract_overrun(contract: Contract, orders: Iterable[PurchaseOrder]) -> ContractOverrun | None:
    """Whether the orders under ``contract`` exceed its value (terminated contracts aside):
    the committed ones, or with the pending ones too (then ``pending`` says how much is not
    approved yet). None when within the value."""
    if not is_contracted(contract):
        return None
    value = contract.value or ZERO
    committed = committed_under(contract, orders)
    if committed > value:
        return ContractOverrun(committed, ZERO, value)
    pending = pending_under(contract, orders)
    if committed + pending > value:
        return ContractOverrun(committed, pending, value)
    return None


def format_money(amount: Decimal | None, currency: str = "") -> str:
    """``EUR 12,500.00`` (or ``12,500.00`` without a currency); empty for ``None``."""
    if amount is None:
        return ""
    text = f"{amount:,.2f}"
    return f"{currency} {text}" if currency else text


def format_totals(totals: Iterable[MoneyTotals], attribute: str) -> str:
    """One figure per currency, e.g. ``EUR 10,000.00 + USD 2,500.00``."""
    parts = [
        format_money(getattr(t, attribute), t.currency)
        for t in totals
        if getattr(t, attribute) != ZERO
    ]
    return " + ".join(parts)
