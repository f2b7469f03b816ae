"""Task and resource calendars through the database (issue 18): stored calendars, leave and
assignments reach the schedule, and the incremental rescheduler notices their changes."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from infradesk.model import Dependency, Project, Task
from infradesk.model.resource import (
    ALL_HOURS_CALENDAR,
    Assignment,
    BaseCalendar,
    Resource,
    ResourceDay,
)
from infradesk.services.plan import incremental
from infradesk.services.plan.incremental import Rescheduler, current_result, fingerprint
from infradesk.services.plan.scheduling import (
    plan_input_for,
    projects_using,
    reschedule,
    reschedule_projects_of,
)
from infradesk.services.plan.task_calendars import task_clocks

START = datetime(2026, 1, 5, 8, 0)  # a Monday
TUESDAY, WEDNESDAY = date(2026, 1, 6), date(2026, 1, 7)


def make_plan(session, name: str = "Cutover") -> tuple[int, dict[str, int]]:
    """Prep (2d) -> Migrate (1d) -> Check (1d), stored and scheduled."""
    project = Project(name=name, start=START)
    session.add(project)
    session.flush()
    ids = {}
    for position, (task_name, minutes) in enumerate((("Prep", 960), ("Migrate", 480),
                                                     ("Check", 480))):  # fmt: skip
        task = Task(
            project_id=project.id, name=task_name, duration_minutes=minutes, position=position
        )
        session.add(task)
        session.flush()
        ids[task_name] = task.id
    for a, b in (("Prep", "Migrate"), ("Migrate", "Check")):
        session.add(Dependency(project_id=project.id, predecessor_id=ids[a], successor_id=ids[b]))
    session.flush()
    reschedule(session, project.id)
    return project.id, ids


def add_resource(session, name: str, *, calendar_id: int | None = None) -> Resource:
    resource = Resource(name=name, kind="work", calendar_id=calendar_id)
    session.add(resource)
    session.flush()
    return resource


def assign(session, task_id: int, resource: Resource) -> None:
    session.add(Assignment(task_id=task_id, resource_id=resource.id, units=1.0))
    session.flush()


def dates(session, task_id: int) -> tuple[datetime, datetime]:
    return session.execute(select(Task.start, Task.finish).where(Task.id == task_id)).one()


def test_leave_of_an_assigned_resource_moves_the_task(workspace) -> None:
    with workspace.session() as session:
        project_id, ids = make_plan(session)
        assert dates(session, ids["Migrate"]) == (datetime(2026, 1, 7, 8), datetime(2026, 1, 7, 17))
        ann = add_resource(session, "Ann")
        assign(session, ids["Migrate"], ann)
        # on the project calendar without leave: nothing changes, no clock needed
        assert task_clocks(session, project_id).clocks == {}
        session.add(ResourceDay(resource_id=ann.id, day=WEDNESDAY, kind="leave", name="Dentist"))
        session.flush()
        assert reschedule_projects_of(session, [ann.id]) == [project_id]
        assert dates(session, ids["Migrate"]) == (datetime(2026, 1, 8, 8), datetime(2026, 1, 8, 17))
        assert dates(session, ids["Check"])[0] == datetime(2026, 1, 9, 8)


def test_a_task_on_the_24_hours_calendar_runs_round_the_clock(workspace) -> None:
    with workspace.session() as session:
        project_id, ids = make_plan(session)
        all_hours = session.scalar(
            select(BaseCalendar.id).where(BaseCalendar.name == ALL_HOURS_CALENDAR)
        )
        task = session.get(Task, ids["Migrate"])
        task.calendar_id = all_hours
        task.duration_minutes = 1440
        session.flush()
        reschedule(session, project_id)
        # after Prep (Mon-Tue) it runs from Tuesday 17:00 for 24 hours
        migrate = dates(session, ids["Migrate"])
        assert migrate == (datetime(2026, 1, 6, 17), datetime(2026, 1, 7, 17))
        spec = plan_input_for(session, project_id).tasks[1].clock
        assert spec is not None and spec.calendar_name == ALL_HOURS_CALENDAR


def test_a_part_time_resource_calendar_and_a_leveling_delay(workspace) -> None:
    with workspace.session() as session:
        project_id, ids = make_plan(session)
        mornings = BaseCalendar(name="Mornings", working_weekdays="0,1,2,3,4",
                                working_hours="08:00-12:00")  # fmt: skip
        session.add(mornings)
        session.flush()
        bob = add_resource(session, "Bob", calendar_id=mornings.id)
        assign(session, ids["Migrate"], bob)
        session.get(Task, ids["Check"]).leveling_delay_minutes = 480
        session.flush()
        reschedule(session, project_id)
        assert dates(session, ids["Migrate"]) == (datetime(2026, 1, 7, 8), datetime(2026, 1, 8, 12))
        # Check waits for Migrate (Thu 12:00), then one working day: Fri 13:00
        assert dates(session, ids["Check"])[0] == datetime(2026, 1, 9, 13)


def test_the_incremental_rescheduler_sees_a_resource_day_change(workspace) -> None:
    with workspace.session() as session:
        project_id, ids = make_plan(session)
        ann = add_resource(session, "Ann")
        assign(session, ids["Migrate"], ann)
        reschedule(session, project_id)
        ann_id = ann.id
    with workspace.session() as session:
        before = current_result(session, project_id)  # the compiled plan the Gantt keeps
        assert before[ids["Migrate"]].start == datetime(2026, 1, 7, 8)
        stamp = fingerprint(session, project_id)
    with workspace.session() as session:  # another edit, committed: Ann's leave
        session.add(ResourceDay(resource_id=ann_id, day=WEDNESDAY, kind="leave"))
    with workspace.session() as session:
        assert fingerprint(session, project_id) != stamp
        after = current_result(session, project_id)
        assert after[ids["Migrate"]].start == datetime(2026, 1, 8, 8)
        # an edit of the next task reschedules from the fresh plan, and writes it
        session.get(Task, ids["Check"]).duration_minutes = 960
        rescheduler = Rescheduler(session, project_id)
        result = rescheduler.finish([ids["Check"]])
        assert result[ids["Migrate"]].start == datetime(2026, 1, 8, 8)
        assert dates(session, ids["Check"]) == (datetime(2026, 1, 9, 8), datetime(2026, 1, 12, 17))


def test_an_assignment_edit_reschedules_the_touched_task_in_place(workspace) -> None:
    """The Rescheduler reads the touched task's clock with its other inputs."""
    with workspace.session() as session:
        project_id, ids = make_plan(session)
        ann = add_resource(session, "Ann")
        session.add(ResourceDay(resource_id=ann.id, day=WEDNESDAY, kind="leave"))
        session.flush()
        incremental.forget()
        current_result(session, project_id)
        rescheduler = Rescheduler(session, project_id)
        assign(session, ids["Migrate"], ann)
        result = rescheduler.finish([ids["Migrate"]])
        assert result[ids["Migrate"]].start == datetime(2026, 1, 8, 8)
        assert dates(session, ids["Check"])[0] == datetime(2026, 1, 9, 8)


def test_projects_using_names_only_the_projects_of_the_resources(workspace) -> None:
    with workspace.session() as session:
        first, first_ids = make_plan(session, "First")
        second, _ = make_plan(session, "Second")
        carol = add_resource(session, "Carol")
        assign(session, first_ids["Prep"], carol)
        assert projects_using(session, [carol.id]) == [first]
        assert projects_using(session, []) == []
        assert second not in reschedule_projects_of(session, [carol.id])
