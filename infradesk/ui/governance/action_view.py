"""The action log: one owner, one due date, a status and the meeting that raised it. Overdue
due dates are highlighted; done (or cancelled) stamps the closed date, which undo clears."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from infradesk.services.commands import Command
from infradesk.services.governance import logs
from infradesk.services.governance.actions import CreateAction, EditAction
from infradesk.services.risks.commands import CreateRecord
from infradesk.services.risks.fields import ACTION_ITEM
from infradesk.ui.context import AppContext
from infradesk.ui.governance.columns import ACTION_COLUMNS
from infradesk.ui.risks.log_view import RaidLogView


class ActionLogView(RaidLogView):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            context,
            ACTION_ITEM,
            ACTION_COLUMNS,
            logs.load_actions,
            refs={"meeting_id": logs.meeting_options},
            parent=parent,
        )
        self.open_only.setToolTip("Hide done and cancelled actions")

    def make_edit(self, record_id: int, changes: dict[str, Any]) -> Command:
        assert self.project_id is not None
        return EditAction(self.project_id, record_id, changes)

    def make_create(self, values: dict[str, Any]) -> CreateRecord:
        assert self.project_id is not None
        return CreateAction(self.project_id, values)

    def overdue_count(self) -> int:
        return sum(1 for row in self.model.rows if row.overdue)

    def counts_text(self) -> str:
        text = super().counts_text()
        late = self.overdue_count()
        return f"{text} · {late} overdue" if late else text
