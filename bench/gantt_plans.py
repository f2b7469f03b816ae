"""Generated plans stored in a workspace, for the Gantt benchmarks and tests."""

from __future__ import annotations

import random
from datetime import datetime

from sqlalchemy import insert
from sqlalchemy.orm import Session

from infradesk.model import Calendar, Dependency, Project, Task
from infradesk.services.plan import scheduling


def create_big_project(
    session: Session,
    task_count: int,
    name: str = "Big plan",
    seed: int = 1,
    *,
    phase_size: int = 50,
) -> int:
    """A project of ``task_count`` tasks: a summary per ``phase_size`` tasks over leaves of
    1h..10d (``phase_size=0``: a flat plan, every task at the top level), 1.2 links per task
    pointing forward (acyclic); scheduled once. Returns the project id."""
    rng = random.Random(seed)
    project = Project(name=name, start=datetime(2026, 1, 5, 8, 0))
    project.calendar = Calendar(holiday_country="DE")
    session.add(project)
    session.flush()
    pid = project.id
    first = session.execute(insert(Task).returning(Task.id), [{"project_id": pid}]).scalar()
    assert first is not None
    rows = []
    leaves: list[int] = []
    parent = None
    position = 0
    for k in range(task_count):
        task_id = first + 1 + k
        if phase_size and k % phase_size == 0:
            parent = task_id
            rows.append(
                dict(
                    id=task_id,
                    project_id=pid,
                    parent_id=None,
                    position=k,
                    name=f"Phase {k // phase_size + 1}",
                    duration_minutes=0,
                )
            )
            position = 0
        else:
            duration = rng.choice([0, 60, 240, 480, 960, 2400, 4800])
            rows.append(
                dict(
                    id=task_id,
                    project_id=pid,
                    parent_id=parent,
                    position=position,
                    name=f"Task {k}",
                    duration_minutes=duration,
                    milestone=duration == 0,
                    owner=rng.choice(["Ops", "Net", "DBA", ""]),
                    percent_complete=rng.choice([0, 0, 0, 25, 50, 100]),
                )
            )
            position += 1
            leaves.append(task_id)
    session.execute(insert(Task), rows)
    from sqlalchemy import delete

    session.execute(delete(Task).where(Task.id == first))
    links: set[tuple[int, int]] = set()
    while len(links) < int(len(leaves) * 1.2):
        a = rng.randrange(len(leaves) - 1)
        b = min(len(leaves) - 1, a + 1 + int(rng.expovariate(1 / 30)))
        links.add((leaves[a], leaves[b]))
    session.execute(
        insert(Dependency),
        [
            dict(
                project_id=pid,
                predecessor_id=a,
                successor_id=b,
                type=rng.choice(["FS"] * 8 + ["SS", "FF"]),
                lag_minutes=0,
            )
            for a, b in links
        ],
    )
    scheduling.reschedule(session, pid)
    return pid
