"""Milestones against the baseline, then one line per cutover runbook (`runbooks.py`)."""

from __future__ import annotations

from reportlab.platypus import (
    Flowable,
)

from infradesk.report import styles as st
from infradesk.report.format import fmt_date
from infradesk.report.sections.page import Cell, Page
from infradesk.report.sections.runbooks import runbooks_block


def milestones_section(page: Page, limit: int | None = None) -> list[Flowable]:
    out = page.heading("milestones")
    milestones = page.data.milestones
    if not milestones:
        return [*out, page.empty("The plan has no milestones."), *runbooks_block(page)]
    note = None
    if limit is not None and len(milestones) > limit:
        upcoming = [m for m in milestones if m.actual is None]
        shown = (upcoming or milestones)[:limit]
        note = page.empty(f"{len(milestones) - len(shown)} more milestones in the full report.")
    else:
        shown, note = page.capped(milestones, "milestones")
    rows: list[list[Cell]] = []
    extra: list = []
    for index, m in enumerate(shown, start=1):
        variance = "–" if m.variance_days is None else f"{m.variance_days:+d} d"
        status = ("⚠ " if m.slipped else "") + m.status
        if m.moved_days:
            status += f" (moved {m.moved_days:+d} d since last report)"
        rows.append(
            [
                page.p(m.name, bold=m.slipped),
                page.p(fmt_date(m.baseline)),
                page.p(fmt_date(m.forecast)),
                page.p(fmt_date(m.actual)),
                page.p(variance, page.s.cell_alert_right if m.slipped else page.s.cell_right),
                page.p(status, page.s.cell_alert if m.slipped else None),
            ]
        )
        if m.slipped:
            extra.append(("BACKGROUND", (0, index), (-1, index), st.HIGHLIGHT))
    out.append(
        page.table(
            ["Milestone", "Baseline", "Forecast", "Actual", "Variance", "Status"],
            rows,
            (0.3, 0.12, 0.12, 0.12, 0.1, 0.24),
            right=(4,),
            extra=extra,
        )
    )
    if note:
        out.append(note)
    return [*out, *runbooks_block(page)]
