"""reschedule() over a real SQLite file: rows in, engine, changed rows out."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from infradesk.errors import UserError
from infradesk.model import Calendar, CalendarDay, Dependency, FreezeWindow, Project, Task
from infradesk.schedule.engine import CycleError
from infradesk.services.plan.scheduling import (
    ProjectNotFound,
    calendar_of,
    check_link,
    computed_fields,
    plan_input_for,
    reschedule,
)

START = datetime(2026, 1, 5, 8, 0)


def make_project(session: Session, *, country: str | None = None) -> Project:
    project = Project(name="DC migration", start=START)
    session.add(project)
    session.flush()
    session.add(Calendar(project_id=project.id, holiday_country=country, holiday_region="BY"))
    session.flush()
    return project


def add_task(session: Session, project: Project, name: str, minutes: int, **kw: object) -> Task:
    task = Task(project_id=project.id, name=name, duration_minutes=minutes, **kw)
    session.add(task)
    session.flush()
    return task


def link(session: Session, project: Project, a: Task, b: Task, kind: str = "FS", lag: int = 0):
    session.add(
        Dependency(
            project_id=project.id,
            predecessor_id=a.id,
            successor_id=b.id,
            type=kind,
            lag_minutes=lag,
        )
    )
    session.flush()


def test_reschedule_writes_dates_and_rollups(session: Session) -> None:
    project = make_project(session, country="DE")
    phase = add_task(session, project, "Phase", 0)
    order = add_task(session, project, "Order", 480, parent_id=phase.id, percent_complete=100)
    install = add_task(session, project, "Install", 240, parent_id=phase.id)
    link(session, project, order, install)
    result = reschedule(session, project.id)
    session.commit()
    session.expire_all()
    # 2026-01-06 is Epiphany in Bavaria
    assert (order.start, order.finish) == (START, datetime(2026, 1, 5, 17, 0))
    assert (install.start, install.finish) == (datetime(2026, 1, 7, 8), datetime(2026, 1, 7, 12))
    assert (phase.start, phase.finish) == (START, datetime(2026, 1, 7, 12))
    assert phase.duration_minutes == 480 + 240
    assert phase.percent_complete == pytest.approx(66.67)
    assert result[install.id].critical


def test_second_reschedule_writes_nothing(session: Session) -> None:
    project = make_project(session)
    a = add_task(session, project, "A", 480)
    b = add_task(session, project, "B", 480)
    link(session, project, a, b)
    reschedule(session, project.id)
    session.commit()
    statements: list[str] = []

    def spy(_conn, _cursor, statement, *_args):  # type: ignore[no-untyped-def]
        statements.append(statement)

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", spy)
    try:
        reschedule(session, project.id)
        session.flush()
        assert not [s for s in statements if s.lstrip().upper().startswith("UPDATE")]
        b_row = session.get(Task, b.id)
        assert b_row is not None
        b_row.duration_minutes = 960
        session.flush()
        statements.clear()
        reschedule(session, project.id)
        session.flush()
        assert b_row.finish == datetime(2026, 1, 7, 17, 0)  # the held object is fresh
        assert sum(s.lstrip().upper().startswith("UPDATE") for s in statements) == 1
    finally:
        event.remove(engine, "before_cursor_execute", spy)


def test_rows_not_in_the_session_are_bulk_updated(session: Session) -> None:
    project = make_project(session)
    ids = [add_task(session, project, f"T{i}", 60 * (i + 1)).id for i in range(30)]
    project_id = project.id
    session.commit()
    session.expunge_all()
    reschedule(session, project_id)
    session.commit()
    finishes = dict(session.execute(select(Task.id, Task.finish).where(Task.id.in_(ids))).all())
    assert finishes[ids[0]] == datetime(2026, 1, 5, 9, 0)
    assert finishes[ids[4]] == datetime(2026, 1, 5, 14, 0)  # 5h across lunch


def test_calendar_rows_become_the_working_calendar(session: Session) -> None:
    project = make_project(session)
    calendar = session.scalars(select(Calendar)).one()
    session.add_all(
        [
            CalendarDay(calendar_id=calendar.id, day=date(2026, 1, 7), kind="holiday", name="Move"),
            CalendarDay(
                calendar_id=calendar.id,
                day=date(2026, 1, 10),
                kind="exception",
                name="Cutover",
                working_hours="00:00-24:00",
            ),
            FreezeWindow(
                calendar_id=calendar.id,
                name="Year-end freeze",
                start=date(2026, 12, 15),
                finish=date(2027, 1, 5),
            ),
        ]
    )
    session.flush()
    working = calendar_of(session, project.id)
    assert not working.is_working_day(date(2026, 1, 7))
    assert working.day_intervals(date(2026, 1, 10)) == ((0, 1440),)
    assert working.freezes[0].name == "Year-end freeze"

    cutover = add_task(
        session,
        project,
        "Core switch cutover",
        240,
        production_change=True,
        start_no_earlier_than=datetime(2026, 12, 16, 8, 0),
    )
    result = reschedule(session, project.id)
    assert cutover.start == datetime(2027, 1, 6, 8, 0)
    assert result.messages == [
        "'Core switch cutover' moved after freeze 'Year-end freeze' to 2027-01-06 08:00"
    ]


def test_plan_input_and_computed_fields(session: Session) -> None:
    project = make_project(session)
    a = add_task(session, project, "A", 480, deadline=datetime(2026, 1, 5, 17, 0))
    b = add_task(session, project, "B", 240)
    link(session, project, a, b, "SS", 60)
    plan = plan_input_for(session, project.id)
    assert plan.project_start == START
    assert [t.name for t in plan.tasks] == ["A", "B"]
    assert plan.links[0].type == "SS" and plan.links[0].lag_minutes == 60
    fields = computed_fields(session, project.id)
    assert fields[b.id]["early_start"] == "2026-01-05T09:00"
    assert fields[a.id]["critical"] is True
    assert set(fields[a.id]) == {
        "early_start", "early_finish", "late_start", "late_finish",
        "total_float_minutes", "free_float_minutes", "critical",
    }  # fmt: skip


def test_a_stored_loop_is_reported_and_nothing_is_written(session: Session) -> None:
    project = make_project(session)
    a = add_task(session, project, "Rack servers", 480)
    b = add_task(session, project, "Cable servers", 480)
    link(session, project, a, b)
    link(session, project, b, a)
    with pytest.raises(CycleError, match="'Rack servers' → 'Cable servers' → 'Rack servers'"):
        reschedule(session, project.id)
    assert a.start is None


def test_check_link_refuses_a_loop(session: Session) -> None:
    project = make_project(session)
    a = add_task(session, project, "A", 480)
    b = add_task(session, project, "B", 480)
    c = add_task(session, project, "C", 480)
    link(session, project, a, b)
    link(session, project, b, c)
    check_link(session, project.id, a.id, c.id)  # fine
    with pytest.raises(CycleError) as caught:
        check_link(session, project.id, c.id, a.id)
    assert caught.value.task_ids == [c.id, a.id, b.id]
    assert "'C' → 'A' → 'B' → 'C'" in str(caught.value)


def test_unknown_project(session: Session) -> None:
    with pytest.raises(ProjectNotFound):
        reschedule(session, 999)


def test_a_missing_project_is_a_user_error(session: Session) -> None:
    """A user can meet it (another window deleted the project): it is shown as a message,
    and code that caught LookupError still does."""
    with pytest.raises(UserError, match="no project with id 999") as caught:
        plan_input_for(session, 999)
    assert isinstance(caught.value, LookupError)


def test_project_without_calendar_row_uses_the_default(session: Session) -> None:
    project = Project(name="Bare", start=START)
    session.add(project)
    session.flush()
    task = add_task(session, project, "Only", 480)
    reschedule(session, project.id)
    assert task.finish == datetime(2026, 1, 5, 17, 0)
