"""The Plan page as a PM uses it: a runbook made through the tab, steps inserted and typed
into, a refused value kept in its cell, undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QLineEdit

from infradesk.services.runbooks.commands import DeleteRunbook
from infradesk.services.runbooks.view import list_runbooks
from infradesk.ui.row_actions import confirmation_box
from infradesk.ui.runbooks.plan_model import COLUMN_OF
from infradesk.ui.runbooks.tab import RunbooksTab
from tests.ui.runbooks.conftest import make_runbook


def type_into(qtbot, tab: RunbooksTab, row: int, field: str, text: str) -> None:
    table = tab.plan.table
    index = tab.plan.model.index(row, COLUMN_OF[field])
    table.setCurrentIndex(index)
    table.edit(index)
    editor = table.focusWidget()
    assert isinstance(editor, QLineEdit), editor
    editor.setText(text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def test_empty_state_then_new_runbook_and_steps(
    qtbot, runbooks_tab: RunbooksTab, monkeypatch: pytest.MonkeyPatch
) -> None:
    tab = runbooks_tab
    for runbook in list_runbooks(tab.context.workspace, tab.context.project_id):
        tab.context.execute(DeleteRunbook(runbook.id))  # the demo's cutover
    tab.reload()
    assert tab.stack.currentWidget() is tab.empty
    assert "runbook" in tab.empty_text.text().lower() and tab.empty_button.isEnabled()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Wave 1 cutover", True))
    tab.empty_button.click()
    assert tab.stack.currentWidget() is tab.pages
    assert tab.picker.currentText().startswith("Wave 1 cutover")

    tab.plan.insert_button.click()  # the first step, its title's editor opened
    qtbot.waitUntil(lambda: tab.plan.model.rowCount() == 1)
    qtbot.waitUntil(lambda: isinstance(tab.plan.table.focusWidget(), QLineEdit))
    editor = tab.plan.table.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.setText("Freeze changes")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.plan.model.step_at(0).title == "Freeze changes")

    tab.plan.select_step(tab.plan.model.step_at(0).id)
    tab.plan.table.setFocus()
    qtbot.keyClick(tab.plan.table, Qt.Key.Key_Insert)  # Insert: a step after the current one
    qtbot.waitUntil(lambda: tab.plan.model.rowCount() == 2)
    assert [r.step_count for r in list_runbooks(tab.context.workspace, tab.context.project_id)
            ] == [2]


def test_edit_a_cell_then_undo(qtbot, runbooks_tab: RunbooksTab) -> None:
    tab = runbooks_tab
    make_runbook(tab, [{"title": "Stop the ERP", "duration": "30"},
                       {"title": "Back up the DB", "duration": "45", "predecessors": "1"}])
    model = tab.plan.model
    assert model.rowCount() == 2
    first_code = model.step_at(0).code
    type_into(qtbot, tab, 1, "duration", "1h30")
    qtbot.waitUntil(lambda: model.step_at(1).duration_minutes == 90)
    finish = model.index(1, len(model.columns) - 4).data()  # the planned finish moved
    assert finish and finish.endswith("20:00")
    assert model.step_at(0).code == first_code
    tab.context.undo()
    qtbot.waitUntil(lambda: model.step_at(1).duration_minutes == 45)


def test_a_refused_value_stays_in_its_cell(qtbot, runbooks_tab: RunbooksTab) -> None:
    tab = runbooks_tab
    make_runbook(tab, [{"title": "Stop the ERP", "duration": "30"}])
    type_into(qtbot, tab, 0, "duration", "soon")
    qtbot.waitUntil(lambda: tab.plan.table.refusal is not None)  # Enter commits queued
    qtbot.waitUntil(lambda: isinstance(tab.plan.table.focusWidget(), QLineEdit))
    editor = tab.plan.table.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == "soon"
    assert "not a duration" in (tab.plan.table.refusal or "")
    assert tab.plan.error_label.isVisible()
    assert tab.plan.model.step_at(0).duration_minutes == 30


def test_delete_steps_asks_and_undo_brings_them_back(qtbot, runbooks_tab: RunbooksTab) -> None:
    tab = runbooks_tab
    make_runbook(tab, [{"title": "A"}, {"title": "B"}, {"title": "C"}])
    tab.plan.select_step(tab.plan.model.step_at(1).id)
    tab.plan.table.setFocus()
    qtbot.keyClick(tab.plan.table, Qt.Key.Key_Delete)
    box = confirmation_box(tab.plan.table)
    assert box is not None
    box.button(box.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: tab.plan.model.rowCount() == 2)
    tab.context.undo()
    qtbot.waitUntil(lambda: tab.plan.model.rowCount() == 3)
    assert [tab.plan.model.step_at(r).title for r in range(3)] == ["A", "B", "C"]


def test_rollback_under_gate_and_point_of_no_return(qtbot, runbooks_tab: RunbooksTab) -> None:
    tab = runbooks_tab
    make_runbook(tab, [
        {"code": "1", "title": "Stop apps", "duration": "30"},
        {"code": "2", "title": "Go/no-go", "kind": "gate", "predecessors": "1",
         "decision_maker": "CAB chair"},
        {"code": "3", "title": "Switch DNS", "duration": "20", "predecessors": "2",
         "point_of_no_return": "yes"},
        {"code": "R1", "title": "Restart old site", "kind": "rollback", "rollback_of": "2",
         "duration": "40"},
    ])
    model = tab.plan.model
    assert [model.step_at(r).code for r in range(4)] == ["1", "2", "R1", "3"]
    assert model.index(2, COLUMN_OF["title"]).data().strip().startswith("↳")
    assert "point of no return" in model.index(3, COLUMN_OF["kind"]).data()
    assert not tab.plan.warnings.isHidden() or not model.view.warnings
