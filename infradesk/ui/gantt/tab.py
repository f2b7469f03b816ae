"""The Gantt tab: the outline table on the left, the chart on the right, scrolled together.

Edits go through ``context.execute`` as :mod:`infradesk.services.plan.task_edits` commands; after
one, the model takes the command's schedule result and repaints the rows that moved.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import pairwise

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
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
from infradesk.schedule.calendar import cached_axis
from infradesk.services.commands import Command
from infradesk.services.plan.task_edits import (
    DeleteTasks,
    IndentTasks,
    InsertTask,
    LinkTasks,
    MoveTasks,
    MoveTasksTo,
    OutdentTasks,
    TaskEdit,
    TaskEditGroup,
    UnlinkTasks,
    UpdateTask,
    last_edit,
)
from infradesk.services.plan.view import selected_links, task_notes, task_risk_lines
from infradesk.ui.context import AppContext
from infradesk.ui.gantt import timescale
from infradesk.ui.gantt.chart import HEADER_HEIGHT, GanttChart
from infradesk.ui.gantt.outline_model import FILTER_TITLES, FILTERS, OutlineModel
from infradesk.ui.gantt.painter import GanttPainter
from infradesk.ui.gantt.table import GanttTable

ROW_HEIGHT = 24


class GanttTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.model = OutlineModel(context)
        self.painter = GanttPainter(ROW_HEIGHT)
        self.table = GanttTable()
        self.table.setModel(self.model)
        self.table.set_row_height(ROW_HEIGHT)
        self.table.horizontalHeader().setFixedHeight(HEADER_HEIGHT)
        self.chart = GanttChart(self.painter)
        self.chart.tooltip_for = self.model.tooltip
        self.last_message = ""
        self._seen_stamp = 0
        self._loaded_project: tuple[int, int | None] | None = None

        self._build_actions()
        self.toolbar = self._build_toolbar()
        self.banner = QLabel()
        self.banner.setObjectName("ganttBanner")
        self.banner.setStyleSheet(
            "#ganttBanner { background: #fff4ce; border: 1px solid #e0c36a; padding: 4px 8px;"
            " color: #5c4400; }"
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
    def _action(self, text: str, slot, shortcut: str | None = None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(tip or text.replace("&", ""))
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.insert_action = self._action(
            "&Insert task", self.insert_task, None, "Insert a task below the selected one (Insert)"
        )
        self.insert_child_action = self._action("Insert &subtask", self.insert_subtask)
        self.delete_action = self._action(
            "&Delete", self.delete_selected, None, "Delete the selected tasks (Delete)"
        )
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
            "Task &information…", self.open_dialog_for_current, "Shift+F2"
        )
        self.zoom_in_action = self._action("Zoom &in", lambda: self.zoom_step(-1), "Ctrl+=")
        self.zoom_out_action = self._action("Zoom &out", lambda: self.zoom_step(1), "Ctrl+-")
        self.zoom_project_action = self._action("Zoom to &project", self.zoom_to_project, "Ctrl+0")
        self.find_action = self._action("&Find…", self.focus_find, "Ctrl+F")
        self.today_action = self._action("Scroll to &today", self.scroll_to_today)
        self.critical_action = QAction("&Critical path", self)
        self.critical_action.setCheckable(True)
        self.critical_action.setChecked(True)
        self.critical_action.toggled.connect(self.set_show_critical)
        self.baseline_action = QAction("&Baseline", self)
        self.baseline_action.setCheckable(True)
        self.baseline_action.setChecked(True)
        self.baseline_action.toggled.connect(self.set_show_baseline)

    def _build_toolbar(self) -> QToolBar:
        bar = QToolBar("Gantt")
        bar.setObjectName("ganttToolbar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.insert_action, self.delete_action):
            bar.addAction(action)
        bar.addSeparator()
        for action in (self.outdent_action, self.indent_action, self.up_action, self.down_action):
            bar.addAction(action)
        bar.addSeparator()
        bar.addAction(self.link_action)
        bar.addAction(self.unlink_action)
        bar.addSeparator()
        bar.addWidget(QLabel(" Zoom "))
        self.zoom_combo = QComboBox()
        for name in timescale.ZOOM_NAMES:
            self.zoom_combo.addItem(name.capitalize(), name)
        self.zoom_combo.setCurrentIndex(timescale.ZOOM_NAMES.index(self.painter.zoom.name))
        self.zoom_combo.currentIndexChanged.connect(
            lambda i: self.set_zoom(self.zoom_combo.itemData(i))
        )
        bar.addWidget(self.zoom_combo)
        bar.addAction(self.zoom_project_action)
        bar.addAction(self.today_action)
        bar.addSeparator()
        bar.addAction(self.critical_action)
        bar.addAction(self.baseline_action)
        bar.addSeparator()
        bar.addWidget(QLabel(" Show "))
        self.filter_combo = QComboBox()
        for name in FILTERS:
            self.filter_combo.addItem(FILTER_TITLES[name], name)
        self.filter_combo.currentIndexChanged.connect(lambda _i: self._filters_changed())
        bar.addWidget(self.filter_combo)
        self.owner_combo = QComboBox()
        self.owner_combo.addItem("All owners", "")
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
        table, chart = self.table, self.chart
        table_bar, chart_bar = table.verticalScrollBar(), chart.verticalScrollBar()
        table_bar.rangeChanged.connect(self._sync_range)
        table_bar.valueChanged.connect(chart_bar.setValue)
        chart_bar.valueChanged.connect(table_bar.setValue)
        table.indentRequested.connect(self.indent_selected)
        table.outdentRequested.connect(self.outdent_selected)
        table.insertRequested.connect(self.insert_task)
        table.deleteRequested.connect(self.delete_selected)
        table.moveRequested.connect(self.move_selected)
        table.rowsDropped.connect(self._rows_dropped)
        table.editRefused.connect(self.show_message)
        table.foldRequested.connect(self.toggle_fold)
        table.doubleClicked.connect(self._table_double_clicked)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(
            lambda pos: self._context_menu(table.viewport().mapToGlobal(pos))
        )
        table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.modelReset.connect(self._model_reset)
        self.model.rowsRefreshed.connect(self._rows_refreshed)
        chart.barMoved.connect(self._bar_moved)
        chart.barResized.connect(self._bar_resized)
        chart.barsLinked.connect(self._bars_linked)
        chart.rowClicked.connect(self._chart_row_clicked)
        chart.rowDoubleClicked.connect(self.open_dialog)
        chart.zoomRequested.connect(lambda step: self.zoom_step(-step))
        chart.contextMenuAt.connect(self._chart_context_menu)
        self.context.projectChanged.connect(lambda _id: self.reload())
        self.context.dataChanged.connect(self._on_data_changed)

    def _sync_range(self, low: int, high: int) -> None:
        bar = self.chart.verticalScrollBar()
        bar.setRange(low, high)
        bar.setPageStep(self.table.verticalScrollBar().pageStep())
        bar.setSingleStep(ROW_HEIGHT)

    # ------------------------------------------------------------------ loading
    def reload(self) -> None:
        self.model.reload()

    def _on_data_changed(self, affects: frozenset[str], project_id: int | None) -> None:
        if "tasks" not in affects and "projects" not in affects:
            return
        edit = last_edit()
        if (
            "projects" not in affects
            and edit is not None
            and edit.stamp > self._seen_stamp
            and edit.project_id == self.context.project_id
            and self.model.outline.project_id == edit.project_id
        ):
            self._seen_stamp = edit.stamp
            selected = self.selected_task_ids()
            self.model.apply_edit(edit)
            if edit.structural:
                focus = getattr(edit, "task_id", None)
                self.select_tasks([focus] if isinstance(focus, int) else selected)
            return
        if edit is not None:
            self._seen_stamp = max(self._seen_stamp, edit.stamp)
        selected = self.selected_task_ids()
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
        self._selection_changed()

    def _rows_refreshed(self, first: int, last: int) -> None:
        if self.model.links_changed:
            self.painter.set_outline(self.model.outline, self.model.view_rows)
        self.chart.refresh_rows(first, last)
        self.chart.header.update()

    def _refresh_owners(self) -> None:
        current = self.owner_combo.currentData() or ""
        owners = self.model.owners()
        self.owner_combo.blockSignals(True)
        self.owner_combo.clear()
        self.owner_combo.addItem("All owners", "")
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

        Refusals are :class:`UserError` (and the ValueErrors the task services raised before
        they had a common base); anything else is a bug and goes to the excepthook.
        """
        try:
            self.context.execute(command)
        except (UserError, ValueError) as error:
            self.show_message(str(error))
            return str(error)
        self.banner.hide()
        return None

    @property
    def project_id(self) -> int | None:
        return self.context.project_id

    def insert_task(self) -> None:
        if self.project_id is None:
            return
        ids = self.selected_task_ids()
        self.run(InsertTask(self.project_id, ids[-1] if ids else None))

    def insert_subtask(self) -> None:
        ids = self.selected_task_ids()
        if self.project_id is not None and ids:
            self.run(InsertTask(self.project_id, ids[-1], "New subtask", as_child=True))

    def delete_selected(self) -> None:
        ids = self.selected_task_ids()
        if self.project_id is not None and ids:
            self.run(DeleteTasks(self.project_id, ids))

    def indent_selected(self) -> None:
        ids = self.selected_task_ids()
        if self.project_id is not None and ids and self.run(IndentTasks(self.project_id, ids)):
            self.select_tasks(ids)

    def outdent_selected(self) -> None:
        ids = self.selected_task_ids()
        if self.project_id is not None and ids and self.run(OutdentTasks(self.project_id, ids)):
            self.select_tasks(ids)

    def move_selected(self, step: int) -> None:
        ids = self.selected_task_ids()
        if self.project_id is not None and ids and self.run(MoveTasks(self.project_id, ids, step)):
            self.select_tasks(ids)

    def _rows_dropped(self, rows: list[int], view_row: int) -> None:
        if self.project_id is None:
            return
        o = self.model.outline
        ids = [o.ids[r] for r in rows]
        if view_row < 0:
            parent_id, before_id = None, None
        else:
            target = self.model.view_rows[view_row]
            if target in rows:
                return
            parent = o.parent[target]
            parent_id = o.ids[parent] if parent >= 0 else None
            before_id = o.ids[target]
        if self.run(MoveTasksTo(self.project_id, ids, parent_id, before_id)):
            self.select_tasks(ids)

    def link_selected(self) -> None:
        ids = self.selected_task_ids()
        if self.project_id is None or len(ids) < 2:
            self.show_message("Select two or more tasks to link them in order.")
            return
        edits: list[TaskEdit] = [LinkTasks(self.project_id, a, b) for a, b in pairwise(ids)]
        self.run(TaskEditGroup(self.project_id, "Link tasks", edits))

    def unlink_selected(self) -> None:
        ids = self.selected_task_ids()
        if self.project_id is None or not ids:
            return
        pairs = selected_links(self.context.workspace, ids)
        if len(ids) == 1:
            o = self.model.outline
            pairs = [(p, s) for p, s, _k, _l in o.links if ids[0] in (p, s)]
        if not pairs:
            self.show_message("The selected tasks are not linked.")
            return
        self.run(UnlinkTasks(self.project_id, pairs))

    def _bar_moved(self, row: int, start: datetime) -> None:
        if self.project_id is None:
            return
        task_id = self.model.outline.ids[row]
        self.run(
            UpdateTask(self.project_id, task_id, {"start_no_earlier_than": start}, "Move task")
        )

    def _bar_resized(self, row: int, finish: datetime) -> None:
        o = self.model.outline
        start = o.start[row]
        if self.project_id is None or start is None or o.project_start is None:
            return
        axis = cached_axis(o.calendar, o.project_start.date())
        minutes = axis.working_minutes_between(start, finish)
        if minutes <= 0:
            self.show_message(
                "A task needs some working time; make it a milestone in the task dialog instead."
            )
            return
        self.run(
            UpdateTask(
                self.project_id, o.ids[row], {"duration_minutes": minutes}, "Change duration"
            )
        )

    def _bars_linked(self, pred_row: int, succ_row: int) -> None:
        if self.project_id is None:
            return
        o = self.model.outline
        self.run(LinkTasks(self.project_id, o.ids[pred_row], o.ids[succ_row]))

    # ------------------------------------------------------------------ dialog
    def _table_double_clicked(self, index) -> None:
        if not index.flags() & Qt.ItemFlag.ItemIsEditable:
            self.open_dialog(self.model.view_rows[index.row()])

    def open_dialog_for_current(self) -> None:
        ids = self.selected_task_ids()
        if ids:
            self.open_dialog(self.model.outline.row_of[ids[0]])

    def make_dialog(self, row: int):
        from infradesk.ui.gantt.task_dialog import TaskDialog

        o = self.model.outline
        workspace = self.context.workspace
        notes = task_notes(workspace, o.ids[row])
        risks = task_risk_lines(workspace, o.ids[row]) or [
            f"Risk {code}" for code in self.model.markers_risks.get(o.ids[row], [])
        ]
        return TaskDialog(
            o,
            row,
            notes,
            risks,
            self.model.markers_deliveries.get(o.ids[row], []),
            self,
        )

    def open_dialog(self, row: int) -> None:
        dialog = self.make_dialog(row)
        dialog.runner = self.refusal_of  # a refused save keeps the dialog open, values kept
        dialog.exec()

    # ------------------------------------------------------------------ menus
    def _context_menu(self, global_pos) -> None:
        menu = self.context_menu()
        menu.exec(global_pos)

    def _chart_context_menu(self, view_row: int, global_pos) -> None:
        if view_row >= 0 and view_row not in self.selected_view_rows():
            self._chart_row_clicked(view_row, Qt.KeyboardModifier.NoModifier)
        self._context_menu(global_pos)

    def context_menu(self) -> QMenu:
        menu = QMenu(self)
        menu.addAction(self.info_action)
        menu.addSeparator()
        for action in (self.insert_action, self.insert_child_action, self.delete_action):
            menu.addAction(action)
        menu.addSeparator()
        for action in (self.indent_action, self.outdent_action, self.up_action, self.down_action):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.link_action)
        menu.addAction(self.unlink_action)
        return menu

    def view_menu(self) -> QMenu:
        """Zoom, toggles and filters, for the main window's View menu."""
        menu = QMenu("Gantt &chart", self)
        zoom = menu.addMenu("&Zoom")
        for name in timescale.ZOOM_NAMES:
            action = zoom.addAction(name.capitalize())
            action.triggered.connect(lambda _c=False, n=name: self.set_zoom(n))
        zoom.addSeparator()
        zoom.addAction(self.zoom_in_action)
        zoom.addAction(self.zoom_out_action)
        zoom.addAction(self.zoom_project_action)
        menu.addAction(self.critical_action)
        menu.addAction(self.baseline_action)
        filters = menu.addMenu("&Filter")
        for name in FILTERS:
            action = filters.addAction(FILTER_TITLES[name])
            action.triggered.connect(lambda _c=False, n=name: self.set_filter(n))
        menu.addAction(self.find_action)
        menu.addAction(self.today_action)
        menu.addSeparator()
        fold = menu.addAction("Co&llapse all summaries")
        fold.triggered.connect(lambda _c=False: self.fold_all(True))
        unfold = menu.addAction("E&xpand all summaries")
        unfold.triggered.connect(lambda _c=False: self.fold_all(False))
        return menu

    def export_actions(self) -> list[QAction]:
        """File > Export entries: the chart as PNG images or as a PDF."""
        from infradesk.ui.gantt.export import run_export

        png = QAction("Gantt chart as &PNG…", self)
        png.triggered.connect(lambda _c=False: run_export(self, pdf=False))
        pdf = QAction("Gantt chart as P&DF…", self)
        pdf.triggered.connect(lambda _c=False: run_export(self, pdf=True))
        return [png, pdf]

    # ------------------------------------------------------------------ view settings
    def set_zoom(self, name: str) -> None:
        if name == self.painter.zoom.name:
            return
        bar = self.chart.horizontalScrollBar()
        center = self.painter.time_at(bar.value() + self.chart.viewport().width() / 2)
        self.painter.zoom = timescale.zoom_named(name)
        self.zoom_combo.blockSignals(True)
        self.zoom_combo.setCurrentIndex(timescale.ZOOM_NAMES.index(name))
        self.zoom_combo.blockSignals(False)
        self.chart.update_ranges()
        bar.setValue(int(self.painter.x_of(center) - self.chart.viewport().width() / 2))
        self.chart.header.update()
        self.chart.viewport().update()

    def zoom_step(self, step: int) -> None:
        """``step`` -1 zooms in (towards hours), +1 out (towards years)."""
        names = timescale.ZOOM_NAMES
        index = names.index(self.painter.zoom.name) + step
        self.set_zoom(names[max(0, min(len(names) - 1, index))])

    def zoom_to_project(self) -> None:
        first, last = self.painter.project_range()
        days = max(1.0, (last - first).total_seconds() / 86400 + 14)
        width = max(200, self.chart.viewport().width())
        chosen = timescale.ZOOMS[-1]
        for zoom in timescale.ZOOMS:
            if zoom.px_per_day * days <= width:
                chosen = zoom
                break
        self.set_zoom(chosen.name)
        self.chart.scroll_to_time(first - timedelta(days=3), 10)

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
                self.select_tasks([o.ids[r]])
                return True
        self.show_message(f"No task matches '{self.find_edit.text()}'.")
        return False
