"""An import runs the schedule engine once per project (issue 14, point 1).

The storing side schedules the typed document before its rows are written and inserts the
computed dates; a reader that already ran the engine to check the file hands its run over in
``ImportResult.schedules``. The stored dates are exactly what a reschedule of the stored rows
gives, delivery gates and freeze windows included.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from infradesk.interchange import document as d
from infradesk.interchange.document_schedule import schedule_project
from infradesk.interchange.json_document import document_from_json
from infradesk.interchange.problems import ImportResult
from infradesk.interchange.readers import read_any
from infradesk.schedule import engine
from infradesk.services.documents.io import export_document, import_document
from infradesk.services.documents.plan import DocumentError
from infradesk.services.plan import scheduling
from infradesk.store.workspace import Workspace


@pytest.fixture
def engine_runs(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Counts full engine runs: every ``schedule()`` goes through ``run_passes``."""
    runs = [0]
    real = engine.run_passes

    def counted(*args: Any, **kwargs: Any) -> Any:
        runs[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(engine, "run_passes", counted)
    yield runs


def _demo_json(workspace: Workspace) -> dict[str, Any]:
    with workspace.read_session() as session:
        return json.loads(json.dumps(export_document(session, computed=False)))


def test_json_import_runs_the_engine_once(
    demo_workspace: Workspace, tmp_path: Path, engine_runs: list[int]
) -> None:
    path = tmp_path / "demo.json"
    path.write_text(json.dumps(_demo_json(demo_workspace)), encoding="utf-8")
    target = Workspace.create(tmp_path / "target.infradesk")
    engine_runs[0] = 0
    result = read_any(path)
    with target.session() as session:
        import_document(session, result.document, schedules=result.schedules)
    target.close()
    assert engine_runs[0] == 1


def test_a_readers_check_run_is_reused(
    demo_workspace: Workspace, tmp_path: Path, engine_runs: list[int]
) -> None:
    """A reader that checked the dates with the engine hands its run to the writer."""
    document = document_from_json(_demo_json(demo_workspace))
    engine_runs[0] = 0
    checked = schedule_project(document.projects[0])  # what the Excel check does
    result = ImportResult(document, schedules={0: checked})
    target = Workspace.create(tmp_path / "target.infradesk")
    with target.session() as session:
        import_document(session, result.document, schedules=result.schedules)
    target.close()
    assert engine_runs[0] == 1


def test_a_run_over_another_plan_is_not_reused(
    demo_workspace: Workspace, tmp_path: Path, engine_runs: list[int]
) -> None:
    document = document_from_json(_demo_json(demo_workspace))
    project = document.projects[0]
    checked = schedule_project(project)
    longer = tuple(
        replace(task, duration_minutes=task.duration_minutes + 480) if task.predecessors else task
        for task in project.tasks
    )
    changed = d.Document(projects=(replace(project, tasks=longer),))
    engine_runs[0] = 0
    target = Workspace.create(tmp_path / "target.infradesk")
    with target.session() as session:
        project_id = import_document(session, changed, schedules={0: checked})[0]
        assert engine_runs[0] == 1  # its own run, not the stale one
        assert (
            scheduling.stored_changes(
                session, project_id, engine.schedule(scheduling.plan_input_for(session, project_id))
            )
            == []
        )
    target.close()


def test_stored_dates_are_what_a_reschedule_gives(
    demo_workspace: Workspace, tmp_path: Path
) -> None:
    """Inserted with the document's run, the rows need no change from a full reschedule:
    delivery gates, freeze windows, summaries' roll-ups and milestones included."""
    data = _demo_json(demo_workspace)
    project = data["projects"][0]
    assert any(v["deliverables"] for v in project["vendors"])
    assert project["calendar"]["freeze_windows"]
    for task in project["tasks"]:  # the file's own dates must not survive
        task["start"] = task["finish"] = "2026-01-01T08:00"
    target = Workspace.create(tmp_path / "target.infradesk")
    with target.session() as session:
        project_id = import_document(session, data)[0]
        result = engine.schedule(scheduling.plan_input_for(session, project_id))
        assert scheduling.stored_changes(session, project_id, result) == []
    target.close()


def test_a_loop_is_reported_after_the_other_checks(tmp_path: Path) -> None:
    """A loop in the links is refused naming the project (nothing written), as before."""
    data = {
        "format": "infradesk",
        "version": 1,
        "projects": [
            {
                "name": "Loop",
                "start": "2026-01-05T08:00",
                "tasks": [
                    {"id": 1, "name": "a", "predecessors": [{"task": 2}]},
                    {"id": 2, "name": "b", "predecessors": [{"task": 1}]},
                ],
            }
        ],
    }
    target = Workspace.create(tmp_path / "target.infradesk")
    refused = pytest.raises(DocumentError, match=r"projects\[0\] \('Loop'\):.*loop")
    with refused, target.session() as session:
        import_document(session, data)
    with target.read_session() as session:
        assert export_document(session)["projects"] == []
    target.close()


def test_gates_of_the_document_move_their_task(tmp_path: Path) -> None:
    data = {
        "format": "infradesk",
        "version": 1,
        "projects": [
            {
                "name": "Gated",
                "start": "2026-01-05T08:00",
                "tasks": [{"id": 1, "name": "install", "duration": "1d"}],
                "vendors": [
                    {
                        "name": "v",
                        "deliverables": [
                            {"description": "kit", "promised": "2026-01-14", "task": 1},
                            {
                                "description": "void",
                                "promised": "2026-02-20",
                                "task": 1,
                                "status": "Cancelled",
                            },
                        ],
                    }
                ],
            }
        ],
    }
    target = Workspace.create(tmp_path / "target.infradesk")
    with target.session() as session:
        import_document(session, data)
    with target.read_session() as session:
        task = export_document(session)["projects"][0]["tasks"][0]
    target.close()
    assert task["start"] == datetime(2026, 1, 14, 8, 0).strftime("%Y-%m-%dT%H:%M")
    assert date.fromisoformat(task["finish"][:10]) == date(2026, 1, 14)
