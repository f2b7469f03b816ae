"""Time the earned-value figures (every task, summary and the project, with earned schedule)
and the weekly S-curve on generated plans.

Run: ``.venv/bin/python bench/bench_earned_value.py [--sizes 10000 100000] [--repeat 5]``
Prints the best of N runs of each stage in milliseconds. Target (issue 15): the EVM figures for
10,000 tasks in under 50 ms.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal

from infradesk.schedule.calendar import TimeAxis, WorkingCalendar
from infradesk.schedule.earned_value import EvmColumns, EvmInput, EvmTask, earned_value, s_curve

START = datetime(2026, 1, 5, 8, 0)
CALENDAR = WorkingCalendar(holiday_country="DE", holiday_region="BY")
STATUS = datetime(2027, 1, 4, 12, 0)  # a year in


def make_tasks(count: int, axis: TimeAxis, dates: bool, seed: int = 1) -> list[EvmTask]:
    """One summary per 50 tasks, each phase a chain of leaves of 0..10 working days starting
    somewhere in the first two years; costs of 0..50,000.00. Progress as of STATUS: work whose
    baseline is past is mostly done (some late), work under way partly done, a little started
    early; actual costs around the earned value."""
    rng = random.Random(seed)
    status = axis.position_of(STATUS)
    tasks: list[EvmTask] = []
    cursor = 0
    phase = 0
    for task_id in range(1, count + 1):
        if task_id % 50 == 1:
            phase = task_id
            cursor = rng.randrange(0, 500) * 480
            tasks.append(EvmTask(task_id, None, summary=True, name=f"Phase {task_id}"))
            continue
        start = cursor + rng.choice([0, 0, 240, 480])
        finish = start + rng.choice([0, 240, 480, 960, 2400, 4800])
        cursor = finish
        cost = Decimal(rng.randrange(0, 5_000_000)) / 100
        if finish <= status:
            percent = 100 if rng.random() < 0.85 else rng.randrange(0, 100)
        elif start < status:
            percent = rng.randrange(0, 100)
        else:
            percent = rng.randrange(1, 30) if rng.random() < 0.05 else 0
        actual = (cost * percent / 100 * Decimal(rng.uniform(0.8, 1.3))).quantize(Decimal("0.01"))
        baseline_start: datetime | int = axis.start_at(start) if dates else start
        baseline_finish: datetime | int = axis.finish_at(finish) if dates else finish
        tasks.append(
            EvmTask(
                task_id,
                phase,
                baseline_start,
                baseline_finish,
                cost,
                percent,
                actual,
                actual_start=baseline_start if percent else None,
                actual_finish=baseline_finish if percent == 100 else None,
            )
        )
    return tasks


def best_ms(action: Callable[[], object], repeat: int) -> float:
    """Best CPU time of ``repeat`` runs (process time: the machine may be shared)."""
    times = []
    for _ in range(repeat):
        began = time.process_time()
        action()
        times.append((time.process_time() - began) * 1000)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    axis = TimeAxis(CALENDAR, START)
    for size in args.sizes:
        for kind in ("date-times", "positions", "columns"):
            objects = make_tasks(size, axis, kind == "date-times")
            # the columns of positions are what the service reads (no object per task)
            tasks: EvmInput = EvmColumns.of(objects) if kind == "columns" else objects
            figures = best_ms(lambda: earned_value(tasks, STATUS, axis), args.repeat)  # noqa: B023
            curve = best_ms(lambda: s_curve(tasks, STATUS, axis), args.repeat)  # noqa: B023
            result = earned_value(tasks, STATUS, axis)
            points = len(s_curve(tasks, STATUS, axis))
            schedule = result.schedule
            spi_t = f"{schedule.spi_t:.3f}" if schedule and schedule.spi_t else "-"
            print(
                f"{size:>7} tasks ({kind:>10}): figures {figures:7.1f} ms, "
                f"S-curve {curve:7.1f} ms ({points} weeks); "
                f"SPI {result.project.spi or 0:.3f} CPI {result.project.cpi or 0:.3f} "
                f"SPI(t) {spi_t}; baseline finish {schedule.baseline_finish if schedule else '-'}"
            )


if __name__ == "__main__":
    main()
