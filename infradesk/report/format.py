"""How the report writes dates, money and change impacts (money stays ``Decimal`` until here)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal


def fmt_date(value: date | datetime | None) -> str:
    return value.strftime("%d %b %Y") if value else "–"


def whole_units(value: Decimal) -> str:
    """``148000.00`` -> ``148 000`` (thin no-break spaces between thousands)."""
    return f"{value:,.0f}".replace(",", "\u202f")


def fmt_money(value: Decimal | None, currency: str) -> str:
    if value is None:
        return "–"
    return f"{whole_units(value)} {currency}"


def change_impact(schedule_days: int, cost: Decimal | None, currency: str) -> str:
    """A change request's impact: ``+3 d, +4 500 EUR`` (empty when it has none)."""
    parts = []
    if schedule_days:
        parts.append(f"{schedule_days:+d} d")
    if cost:
        parts.append(f"{cost:+,.0f} {currency}".replace(",", "\u202f"))
    return ", ".join(parts)
