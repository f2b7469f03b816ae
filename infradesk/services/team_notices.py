"""Live refresh of a team workspace: each command's transaction sends a PostgreSQL
``NOTIFY`` naming what it changed; every other open window listens and announces the same
:class:`~infradesk.services.changes.Changes` its own edits would, so its views refresh.

PostgreSQL delivers a notification only when the sending transaction commits, so a listener
never sees an edit that was rolled back. A file workspace sends nothing (its windows watch
the file, ``ui/workspace_watch.py``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.orm import Session

from infradesk.services.changes import KINDS, Changes
from infradesk.store.inspection import WorkspaceError
from infradesk.store.workspace import Workspace

if TYPE_CHECKING:
    import psycopg

CHANNEL = "infradesk"
#: A notice names the changed rows up to this many (PostgreSQL caps a payload at 8000 bytes);
#: beyond, the others reload.
MAX_IDS = 500


@dataclass(frozen=True)
class Notice:
    """Another client's committed edit."""

    client_id: str
    entry_id: int
    user_name: str
    changes: Changes
    #: the edit changed links (a Gantt refreshing in place reads them again)
    links_changed: bool = False
    #: digests of the project's schedule inputs before and after the edit
    printed: tuple[str | None, str] | None = None


def send(
    session: Session,
    workspace: Workspace,
    entry_id: int,
    changes: Changes,
    printed: tuple[str | None, str] | None = None,
) -> None:
    """Queue the notice of this transaction's edit (sent by PostgreSQL at commit).
    ``printed``: the digests of the project's schedule inputs before and after the edit (see
    :func:`infradesk.services.plan.incremental.follow`)."""
    if not workspace.is_server:
        return
    payload = {
        "client": workspace.client_id,
        "entry": entry_id,
        "user": workspace.user_name[:100],
        "kinds": sorted(changes.kinds),
        "project": changes.project_id,
        "others": sorted(changes.other_project_ids),
        "structural": changes.structural,
        "links": bool(getattr(changes, "links_changed", False)),
    }
    if changes.changed_ids is not None and len(changes.changed_ids) <= MAX_IDS:
        payload["changed"] = sorted(changes.changed_ids)
    if printed is not None:
        payload["prints"] = list(printed)
    session.execute(
        text("SELECT pg_notify(:channel, :payload)"),
        {"channel": CHANNEL, "payload": json.dumps(payload)},
    )


def _parse(payload: str) -> Notice | None:
    """A notice from a payload; None for one this program did not write."""
    try:
        data = json.loads(payload)
        kinds = frozenset(k for k in data["kinds"] if k in KINDS)
        project = data.get("project")
        changed = data.get("changed")
        changes = Changes(
            kinds,
            int(project) if project is not None else None,
            changed_ids=None if changed is None else frozenset(int(i) for i in changed),
            structural=bool(data.get("structural", True)),
            other_project_ids=frozenset(int(p) for p in data.get("others", [])),
        )
        return Notice(
            str(data["client"]),
            int(data["entry"]),
            str(data.get("user", "")),
            changes,
            bool(data.get("links", True)),
            _prints(data.get("prints")),
        )
    except (ValueError, KeyError, TypeError):
        return None


def _prints(value: object) -> tuple[str | None, str] | None:
    if not isinstance(value, list) or len(value) != 2 or not isinstance(value[1], str):
        return None
    before = value[0] if isinstance(value[0], str) else None
    return (before, value[1])


class ChangeListener:
    """A connection of its own that LISTENs for other clients' notices.

    :meth:`fileno` is the socket to watch (the UI uses a ``QSocketNotifier``); :meth:`poll`
    returns the notices that arrived, without waiting, leaving out this window's own.
    """

    def __init__(self, workspace: Workspace) -> None:
        if workspace.server is None:
            raise WorkspaceError("Only a team workspace sends change notices.")
        # why here: psycopg loads libpq; a file workspace never needs it
        import psycopg

        self.client_id = workspace.client_id
        self.title = workspace.title
        self._error: type[Exception] = psycopg.Error
        try:
            connection = psycopg.connect(
                workspace.server.libpq_uri(), autocommit=True, application_name="InfraDesk"
            )
            connection.execute(f"LISTEN {CHANNEL}")
        except psycopg.Error as error:
            raise WorkspaceError(
                f"Cannot listen for changes in {workspace.title}: {error}".strip()
            ) from error
        self._connection: psycopg.Connection = connection

    def fileno(self) -> int:
        return self._connection.fileno()

    def poll(self) -> list[Notice]:
        """The notices received since the last poll (never waits). A lost connection
        raises WorkspaceError."""
        found: list[Notice] = []
        try:
            for notify in self._connection.notifies(timeout=0):
                notice = _parse(notify.payload)
                if notice is not None and notice.client_id != self.client_id:
                    found.append(notice)
        except self._error as error:
            raise WorkspaceError(
                f"Lost the connection to {self.title}; changes by others are no longer shown "
                "live. Reopen the workspace to reconnect."
            ) from error
        return found

    def close(self) -> None:
        self._connection.close()
