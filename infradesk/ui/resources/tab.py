"""The Resources tab: the workspace's resource pool, shared by every project.

A tab widget whose first page is the resource sheet; other views of the pool (the usage
view) join with :meth:`ResourcesTab.add_page`. The tab reloads when the pool, tasks, vendors
or projects change (deferred while a cell is being committed, as the other tabs do) and, while
shown, puts its counts in the window's status bar.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QTabWidget, QWidget

from infradesk.services.changes import Changes
from infradesk.ui.context import AppContext
from infradesk.ui.resources.calendars_dialog import BaseCalendarsDialog
from infradesk.ui.resources.leave_dialog import LeaveDialog
from infradesk.ui.resources.sheet import ResourceSheet

RELOAD_ON = ("resources", "tasks", "vendors", "projects")


class ResourcesTab(QTabWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resourcesTab")
        self.setDocumentMode(True)
        self.context = context
        self._status_message = ""  # what this tab last put in the window's status bar
        self._reload_pending = False
        self._stale = True
        self.sheet = ResourceSheet(context)
        self.addTab(self.sheet, "Sheet")
        self.sheet.countsChanged.connect(self._show_status)
        self.sheet.leaveRequested.connect(self.open_leave)
        self.sheet.calendarsRequested.connect(self.open_calendars)
        self.currentChanged.connect(lambda _n: self._show_status())
        self.leave_dialog: LeaveDialog | None = None
        self.calendars_dialog: BaseCalendarsDialog | None = None
        context.changed.connect(self._on_changed)
        context.workspaceChanged.connect(self._workspace_changed)

    def add_page(self, widget: QWidget, title: str) -> int:
        """Add a view of the pool after the sheet (the usage view); returns its index."""
        return self.addTab(widget, title)

    # ------------------------------------------------------------------ loading
    def _workspace_changed(self) -> None:
        for dialog in (self.leave_dialog, self.calendars_dialog):
            if dialog is not None:
                dialog.close()
        self.leave_dialog = self.calendars_dialog = None
        self._mark_stale()

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(*RELOAD_ON):
            self._mark_stale()

    def _mark_stale(self) -> None:
        """Reload now when shown (after the cell being committed closes), else when shown."""
        self._stale = True
        if self.isVisible() and not self._reload_pending:
            self._reload_pending = True
            QTimer.singleShot(0, self._deferred_reload)

    def _deferred_reload(self) -> None:
        if self._reload_pending:
            self.reload()

    def reload(self) -> None:
        self._reload_pending = False
        self._stale = False
        self.sheet.reload()
        self._show_status()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()
        else:
            self._show_status()

    def hideEvent(self, event: QHideEvent) -> None:
        """Take the pool's counts out of the status bar: another tab shows its own."""
        super().hideEvent(event)
        bar = self._status_bar()
        if bar is not None and self._status_message and bar.currentMessage() == (
            self._status_message
        ):
            bar.clearMessage()

    # ------------------------------------------------------------------ status bar
    def _status_bar(self) -> Any:
        status_bar = getattr(self.window(), "statusBar", None)
        return status_bar() if callable(status_bar) else None

    def _show_status(self) -> None:
        bar = self._status_bar()
        if bar is None or not self.isVisible() or self.currentWidget() is not self.sheet:
            return
        self._status_message = self.sheet.counts_text()
        bar.showMessage(self._status_message)

    # ------------------------------------------------------------------ main window hooks
    def current_table(self) -> QAbstractItemView | None:
        """The sheet's table while the sheet is shown (Edit > New Row / Delete Rows)."""
        return self.sheet.table if self.currentWidget() is self.sheet else None

    def focus_table(self) -> None:
        table = self.current_table()
        if table is not None:
            table.setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------------ dialogs
    def open_leave(self, resource_id: int) -> LeaveDialog:
        """The resource's Leave and working time dialog (modeless: the sheet stays usable)."""
        if self.leave_dialog is not None:
            self.leave_dialog.close()
            self.leave_dialog.deleteLater()
        names = self.sheet.names_of([resource_id])
        self.leave_dialog = LeaveDialog(
            self.context, resource_id, names[0] if names else "", self.window()
        )
        self.leave_dialog.show()
        return self.leave_dialog

    def open_calendars(self) -> BaseCalendarsDialog:
        """The Base Calendars dialog (modeless)."""
        if self.calendars_dialog is None:
            self.calendars_dialog = BaseCalendarsDialog(self.context, self.window())
        self.calendars_dialog.reload()
        self.calendars_dialog.show()
        self.calendars_dialog.raise_()
        return self.calendars_dialog
