"""The History panel (issue 21): who changed the selected task, risk or vendor, and when.

Everything is real: edits through the window's table and undo action, another InfraDesk's
edit through a second :class:`Workspace` on the same file (seen by the window's workspace
watch), exports written to disk and read back with openpyxl and csv.
"""

from __future__ import annotations

import csv
from datetime import datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import select

from infradesk.model import Risk, Task
from infradesk.services import audit
from infradesk.services.plan.field_edits import UpdateTask
from infradesk.services.risks.commands import EditRecord
from infradesk.store.workspace import Workspace
from infradesk.ui.history_panel import (
    SHORTCUT,
    TIME_FORMAT,
    HistoryPanel,
    export_project_history,
)
from infradesk.ui.main_window import MainWindow
from tests.ui.test_edit_refusals import type_into_cell

WAIT_MS = 5000


def task_id_named(workspace: Workspace, name: str) -> int:
    with workspace.read_session() as session:
        return session.scalars(select(Task.id).where(Task.name == name)).one()


def open_panel(window: MainWindow, qtbot) -> HistoryPanel:
    panel = window.history_panel
    assert not panel.isVisible()
    panel.toggle_action.trigger()  # View > History
    qtbot.waitUntil(panel.isVisible)
    return panel


def select_task(window: MainWindow, qtbot, panel: HistoryPanel, name: str) -> int:
    task_id = task_id_named(window.workspace, name)
    window.tabs.setCurrentWidget(window.gantt_tab)
    window.gantt_tab.select_tasks([task_id])
    qtbot.waitUntil(lambda: panel.record is not None and panel.record.row_id == task_id)
    return task_id


def first_what(panel: HistoryPanel) -> str:
    rows = panel.rows()
    return rows[0][2] if rows else ""


def name_cell(window: MainWindow, task_id: int):
    model = window.gantt_tab.model
    row = model.view_row_of_task(task_id)
    assert row is not None
    return model.index(row, 1)  # the Name column


def test_view_history_is_a_free_shortcut_in_the_view_menu(main_window: MainWindow) -> None:
    action = main_window.history_panel.toggle_action
    assert action in main_window.view_menu.actions()
    assert action.shortcut() == QKeySequence(SHORTCUT)
    others = [
        a.text()
        for a in main_window.findChildren(QAction)
        if a is not action and QKeySequence(SHORTCUT) in a.shortcuts()
    ]
    assert others == []
    export = main_window.history_panel.export_action
    assert export in main_window.export_menu.actions()
    assert main_window.export_menu.menuAction().isVisible()


def test_edit_undo_and_another_workspace_show_with_user_and_time(
    main_window: MainWindow, qtbot
) -> None:
    panel = open_panel(main_window, qtbot)
    task_id = select_task(main_window, qtbot, panel, "Smoke tests")
    assert panel.title.text().endswith("Smoke tests")
    assert panel.rows() == []  # the demo was created without commands: nothing recorded
    assert panel.count_label.text() == "No recorded changes"
    me = main_window.workspace.user_name

    # an edit typed in the Gantt's table
    table = main_window.gantt_tab.table
    type_into_cell(qtbot, table, name_cell(main_window, task_id), "Smoke tests, hall A")
    qtbot.waitUntil(lambda: panel.record is not None and panel.record.row_id != task_id)
    # Enter moved the cursor down a row, and the panel followed it; back to the task
    select_task(main_window, qtbot, panel, "Smoke tests, hall A")
    qtbot.waitUntil(lambda: first_what(panel) == "Rename task")
    when, user, _what, written = panel.rows()[0]
    assert user == me and written == "1"
    shown = datetime.strptime(when, TIME_FORMAT)
    assert abs(shown - datetime.now()) < timedelta(minutes=1)  # local time, not UTC

    # Edit > Undo
    main_window.undo_action.trigger()
    qtbot.waitUntil(lambda: first_what(panel) == "Undo: Rename task")
    assert panel.entries[0].action == "undo"
    assert [row[2] for row in panel.rows()] == ["Undo: Rename task", "Rename task"]

    # Alice, in another InfraDesk on the same file
    other = Workspace.open(main_window.workspace.path)
    other.user_name = "alice"
    try:
        project_id = main_window.context.project_id
        assert project_id is not None
        UpdateTask(project_id, task_id, {"owner": "Alice"}, "Edit owner").apply(other)
    finally:
        other.close()
    assert main_window.workspace_watch.poll() is True  # what the once-a-second timer does
    qtbot.waitUntil(lambda: first_what(panel) == "Edit owner")
    assert panel.rows()[0][1] == "alice"
    assert panel.count_label.text() == "3 changes"


def test_the_panel_follows_the_risks_and_vendors_selection(main_window: MainWindow, qtbot) -> None:
    panel = open_panel(main_window, qtbot)
    main_window.tabs.setCurrentWidget(main_window.risks_tab)
    view = main_window.risks_tab.risks
    with main_window.workspace.read_session() as session:
        risk_id = session.scalars(select(Risk.id).where(Risk.code == "R-001")).one()
    view.select_id(risk_id)
    qtbot.waitUntil(lambda: panel.record is not None and panel.record.table == "risk")
    assert panel.record is not None and panel.record.row_id == risk_id
    assert panel.title.text().startswith("Risk R-001")
    project_id = main_window.context.project_id
    assert project_id is not None
    main_window.context.execute(EditRecord("risk", project_id, risk_id, {"owner": "Dana"}))
    qtbot.waitUntil(lambda: first_what(panel) == "Edit owner")

    main_window.tabs.setCurrentWidget(main_window.vendors_tab)
    qtbot.waitUntil(lambda: panel.record is not None and panel.record.table == "vendor")
    vendor_id = main_window.vendors_tab.selected_vendor_id()
    assert panel.record is not None and panel.record.row_id == vendor_id
    assert panel.rows() == []

    main_window.tabs.setCurrentWidget(main_window.resources_tab)  # no record there
    qtbot.waitUntil(lambda: panel.record is None)
    assert not panel.export_button.isEnabled()


def test_export_of_a_record_and_of_the_project(
    main_window: MainWindow, qtbot, tmp_path: Path
) -> None:
    panel = open_panel(main_window, qtbot)
    task_id = select_task(main_window, qtbot, panel, "Smoke tests")
    project_id = main_window.context.project_id
    assert project_id is not None
    for number in range(3):
        main_window.context.execute(
            UpdateTask(project_id, task_id, {"owner": f"Owner {number}"}, "Edit owner")
        )
    qtbot.waitUntil(lambda: len(panel.rows()) == 3)

    book_path = panel.export_to(tmp_path / "smoke.xlsx")
    assert book_path == tmp_path / "smoke.xlsx"
    sheet = openpyxl.load_workbook(book_path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Time", "User", "Action", "Command")
    assert len(rows) == 4
    assert all(r[1] == main_window.workspace.user_name and r[3] == "Edit owner" for r in rows[1:])
    assert isinstance(rows[1][0], datetime)

    csv_path = panel.export_to(tmp_path / "smoke.csv")
    assert csv_path is not None
    with csv_path.open(encoding="utf-8", newline="") as handle:
        lines = list(csv.reader(handle))
    assert lines[0][0] == "Time" and len(lines) == 4
    assert lines[1][0].startswith(panel.rows()[0][0])  # the local time the panel shows

    # File > Export > Audit history…: the whole project, off the GUI thread
    operation = export_project_history(main_window, tmp_path / "project.xlsx")
    assert operation is not None
    qtbot.waitUntil(lambda: operation.done, timeout=WAIT_MS)
    project_rows = list(
        openpyxl.load_workbook(tmp_path / "project.xlsx").active.iter_rows(values_only=True)
    )
    assert len(project_rows) == 1 + len(audit.project_history(main_window.workspace, project_id))
    assert "Audit history exported" in main_window.statusBar().currentMessage()


def close_next_message(seen: list[str]) -> None:
    """Read and close the next modal message box (tries for about two seconds)."""

    def attempt(left: int) -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            box.close()
        elif left:
            QTimer.singleShot(20, lambda: attempt(left - 1))

    QTimer.singleShot(0, lambda: attempt(100))


@pytest.mark.parametrize("name", ["history.pdf", "missing-folder/history.xlsx"])
def test_an_export_that_cannot_be_written_says_why(
    main_window: MainWindow, qtbot, tmp_path: Path, name: str
) -> None:
    panel = open_panel(main_window, qtbot)
    task_id = select_task(main_window, qtbot, panel, "Smoke tests")
    project_id = main_window.context.project_id
    assert project_id is not None
    main_window.context.execute(UpdateTask(project_id, task_id, {"owner": "X"}, "Edit owner"))
    qtbot.waitUntil(lambda: len(panel.rows()) == 1)
    seen: list[str] = []
    close_next_message(seen)
    assert panel.export_to(tmp_path / name) is None
    assert len(seen) == 1
    assert seen[0].startswith("Cannot ")
    assert not (tmp_path / name).exists()
