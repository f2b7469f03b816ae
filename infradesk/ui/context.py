"""The state every view shares: the open workspace, the current project and the undo stack."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from infradesk.services.commands import Command
from infradesk.store.workspace import Workspace


class UndoableCommand(QUndoCommand):
    """A service Command on Qt's undo stack. The first redo() is skipped: the command was
    already applied (and validated) before it was pushed."""

    def __init__(self, context: AppContext, command: Command) -> None:
        super().__init__(command.text)
        self.context = context
        self.command = command
        self._applied = True

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self.command.apply(self.context.workspace)
        self.context.notify(self.command)

    def undo(self) -> None:
        self.command.revert(self.context.workspace)
        self.context.notify(self.command)


class AppContext(QObject):
    """Owned by the main window; tabs read it and send their edits through ``execute``."""

    workspaceChanged = Signal()
    projectChanged = Signal(object)  # project id or None
    dataChanged = Signal(object, object)  # affects: frozenset[str], project id or None

    def __init__(self, workspace: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.project_id: int | None = None
        self.undo_stack = QUndoStack(self)

    def set_workspace(self, workspace: Workspace) -> None:
        old = self.workspace
        self.workspace = workspace
        self.undo_stack.clear()
        self.project_id = None
        if old is not workspace:
            old.close()
        self.workspaceChanged.emit()

    def set_project(self, project_id: int | None) -> None:
        if project_id != self.project_id:
            self.project_id = project_id
            self.projectChanged.emit(project_id)

    def execute(self, command: Command) -> None:
        """Apply ``command`` now (exceptions propagate, nothing is pushed) and make it undoable."""
        command.apply(self.workspace)
        self.undo_stack.push(UndoableCommand(self, command))
        self.notify(command)

    def notify(self, command: Command) -> None:
        self.dataChanged.emit(command.affects, command.project_id)
