"""Dated tasks with people on them, written straight into a workspace (the usage tests)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Session

from infradesk.model import Assignment, Project, Resource, Task

MONDAY = date(2026, 3, 2)


def at(day: int, hour: int) -> datetime:
    """Day ``day`` of the week of 2 Mar 2026 (0 = Monday) at ``hour``."""
    return datetime(2026, 3, 2 + day, hour)


def project(session: Session, name: str) -> int:
    row = Project(name=name, start=at(0, 8))
    session.add(row)
    session.flush()
    return row.id


def person(session: Session, name: str, **fields: object) -> int:
    row = Resource(name=name, **fields)
    session.add(row)
    session.flush()
    return row.id


def task(
    session: Session,
    project_id: int,
    name: str,
    start: datetime,
    finish: datetime,
    *assigned: tuple[int, float, int],
) -> int:
    """A dated task with (resource, units, work minutes) assignments."""
    row = Task(project_id=project_id, name=name, start=start, finish=finish)
    session.add(row)
    session.flush()
    for position, (resource_id, units, work) in enumerate(assigned):
        session.add(
            Assignment(
                task_id=row.id,
                resource_id=resource_id,
                units=units,
                work_minutes=work,
                position=position,
            )
        )
    session.flush()
    return row.id
