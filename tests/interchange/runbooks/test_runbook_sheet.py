"""A cutover checklist read from real .xlsx and .csv files, and the xlsx export read back."""

from __future__ import annotations

import csv
import dataclasses
from datetime import datetime, time
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from infradesk.interchange import runbook_document as rb
from infradesk.interchange.json_document import document_from_json
from infradesk.interchange.problems import UnreadableFileError
from infradesk.interchange.runbook_sheet import read_runbook_sheet
from infradesk.interchange.runbook_xlsx import write_runbook_workbook
from infradesk.interchange.runbook_zones import localize, to_utc
from tests.interchange.runbooks.sample import document

PARIS = "Europe/Paris"
WINDOW = datetime(2026, 10, 24, 22, 0)  # naive: read in the runbook's zone

HEADER = ["Step No", "Activity", "Workstream", "Duration (min)", "Depends on", "Responsible",
          "Backup", "Planned start", "Type", "Notes", "Command/Check"]  # fmt: skip
ROWS = [
    ["Cutover_Checklist_FINAL_v12", None, None, None, None, None, None, None, None, None, None],
    [],
    HEADER,
    [None, "NETWORK", None, None, None, None, None, None, None, None, None],
    ["1.01", "Lower DNS TTL", None, "30", None, "Ana Costa", "Li Wei", "18:00", "Task", None,
     "dig +short erp.example.com"],
    ["1.02", "Freeze changes", "Apps", "1h", "1.01", "li wei", None, "6pm", None, None, None],
    ["1.03", "Go / no-go", "Mgmt", 15, "1.02SS+10", "CIO", None, "Sun 02:30", "Go/No-Go",
     None, None],
    ["1.04", "Restart old ERP", "Apps", "1:30", "1.03", None, None, None, "Backout", None, None],
    ["2.01", "Start ERP", "Apps", "90 min", "1.03FS-5", None, None, "T+300", "Check", None,
     None],
    ["2.02", "Tell the users", "Comms", "5m", "2.01, 9.99", None, None, "T+45", "Comms", None,
     None],
    ["2.03", "Bad cells", "Apps", "long", "2.02", None, None, "soon", "meeting", None, None],
    ["2.01", "Duplicate", None, 5, None, None, None, None, None, None, None],
    [None, "No ID but an owner", None, 5, None, "Ana", None, None, None, None, None],
]  # fmt: skip


def _xlsx(path: Path, rows: list[list[object]], title: str = "Checklist") -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def _steps(runbook: rb.Runbook) -> dict[str, rb.RunbookStep]:
    return {step.code: step for step in runbook.steps}


def _check_messy(result_path: Path) -> None:
    result = read_runbook_sheet(result_path, name="Wave 1", time_zone=PARIS, window_start=WINDOW)
    runbook = result.runbook
    steps = _steps(runbook)
    assert list(steps) == ["1.01", "1.02", "1.03", "1.04", "2.01", "2.02", "2.03"]
    first = steps["1.01"]
    assert (first.title, first.stream, first.owner, first.backup_owner) == (
        "Lower DNS TTL", "NETWORK", "Ana Costa", "Li Wei"
    )  # the heading row gives the stream
    assert first.duration_minutes == 30 and first.command == "dig +short erp.example.com"
    assert first.fixed_time == datetime(2026, 10, 24, 18, 0) and first.fixed_time_zone == ""
    assert steps["1.02"].duration_minutes == 60
    assert steps["1.02"].predecessors == (rb.RunbookLink("1.01"),)
    gate = steps["1.03"]
    assert gate.kind == "gate" and gate.predecessors == (rb.RunbookLink("1.02", "SS", 10),)
    # ambiguous on the fall-back night: the first occurrence, 00:30 UTC
    assert gate.fixed_time == datetime(2026, 10, 25, 2, 30)
    assert to_utc(localize(gate.fixed_time, PARIS)) == datetime(2026, 10, 25, 0, 30)
    assert steps["1.04"].kind == "rollback" and steps["1.04"].rollback_of == "1.03"
    assert steps["1.04"].duration_minutes == 90
    start = steps["2.01"]
    assert start.kind == "validation"
    assert start.predecessors == (rb.RunbookLink("1.03", "FS", -5),)
    # T+300 crosses the fall-back: 02:00 of winter time, 01:00 UTC
    assert (start.fixed_time, start.fixed_time_zone) == (datetime(2026, 10, 25, 1, 0), "UTC")
    assert steps["2.02"].kind == "communication"
    assert steps["2.02"].fixed_time == datetime(2026, 10, 24, 22, 45)
    assert steps["2.02"].predecessors == (rb.RunbookLink("2.01"),)  # 9.99 left out
    bad = steps["2.03"]
    assert (bad.duration_minutes, bad.fixed_time, bad.kind) == (0, None, "task")
    located = {(p.row, p.column): p.message for p in result.problems}
    sheet = result.problems[0].sheet
    assert all(p.sheet == sheet for p in result.problems)
    assert "no step '9.99'" in located[(10, "E")]
    assert "'long' is not a duration" in located[(11, "D")]
    assert "'soon' is not a time" in located[(11, "H")]
    assert "'meeting' is not a step kind" in located[(11, "I")]
    assert "a second step '2.01'" in located[(12, "A")]
    assert "has no ID" in located[(13, "A")]
    assert len(result.problems) == 6
    assert runbook.window_start is not None
    assert to_utc(runbook.window_start) == datetime(2026, 10, 24, 20, 0)


def test_a_messy_xlsx_checklist(tmp_path: Path) -> None:
    _check_messy(_xlsx(tmp_path / "Cutover_Checklist_FINAL_v12.xlsx", ROWS))


def test_the_same_checklist_as_csv(tmp_path: Path) -> None:
    path = tmp_path / "checklist.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        for row in ROWS:
            writer.writerow(["" if cell is None else cell for cell in row])
    _check_messy(path)


def test_excel_time_and_datetime_cells(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["ID", "Step", "Duration", "Start", "Zone"],
        ["A", "Time cell", 10, time(18, 0), None],
        ["B", "Datetime cell", 20, datetime(2026, 10, 25, 2, 30), "CET"],
        ["C", "Zone column", 20, "19:00", "UTC"],
        ["D", "Bad zone", 20, "19:00", "Mars"],
    ]
    path = _xlsx(tmp_path / "cells.xlsx", rows)
    result = read_runbook_sheet(path, name="X", time_zone=PARIS, window_start=WINDOW)
    steps = _steps(result.runbook)
    assert steps["A"].fixed_time == datetime(2026, 10, 24, 18, 0)
    assert (steps["B"].fixed_time, steps["B"].fixed_time_zone) == (
        datetime(2026, 10, 25, 2, 30), "CET"
    )
    assert steps["C"].fixed_time_zone == "UTC"
    assert [(p.row, p.column) for p in result.problems] == [(5, "E")]


def test_without_a_window_the_earliest_date_time_is_taken(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["#", "Task", "Mins", "Time"],
        [1, "First", 10, "2026-10-24 21:00"],
        [2, "Then", 10, "T+30"],
    ]
    result = read_runbook_sheet(_xlsx(tmp_path / "w.xlsx", rows), name="W", time_zone=PARIS)
    assert result.notes and "window start" in result.notes[0]
    assert _steps(result.runbook)["2"].fixed_time == datetime(2026, 10, 24, 21, 30)


def test_a_sheet_without_a_runbook_header_is_refused(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "other.xlsx", [["Name", "Email"], ["Ana", "ana@example.com"]])
    with pytest.raises(UnreadableFileError, match="no sheet has"):
        read_runbook_sheet(path, name="X", time_zone=PARIS)


def test_a_renamed_text_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_text("not a workbook")
    with pytest.raises(UnreadableFileError):
        read_runbook_sheet(path, name="X", time_zone=PARIS)


def test_an_unknown_runbook_zone_is_refused(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "z.xlsx", [["ID", "Step"], ["1", "x"]])
    with pytest.raises(UnreadableFileError, match="not a time zone"):
        read_runbook_sheet(path, name="X", time_zone="Mars/Base")


def test_export_then_import_gives_the_same_steps(tmp_path: Path) -> None:
    runbook = document_from_json(document()).projects[0].runbooks[0]
    # a formula-looking title and a step code Excel could take for a number
    steps = list(runbook.steps)
    steps[1] = dataclasses.replace(steps[1], title="=cmd|' /C calc'!A0")
    runbook = dataclasses.replace(runbook, steps=tuple(steps))
    start = runbook.window_start
    assert start is not None
    planned = {step.code: (start, start) for step in runbook.steps}
    path = tmp_path / "runbook.xlsx"
    write_runbook_workbook(runbook, path, planned=planned)
    result = read_runbook_sheet(
        path, name=runbook.name, time_zone=runbook.time_zone, window_start=start
    )
    assert result.problems == []
    assert result.runbook.steps == runbook.steps
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["Runbook", "Runs"]
    sheet = workbook["Runbook"]
    assert sheet.freeze_panes == "A2"
    assert sheet["B3"].value == "=cmd|' /C calc'!A0" and sheet["B3"].data_type == "s"
    assert sheet.column_dimensions["B"].width > 10
    runs = workbook["Runs"]
    assert [cell.value for cell in runs[1]][:6] == [
        "Run", "Mode", "ID", "Step", "Actual start", "Actual finish"
    ]
    assert runs["E2"].value == datetime(2026, 10, 10, 18, 0)
    assert runs["G2"].value == 40  # minutes, 18:00 to 18:40:12
    assert runs.freeze_panes == "A2"

