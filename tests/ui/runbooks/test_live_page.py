"""The Live page on the bridge call: a rehearsal started, Space starts and finishes a step,
skipping needs a reason, a no-go switches to the rollback path, a failed validation opens
an issue in the RAID log."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from infradesk.services.risks import queries as risk_queries
from infradesk.services.risks.view import load_rows
from infradesk.ui.runbooks.live_dialogs import GateDialog, SkipDialog, ValidationDialog
from infradesk.ui.runbooks.run_dialog import StartRunDialog
from infradesk.ui.runbooks.tab import RunbooksTab
from tests.ui.runbooks.conftest import Clock, make_runbook

STEPS = [
    {"code": "1", "title": "Stop the ERP", "duration": "30", "stream": "apps"},
    {"code": "2", "title": "Back up the database", "duration": "45", "predecessors": "1",
     "stream": "db"},
    {"code": "3", "title": "Go/no-go", "kind": "gate", "predecessors": "2",
     "decision_maker": "CAB chair"},
    {"code": "4", "title": "Switch DNS", "duration": "20", "predecessors": "3",
     "point_of_no_return": "yes", "stream": "network"},
    {"code": "R1", "title": "Restart the old ERP", "kind": "rollback", "rollback_of": "3",
     "duration": "60"},
    {"code": "5", "title": "Smoke test", "kind": "validation", "predecessors": "4",
     "duration": "15"},
]


def start_rehearsal(qtbot, tab: RunbooksTab) -> None:
    tab.pages.setCurrentWidget(tab.live)
    dialog = tab.live.ask_start_run("rehearsal")
    assert isinstance(dialog, StartRunDialog)
    assert dialog.name.text() == "Rehearsal 1"
    dialog.accept()
    qtbot.waitUntil(lambda: tab.live.view is not None and tab.live.view.run is not None)
    tab.live.set_filter("all")


def state_of(tab: RunbooksTab, code: str) -> str:
    view = tab.live.view
    assert view is not None
    return next(t.state for s, t in zip(view.steps, view.timings, strict=True) if s.code == code)


def select(qtbot, tab: RunbooksTab, code: str) -> None:
    view = tab.live.view
    assert view is not None
    step_id = next(s.id for s in view.steps if s.code == code)
    assert tab.live.select_step(step_id)
    window = tab.window()
    if QApplication.activeWindow() is not window:  # offscreen: a closed dialog leaves none
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    tab.live.table.setFocus()


def cell(tab: RunbooksTab, code: str, column: int) -> str:
    view = tab.live.view
    assert view is not None
    step_id = next(s.id for s in view.steps if s.code == code)
    return str(tab.live.model.index(tab.live.model.row_of(step_id), column).data())


def space(qtbot, tab: RunbooksTab) -> None:
    qtbot.keyClick(tab.live.table, Qt.Key.Key_Space)


def test_space_starts_then_finishes_a_step(qtbot, runbooks_tab: RunbooksTab, clock: Clock):
    tab = runbooks_tab
    make_runbook(tab, STEPS)
    start_rehearsal(qtbot, tab)
    assert state_of(tab, "1") == "ready"
    select(qtbot, tab, "1")
    space(qtbot, tab)
    qtbot.waitUntil(lambda: state_of(tab, "1") == "running")
    assert cell(tab, "1", 6) == "18:00" and cell(tab, "1", 7) == ""
    assert "1 running" in tab.live.panel.counts.text()
    clock.advance(25)
    select(qtbot, tab, "1")
    space(qtbot, tab)
    qtbot.waitUntil(lambda: state_of(tab, "1") == "done")
    assert cell(tab, "1", 7) == "18:25"
    assert state_of(tab, "2") == "ready"
    tab.live.tick()  # the second's repaint: clock and elapsed only
    assert tab.live.panel.clock.text() == "18:25:00"
    assert tab.live.panel.elapsed.text().startswith("Elapsed 25m")
    tab.context.undo()  # the finish, taken back
    qtbot.waitUntil(lambda: state_of(tab, "1") == "running")


def test_skip_needs_a_reason(qtbot, runbooks_tab: RunbooksTab, clock: Clock) -> None:
    tab = runbooks_tab
    make_runbook(tab, STEPS)
    start_rehearsal(qtbot, tab)
    select(qtbot, tab, "1")
    dialog = tab.live.skip_selected()
    assert isinstance(dialog, SkipDialog)
    assert not dialog.ok_button.isEnabled()
    dialog.reason.setText("   ")
    assert not dialog.ok_button.isEnabled()
    dialog.reason.setText("ERP already stopped by the vendor")
    assert dialog.ok_button.isEnabled()
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: state_of(tab, "1") == "skipped")
    assert "ERP already stopped" in cell(tab, "1", 10)
    assert state_of(tab, "2") == "ready"


def test_a_no_go_switches_the_forecast_to_the_rollback_path(
    qtbot, runbooks_tab: RunbooksTab, clock: Clock
) -> None:
    tab = runbooks_tab
    make_runbook(tab, STEPS)
    start_rehearsal(qtbot, tab)
    for code, minutes in (("1", 30), ("2", 45)):
        select(qtbot, tab, code)
        space(qtbot, tab)
        qtbot.waitUntil(lambda c=code: state_of(tab, c) == "running")
        clock.advance(minutes)
        select(qtbot, tab, code)
        space(qtbot, tab)
        qtbot.waitUntil(lambda c=code: state_of(tab, c) == "done")
    assert state_of(tab, "4") == "waiting" and state_of(tab, "R1") == "inactive"
    forward_end = tab.live.view.forecast_end
    select(qtbot, tab, "3")
    space(qtbot, tab)  # the gate's meeting starts
    qtbot.waitUntil(lambda: state_of(tab, "3") == "running")
    assert "Awaiting decision" in cell(tab, "3", 4)
    clock.advance(10)
    select(qtbot, tab, "3")
    space(qtbot, tab)  # a running gate: Space asks for the decision
    dialog = tab.live.dialog
    assert isinstance(dialog, GateDialog)
    assert dialog.decided_by.text() == "CAB chair" and not dialog.ok_button.isEnabled()
    dialog.no_go.setChecked(True)
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: state_of(tab, "R1") == "ready")
    assert state_of(tab, "4") == "inactive" and state_of(tab, "5") == "inactive"
    view = tab.live.view
    assert view.forecast_end != forward_end
    assert view.forecast_end == view.timing_of(
        next(s.id for s in view.steps if s.code == "R1")).finish
    assert "No-go by CAB chair" in cell(tab, "3", 10)


def test_a_failed_validation_opens_an_issue_when_accepted(
    qtbot, runbooks_tab: RunbooksTab, clock: Clock
) -> None:
    tab = runbooks_tab
    make_runbook(tab, [
        {"code": "1", "title": "Switch DNS", "duration": "20"},
        {"code": "2", "title": "Smoke test the portal", "kind": "validation",
         "predecessors": "1", "duration": "15"},
    ])
    start_rehearsal(qtbot, tab)
    select(qtbot, tab, "1")
    dialog = tab.live.skip_selected()
    assert isinstance(dialog, SkipDialog)
    dialog.reason.setText("done yesterday")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: state_of(tab, "2") == "ready")
    select(qtbot, tab, "2")
    space(qtbot, tab)
    qtbot.waitUntil(lambda: state_of(tab, "2") == "running")
    select(qtbot, tab, "2")
    space(qtbot, tab)  # a running validation: Space asks for its result
    dialog = tab.live.dialog
    assert isinstance(dialog, ValidationDialog) and not dialog.ok_button.isEnabled()
    dialog.results["fail"].setChecked(True)
    dialog.comment.setText("Login page returns 502")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: isinstance(tab.live.dialog, QMessageBox))
    box = tab.live.dialog
    assert isinstance(box, QMessageBox) and box.text() == "Open an issue in the RAID log?"
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: state_of(tab, "2") == "done")
    assert "Failed: Login page returns 502 (issue" in cell(tab, "2", 10)
    issues = load_rows(tab.context.workspace, risk_queries.load_issues, tab.context.project_id)
    assert any("Smoke test the portal" in issue.title for issue in issues)
