"""Read a plan file off the UI thread, with a progress dialog whose Cancel works at once.

The readers (MSPDI, GanttProject, Planner, JSON) take no progress callback and write nothing,
so the file is read in a worker thread while the window keeps painting; Cancel simply stops
waiting and the worker's result, when it comes, is dropped.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QProgressDialog, QWidget

from infradesk.interchange.problems import ImportResult, UnreadableFileError

POLL_MS = 25
SHOW_AFTER_MS = 300


class _Job:
    """The worker's outcome: a result, or the error it raised."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.result: ImportResult | None = None
        self.error: BaseException | None = None


def _reader(path: Path) -> ImportResult:
    from infradesk.interchange.document import Document
    from infradesk.interchange.given_json import given_json
    from infradesk.interchange.readers import read_any

    result = read_any(path)
    if isinstance(result.document, Document):
        # The wizard's pages still read the JSON shape (until they take the types).
        return ImportResult(given_json(result.document), result.problems, result.notes)
    return result


def read_in_background(
    parent: QWidget | None,
    path: Path,
    label: str,
    reader: Callable[[Path], ImportResult] | None = None,
) -> ImportResult | None:
    """``reader(path)`` in a thread; None if the user cancelled.

    Raises UnreadableFileError for a file that cannot be used; any other failure of the reader
    is reported as UnreadableFileError too, since nothing was written either way.
    """
    job = _Job()
    read = reader or _reader

    def work() -> None:
        try:
            job.result = read(path)
        except BaseException as error:  # handed to the UI thread below
            job.error = error
        finally:
            job.done.set()

    threading.Thread(target=work, name=f"read {path.name}", daemon=True).start()
    dialog = QProgressDialog(label, "Cancel", 0, 0, parent)  # 0..0: a busy indicator
    dialog.setObjectName("importProgress")
    dialog.setWindowTitle("Import")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(SHOW_AFTER_MS)
    dialog.setValue(0)  # starts the timer that shows the dialog if reading takes a while
    cancelled = False
    loop = QEventLoop()

    def cancel() -> None:
        nonlocal cancelled
        cancelled = True
        loop.quit()

    def poll() -> None:
        if dialog.wasCanceled():  # cancelled by Esc or cancel(), which emit no signal
            cancel()
        elif job.done.is_set():
            loop.quit()

    timer = QTimer()
    timer.setInterval(POLL_MS)
    timer.timeout.connect(poll)
    dialog.canceled.connect(cancel)
    if not job.done.wait(0.05):  # small files are read before any dialog or loop is needed
        timer.start()
        loop.exec()
        timer.stop()
    dialog.canceled.disconnect(cancel)
    dialog.reset()
    dialog.close()
    dialog.deleteLater()
    if cancelled:
        return None
    if job.error is not None:
        if isinstance(job.error, UnreadableFileError):
            raise job.error
        if not isinstance(job.error, Exception):
            raise job.error
        raise UnreadableFileError(
            f"{path.name} could not be read: {job.error or type(job.error).__name__}"
        ) from job.error
    return job.result
