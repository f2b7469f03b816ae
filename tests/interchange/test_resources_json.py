"""Resources and assignments in the JSON document (issue 18): the workspace-level ``resources``
and ``base_calendars``, each task's ``assignments``; read, written, checked with located
errors, and carried through a workspace exactly."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from infradesk.interchange import document as d
from infradesk.interchange.json_document import document_from_json, document_to_json
from infradesk.interchange.json_reader import read_json
from infradesk.interchange.problems import UnreadableFileError
from infradesk.model import Assignment, Resource
from infradesk.services.documents.io import export_document, import_document, workspace_document
from infradesk.store.workspace import Workspace

EARLY = d.BaseCalendar("Early shift", (0, 1, 2, 3, 5), ((360, 840),))


def pool_document() -> d.Document:
    """A project of three tasks: a person at 50%, a vendor crew with an early-shift calendar
    (Saturdays too) and leave, a material; one task names only an owner."""
    alice = d.Resource(
        name="Alice Network",
        role="Network engineer",
        email="alice@example.org",
        team="Network",
        max_units=1.0,
        rate_per_hour=Decimal("80.00"),
        days=(d.ResourceDay(date(2026, 3, 4), "leave", "Dentist"),),
    )
    crew = d.Resource(
        name="Fibre crew",
        max_units=3.0,
        rate_per_hour=Decimal("120.00"),
        cost_per_use=Decimal("500.00"),
        calendar="Early shift",
        days=(d.ResourceDay(date(2026, 3, 7), "exception", "Weekend cutover", ((480, 720),)),),
    )
    fibre = d.Resource(
        name="Fibre", kind="material", material_label="m", rate_per_hour=Decimal("2.50")
    )
    tasks = (
        d.Task(
            id=1, name="Design", duration_minutes=2400, start=datetime(2026, 3, 2, 8),
            assignments=(d.Assignment("alice network", 0.5),),
        ),
        d.Task(
            id=2, name="Pull fibre", duration_minutes=960, predecessors=(d.Link(1),),
            assignments=(
                d.Assignment("Fibre crew", 3.0, work_minutes=2880, cost=Decimal("6260.00")),
                d.Assignment("Fibre", 200.0),
            ),
        ),
        d.Task(id=3, name="Acceptance", duration_minutes=480, owner="Bob Ops",
               predecessors=(d.Link(2),)),
    )  # fmt: skip
    project = d.Project(name="Fibre ring", start=datetime(2026, 3, 2, 8), tasks=tasks)
    return d.Document(
        projects=(project,), resources=(alice, crew, fibre), base_calendars=(EARLY,)
    )


def test_json_edge_round_trips_resources_and_assignments() -> None:
    document = pool_document()
    value = json.loads(json.dumps(document_to_json(document)))
    assert [r["name"] for r in value["resources"]] == ["Alice Network", "Fibre crew", "Fibre"]
    assert value["resources"][1]["calendar"] == "Early shift"
    assert value["base_calendars"][0]["working_hours"] == [["06:00", "14:00"]]
    assert value["projects"][0]["tasks"][1]["assignments"][0] == {
        "resource": "Fibre crew", "units": 3.0, "work_minutes": 2880, "cost": "6260.00",
    }  # fmt: skip
    assert "assignments" not in value["projects"][0]["tasks"][2]  # none: key left out
    back = document_from_json(value)
    assert back.resources == document.resources
    assert back.base_calendars == document.base_calendars
    assert [t.assignments for t in back.projects[0].tasks] == [
        t.assignments for t in document.projects[0].tasks
    ]
    assert document_to_json(back) == value


def _stored(workspace: Workspace) -> dict[str, list[tuple[str, str, float, int, Decimal, int]]]:
    """Task name -> its assignments (resource, kind, units, work, cost, position)."""
    from infradesk.model import Task

    found: dict[str, list[tuple[str, str, float, int, Decimal, int]]] = {}
    with workspace.read_session() as session:
        rows = session.execute(
            select(Task.name, Resource.name, Resource.kind, Assignment.units,
                   Assignment.work_minutes, Assignment.cost, Assignment.position)
            .join(Assignment, Assignment.task_id == Task.id)
            .join(Resource, Resource.id == Assignment.resource_id)
            .order_by(Task.id, Assignment.position)
        ).all()  # fmt: skip
    for task, *rest in rows:
        found.setdefault(task, []).append(tuple(rest))  # type: ignore[arg-type]  # row tuple
    return found


def test_import_creates_the_pool_and_assignments_with_work_and_cost(workspace: Workspace) -> None:
    with workspace.session() as session:
        import_document(session, pool_document())
    stored = _stored(workspace)
    # 50% of 5 days = 20 h of work at 80/h; the crew's stated work and cost are kept; the
    # material's work is its quantity, its cost quantity x rate; the owner became Bob Ops
    assert stored == {
        "Design": [("Alice Network", "work", 0.5, 1200, Decimal("1600.00"), 0)],
        "Pull fibre": [
            ("Fibre crew", "work", 3.0, 2880, Decimal("6260.00"), 0),
            ("Fibre", "material", 200.0, 200, Decimal("500.00"), 1),
        ],
        "Acceptance": [("Bob Ops", "work", 1.0, 480, Decimal("0.00"), 0)],
    }
    with workspace.read_session() as session:
        from infradesk.model import Task

        owners = {row[0]: row[1] for row in session.execute(select(Task.name, Task.owner))}
        crew = session.scalars(select(Resource).where(Resource.name == "Fibre crew")).one()
        assert crew.calendar_id is not None and crew.max_units == 3.0
        assert [(day.day, day.kind, day.working_hours) for day in crew.days] == [
            (date(2026, 3, 7), "exception", "08:00-12:00")
        ]
    assert owners == {"Design": "Alice Network", "Pull fibre": "Fibre crew",
                      "Acceptance": "Bob Ops"}  # fmt: skip


def test_workspace_round_trip_is_exact(workspace: Workspace) -> None:
    with workspace.session() as session:
        import_document(session, pool_document())
    with workspace.read_session() as session:
        exported = workspace_document(session, computed=False)
    expected = pool_document()
    by_name = {r.name: r for r in exported.resources}
    for resource in expected.resources:
        assert by_name[resource.name] == resource
    assert by_name["Bob Ops"] == d.Resource(name="Bob Ops")
    assert exported.base_calendars == (EARLY,)
    tasks = exported.projects[0].tasks
    assert [a.resource for a in tasks[0].assignments] == ["Alice Network"]
    assert tasks[1].assignments[0] == d.Assignment("Fibre crew", 3.0, 2880, Decimal("6260.00"))
    # and a second import of the export matches the pool instead of duplicating it
    with workspace.session() as session:
        import_document(session, export_document(session, computed=False))
        assert len(list(session.scalars(select(Resource)))) == 4
        assert len(list(session.scalars(select(Assignment)))) == 8


def test_import_matches_the_pool_ignoring_case_and_keeps_its_details(
    workspace: Workspace,
) -> None:
    with workspace.session() as session:
        session.add(Resource(name="ALICE NETWORK", rate_per_hour=Decimal("100")))
    with workspace.session() as session:
        import_document(session, pool_document())
        alice = session.scalars(select(Resource).where(Resource.name.ilike("alice%"))).all()
        assert [(r.name, r.rate_per_hour, r.role) for r in alice] == [
            ("ALICE NETWORK", Decimal("100.00"), "")
        ]
    # the pool's rate prices the work (20 h x 100), the owner is the pool's spelling
    assert _stored(workspace)["Design"] == [
        ("ALICE NETWORK", "work", 0.5, 1200, Decimal("2000.00"), 0)
    ]


def test_only_the_resources_of_the_exported_projects_are_written(workspace: Workspace) -> None:
    other = d.Document(
        projects=(d.Project(name="Other", tasks=(d.Task(id=1, name="x", owner="Carol"),)),)
    )
    with workspace.session() as session:
        import_document(session, pool_document())
        import_document(session, other)
        value = export_document(session, ["Other"], computed=False)
    assert [r["name"] for r in value["resources"]] == ["Carol"]
    assert "base_calendars" not in value


def _write(tmp_path: Path, value: Any) -> Path:
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(value), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda v: v["resources"][0].update(max_units=0), "resources[0].max_units"),
        (lambda v: v["resources"][1].update(kind="robot"), "resources[1].kind"),
        (lambda v: v["resources"][0].update(rate_per_hour="1e20"), "resources[0].rate_per_hour"),
        (lambda v: v["resources"][0]["days"][0].update(date="2026-02-30"),
         "resources[0].days[0].date"),
        (lambda v: v["projects"][0]["tasks"][1]["assignments"][1].update(units=-2),
         "projects[0].tasks[1].assignments[1].units"),
        (lambda v: v["projects"][0]["tasks"][0]["assignments"][0].update(resource=""),
         "projects[0].tasks[0].assignments[0].resource"),
        (lambda v: v["projects"][0]["tasks"][1]["assignments"][0].update(work_minutes=-5),
         "projects[0].tasks[1].assignments[0].work_minutes"),
    ],
)  # fmt: skip
def test_bad_values_are_refused_naming_the_json_path(
    tmp_path: Path, change: Any, where: str
) -> None:
    value = json.loads(json.dumps(document_to_json(pool_document())))
    change(value)
    with pytest.raises(UnreadableFileError, match=re.escape(f"{where}: ")):
        read_json(_write(tmp_path, value))


def test_unknown_calendar_and_twice_assigned_are_refused_on_import(workspace: Workspace) -> None:
    from infradesk.interchange.document import DocumentError

    document = pool_document()
    no_calendar = d.Document(projects=document.projects, resources=document.resources)
    with pytest.raises(
        DocumentError, match=r"resources\[1\]\.calendar: there is no base calendar named"
    ), workspace.session() as session:  # the error leaves the session: it rolls back
        import_document(session, no_calendar)
    task = d.Task(id=1, name="x", assignments=(d.Assignment("Ann"), d.Assignment(" ann ")))
    twice = d.Document(projects=(d.Project(name="P", tasks=(task,)),))
    with pytest.raises(
        DocumentError, match=r"projects\[0\]\.tasks\[0\]\.assignments\[1\]\.resource: Ann is "
        "assigned twice"
    ), workspace.session() as session:
        import_document(session, twice)
    with workspace.read_session() as session:
        assert session.scalars(select(Resource)).all() == []  # nothing was left behind


def _pool(workspace: Workspace) -> tuple[list[str], int, int]:
    """(resource names, resource days, base calendars other than 24 Hours)."""
    from infradesk.model import BaseCalendar, ResourceDay

    with workspace.read_session() as session:
        names = sorted(session.scalars(select(Resource.name)))
        days = len(session.scalars(select(ResourceDay)).all())
        calendars = len(session.scalars(select(BaseCalendar)).all()) - 1
    return names, days, calendars


def test_undo_of_an_import_removes_the_resources_it_created_and_redo_brings_them_back(
    workspace: Workspace,
) -> None:
    from infradesk.services.documents.update import ImportDocumentCommand

    with workspace.session() as session:
        session.add(Resource(name="Alice Network"))  # in the pool before: it stays
    importing = ImportDocumentCommand(pool_document())
    importing.apply(workspace)
    after = _pool(workspace)
    assert after == (["Alice Network", "Bob Ops", "Fibre", "Fibre crew"], 1, 1)
    stored = _stored(workspace)
    importing.revert(workspace)
    assert _pool(workspace) == (["Alice Network"], 0, 0)
    assert _stored(workspace) == {}
    importing.apply(workspace)  # redo: the same rows again
    assert _pool(workspace) == after
    assert _stored(workspace) == stored


def test_the_documented_example_is_valid_and_reads() -> None:
    from infradesk.interchange import json_schema

    text = (Path(__file__).resolve().parents[2] / "docs" / "json-format.md").read_text("utf-8")
    section = text.split("## Resources and assignments", 1)[1]
    example = json.loads(re.findall(r"```json\n(.*?)```", section, re.DOTALL)[0])
    assert json_schema.problems(example) == []
    document = document_from_json(example)
    assert [r.name for r in document.resources] == ["Alice Network", "Fibre crew", "Fibre"]
    assert document.projects[0].tasks[0].assignments[1] == d.Assignment("Fibre", 200.0)


def test_priority_task_type_task_calendar_and_leveling_delay_travel(
    workspace: Workspace,
) -> None:
    cutover = d.Task(
        id=1, name="Cutover", duration_minutes=720, start=datetime(2026, 3, 7, 20),
        priority=1000, task_type="fixed_work", calendar="24 hours", leveling_delay_minutes=960,
    )  # fmt: skip
    plain = d.Task(id=2, name="Hypercare", duration_minutes=480, predecessors=(d.Link(1),))
    document = d.Document(projects=(d.Project(name="Cutover", tasks=(cutover, plain)),))
    value = document_to_json(document)
    first, second = value["projects"][0]["tasks"]
    assert (first["priority"], first["task_type"], first["calendar"]) == (
        1000, "fixed_work", "24 hours"
    )
    assert first["leveling_delay_minutes"] == 960
    assert not {"priority", "task_type", "calendar", "leveling_delay_minutes"} & set(second)
    with workspace.session() as session:
        import_document(session, document_from_json(value))
        exported = workspace_document(session, computed=False)
    (task, other) = exported.projects[0].tasks
    # the workspace's own "24 Hours" is matched ignoring case, and exported with its week
    assert (task.priority, task.task_type, task.calendar, task.leveling_delay_minutes) == (
        1000, "fixed_work", "24 Hours", 960
    )
    assert (other.priority, other.task_type, other.calendar) == (500, "fixed_duration", "")
    assert [c.name for c in exported.base_calendars] == ["24 Hours"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"priority": 1001}, r"projects\[0\]\.tasks\[0\]\.priority: 1001 is above 1,000"),
        ({"task_type": "fixed_cost"}, r"projects\[0\]\.tasks\[0\]\.task_type: \"fixed_cost\" is "
                                      "not one of fixed_duration, fixed_work, fixed_units"),
        ({"leveling_delay_minutes": -1},
         r"projects\[0\]\.tasks\[0\]\.leveling_delay_minutes: -1 is below 0"),
    ],
)  # fmt: skip
def test_bad_scheduling_fields_are_refused_with_their_path(
    tmp_path: Path, change: dict[str, Any], message: str
) -> None:
    value = {"format": "infradesk", "version": 1,
             "projects": [{"name": "P", "tasks": [{"id": 1, "name": "x", **change}]}]}  # fmt: skip
    with pytest.raises(UnreadableFileError, match=message):
        read_json(_write(tmp_path, value))


def test_a_task_calendar_nobody_has_is_refused_naming_the_task(workspace: Workspace) -> None:
    from infradesk.interchange.document import DocumentError

    task = d.Task(id=1, name="x", calendar="Moon shift")
    with pytest.raises(
        DocumentError, match=r"projects\[0\]\.tasks\[0\]\.calendar: there is no base calendar "
        "named 'Moon shift'"
    ), workspace.session() as session:
        import_document(session, d.Document(projects=(d.Project(name="P", tasks=(task,)),)))


def test_an_update_from_a_file_replaces_the_assignments_it_gives_and_undo_restores(
    workspace: Workspace,
) -> None:
    from infradesk.model import Task
    from infradesk.services.documents.update import UpdateProjectCommand

    with workspace.session() as session:
        (project_id,) = import_document(session, pool_document())
    before = _stored(workspace)
    project = pool_document().projects[0]
    tasks = list(project.tasks)
    tasks[0] = d.Task(id=1, name="Design", duration_minutes=2400, external_ref="",
                      assignments=(d.Assignment("Dana Storage", 0.25),))  # fmt: skip
    tasks[2] = d.Task(id=3, name="Acceptance", duration_minutes=480)  # no resources: kept
    document = d.Document(
        projects=(d.Project(name="Fibre ring", tasks=tuple(tasks)),),
        resources=(d.Resource("Dana Storage", rate_per_hour=Decimal("100")),),
    )
    updating = UpdateProjectCommand(project_id, document.projects[0], document)
    updating.apply(workspace)
    after = _stored(workspace)
    assert after["Design"] == [("Dana Storage", "work", 0.25, 600, Decimal("1000.00"), 0)]
    assert after["Acceptance"] == before["Acceptance"]
    with workspace.read_session() as session:
        owner = session.scalars(select(Task.owner).where(Task.name == "Design")).one()
        assert owner == "Dana Storage"
    updating.revert(workspace)
    assert _stored(workspace) == before
    assert "Dana Storage" not in _pool(workspace)[0]


def test_imported_dates_are_the_workspaces_own_schedule_with_resource_time(
    workspace: Workspace,
) -> None:
    """The dates an import stores are the workspace's own schedule of the stored rows, leave,
    shifts and task calendars included: rescheduling right after it changes nothing (the
    import's run and the workspace's must place resource time alike)."""
    from infradesk.services.plan import scheduling

    document = pool_document()
    project = document.projects[0]
    tasks = (*project.tasks[:2], dataclasses.replace(project.tasks[2], calendar="24 Hours"))
    document = dataclasses.replace(
        document, projects=(dataclasses.replace(project, tasks=tasks),)
    )
    with workspace.session() as session:
        (project_id,) = import_document(session, document)
    with workspace.session() as session:
        result = schedule_of(session, project_id, scheduling)
        assert scheduling.stored_changes(session, project_id, result) == []


def schedule_of(session: Any, project_id: int, scheduling: Any) -> Any:
    from infradesk.schedule.engine import schedule

    return schedule(scheduling.plan_input_for(session, project_id))


def test_a_resource_name_longer_than_the_pool_keeps_is_refused_with_its_place(
    workspace: Workspace,
) -> None:
    from infradesk.interchange.document import DocumentError

    task = d.Task(id=1, name="x", assignments=(d.Assignment("N" * 300),))
    with pytest.raises(
        DocumentError, match=r"projects\[0\]\.tasks\[0\]\.assignments\[0\]\.resource: 'N{40}"
        r"\.\.\.' is longer than 200 characters"
    ), workspace.session() as session:
        import_document(session, d.Document(projects=(d.Project(name="P", tasks=(task,)),)))


def test_an_owner_text_too_long_for_a_name_stays_the_owner(workspace: Workspace) -> None:
    from infradesk.model import Task

    owner = "Network team " * 20  # 260 characters: an old owner text, not a name
    task = d.Task(id=1, name="x", owner=owner)
    with workspace.session() as session:
        import_document(session, d.Document(projects=(d.Project(name="P", tasks=(task,)),)))
    with workspace.read_session() as session:
        assert session.scalars(select(Task.owner)).one() == owner
        assert session.scalars(select(Resource)).all() == []
