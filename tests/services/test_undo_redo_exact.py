"""Redo gives back exactly what the first apply wrote, even when the command's own code writes
something else the second time (a clock, a counter) -- issue 13, found by the long undo property
test (``test_undo_property.py``): a status update saved twice for one date within one minute, then
undone and redone a minute later, kept the new ``created_at`` and the next redo was refused as a
conflict."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from infradesk.model import Task
from infradesk.model.status import StatusUpdate
from infradesk.services.commands import Command
from infradesk.services.demo.seed import create_demo_project
from infradesk.services.status import rules as status
from infradesk.services.status.rules import SaveStatusUpdate, draft_status
from infradesk.store.workspace import Workspace
from tests.rows import content, undone_tables


def dump(workspace: Workspace) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, ids included."""
    with workspace.session() as session:
        return {
            table.name: [tuple(r) for r in session.execute(content(table))]
            for table in undone_tables()
        }


class Clock(datetime):
    """``datetime`` whose ``now()`` is set by the test (save_status stamps ``created_at``)."""

    current = datetime(2026, 5, 6, 9, 0)

    @classmethod
    def now(cls, tz: Any = None) -> Clock:  # type: ignore[override]
        return cls.current  # type: ignore[return-value]


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> type[Clock]:
    monkeypatch.setattr(status, "datetime", Clock)
    Clock.current = datetime(2026, 5, 6, 9, 0)
    return Clock


def _save(workspace: Workspace, project_id: int, summary: str) -> SaveStatusUpdate:
    with workspace.session() as session:
        draft = draft_status(session, project_id, date(2026, 5, 6))
    draft.executive_summary = summary
    command = SaveStatusUpdate(project_id, draft)
    command.apply(workspace)
    return command


def test_status_saved_twice_in_one_minute_redoes_exactly_later(
    workspace: Workspace, clock: type[Clock]
) -> None:
    with workspace.session() as session:
        project_id = create_demo_project(session)
    start = dump(workspace)
    first = _save(workspace, project_id, "First")
    second = _save(workspace, project_id, "Second")  # same row, same minute: created_at kept
    third_clock = datetime(2026, 5, 6, 9, 5)
    clock.current = third_clock
    third = _save(workspace, project_id, "Third")  # a later minute: created_at is its own
    end = dump(workspace)

    clock.current = datetime(2026, 5, 6, 10, 0)  # undo and redo an hour later
    for command in (third, second, first):
        command.revert(workspace)
    assert dump(workspace) == start
    for command in (first, second, third):
        command.apply(workspace)  # the third redo was refused: "status update was changed"
    assert dump(workspace) == end
    with workspace.session() as session:
        stamp = session.scalar(select(StatusUpdate.created_at))
    assert stamp == third_clock


class RenameAndStamp(Command):
    """Renames a task and writes ``notes``: the first time the value already there, on every
    later run a new one (as a clock or a counter would)."""

    text = "Rename and stamp"

    def __init__(self, task_id: int) -> None:
        self.task_id = task_id
        self.runs = 0

    def do(self, session: Session) -> None:
        task = session.get(Task, self.task_id)
        assert task is not None
        task.name = "Renamed"
        if self.runs:
            task.notes = f"run {self.runs}"
        self.runs += 1

    def undo(self, session: Session) -> None:
        task = session.get(Task, self.task_id)
        assert task is not None
        task.name = "Original"
        task.notes = "undone"


def test_redo_and_undo_put_back_columns_the_first_apply_left_alone(workspace: Workspace) -> None:
    with workspace.session() as session:
        project_id = create_demo_project(session)
        task_id = session.scalars(select(Task.id).where(Task.project_id == project_id)).first()
        task = session.get(Task, task_id)
        assert task is not None
        task.name, task.notes = "Original", "kept"
    start = dump(workspace)
    command = RenameAndStamp(task_id)
    command.apply(workspace)
    end = dump(workspace)
    command.revert(workspace)
    assert dump(workspace) == start  # the undo wrote notes = "undone"
    command.apply(workspace)
    assert dump(workspace) == end  # the redo wrote notes = "run 1"
