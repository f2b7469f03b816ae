"""Stale edits in the window (issue 21): a cell edit of a record someone changed since the view
read it is refused with a message naming who and when, the view reloads to show their value,
and the user's typed value is offered again.

Alice is real: a second :class:`Workspace` on the same file applies her command while Bob's
cell editor is open (the window's workspace watch waits while a cell is edited, so Bob's
view still shows the version he started from). The question is the real message box,
answered by clicking its button.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox
from sqlalchemy import select

from infradesk.model import Risk, Task, Vendor
from infradesk.services import audit
from infradesk.services.commands import Command
from infradesk.services.plan.field_edits import UpdateTask
from infradesk.services.risks.commands import EditRecord
from infradesk.services.vendors.commands import EditVendorField
from infradesk.store.workspace import Workspace
from infradesk.ui.main_window import MainWindow
from tests.ui.test_edit_refusals import editing, raid_cell

YES, NO = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No


def as_alice(window: MainWindow, make: Callable[[int], Command]) -> None:
    """Alice's InfraDesk, on the same file, applies ``make(project_id)``."""
    project_id = window.context.project_id
    assert project_id is not None
    alice = Workspace.open(window.workspace.path)
    alice.user_name = "alice"
    try:
        make(project_id).apply(alice)
    finally:
        alice.close()


def answer_question(button: QMessageBox.StandardButton, seen: list[str], check=None) -> None:
    """When the stale-edit question opens: note its text, run ``check`` (what the window
    shows while it asks) and click ``button``."""

    def attempt(left: int) -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.objectName() == "staleEditQuestion":
            seen.append(box.text())
            if check is not None:
                check()
            box.button(button).click()
        elif left:
            QTimer.singleShot(20, lambda: attempt(left - 1))

    QTimer.singleShot(0, lambda: attempt(250))


def reopened_text(table) -> str | None:
    """The text of the current cell's editor while one is open."""
    if not editing(table):
        return None
    editor = table.indexWidget(table.currentIndex())
    return editor.text() if isinstance(editor, QLineEdit) else None


def task_id_named(workspace: Workspace, name: str) -> int:
    with workspace.read_session() as session:
        return session.scalars(select(Task.id).where(Task.name == name)).one()


def stored_name(workspace: Workspace, task_id: int) -> str:
    with workspace.read_session() as session:
        return session.get(Task, task_id).name


def gantt_name(window: MainWindow, task_id: int) -> str:
    outline = window.gantt_tab.model.outline
    return outline.name[outline.row_of[task_id]]


def type_while_alice_renames(window: MainWindow, qtbot, task_id: int, typed: str) -> None:
    """Bob opens the task's Name cell; Alice renames the task; Bob types and presses Enter."""
    table = window.gantt_tab.table
    model = window.gantt_tab.model
    row = model.view_row_of_task(task_id)
    assert row is not None
    cell = model.index(row, 1)
    table.setCurrentIndex(cell)
    table.edit(cell)
    qtbot.waitUntil(lambda: editing(table) and table.indexWidget(cell) is not None)
    as_alice(window, lambda p: UpdateTask(p, task_id, {"name": "Smoke tests (Alice)"}))
    assert window.workspace_watch.poll() is False  # no reload under the open editor
    editor = table.indexWidget(cell)
    assert isinstance(editor, QLineEdit)
    editor.setText(typed)
    qtbot.keyClick(editor, "\r")


def test_gantt_name_edit_refused_shows_theirs_and_applies_mine_on_yes(
    main_window: MainWindow, qtbot
) -> None:
    window = main_window
    task_id = task_id_named(window.workspace, "Smoke tests")
    steps = window.context.undo_stack.count()
    seen: list[str] = []
    shown_while_asking: list[str] = []
    answer_question(YES, seen, lambda: shown_while_asking.append(gantt_name(window, task_id)))
    type_while_alice_renames(window, qtbot, task_id, "Smoke tests (Bob)")
    qtbot.waitUntil(lambda: bool(seen))
    assert "task 'Smoke tests (Alice)' was changed by alice at " in seen[0]
    assert "Apply your value 'Smoke tests (Bob)' to the reloaded record?" in seen[0]
    assert shown_while_asking == ["Smoke tests (Alice)"]  # the view reloaded before asking
    qtbot.waitUntil(lambda: gantt_name(window, task_id) == "Smoke tests (Bob)")
    assert stored_name(window.workspace, task_id) == "Smoke tests (Bob)"
    assert window.context.undo_stack.count() == steps + 1
    history = audit.history(window.workspace, "task", task_id)
    assert [(e.user_name, e.command) for e in history][:2] == [
        (window.workspace.user_name, "Rename task"),
        ("alice", "Edit task"),
    ]
    # the reloaded version is the one edits now expect: the next edit is not refused
    asked: list[str] = []
    window.context.ask_apply_again = lambda error, typed: bool(asked.append(str(error)))
    model = window.gantt_tab.model
    row = model.view_row_of_task(task_id)
    assert row is not None
    assert model.setData(model.index(row, 1), "Smoke tests (Bob, again)")
    assert asked == []


def test_gantt_name_edit_refused_keeps_theirs_on_no(main_window: MainWindow, qtbot) -> None:
    window = main_window
    task_id = task_id_named(window.workspace, "Smoke tests")
    steps = window.context.undo_stack.count()
    seen: list[str] = []
    answer_question(NO, seen)
    type_while_alice_renames(window, qtbot, task_id, "Smoke tests (Bob)")
    qtbot.waitUntil(lambda: bool(seen))
    qtbot.waitUntil(lambda: "by alice at" in window.gantt_tab.last_message)
    assert "Nothing was saved" in window.gantt_tab.last_message
    assert stored_name(window.workspace, task_id) == "Smoke tests (Alice)"
    assert gantt_name(window, task_id) == "Smoke tests (Alice)"
    assert window.context.undo_stack.count() == steps
    # what Bob typed is kept in the cell's editor, opened again: Enter now saves it
    table = window.gantt_tab.table
    qtbot.waitUntil(lambda: reopened_text(table) == "Smoke tests (Bob)")
    editor = table.indexWidget(table.currentIndex())
    assert isinstance(editor, QLineEdit)
    qtbot.keyClick(editor, "\r")
    qtbot.waitUntil(lambda: stored_name(window.workspace, task_id) == "Smoke tests (Bob)")
    assert len(seen) == 1  # the reloaded version was expected: no second question


def test_own_successive_cell_edits_are_never_stale(main_window: MainWindow, qtbot) -> None:
    """The Gantt refreshes edited rows in place: it must read their new versions too."""
    window = main_window
    asked: list[str] = []
    window.context.ask_apply_again = lambda error, typed: bool(asked.append(str(error)))
    task_id = task_id_named(window.workspace, "Smoke tests")
    model = window.gantt_tab.model
    for typed, column in (("Smoke 1", 1), ("Smoke 2", 1), ("4d", 2), ("Smoke 3", 1)):
        row = model.view_row_of_task(task_id)
        assert row is not None
        assert model.setData(model.index(row, column), typed)
    window.undo_action.trigger()
    row = model.view_row_of_task(task_id)
    assert row is not None
    assert model.setData(model.index(row, 1), "Smoke 4")
    assert asked == []
    assert stored_name(window.workspace, task_id) == "Smoke 4"


def test_risk_cell_edit_refused_then_applied(main_window: MainWindow, qtbot) -> None:
    window = main_window
    window.tabs.setCurrentWidget(window.risks_tab)
    view = window.risks_tab.risks
    with window.workspace.read_session() as session:
        risk_id = session.scalars(select(Risk.id).where(Risk.code == "R-001")).one()
    cell = raid_cell(view, "R-001", "title")
    view.table.setCurrentIndex(view.proxy.index(cell.row(), cell.column()))
    view.table.edit(view.proxy.index(cell.row(), cell.column()))
    qtbot.waitUntil(lambda: editing(view.table))
    as_alice(window, lambda p: EditRecord("risk", p, risk_id, {"title": "Alice's title"}))
    seen: list[str] = []
    answer_question(YES, seen)
    editor = view.table.indexWidget(view.proxy.index(cell.row(), cell.column()))
    assert isinstance(editor, QLineEdit)
    editor.setText("Bob's title")
    qtbot.keyClick(editor, "\r")
    qtbot.waitUntil(lambda: bool(seen))
    assert "was changed by alice at" in seen[0]
    assert "Apply your value 'Bob's title'" in seen[0]
    with window.workspace.read_session() as session:
        assert session.get(Risk, risk_id).title == "Bob's title"


def test_vendor_edit_refused_then_applied(main_window: MainWindow, qtbot) -> None:
    window = main_window
    window.tabs.setCurrentWidget(window.vendors_tab)
    tab = window.vendors_tab
    qtbot.waitUntil(lambda: tab.selected_vendor_id() is not None)
    vendor_id = tab.selected_vendor_id()
    assert vendor_id is not None
    assert tab.version_of("vendor", vendor_id) == 1
    as_alice(window, lambda p: EditVendorField(p, "vendor", vendor_id, "name", "Alice Colo"))
    seen: list[str] = []
    answer_question(YES, seen)
    assert tab.edit("vendor", vendor_id, "name", "Bob Colo") is None
    assert "was changed by alice at" in seen[0]
    with window.workspace.read_session() as session:
        assert session.get(Vendor, vendor_id).name == "Bob Colo"
