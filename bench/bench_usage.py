"""Time the resource usage grid: 10,000 tasks x 200 resources x 2 years by day.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_usage.py [--tasks 10000]``

* core    — the pure grid (``schedule/usage.py``): each task's day run from its start, finish
            and calendar, then the spread (target < 200 ms); wall time, and the process's CPU
            time (on a shared machine the wall time counts the other processes' turns too).
            A row's running sums and overloaded days are made when first asked (the paint
            below pays for its visible rows)
* service — ``read_usage`` over the same plan stored in a workspace of five projects: the
            queries, the calendars, the runs and the grid (no target; what a reload costs)
* paint   — one repaint of the usage view's viewport (1100 x 800 px) at day, week and month
            zoom, over several scroll positions (target < 16 ms)

Medians over the repeats are printed.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from array import array
from datetime import date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtWidgets import QApplication

from infradesk.model import Assignment, Project, Resource, Task
from infradesk.schedule.calendar import WorkingCalendar
from infradesk.schedule.usage import DayTable, Load, TaskRun, minutes_of, spread
from infradesk.services.resources.usage import read_usage
from infradesk.store.workspace import Workspace
from infradesk.ui.context import AppContext
from infradesk.ui.resources.usage_view import ResourceUsageView

FIRST = date(2026, 1, 5)  # a Monday
DAYS = 730
RESOURCES = 200


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def plan(tasks: int, seed: int = 18) -> list[tuple[datetime, datetime, list[tuple[int, float]]]]:
    """Tasks of 1-15 working days across two years, one to three people each."""
    rng = random.Random(seed)
    axis_calendar = WorkingCalendar()
    planned = []
    for _ in range(tasks):
        day = FIRST + timedelta(days=rng.randrange(DAYS - 30))
        while not axis_calendar.is_working_day(day):
            day += timedelta(days=1)
        length = rng.randint(1, 15)
        end, counted = day, 1
        while counted < length:
            end += timedelta(days=1)
            counted += axis_calendar.is_working_day(end)
        people = rng.sample(range(RESOURCES), rng.randint(1, 3))
        planned.append(
            (
                datetime.combine(day, datetime.min.time()).replace(hour=8),
                datetime.combine(end, datetime.min.time()).replace(hour=17),
                [(person, rng.choice((0.5, 1.0))) for person in people],
            )
        )
    return planned


def bench_core(planned: list, repeats: int) -> None:
    calendar = WorkingCalendar()
    capacity = array("d")
    for _row in range(RESOURCES):
        capacity.extend(
            float(minutes_of(calendar.day_intervals(FIRST + timedelta(days=d))))
            for d in range(DAYS)
        )
    times_runs, times_spread, cpu = [], [], []
    for _ in range(repeats):
        c0 = time.process_time()
        t0 = time.perf_counter()
        table = DayTable(calendar.day_intervals, FIRST, FIRST + timedelta(days=DAYS))
        runs: dict[int, TaskRun] = {}
        loads: list[Load] = []
        for key, (start, finish, people) in enumerate(planned):
            run = runs[key] = table.task_run(start, finish, FIRST)
            for person, units in people:
                loads.append(Load(key, person, run.total * units, key % 5 == 0))
        t1 = time.perf_counter()
        grid = spread(RESOURCES, DAYS, capacity, runs, loads)
        t2 = time.perf_counter()
        cpu.append(time.process_time() - c0)
        times_runs.append(t1 - t0)
        times_spread.append(t2 - t1)
    over = sum(grid.bucket(r, 0, DAYS)[3] for r in range(RESOURCES))
    print(f"core     day runs        {ms(statistics.median(times_runs))}")
    print(f"core     spread          {ms(statistics.median(times_spread))}")
    total = statistics.median(a + b for a, b in zip(times_runs, times_spread, strict=True))
    print(f"core     total           {ms(total)}   (target < 200 ms; {over} overloaded days)")
    print(f"core     total, CPU time {ms(statistics.median(cpu))}   (this process alone)")


def store(planned: list, path: Path) -> int:
    workspace = Workspace.create(path)
    with workspace.session() as s:
        projects = [Project(name=f"Project {n}", start=datetime(2026, 1, 5, 8)) for n in range(5)]
        people = [Resource(name=f"Person {n:03d}") for n in range(RESOURCES)]
        s.add_all(projects + people)
        s.flush()
        tasks = [
            Task(project_id=projects[i % 5].id, name=f"Task {i}", start=start, finish=finish)
            for i, (start, finish, _people) in enumerate(planned)
        ]
        s.add_all(tasks)
        s.flush()
        s.add_all(
            Assignment(
                task_id=task.id,
                resource_id=people[person].id,
                units=units,
                work_minutes=0,  # filled from the run, as for an import without work
                position=position,
            )
            for task, (_s, _f, assigned) in zip(tasks, planned, strict=True)
            for position, (person, units) in enumerate(assigned)
        )
        focus = projects[0].id
    workspace.close()
    return focus


def bench_service(path: Path, focus: int, repeats: int) -> None:
    workspace = Workspace.open(path)
    times, cpu = [], []
    for _ in range(repeats):
        c0 = time.process_time()
        t0 = time.perf_counter()
        read_usage(workspace, FIRST, FIRST + timedelta(days=DAYS - 1), focus)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    workspace.close()
    print(f"service  read_usage      {ms(statistics.median(times))}")
    print(f"service  CPU time        {ms(statistics.median(cpu))}")


def bench_paint(path: Path, focus: int, app: QApplication) -> None:
    workspace = Workspace.open(path)
    context = AppContext(workspace)
    context.set_project(focus)
    view = ResourceUsageView(context)
    view.resize(1100, 800 + 60)
    view.show()
    app.processEvents()
    chart = view.chart
    for zoom in ("day", "week", "month"):
        view.set_zoom(zoom)
        app.processEvents()
        times = []
        bar, rows = chart.horizontalScrollBar(), chart.verticalScrollBar()
        for step in range(12):
            bar.setValue(bar.maximum() * step // 11)
            rows.setValue(rows.maximum() * (step % 4) // 3)
            app.processEvents()
            t0 = time.perf_counter()
            chart.viewport().repaint()
            times.append(time.perf_counter() - t0)
        size = chart.viewport().size()
        print(
            f"paint    {zoom:<5} viewport  {ms(statistics.median(times))}   "
            f"(max {ms(max(times)).strip()}; {size.width()} x {size.height()} px; target < 16 ms)"
        )
    view.close()
    workspace.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    planned = plan(args.tasks)
    people = sum(len(p) for *_x, p in planned)
    print(f"{args.tasks:,} tasks, {people:,} assignments, {RESOURCES} resources, {DAYS} days")
    bench_core(planned, args.repeats)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "usage.infradesk"
        focus = store(planned, path)
        bench_service(path, focus, args.repeats)
        bench_paint(path, focus, app)


if __name__ == "__main__":
    main()
