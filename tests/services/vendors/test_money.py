"""Money totals are exact Decimals, per currency, with the documented status rules."""

from __future__ import annotations

from decimal import Decimal

import pytest

from infradesk.services.vendors.fields import VendorEditError, parse_money
from infradesk.services.vendors.money import format_money, format_totals, spend_report


def test_vendor_and_project_totals(workspace, vendor_project) -> None:
    with workspace.session() as session:
        report = spend_report(session, vendor_project)
    assert report.currency == "EUR"
    net = next(v for v in report.vendors if v.name == "NetSource")
    eur, usd = net.totals
    assert eur.currency == "EUR" and usd.currency == "USD"
    # Both contracts count (active); the expired-but-active one is still a contract value.
    assert eur.contract_value == Decimal("105000.00")
    # Only PO-1 commits: PO-2 awaits approval, PO-3 is cancelled (its invoice is ignored).
    assert eur.committed == Decimal("80000.10")
    assert eur.invoiced == Decimal("40000.05")
    assert eur.paid == Decimal("20000.02")
    assert eur.open_commitment == Decimal("40000.05")
    assert (usd.committed, usd.invoiced, usd.paid) == (Decimal("1000.00"),) * 3
    assert all(isinstance(v, Decimal) for v in (eur.committed, eur.paid, usd.paid))

    project_eur = report.project[0]
    assert project_eur.currency == "EUR"
    assert project_eur.budget == Decimal("120000.00")
    assert project_eur.remaining_budget == Decimal("39999.90")
    empty = next(v for v in report.vendors if v.name == "EmptyCo")
    assert empty.totals == []


def test_budget_lines_collect_their_orders(workspace, vendor_project) -> None:
    with workspace.session() as session:
        report = spend_report(session, vendor_project)
    switches = next(line for line in report.budget_lines if line.description == "Switches")
    assert switches.committed == Decimal("80000.10")
    assert switches.remaining == Decimal("19999.90")
    assert not switches.over
    install = next(line for line in report.budget_lines if line.description == "Install")
    assert install.committed == Decimal("0.00")
    # The USD order has no budget line: it shows as unbudgeted spend, in its own currency.
    assert [(t.currency, t.committed) for t in report.unbudgeted_committed] == [
        ("USD", Decimal("1000.00"))
    ]


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("12500", "12500.00"),
        ("12,500.5", "12500.50"),
        ("12.500,75", "12500.75"),
        ("€ 1 200", "1200.00"),
        ("1,5", "1.50"),
        ("0.1", "0.10"),
        ("EUR 99", "99.00"),
    ],
)
def test_parse_money(text: str, amount: str) -> None:
    assert parse_money(text) == Decimal(amount)


@pytest.mark.parametrize("text", ["abc", "-5", "1e400", "NaN"])
def test_parse_money_refuses(text: str) -> None:
    with pytest.raises(VendorEditError):
        parse_money(text)


def test_sums_do_not_drift_like_floats() -> None:
    total = sum((parse_money("0.10") for _ in range(10)), Decimal(0))
    assert total == Decimal("1.00")
    assert format_money(Decimal("1234567.5"), "EUR") == "EUR 1,234,567.50"
    assert format_money(None) == ""


def test_format_totals_per_currency(workspace, vendor_project) -> None:
    with workspace.session() as session:
        net = next(
            v for v in spend_report(session, vendor_project).vendors if v.name == "NetSource"
        )
    assert format_totals(net.totals, "committed") == "EUR 80,000.10 + USD 1,000.00"
