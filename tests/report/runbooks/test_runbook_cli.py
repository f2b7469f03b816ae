"""``infradesk runbook bridge`` and ``infradesk runbook pir`` (issue 19): the PDFs written
headless, and clear refusals (exit 2, one line, no traceback)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pypdf
import pytest

from infradesk.cli.main import main
from infradesk.services.demo.seed import create_demo_project
from infradesk.services.runbooks.commands import DeleteRunbook, StartRun, StepClick
from infradesk.services.runbooks.view import list_runbooks, runbook_view
from infradesk.store.workspace import Workspace
from tests.services.runbooks.helpers import WINDOW, build_runbook, project_id_of


@pytest.fixture
def workspace_file(tmp_path: Path) -> Path:
    path = tmp_path / "cutover.infradesk"
    workspace = Workspace.create(path)
    try:
        with workspace.session() as session:
            create_demo_project(session)
        for demo in list_runbooks(workspace, project_id_of(workspace)):
            DeleteRunbook(demo.id).apply(workspace)  # one runbook: the CLI picks it alone
        runbook_id = build_runbook(workspace, project_id_of(workspace))
        ids = {s.code: s.id for s in runbook_view(workspace, runbook_id).steps}
        start = StartRun(runbook_id, "live", started=WINDOW)
        start.apply(workspace)
        assert start.run_id is not None
        for minute, code in ((0, "1"), (7, "1"), (7, "2")):
            StepClick(start.run_id, ids[code], WINDOW + timedelta(minutes=minute)).apply(workspace)
    finally:
        workspace.close()
    return path


def test_bridge_writes_a_pdf_per_stream(workspace_file: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "sheets"
    code = main(["runbook", "bridge", "-w", str(workspace_file), "--runbook", "Wave 1 cutover",
                 str(out)])
    assert code == 0, capsys.readouterr().err
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 4 and "Wave 1 cutover - bridge - Network.pdf" in names
    assert "4 bridge sheet(s) of 'Wave 1 cutover' written" in capsys.readouterr().out
    # a re-print mid-run with the live run's forecast
    code = main(["runbook", "bridge", "-w", str(workspace_file), "--run", "Live",
                 str(tmp_path / "again")])
    assert code == 0
    text = pypdf.PdfReader(tmp_path / "again" / "Wave 1 cutover - bridge - Apps.pdf").pages[0]
    assert "the forecast of Live" in " ".join(text.extract_text().split())


def test_pir_writes_the_report_of_the_live_run(workspace_file: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "pir.pdf"
    assert main(["runbook", "pir", "-w", str(workspace_file), str(out)]) == 0
    assert "(Live) written to" in capsys.readouterr().out
    text = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(out).pages).split())
    assert "Post-implementation report" in text and "Live (live run)" in text
    assert "Stop the ERP" in text


@pytest.mark.parametrize(
    ("words", "message"),
    [
        (["--runbook", "Nope"], "no runbook named 'Nope' in the project (it has 'Wave 1"),
        (["--run", "Rehearsal 9"], "no run named 'Rehearsal 9'"),
        (["--project", "Nope"], "no project named 'Nope'"),
    ],
)
def test_bad_names_are_refused_clearly(workspace_file: Path, tmp_path: Path, words: list[str],
                                       message: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["runbook", "pir", "-w", str(workspace_file), *words, str(tmp_path / "x.pdf")])
    err = capsys.readouterr().err
    assert code == 2 and message in err and "Traceback" not in err
    assert not (tmp_path / "x.pdf").exists()


def test_a_missing_folder_is_refused(workspace_file: Path, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["runbook", "pir", "-w", str(workspace_file), str(tmp_path / "no" / "x.pdf")])
    assert code == 2 and "does not exist" in capsys.readouterr().err


@pytest.mark.parametrize("action", ["bridge", "pir"])
def test_the_help_lists_the_exit_codes(action: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["runbook", action, "--help"])
    out = capsys.readouterr().out
    assert "2  refused" in out and "--runbook" in out and "--run NAME" in out


def test_an_action_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["runbook"])
    assert raised.value.code == 2 and "bridge" in capsys.readouterr().err
