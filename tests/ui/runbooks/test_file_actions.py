"""The tab's Files menu: the runbook to Excel and back as a new runbook, the bridge sheets
and the post-implementation report written off the GUI thread."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from infradesk.services.runbooks.commands import SetStepTimes, StartRun
from infradesk.ui.runbooks.tab import RunbooksTab
from tests.ui.runbooks.conftest import START, make_runbook

STEPS = [
    {"code": "1", "title": "Stop the ERP", "duration": "30", "stream": "apps"},
    {"code": "2", "title": "Back up the database", "duration": "45", "predecessors": "1",
     "stream": "db"},
]


def test_excel_export_then_import_as_a_new_runbook(
    qtbot, runbooks_tab: RunbooksTab, tmp_path: Path
) -> None:
    tab = runbooks_tab
    make_runbook(tab, STEPS)
    before = len(tab.runbooks)
    target = tmp_path / "wave1.xlsx"
    operation = tab.files.export_excel(target)
    assert operation is not None
    qtbot.waitUntil(lambda: operation.done, timeout=20000)
    assert target.stat().st_size > 0
    imported = tab.files.import_checklist(target)
    assert imported is not None
    qtbot.waitUntil(lambda: imported.done, timeout=20000)
    qtbot.waitUntil(lambda: len(tab.runbooks) == before + 1)
    assert tab.summary() is not None and tab.summary().step_count == 2


def test_bridge_sheets_and_pir(qtbot, runbooks_tab: RunbooksTab, tmp_path: Path) -> None:
    tab = runbooks_tab
    runbook_id = make_runbook(tab, STEPS)
    start = StartRun(runbook_id, "rehearsal", "Rehearsal 1", START)
    tab.context.execute(start)
    assert start.run_id is not None
    first = tab.plan.model.step_at(0)
    assert first is not None
    tab.context.execute(SetStepTimes(start.run_id, first.id, START,
                                     START + timedelta(minutes=35)))
    tab.pages.setCurrentWidget(tab.live)
    qtbot.waitUntil(lambda: tab.live.run_id() == start.run_id)
    tab.files.update()
    assert tab.files.pir_action.isEnabled()
    sheets = tab.files.export_bridge_sheets(tmp_path / "sheets")
    assert sheets is not None
    qtbot.waitUntil(lambda: sheets.done, timeout=30000)
    assert len(list((tmp_path / "sheets").glob("*.pdf"))) == 2
    pir = tab.files.export_pir(tmp_path / "pir.pdf")
    assert pir is not None
    qtbot.waitUntil(lambda: pir.done, timeout=30000)
    assert (tmp_path / "pir.pdf").read_bytes()[:4] == b"%PDF"
