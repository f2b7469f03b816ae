"""Start-up: the command line, the window's first paint, the open workspace's Gantt and the
first edit after opening, on generated plans (issue 22).

    QT_QPA_PLATFORM=offscreen python bench/bench_open.py [--sizes 10000 100000] [--runs 5]
                                                         [--keep FOLDER]

Prints, per plan size (medians of ``--runs``):

- ``infradesk --version`` as a whole process, and a bare ``python -c pass`` beside it;
- the window to first paint as a whole process (spawn to the main window's first paint event:
  ``infradesk open PLAN``), beside a bare PySide6 window doing the same, and their ratio;
- open workspace to painted Gantt, in-process (Qt and the UI modules already imported);
- the first edit after opening (a bar moved, to repainted), issued as soon as the window is
  painted, and issued after the plan warmed up in the background.

``--keep FOLDER`` keeps the generated workspaces there and reuses them on the next run.
Child processes run with bytecode caching on (a first, unmeasured run writes the caches).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

# A child process: ``bench_open.py --child bare|app [PLAN]`` prints the wall-clock time of its
# window's first paint and quits (imports only what it needs, like a real start).
CHILD = "--child"


def child(kind: str, plan: str | None) -> None:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QWidget

    class QuitAtFirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if (
                event.type() == QEvent.Type.Paint
                and isinstance(watched, QWidget)
                and isinstance(watched.window(), QMainWindow)
            ):
                print(f"first paint at {time.time():.6f} {time.process_time():.6f}", flush=True)
                app.removeEventFilter(self)
                QTimer.singleShot(0, app.quit)
            return False

    app = QApplication([sys.argv[0]])
    quitter = QuitAtFirstPaint()
    app.installEventFilter(quitter)
    if kind == "bare":
        window = QMainWindow()
        window.setCentralWidget(QLabel("InfraDesk"))
        window.resize(1400, 860)
        window.show()
        app.exec()
        return
    from infradesk.cli.main import main

    main(["open", str(plan)])


def child_env(folder: Path) -> dict[str, str]:
    import infradesk

    code = Path(infradesk.__file__).resolve().parents[1]  # the children run the same code
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # a user's installation has its .pyc files
    env["PYTHONPATH"] = os.pathsep.join([str(code), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env["INFRADESK_DATA_DIR"] = str(folder / "data")
    env["XDG_CONFIG_HOME"] = str(folder / "config")
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def first_paint(env: dict[str, str], *args: str) -> tuple[float, float]:
    """Seconds from spawning ``bench_open.py --child ARGS`` to its window's first paint, and
    the CPU seconds the child spent until then (less disturbed by other programs)."""
    started = time.time()
    out = subprocess.run(
        [sys.executable, __file__, CHILD, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    ).stdout
    line = next(text for text in out.splitlines() if text.startswith("first paint at "))
    wall, cpu = line.removeprefix("first paint at ").split()
    return float(wall) - started, float(cpu)


def whole_process(env: dict[str, str], *command: str) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, capture_output=True, timeout=600, check=True)
    return time.perf_counter() - started


def median(values: Sequence[float]) -> str:
    return f"{statistics.median(values) * 1000:7.0f} ms"


def plan_file(folder: Path, size: int) -> Path:
    from gantt_plans import create_big_project

    from infradesk.store.workspace import Workspace

    path = folder / f"plan-{size}.infradesk"
    if not path.exists():
        started = time.perf_counter()
        workspace = Workspace.create(path)
        with workspace.session() as session:
            create_big_project(session, size)
        workspace.close()
        print(f"  (generated in {time.perf_counter() - started:.1f} s)")
    return path


def in_process(path: Path, runs: int) -> None:
    """Open to painted Gantt, then the first edit (at once, and after warming up)."""
    from PySide6.QtWidgets import QApplication

    from infradesk.store.workspace import Workspace
    from infradesk.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    app.setOrganizationName("InfraDeskBench")
    opens: list[float] = []
    open_cpu: list[float] = []  # this process's CPU time: less disturbed by other programs
    schedule_shown: list[float] = []  # a big plan's floats arrive after the paint
    edits: dict[str, list[float]] = {"at once": [], "after warm-up": []}
    warm: list[float] = []
    for run in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        window = MainWindow(Workspace.open(path))
        window.show()
        app.processEvents()
        window.repaint()
        painted = time.perf_counter()
        opens.append(painted - started)
        open_cpu.append(time.process_time() - cpu_started)
        tab = window.gantt_tab
        outline = tab.model.outline
        waiting = getattr(outline, "schedule_pending", False)  # painted before its schedule
        kind = "at once" if run % 2 == 0 else "after warm-up"
        if kind == "after warm-up":
            warming = getattr(window, "plan_warm_up", None)
            while warming is not None and warming.busy():
                app.processEvents()
                time.sleep(0.005)
            warm.append(time.perf_counter() - painted)
            if waiting and outline.result is not None:
                schedule_shown.append(warm[-1])
        leaf = next(r for r in range(len(outline) // 2, len(outline)) if not outline.summary[r])
        start = outline.start[leaf]
        assert start is not None
        edit_started = time.perf_counter()
        tab.tab_actions.bar_moved(leaf, start + timedelta(days=3 + run))
        tab.chart.viewport().repaint()
        edits[kind].append(time.perf_counter() - edit_started)
        window.context.undo()
        window.close()
        window.deleteLater()
        app.processEvents()
    print(f"  open workspace -> painted Gantt (in-process)   {median(opens)}", end="")
    print(f"  (CPU {median(open_cpu)})")
    for kind, values in edits.items():
        if values:
            print(f"  first edit after opening, {kind:14s}      {median(values)}")
    if warm:
        print(f"  (background warm-up done {median(warm)} after the paint)")
    if schedule_shown:  # opened on the stored dates (see OutlineModel.schedule_later_from)
        print(f"  (floats and critical path shown {median(schedule_shown)} after the paint)")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == CHILD:
        child(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None)
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the workspaces here")
    options = parser.parse_args()
    folder = options.keep or Path(tempfile.mkdtemp(prefix="infradesk-bench-open-"))
    folder.mkdir(parents=True, exist_ok=True)
    os.environ["INFRADESK_DATA_DIR"] = str(folder / "data")
    os.environ["XDG_CONFIG_HOME"] = str(folder / "config")
    env = child_env(folder)
    runs = options.runs
    python = sys.executable

    print(f"medians of {runs} runs; {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    whole_process(env, python, "-m", "infradesk", "--version")  # writes the .pyc files
    version = [whole_process(env, python, "-m", "infradesk", "--version") for _ in range(runs)]
    bare_python = [whole_process(env, python, "-c", "pass") for _ in range(runs)]
    print(f"infradesk --version, whole process              {median(version)}")
    print(f"  python -c pass, whole process                 {median(bare_python)}")
    first_paint(env, "bare")
    bare, bare_cpu = zip(*(first_paint(env, "bare") for _ in range(runs)), strict=True)
    print(f"bare PySide6 window to first paint              {median(bare)}", end="")
    print(f"  (CPU {median(bare_cpu)})")
    for size in options.sizes:
        print(f"\n{size:,} tasks")
        path = plan_file(folder, size)
        first_paint(env, "app", str(path))
        app, cpu = zip(*(first_paint(env, "app", str(path)) for _ in range(runs)), strict=True)
        ratio = statistics.median(app) / statistics.median(bare)
        cpu_ratio = statistics.median(cpu) / statistics.median(bare_cpu)
        print(
            f"  window to first paint, whole process          {median(app)}  ({ratio:.1f}x bare;"
            f" CPU {median(cpu)}, {cpu_ratio:.1f}x bare)"
        )
        in_process(path, max(2, runs // 2 * 2))


if __name__ == "__main__":
    main()
