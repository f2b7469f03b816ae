"""Tasks done this period and planned for the next two weeks."""

from __future__ import annotations

from datetime import timedelta

from reportlab.platypus import (
    Flowable,
    Paragraph,
)

from infradesk.report.data import (
    TaskLine,
)
from infradesk.report.fonts import markup
from infradesk.report.format import fmt_date
from infradesk.report.sections.page import Page


def progress_section(page: Page) -> list[Flowable]:
    d = page.data
    out = page.heading("progress")
    out.append(
        Paragraph(
            markup(f"Done this period ({fmt_date(d.period_start)} – {fmt_date(d.period_end)})"),
            page.s.h2,
        )
    )
    out.extend(
        _task_table(page, d.done, "Finished", "tasks finished", "Nothing finished this period.")
    )
    end = d.as_of + timedelta(days=14)
    out.append(Paragraph(markup(f"Planned next period (until {fmt_date(end)})"), page.s.h2))
    out.extend(
        _task_table(
            page,
            d.planned,
            "Due",
            "planned tasks",
            "Nothing starts or is due in the next two weeks.",
        )
    )
    return out


def _task_table(page: Page, lines: list[TaskLine], date_title: str, what: str, none: str) -> list:
    if not lines:
        return [page.empty(none)]
    shown, note = page.capped(lines, what)
    rows = [
        [
            page.p(t.name),
            page.p(t.owner or "–"),
            page.p(fmt_date(t.start)),
            page.p(fmt_date(t.finish)),
            page.p(f"{t.percent_complete:.0f}%", page.s.cell_right),
        ]
        for t in shown
    ]
    table = page.table(
        ["Task", "Owner", "Start", date_title, "Done"],
        rows,
        (0.44, 0.2, 0.13, 0.13, 0.1),
        right=(4,),
    )
    return [table, note] if note else [table]
