"""Progress and cancel for long work, without Qt.

Long work (reading a file, writing an import, rendering the report, exporting) takes a
:class:`Progress` and calls ``progress.step(...)`` between units of work. ``step`` records how
far it got and raises :class:`Cancelled` once the user asked to stop, so the work ends at a
point it chose (a service raising inside its transaction rolls it back: nothing is written).

The GUI (``infradesk.ui.operations``) hands a :class:`ProgressHandle` to the work, which runs
in a worker thread, and reads it from the GUI thread to draw the dialog; the CLI and the tests
pass :data:`NO_PROGRESS`. All state is behind one lock, so both threads may use a handle.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Protocol

from infradesk.errors import InfraDeskError


class Cancelled(InfraDeskError):
    """The user cancelled the work; nothing is reported, nothing was kept."""

    def __init__(self, message: str = "Cancelled.") -> None:
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class ProgressState:
    """What the dialog shows: a label and ``value`` of ``maximum`` (0 = unknown: busy)."""

    label: str = ""
    value: int = 0
    maximum: int = 0


class Progress(Protocol):
    """What long work may call: report how far it got, and stop when asked to."""

    @property
    def cancelled(self) -> bool:
        """True once the user asked to stop."""
        ...

    def step(
        self, label: str | None = None, value: int | None = None, maximum: int | None = None
    ) -> None:
        """Record progress (any argument left out keeps its last value); raise
        :class:`Cancelled` if the user asked to stop."""
        ...


class ProgressHandle:
    """A thread-safe :class:`Progress`: the work writes it, the UI reads and cancels it."""

    def __init__(self, label: str = "") -> None:
        self._lock = threading.Lock()
        self._state = ProgressState(label=label)
        self._cancelled = False
        self.updates = 0  # how many times the work reported progress

    @property
    def cancelled(self) -> bool:
        with self._lock:
            return self._cancelled

    def cancel(self) -> None:
        with self._lock:
            self._cancelled = True

    @property
    def state(self) -> ProgressState:
        with self._lock:
            return self._state

    def step(
        self, label: str | None = None, value: int | None = None, maximum: int | None = None
    ) -> None:
        with self._lock:
            old = self._state
            self._state = ProgressState(
                label=old.label if label is None else label,
                value=old.value if value is None else value,
                maximum=old.maximum if maximum is None else maximum,
            )
            self.updates += 1
            cancelled = self._cancelled
        if cancelled:
            raise Cancelled()

    def check(self) -> None:
        """Raise :class:`Cancelled` if the user asked to stop (progress left as it is)."""
        if self.cancelled:
            raise Cancelled()


class _NoProgress:
    """For callers without a dialog (the CLI, tests): never cancelled, reports nowhere."""

    @property
    def cancelled(self) -> bool:
        return False

    def step(
        self, label: str | None = None, value: int | None = None, maximum: int | None = None
    ) -> None:
        return None


NO_PROGRESS: Progress = _NoProgress()
