"""A CSV file never loses rows silently (issue 13): an open quote that would swallow the rest
of the file, or more rows than InfraDesk reads, is refused with the line; a quoted field that
holds what looks like rows is a located warning; cells the scheduler cannot use are located."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from infradesk.interchange.csv_reader import read_csv
from infradesk.interchange.excel.guard import MAX_SHEET_ROWS
from infradesk.interchange.json_document import document_to_json
from infradesk.interchange.problems import UnreadableFileError

HEADER = "Name,Duration,Start,% Complete\n"


def write(tmp_path: Path, text: str, name: str = "plan.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_quote_left_open_is_refused_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + 'Design,5d,02/03/2026,10\n"Build,5d,\nTest,2d,\nGo,0d,\n')
    with pytest.raises(UnreadableFileError) as refused:
        read_csv(path)
    assert str(refused.value).startswith(
        'plan.csv, line 3: a quote (") opens a field that is never closed, so lines 3 to 5'
    )


def test_a_stray_quote_inside_a_field_is_still_read(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + 'Rack 19"" x,5d,,\n"Cable "A" run",2d,,\n')
    tasks = document_to_json(read_csv(path).document)["projects"][0]["tasks"]
    assert [task["name"] for task in tasks] == ['Rack 19"" x', 'Cable A" run"']


def test_a_quoted_field_that_swallows_rows_is_a_located_warning(tmp_path: Path) -> None:
    text = HEADER + '"Design,5d,02/03/2026,10\nBuild,5d,,\nTest,2d,,\nGo",0d,,\nClose,1d,,\n'
    result = read_csv(write(tmp_path, text))
    warnings = [str(p) for p in result.problems if p.severity == "warning"]
    assert "line 2: a quoted field runs over 4 lines, 2 of which look like rows" in warnings[0]


def test_a_multi_line_note_is_no_warning(tmp_path: Path) -> None:
    text = 'Name,Duration,Notes\nDesign,5d,"first line\nsecond line\nthird line"\n'
    result = read_csv(write(tmp_path, text))
    assert [p for p in result.problems if "quoted field" in p.message] == []


def test_more_rows_than_the_limit_are_refused_quickly(tmp_path: Path) -> None:
    rows = "".join(f"Task {i},1d\n" for i in range(MAX_SHEET_ROWS + 5))
    path = write(tmp_path, "Name,Duration\n" + rows, "huge.csv")
    began = time.monotonic()
    with pytest.raises(UnreadableFileError) as refused:
        read_csv(path)
    assert time.monotonic() - began < 10
    assert str(refused.value).startswith(
        "huge.csv holds more than 200,000 rows with values (row 200,001 is at line 200,001); "
        "InfraDesk reads at most 200,000 rows per sheet, so the file is refused rather than "
        "imported with rows missing."
    )


def test_the_limit_itself_and_trailing_empty_lines_are_accepted(tmp_path: Path) -> None:
    rows = "".join(f"T{i},1d\n" for i in range(MAX_SHEET_ROWS - 1))
    path = write(tmp_path, "Name,Duration\n" + rows + "\n" * 50, "full.csv")
    from infradesk.interchange.csv_reader import read_csv_data

    assert len([row for row in read_csv_data(path).sheets[0].rows if row]) == MAX_SHEET_ROWS


def test_schedule_range_values_are_refused_at_their_cell(tmp_path: Path) -> None:
    text = HEADER + "Design,5d,31/12/9999,10\nBuild," + "1" + "0" * 300 + ",02/03/2026,0\n"
    errors = [str(p) for p in read_csv(write(tmp_path, text, "range.csv")).errors]
    assert errors == [
        "range!C2: 31 Dec 9999 is outside the dates InfraDesk can schedule "
        "(1 Jan 1900 to 31 Dec 2199)",
        "range!B3: '100000000000…' (301 characters) is not a duration InfraDesk can schedule: "
        "it is longer than the calendar's whole range (1 Jan 1900 to 31 Dec 2199)",
    ]
