"""Indent and outdent that write only the rows that move.

A task's ``position`` is a sort key among its siblings (ties broken by id), not a dense
rank: the siblings a task leaves keep their positions, so an indent on a plan of 100,000
tasks at one level writes one row instead of renumbering 50,000. A task goes after the last
child of its new parent (the largest position, plus one); an outdented task takes the free
key after its old parent, and only when there is none are the siblings after the parent
shifted by two.

The outline that results is the one a full renumber gives (same parents, same sibling
order); :class:`OutlineMoves` remembers each row's structure before it first wrote it
(``before``, for undo) and which tasks changed parent (``reparented``, for the scheduler).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from infradesk.model import Task
from infradesk.services.bulk import update_by_id

StructureState = dict[int, tuple[int | None, int, int, float]]

_CHUNK = 500  # ids per IN (...) list
# a selection of more tasks than this is ordered from the whole plan read at once
_WHOLE_PLAN_ORDER = 200


def outline_ids(session: Session, project_id: int) -> list[int]:
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


def top_most_in_plan(session: Session, project_id: int, task_ids: Iterable[int]) -> list[int]:
    """The given tasks in outline order, leaving out those whose ancestor is also given
    (from the whole plan: for large selections)."""
    chosen = set(task_ids)
    parents = dict(
        session.execute(select(Task.id, Task.parent_id).where(Task.project_id == project_id)).all()
    )
    result = []
    for task_id in outline_ids(session, project_id):
        if task_id not in chosen:
            continue
        ancestor = parents.get(task_id)
        while ancestor is not None and ancestor not in chosen:
            ancestor = parents.get(ancestor)
        if ancestor is None:
            result.append(task_id)
    return result


def _parent_is(parent_id: int | None) -> Any:
    return Task.parent_id.is_(None) if parent_id is None else Task.parent_id == parent_id


def _after(position: int, task_id: int) -> Any:
    """Siblings ordered after (position, id)."""
    return or_(Task.position > position, and_(Task.position == position, Task.id > task_id))


def _before(position: int, task_id: int) -> Any:
    return or_(Task.position < position, and_(Task.position == position, Task.id < task_id))


class OutlineMoves:
    """One edit's moves of rows in a project, each written at once."""

    def __init__(self, session: Session, project_id: int) -> None:
        self.session = session
        self.project_id = project_id
        self.before: StructureState = {}  # rows as they were before this edit wrote them
        self.reparented: set[int] = set()  # moved tasks and their old and new parents
        self.moved = 0
        self._had_children: dict[int, bool] = {}  # new parents: had children before

    # -- reading

    def top_most(self, task_ids: Iterable[int]) -> list[int]:
        """The given tasks in outline order, leaving out those whose ancestor is also given.

        The outline order is that of the paths of (position, id) keys from the top level; a
        few tasks read only their ancestors."""
        chosen = list(dict.fromkeys(task_ids))
        if len(chosen) > _WHOLE_PLAN_ORDER:
            return top_most_in_plan(self.session, self.project_id, chosen)
        rows: dict[int, tuple[int | None, int]] = {}
        wanted = set(chosen)
        while wanted:
            found = self._rows(wanted)
            rows.update(found)
            wanted = {p for p, _pos in found.values() if p is not None and p not in rows}
        chosen_set = set(chosen)
        paths: list[tuple[list[tuple[int, int]], int]] = []
        for task_id in chosen:
            if task_id not in rows:
                continue
            path: list[tuple[int, int]] = []
            step: int | None = task_id
            covered = False
            while step is not None and step in rows:
                parent, position = rows[step]
                path.append((position, step))
                if parent in chosen_set:
                    covered = True
                    break
                step = parent
            if not covered:
                path.reverse()
                paths.append((path, task_id))
        paths.sort()
        return [task_id for _path, task_id in paths]

    def _rows(self, task_ids: Iterable[int]) -> dict[int, tuple[int | None, int]]:
        ids = sorted(set(task_ids))
        found: dict[int, tuple[int | None, int]] = {}
        for first in range(0, len(ids), _CHUNK):
            for task_id, parent, position in self.session.execute(
                select(Task.id, Task.parent_id, Task.position).where(
                    Task.id.in_(ids[first : first + _CHUNK])
                )
            ):
                found[task_id] = (parent, int(position or 0))
        return found

    def _row(self, task_id: int) -> tuple[int | None, int]:
        return self._rows([task_id])[task_id]

    def _siblings(self, parent_id: int | None, condition: Any, descending: bool = False) -> Any:
        order = (Task.position.desc(), Task.id.desc()) if descending else (Task.position, Task.id)
        where = (*self._under(parent_id), condition)
        return select(Task.id, Task.position).where(*where).order_by(*order)

    def _under(self, parent_id: int | None) -> tuple[Any, ...]:
        """The condition for ``parent_id``'s children: the project and the parent, the
        leading columns of the task table's sibling index, so one seek finds a sibling in
        order (the top level and a parent of 100,000 children alike: 0.1 ms, against 25 by
        the parent's or the project's index alone)."""
        return (Task.project_id == self.project_id, _parent_is(parent_id))

    def _last_position(self, parent_id: int) -> int | None:
        value = self.session.scalar(
            select(func.max(Task.position)).where(*self._under(parent_id))
        )
        return None if value is None else int(value)

    def _note_parent(self, task_id: int) -> None:
        """Remember, before ``task_id`` gets a child, whether it had one."""
        if task_id not in self._had_children:
            self._had_children[task_id] = self._last_position(task_id) is not None

    def became_summaries(self) -> set[int]:
        """The tasks this edit gave their first children."""
        return {t for t, had in self._had_children.items() if not had}

    # -- writing

    def _remember(self, task_ids: Iterable[int]) -> None:
        new = sorted({t for t in task_ids if t not in self.before})
        for first in range(0, len(new), _CHUNK):
            for r in self.session.execute(
                select(
                    Task.id,
                    Task.parent_id,
                    Task.position,
                    Task.duration_minutes,
                    Task.percent_complete,
                ).where(Task.id.in_(new[first : first + _CHUNK]))
            ):
                self.before[r[0]] = (r[1], r[2], r[3], r[4])

    def _write(self, rows: list[dict[str, Any]]) -> None:
        self._remember(row["id"] for row in rows)
        update_by_id(self.session, Task, rows)

    def indent(self, task_id: int) -> bool:
        """Make the task the last child of the sibling above it; False when it has none."""
        parent, position = self._row(task_id)
        above = self.session.execute(
            self._siblings(parent, _before(position, task_id), descending=True).limit(1)
        ).first()
        if above is None:
            return False
        new_parent = int(above[0])
        self._note_parent(new_parent)
        last = self._last_position(new_parent)
        self._remember([new_parent] if parent is None else [new_parent, parent])
        self._write(
            [{"id": task_id, "parent_id": new_parent, "position": 0 if last is None else last + 1}]
        )
        self.reparented.update(t for t in (task_id, new_parent, parent) if t is not None)
        self.moved += 1
        return True

    def outdent(self, task_id: int) -> bool:
        """Move the task right after its parent, one level up; the siblings below it become
        its last children (so the rows keep their order). False at the top level."""
        parent, position = self._row(task_id)
        if parent is None:
            return False
        grand, parent_position = self._row(parent)
        followers = [
            int(r[0])
            for r in self.session.execute(self._siblings(parent, _after(position, task_id)))
        ]
        if followers:
            self._note_parent(task_id)
        last = self._last_position(task_id)
        first = 0 if last is None else last + 1
        slot = self._slot_after(grand, parent, parent_position)
        self._remember([parent])
        self._write(
            [
                {"id": task_id, "parent_id": grand, "position": slot},
                *(
                    {"id": f, "parent_id": task_id, "position": first + i}
                    for i, f in enumerate(followers)
                ),
            ]
        )
        self.reparented.update((task_id, parent, *followers))
        self.moved += 1
        return True

    def _slot_after(self, grand: int | None, parent: int, parent_position: int) -> int:
        """A free position right after ``parent`` among its siblings: ``parent_position + 1``,
        after shifting the siblings that follow by two when that key is taken."""
        following = self.session.execute(
            self._siblings(grand, _after(parent_position, parent)).limit(1)
        ).first()
        slot = parent_position + 1
        if following is None or int(following[1]) > slot:
            return slot
        shifted = [
            {"id": int(r[0]), "position": int(r[1]) + 2}
            if int(r[1]) > parent_position
            else {"id": int(r[0]), "position": parent_position + 2}
            for r in self.session.execute(self._siblings(grand, _after(parent_position, parent)))
        ]
        self._write(shifted)
        return slot
