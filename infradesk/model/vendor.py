"""Vendors, their contracts and deliveries. (The Vendors issue extends these.)"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from infradesk.model.base import Base


class Vendor(Base):
    """A supplier: hardware, carrier, colocation, integrator..."""

    __tablename__ = "vendor"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(50), default="hardware")
    notes: Mapped[str] = mapped_column(Text, default="")

    contracts: Mapped[list[Contract]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )
    deliverables: Mapped[list[Deliverable]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )


class Contract(Base):
    """A contract with a vendor; money is Decimal in the contract's currency."""

    __tablename__ = "contract"

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendor.id", ondelete="CASCADE"), index=True)
    number: Mapped[str] = mapped_column(String(100), default="")
    title: Mapped[str] = mapped_column(String(500), default="")
    value: Mapped[Decimal] = mapped_column(Numeric(14, 2), default=Decimal("0"))
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    start: Mapped[date | None] = mapped_column(Date, default=None)
    end: Mapped[date | None] = mapped_column(Date, default=None)
    notice_days: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(30), default="active")


class Deliverable(Base):
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
