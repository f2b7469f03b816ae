"""Time the schedule engine on generated plans (10,000 tasks / 15,000 links, and 100,000).

Run: ``.venv/bin/python bench/bench_schedule.py [--sizes 10000 100000] [--repeat 5] [--cpu]``
Prints the median (and the best) of N runs of each stage in milliseconds, and the peak memory.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime

from infradesk.schedule.calendar import FreezeWindow, TimeAxis, WorkingCalendar
from infradesk.schedule.engine import (
    LinkInput,
    PlanInput,
    Scheduler,
    TaskInput,
    compile_network,
    run_passes,
    schedule,
)


def make_plan(task_count: int, link_ratio: float = 1.5, seed: int = 1) -> PlanInput:
    """Workstreams of phases: one summary per 50 tasks, leaf tasks of 1h..10d and milestones,
    1.5 links per task (80% FS, some SS/FF, lags from -4h to 1d) pointing forward within
    a window, 1% production changes, a German calendar with a year-end freeze."""
    rng = random.Random(seed)
    tasks: list[TaskInput] = []
    leaves: list[int] = []
    phase = 0
    for task_id in range(1, task_count + 1):
        if task_id % 50 == 1:
            phase = task_id
            tasks.append(TaskInput(task_id, None, 0, name=f"Phase {task_id}"))
            continue
        duration = rng.choice([0, 60, 240, 480, 960, 2400, 4800])
        tasks.append(
            TaskInput(
                task_id,
                phase,
                duration,
                milestone=duration == 0,
                production_change=rng.random() < 0.01,
                name=f"Task {task_id}",
            )
        )
        leaves.append(task_id)
    links: set[tuple[int, int]] = set()
    streams = max(1, task_count // 2000)  # parallel workstreams keep the plan a few years long
    while len(links) < int(task_count * link_ratio):
        a = rng.randrange(len(leaves) - streams)
        b = min(len(leaves) - 1, a + streams * (1 + int(rng.expovariate(1 / 3))))
        if a != b:
            links.add((leaves[a], leaves[b]))
    kinds = ["FS"] * 8 + ["SS", "FF"]
    link_inputs = [
        LinkInput(a, b, rng.choice(kinds), rng.choice([0, 0, 0, 60, 480, -240])) for a, b in links
    ]
    calendar = WorkingCalendar(
        holiday_country="DE",
        holiday_region="BY",
        freezes=(FreezeWindow("Year-end freeze", date(2026, 12, 15), date(2027, 1, 5)),),
    )
    return PlanInput(datetime(2026, 1, 5, 8, 0), calendar, tasks, link_inputs)


CLOCK: list[Callable[[], float]] = [time.perf_counter]  # --cpu: time.process_time


def times_ms(fn: Callable[[], object], repeat: int) -> list[float]:
    """Milliseconds (wall clock, or CPU time with --cpu) of ``repeat`` runs, each after a full
    collection."""
    clock = CLOCK[0]
    times = []
    for _ in range(repeat):
        gc.collect()
        t0 = clock()
        fn()
        times.append((clock() - t0) * 1000)
    return times


def best_ms(fn: Callable[[], object], repeat: int) -> float:
    return min(times_ms(fn, repeat))


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    """The median: on a shared, loaded machine it moves less than the best run."""
    return statistics.median(times_ms(fn, repeat))


def timing(fn: Callable[[], object], repeat: int) -> str:
    times = times_ms(fn, repeat)
    return f"{statistics.median(times):9.1f} ms (best {min(times):.1f})"


def bench(size: int, repeat: int) -> None:
    plan = make_plan(size)
    axis = TimeAxis(plan.calendar, plan.project_start)
    network = compile_network(plan.tasks, plan.links)
    result = run_passes(network, plan, axis)
    print(
        f"{size:>7} tasks, {len(plan.links):>7} links -> finish {result.project_finish:%Y-%m-%d},"
        f" {len(result.critical_ids)} critical, {len(result.messages)} messages"
    )

    def row(label: str, fn: Callable[[], object]) -> None:
        print(f"  {label:<46}{timing(fn, repeat)}")

    row("schedule(plan) from scratch (compile + passes)", lambda: schedule(plan, axis))
    row("  compile network", lambda: compile_network(plan.tasks, plan.links))
    row("  passes on the compiled network", lambda: run_passes(network, plan, axis))
    fresh = [run_passes(network, plan, axis) for _ in range(repeat)]
    row("date-times of every task (after the passes)", lambda: list(fresh.pop().values()))
    scheduler = Scheduler(plan)
    victim = plan.tasks[len(plan.tasks) // 3]
    toggle = [victim.duration_minutes, victim.duration_minutes + 480]  # each run changes it

    def edit_duration() -> None:
        toggle.reverse()
        scheduler.update_task(replace(victim, duration_minutes=toggle[0]))

    row("Scheduler: edit one duration, reschedule", edit_duration)
    row("  then result.changed_since(previous)", lambda: scheduler.result.changed_since(
        scheduler.previous))  # fmt: skip
    leaves = [task.id for task in plan.tasks if not result.is_summary(task.id)]
    last_finish = max(leaves, key=lambda task_id: result.positions(task_id)[1])
    on_path = scheduler.plan.tasks[scheduler._network.index[last_finish]]
    longer = [on_path.duration_minutes, on_path.duration_minutes + 480]

    def edit_critical_duration() -> None:  # the project finish moves: a full backward pass
        longer.reverse()
        scheduler.update_task(replace(on_path, duration_minutes=longer[0]))

    row("  the same on the task that finishes last", edit_critical_duration)
    first = plan.tasks[2].id
    last = plan.tasks[-1].id

    def add_and_remove_link() -> None:
        scheduler.add_link(LinkInput(first, last, "FS", 0))
        scheduler.remove_link(first, last)

    print(
        f"  {'Scheduler: add + remove a link (2 reschedules)':<46}"
        f"{timing(add_and_remove_link, max(1, repeat // 2))}"
    )
    structural_edits(scheduler, plan, repeat)
    visible = [task.id for task in plan.tasks[len(plan.tasks) // 2 :][:50]]
    fresh = [run_passes(network, plan, axis) for _ in range(repeat)]

    def visible_rows() -> None:
        shown = fresh.pop()
        for task_id in visible:
            shown[task_id].early_start  # noqa: B018  (what a row paints)

    row("date-times of 50 visible rows (lazy)", visible_rows)
    fresh = [run_passes(network, plan, axis) for _ in range(repeat)]
    row("start/finish of every task (writing dates)", lambda: fresh.pop().start_finish())
    gc.collect()
    tracemalloc.start()
    schedule(plan)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"  {'peak memory of schedule(plan)':<46}{peak / 1e6:9.1f} MB")


def structural_edits(scheduler: Scheduler, plan: PlanInput, repeat: int) -> None:
    """Indent (a task under its previous sibling), insert a task into a phase and take it out
    again, on a kept :class:`Scheduler` (each a reschedule)."""
    tasks = scheduler.plan.tasks
    k = len(tasks) // 2
    while tasks[k].parent_id is None or tasks[k - 1].parent_id != tasks[k].parent_id:
        k += 1
    above, moved = tasks[k - 1], tasks[k]
    indented = [replace(moved, parent_id=above.id), replace(above)]
    outdented = [moved, above]
    flip = [outdented, indented]

    def indent_and_outdent() -> None:
        flip.reverse()
        scheduler.update_tasks(flip[0])

    row = f"  {'Scheduler: indent one task (re-parent)':<46}"
    print(f"{row}{timing(indent_and_outdent, max(2, repeat))}")
    # the first task of a phase moved into the phase before it, and back: an indent or
    # outdent under a summary that stays one (patched in place)
    first = next(t for t in tasks[k:] if t.parent_id is not None and t.parent_id != moved.parent_id)
    into_previous = [replace(first, parent_id=moved.parent_id)]
    move = [[first], into_previous]

    def move_between_phases() -> None:
        move.reverse()
        scheduler.update_tasks(move[0])

    row = f"  {'Scheduler: move a task to the phase before':<46}"
    print(f"{row}{timing(move_between_phases, max(2, repeat))}")
    new_id = max(task.id for task in tasks) + 1
    inserted = TaskInput(new_id, moved.parent_id, 480, name="Inserted")

    def insert_and_delete() -> None:
        current = list(scheduler.plan.tasks)
        if any(task.id == new_id for task in current):
            scheduler.set_tasks([task for task in current if task.id != new_id])
        else:
            scheduler.set_tasks([*current[: k + 1], inserted, *current[k + 1 :]])

    row = f"  {'Scheduler: insert or delete one task':<46}"
    print(f"{row}{timing(insert_and_delete, max(2, repeat))}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--cpu",
        action="store_true",
        help="time the process's CPU time: on a machine shared with other work the wall "
        "clock also counts the time spent waiting for a core",
    )
    args = parser.parse_args()
    if args.cpu:
        CLOCK[0] = time.process_time
    for size in args.sizes:
        bench(size, args.repeat)


if __name__ == "__main__":
    main()
