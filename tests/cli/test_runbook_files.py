"""``infradesk runbook import`` and ``export`` (issue 19): a messy cutover checklist becomes a
runbook, problems are located by row and column and block the write, and the exported
workbook reads back with the same steps."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from infradesk.cli.main import main
from infradesk.services.demo.seed import create_demo_project
from infradesk.services.runbooks.view import list_runbooks, runbook_view
from infradesk.store.workspace import Workspace
from tests.services.runbooks.helpers import project_id_of

ROWS = [
    ["ID", "Step", "Stream", "Duration", "Predecessors", "Owner", "Start"],
    ["1", "Announce the start", "Comms", "5", "", "Priya Shah", "T+0"],
    ["2", "Lower DNS TTL", "Network", "15 min", "1", "Ana Costa", "6pm"],
    ["3", "Stop the ERP", "Apps", "0:30", "2", "New Engineer", ""],
    ["4", "Final sync", "Storage", "1h30", "3SS+10", "", "T+45"],
]


@pytest.fixture
def workspace_file(workspace: Workspace, cli_location: str) -> str:
    """A demo workspace (a file, or a team workspace's URL), closed for the CLI to open."""
    try:
        with workspace.session() as session:
            create_demo_project(session)
    finally:
        workspace.close()
    return cli_location


def _checklist(path: Path, rows: list[list[str]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Cutover"
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_a_checklist_imports_and_exports_back(workspace_file: str, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    checklist = _checklist(tmp_path / "Wave 2.xlsx", ROWS)
    code = main(["runbook", "import", "-w", str(workspace_file), str(checklist),
                 "--zone", "Europe/Paris", "--window-start", "2026-10-24 17:00"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "Runbook 'Wave 2': 4 steps in 4 streams" in out
    workspace = Workspace.open_location(workspace_file)
    try:
        project = project_id_of(workspace)
        runbook = next(r for r in list_runbooks(workspace, project) if r.name == "Wave 2")
        view = runbook_view(workspace, runbook.id)
    finally:
        workspace.close()
    rows = {s.code: s for s in view.steps}
    assert rows["3"].owner == "New Engineer"  # joined the pool
    assert rows["3"].duration_minutes == 30 and rows["4"].predecessors == "3SS+10"
    timing = {s.code: t for s, t in zip(view.steps, view.timings, strict=True)}
    start = timing["2"].planned_start
    assert start is not None and f"{start:%H:%M}" == "18:00"  # 6pm that evening

    exported = tmp_path / "export.xlsx"
    code = main(["runbook", "export", "-w", str(workspace_file), "--runbook", "Wave 2",
                 str(exported)])
    assert code == 0, capsys.readouterr().err
    assert main(["runbook", "import", "-w", str(workspace_file), str(exported),
                 "--zone", "Europe/Paris", "--name", "Wave 2"]) == 0
    workspace = Workspace.open_location(workspace_file)
    try:
        names = [r.name for r in list_runbooks(workspace, project)]
        again = runbook_view(
            workspace, next(r.id for r in list_runbooks(workspace, project)
                            if r.name == "Wave 2 (2)")
        )
    finally:
        workspace.close()
    assert "Wave 2 (2)" in names
    assert [(s.code, s.title, s.stream, s.duration_minutes, s.predecessors, s.owner)
            for s in again.steps] == [
        (s.code, s.title, s.stream, s.duration_minutes, s.predecessors, s.owner)
        for s in view.steps
    ]


def test_a_bad_cell_is_located_and_nothing_is_written(workspace_file: str, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    rows = [list(r) for r in ROWS]
    rows[3][3] = "half an hour"  # row 4, the Duration column (D)
    checklist = _checklist(tmp_path / "bad.xlsx", rows)
    code = main(["runbook", "import", "-w", str(workspace_file), str(checklist),
                 "--window-start", "2026-10-24 17:00"])
    out = capsys.readouterr().out
    assert code == 1
    assert "error: bad.xlsx, Cutover!D4" in out and "nothing was written" in out
    workspace = Workspace.open_location(workspace_file)
    try:
        names = [r.name for r in list_runbooks(workspace, project_id_of(workspace))]
        assert names == ["Cutover weekend"]  # the demo's own
    finally:
        workspace.close()


def test_a_file_that_is_no_checklist_is_refused(workspace_file: str, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    garbage = tmp_path / "notes.csv"
    garbage.write_text("hello\nworld\n", encoding="utf-8")
    assert main(["runbook", "import", "-w", str(workspace_file), str(garbage)]) == 2
    err = capsys.readouterr().err
    assert "notes.csv" in err and "Traceback" not in err
