"""A realistic big plan as an interchange document, for benchmarks.

Hierarchy: phases of ~10 work packages of ~20 tasks each, about 1.5 links per task (mostly FS
within a work package, some SS/FF with lags across packages), durations from 30 minutes to
three weeks like a real infrastructure plan.
"""

from __future__ import annotations

import random
from typing import Any

DURATIONS = ["30m", "1h", "2h", "4h", "1d", "2d", "3d", "5d", "10d", "15d"]


def generate_document(task_count: int = 10_000, seed: int = 7) -> dict[str, Any]:
    rng = random.Random(seed)
    tasks: list[dict[str, Any]] = []
    leaves: list[int] = []

    def add(name: str, parent: int | None, **extra: Any) -> int:
        task_id = len(tasks) + 1
        tasks.append({"id": task_id, "name": name, "parent": parent, "predecessors": [], **extra})
        return task_id

    phase = package = None
    while len(tasks) < task_count:
        if phase is None or rng.random() < 0.005:
            phase = add(f"Phase {len(tasks)}", None)
            package = None
        if package is None or rng.random() < 0.05:
            package = add(f"Work package {len(tasks)}", phase)
            previous = None
        duration = rng.choice(DURATIONS)
        task = add(
            f"Task {len(tasks)}",
            package,
            duration=duration,
            owner=rng.choice(["Network", "Storage", "Compute", "DBA", "Security", ""]),
            percent_complete=rng.choice([0, 0, 0, 0, 25, 50, 100]),
        )
        if previous is not None:
            tasks[task - 1]["predecessors"].append({"task": previous, "type": "FS", "lag": "0d"})
        if leaves and rng.random() < 0.62:
            other = leaves[max(0, len(leaves) - 1 - int(rng.expovariate(1 / 40)))]
            if other != previous:
                kind = rng.choice(["FS", "FS", "SS", "FF"])
                lag = rng.choice(["0d", "0d", "1d", "4h", "-1d"])
                tasks[task - 1]["predecessors"].append({"task": other, "type": kind, "lag": lag})
        leaves.append(task)
        previous = task
    return {
        "format": "infradesk",
        "version": 1,
        "projects": [
            {
                "name": f"Generated plan ({task_count} tasks)",
                "start": "2026-01-05T08:00",
                "tasks": tasks,
            }
        ],
    }
