"""The demo's second project: "Wave 2 - DR site move", linked across projects.

It starts after the data-center migration's production cutover: its kick-off depends (FS +1
working day) on the first project's "Production cutover weekend", so a new user sees a
cross-project link in both Gantts and a slip of the cutover moving the DR move.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from infradesk.model import CrossLink, Project, Task
from infradesk.services.documents.io import FORMAT_NAME, FORMAT_VERSION, import_document
from infradesk.services.plan import scheduling

NAME = "Wave 2 - DR site move"
LINK_LAG_MINUTES = 480  # a working day to breathe after the cutover weekend

# (wbs, name, duration in days or None for a summary, predecessor wbs codes, production change);
# no owners: the pool's people are booked on the migration, the PM staffs the wave
_TASKS: tuple[tuple[str, str, int | None, tuple[str, ...], bool], ...] = (
    ("1", "Mobilisation", None, (), False),
    ("1.1", "Kick-off with DR site provider", 1, (), False),
    ("1.2", "Confirm DR rack space and power", 2, ("1.1",), False),
    ("1.3", "Order cross-connects to the DR site", 3, ("1.2",), False),
    ("2", "Build DR site", None, (), False),
    ("2.1", "Install racks and PDUs", 3, ("1.2",), False),
    ("2.2", "Rack and cable DR servers", 4, ("2.1",), False),
    ("2.3", "Configure DR network and firewall", 3, ("2.2", "1.3"), False),
    ("2.4", "Set up storage replication", 4, ("2.2",), False),
    ("3", "Replicate and test", None, (), False),
    ("3.1", "Initial data replication", 5, ("2.3", "2.4"), False),
    ("3.2", "Configure backups to the DR site", 2, ("3.1",), False),
    ("3.3", "DR failover test", 2, ("3.2",), True),
    ("3.4", "Fix findings of the failover test", 3, ("3.3",), False),
    ("4", "Go live", None, (), False),
    ("4.1", "Update DR runbooks", 2, ("3.4",), False),
    ("4.2", "DR readiness review (CAB)", 1, ("4.1",), False),
    ("4.3", "Switch DR to the new site", 1, ("4.2",), True),
    ("4.4", "Decommission the old DR site", 5, ("4.3",), False),
    ("4.5", "DR site live", 0, ("4.3",), False),
)
KICK_OFF = "1.1"


def wave2_document(start: datetime) -> dict[str, Any]:
    """The project as an interchange document (JSON shape) starting at ``start``."""
    ids = {wbs: index + 1 for index, (wbs, *_rest) in enumerate(_TASKS)}
    tasks = []
    for wbs, name, days, preds, change in _TASKS:
        parent = wbs.rsplit(".", 1)[0] if "." in wbs else None
        task: dict[str, Any] = {
            "id": ids[wbs],
            "name": name,
            "parent": ids[parent] if parent else None,
            "production_change": change,
            "predecessors": [{"task": ids[p], "type": "FS"} for p in preds],
        }
        if days is not None:
            task["duration"] = f"{days}d"
            task["milestone"] = days == 0
        tasks.append(task)
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "projects": [
            {
                "name": NAME,
                "currency": "EUR",
                "start": start.strftime("%Y-%m-%dT%H:%M"),
                "manager": "Claire Martin",
                "description": "Move the disaster-recovery site to the new data center once "
                "the production cutover is done (wave 2 of the migration).",
                "tasks": tasks,
            }
        ],
    }


def add_wave2(session: Session, first_project_id: int, cutover_task_id: int) -> int:
    """Add the second project after ``cutover_task_id`` (the first project's production
    cutover) and link its kick-off to it; returns the new project's id."""
    finish = session.scalar(select(Task.finish).where(Task.id == cutover_task_id))
    first_start = session.scalar(select(Project.start).where(Project.id == first_project_id))
    assert first_start is not None
    anchor = (finish or first_start) + timedelta(days=1)
    start = datetime.combine(anchor.date(), datetime.min.time()).replace(hour=8)
    project_id = import_document(session, wave2_document(start))[0]
    kick_off = session.scalars(
        select(Task.id).where(Task.project_id == project_id).order_by(Task.id)
    ).all()[[wbs for wbs, *_r in _TASKS].index(KICK_OFF)]
    session.execute(
        insert(CrossLink).values(
            predecessor_id=cutover_task_id,
            successor_id=kick_off,
            type="FS",
            lag_minutes=LINK_LAG_MINUTES,
        )
    )
    session.flush()
    scheduling.reschedule(session, project_id)
    return project_id
