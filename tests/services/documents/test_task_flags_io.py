"""The estimated, manual and elapsed task flags (issue 16, point 9) through JSON and the
workspace: read from the booleans or the duration text's marks, refused with their JSON path
when not booleans, stored on import, exported, cleared by an update, and the same again after
export -> import -> export."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from infradesk.errors import UserError
from infradesk.interchange import document as d
from infradesk.interchange.json_document import document_from_json, document_to_json
from infradesk.interchange.json_reader import read_json
from infradesk.model import Task
from infradesk.services.documents.io import export_document, import_document
from infradesk.services.documents.update import apply_update
from infradesk.store.workspace import Workspace


def _document(*tasks: dict[str, Any]) -> dict[str, Any]:
    return {
        "format": "infradesk",
        "version": 1,
        "projects": [{"name": "Flags", "start": "2026-01-05T08:00", "tasks": list(tasks)}],
    }


def _flags(task: d.Task) -> tuple[bool, bool, bool]:
    return task.estimated, task.manual, task.elapsed


def _tasks(document: dict[str, Any]) -> tuple[d.Task, ...]:
    return document_from_json(document).projects[0].tasks


def test_the_booleans_and_the_duration_marks_give_the_flags() -> None:
    tasks = _tasks(
        _document(
            {"id": 1, "name": "Plain", "duration": "5d"},
            {"id": 2, "name": "Guess", "duration": "5d?"},
            {"id": 3, "name": "Curing", "duration": "3ed"},
            {"id": 4, "name": "Soak", "duration": "4eh?"},
            {
                "id": 5,
                "name": "Fixed",
                "duration": "2d",
                "manual": True,
                "start": "2026-02-02T08:00",
            },
            {"id": 6, "name": "Said", "duration": "1d", "estimated": True, "elapsed": True},
            {"id": 7, "name": "Overruled", "duration": "5d?", "estimated": False},
        )
    )
    assert [_flags(t) for t in tasks] == [
        (False, False, False),
        (True, False, False),
        (False, False, True),
        (True, False, True),
        (False, True, False),
        (True, False, True),
        (False, False, False),
    ]
    # an elapsed day is 24 hours of the clock, not a working day of 8 hours
    assert [t.duration_minutes for t in tasks] == [2400, 2400, 3 * 1440, 240, 960, 480, 2400]
    assert tasks[2].given is not None and "elapsed" in tasks[2].given
    assert tasks[0].given is not None and not {"estimated", "elapsed"} & tasks[0].given


def test_duration_minutes_win_over_the_marked_text() -> None:
    (task,) = _tasks(_document({"id": 1, "duration": "3ed", "duration_minutes": 100}))
    assert (task.duration_minutes, task.elapsed) == (100, True)


@pytest.mark.parametrize("key", ["estimated", "manual", "elapsed"])
def test_a_flag_that_is_not_a_boolean_is_refused_with_its_path(key: str) -> None:
    document = _document({"id": 1, "name": "A"}, {"id": 2, "name": "B", key: "yes"})
    with pytest.raises(d.DocumentError, match=rf"projects\[0\]\.tasks\[1\]\.{key}"):
        document_from_json(document)


def test_the_schema_check_reads_marked_durations_and_refuses_text_flags(tmp_path: Any) -> None:
    good = tmp_path / "good.json"
    good.write_text(
        '{"format": "infradesk", "version": 1, "projects": [{"name": "P", "tasks": ['
        '{"id": 1, "duration": "3ed?", "manual": true}]}]}',
        encoding="utf-8",
    )
    (task,) = read_json(good).document.projects[0].tasks
    assert _flags(task) == (True, True, True)
    bad = tmp_path / "bad.json"
    bad.write_text(
        '{"format": "infradesk", "version": 1, "projects": [{"name": "P", "tasks": ['
        '{"id": 1, "elapsed": "no"}]}]}',
        encoding="utf-8",
    )
    with pytest.raises(UserError, match=r"projects\[0\]\.tasks\[0\]\.elapsed"):
        read_json(bad)


def test_the_export_writes_the_flags_and_marks_and_reads_them_back() -> None:
    tasks = (
        d.Task(id=1, name="Guess", duration_minutes=2400, estimated=True),
        d.Task(id=2, name="Curing", duration_minutes=3 * 1440, elapsed=True),
        d.Task(id=3, name="Plain", duration_minutes=480),
    )
    document = d.Document(projects=(d.Project(name="P", tasks=tasks),))
    written = document_to_json(document)
    items = written["projects"][0]["tasks"]
    assert [item["duration"] for item in items] == ["5d?", "3ed", "1d"]
    assert [(i["estimated"], i["manual"], i["elapsed"]) for i in items] == [
        (True, False, False),
        (False, False, True),
        (False, False, False),
    ]
    again = _tasks(written)
    assert [(_flags(t), t.duration_minutes) for t in again] == [
        (_flags(t), t.duration_minutes) for t in tasks
    ]


def test_the_workspace_stores_exports_and_reimports_the_flags(workspace: Workspace) -> None:
    document = _document(
        {"id": 1, "name": "Guess", "duration": "5d?"},
        {"id": 2, "name": "Curing", "duration": "2ed", "predecessors": [{"task": 1}]},
        {"id": 3, "name": "Fixed", "duration": "1d", "manual": True, "start": "2026-01-07T08:00"},
    )
    with workspace.session() as session:
        (project_id,) = import_document(session, document)
    with workspace.read_session() as session:
        rows = {
            t.name: t for t in session.scalars(select(Task).where(Task.project_id == project_id))
        }
        stored = {name: (t.estimated, t.manual, t.elapsed) for name, t in rows.items()}
        assert rows["Curing"].duration_minutes == 2 * 1440
        exported = export_document(session)
    assert stored == {
        "Guess": (True, False, False),
        "Curing": (False, False, True),
        "Fixed": (False, True, False),
    }
    tasks = exported["projects"][0]["tasks"]
    assert [t["duration"] for t in tasks] == ["5d?", "2ed", "1d"]
    with workspace.session() as session:
        import_document(session, exported, project_name="Again")
    with workspace.read_session() as session:
        again = export_document(session, ["Again"])["projects"][0]["tasks"]
    keys = ("name", "duration", "duration_minutes", "estimated", "manual", "elapsed")
    assert [{k: t[k] for k in keys} for t in again] == [{k: t[k] for k in keys} for t in tasks]


def test_an_update_sets_and_clears_the_flags(workspace: Workspace) -> None:
    with workspace.session() as session:
        (project_id,) = import_document(
            session,
            _document(
                {
                    "id": 1,
                    "name": "Guess",
                    "duration": "5d?",
                    "manual": True,
                    "start": "2026-01-05T08:00",
                }
            ),
        )
    with workspace.read_session() as session:
        project = export_document(session)["projects"][0]
    project["tasks"][0].update(estimated=False, manual=False, elapsed=True, duration="3ed")
    for key in ("duration_minutes", "remaining_minutes"):  # the text gives the new duration
        project["tasks"][0].pop(key)
    with workspace.session() as session:
        plan = apply_update(
            session,
            project_id,
            document_from_json(
                {"format": "infradesk", "version": 1, "projects": [project]}
            ).projects[0],
        )
    assert plan.changes[0].action == "updated"
    assert {"estimated", "manual", "elapsed"} <= set(plan.changes[0].fields)
    with workspace.read_session() as session:
        task = session.scalars(select(Task).where(Task.project_id == project_id)).one()
        assert (task.estimated, task.manual, task.elapsed, task.duration_minutes) == (
            False,
            False,
            True,
            3 * 1440,
        )
