"""Vendors and everything the project buys from them: contacts, scores, contracts, purchase
orders, deliveries, and the project's budget lines the spend is measured against.

Money is ``Decimal`` (``Numeric(14, 2)``) with a three-letter currency next to it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from infradesk.model.base import MONEY, Base, Versioned


class Vendor(Versioned, Base):
    """A supplier: hardware, carrier, colocation, integrator..."""

    __tablename__ = "vendor"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(50), default="hardware")
    notes: Mapped[str] = mapped_column(Text, default="")
    account_number: Mapped[str] = mapped_column(String(100), default="")
    website: Mapped[str] = mapped_column(String(300), default="")

    contracts: Mapped[list[Contract]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="Contract.id"
    )
    deliverables: Mapped[list[Deliverable]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="Deliverable.id"
    )
    contacts: Mapped[list[Contact]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="Contact.id"
    )
    scores: Mapped[list[VendorScore]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="VendorScore.scored_on"
    )
    orders: Mapped[list[PurchaseOrder]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="PurchaseOrder.id"
    )


class Contact(Versioned, Base):
    """A person at the vendor; one of them is usually the account manager."""

    __tablename__ = "vendor_contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendor.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(100), default="")
    account_manager: Mapped[bool] = mapped_column(Boolean, default=False)


class VendorScore(Versioned, Base):
    """One dated performance review, each criterion 1 (poor) to 5 (excellent)."""

    __tablename__ = "vendor_score"

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendor.id", ondelete="CASCADE"), index=True)
    scored_on: Mapped[date] = mapped_column(Date)
    quality: Mapped[int] = mapped_column(Integer, default=3)
    timeliness: Mapped[int] = mapped_column(Integer, default=3)
    responsiveness: Mapped[int] = mapped_column(Integer, default=3)
    commercial: Mapped[int] = mapped_column(Integer, default=3)
    note: Mapped[str] = mapped_column(Text, default="")


class Contract(Versioned, Base):
    """A contract with a vendor; money is Decimal in the contract's currency.

    The notice period is ``notice_months`` months plus ``notice_days`` days before ``end``
    (usually one of them is zero); see ``infradesk.services.vendors.dates.notice_deadline``.
    """

    __tablename__ = "contract"

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendor.id", ondelete="CASCADE"), index=True)
    number: Mapped[str] = mapped_column(String(100), default="")
    title: Mapped[str] = mapped_column(String(500), default="")
    value: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0"))
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    start: Mapped[date | None] = mapped_column(Date, default=None)
    end: Mapped[date | None] = mapped_column(Date, default=None)
    notice_days: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(30), default="active")
    contract_type: Mapped[str] = mapped_column(String(50), default="purchase")
    notice_months: Mapped[int] = mapped_column(Integer, default=0)
    renewal: Mapped[str] = mapped_column(String(20), default="none")
    sla_availability: Mapped[Decimal | None] = mapped_column(Numeric(6, 3), default=None)
    sla_response: Mapped[str] = mapped_column(String(100), default="")
    sla_resolution: Mapped[str] = mapped_column(String(100), default="")
    document_path: Mapped[str] = mapped_column(String(1000), default="")


class BudgetLine(Versioned, Base):
    """One line of the project's budget (hardware, services...), in a currency."""

    __tablename__ = "budget_line"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    category: Mapped[str] = mapped_column(String(50), default="other")
    description: Mapped[str] = mapped_column(String(500), default="")
    amount: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0"))
    currency: Mapped[str] = mapped_column(String(3), default="EUR")


class PurchaseOrder(Versioned, Base):
    """An order placed with a vendor, optionally under a contract and against a budget line."""

    __tablename__ = "purchase_order"

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendor.id", ondelete="CASCADE"), index=True)
    contract_id: Mapped[int | None] = mapped_column(
        ForeignKey("contract.id", ondelete="SET NULL"), index=True, default=None
    )
    budget_line_id: Mapped[int | None] = mapped_column(
        ForeignKey("budget_line.id", ondelete="SET NULL"), index=True, default=None
    )
    # the task this order pays for: its invoiced amount adds to the task's actual cost
    task_id: Mapped[int | None] = mapped_column(
        ForeignKey("task.id", ondelete="SET NULL"), index=True, default=None
    )
    number: Mapped[str] = mapped_column(String(100), default="")
    description: Mapped[str] = mapped_column(String(500), default="")
    amount: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0"))
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    order_date: Mapped[date | None] = mapped_column(Date, default=None)
    due_date: Mapped[date | None] = mapped_column(Date, default=None)
    status: Mapped[str] = mapped_column(String(30), default="draft")
    invoiced: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0"))
    paid: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0"))


class Deliverable(Versioned, Base):
    """A shipment or deliverable promised by a vendor; it can gate a task."""

    __tablename__ = "deliverable"

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendor.id", ondelete="CASCADE"), index=True)
    description: Mapped[str] = mapped_column(String(500))
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    promised: Mapped[date | None] = mapped_column(Date, default=None)
    actual: Mapped[date | None] = mapped_column(Date, default=None)
    status: Mapped[str] = mapped_column(String(30), default="ordered")
    task_id: Mapped[int | None] = mapped_column(
        ForeignKey("task.id", ondelete="SET NULL"), index=True, default=None
    )
    order_id: Mapped[int | None] = mapped_column(
        ForeignKey("purchase_order.id", ondelete="SET NULL"), index=True, default=None
    )
