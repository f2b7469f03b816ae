"""The state every view shares: the open workspace, the current project and the undo stack.

Every edit, undo and redo is announced once with ``changed`` carrying the pass's
:class:`~infradesk.services.changes.Changes`; ``dataChanged(kinds, project id)`` goes just
before it, for the views that only need to know which kinds to reload. Notices without a
command (a setting, another program's commit) go through :meth:`AppContext.announce`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from infradesk.crash_log import write_crash_log
from infradesk.errors import UserError
from infradesk.services.changes import Changes
from infradesk.services.commands import Command, StaleEditError, current_version
from infradesk.services.governance.close_gate import CloseOverride, HandoverGateError
from infradesk.services.plan.outline import Outline
from infradesk.store.workspace import Workspace
from infradesk.ui import stale_edit
from infradesk.ui.governance import close_anyway


class UndoableCommand(QUndoCommand):
    """A service Command on Qt's undo stack.

    The database work happens in :meth:`AppContext.undo` / :meth:`AppContext.redo` *before*
    the stack's index moves, so a refused undo leaves the stack where it was. Here only the
    views are told; the first redo() (from ``push``) is skipped as the command was already
    applied (and validated) before it was pushed. Should Qt itself move the index (a
    QUndoView click), the command runs here and a refusal is reported, not raised into Qt.
    """

    def __init__(
        self, context: AppContext, command: Command, changes: Changes | None = None
    ) -> None:
        super().__init__(command.text)
        self.context = context
        self.command = command
        self.done_by_context = True  # the push's redo: already applied
        # what the pass just run changed (None: only the kinds are known, views reload)
        self.changes = changes

    def redo(self) -> None:
        self._announce(undo=False)

    def undo(self) -> None:
        self._announce(undo=True)

    def _announce(self, *, undo: bool) -> None:
        if not self.done_by_context:
            self.changes = self.context.run_step(self.command, undo=undo)
        self.done_by_context = False
        changes, self.changes = self.changes, None
        if changes is None:  # pushed by someone who kept the changes, or a refused pass
            changes = Changes.of(self.command.affects, self.command.project_id)
        self.context.notify(changes)


class AppContext(QObject):
    """Owned by the main window; tabs read it and send their edits through ``execute``."""

    workspaceChanged = Signal()
    projectChanged = Signal(object)  # project id or None
    changed = Signal(object)  # Changes: what an edit, undo or redo changed
    dataChanged = Signal(object, object)  # kinds: frozenset[str], project id or None
    undoRefused = Signal(str, str)  # title, message: an undo or redo that was not done
    # before the workspace or the project changes, both still the old ones: views save
    # their state (zoom, scroll, columns, selection; ui/view_state.py)
    leaving = Signal()

    def __init__(self, workspace: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.project_id: int | None = None
        self.undo_stack = QUndoStack(self)
        # asks whether to close anyway when the close gate refuses (tests replace it)
        self.ask_close_override: Callable[[HandoverGateError], CloseOverride | None] = (
            close_anyway.ask
        )
        # shows a stale edit's refusal and asks whether to apply the typed value to the
        # reloaded record (ui/stale_edit.py)
        self.ask_apply_again: Callable[[StaleEditError, object | None], bool] = (
            lambda error, typed: stale_edit.ask(error, typed)
        )
        # called before every edit, undo and redo runs (ui/plan_warm_up.py: the plan being
        # warmed in the background is finished first, so the edit patches it)
        self.before_edit: list[Callable[[], None]] = []
        # the outline the Gantt read last (its rows as stored when read): the warm-up builds
        # the schedule from it instead of reading the plan again (ui/plan_warm_up.py)
        self.loaded_outline: Outline | None = None

    def set_workspace(self, workspace: Workspace) -> None:
        self.leaving.emit()
        old = self.workspace
        self.workspace = workspace
        self.undo_stack.clear()
        self.project_id = None
        if old is not workspace:
            old.close()
        self.workspaceChanged.emit()

    def set_project(self, project_id: int | None) -> None:
        if project_id != self.project_id:
            self.leaving.emit()
            self.project_id = project_id
            self.projectChanged.emit(project_id)

    def execute(self, command: Command, typed: object | None = None) -> None:
        """Apply ``command`` now (exceptions propagate, nothing is pushed) and make it undoable.

        An edit that would mark the project's close milestone done while acceptance items
        are open is refused by the service; ``ask_close_override`` then offers to close
        anyway (with a reason, logged as a decision) and the command runs again with it.

        An edit of a record someone changed since the view read it (the command expects the
        version the view showed, ``Command.expect``) is refused with :class:`StaleEditError`:
        the views reload, and ``ask_apply_again`` shows who changed it when and offers
        ``typed`` (what the user typed) again; on Yes the edit runs again expecting the
        reloaded version, on No the refusal propagates."""
        while True:
            try:
                changes = self._apply(command)
                break
            except StaleEditError as stale:
                table, row_id = stale.record
                self.announce(frozenset(command.affects), command.project_id)  # views reload
                fresh = current_version(self.workspace, table, row_id)
                if fresh is None or not self.ask_apply_again(stale, typed):
                    raise
                command.expect(table, row_id, fresh)
        self.undo_stack.push(UndoableCommand(self, command, changes))  # its first redo notifies

    def _settle(self) -> None:
        for hook in self.before_edit:
            hook()

    def _apply(self, command: Command) -> Changes:
        self._settle()
        try:
            return command.apply(self.workspace)
        except HandoverGateError as refusal:
            override = self.ask_close_override(refusal)
            if override is None:
                raise
            command.close_override = override
            return command.apply(self.workspace)

    def notify(self, changes: Changes) -> None:
        """Tell the views what changed: ``dataChanged`` with its kinds (the main window
        switches project first when the shown one is gone), then ``changed``."""
        self.dataChanged.emit(changes.kinds, changes.project_id)
        self.changed.emit(changes)

    def announce(self, kinds: frozenset[str], project_id: int | None = None) -> None:
        """Tell the views that ``kinds`` changed outside any command (a setting, another
        program's commit): they reload."""
        self.notify(Changes.of(kinds, project_id))

    def undo(self) -> bool:
        """Undo the last step; the stack moves back only when the database was reverted.

        A refusal (another window or program changed what the step wrote, or any failure)
        is announced with ``undoRefused`` and the stack stays where it is.
        """
        index = self.undo_stack.index()
        if index == 0:
            return False
        step = self.undo_stack.command(index - 1)
        if not isinstance(step, UndoableCommand):
            return False
        changes = self.run_step(step.command, undo=True)
        if changes is None:
            return False
        step.done_by_context, step.changes = True, changes
        self.undo_stack.undo()
        return True

    def redo(self) -> bool:
        """Redo the next step; the stack moves on only when the database was changed."""
        index = self.undo_stack.index()
        if index >= self.undo_stack.count():
            return False
        step = self.undo_stack.command(index)
        if not isinstance(step, UndoableCommand):
            return False
        changes = self.run_step(step.command, undo=False)
        if changes is None:
            return False
        step.done_by_context, step.changes = True, changes
        self.undo_stack.redo()
        return True

    def run_step(self, command: Command, *, undo: bool) -> Changes | None:
        """Revert (``undo``) or re-apply ``command`` and return what changed; report a
        failure (None) instead of raising."""
        verb = "Undo" if undo else "Redo"
        self._settle()
        try:
            if undo:
                return command.revert(self.workspace)
            return command.apply(self.workspace)
        except UserError as error:
            self.undoRefused.emit(f"Cannot {verb.lower()}", str(error))
            return None
        except Exception as error:  # a bug: keep the stack and the data, log the traceback
            log = write_crash_log(type(error), error, error.__traceback__, f"{verb} {command.text}")
            where = f" The details are in {log}." if log else ""
            self.undoRefused.emit(
                f"Cannot {verb.lower()}",
                f"{verb} of '{command.text}' failed and nothing was changed.{where}",
            )
            return None
