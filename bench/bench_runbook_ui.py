"""Time the Runbooks tab's live view on a 2,000-step runbook mid-rehearsal.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_runbook_ui.py [--steps 2000]``

* open     — the tab's reload of the Plan page: the runbook read, the plan computed and the
             table filled (target < 500 ms)
* click    — one Space on the live view: the command committed, the view recomputed at now
             (``runbook_view``) and applied to the page, with the parts (the issue's < 20 ms
             is the forecast alone; here with the write transaction and the read)
* apply    — a new view applied to the page: the list model (rows whose timing changed
             repainted, no reset) and the clock panel
* repaint  — one synchronous repaint of the whole Live page at 1400 x 860 (target < 16 ms),
             with the "Now" list and with all 2,000 steps listed
* tick     — the one-second timer: the clock and the elapsed line set and repainted

Medians over the repeats are printed (milliseconds).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtWidgets import QApplication, QMainWindow
from runbook_plans import create_big_runbook, record_rehearsal

from infradesk.model import Project
from infradesk.services.commands import Command
from infradesk.services.runbooks.commands import DecideGate, RecordValidation, StepClick
from infradesk.services.runbooks.view import runbook_view
from infradesk.store.workspace import Workspace
from infradesk.ui.context import AppContext
from infradesk.ui.runbooks.tab import RunbooksTab


def median_ms(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        work()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    origin = datetime(2026, 10, 24, 16, 0, tzinfo=UTC)
    now = origin + timedelta(minutes=args.steps * 2 // 3)
    with tempfile.TemporaryDirectory() as folder:
        workspace = Workspace.create(Path(folder) / "bench.infradesk")
        with workspace.session() as session:
            project = Project(name="Bench", start=datetime(2026, 10, 1))
            session.add(project)
            session.flush()
            runbook_id = create_big_runbook(session, project.id, args.steps, origin)
            run_id = record_rehearsal(session, runbook_id, origin, now)
            project_id = project.id
        context = AppContext(workspace)
        window = QMainWindow()
        tab = RunbooksTab(context)
        clock = [now]
        tab.live.clock = lambda: clock[0]
        window.setCentralWidget(tab)
        window.resize(1400, 860)
        context.set_project(project_id)
        window.show()
        app.processEvents()

        open_ms = median_ms(tab.reload, 5)
        tab.pages.setCurrentWidget(tab.live)
        app.processEvents()
        tab.live.select_run(run_id)
        app.processEvents()
        live = tab.live
        view = live.view
        assert view is not None and view.run is not None

        def click() -> None:
            """Space on the first startable step (or finish the first running one)."""
            current = live.view
            assert current is not None
            step, timing = current.with_state("running", "ready")[0]
            clock[0] = clock[0] + timedelta(minutes=1)
            command: Command
            if step.kind == "gate" and timing.state == "running":
                command = DecideGate(run_id, step.id, "go", "CAB chair", clock[0])
            elif step.kind == "validation" and timing.state == "running":
                command = RecordValidation(run_id, step.id, "pass", "", clock[0])
            else:
                command = StepClick(run_id, step.id, clock[0])
            began = time.perf_counter()
            context.execute(command)
            middle = time.perf_counter()
            tab.refresh()  # what the change notice does (here without the event loop)
            parts["command"].append((middle - began) * 1000)
            parts["recompute"].append((time.perf_counter() - middle) * 1000)

        parts: dict[str, list[float]] = {"command": [], "recompute": []}
        click_ms = median_ms(click, args.repeat)
        current = live.view
        assert current is not None and live.runbook_id is not None
        view_ms = median_ms(
            lambda: runbook_view(workspace, runbook_id, run_id, clock[0]), args.repeat
        )

        def apply() -> None:
            live.show_view(current)

        results = {
            "open": open_ms,
            "click": click_ms,
            "  the command": statistics.median(parts["command"]),
            "  the page's refresh": statistics.median(parts["recompute"]),
            "  of which runbook_view": view_ms,
            "apply": median_ms(apply, args.repeat),
        }
        for key in ("now", "all"):
            live.set_filter(key)
            app.processEvents()
            results[f"repaint ({key}, {live.model.rowCount()} rows)"] = median_ms(
                live.repaint, args.repeat
            )

        def tick() -> None:
            clock[0] = clock[0] + timedelta(seconds=1)
            live.tick()
            live.panel.clock.repaint()
            live.panel.elapsed.repaint()

        results["tick"] = median_ms(tick, args.repeat)
        print(f"Runbook of {args.steps} steps (+ rollback steps), rehearsal mid-run:")
        for name, value in results.items():
            print(f"  {name:<28} {value:8.2f} ms")
        live.timer.stop()
        window.close()
        workspace.close()


if __name__ == "__main__":
    main()
