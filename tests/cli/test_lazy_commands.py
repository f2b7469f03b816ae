"""Parsing the command line imports no command: ``--version`` and ``--help`` stay fast, and a
command imports its own module only (issue 22)."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from infradesk.cli import export_cmd, parsers
from infradesk.cli.main import build_parser, main
from infradesk.report.data import ALL_SECTIONS

REPO = Path(__file__).resolve().parents[2]

# runs main() with the arguments given, then prints which heavy modules were imported
PROBE = """
import json, sys
from infradesk.cli.main import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
heavy = ("sqlalchemy", "PySide6", "reportlab", "openpyxl", "alembic", "infradesk.model")
loaded = sorted(
    name for name in sys.modules
    if name.startswith(heavy) or (name.startswith("infradesk.cli.") and name.endswith("_cmd"))
)
print(json.dumps(loaded), file=sys.stderr)
"""


def imported_by(*args: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=REPO,
    )
    loaded: list[str] = json.loads(result.stderr.strip().splitlines()[-1])
    return loaded


def test_version_imports_no_command_and_no_database_or_qt() -> None:
    assert imported_by("--version") == []


@pytest.mark.parametrize("command", ["export", "report", "import", "runbook", "copy"])
def test_a_commands_help_imports_nothing_heavy(command: str) -> None:
    assert imported_by(command, "--help") == []


def test_a_command_imports_its_own_module_only(tmp_path: Path) -> None:
    loaded = imported_by("export", "-w", str(tmp_path / "missing.infradesk"), "-o", "-")
    commands = [name for name in loaded if name.startswith("infradesk.cli.")]
    assert commands == ["infradesk.cli.export_cmd"]
    assert "PySide6" not in loaded


def test_the_export_formats_are_the_writers_and_json() -> None:
    assert list(parsers.EXPORT_FORMATS) == sorted(["json", *export_cmd.WRITERS])


def test_the_report_offers_every_section() -> None:
    args = build_parser().parse_args(["report", "-w", "w", "-o", "o", "--skip", ALL_SECTIONS[-1]])
    assert args.skip == [ALL_SECTIONS[-1]]
    with pytest.raises(SystemExit):
        build_parser().parse_args(["report", "-w", "w", "-o", "o", "--skip", "nonsense"])


def test_deferred_runs_what_the_module_holds_when_called(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seen: list[argparse.Namespace] = []

    def run(args: argparse.Namespace) -> int:
        seen.append(args)
        return 0

    monkeypatch.setattr(export_cmd, "run", run)
    assert main(["export", "-w", str(tmp_path / "w.infradesk"), "-o", "-"]) == 0
    assert [args.format for args in seen] == ["json"]
    assert repr(parsers.Deferred("export_cmd")) == "Deferred('export_cmd', 'run')"


def test_every_runbook_action_runs_its_own_function() -> None:
    parser = build_parser()
    functions = {
        action: parser.parse_args(["runbook", action, *extra]).run.function
        for action, extra in {
            "bridge": ["-w", "w", "out"],
            "pir": ["-w", "w", "out.pdf"],
            "import": ["-w", "w", "list.csv"],
            "export": ["-w", "w", "out.xlsx"],
        }.items()
    }
    assert functions == {
        "bridge": "run_bridge",
        "pir": "run_pir",
        "import": "run_import",
        "export": "run_export",
    }
    from infradesk.cli import runbook_cmd

    assert all(callable(getattr(runbook_cmd, name)) for name in functions.values())
