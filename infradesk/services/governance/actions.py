"""Edits of the action log that keep the closed date honest.

Marking an action done (or cancelled) stamps its closed date with today, unless the same edit
gives one; reopening it clears the date. Undo puts the old status and date back, as any
:class:`~infradesk.services.risks.commands.EditRecord` does.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from infradesk.model import ActionItem
from infradesk.services.risks.commands import CreateRecord, EditRecord
from infradesk.services.risks.fields import ACTION_ITEM, CLOSED_ACTION_STATUSES, parse_value

KEY = ACTION_ITEM.key


def _closing_changes(status_raw: Any, had_closed: date | None, on: date) -> dict[str, Any]:
    """The closed date an edit of the status implies (nothing when it stays as it is)."""
    status = parse_value(ACTION_ITEM.field("status"), status_raw)
    if status in CLOSED_ACTION_STATUSES:
        return {} if had_closed is not None else {"closed": on}
    return {"closed": None} if had_closed is not None else {}


class EditAction(EditRecord):
    """Set fields of one action; a change of status to done/cancelled sets the closed date to
    ``on`` (today) and a reopened action loses it."""

    def __init__(
        self, project_id: int, record_id: int, changes: dict[str, Any], on: date | None = None
    ) -> None:
        super().__init__(KEY, project_id, record_id, changes, on)
        self.given = dict(changes)

    def do(self, session: Session) -> None:
        self.raw = dict(self.given)
        record = session.get(ActionItem, self.record_id)
        if record is not None and "status" in self.raw and "closed" not in self.raw:
            self.raw.update(
                _closing_changes(self.raw["status"], record.closed, self.on or date.today())
            )
        super().do(session)


class CreateAction(CreateRecord):
    """A new action: raised today unless given, and closed today when created done."""

    def __init__(
        self,
        project_id: int,
        values: dict[str, Any],
        on: date | None = None,
    ) -> None:
        super().__init__(KEY, project_id, values, on=on)

    def do(self, session: Session) -> None:
        today = self.on or date.today()
        if self.raw.get("raised") in (None, ""):
            self.raw["raised"] = today
        if "status" in self.raw and "closed" not in self.raw:
            self.raw.update(_closing_changes(self.raw["status"], None, today))
        super().do(session)
