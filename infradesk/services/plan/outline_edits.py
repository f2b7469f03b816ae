"""Edits of the outline's rows: insert, delete, indent, outdent, move (by key or dragged).

Undo is exact: each edit remembers the parent, position, duration and percent of the tasks it
may change before it ran (the engine rewrites a summary's duration and percent) and puts back
the ones that differ; a delete keeps its rows with :mod:`infradesk.services.snapshot`.

Indent and outdent touch only the rows that move (:mod:`.outline_moves`): sibling positions
are sort keys, so the siblings left behind keep theirs (a gap is harmless) and a plan of
100,000 tasks writes a handful of rows; they name the moved tasks (``reparented``) so the
kept scheduler is patched rather than the plan rebuilt. Inserts, deletes and moves renumber
the siblings they change.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, cast

from sqlalchemy import Table, delete, insert, select
from sqlalchemy.orm import Session

from infradesk.model import Assignment, Task
from infradesk.services.bulk import update_by_id
from infradesk.services.plan import outline_moves
from infradesk.services.plan.errors import TaskEditError
from infradesk.services.plan.task_edit import TaskEdit, check_tasks
from infradesk.services.snapshot import RowSnapshot, delete_rows, restore_snapshot, take_snapshot

_TASKS = cast(Table, Task.__table__)  # declared as a FromClause by the ORM
_ASSIGNMENTS = cast(Table, Assignment.__table__)

StructureState = outline_moves.StructureState


#: what structural edits change, per task: id, parent, position, duration, percent
_STRUCTURE = select(
    Task.id, Task.parent_id, Task.position, Task.duration_minutes, Task.percent_complete
)


def _structure(session: Session, project_id: int) -> StructureState:
    """Parent, position, duration and percent of every task: what structural edits change."""
    return {
        r[0]: (r[1], r[2], r[3], r[4])
        for r in session.execute(_STRUCTURE.where(Task.project_id == project_id))
    }


def _structure_of(session: Session, task_ids: Iterable[int]) -> StructureState:
    """:func:`_structure` of the given tasks only (those an edit may change)."""
    state: StructureState = {}
    ids = sorted(set(task_ids))
    for first in range(0, len(ids), _CHUNK):
        for r in session.execute(_STRUCTURE.where(Task.id.in_(ids[first : first + _CHUNK]))):
            state[r[0]] = (r[1], r[2], r[3], r[4])
    return state


_CHUNK = 500  # ids per IN (...) list
# a state of more tasks than this is compared with the whole plan read at once
_WHOLE_PLAN_READ = 2_000


def _restore_structure(session: Session, project_id: int, state: StructureState) -> None:
    if len(state) > _WHOLE_PLAN_READ:
        current = _structure(session, project_id)
    else:
        current = _structure_of(session, state)
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
        update_by_id(session, Task, rows)


def _children(session: Session, project_id: int, parent_id: int | None) -> list[int]:
    """Ids of ``parent_id``'s children in sibling order."""
    # project and parent: the sibling index's leading columns, which give the order as well
    parent = Task.parent_id.is_(None) if parent_id is None else Task.parent_id == parent_id
    return list(
        session.scalars(
            select(Task.id)
            .where(Task.project_id == project_id, parent)
            .order_by(Task.position, Task.id)
        )
    )


def _place(session: Session, parent_id: int | None, ordered: Sequence[int]) -> None:
    """Make ``ordered`` the children of ``parent_id`` with positions 0, 1, 2..."""
    if ordered:
        update_by_id(
            session,
            Task,
            [{"id": t, "parent_id": parent_id, "position": i} for i, t in enumerate(ordered)],
        )


def _parents(session: Session, task_ids: Iterable[int]) -> dict[int, int | None]:
    return dict(
        session.execute(select(Task.id, Task.parent_id).where(Task.id.in_(list(task_ids)))).all()
    )


def _top_most(session: Session, project_id: int, task_ids: Iterable[int]) -> list[int]:
    """The given tasks in outline order, leaving out those whose ancestor is also given."""
    return outline_moves.OutlineMoves(session, project_id).top_most(task_ids)


class _MoveRows(TaskEdit):
    """An edit of the rows ``task_ids``: removes or moves them. Undo puts the outline back as
    it was before the edit (``state``, taken by ``apply_change``)."""

    structural = True

    def __init__(self, project_id: int, text: str, task_ids: Iterable[int]) -> None:
        super().__init__(project_id, text)
        self.task_ids = list(task_ids)
        self.state: StructureState = {}
        self.dropped: RowSnapshot | None = None  # assignments of tasks made summaries
        # the tasks whose parent the last pass changed, with the parents they had and got
        # (read by the rescheduler, which then patches its plan); None: rebuild it
        self.reparented: set[int] | None = None

    @property
    def changed_ids(self) -> set[int]:
        return set(self.task_ids)

    def revert_change(self, session: Session) -> None:
        _restore_structure(session, self.project_id, self.state)
        if self.dropped is not None:
            restore_snapshot(session, self.dropped)

    @property
    def schedule_inputs(self) -> set[int]:
        return set(self.reparented or ())

    def drop_summary_assignments(self, session: Session, became: set[int] | None = None) -> None:
        """The tasks this edit made summaries (``became``, when the edit knows them) lose
        their assignments: a summary takes no resources (its work rolls up from its subtasks,
        as the Assigned cell says when one is typed on it). Undo gives them back with the
        structure."""
        self.dropped = None
        if became is None:
            were = {parent for parent, *_rest in self.state.values() if parent is not None}
            now = {
                parent
                for parent in session.scalars(
                    select(Task.parent_id)
                    .where(Task.project_id == self.project_id, Task.parent_id.is_not(None))
                    .distinct()
                )
                if parent is not None
            }
            became = now - were
        if not became:
            return
        ids = set(session.scalars(select(Assignment.id).where(Assignment.task_id.in_(became))))
        if ids:
            self.dropped = take_snapshot(session, _ASSIGNMENTS, ids)
            delete_rows(session, _ASSIGNMENTS, ids)


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

    @property
    def focus_id(self) -> int | None:
        return self.task_id

    def apply_change(self, session: Session) -> None:
        self.state = _structure(session, self.project_id)
        parent_id: int | None = None
        siblings = _children(session, self.project_id, None)
        index = len(siblings)
        if self.after_id is not None:
            check_tasks(session, self.project_id, [self.after_id])
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


class DeleteTasks(_MoveRows):
    """Delete tasks with their subtasks, links, baseline dates and risk links."""

    def __init__(self, project_id: int, task_ids: Iterable[int]) -> None:
        unique = list(dict.fromkeys(task_ids))
        count = len(unique)
        text = "Delete task" if count == 1 else f"Delete {count} tasks"
        super().__init__(project_id, text, unique)
        self.snapshot = RowSnapshot()

    def apply_change(self, session: Session) -> None:
        if not self.task_ids:
            raise TaskEditError("Select the tasks to delete.")
        check_tasks(session, self.project_id, self.task_ids)
        self.state = _structure(session, self.project_id)
        self.snapshot = take_snapshot(session, _TASKS, set(self.task_ids))
        delete_rows(session, _TASKS, set(self.task_ids))

    def revert_change(self, session: Session) -> None:
        restore_snapshot(session, self.snapshot)
        super().revert_change(session)


class IndentTasks(_MoveRows):
    """Make each task the last child of the sibling above it (Tab)."""

    def __init__(self, project_id: int, task_ids: Iterable[int]) -> None:
        super().__init__(project_id, "Indent", task_ids)

    def apply_change(self, session: Session) -> None:
        check_tasks(session, self.project_id, self.task_ids)
        moves = outline_moves.OutlineMoves(session, self.project_id)
        for task_id in moves.top_most(self.task_ids):
            moves.indent(task_id)
        if not moves.moved:
            raise TaskEditError("A task can only be indented below a task at its own level.")
        self.state = moves.before
        self.reparented = moves.reparented
        self.drop_summary_assignments(session, moves.became_summaries())


class OutdentTasks(_MoveRows):
    """Move each task one level up, right after its parent (Shift+Tab). As in MS Project the
    tasks below it under the same parent become its children, so the rows keep their order."""

    def __init__(self, project_id: int, task_ids: Iterable[int]) -> None:
        super().__init__(project_id, "Outdent", task_ids)

    def apply_change(self, session: Session) -> None:
        check_tasks(session, self.project_id, self.task_ids)
        moves = outline_moves.OutlineMoves(session, self.project_id)
        for task_id in moves.top_most(self.task_ids):
            moves.outdent(task_id)
        if not moves.moved:
            raise TaskEditError("Top-level tasks cannot be outdented.")
        self.state = moves.before
        self.reparented = moves.reparented
        self.drop_summary_assignments(session, moves.became_summaries())


class MoveTasks(_MoveRows):
    """Move tasks one place up (``step=-1``) or down among their siblings (Alt+Up/Down)."""

    def __init__(self, project_id: int, task_ids: Iterable[int], step: int) -> None:
        super().__init__(project_id, "Move up" if step < 0 else "Move down", task_ids)
        self.step = -1 if step < 0 else 1

    def apply_change(self, session: Session) -> None:
        check_tasks(session, self.project_id, self.task_ids)
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


class MoveTasksTo(_MoveRows):
    """Move tasks (a dragged row selection) under ``parent_id`` before ``before_id`` (at the
    end when None)."""

    def __init__(
        self,
        project_id: int,
        task_ids: Iterable[int],
        parent_id: int | None,
        before_id: int | None,
    ) -> None:
        super().__init__(project_id, "Move tasks", task_ids)
        self.parent_id = parent_id
        self.before_id = before_id

    def apply_change(self, session: Session) -> None:
        check_tasks(session, self.project_id, self.task_ids)
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
        self.drop_summary_assignments(session)
