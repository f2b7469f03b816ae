"""A small runbook built through the services, as a PM would type it."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from infradesk.model import Project, Task
from infradesk.services.runbooks.commands import (
    AddRunbook,
    AddStep,
    SetService,
    UpdateRunbook,
)
from infradesk.store.workspace import Workspace

PARIS = ZoneInfo("Europe/Paris")
# the last Saturday of October 2026, 22:00 in Paris: the clocks go back at 03:00 that night
WINDOW = datetime(2026, 10, 24, 22, 0, tzinfo=PARIS)

STEPS = [
    # code, title, kind, stream, duration, predecessors, extra
    ("1", "Announce the start", "communication", "Comms", "5", "", {}),
    ("2", "Stop the ERP", "task", "Apps", "20", "1", {}),
    ("3", "Final database sync", "task", "Storage", "60", "2", {}),
    ("4", "Go/No-go", "gate", "Comms", "10", "3", {"decision_maker": "Sponsor"}),
    ("5", "Switch DNS", "task", "Network", "30", "4", {"point_of_no_return": "yes"}),
    ("6", "Smoke test", "validation", "Apps", "20", "5", {}),
    ("7", "Start the ERP", "task", "Apps", "15", "6", {}),
    ("R1", "Restart the old ERP", "rollback", "Apps", "30", "", {"rollback_of": "4"}),
    ("R2", "Tell users we rolled back", "rollback", "Comms", "5", "R1", {"rollback_of": "4"}),
]


def project_id_of(workspace: Workspace) -> int:
    with workspace.read_session() as session:
        found = session.scalar(select(Project.id).order_by(Project.id))
        assert found is not None
        return found


def cutover_task(workspace: Workspace, project_id: int) -> int:
    with workspace.read_session() as session:
        found = session.scalar(
            select(Task.id).where(Task.project_id == project_id).order_by(Task.position.desc())
        )
        assert found is not None
        return found


def build_runbook(workspace: Workspace, project_id: int, task_id: int | None = None) -> int:
    add = AddRunbook(project_id, "Wave 1 cutover", task_id=task_id, time_zone="Europe/Paris")
    add.apply(workspace)
    assert add.runbook_id is not None
    runbook_id = add.runbook_id
    UpdateRunbook(runbook_id, "window_start", WINDOW).apply(workspace)
    UpdateRunbook(runbook_id, "window_end", WINDOW.replace(hour=23, minute=59)).apply(workspace)
    ids = {}
    for code, title, kind, stream, duration, preds, extra in STEPS:
        values = {"code": code, "title": title, "kind": kind, "stream": stream,
                  "duration": duration, "predecessors": preds, **extra}
        step = AddStep(runbook_id, values=values)
        step.apply(workspace)
        assert step.step_id is not None
        ids[code] = step.step_id
    SetService(runbook_id, None, "ERP", 150, ids["2"], ids["7"]).apply(workspace)
    return runbook_id
