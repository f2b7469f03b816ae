"""Time the Gantt tab on generated plans: open, paint one viewport, edit (drag a bar).

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_gantt.py [--sizes 10000 100000]``

* open   — from opening the workspace file to the painted Gantt tab (model load, schedule,
           first paint of table and chart)
* paint  — one repaint of the chart viewport (1100 x 800 px), best and median over positions
* edit   — a bar dragged to a new start: command, reschedule, write-back, model refresh and
           repaint of the chart, as after a mouse release; also a duration change and its undo
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
from infradesk.store.workspace import Workspace
from infradesk.ui.context import AppContext
from infradesk.ui.gantt.tab import GanttTab


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def run(size: int, app: QApplication, folder: Path) -> None:
    path = folder / f"bench-{size}.infradesk"
    workspace = Workspace.create(path)
    t = time.perf_counter()
    with workspace.session() as session:
        project_id = create_big_project(session, size)
    workspace.close()
    print(f"\n{size:,} tasks (generated and stored in {time.perf_counter() - t:.1f} s)")

    t0 = time.perf_counter()
    workspace = Workspace.open(path)
    context = AppContext(workspace)
    tab = GanttTab(context)
    tab.resize(1800, 900)
    tab.show()
    context.set_project(project_id)
    app.processEvents()
    tab.repaint()
    tab.chart.viewport().repaint()
    t_open = time.perf_counter() - t0
    print(f"  open workspace -> painted Gantt  {ms(t_open)}")

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
    t = time.perf_counter()
    tab.select_tasks([outline.ids[leaf]])
    tab.tab_actions.indent_selected()
    chart.viewport().repaint()
    print(f"  indent (structural, reload)    {ms(time.perf_counter() - t)}")
    tab.close()
    tab.deleteLater()
    app.processEvents()
    workspace.close()


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
