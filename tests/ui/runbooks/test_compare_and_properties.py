"""The Compare page after a rehearsal, and the Properties dialog saving as one undo step."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt

from infradesk.services.runbooks.commands import SetStepTimes, StartRun
from infradesk.services.runbooks.view import list_runbooks
from infradesk.ui.runbooks.tab import RunbooksTab
from tests.ui.runbooks.conftest import START, make_runbook

STEPS = [
    {"code": "1", "title": "Stop the ERP", "duration": "30", "stream": "apps"},
    {"code": "2", "title": "Back up the database", "duration": "45", "predecessors": "1",
     "stream": "db"},
]


def test_compare_shows_each_run_against_the_plan(qtbot, runbooks_tab: RunbooksTab) -> None:
    tab = runbooks_tab
    runbook_id = make_runbook(tab, STEPS)
    start = StartRun(runbook_id, "rehearsal", "Rehearsal 1", START)
    tab.context.execute(start)
    assert start.run_id is not None
    view = tab.plan.model.view
    assert view is not None
    first, second = (s.id for s in view.steps)
    tab.context.execute(SetStepTimes(start.run_id, first, START, START + timedelta(minutes=40)))
    tab.context.execute(SetStepTimes(start.run_id, second, START + timedelta(minutes=40),
                                     START + timedelta(minutes=80)))
    tab.pages.setCurrentWidget(tab.compare)
    model = tab.compare.steps_model
    qtbot.waitUntil(lambda: model.rowCount() == 2 and model.runs == ["Rehearsal 1"])
    assert model.headerData(5, Qt.Orientation.Horizontal) == "Rehearsal 1"
    assert model.index(0, 5).data() == "40m" and model.index(0, 6).data() == "+10m"
    assert model.index(0, 6).data(Qt.ItemDataRole.ForegroundRole) is not None  # late: red
    assert model.index(1, 6).data() == "-5m"
    assert "Rehearsal 1: 1h20 (+5m)" in tab.compare.totals.text()
    assert tab.compare.streams_model.rowCount() == 2


def test_properties_save_as_one_undo_step(qtbot, runbooks_tab: RunbooksTab) -> None:
    tab = runbooks_tab
    runbook_id = make_runbook(tab, STEPS)
    dialog = tab.open_properties()
    assert dialog is not None
    dialog.name.setText("Wave 1 — Frankfurt")
    dialog.zone.set_zone("Europe/London")
    dialog.budget.setValue(180)
    dialog.add_service_row(None)
    dialog.services.item(0, 0).setText("ERP")
    dialog.services.item(0, 1).setText("2h")
    depth = tab.context.undo_stack.count()
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: tab.picker.currentText().startswith("Wave 1 — Frankfurt"))
    summary = next(r for r in list_runbooks(tab.context.workspace, tab.context.project_id)
                   if r.id == runbook_id)
    assert summary.time_zone == "Europe/London" and summary.outage_budget_minutes == 180
    assert tab.context.undo_stack.count() == depth + 1
    assert tab.plan.model.view is not None
    qtbot.waitUntil(lambda: [s.name for s in tab.plan.model.view.services] == ["ERP"])
    tab.context.undo()
    qtbot.waitUntil(lambda: tab.picker.currentText().startswith("Wave 1 cutover"))


def test_a_wrong_window_is_said_in_the_dialog(qtbot, runbooks_tab: RunbooksTab) -> None:
    tab = runbooks_tab
    make_runbook(tab, STEPS)
    dialog = tab.open_properties()
    assert dialog is not None
    dialog.window_end.edit.setDateTime(dialog.window_start.edit.dateTime().addSecs(-3600))
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.isVisible() and "ends before it starts" in dialog.problem.text()
