"""Deliveries gate their tasks: the schedule moves, and so does the critical path."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from infradesk.model import Deliverable, Task
from infradesk.services.plan import scheduling
from infradesk.services.vendors.commands import AddVendorRecord, EditVendorField
from infradesk.services.vendors.gates import delivery_gates, delivery_markers

from .conftest import TODAY


def _task(session, name: str) -> Task:
    return session.scalars(select(Task).where(Task.name == name)).one()


def _switch(session) -> Deliverable:
    return session.scalars(
        select(Deliverable).where(Deliverable.description == "2x core switch")
    ).one()


def _plan(workspace, project_id: int) -> tuple[datetime, datetime, set[str]]:
    with workspace.session() as session:
        install = _task(session, "Install")
        result = scheduling.schedule(scheduling.plan_input_for(session, project_id))
        critical = {t.name for t in session.scalars(select(Task)) if result.is_critical(t.id)}
        return install.start, _task(session, "Done").finish, critical


def test_gate_is_the_promised_day_at_the_calendars_day_start(workspace, vendor_project) -> None:
    with workspace.session() as session:
        install = _task(session, "Install")
        calendar = scheduling.calendar_of(session, vendor_project)
        gates = delivery_gates(session, vendor_project, calendar)
        assert gates == {install.id: datetime(2026, 3, 25, 8)}


def test_delivery_slip_moves_the_task_and_the_critical_path(workspace, vendor_project) -> None:
    with workspace.session() as session:
        switch_id = _switch(session).id
    # Gated on 25 March: Install starts then and drives the finish.
    start, finish, critical = _plan(workspace, vendor_project)
    assert start == datetime(2026, 3, 25, 8)
    assert finish == datetime(2026, 3, 27, 17)
    assert {"Install", "Done"} <= critical and "Long build" not in critical

    # Promised early: Install follows Design again and the long build is critical.
    early = EditVendorField(vendor_project, "deliverable", switch_id, "promised", "2026-03-04")
    early.apply(workspace)
    assert early.affects == {"vendors", "tasks"}
    start, finish, critical = _plan(workspace, vendor_project)
    assert start == datetime(2026, 3, 9, 8)
    assert finish == datetime(2026, 3, 13, 17)
    assert "Long build" in critical and "Install" not in critical

    # A slip of the promised date visibly moves the plan again; undo takes it back.
    slip = EditVendorField(vendor_project, "deliverable", switch_id, "promised", "2026-04-01")
    slip.apply(workspace)
    start, finish, critical = _plan(workspace, vendor_project)
    assert start == datetime(2026, 4, 1, 8)
    assert finish == datetime(2026, 4, 3, 17)
    assert "Install" in critical
    slip.revert(workspace)
    assert _plan(workspace, vendor_project)[0] == datetime(2026, 3, 9, 8)


def test_actual_date_wins_and_cancelled_gates_nothing(workspace, vendor_project) -> None:
    with workspace.session() as session:
        switch_id = _switch(session).id
    EditVendorField(vendor_project, "deliverable", switch_id, "actual", "2026-03-18").apply(
        workspace
    )
    assert _plan(workspace, vendor_project)[0] == datetime(2026, 3, 18, 8)
    EditVendorField(vendor_project, "deliverable", switch_id, "status", "cancelled").apply(
        workspace
    )
    assert _plan(workspace, vendor_project)[0] == datetime(2026, 3, 9, 8)


def test_gate_combines_with_the_tasks_own_constraint_by_max(workspace, vendor_project) -> None:
    with workspace.session() as session:
        _task(session, "Install").start_no_earlier_than = datetime(2026, 3, 30, 8)
        scheduling.reschedule(session, vendor_project)
    assert _plan(workspace, vendor_project)[0] == datetime(2026, 3, 30, 8)
    with workspace.session() as session:
        _task(session, "Install").start_no_earlier_than = datetime(2026, 3, 20, 8)
        scheduling.reschedule(session, vendor_project)
    assert _plan(workspace, vendor_project)[0] == datetime(2026, 3, 25, 8)


def test_gate_on_a_weekend_starts_the_next_working_day(workspace, vendor_project) -> None:
    with workspace.session() as session:
        switch_id = _switch(session).id
    EditVendorField(vendor_project, "deliverable", switch_id, "promised", "2026-03-28").apply(
        workspace
    )  # a Saturday
    assert _plan(workspace, vendor_project)[0] == datetime(2026, 3, 30, 8)


def test_adding_a_gating_delivery_reschedules(workspace, vendor_project) -> None:
    with workspace.session() as session:
        long_build = _task(session, "Long build").id
        vendor_id = _switch(session).vendor_id
    add = AddVendorRecord(
        vendor_project,
        "deliverable",
        vendor_id,
        {"description": "Racks", "promised": "2026-03-05", "task_id": long_build},
    )
    add.apply(workspace)
    assert add.affects == {"vendors", "tasks"}
    with workspace.session() as session:
        assert _task(session, "Long build").start == datetime(2026, 3, 5, 8)
    add.revert(workspace)
    with workspace.session() as session:
        assert _task(session, "Long build").start == datetime(2026, 3, 2, 8)


def test_markers_flag_late_deliveries(workspace, vendor_project) -> None:
    with workspace.session() as session:
        install = _task(session, "Install").id
        (marker,) = delivery_markers(session, vendor_project, today=TODAY)[install]
        assert marker.date == date(2026, 3, 25)
        assert marker.description == "2x core switch"
        assert not marker.late and not marker.delivered
        (marker,) = delivery_markers(session, vendor_project, today=date(2026, 3, 26))[install]
        assert marker.late
        assert marker.vendor == "NetSource"
