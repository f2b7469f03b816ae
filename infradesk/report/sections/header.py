"""The page head: title, the RAG panel and what changed since the previous report."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    Paragraph,
    Spacer,
)

from infradesk.report import styles as st
from infradesk.report.charts import TREND_WORDS, RagBadge
from infradesk.report.clipping import ClippedParagraph
from infradesk.report.data import (
    DIMENSIONS,
    Rag,
    RagRating,
    Trend,
)
from infradesk.report.fonts import markup
from infradesk.report.format import fmt_date
from infradesk.report.sections.page import TITLE_LINES, Cell, Page


def title_block(page: Page) -> list[Flowable]:
    d = page.data
    title = "Executive status summary" if page.options.executive else "Weekly status report"
    meta = (
        f"Reporting period {fmt_date(d.period_start)} – {fmt_date(d.period_end)}"
        f"   ·   As of {fmt_date(d.as_of)}   ·   Project manager: {d.manager or '–'}"
    )
    return [
        ClippedParagraph(d.project, page.s.title, TITLE_LINES * page.s.title.leading, bold=True),
        Paragraph(markup(title), page.s.subtitle),
        Spacer(1, 1.5 * mm),
        ClippedParagraph(meta, page.s.body, TITLE_LINES * page.s.body.leading),
        Spacer(1, 3 * mm),
    ]


def rag_panel(page: Page) -> list[Flowable]:
    d = page.data
    overall = d.overall
    overall_cell = [
        Paragraph(markup("Overall status", bold=True), page.s.cell),
        Spacer(1, 2),
        RagBadge(overall.rag, width=62, height=18, font_size=9.5, trend=overall.trend),
        Spacer(1, 2),
        Paragraph(markup(_trend_text(page, overall)), page.s.small),
    ]
    if overall.justification:
        overall_cell.append(page.p(overall.justification, page.s.small))
    by_name = {r.dimension: r for r in d.dimensions}
    rows: list[list[Cell]] = []
    for name in DIMENSIONS:
        rating = by_name.get(name, RagRating(name, Rag.NONE))
        reason = rating.justification or rating.reason
        if rating.rag is not rating.suggested and rating.suggested is not Rag.NONE:
            reason = f"{reason} (suggested from data: {rating.suggested.label})".strip()
        rows.append(
            [
                page.p(name.capitalize(), bold=True),
                RagBadge(rating.rag, trend=rating.trend),
                page.p(TREND_WORDS[rating.trend], page.s.small),
                page.p(reason or "–"),
            ]
        )
    inner = st.Table(
        [page.header_row(["Dimension", "RAG", "Trend", "Justification"]), *rows],
        colWidths=[w * (page.width * 0.78 - 6) for w in (0.17, 0.17, 0.1, 0.56)],
        repeatRows=1,
    )
    inner.setStyle(st.table_style(extra=[("VALIGN", (0, 1), (-1, -1), "MIDDLE")]))
    panel = st.Table(
        [[overall_cell, inner]],
        colWidths=[page.width * 0.22, page.width * 0.78],
        hAlign="LEFT",
    )
    panel.setStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BOX", (0, 0), (0, 0), 0.6, st.RULE),
            ("BACKGROUND", (0, 0), (0, 0), st.ZEBRA),
            ("LEFTPADDING", (0, 0), (0, 0), 6),
            ("TOPPADDING", (0, 0), (0, 0), 6),
            ("BOTTOMPADDING", (0, 0), (0, 0), 6),
            ("LEFTPADDING", (1, 0), (1, 0), 6),
            ("RIGHTPADDING", (1, 0), (1, 0), 0),
        ]
    )
    return [panel]


def _trend_text(page: Page, rating: RagRating) -> str:
    if rating.trend is Trend.NEW:
        return "First report: no trend yet" if page.data.changes.previous_as_of is None else ""
    previous = page.data.changes.previous_as_of
    word = {Trend.UP: "Improved", Trend.DOWN: "Worse", Trend.SAME: "Unchanged"}[rating.trend]
    return f"{word} since {fmt_date(previous)}" if previous else word


def changes_block(page: Page) -> list[Flowable]:
    changes = page.data.changes
    if changes.previous_as_of is None:
        return []
    out: list[Flowable] = [
        Paragraph(
            markup(f"What changed since the report of {fmt_date(changes.previous_as_of)}"),
            page.s.h2,
        )
    ]
    if changes.empty:
        out.append(page.empty("No new or closed risks, no milestone moved, no change approved."))
        return out
    groups = [
        ("New risks", changes.new_risks),
        ("Closed risks", changes.closed_risks),
        ("Milestones moved", changes.milestones_moved),
        ("Changes approved", changes.changes_approved),
    ]
    for label, items in groups:
        for item in items:
            out.append(
                page.free(item, page.s.bullet, prefix=f"{markup(label, bold=True)}: ", bullet="•")
            )
    return out
