"""Undoable edits of cross-project links, and the loop check across projects.

A cross link is stored in ``cross_link`` (not ``dependency``, which is per project). Its
successor's project schedules with it through a gate (see :mod:`.cross_links`); the edit
reschedules that project (the successor is the touched task) and, through the propagation,
everything downstream. A link that would close a loop over internal links, cross links and
summary relations is refused with the loop named, e.g.
``Wave 1: 1.2 Build → Wave 2: 3.1 Test → Wave 1: 1.2 Build``.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Table, delete, insert, select
from sqlalchemy.orm import Session

from infradesk.errors import UserError
from infradesk.model import CrossLink, Dependency, Project, Task
from infradesk.services.plan.cross_links import wbs_codes
from infradesk.services.plan.errors import TaskEditError
from infradesk.services.plan.incremental import Rescheduler
from infradesk.services.plan.predecessor_text import LinkSpec, checked_links
from infradesk.services.plan.propagation import Propagation
from infradesk.services.plan.task_edit import TaskEdit, check_tasks

_CROSS = cast(Table, CrossLink.__table__)


class CrossProjectLoop(UserError, ValueError):
    """A cross link would close a loop; ``loop`` names its tasks with their projects."""

    def __init__(self, loop: Sequence[str]) -> None:
        self.loop = list(loop)
        super().__init__("These links form a loop across projects: " + " → ".join(self.loop))


def task_label(session: Session, task_id: int) -> str:
    """``Project: 1.2 Name`` for messages."""
    row = session.execute(
        select(Task.project_id, Task.name, Project.name)
        .join(Project, Project.id == Task.project_id)
        .where(Task.id == task_id)
    ).one_or_none()
    if row is None:
        return f"#{task_id}"
    project_id, name, project = row
    code = wbs_codes(session, project_id).get(task_id, "")
    return f"{project}: {code} {name}".replace("  ", " ")


def find_loop(session: Session, predecessor_id: int, successor_id: int) -> list[int] | None:
    """The tasks of the loop a link ``predecessor_id`` -> ``successor_id`` would close (the
    predecessor first), over every project's links, the cross links and summary relations (a
    link into a summary drives its children; a link out of a summary waits for them)."""
    if predecessor_id == successor_id:
        return [predecessor_id]
    parent: dict[int, int | None] = dict(session.execute(select(Task.id, Task.parent_id)).all())
    kids: dict[int, list[int]] = {}
    for task_id, parent_id in parent.items():
        if parent_id is not None:
            kids.setdefault(parent_id, []).append(task_id)
    edges: dict[int, list[int]] = {}
    for pred, succ in session.execute(select(Dependency.predecessor_id, Dependency.successor_id)):
        edges.setdefault(pred, []).append(succ)
    for pred, succ in session.execute(select(CrossLink.predecessor_id, CrossLink.successor_id)):
        edges.setdefault(pred, []).append(succ)

    def neighbours(node: int) -> list[int]:
        found: list[int] = []
        up: int | None = node
        while up is not None:  # a link from an ancestor waits for this task too
            found += edges.get(up, [])
            up = parent.get(up)
        expanded: list[int] = []
        for target in found:
            expanded.append(target)
            todo = list(kids.get(target, []))
            while todo:  # a link into a summary drives every task below it
                child = todo.pop()
                expanded.append(child)
                todo += kids.get(child, [])
        return expanded

    def related(a: int, b: int) -> bool:  # one is the other or an ancestor of it
        for x, y in ((a, b), (b, a)):
            up: int | None = x
            while up is not None:
                if up == y:
                    return True
                up = parent.get(up)
        return False

    came_from: dict[int, int | None] = {successor_id: None}
    queue = deque([successor_id])
    while queue:
        node = queue.popleft()
        if related(node, predecessor_id):
            path = [node]
            back = came_from[node]
            while back is not None:
                path.append(back)
                back = came_from[back]
            path.reverse()  # the successor ... the task that reaches the predecessor
            if path[-1] == predecessor_id:
                path.pop()
            return [predecessor_id, *path]
        for nxt in neighbours(node):
            if nxt not in came_from:
                came_from[nxt] = node
                queue.append(nxt)
    return None


def check_cross_link(session: Session, predecessor_id: int, successor_id: int) -> None:
    """Refuse a cross link that closes a loop (:class:`CrossProjectLoop`, loop named)."""
    loop = find_loop(session, predecessor_id, successor_id)
    if loop is not None:
        names = [task_label(session, t) for t in loop]
        raise CrossProjectLoop([*names, names[0]])


def linked_projects(session: Session, known: Sequence[int], task_ids: Sequence[int]) -> list[int]:
    """``known`` plus the projects of ``task_ids``, without repeats."""
    found = session.scalars(select(Task.project_id).where(Task.id.in_(list(task_ids)))).all()
    return list(dict.fromkeys([*known, *found]))


def _rows(session: Session, successor_id: int) -> list[dict[str, Any]]:
    return [
        dict(r)
        for r in session.execute(
            select(_CROSS).where(_CROSS.c.successor_id == successor_id).order_by(_CROSS.c.id)
        ).mappings()
    ]


class SetExternalPredecessors(TaskEdit):
    """Replace a task's predecessors in other projects (the Predecessors cell's ``Wave 2!14``
    parts, the task dialog's list). Each may be FS/SS/FF/SF with a lag; a loop across projects
    is refused with its tasks named. Undo puts back the same rows."""

    links_changed = True  # the Predecessors texts and the external bars are read again

    def __init__(self, project_id: int, task_id: int, links: Sequence[LinkSpec]) -> None:
        super().__init__(project_id, "Edit external predecessors")
        self.task_id = task_id
        self.links = checked_links(links)
        self.old_rows: list[dict[str, Any]] = []
        self.new_rows: list[dict[str, Any]] = []

    def apply_change(self, session: Session) -> None:
        check_tasks(session, self.project_id, [self.task_id])
        wanted = [p for p, _k, _l in self.links]
        projects = dict(
            session.execute(select(Task.id, Task.project_id).where(Task.id.in_(wanted))).all()
        )
        for pred in wanted:
            if pred not in projects:
                raise TaskEditError("That external task no longer exists.")
            if projects[pred] == self.project_id:
                raise TaskEditError(
                    "That task is in this project: link it as an ordinary predecessor."
                )
        if len(set(wanted)) != len(wanted):
            raise TaskEditError("That external predecessor is listed twice.")
        self.old_rows = _rows(session, self.task_id)
        session.execute(delete(CrossLink).where(CrossLink.successor_id == self.task_id))
        if not self.new_rows:
            old_ids = {r["predecessor_id"]: r["id"] for r in self.old_rows}
            new_rows: list[dict[str, Any]] = []
            for pred, kind, lag in self.links:
                check_cross_link(session, pred, self.task_id)
                row = {
                    "predecessor_id": pred,
                    "successor_id": self.task_id,
                    "type": kind,
                    "lag_minutes": lag,
                }
                if old_ids.get(pred) is not None:
                    row["id"] = old_ids[pred]
                    session.execute(insert(_CROSS), [row])
                else:
                    row["id"] = session.execute(
                        insert(_CROSS).values(row).returning(_CROSS.c.id)
                    ).scalar_one()
                new_rows.append(row)
            self.new_rows = new_rows
        else:
            session.execute(insert(_CROSS), self.new_rows)
        self.touched.add(self.task_id)

    def _finish(self, rescheduler: Rescheduler, propagation: Propagation | None = None) -> None:
        super()._finish(rescheduler, propagation)
        # the predecessors' projects show the (new or gone) external successor: they reload
        pred_ids = [r["predecessor_id"] for r in [*self.old_rows, *self.new_rows]]
        self.other_projects = linked_projects(rescheduler.session, self.other_projects, pred_ids)

    def revert_change(self, session: Session) -> None:
        session.execute(delete(CrossLink).where(CrossLink.successor_id == self.task_id))
        if self.old_rows:
            session.execute(insert(_CROSS), self.old_rows)
        self.touched.add(self.task_id)


def external_predecessors(session: Session, task_id: int) -> list[tuple[int, str, str, int]]:
    """A task's predecessors in other projects: (task id, ``Project!row`` label, type, lag)."""
    rows = session.execute(
        select(CrossLink.predecessor_id, CrossLink.type, CrossLink.lag_minutes)
        .where(CrossLink.successor_id == task_id)
        .order_by(CrossLink.id)
    ).all()
    return [(pred, task_label(session, pred), kind, lag) for pred, kind, lag in rows]
