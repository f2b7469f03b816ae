"""The portfolio PDF: a one-page overview of every project, then each project's executive page.

Page 1 is the portfolio table (the Portfolio tab's columns, the RAG as a coloured badge with its
trend arrow), the totals and a bar of the red / amber / green counts. Each project then gets
the weekly report's one-page executive summary, drawn by the same builder
(``status_report.executive_story``), so a project's page here is the page its own report
prints.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import BinaryIO

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer

from infradesk.report import styles as st
from infradesk.report.charts import RagBadge
from infradesk.report.data import Rag, ReportData, ReportOptions, Trend
from infradesk.report.fonts import REGULAR, markup
from infradesk.report.format import fmt_date
from infradesk.report.portfolio_data import (
    RAG_ORDER,
    PortfolioRow,
    freeze_text,
    money_text,
    totals_of,
)
from infradesk.report.sections.page import Page
from infradesk.report.status_report import executive_story
from infradesk.report.template import NumberedCanvas, ReportTemplate

TITLES = (
    "Project",
    "RAG",
    "SPI(t)",
    "CPI",
    "Next milestone",
    "Slip",
    "Budget used",
    "Forecast",
    "Risks",
    "Actions",
    "Freezes ahead",
)
FRACTIONS = (0.14, 0.085, 0.065, 0.055, 0.14, 0.06, 0.115, 0.09, 0.06, 0.08, 0.11)
RIGHT = (2, 3, 5, 6, 7, 8, 9)


def render_portfolio_report(
    rows: Sequence[PortfolioRow],
    executives: Sequence[ReportData],
    target: str | Path | BinaryIO,
    as_of: date,
    options: ReportOptions | None = None,
) -> None:
    """Write the overview of ``rows`` and the executive page of each of ``executives``."""
    options = options or ReportOptions()
    executive_options = ReportOptions(
        page_size=options.page_size, logo_path=options.logo_path, executive=True
    )
    overview = Page(_blank(as_of), executive_options)
    doc = ReportTemplate(
        target,
        pagesize=overview.pagesize,
        title=f"Portfolio report {as_of.isoformat()}",
        header_left="Portfolio",
        header_right=f"Portfolio report · {fmt_date(as_of)}",
        footer_left=f"{_projects(len(rows))} · generated {fmt_date(as_of)} · InfraDesk",
        logo_path=options.logo_path,
    )
    story: list[Flowable] = overview_story(overview, rows, as_of)
    for data in executives:
        story.append(PageBreak())
        story.extend(executive_story(Page(data, executive_options), doc))
    doc.build(story, canvasmaker=NumberedCanvas)


def overview_story(page: Page, rows: Sequence[PortfolioRow], as_of: date) -> list[Flowable]:
    """The first page: title, the table (worst rating first), totals and the RAG chart."""
    s = page.s
    totals = totals_of(list(rows))
    ordered = sorted(rows, key=lambda r: (RAG_ORDER.get(r.overall, 9), r.name.casefold()))
    late = ParagraphStyle("late", s.cell_alert, alignment=TA_RIGHT)
    body = []
    for row in ordered:
        rag = Rag.parse(row.overall)
        body.append(
            [
                page.p(row.name, bold=True),
                RagBadge(rag, width=34, height=11, font_size=6.5, trend=Trend(row.trend)),
                page.p(_index(row.spi), s.cell_right),
                page.p(_index(row.cpi), s.cell_right),
                page.p(_milestone(row)),
                page.p(_slip(row), late if (row.slip_days or 0) > 0 else s.cell_right),
                page.p(_used(row), s.cell_right),
                page.p(money_text(row.forecast) or "–", s.cell_right),
                page.p(f"{row.critical_risks} / {row.high_risks}", s.cell_right),
                page.p(str(row.overdue_actions), s.cell_right),
                page.p(freeze_text(row)),
            ]
        )
    extra: list = [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
    ]
    table = page.table(TITLES, body, FRACTIONS, right=RIGHT, extra=extra)
    story: list[Flowable] = [
        Paragraph(markup("Portfolio report", bold=True), s.title),
        Paragraph(
            markup(
                f"As of {fmt_date(as_of)} · {_projects(totals.projects)} · each project's rating "
                "is its saved status update, else what the status rules suggest"
            ),
            s.subtitle,
        ),
        Spacer(1, 4 * mm),
        rag_chart(totals.red, totals.amber, totals.green, totals.unrated, page.width),
        Spacer(1, 3 * mm),
        table if body else page.empty("The workspace holds no project."),
        Spacer(1, 2 * mm),
        Paragraph(markup(totals.text), s.small),
        Paragraph(
            markup(
                "SPI(t): schedule performance index of earned schedule (SPI when there is "
                "none). Risks: open critical / high. Actions: overdue. Slip: the next "
                "milestone's forecast against its baseline, calendar "
                "days. Budget used: invoiced, else committed orders, with its share of the "
                "budget. Freezes ahead: freeze and blackout windows in the next 30 days."
            ),
            s.note,
        ),
    ]
    return story


def rag_chart(red: int, amber: int, green: int, unrated: int, width: float) -> Drawing:
    """One stacked bar of the ratings, labelled with the counts."""
    height = 16
    drawing = Drawing(width, height + 12)
    total = red + amber + green + unrated
    if not total:
        return drawing
    x = 0.0
    parts = ((Rag.RED, red), (Rag.AMBER, amber), (Rag.GREEN, green), (Rag.NONE, unrated))
    for rag, count in parts:
        if not count:
            continue
        part = width * count / total
        drawing.add(Rect(x, 10, part, height, fillColor=st.RAG_COLOURS[rag], strokeColor=None))
        label = f"{count} {rag.label.lower()}"
        drawing.add(
            String(
                x + part / 2,
                10 + height / 2 - 3,
                label,
                fontName=REGULAR,
                fontSize=8,
                fillColor=st.RAG_TEXT[rag],
                textAnchor="middle",
            )
        )
        x += part
    return drawing


def _blank(as_of: date) -> ReportData:
    """The overview page's context: only its styles and width are used."""
    return ReportData(project="Portfolio", as_of=as_of, period_start=as_of, period_end=as_of)


def _projects(count: int) -> str:
    return f"{count} project{'s' if count != 1 else ''}"


def _index(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _slip(row: PortfolioRow) -> str:
    if row.slip_days is None:
        return "–"
    # a no-break space: "+12 d" never splits in the narrow column
    return f"{row.slip_days:+d}\u00a0d" if row.slip_days else "0\u00a0d"


def _milestone(row: PortfolioRow) -> str:
    if not row.next_milestone:
        return "–"
    when = f" ({row.next_milestone_date:%d %b})" if row.next_milestone_date else ""
    return f"{row.next_milestone}{when}"


def _used(row: PortfolioRow) -> str:
    text = money_text(row.used)
    share = row.used_share
    if not text:
        return "–"
    return f"{text} ({share:.0%})" if share is not None else text


__all__ = ["overview_story", "rag_chart", "render_portfolio_report"]
