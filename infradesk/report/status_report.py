"""The weekly status report: the document builder that assembles the sections.

``render_status_report(data, target, options)`` is the only entry point. Each section is a
function in ``infradesk.report.sections`` from the report data (a ``Page``) to flowables, so
sections can be switched off and the one-page executive variant reuses the same pieces.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from reportlab.platypus import CondPageBreak, Flowable, KeepInFrame, KeepTogether

from infradesk.report.data import ReportData, ReportOptions
from infradesk.report.fonts import clean
from infradesk.report.format import fmt_date, fmt_money
from infradesk.report.gantt_window import snapshot_window
from infradesk.report.sections.budget import budget_section
from infradesk.report.sections.change_conflicts import risks_with_change_conflicts
from infradesk.report.sections.gantt import gantt_section
from infradesk.report.sections.header import changes_block, rag_panel, title_block
from infradesk.report.sections.milestones import milestones_section
from infradesk.report.sections.page import Page
from infradesk.report.sections.progress import progress_section
from infradesk.report.sections.risks import top_risks
from infradesk.report.sections.summary import summary_section
from infradesk.report.sections.vendors import vendors_section
from infradesk.report.template import NumberedCanvas, ReportTemplate

# the full report's sections in page order, by the names ``ReportOptions.sections`` uses
SECTIONS: dict[str, Callable[[Page], list[Flowable]]] = {
    "summary": summary_section,
    "milestones": milestones_section,
    "progress": progress_section,
    "gantt": gantt_section,
    "risks": risks_with_change_conflicts,
    "vendors": vendors_section,
    "budget": budget_section,
}


def render_status_report(
    data: ReportData, target: str | Path | BinaryIO, options: ReportOptions | None = None
) -> None:
    """Write the status report of ``data`` as a PDF to ``target`` (a path or a binary file)."""
    options = options or ReportOptions()
    page = Page(data, options)
    variant = "Executive status summary" if options.executive else "Weekly status report"
    doc = ReportTemplate(
        target,
        pagesize=page.pagesize,
        title=f"{clean(data.project)[:200]} – {variant} {data.as_of.isoformat()}",
        header_left=data.project,
        header_right=f"{variant} · as of {fmt_date(data.as_of)}",
        footer_left=(
            f"As of {fmt_date(data.as_of)} · reporting period "
            f"{fmt_date(data.period_start)} – {fmt_date(data.period_end)} · InfraDesk"
        ),
        logo_path=options.logo_path,
    )
    story = executive_story(page, doc) if options.executive else full_story(page)
    doc.build(story, canvasmaker=NumberedCanvas)


def full_story(page: Page) -> list[Flowable]:
    story: list[Flowable] = [*title_block(page), *rag_panel(page), *changes_block(page)]
    for name, section in SECTIONS.items():
        if page.options.shows(name):
            story.extend(section(page))
    return story


def executive_story(page: Page, doc: ReportTemplate) -> list[Flowable]:
    """Everything that matters on one page: shrunk to fit if it has to be."""
    options = page.options
    content: list[Flowable] = [*title_block(page), *rag_panel(page), *changes_block(page)]
    if options.shows("summary"):
        content.extend(summary_section(page))
    if options.shows("milestones"):
        content.extend(milestones_section(page, limit=8))
    if options.shows("risks"):
        content.extend(top_risks(page, limit=5, with_map=False))
    if options.shows("budget"):
        content.extend(budget_section(page))
    return [KeepInFrame(doc.width, doc.height - 2, _flatten(content), mode="shrink")]


def _flatten(flowables: list[Flowable]) -> list[Flowable]:
    """Content for a KeepInFrame: no page-break helpers, KeepTogether unwrapped."""
    out: list[Flowable] = []
    for item in flowables:
        if isinstance(item, KeepTogether):
            out.extend(_flatten(list(item._content)))
        elif not isinstance(item, CondPageBreak):
            out.append(item)
    return out


__all__ = ["SECTIONS", "fmt_money", "render_status_report", "snapshot_window"]
