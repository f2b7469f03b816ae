"""Money of the Vendors tab: contract value vs committed vs invoiced vs paid, per vendor and
for the project, and spend against the project's budget lines.

Everything is ``Decimal`` and kept per currency: amounts in different currencies are never
added together (there is no exchange rate in an offline tool).

* *contract value*: the value of contracts that are not draft or terminated;
* *committed*: orders from "approved" on (drafts, orders awaiting approval and cancelled
  orders commit nothing);
* *invoiced* / *paid*: what the orders record, whatever their status except cancelled.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from infradesk.model import BudgetLine, Contract, Project, PurchaseOrder, Vendor

ZERO = Decimal("0.00")
UNCOMMITTED_ORDER_STATUSES = frozenset({"draft", "awaiting approval", "cancelled"})
COUNTED_CONTRACT_STATUSES = frozenset({"negotiation", "active", "expired"})


@dataclass
class MoneyTotals:
    """Totals in one currency."""

    currency: str
    contract_value: Decimal = ZERO
    committed: Decimal = ZERO
    invoiced: Decimal = ZERO
    paid: Decimal = ZERO
    budget: Decimal = ZERO

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


@dataclass
class SpendReport:
    """Spend vs budget for one project (what the weekly report prints)."""

    currency: str  # the project's currency
    vendors: list[VendorSpend]
    project: list[MoneyTotals]  # per currency, the project's currency first
    budget_lines: list[BudgetLineSpend]
    unbudgeted_committed: list[MoneyTotals] = field(default_factory=list)


def is_committed(order: PurchaseOrder) -> bool:
    return order.status not in UNCOMMITTED_ORDER_STATUSES


def _totals_for(
    contracts: Iterable[Contract], orders: Iterable[PurchaseOrder]
) -> dict[str, MoneyTotals]:
    totals: dict[str, MoneyTotals] = {}

    def bucket(currency: str) -> MoneyTotals:
        return totals.setdefault(currency, MoneyTotals(currency))

    for contract in contracts:
        if contract.status in COUNTED_CONTRACT_STATUSES:
            bucket(contract.currency).contract_value += contract.value or ZERO
    for order in orders:
        if order.status == "cancelled":
            continue
        entry = bucket(order.currency)
        if is_committed(order):
            entry.committed += order.amount or ZERO
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


def spend_report(
    session: Session, project_id: int, vendors: list[Vendor] | None = None
) -> SpendReport:
    """Contract value / committed / invoiced / paid per vendor and for the project, and each
    budget line's spend (orders point at the budget line they are charged to). ``vendors``
    (with contracts and orders loaded) saves loading them again."""
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
            entry.committed += totals.committed
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
        ).budget += budget_line.amount or ZERO
    return SpendReport(
        currency=currency,
        vendors=vendor_rows,
        project=_ordered(project_totals, currency),
        budget_lines=list(spends.values()),
        unbudgeted_committed=_ordered(unbudgeted, currency),
    )


def contract_order_totals(contract: Contract, orders: Iterable[PurchaseOrder]) -> Decimal:
    """What the non-cancelled orders under ``contract`` (in its currency) add up to."""
    return sum(
        (
            o.amount
            for o in orders
            if o.contract_id == contract.id
            and o.status != "cancelled"
            and o.currency == contract.currency
        ),
        ZERO,
    )


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
