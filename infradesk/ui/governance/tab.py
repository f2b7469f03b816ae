"""The Governance tab: the logs around the plan - actions, meetings, stakeholders, the
communication plan and the operational acceptance checklist (issue 20) - under a "Needs
attention" strip (overdue actions, late decisions)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QTabWidget, QVBoxLayout, QWidget

from infradesk.services.governance import views
from infradesk.ui.context import AppContext
from infradesk.ui.governance.action_view import ActionLogView
from infradesk.ui.governance.attention import GovernanceAttention
from infradesk.ui.governance.comms_view import CommsPlanView
from infradesk.ui.governance.handover_view import HandoverView
from infradesk.ui.governance.meeting_view import MeetingLogView
from infradesk.ui.governance.stakeholder_view import StakeholderView
from infradesk.ui.risks.log_view import RaidLogView
from infradesk.ui.stale_tab import StaleLoad

# what a governance log's rows depend on: its own edits ("risks" is the generic log
# commands' notice), a project switch or a new workspace
_AFFECTS = frozenset({"risks", "projects", "governance"})


class GovernanceTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.action_log = ActionLogView(context)
        self.meetings = MeetingLogView(context)
        self.stakeholders = StakeholderView(context)
        self.comms = CommsPlanView(context)
        self.handover = HandoverView(context)
        self.views: list[tuple[str, RaidLogView]] = [
            ("Actions", self.action_log),
            ("Meetings", self.meetings),
            ("Stakeholders", self.stakeholders),
            ("Communication plan", self.comms),
            ("Handover", self.handover),
        ]
        self.attention = GovernanceAttention()
        self.attention.actionActivated.connect(self.show_action)
        self.sub_tabs = QTabWidget()
        self.sub_tabs.setObjectName("governanceTabs")
        self.sub_tabs.setDocumentMode(True)
        for title, view in self.views:
            self.sub_tabs.addTab(view, title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.attention)
        layout.addWidget(self.sub_tabs, 1)
        # while another tab is in front, a change only marks the logs stale (issue 22)
        self.loading = StaleLoad(self, self.reload)
        context.projectChanged.connect(lambda _id: self.loading.request())
        context.dataChanged.connect(self._on_data_changed)
        context.workspaceChanged.connect(self.loading.request)

    def _on_data_changed(self, affects: frozenset[str], project_id: int | None) -> None:
        if _AFFECTS & set(affects):
            self.loading.request()

    def load_if_stale(self) -> bool:
        """Read the logs now if a change was left for when the tab is shown (the main
        window calls it when the tab becomes the current one); whether it read."""
        return self.loading.load_if_stale()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.load_if_stale()

    def reload(self) -> None:
        self.loading.loaded()
        for number, (title, view) in enumerate(self.views):
            view.reload()
            rows = view.model.rows
            open_rows = sum(1 for r in rows if getattr(r, "is_open", True))
            text = f"{title} ({open_rows})" if rows else title
            if view is self.action_log and rows:
                late = self.action_log.overdue_count()
                text = f"{title} ({open_rows} open, {late} overdue)" if late else text
            self.sub_tabs.setTabText(number, text)
        project_id = self.context.project_id
        if project_id is None:
            self.attention.set_items([], [])
        else:
            self.attention.set_items(*views.read_attention(self.context.workspace, project_id))

    def show_action(self, code: str) -> None:
        """Show the action log with the action ``code`` selected (from the attention strip)."""
        self.load_if_stale()
        self.sub_tabs.setCurrentWidget(self.action_log)
        self.action_log.search.clear()
        self.action_log.open_only.setChecked(False)
        for row in self.action_log.model.rows:
            if row.code == code:
                self.action_log.select_id(row.id)
                self.action_log.table.setFocus(Qt.FocusReason.OtherFocusReason)
                return

    def current_table(self) -> QAbstractItemView | None:
        """The shown log's table (its rows loaded)."""
        self.load_if_stale()
        view = self.sub_tabs.currentWidget()
        return view.table if isinstance(view, RaidLogView) else None

    def focus_table(self) -> None:
        table = self.current_table()
        if table is not None:
            table.setFocus(Qt.FocusReason.OtherFocusReason)
