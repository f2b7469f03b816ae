"""Assigning resources: the Assigned cell's command, the owner as primary assignee, undo."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select, update

from infradesk.errors import UserError
from infradesk.interchange.assignment_text import parse_assignments
from infradesk.model import Assignment, Resource, Task
from infradesk.services.plan.errors import TaskEditError
from infradesk.services.plan.field_edits import UpdateTask
from infradesk.services.resources.assignments import (
    SetAssignments,
    assigned_texts,
    assignments_of_project,
    set_assignments,
)
from tests.rows import content
from tests.services.plan.task_plan import dump, plan

__all__ = ["plan"]


def full_dump(workspace) -> tuple:
    with workspace.session() as s:
        pool = sorted(tuple(r) for r in s.execute(content(Resource)))
        rows = sorted(tuple(r) for r in s.execute(content(Assignment)))
    return dump(workspace), pool, rows


def owner(workspace, task_id: int) -> str:
    with workspace.session() as s:
        return s.scalar(select(Task.owner).where(Task.id == task_id)) or ""


def add_resource(workspace, name: str, **values) -> int:
    with workspace.session() as s:
        resource = Resource(name=name, **values)
        s.add(resource)
        s.flush()
        return resource.id


def test_typing_names_assigns_them_creating_unknown_ones(workspace, plan) -> None:
    pid, ids = plan
    add_resource(workspace, "Alice")
    before = full_dump(workspace)
    command = SetAssignments(pid, ids["A"], "alice[50%]; Crew")
    changes = command.apply(workspace)
    assert command.text == "Assign alice, Crew (new resource Crew)"
    with workspace.session() as s:
        assert assigned_texts(s, pid) == {ids["A"]: "Alice[50%]; Crew"}
        rows = assignments_of_project(s, pid)
        crew = s.scalar(select(Resource).where(Resource.name == "Crew"))
        assert crew is not None and crew.kind == "work"
    assert [(r.resource_name, r.units, r.work_minutes, r.position) for r in rows] == [
        ("Alice", 0.5, 480, 0),
        ("Crew", 1.0, 960, 1),
    ]
    assert owner(workspace, ids["A"]) == "Alice"  # the primary's own spelling
    assert changes.touches("resources")
    assert changes.assigned is not None and changes.assigned[ids["A"]].text == "Alice[50%]; Crew"
    assert changes.rows is not None and changes.rows[0].owner == "Alice"
    after = full_dump(workspace)
    command.revert(workspace)
    assert full_dump(workspace) == before  # Crew is gone again, the owner back
    command.apply(workspace)
    assert full_dump(workspace) == after


def test_changing_the_text_keeps_the_rows_it_can(workspace, plan) -> None:
    pid, ids = plan
    SetAssignments(pid, ids["A"], "Alice; Bob; Crew").apply(workspace)
    with workspace.session() as s:
        first = {r.resource_name: r for r in assignments_of_project(s, pid)}
    SetAssignments(pid, ids["A"], "Crew[200%]; Alice").apply(workspace)
    with workspace.session() as s:
        rows = assignments_of_project(s, pid)
        ids_now = {r.resource_name: r.resource_id for r in rows}
        assert assigned_texts(s, pid)[ids["A"]] == "Crew[200%]; Alice"
        assert s.scalar(select(Resource.id).where(Resource.name == "Bob")) is not None  # kept
    assert ids_now == {"Crew": first["Crew"].resource_id, "Alice": first["Alice"].resource_id}
    assert owner(workspace, ids["A"]) == "Crew"
    SetAssignments(pid, ids["A"], "").apply(workspace)
    assert owner(workspace, ids["A"]) == ""
    with workspace.session() as s:
        assert assignments_of_project(s, pid) == []


def test_a_material_takes_a_quantity_and_refuses_a_percentage(workspace, plan) -> None:
    pid, ids = plan
    add_resource(workspace, "Fibre", kind="material", material_label="m")
    SetAssignments(pid, ids["A"], "Alice; Fibre[200 m]").apply(workspace)
    with workspace.session() as s:
        assert assigned_texts(s, pid)[ids["A"]] == "Alice; Fibre[200 m]"
        fibre = next(r for r in assignments_of_project(s, pid) if r.resource_name == "Fibre")
    assert (fibre.units, fibre.work_minutes) == (200.0, 0)
    before = full_dump(workspace)
    with pytest.raises(UserError, match="Fibre is a material: give a quantity"):
        SetAssignments(pid, ids["A"], "Alice; Fibre[50%]").apply(workspace)
    assert full_dump(workspace) == before


def test_an_unknown_name_with_a_label_becomes_a_material(workspace, plan) -> None:
    pid, ids = plan
    SetAssignments(pid, ids["A"], "Cable[30 m]").apply(workspace)
    with workspace.session() as s:
        cable = s.scalar(select(Resource).where(Resource.name == "Cable"))
        assert (cable.kind, cable.material_label) == ("material", "m")


def test_a_person_refuses_a_quantity_and_a_cost_resource_any_units(workspace, plan) -> None:
    pid, ids = plan
    add_resource(workspace, "Alice")
    add_resource(workspace, "Travel", kind="cost", cost_per_use=Decimal("300"))
    with pytest.raises(UserError, match="Alice is a person or crew"):
        SetAssignments(pid, ids["A"], "Alice[3 m]").apply(workspace)
    with pytest.raises(UserError, match="Travel is a cost resource"):
        SetAssignments(pid, ids["A"], "Travel[2]").apply(workspace)


def test_a_summary_takes_no_assignments(workspace, plan) -> None:
    pid, ids = plan
    before = full_dump(workspace)
    with pytest.raises(TaskEditError, match="'Phase' is a summary task"):
        SetAssignments(pid, ids["Phase"], "Alice").apply(workspace)
    assert full_dump(workspace) == before


def test_a_bad_text_is_refused_before_anything_runs(workspace, plan) -> None:
    pid, ids = plan
    with pytest.raises(UserError, match="assigned twice"):
        SetAssignments(pid, ids["A"], "Alice; alice")


def test_the_owner_field_sets_the_primary_assignment(workspace, plan) -> None:
    pid, ids = plan
    SetAssignments(pid, ids["A"], "Alice[50%]; Bob").apply(workspace)
    before = full_dump(workspace)
    # a known name already assigned moves to the front
    edit = UpdateTask(pid, ids["A"], {"owner": "bob"}, "Edit owner")
    changes = edit.apply(workspace)
    assert owner(workspace, ids["A"]) == "Bob"
    assert changes.assigned is not None and changes.assigned[ids["A"]].text == "Bob; Alice[50%]"
    edit.revert(workspace)
    assert full_dump(workspace) == before
    # a new name takes the primary's place and keeps its units
    UpdateTask(pid, ids["A"], {"owner": "Carol"}).apply(workspace)
    with workspace.session() as s:
        assert assigned_texts(s, pid)[ids["A"]] == "Carol[50%]; Bob"
        assert s.scalar(select(Resource.kind).where(Resource.name == "Carol")) == "work"
    # an empty owner removes the primary
    UpdateTask(pid, ids["A"], {"owner": ""}).apply(workspace)
    with workspace.session() as s:
        assert assigned_texts(s, pid)[ids["A"]] == "Bob"
    assert owner(workspace, ids["A"]) == ""
    # a task without assignments gets one at 100 %, its work its duration
    UpdateTask(pid, ids["D"], {"owner": "Dan"}).apply(workspace)
    with workspace.session() as s:
        dan = [r for r in assignments_of_project(s, pid) if r.task_id == ids["D"]]
    assert [(r.resource_name, r.units, r.work_minutes, r.position) for r in dan] == [
        ("Dan", 1.0, 480, 0)
    ]


def test_a_summary_owner_stays_a_plain_text(workspace, plan) -> None:
    pid, ids = plan
    UpdateTask(pid, ids["Phase"], {"owner": "Lead"}).apply(workspace)
    assert owner(workspace, ids["Phase"]) == "Lead"
    with workspace.session() as s:
        assert s.scalar(select(Assignment.id)) is None


def test_set_assignments_is_the_importers_write(workspace, plan) -> None:
    pid, ids = plan
    with workspace.session() as s:
        created = set_assignments(s, ids["B"], parse_assignments("Eve[25%]"))
        assert [c.name for c in created] == ["Eve"]
        s.execute(update(Task).where(Task.id == ids["B"]).values(notes="x"))
    with workspace.session() as s:
        assert assigned_texts(s, pid) == {ids["B"]: "Eve[25%]"}
    assert owner(workspace, ids["B"]) == "Eve"
