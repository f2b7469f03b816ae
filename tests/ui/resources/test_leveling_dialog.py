"""Project > Level Resources…: proposals in the background, ghost bars, untick, accept, undo."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from infradesk.model import Assignment, Project, Resource, Task
from infradesk.services.plan.scheduling import reschedule
from infradesk.store.workspace import Workspace

START = datetime(2026, 1, 5, 8, 0)


@pytest.fixture
def leveling_window(qtbot, workspace: Workspace) -> Iterator:
    """A project where one full-time storage admin has three 2-day tasks at once."""
    with workspace.session() as session:
        project = Project(name="DC migration", start=START)
        admin = Resource(name="Storage admin", max_units=1.0)
        session.add_all([project, admin])
        session.flush()
        for position, name in enumerate(("Zoning", "LUN masking", "Snapshots")):
            task = Task(project_id=project.id, name=name, duration_minutes=960, position=position)
            session.add(task)
            session.flush()
            session.add(Assignment(task_id=task.id, resource_id=admin.id, units=1.0))
        session.flush()
        reschedule(session, project.id)
    from infradesk.ui.main_window import MainWindow

    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window


def stored(workspace: Workspace) -> dict[str, tuple[datetime, datetime, int]]:
    with workspace.session() as session:
        return {
            name: (start, finish, delay)
            for name, start, finish, delay in session.execute(
                select(Task.name, Task.start, Task.finish, Task.leveling_delay_minutes)
            )
        }


def test_level_untick_accept_and_undo(qtbot, leveling_window, workspace: Workspace,
                                      tmp_path: Path) -> None:
    window = leveling_window
    before = stored(workspace)
    dialog = window.level_resources()
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2)
    # the proposal is previewed as ghost bars behind the Gantt's bars
    ghosts = window.gantt_tab.chart.painter.ghost_bars
    assert len(ghosts) == 2
    assert dialog.accept_button.isEnabled()
    assert "Storage admin is at 300% on 5-6 Jan" in dialog.table.item(0, 2).text()
    window.gantt_tab.chart.viewport().repaint()
    dialog.grab().save(str(tmp_path / "leveling_dialog.png"))
    window.grab().save(str(tmp_path / "leveling_gantt.png"))

    first = dialog.preview.proposals[0]
    dialog.table.item(0, 0).setCheckState(Qt.CheckState.Unchecked)
    assert [p.task_id for p in dialog.checked()] == [dialog.preview.proposals[1].task_id]
    assert first.task_id not in window.gantt_tab.chart.painter.ghost_bars
    kept = dialog.preview.proposals[1]
    dialog.accept_button.click()
    assert not dialog.isVisible()
    assert window.gantt_tab.chart.painter.ghost_bars == {}

    after = stored(workspace)
    assert after[kept.task_name][0] == kept.start
    assert after[kept.task_name][2] == kept.delay_minutes
    assert after[first.task_name] == before[first.task_name]  # unticked: left alone
    assert window.context.undo_stack.undoText() == "Level resources"

    assert window.context.undo()
    assert stored(workspace) == before


def test_clear_leveling_from_the_project_menu(qtbot, leveling_window, workspace: Workspace
                                              ) -> None:
    window = leveling_window
    before = stored(workspace)
    dialog = window.level_resources()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2)
    dialog.accept_button.click()
    assert stored(workspace) != before
    window.clear_leveling_action.trigger()
    assert {name: v[:2] for name, v in stored(workspace).items()} == {
        name: v[:2] for name, v in before.items()
    }
    assert window.context.undo_stack.undoText() == "Clear leveling"
    window.context.undo()
    assert stored(workspace) != before


def test_nothing_to_level_says_so(qtbot, leveling_window, workspace: Workspace) -> None:
    with workspace.session() as session:
        for assignment in session.scalars(select(Assignment)):
            assignment.units = 0.25
    dialog = leveling_window.level_resources()
    qtbot.waitUntil(lambda: "nothing to level" in dialog.summary.text())
    assert dialog.table.rowCount() == 0
    assert not dialog.accept_button.isEnabled()
    dialog.reject()
