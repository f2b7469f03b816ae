"""Showing what another program committed to the open workspace (another InfraDesk, the CLI).

Once a second a timer asks :class:`infradesk.store.watch.WorkspaceWatch` whether the file
changed. Our own edits are acknowledged as they are announced (``dataChanged``), so only
someone else's commits cause a refresh: every view reloads through the context's usual
``dataChanged`` signal, with every kind of data marked as changed. While a cell editor is open
the refresh waits, so that a reload never throws away what the user is typing.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QAbstractItemView, QWidget

from infradesk.store.watch import WorkspaceWatch
from infradesk.ui.context import AppContext

POLL_MS = 1000
#: What another program may have changed: every kind the views reload on.
EVERYTHING = frozenset({"projects", "tasks", "risks", "vendors", "baselines", "status"})


def editing_in(window: QWidget) -> bool:
    """Whether an item view in ``window`` has a cell editor open."""
    return any(
        view.state() == QAbstractItemView.State.EditingState
        for view in window.findChildren(QAbstractItemView)
    )


class WorkspaceWatcher(QObject):
    """Polls the context's workspace and announces other programs' commits."""

    def __init__(
        self,
        context: AppContext,
        hold: Callable[[], bool] = lambda: False,
        interval_ms: int = POLL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent if parent is not None else context)
        self.context = context
        self.hold = hold
        self.external_refreshes = 0
        self._watch: WorkspaceWatch | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.poll)
        context.workspaceChanged.connect(self._watch_workspace)
        context.dataChanged.connect(self._acknowledge)
        self._watch_workspace()
        self._timer.start()

    def _watch_workspace(self) -> None:
        self._close_watch()
        self._watch = WorkspaceWatch(self.context.workspace.path)

    def _acknowledge(self, _affects: object = None, _project_id: object = None) -> None:
        if self._watch is not None:
            self._watch.acknowledge()

    def poll(self) -> bool:
        """Refresh the views when another program committed; True when it did."""
        if self._watch is None or self.hold():
            return False  # the change stays pending until the next tick
        if not self._watch.changed():
            return False
        self.external_refreshes += 1
        self.context.announce(EVERYTHING, None)
        return True

    def _close_watch(self) -> None:
        if self._watch is not None:
            self._watch.close()
            self._watch = None

    def stop(self) -> None:
        """Stop polling and close the watch connection (before the workspace closes)."""
        self._timer.stop()
        self._close_watch()

    def resume(self) -> None:
        """Watch the context's workspace again and poll (after :meth:`stop`, e.g. a restore)."""
        self._watch_workspace()
        self._timer.start()


def install_workspace_watch(window: QWidget, context: AppContext) -> WorkspaceWatcher:
    """Start watching ``context``'s workspace for ``window``, holding back while it edits."""
    return WorkspaceWatcher(context, hold=lambda: editing_in(window), parent=window)
