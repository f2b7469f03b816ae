"""Runbooks in the JSON document: exact round trip, instants and zones, located errors."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from infradesk.interchange import json_schema
from infradesk.interchange import runbook_document as rb
from infradesk.interchange.document import DocumentError
from infradesk.interchange.json_document import document_from_json, document_to_json
from infradesk.interchange.json_reader import read_json
from tests.interchange.runbooks.sample import RUNBOOK, document


def _read(runbook: dict[str, Any]) -> rb.Runbook:
    return document_from_json(document(runbook)).projects[0].runbooks[0]


def test_document_json_document_is_exact() -> None:
    typed = document_from_json(document())
    again = document_from_json(document_to_json(typed))
    assert again.projects[0].runbooks == typed.projects[0].runbooks
    assert document_to_json(again)["projects"][0]["runbooks"] == [RUNBOOK]


def test_the_sample_passes_the_schema_and_reads_every_field(tmp_path: Path) -> None:
    assert json_schema.problems(document()) == []
    path = tmp_path / "runbook.json"
    path.write_text(json.dumps(document()), "utf-8")
    runbook = read_json(path).document.projects[0].runbooks[0]
    assert runbook.task == 2 and runbook.change_request == "CR-003"
    gate = runbook.steps[2]
    assert gate.kind == "gate" and gate.criteria == ("Backups verified", "ERP stopped cleanly")
    assert gate.predecessors == (rb.RunbookLink("1.02", "SS", 10),)
    assert runbook.steps[3].rollback_of == "1.03"
    assert runbook.steps[4].point_of_no_return
    assert runbook.runs[0].steps[2].decision == "go"
    assert runbook.runs[0].steps[3].result == "pass"
    assert runbook.steps[0].fixed_time == datetime(2026, 10, 24, 18, 0)


def test_instants_without_offset_are_read_in_the_runbooks_zone() -> None:
    runbook = copy.deepcopy(RUNBOOK)
    runbook["window_start"] = "2026-10-25T02:30"  # repeated by the fall-back: first one
    runbook["window_end"] = "2026-10-25T18:00"
    read = _read(runbook)
    assert read.window_start is not None and read.window_end is not None
    assert read.window_start.astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert read.window_end.utcoffset() is not None
    out = document_to_json(document_from_json(document(runbook)))["projects"][0]["runbooks"][0]
    assert out["window_start"] == "2026-10-25T02:30:00+02:00"
    assert out["window_end"] == "2026-10-25T18:00:00+01:00"


def test_an_instant_in_another_zone_is_written_in_the_runbooks_zone() -> None:
    runbook = copy.deepcopy(RUNBOOK)
    runbook["window_start"] = "2026-10-24T16:00:00Z"
    out = document_to_json(document_from_json(document(runbook)))["projects"][0]["runbooks"][0]
    assert out["window_start"] == "2026-10-24T18:00:00+02:00"


def _error(runbook: dict[str, Any]) -> str:
    with pytest.raises(DocumentError) as caught:
        _read(runbook)
    return str(caught.value)


def _changed(path: list[Any], value: Any) -> dict[str, Any]:
    runbook = copy.deepcopy(RUNBOOK)
    target: Any = runbook
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return runbook


HERE = "projects[0].runbooks[0]"


@pytest.mark.parametrize(
    ("path", "value", "where", "says"),
    [
        (["window_start"], "2026-03-29T02:30", "window_start", "does not exist"),
        (["time_zone"], "Mars/Olympus", "time_zone", "is not a time zone"),
        (["steps", 3, "duration_minutes"], -5, "steps[3].duration_minutes", "not between"),
        (["steps", 3, "duration_minutes"], "long", "steps[3].duration_minutes", "whole number"),
        (["steps", 1, "kind"], "meeting", "steps[1].kind", "not one of"),
        (["steps", 1, "code"], "1.01", "steps[1].code", "a second step '1.01'"),
        (["steps", 1, "predecessors", 0, "step"], "9.99", "steps[1].predecessors[0].step",
         "no step '9.99'"),
        (["steps", 1, "predecessors", 0, "type"], "XX", "steps[1].predecessors[0].type",
         "not one of"),
        (["steps", 3, "rollback_of"], "1.02", "steps[3].rollback_of", "is not a gate"),
        (["steps", 3, "rollback_of"], "", "steps[3].rollback_of", "names the gate"),
        (["steps", 0, "fixed_time_zone"], "XYZT", "steps[0].fixed_time_zone", "not a time zone"),
        (["steps", 0, "fixed_time"], "2026-10-24T18:00+02:00", "steps[0].fixed_time",
         "wall-clock"),
        (["services", 0, "up_step"], "7", "services[0].up_step", "no step '7'"),
        (["runs", 0, "steps", 1, "step"], "1.01", "runs[0].steps[1].step", "recorded twice"),
        (["runs", 0, "steps", 0, "step"], "X", "runs[0].steps[0].step", "no step 'X'"),
        (["runs", 0, "steps", 2, "decision"], "maybe", "runs[0].steps[2].decision", "not one"),
        (["runs", 0, "mode"], "dry", "runs[0].mode", "not one of"),
        (["runs", 0, "steps", 0, "actual_start"], "soon", "runs[0].steps[0].actual_start",
         "not a date-time"),
        (["task"], 7, "task", "there is no task 7"),
        (["change_request"], "CR-999", "change_request", "no change request 'CR-999'"),
    ],
)
def test_bad_values_are_located(path: list[Any], value: Any, where: str, says: str) -> None:
    message = _error(_changed(path, value))
    assert message.startswith(f"{HERE}.{where}: "), message
    assert says in message


def test_the_schema_locates_a_bad_kind_too() -> None:
    bad = document(_changed(["steps", 2, "kind"], "meeting"))
    problems = json_schema.problems(bad)
    assert problems and problems[0].startswith(f"{HERE}.steps[2].kind")


def test_two_runbooks_of_one_name_are_refused() -> None:
    data = document()
    data["projects"][0]["runbooks"].append(copy.deepcopy(RUNBOOK))
    with pytest.raises(DocumentError, match=r"runbooks\[1\]\.name: a second runbook"):
        document_from_json(data)


def test_cycles_are_left_to_the_engine() -> None:
    runbook = _changed(["steps", 0, "predecessors"], [{"step": "2.02"}])
    assert _read(runbook).steps[0].predecessors == (rb.RunbookLink("2.02"),)


def test_a_project_without_runbooks_writes_no_key() -> None:
    data = document()
    del data["projects"][0]["runbooks"]
    assert "runbooks" not in document_to_json(document_from_json(data))["projects"][0]


def test_the_documented_example_is_valid_and_reads() -> None:
    import re

    text = (Path(__file__).resolve().parents[3] / "docs" / "json-format-runbooks.md").read_text(
        "utf-8"
    )
    example = json.loads(re.findall(r"```json\n(.*?)```", text, re.DOTALL)[0])
    assert json_schema.problems(example) == []
    runbook = document_from_json(example).projects[0].runbooks[0]
    assert runbook.name == "Cutover weekend"
    assert document_to_json(document_from_json(example)) is not None
