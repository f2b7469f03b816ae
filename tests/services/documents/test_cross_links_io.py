"""Cross-project predecessors in the JSON format: export, import, round trip, located errors."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import select

from infradesk.model import CrossLink, Project, Task
from infradesk.services.documents.io import export_document, import_document
from infradesk.services.documents.plan import DocumentError


def _task(number: int, name: str, days: int, preds: list[dict[str, Any]] | None = None) -> dict:
    return {"id": number, "name": name, "duration": f"{days}d", "predecessors": preds or []}


def _document(link: dict[str, Any]) -> dict[str, Any]:
    """Wave 1 (Build 2d, Cutover 1d) and Wave 2 (Prepare 1d with ``link``, Test 2d)."""
    return {
        "format": "infradesk",
        "version": 1,
        "projects": [
            {
                "name": "Wave 2",
                "start": "2026-03-02T08:00",
                "tasks": [
                    _task(1, "Prepare", 1, [link]),
                    _task(2, "Test", 2, [{"task": 1}]),
                ],
            },
            {
                "name": "Wave 1",
                "start": "2026-03-02T08:00",
                "tasks": [_task(1, "Build", 2), _task(2, "Cutover", 1, [{"task": 1}])],
            },
        ],
    }


def _start(session, project: str, task: str) -> datetime:
    return session.scalar(
        select(Task.start)
        .join(Project, Project.id == Task.project_id)
        .where(Project.name == project, Task.name == task)
    )


def test_a_document_holding_both_projects_imports_the_link(workspace) -> None:
    # the link points forward: Wave 1 comes after Wave 2 in the file
    link = {"project": "Wave 1", "task": 2, "type": "FS", "lag_minutes": 480}
    with workspace.session() as s:
        import_document(s, _document(link))
        s.commit()
    with workspace.session() as s:
        assert len(s.scalars(select(CrossLink)).all()) == 1
        # Cutover finishes Wed 4 Mar 17:00, + 1d: Prepare starts Fri 6 Mar
        assert _start(s, "Wave 2", "Prepare") == datetime(2026, 3, 6, 8, 0)
        exported = export_document(s)
    wave2 = next(p for p in exported["projects"] if p["name"] == "Wave 2")
    prepare = next(t for t in wave2["tasks"] if t["name"] == "Prepare")
    assert prepare["predecessors"] == [
        {"project": "Wave 1", "task": 2, "type": "FS", "lag": "1d", "lag_minutes": 480}
    ]
    # the export imports again as an identical pair of projects, linked to each other
    with workspace.session() as s:
        for project in s.scalars(select(Project)).all():
            s.delete(project)
        s.flush()
        import_document(s, exported)
        s.commit()
    with workspace.session() as s:
        links = s.execute(select(CrossLink.type, CrossLink.lag_minutes)).all()
        assert links == [("FS", 480)]
        assert _start(s, "Wave 2", "Prepare") == datetime(2026, 3, 6, 8, 0)
        assert export_document(s)["projects"] == exported["projects"]


def test_a_link_to_a_project_of_the_workspace(workspace) -> None:
    document = _document({"project": "Wave 1", "task": 2})
    with workspace.session() as s:
        first = dict(document, projects=[document["projects"][1]])
        import_document(s, first)
        second = dict(document, projects=[document["projects"][0]])
        import_document(s, second)  # task 2 of the stored Wave 1 is its row 2: Cutover
        s.commit()
    with workspace.session() as s:
        assert _start(s, "Wave 2", "Prepare") == datetime(2026, 3, 5, 8, 0)


@pytest.mark.parametrize(
    ("link", "message"),
    [
        (
            {"project": "Wave 9", "task": 1},
            "projects[0].tasks[0].predecessors[0].project: there is no project 'Wave 9'",
        ),
        (
            {"project": "Wave 1", "task": 7},
            "projects[0].tasks[0].predecessors[0].task: project 'Wave 1' has no task 7",
        ),
        (
            {"project": "Wave 2", "task": 2},
            "projects[0].tasks[0].predecessors[0].project: 'Wave 2' is this task's own project",
        ),
        ({"project": "Wave 1", "task": 1, "type": "XX"}, "predecessors[0].type: 'XX' is not"),
    ],
)
def test_located_errors_and_nothing_stored(workspace, link: dict, message: str) -> None:
    with workspace.session() as s:
        with pytest.raises(DocumentError) as error:
            import_document(s, _document(link))
        s.rollback()
        assert message in str(error.value)
    with workspace.session() as s:
        assert s.scalars(select(Project)).all() == []
