"""Every edit of the pool is a command: it checks what was typed (each refusal says what and
where), applies, and undoes exactly, a deleted resource's assignments included."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from infradesk.model import Assignment, BaseCalendar, Resource, ResourceDay, Task
from infradesk.model.resource import ALL_HOURS_CALENDAR
from infradesk.schedule.task_calendars import NoCommonWorkingTime
from infradesk.services.plan import scheduling
from infradesk.services.resources.commands import (
    AddBaseCalendar,
    AddResource,
    AddResourceDays,
    DeleteBaseCalendar,
    DeleteResources,
    EditBaseCalendar,
    EditResourceDay,
    EditResourceField,
    RemoveResourceDays,
    deletion_summary,
)
from infradesk.services.resources.fields import format_max_units, weekdays_label
from infradesk.services.resources.pool import ResourceEditError
from infradesk.store.workspace import Workspace

from .conftest import dump, ids


def _resource(workspace: Workspace, name: str) -> Resource:
    with workspace.session() as session:
        found = session.scalars(select(Resource).where(Resource.name == name)).one()
        session.expunge(found)
        return found


def _owner(workspace: Workspace, task: str) -> str:
    with workspace.session() as session:
        return session.scalars(select(Task.owner).where(Task.name == task)).one()


# --------------------------------------------------------------------------- add


def test_add_resource_names_it_and_redo_keeps_the_id(pool: Workspace) -> None:
    before = dump(pool)
    command = AddResource()
    command.apply(pool)
    made = _resource(pool, "Resource 1")
    assert command.resource_id == made.id and made.kind == "work" and made.max_units == 1.0
    after = dump(pool)
    command.revert(pool)
    assert dump(pool) == before
    command.apply(pool)
    assert dump(pool) == after


def test_add_resource_with_values(pool: Workspace) -> None:
    AddResource("Storage admin", values={"max_units": "50%", "rate_per_hour": "95"}).apply(pool)
    made = _resource(pool, "Storage admin")
    assert (made.max_units, made.rate_per_hour) == (0.5, Decimal("95.00"))
    with pytest.raises(ResourceEditError, match="already a resource named 'Storage admin'"):
        AddResource("storage ADMIN").apply(pool)


# --------------------------------------------------------------------------- edit


@pytest.mark.parametrize(
    ("field", "typed", "stored"),
    [
        ("max_units", "50%", 0.5),
        ("max_units", "300%", 3.0),
        ("max_units", "0.5", 0.5),
        ("max_units", "3", 3.0),
        ("max_units", "150", 1.5),
        ("max_units", "12,5 %", 0.125),
        ("rate_per_hour", "1,250.50", Decimal("1250.50")),
        ("rate_per_hour", "85/h", Decimal("85.00")),
        ("cost_per_use", "€ 120", Decimal("120.00")),
        ("kind", "Material", "material"),
        ("email", " ann@example.com ", "ann@example.com"),
        ("email", "", ""),
        ("team", " Network ", "Network"),
        ("calendar_id", ALL_HOURS_CALENDAR, "24h"),
        ("calendar_id", "", None),
        ("vendor_id", "netsource", "vendor"),
        ("vendor_id", None, None),
    ],
)
def test_edit_field_reads_what_was_typed(
    pool: Workspace, field: str, typed: str | None, stored: object
) -> None:
    with pool.session() as session:
        if stored == "24h":
            stored = session.scalars(
                select(BaseCalendar.id).where(BaseCalendar.name == ALL_HOURS_CALENDAR)
            ).one()
        elif stored == "vendor":
            stored = session.scalars(select(Resource.vendor_id).where(Resource.name == "Crew"))
            stored = next(iter(stored))
    ann = ids(pool)["Ann Lee"]
    before = dump(pool)
    command = EditResourceField(ann, field, typed)
    command.apply(pool)
    assert getattr(_resource(pool, "Ann Lee"), field) == stored
    command.revert(pool)
    assert dump(pool) == before


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("name", "", "A resource needs a name"),
        ("name", "crew", "already a resource named 'Crew'"),
        ("name", "Lee; Ann", r"cannot hold ; , \[ or \]"),
        ("name", "x" * 201, "at most 200 characters"),
        ("kind", "robot", "Type must be one of: work, material, cost"),
        ("email", "ann at example", "'ann at example' is not an e-mail address"),
        ("max_units", "lots", "Max units: 'lots' is not a number"),
        ("max_units", "0%", "more than 0%"),
        ("max_units", "-50%", "more than 0%"),
        ("max_units", "20000%", "at most 10,000%"),
        ("rate_per_hour", "ten", "Rate per hour: 'ten' is not an amount of money"),
        ("cost_per_use", "-5", "Cost per use cannot be negative"),
        ("vendor_id", "Nobody Ltd", "no vendor named 'Nobody Ltd'"),
        ("vendor_id", 9999, "that vendor no longer exists"),
        ("calendar_id", "Moon phase", "no base calendar named 'Moon phase'"),
        ("material_label", "x" * 41, "Material label has at most 40 characters"),
    ],
)
def test_edit_field_refusals_say_what_and_change_nothing(
    pool: Workspace, field: str, typed: object, message: str
) -> None:
    before = dump(pool)
    with pytest.raises(ResourceEditError, match=message):
        EditResourceField(ids(pool)["Ann Lee"], field, typed).apply(pool)
    assert dump(pool) == before


def test_an_unknown_field_or_resource_is_refused(pool: Workspace) -> None:
    with pytest.raises(ResourceEditError, match="'id' of a resource cannot be edited"):
        EditResourceField(ids(pool)["Ann Lee"], "id", 5)
    with pytest.raises(ResourceEditError, match="no longer exists"):
        EditResourceField(9999, "role", "x").apply(pool)


def test_renaming_the_primary_assignee_renames_the_owner(pool: Workspace) -> None:
    crew = ids(pool)["Crew"]
    command = EditResourceField(crew, "name", "Stackline crew")
    command.apply(pool)
    assert "tasks" in command.affects
    # primary on Install; only second on Design, whose owner stays Ann Lee
    assert (_owner(pool, "Install"), _owner(pool, "Design")) == ("Stackline crew", "Ann Lee")
    command.revert(pool)
    assert _owner(pool, "Install") == "Crew"


def test_units_format_back_as_percent() -> None:
    assert [format_max_units(u) for u in (0.5, 3.0, 0.125, 1.0)] == [
        "50%",
        "300%",
        "12.5%",
        "100%",
    ]


# --------------------------------------------------------------------------- delete


def test_delete_tells_what_goes_and_undo_brings_back_the_assignments(pool: Workspace) -> None:
    names = ids(pool)
    with pool.session() as session:
        assert deletion_summary(session, {names["Ann Lee"]}) == (1, 2, 2)
    before = dump(pool)
    command = DeleteResources([names["Ann Lee"]], ["Ann Lee"])
    assert command.text == "Delete resource 'Ann Lee'"
    command.apply(pool)
    with pool.session() as session:
        left = session.execute(select(Assignment.task_id, Assignment.position)).all()
    # Design keeps the crew, now its primary assignee and owner; Test has nobody
    assert sorted(left) == sorted([(names["Design"], 0), (names["Install"], 0)])
    assert (_owner(pool, "Design"), _owner(pool, "Test")) == ("Crew", "")
    after = dump(pool)
    command.revert(pool)
    assert dump(pool) == before
    command.apply(pool)
    assert dump(pool) == after


def test_delete_of_nothing_is_refused(pool: Workspace) -> None:
    with pytest.raises(ResourceEditError, match="No resource is selected"):
        DeleteResources([])


# --------------------------------------------------------------------------- days


def _days(workspace: Workspace) -> list[tuple[date, str, str]]:
    with workspace.session() as session:
        return [
            (d.day, d.kind, d.working_hours)
            for d in session.scalars(select(ResourceDay).order_by(ResourceDay.day))
        ]


def test_a_week_of_leave_is_one_step_and_replaces_days_in_it(pool: Workspace) -> None:
    ann = ids(pool)["Ann Lee"]
    AddResourceDays(ann, "2026-03-10", kind="exception", working_hours="08:00-12:00").apply(pool)
    before = dump(pool)
    command = AddResourceDays(ann, "2026-03-09", "2026-03-13", name="Holiday")
    assert command.text == "Add leave 2026-03-09 to 2026-03-13"
    command.apply(pool)
    days = _days(pool)
    assert [d[0].day for d in days] == [9, 10, 11, 12, 13]
    assert {d[1] for d in days} == {"leave"}
    after = dump(pool)
    command.revert(pool)
    assert dump(pool) == before
    assert _days(pool) == [(date(2026, 3, 10), "exception", "08:00-12:00")]
    command.apply(pool)
    assert dump(pool) == after


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"start": "2026-03-13", "end": "2026-03-09"}, r"cannot end \(2026-03-09\) before"),
        ({"start": "13 March"}, "From: '13 March' is not a date"),
        ({"start": ""}, "From cannot be empty"),
        ({"start": "2026-01-01", "end": "2027-06-01"}, "at most 366 days"),
        ({"start": "2026-03-09", "kind": "exception", "working_hours": "9-5"}, "not a time"),
        ({"start": "2026-03-09", "kind": "exception", "working_hours": ""}, "cannot be empty"),
        ({"start": "2026-03-09", "kind": "sick"}, "either leave or other working hours"),
    ],
)
def test_day_refusals(pool: Workspace, kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(ResourceEditError, match=message):
        AddResourceDays(ids(pool)["Ann Lee"], **kwargs).apply(pool)
    assert _days(pool) == []


def test_edit_and_remove_days(pool: Workspace) -> None:
    ann = ids(pool)["Ann Lee"]
    AddResourceDays(ann, "2026-03-09", "2026-03-10").apply(pool)
    with pool.session() as session:
        first, second = session.scalars(select(ResourceDay.id).order_by(ResourceDay.day))
    part_time = EditResourceDay(first, "working_hours", "08:00 - 12:00")
    with pytest.raises(ResourceEditError, match=r"not a time|not an interval"):
        EditResourceDay(first, "working_hours", "morning").apply(pool)
    part_time.apply(pool)
    assert _days(pool)[0] == (date(2026, 3, 9), "exception", "08:00-12:00")
    with pytest.raises(ResourceEditError, match="2026-03-10 is already in this list"):
        EditResourceDay(first, "day", "2026-03-10").apply(pool)
    before = dump(pool)
    remove = RemoveResourceDays([first, second])
    remove.apply(pool)
    assert _days(pool) == []
    remove.revert(pool)
    assert dump(pool) == before
    part_time.revert(pool)
    assert _days(pool)[0] == (date(2026, 3, 9), "leave", "")


# --------------------------------------------------------------------------- base calendars


def test_base_calendar_add_edit_and_refusals(pool: Workspace) -> None:
    add = AddBaseCalendar()
    add.apply(pool)
    assert add.calendar_id is not None
    with pool.session() as session:
        made = session.get(BaseCalendar, add.calendar_id)
        assert made is not None and made.name == "Calendar 1"
    EditBaseCalendar(add.calendar_id, "name", "Part time Mon-Wed").apply(pool)
    EditBaseCalendar(add.calendar_id, "working_weekdays", "Mon - Wed").apply(pool)
    EditBaseCalendar(add.calendar_id, "working_hours", "09:00-13:00").apply(pool)
    with pool.session() as session:
        made = session.get(BaseCalendar, add.calendar_id)
        assert made is not None
        assert (made.working_weekdays, made.working_hours) == ("0,1,2", "09:00-13:00")
    assert weekdays_label("0,1,2") == "Mon-Wed" and weekdays_label("0,2,4") == "Mon, Wed, Fri"
    for field, typed, message in [
        ("name", "24 hours", "already a base calendar named '24 Hours'"),
        ("name", " ", "needs a name"),
        ("working_weekdays", "Funday", "not a list of weekdays"),
        ("working_weekdays", "", "at least one working day"),
        ("working_hours", "", "needs some working hours"),
        ("working_hours", "13:00-12:00", "not a valid interval"),
    ]:
        with pytest.raises(ResourceEditError, match=message):
            EditBaseCalendar(add.calendar_id, field, typed).apply(pool)


def test_24_hours_is_built_in(pool: Workspace) -> None:
    with pool.session() as session:
        all_hours = session.scalars(
            select(BaseCalendar.id).where(BaseCalendar.name == ALL_HOURS_CALENDAR)
        ).one()
    with pytest.raises(ResourceEditError, match="built in and cannot be deleted"):
        DeleteBaseCalendar(all_hours).apply(pool)
    with pytest.raises(ResourceEditError, match="built in and cannot be changed"):
        EditBaseCalendar(all_hours, "working_hours", "08:00-17:00").apply(pool)


def test_a_calendar_that_never_meets_the_tasks_is_refused_and_changes_nothing(
    pool: Workspace,
) -> None:
    """Ann's tasks run 08:00-17:00: a 20:00-24:00 calendar leaves them no time at all."""
    AddBaseCalendar("Night shift", "Mon-Fri", "20:00-24:00").apply(pool)
    before = dump(pool)
    with pytest.raises(NoCommonWorkingTime, match="'Ann Lee'"):
        EditResourceField(ids(pool)["Ann Lee"], "calendar_id", "Night shift").apply(pool)
    assert dump(pool) == before


def test_deleting_a_calendar_in_use_clears_and_undo_restores_references(pool: Workspace) -> None:
    add = AddBaseCalendar("Early shift", "Mon-Fri", "06:00-14:00")
    add.apply(pool)
    assert add.calendar_id is not None
    names = ids(pool)
    EditResourceField(names["Ann Lee"], "calendar_id", "early SHIFT").apply(pool)
    with pool.session() as session:
        task = session.get(Task, names["Install"])
        assert task is not None
        task.calendar_id = add.calendar_id
        session.flush()
        scheduling.reschedule(session, task.project_id)  # as the task dialog's edit does
    before = dump(pool)
    command = DeleteBaseCalendar(add.calendar_id, "Early shift")
    command.apply(pool)
    assert _resource(pool, "Ann Lee").calendar_id is None
    with pool.session() as session:
        install = session.get(Task, names["Install"])
        assert install is not None and install.calendar_id is None
    command.revert(pool)
    assert dump(pool) == before
