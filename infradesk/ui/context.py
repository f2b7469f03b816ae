"""The state every view shares: the open workspace, the current project and the undo stack."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from infradesk.crash_log import write_crash_log
from infradesk.errors import UserError
from infradesk.services.commands import Command
from infradesk.store.workspace import Workspace


class UndoableCommand(QUndoCommand):
    """A service Command on Qt's undo stack.

    The database work happens in :meth:`AppContext.undo` / :meth:`AppContext.redo` *before*
    the stack's index moves, so a refused undo leaves the stack where it was. Here only the
    views are told; the first redo() (from ``push``) is skipped as the command was already
    applied (and validated) before it was pushed. Should Qt itself move the index (a
    QUndoView click), the command runs here and a refusal is reported, not raised into Qt.
    """

    def __init__(self, context: AppContext, command: Command) -> None:
        super().__init__(command.text)
        self.context = context
        self.command = command
        self.done_by_context = True  # the push's redo: already applied

    def redo(self) -> None:
        if not self.done_by_context:
            self.context.run_step(self.command, undo=False)
        self.done_by_context = False
        self.context.notify(self.command)

    def undo(self) -> None:
        if not self.done_by_context:
            self.context.run_step(self.command, undo=True)
        self.done_by_context = False
        self.context.notify(self.command)


class AppContext(QObject):
    """Owned by the main window; tabs read it and send their edits through ``execute``."""

    workspaceChanged = Signal()
    projectChanged = Signal(object)  # project id or None
    dataChanged = Signal(object, object)  # affects: frozenset[str], project id or None
    undoRefused = Signal(str, str)  # title, message: an undo or redo that was not done

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
        self.undo_stack.push(UndoableCommand(self, command))  # its first redo() notifies

    def notify(self, command: Command) -> None:
        self.dataChanged.emit(command.affects, command.project_id)

    def undo(self) -> bool:
        """Undo the last step; the stack moves back only when the database was reverted.

        A refusal (another window or program changed what the step wrote, or any failure)
        is announced with ``undoRefused`` and the stack stays where it is.
        """
        index = self.undo_stack.index()
        if index == 0:
            return False
        step = self.undo_stack.command(index - 1)
        if not isinstance(step, UndoableCommand) or not self.run_step(step.command, undo=True):
            return False
        step.done_by_context = True
        self.undo_stack.undo()
        return True

    def redo(self) -> bool:
        """Redo the next step; the stack moves on only when the database was changed."""
        index = self.undo_stack.index()
        if index >= self.undo_stack.count():
            return False
        step = self.undo_stack.command(index)
        if not isinstance(step, UndoableCommand) or not self.run_step(step.command, undo=False):
            return False
        step.done_by_context = True
        self.undo_stack.redo()
        return True

    def run_step(self, command: Command, *, undo: bool) -> bool:
        """Revert (``undo``) or re-apply ``command``; report a failure instead of raising."""
        verb = "Undo" if undo else "Redo"
        try:
            if undo:
                command.revert(self.workspace)
            else:
                command.apply(self.workspace)
        except UserError as error:
            self.undoRefused.emit(f"Cannot {verb.lower()}", str(error))
            return False
        except Exception as error:  # a bug: keep the stack and the data, log the traceback
            log = write_crash_log(type(error), error, error.__traceback__, f"{verb} {command.text}")
            where = f" The details are in {log}." if log else ""
            self.undoRefused.emit(
                f"Cannot {verb.lower()}",
                f"{verb} of '{command.text}' failed and nothing was changed.{where}",
            )
            return False
        return True
