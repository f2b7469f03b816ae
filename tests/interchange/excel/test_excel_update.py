"""Updating an existing project from a re-imported workbook: match, count, no duplicates."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, select

from infradesk.interchange.excel import read_workbook
from infradesk.model import Dependency, Project, Risk, Task
from infradesk.services.documents.io import import_document
from infradesk.services.documents.update import (
    ImportDocumentCommand,
    UpdateProjectCommand,
    apply_update,
    plan_update,
)

HEADER = ["ID", "WBS", "Task", "Duration", "Predecessors", "Owner"]
ROWS = [
    [1, "1", "Build", "5d", "", "Ann"],
    [2, "1.1", "Order", "2d", "", "Ann"],
    [3, "1.2", "Install", "3d", "2", "Bob"],
    [4, "2", "Go-live", "0d", "3", ""],
]
RISKS = [["Risk ID", "Risk", "Probability", "Impact"], ["R-001", "Late delivery", "H", "M"]]


def _import(workspace, path: Path) -> int:  # type: ignore[no-untyped-def]
    document = read_workbook(path).document
    with workspace.session() as session:
        return import_document(session, document)[0]


def _count(workspace, model, project_id: int) -> int:  # type: ignore[no-untyped-def]
    with workspace.session() as session:
        return session.scalar(
            select(func.count()).select_from(model).where(model.project_id == project_id)
        )


def test_reimporting_the_same_file_changes_nothing(workspace, make_xlsx: Callable[..., Path]):  # type: ignore[no-untyped-def]
    path = make_xlsx({"Plan": [HEADER, *ROWS], "Risks": RISKS})
    project_id = _import(workspace, path)
    document = read_workbook(path).document.projects[0]
    with workspace.session() as session:
        plan = plan_update(session, project_id, document)
    assert (plan.updated, plan.new, plan.unchanged) == (0, 0, 5)
    assert "4 unchanged" in plan.summary()
    with workspace.session() as session:
        apply_update(session, project_id, document)
    assert _count(workspace, Task, project_id) == 4
    assert _count(workspace, Risk, project_id) == 1


def test_changed_and_new_rows_are_counted_then_applied(workspace, make_xlsx: Callable[..., Path]):  # type: ignore[no-untyped-def]
    project_id = _import(workspace, make_xlsx({"Plan": [HEADER, *ROWS], "Risks": RISKS}))
    rows = copy.deepcopy(ROWS)
    rows[2][3] = "4d"  # Install takes longer
    rows.insert(3, [5, "1.3", "Test", "1d", "3", "Eve"])  # a new task
    rows[4][4] = "5"  # Go-live now after Test
    risks = [*RISKS, ["R-002", "Power cut", "L", "H"]]
    changed = make_xlsx({"Plan": [HEADER, *rows], "Risks": risks}, name="v2.xlsx")
    document = read_workbook(changed).document.projects[0]
    with workspace.session() as session:
        plan = plan_update(session, project_id, document)
        assert not session.dirty and not session.new  # planning writes nothing
    by_key = {(c.section, c.key): c for c in plan.changes}
    assert by_key[("tasks", "Install")].fields == ["duration_minutes"]
    assert by_key[("tasks", "Install")].matched_by == "external_ref"
    assert by_key[("tasks", "Test")].action == "new"
    assert by_key[("tasks", "Go-live")].fields == ["predecessors"]
    assert (plan.updated, plan.new, plan.unchanged) == (2, 2, 3)
    with workspace.session() as session:
        apply_update(session, project_id, document)
    assert _count(workspace, Task, project_id) == 5
    assert _count(workspace, Risk, project_id) == 2
    with workspace.session() as session:
        tasks = {t.name: t for t in session.scalars(select(Task))}
        assert tasks["Install"].duration_minutes == 4 * 480
        assert tasks["Test"].parent_id == tasks["Build"].id
        links = {(d.predecessor_id, d.successor_id) for d in session.scalars(select(Dependency))}
        assert (tasks["Test"].id, tasks["Go-live"].id) in links
        assert (tasks["Install"].id, tasks["Go-live"].id) not in links
        assert tasks["Test"].start is not None  # rescheduled


def test_rows_without_ids_match_by_wbs_then_by_name(workspace, make_xlsx: Callable[..., Path]):  # type: ignore[no-untyped-def]
    header = ["WBS", "Task", "Duration"]
    project_id = _import(
        workspace, make_xlsx({"Plan": [header, ["1", "Alpha", "1d"], ["2", "Beta", "1d"]]})
    )
    renamed = make_xlsx(
        {"Plan": [header, ["1", "Alpha", "2d"], ["2", "Beta", "1d"]]}, name="renamed.xlsx"
    )
    with workspace.session() as session:
        plan = plan_update(session, project_id, read_workbook(renamed).document.projects[0])
    assert [(c.key, c.action, c.matched_by) for c in plan.changes] == [
        ("Alpha", "updated", "wbs"), ("Beta", "unchanged", "wbs")
    ]  # fmt: skip
    moved = make_xlsx(
        {"Plan": [header, ["1", "Alpha two", "1d"], ["2", "Beta", "1d"]]}, name="moved.xlsx"
    )
    with workspace.session() as session:
        plan = plan_update(session, project_id, read_workbook(moved).document.projects[0])
    assert next((c.key, c.action, c.fields) for c in plan.changes) == (
        "Alpha two", "updated", ["name"]
    )  # fmt: skip
    by_name = make_xlsx({"Plan": [["Task", "Duration"], ["Beta", "3d"]]}, name="names.xlsx")
    with workspace.session() as session:
        plan = plan_update(session, project_id, read_workbook(by_name).document.projects[0])
    assert [(c.key, c.action, c.matched_by) for c in plan.changes] == [("Beta", "updated", "name")]
    assert plan.kept["tasks"] == 1


def test_update_and_import_commands_undo_as_one_step(workspace, make_xlsx: Callable[..., Path]):  # type: ignore[no-untyped-def]
    path = make_xlsx({"Plan": [HEADER, *ROWS]})
    importing = ImportDocumentCommand(read_workbook(path).document, "Imported")
    importing.apply(workspace)
    project_id = importing.project_id
    assert project_id is not None and _count(workspace, Task, project_id) == 4
    rows = [*copy.deepcopy(ROWS), [9, "3", "Handover", "1d", "4", ""]]
    document = read_workbook(make_xlsx({"Plan": [HEADER, *rows]}, name="v2.xlsx")).document
    update = UpdateProjectCommand(project_id, document.projects[0])
    update.apply(workspace)
    assert update.plan is not None and update.plan.new == 1
    assert _count(workspace, Task, project_id) == 5
    update.revert(workspace)
    assert _count(workspace, Task, project_id) == 4
    importing.revert(workspace)
    with workspace.session() as session:
        assert session.scalar(select(func.count()).select_from(Project)) == 0
    importing.apply(workspace)  # redo
    assert _count(workspace, Task, project_id) == 4
