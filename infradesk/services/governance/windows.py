"""The shared calendar of change windows: list, add, edit and delete, each an undoable command.

A window with no project is the workspace's (every project sees it); one with a project is that
project's own. A freeze or blackout can move production-change work, so after an edit of one
every plan it concerns is rescheduled inside the same transaction (a shared window: every
project of the workspace) and the notice names "tasks" so the Gantt redraws. Undo restores the
window and the task dates exactly (the row journal).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from infradesk.errors import UserError
from infradesk.model import ChangeWindow, Project
from infradesk.services.commands import Command
from infradesk.services.governance.conflicts import FREEZE_KINDS, when
from infradesk.services.plan.scheduling import reschedule
from infradesk.services.risks.fields import WINDOW_KINDS
from infradesk.store.workspace import Workspace

FIELDS = ("name", "kind", "start", "finish", "services", "notes", "project_id")


class WindowEditError(UserError, ValueError):
    """A window edit was refused; the message names the field and says why."""


@dataclass(frozen=True)
class WindowRow:
    id: int
    project_id: int | None  # None: shared by the workspace
    name: str
    kind: str
    start: datetime
    finish: datetime
    services: str
    notes: str

    @property
    def shared(self) -> bool:
        return self.project_id is None

    @property
    def when(self) -> str:
        return when(self.start, self.finish)


def load_windows(workspace: Workspace, project_id: int | None) -> list[WindowRow]:
    """The shared windows and those of ``project_id``, by start."""
    with workspace.read_session() as session:
        query = select(ChangeWindow).where(
            ChangeWindow.project_id.is_(None)
            if project_id is None
            else (ChangeWindow.project_id.is_(None)) | (ChangeWindow.project_id == project_id)
        )
        return [
            WindowRow(w.id, w.project_id, w.name, w.kind, w.start, w.finish, w.services, w.notes)
            for w in session.scalars(query.order_by(ChangeWindow.start, ChangeWindow.id))
        ]


def parse_window(values: dict[str, Any], before: dict[str, Any] | None = None) -> dict[str, Any]:
    """Check the typed values (merged over ``before``) and return the ones to store."""
    merged = {**(before or {}), **values}
    out: dict[str, Any] = {}
    for name, raw in values.items():
        if name not in FIELDS:
            raise WindowEditError(f"A change window has no field '{name}'.")
        if name in ("start", "finish"):
            out[name] = _datetime("Start" if name == "start" else "End", raw)
        elif name == "kind":
            kind = str(raw or "").strip().lower()
            if kind not in WINDOW_KINDS:
                raise WindowEditError(f"Kind: '{raw}' is not one of {', '.join(WINDOW_KINDS)}.")
            out[name] = kind
        elif name == "project_id":
            out[name] = None if raw in (None, "", 0) else int(raw)
        elif name == "services":
            parts = [p.strip() for p in str(raw or "").replace(";", ",").split(",")]
            out[name] = ", ".join(p for p in parts if p)
        else:
            out[name] = str(raw or "").strip()
    merged.update(out)
    if not merged.get("name"):
        raise WindowEditError("Name: a change window needs a name.")
    start, finish = merged.get("start"), merged.get("finish")
    if start is None or finish is None:
        raise WindowEditError("Start and End: a change window needs both.")
    if finish <= start:
        raise WindowEditError(
            f"End: {finish:%Y-%m-%d %H:%M} is not after the start {start:%Y-%m-%d %H:%M} "
            "(a window across midnight ends on the next day)."
        )
    return out


def _datetime(label: str, raw: Any) -> datetime:
    if isinstance(raw, datetime):
        return raw.replace(second=0, microsecond=0)
    text = str(raw or "").strip()
    try:
        value = datetime.fromisoformat(text.replace(" ", "T", 1))
    except ValueError:
        raise WindowEditError(
            f"{label}: '{raw}' is not a date and time (YYYY-MM-DD HH:MM)."
        ) from None
    if value.tzinfo is not None:
        raise WindowEditError(f"{label}: '{raw}' has a time zone; give the local time.")
    return value.replace(second=0, microsecond=0)


class WindowCommand(Command):
    """An edit of the change calendar. Reschedules the plans a freeze or blackout concerns
    (before and after the edit) so that production-change work keeps out of it."""

    affects: ClassVar[frozenset[str]] = frozenset({"tasks", "risks"})

    def __init__(self, project_id: int | None, text: str) -> None:
        self.project_id = project_id  # the project whose view asked (None: none open)
        self.text = text
        self.touched: set[int | None] = set()  # project ids of the windows (None: shared)
        self.rescheduled: list[int] = []
        self.previous: dict[int, dict[str, Any] | None] = {}  # window id -> values before

    def undo(self, session: Session) -> None:
        """Put the windows back as they were, then reschedule the same plans."""
        for window_id, values in self.previous.items():
            window = session.get(ChangeWindow, window_id)
            if values is None:
                if window is not None:
                    session.delete(window)
            elif window is None:
                session.add(ChangeWindow(id=window_id, **values))
            else:
                for name, value in values.items():
                    setattr(window, name, value)
        session.flush()
        self._reschedule(session)

    def _remember(self, window: ChangeWindow | None, window_id: int) -> None:
        """Keep the window as it was before this command first touched it (None: absent)."""
        if window_id not in self.previous:
            self.previous[window_id] = (
                None if window is None else {n: getattr(window, n) for n in FIELDS}
            )

    def _note(self, window: ChangeWindow) -> None:
        if window.kind in FREEZE_KINDS:
            self.touched.add(window.project_id)

    def _reschedule(self, session: Session) -> None:
        """Reschedule the plans the touched freezes concern (a shared one: all)."""
        if not self.touched:
            return
        if None in self.touched:
            ids = list(session.scalars(select(Project.id).order_by(Project.id)))
        else:
            ids = sorted(p for p in self.touched if p is not None)
        for project_id in ids:
            try:
                reschedule(session, project_id)
            except ValueError as error:  # a loop already in a plan: say which, change nothing
                raise WindowEditError(
                    f"Project {project_id} cannot be rescheduled: {error}"
                ) from None
        self.rescheduled = ids


class AddWindow(WindowCommand):
    """Add a change window (shared when ``values['project_id']`` is None)."""

    def __init__(self, values: dict[str, Any], project_id: int | None = None) -> None:
        super().__init__(project_id, f"Add change window '{values.get('name', '')}'")
        self.values = dict(values)
        self.window_id: int | None = None

    def do(self, session: Session) -> None:
        values = parse_window({"kind": "freeze", "services": "", "notes": "", **self.values})
        owner = values.get("project_id")
        if owner is not None and session.get(Project, owner) is None:
            raise WindowEditError("Project: there is no such project.")
        window = ChangeWindow(**values)
        if self.window_id is not None:
            window.id = self.window_id
        session.add(window)
        session.flush()
        self.window_id = window.id
        self._remember(None, window.id)
        self._note(window)
        self._reschedule(session)


class EditWindow(WindowCommand):
    """Change fields of one window (one undo step)."""

    def __init__(self, window_id: int, values: dict[str, Any], project_id: int | None = None):
        super().__init__(project_id, "Edit change window")
        self.window_id = window_id
        self.values = dict(values)

    def do(self, session: Session) -> None:
        window = session.get(ChangeWindow, self.window_id)
        if window is None:
            raise WindowEditError("That change window no longer exists.")
        before = {name: getattr(window, name) for name in FIELDS}
        values = parse_window(self.values, before)
        self._remember(window, window.id)
        self._note(window)
        for name, value in values.items():
            setattr(window, name, value)
        session.flush()
        self._note(window)
        self._reschedule(session)


class DeleteWindows(WindowCommand):
    """Delete change windows (undo puts them back with the same ids)."""

    def __init__(self, window_ids: set[int], project_id: int | None = None) -> None:
        count = len(window_ids)
        super().__init__(project_id, f"Delete {count} change window{'s' if count != 1 else ''}")
        self.window_ids = set(window_ids)

    def do(self, session: Session) -> None:
        windows = [session.get(ChangeWindow, i) for i in sorted(self.window_ids)]
        if any(w is None for w in windows):
            raise WindowEditError("A change window to delete no longer exists.")
        for window in windows:
            assert window is not None
            self._remember(window, window.id)
            self._note(window)
            session.delete(window)
        session.flush()
        self._reschedule(session)
