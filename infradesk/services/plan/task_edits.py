"""The Gantt's undoable edits: insert, delete, indent, outdent, move, link, field changes.

Every edit is a :class:`TaskEdit`: it changes rows with SQLAlchemy Core (no ORM objects, so
nothing goes stale), reschedules the project and keeps the engine's result in ``result`` for
the view, which can then repaint only what moved. ``last_edit()`` tells a view which edit ran
last (after ``do`` as well as after ``undo``) so it can pick up that result.

Undo is exact: structural edits remember the parent, position, duration and percent of every
task of the project before they ran (the engine rewrites a summary's duration and percent) and
put back the ones that differ; deletes use :mod:`infradesk.services.snapshot`; link edits
re-insert the same rows with the same ids.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from infradesk.model import Dependency, Task
from infradesk.schedule.durations import DurationError, parse_duration
from infradesk.schedule.engine import LINK_TYPES, ScheduleResult
from infradesk.services.commands import Command
from infradesk.services.plan.errors import TaskEditError
from infradesk.services.plan.incremental import Rescheduler
from infradesk.services.snapshot import RowSnapshot, delete_rows, restore_snapshot, take_snapshot

__all__ = [
    "DeleteTasks",
    "IndentTasks",
    "InsertTask",
    "LinkTasks",
    "MoveTasks",
    "MoveTasksTo",
    "OutdentTasks",
    "SetPredecessors",
    "TaskEdit",
    "TaskEditError",
    "TaskEditGroup",
    "UnlinkTasks",
    "UpdateTask",
    "last_edit",
    "parse_predecessors",
]

UPDATABLE_FIELDS = frozenset(
    {
        "name",
        "duration_minutes",
        "percent_complete",
        "milestone",
        "owner",
        "notes",
        "start_no_earlier_than",
        "deadline",
        "production_change",
    }
)
_STAMPS = itertools.count(1)
_last: list[TaskEdit] = []


def last_edit() -> TaskEdit | None:
    """The edit that most recently ran (``do`` or ``undo``), to reuse its schedule result."""
    return _last[0] if _last else None


class TaskEdit(Command):
    """Base of the Gantt edits: ``apply_change`` / ``revert_change`` then one reschedule."""

    affects = frozenset({"tasks"})
    structural = False  # rows were added, removed or moved: views reload the outline

    def __init__(self, project_id: int, text: str) -> None:
        self.project_id = project_id
        self.text = text
        self.result: ScheduleResult | None = None
        self.stamp = 0
        self.touched: set[int] = set()  # tasks whose own fields changed
        self.changed_ids: list[int] | None = None
        self.compared_to: ScheduleResult | None = None

    def apply_change(self, session: Session) -> None:
        raise NotImplementedError

    def revert_change(self, session: Session) -> None:
        raise NotImplementedError

    links_changed = False  # links were added, removed or changed

    @property
    def schedule_inputs(self) -> set[int]:
        """Tasks whose scheduling inputs (duration, constraint...) this edit changes."""
        return set(self.touched)

    def do(self, session: Session) -> None:
        rescheduler = Rescheduler(session, self.project_id)
        self.apply_change(session)
        self._finish(rescheduler)

    def undo(self, session: Session) -> None:
        rescheduler = Rescheduler(session, self.project_id)
        self.revert_change(session)
        self._finish(rescheduler)

    def _finish(self, rescheduler: Rescheduler) -> None:
        self.result = rescheduler.finish(
            self.schedule_inputs, links_changed=self.links_changed, structural=self.structural
        )
        # what moved since which result, when the rescheduler knows it (views repaint those)
        self.changed_ids = rescheduler.changed
        self.compared_to = rescheduler.previous
        self.stamp = next(_STAMPS)
        _last[:] = [self]


class TaskEditGroup(TaskEdit):
    """Several task edits as one undo step with a single reschedule (the task dialog)."""

    def __init__(self, project_id: int, text: str, children: Sequence[TaskEdit]) -> None:
        super().__init__(project_id, text)
        self.children = list(children)
        self.structural = any(c.structural for c in self.children)
        self.links_changed = any(c.links_changed for c in self.children)

    @property
    def schedule_inputs(self) -> set[int]:
        return set().union(*(c.schedule_inputs for c in self.children))

    def apply_change(self, session: Session) -> None:
        for child in self.children:
            child.apply_change(session)
            self.touched |= child.touched

    def revert_change(self, session: Session) -> None:
        for child in reversed(self.children):
            child.revert_change(session)


# ------------------------------------------------------------------ helpers


def _task_fields(session: Session, task_id: int, fields: Iterable[str]) -> dict[str, Any]:
    names = list(fields)
    row = session.execute(
        select(*(getattr(Task, f) for f in names)).where(Task.id == task_id)
    ).one_or_none()
    if row is None:
        raise TaskEditError("That task no longer exists.")
    return dict(zip(names, row, strict=True))


def _check_tasks(session: Session, project_id: int, task_ids: Iterable[int]) -> list[int]:
    wanted = list(dict.fromkeys(task_ids))
    found = set(
        session.scalars(select(Task.id).where(Task.project_id == project_id, Task.id.in_(wanted)))
    )
    missing = [t for t in wanted if t not in found]
    if missing:
        raise TaskEditError("That task no longer exists.")
    return wanted


StructureState = dict[int, tuple[int | None, int, int, float]]


def _structure(session: Session, project_id: int) -> StructureState:
    """Parent, position, duration and percent of every task: what structural edits change."""
    return {
        r[0]: (r[1], r[2], r[3], r[4])
        for r in session.execute(
            select(
                Task.id,
                Task.parent_id,
                Task.position,
                Task.duration_minutes,
                Task.percent_complete,
            ).where(Task.project_id == project_id)
        )
    }


def _restore_structure(session: Session, project_id: int, state: StructureState) -> None:
    current = _structure(session, project_id)
    rows = [
        {
            "id": task_id,
            "parent_id": old[0],
            "position": old[1],
            "duration_minutes": old[2],
            "percent_complete": old[3],
        }
        for task_id, old in state.items()
        if current.get(task_id) != old
    ]
    if rows:
        session.execute(update(Task), rows)


def _children(session: Session, project_id: int, parent_id: int | None) -> list[int]:
    """Ids of ``parent_id``'s children in sibling order."""
    condition = Task.parent_id.is_(None) if parent_id is None else Task.parent_id == parent_id
    return list(
        session.scalars(
            select(Task.id)
            .where(Task.project_id == project_id, condition)
            .order_by(Task.position, Task.id)
        )
    )


def _place(session: Session, parent_id: int | None, ordered: Sequence[int]) -> None:
    """Make ``ordered`` the children of ``parent_id`` with positions 0, 1, 2..."""
    if ordered:
        session.execute(
            update(Task),
            [{"id": t, "parent_id": parent_id, "position": i} for i, t in enumerate(ordered)],
        )


def _parents(session: Session, task_ids: Iterable[int]) -> dict[int, int | None]:
    return dict(
        session.execute(select(Task.id, Task.parent_id).where(Task.id.in_(list(task_ids)))).all()
    )


def _outline_ids(session: Session, project_id: int) -> list[int]:
    """Task ids depth-first in sibling order (the rows of the outline)."""
    children: dict[int | None, list[tuple[int, int]]] = {}
    for task_id, parent_id, position in session.execute(
        select(Task.id, Task.parent_id, Task.position).where(Task.project_id == project_id)
    ):
        children.setdefault(parent_id, []).append((position, task_id))
    for kids in children.values():
        kids.sort()
    ordered: list[int] = []
    stack = [t for _p, t in reversed(children.get(None, []))]
    while stack:
        task_id = stack.pop()
        ordered.append(task_id)
        stack.extend(t for _p, t in reversed(children.get(task_id, [])))
    return ordered


def _top_most(session: Session, project_id: int, task_ids: Iterable[int]) -> list[int]:
    """The given tasks in outline order, leaving out those whose ancestor is also given."""
    chosen = set(task_ids)
    parents = dict(
        session.execute(select(Task.id, Task.parent_id).where(Task.project_id == project_id)).all()
    )
    result = []
    for task_id in _outline_ids(session, project_id):
        if task_id not in chosen:
            continue
        ancestor = parents.get(task_id)
        while ancestor is not None and ancestor not in chosen:
            ancestor = parents.get(ancestor)
        if ancestor is None:
            result.append(task_id)
    return result


# ------------------------------------------------------------------ field edits


class UpdateTask(TaskEdit):
    """Set fields of one task: a cell edit, a dragged bar (start-no-earlier-than), a resized
    bar (duration) or the task dialog's fields."""

    def __init__(
        self, project_id: int, task_id: int, changes: Mapping[str, Any], text: str = "Edit task"
    ) -> None:
        super().__init__(project_id, text)
        unknown = set(changes) - UPDATABLE_FIELDS
        if unknown:
            raise TaskEditError(f"'{sorted(unknown)[0]}' cannot be edited here.")
        self.task_id = task_id
        self.changes = dict(changes)
        if "duration_minutes" in self.changes:
            minutes = int(self.changes["duration_minutes"])
            if minutes < 0:
                raise TaskEditError("A duration cannot be negative.")
            self.changes.setdefault("milestone", minutes == 0)
        if "name" in self.changes and not str(self.changes["name"]).strip():
            raise TaskEditError("A task needs a name.")
        if "percent_complete" in self.changes and not 0 <= self.changes["percent_complete"] <= 100:
            raise TaskEditError("% complete must be between 0 and 100.")
        self.old: dict[str, Any] = {}
        self.touched = {task_id}

    @property
    def schedule_inputs(self) -> set[int]:
        return set() if set(self.changes) <= {"owner", "notes"} else {self.task_id}

    def apply_change(self, session: Session) -> None:
        self.old = _task_fields(session, self.task_id, self.changes)
        session.execute(update(Task).where(Task.id == self.task_id).values(self.changes))

    def revert_change(self, session: Session) -> None:
        session.execute(update(Task).where(Task.id == self.task_id).values(self.old))


# ------------------------------------------------------------------ rows


class InsertTask(TaskEdit):
    """A new task below ``after_id`` (same parent), or at the end of the plan; as the first
    child of ``after_id`` when ``as_child``. Redo re-creates it with the same id."""

    structural = True

    def __init__(
        self,
        project_id: int,
        after_id: int | None = None,
        name: str = "New task",
        duration_minutes: int = 480,
        *,
        as_child: bool = False,
    ) -> None:
        super().__init__(project_id, "Insert task")
        self.after_id = after_id
        self.name = name.strip() or "New task"
        self.duration_minutes = duration_minutes
        self.as_child = as_child
        self.task_id: int | None = None
        self.state: StructureState = {}

    def apply_change(self, session: Session) -> None:
        self.state = _structure(session, self.project_id)
        parent_id: int | None = None
        siblings = _children(session, self.project_id, None)
        index = len(siblings)
        if self.after_id is not None:
            _check_tasks(session, self.project_id, [self.after_id])
            if self.as_child:
                parent_id = self.after_id
                siblings = _children(session, self.project_id, parent_id)
                index = 0
            else:
                parent_id = _parents(session, [self.after_id])[self.after_id]
                siblings = _children(session, self.project_id, parent_id)
                index = siblings.index(self.after_id) + 1
        values: dict[str, Any] = {
            "project_id": self.project_id,
            "parent_id": parent_id,
            "position": index,
            "name": self.name,
            "duration_minutes": self.duration_minutes,
            "milestone": self.duration_minutes == 0,
        }
        if self.task_id is not None:
            values["id"] = self.task_id
        self.task_id = session.execute(insert(Task).values(values).returning(Task.id)).scalar_one()
        siblings.insert(index, self.task_id)
        _place(session, parent_id, siblings)
        self.touched = {self.task_id}

    def revert_change(self, session: Session) -> None:
        session.execute(delete(Task).where(Task.id == self.task_id))
        _restore_structure(session, self.project_id, self.state)


class DeleteTasks(TaskEdit):
    """Delete tasks with their subtasks, links, baseline dates and risk links."""

    structural = True

    def __init__(self, project_id: int, task_ids: Iterable[int]) -> None:
        self.task_ids = list(dict.fromkeys(task_ids))
        count = len(self.task_ids)
        super().__init__(project_id, "Delete task" if count == 1 else f"Delete {count} tasks")
        self.snapshot = RowSnapshot()
        self.state: StructureState = {}

    def apply_change(self, session: Session) -> None:
        if not self.task_ids:
            raise TaskEditError("Select the tasks to delete.")
        _check_tasks(session, self.project_id, self.task_ids)
        self.state = _structure(session, self.project_id)
        self.snapshot = take_snapshot(session, Task.__table__, set(self.task_ids))
        delete_rows(session, Task.__table__, set(self.task_ids))

    def revert_change(self, session: Session) -> None:
        restore_snapshot(session, self.snapshot)
        _restore_structure(session, self.project_id, self.state)


class IndentTasks(TaskEdit):
    """Make each task the last child of the sibling above it (Tab)."""

    structural = True

    def __init__(self, project_id: int, task_ids: Iterable[int]) -> None:
        super().__init__(project_id, "Indent")
        self.task_ids = list(task_ids)
        self.state: StructureState = {}

    def apply_change(self, session: Session) -> None:
        _check_tasks(session, self.project_id, self.task_ids)
        self.state = _structure(session, self.project_id)
        moved = 0
        for task_id in _top_most(session, self.project_id, self.task_ids):
            parent_id = _parents(session, [task_id])[task_id]
            siblings = _children(session, self.project_id, parent_id)
            index = siblings.index(task_id)
            if index == 0:
                continue
            new_parent = siblings[index - 1]
            del siblings[index]
            _place(session, parent_id, siblings)
            _place(session, new_parent, [*_children(session, self.project_id, new_parent), task_id])
            moved += 1
        if not moved:
            raise TaskEditError("A task can only be indented below a task at its own level.")

    def revert_change(self, session: Session) -> None:
        _restore_structure(session, self.project_id, self.state)


class OutdentTasks(TaskEdit):
    """Move each task one level up, right after its parent (Shift+Tab). As in MS Project the
    tasks below it under the same parent become its children, so the rows keep their order."""

    structural = True

    def __init__(self, project_id: int, task_ids: Iterable[int]) -> None:
        super().__init__(project_id, "Outdent")
        self.task_ids = list(task_ids)
        self.state: StructureState = {}

    def apply_change(self, session: Session) -> None:
        _check_tasks(session, self.project_id, self.task_ids)
        self.state = _structure(session, self.project_id)
        moved = 0
        for task_id in _top_most(session, self.project_id, self.task_ids):
            parent_id = _parents(session, [task_id])[task_id]
            if parent_id is None:
                continue
            grand = _parents(session, [parent_id])[parent_id]
            siblings = _children(session, self.project_id, parent_id)
            index = siblings.index(task_id)
            followers = siblings[index + 1 :]
            _place(session, parent_id, siblings[:index])
            _place(session, task_id, [*_children(session, self.project_id, task_id), *followers])
            upper = _children(session, self.project_id, grand)
            upper.insert(upper.index(parent_id) + 1, task_id)
            _place(session, grand, upper)
            moved += 1
        if not moved:
            raise TaskEditError("Top-level tasks cannot be outdented.")

    def revert_change(self, session: Session) -> None:
        _restore_structure(session, self.project_id, self.state)


class MoveTasks(TaskEdit):
    """Move tasks one place up (``step=-1``) or down among their siblings (Alt+Up/Down)."""

    structural = True

    def __init__(self, project_id: int, task_ids: Iterable[int], step: int) -> None:
        super().__init__(project_id, "Move up" if step < 0 else "Move down")
        self.task_ids = list(task_ids)
        self.step = -1 if step < 0 else 1
        self.state: StructureState = {}

    def apply_change(self, session: Session) -> None:
        _check_tasks(session, self.project_id, self.task_ids)
        self.state = _structure(session, self.project_id)
        tasks = _top_most(session, self.project_id, self.task_ids)
        if self.step > 0:
            tasks.reverse()
        chosen = set(tasks)
        moved = 0
        for task_id in tasks:
            parent_id = _parents(session, [task_id])[task_id]
            siblings = _children(session, self.project_id, parent_id)
            index = siblings.index(task_id)
            target = index + self.step
            if not 0 <= target < len(siblings) or siblings[target] in chosen:
                continue
            siblings[index], siblings[target] = siblings[target], siblings[index]
            _place(session, parent_id, siblings)
            moved += 1
        if not moved:
            raise TaskEditError("The task is already at the edge of its level.")

    def revert_change(self, session: Session) -> None:
        _restore_structure(session, self.project_id, self.state)


class MoveTasksTo(TaskEdit):
    """Move tasks (a dragged row selection) under ``parent_id`` before ``before_id`` (at the
    end when None)."""

    structural = True

    def __init__(
        self,
        project_id: int,
        task_ids: Iterable[int],
        parent_id: int | None,
        before_id: int | None,
    ) -> None:
        super().__init__(project_id, "Move tasks")
        self.task_ids = list(task_ids)
        self.parent_id = parent_id
        self.before_id = before_id
        self.state: StructureState = {}

    def apply_change(self, session: Session) -> None:
        _check_tasks(session, self.project_id, self.task_ids)
        self.state = _structure(session, self.project_id)
        tasks = _top_most(session, self.project_id, self.task_ids)
        parents = {t: v[0] for t, v in self.state.items()}
        ancestor = self.parent_id
        while ancestor is not None:
            if ancestor in tasks:
                raise TaskEditError("A task cannot be moved under itself.")
            ancestor = parents.get(ancestor)
        for task_id in tasks:
            old_parent = parents[task_id]
            _place(
                session,
                old_parent,
                [t for t in _children(session, self.project_id, old_parent) if t != task_id],
            )
        target = [t for t in _children(session, self.project_id, self.parent_id) if t not in tasks]
        index = target.index(self.before_id) if self.before_id in target else len(target)
        target[index:index] = tasks
        _place(session, self.parent_id, target)

    def revert_change(self, session: Session) -> None:
        _restore_structure(session, self.project_id, self.state)


# ------------------------------------------------------------------ links

_PRED_RE = re.compile(
    r"^\s*(\d+(?:\.\d+)*)\s*(FS|SS|FF|SF)?\s*(?:([+-])\s*(.+?))?\s*$", re.IGNORECASE
)

LinkSpec = tuple[int, str, int]  # predecessor id, type, lag minutes


def parse_predecessors(
    text: str,
    row_ids: Sequence[int],
    wbs_codes: Sequence[str] = (),
    minutes_per_day: int = 480,
    task_id: int | None = None,
) -> list[LinkSpec]:
    """Read ``3FS+2d; 5SS`` (row numbers, or WBS codes like ``1.2``) into link specs.

    Raises :class:`TaskEditError` naming the part that cannot be read.
    """
    by_wbs = {code: row_ids[i] for i, code in enumerate(wbs_codes)}
    specs: list[LinkSpec] = []
    seen: set[int] = set()
    for part in filter(None, (p.strip() for p in re.split(r"[;,]", text or ""))):
        match = _PRED_RE.match(part)
        if not match:
            raise TaskEditError(
                f"'{part}' is not a predecessor: write the row number, a link type and a lag, "
                "like 3FS+2d or 5SS"
            )
        ref, kind, sign, lag_text = match.groups()
        if "." in ref:
            pred = by_wbs.get(ref)
            if pred is None:
                raise TaskEditError(f"'{part}': there is no task with WBS {ref}")
        else:
            number = int(ref)
            if not 1 <= number <= len(row_ids):
                raise TaskEditError(f"'{part}': there is no row {number}")
            pred = row_ids[number - 1]
        if pred == task_id:
            raise TaskEditError(f"'{part}': a task cannot depend on itself")
        if pred in seen:
            raise TaskEditError(f"'{part}': that predecessor is listed twice")
        seen.add(pred)
        lag = 0
        if lag_text:
            try:
                lag = parse_duration(lag_text, minutes_per_day, allow_negative=True)
            except DurationError as error:
                raise TaskEditError(f"'{part}': {error}") from error
            if sign == "-":
                lag = -lag
        specs.append((pred, (kind or "FS").upper(), lag))
    return specs


def _link_rows(session: Session, condition: Any) -> list[dict[str, Any]]:
    table = Dependency.__table__
    return [dict(r) for r in session.execute(select(table).where(condition)).mappings()]


def _insert_links(session: Session, rows: list[dict[str, Any]]) -> None:
    if rows:
        session.execute(insert(Dependency.__table__), rows)


class SetPredecessors(TaskEdit):
    """Replace a task's predecessors (the Predecessors cell or the dialog's list). A link that
    would close a loop is refused with the loop's tasks named."""

    links_changed = True

    def __init__(self, project_id: int, task_id: int, links: Sequence[LinkSpec]) -> None:
        super().__init__(project_id, "Edit predecessors")
        self.task_id = task_id
        for _pred, kind, _lag in links:
            if kind not in LINK_TYPES:
                raise TaskEditError(f"Unknown link type '{kind}' (use FS, SS, FF or SF).")
        self.links = list(links)
        self.old_rows: list[dict[str, Any]] = []
        self.new_rows: list[dict[str, Any]] = []

    def apply_change(self, session: Session) -> None:
        _check_tasks(session, self.project_id, [self.task_id, *(p for p, _k, _l in self.links)])
        if any(p == self.task_id for p, _k, _l in self.links):
            raise TaskEditError("A task cannot depend on itself.")
        self.old_rows = _link_rows(session, Dependency.successor_id == self.task_id)
        session.execute(delete(Dependency).where(Dependency.successor_id == self.task_id))
        if not self.new_rows:
            old_by_pred = {r["predecessor_id"]: r["id"] for r in self.old_rows}
            self.new_rows = [
                {
                    "project_id": self.project_id,
                    "predecessor_id": pred,
                    "successor_id": self.task_id,
                    "type": kind,
                    "lag_minutes": lag,
                    "id": old_by_pred.get(pred),
                }
                for pred, kind, lag in self.links
            ]
            for row in self.new_rows:
                if row["id"] is None:
                    del row["id"]
                    row["id"] = session.execute(
                        insert(Dependency).values(row).returning(Dependency.id)
                    ).scalar_one()
                else:
                    _insert_links(session, [row])
        else:
            _insert_links(session, self.new_rows)

    def revert_change(self, session: Session) -> None:
        session.execute(delete(Dependency).where(Dependency.successor_id == self.task_id))
        _insert_links(session, self.old_rows)


class LinkTasks(TaskEdit):
    """Link two tasks (dragging from one bar to another)."""

    links_changed = True

    def __init__(
        self,
        project_id: int,
        predecessor_id: int,
        successor_id: int,
        link_type: str = "FS",
        lag_minutes: int = 0,
    ) -> None:
        super().__init__(project_id, "Link tasks")
        if predecessor_id == successor_id:
            raise TaskEditError("A task cannot depend on itself.")
        if link_type not in LINK_TYPES:
            raise TaskEditError(f"Unknown link type '{link_type}' (use FS, SS, FF or SF).")
        self.row: dict[str, Any] = {
            "project_id": project_id,
            "predecessor_id": predecessor_id,
            "successor_id": successor_id,
            "type": link_type,
            "lag_minutes": lag_minutes,
        }

    def apply_change(self, session: Session) -> None:
        pred, succ = self.row["predecessor_id"], self.row["successor_id"]
        _check_tasks(session, self.project_id, [pred, succ])
        existing = session.scalar(
            select(Dependency.id).where(
                ((Dependency.predecessor_id == pred) & (Dependency.successor_id == succ))
                | ((Dependency.predecessor_id == succ) & (Dependency.successor_id == pred))
            )
        )
        if existing is not None:
            raise TaskEditError("These two tasks are already linked.")
        self.row["id"] = session.execute(
            insert(Dependency).values(self.row).returning(Dependency.id)
        ).scalar_one()

    def revert_change(self, session: Session) -> None:
        session.execute(delete(Dependency).where(Dependency.id == self.row["id"]))


class UnlinkTasks(TaskEdit):
    """Remove links given as (predecessor id, successor id) pairs."""

    links_changed = True

    def __init__(self, project_id: int, pairs: Iterable[tuple[int, int]]) -> None:
        super().__init__(project_id, "Unlink tasks")
        self.pairs = list(pairs)
        self.rows: list[dict[str, Any]] = []

    def apply_change(self, session: Session) -> None:
        self.rows = []
        for pred, succ in self.pairs:
            self.rows += _link_rows(
                session, (Dependency.predecessor_id == pred) & (Dependency.successor_id == succ)
            )
        if not self.rows:
            raise TaskEditError("There is no such link.")
        session.execute(delete(Dependency).where(Dependency.id.in_([r["id"] for r in self.rows])))

    def revert_change(self, session: Session) -> None:
        _insert_links(session, self.rows)


def links_between(session: Session, task_ids: Sequence[int]) -> list[tuple[int, int]]:
    """Links among the given tasks (for "Unlink selected tasks")."""
    chosen = list(task_ids)
    return [
        (p, s)
        for p, s in session.execute(
            select(Dependency.predecessor_id, Dependency.successor_id).where(
                Dependency.predecessor_id.in_(chosen), Dependency.successor_id.in_(chosen)
            )
        )
    ]


def start_constraint_for(start: datetime) -> dict[str, Any]:
    """The change that moves a task to ``start``: a start-no-earlier-than constraint."""
    return {"start_no_earlier_than": start}
