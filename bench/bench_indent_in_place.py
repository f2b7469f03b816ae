"""Indent and its undo in a kept Scheduler, where the task above has links in (it turns into
a summary whose links go to new gate nodes, patched in place), against compiling the plan.

Run: ``.venv/bin/python bench/bench_indent_in_place.py [--sizes 10000 100000] [--count 15]``

On ``bench_schedule.make_plan`` (phases of 50, 1.5 links per task, a German calendar with a
year-end freeze): leaves whose row above is a leaf sibling with links in, each indented under
it and put back, the CPU time of each step (a shared machine: CPU, medians). Indents
refused as loops (a link between the two) are skipped. Prints one line per size.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_schedule import make_plan

from infradesk.schedule.engine import CycleError, Scheduler, compile_network


def cpu_ms(action: Callable[..., object], *args: object) -> float:
    started = time.process_time()
    action(*args)
    return (time.process_time() - started) * 1000


def measure(size: int, count: int) -> str:
    plan = make_plan(size)
    compile_ms = cpu_ms(lambda: compile_network(plan.tasks, plan.links))
    scheduler = Scheduler(plan)
    network = scheduler.result.network
    rng = random.Random(3)
    indents: list[float] = []
    undos: list[float] = []
    in_place = 0
    for _ in range(count * 20):
        if len(indents) == count:
            break
        k = rng.randrange(1, size)
        task, above = scheduler.plan.tasks[k], scheduler.plan.tasks[k - 1]
        if (
            network.is_summary[k]
            or network.is_summary[k - 1]
            or task.parent_id != above.parent_id
            or network.in_src[k - 1] is None
        ):
            continue
        try:
            moved = [replace(task, parent_id=above.id), above]
            indents.append(cpu_ms(scheduler.update_tasks, moved))
        except CycleError:
            continue
        in_place += scheduler.result.network is network
        undos.append(cpu_ms(scheduler.update_tasks, [task]))
        in_place += scheduler.result.network is network
    return (
        f"{size:>7,} tasks: indent {statistics.median(indents):6.1f} ms, undo "
        f"{statistics.median(undos):6.1f} ms (CPU medians of {len(indents)}; "
        f"{in_place} of {2 * len(indents)} in place); compiling the plan {compile_ms:.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--count", type=int, default=15)
    args = parser.parse_args()
    for size in args.sizes:
        print(measure(size, args.count), flush=True)


if __name__ == "__main__":
    main()
