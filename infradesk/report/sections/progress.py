"""Tasks done this period (actual finish inside it), late against the baseline at the status
date, planned for the next two weeks (in-progress tasks show their actual start), and who is
overloaded in the next four weeks (``overloads``)."""

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
from infradesk.report.sections.overloads import overloads_block
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
    out.extend(late_block(page))
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
    out.extend(overloads_block(page))
    return out


def late_block(page: Page) -> list[Flowable]:
    """Tasks that should have started or finished by the status date and did not."""
    d = page.data
    out: list[Flowable] = [Paragraph(markup("Late at the status date"), page.s.h2)]
    if not d.late:
        return [*out, page.empty("No task is late against the baseline.")]
    shown, note = page.capped(d.late, "late tasks")
    rows = [
        [
            page.p(row.name),
            page.p(row.owner or "–"),
            page.p(f"should have {'started' if row.should == 'start' else 'finished'}"),
            page.p(fmt_date(row.due)),
            page.p(fmt_date(row.forecast)),
            page.p(f"{row.percent_complete:.0f}%", page.s.cell_right),
        ]
        for row in shown
    ]
    out.append(
        page.table(
            ["Task", "Owner", "Late to", "Baseline", "Forecast", "Done"],
            rows,
            (0.34, 0.18, 0.16, 0.11, 0.11, 0.1),
            right=(5,),
        )
    )
    return [*out, note] if note else out


def _task_table(page: Page, lines: list[TaskLine], date_title: str, what: str, none: str) -> list:
    if not lines:
        return [page.empty(none)]
    shown, note = page.capped(lines, what)
    rows = [
        [
            page.p(t.name),
            page.p(t.owner or "–"),
            page.p(f"started {fmt_date(t.start)}" if t.in_progress else fmt_date(t.start)),
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
