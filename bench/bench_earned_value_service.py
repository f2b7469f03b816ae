"""Time the earned-value service on a stored plan: the reads (tasks, baseline, invoiced orders,
status date, calendar) plus the figures, as the Cost view asks for them.

Run: ``.venv/bin/python bench/bench_earned_value_service.py [--sizes 10000] [--repeat 5]``
Prints the best of N runs in milliseconds. Target (issue 15): the EVM figures for 10,000 tasks
in under 50 ms.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import insert

from infradesk.model import Baseline, BaselineTask, Project, PurchaseOrder, Task, Vendor
from infradesk.services.plan.earned_value import earned_value_in
from infradesk.store.workspace import Workspace

START = datetime(2026, 1, 5, 8, 0)
STATUS = datetime(2026, 9, 1, 12, 0)


def build(workspace: Workspace, count: int, seed: int = 1) -> int:
    """One summary per 50 tasks; leaves of 1..10 days with costs, a baseline of the planned
    dates, progress by the status date, one invoiced order per 20 tasks."""
    rng = random.Random(seed)
    with workspace.session() as session:
        project = Project(name="Bench", start=START, status_date=STATUS)
        session.add(project)
        session.flush()
        vendor = Vendor(project_id=project.id, name="V")
        baseline = Baseline(project_id=project.id, name="Plan", created_at=START)
        session.add_all([vendor, baseline])
        session.flush()
        tasks, saved, orders = [], [], []
        parent = None
        for task_id in range(1, count + 1):
            if task_id % 50 == 1:
                parent = task_id
                tasks.append(
                    {
                        "id": task_id,
                        "project_id": project.id,
                        "name": f"Phase {task_id}",
                        "position": task_id,
                    }
                )
                continue
            start = START + timedelta(days=rng.randrange(0, 400))
            finish = start + timedelta(days=rng.randrange(1, 10))
            done = finish < STATUS
            percent = 100.0 if done else (50.0 if start < STATUS else 0.0)
            cost = Decimal(rng.randrange(0, 5_000_000)) / 100
            tasks.append(
                {
                    "id": task_id,
                    "project_id": project.id,
                    "parent_id": parent,
                    "name": f"Task {task_id}",
                    "position": task_id,
                    "start": start,
                    "finish": finish,
                    "percent_complete": percent,
                    "cost": cost,
                    # to the cent, as the app writes it (field_edits quantizes every amount)
                    "actual_cost": (cost * Decimal(percent) / 100).quantize(Decimal("0.01")),
                    "actual_start": start if percent else None,
                    "actual_finish": finish if done else None,
                }
            )
            saved.append(
                {
                    "baseline_id": baseline.id,
                    "task_id": task_id,
                    "start": start,
                    "finish": finish,
                    "duration_minutes": 480,
                    "cost": cost,
                }
            )
            if task_id % 20 == 0:
                orders.append({"vendor_id": vendor.id, "task_id": task_id, "invoiced": cost})
        session.execute(insert(Task), tasks)
        session.execute(insert(BaselineTask), saved)
        session.execute(insert(PurchaseOrder), orders)
        return project.id


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            workspace = Workspace.create(Path(folder) / "bench.infradesk")
            try:
                project_id = build(workspace, size)
                for curve in (False, True):
                    best = float("inf")
                    for _ in range(args.repeat):
                        began = time.perf_counter()
                        with workspace.read_session() as session:
                            view = earned_value_in(session, project_id, curve=curve)
                        best = min(best, time.perf_counter() - began)
                    assert view.figures is not None
                    what = "figures + S-curve" if curve else "figures"
                    print(f"{size:>7} tasks  {what:<18} {best * 1000:8.1f} ms")
            finally:
                workspace.close()


if __name__ == "__main__":
    main()
