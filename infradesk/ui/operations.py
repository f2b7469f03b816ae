"""Long work off the GUI thread, with a progress dialog and Cancel (Anki's ``QueryOp``).

::

    Operation(
        window,
        lambda progress: render_report(context.workspace, ..., progress=progress),
        title="Export status report",
        label="Writing the report…",
        success=lambda path: open_pdf(path),
    ).run()

The work is a plain Python callable that takes a :class:`infradesk.progress.Progress` (Qt-free,
so services report progress without importing Qt). It runs on a ``QThreadPool`` thread; it must
touch no widget and must open its own transactions through the services (``Workspace`` hands
out a session per call, on a pooled connection the calling thread borrows for it).

On the GUI thread:

- the dialog appears only after ``show_after_ms`` (quick work shows nothing), and polls the
  progress handle to show the label and ``value`` of ``maximum`` (busy when the maximum is 0);
- Cancel (or Esc, or closing the dialog) sets the handle's flag; the work stops at its next
  ``progress.step()`` by raising :class:`~infradesk.progress.Cancelled`, which rolls back the
  transaction it was in, and ``cancelled`` is called instead of ``success``;
- ``success(result)`` runs when the work returns;
- a :class:`~infradesk.errors.UserError` is shown as a message (or handed to ``failure``);
  any other exception goes to ``sys.excepthook`` (crash log and a one-line dialog), and the
  application keeps running.

:func:`run_command` applies an undoable service command this way and pushes it on the undo
stack when it succeeded.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from infradesk.errors import UserError
from infradesk.progress import Cancelled, Progress, ProgressHandle

if TYPE_CHECKING:
    from infradesk.services.changes import Changes
    from infradesk.services.commands import Command
    from infradesk.ui.context import AppContext

T = TypeVar("T")

SHOW_AFTER_MS = 300
POLL_MS = 50

_RUNNING: set[Operation[Any]] = set()  # kept alive until their outcome was handled


@dataclass(slots=True)
class _Outcome:
    result: object = None
    error: BaseException | None = None


class _Relay(QObject):
    """Created on (and living in) the GUI thread: the worker's emit of ``finished`` is queued
    to :meth:`deliver`, which therefore runs on the GUI thread."""

    finished = Signal(object)  # _Outcome

    def __init__(self, receiver: Callable[[_Outcome], None]) -> None:
        super().__init__()
        self.receiver = receiver
        self.finished.connect(self.deliver, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def deliver(self, outcome: _Outcome) -> None:
        self.receiver(outcome)


class _Worker(QRunnable):
    def __init__(
        self,
        work: Callable[[Progress], object],
        handle: ProgressHandle,
        receiver: Callable[[_Outcome], None],
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)  # Python owns it (the Operation keeps a reference)
        self.work = work
        self.handle = handle
        self.relay = _Relay(receiver)

    def run(self) -> None:
        try:
            outcome = _Outcome(result=self.work(self.handle))
        except BaseException as error:  # handed to the GUI thread, never lost
            outcome = _Outcome(error=error)
        self.relay.finished.emit(outcome)


class ProgressDialog(QDialog):
    """A label, a bar and Cancel; closing it asks the work to stop, it never just hides."""

    cancelRequested = Signal()

    def __init__(self, title: str, label: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName("operationProgress")
        self.setWindowTitle(title)
        self.setWindowModality(
            Qt.WindowModality.WindowModal if parent else Qt.WindowModality.ApplicationModal
        )
        self.label = QLabel(label)
        self.label.setObjectName("operationLabel")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setMinimumWidth(320)
        self.bar = QProgressBar()
        self.bar.setObjectName("operationBar")
        self.bar.setRange(0, 0)  # busy until the work says how much there is
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setObjectName("operationCancel")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(buttons)

    def reject(self) -> None:  # Cancel, Esc
        self.cancelRequested.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        event.ignore()  # the dialog goes when the work has stopped
        self.cancelRequested.emit()

    def dismiss(self) -> None:
        """The work ended: the dialog goes for good, now, before its outcome (a message, the
        next window) opens. Only hiding it left a window-modal dialog alive beside the
        message (issue 17: "Reading…" stayed on top and the message's OK did nothing until
        Cancel was pressed); a deleted window can block nothing."""
        self.cancelRequested.disconnect()
        self.hide()
        shiboken6.delete(self)  # not deleteLater: gone before the caller's next line


class Operation(Generic[T]):
    """Run ``work(progress)`` in a worker thread; see the module's docstring."""

    def __init__(
        self,
        parent: QWidget | None,
        work: Callable[[Progress], T],
        *,
        title: str,
        label: str = "Working…",
        success: Callable[[T], object] | None = None,
        failure: Callable[[UserError], object] | None = None,
        cancelled: Callable[[], object] | None = None,
        show_after_ms: int = SHOW_AFTER_MS,
        cancellable: bool = True,
    ) -> None:
        self.parent = parent
        self.title = title
        self.handle = ProgressHandle(label)
        self._work = work
        self._success = success
        self._failure = failure
        self._cancelled = cancelled
        self.show_after_ms = show_after_ms
        self.cancellable = cancellable
        self.dialog: ProgressDialog | None = None
        self.message: QMessageBox | None = None  # the UserError shown, if any
        self.done = False
        self.was_cancelled = False
        self._worker: _Worker | None = None
        self._show_timer = QTimer()
        self._show_timer.setSingleShot(True)
        self._show_timer.timeout.connect(self._show_dialog)
        self._poll_timer = QTimer()
        self._poll_timer.setInterval(POLL_MS)
        self._poll_timer.timeout.connect(self._poll)

    def run(self) -> Operation[T]:
        """Start the work and return at once."""
        worker = _Worker(self._work, self.handle, self._finished)
        self._worker = worker
        _RUNNING.add(self)
        self._show_timer.start(max(self.show_after_ms, 0))
        QThreadPool.globalInstance().start(worker)
        return self

    def cancel(self) -> None:
        """Ask the work to stop at its next progress step."""
        if self.done or not self.cancellable:
            return
        self.handle.cancel()
        if self.dialog is not None:
            self.dialog.label.setText("Cancelling…")
            self.dialog.cancel_button.setEnabled(False)

    def _show_dialog(self) -> None:
        if self.done:
            return
        dialog = ProgressDialog(self.title, self.handle.state.label, self._live_parent())
        dialog.cancel_button.setEnabled(self.cancellable)
        dialog.cancelRequested.connect(self.cancel)
        self.dialog = dialog
        self._poll()
        dialog.show()
        self._poll_timer.start()

    def _live_parent(self) -> QWidget | None:
        """The parent, unless it was closed and deleted while the work ran."""
        parent = self.parent
        return parent if parent is not None and shiboken6.isValid(parent) else None

    def _poll(self) -> None:
        dialog = self.dialog
        if dialog is None or self.done:
            return
        state = self.handle.state
        if not self.handle.cancelled and state.label:
            dialog.label.setText(state.label)
        dialog.bar.setRange(0, max(state.maximum, 0))
        if state.maximum > 0:
            dialog.bar.setValue(min(max(state.value, 0), state.maximum))

    def _finished(self, outcome: _Outcome) -> None:
        self.done = True
        self._show_timer.stop()
        self._poll_timer.stop()
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.dismiss()
        self._worker = None
        _RUNNING.discard(self)
        error = outcome.error
        if error is None:
            if self._success is not None:
                self._success(cast(T, outcome.result))  # what self._work returned
        elif isinstance(error, Cancelled):
            self.was_cancelled = True
            if self._cancelled is not None:
                self._cancelled()
        elif isinstance(error, UserError):
            if self._failure is not None:
                self._failure(error)
            else:
                self._show_message(str(error))
        else:
            sys.excepthook(type(error), error, error.__traceback__)

    def _show_message(self, text: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.title,
            text,
            QMessageBox.StandardButton.Ok,
            self._live_parent(),
        )
        box.setObjectName("operationError")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(self._message_closed)
        self.message = box
        box.open()  # no nested event loop: the caller's slot has long returned
        box.raise_()  # above the window, where the progress dialog was
        box.activateWindow()

    def _message_closed(self, *_args: object) -> None:
        self.message = None


def run_in_background(
    parent: QWidget | None,
    work: Callable[[Progress], T],
    *,
    title: str,
    label: str = "Working…",
    success: Callable[[T], object] | None = None,
    failure: Callable[[UserError], object] | None = None,
    cancelled: Callable[[], object] | None = None,
) -> Operation[T]:
    """Shorthand for ``Operation(...).run()``."""
    return Operation(
        parent,
        work,
        title=title,
        label=label,
        success=success,
        failure=failure,
        cancelled=cancelled,
    ).run()


def run_command(
    parent: QWidget | None,
    context: AppContext,
    command: Command,
    *,
    title: str,
    label: str = "Working…",
    success: Callable[[Command], object] | None = None,
    failure: Callable[[UserError], object] | None = None,
) -> Operation[tuple[Command, Changes]]:
    """Apply ``command`` in a worker thread (its own transaction) and, when it succeeded,
    push it on the undo stack (which tells the views). A cancelled or failed command wrote
    nothing and is not pushed."""
    from infradesk.ui.context import UndoableCommand

    workspace = context.workspace

    def apply(_progress: Progress) -> tuple[Command, Changes]:
        return command, command.apply(workspace)

    def applied(done: tuple[Command, Changes]) -> None:
        applied_command, changes = done
        if context.workspace is workspace:  # still the same file
            # its first redo tells the views exactly what changed
            context.undo_stack.push(UndoableCommand(context, applied_command, changes))
        if success is not None:
            success(applied_command)

    return Operation(
        parent,
        apply,
        title=title,
        label=label,
        success=applied,
        failure=failure,
        cancellable=False,  # a command's apply has no progress steps to stop at
    ).run()
