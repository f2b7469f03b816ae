"""Time a team workspace (PostgreSQL) holding a 10,000-task plan: open to the painted Gantt,
an edit's round trip to another client, and ``copy`` between a file and the server.

Run by hand: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_team.py [--tasks N]
[--runs R]``. It starts its own PostgreSQL (the pgserver wheel) in a temporary folder.

* open       — from ``Workspace.open_location(url)`` to the main window shown with its Gantt
               painted (table and chart), in this process, offscreen            target < 2 s
* round trip — client A sets a task's duration (command: lock, write, reschedule, audit,
               NOTIFY, commit); client B (another Workspace and a ChangeListener) wakes on the
               notice and builds the Gantt's in-place update, as its window does for a plain
               task edit (``remote_changes.gantt_changes``: the schedule, the changed rows)
                                                                                 target < 300 ms
               (also shown: A's edit alone, notice latency, B's update alone, and B's full
               reload, ``load_outline_view``, which a structural edit still costs); then the
               same with B a main window, until its Gantt shows the edit repainted
* copy       — ``copy_workspace`` of the 10,000-task workspace, file -> server and server ->
               file                                                               target < 10 s
Each figure is the median of ``--runs`` runs (best in brackets).
"""

from __future__ import annotations

import argparse
import os
import selectors
import shutil
import statistics
import sys
import tempfile
import time
import uuid
import warnings
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from gantt_plans import create_big_project
from PySide6.QtWidgets import QApplication
from sqlalchemy import select as sql_select

from infradesk.model import Task
from infradesk.services.plan.field_edits import UpdateTask
from infradesk.services.plan.remote_changes import gantt_changes
from infradesk.services.plan.task_edit import TaskChanges
from infradesk.services.plan.view import load_outline_view
from infradesk.services.team_notices import ChangeListener, Notice
from infradesk.store.copy import copy_workspace
from infradesk.store.workspace import Workspace
from infradesk.ui.main_window import MainWindow

ROWS: list[tuple[str, list[float], float | None]] = []


def record(what: str, times: list[float], target: float | None = None) -> None:
    ROWS.append((what, times, target))
    best, median = min(times), statistics.median(times)
    print(f"  {what:40s} {median * 1000:9.1f} ms  (best {best * 1000:.1f})", flush=True)


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


class Server:
    def __init__(self, root: Path) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # platformdirs: no XDG_RUNTIME_DIR
            import pgserver

        self.pg = pgserver.get_server(str(root), cleanup_mode="stop")
        self.uri = str(self.pg.get_uri())

    def new_database(self) -> str:
        name = "bench_" + uuid.uuid4().hex[:10]
        self.pg.psql(f"CREATE DATABASE {name};")
        return self.uri.replace("/postgres?", f"/{name}?")


def show_window(app: QApplication, workspace: Workspace, project_id: int) -> MainWindow:
    """The main window on ``workspace``, showing the project's Gantt."""
    window = MainWindow(workspace)
    window.context.set_project(project_id)
    window.resize(1800, 900)
    window.show()
    app.processEvents()
    return window


def open_to_painted_gantt(app: QApplication, url: str, project_id: int) -> tuple[float, str]:
    """Seconds from opening the workspace (a URL, or a file to compare) to the painted Gantt;
    and what showed it."""
    started = time.perf_counter()
    workspace = Workspace.open_location(url)
    window = show_window(app, workspace, project_id)
    tab = window.gantt_tab
    tab.repaint()
    tab.chart.viewport().repaint()
    elapsed = time.perf_counter() - started
    rows = tab.model.rowCount()
    window.close()
    window.deleteLater()
    app.processEvents()
    workspace.close()
    return elapsed, f"main window, {rows} rows"


def wait_for_notice(listener: ChangeListener, timeout: float = 5.0) -> list[Notice]:
    deadline = time.monotonic() + timeout
    with selectors.DefaultSelector() as waiting:
        waiting.register(listener.fileno(), selectors.EVENT_READ)
        while time.monotonic() < deadline:
            if waiting.select(max(0.0, deadline - time.monotonic())):
                notices = listener.poll()
                if notices:
                    return notices
    raise SystemExit("no change notice within 5 s")


def middle_leaf(workspace: Workspace, project_id: int) -> int:
    """A task without children in the middle of the plan."""
    with workspace.read_session() as session:
        parents = sql_select(Task.parent_id).where(Task.parent_id.is_not(None))
        leaves = list(
            session.scalars(
                sql_select(Task.id)
                .where(Task.project_id == project_id, Task.id.not_in(parents))
                .order_by(Task.id)
            )
        )
    return leaves[len(leaves) // 2]


def round_trips(url: str, project_id: int, runs: int) -> None:
    a = Workspace.open_location(url)
    b = Workspace.open_location(url)
    listener = ChangeListener(b)
    load_outline_view(b, project_id)  # B shows the plan already
    leaf = middle_leaf(a, project_id)
    trips, edits, notices, updates, reloads = [], [], [], [], []
    for run in range(runs + 1):
        command = UpdateTask(project_id, leaf, {"duration_minutes": 480 + 60 * (run % 4 + 1)})
        started = time.perf_counter()
        command.apply(a)
        applied = time.perf_counter()
        [notice] = wait_for_notice(listener)
        noticed = time.perf_counter()
        assert notice.changes.project_id == project_id
        update = gantt_changes(b, notice)
        done = time.perf_counter()
        assert isinstance(update, TaskChanges) and update.rows is not None
        assert update.rows[0].duration_minutes == command.values["duration_minutes"]
        reload_started = time.perf_counter()
        view = load_outline_view(b, project_id)
        reload_done = time.perf_counter()
        assert (
            view.outline.duration[view.outline.row_of[leaf]] == command.values["duration_minutes"]
        )
        if run:  # the first is a warm-up (caches of the incremental rescheduler)
            trips.append(done - started)
            edits.append(applied - started)
            notices.append(noticed - applied)
            updates.append(done - noticed)
            reloads.append(reload_done - reload_started)
    record("edit round trip A -> B updated", trips, 0.3)
    record("  A: edit (write, reschedule, commit)", edits)
    record("  commit -> B's notice", notices)
    record("  B: in-place update (gantt_changes)", updates)
    record("  B: full reload instead (load_outline_view)", reloads)
    listener.close()
    a.close()
    b.close()


def window_round_trips(app: QApplication, url: str, project_id: int, runs: int) -> None:
    """The whole round trip to another window: client A commits a duration edit; B's main
    window (its change listener on the event loop) shows the new duration in its Gantt,
    repainted."""
    a = Workspace.open_location(url)
    b = Workspace.open_location(url)
    window = show_window(app, b, project_id)
    tab = window.gantt_tab
    leaf = middle_leaf(a, project_id)
    trips = []
    for run in range(runs + 1):
        minutes = 480 + 60 * (run % 4 + 1)
        started = time.perf_counter()
        UpdateTask(project_id, leaf, {"duration_minutes": minutes}).apply(a)
        outline = tab.model.outline
        while outline.duration[outline.row_of[leaf]] != minutes:
            if time.perf_counter() - started > 5:
                raise SystemExit("the other window did not show the edit within 5 s")
            app.processEvents()
            outline = tab.model.outline
        tab.chart.viewport().repaint()
        tab.table.viewport().repaint()
        if run:
            trips.append(time.perf_counter() - started)
    record("edit round trip A -> B's window repainted", trips, 0.3)
    window.close()
    window.deleteLater()
    app.processEvents()
    a.close()
    b.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    app.setOrganizationName("InfraDeskBench")
    assert isinstance(app, QApplication)
    folder = Path(tempfile.mkdtemp(prefix="infradesk-bench-team-"))
    folder.chmod(0o755)  # as root, pgserver runs PostgreSQL as its own user
    os.environ["INFRADESK_DATA_DIR"] = str(folder / "data")
    server = Server(folder / "pg")
    try:
        plan = folder / "plan.infradesk"
        workspace = Workspace.create(plan)
        started = time.perf_counter()
        with workspace.session() as session:
            project_id = create_big_project(session, args.tasks)
        workspace.close()
        print(f"{args.tasks:,} tasks generated and stored in {time.perf_counter() - started:.1f} s")

        source = Workspace.open(plan)
        targets = [server.new_database() for _ in range(args.runs)]
        to_server = [timed(lambda url=url: copy_workspace(source, url)) for url in targets]
        source.close()
        record("copy file -> server", to_server, 10.0)
        url = targets[0]
        team = Workspace.open_location(url)
        to_file = [
            timed(lambda n=n: copy_workspace(team, folder / f"back-{n}.infradesk"))
            for n in range(args.runs)
        ]
        team.close()
        record("copy server -> file", to_file, 10.0)

        opens, how = [], ""
        for _ in range(args.runs):
            elapsed, how = open_to_painted_gantt(app, url, project_id)
            opens.append(elapsed)
        record("open -> painted Gantt", opens, 2.0)
        print(f"    ({how})")
        on_file = [open_to_painted_gantt(app, str(plan), project_id)[0] for _ in range(args.runs)]
        record("  the same on the workspace file", on_file)
        round_trips(url, project_id, args.runs)
        window_round_trips(app, url, project_id, args.runs)

        print(f"\n{'what':36s} {'median':>10s} {'target':>10s}")
        for what, times, target in ROWS:
            if target is None:
                continue
            median = statistics.median(times)
            verdict = "ok" if median < target else "MISSED"
            print(f"{what:36s} {median * 1000:8.0f} ms {target * 1000:7.0f} ms  {verdict}")
    finally:
        server.pg.cleanup()
        shutil.rmtree(folder, ignore_errors=True)
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown of Qt objects (a PySide6 finalisation crash)


if __name__ == "__main__":
    main()
