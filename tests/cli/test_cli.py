"""The headless command line: demo, export, import, version, errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from infradesk import __version__
from infradesk.cli.main import main
from tests.services.documents.test_document_io import check_schema


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"InfraDesk {__version__}"


def test_python_dash_m_help_lists_the_commands() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "infradesk", "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    for command in ("open", "demo", "import", "export", "report", "copy"):
        assert command in result.stdout


@pytest.mark.parametrize("command", ["open", "demo", "import", "export", "report", "copy"])
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    assert "usage: infradesk" in capsys.readouterr().out


def test_demo_then_export_gives_valid_json(tmp_path: Path) -> None:
    workspace = tmp_path / "demo.infradesk"
    out = tmp_path / "plan.json"
    assert main(["demo", "--workspace", str(workspace)]) == 0
    assert main(["export", "--workspace", str(workspace), "--format", "json", "-o", str(out)]) == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    check_schema(document)
    assert document["projects"][0]["name"].startswith("DC Migration")


def test_export_to_stdout_for_one_project(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workspace = tmp_path / "demo.infradesk"
    main(["demo", "--workspace", str(workspace)])
    capsys.readouterr()
    name = "DC Migration — Frankfurt to Amsterdam"
    assert main(["export", "-w", str(workspace), "--project", name, "-o", "-"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert [p["name"] for p in document["projects"]] == [name]


def test_errors_go_to_stderr_with_exit_code_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "-w", str(tmp_path / "missing.infradesk"), "-o", "-"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "does not exist" in captured.err
    garbage = tmp_path / "garbage.infradesk"
    garbage.write_text("not a database")
    assert main(["export", "-w", str(garbage), "-o", "-"]) == 2
    assert "not an InfraDesk workspace" in capsys.readouterr().err
    assert garbage.read_text() == "not a database"


def test_unknown_project_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workspace = tmp_path / "demo.infradesk"
    main(["demo", "--workspace", str(workspace)])
    assert main(["export", "-w", str(workspace), "--project", "Nope", "-o", "-"]) == 2
    assert "no project named 'Nope'" in capsys.readouterr().err


def test_json_import_round_trip(tmp_path: Path) -> None:
    source = tmp_path / "source.infradesk"
    main(["demo", "--workspace", str(source)])
    first = tmp_path / "first.json"
    main(["export", "-w", str(source), "-o", str(first)])
    target = tmp_path / "created-by-import.infradesk"
    assert main(["import", str(first), "--workspace", str(target)]) == 0
    second = tmp_path / "second.json"
    main(["export", "-w", str(target), "-o", str(second)])
    assert json.loads(first.read_text()) == json.loads(second.read_text())


def test_import_of_a_broken_json_file_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workspace = tmp_path / "w.infradesk"
    main(["demo", "--workspace", str(workspace)])
    from infradesk.store.workspace import Workspace

    Workspace.open(workspace).close()
    before = workspace.read_bytes()
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "infradesk", "version": 1, "projects": [')
    assert main(["import", str(broken), "--workspace", str(workspace)]) == 2
    assert "not valid JSON (line 1" in capsys.readouterr().err
    assert workspace.read_bytes() == before
