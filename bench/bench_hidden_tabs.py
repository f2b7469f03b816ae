"""What the tabs the user is not looking at cost (issue 22): the CPU of the main window's
``finish_start`` on a phased workspace, the share of it spent loading each tab, and the
time one Gantt edit (a bar dragged) spends in the hidden tabs' reloads.

    PYTHONPATH=. QT_QPA_PLATFORM=offscreen python bench/bench_hidden_tabs.py \
        --sizes 10000 100000 --repeat 3 --keep /tmp/fixtures

Times are CPU seconds (``time.process_time``), medians over ``--repeat`` fresh copies."""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from instant_fixtures import Fixtures
from PySide6.QtWidgets import QApplication

from infradesk.services.plan.project_view import project_list
from infradesk.store.workspace import Workspace
from infradesk.ui.main_window import MainWindow
from infradesk.ui.settings import AppSettings

# the tabs other than the Gantt, by the folder of their modules
TAB_FOLDERS = ("risks", "governance", "vendors", "resources", "runbooks", "portfolio")


def tab_seconds(stats: pstats.Stats) -> dict[str, float]:
    """Per tab folder: the cumulative time of its outermost frames (a function of the
    folder called from outside it), so nested calls are not counted twice."""
    totals = dict.fromkeys(TAB_FOLDERS, 0.0)
    for (filename, _line, _name), (_cc, _nc, _tt, _ct, callers) in stats.stats.items():  # type: ignore[attr-defined]
        folder = _folder_of(filename)
        if folder is None:
            continue
        outer = sum(
            caller_ct
            for caller, (_c, _n, _t, caller_ct) in callers.items()
            if _folder_of(caller[0]) != folder
        )
        totals[folder] += outer
    return totals


def _folder_of(filename: str) -> str | None:
    path = filename.replace("\\", "/")
    for folder in TAB_FOLDERS:
        if f"/infradesk/ui/{folder}/" in path:
            return folder
    return None


def open_window(app: QApplication, path: Path) -> tuple[MainWindow, float, pstats.Stats]:
    window = MainWindow.starting(lambda: Workspace.open(path), AppSettings())
    window.show()
    app.processEvents()
    profile = cProfile.Profile()
    began = time.process_time()
    profile.enable()
    window.finish_start()
    profile.disable()
    elapsed = time.process_time() - began
    return window, elapsed, pstats.Stats(profile)


def drag_once(app: QApplication, window: MainWindow) -> tuple[float, pstats.Stats]:
    tab = window.gantt_tab
    outline = tab.model.outline
    row = next(r for r in range(len(outline.ids) // 2, len(outline.ids)) if not outline.summary[r])
    start = outline.start[row]
    assert start is not None
    profile = cProfile.Profile()
    began = time.process_time()
    profile.enable()
    tab.tab_actions.bar_moved(row, start + timedelta(days=3))
    app.processEvents()
    profile.disable()
    return time.process_time() - began, pstats.Stats(profile)


def reuse_pristine(fixtures: Fixtures, folder: Path, size: int) -> None:
    """A pristine phased workspace a previous run left in ``--keep`` is used again."""
    path = folder / f"phased-{size}.infradesk"
    if not path.exists():
        return
    workspace = Workspace.open(path)
    try:
        (project,) = project_list(workspace)
    finally:
        workspace.close()
    fixtures._workspaces[("phased", size)] = (path, project.id)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="a folder for the fixtures (made if absent)")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="hidden-tabs-"))
    folder.mkdir(parents=True, exist_ok=True)
    fixtures = Fixtures(folder)
    for size in args.sizes:
        reuse_pristine(fixtures, folder, size)
    for size in args.sizes:
        starts: list[float] = []
        edits: list[float] = []
        start_tabs: list[dict[str, float]] = []
        edit_tabs: list[dict[str, float]] = []
        for _ in range(args.repeat):
            path, _project_id = fixtures.copy("phased", size)
            window, elapsed, stats = open_window(app, path)
            starts.append(elapsed)
            start_tabs.append(tab_seconds(stats))
            edit, edit_stats = drag_once(app, window)
            edits.append(edit)
            edit_tabs.append(tab_seconds(edit_stats))
            window.close()
            window.deleteLater()
            app.processEvents()
        print(f"{size:,} tasks, median of {args.repeat} (CPU s, under cProfile):")
        print(f"  finish_start      {statistics.median(starts):7.3f}")
        for name in TAB_FOLDERS:
            print(f"    {name:<14}  {statistics.median(t[name] for t in start_tabs):7.3f}")
        print(f"  one Gantt drag    {statistics.median(edits):7.3f}")
        hidden = [sum(t.values()) for t in edit_tabs]
        print(f"    in hidden tabs  {statistics.median(hidden):7.3f}")
        for name in TAB_FOLDERS:
            print(f"    {name:<14}  {statistics.median(t[name] for t in edit_tabs):7.3f}")


if __name__ == "__main__":
    main()
