"""``read_columns`` gives, column by column, exactly what the Core select gives row by row:
the same values of the same types (dates, money, flags, NULLs), on SQLite through the driver's
cursor and on PostgreSQL through Core."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import select

from infradesk.model import Project, Task
from infradesk.store.columns import read_columns

COLUMNS = (
    Task.id,
    Task.parent_id,
    Task.name,
    Task.duration_minutes,
    Task.start,
    Task.finish,
    Task.percent_complete,
    Task.milestone,
    Task.deadline,
    Task.constraint_type,
    Task.cost,
    Task.actual_cost,
    Task.manual,
)


def _stored_plan(workspace) -> int:
    with workspace.session() as session:
        project = Project(name="P", start=datetime(2026, 3, 2, 8, 0))
        session.add(project)
        session.flush()
        summary = Task(project_id=project.id, name="Phase", position=0)
        session.add(summary)
        session.flush()
        for number in range(30):
            session.add(
                Task(
                    project_id=project.id,
                    parent_id=summary.id if number % 3 else None,
                    position=number + 1,
                    name=f"Task {number}",
                    duration_minutes=number * 60,
                    start=datetime(2026, 3, 2 + number % 20, 8, 30, 15, 250)
                    if number % 4
                    else None,
                    finish=datetime(2026, 3, 3 + number % 20, 17, 0),
                    percent_complete=number * 2.5,
                    milestone=number % 5 == 0,
                    deadline=datetime(2026, 6, 1, 17, 0) if number % 7 == 0 else None,
                    constraint_type="SNET" if number % 6 == 0 else "ASAP",
                    cost=Decimal("1200.50") if number % 2 else Decimal("0"),
                    actual_cost=Decimal(number) / 4,
                    manual=number % 8 == 0,
                )
            )
        return project.id


def _as_core(session, statement) -> list[list[object]]:
    rows = session.connection().execute(statement).all()
    return [list(column) for column in zip(*rows, strict=True)]


def _same(found: list[list[object]], expected: list[list[object]]) -> None:
    assert found == expected
    for mine, theirs in zip(found, expected, strict=True):
        assert [type(v) for v in mine] == [type(v) for v in theirs]
        assert [str(v) for v in mine] == [str(v) for v in theirs]  # "1200.50", not "1200.5"


def test_the_columns_are_the_core_rows_turned(workspace) -> None:
    project_id = _stored_plan(workspace)
    statement = select(*COLUMNS).where(Task.project_id == project_id).order_by(Task.id)
    with workspace.read_session() as session:
        found = read_columns(session.connection(), statement)
        expected = _as_core(session, statement)
    assert len(found) == len(COLUMNS) and len(found[0]) == 31
    assert {type(v) for v in found[4]} == {datetime, type(None)}
    assert {type(v) for v in found[10]} == {Decimal}
    assert {type(v) for v in found[7]} == {bool}
    _same(found, expected)


def test_bound_dates_and_lists_of_ids_are_read_alike(workspace) -> None:
    project_id = _stored_plan(workspace)
    with workspace.read_session() as session:
        ids = list(session.scalars(select(Task.id).where(Task.project_id == project_id)))[:7]
        for statement in (
            select(*COLUMNS).where(Task.finish >= datetime(2026, 3, 10, 17, 0)),  # a date bound
            select(*COLUMNS).where(Task.id.in_(ids)).order_by(Task.id),  # expanding bound
        ):
            _same(read_columns(session.connection(), statement), _as_core(session, statement))


def test_no_rows_give_empty_columns(workspace) -> None:
    with workspace.read_session() as session:
        found = read_columns(session.connection(), select(*COLUMNS).where(Task.project_id == -1))
    assert found == [[] for _ in COLUMNS]
