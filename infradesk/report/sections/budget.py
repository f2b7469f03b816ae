"""The budget figures with SPI and CPI, and the budget lines."""

from __future__ import annotations

from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    Table,
)

from infradesk.report import styles as st
from infradesk.report.fonts import markup
from infradesk.report.format import fmt_money
from infradesk.report.sections.page import Cell, Page


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


def budget_section(page: Page) -> list[Flowable]:
    b = page.data.budget
    cur = b.currency
    out = page.heading("budget")
    variance = None
    if b.budget is not None and b.forecast is not None:
        variance = b.forecast - b.budget
    spi = "–" if b.spi is None else f"{b.spi:.2f}"
    spi_detail = ""
    if b.spi is not None and b.earned_percent is not None and b.planned_percent is not None:
        spi_detail = f"{b.earned_percent:.0f}% done / {b.planned_percent:.0f}% planned"
    values = [
        ("Budget", fmt_money(b.budget, cur)),
        ("Committed (orders)", fmt_money(b.committed, cur)),
        ("Actual (invoiced)", fmt_money(b.actual, cur)),
        ("Paid", fmt_money(b.paid, cur)),
        ("Forecast at completion", fmt_money(b.forecast, cur)),
        (
            "Variance at completion",
            "–" if variance is None else ("+" if variance > 0 else "") + fmt_money(variance, cur),
        ),
        ("SPI (schedule performance)", spi),
        ("CPI (cost performance)", "–" if b.cpi is None else f"{b.cpi:.2f}"),
    ]
    alert = variance is not None and variance > 0
    cells: list[list[Cell]] = []
    for start in (0, 4):
        group = values[start : start + 4]
        group += [("", "")] * (4 - len(group))
        cells.append([page.p(k, page.s.small) for k, _ in group])
        cells.append(
            [
                [
                    page.p(
                        v,
                        page.s.cell_alert
                        if alert and k.startswith("Variance")
                        else page.s.cell_bold,
                    ),
                    *([page.p(spi_detail, page.s.small)] if k.startswith("SPI") else []),
                ]
                for k, v in group
            ]
        )
    table = Table(cells, colWidths=[page.width / 4] * 4, hAlign="LEFT")
    table.setStyle(
        [
            ("BOX", (0, 0), (-1, -1), 0.6, st.RULE),
            ("INNERGRID", (0, 0), (-1, -1), 0.3, st.RULE),
            ("BACKGROUND", (0, 0), (-1, 0), st.ZEBRA),
            ("BACKGROUND", (0, 2), (-1, 2), st.ZEBRA),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]
    )
    out.append(table)
    notes = b.notes
    if page.options.executive:  # only why a figure is missing; the full report explains
        notes = [n for n in notes if "not shown" in n or "Not included" in n]
    notes_block = [page.empty(note) for note in notes]
    if page.options.executive:
        return [KeepTogether(out + notes_block)]
    return [KeepTogether([*out, *notes_block]), *budget_lines_block(page)]
