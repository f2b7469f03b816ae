"""Where the plan has each task *as planned*, from the compiled plan the Gantt's edits keep.

Once uncompleted work is rescheduled after the status date, a task that should have run last
week shows after the status date; "done as planned", "mark on track" and "update work as
complete through" record the dates it was planned for, not those: the schedule without the
status-date rule.

:class:`~infradesk.services.plan.scheduling.PlannedDates` gets them by reading the whole plan
and running the engine (half a second on 10,000 tasks, for every answer in the Update Progress
dialog). Here the compiled network of the incremental rescheduler
(:func:`~infradesk.services.plan.incremental.current_result`: kept between edits, checked
against the database's data version or fingerprint, rebuilt from the rows when anything else
changed) runs its passes once more with the status date removed: no read, no compile, and
only the asked tasks' dates are turned into date-times. Nothing is written.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from infradesk.model import Project
from infradesk.schedule.passes import run_passes
from infradesk.schedule.plan import PlanInput
from infradesk.schedule.result import ScheduleResult
from infradesk.services.plan.incremental import current_result


class PlannedDates:
    """``of(task_id, stored)``: the task's start and finish as planned. The engine's passes
    run at most once per instance, and only when the project has a status date that pushes
    work; otherwise the stored dates are the planned ones."""

    def __init__(self, session: Session, project_id: int) -> None:
        self.session = session
        self.project_id = project_id
        self._result: ScheduleResult | None = None
        self._pushes: bool | None = None  # None: not looked at yet

    def of(
        self, task_id: int, stored: tuple[datetime | None, datetime | None]
    ) -> tuple[datetime | None, datetime | None]:
        """``task_id``'s planned start and finish; ``stored``: its stored dates."""
        result = self._planned()
        if result is None or task_id not in result:
            return stored
        entry = result[task_id]
        return entry.early_start, entry.early_finish

    def _planned(self) -> ScheduleResult | None:
        if self._pushes is None:
            row = self.session.execute(
                select(Project.status_date, Project.reschedule_after_status).where(
                    Project.id == self.project_id
                )
            ).one_or_none()
            self._pushes = row is not None and row[0] is not None and bool(row[1])
            if self._pushes:
                # inside the edit's transaction: a plan built from its rows is not cached
                current = current_result(self.session, self.project_id, remember=False)
                self._result = run_passes(
                    current.network,
                    PlanInput(  # the passes read the compiled network, not the lists
                        current.project_start,
                        current.axis.calendar,
                        current.network.tasks,
                        status_date=None,
                    ),
                    current.axis,
                )
        return self._result
