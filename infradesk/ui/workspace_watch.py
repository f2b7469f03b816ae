"""Showing what another program committed to the open workspace (another InfraDesk, the CLI).

Once a second a timer asks :class:`infradesk.store.watch.WorkspaceWatch` whether the file
changed. Our own edits are acknowledged as they are announced (``dataChanged``), so only
someone else's commits cause a refresh: every view reloads through the context's usual
``dataChanged`` signal, with every kind of data marked as changed. While a cell editor is open
the refresh waits, so that a reload never throws away what the user is typing.

A team workspace (PostgreSQL) has no file to watch: a
:class:`~infradesk.services.team_notices.ChangeListener` hears each other client's commit. Its
socket is watched with a ``QSocketNotifier`` (the refresh comes at once), the same one-second
timer polls it too (a fallback), and each notice is announced with the very
:class:`~infradesk.services.changes.Changes` the other client's command made, as our own edits
are. ``changeSaid(text)`` says who changed what ("alice changed tasks"); a lost connection is
reported once with ``connectionLost(message)`` and the listening stops (the window keeps
working; reopening the workspace reconnects).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier, Qt, QTimer, Signal
from PySide6.QtWidgets import QAbstractItemView, QMainWindow, QMessageBox, QWidget

from infradesk.services.changes import Changes
from infradesk.services.plan.remote_changes import gantt_changes
from infradesk.services.team_notices import ChangeListener, Notice
from infradesk.store.inspection import WorkspaceError
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


def notice_text(notice: Notice) -> str:
    """What the status bar says about another user's commit: "alice changed risks, tasks"."""
    kinds = ", ".join(sorted(notice.changes.kinds)) or "the workspace"
    return f"{notice.user_name or 'Someone'} changed {kinds}"


class WorkspaceWatcher(QObject):
    """Polls the context's workspace and announces other programs' commits."""

    changeSaid = Signal(str)  # another team member's commit, for the status bar
    connectionLost = Signal(str)  # the team workspace's listener failed (said once)

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
        self._listener: ChangeListener | None = None
        self._notifier: QSocketNotifier | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.poll)
        context.workspaceChanged.connect(self._watch_workspace)
        context.dataChanged.connect(self._acknowledge)
        self._watch_workspace()
        self._timer.start()

    def _watch_workspace(self) -> None:
        self._close_watch()
        workspace = self.context.workspace
        if not workspace.is_server:
            self._watch = WorkspaceWatch(workspace.path)
            return
        try:
            self._listener = ChangeListener(workspace)
        except WorkspaceError as error:
            self.connectionLost.emit(str(error))
            return
        self._notifier = QSocketNotifier(self._listener.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self.poll)

    @property
    def listening(self) -> bool:
        """Whether other team members' commits are heard (a team workspace, connected)."""
        return self._listener is not None

    def _acknowledge(self, _affects: object = None, _project_id: object = None) -> None:
        if self._watch is not None:
            self._watch.acknowledge()

    def poll(self) -> bool:
        """Refresh the views when another program committed; True when it did."""
        if self._listener is not None:
            return self._poll_listener()
        if self._watch is None or self.hold():
            return False  # the change stays pending until the next tick
        if not self._watch.changed():
            return False
        self.external_refreshes += 1
        self.context.announce(EVERYTHING, None)
        return True

    def _poll_listener(self) -> bool:
        assert self._listener is not None and self._notifier is not None
        if self.hold():  # the notices wait in the connection; the timer comes back
            self._notifier.setEnabled(False)  # else its socket would fire without end
            return False
        self._notifier.setEnabled(True)
        try:
            notices = self._listener.poll()
        except WorkspaceError as error:
            self._close_watch()
            self.connectionLost.emit(str(error))
            return False
        for notice in notices:
            self.external_refreshes += 1
            self.context.notify(self._refined(notice))
            self.changeSaid.emit(notice_text(notice))
        return bool(notices)

    def _refined(self, notice: Notice) -> Changes:
        """A plain task edit of the shown project as an in-place Gantt update (its rows and
        the ones it moved, not a reload of the whole plan)."""
        if notice.changes.project_id != self.context.project_id:
            return notice.changes
        try:
            return gantt_changes(self.context.workspace, notice)
        except WorkspaceError:  # the views reload, and say so if the server is gone
            return notice.changes

    def _close_watch(self) -> None:
        if self._watch is not None:
            self._watch.close()
            self._watch = None
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if self._listener is not None:
            listener, self._listener = self._listener, None
            with contextlib.suppress(Exception):  # a connection already gone closes as it can
                listener.close()

    def stop(self) -> None:
        """Stop polling and close the watch connection (before the workspace closes)."""
        self._timer.stop()
        self._close_watch()

    def resume(self) -> None:
        """Watch the context's workspace again and poll (after :meth:`stop`, e.g. a restore)."""
        self._watch_workspace()
        self._timer.start()


def install_workspace_watch(window: QWidget, context: AppContext) -> WorkspaceWatcher:
    """Start watching ``context``'s workspace for ``window``, holding back while it edits;
    a main window's status bar says who changed what in a team workspace."""
    watcher = WorkspaceWatcher(context, hold=lambda: editing_in(window), parent=window)
    if isinstance(window, QMainWindow):
        bar = window.statusBar()
        watcher.changeSaid.connect(lambda text: bar.showMessage(text, 5000))
        watcher.connectionLost.connect(lambda message: _say_lost(window, message))
    return watcher


def _say_lost(window: QMainWindow, message: str) -> None:
    """One message, not modal (nothing waits on it), and the same line in the status bar."""
    window.statusBar().showMessage(message)
    box = QMessageBox(QMessageBox.Icon.Warning, "Team workspace", message, parent=window)
    box.setObjectName("connectionLostMessage")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
