"""Quitting tears the GUI down in order: no Qt ownership warnings, no heap corruption, the
layout saved and the workspace checkpointed, however the event loop ended.

The real application runs in a child process (an abort there must fail this test, not kill the
test run): it switches tabs, opens and closes the dialogs and the import wizard, then quits
either at once (``INFRADESK_EXIT_AFTER_START``, i.e. ``app.quit()`` without closing the window)
or through File > Quit.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from openpyxl import Workbook

SESSION = textwrap.dedent(
    """
    import sys
    from pathlib import Path

    import shiboken6
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    from infradesk.ui.app import run_app

    PLAN, QUIT = Path(sys.argv[1]), sys.argv[2]
    seen = {}


    def exercise():
        from infradesk.ui.about import AboutDialog
        from infradesk.ui.import_wizard import run_import_wizard
        from infradesk.ui.main_window import MainWindow
        from infradesk.ui.report_dialog import ReportDialog
        from infradesk.ui.settings_dialog import SettingsDialog
        from infradesk.ui.status_dialog import StatusDialog
        from infradesk.ui.user_guide import show_user_guide

        window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))
        seen["window"] = window
        # the window shows its frame first; its workspace opens after the first paint
        assert window.finish_start(), "the workspace did not open"
        project = window.context.project_id
        for index in (1, 2, 0, 2, 1, 0):
            window.tabs.setCurrentIndex(index)
            app.processEvents()
        window.gantt_tab.chart.horizontalScrollBar().setValue(400)
        dialogs = [
            AboutDialog(window.workspace, window),
            SettingsDialog(window.settings, window),
            ReportDialog(window.context, project, window),
            StatusDialog(window.context, project, parent=window),
            show_user_guide(window),
        ]
        # The plan is read off the GUI thread; the wizard opens when the read is done (the
        # quit of INFRADESK_EXIT_AFTER_START may come meanwhile: it ends the loop afterwards).
        launch = run_import_wizard(window, PLAN)
        while not launch.done:
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        assert launch.wizard is not None, "the wizard refused the plan"
        for dialog in dialogs:
            dialog.show()
            app.processEvents()
        for dialog in dialogs:
            dialog.close()
            app.processEvents()
        # The wizard stays open: quitting must close it before the workspace goes.
        print("exercised", flush=True)
        if QUIT == "file-quit":
            next(a for a in window.file_menu.actions() if a.text() == "&Quit").trigger()


    QTimer.singleShot(0, exercise)
    code = run_app(None)
    from infradesk.store.locations import default_workspace_path
    from infradesk.ui.settings import AppSettings

    wal = Path(str(default_workspace_path()) + "-wal")
    print("window deleted:", not shiboken6.isValid(seen["window"]))
    print("layout saved:", AppSettings().geometry() is not None)
    print("wal bytes:", wal.stat().st_size if wal.exists() else 0)
    print("excepthook restored:", sys.excepthook is sys.__excepthook__)
    sys.exit(code)
    """
)

BAD_STDERR = ("QObject:", "malloc", "Fatal", "Traceback", "double free", "corrupted")


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Tasks"
    sheet.append(["Task Name", "Duration", "Start"])
    sheet.append(["Survey", "2d", "2026-03-02"])
    sheet.append(["Rack", "3d", "2026-03-04"])
    path = tmp_path / "plan.xlsx"
    book.save(path)
    return path


def run_session(tmp_path: Path, plan: Path, quit_how: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        INFRADESK_DATA_DIR=str(tmp_path / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        HOME=str(tmp_path),
        PYTHONFAULTHANDLER="1",
    )
    env.pop(EXIT_AFTER_START, None)
    if quit_how == "exit-after-start":
        env[EXIT_AFTER_START] = "1"
    return subprocess.run(
        [sys.executable, "-c", SESSION, str(plan), quit_how],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


EXIT_AFTER_START = "INFRADESK_EXIT_AFTER_START"


@pytest.mark.parametrize("quit_how", ["exit-after-start", "file-quit"])
def test_quitting_tears_down_in_order(tmp_path: Path, plan: Path, quit_how: str) -> None:
    done = run_session(tmp_path, plan, quit_how)
    report = f"exit {done.returncode}\n{done.stdout}\n{done.stderr[-3000:]}"
    assert done.returncode == 0, report
    assert not [bad for bad in BAD_STDERR if bad in done.stderr], report
    assert "exercised" in done.stdout, report
    assert "window deleted: True" in done.stdout, report
    assert "layout saved: True" in done.stdout, report
    assert "wal bytes: 0" in done.stdout, report
    assert "excepthook restored: True" in done.stdout, report
