"""The project's status date: the moment progress is recorded up to.

Stored as ``Project.status_date``; None means "not set", and then the *effective* status date
is now, rounded down to working time (the last working minute at or before now: on a Saturday
it is Friday's closing time), as MS Project uses the current date when no status date is set.

The engine is given the **stored** status date only (None: no status-date rule), so that a
schedule never depends on the clock: opening the same workspace tomorrow gives the same dates.
Earned value, the Update Progress list and the progress line use the effective one.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from infradesk.model import Project
from infradesk.services.plan.errors import TaskEditError
from infradesk.services.plan.progress import round_to_working_time
from infradesk.services.plan.scheduling import ProjectNotFound, calendar_of
from infradesk.services.plan.task_edit import TaskEdit


def effective_status_date_in(
    session: Session, project_id: int, now: datetime | None = None
) -> datetime:
    """The project's status date, or ``now`` (default: the clock) rounded down to its
    calendar's working time when none is stored."""
    stored = session.execute(
        select(Project.status_date).where(Project.id == project_id)
    ).one_or_none()
    if stored is None:
        raise ProjectNotFound(f"There is no project with id {project_id}")
    if stored[0] is not None:
        return stored[0]
    return round_to_working_time(now or datetime.now(), calendar_of(session, project_id))


class SetStatusDate(TaskEdit):
    """Set the project's status date (None: "now", see the module) and, when given, MS
    Project's "reschedule uncompleted work to start after the status date" option. The plan
    reschedules at once; one undo step."""

    affects = frozenset({"projects", "tasks"})

    def __init__(
        self,
        project_id: int,
        moment: datetime | None,
        reschedule_after_status: bool | None = None,
        text: str = "Set status date",
    ) -> None:
        super().__init__(project_id, text)
        self.values: dict[str, object] = {
            "status_date": None if moment is None else moment.replace(second=0, microsecond=0)
        }
        if reschedule_after_status is not None:
            self.values["reschedule_after_status"] = bool(reschedule_after_status)
        self.old: dict[str, object] = {}
        self.plan_changed = True

    def apply_change(self, session: Session) -> None:
        row = session.execute(
            select(Project.status_date, Project.reschedule_after_status).where(
                Project.id == self.project_id
            )
        ).one_or_none()
        if row is None:
            raise TaskEditError("That project no longer exists.")
        self.old = {"status_date": row[0], "reschedule_after_status": row[1]}
        session.execute(update(Project).where(Project.id == self.project_id).values(self.values))

    def revert_change(self, session: Session) -> None:
        session.execute(update(Project).where(Project.id == self.project_id).values(self.old))
