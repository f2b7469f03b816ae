"""The Governance tab: the logs around the plan - actions, meetings, stakeholders, the
communication plan and the operational acceptance checklist (issue 20)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QTabWidget, QVBoxLayout, QWidget

from infradesk.services.governance import logs
from infradesk.services.risks.fields import (
    ACTION_ITEM,
    COMMS_ITEM,
    MEETING,
    STAKEHOLDER,
)
from infradesk.ui.context import AppContext
from infradesk.ui.governance.columns import (
    ACTION_COLUMNS,
    COMMS_COLUMNS,
    MEETING_COLUMNS,
    STAKEHOLDER_COLUMNS,
)
from infradesk.ui.governance.handover_view import HandoverView
from infradesk.ui.risks.log_view import RaidLogView

# what a governance log's rows depend on: its own edits ("risks" is the generic log
# commands' notice), a project switch or a new workspace
_AFFECTS = frozenset({"risks", "projects", "governance"})


class GovernanceTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.action_log = RaidLogView(
            context,
            ACTION_ITEM,
            ACTION_COLUMNS,
            logs.load_actions,
            refs={"meeting_id": logs.meeting_options},
        )
        self.meetings = RaidLogView(
            context, MEETING, MEETING_COLUMNS, logs.load_meetings, open_filter=False
        )
        self.stakeholders = RaidLogView(
            context, STAKEHOLDER, STAKEHOLDER_COLUMNS, logs.load_stakeholders, open_filter=False
        )
        self.comms = RaidLogView(
            context, COMMS_ITEM, COMMS_COLUMNS, logs.load_comms, open_filter=False
        )
        self.handover = HandoverView(context)
        self.views: list[tuple[str, RaidLogView]] = [
            ("Actions", self.action_log),
            ("Meetings", self.meetings),
            ("Stakeholders", self.stakeholders),
            ("Communication plan", self.comms),
            ("Handover", self.handover),
        ]
        self.sub_tabs = QTabWidget()
        self.sub_tabs.setObjectName("governanceTabs")
        self.sub_tabs.setDocumentMode(True)
        for title, view in self.views:
            self.sub_tabs.addTab(view, title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.sub_tabs)
        context.projectChanged.connect(lambda _id: self.reload())
        context.dataChanged.connect(self._on_data_changed)
        context.workspaceChanged.connect(self.reload)

    def _on_data_changed(self, affects: frozenset[str], project_id: int | None) -> None:
        if _AFFECTS & set(affects):
            self.reload()

    def reload(self) -> None:
        for number, (title, view) in enumerate(self.views):
            view.reload()
            rows = view.model.rows
            open_rows = sum(1 for r in rows if getattr(r, "is_open", True))
            self.sub_tabs.setTabText(number, f"{title} ({open_rows})" if rows else title)

    def current_table(self) -> QAbstractItemView | None:
        view = self.sub_tabs.currentWidget()
        return view.table if isinstance(view, RaidLogView) else None

    def focus_table(self) -> None:
        table = self.current_table()
        if table is not None:
            table.setFocus(Qt.FocusReason.OtherFocusReason)
