"""The weekly report's "Change conflicts": the project's change requests and production-change
tasks that conflict with the change calendar, another change or a booking, and are not over
by the as-of date (a past conflict is history, not something to act on)."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy.orm import Session

from infradesk.report.data import ChangeConflictLine
from infradesk.services.governance.conflict_data import workspace_conflicts


def change_conflict_lines(
    session: Session, project_id: int, as_of: date
) -> list[ChangeConflictLine]:
    """The project's conflicting work that ends after ``as_of``, earliest first; the CAB rule
    looks for the next CAB meeting after ``as_of``."""
    since = datetime.combine(as_of, time())
    return [
        ChangeConflictLine(row.label, row.title, row.start, row.finish, list(row.messages))
        for row in workspace_conflicts(session, as_of, project_id).for_project(project_id)
        if row.finish > since
    ]
