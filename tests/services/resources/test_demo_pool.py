"""The demo's pool shows what the resource views are for: people, vendor crews, a material
and a cost with rates; leave, a part-time calendar, the cutover on 24 Hours; each owner its
primary assignee; and someone overloaded in the next four weeks."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from infradesk.model import Assignment, BaseCalendar, Resource, ResourceDay, Task, Vendor
from infradesk.model.resource import ALL_HOURS_CALENDAR
from infradesk.services.demo.commands import CreateDemoProject
from infradesk.services.demo.seed import create_demo_project
from infradesk.store.workspace import Workspace

from .conftest import dump


def test_the_pool_has_people_crews_material_and_cost(demo_workspace: Workspace) -> None:
    with demo_workspace.session() as session:
        resources = {r.name: r for r in session.scalars(select(Resource))}
        vendors = dict(session.execute(select(Vendor.id, Vendor.name)).all())
        part_time = session.scalars(
            select(BaseCalendar).where(BaseCalendar.name == "Part time Mon-Wed")
        ).one()
        people = [r for r in resources.values() if r.email]
        assert len(people) == 12 and all(r.rate_per_hour > 0 for r in people)
        crews = [r for r in resources.values() if r.max_units == 3.0 and r.vendor_id]
        assert sorted(vendors[r.vendor_id] for r in crews) == [  # type: ignore[index]  # vendor_id set
            "CableWorks BV",
            "Stackline Integration",
        ]
        assert (resources["Fibre"].kind, resources["Fibre"].material_label) == ("material", "m")
        assert resources["Travel"].kind == "cost" and resources["Travel"].cost_per_use > 0
        assert [r.name for r in resources.values() if r.calendar_id == part_time.id] == [
            "Eva Novak"
        ]
        leave = session.scalars(select(ResourceDay)).all()
        assert len(leave) == 5 and {d.kind for d in leave} == {"leave"}
        assert {d.resource_id for d in leave} == {resources["Priya Shah"].id}
        assert leave[0].day.weekday() == 0 and date.today() < leave[0].day
        assert leave[0].day <= date.today() + timedelta(days=40)  # in the next month


def test_every_owner_is_the_primary_assignee(demo_workspace: Workspace) -> None:
    with demo_workspace.session() as session:
        primary = dict(
            session.execute(
                select(Assignment.task_id, Resource.name)
                .join(Resource, Resource.id == Assignment.resource_id)
                .where(Assignment.position == 0)
            ).all()
        )
        tasks = session.scalars(select(Task)).all()
        owned = [t for t in tasks if t.owner]
        assert owned and all(primary.get(t.id) == t.owner for t in owned)
        assert all(t.id not in primary for t in tasks if not t.owner)


def test_cutover_weekend_runs_on_24_hours(demo_workspace: Workspace) -> None:
    with demo_workspace.session() as session:
        all_hours = session.scalars(
            select(BaseCalendar.id).where(BaseCalendar.name == ALL_HOURS_CALENDAR)
        ).one()
        on_it = session.scalars(select(Task.name).where(Task.calendar_id == all_hours)).all()
    assert "Switch DNS and routing to Amsterdam" in on_it and len(on_it) == 9
    assert "Go / no-go decision" not in on_it


def test_someone_is_overloaded_in_the_next_four_weeks(demo_workspace: Workspace) -> None:
    """A brute-force count: each working person's units summed per weekday of their tasks."""
    today = date.today()
    load: dict[tuple[str, date], float] = {}
    with demo_workspace.session() as session:
        rows = session.execute(
            select(Assignment.units, Task.start, Task.finish, Resource.name, Resource.max_units)
            .join(Task, Task.id == Assignment.task_id)
            .join(Resource, Resource.id == Assignment.resource_id)
            .where(Resource.kind == "work")
        ).all()
    limits = {}
    for units, start, finish, name, max_units in rows:
        limits[name] = max_units
        if start is None or finish is None or finish <= start:
            continue
        day = max(start.date(), today)
        while day <= min(finish.date(), today + timedelta(days=28)):
            if day.weekday() < 5:
                load[(name, day)] = load.get((name, day), 0.0) + units
            day += timedelta(days=1)
    over = {name for (name, _day), units in load.items() if units > limits[name]}
    assert "Jonas Weber" in over


def test_a_second_demo_reuses_the_pool(demo_workspace: Workspace) -> None:
    with demo_workspace.session() as session:
        before = len(session.scalars(select(Resource)).all())
        create_demo_project(session)
        assert len(session.scalars(select(Resource)).all()) == before
        assert len(session.scalars(select(ResourceDay)).all()) == 5


def test_opening_the_demo_is_undone_with_its_pool_and_redone_exactly(workspace: Workspace) -> None:
    empty = dump(workspace)
    command = CreateDemoProject()
    command.apply(workspace)
    full = dump(workspace)
    assert len(full["resource"]) == 22 and len(full["assignment"]) == 70
    command.revert(workspace)
    assert dump(workspace) == empty
    command.apply(workspace)
    assert dump(workspace) == full
