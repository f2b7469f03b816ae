"""The earned-value figures as the Cost tab and the Gantt's SPI/CPI columns write them.

Money in whole units of the project's currency with thousands separators (the figures are for
reading; the export keeps cents), ratios with two decimals, times in working days. A figure
the formulas cannot give (a division by zero) is shown as "—", never 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from infradesk.schedule.earned_value import EarnedValue, SCurvePoint
from infradesk.services.vendors.money import SpendReport, budget_warnings
from infradesk.ui.progress.cost_tab import CostData
from infradesk.ui.progress.scurve import CurvePoint

DASH = "—"


def money(amount: Decimal | None, currency: str) -> str:
    if amount is None:
        return DASH
    return f"{amount:,.0f} {currency}".strip()


def ratio(value: float | None) -> str:
    return DASH if value is None else f"{value:.2f}"


def cost_data(
    ev: EarnedValue | None,
    curve: Sequence[SCurvePoint],
    currency: str,
    minutes_per_day: int,
    note: str = "",
) -> CostData:
    """What the Cost tab shows for ``ev`` (None: no figures, ``note`` says why)."""
    if ev is None:
        return CostData(note=note, currency=currency)
    p = ev.project
    figures = {
        "bac": money(p.bac, currency),
        "pv": money(p.pv, currency),
        "ev": money(p.ev, currency),
        "ac": money(p.ac, currency),
        "sv": money(p.sv, currency),
        "cv": money(p.cv, currency),
        "spi": ratio(p.spi),
        "cpi": ratio(p.cpi),
        "eac": money(p.eac, currency),
        "etc": money(p.etc, currency),
        "vac": money(p.vac, currency),
        "tcpi": ratio(p.tcpi),
    }
    schedule = ev.schedule
    if schedule is not None:
        figures["es"] = f"{schedule.earned_schedule / minutes_per_day:.1f} d"
        figures["spi_t"] = ratio(schedule.spi_t)
        finish = schedule.forecast_finish
        figures["forecast"] = f"{finish:%a %d %b %Y}" if finish else DASH
    points = [CurvePoint(c.at, c.pv, c.ev, c.ac) for c in curve]
    return CostData(figures, points, ev.status_date, currency, note)


def budget_text(report: SpendReport) -> tuple[str, str]:
    """The project's budget line and its warning ("" when none), by the money rules the
    Vendors tab and the report use (``services.vendors.money``), in the project's currency."""
    cur = report.currency
    t = report.totals_in(cur)
    if not (t.budget or t.contract_value or t.committed):
        return "", ""
    budget = money(t.budget, cur) if t.budget else "none recorded"
    if t.approved_changes:
        budget += f" (incl. {money(t.approved_changes, cur)} approved changes)"
    contracted = money(t.contract_value, cur)
    if t.contract_draft:
        contracted += f" (incl. {money(t.contract_draft, cur)} draft)"
    committed = money(t.committed, cur)
    if t.pending:
        committed += f" (+ {money(t.pending, cur)} pending approval)"
    text = (
        f"Budget {budget} · contracted {contracted} · committed {committed} · "
        f"invoiced {money(t.invoiced, cur)}"
    )
    warning = next((w for w in budget_warnings(report) if w.currency == cur), None)
    alert = ""
    if warning is not None:
        what = "Contracts exceed" if warning.by_contracts else "Committed orders exceed"
        alert = f"{what} the budget by {money(warning.excess, cur)}."
    return text, alert
