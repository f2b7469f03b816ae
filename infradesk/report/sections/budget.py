"""The budget figures with SPI and CPI, the earned-value table and S-curve, and the budget
lines. Every figure is written by the helpers here (``ratio``, ``fmt_money``), the ones the
summary's text uses too, so text and tables agree digit for digit."""

from __future__ import annotations

from decimal import Decimal

from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
)

from infradesk.report import styles as st
from infradesk.report.charts import SCurveChart
from infradesk.report.data import EarnedValueData
from infradesk.report.fonts import markup
from infradesk.report.format import fmt_date, fmt_money
from infradesk.report.sections.page import Cell, Page


def ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def days(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f} d"


def signed_money(value: Decimal | None, currency: str) -> str:
    if value is None:
        return "–"
    return ("+" if value > 0 else "") + fmt_money(value, currency)


def _figure_grid(page: Page, values: list[tuple[str, str]], alerts: set[str]) -> st.Table:
    """Label/value pairs four to a row, as the budget figures are drawn."""
    cells: list[list[Cell]] = []
    for start in range(0, len(values), 4):
        group = values[start : start + 4]
        group += [("", "")] * (4 - len(group))
        cells.append([page.p(k, page.s.small) for k, _ in group])
        cells.append(
            [page.p(v, page.s.cell_alert if k in alerts else page.s.cell_bold) for k, v in group]
        )
    table = st.Table(cells, colWidths=[page.width / 4] * 4, hAlign="LEFT")
    style = [
        ("BOX", (0, 0), (-1, -1), 0.6, st.RULE),
        ("INNERGRID", (0, 0), (-1, -1), 0.3, st.RULE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    style += [("BACKGROUND", (0, r), (-1, r), st.ZEBRA) for r in range(0, len(cells), 2)]
    table.setStyle(style)
    return table


def evm_values(ev: EarnedValueData, currency: str) -> list[tuple[str, str]]:
    """The earned-value table's cells (label, text), in reading order (only the schedule
    figures when the baseline carries no cost)."""
    schedule = [
        ("ES (earned schedule)", days(ev.es_days)),
        ("AT (actual time)", days(ev.at_days)),
        ("SPI(t) (ES / AT)", ratio(ev.spi_t)),
        ("Forecast finish (ES)", fmt_date(ev.forecast_finish)),
    ]
    if ev.by_work:
        return [
            ("Work done", f"{100 * ev.ev / ev.bac:.0f}%"),
            ("Work planned to date", f"{100 * ev.pv / ev.bac:.0f}%"),
            ("SPI (EV / PV)", ratio(ev.spi)),
            ("CPI (EV / AC)", "–"),
            *schedule,
        ]
    return [
        ("BAC (budget at completion)", fmt_money(ev.bac, currency)),
        ("PV (planned value)", fmt_money(ev.pv, currency)),
        ("EV (earned value)", fmt_money(ev.ev, currency)),
        ("AC (actual cost)", fmt_money(ev.ac, currency)),
        ("SV (EV − PV)", signed_money(ev.sv, currency)),
        ("CV (EV − AC)", signed_money(ev.cv, currency)),
        ("SPI (EV / PV)", ratio(ev.spi)),
        ("CPI (EV / AC)", ratio(ev.cpi)),
        ("EAC (BAC / CPI)", fmt_money(ev.eac, currency)),
        ("ETC (EAC − AC)", fmt_money(ev.etc, currency)),
        ("VAC (BAC − EAC)", signed_money(ev.vac, currency)),
        ("TCPI", ratio(ev.tcpi)),
        *schedule,
    ]


def earned_value_block(page: Page) -> list[Flowable]:
    """The EVM table and the S-curve (nothing when the report has no earned value)."""
    ev = page.data.earned_value
    if ev is None:
        return []
    cur = page.data.currency
    kind = "Earned schedule (weighted by work)" if ev.by_work else "Earned value"
    title = f"{kind} as of {ev.status_date:%d %b %Y %H:%M} against the baseline '{ev.baseline}'"
    alerts = set()
    if ev.vac is not None and ev.vac < 0:
        alerts.add("VAC (BAC − EAC)")
    if ev.cpi is not None and ev.cpi < 1:
        alerts.add("CPI (EV / AC)")
    if ev.spi_t is not None and ev.spi_t < 1:
        alerts.add("SPI(t) (ES / AT)")
    out: list[Flowable] = [
        Paragraph(markup(title), page.s.h2),
        _figure_grid(page, evm_values(ev, cur), alerts),
    ]
    if ev.baseline_finish is not None:
        out.append(page.empty(f"Baseline finish {fmt_date(ev.baseline_finish)}."))
    chart: list[Flowable] = []
    if len(ev.curve) >= 2 and not page.options.executive:
        chart = [
            Paragraph(markup("S-curve: planned value, earned value and actual cost"), page.s.h2),
            SCurveChart(ev.curve, ev.status_date, width=page.width, currency=cur),
        ]
    return [KeepTogether(out), *([KeepTogether(chart)] if chart else [])]


def budget_lines_block(page: Page) -> list[Flowable]:
    d = page.data
    out: list[Flowable] = [Paragraph(markup("Spend against budget lines"), page.s.h2)]
    if not d.budget_lines:
        out.append(page.empty("No budget lines are recorded (add them on the Vendors tab)."))
        return out
    rows = []
    extra: list = []
    for index, line in enumerate(d.budget_lines[: page.options.max_list_rows], start=1):
        cur = line.currency or d.currency
        over = line.remaining < 0
        if over:
            extra.append(("BACKGROUND", (0, index), (-1, index), st.HIGHLIGHT))
        rows.append(
            [
                page.p(line.name),
                page.p(fmt_money(line.budget, cur), page.s.cell_right),
                page.p(fmt_money(line.committed, cur), page.s.cell_right),
                page.p(fmt_money(line.invoiced, cur), page.s.cell_right),
                page.p(
                    fmt_money(line.remaining, cur),
                    page.s.cell_alert_right if over else page.s.cell_right,
                ),
            ]
        )
    out.append(
        page.table(
            ["Budget line", "Budget", "Committed", "Invoiced", "Uncommitted"],
            rows,
            (0.4, 0.15, 0.15, 0.15, 0.15),
            right=(1, 2, 3, 4),
            extra=extra,
        )
    )
    return out


def _quantity(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


def resource_cost_block(page: Page) -> list[Flowable]:
    """Planned resource cost (issue 18): work x rate + cost per use, per resource."""
    d = page.data
    out: list[Flowable] = [Paragraph(markup("Planned resource cost"), page.s.h2)]
    if not d.resource_costs:
        out.append(page.empty("No resources are assigned to this project's tasks."))
        return out
    shown = d.resource_costs[: page.options.max_list_rows]
    rows = []
    for line in shown:
        if line.kind == "work":
            amount = f"{line.work_minutes / 60:,.1f} h"
        elif line.kind == "material":
            amount = f"{_quantity(line.quantity)} {line.label}".strip()
        else:
            amount = "–"
        rows.append(
            [
                page.p(line.name),
                page.p(line.kind.capitalize()),
                page.p(amount, page.s.cell_right),
                page.p(fmt_money(line.cost, d.currency), page.s.cell_right),
            ]
        )
    total = sum((line.cost for line in d.resource_costs), Decimal("0"))
    hidden = len(d.resource_costs) - len(shown)
    label = "Total" if not hidden else f"Total (with {hidden} more not listed)"
    rows.append(
        [
            page.p(label, page.s.cell_bold),
            page.p(""),
            page.p(""),
            page.p(fmt_money(total, d.currency), page.s.cell_bold_right),
        ]
    )
    out.append(
        page.table(
            ["Resource", "Kind", "Planned work", "Planned cost"],
            rows,
            (0.45, 0.15, 0.2, 0.2),
            right=(2, 3),
        )
    )
    return out


def budget_section(page: Page) -> list[Flowable]:
    b = page.data.budget
    cur = b.currency
    out = page.heading("budget")
    variance = None
    if b.budget is not None and b.forecast is not None:
        variance = b.forecast - b.budget
    spi = ratio(b.spi)
    spi_detail = ""
    if b.spi is not None and b.earned_percent is not None and b.planned_percent is not None:
        spi_detail = f"{b.earned_percent:.0f}% done / {b.planned_percent:.0f}% planned"
    values = [
        ("Budget", fmt_money(b.budget, cur)),
        ("Contracted", fmt_money(b.contracted, cur)),
        ("Committed (orders)", fmt_money(b.committed, cur)),
        ("Invoiced", fmt_money(b.actual, cur)),
        ("Paid", fmt_money(b.paid, cur)),
        ("Forecast at completion", fmt_money(b.forecast, cur)),
        (
            "Variance at completion",
            "–" if variance is None else ("+" if variance > 0 else "") + fmt_money(variance, cur),
        ),
        ("", ""),  # SPI and CPI on a row of their own
        ("SPI (schedule performance)", spi),
        ("CPI (cost performance)", ratio(b.cpi)),
    ]
    alert = variance is not None and variance > 0
    over = b.budget is not None and b.contracted is not None and b.contracted > b.budget
    cells: list[list[Cell]] = []
    for start in range(0, len(values), 4):
        group = values[start : start + 4]
        group += [("", "")] * (4 - len(group))
        cells.append([page.p(k, page.s.small) for k, _ in group])
        cells.append(
            [
                [
                    page.p(
                        v,
                        page.s.cell_alert
                        if (alert and k.startswith("Variance")) or (over and k == "Contracted")
                        else page.s.cell_bold,
                    ),
                    *([page.p(spi_detail, page.s.small)] if k.startswith("SPI") else []),
                ]
                for k, v in group
            ]
        )
    table = st.Table(cells, colWidths=[page.width / 4] * 4, hAlign="LEFT")
    table.setStyle(
        [
            ("BOX", (0, 0), (-1, -1), 0.6, st.RULE),
            ("INNERGRID", (0, 0), (-1, -1), 0.3, st.RULE),
            *(("BACKGROUND", (0, r), (-1, r), st.ZEBRA) for r in range(0, len(cells), 2)),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]
    )
    out.append(table)
    # Warnings (contracts over the budget) are alerts, kept in the executive version too.
    if b.warnings:
        out.append(Spacer(1, 2 * mm))
        out += [Paragraph(markup(text), page.s.cell_alert) for text in b.warnings]
    notes = b.notes
    if page.options.executive:  # only why a figure is missing; the full report explains
        notes = [n for n in notes if "not shown" in n or "Not included" in n]
    notes_block = [page.empty(note) for note in notes]
    if page.options.executive:
        return [KeepTogether(out + notes_block)]
    return [
        KeepTogether([*out, *notes_block]),
        *earned_value_block(page),
        *budget_lines_block(page),
        *resource_cost_block(page),
    ]
