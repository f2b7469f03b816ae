"""Edit > Undo refuses, with a message, an undo that would overwrite another program's edit;
the undo stack stays where it was and the newer value is kept (issue 13)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select, update

from infradesk.model import Task
from infradesk.services.plan.field_edits import UpdateTask
from infradesk.store.workspace import Workspace
from infradesk.ui.main_window import MainWindow


def test_undo_after_another_program_changed_the_task_is_refused(
    main_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda parent, title, text, *a: shown.append((title, text))
    )
    context = main_window.context
    with main_window.workspace.session() as session:
        task = session.scalars(select(Task).where(Task.name == "Smoke tests")).one()
    context.execute(
        UpdateTask(context.project_id, task.id, {"duration_minutes": 960}, "Edit duration")
    )
    assert context.undo_stack.index() == 1

    other = Workspace.open(main_window.workspace.path)  # another program on the same file
    try:
        with other.session() as session:
            session.execute(update(Task).where(Task.id == task.id).values(duration_minutes=1440))
    finally:
        other.close()

    main_window.undo_action.trigger()

    assert context.undo_stack.index() == 1  # not moved
    assert context.undo_stack.canUndo()
    assert shown and shown[0][0] == "Cannot undo"
    assert shown[0][1].startswith(
        "Cannot undo 'Edit duration': task 'Smoke tests' was changed since, in another window "
        "or program."
    )
    with main_window.workspace.session() as session:
        assert session.scalar(select(Task.duration_minutes).where(Task.id == task.id)) == 1440


def test_undo_and_redo_move_the_stack_when_they_succeed(main_window: MainWindow) -> None:
    context = main_window.context
    with main_window.workspace.session() as session:
        task = session.scalars(select(Task).where(Task.name == "Smoke tests")).one()
    context.execute(UpdateTask(context.project_id, task.id, {"duration_minutes": 960}))
    main_window.undo_action.trigger()
    assert context.undo_stack.index() == 0
    assert not main_window.undo_action.isEnabled() and main_window.redo_action.isEnabled()
    main_window.redo_action.trigger()
    assert context.undo_stack.index() == 1
    with main_window.workspace.session() as session:
        assert session.scalar(select(Task.duration_minutes).where(Task.id == task.id)) == 960
