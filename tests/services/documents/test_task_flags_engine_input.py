"""The engine input of the task flags (issue 16, point 9): a manually scheduled task gives its
stored start as ``manual_start``, an elapsed one says so, and the input built from a typed
document (interchange/document_schedule.py) is the one built from the stored rows
(services/plan/scheduling.py) and the Gantt's outline (services/plan/outline.py), so an
import's own engine run is reused and the Gantt shows what a reschedule stores."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from infradesk.interchange.document_schedule import (
    plan_input,
    project_start,
    working_calendar,
)
from infradesk.interchange.json_document import document_from_json
from infradesk.schedule.engine import TaskInput
from infradesk.services.documents.io import import_document
from infradesk.services.plan.outline import load_outline
from infradesk.services.plan.scheduling import plan_input_for
from infradesk.store.workspace import Workspace

FIXED = datetime(2026, 1, 14, 8)


def _document() -> dict[str, Any]:
    return {
        "format": "infradesk",
        "version": 1,
        "projects": [
            {
                "name": "Flags",
                "start": "2026-01-05T08:00",
                "tasks": [
                    {"id": 1, "name": "Order", "duration": "2d"},
                    {"id": 2, "name": "Curing", "duration": "3ed", "predecessors": [{"task": 1}]},
                    {
                        "id": 3,
                        "name": "Audit",
                        "duration": "1d",
                        "manual": True,
                        "start": "2026-01-14T08:00",
                        "predecessors": [{"task": 2}],
                    },
                    {"id": 4, "name": "Guess", "duration": "5d?"},
                ],
            }
        ],
    }


def _flags(task: TaskInput) -> tuple[str, bool, datetime | None, bool, int]:
    return task.name, task.manual, task.manual_start, task.elapsed, task.duration_minutes


def test_the_document_and_the_stored_rows_give_the_same_flags(workspace: Workspace) -> None:
    project = document_from_json(_document()).projects[0]
    start = project_start(project)
    assert start is not None
    from_document = plan_input(project, start, working_calendar(project.calendar))
    with workspace.session() as session:
        (project_id,) = import_document(session, _document())
    with workspace.read_session() as session:
        from_rows = plan_input_for(session, project_id)
        from_outline = load_outline(session, project_id).plan_input()  # the Gantt's run
    expected = [
        ("Order", False, None, False, 960),
        ("Curing", False, None, True, 3 * 1440),
        ("Audit", True, FIXED, False, 480),
        ("Guess", False, None, False, 2400),
    ]
    assert [_flags(t) for t in from_document.tasks] == expected
    assert [_flags(t) for t in from_rows.tasks] == expected
    assert list(from_outline.tasks) == list(from_rows.tasks)
