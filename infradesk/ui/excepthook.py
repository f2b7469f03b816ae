"""The GUI's last line of defence: an uncaught exception becomes a crash log and a dialog.

PySide6 hands an exception raised in a slot or an event handler to ``sys.excepthook`` and goes
on with the event loop. Python's default hook prints a traceback to a terminal the user does not
see; ours writes the traceback to a crash log (:mod:`infradesk.crash_log`) and tells the user in
one line, and the application keeps running.

The dialog is opened window-modal without a nested event loop (``open()``, not ``exec()``), so
the hook returns at once and never re-enters the code that failed. While it is up, further
exceptions (a failing paint event repeats on every repaint) are counted, not shown again.
"""

from __future__ import annotations

import sys
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from infradesk import APP_NAME
from infradesk.crash_log import write_crash_log
from infradesk.errors import UserError
from infradesk.logging_setup import get_logger
from infradesk.ui.keep_edit import without_override_prefix

ONE_LINE_LIMIT = 200

log = get_logger(__name__)


def one_line(exc: BaseException) -> str:
    """``Type: first line of the message``, short enough for a dialog."""
    text = str(exc).strip().splitlines()[0].strip() if str(exc).strip() else ""
    text = without_override_prefix(text)  # the crash log keeps PySide's prefix
    line = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    if len(line) > ONE_LINE_LIMIT:
        line = line[: ONE_LINE_LIMIT - 1] + "…"
    return line.rstrip(".")


def internal_error_text(exc: BaseException, log: object) -> str:
    saved = (
        f"Details were saved to {log}."
        if log is not None
        else "The details could not be saved (the log folder is not writable)."
    )
    return f"{APP_NAME} hit an internal error: {one_line(exc)}. {saved}"


class GuiExceptHook:
    """Installed as ``sys.excepthook`` while the GUI runs (see :func:`install_excepthook`)."""

    def __init__(self) -> None:
        self.previous = sys.excepthook
        self.dialog: QMessageBox | None = None
        self.suppressed = 0  # exceptions while the dialog was already up

    def __call__(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt | SystemExit):
            self.previous(exc_type, exc, tb)
            return
        if isinstance(exc, UserError):
            log.warning("not caught where it was raised: %s", exc)
        else:
            log.error("internal error: %s", one_line(exc), exc_info=(exc_type, exc, tb))
        app = QApplication.instance()
        if not isinstance(app, QApplication):  # no GUI (yet or any more): one line, no dialog
            crash = write_crash_log(exc_type, exc, tb, context="desktop application")
            print(internal_error_text(exc, crash), file=sys.stderr)
            return
        if self.dialog is not None:
            self.suppressed += 1
            return
        if isinstance(exc, UserError):  # raised on purpose but not caught: just the message
            self._show(QMessageBox.Icon.Warning, str(exc))
            return
        crash = write_crash_log(exc_type, exc, tb, context="desktop application event")
        self._show(QMessageBox.Icon.Critical, internal_error_text(exc, crash))

    def _show(self, icon: QMessageBox.Icon, text: str) -> None:
        parent = QApplication.activeWindow()
        dialog = QMessageBox(icon, APP_NAME, text, QMessageBox.StandardButton.Ok, parent)
        dialog.setObjectName("internalErrorDialog")
        dialog.setWindowModality(
            Qt.WindowModality.WindowModal if parent else Qt.WindowModality.ApplicationModal
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._dialog_closed)
        dialog.destroyed.connect(self._dialog_closed)  # e.g. with its parent window
        self.dialog = dialog
        dialog.open()

    def _dialog_closed(self, *_args: object) -> None:
        self.dialog = None
        self.suppressed = 0


def install_excepthook() -> GuiExceptHook:
    """Route uncaught exceptions to a crash log and a dialog; returns the hook (for tests and
    :func:`uninstall_excepthook`)."""
    hook = GuiExceptHook()
    sys.excepthook = hook
    return hook


def uninstall_excepthook(hook: GuiExceptHook) -> None:
    if sys.excepthook is hook:
        sys.excepthook = hook.previous
    if hook.dialog is not None:
        hook.dialog.close()
