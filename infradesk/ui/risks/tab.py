"""The Risks tab: the risk register with heat map and exposure, and the RAID sub-views
(issues, change requests, assumptions, external dependencies, decisions)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QTabWidget, QVBoxLayout, QWidget

from infradesk.services.governance.logs import meeting_options
from infradesk.services.risks import queries as risk_service
from infradesk.services.risks.fields import ASSUMPTION, DECISION, DEPENDENCY, ISSUE
from infradesk.services.risks.view import ISSUE_TASKS, change_options, risk_options
from infradesk.ui.context import AppContext
from infradesk.ui.keep_edit import KeepEditTableView
from infradesk.ui.risks.change_view import ChangeLogView
from infradesk.ui.risks.columns import (
    ASSUMPTION_COLUMNS,
    DECISION_COLUMNS,
    DEPENDENCY_COLUMNS,
    ISSUE_COLUMNS,
)
from infradesk.ui.risks.log_view import LinkSpec, RaidLogView
from infradesk.ui.risks.risk_view import RiskRegisterView
from infradesk.ui.stale_tab import StaleLoad


class RisksTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._status_message = ""  # what this tab last put in the window's status bar
        self.risks = RiskRegisterView(context)
        self.issues = RaidLogView(
            context,
            ISSUE,
            ISSUE_COLUMNS,
            risk_service.load_issues,
            links=[LinkSpec("Linked tasks", ISSUE_TASKS, _task_ids)],
            refs={"risk_id": risk_options},
        )
        self.changes = ChangeLogView(context)
        self.assumptions = RaidLogView(
            context, ASSUMPTION, ASSUMPTION_COLUMNS, risk_service.load_assumptions
        )
        self.dependencies = RaidLogView(  # the D of RAID: what the plan awaits from outside
            context, DEPENDENCY, DEPENDENCY_COLUMNS, risk_service.load_dependencies
        )
        self.decisions = RaidLogView(
            context,
            DECISION,
            DECISION_COLUMNS,
            risk_service.load_decisions,
            refs={"change_id": change_options, "meeting_id": meeting_options},
        )
        self.decisions.open_only.setText("Pending only")  # a pending decision is "open"
        self.views: list[tuple[str, RaidLogView]] = [
            ("Risks", self.risks),
            ("Issues", self.issues),
            ("Change requests", self.changes),
            ("Assumptions", self.assumptions),
            ("Dependencies", self.dependencies),
            ("Decisions", self.decisions),
        ]
        self.sub_tabs = QTabWidget()
        self.sub_tabs.setObjectName("raidTabs")
        self.sub_tabs.setDocumentMode(True)
        for title, view in self.views:
            self.sub_tabs.addTab(view, title)
            view.countsChanged.connect(lambda _text: self._show_counts())
        self.sub_tabs.currentChanged.connect(lambda _n: self._show_counts())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.sub_tabs)
        self._reload_pending = False
        # while another tab is in front, a change only marks the logs stale (issue 22)
        self.loading = StaleLoad(self, self.reload)
        context.projectChanged.connect(lambda _id: self.loading.request())
        context.dataChanged.connect(self._on_data_changed)
        context.workspaceChanged.connect(self.loading.request)

    def _on_data_changed(self, affects: frozenset[str], project_id: int | None) -> None:
        if {"risks", "tasks", "projects"} & set(affects):
            if self._committing_a_cell():
                # Reloading now would reset the table under the open editor (the focus and
                # the current cell were lost); the editor closes first, then the rows reload.
                if not self._reload_pending:
                    self._reload_pending = True
                    QTimer.singleShot(0, self._deferred_reload)
                return
            self.loading.request()

    def _committing_a_cell(self) -> bool:
        return any(table.committing for table in self.findChildren(KeepEditTableView))

    def _deferred_reload(self) -> None:
        if self._reload_pending:
            self.reload()

    def load_if_stale(self) -> bool:
        """Read the logs now if a change was left for when the tab is shown (the main
        window calls it when the tab becomes the current one); whether it read."""
        return self.loading.load_if_stale()

    def reload(self) -> None:
        self._reload_pending = False
        self.loading.loaded()
        for _title, view in self.views:
            view.reload()
        for number, (title, view) in enumerate(self.views):
            rows = view.model.rows
            open_rows = sum(1 for r in rows if getattr(r, "is_open", True))
            self.sub_tabs.setTabText(number, f"{title} ({open_rows})" if rows else title)
        self._show_counts()

    def _show_counts(self) -> None:
        """The current sub-view's counts go to the main window's status bar."""
        view = self.sub_tabs.currentWidget()
        if not isinstance(view, RaidLogView) or not self.isVisible():
            return
        window = self.window()
        status_bar = getattr(window, "statusBar", None)
        if callable(status_bar):
            self._status_message = view.counts_text()
            status_bar().showMessage(self._status_message)
            for _title, other in self.views:  # the status bar shows them; no second line
                other.count_label.setVisible(False)

    def current_table(self) -> QAbstractItemView | None:
        """The shown log's table (its rows loaded)."""
        self.load_if_stale()
        view = self.sub_tabs.currentWidget()
        return view.table if isinstance(view, RaidLogView) else None

    def focus_table(self) -> None:
        """Give the keyboard to the shown log's table (after a project switch)."""
        table = self.current_table()
        if table is not None:
            table.setFocus(Qt.FocusReason.OtherFocusReason)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.load_if_stale():  # a reload shows the counts itself
            self._show_counts()

    def hideEvent(self, event: QHideEvent) -> None:
        """Take the risk counts out of the status bar: another tab (or project) is shown."""
        super().hideEvent(event)
        status_bar = getattr(self.window(), "statusBar", None)
        if callable(status_bar) and status_bar().currentMessage() == self._status_message:
            status_bar().clearMessage()


def _task_ids(row: object) -> tuple[int, ...]:
    return getattr(row, "task_ids", ())
