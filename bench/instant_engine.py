"""The engine's rows of the issue-22 table, on ``bench_schedule.make_plan`` (phases of 50
tasks, 1.5 links per task, a German calendar with a year-end freeze)."""

from __future__ import annotations

import gc
import statistics
import subprocess
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from instant_fixtures import Fixtures
from instant_table import Cell, cpu_clock, median_text, seconds_text, timed
from mpxj_schedule import TIMEOUT_S, mpxj_schedule_ms
from naive_cpm import naive_schedule

from infradesk.schedule.engine import PlanInput, Scheduler, TaskInput, compile_network, schedule

VISIBLE_ROWS = 50


def runs(action: Callable[[], object], repeat: int) -> list[float]:
    """Seconds of ``repeat`` runs, each after a full collection."""
    times = []
    for _ in range(repeat):
        gc.collect()
        times.append(timed(action))
    return times


def edit_duration(fixtures: Fixtures, size: int, repeat: int) -> Cell:
    """A leaf's duration changed by a day and back, in a kept Scheduler (the passes again)."""
    plan = fixtures.plan(size)
    scheduler = Scheduler(plan)
    victim = plan.tasks[len(plan.tasks) // 3]
    toggle = [victim.duration_minutes + 480, victim.duration_minutes]

    def edit() -> None:
        toggle.reverse()
        scheduler.update_task(replace(victim, duration_minutes=toggle[0]))

    edit()  # the first edit warms the scheduler's caches
    times = runs(edit, max(repeat, 5))
    median = statistics.median(times)
    return Cell(seconds_text(median), median < 0.020)


def all_and_visible_dates(fixtures: Fixtures, size: int, repeat: int) -> Cell:
    """Date-times of every task of a fresh result, and of 50 rows in the middle (what a
    viewport shows), each on results just computed (so nothing is cached yet)."""
    plan = fixtures.plan(size)
    middle = len(plan.tasks) // 2
    shown = [t.id for t in plan.tasks[middle : middle + VISIBLE_ROWS]]

    def dates_of(task_ids: list[int] | None) -> float:
        result = schedule(plan)
        gc.collect()
        if task_ids is None:
            return timed(lambda: list(result.values()))
        return timed(lambda: [result[i] for i in task_ids])

    every = [dates_of(None) for _ in range(repeat)]
    visible = [dates_of(shown) for _ in range(repeat)]
    rows = statistics.median(visible)
    return Cell(f"{median_text(every)} (50 rows {seconds_text(rows)})", rows < 0.005)


def _indent_pair(plan: PlanInput) -> tuple[TaskInput, int]:
    """A leaf in the middle of the plan whose previous sibling is a leaf: indenting it makes
    it that sibling's child."""
    tasks = plan.tasks
    parents = {t.parent_id for t in tasks if t.parent_id is not None}
    for i in range(len(tasks) // 2, len(tasks)):
        task, before = tasks[i], tasks[i - 1]
        if (
            task.id not in parents
            and before.id not in parents
            and before.parent_id == task.parent_id
            and before.duration_minutes > 0
        ):
            return task, before.id
    raise ValueError("no task to indent")


def compile_and_reparent(fixtures: Fixtures, size: int, repeat: int) -> Cell:
    """Compiling the network from scratch, and a re-parent (the engine's part of an indent)
    in a kept Scheduler: the network is reused when that costs much less than compiling."""
    plan = fixtures.plan(size)
    compiled = runs(lambda: compile_network(plan.tasks, plan.links), repeat)
    scheduler = Scheduler(plan)
    task, new_parent = _indent_pair(plan)
    moves = [replace(task, parent_id=new_parent), task]

    def reparent() -> None:
        moves.reverse()
        scheduler.update_task(moves[-1])

    reparented = runs(reparent, max(repeat, 4))
    edit = statistics.median(reparented)
    return Cell(f"{median_text(compiled)} (re-parent {seconds_text(edit)})", edit < 0.020)


def full_schedule_with_dates(plan: PlanInput) -> None:
    result = schedule(plan)
    for task_schedule in result.values():
        task_schedule.early_start  # noqa: B018  (every date-time built)


def against_naive_cpm(fixtures: Fixtures, size: int, repeat: int) -> Cell:
    """The full schedule with every task's date-times vs ``naive_cpm.naive_schedule``."""
    plan = fixtures.plan(size)
    ours = statistics.median(runs(lambda: full_schedule_with_dates(plan), repeat))
    naive = statistics.median(runs(lambda: naive_schedule(plan), repeat))
    ratio = ours / naive
    return Cell(f"{seconds_text(ours)} vs {seconds_text(naive)} ({ratio:.2f}x)", ratio <= 1.0)


def against_mpxj(fixtures: Fixtures, size: int, repeat: int, python: str | None, why: str) -> Cell:
    """Our full schedule with date-times vs MPXJ's MicrosoftScheduler on the same plan (our
    MSPDI export of it), both warm, medians."""
    if python is None:
        return Cell(why)
    plan = fixtures.plan(size)
    path: Path = fixtures.mspdi(size)
    ours = statistics.median(runs(lambda: full_schedule_with_dates(plan), repeat))
    try:
        tasks, times = mpxj_schedule_ms(python, path, repeat, cpu=cpu_clock())
    except subprocess.TimeoutExpired:  # its reading and first call took that long
        return Cell(f"{seconds_text(ours)} vs MPXJ: no result in {TIMEOUT_S} s")
    if tasks < len(plan.tasks):
        raise RuntimeError(f"MPXJ read {tasks} tasks of {len(plan.tasks)}")
    theirs = statistics.median(times) / 1000
    ratio = ours / theirs
    return Cell(f"{seconds_text(ours)} vs {seconds_text(theirs)} ({ratio:.2f}x)", ratio <= 1.0)
