"""The cutover runbooks in the weekly report (issue 19): one line each under the milestones,
e.g. "Cutover runbook 'Wave 1': Rehearsal 2 ran 14 h 05 vs 13 h 30 planned (+35 min); live run
not started"."""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph

from infradesk.report.data import RunbookLine
from infradesk.report.fonts import markup
from infradesk.report.runbook_format import delta_text, minutes_text
from infradesk.report.sections.page import Page

TITLE = "Cutover runbooks"


def runbooks_block(page: Page) -> list[Flowable]:
    """A heading and one bullet per runbook; nothing when the project has none."""
    lines = page.data.runbooks
    if not lines:
        return []
    out: list[Flowable] = [Paragraph(markup(TITLE), page.s.h2)]
    for line in lines:
        bullet = "⚠" if _late(line) else "•"
        out.append(page.free(runbook_text(line), page.s.bullet, bullet=bullet))
    return out


def runbook_text(line: RunbookLine) -> str:
    """The runbook's one line: the window, the latest rehearsal and the live run."""
    plan = minutes_text(line.planned_minutes)
    head = f"Cutover runbook '{line.runbook}'"
    if line.window_start is not None:
        zone = f" {line.time_zone}" if line.time_zone else ""
        head += f" (window {line.window_start.strftime('%a %d %b %Y %H:%M')}{zone})"
    parts: list[str] = []
    if line.live == "done":
        parts.append(
            f"live run took {minutes_text(line.live_minutes)} vs {plan} planned "
            f"({_delta(line.live_minutes, line.planned_minutes)})"
        )
    elif line.live == "running":
        parts.append(
            f"live run in progress, forecast {minutes_text(line.live_minutes)} vs {plan} "
            f"planned ({_delta(line.live_minutes, line.planned_minutes)})"
        )
    if line.rehearsal:
        if line.rehearsal_minutes is None:
            parts.append(f"{line.rehearsal} not finished ({plan} planned)")
        else:
            parts.append(
                f"{line.rehearsal} ran {minutes_text(line.rehearsal_minutes)} vs "
                f"{plan} planned ({_delta(line.rehearsal_minutes, line.planned_minutes)})"
            )
    elif not line.live:
        parts.append(f"{line.steps} steps, {plan} planned; not rehearsed yet")
    if not line.live:
        parts.append("live run not started")
    if line.over_rto:
        parts.append("over the RTO: " + ", ".join(line.over_rto))
    return f"{head}: " + "; ".join(parts)


def _delta(minutes: int | None, planned: int) -> str:
    return delta_text(None if minutes is None else minutes - planned)


def _late(line: RunbookLine) -> bool:
    """Whether the line is bad news: the last run took longer than planned, or an RTO."""
    minutes = line.live_minutes if line.live else line.rehearsal_minutes
    return bool(line.over_rto) or (minutes is not None and minutes > line.planned_minutes)
