"""Time Project > Update Progress… on a generated plan: from the action to the painted dialog,
and one answer (a keystroke: done as planned) through to the rescheduled Gantt.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_update_progress.py [--sizes 10000]``

The status date is set to the middle of the plan, so thousands of tasks are due. The goal of
issue 15 is < 300 ms to open on 10,000 tasks.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gantt_plans import create_big_project
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from infradesk.services.plan.progress_edits import MarkDoneAsPlanned
from infradesk.services.plan.status_date import SetStatusDate
from infradesk.store.workspace import Workspace
from infradesk.ui.main_window import MainWindow


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def run(size: int, app: QApplication, folder: Path, repeat: int) -> None:
    path = folder / f"bench-{size}.infradesk"
    workspace = Workspace.create(path)
    with workspace.session() as session:
        project_id = create_big_project(session, size)
    workspace.close()
    workspace = Workspace.open(path)
    window = MainWindow(workspace)
    window.resize(1600, 900)
    window.show()
    window.context.set_project(project_id)
    app.processEvents()
    outline = window.gantt_tab.model.outline
    moments = sorted(s for s in outline.start if s is not None)
    middle = moments[len(moments) // 2]
    t = time.perf_counter()
    window.context.execute(SetStatusDate(project_id, middle))  # as Project > Status Date… does
    app.processEvents()
    print(f"\n  set the status date (reschedule, Gantt refreshed)  {ms(time.perf_counter() - t)}")

    opens = []
    dialog = None
    for _ in range(repeat):
        t = time.perf_counter()
        dialog = window.progress.show_update_progress()
        assert dialog is not None
        dialog.repaint()
        app.processEvents()
        opens.append(time.perf_counter() - t)
    assert dialog is not None
    due = len(dialog.model.tasks)
    print(f"\n{size:,} tasks, status date {middle:%Y-%m-%d %H:%M}: {due:,} tasks due")
    print(f"  open Update Progress, first time  {ms(opens[0])}")
    print(f"  open Update Progress (best/median of {repeat})  "
          f"{ms(min(opens))} / {ms(statistics.median(opens))}")  # fmt: skip
    answers = []
    for _ in range(repeat):
        t = time.perf_counter()
        QTest.keyClick(dialog.table, Qt.Key.Key_D)
        app.processEvents()
        answers.append(time.perf_counter() - t)
    print("  answers:", " ".join(f"{a * 1000:.0f}" for a in answers))
    print(f"  one answer (D, reschedule, Gantt and list refreshed)  "
          f"{ms(min(answers))} / {ms(statistics.median(answers))}")  # fmt: skip
    # the same answer without the views: the command's own share (planned dates, the
    # incremental reschedule, the writes and the undo journal, one transaction)
    applied = []
    for task_id in [task.id for task in dialog.model.tasks][-repeat:]:
        command = MarkDoneAsPlanned(project_id, [task_id])
        t = time.perf_counter()
        command.apply(workspace)
        applied.append(time.perf_counter() - t)
    print(f"  of which the command alone (best/median)  "
          f"{ms(min(applied))} / {ms(statistics.median(applied))}")  # fmt: skip
    workspace.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            run(size, app, Path(folder), args.repeat)
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown of Qt objects (a PySide6 finalisation crash)


if __name__ == "__main__":
    main()
