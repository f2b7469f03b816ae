"""MS Project's "Manually Schedule" / "Auto Schedule": a task's scheduling mode, for several
tasks at once as one undo step.

Switching to manual pins a task where it is: the engine's ``manual_start`` is the task's stored
start (:func:`infradesk.services.plan.scheduling.task_inputs`), which is the start the plan
shows, so nothing moves; from then on links and constraints no longer move it (a link it breaks
is reported as a conflict). Switching back to auto lets links and constraints place it again:
its constraint was kept while it was manual. Actuals win over both modes.

The manual start lives in the task's ``start`` column, which the scheduler overwrites once the
task is auto again; so the switch to auto keeps the starts it found and its undo writes them
back with the flag, before the reschedule reads them.

Summary tasks are refused: the engine rolls a summary's dates up from its subtasks and ignores
a summary's own mode, so a "manual summary" would only be a flag that does nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import exists, select, update
from sqlalchemy.orm import Session, aliased

from infradesk.model import Task
from infradesk.services.bulk import update_by_id
from infradesk.services.plan.errors import TaskEditError
from infradesk.services.plan.task_edit import TaskEdit

SUMMARY_REFUSAL = (
    "'{name}' is a summary task: its dates roll up from its subtasks, so it cannot be "
    "scheduled manually; switch its subtasks instead."
)


def _mode_word(manual: bool) -> str:
    return "Manually schedule" if manual else "Auto schedule"


class SetScheduleMode(TaskEdit):
    """Set ``manual`` on the leaf tasks among ``task_ids`` (one undo step, one reschedule).

    Summaries among several tasks are left out; a selection of summaries only is refused with
    the first one named. Tasks already in that mode are left alone (``touched`` holds the
    tasks that really switched)."""

    def __init__(
        self, project_id: int, task_ids: Iterable[int], manual: bool, text: str | None = None
    ) -> None:
        self.task_ids = list(dict.fromkeys(task_ids))
        self.manual = manual
        self.old_starts: dict[int, datetime | None] = {}  # of the tasks switched to auto
        super().__init__(project_id, text or _mode_word(manual))
        if not self.task_ids:
            raise TaskEditError("Select the tasks to switch first.")

    def apply_change(self, session: Session) -> None:
        child = aliased(Task)
        rows = session.execute(
            select(
                Task.id,
                Task.name,
                Task.manual,
                Task.start,
                exists().where(child.parent_id == Task.id).label("summary"),
            ).where(Task.project_id == self.project_id, Task.id.in_(self.task_ids))
        ).all()
        if len(rows) != len(self.task_ids):
            raise TaskEditError("That task no longer exists.")
        leaves = [r for r in rows if not r.summary]
        if not leaves:
            first = min(rows, key=lambda r: self.task_ids.index(r.id))
            raise TaskEditError(SUMMARY_REFUSAL.format(name=first.name or first.id))
        switched = sorted(r.id for r in leaves if bool(r.manual) != self.manual)
        self.touched = set(switched)
        self.old_starts = {} if self.manual else {r.id: r.start for r in leaves if r.manual}
        if switched:
            session.execute(update(Task).where(Task.id.in_(switched)).values(manual=self.manual))

    def revert_change(self, session: Session) -> None:
        if not self.touched:
            return
        if self.manual:
            session.execute(
                update(Task).where(Task.id.in_(sorted(self.touched))).values(manual=False)
            )
            return
        rows = [
            {"id": task_id, "manual": True, "start": self.old_starts[task_id]}
            for task_id in sorted(self.touched)
        ]
        update_by_id(session, Task, rows)  # manual again, at the start it was pinned to


class MoveManualTask(TaskEdit):
    """A manually scheduled task's bar dragged to ``start``: its fixed start moves there. (An
    automatic task's drag sets a start-no-earlier-than constraint instead, which a manual start
    would override: the bar would not move.)"""

    def __init__(
        self, project_id: int, task_id: int, start: datetime, text: str = "Move task"
    ) -> None:
        super().__init__(project_id, text)
        self.task_id = task_id
        self.start = start
        self.old_start: datetime | None = None
        self.touched = {task_id}

    def apply_change(self, session: Session) -> None:
        row = session.execute(
            select(Task.name, Task.manual, Task.start).where(
                Task.id == self.task_id, Task.project_id == self.project_id
            )
        ).one_or_none()
        if row is None:
            raise TaskEditError("That task no longer exists.")
        if not row.manual:
            raise TaskEditError(
                f"'{row.name}' is scheduled automatically: its links and constraint place it."
            )
        self.old_start = row.start
        session.execute(update(Task).where(Task.id == self.task_id).values(start=self.start))

    def revert_change(self, session: Session) -> None:
        session.execute(update(Task).where(Task.id == self.task_id).values(start=self.old_start))
