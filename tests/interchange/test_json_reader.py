"""JSON documents are parsed with bounds and checked against the one declared schema; every
refusal names the file and the place (issue 13)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from infradesk.interchange.document import Document
from infradesk.interchange.json_document import document_to_json
from infradesk.interchange.json_reader import read_json
from infradesk.interchange.problems import UnreadableFileError
from infradesk.services.documents.io import export_document

SAMPLE: dict[str, Any] = {
    "format": "infradesk",
    "version": 1,
    "projects": [
        {
            "name": "Sample",
            "start": "2026-03-02T08:00",
            "calendar": {
                "working_weekdays": [0, 1, 2, 3, 4],
                "working_hours": [["08:00", "12:00"], ["13:00", "17:00"]],
                "holidays": [{"date": "2026-12-24", "name": "Closed"}],
            },
            "tasks": [
                {"id": 1, "name": "Design", "duration": "5d", "duration_minutes": 2400,
                 "percent_complete": 10, "predecessors": []},
                {"id": 2, "name": "Build", "duration": "10d", "duration_minutes": 4800,
                 "predecessors": [{"task": 1, "type": "FS", "lag": "1d", "lag_minutes": 480}]},
                {"id": 3, "name": "Go live", "duration_minutes": 0, "milestone": True,
                 "predecessors": [{"task": 2, "type": "FS"}]},
            ],
            "risks": [{"code": "R-001", "title": "Late switches", "probability": 3,
                       "impact": 4, "tasks": [2]}],
        }
    ],
}  # fmt: skip


def json_doc() -> dict[str, Any]:
    return json.loads(json.dumps(SAMPLE))


def _write(tmp_path: Path, document: Any, name: str = "plan.json") -> Path:
    path = tmp_path / name
    path.write_text(document if isinstance(document, str) else json.dumps(document))
    return path


def _refusal(tmp_path: Path, document: Any) -> str:
    with pytest.raises(UnreadableFileError) as raised:
        read_json(_write(tmp_path, document))
    message = str(raised.value)
    assert "plan.json" in message
    assert "Traceback" not in message
    return message


def _task(document: dict, index: int) -> dict:
    return document["projects"][0]["tasks"][index]


def _changed(change: str) -> dict:
    document = json_doc()
    project = document["projects"][0]
    if change == "negative-duration":
        project["tasks"][2]["duration_minutes"] = -4800
    elif change == "percent-over-100":
        project["tasks"][0]["percent_complete"] = 150
    elif change == "month-13":
        project["start"] = "2026-13-02T08:00"
    elif change == "version-as-text":
        document["version"] = "1"
    elif change == "holidays-as-strings":
        project["calendar"]["holidays"] = ["2026-12-24"]
    elif change == "bad-date":
        project["calendar"]["holidays"][0]["date"] = "2026-02-30"
    elif change == "id-as-text":
        project["tasks"][1]["id"] = "2"
    elif change == "probability-9":
        project["risks"][0]["probability"] = 9
    elif change == "year-9999":
        project["tasks"][0]["start"] = "9999-12-31T08:00"
    elif change == "huge-duration-text":
        project["tasks"][0]["duration"] = "99999999999w"
        del project["tasks"][0]["duration_minutes"]
    elif change == "link-type":
        project["tasks"][1]["predecessors"][0]["type"] = "XY"
    elif change == "weekday-7":
        project["calendar"]["working_weekdays"] = [0, 7]
    elif change == "hours-25":
        project["calendar"]["working_hours"] = [["08:00", "25:00"]]
    elif change == "tasks-an-object":
        project["tasks"] = {"1": "Design"}
    return document


EXPECTED = {
    "negative-duration": "projects[0].tasks[2].duration_minutes: -4800 is below 0",
    "percent-over-100": "projects[0].tasks[0].percent_complete: 150 is above 100",
    "month-13": "projects[0].start: '2026-13-02T08:00' is not a real date-time",
    "version-as-text": 'version: "1" is a string where a whole number is expected',
    "holidays-as-strings": (
        'projects[0].calendar.holidays[0]: "2026-12-24" is a string where an object is expected'
    ),
    "bad-date": "projects[0].calendar.holidays[0].date: '2026-02-30' is not a real date",
    "id-as-text": 'projects[0].tasks[1].id: "2" is a string where a whole number is expected',
    "probability-9": "projects[0].risks[0].probability: 9 is above 5",
    "year-9999": "projects[0].tasks[0].start: '9999-12-31T08:00' is outside the years",
    "huge-duration-text": "projects[0].tasks[0].duration: '99999999999w' is longer than",
    "link-type": 'projects[0].tasks[1].predecessors[0].type: "XY" is not one of FS, SS, FF, SF',
    "weekday-7": "projects[0].calendar.working_weekdays[1]: 7 is above 6",
    "hours-25": 'projects[0].calendar.working_hours[0][1]: "25:00" is not a time of day',
    "tasks-an-object": "projects[0].tasks: an object is an object where a list is expected",
}


@pytest.mark.parametrize("change", sorted(EXPECTED))
def test_schema_violations_are_refused_with_their_json_path(tmp_path: Path, change: str) -> None:
    message = _refusal(tmp_path, _changed(change))
    assert EXPECTED[change] in message


def test_a_text_version_is_not_called_a_newer_version(tmp_path: Path) -> None:
    message = _refusal(tmp_path, _changed("version-as-text"))
    assert "reads up to version" not in message


def test_a_newer_version_is_still_called_newer(tmp_path: Path) -> None:
    document = json_doc()
    document["version"] = 2
    assert "reads up to version 1" in _refusal(tmp_path, document)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"format": "infradesk", "version": 1, "projects": [], "x": NaN}', "NaN is not"),
        ('{"format": "infradesk", "version": 1, "projects": [], "x": -Infinity}', "Infinity"),
        ('{"format": "infradesk", "version": 1, "projects": [], "x": 1e400}', "too large"),
        ('{"format": "infradesk", "version": 1, "projects": [], "x": ' + "9" * 5000 + "}",
         "5000 digits is too large"),
        ('{"format": "infradesk", "version": 1, "projects": [' + "[" * 5000 + "]" * 5000 + "]}",
         "nested 5,002 levels deep"),
        ('{"format": "infradesk", "version": 1, "projects": [{"name": "\\ud800"}]}',
         "projects[0].name: the text holds a lone UTF-16 surrogate"),
    ],
)  # fmt: skip
def test_hostile_json_text_is_refused_with_a_place(
    tmp_path: Path, text: str, expected: str
) -> None:
    assert expected in _refusal(tmp_path, text)


def test_numbers_are_located_by_line_and_column(tmp_path: Path) -> None:
    text = '{\n  "format": "infradesk",\n  "version": 1,\n  "projects": [],\n  "x": NaN\n}'
    assert "(line 5, column 8)" in _refusal(tmp_path, text)


def test_not_utf8_names_the_byte(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_bytes(b'{"format": "infradesk", "name": "caf\xe9"}')
    with pytest.raises(UnreadableFileError, match="not UTF-8 text: invalid continuation byte at"):
        read_json(path)


def test_every_exported_document_is_valid(demo_workspace, tmp_path: Path) -> None:
    """The schema accepts what InfraDesk writes: the whole demo (plan, RAID, vendors)."""
    with demo_workspace.session() as session:
        document = export_document(session)
    assert document["projects"][0]["tasks"]
    assert document["projects"][0]["risks"]
    assert document["projects"][0]["vendors"]
    result = read_json(_write(tmp_path, document))
    assert isinstance(result.document, Document)
    assert document_to_json(result.document) == json.loads(json.dumps(document))


def test_a_valid_sample_reads(tmp_path: Path) -> None:
    result = read_json(_write(tmp_path, json_doc()))
    assert isinstance(result.document, Document)
    assert len(result.document.projects[0].tasks) == 3
    assert isinstance(result.document.projects[0].start, datetime)
