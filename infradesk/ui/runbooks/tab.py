"""The Runbooks tab: the current project's cutover runbooks, one shown at a time.

A picker with New runbook… / Properties… / Delete above three pages: the Plan (the steps'
table), Live (the bridge call's view of a run) and Compare (the plan against every run).
Without a runbook the tab says what one is and offers to make one. The tab follows the
project selection; a change notice that touches runbooks reloads the page shown (deferred
while a cell is being committed), the other pages when they are next shown.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from infradesk.errors import UserError
from infradesk.services.changes import Changes
from infradesk.services.commands import Command, CompositeCommand
from infradesk.services.risks.view import change_options, load_choices, task_options
from infradesk.services.runbooks.commands import AddRunbook, DeleteRunbook
from infradesk.services.runbooks.rows import RunbookSummary, RunbookView
from infradesk.services.runbooks.view import (
    compare_runs,
    list_runbooks,
    pool_names,
    runbook_view,
)
from infradesk.ui.context import AppContext
from infradesk.ui.keep_edit import KeepEditTableView
from infradesk.ui.row_actions import ask_to_delete
from infradesk.ui.runbooks.compare_page import ComparePage
from infradesk.ui.runbooks.file_actions import FileActions
from infradesk.ui.runbooks.live_page import LivePage
from infradesk.ui.runbooks.plan_page import PlanPage
from infradesk.ui.runbooks.properties_dialog import Choices, PropertiesDialog


class RunbookPicker(QComboBox):
    """The runbook combo; ``opening`` runs before its list pops up."""

    def __init__(self, opening: Callable[[], None]) -> None:
        super().__init__()
        self.opening = opening

    def showPopup(self) -> None:
        self.opening()
        super().showPopup()


def picker_text(runbook: RunbookSummary) -> str:
    steps = f"{runbook.step_count} step{'s' if runbook.step_count != 1 else ''}"
    return f"{runbook.name}  ({steps})"


RELOAD_ON = ("runbooks", "projects", "resources", "tasks", "risks")
EMPTY_TEXT = (
    "<h2>Runbooks</h2>"
    "<p>A <b>runbook</b> is the minute-by-minute plan of a cutover night or weekend: every "
    "step with its owner, duration and predecessors, the go/no-go gates with their rollback "
    "path, the point of no return, and the services whose outage must stay within its RTO."
    "</p><p>Rehearse it and run it live from the <b>Live</b> page on the bridge call (Space "
    "starts and finishes a step), then compare the rehearsals with the plan.</p>"
)


class RunbooksTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("runbooksTab")
        self.context = context
        self.runbooks: list[RunbookSummary] = []
        self.view: RunbookView | None = None  # the plan view of the runbook shown
        self._stale = {"list", "plan", "live", "compare"}
        self._reload_pending = False

        self.picker = RunbookPicker(self._picker_opening)
        self.picker.setObjectName("runbookPicker")
        self.picker.setMinimumContentsLength(28)
        self.picker.setToolTip("The runbook shown (one per wave)")
        self.picker.currentIndexChanged.connect(self._picked)
        self.new_button = QPushButton("New runbook…")
        self.new_button.setObjectName("newRunbook")
        self.new_button.clicked.connect(self.new_runbook)
        self.properties_button = QPushButton("Properties…")
        self.properties_button.setObjectName("runbookProperties")
        self.properties_button.setToolTip("Window, time zone, services and RTO, change request")
        self.properties_button.clicked.connect(self.open_properties)
        self.delete_button = QPushButton("Delete")
        self.delete_button.setObjectName("deleteRunbook")
        self.delete_button.clicked.connect(self.ask_delete)
        self.bar = QHBoxLayout()
        self.bar.setContentsMargins(6, 6, 6, 0)
        self.bar.addWidget(QLabel("Runbook:"))
        for widget in (self.picker, self.new_button, self.properties_button,
                       self.delete_button):
            self.bar.addWidget(widget)
        self.bar.addStretch(1)
        self.files = FileActions(self)
        self.bar.addWidget(self.files.button)

        self.plan = PlanPage(context)
        self.live = LivePage(context)
        self.compare = ComparePage()
        self.pages = QTabWidget()
        self.pages.setObjectName("runbookPages")
        self.pages.setDocumentMode(True)
        self.pages.addTab(self.plan, "Plan")
        self.pages.addTab(self.live, "Live")
        self.pages.addTab(self.compare, "Compare")
        self.pages.currentChanged.connect(lambda _n: self._reload_shown())
        self.plan.stepsChanged.connect(self.reload)
        self.live.runStarted.connect(self._run_started)

        self.empty = QWidget()
        self.empty.setObjectName("runbooksEmpty")
        self.empty_text = QLabel(EMPTY_TEXT)
        self.empty_text.setWordWrap(True)
        self.empty_text.setTextFormat(Qt.TextFormat.RichText)
        self.empty_text.setMaximumWidth(620)
        self.empty_button = QPushButton("New runbook…")
        self.empty_button.setObjectName("emptyNewRunbook")
        self.empty_button.clicked.connect(self.new_runbook)
        empty_layout = QVBoxLayout(self.empty)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty_text, 0, Qt.AlignmentFlag.AlignHCenter)
        empty_layout.addWidget(self.empty_button, 0, Qt.AlignmentFlag.AlignHCenter)
        empty_layout.addStretch(2)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.pages)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.bar)
        layout.addWidget(self.stack, 1)
        self.properties_dialog: PropertiesDialog | None = None
        context.projectChanged.connect(lambda _id: self._mark_stale(new_project=True))
        context.workspaceChanged.connect(lambda: self._mark_stale(new_project=True))
        context.changed.connect(self._on_changed)
        self._enable()

    # ------------------------------------------------------------------ state
    def runbook_id(self) -> int | None:
        data = self.picker.currentData()
        return int(data) if data is not None else None

    def summary(self) -> RunbookSummary | None:
        runbook_id = self.runbook_id()
        return next((r for r in self.runbooks if r.id == runbook_id), None)

    def _enable(self) -> None:
        project = self.context.project_id is not None
        has = self.runbook_id() is not None
        self.new_button.setEnabled(project)
        self.empty_button.setEnabled(project)
        self.picker.setEnabled(bool(self.runbooks))
        self.properties_button.setEnabled(has)
        self.delete_button.setEnabled(has)
        self.stack.setCurrentWidget(self.pages if has else self.empty)

    # ------------------------------------------------------------------ loading
    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(*RELOAD_ON):
            self._mark_stale()

    def _mark_stale(self, new_project: bool = False) -> None:
        self._stale = {"list", "plan", "live", "compare"}
        if new_project:
            self.picker.blockSignals(True)
            self.picker.clear()
            self.picker.blockSignals(False)
        if self.isVisible() and not self._reload_pending:
            self._reload_pending = True
            QTimer.singleShot(0, self._deferred_reload)

    def _deferred_reload(self) -> None:
        if not self._reload_pending:
            return
        if any(t.committing for t in self.findChildren(KeepEditTableView)):
            QTimer.singleShot(0, self._deferred_reload)  # after the editor closes
            return
        self.refresh()

    def reload(self) -> None:
        """Read the project's runbooks and the page shown, now."""
        self._reload_pending = False
        self._stale = {"list", "plan", "live", "compare"}
        self._reload_list()
        self._reload_shown()

    def refresh(self) -> None:
        """After a change: the page shown again, and the picker's entry of its runbook from
        that read (reading every runbook of the project again is left to the next time the
        picker opens). A runbook gone (an undone New runbook) reloads the list."""
        self._reload_pending = False
        self._stale = {"list", "plan", "live", "compare"}
        if self.runbook_id() is None:
            self.reload()
            return
        try:
            self._reload_shown(keep_list=True)
        except UserError:  # the runbook shown no longer exists
            self.reload()

    def _reload_list(self) -> None:
        self._stale.discard("list")
        project_id = self.context.project_id
        self.runbooks = (
            list_runbooks(self.context.workspace, project_id) if project_id is not None else []
        )
        wanted = self.runbook_id()
        self.picker.blockSignals(True)
        self.picker.clear()
        for runbook in self.runbooks:
            self.picker.addItem(picker_text(runbook), runbook.id)
        index = self.picker.findData(wanted) if wanted is not None else -1
        self.picker.setCurrentIndex(index if index >= 0 else (0 if self.runbooks else -1))
        self.picker.blockSignals(False)
        summary = self.summary()
        self.live.set_runbook(summary.id if summary else None, summary.runs if summary else ())
        self._enable()

    def _update_summary(self, summary: RunbookSummary) -> None:
        """The picker's entry and the live page's runs from a fresh read of one runbook."""
        self.runbooks = [summary if r.id == summary.id else r for r in self.runbooks]
        index = self.picker.findData(summary.id)
        if index >= 0:
            self.picker.setItemText(index, picker_text(summary))
        if summary.id == self.runbook_id():
            self.live.set_runbook(summary.id, summary.runs)

    def _reload_shown(self, keep_list: bool = False) -> None:
        if "list" in self._stale and not keep_list:
            self._reload_list()
        page = self.pages.currentWidget()
        runbook_id = self.runbook_id()
        workspace = self.context.workspace
        if page is self.plan and "plan" in self._stale:
            self._stale.discard("plan")
            self.view = runbook_view(workspace, runbook_id) if runbook_id is not None else None
            if self.view is not None:
                self._update_summary(self.view.summary)
            self.plan.show_view(self.view, pool_names(workspace))
        elif page is self.live and "live" in self._stale:
            self._stale.discard("live")
            if keep_list and runbook_id is not None:
                # the runs as they are now (a run started or undone), without a second read
                self.live.set_runbook_runs(runbook_id, self.live.reload_view())
            else:
                self.live.reload()
        elif page is self.compare and "compare" in self._stale:
            self._stale.discard("compare")
            self.compare.show_comparison(
                compare_runs(workspace, runbook_id) if runbook_id is not None else None
            )

    def _picker_opening(self) -> None:
        """The picker is about to list the runbooks: read them if a change came since."""
        if "list" in self._stale:
            self._reload_list()

    def _picked(self, _index: int) -> None:
        summary = self.summary()
        self.live.set_runbook(summary.id if summary else None, summary.runs if summary else ())
        self._stale |= {"plan", "live", "compare"}
        self._enable()
        self._reload_shown()

    def _run_started(self, run_id: int) -> None:
        self.reload()
        self.live.select_run(run_id)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    # ------------------------------------------------------------------ main window hooks
    def current_table(self) -> QAbstractItemView | None:
        if self.stack.currentWidget() is not self.pages:
            return None
        page = self.pages.currentWidget()
        if page is self.plan:
            return self.plan.table
        if page is self.live:
            return self.live.table
        return None

    def focus_table(self) -> None:
        table = self.current_table()
        if table is not None:
            table.setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------------ runbooks
    def run(self, command: Command) -> bool:
        try:
            self.context.execute(command)
        except UserError as error:
            self.plan.show_error(str(error))
            return False
        self.plan.show_error("")
        return True

    def new_runbook(self) -> None:
        project_id = self.context.project_id
        if project_id is None:
            return
        number = len(self.runbooks) + 1
        name, ok = QInputDialog.getText(
            self, "New runbook", "Name of the runbook (e.g. the wave it cuts over):",
            QLineEdit.EchoMode.Normal, "Cutover" if number == 1 else f"Wave {number} cutover",
        )
        if not ok or not name.strip():
            return
        command = AddRunbook(project_id, name.strip())
        if self.run(command) and command.runbook_id is not None:
            self.reload()
            self.select_runbook(command.runbook_id)
            self.pages.setCurrentWidget(self.plan)

    def select_runbook(self, runbook_id: int) -> bool:
        index = self.picker.findData(runbook_id)
        if index >= 0:
            self.picker.setCurrentIndex(index)
        return index >= 0

    def ask_delete(self) -> None:
        summary = self.summary()
        if summary is None:
            return
        runs = len(summary.runs)
        extra = f" and its {runs} recorded run{'s' if runs != 1 else ''}" if runs else ""
        ask_to_delete(
            self,
            f"Delete the runbook '{summary.name}' with its {summary.step_count} steps{extra}?",
            lambda: self.run(DeleteRunbook(summary.id)),
        )

    def open_properties(self) -> PropertiesDialog | None:
        summary, project_id = self.summary(), self.context.project_id
        if summary is None or project_id is None:
            return None
        view = self.view if self.view is not None and self.view.summary.id == summary.id else (
            runbook_view(self.context.workspace, summary.id)
        )
        found = load_choices(
            self.context.workspace, project_id, {"tasks": task_options, "changes": change_options}
        )
        dialog = PropertiesDialog(
            view.summary, view.steps, view.services,
            Choices(found["tasks"], found["changes"]), self.window(),
        )
        dialog.accepted.connect(lambda: self._apply_properties(dialog))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.properties_dialog = dialog
        dialog.open()
        return dialog

    def _apply_properties(self, dialog: PropertiesDialog) -> None:
        commands = dialog.commands()
        if len(commands) == 1:
            self.run(commands[0])
        elif commands:
            self.run(CompositeCommand(f"Edit runbook {dialog.summary.name}", commands))
