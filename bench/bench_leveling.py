"""Time assistive leveling: a proposal on 10,000 tasks with 200 resources (goal < 2 s).

Run: ``.venv/bin/python bench/bench_leveling.py [--tasks 10000] [--resources 200]``
Prints the time of the whole proposal (schedule in memory, queries, core) and of the core
alone, with how many overloads it found and how many delays it proposed.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert, select

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gantt_plans import create_big_project

from infradesk.model import Assignment, Resource, Task
from infradesk.schedule.leveling import level
from infradesk.services.resources.leveling import build_input, preview_leveling
from infradesk.store.workspace import Workspace


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--resources", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(3)
    with tempfile.TemporaryDirectory() as folder:
        workspace = Workspace.create(Path(folder) / "bench.infradesk")
        with workspace.session() as session:
            project_id = create_big_project(session, args.tasks)
            session.execute(
                insert(Resource),
                [{"name": f"Engineer {k}", "max_units": 1.0} for k in range(args.resources)],
            )
            resource_ids = list(session.scalars(select(Resource.id)))
            leaves = list(
                session.scalars(
                    select(Task.id).where(
                        Task.project_id == project_id, Task.parent_id.is_not(None)
                    )
                )
            )
            session.execute(
                insert(Assignment),
                [
                    {"task_id": t, "resource_id": rng.choice(resource_ids),
                     "units": rng.choice([0.5, 1.0, 1.0])}
                    for t in leaves
                ],
            )  # fmt: skip
        times, core_times = [], []
        for _ in range(args.repeat):
            with workspace.session() as session:
                began = time.perf_counter()
                preview = preview_leveling(session, [project_id])
                times.append(time.perf_counter() - began)
                data, _projects, _axis = build_input(session, [project_id])
            began = time.perf_counter()
            outcome = level(data)
            core_times.append(time.perf_counter() - began)
        overloaded = sum(s.overloaded_minutes for s in outcome.before.values()) // data.day_minutes
        left = sum(s.overloaded_minutes for s in outcome.after.values()) // data.day_minutes
        print(
            f"{args.tasks} tasks, {args.resources} resources, {len(data.assignments)} assignments:"
        )
        print(f"  overloaded resource-days: {overloaded} before, {left} after")
        print(f"  delays proposed: {len(preview.proposals)}, tasks moved: {len(preview.moved)}")
        print(f"  proposal (schedule + queries + core): best {min(times) * 1000:.0f} ms"
              f" (goal < 2000 ms)")  # fmt: skip
        print(f"  core alone: best {min(core_times) * 1000:.0f} ms")
        workspace.close()


if __name__ == "__main__":
    main()
