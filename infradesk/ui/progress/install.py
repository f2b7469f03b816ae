"""The weekly update's menu entries on the main window: Project > Update Progress… (Ctrl+U),
Status Date…, Save Baseline…, Baselines…; View > Tracking view and Cost view."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog, QMessageBox

from infradesk.errors import UserError
from infradesk.services.commands import Command
from infradesk.services.plan.baselines import SaveBaseline
from infradesk.services.plan.earned_value import earned_value_view
from infradesk.services.plan.outline import Outline
from infradesk.services.plan.project_view import project_currency
from infradesk.services.plan.status_date import SetStatusDate
from infradesk.services.vendors.view import money_view
from infradesk.ui.context import AppContext
from infradesk.ui.progress.baselines_dialog import BaselinesDialog
from infradesk.ui.progress.cost_figures import budget_text, cost_data
from infradesk.ui.progress.cost_tab import CostData, CostTab
from infradesk.ui.progress.due import effective_status_date
from infradesk.ui.progress.status_date_dialog import StatusDateDialog
from infradesk.ui.progress.tracking import TrackingWindow
from infradesk.ui.progress.update_dialog import UpdateProgressDialog

if TYPE_CHECKING:
    from infradesk.ui.main_window import MainWindow


class ProgressActions:
    """Holds the actions and the open views (tests reach them through ``window.progress``)."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.tracking: TrackingWindow | None = None
        context = window.context
        self.update_dialog: UpdateProgressDialog | None = None
        self.baselines_dialog: BaselinesDialog | None = None
        self.update_action = self._action(
            "&Update Progress…",
            self.show_update_progress,
            "Ctrl+U",
            "The tasks that should have started or finished by the status date, one key each",
        )
        self.status_date_action = self._action(
            "Status &Date…",
            self.edit_status_date,
            None,
            "The moment progress is recorded as of, and whether late work moves after it",
        )
        self.save_baseline_action = self._action(
            "Save &Baseline…",
            self.save_baseline,
            None,
            "Save the plan as a new baseline and compare with it (the others are kept)",
        )
        self.baselines_action = self._action(
            "Base&lines…",
            self.show_baselines,
            None,
            "The project's baselines: save, rename, delete, choose the one compared with",
        )
        self.tracking_action = self._action(
            "&Tracking view",
            self.show_tracking,
            "Ctrl+Shift+T",
            "Baseline against actual and forecast bars, with each task's slip",
        )
        gantt_actions = window.gantt_tab.tab_actions
        window.project_menu.addSeparator()
        window.project_menu.addAction(self.status_date_action)
        window.project_menu.addAction(self.update_action)
        window.project_menu.addAction(gantt_actions.complete_through_action)
        window.project_menu.addAction(gantt_actions.on_track_action)
        window.project_menu.addAction(self.save_baseline_action)
        window.project_menu.addAction(self.baselines_action)
        self.cost_tab = CostTab(context, self._cost_data)
        self.cost_tab.setObjectName("costTab")
        window.tabs.addTab(self.cost_tab, "&Cost")
        self.cost_action = self._action(
            "&Cost", self.show_cost, "Ctrl+4", "Earned value and the S-curve of the project"
        )
        first_separator = next(a for a in window.view_menu.actions() if a.isSeparator())
        window.view_menu.insertAction(first_separator, self.cost_action)
        window.view_menu.addSeparator()
        window.view_menu.addAction(self.tracking_action)
        window.gantt_tab.model.modelReset.connect(self._refresh_views)
        window.gantt_tab.model.rowsRefreshed.connect(lambda _a, _b: self._refresh_views())
        context.projectChanged.connect(lambda _id: self._refresh_views())
        context.projectChanged.connect(lambda _id: self._close_baselines())

    def _action(
        self, text: str, slot: Callable[[], object], shortcut: str | None = None, tip: str = ""
    ) -> QAction:
        action = QAction(text, self.window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _project(self) -> int | None:
        project_id = self.window.context.project_id
        if project_id is None:
            QMessageBox.information(self.window, "InfraDesk", "Open or create a project first.")
        return project_id

    def _run(self, command: Command, title: str) -> bool:
        try:
            self.window.context.execute(command)
        except UserError as error:
            QMessageBox.warning(self.window, title, str(error))
            return False
        return True

    # ------------------------------------------------------------------ entries
    def show_update_progress(self) -> UpdateProgressDialog | None:
        """Open the Update Progress dialog (modeless: the Gantt shows each answer at once)."""
        if self._project() is None:
            return None
        if self.update_dialog is not None:
            self.update_dialog.close()
            self.update_dialog.deleteLater()
        tab = self.window.gantt_tab
        self.update_dialog = UpdateProgressDialog(
            self.window.context, lambda: tab.model.outline, self.window
        )
        self.update_dialog.show()
        return self.update_dialog

    def edit_status_date(self) -> StatusDateDialog | None:
        """Ask for the status date and the reschedule option; saving is one undo step."""
        if self._project() is None:
            return None
        dialog = self.status_dialog(self.window.gantt_tab.model.outline)
        if dialog.exec() == StatusDateDialog.DialogCode.Accepted:
            self.save_status_date(dialog)
        return dialog

    def status_dialog(self, outline: Outline) -> StatusDateDialog:
        return StatusDateDialog(
            outline.status_date,
            effective_status_date(outline),
            outline.reschedule_after_status,
            self.window,
        )

    def save_status_date(self, dialog: StatusDateDialog) -> bool:
        """Save what ``dialog`` holds (nothing when unchanged); True when saved."""
        project_id = self.window.context.project_id
        outline = self.window.gantt_tab.model.outline
        if project_id is None:
            return False
        moment, reschedule = dialog.chosen()
        if (moment, reschedule) == (outline.status_date, outline.reschedule_after_status):
            return False
        return self._run(SetStatusDate(project_id, moment, reschedule), "Status Date")

    def save_baseline(self) -> None:
        project_id = self._project()
        if project_id is None:
            return
        name, ok = QInputDialog.getText(self.window, "Save Baseline", "Baseline name:")
        if ok and name.strip() and self._run(SaveBaseline(project_id, name), "Save Baseline"):
            self.window.statusBar().showMessage(
                f"Baseline '{name.strip()}' saved: the chart and the report compare with it; "
                "earlier baselines are kept (Project > Baselines…).",
                8000,
            )

    def show_baselines(self) -> BaselinesDialog | None:
        """Open Project > Baselines… (modeless: the Gantt follows each choice at once)."""
        project_id = self._project()
        if project_id is None:
            return None
        self._close_baselines()
        self.baselines_dialog = BaselinesDialog(self.window.context, project_id, self.window)
        self.baselines_dialog.show()
        return self.baselines_dialog

    def _close_baselines(self) -> None:
        """The dialog lists one project's baselines: another project closes it."""
        if self.baselines_dialog is not None:
            self.baselines_dialog.close()
            self.baselines_dialog.deleteLater()
            self.baselines_dialog = None

    def show_tracking(self) -> TrackingWindow | None:
        if self._project() is None:
            return None
        if self.tracking is None:
            self.tracking = TrackingWindow(self.window)
        self.tracking.show_outline(self.window.gantt_tab.model.outline)
        self.tracking.show()
        self.tracking.raise_()
        return self.tracking

    def _cost_data(self, context: AppContext, project_id: int) -> CostData:
        outline = self.window.gantt_tab.model.outline
        same = outline.project_id == project_id
        return load_cost_data(context, project_id, outline.minutes_per_day if same else 480)

    def show_cost(self) -> None:
        self.window.tabs.setCurrentWidget(self.cost_tab)

    def _refresh_views(self) -> None:
        if self.tracking is not None and self.tracking.isVisible():
            self.tracking.show_outline(self.window.gantt_tab.model.outline)


def load_cost_data(context: AppContext, project_id: int, minutes_per_day: int) -> CostData:
    """The Cost tab's figures for ``project_id`` from the earned-value service
    (``minutes_per_day``: the project calendar's, for the earned schedule in days)."""
    workspace = context.workspace
    view = earned_value_view(workspace, project_id)
    currency = project_currency(workspace, project_id)
    notes = [view.message] if view.message else []
    if view.baseline_name:
        notes.insert(0, f"Against the baseline '{view.baseline_name}'.")
    if view.invoiced_not_counted:
        notes.append(
            f"{view.invoiced_not_counted:,.0f} {currency} invoiced for tasks not started yet is "
            "not counted as actual cost (it pays for work not done)."
        )
    data = cost_data(view.figures, view.curve, currency, minutes_per_day, " ".join(notes))
    budget, warning = budget_text(money_view(workspace, project_id))
    return replace(data, budget=budget, budget_warning=warning)


def install_progress_actions(window: MainWindow) -> ProgressActions:
    """Add the weekly update's entries to ``window``'s menus."""
    return ProgressActions(window)
