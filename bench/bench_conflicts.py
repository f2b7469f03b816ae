"""Time change-conflict detection over a large workspace: 50 projects x 2,000 tasks, 300
people assigned to every task, ~200 change requests with windows, services and implementers,
5 production-change tasks per project, shared and project windows (freeze, blackout,
maintenance, CAB).

Run: ``.venv/bin/python bench/bench_conflicts.py [--projects 50 --tasks 2000 --changes 200]``

* rules   — the pure function (``services/governance/conflicts.find_conflicts``) over plain
            inputs: every booking of the workspace (100,000) handed in (target: well under
            100 ms); wall and CPU time (the machine is shared)
* service — ``workspace_conflicts`` over the same data stored in a workspace: the queries
            (only the assignments overlapping the work are read) and the rules, for every
            project at once
* project — the same for one project (what a change log reload, the Gantt's marks and the
            weekly report cost): only that project's people have their bookings read

Medians over the repeats are printed.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert

from infradesk.model import Assignment, ChangeRequest, ChangeWindow, Project, Resource, Task
from infradesk.services.governance.conflict_data import workspace_conflicts
from infradesk.services.governance.conflicts import (
    Booking,
    ConflictInput,
    Window,
    Work,
    find_conflicts,
    split_names,
)
from infradesk.store.workspace import Workspace

START = datetime(2026, 1, 5, 8)
SERVICES = [f"svc-{n:02d}" for n in range(40)]
PEOPLE = [f"Person {n:03d}" for n in range(300)]


def timed(call: Callable[[], object], repeats: int) -> tuple[float, float, object]:
    walls, cpus, result = [], [], None
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        result = call()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), result


class Plan:
    """The generated workspace as plain values (the same for the rules and the store)."""

    def __init__(self, projects: int, tasks: int, changes: int, seed: int = 20) -> None:
        rng = random.Random(seed)
        self.projects = projects
        self.tasks: list[tuple[int, int, str, datetime, datetime, bool]] = []
        self.assigned: list[tuple[int, int]] = []  # task id, person index
        task_id = 0
        for project in range(1, projects + 1):
            for n in range(tasks):
                task_id += 1
                start = START + timedelta(days=rng.randrange(0, 500), hours=rng.choice((0, 1)))
                finish = start + timedelta(hours=rng.choice((4, 8, 24, 72, 120)))
                production = n % (tasks // 5) == 7  # 5 per project
                self.tasks.append((task_id, project, f"Task {n}", start, finish, production))
                self.assigned.append((task_id, rng.randrange(len(PEOPLE))))
        self.changes: list[dict[str, object]] = []
        for n in range(changes):
            start = START + timedelta(days=rng.randrange(0, 500), hours=rng.choice((18, 20, 22)))
            self.changes.append(
                {
                    "project_id": 1 + n % projects,
                    "code": f"CR-{n // projects + 1:03d}",
                    "title": f"Change {n}",
                    "status": "submitted",
                    "itil_class": rng.choice(("normal", "standard", "emergency", "")),
                    "cab_required": rng.random() < 0.3,
                    "window_start": start,
                    "window_finish": start + timedelta(hours=rng.choice((2, 4, 6))),
                    "services": ", ".join(rng.sample(SERVICES, rng.choice((1, 2, 3)))),
                    "implementer": rng.choice(PEOPLE),
                }
            )
        self.windows: list[dict[str, object]] = []
        for n in range(12):  # shared: freezes, blackouts, monthly CABs, maintenance
            start = START + timedelta(days=40 * n)
            kind = ("freeze", "blackout", "maintenance", "cab")[n % 4]
            length = timedelta(hours=2) if kind == "cab" else timedelta(days=rng.choice((2, 5)))
            services = "" if kind in ("freeze", "cab") else ", ".join(rng.sample(SERVICES, 4))
            self.windows.append(
                {
                    "project_id": None,
                    "name": f"{kind} {n}",
                    "kind": kind,
                    "start": start,
                    "finish": start + length,
                    "services": services,
                }
            )
        for project in range(1, projects + 1):  # each project: its own freeze
            start = START + timedelta(days=rng.randrange(0, 500))
            self.windows.append(
                {
                    "project_id": project,
                    "name": "Project freeze",
                    "kind": "freeze",
                    "start": start,
                    "finish": start + timedelta(days=3),
                    "services": "",
                }
            )

    def rules_input(self) -> ConflictInput:
        work = [
            Work(
                ("change", n + 1),
                int(c["project_id"]),
                str(c["code"]),
                c["window_start"],
                c["window_finish"],  # type: ignore[arg-type]  # reason: generated datetimes
                split_names(str(c["services"])),
                split_names(str(c["implementer"])),
                needs_cab=c["itil_class"] not in ("standard", "emergency")
                and (c["itil_class"] == "normal" or bool(c["cab_required"])),
            )
            for n, c in enumerate(self.changes)
        ]
        person_of = dict(self.assigned)
        work += [
            Work(
                ("task", t[0]),
                t[1],
                t[2],
                t[3],
                t[4],
                people=frozenset({PEOPLE[person_of[t[0]]].lower()}),
                own_tasks=frozenset({t[0]}),
            )
            for t in self.tasks
            if t[5]
        ]
        windows = [
            Window(
                str(w["name"]),
                str(w["kind"]),
                w["start"],
                w["finish"],  # type: ignore[arg-type]  # reason: generated datetimes
                split_names(str(w["services"])),
                w["project_id"],
            )  # type: ignore[arg-type]  # reason: generated ids
            for w in self.windows
        ]
        starts = {t[0]: (t[3], t[4], t[2]) for t in self.tasks}
        bookings = [
            Booking(PEOPLE[p].lower(), starts[t][0], starts[t][1], t, starts[t][2])
            for t, p in self.assigned
        ]
        bookings.sort()  # by person and start, as the loader reads them (ORDER BY)
        return ConflictInput(work, windows, bookings, START.date(), bookings_sorted=True)

    def store(self, workspace: Workspace) -> None:
        with workspace.session() as s:
            s.execute(
                insert(Project),
                [
                    {"id": p, "name": f"Project {p:02d}", "currency": "EUR", "start": START}
                    for p in range(1, self.projects + 1)
                ],
            )
            s.execute(
                insert(Resource), [{"id": n + 1, "name": name} for n, name in enumerate(PEOPLE)]
            )
            s.execute(
                insert(Task),
                [
                    {
                        "id": t[0],
                        "project_id": t[1],
                        "name": t[2],
                        "start": t[3],
                        "finish": t[4],
                        "production_change": t[5],
                        "position": t[0],
                    }
                    for t in self.tasks
                ],
            )
            s.execute(
                insert(Assignment), [{"task_id": t, "resource_id": p + 1} for t, p in self.assigned]
            )
            s.execute(insert(ChangeRequest), self.changes)
            s.execute(insert(ChangeWindow), self.windows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--projects", type=int, default=50)
    parser.add_argument("--tasks", type=int, default=2000)
    parser.add_argument("--changes", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    plan = Plan(args.projects, args.tasks, args.changes)
    data = plan.rules_input()
    print(
        f"{args.projects} projects x {args.tasks} tasks, {len(data.bookings)} bookings, "
        f"{args.changes} changes, {len(data.work) - args.changes} production-change tasks, "
        f"{len(data.windows)} windows"
    )
    wall, cpu, found = timed(lambda: find_conflicts(data), args.repeats)
    flagged = len(found)  # type: ignore[arg-type]  # reason: a dict
    print(f"rules    {wall * 1000:7.1f} ms wall  {cpu * 1000:7.1f} ms cpu  ({flagged} flagged)")
    with tempfile.TemporaryDirectory() as folder:
        workspace = Workspace.create(Path(folder) / "bench.infradesk")
        started = time.perf_counter()
        plan.store(workspace)
        print(f"(stored in {time.perf_counter() - started:.1f} s)")

        def service() -> object:
            with workspace.read_session() as session:
                return workspace_conflicts(session, START.date())

        wall, cpu, result = timed(service, args.repeats)
        rows = len(result.rows)  # type: ignore[attr-defined]  # reason: WorkspaceConflicts
        print(f"service  {wall * 1000:7.1f} ms wall  {cpu * 1000:7.1f} ms cpu  ({rows} flagged)")

        def project() -> object:
            with workspace.read_session() as session:
                return workspace_conflicts(session, START.date(), 1)

        wall, cpu, result = timed(project, args.repeats)
        rows = len(result.rows)  # type: ignore[attr-defined]  # reason: WorkspaceConflicts
        print(f"project  {wall * 1000:7.1f} ms wall  {cpu * 1000:7.1f} ms cpu  ({rows} flagged)")
        workspace.close()


if __name__ == "__main__":
    main()
