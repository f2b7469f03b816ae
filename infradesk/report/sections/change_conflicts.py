"""Change conflicts (issue 20), under the risks, issues and changes: each change request or
production-change task of the project that falls in a freeze, outside its maintenance window,
on top of another change or on a person booked then, or before its CAB review."""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph

from infradesk.report.data import ChangeConflictLine
from infradesk.report.fonts import markup
from infradesk.report.sections.page import Page
from infradesk.report.sections.risks import risks_section

TITLE = "Change conflicts"
NONE = "No change conflicts with the change calendar, other changes or bookings."


def change_conflicts_block(page: Page) -> list[Flowable]:
    """The block's heading and table (nothing when the data was built without it)."""
    d = page.data
    if not d.change_conflicts_available:
        return []
    out: list[Flowable] = [Paragraph(markup(TITLE), page.s.h2)]
    if not d.change_conflicts:
        return [*out, page.empty(NONE)]
    shown, note = page.capped(d.change_conflicts, "conflicting changes")
    rows = [
        [
            page.p(f"{line.label} {line.title}" if line.label != line.title else line.title),
            page.p(window_text(line)),
            page.p("; ".join(line.reasons)),
        ]
        for line in shown
    ]
    out.append(page.table(["Change", "Window", "Conflicts"], rows, (0.26, 0.2, 0.54)))
    return [*out, note] if note else out


def window_text(line: ChangeConflictLine) -> str:
    """``10 Dec 22:00 – 11 Dec 02:00`` (the end's time only on the same day)."""
    start, finish = line.start, line.finish
    if finish.date() == start.date():
        return f"{start:%d %b %Y %H:%M}–{finish:%H:%M}"
    return f"{start:%d %b %Y %H:%M} – {finish:%d %b %H:%M}"


def risks_with_change_conflicts(page: Page) -> list[Flowable]:
    """The "risks" section followed by the change conflicts."""
    return [*risks_section(page), *change_conflicts_block(page)]
