"""The Gantt tab: the outline table on the left, the chart on the right, scrolled together.

The tab wires the views: its actions, menus and the edits its gestures ask for live in
:mod:`.actions`. Edits go through ``context.execute`` as :mod:`infradesk.services.plan`
commands; the context announces each one's :class:`~infradesk.services.changes.Changes`, and
the model takes a Gantt edit's changes (new schedule, edited fields) and repaints the rows that
moved.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, QPoint, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from infradesk.errors import UserError
from infradesk.services.changes import Changes
from infradesk.services.commands import Command
from infradesk.services.plan.earned_value import earned_value_view, task_indices
from infradesk.services.plan.task_edit import TaskChanges
from infradesk.services.plan.view import task_notes, task_risk_lines
from infradesk.services.resources.assignments import (
    SetAssignments,
    load_pool_choices,
    load_task_resource_info,
)
from infradesk.ui import theme
from infradesk.ui.context import AppContext
from infradesk.ui.gantt import timescale, zoom_view
from infradesk.ui.gantt.actions import GanttActions
from infradesk.ui.gantt.chart import HEADER_HEIGHT, GanttChart
from infradesk.ui.gantt.conflict_marks import install_conflict_marks
from infradesk.ui.gantt.outline_model import EVM_KEYS, FILTER_TITLES, FILTERS, OutlineModel
from infradesk.ui.gantt.painter import GanttPainter
from infradesk.ui.gantt.table import GanttTable

if TYPE_CHECKING:
    from infradesk.ui.gantt.assign_dialog import AssignDialog
    from infradesk.ui.gantt.task_dialog import TaskDialog

ROW_HEIGHT = 24
ALL_RESOURCES = "All resources"
FIT_ZOOM = "fit"  # the Zoom box's "Entire project": a scale fitted to the plan


class GanttTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.model = OutlineModel(context)
        self.painter = GanttPainter(ROW_HEIGHT)
        self.table = GanttTable()
        self.table.setObjectName("ganttTable")  # its column layout is kept per project
        self.table.setModel(self.model)
        self.table.set_row_height(ROW_HEIGHT)
        self.table.horizontalHeader().setFixedHeight(HEADER_HEIGHT)
        self.chart = GanttChart(self.painter)
        self.chart.tooltip_for = self.model.tooltip
        self.last_message = ""
        self._loaded_project: tuple[int, int | None] | None = None

        self.tab_actions = GanttActions(self)
        self.toolbar = self._build_toolbar()
        self.banner = QLabel()
        self.banner.setObjectName("ganttBanner")
        theme.restyle(
            self.banner,
            lambda t: f"#ganttBanner {{ background: {t.banner.name()}; padding: 4px 8px;"
            f" border: 1px solid {t.banner_border.name()}; color: {t.banner_text.name()}; }}",
        )
        self.banner.setWordWrap(True)
        self.banner.hide()
        self._banner_timer = QTimer(self)
        self._banner_timer.setSingleShot(True)
        self._banner_timer.timeout.connect(self.banner.hide)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.setSpacing(0)
        right_layout.addWidget(self.chart.header)
        right_layout.addWidget(self.chart)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([700, 900])
        self.splitter.setHandleWidth(4)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.banner)
        layout.addWidget(self.splitter, 1)

        self._connect()

    # ------------------------------------------------------------------ construction
    def _build_toolbar(self) -> QToolBar:
        actions = self.tab_actions
        bar = QToolBar("Gantt")
        bar.setObjectName("ganttToolbar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (actions.insert_action, actions.delete_action):
            bar.addAction(action)
        bar.addSeparator()
        for action in (
            actions.outdent_action,
            actions.indent_action,
            actions.up_action,
            actions.down_action,
        ):
            bar.addAction(action)
        bar.addSeparator()
        bar.addAction(actions.link_action)
        bar.addAction(actions.unlink_action)
        bar.addSeparator()
        bar.addWidget(QLabel(" Zoom "))
        self.zoom_combo = QComboBox()
        for name in timescale.ZOOM_NAMES:
            self.zoom_combo.addItem(name.capitalize(), name)
        self.zoom_combo.addItem("Entire project", FIT_ZOOM)  # a fitted scale (Ctrl+0)
        self.zoom_combo.setCurrentIndex(timescale.ZOOM_NAMES.index(self.painter.zoom.name))
        self.zoom_combo.currentIndexChanged.connect(
            lambda i: self.set_zoom(self.zoom_combo.itemData(i))
        )
        bar.addWidget(self.zoom_combo)
        bar.addAction(actions.zoom_project_action)
        bar.addAction(actions.today_action)
        bar.addSeparator()
        bar.addAction(actions.critical_action)
        bar.addAction(actions.baseline_action)
        bar.addSeparator()
        bar.addWidget(QLabel(" Show "))
        self.filter_combo = QComboBox()
        for name in FILTERS:
            self.filter_combo.addItem(FILTER_TITLES[name], name)
        self.filter_combo.currentIndexChanged.connect(lambda _i: self._filters_changed())
        bar.addWidget(self.filter_combo)
        self.owner_combo = QComboBox()  # the filter by resource (and by a summary's owner)
        self.owner_combo.setToolTip("Show the tasks of one resource, with their summaries")
        self.owner_combo.addItem(ALL_RESOURCES, "")
        self.owner_combo.currentIndexChanged.connect(lambda _i: self._filters_changed())
        bar.addWidget(self.owner_combo)
        bar.addSeparator()
        find = QWidget()
        find_layout = QHBoxLayout(find)
        find_layout.setContentsMargins(4, 0, 4, 0)
        self.find_edit = QLineEdit()
        self.find_edit.setPlaceholderText("Find task (Ctrl+F)")
        self.find_edit.setClearButtonEnabled(True)
        self.find_edit.setMaximumWidth(200)
        self.find_edit.returnPressed.connect(self.find_next)
        find_layout.addWidget(self.find_edit)
        bar.addWidget(find)
        return bar

    def _connect(self) -> None:
        table, chart, actions = self.table, self.chart, self.tab_actions
        table_bar, chart_bar = table.verticalScrollBar(), chart.verticalScrollBar()
        table_bar.rangeChanged.connect(self._sync_range)
        table_bar.valueChanged.connect(chart_bar.setValue)
        chart_bar.valueChanged.connect(table_bar.setValue)
        table.indentRequested.connect(actions.indent_selected)
        table.outdentRequested.connect(actions.outdent_selected)
        table.moveRequested.connect(actions.move_selected)
        table.rowsDropped.connect(actions.rows_dropped)
        self.model.editRefused.connect(table.refuse_edit)  # reopened with what was typed
        self.model.editRefused.connect(self.show_message)
        table.foldRequested.connect(self.toggle_fold)
        table.columnsChanged.connect(self.refresh_evm)
        table.doubleClicked.connect(self._table_double_clicked)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(
            lambda pos: self._context_menu(table.viewport().mapToGlobal(pos))
        )
        table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.modelReset.connect(self._model_reset)
        self.model.rowsRefreshed.connect(self._rows_refreshed)
        chart.barMoved.connect(actions.bar_moved)
        chart.barResized.connect(actions.bar_resized)
        chart.barsLinked.connect(actions.bars_linked)
        chart.rowClicked.connect(self._chart_row_clicked)
        chart.rowDoubleClicked.connect(self.open_dialog)
        chart.zoomRequested.connect(lambda step: self.zoom_step(-step))
        chart.contextMenuAt.connect(self._chart_context_menu)
        self.context.projectChanged.connect(lambda _id: self.model.reload(opening=True))
        self.context.changed.connect(self._on_changed)
        self.conflict_marks = install_conflict_marks(self)  # issue 20: change conflicts

    def _sync_range(self, low: int, high: int) -> None:
        bar = self.chart.verticalScrollBar()
        bar.setRange(low, high)
        bar.setPageStep(self.table.verticalScrollBar().pageStep())
        bar.setSingleStep(ROW_HEIGHT)

    # ------------------------------------------------------------------ loading
    def reload(self) -> None:
        self.model.reload()

    def _on_changed(self, changes: Changes) -> None:
        """Update from an edit's changes: a Gantt edit of the shown project refreshes the
        rows it moved; anything else that touches tasks or projects reloads."""
        if not changes.touches("tasks", "projects", "baselines"):
            return
        selected = self.selected_task_ids()
        if (
            isinstance(changes, TaskChanges)
            and not changes.touches("projects")
            and changes.project_id == self.context.project_id
            and self.model.outline.project_id == changes.project_id
        ):
            self.model.apply_changes(changes)
            # new names for the filter by resource (an indent or outdent updated in place
            # says whether a task's names changed)
            if changes.assigned and (changes.reparented is None or self.model.names_changed):
                self._refresh_owners()
            if changes.structural:
                focus = changes.focus_id
                self.select_tasks([focus] if focus is not None else selected)
            return
        self.model.reload()
        self.select_tasks(selected)

    def _model_reset(self) -> None:
        self.painter.set_outline(self.model.outline, self.model.view_rows)
        self.painter.markers.risks = self.model.markers_risks
        self.painter.markers.deliveries = self.model.markers_deliveries
        project = (id(self.context.workspace), self.model.outline.project_id)
        if project != self._loaded_project:
            self._loaded_project = project
            self.painter.reset_origin()
            self.chart.update_ranges()
            self._refresh_owners()
            self.scroll_to_today()
        else:
            self.chart.update_ranges()
            self._refresh_owners()
        self.refresh_evm()
        self._selection_changed()

    def refresh_evm(self) -> bool:
        """Fill the SPI and CPI columns from the earned-value service when one is shown
        (one read and about 30 ms on 10,000 tasks, so only then); True when read."""
        project_id = self.model.outline.project_id
        if project_id is None or not self.table.shown_keys() & EVM_KEYS:
            return False
        ids = self.model.outline.ids
        view = earned_value_view(self.context.workspace, project_id, curve=False)
        indices = task_indices(view, ids)
        self.model.evm = {t: (i[0], i[1]) for t, i in zip(ids, indices, strict=True)}
        self.table.viewport().update()
        return True

    def _rows_refreshed(self, first: int, last: int) -> None:
        if self.model.links_changed:
            self.painter.set_outline(self.model.outline, self.model.view_rows)
        self.chart.refresh_rows(first, last)
        self.chart.header.update()
        self.refresh_evm()

    def _refresh_owners(self) -> None:
        current = self.owner_combo.currentData() or ""
        owners = self.model.owners()
        self.owner_combo.blockSignals(True)
        self.owner_combo.clear()
        self.owner_combo.addItem(ALL_RESOURCES, "")
        for owner in owners:
            self.owner_combo.addItem(owner, owner)
        index = self.owner_combo.findData(current)
        self.owner_combo.setCurrentIndex(max(0, index))
        self.owner_combo.blockSignals(False)

    # ------------------------------------------------------------------ selection
    def selected_view_rows(self) -> list[int]:
        return sorted({i.row() for i in self.table.selectionModel().selectedRows()})

    def selected_task_ids(self) -> list[int]:
        rows = self.selected_view_rows()
        if not rows and self.table.currentIndex().isValid():
            rows = [self.table.currentIndex().row()]
        return [self.model.task_id(v) for v in rows if v < len(self.model.view_rows)]

    def select_tasks(self, task_ids: list[int]) -> None:
        views = [v for v in (self.model.view_row_of_task(t) for t in task_ids) if v is not None]
        selection = QItemSelection()
        last_column = self.model.columnCount() - 1
        for v in views:
            selection.select(self.model.index(v, 0), self.model.index(v, last_column))
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.selectionModel().select(selection, flags)
        if views:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(views[0], 1), QItemSelectionModel.SelectionFlag.NoUpdate
            )
            self.table.scrollTo(self.model.index(views[0], 1))

    def show_task(self, task_id: int) -> bool:
        """Select a task of the shown project and scroll the table and the chart to it (the
        usage view's double-click); False when it is not among the shown rows."""
        view_row = self.model.view_row_of_task(task_id)
        if view_row is None:
            return False
        self.select_tasks([task_id])
        self.chart.show_bar(self.model.view_rows[view_row], view_row)
        return True

    def _selection_changed(self, *_args: object) -> None:
        self.painter.selected = {
            self.model.view_rows[v]
            for v in self.selected_view_rows()
            if v < len(self.model.view_rows)
        }
        self.chart.viewport().update()

    def _chart_row_clicked(self, view_row: int, modifiers: Qt.KeyboardModifier) -> None:
        flags = QItemSelectionModel.SelectionFlag.Rows
        if modifiers & Qt.KeyboardModifier.ControlModifier:
            flags |= QItemSelectionModel.SelectionFlag.Toggle
        else:
            flags |= QItemSelectionModel.SelectionFlag.ClearAndSelect
        index = self.model.index(view_row, 1)
        self.table.selectionModel().setCurrentIndex(index, flags)

    def toggle_fold(self, row: int) -> None:
        selected = self.selected_task_ids()
        self.model.toggle_collapsed(row)
        self.select_tasks(selected)

    def fold_all(self, collapsed: bool) -> None:
        self.model.set_all_collapsed(collapsed)

    # ------------------------------------------------------------------ running edits
    def show_message(self, text: str) -> None:
        self.last_message = text
        self.banner.setText(text)
        self.banner.show()
        self._banner_timer.start(8000)

    def run(self, command: Command) -> bool:
        """Execute an edit; a refusal (bad value, a loop, a busy or read-only workspace) is
        shown in the banner."""
        return self.refusal_of(command) is None

    def refusal_of(self, command: Command) -> str | None:
        """Execute an edit; return why it was refused (also shown in the banner), or None.

        Refusals are :class:`UserError`; anything else is a bug and goes to the excepthook.
        """
        try:
            self.context.execute(command)
        except UserError as error:
            self.show_message(str(error))
            return str(error)
        self.banner.hide()
        return None

    @property
    def project_id(self) -> int | None:
        return self.context.project_id

    # ------------------------------------------------------------------ dialog
    def _table_double_clicked(self, index: QModelIndex) -> None:
        if not index.flags() & Qt.ItemFlag.ItemIsEditable:
            self.open_dialog(self.model.view_rows[index.row()])

    def open_dialog_for_current(self) -> None:
        ids = self.selected_task_ids()
        if ids:
            self.open_dialog(self.model.outline.row_of[ids[0]])

    def make_dialog(self, row: int) -> TaskDialog:
        from infradesk.ui.gantt.task_dialog import TaskDialog

        o = self.model.outline
        workspace = self.context.workspace
        notes = task_notes(workspace, o.ids[row])
        risks = task_risk_lines(workspace, o.ids[row]) or [
            f"Risk {code}" for code in self.model.markers_risks.get(o.ids[row], [])
        ]
        dialog = TaskDialog(
            o,
            row,
            notes,
            risks,
            self.model.markers_deliveries.get(o.ids[row], []),
            self,
            resources=load_task_resource_info(workspace, o.ids[row]),
        )
        dialog.pool = lambda: load_pool_choices(workspace)
        return dialog

    def open_dialog(self, row: int) -> None:
        dialog = self.make_dialog(row)
        dialog.runner = self.refusal_of  # a refused save keeps the dialog open, values kept
        dialog.exec()

    def make_assign_dialog(self, row: int) -> AssignDialog:
        # lazy: the dialog module is needed only when asked for, as the task dialog's
        from infradesk.ui.gantt.assign_dialog import AssignDialog

        o = self.model.outline
        pool = load_pool_choices(self.context.workspace)
        return AssignDialog(o.name[row], pool, o.assigned[row] if o.assigned else "", self)

    def assign_resources(self) -> None:
        """Assign Resources (Alt+F10) for the current task; a summary is refused at once."""
        ids = self.selected_task_ids()
        project_id = self.context.project_id
        if not ids or project_id is None:
            return
        row = self.model.outline.row_of[ids[0]]
        if self.model.outline.summary[row]:
            self.show_message(
                f"'{self.model.outline.name[row]}' is a summary task: assign resources to its "
                "subtasks (its work rolls up from them)"
            )
            return
        dialog = self.make_assign_dialog(row)
        while dialog.exec():
            if self.save_assignments(ids[0], dialog.assigned_text()) is None:
                return  # saved; a refusal shows in the banner and the dialog opens again

    def save_assignments(self, task_id: int, text: str) -> str | None:
        """Save an Assigned text for a task; returns why it was refused, or None."""
        project_id = self.context.project_id
        if project_id is None:
            return "No project is open."
        try:
            command = SetAssignments(project_id, task_id, text)
        except UserError as error:
            self.show_message(str(error))
            return str(error)
        return self.refusal_of(command)

    # ------------------------------------------------------------------ menus
    def _context_menu(self, global_pos: QPoint) -> None:
        self.tab_actions.context_menu().exec(global_pos)

    def _chart_context_menu(self, view_row: int, global_pos: QPoint) -> None:
        if view_row >= 0 and view_row not in self.selected_view_rows():
            self._chart_row_clicked(view_row, Qt.KeyboardModifier.NoModifier)
        self._context_menu(global_pos)

    def view_menu(self) -> QMenu:
        """Zoom, toggles and filters, for the main window's View menu."""
        return self.tab_actions.view_menu()

    def export_actions(self) -> list[QAction]:
        """File > Export entries: the chart as PNG images or as a PDF."""
        return self.tab_actions.export_actions()

    # ------------------------------------------------------------------ view settings
    def set_zoom(self, name: str) -> None:
        """Show the zoom level ``name`` (or FIT_ZOOM: the entire project), keeping the
        selected task, else today, in place (:mod:`.zoom_view`)."""
        if name == FIT_ZOOM:
            self.zoom_to_project()
        else:
            zoom_view.apply_zoom(self, timescale.zoom_named(name))

    def zoom_step(self, step: int) -> None:
        """``step`` -1 zooms in (towards hours), +1 out (towards years)."""
        zoom_view.apply_zoom(self, timescale.stepped(self.painter.zoom, step))

    def zoom_to_project(self) -> None:
        zoom_view.fit_project(self)

    def show_zoom(self, zoom: timescale.Zoom) -> None:
        """Repaint at the painter's new zoom and name it in the Zoom box."""
        name = zoom.name if timescale.is_level(zoom) else FIT_ZOOM
        self.zoom_combo.blockSignals(True)
        self.zoom_combo.setCurrentIndex(self.zoom_combo.findData(name))
        self.zoom_combo.blockSignals(False)
        self.chart.header.update()
        self.chart.viewport().update()

    def scroll_to_today(self) -> None:
        first, last = self.painter.project_range()
        today = self.painter.options.today
        target = today - timedelta(days=7) if first <= today <= last else first - timedelta(days=2)
        self.chart.scroll_to_time(target, 0)

    def set_show_critical(self, on: bool) -> None:
        self.painter.options.show_critical = on
        self.chart.viewport().update()

    def set_show_baseline(self, on: bool) -> None:
        self.painter.options.show_baseline = on
        self.chart.viewport().update()

    def set_show_progress_line(self, on: bool) -> None:
        self.painter.options.show_progress_line = on
        self.chart.viewport().update()

    def set_filter(self, name: str, owner: str | None = None) -> None:
        self.filter_combo.blockSignals(True)
        self.filter_combo.setCurrentIndex(FILTERS.index(name))
        self.filter_combo.blockSignals(False)
        if owner is not None:
            self.owner_combo.blockSignals(True)
            self.owner_combo.setCurrentIndex(max(0, self.owner_combo.findData(owner)))
            self.owner_combo.blockSignals(False)
        self._filters_changed()

    def _filters_changed(self) -> None:
        selected = self.selected_task_ids()
        self.model.set_filter(self.filter_combo.currentData(), self.owner_combo.currentData() or "")
        self.select_tasks(selected)

    def current_table(self) -> GanttTable:
        return self.table

    def focus_table(self, first_task: bool = True) -> None:
        """Put the keyboard in the table, so that the first arrow key or F2 works on the
        plan, not on a toolbar control; with ``first_task``, on the first task when no task
        is current (MS Project opens a plan with the first task's name selected)."""
        rows = len(self.model.view_rows)
        if not self.table.currentIndex().isValid() and rows:
            if first_task:
                self.select_tasks([self.model.task_id(0)])
            else:
                # A view restored with nothing selected: the cursor goes on the top row in
                # view, unselected (given focus without one, Qt would put it on the first
                # row and scroll there, losing the restored position).
                top = min(rows - 1, self.table.verticalScrollBar().value() // ROW_HEIGHT)
                self.table.selectionModel().setCurrentIndex(
                    self.model.index(top, 1), QItemSelectionModel.SelectionFlag.NoUpdate
                )
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_find(self) -> None:
        self.find_edit.setFocus()
        self.find_edit.selectAll()

    def find_next(self) -> bool:
        text = self.find_edit.text().strip().casefold()
        if not text:
            return False
        o = self.model.outline
        rows = self.model.view_rows
        current = self.table.currentIndex().row() if self.table.currentIndex().isValid() else -1
        count = len(rows)
        for step in range(1, count + 1):
            v = (current + step) % count
            r = rows[v]
            if text in o.name[r].casefold() or text == o.wbs[r] or text in o.owner[r].casefold():
                self.select_tasks([o.ids[r]])  # the table scrolls to it, the chart's rows too
                self.chart.show_bar(r, v)  # and the chart to its bar, however far
                return True
        self.show_message(f"No task matches '{self.find_edit.text()}'.")
        return False
