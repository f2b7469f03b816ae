"""Vendors: deliveries, notice deadlines, other matters and spend."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from reportlab.platypus import Flowable, Paragraph

from infradesk.report import styles as st
from infradesk.report.data import AttentionRow
from infradesk.report.fonts import markup
from infradesk.report.format import fmt_date, fmt_money, whole_units
from infradesk.report.sections.page import Page


def vendors_section(page: Page) -> list[Flowable]:
    d = page.data
    out = page.heading("vendors")
    if not d.vendors_available:
        out.append(page.empty("No vendor is recorded for this project on the Vendors tab."))
        return out
    out.append(Paragraph(markup(f"Deliveries late or due within {d.due_days} days"), page.s.h2))
    if not d.deliveries:
        out.append(
            page.empty(f"No delivery is late and none is due in the next {d.due_days} days.")
        )
    else:
        shown, note = page.capped(d.deliveries, "deliveries")
        rows = []
        extra: list = []
        for index, item in enumerate(shown, start=1):
            if item.late:
                when = f"{item.days_late} d late"
                extra.append(("BACKGROUND", (0, index), (-1, index), st.HIGHLIGHT))
            elif item.days_late == 0:
                when = "Due today"
            else:
                when = f"in {-item.days_late} d"
            rows.append(
                [
                    page.p(item.vendor),
                    page.p(item.description),
                    page.p(item.task or "–"),
                    page.p(fmt_date(item.promised)),
                    page.p(item.status.capitalize() or "–"),
                    page.p(when, page.s.cell_alert_right if item.late else page.s.cell_right),
                ]
            )
        out.append(
            page.table(
                ["Vendor", "Delivery", "Gates task", "Promised", "Status", "When"],
                rows,
                (0.19, 0.29, 0.2, 0.12, 0.1, 0.1),
                right=(5,),
                extra=extra,
            )
        )
        if note:
            out.append(note)
    out.append(
        Paragraph(markup(f"Contract notice deadlines within {d.notice_days} days"), page.s.h2)
    )
    if not d.notices:
        out.append(page.empty(f"No notice deadline falls in the next {d.notice_days} days."))
    else:
        rows = [
            [
                page.p(n.vendor),
                page.p(n.contract),
                page.p(fmt_date(n.end)),
                page.p(n.notice or "–"),
                page.p(fmt_date(n.notice_by), bold=True),
                page.p("–" if n.days_left is None else f"{n.days_left} d", page.s.cell_right),
            ]
            for n in d.notices[: page.options.max_list_rows]
        ]
        out.append(
            page.table(
                ["Vendor", "Contract", "Ends", "Notice", "Give notice by", "Left"],
                rows,
                (0.19, 0.3, 0.13, 0.12, 0.16, 0.1),
                right=(5,),
            )
        )
    if d.vendor_attention:
        out.append(Paragraph(markup("Also needs attention"), page.s.h2))
        for item in d.vendor_attention[: page.options.max_list_rows]:
            title, detail = attention_text(item, d.as_of)
            out.append(
                Paragraph(
                    f"{markup(item.vendor, bold=True)}: {markup(title)} "
                    f"<font color='#6b7280'>({markup(detail)})</font>",
                    page.s.bullet,
                    bulletText="•",
                )
            )
    out.append(Paragraph(markup("Spend by vendor"), page.s.h2))
    if not d.spend:
        out.append(page.empty("No contract, order or invoice is recorded yet."))
    else:
        rows = [
            [
                page.p(r.vendor),
                *(
                    page.p(fmt_money(value, r.currency or d.currency), page.s.cell_right)
                    for value in (r.contract_value, r.committed, r.invoiced, r.paid)
                ),
            ]
            for r in d.spend[: page.options.max_list_rows]
        ]
        out.append(
            page.table(
                ["Vendor", "Contract value", "Committed", "Invoiced", "Paid"],
                rows,
                (0.32, 0.17, 0.17, 0.17, 0.17),
                right=(1, 2, 3, 4),
            )
        )
    return out


def _days(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


def attention_text(item: AttentionRow, as_of: date) -> tuple[str, str]:
    """What the line says and its detail in brackets, amounts in whole units."""
    if item.kind == "over" and item.ordered is not None:
        value = item.value or Decimal(0)
        exceed = (
            f" (incl. {whole_units(item.pending)} awaiting approval) would exceed"
            if item.pending
            else " exceed"
        )
        return (
            f"{item.subject}: orders {whole_units(item.ordered)}{exceed} the contract's "
            f"{whole_units(value)} {item.currency}",
            f"{item.contract} — over by {whole_units(item.ordered - value)}",
        )
    if item.kind == "expired" and item.day is not None:
        return (
            f"{item.subject} ended {_days((as_of - item.day).days)} ago",
            f"{item.contract} — still marked active",
        )
    return item.subject, item.contract
