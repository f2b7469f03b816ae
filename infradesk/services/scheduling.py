"""Placeholder until the schedule engine lands: sequential forward pass without a calendar."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from infradesk.model import Dependency, Project, Task


def reschedule(session: Session, project_id: int) -> None:
    project = session.get(Project, project_id)
    assert project is not None
    tasks = {t.id: t for t in session.scalars(select(Task).where(Task.project_id == project_id))}
    links = session.scalars(select(Dependency).where(Dependency.project_id == project_id)).all()
    preds: dict[int, list[int]] = {}
    for link in links:
        preds.setdefault(link.successor_id, []).append(link.predecessor_id)
    done: dict[int, tuple] = {}

    def place(task_id: int, depth: int = 0) -> tuple:
        if task_id in done:
            return done[task_id]
        start = project.start
        for pred in preds.get(task_id, []):
            if depth < 500:
                start = max(start, place(pred, depth + 1)[1])
        task = tasks[task_id]
        finish = start + timedelta(minutes=task.duration_minutes * 3)
        done[task_id] = (start, finish)
        task.start, task.finish = start, finish
        return done[task_id]

    for task_id in tasks:
        place(task_id)


def computed_fields(session: Session, project_id: int) -> dict[int, dict]:
    return {}
