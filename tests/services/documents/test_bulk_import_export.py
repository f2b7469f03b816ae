"""A plan bigger than one insert batch (issue 22: imports write their rows in batches and the
export reads them as Core rows): every task, parent and link arrives, and the export gives
back the document it was imported from."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from infradesk.interchange.json_document import document_to_json
from infradesk.services.documents.io import import_document, workspace_document
from infradesk.services.documents.plan import INSERT_BATCH
from infradesk.store.workspace import Workspace


def big_plan(count: int) -> dict[str, Any]:
    """Phases of 128 tasks (one straddles the insert batches); each task after the first of
    its phase follows the one before, every 7th also a task of the phase before."""
    tasks: list[dict[str, Any]] = []
    phase = 0
    for number in range(1, count + 1):
        if number % 128 == 1:
            phase = number
            tasks.append({"id": number, "name": f"Phase {number}", "predecessors": []})
            continue
        links = [] if number == phase + 1 else [{"task": number - 1, "type": "FS", "lag": "0d"}]
        if number % 7 == 0 and phase > 128:
            links.append({"task": phase - 50, "type": "SS", "lag": "1h"})
        tasks.append({"id": number, "name": f"Task {number}", "parent": phase,
                      "duration": f"{number % 5 + 1}h", "predecessors": links})  # fmt: skip
    return {"format": "infradesk", "version": 1,
            "projects": [{"name": "Big", "start": "2026-01-05T08:00", "tasks": tasks}]}  # fmt: skip


def test_a_plan_of_more_than_one_batch_round_trips(tmp_path: Path) -> None:
    count = INSERT_BATCH + 150  # children in the second batch, their parents in the first
    given = big_plan(count)
    workspace = Workspace.create(tmp_path / "big.infradesk")
    with workspace.session() as session:
        import_document(session, given)
    with workspace.read_session() as session:
        exported = document_to_json(workspace_document(session, computed=False))
    workspace.close()
    (project,) = exported["projects"]
    assert len(project["tasks"]) == count
    by_id = {task["id"]: task for task in project["tasks"]}
    for task in given["projects"][0]["tasks"]:
        back = by_id[task["id"]]  # outline order is the given order: the ids are the same
        assert back["name"] == task["name"]
        assert back["parent"] == task.get("parent")
        links = [(link["task"], link["type"], link["lag_minutes"]) for link in back["predecessors"]]
        assert links == [
            (link["task"], link["type"], 60 if link["lag"] == "1h" else 0)
            for link in sorted(task["predecessors"], key=lambda link: link["task"])
        ]
