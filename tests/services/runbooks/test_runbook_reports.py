"""The runbook's PDFs from a real workspace (issue 19): the bridge sheets per stream and the
post-implementation report of a live run, read back; the runbook's line in the weekly report."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pypdf
import pytest

from infradesk.report.data import ReportOptions
from infradesk.report.status_report import render_status_report
from infradesk.services.runbooks.commands import (
    DecideGate,
    RecordValidation,
    StartRun,
    StepClick,
    UpdateRunbook,
)
from infradesk.services.runbooks.errors import RunbookEditError
from infradesk.services.runbooks.reports import (
    bridge_data,
    pir_data,
    write_bridge_sheets,
    write_pir,
)
from infradesk.services.runbooks.view import runbook_view
from infradesk.services.status.report import gather_report_data
from infradesk.store.workspace import Workspace
from tests.services.runbooks.helpers import PARIS, WINDOW, build_runbook, project_id_of


def pdf_text(path: Path) -> str:
    reader = pypdf.PdfReader(path)
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _ids(workspace: Workspace, runbook_id: int) -> dict[str, int]:
    return {s.code: s.id for s in runbook_view(workspace, runbook_id).steps}


def _run(workspace: Workspace, runbook_id: int, mode: str, origin: datetime,
         times: dict[str, tuple[int, int]]) -> int:
    """A run that clicks each step's start and finish at the given minutes from ``origin``."""
    ids = _ids(workspace, runbook_id)
    start = StartRun(runbook_id, mode, started=origin)
    start.apply(workspace)
    run = start.run_id
    assert run is not None
    for code, (first, last) in times.items():
        StepClick(run, ids[code], origin + timedelta(minutes=first)).apply(workspace)
        if code == "4":
            DecideGate(run, ids[code], "go", "Sponsor", origin + timedelta(minutes=last)
                       ).apply(workspace)
        if code == "6":
            RecordValidation(run, ids[code], "fail", "Login page returns 502",
                             origin + timedelta(minutes=last), open_issue=True).apply(workspace)
        if code not in ("4", "6"):  # a decision and a result finish their step
            StepClick(run, ids[code], origin + timedelta(minutes=last)).apply(workspace)
    return run


LIVE = {"1": (0, 5), "2": (5, 30), "3": (30, 100), "4": (100, 112), "5": (112, 140),
        "6": (140, 160), "7": (160, 175)}
REHEARSAL = {"1": (0, 5), "2": (5, 40), "3": (40, 130)}


@pytest.fixture
def cutover(demo_workspace: Workspace) -> tuple[Workspace, int]:
    runbook_id = build_runbook(demo_workspace, project_id_of(demo_workspace))
    UpdateRunbook(runbook_id, "outage_budget_minutes", 150).apply(demo_workspace)
    UpdateRunbook(runbook_id, "lessons", "Sync the database the evening before.").apply(
        demo_workspace
    )
    return demo_workspace, runbook_id


def test_bridge_sheets_one_pdf_per_stream(cutover: tuple[Workspace, int], tmp_path: Path
                                          ) -> None:
    workspace, runbook_id = cutover
    folder = tmp_path / "sheets"
    paths = write_bridge_sheets(workspace, runbook_id, folder)
    assert [p.name for p in paths] == [
        f"Wave 1 cutover - bridge - {s}.pdf" for s in ("Comms", "Apps", "Storage", "Network")
    ]
    assert sorted(folder.iterdir()) == sorted(paths)  # no temporary file left behind
    comms = pdf_text(folder / "Wave 1 cutover - bridge - Comms.pdf")
    assert "Comms — bridge sheet" in comms and "Go/No-go" in comms
    assert "Decision maker: Sponsor" in comms and "Stream Comms — page 1 of 1" in comms
    assert "Time zone Europe/Paris" in comms and "Sat 24 Oct 2026 22:00 CEST" in comms
    assert "Rollback path" in comms and "R2" in comms
    network = pdf_text(folder / "Wave 1 cutover - bridge - Network.pdf")
    assert "Switch DNS" in network and "POINT OF NO RETURN after 5" in network
    apps = pdf_text(folder / "Wave 1 cutover - bridge - Apps.pdf")
    # other streams' gate and point of no return as rules; rollback step R1 timed on no-go
    assert "GO / NO-GO 4 Go/No-go" in apps and "POINT OF NO RETURN after 5" in apps
    assert apps.index("Stop the ERP") < apps.index("GO / NO-GO 4") < apps.index("Smoke test")
    data = bridge_data(workspace, runbook_id)
    assert data.project and [s.code for s in data.steps][:3] == ["1", "2", "3"]


def test_the_pir_of_a_live_run(cutover: tuple[Workspace, int], tmp_path: Path) -> None:
    workspace, runbook_id = cutover
    rehearsal_day = datetime(2026, 10, 10, 20, 0, tzinfo=PARIS)
    _run(workspace, runbook_id, "rehearsal", rehearsal_day, REHEARSAL)
    live = _run(workspace, runbook_id, "live", WINDOW, LIVE)
    data = pir_data(workspace, runbook_id, live)
    assert data.finished and data.actual_end == WINDOW + timedelta(minutes=175)
    assert data.late_minutes == 15  # planned 160 min
    assert data.planned_outage_minutes == 155 and data.outage_minutes == 170  # 2 down to 7 up
    late = {s.code for s in data.steps if s.late}
    assert {"3", "4", "5", "7"} <= late and "1" not in late
    (gate,) = data.gates
    assert (gate.decision, gate.decided_by) == ("go", "Sponsor")
    (check,) = data.validations
    assert check.result == "fail" and check.issue_code
    (issue,) = data.issues
    assert issue.step == "6" and "Smoke test" in issue.title
    assert [r.name for r in data.compared_runs] == ["Rehearsal 1", "Live"]
    path = write_pir(workspace, runbook_id, live, tmp_path / "pir.pdf")
    text = pdf_text(path)
    assert "Wave 1 cutover" in text and "Post-implementation report" in text
    assert "Late: ended 15 min after the planned end" in text
    assert "against a budget of 2 h 30: over by 20 min" in text
    assert "Go/No-go" in text and "Sponsor" in text and "Login page returns 502" in text
    assert issue.code in text and "ERP" in text and "Over the RTO by 20 min" in text
    assert "Sync the database the evening before." in text
    assert "Rehearsal 1" in text and "Whole runbook" in text
    assert "R1" in text and "Not run" in text
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".infradesk-")]


def test_a_run_of_another_runbook_is_refused(cutover: tuple[Workspace, int],
                                             tmp_path: Path) -> None:
    workspace, runbook_id = cutover
    with pytest.raises(RunbookEditError, match="has no run 999"):
        write_pir(workspace, runbook_id, 999, tmp_path / "pir.pdf")
    assert not (tmp_path / "pir.pdf").exists()


def test_the_weekly_report_has_the_runbook_line(cutover: tuple[Workspace, int],
                                                tmp_path: Path) -> None:
    workspace, runbook_id = cutover
    project = project_id_of(workspace)
    rehearsal_day = datetime(2026, 10, 10, 20, 0, tzinfo=PARIS)
    _run(workspace, runbook_id, "rehearsal", rehearsal_day, {
        **REHEARSAL, "4": (130, 140), "5": (140, 170), "6": (170, 190), "7": (190, 195)})
    with workspace.read_session() as session:
        data = gather_report_data(session, project, rehearsal_day.date() + timedelta(days=2))
    (line,) = [r for r in data.runbooks if r.runbook == "Wave 1 cutover"]  # the demo has its own
    assert (line.rehearsal, line.rehearsal_minutes, line.planned_minutes) == (
        "Rehearsal 1", 195, 160)
    assert line.live == ""
    path = tmp_path / "weekly.pdf"
    render_status_report(data, path, ReportOptions())
    assert (
        "Cutover runbook 'Wave 1 cutover' (window Sat 24 Oct 2026 22:00 Europe/Paris): "
        "Rehearsal 1 ran 3 h 15 vs 2 h 40 planned (+35 min); live run not started"
    ) in pdf_text(path)
    with workspace.read_session() as session:  # a report dated before the rehearsal
        before = gather_report_data(session, project, rehearsal_day.date() - timedelta(days=1))
    assert [r.rehearsal for r in before.runbooks if r.runbook == "Wave 1 cutover"] == [""]
