"""Time a big cutover runbook (issue 19): 2,000 steps in 5 streams, with gates and rollback
paths, and a live run half done.

Run: ``.venv/bin/python bench/bench_runbook.py [step counts...]`` (default 2000). Prints
medians of: compiling the steps for the clock; the forecast recomputed after a click (the
clock alone, the issue's < 20 ms); opening the runbook (reading it and building its view:
< 500 ms); a whole click (the command committed, then the view rebuilt for the live view).
"""

from __future__ import annotations

import contextlib
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert, select

from infradesk.model import Project
from infradesk.model.runbook import Runbook, RunbookLink, RunbookRun, RunbookStep, StepRecord
from infradesk.schedule.runbook import StepActual
from infradesk.services.runbooks import loading
from infradesk.services.runbooks.commands import StepClick
from infradesk.services.runbooks.errors import RunbookEditError
from infradesk.services.runbooks.view import runbook_view
from infradesk.store.workspace import Workspace

STREAMS = ("Comms", "Network", "Storage", "Compute", "Validation")
WINDOW = datetime(2026, 10, 24, 20, 0)  # UTC


def median_ms(action: Callable[[], object], repeat: int = 9) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def build(workspace: Workspace, steps: int) -> tuple[int, int, list[int]]:
    """A runbook of ``steps``: each stream a chain with cross links every 10 steps, a gate
    every 400 steps with 5 rollback steps; a live run with the first half done."""
    with workspace.session() as session:
        project = Project(name="Bench", start=WINDOW)
        session.add(project)
        session.flush()
        runbook = Runbook(project_id=project.id, name="Big cutover", time_zone="Europe/Paris",
                          window_start=WINDOW, window_end=WINDOW + timedelta(days=3))
        session.add(runbook)
        session.flush()
        rows = []
        for n in range(steps):
            gate = n % 400 == 399
            rows.append({"runbook_id": runbook.id, "code": f"{n + 1}", "position": n,
                         "title": f"Step {n + 1}", "kind": "gate" if gate else "task",
                         "stream": STREAMS[n % 5], "duration_minutes": 5 + n % 25})
        session.execute(insert(RunbookStep), rows)
        ids = list(session.scalars(select(RunbookStep.id).order_by(RunbookStep.position)))
        links = []
        for n, step_id in enumerate(ids):
            if n >= 5:
                links.append({"step_id": step_id, "predecessor_id": ids[n - 5]})
            if n % 10 == 9 and n >= 11:
                links.append({"step_id": step_id, "predecessor_id": ids[n - 11]})
        session.execute(insert(RunbookLink), links)
        rollback = []
        for n, step_id in enumerate(ids):
            if n % 400 == 399:
                for k in range(5):
                    rollback.append({"runbook_id": runbook.id, "code": f"R{n + 1}.{k + 1}",
                                     "position": steps + len(rollback), "kind": "rollback",
                                     "title": "Roll back", "stream": "Compute",
                                     "duration_minutes": 15, "rollback_of_id": step_id})
        session.execute(insert(RunbookStep), rollback)
        run = RunbookRun(runbook_id=runbook.id, name="Live", mode="live", started=WINDOW)
        session.add(run)
        session.flush()
    half = runbook_view(workspace, runbook.id)
    done = []
    with workspace.session() as session:
        records = []
        for step, timing in zip(half.steps[: steps // 2], half.timings[: steps // 2], strict=True):
            assert timing.planned_start is not None and timing.planned_finish is not None
            start = timing.planned_start.astimezone(UTC).replace(tzinfo=None)
            finish = timing.planned_finish.astimezone(UTC).replace(tzinfo=None)
            records.append({"run_id": run.id, "step_id": step.id,
                            "actual_start": start, "actual_finish": finish,
                            "decision": "go" if step.kind == "gate" else ""})
            done.append(step.id)
        session.execute(insert(StepRecord), records)
    return runbook.id, run.id, [s.id for s in half.steps[steps // 2:]]


def measure(size: int) -> tuple[float, float, float, float]:
    """(compile, forecast, open, click + view) medians in ms for a runbook of ``size``."""
    with tempfile.TemporaryDirectory() as folder:
        workspace = Workspace.create(Path(folder) / "bench.infradesk")
        runbook_id, run_id, waiting = build(workspace, size)
        with workspace.read_session() as session:
            loaded = loading.load(session, runbook_id)
            records = loading.records(session, run_id)
        compile_ms = median_ms(loaded.network)
        network = loaded.network()
        actuals = {
            key: StepActual(
                int((r.actual_start - WINDOW).total_seconds() // 60),
                int((r.actual_finish - WINDOW).total_seconds() // 60),
            )
            for key, r in records.items()
        }
        forecast_ms = median_ms(lambda: network.forecast(actuals, 600))
        now = datetime(2026, 10, 25, 12, 0, tzinfo=UTC)
        open_ms = median_ms(lambda: runbook_view(workspace, runbook_id, run_id, now))
        clicks = iter(waiting)

        def click() -> None:
            # a waiting step is refused: the refusal costs the same checks
            with contextlib.suppress(RunbookEditError):
                StepClick(run_id, next(clicks), now).apply(workspace)
            runbook_view(workspace, runbook_id, run_id, now)

        click_ms = median_ms(click)
        workspace.close()
    return compile_ms, forecast_ms, open_ms, click_ms


def main(sizes: list[int]) -> None:
    print(f"{'steps':>6} {'compile':>9} {'forecast':>9} {'open (view)':>12} {'click+view':>11}")
    for size in sizes:
        compile_ms, forecast_ms, open_ms, click_ms = measure(size)
        print(f"{size:>6} {compile_ms:>7.1f}ms {forecast_ms:>7.1f}ms {open_ms:>10.1f}ms "
              f"{click_ms:>9.1f}ms")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [2000])
