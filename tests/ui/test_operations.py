"""Long work off the GUI thread (ui/operations.py): progress, cancel, errors, responsiveness.

The work blocks on ``threading.Event``s that the test (on the GUI thread) sets, so every step
is synchronised explicitly; waits carry a timeout so that a broken operation fails the test
instead of hanging it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from infradesk.errors import UserError
from infradesk.model.project import Task
from infradesk.progress import NO_PROGRESS, Cancelled, Progress, ProgressHandle
from infradesk.store.workspace import Workspace
from infradesk.ui.excepthook import GuiExceptHook, install_excepthook, uninstall_excepthook
from infradesk.ui.operations import Operation

WAIT_S = 10  # the longest the work waits for the test: a hang fails instead of blocking


@pytest.fixture
def window(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def task_names(workspace: Workspace) -> list[str]:
    with workspace.read_session() as session:
        return list(session.scalars(select(Task.name).order_by(Task.id)))


def test_the_handle_records_progress_and_raises_once_cancelled() -> None:
    handle = ProgressHandle("Reading")
    handle.step(value=3, maximum=10)
    handle.step(label="Writing")
    assert (handle.state.label, handle.state.value, handle.state.maximum) == ("Writing", 3, 10)
    handle.cancel()
    with pytest.raises(Cancelled):
        handle.step(value=4)
    assert handle.state.value == 4  # the last step is still recorded
    NO_PROGRESS.step("anything", 1, 2)  # the CLI's: never cancelled
    assert not NO_PROGRESS.cancelled


def test_progress_reaches_the_dialog_and_success_runs_on_the_gui_thread(
    qtbot: QtBot, window: QWidget
) -> None:
    reported = threading.Event()
    proceed = threading.Event()
    results: list[tuple[str, bool]] = []

    def work(progress: Progress) -> str:
        progress.step("Row 5 of 10", 5, 10)
        reported.set()
        assert proceed.wait(WAIT_S)
        return "done"

    def success(value: str) -> None:
        results.append((value, threading.current_thread() is threading.main_thread()))

    op = Operation(
        window, work, title="Import", label="Starting…", success=success, show_after_ms=0
    ).run()
    qtbot.waitUntil(lambda: op.dialog is not None and op.dialog.isVisible())
    assert op.dialog is not None
    qtbot.waitUntil(lambda: op.dialog is not None and op.dialog.bar.value() == 5)
    assert op.dialog.bar.maximum() == 10
    assert op.dialog.label.text() == "Row 5 of 10"
    assert op.dialog.windowTitle() == "Import"
    proceed.set()
    qtbot.waitUntil(lambda: op.done)
    assert results == [("done", True)]
    assert op.dialog is None


def test_quick_work_shows_no_dialog(qtbot: QtBot, window: QWidget) -> None:
    results: list[int] = []
    op = Operation(window, lambda _progress: 42, title="Export", success=results.append).run()
    qtbot.waitUntil(lambda: op.done)
    assert results == [42]
    assert op.dialog is None
    assert not window.findChildren(QWidget, "operationProgress")


def test_cancel_stops_the_work_and_leaves_the_workspace_unchanged(
    qtbot: QtBot, window: QWidget, demo_workspace: Workspace
) -> None:
    before = task_names(demo_workspace)
    wrote = threading.Event()
    proceed = threading.Event()
    outcome: list[str] = []

    def rename_everything(progress: Progress) -> int:
        with demo_workspace.session() as session:  # opened on the worker thread
            tasks = list(session.scalars(select(Task)))
            for number, task in enumerate(tasks, start=1):
                task.name = f"renamed {number}"
                session.flush()
                if number == 1:
                    wrote.set()
                    assert proceed.wait(WAIT_S)
                progress.step(f"Task {number}", number, len(tasks))
        return len(tasks)

    op = Operation(
        window,
        rename_everything,
        title="Rename",
        success=lambda _n: outcome.append("success"),
        cancelled=lambda: outcome.append("cancelled"),
        show_after_ms=0,
    ).run()
    assert wrote.wait(WAIT_S)
    qtbot.waitUntil(lambda: op.dialog is not None and op.dialog.isVisible())
    assert op.dialog is not None
    qtbot.mouseClick(op.dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert op.handle.cancelled
    assert op.dialog.label.text() == "Cancelling…"
    assert op.dialog.isVisible()  # stays until the work has really stopped
    proceed.set()
    qtbot.waitUntil(lambda: op.done)
    assert outcome == ["cancelled"]
    assert op.was_cancelled
    assert task_names(demo_workspace) == before
    assert op.message is None  # a cancel is not an error


def test_escape_on_the_dialog_cancels_too(qtbot: QtBot, window: QWidget) -> None:
    proceed = threading.Event()

    def wait_for_cancel(progress: Progress) -> None:
        assert proceed.wait(WAIT_S)
        progress.step()

    op = Operation(window, wait_for_cancel, title="Work", show_after_ms=0).run()
    qtbot.waitUntil(lambda: op.dialog is not None and op.dialog.isVisible())
    assert op.dialog is not None
    qtbot.keyClick(op.dialog, Qt.Key.Key_Escape)
    assert op.handle.cancelled
    proceed.set()
    qtbot.waitUntil(lambda: op.done)
    assert op.was_cancelled


def test_a_user_error_shows_a_message_and_the_app_keeps_running(
    qtbot: QtBot, window: QWidget
) -> None:
    def fail(_progress: Progress) -> None:
        raise UserError("plan.xlsx, Tasks!D2: '150' is more than 100%")

    op = Operation(window, fail, title="Import").run()
    qtbot.waitUntil(lambda: op.message is not None and op.message.isVisible())
    assert op.message is not None
    assert op.message.text() == "plan.xlsx, Tasks!D2: '150' is more than 100%"
    assert op.message.windowTitle() == "Import"
    op.message.accept()
    qtbot.waitUntil(lambda: op.message is None)
    results: list[str] = []
    again = Operation(window, lambda _p: "fine", title="Import", success=results.append).run()
    qtbot.waitUntil(lambda: again.done)
    assert results == ["fine"]


def test_a_failure_callback_receives_the_user_error_instead_of_the_message(
    qtbot: QtBot, window: QWidget
) -> None:
    errors: list[UserError] = []

    def fail(_progress: Progress) -> None:
        raise UserError("the workspace is read-only")

    op = Operation(window, fail, title="Update", failure=errors.append).run()
    qtbot.waitUntil(lambda: op.done)
    assert [str(e) for e in errors] == ["the workspace is read-only"]
    assert op.message is None


@pytest.fixture
def hook(qapp: QApplication) -> Iterator[GuiExceptHook]:
    installed = install_excepthook()
    yield installed
    uninstall_excepthook(installed)


@pytest.mark.qt_no_exception_capture
def test_a_programming_error_goes_to_the_crash_log_and_the_app_keeps_running(
    qtbot: QtBot, window: QWidget, hook: GuiExceptHook, isolated_user_folders: Path
) -> None:
    def broken(_progress: Progress) -> None:
        raise LookupError("row 7 has no task")

    op = Operation(window, broken, title="Export").run()
    qtbot.waitUntil(lambda: hook.dialog is not None and hook.dialog.isVisible())
    assert hook.dialog is not None
    assert "LookupError: row 7 has no task" in hook.dialog.text()
    logs = sorted((isolated_user_folders / "data" / "logs").glob("crash-*.log"))
    assert len(logs) == 1
    assert "LookupError" in logs[0].read_text(encoding="utf-8")
    assert op.message is None
    hook.dialog.accept()
    results: list[int] = []
    again = Operation(window, lambda _p: 1, title="Export", success=results.append).run()
    qtbot.waitUntil(lambda: again.done)
    assert results == [1]


def test_the_gui_thread_stays_responsive_during_the_work(qtbot: QtBot, window: QWidget) -> None:
    """The work waits for something only the GUI thread's event loop can do."""
    ticked = threading.Event()
    seen: list[bool] = []

    def needs_the_event_loop(_progress: Progress) -> bool:
        return ticked.wait(WAIT_S)

    op = Operation(window, needs_the_event_loop, title="Work", success=seen.append).run()
    QTimer.singleShot(20, ticked.set)  # runs only if the GUI thread is free
    window.setWindowTitle("repainted")
    window.repaint()
    qtbot.waitUntil(lambda: op.done)
    assert seen == [True]
