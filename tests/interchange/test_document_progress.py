"""Progress, constraints and costs at the JSON edge (issue 15): exact round trip, the older
``start_no_earlier_than`` read as SNET, a given remaining work winning over the duration, and
located messages for values that cannot be right."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest

from infradesk.interchange import document as d
from infradesk.interchange import json_schema
from infradesk.interchange.json_document import document_from_json, document_to_json


def _document(*tasks: dict[str, Any], **project: Any) -> dict[str, Any]:
    return {
        "format": "infradesk",
        "version": 1,
        "projects": [{"name": "P", "start": "2026-01-05T08:00", "tasks": list(tasks), **project}],
    }


def test_progress_constraints_and_costs_round_trip_exactly() -> None:
    exported = document_to_json(
        d.Document(
            projects=(
                d.Project(
                    name="P",
                    status_date=datetime(2026, 1, 14, 17, 0),
                    reschedule_after_status=False,
                    tasks=(
                        d.Task(
                            1,
                            "Survey",
                            duration_minutes=2400,
                            percent_complete=100.0,
                            actual_start=datetime(2026, 1, 5, 8, 0),
                            actual_finish=datetime(2026, 1, 9, 17, 0),
                            cost=Decimal("1200.50"),
                            actual_cost=Decimal("1300.00"),
                        ),
                        d.Task(
                            2,
                            "Install",
                            duration_minutes=4800,
                            percent_complete=33.3,
                            actual_start=datetime(2026, 1, 12, 8, 0),
                            constraint_type="FNLT",
                            constraint_date=datetime(2026, 2, 6, 17, 0),
                            predecessors=(d.Link(1),),
                        ),
                        d.Task(3, "Go live", duration_minutes=0, constraint_type="ALAP"),
                        d.Task(
                            4,
                            "Cutover",
                            constraint_type="SNET",
                            constraint_date=datetime(2026, 3, 2, 8, 0),
                        ),
                    ),
                    baselines=(
                        d.Baseline(
                            "Approved",
                            tasks=(d.BaselineTask(1, cost=Decimal("1000.00")),),
                            for_earned_value=True,
                        ),
                    ),
                ),
            )
        )
    )
    text = json.dumps(exported)
    assert not json_schema.problems(json.loads(text))
    again = document_to_json(document_from_json(json.loads(text)))
    assert again == exported
    tasks = exported["projects"][0]["tasks"]
    assert tasks[1]["remaining_minutes"] == 4800 - round(4800 * 0.333)
    assert tasks[0]["cost"] == "1200.50" and tasks[0]["actual_cost"] == "1300.00"
    assert tasks[3]["start_no_earlier_than"] == "2026-03-02T08:00"  # for older readers
    assert exported["projects"][0]["reschedule_after_status"] is False
    assert exported["projects"][0]["baselines"][0]["tasks"][0]["cost"] == "1000.00"


def test_start_no_earlier_than_of_older_documents_is_an_snet_constraint() -> None:
    (project,) = document_from_json(
        _document({"id": 1, "name": "A", "start_no_earlier_than": "2026-02-02T08:00"})
    ).projects
    (task,) = project.tasks
    assert (task.constraint_type, task.constraint_date) == ("SNET", datetime(2026, 2, 2, 8))
    assert {"constraint_type", "constraint_date"} <= (task.given or set())


def test_a_given_remaining_work_wins_over_the_duration_as_in_ms_project() -> None:
    # 10 days at 50 %: 5 days done; "6 days remain" makes it 11 days, 5/11 done
    (project,) = document_from_json(
        _document(
            {"id": 1, "duration_minutes": 4800, "percent_complete": 50, "remaining_minutes": 2880}
        )
    ).projects
    (task,) = project.tasks
    assert task.duration_minutes == 2400 + 2880
    assert task.percent_complete == round(2400 * 100 / 5280, 2)
    # a remaining that agrees with the duration changes nothing
    (project,) = document_from_json(
        _document(
            {"id": 1, "duration_minutes": 4800, "percent_complete": 25, "remaining_minutes": 3600}
        )
    ).projects
    assert (project.tasks[0].duration_minutes, project.tasks[0].percent_complete) == (4800, 25)


@pytest.mark.parametrize(
    ("task", "message"),
    [
        (
            {"constraint_type": "SOON"},
            'projects[0].tasks[0].constraint_type: "SOON" is not one of ASAP, ALAP, SNET',
        ),
        ({"percent_complete": 120}, "projects[0].tasks[0].percent_complete: 120 is above 100"),
        ({"remaining_minutes": -5}, "projects[0].tasks[0].remaining_minutes: -5 is below 0"),
        ({"cost": "12,x"}, "projects[0].tasks[0].cost"),
        ({"actual_start": "2026-13-01"}, "projects[0].tasks[0].actual_start: '2026-13-01'"),
    ],
)
def test_the_schema_names_the_place_of_a_bad_progress_value(
    task: dict[str, Any], message: str
) -> None:
    found = json_schema.problems(_document({"id": 1, "name": "A", **task}))
    if task.get("cost"):  # an amount the schema leaves to the import's money reader
        with pytest.raises(d.DocumentError, match=r"projects\[0\]\.tasks\[0\]\.cost"):
            document_from_json(_document({"id": 1, **task}))
        return
    assert any(problem.startswith(message) for problem in found), found


@pytest.mark.parametrize(
    ("task", "message"),
    [
        (
            {"actual_start": "2026-01-12T08:00", "actual_finish": "2026-01-09T17:00"},
            r"tasks\[0\]\.actual_finish: 2026-01-09T17:00 is before the actual start",
        ),
        ({"constraint_type": "mfo"}, r"tasks\[0\]\.constraint_date: a MFO constraint needs"),
        ({"constraint_type": "LATE"}, r"tasks\[0\]\.constraint_type: 'LATE' is not one of"),
        ({"percent_complete": 101}, r"tasks\[0\]\.percent_complete: 101 is not between 0"),
    ],
)
def test_contradictions_are_refused_at_their_json_path(task: dict[str, Any], message: str) -> None:
    with pytest.raises(d.DocumentError, match=message):
        document_from_json(_document({"id": 1, "name": "A", **task}))


def test_constraint_types_are_read_in_any_case_and_dateless_ones_drop_a_date() -> None:
    (project,) = document_from_json(
        _document(
            {"id": 1, "constraint_type": "snlt", "constraint_date": "2026-02-02T17:00"},
            {"id": 2, "constraint_type": "alap", "constraint_date": "2026-02-02T17:00"},
        )
    ).projects
    assert [(t.constraint_type, t.constraint_date) for t in project.tasks] == [
        ("SNLT", datetime(2026, 2, 2, 17)),
        ("ALAP", None),
    ]


def test_progress_a_file_leaves_implicit_is_recorded_as_ms_project_does() -> None:
    # an export written before actuals existed: 100 % and 40 % tasks with their dates only
    (project,) = document_from_json(
        _document(
            {"id": 1, "name": "Phase"},
            {"id": 2, "parent": 1, "name": "Done", "percent_complete": 100,
             "start": "2026-01-05T08:00", "finish": "2026-01-07T17:00"},
            {"id": 3, "parent": 1, "name": "Started", "percent_complete": 40,
             "start": "2026-01-08T08:00", "finish": "2026-01-14T17:00"},
            {"id": 4, "name": "Closed", "actual_start": "2026-01-05T08:00",
             "actual_finish": "2026-01-06T17:00", "percent_complete": 50},
            {"id": 5, "name": "Later", "start": "2026-02-02T08:00"},
            status_date="2026-01-12T17:00",
        )
    ).projects
    phase, done, started, closed, later = project.tasks
    assert (done.actual_start, done.actual_finish) == (
        datetime(2026, 1, 5, 8),
        datetime(2026, 1, 7, 17),
    )
    assert (started.actual_start, started.actual_finish) == (datetime(2026, 1, 8, 8), None)
    assert closed.percent_complete == 100  # an actual finish means finished
    assert later.actual_start is None and phase.actual_start is None  # summaries roll up
