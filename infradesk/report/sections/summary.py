"""Executive summary, achievements, decisions and help needed."""

from __future__ import annotations

from reportlab.platypus import (
    Flowable,
    Paragraph,
)

from infradesk.report.fonts import markup
from infradesk.report.sections.governance import (
    decisions_block,
    distribution_block,
    overdue_actions_block,
)
from infradesk.report.sections.page import Page


def summary_section(page: Page) -> list[Flowable]:
    d = page.data
    out = page.heading("summary")
    out.append(page.free(d.executive_summary or "No executive summary was written.", page.s.body))
    groups: tuple[tuple[str, list[str], str], ...] = (
        ("Key achievements", d.achievements, "None recorded."),
        ("Decisions needed", d.decisions_needed, "No decision needed this week."),
        ("Help needed", d.help_needed, "No help needed this week."),
    )
    if page.options.executive:  # one page: empty lists share one line
        missing = [title.lower() for title, items, _ in groups if not items]
        groups = tuple(g for g in groups if g[1])
        if missing:
            listed = ", ".join(missing[:-1]) + (" or " if len(missing) > 1 else "")
            out.append(page.empty(f"No {listed}{missing[-1]} recorded this week."))
    pending = page.data.governance.decisions
    for title, items, none in groups:
        out.append(Paragraph(markup(title), page.s.h2))
        if not items and not (pending and title == "Decisions needed"):
            out.append(page.empty(none))
        for item in items:
            out.append(page.free(item, page.s.bullet, bullet="•"))
        if title == "Decisions needed" and not page.options.executive:
            out.extend(decisions_block(page, titled=False))  # the log's: who decides, by when
    if not page.options.executive:  # the one page keeps to the summary
        out.extend(overdue_actions_block(page))
        out.extend(distribution_block(page))
    return out
