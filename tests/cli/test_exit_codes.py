"""Exit codes and messages of the command line tell the truth (issue 13).

0 done, 1 problems in the file blocked rows, 2 refused, 3 internal error (one line and a crash
log, no traceback). Real subprocess runs of ``python -m infradesk``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from store.unprivileged import run_unprivileged, shared_folder

from infradesk.cli.main import main
from infradesk.model import Project
from infradesk.store.workspace import Workspace

COMMANDS = ["open", "demo", "import", "export", "report", "restore"]


def infradesk(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "infradesk", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def project_names(path: Path) -> list[str]:
    workspace = Workspace.open(path)
    try:
        with workspace.session() as session:
            return list(session.scalars(select(Project.name).order_by(Project.name)))
    finally:
        workspace.close()


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    """A small workspace with one project (the demo itself is slower to build)."""
    path = tmp_path / "demo.infradesk"
    workspace = Workspace.create(path)
    with workspace.session() as session:
        session.add(Project(name="Core refresh", start=datetime(2026, 1, 5, 8)))
    workspace.close()
    return path


def test_exit_0_done(tmp_path: Path) -> None:
    result = infradesk("demo", "--workspace", tmp_path / "d.infradesk")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_exit_1_when_problems_in_the_file_blocked_rows(tmp_path: Path) -> None:
    plan = tmp_path / "plan.csv"
    plan.write_text("Name,Duration\nServer rack,5d\nCabling,banana\n", encoding="utf-8")
    result = infradesk("import", plan, "--workspace", tmp_path / "w.infradesk")
    assert result.returncode == 1
    assert "plan.csv, B3: 'banana' is not a duration" in result.stdout
    assert "use --force to skip those rows" in result.stdout  # here it helps
    assert not (tmp_path / "w.infradesk").exists()


@pytest.mark.parametrize(
    "case", ["garbage workspace", "empty workspace", "missing output folder", "bad argument"]
)
def test_exit_2_refused_with_one_located_line(tmp_path: Path, demo: Path, case: str) -> None:
    garbage = tmp_path / "garbage.infradesk"
    garbage.write_text("not a database")
    empty = tmp_path / "empty.infradesk"
    empty.write_bytes(b"")
    args, expected = {
        "garbage workspace": (
            ["export", "-w", garbage, "-o", "-"],
            "garbage.infradesk is not an InfraDesk workspace",
        ),
        "empty workspace": (
            ["import", tmp_path / "x.json", "-w", empty],
            "empty.infradesk is empty (0 bytes); it is not a workspace",
        ),
        "missing output folder": (
            ["export", "-w", demo, "-o", tmp_path / "no" / "such" / "plan.json"],
            f"the folder {tmp_path / 'no' / 'such'} does not exist",
        ),
        "bad argument": (["export", "-w", demo, "--format", "pdf", "-o", "-"], "invalid choice"),
    }[case]
    (tmp_path / "x.json").write_text(
        json.dumps({"format": "infradesk", "version": 1, "projects": [{"name": "P"}]})
    )
    result = infradesk(*args)
    assert result.returncode == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert empty.read_bytes() == b""
    assert not (tmp_path / "no").exists()


BROKEN_COMMAND = """
import sys
from infradesk.cli import export_cmd, main
def run(args):
    raise RuntimeError("a bug\\nover two lines")
export_cmd.run = run
sys.exit(main.main(sys.argv[1:]))
"""


def test_exit_3_internal_error_is_one_line_and_a_crash_log(tmp_path: Path, demo: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", BROKEN_COMMAND, "export", "-w", str(demo), "-o", "-"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 3
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    prefix = "infradesk: internal error: RuntimeError: a bug over two lines; details in "
    assert lines[0].startswith(prefix)
    log = Path(lines[0][len(prefix) :])
    assert log.is_file() and log.parent == Path(os.environ["INFRADESK_DATA_DIR"]) / "logs"
    text = log.read_text(encoding="utf-8")
    assert "Traceback" in text and "RuntimeError: a bug" in text
    assert f"Doing: infradesk export -w {demo}" in text


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_help_lists_the_exit_codes(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main([command, "--help"])
    out = capsys.readouterr().out
    for line in ("0  done", "1  problems in the file blocked rows", "2  refused", "3  internal"):
        assert line in out


def test_a_refused_force_run_creates_no_workspace_file(tmp_path: Path) -> None:
    document = {
        "format": "infradesk",
        "version": 1,
        "projects": [{"name": "X", "tasks": [{"name": "a", "duration": "zz"}]}],
    }
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(document), encoding="utf-8")
    result = infradesk("import", plan, "--workspace", tmp_path / "new.infradesk", "--force")
    assert result.returncode == 2
    assert "projects[0].tasks[0].duration" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json"]


def test_force_on_a_file_with_no_plan_adds_no_empty_project(
    tmp_path: Path, demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    headers_only = tmp_path / "plan.csv"
    headers_only.write_text("Name,Duration\n", encoding="utf-8")
    before = project_names(demo)
    assert main(["import", str(headers_only), "-w", str(demo), "--force"]) == 1
    out = capsys.readouterr().out
    assert "Nothing was written" in out and "--force" not in out
    assert project_names(demo) == before
    assert main(["import", str(headers_only), "-w", str(tmp_path / "new.infradesk"), "--force"])
    assert not (tmp_path / "new.infradesk").exists()


def test_the_force_hint_only_where_it_helps(tmp_path: Path, capsys) -> None:
    headers_only = tmp_path / "plan.csv"
    headers_only.write_text("Name,Duration\n", encoding="utf-8")
    assert main(["import", str(headers_only), "-w", str(tmp_path / "w.infradesk")]) == 1
    assert "use --force" not in capsys.readouterr().out


def test_read_only_workspace_exports_but_refuses_import(demo: Path, tmp_path: Path) -> None:
    with shared_folder() as folder:
        workspace = folder / "ro.infradesk"
        workspace.write_bytes(demo.read_bytes())
        plan = folder / "plan.json"
        out = folder / "out"
        out.mkdir(mode=0o777)
        out.chmod(0o777)
        # The child cannot import modules it has not seen: both commands run here once first.
        assert main(["export", "-w", str(workspace), "-o", str(plan)]) == 0
        assert main(["import", str(plan), "-w", str(workspace), "--dry-run"]) == 0
        before = workspace.read_bytes()

        def export_then_import() -> tuple[int, int]:
            exported = main(["export", "-w", str(workspace), "-o", str(out / "copy.json")])
            imported = main(["import", str(plan), "-w", str(workspace), "--project", "Again"])
            return exported, imported

        outcome = run_unprivileged(export_then_import)
        assert not outcome.raised, outcome.details
        assert outcome.value == (0, 2)
        assert json.loads((out / "copy.json").read_text())["projects"]
        assert workspace.read_bytes() == before
        assert sorted(p.name for p in folder.iterdir()) == ["out", "plan.json", "ro.infradesk"]


def test_restore_verb_lists_and_restores(tmp_path: Path, demo: Path) -> None:
    from infradesk.store.backup import write_backup

    backup = write_backup(demo, "manual")
    assert main(["import", str(_one_task_plan(tmp_path)), "-w", str(demo), "-p", "Later"]) == 0
    listed = infradesk("restore", "--list", "--workspace", demo)
    assert listed.returncode == 0 and backup.name in listed.stdout and "(manual)" in listed.stdout
    restored = infradesk("restore", backup, "--workspace", demo)
    assert restored.returncode == 0, restored.stderr
    assert "before-restore" in restored.stdout
    assert "Later" not in project_names(demo)
    refused = infradesk("restore", tmp_path / "nothing.infradesk", "--workspace", demo)
    assert refused.returncode == 2 and "does not exist" in refused.stderr


def _one_task_plan(folder: Path) -> Path:
    plan = folder / "later.csv"
    plan.write_text("Name,Duration\nLater task,2d\n", encoding="utf-8")
    return plan
