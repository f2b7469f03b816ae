"""What the issue-22 bench measures on, made once per plan size and kept for the whole run:
the engine plan, workspaces (phases of 50 tasks, and flat), and the plan as an MSPDI file.

Workspaces are never edited in place: every step that edits or opens one gets a fresh copy,
made with SQLite's backup API, under a new name (the incremental rescheduler keys its cache
by the database's address, so a reused name could hand a later step an earlier scheduler)."""

from __future__ import annotations

import itertools
import random
import sqlite3
import sys
import time
from datetime import datetime
from pathlib import Path

from sqlalchemy import insert
from sqlalchemy.orm import Session

from infradesk.model import Calendar, Dependency, Project, Task
from infradesk.schedule.engine import PlanInput
from infradesk.services.plan import scheduling
from infradesk.store.workspace import Workspace

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_schedule import make_plan
from gantt_plans import create_big_project
from plan_documents import write_plan_mspdi


def create_flat_project(session: Session, task_count: int, seed: int = 1) -> int:
    """A project of ``task_count`` top-level tasks (no summaries: the siblings of a task
    number ~n), leaves and links like ``gantt_plans.create_big_project``; scheduled once."""
    rng = random.Random(seed)
    project = Project(name="Flat plan", start=datetime(2026, 1, 5, 8, 0))
    project.calendar = Calendar(holiday_country="DE")
    session.add(project)
    session.flush()
    rows = []
    for k in range(task_count):
        duration = rng.choice([0, 60, 240, 480, 960, 2400, 4800])
        rows.append(
            dict(
                project_id=project.id,
                parent_id=None,
                position=k,
                name=f"Task {k}",
                duration_minutes=duration,
                milestone=duration == 0,
                owner=rng.choice(["Ops", "Net", "DBA", ""]),
            )
        )
    ids = list(session.scalars(insert(Task).returning(Task.id), rows))
    ids.sort()
    links: set[tuple[int, int]] = set()
    while len(links) < int(len(ids) * 1.2):
        a = rng.randrange(len(ids) - 1)
        b = min(len(ids) - 1, a + 1 + int(rng.expovariate(1 / 30)))
        links.add((ids[a], ids[b]))
    session.execute(
        insert(Dependency),
        [
            dict(
                project_id=project.id,
                predecessor_id=a,
                successor_id=b,
                type=rng.choice(["FS"] * 8 + ["SS", "FF"]),
                lag_minutes=0,
            )
            for a, b in links
        ],
    )
    scheduling.reschedule(session, project.id)
    return project.id


def sqlite_copy(source: Path, target: Path) -> Path:
    """A consistent copy of a workspace file (SQLite's online backup, never a file copy)."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return target


def note(text: str) -> None:
    print(f"  [{text}]", file=sys.stderr, flush=True)


class Fixtures:
    """Per size, made on first use: the engine plan, two stored workspaces, an MSPDI file."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._plans: dict[int, PlanInput] = {}
        self._workspaces: dict[tuple[str, int], tuple[Path, int]] = {}
        self._mspdi: dict[int, Path] = {}
        self._counter = itertools.count(1)

    def plan(self, size: int) -> PlanInput:
        """``bench_schedule.make_plan(size)``: phases of 50, 1.5 links per task."""
        if size not in self._plans:
            self._plans[size] = make_plan(size)
        return self._plans[size]

    def mspdi(self, size: int) -> Path:
        """The engine plan written as MS Project XML by our exporter."""
        if size not in self._mspdi:
            started = time.perf_counter()
            path = self.folder / f"plan-{size}.xml"
            self._mspdi[size] = write_plan_mspdi(self.plan(size), path)
            note(f"MSPDI of {size:,} tasks written in {time.perf_counter() - started:.1f} s")
        return self._mspdi[size]

    def workspace(self, kind: str, size: int) -> tuple[Path, int]:
        """A pristine workspace (do not open it: take a :meth:`copy`) and its project id.
        ``kind``: "phased" (gantt_plans.create_big_project, a summary per 50 tasks) or "flat"
        (no summaries)."""
        key = (kind, size)
        if key not in self._workspaces:
            started = time.perf_counter()
            path = self.folder / f"{kind}-{size}.infradesk"
            workspace = Workspace.create(path)
            with workspace.session() as session:
                if kind == "phased":
                    project_id = create_big_project(session, size)
                else:
                    project_id = create_flat_project(session, size)
            workspace.close()
            self._workspaces[key] = (path, project_id)
            note(
                f"{kind} workspace of {size:,} tasks made in {time.perf_counter() - started:.1f} s"
            )
        return self._workspaces[key]

    def copy(self, kind: str, size: int) -> tuple[Path, int]:
        """A fresh copy of a workspace under a new name, and its project id."""
        source, project_id = self.workspace(kind, size)
        target = self.folder / f"{kind}-{size}-copy{next(self._counter)}.infradesk"
        return sqlite_copy(source, target), project_id

    def new_path(self, stem: str, suffix: str) -> Path:
        return self.folder / f"{stem}-{next(self._counter)}{suffix}"
