"""Time the schedule engine with task and resource calendars (issue 18) on 10,000 tasks.

Run: ``.venv/bin/python bench/bench_task_calendars.py [--size 10000] [--repeat 5]``
Prints the median (and the best) of N full schedules (compile + passes) in milliseconds for:
no calendars; resource calendars on most tasks (200 resources, some part-time, each with a few
leave days); the same with 2% of the tasks on a 24x7 task calendar (which widens the master
axis: every task then runs on a clock). Target: < 100 ms with resource calendars.
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_schedule import make_plan, timing

from infradesk.schedule.calendar import TimeAxis, WorkingCalendar
from infradesk.schedule.engine import PlanInput, schedule
from infradesk.schedule.task_calendars import (
    ClockSpec,
    ResourceClock,
    clock_spec,
)

H24 = WorkingCalendar(weekdays=frozenset(range(7)), hours=((0, 1440),))
PART_TIME = WorkingCalendar(weekdays=frozenset({0, 1, 2}), hours=((480, 720), (780, 1020)))


def resources(count: int, rng: random.Random) -> list[ResourceClock]:
    """People with 3-8 leave days over two years; one in five part-time (Mon-Wed)."""
    first = date(2026, 1, 5)
    pool = []
    for k in range(count):
        count_days = rng.randint(3, 8)
        leave = sorted({first + timedelta(days=rng.randrange(730)) for _ in range(count_days)})
        calendar = PART_TIME if k % 5 == 0 else None
        pool.append(ResourceClock(f"R{k}", calendar, tuple((d, ()) for d in leave)))
    return pool


def with_clocks(plan: PlanInput, share_24x7: float, seed: int = 2) -> PlanInput:
    rng = random.Random(seed)
    pool = resources(200, rng)
    tasks = []
    for task in plan.tasks:
        if task.duration_minutes and rng.random() < 0.9:
            chosen = rng.sample(pool, rng.choice([1, 1, 2]))
            calendar = H24 if rng.random() < share_24x7 else None
            spec: ClockSpec | None = clock_spec(calendar, chosen, "24 Hours")
            task = replace(task, clock=spec)
        tasks.append(task)
    return replace(plan, tasks=tasks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    plain = make_plan(args.size)
    cases = [
        ("no calendars", plain),
        ("resource calendars on ~90% of the tasks", with_clocks(plain, 0.0)),
        ("... and 2% of the tasks on 24x7", with_clocks(plain, 0.02)),
    ]
    # the project calendar's axis is kept between runs, as bench_schedule does (the Scheduler
    # and the services keep it); a plan with a 24x7 task builds its wider master axis each time
    axis = TimeAxis(plain.calendar, plain.project_start)
    print(f"{args.size} tasks, {len(plain.links)} links; full schedule (compile + passes):")
    for label, plan in cases:
        result = schedule(plan, axis)
        print(
            f"  {label:<42}{timing(lambda plan=plan: schedule(plan, axis), args.repeat)}"
            f"  finish {result.project_finish:%Y-%m-%d}"
        )


if __name__ == "__main__":
    main()
