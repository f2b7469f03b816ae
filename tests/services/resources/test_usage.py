"""Usage read from a workspace: the pool's people across projects, their leave, their own
calendars, and the overloads found in them."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from infradesk.model import (
    Assignment,
    BaseCalendar,
    Calendar,
    CalendarDay,
    ResourceDay,
    Task,
)
from infradesk.model.resource import ALL_HOURS_CALENDAR
from infradesk.services.resources.usage import overloads, read_usage, usage_span
from infradesk.store.workspace import Workspace
from tests.services.resources.usage_plan import MONDAY, at, person, project, task


def test_two_projects_sharing_a_person_overload_her(workspace: Workspace) -> None:
    with workspace.session() as s:
        network, storage = project(s, "Network refresh"), project(s, "Storage migration")
        alice = person(s, "Alice")
        person(s, "Bob")  # in the pool, on nothing: a row without load
        task(s, network, "Core switches", at(0, 8), at(4, 17), (alice, 1.0, 5 * 480))
        task(s, storage, "Zoning", at(2, 8), at(3, 17), (alice, 0.5, 480))

    with workspace.read_session() as s:
        found = overloads(s, MONDAY, date(2026, 3, 8))
    (overload,) = found
    assert overload.resource == "Alice"
    assert (overload.first, overload.last) == (date(2026, 3, 4), date(2026, 3, 5))
    assert overload.peak_percent == pytest.approx(150.0)
    assert overload.days_off == 0
    assert [t.name for t in overload.tasks] == ["Core switches", "Zoning"]
    assert overload.projects == ("Network refresh", "Storage migration")

    usage = read_usage(workspace, MONDAY, date(2026, 3, 8), network)  # a workspace is read too
    assert [r.name for r in usage.resources] == ["Alice", "Bob"]
    load, focus, capacity, over = usage.grid.bucket(0, 0, 7)
    assert (load, focus, capacity, over) == (6 * 480, 5 * 480, 5 * 480, 2)
    assert usage.grid.bucket(1, 0, 7) == (0.0, 0.0, 5 * 480, 0)
    wednesday = usage.cell(0, 2, 3)
    assert [(c.task.project_name, c.minutes, c.focus) for c in wednesday] == [
        ("Network refresh", 480.0, True),
        ("Storage migration", 240.0, False),
    ]
    assert usage_span(workspace) == (MONDAY, date(2026, 3, 6))


def test_a_leave_day_has_no_capacity_and_the_work_moves_around_it(workspace: Workspace) -> None:
    with workspace.session() as s:
        pid = project(s, "Data centre move")
        bob = person(s, "Bob")
        s.add(ResourceDay(resource_id=bob, day=date(2026, 3, 3), kind="leave", name="Dentist"))
        # three days of work stored Mon-Wed (dates from before the leave was entered)
        task(s, pid, "Rack and stack", at(0, 8), at(2, 17), (bob, 1.0, 3 * 480))
        # and one more task on the leave day itself
        task(s, pid, "Label cables", at(1, 8), at(1, 12), (bob, 1.0, 240))

    usage = read_usage(workspace, MONDAY, date(2026, 3, 8), pid)
    grid = usage.grid
    assert [grid.capacity[d] for d in range(3)] == [480.0, 0.0, 480.0]
    # Bob cannot work on Tuesday: the three days of work fall on Monday and Wednesday
    assert [grid.load[d] for d in range(3)] == [720.0, 240.0, 720.0]
    assert [grid.overloaded(0, d) for d in range(4)] == [True, True, True, False]

    with workspace.read_session() as s:
        (overload,) = overloads(s, MONDAY, date(2026, 3, 8))
    assert (overload.first, overload.last) == (MONDAY, date(2026, 3, 4))
    assert overload.peak_percent == pytest.approx(150.0)
    assert overload.days_off == 1  # Tuesday, on leave with work on it


def test_a_part_time_calendar_and_half_units_give_half_a_day(workspace: Workspace) -> None:
    with workspace.session() as s:
        pid = project(s, "Firewall rules")
        mornings = BaseCalendar(name="Mornings", working_weekdays="0,1,2,3,4")
        mornings.working_hours = "08:00-12:00"
        s.add(mornings)
        s.flush()
        carol = person(s, "Carol", calendar_id=mornings.id)
        dan = person(s, "Dan", max_units=0.5)
        task(s, pid, "Review rules", at(0, 8), at(1, 17), (carol, 1.0, 480), (dan, 0.5, 480))

    usage = read_usage(workspace, MONDAY, date(2026, 3, 8), pid)
    carol_row, dan_row = 0, 1
    assert usage.resources[carol_row].calendar_name == "Mornings"
    # Carol works mornings only: her 8 hours fall on the two mornings, 4 hours each, full
    assert usage.grid.bucket(carol_row, 0, 7)[2] == 5 * 240
    assert [usage.grid.load[d] for d in range(2)] == [240.0, 240.0]
    assert not any(usage.grid.overloaded(carol_row, d) for d in range(7))
    # Dan at 50% can give 4 hours a day; the task's working time is the project's full days
    assert usage.grid.bucket(dan_row, 0, 7)[2] == 5 * 240
    assert usage.grid.bucket(dan_row, 0, 2)[0] == 480.0
    with workspace.read_session() as s:
        assert overloads(s, MONDAY, date(2026, 3, 8)) == []


def test_material_resources_and_undated_tasks_have_no_usage(workspace: Workspace) -> None:
    with workspace.session() as s:
        pid = project(s, "Fibre")
        fibre = person(s, "Fibre", kind="material", material_label="m")
        erin = person(s, "Erin")
        task(s, pid, "Pull fibre", at(0, 8), at(0, 17), (fibre, 200.0, 200), (erin, 1.0, 480))
        undated = Task(project_id=pid, name="Someday", start=None, finish=None)
        s.add(undated)
        s.flush()
        s.add(Assignment(task_id=undated.id, resource_id=erin, units=1.0, work_minutes=9999))

    usage = read_usage(workspace, MONDAY, date(2026, 3, 8), None)
    assert [r.name for r in usage.resources] == ["Erin"]
    assert usage.grid.bucket(0, 0, 7)[0] == 480.0
    assert list(usage.tasks) and all(t.name == "Pull fibre" for t in usage.tasks.values())


def test_project_and_task_calendars_decide_when_a_task_works(workspace: Workspace) -> None:
    with workspace.session() as s:
        plain, holiday = project(s, "Branch offices"), project(s, "Head office")
        calendar = Calendar(project_id=holiday)
        s.add(calendar)
        s.flush()
        s.add(CalendarDay(calendar_id=calendar.id, day=date(2026, 3, 4), kind="holiday"))
        frank, gina = person(s, "Frank"), person(s, "Gina")
        # the same three days of work Mon-Thu: Head office has Wednesday off
        task(s, holiday, "Move desks", at(0, 8), at(3, 17), (frank, 1.0, 3 * 480))
        cutover = task(s, plain, "Cutover", at(5, 0), at(6, 12), (gina, 1.0, 36 * 60))
        round_the_clock = s.scalars(
            select(BaseCalendar).where(BaseCalendar.name == ALL_HOURS_CALENDAR)
        ).one()
        s.get(Task, cutover).calendar_id = round_the_clock.id  # a weekend cutover, 24x7

    usage = read_usage(workspace, MONDAY, date(2026, 3, 8), None)
    frank_row, gina_row = 0, 1
    # (on the standard week it would be 360 minutes a day over four days)
    assert [usage.grid.load[d] for d in range(4)] == [480.0, 480.0, 0.0, 480.0]
    # Gina works the 24 Hours calendar's Saturday and Sunday morning, on her days off
    saturday, sunday = gina_row * usage.days + 5, gina_row * usage.days + 6
    assert (usage.grid.load[saturday], usage.grid.load[sunday]) == (1440.0, 720.0)
    with workspace.read_session() as s:
        (overload,) = overloads(s, MONDAY, date(2026, 3, 8))
    assert (overload.resource, overload.peak_percent, overload.days_off) == ("Gina", None, 2)
    assert usage.grid.overload_ranges(frank_row) == []
