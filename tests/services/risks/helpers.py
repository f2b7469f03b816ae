"""Small builders for RAID tests."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from infradesk.model import Project, Task
from infradesk.services.commands import Command
from infradesk.services.risks.commands import CreateRecord

D0 = date(2026, 3, 2)


def make_project(workspace: Any, tasks: int = 3) -> tuple[int, list[int]]:
    with workspace.session() as session:
        project = Project(name="P", currency="EUR", start=datetime(2026, 3, 2, 8), manager="M")
        session.add(project)
        session.flush()
        ids = []
        for n in range(tasks):
            task = Task(
                project_id=project.id, position=n, name=f"Task {n + 1}", duration_minutes=480
            )
            session.add(task)
            session.flush()
            ids.append(task.id)
        return project.id, ids


def apply(workspace: Any, command: Command) -> Command:
    command.apply(workspace)
    return command


def add(workspace: Any, key: str, project_id: int, on: date = D0, **values: Any) -> int:
    values.setdefault("title", f"A {key}")
    command = apply(workspace, CreateRecord(key, project_id, values, on=on))
    assert isinstance(command, CreateRecord) and command.record_id is not None
    return command.record_id
