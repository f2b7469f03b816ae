"""The interchange document: demo content, schema and a lossless round trip."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from infradesk.services.documents.io import export_document, import_document
from infradesk.services.documents.plan import DocumentError
from infradesk.store.workspace import Workspace

ISO_MINUTE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d$")
TASK_KEYS = {
    "id",
    "wbs",
    "name",
    "parent",
    "start",
    "finish",
    "duration",
    "duration_minutes",
    "percent_complete",
    "milestone",
    "owner",
    "predecessors",
}


def check_schema(document: dict) -> None:
    """The documented shape of format version 1 (docs/json-format.md)."""
    assert document["format"] == "infradesk" and document["version"] == 1
    for project in document["projects"]:
        assert {"name", "currency", "start", "tasks", "risks", "vendors"} <= set(project)
        assert ISO_MINUTE.match(project["start"])
        ids = {task["id"] for task in project["tasks"]}
        for task in project["tasks"]:
            assert set(task) >= TASK_KEYS, TASK_KEYS - set(task)
            assert task["parent"] is None or task["parent"] in ids
            for key in ("start", "finish"):
                assert task[key] is None or ISO_MINUTE.match(task[key])
            assert isinstance(task["duration_minutes"], int)
            assert re.match(r"^-?[\d.]+[mhdw]$", task["duration"])
            for link in task["predecessors"]:
                assert {"task", "type", "lag", "lag_minutes"} <= set(link)
                # a predecessor naming a project is a task of that project (issue 20)
                assert "project" in link or link["task"] in ids
                assert link["type"] in {"FS", "SS", "FF", "SF"}


def test_demo_project_is_realistic(demo_workspace: Workspace) -> None:
    with demo_workspace.session() as session:
        document = export_document(session)
    check_schema(document)
    project = document["projects"][0]
    tasks = project["tasks"]
    assert 55 <= len(tasks) <= 70
    phases = [t for t in tasks if t["parent"] is None]
    assert 5 <= len(phases) <= 6
    assert any(t["wbs"].count(".") == 2 for t in tasks)  # three outline levels
    links = [link for t in tasks for link in t["predecessors"]]
    assert {link["type"] for link in links} >= {"FS", "SS"}
    assert any(link["lag_minutes"] > 0 for link in links)
    assert sum(t["milestone"] for t in tasks) >= 8
    hour_tasks = [t for t in tasks if t["duration"].endswith("h")]
    assert len(hour_tasks) >= 6  # the cutover weekend is planned in hours
    assert any(t["percent_complete"] == 100 for t in tasks)
    assert any(0 < t["percent_complete"] < 100 for t in tasks)
    assert len(project["risks"]) >= 12
    assert len(project["vendors"]) >= 6
    assert all(v["contracts"] for v in project["vendors"])
    assert sum(len(v["deliverables"]) for v in project["vendors"]) >= 6
    baseline = {row["task"]: row for row in project["baselines"][0]["tasks"]}
    assert project["baselines"][0]["name"] == "Approved plan"
    slipped = [t["name"] for t in tasks if t["finish"] > baseline[t["id"]]["finish"]]
    assert "Cage build-out and power provisioning" in slipped
    assert "Site acceptance" in slipped  # the slip reaches a milestone


def test_export_import_export_is_stable(demo_workspace: Workspace, tmp_path: Path) -> None:
    with demo_workspace.session() as session:
        first = export_document(session)
    other = Workspace.create(tmp_path / "other.infradesk")
    with other.session() as session:
        import_document(session, first)
    with other.session() as session:
        second = export_document(session)
    other.close()
    assert second == first


def test_bad_document_writes_nothing(workspace: Workspace) -> None:
    document = {
        "format": "infradesk",
        "version": 1,
        "projects": [
            {
                "name": "Broken",
                "start": "2026-01-05T08:00",
                "tasks": [
                    {"id": 1, "name": "A", "duration": "2d"},
                    {
                        "id": 2,
                        "name": "B",
                        "duration": "1d",
                        "predecessors": [{"task": 99, "type": "FS"}],
                    },
                ],
            }
        ],
    }
    where = r"projects\[0\]\.tasks\[1\]\.predecessors\[0\]"
    with pytest.raises(DocumentError, match=where), workspace.session() as session:
        import_document(session, document)
    with workspace.session() as session:
        assert export_document(session)["projects"] == []


def test_newer_format_version_is_refused(workspace: Workspace) -> None:
    with pytest.raises(DocumentError, match="version 7"), workspace.session() as session:
        import_document(session, {"format": "infradesk", "version": 7, "projects": []})


def test_a_plan_with_a_cycle_is_reported_and_not_written(workspace: Workspace) -> None:
    document = {
        "format": "infradesk",
        "version": 1,
        "projects": [
            {
                "name": "Loop",
                "start": "2026-01-05T08:00",
                "tasks": [
                    {
                        "id": 1,
                        "name": "Order switches",
                        "duration": "1d",
                        "predecessors": [{"task": 3, "type": "FS"}],
                    },
                    {
                        "id": 2,
                        "name": "Rack switches",
                        "duration": "1d",
                        "predecessors": [{"task": 1, "type": "FS"}],
                    },
                    {
                        "id": 3,
                        "name": "Configure switches",
                        "duration": "1d",
                        "predecessors": [{"task": 2, "type": "SS", "lag": "1h"}],
                    },
                ],
            }
        ],
    }
    with pytest.raises(DocumentError, match="loop") as error, workspace.session() as session:
        import_document(session, document)
    for name in ("Order switches", "Rack switches", "Configure switches"):
        assert name in str(error.value)
    with workspace.session() as session:
        assert export_document(session)["projects"] == []
