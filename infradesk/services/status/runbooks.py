"""The weekly report's line per cutover runbook (issue 19): how long the plan is, how the
latest rehearsal went and where the live run stands, as of the report's date."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from infradesk.model.runbook import Runbook
from infradesk.report.data import RunbookLine
from infradesk.report.runbook_format import minutes_between
from infradesk.services.runbooks.rows import RunSummary
from infradesk.services.runbooks.view import view_in


def runbook_lines(session: Session, project_id: int, as_of: date) -> list[RunbookLine]:
    """One line per runbook of the project, in their order; runs started after ``as_of``
    (in the runbook's zone) are not counted yet."""
    ids = session.scalars(
        select(Runbook.id)
        .where(Runbook.project_id == project_id)
        .order_by(Runbook.position, Runbook.id)
    ).all()
    return [_line(session, runbook_id, as_of) for runbook_id in ids]


def _line(session: Session, runbook_id: int, as_of: date) -> RunbookLine:
    plan = view_in(session, runbook_id)
    summary = plan.summary
    runs = [r for r in summary.runs if r.started is not None and r.started.date() <= as_of]
    rehearsals = [r for r in runs if r.mode == "rehearsal"]
    live = next((r for r in reversed(runs) if r.mode == "live"), None)
    line = RunbookLine(
        runbook=summary.name,
        planned_minutes=_minutes(plan.origin, plan.planned_end) or 0,
        steps=summary.step_count,
        window_start=summary.window_start,
        time_zone=summary.time_zone,
        rehearsals=len(rehearsals),
    )
    if rehearsals:
        latest = max(rehearsals, key=lambda r: r.id)  # ids grow: the last one started
        line.rehearsal = latest.name
        line.rehearsal_minutes = _minutes(latest.started, _done_by(latest, as_of))
    if live is not None:
        finished = _done_by(live, as_of)
        if finished is not None:
            line.live, line.live_minutes = "done", _minutes(live.started, finished)
            view = view_in(session, runbook_id, live.id, finished)
        else:
            view = view_in(session, runbook_id, live.id)
            line.live, line.live_minutes = "running", _minutes(live.started, view.forecast_end)
        line.over_rto = [s.name for s in view.services if s.over_rto]
    return line


def _done_by(run: RunSummary, as_of: date) -> datetime | None:
    """The run's finish, when it finished by the report's date."""
    if run.finished is None or run.finished.date() > as_of:
        return None
    return run.finished


def _minutes(start: datetime | None, end: datetime | None) -> int | None:
    return minutes_between(start, end)  # elapsed: in UTC, right across a DST change
