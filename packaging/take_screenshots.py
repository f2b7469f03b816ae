"""Take the user guide's screenshots from the real application, offscreen.

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/take_screenshots.py

Writes docs/user-guide/{welcome,gantt,gantt-zoom-project,risks,vendors,vendors-budget,settings,
dark-theme}.png at 1280 x 800 from a fresh demo workspace in a temporary data folder (your own
workspace and settings are not touched).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "user-guide"
SIZE = (1280, 800)


def select_first_row(tab: object) -> None:
    """Select the first row of the tab's first visible table, so its details show."""
    from PySide6.QtWidgets import QTableView

    for view in tab.findChildren(QTableView):  # type: ignore[attr-defined]
        if view.isVisible() and view.model() is not None and view.model().rowCount() > 0:
            view.selectRow(0)
            return


def history_shot(window: Any, path: Path) -> None:
    """The History panel on a task three people changed (two of them in their own InfraDesk
    on the same file), with an undo among the entries."""
    from sqlalchemy import select

    from infradesk.model import Task
    from infradesk.services.plan.field_edits import UpdateTask
    from infradesk.store.workspace import Workspace

    workspace = window.workspace
    workspace.user_name = "dana.smith"
    project_id = window.context.project_id
    with workspace.read_session() as session:
        task_id = session.scalars(select(Task.id).where(Task.name == "Smoke tests")).one()

    def as_user(user: str, changes: dict[str, Any], text: str) -> None:
        other = Workspace.open(path)
        other.user_name = user
        try:
            UpdateTask(project_id, task_id, changes, text).apply(other)
        finally:
            other.close()

    as_user("alice.meyer", {"owner": "Alice Meyer"}, "Edit owner")
    window.context.execute(
        UpdateTask(project_id, task_id, {"duration_minutes": 960}, "Edit duration")
    )
    window.context.execute(
        UpdateTask(project_id, task_id, {"percent_complete": 25.0}, "Edit % done")
    )
    window.context.undo()
    as_user("bob.jansen", {"name": "Smoke tests, both halls"}, "Rename task")
    window.workspace_watch.poll()
    window.tabs.setCurrentIndex(0)
    window.gantt_tab.select_tasks([task_id])
    window.resize(SIZE[0] + 440, SIZE[1])  # the Gantt keeps its width beside the dock
    window.history_panel.show()
    window.history_panel.reload()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    scratch = Path(tempfile.mkdtemp(prefix="infradesk-shots-"))
    os.environ["INFRADESK_DATA_DIR"] = str(scratch / "data")
    os.environ["XDG_CONFIG_HOME"] = str(scratch / "config")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication, QWidget

    from infradesk.services.demo.seed import create_demo_project
    from infradesk.services.preferences import Preferences
    from infradesk.store.workspace import Workspace
    from infradesk.ui.app import configure_application
    from infradesk.ui.main_window import MainWindow
    from infradesk.ui.settings import AppSettings
    from infradesk.ui.settings_dialog import SettingsDialog

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(scratch / "config")
    )
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    configure_application(app)
    args.out.mkdir(parents=True, exist_ok=True)

    def save(widget: QWidget, name: str) -> None:
        for _ in range(5):
            app.processEvents()
        image = widget.grab().toImage()
        path = args.out / f"{name}.png"
        if not image.save(str(path), "PNG", 0):  # quality 0 = strongest compression
            raise RuntimeError(f"cannot write {path}")
        shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        print(f"{shown}: {path.stat().st_size // 1024} KiB")

    def window_on(workspace: Workspace) -> MainWindow:
        window = MainWindow(workspace, AppSettings())
        window.resize(*SIZE)
        window.show()
        return window

    demo_path = scratch / "Data center.infradesk"
    demo = Workspace.create(demo_path)
    with demo.session() as session:
        create_demo_project(session)
    demo.close()
    archive = scratch / "Archive" / "2025 Branch network refresh.infradesk"
    archive.parent.mkdir()
    Workspace.create(archive).close()
    for path in (archive, demo_path):  # the welcome page lists them as recent workspaces
        AppSettings().add_recent_file(path)

    empty = window_on(Workspace.create(scratch / "My projects.infradesk"))
    save(empty, "welcome")
    empty.close()

    window = window_on(Workspace.open(demo_path))
    for index, name in enumerate(("gantt", "risks", "vendors")):
        window.tabs.setCurrentIndex(index)
        if name == "risks":
            select_first_row(window.tabs.currentWidget())  # fills the detail pane
        save(window, name)
    window.vendors_tab.right_tabs.setCurrentWidget(window.vendors_tab.budget)
    save(window, "vendors-budget")  # the money rules: budget with approved changes, warning
    governance = window.governance_tab  # the demo's stakeholders, actions and meetings
    window.tabs.setCurrentWidget(governance)
    for view, name in (
        (governance.stakeholders, "governance-stakeholders"),
        (governance.action_log, "governance-actions"),
        (governance.meetings, "governance-meetings"),
    ):
        governance.sub_tabs.setCurrentWidget(view)
        rows = view.model.rows
        if view is governance.meetings:  # the latest steering committee, with its outcome
            rows = [r for r in rows if getattr(r, "kind", "") == "steering"][-1:]
        if rows:
            view.select_id(rows[0].id)
        save(window, name)
    window.tabs.setCurrentIndex(0)
    window.gantt_tab.zoom_to_project()  # the whole plan across the chart (Ctrl+0)
    save(window, "gantt-zoom-project")

    history_shot(window, demo_path)
    save(window, "history-panel")
    window.history_panel.hide()
    window.resize(*SIZE)

    AppSettings().set_preferences(
        Preferences(pm_name="Dana Smith", country="DE", currency="EUR", page_size="A4")
    )
    dialog = SettingsDialog(AppSettings(), window)
    dialog.show()
    save(dialog, "settings")
    dialog.close()

    from infradesk.ui.settings import apply_theme

    apply_theme("dark")  # Edit > Settings > Theme: Dark, switched live
    window.tabs.setCurrentIndex(0)
    save(window, "dark-theme")
    apply_theme("system")
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
