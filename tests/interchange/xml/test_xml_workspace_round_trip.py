"""End to end: a real plan goes into a workspace, is scheduled, comes out as MSPDI and reads
back with the same tasks, links and calendar."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from infradesk.interchange.ganttproject import read_gan
from infradesk.interchange.json_document import document_from_json, document_to_json
from infradesk.interchange.mspdi import read_mspdi, write_mspdi
from infradesk.interchange.planner import read_planner
from infradesk.interchange.problems import ImportResult


def outline(project: dict[str, Any]) -> list[tuple[str, str | None, int, bool]]:
    names = {t["id"]: t["name"] for t in project["tasks"]}
    return [
        (t["name"], names.get(t["parent"]), t["duration_minutes"], t["milestone"])
        for t in project["tasks"]
    ]


def links(project: dict[str, Any]) -> list[tuple[str, str, str, int]]:
    names = {t["id"]: t["name"] for t in project["tasks"]}
    return sorted(
        (names[p["task"]], t["name"], p["type"], p["lag_minutes"])
        for t in project["tasks"]
        for p in t["predecessors"]
    )


# services/doc_risks.py still calls SQLAlchemy's deprecated Result.tuples() (reported to the
# lead); that is not what this test checks.
@pytest.mark.filterwarnings("ignore:The Result.tuples:DeprecationWarning")
@pytest.mark.parametrize(
    ("name", "reader"),
    [
        ("legacy_sample1.xml", read_mspdi),
        ("HouseBuildingSample.gan", read_gan),
        ("project1.planner", read_planner),
    ],
)
def test_import_schedule_export_mspdi(
    name: str,
    reader: Callable[[Path], ImportResult],
    real_plan: Callable[[str], Path],
    workspace: Any,
    tmp_path: Path,
) -> None:
    from infradesk.services.documents.io import export_document, import_document

    imported = reader(real_plan(name))
    with workspace.session() as session:
        import_document(session, imported.document, project_name="Round trip")
    with workspace.session() as session:
        exported = export_document(session, ["Round trip"])
    path = tmp_path / "out.xml"
    write_mspdi(document_from_json(exported), path)
    again = read_mspdi(path)

    source = document_to_json(imported.document)["projects"][0]
    (through_workspace,) = exported["projects"]
    (back,) = document_to_json(again.document)["projects"]
    leaves = [
        (n, parent, minutes, milestone)
        for (n, parent, minutes, milestone), task in zip(
            outline(source), source["tasks"], strict=True
        )
        if not any(t["parent"] == task["id"] for t in source["tasks"])
    ]
    back_outline = outline(back)
    assert [(n, p) for n, p, _, _ in back_outline] == [(n, p) for n, p, _, _ in outline(source)]
    assert set(leaves) <= set(back_outline)  # summaries take their children's span
    assert links(back) == links(source)
    assert back["calendar"]["working_weekdays"] == source["calendar"]["working_weekdays"]
    assert back["calendar"]["working_hours"] == source["calendar"]["working_hours"]
    assert back["calendar"]["holidays"] == source["calendar"]["holidays"]
    # The exported dates are the workspace's computed schedule.
    scheduled = {t["name"]: t for t in through_workspace["tasks"]}
    for task in back["tasks"]:
        expected = scheduled[task["name"]].get("early_start") or scheduled[task["name"]]["start"]
        assert task["start"] == expected
    assert not again.warnings
