"""Edits of the links between tasks: a task's predecessors, link two bars, unlink.

Undo re-inserts the same rows with the same ids.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, delete, insert, select
from sqlalchemy.orm import Session

from infradesk.model import Dependency
from infradesk.schedule.engine import LINK_TYPES
from infradesk.services.plan.cross_link_edits import check_cross_link
from infradesk.services.plan.cross_links import touches_other_projects
from infradesk.services.plan.errors import TaskEditError
from infradesk.services.plan.predecessor_text import LinkSpec, checked_links
from infradesk.services.plan.task_edit import TaskEdit, check_tasks

_LINKS = cast(Table, Dependency.__table__)  # declared as a FromClause by the ORM


def _link_rows(session: Session, condition: ColumnElement[bool]) -> list[dict[str, Any]]:
    table = _LINKS
    return [dict(r) for r in session.execute(select(table).where(condition)).mappings()]


def _insert_links(session: Session, rows: list[dict[str, Any]]) -> None:
    if rows:
        session.execute(insert(_LINKS), rows)


class SetPredecessors(TaskEdit):
    """Replace a task's predecessors (the Predecessors cell or the dialog's list). A link that
    would close a loop is refused with the loop's tasks named."""

    links_changed = True

    def __init__(self, project_id: int, task_id: int, links: Sequence[LinkSpec]) -> None:
        super().__init__(project_id, "Edit predecessors")
        self.task_id = task_id
        self.links = checked_links(links)
        self.old_rows: list[dict[str, Any]] = []
        self.new_rows: list[dict[str, Any]] = []

    def apply_change(self, session: Session) -> None:
        check_tasks(session, self.project_id, [self.task_id, *(p for p, _k, _l in self.links)])
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
            crossed = touches_other_projects(session, self.project_id)
            for row in self.new_rows:
                if crossed:  # a loop may run through another project
                    check_cross_link(session, row["predecessor_id"], self.task_id)
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
        check_tasks(session, self.project_id, [pred, succ])
        existing = session.scalar(
            select(Dependency.id).where(
                ((Dependency.predecessor_id == pred) & (Dependency.successor_id == succ))
                | ((Dependency.predecessor_id == succ) & (Dependency.successor_id == pred))
            )
        )
        if existing is not None:
            raise TaskEditError("These two tasks are already linked.")
        if touches_other_projects(session, self.project_id):  # a loop through another project
            check_cross_link(session, pred, succ)
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
