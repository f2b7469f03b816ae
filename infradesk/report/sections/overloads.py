"""Who is overloaded in the next four weeks (issue 18): each person of the project whose load,
across every project of the workspace, is beyond what they can give on some days."""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph

from infradesk.report.data import OverloadLine
from infradesk.report.fonts import markup
from infradesk.report.format import fmt_date
from infradesk.report.sections.page import Page

TITLE = "Who is overloaded in the next 4 weeks"
NOBODY = "Nobody is overloaded in the next 4 weeks."


def overloads_block(page: Page) -> list[Flowable]:
    """The block's heading and table (nothing when the data has no resource usage)."""
    d = page.data
    if not d.overloads_available:
        return []
    out: list[Flowable] = [Paragraph(markup(TITLE), page.s.h2)]
    if not d.overloads:
        return [*out, page.empty(NOBODY)]
    shown, note = page.capped(d.overloads, "overloads")
    rows = [
        [
            page.p(line.resource),
            page.p(dates_text(line)),
            page.p(peak_text(line), page.s.cell_right),
            page.p("; ".join(line.tasks)),
        ]
        for line in shown
    ]
    out.append(
        page.table(["Who", "When", "Peak", "Tasks"], rows, (0.2, 0.24, 0.14, 0.42), right=(2,))
    )
    return [*out, note] if note else out


def dates_text(line: OverloadLine) -> str:
    if line.first == line.last:
        return fmt_date(line.first)
    return f"{fmt_date(line.first)} – {fmt_date(line.last)}"


def peak_text(line: OverloadLine) -> str:
    """``150%``; work on leave or a day off is said so."""
    parts = []
    if line.peak_percent is not None:
        parts.append(f"{line.peak_percent:.0f}%")
    if line.days_off:
        parts.append(f"{line.days_off} day{'s' if line.days_off > 1 else ''} off")
    return ", ".join(parts)
