"""Undoable edits. Each command applies and reverts itself, each time in one transaction.

The UI wraps commands in QUndoCommands; the CLI and tests call them directly. ``apply`` and
``revert`` return a :class:`~infradesk.services.changes.Changes`: what the pass changed, which
the UI announces to the views. By default it names the kinds in ``affects`` ("projects",
"tasks", "risks", "vendors", ...) and the project, without ids (views reload); a command that
knows more overrides :meth:`Command.what_changed`.

Undo never loses data. The first ``apply`` journals every row it touches
(:mod:`infradesk.services.row_journal`): the rows as they were before and as it left them.

- Before ``revert`` (and before a redo), the rows it left behind are read again in the same
  transaction. If another window or program changed one of them since, the undo is refused
  with :class:`UndoConflict` and nothing is touched (no lost update).
- After the command's own ``undo`` (or ``do`` on redo), every touched row is put back to its
  exact image (same ids, same values), so undo restores exactly what was there and redo
  exactly what the first apply wrote, whatever the command's own code did.

Several people at once (a team workspace, or two programs on one file):

- A view that builds a command from rows it shows passes their version counters
  (:meth:`Command.expect`); when one of those rows was changed since, the edit is refused
  with :class:`StaleEditError` naming who changed it and when (no lost update).
- Every pass holds its projects' lock (PostgreSQL advisory lock) so two people's edits of one
  plan reschedule one after the other; counts a new version of each row it wrote; records
  itself in the audit (:mod:`infradesk.services.audit`); and on a server tells the other
  windows what changed (:mod:`infradesk.services.team_notices`), all in its transaction.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, ClassVar, Self

from sqlalchemy.orm import Session

from infradesk.errors import UserError
from infradesk.services import audit, row_journal, team_notices
from infradesk.services.changes import Changes
from infradesk.services.plan import incremental
from infradesk.services.row_journal import Images, Key
from infradesk.store.workspace import Workspace

if TYPE_CHECKING:
    from infradesk.services.governance.close_gate import CloseOverride


class UndoConflict(UserError):
    """An undo or redo was refused because what it would revert changed since; nothing was
    changed and the command stays where it is on the undo stack."""


class StaleEditError(UserError):
    """An edit of a record that someone else changed since the view read it: nothing was
    saved. ``record`` names the row (table, id); the view reloads and offers the user's
    value again."""

    def __init__(self, message: str, record: Key) -> None:
        super().__init__(message)
        self.record = record


def _who(session: Session, key: Key, workspace: Workspace) -> str:
    """``by alice at 14:02``: the last change of ``key`` someone else audited; ``in another
    window or program`` without one."""
    entry = audit.last_change(session, key, other_than=workspace.client_id)
    if entry is None:
        return "in another window or program"
    return f"by {entry.user_name} at {entry.at:%H:%M}"


class Command(ABC):
    """One user-visible edit."""

    text: str = "Edit"
    affects: ClassVar[frozenset[str]] = frozenset()
    project_id: int | None = None

    # Images of the rows the first apply touched: before it ran and after it. None until the
    # first apply succeeded.
    _journal_before: Images | None = None
    _journal_after: Images | None = None
    # close the project's close milestone despite open acceptance items, logged as a
    # decision (services/governance/close_gate.py); None: such a close is refused
    close_override: CloseOverride | None = None
    # the version counters of the rows the user saw when they made the edit
    _expected_versions: dict[Key, int] | None = None

    def expect(self, table: str, row_id: int, version: int | None) -> Self:
        """Refuse this edit (:class:`StaleEditError`) if row ``row_id`` of ``table`` is no
        longer at ``version`` (the one the view showed) when it is applied."""
        if version is not None:
            if self._expected_versions is None:
                self._expected_versions = {}
            self._expected_versions[(table, row_id)] = version
        return self

    def locked_project_ids(self) -> list[int]:
        """The projects this command edits, whose locks it takes (in id order)."""
        return [self.project_id] if self.project_id is not None else []

    def apply(self, workspace: Workspace) -> Changes:
        """Do the edit (on a redo, check first that nothing changed since the undo) and say
        what changed. Every command passes the close gate (a project's close milestone is
        not marked done while acceptance items are open, see ``close_override``)."""
        # lazy: close_gate builds on risks.commands, which builds on this module
        from infradesk.services.governance import close_gate

        workspace.check_writable()  # a read-only workspace refuses before any SQL
        with workspace.session() as session:
            self._lock(workspace, session)
            row_journal.start(session)
            action = "redo" if self._journal_after is not None else "do"
            if self._journal_after is None:
                self._check_versions(workspace, session)
                self.do(session)
                session.flush()  # ORM changes reach the journal
                before = row_journal.before_images(session)
                if close_gate.check(session, before, self.close_override):
                    before = row_journal.before_images(session)  # with the logged decision
                self._journal_before = before
                self._journal_after = row_journal.images(session, self._journal_before)
            else:
                assert self._journal_before is not None
                self._check(workspace, session, self._journal_before, self._journal_after, "redo")
                self.do(session)
                session.flush()
                if self.close_override is None:  # an override's decision is in the images
                    close_gate.check(session, row_journal.before_images(session), None)
                self._settle(session, self._journal_after, self._journal_before)
            changes = self.what_changed(self._journal_after)
            self._record(workspace, session, action, changes)
        return changes

    def revert(self, workspace: Workspace) -> Changes:
        """Undo the edit, or raise :class:`UndoConflict` and change nothing; say what
        changed (the same kinds and ids as the edit)."""
        workspace.check_writable()  # a read-only workspace refuses before any SQL
        with workspace.session() as session:
            self._lock(workspace, session)
            row_journal.start(session)
            if self._journal_after is None or self._journal_before is None:
                self.undo(session)  # never applied through apply(): nothing journaled
                changes = self.what_changed({})
            else:
                self._check(workspace, session, self._journal_after, self._journal_before, "undo")
                self.undo(session)
                session.flush()
                self._settle(session, self._journal_before, self._journal_after)
                changes = self.what_changed(self._journal_before)
            self._record(workspace, session, "undo", changes)
        return changes

    def _lock(self, workspace: Workspace, session: Session) -> None:
        for project_id in sorted(set(self.locked_project_ids())):
            workspace.lock_project(session, project_id)

    def _check_versions(self, workspace: Workspace, session: Session) -> None:
        """Refuse when a row the user edited is no longer the version they saw."""
        for key, version in sorted((self._expected_versions or {}).items()):
            now = row_journal.version_of(session, key)
            if now == version:
                continue
            what = row_journal.label(key[0], row_journal.images(session, [key])[key])
            happened = "was deleted" if now is None else "was changed"
            who = _who(session, key, workspace)
            raise StaleEditError(
                f"Cannot '{self.text}': {what} {happened} {who} since you read it. "
                "Nothing was saved.",
                key,
            )

    def _record(
        self, workspace: Workspace, session: Session, action: str, changes: Changes
    ) -> None:
        """Count new versions of the rows this pass wrote, audit it, and tell the others."""
        session.flush()
        before = row_journal.before_images(session)
        after = row_journal.images(session, before)
        own, moved = row_journal.written(session, before, after)
        with incremental.unplanned_writes(session):  # the cached schedule stays valid
            row_journal.bump_versions(session, before, after, own)
            entry = audit.record(session, workspace, self.text, action, self.project_id, own, moved)
        team_notices.send(session, workspace, entry, changes)

    def what_changed(self, rows: Images) -> Changes:
        """What the pass that just ran changed. ``rows``: every row it touched as it left
        them (None for a row it removed), as journaled; empty when nothing was journaled.

        The default names ``affects`` and the project without ids, so views reload."""
        return Changes(frozenset(self.affects), self.project_id)

    def _check(
        self, workspace: Workspace, session: Session, expected: Images, other: Images, verb: str
    ) -> None:
        """Refuse when a row is no longer as the last pass left it (``expected``; ``other``
        is how it was before that pass)."""
        changed = row_journal.differences(session, expected, other)
        if not changed:
            return
        key, was, now = changed[0]
        what = row_journal.label(key[0], now if now is not None else was)
        if now is None:
            happened = "was deleted since"
        elif was is None:
            happened = "was created again since"
        else:
            happened = "was changed since"
        more = f" (and {len(changed) - 1} more records)" if len(changed) > 1 else ""
        who = _who(session, key, workspace)
        raise UndoConflict(
            f"Cannot {verb} '{self.text}': {what}{more} {happened}, {who}. Nothing was changed."
        )

    @staticmethod
    def _settle(session: Session, target: Images, other: Images) -> None:
        """Put every row touched now or by the first apply to its exact expected image.

        Rows this pass touched that the first apply did not, and the columns the first apply
        did not write, are put back as they were before this pass: an undo or redo must not
        write anything the edit never wrote (its code may, e.g. a new ``created_at``).
        """
        extra = row_journal.before_images(session)
        row_journal.write_images(session, {**extra, **target}, other, base=extra)

    @abstractmethod
    def do(self, session: Session) -> None: ...

    @abstractmethod
    def undo(self, session: Session) -> None: ...


class ProjectCommand(Command):
    """An edit inside one project: its ``project_id`` is always known."""

    project_id: int

    def __init__(self, project_id: int, text: str) -> None:
        self.project_id = project_id
        self.text = text


class CompositeCommand(Command):
    """Several commands as one undo step (an import, a multi-row delete...)."""

    def __init__(self, text: str, children: list[Command]) -> None:
        self.text = text
        self.children = children
        self.project_id = next((c.project_id for c in children if c.project_id), None)

    @property
    # a property here: a composite touches what its children touch
    def affects(self) -> frozenset[str]:  # type: ignore[override]
        return frozenset().union(*(c.affects for c in self.children))

    def locked_project_ids(self) -> list[int]:
        return sorted({p for child in self.children for p in child.locked_project_ids()})

    def do(self, session: Session) -> None:
        for child in self.children:
            child.do(session)

    def undo(self, session: Session) -> None:
        for child in reversed(self.children):
            child.undo(session)
