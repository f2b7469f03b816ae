"""Time the schedule engine on generated plans with progress and constraints.

The plans of bench_schedule.py (10,000 and 100,000 tasks), progressed to a status date: the
tasks scheduled to finish before it are finished on their scheduled dates (every 7th one a
day late), those running over it are in progress at 40%, and 3% of the open tasks carry a
constraint of every type (SNET FNET SNLT FNLT MSO MFO ALAP).

Prints medians (and the best run) in milliseconds; the plain and the progressed schedule
alternate, and their ratio is the figure to compare across loaded machines.

Run: ``.venv/bin/python bench/bench_progress.py [--sizes 10000 100000] [--repeat 5]``
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable
from dataclasses import replace
from statistics import median

from bench_schedule import make_plan, times_ms, timing

from infradesk.schedule.calendar import TimeAxis
from infradesk.schedule.engine import (
    PlanInput,
    Scheduler,
    TaskInput,
    compile_network,
    run_passes,
    schedule,
)

TYPES = ("SNET", "FNET", "SNLT", "FNLT", "MSO", "MFO", "ALAP")


def progress_plan(plan: PlanInput, share_done: float = 0.3, seed: int = 2) -> PlanInput:
    """``plan`` with actuals up to a status date after ``share_done`` of its span."""
    rng = random.Random(seed)
    axis = TimeAxis(plan.calendar, plan.project_start)
    first = schedule(plan, axis)
    finishes = sorted(first.positions(t.id)[1] for t in plan.tasks)
    status_pos = finishes[int(len(finishes) * share_done)]
    tasks: list[TaskInput] = []
    for task in plan.tasks:
        es, ef = first.positions(task.id)[:2]
        if first.is_summary(task.id):
            tasks.append(task)
        elif ef <= status_pos:
            late = 480 if task.id % 7 == 0 else 0
            tasks.append(
                replace(
                    task,
                    actual_start=axis.start_at(es),
                    actual_finish=axis.finish_at(min(ef + late, status_pos)),
                    percent_complete=100,
                )
            )
        elif es < status_pos:
            tasks.append(replace(task, actual_start=axis.start_at(es), percent_complete=40))
        elif rng.random() < 0.03:
            kind = rng.choice(TYPES)
            moment = axis.start_at(es + rng.choice([-960, 0, 480, 2400]))
            tasks.append(replace(task, constraint_type=kind, constraint_date=moment))
        else:
            tasks.append(task)
    return replace(plan, tasks=tasks, status_date=axis.start_at(status_pos))


def bench(size: int, repeat: int) -> None:
    plain = make_plan(size)
    plan = progress_plan(plain)
    axis = TimeAxis(plan.calendar, plan.project_start)
    network = compile_network(plan.tasks, plan.links)
    result = run_passes(network, plan, axis)
    states = [result.progress(t.id) for t in plan.tasks]
    print(
        f"{size:>7} tasks: {states.count('finished')} finished, "
        f"{states.count('in_progress')} in progress, {len(network.constraints)} dated "
        f"constraints, {len(network.alap)} ALAP, {len(result.conflicts)} conflicts -> finish "
        f"{result.project_finish:%Y-%m-%d}, status {plan.status_date:%Y-%m-%d}"
    )

    def row(label: str, fn: Callable[[], object]) -> None:
        print(f"  {label:<52}{timing(fn, repeat)}")

    # the two full schedules alternate, so a change of the machine's load hits both alike
    plain_ms: list[float] = []
    progress_ms: list[float] = []
    for _ in range(repeat):
        plain_ms += times_ms(lambda: schedule(plain, axis), 1)
        progress_ms += times_ms(lambda: schedule(plan, axis), 1)
    for label, times in (
        ("schedule(plan) without progress (same plan)", plain_ms),
        ("schedule(plan) with progress and constraints", progress_ms),
    ):
        print(f"  {label:<52}{median(times):9.1f} ms (best {min(times):.1f})")
    ratios = [b / a for a, b in zip(plain_ms, progress_ms, strict=True)]
    print(f"  {'  ratio with / without (median of the pairs)':<52}{median(ratios):9.2f}")
    row("  passes on the compiled network", lambda: run_passes(network, plan, axis))
    scheduler = Scheduler(plan)
    victim = next(
        t
        for t in plan.tasks[len(plan.tasks) // 2 :]
        if t.actual_start is None and t.constraint_type == "ASAP" and not result.is_summary(t.id)
    )
    toggle = [victim.duration_minutes + 480, victim.duration_minutes]

    def edit_duration() -> None:
        toggle.reverse()
        scheduler.update_task(replace(victim, duration_minutes=toggle[0]))

    row("Scheduler: edit one duration, reschedule", edit_duration)
    ongoing = next(t for t in plan.tasks if t.actual_start and t.actual_finish is None)
    percents = [80.0, 40.0]

    def edit_percent() -> None:
        percents.reverse()
        scheduler.update_task(replace(ongoing, percent_complete=percents[0]))

    row("Scheduler: edit one percent complete, reschedule", edit_percent)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    for size in args.sizes:
        bench(size, args.repeat)


if __name__ == "__main__":
    main()
