"""A document's runbooks stored in a real workspace and exported back (issue 19)."""

from __future__ import annotations

import copy
import dataclasses
from datetime import datetime

import pytest
from sqlalchemy import func, select

from infradesk.interchange.json_document import document_from_json
from infradesk.model import (
    Resource,
    Runbook,
    RunbookLink,
    RunbookRun,
    RunbookStep,
    StepRecord,
    Task,
)
from infradesk.services.documents.io import import_document, workspace_document
from infradesk.services.documents.plan import DocumentError
from infradesk.services.documents.update import (
    ImportDocumentCommand,
    UpdateProjectCommand,
    plan_update,
)
from infradesk.store.workspace import Workspace
from tests.interchange.runbooks.sample import RUNBOOK, document


def _runbooks(workspace: Workspace) -> tuple:
    with workspace.read_session() as session:
        return workspace_document(session, computed=False).projects[0].runbooks


def test_a_document_runbook_is_stored_and_exported_back_equal(workspace: Workspace) -> None:
    typed = document_from_json(document())
    with workspace.session() as session:
        session.add(Resource(name="Ana COSTA"))  # in the pool: matched, case ignored
        session.flush()
        import_document(session, typed)
    with workspace.read_session() as session:
        runbook = session.scalars(select(Runbook)).one()
        cutover = session.get(Task, runbook.task_id)
        assert cutover is not None and cutover.name == "Cutover"
        assert runbook.window_start == datetime(2026, 10, 24, 16, 0)  # naive UTC
        assert runbook.window_end == datetime(2026, 10, 25, 17, 0)
        names = sorted(session.scalars(select(Resource.name)))
        assert names == ["Ana COSTA", "Li Wei"]  # Li Wei created as a task owner would be
        first = session.scalars(select(RunbookStep).where(RunbookStep.code == "1.01")).one()
        assert first.fixed_time == datetime(2026, 10, 24, 18, 0)  # stored as written
        assert first.fixed_time_zone == "CET"
        record = session.scalars(select(StepRecord).where(StepRecord.step_id == first.id)).one()
        assert record.actual_finish == datetime(2026, 10, 10, 16, 40, 12)
        assert session.scalar(select(func.count()).select_from(RunbookLink)) == 5
    exported = _runbooks(workspace)
    expected = typed.projects[0].runbooks
    # owners come back as the pool spells them; everything else is what was imported
    ana = {"owner": "Ana COSTA"}
    fixed = tuple(
        dataclasses.replace(step, **ana) if step.owner.lower() == "ana costa" else step
        for step in expected[0].steps
    )
    assert exported == (dataclasses.replace(expected[0], steps=fixed),)
    assert exported[0].window_start is not None
    assert exported[0].window_start.isoformat() == "2026-10-24T18:00:00+02:00"


def test_import_then_export_is_equal_as_json(workspace: Workspace) -> None:
    from infradesk.interchange.json_document import document_to_json

    with workspace.session() as session:
        import_document(session, document())
    with workspace.read_session() as session:
        out = document_to_json(workspace_document(session, computed=False))
    written = out["projects"][0]["runbooks"][0]
    expected = copy.deepcopy(RUNBOOK)
    expected["steps"][1]["owner"] = "Ana Costa"  # the pool's spelling (first mention)
    assert written == expected
    assert [r["name"] for r in out["resources"]] == ["Ana Costa", "Li Wei"]


def test_undo_of_the_import_removes_the_runbook_and_its_owners(workspace: Workspace) -> None:
    importing = ImportDocumentCommand(document())
    importing.apply(workspace)
    before = _runbooks(workspace)
    importing.revert(workspace)
    with workspace.read_session() as session:
        assert session.scalar(select(func.count()).select_from(Runbook)) == 0
        assert session.scalar(select(func.count()).select_from(RunbookRun)) == 0
        assert list(session.scalars(select(Resource.name))) == []
    importing.apply(workspace)  # redo
    assert _runbooks(workspace) == before


def test_bad_references_are_located_and_nothing_is_written(workspace: Workspace) -> None:
    runbook = copy.deepcopy(RUNBOOK)
    runbook["task"] = 99
    located = r"projects\[0\]\.runbooks\[0\]\.task: there is no task 99"
    with pytest.raises(DocumentError, match=located), workspace.session() as session:
        import_document(session, document(runbook))
    with workspace.read_session() as session:
        assert session.scalar(select(func.count()).select_from(Runbook)) == 0


def test_an_update_replaces_the_runbook_of_the_same_name(workspace: Workspace) -> None:
    with workspace.session() as session:
        (project_id,) = import_document(session, document())
    changed = copy.deepcopy(RUNBOOK)
    changed["steps"] = changed["steps"][:2]
    changed["services"] = []
    changed["runs"] = []
    other = {"name": "Wave 2", "time_zone": "UTC", "steps": [{"code": "A", "owner": "Zoe"}]}
    data = document(changed)["projects"][0]
    data["runbooks"].append(other)
    typed = document_from_json({"format": "infradesk", "version": 1, "projects": [data]})
    with workspace.read_session() as session:
        plan = plan_update(session, project_id, typed.projects[0])
    runbook_rows = [(c.key, c.action) for c in plan.changes if c.section == "runbooks"]
    assert runbook_rows == [("Cutover weekend", "updated"), ("Wave 2", "new")]
    command = UpdateProjectCommand(project_id, typed.projects[0])
    command.apply(workspace)
    stored = _runbooks(workspace)
    assert [r.name for r in stored] == ["Cutover weekend", "Wave 2"]
    assert [s.code for s in stored[0].steps] == ["1.01", "1.02"]
    assert stored[1].steps[0].owner == "Zoe"
    command.revert(workspace)
    assert [len(r.steps) for r in _runbooks(workspace)] == [6]
