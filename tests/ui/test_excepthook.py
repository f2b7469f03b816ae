"""An exception escaping a slot or an event handler: a crash log, a one-line dialog, no exit.

pytest-qt normally captures such exceptions itself and fails the test; the
``qt_no_exception_capture`` marker leaves them to ``sys.excepthook``, i.e. to ours.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from infradesk.errors import UserError
from infradesk.ui.excepthook import GuiExceptHook, install_excepthook, uninstall_excepthook

pytestmark = pytest.mark.qt_no_exception_capture


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("INFRADESK_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def hook(qapp) -> Iterator[GuiExceptHook]:
    installed = install_excepthook()
    yield installed
    uninstall_excepthook(installed)


@pytest.fixture
def button(qtbot) -> QPushButton:
    widget = QPushButton("Go")
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def crash_logs(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "logs").glob("crash-*.log"))


def wait_for_dialog(qtbot, hook: GuiExceptHook):
    qtbot.waitUntil(lambda: hook.dialog is not None and hook.dialog.isVisible())
    assert hook.dialog is not None
    return hook.dialog


def test_an_exception_in_a_slot_is_logged_and_shown_and_the_app_goes_on(
    qtbot, hook, button, data_dir
) -> None:
    def broken_slot() -> None:
        raise LookupError("row 7 of the outline has no task\nwith a second line nobody needs")

    button.clicked.connect(broken_slot)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    dialog = wait_for_dialog(qtbot, hook)
    [log] = crash_logs(data_dir)
    assert dialog.text() == (
        "InfraDesk hit an internal error: LookupError: row 7 of the outline has no task. "
        f"Details were saved to {log}."
    )
    assert "Traceback" not in dialog.text()
    content = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in content
    assert "broken_slot" in content and "second line nobody needs" in content

    # The application keeps running: the dialog closes and the next click is handled.
    dialog.accept()
    qtbot.waitUntil(lambda: hook.dialog is None)
    button.clicked.disconnect(broken_slot)
    clicks: list[bool] = []
    button.clicked.connect(lambda: clicks.append(True))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert clicks == [True]


def test_the_hook_writes_to_the_rotating_log_too(qtbot, hook, button, data_dir) -> None:
    """The crash log keeps the traceback of one crash; the log file keeps it in its history."""
    from infradesk.logging_setup import log_file_path, setup_logging, teardown_logging

    def broken_slot() -> None:
        raise LookupError("row 7 of the outline has no task")

    def refused_slot() -> None:
        raise UserError("The workspace is read-only.")

    assert setup_logging() == log_file_path()
    try:
        button.clicked.connect(broken_slot)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        wait_for_dialog(qtbot, hook).accept()
        qtbot.waitUntil(lambda: hook.dialog is None)
        button.clicked.disconnect(broken_slot)
        button.clicked.connect(refused_slot)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        wait_for_dialog(qtbot, hook).accept()
    finally:
        teardown_logging()
    assert len(crash_logs(data_dir)) == 1
    text = log_file_path().read_text(encoding="utf-8")
    assert "ERROR infradesk.ui.excepthook: internal error: LookupError: row 7" in text
    assert "Traceback (most recent call last)" in text and "broken_slot" in text
    assert "WARNING infradesk.ui.excepthook: not caught where it was raised: " in text
    assert "The workspace is read-only." in text


class BrokenCanvas(QWidget):
    def mousePressEvent(self, event: QMouseEvent) -> None:
        raise ZeroDivisionError("division by zero in the time scale")


def press(widget: QWidget) -> None:
    """A click delivered by the event loop (as in the app), not a direct call from Python."""
    point = QPointF(5, 5)
    QApplication.postEvent(
        widget,
        QMouseEvent(
            QEvent.Type.MouseButtonPress,
            point,
            widget.mapToGlobal(point),
            Qt.MouseButton.LeftButton,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        ),
    )


def test_an_exception_in_an_event_handler_is_shown_once_while_the_dialog_is_up(
    qtbot, hook, data_dir
) -> None:
    canvas = BrokenCanvas()
    qtbot.addWidget(canvas)
    canvas.show()
    qtbot.waitExposed(canvas)
    press(canvas)
    dialog = wait_for_dialog(qtbot, hook)
    assert dialog.text().startswith(
        "InfraDesk hit an internal error: ZeroDivisionError: division by zero in the time scale."
        " Details were saved to "
    )
    # A handler that fails again and again gives one dialog and one log, not a storm.
    for _ in range(3):
        press(canvas)
    qtbot.waitUntil(lambda: hook.suppressed == 3)
    assert hook.dialog is dialog
    [log] = crash_logs(data_dir)
    assert "mousePressEvent" in log.read_text(encoding="utf-8")
    dialog.accept()


def test_an_uncaught_user_error_shows_its_own_message_without_a_crash_log(
    qtbot, hook, button, data_dir
) -> None:
    def refuse() -> None:
        raise UserError("plan.xlsx, sheet Tasks, row 4: the duration is negative")

    button.clicked.connect(refuse)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = wait_for_dialog(qtbot, hook)
    assert dialog.text() == "plan.xlsx, sheet Tasks, row 4: the duration is negative"
    assert crash_logs(data_dir) == []
    dialog.accept()


def test_an_unwritable_log_folder_is_said_not_hidden(qtbot, hook, button, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be", encoding="utf-8")
    monkeypatch.setenv("INFRADESK_DATA_DIR", str(blocker))

    def broken_slot() -> None:
        raise RuntimeError("boom")

    button.clicked.connect(broken_slot)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = wait_for_dialog(qtbot, hook)
    assert dialog.text() == (
        "InfraDesk hit an internal error: RuntimeError: boom. "
        "The details could not be saved (the log folder is not writable)."
    )
    dialog.accept()
