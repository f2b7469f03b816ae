"""Every problem and refusal line of ``infradesk import`` names the file and the place, and no
library warning (with a path inside the venv) reaches the user (issue 13)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from infradesk.cli.main import main


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, list[str]]:
    code = main(["import", *map(str, args)])
    captured = capsys.readouterr()
    return code, (captured.out + captured.err).splitlines()


def xlsx(path: Path, rows: list[list[object]], formats: dict[str, str] | None = None) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Tasks"
    for row in rows:
        sheet.append(row)
    for cell, number_format in (formats or {}).items():
        sheet[cell].number_format = number_format
    workbook.save(path)
    return path


def test_each_problem_line_names_the_file_and_the_cell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = xlsx(
        tmp_path / "pct150.xlsx",
        [["Name", "Duration", "% Complete"], ["Design", "5d", 150], ["Build", "-5d", 10]],
    )
    code, lines = run(capsys, plan, "-w", tmp_path / "ws.infradesk")
    assert code == 1
    problems = [line for line in lines if line.startswith(("error:", "warning:"))]
    assert problems == [
        f"error: {plan}, Tasks!C2: '150' is more than 100%",
        f"error: {plan}, Tasks!B3: '-5d' is not a duration (try 5d, 2w, 6h)",
    ]
    assert lines[-1] == (
        f"Nothing was written: fix the errors in {plan} or use --force to skip those rows."
    )
    assert not (tmp_path / "ws.infradesk").exists()


def test_a_date_serial_past_9999_prints_no_library_warning(tmp_path: Path) -> None:
    """In a real process: pytest would catch the warning itself."""
    plan = xlsx(
        tmp_path / "serial.xlsx",
        [["Name", "Start"], ["Design", 2958466], ["Build", "2026-03-02"]],
        {"B2": "yyyy-mm-dd"},
    )
    result = subprocess.run(
        [sys.executable, "-m", "infradesk", "import", plan.name, "-w", "ws.infradesk"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    lines = (result.stdout + result.stderr).splitlines()
    assert "error: serial.xlsx, Tasks!B2: '2958466' is not a date" in lines
    assert not [line for line in lines if "Warning" in line or "site-packages" in line]


def test_a_csv_problem_is_located_by_cell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "plan.csv"
    plan.write_text("Name,Duration,Start\nDesign,5d,31/12/9999\n", encoding="utf-8")
    code, lines = run(capsys, plan, "-w", tmp_path / "ws.infradesk")
    assert code == 1
    assert (
        f"error: {plan}, C2: 31 Dec 9999 is outside the dates InfraDesk can schedule "
        "(1 Jan 1900 to 31 Dec 2199)"
    ) in lines


def test_a_refused_document_names_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = {
        "format": "infradesk",
        "version": 1,
        "projects": [{"name": "P", "start": "2026-03-02T08:00", "tasks": [
            {"id": 1, "name": "A", "duration_minutes": 480},
            {"id": 2, "name": "B", "duration_minutes": 480, "parent": 42},
        ]}],
    }  # fmt: skip
    plan = tmp_path / "parent.json"
    plan.write_text(json.dumps(document), encoding="utf-8")
    code, lines = run(capsys, plan, "-w", tmp_path / "ws.infradesk")
    assert code == 2
    assert lines[-1] == (
        f"infradesk: error: {plan}: nothing was written: projects[0].tasks[1].parent: "
        "task 42 is not listed before its child"
    )
    assert not (tmp_path / "ws.infradesk").exists()


def test_an_unknown_kind_of_file_is_refused_by_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "notes.toml"
    notes.write_text("a = 1\n", encoding="utf-8")
    code, lines = run(capsys, notes, "-w", tmp_path / "ws.infradesk")
    assert code == 2
    assert lines[-1].startswith("infradesk: error: notes.toml: InfraDesk cannot import '.toml'")


def test_a_message_that_names_the_file_is_not_prefixed_twice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    code, lines = run(capsys, empty, "-w", tmp_path / "ws.infradesk")
    assert code == 2
    assert lines[-1] == "infradesk: error: empty.xlsx is empty (0 bytes)"
