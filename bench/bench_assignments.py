"""Assignments on a big plan (issue 18): the Gantt's outline with the Assigned texts and costs,
a duration edit that reworks a task's assignments (and its undo), and typing an Assigned cell.

Run by hand: ``python bench/bench_assignments.py [task_count]``; prints milliseconds.
"""

from __future__ import annotations

import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from sqlalchemy import insert, select

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gantt_plans import create_big_project

from infradesk.model import Assignment, Resource, Task
from infradesk.services.plan.field_edits import UpdateTask
from infradesk.services.plan.outline import load_outline
from infradesk.services.resources.assignments import SetAssignments, assigned_states
from infradesk.store.workspace import Workspace


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def main(task_count: int = 10_000) -> None:
    with tempfile.TemporaryDirectory() as folder:
        workspace = Workspace.create(Path(folder) / "bench.infradesk")
        with workspace.session() as s:
            pid = create_big_project(s, task_count)
            pool = [
                s.execute(
                    insert(Resource)
                    .values(name=f"Resource {i}", rate_per_hour=Decimal(50 + i))
                    .returning(Resource.id)
                ).scalar_one()
                for i in range(200)
            ]
            parents = set(s.scalars(select(Task.parent_id).where(Task.parent_id.is_not(None))))
            leaves = [
                (t, d)
                for t, d in s.execute(
                    select(Task.id, Task.duration_minutes).where(Task.project_id == pid)
                )
                if t not in parents
            ]
            rows = [
                {
                    "task_id": task_id,
                    "resource_id": pool[(k + j * 7) % len(pool)],
                    "units": 1.0 if j == 0 else 0.5,
                    "work_minutes": int(duration * (1.0 if j == 0 else 0.5)),
                    "cost": Decimal(0),
                    "position": j,
                }
                for k, (task_id, duration) in enumerate(leaves)
                for j in range(2)
            ]
            s.execute(insert(Assignment), rows)
        print(f"{task_count:,} tasks, {len(rows):,} assignments over 200 resources")
        with workspace.read_session() as s:
            t = time.perf_counter()
            outline = load_outline(s, pid)
            print(f"  load the outline (texts, costs)  {ms(time.perf_counter() - t)}")
            t = time.perf_counter()
            assigned_states(s, pid)
            print(f"    of which the assignments      {ms(time.perf_counter() - t)}")
        task = leaves[len(leaves) // 2][0]
        row = outline.row_of[task]
        edit = UpdateTask(pid, task, {"duration_minutes": outline.duration[row] + 480})
        t = time.perf_counter()
        edit.apply(workspace)
        print(f"  duration edit (work follows)    {ms(time.perf_counter() - t)}")
        t = time.perf_counter()
        edit.revert(workspace)
        print(f"  its undo                        {ms(time.perf_counter() - t)}")
        again = UpdateTask(pid, task, {"duration_minutes": outline.duration[row] + 960})
        t = time.perf_counter()
        again.apply(workspace)
        print(f"  another duration edit (warm)    {ms(time.perf_counter() - t)}")
        typed = SetAssignments(pid, task, "Resource 3[50%]; Resource 9; New crew")
        t = time.perf_counter()
        typed.apply(workspace)
        print(f"  type an Assigned cell           {ms(time.perf_counter() - t)}")
        workspace.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
