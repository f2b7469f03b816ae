"""The Gantt tab's actions and menus, and the edits its gestures ask for.

Each gesture (a key, a menu entry, a dragged bar or row) becomes one command of
:mod:`infradesk.services.plan` run through the tab (``GanttTab.run``: a refusal shows in the
banner); the views then update from the edit's changes (``AppContext.changed``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from infradesk.schedule.calendar import cached_axis
from infradesk.services.plan.field_edits import UpdateTask
from infradesk.services.plan.link_edits import LinkTasks, UnlinkTasks
from infradesk.services.plan.outline_edits import (
    DeleteTasks,
    IndentTasks,
    InsertTask,
    MoveTasks,
    MoveTasksTo,
    OutdentTasks,
)
from infradesk.services.plan.schedule_mode import MoveManualTask, SetScheduleMode
from infradesk.services.plan.task_edit import TaskEdit, TaskEditGroup
from infradesk.services.plan.view import selected_links
from infradesk.ui.gantt import timescale
from infradesk.ui.gantt.outline_model import FILTER_TITLES, FILTERS
from infradesk.ui.progress.date_prompt import ask_date_time
from infradesk.ui.progress.due import complete_through, effective_status_date
from infradesk.ui.row_actions import RowActions

if TYPE_CHECKING:
    from infradesk.ui.gantt.tab import GanttTab

MANUAL_TIP = "Pin the selected tasks where they are now: links and constraints no longer move them"
AUTO_TIP = "Let links and constraints place the selected tasks again"
SUMMARY_TIP = (
    "Summary tasks roll their dates up from their subtasks: select subtasks to switch them"
)


class GanttActions(QObject):
    """The tab's QActions (shortcuts work anywhere in the tab), its context and View menus,
    and the edit slots behind them and behind the chart's and table's gestures."""

    def __init__(self, tab: GanttTab) -> None:
        super().__init__(tab)
        self.tab = tab
        # Insert and Delete act in the table and the chart; Delete asks first
        self.rows = RowActions(
            tab.table,
            "task",
            self.insert_task,
            tab.selected_task_ids,
            self.delete_tasks,
            insert_text="&Insert task",
        )
        self.rows.also_on(tab.chart)
        self.insert_action = self.rows.insert_action
        self.insert_action.setToolTip("Insert a task below the selected one (Insert)")
        self.insert_child_action = self._action("Insert &subtask", self.insert_subtask)
        self.delete_action = self.rows.delete_action
        self.indent_action = self._action("Indent", self.indent_selected, None, "Indent (Tab)")
        self.outdent_action = self._action(
            "Outdent", self.outdent_selected, None, "Outdent (Shift+Tab)"
        )
        self.up_action = self._action(
            "Move up", lambda: self.move_selected(-1), None, "Move up (Alt+Up)"
        )
        self.down_action = self._action(
            "Move down", lambda: self.move_selected(1), None, "Move down (Alt+Down)"
        )
        self.link_action = self._action(
            "&Link tasks",
            self.link_selected,
            "Ctrl+F2",
            "Link the selected tasks finish-to-start (Ctrl+F2)",
        )
        self.unlink_action = self._action("&Unlink tasks", self.unlink_selected, "Ctrl+Shift+F2")
        self.info_action = self._action(
            "Task &information…", tab.open_dialog_for_current, "Shift+F2"
        )
        self.assign_action = self._action(
            "Assign &Resources…",
            tab.assign_resources,
            "Alt+F10",
            "Tick the resources of the selected task and their units (Alt+F10)",
        )
        self.complete_through_action = self._action(
            "Update work as complete &through…",
            self.complete_through_selected,
            None,
            "Set the selected tasks' % complete as scheduled up to a date",
        )
        self.on_track_action = self._action(
            "Mark on trac&k",
            self.mark_on_track,
            None,
            "The selected tasks are done as scheduled up to the status date",
        )
        self.manual_action = self._action(
            "&Manually Schedule", lambda: self.set_schedule_mode(True), None, MANUAL_TIP
        )
        self.auto_action = self._action(
            "&Auto Schedule", lambda: self.set_schedule_mode(False), None, AUTO_TIP
        )
        # asks for the date of "complete through" (None: cancelled); tests answer directly
        self.ask_moment: Callable[[datetime], datetime | None] = self._ask_moment
        self.zoom_in_action = self._action("Zoom &in", lambda: tab.zoom_step(-1), "Ctrl+=")
        self.zoom_out_action = self._action("Zoom &out", lambda: tab.zoom_step(1), "Ctrl+-")
        self.zoom_project_action = self._action("Zoom to &project", tab.zoom_to_project, "Ctrl+0")
        self.find_action = self._action("&Find…", tab.focus_find, "Ctrl+F")
        self.today_action = self._action("Scroll to &today", tab.scroll_to_today)
        self.critical_action = self._toggle("&Critical path", tab.set_show_critical)
        self.baseline_action = self._toggle("&Baseline", tab.set_show_baseline)
        self.progress_line_action = self._toggle(
            "&Progress line", tab.set_show_progress_line, checked=False
        )
        self.progress_line_action.setToolTip(
            "Show the line through each task's progress point at the status date"
        )

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcut: str | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self.tab)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(tip or text.replace("&", ""))
        action.triggered.connect(lambda _checked=False: slot())
        self.tab.addAction(action)
        return action

    def _toggle(
        self, text: str, slot: Callable[[bool], object], *, checked: bool = True
    ) -> QAction:
        action = QAction(text, self.tab)
        action.setCheckable(True)
        action.setChecked(checked)
        action.toggled.connect(slot)
        return action

    # ------------------------------------------------------------------ menus
    def context_menu(self) -> QMenu:
        """The right-click menu of the table and the chart."""
        menu = QMenu(self.tab)
        menu.addAction(self.info_action)
        menu.addAction(self.assign_action)
        menu.addSeparator()
        for action in (self.insert_action, self.insert_child_action, self.delete_action):
            menu.addAction(action)
        menu.addSeparator()
        for action in (self.indent_action, self.outdent_action, self.up_action, self.down_action):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.link_action)
        menu.addAction(self.unlink_action)
        menu.addSeparator()
        menu.addAction(self.manual_action)
        menu.addAction(self.auto_action)
        menu.addSeparator()
        menu.addAction(self.complete_through_action)
        menu.addAction(self.on_track_action)
        menu.setToolTipsVisible(True)  # a disabled mode action says why
        self.refresh_mode_actions()
        return menu

    def task_menu(self) -> QMenu:
        """The main window's Task menu (MS Project's Task ribbon): the task's information and
        its scheduling mode, for the Gantt's selection."""
        menu = QMenu("&Task", self.tab)
        menu.addAction(self.info_action)
        menu.addAction(self.assign_action)
        menu.addSeparator()
        menu.addAction(self.manual_action)
        menu.addAction(self.auto_action)
        menu.setToolTipsVisible(True)
        menu.aboutToShow.connect(self.refresh_mode_actions)
        return menu

    def view_menu(self) -> QMenu:
        """Zoom, toggles and filters, for the main window's View menu."""
        tab = self.tab
        menu = QMenu("Gantt &chart", tab)
        zoom = menu.addMenu("&Zoom")
        for name in timescale.ZOOM_NAMES:
            action = zoom.addAction(name.capitalize())
            action.triggered.connect(lambda _c=False, n=name: tab.set_zoom(n))
        zoom.addSeparator()
        zoom.addAction(self.zoom_in_action)
        zoom.addAction(self.zoom_out_action)
        zoom.addAction(self.zoom_project_action)
        menu.addAction(self.critical_action)
        menu.addAction(self.baseline_action)
        menu.addAction(self.progress_line_action)
        columns = menu.addMenu("Co&lumns")
        columns.aboutToShow.connect(lambda: tab.table.fill_columns_menu(columns))
        filters = menu.addMenu("&Filter")
        for name in FILTERS:
            action = filters.addAction(FILTER_TITLES[name])
            action.triggered.connect(lambda _c=False, n=name: tab.set_filter(n))
        menu.addAction(self.find_action)
        menu.addAction(self.today_action)
        menu.addSeparator()
        fold = menu.addAction("Co&llapse all summaries")
        fold.triggered.connect(lambda _c=False: tab.fold_all(True))
        unfold = menu.addAction("E&xpand all summaries")
        unfold.triggered.connect(lambda _c=False: tab.fold_all(False))
        return menu

    def export_actions(self) -> list[QAction]:
        """File > Export entries: the chart as PNG images or as a PDF."""
        from infradesk.ui.gantt.export import run_export  # loads reportlab only when used

        tab = self.tab
        png = QAction("Gantt chart as &PNG…", tab)
        png.triggered.connect(lambda _c=False: run_export(tab, pdf=False))
        pdf = QAction("Gantt chart as P&DF…", tab)
        pdf.triggered.connect(lambda _c=False: run_export(tab, pdf=True))
        return [png, pdf]

    # ------------------------------------------------------------------ row edits
    def insert_task(self) -> None:
        tab, project_id = self.tab, self.tab.project_id
        if project_id is None:
            return
        ids = tab.selected_task_ids()
        tab.run(InsertTask(project_id, ids[-1] if ids else None))

    def insert_subtask(self) -> None:
        tab, project_id = self.tab, self.tab.project_id
        ids = tab.selected_task_ids()
        if project_id is not None and ids:
            tab.run(InsertTask(project_id, ids[-1], "New subtask", as_child=True))

    def delete_selected(self) -> None:
        """Delete the selected tasks without asking (the Delete key asks first)."""
        self.delete_tasks(self.tab.selected_task_ids())

    def delete_tasks(self, ids: list[int]) -> None:
        tab, project_id = self.tab, self.tab.project_id
        if project_id is not None and ids:
            tab.run(DeleteTasks(project_id, ids))

    def indent_selected(self) -> None:
        tab, project_id = self.tab, self.tab.project_id
        ids = tab.selected_task_ids()
        if project_id is not None and ids and tab.run(IndentTasks(project_id, ids)):
            tab.select_tasks(ids)

    def outdent_selected(self) -> None:
        tab, project_id = self.tab, self.tab.project_id
        ids = tab.selected_task_ids()
        if project_id is not None and ids and tab.run(OutdentTasks(project_id, ids)):
            tab.select_tasks(ids)

    def move_selected(self, step: int) -> None:
        tab, project_id = self.tab, self.tab.project_id
        ids = tab.selected_task_ids()
        if project_id is not None and ids and tab.run(MoveTasks(project_id, ids, step)):
            tab.select_tasks(ids)

    def rows_dropped(self, rows: list[int], view_row: int) -> None:
        """Rows dragged in the table onto ``view_row`` (-1: below the last row)."""
        tab, project_id = self.tab, self.tab.project_id
        if project_id is None:
            return
        o = tab.model.outline
        ids = [o.ids[r] for r in rows]
        if view_row < 0:
            parent_id, before_id = None, None
        else:
            target = tab.model.view_rows[view_row]
            if target in rows:
                return
            parent = o.parent[target]
            parent_id = o.ids[parent] if parent >= 0 else None
            before_id = o.ids[target]
        if tab.run(MoveTasksTo(project_id, ids, parent_id, before_id)):
            tab.select_tasks(ids)

    # ------------------------------------------------------------------ progress
    def _selected_rows(self) -> list[int]:
        o = self.tab.model.outline
        return [o.row_of[t] for t in self.tab.selected_task_ids() if t in o.row_of]

    def complete_through_selected(self) -> None:
        """MS Project's "update work as complete through": the selected tasks' % complete as
        if their work went as scheduled until a chosen date (one undo step)."""
        self._update_selection(on_track=False)

    def mark_on_track(self) -> None:
        """The selected tasks are done as scheduled up to the status date."""
        self._update_selection(on_track=True)

    def _update_selection(self, *, on_track: bool) -> None:
        tab = self.tab
        rows = self._selected_rows()
        what = "mark on track" if on_track else "update"
        if tab.project_id is None or not rows:
            tab.show_message(f"Select the tasks to {what} first.")
            return
        o = tab.model.outline
        status = effective_status_date(o)
        moment = status if on_track else self.ask_moment(status)
        if moment is None:
            return
        title = "Mark on track" if on_track else "Update work as complete through"
        command = complete_through(o, rows, moment, title, on_track=on_track)
        if command is None:
            tab.show_message(
                "The selected tasks are already on track."
                if on_track
                else f"The selected tasks are already as scheduled on {moment:%d %b %Y}."
            )
            return
        tab.run(command)

    def _ask_moment(self, default: datetime) -> datetime | None:
        return ask_date_time(
            self.tab, "Update work as complete through", "Complete through:", default
        )

    # ------------------------------------------------------------------ scheduling mode
    def refresh_mode_actions(self) -> None:
        """Enable Manually / Auto Schedule for what the selection holds; a disabled one's
        tooltip says why (no selection, summaries only, already in that mode)."""
        o, rows = self.tab.model.outline, self._selected_rows()
        leaves = [r for r in rows if not o.summary[r]]
        for action, manual, tip in (
            (self.manual_action, True, MANUAL_TIP),
            (self.auto_action, False, AUTO_TIP),
        ):
            why = ""
            if self.tab.project_id is None or not self.tab.isVisible() or not rows:
                why = "Select tasks in the Gantt chart first"
            elif not leaves:
                why = SUMMARY_TIP
            elif all(o.manual[r] == manual for r in leaves):
                state = "manually" if manual else "automatically"
                why = f"The selected tasks are already scheduled {state}"
            action.setEnabled(not why)
            action.setToolTip(why or tip)

    def set_schedule_mode(self, manual: bool) -> None:
        """MS Project's Manually Schedule (``manual``) / Auto Schedule on the selection: one
        undo step; summaries are left as they are (their dates roll up)."""
        tab = self.tab
        rows = self._selected_rows()
        if tab.project_id is None or not rows:
            tab.show_message("Select the tasks to switch first.")
            return
        o = tab.model.outline
        leaves = [r for r in rows if not o.summary[r]]
        if not leaves:
            tab.show_message(f"{SUMMARY_TIP}.")
            return
        switch = [r for r in leaves if o.manual[r] != manual]
        state = "manually" if manual else "automatically"
        if not switch:
            tab.show_message(f"The selected tasks are already scheduled {state}.")
            return
        what = f"'{o.name[switch[0]]}'" if len(switch) == 1 else f"{len(switch)} tasks"
        verb = "Manually schedule" if manual else "Auto schedule"
        ids = [o.ids[r] for r in switch]
        done = tab.run(SetScheduleMode(tab.project_id, ids, manual, f"{verb} {what}"))
        if done and len(leaves) < len(rows):
            tab.show_message(
                f"Scheduled {what} {state}; summary tasks were left as they are "
                "(their dates roll up from their subtasks)."
            )

    # ------------------------------------------------------------------ links
    def link_selected(self) -> None:
        tab, project_id = self.tab, self.tab.project_id
        ids = tab.selected_task_ids()
        if project_id is None or len(ids) < 2:
            tab.show_message("Select two or more tasks to link them in order.")
            return
        edits: list[TaskEdit] = [LinkTasks(project_id, a, b) for a, b in pairwise(ids)]
        tab.run(TaskEditGroup(project_id, "Link tasks", edits))

    def unlink_selected(self) -> None:
        tab, project_id = self.tab, self.tab.project_id
        ids = tab.selected_task_ids()
        if project_id is None or not ids:
            return
        pairs = selected_links(tab.context.workspace, ids)
        if len(ids) == 1:
            o = tab.model.outline
            pairs = [(p, s) for p, s, _k, _l in o.links if ids[0] in (p, s)]
        if not pairs:
            tab.show_message("The selected tasks are not linked.")
            return
        tab.run(UnlinkTasks(project_id, pairs))

    # ------------------------------------------------------------------ bars
    def bar_moved(self, row: int, start: datetime) -> None:
        """A bar dropped at ``start``: a start-no-earlier-than constraint; a manually
        scheduled task's fixed start moves instead (a constraint would not move it)."""
        tab, project_id = self.tab, self.tab.project_id
        if project_id is None:
            return
        o = tab.model.outline
        task_id = o.ids[row]
        if o.manual[row] and not o.summary[row]:
            tab.run(MoveManualTask(project_id, task_id, start))
            return
        values = {"constraint_type": "SNET", "constraint_date": start}
        tab.run(UpdateTask(project_id, task_id, values, "Move task"))

    def bar_resized(self, row: int, finish: datetime) -> None:
        """A bar's end dragged to ``finish``: the working time between is the duration."""
        tab, project_id = self.tab, self.tab.project_id
        o = tab.model.outline
        start = o.start[row]
        if project_id is None or start is None or o.project_start is None:
            return
        axis = cached_axis(o.calendar, o.project_start.date())
        minutes = axis.working_minutes_between(start, finish)
        if minutes <= 0:
            tab.show_message(
                "A task needs some working time; make it a milestone in the task dialog instead."
            )
            return
        tab.run(
            UpdateTask(project_id, o.ids[row], {"duration_minutes": minutes}, "Change duration")
        )

    def bars_linked(self, pred_row: int, succ_row: int) -> None:
        """A line drawn from one bar to another: a finish-to-start link."""
        tab, project_id = self.tab, self.tab.project_id
        if project_id is None:
            return
        o = tab.model.outline
        tab.run(LinkTasks(project_id, o.ids[pred_row], o.ids[succ_row]))
