"""Time the Gantt tab on generated plans: open, paint one viewport, edit (drag a bar).

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_gantt.py [--sizes 10000 100000]``

* open   — from opening the workspace file to the painted Gantt tab (model load, schedule,
           first paint of table and chart)
* paint  — one repaint of the chart viewport (1100 x 800 px), best and median over positions
* edit   — a bar dragged to a new start: command, reschedule, write-back, model refresh and
           repaint of the chart, as after a mouse release; also a duration change and its undo
* first edit after opening — a bar dragged right after the tab opened: without the scheduler
           built in the background (``incremental.warm_scheduler``, which the app runs on a
           worker after opening), and with it (the warm-up's own time is printed too)
* indent — Tab on one task to repainted (medians over several tasks; undo too), on the plan
           in 50-task phases and on a flat plan (every task at the top level, siblings ~ n)
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gantt_plans import create_big_project
from PySide6.QtWidgets import QApplication

from infradesk.services.changes import Changes
from infradesk.services.plan import incremental
from infradesk.services.plan.outline_edits import IndentTasks
from infradesk.store.workspace import Workspace
from infradesk.ui.context import AppContext
from infradesk.ui.gantt.tab import GanttTab


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def _generate(folder: Path, size: int, phase_size: int) -> tuple[Path, int]:
    path = folder / f"bench-{size}-{phase_size}.infradesk"
    workspace = Workspace.create(path)
    t = time.perf_counter()
    with workspace.session() as session:
        project_id = create_big_project(session, size, phase_size=phase_size)
    workspace.close()
    shape = f"in {phase_size}-task phases" if phase_size else "flat"
    print(f"\n{size:,} tasks, {shape} (generated and stored in {time.perf_counter() - t:.1f} s)")
    return path, project_id


def _open(path: Path, project_id: int, app: QApplication) -> tuple[Workspace, AppContext, GanttTab]:
    workspace = Workspace.open(path)
    context = AppContext(workspace)
    tab = GanttTab(context)
    tab.resize(1800, 900)
    tab.show()
    context.set_project(project_id)
    app.processEvents()
    tab.repaint()
    tab.chart.viewport().repaint()
    return workspace, context, tab


def _close(workspace: Workspace, tab: GanttTab, app: QApplication) -> None:
    tab.close()
    tab.deleteLater()
    app.processEvents()
    workspace.close()


def _drag(tab: GanttTab, fraction: float, days: int) -> float:
    """Drag the bar of the first task at ``fraction`` of the plan by ``days``; seconds to the
    repainted chart."""
    outline = tab.model.outline
    leaf = next(
        r for r in range(int(len(outline) * fraction), len(outline)) if not outline.summary[r]
    )
    start = outline.start[leaf]
    assert start is not None
    t = time.perf_counter()
    tab.tab_actions.bar_moved(leaf, start + timedelta(days=days))
    tab.chart.viewport().repaint()
    return time.perf_counter() - t


def _indents(tab: GanttTab, app: QApplication, count: int = 5) -> tuple[list[float], list[float]]:
    """Indent ``count`` tasks (spread over the plan) one at a time, each undone after; the
    seconds of each indent and each undo to the repainted chart. An indent the plan refuses
    (its links would close a loop) is skipped."""
    outline = tab.model.outline
    context = tab.context
    indents: list[float] = []
    undos: list[float] = []
    fractions = iter([0.5, 0.3, 0.7, 0.4, 0.6, 0.2, 0.8, 0.45, 0.55, 0.35, 0.65, 0.25, 0.75])
    for fraction in fractions:
        if len(indents) == count:
            break
        row = int(len(outline) * fraction)
        while row < len(outline) and (
            outline.summary[row] or row == 0 or outline.parent[row] == row - 1
        ):
            row += 1  # a task with a sibling above it
        tab.select_tasks([outline.ids[row]])
        bar = tab.chart.verticalScrollBar()
        bar.setValue(max(0, row * tab.painter.row_height - 300))
        app.processEvents()
        t = time.perf_counter()
        done = tab.run(IndentTasks(context.project_id or 0, [outline.ids[row]]))
        tab.chart.viewport().repaint()
        elapsed = time.perf_counter() - t
        if not done:
            continue
        indents.append(elapsed)
        t = time.perf_counter()
        context.undo_stack.undo()
        tab.chart.viewport().repaint()
        undos.append(time.perf_counter() - t)
        outline = tab.model.outline
    return indents, undos


def _median_row(label: str, times: list[float], note: str = "") -> None:
    print(
        f"  {label:30s} best {ms(min(times))}, median {ms(statistics.median(times))}"
        f"  ({len(times)} runs{note})"
    )


def run(size: int, app: QApplication, folder: Path) -> None:
    path, project_id = _generate(folder, size, 50)

    # the first edit after opening, as today without the warm-up, then with it
    t0 = time.perf_counter()
    workspace, context, tab = _open(path, project_id, app)
    print(f"  open workspace -> painted Gantt  {ms(time.perf_counter() - t0)}")
    print(f"  first edit after opening, cold {ms(_drag(tab, 0.5, 3))}")
    _close(workspace, tab, app)
    incremental.forget()
    workspace, context, tab = _open(path, project_id, app)
    t = time.perf_counter()
    incremental.warm_scheduler(workspace, project_id)
    print(f"  warm-up (on a worker in the app) {ms(time.perf_counter() - t)}")
    print(f"  first edit after opening, warm {ms(_drag(tab, 0.5, 2))}")

    chart = tab.chart
    bar = chart.verticalScrollBar()
    times = []
    for fraction in (0.0, 0.1, 0.33, 0.5, 0.77, 0.99) * 3:
        bar.setValue(int(bar.maximum() * fraction))
        app.processEvents()
        row = tab.painter.view_rows[
            min(len(tab.painter.view_rows) - 1, bar.value() // tab.painter.row_height)
        ]
        start = tab.model.outline.start[row]
        if start is not None:
            chart.scroll_to_time(start)
        t = time.perf_counter()
        chart.viewport().repaint()
        times.append(time.perf_counter() - t)
    print(
        f"  paint one viewport             best {ms(min(times))}, median "
        f"{ms(statistics.median(times))}  ({tab.painter.rows_painted} rows)"
    )

    outline = tab.model.outline
    announced: list[Changes] = []
    context.changed.connect(announced.append)

    for where, fraction in (("near the end", 0.98), ("mid-plan", 0.5)):
        leaf = next(
            r for r in range(int(len(outline) * fraction), len(outline)) if not outline.summary[r]
        )
        tab.select_tasks([outline.ids[leaf]])
        edits, moved = [], []
        for step in (3, 5, 2):
            start = outline.start[leaf]
            assert start is not None
            t = time.perf_counter()
            tab.tab_actions.bar_moved(leaf, start + timedelta(days=step))
            chart.viewport().repaint()
            edits.append(time.perf_counter() - t)
            rescheduled = announced[-1].rescheduled_ids if announced else None
            moved.append(-1 if rescheduled is None else len(rescheduled))
        print(
            f"  drag a bar {where:13s} best {ms(min(edits))}, median "
            f"{ms(statistics.median(edits))}  ({max(moved)} tasks rescheduled)"
        )
    t = time.perf_counter()
    tab.tab_actions.bar_resized(leaf, outline.finish[leaf] + timedelta(days=2))
    chart.viewport().repaint()
    print(f"  resize a bar                   {ms(time.perf_counter() - t)}")
    t = time.perf_counter()
    context.undo_stack.undo()
    chart.viewport().repaint()
    print(f"  undo                           {ms(time.perf_counter() - t)}")
    indents, undos = _indents(tab, app)
    _median_row("indent, 50-task phases", indents)
    _median_row("undo of that indent", undos)
    _close(workspace, tab, app)

    path, project_id = _generate(folder, size, 0)
    workspace, context, tab = _open(path, project_id, app)
    incremental.warm_scheduler(workspace, project_id)
    indents, undos = _indents(tab, app)
    _median_row("indent, flat (siblings ~ n)", indents)
    _median_row("undo of that indent", undos)
    _close(workspace, tab, app)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            run(size, app, Path(folder))
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown of Qt objects (a PySide6 finalisation crash)


if __name__ == "__main__":
    main()
