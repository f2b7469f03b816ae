"""Undoable edits. Each command applies and reverts itself, each time in one transaction.

The UI wraps commands in QUndoCommands; the CLI and tests call them directly. ``affects`` tells
views what to reload ("projects", "tasks", "risks", "vendors", ...).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import ClassVar

from sqlalchemy.orm import Session

from infradesk.store.workspace import Workspace


class Command(ABC):
    """One user-visible edit."""

    text: str = "Edit"
    affects: ClassVar[frozenset[str]] = frozenset()
    project_id: int | None = None

    def apply(self, workspace: Workspace) -> None:
        workspace.check_writable()  # a read-only workspace refuses before any SQL
        with workspace.session() as session:
            self.do(session)

    def revert(self, workspace: Workspace) -> None:
        workspace.check_writable()  # a read-only workspace refuses before any SQL
        with workspace.session() as session:
            self.undo(session)

    @abstractmethod
    def do(self, session: Session) -> None: ...

    @abstractmethod
    def undo(self, session: Session) -> None: ...


class CompositeCommand(Command):
    """Several commands as one undo step (an import, a multi-row delete...)."""

    def __init__(self, text: str, children: list[Command]) -> None:
        self.text = text
        self.children = children
        self.project_id = next((c.project_id for c in children if c.project_id), None)

    @property
    def affects(self) -> frozenset[str]:  # type: ignore[override]
        return frozenset().union(*(c.affects for c in self.children))

    def do(self, session: Session) -> None:
        for child in self.children:
            child.do(session)

    def undo(self, session: Session) -> None:
        for child in reversed(self.children):
            child.undo(session)
