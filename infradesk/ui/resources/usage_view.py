"""Resource usage: who is loaded when, across every project of the workspace (issue 18).

One row per work resource of the pool, one column per day, week or month (the Zoom box,
Ctrl+wheel, Ctrl+= and Ctrl+-), each cell the hours loaded or the % of what the resource can
give (the "Show %" toggle). Overloads are red; the current project's load is drawn in the bar
colour and the other projects' load grey, both counted. A double-click on a cell asks to show
its largest task in the Gantt (``taskActivated``: the main window wires it).

The view reads :func:`~infradesk.services.resources.usage.read_usage` for the span of the
assigned work, and again when an edit touches tasks or resources; while hidden it only notes
that it must (a reload of 10k tasks costs a few hundred ms).
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from infradesk.services.changes import Changes
from infradesk.services.resources.usage import MAX_DAYS, Usage, read_usage, usage_span
from infradesk.ui.context import AppContext
from infradesk.ui.resources.usage_chart import UsageChart, next_zoom
from infradesk.ui.resources.usage_columns import ZOOM_TITLES, ZOOMS

EMPTY_TEXT = (
    "The pool has no people yet: add them on the resource sheet, or assign them in the "
    "Gantt's Assigned column."
)


SOON_DAYS = 28


def usage_window(span: tuple[date, date] | None, today: date) -> tuple[date, date]:
    """The days the view reads: the assigned work's span from its Monday, a month after its
    end (at most ``MAX_DAYS``); without assigned work, the weeks around today."""
    if span is None:
        first, last = today, today + timedelta(days=27)
    else:
        first, last = span
    first -= timedelta(days=first.weekday())
    last = min(last + timedelta(days=31), first + timedelta(days=MAX_DAYS - 1))
    return first, last


def soon_text(usage: Usage, today: date, shown: int = 5) -> str:
    """``Overloaded in the next 4 weeks: Alice (from 4 Mar), Bob (from 9 Mar)``, earliest
    first, or that nobody is (the question a PM asks every week)."""
    low = usage.index_of(today)
    found: list[tuple[int, str]] = []
    for row, resource in enumerate(usage.resources):
        spans = usage.grid.overload_ranges(row, low, low + SOON_DAYS)
        if spans:
            found.append((spans[0].first, resource.name))
    if not found:
        return "Nobody is overloaded in the next 4 weeks."
    found.sort()
    names = [f"{name} (from {usage.day(day):%d %b})" for day, name in found[:shown]]
    more = f" and {len(found) - shown} more" if len(found) > shown else ""
    return "Overloaded in the next 4 weeks: " + ", ".join(names) + more + "."


class ResourceUsageView(QWidget):
    """The resource usage page of the Resources tab."""

    taskActivated = Signal(int, int)  # project id, task id

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.usage: Usage | None = None
        self.zoom = "week"
        self._stale = True
        self.today = date.today()  # "the next four weeks" start here (tests set it)

        self.zoom_box = QComboBox()
        for name in ZOOMS:
            self.zoom_box.addItem(ZOOM_TITLES[name], name)
        self.zoom_box.setCurrentIndex(ZOOMS.index(self.zoom))
        self.zoom_box.setToolTip("Columns of a day, a week or a month (Ctrl+wheel)")
        self.zoom_box.currentIndexChanged.connect(
            lambda index: self.set_zoom(ZOOMS[index])
        )
        self.percent_box = QCheckBox("Show %")
        self.percent_box.setToolTip("Show each cell's load as a percentage of the capacity")
        self.percent_box.toggled.connect(self.set_percent)
        self.legend = QLabel(
            "Red: overloaded. Grey bar: load from other projects (counted in the total)."
        )
        self.legend.setWordWrap(True)
        self.soon = QLabel()  # who is overloaded in the next four weeks
        self.soon.setWordWrap(True)
        self.empty_label = QLabel(EMPTY_TEXT)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.chart = UsageChart()
        self.chart.zoomStep.connect(lambda step: self.set_zoom(next_zoom(self.zoom, step)))
        self.chart.cellActivated.connect(self._activate)

        bar = QHBoxLayout()
        bar.addWidget(QLabel("Zoom:"))
        bar.addWidget(self.zoom_box)
        bar.addWidget(self.percent_box)
        bar.addWidget(self.legend, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.soon)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.chart, 1)

        zoom_keys = ((QKeySequence.StandardKey.ZoomIn, -1), (QKeySequence.StandardKey.ZoomOut, 1))
        for keys, step in zoom_keys:
            action = QAction(self)
            action.setShortcuts(keys)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(
                lambda _checked=False, s=step: self.set_zoom(next_zoom(self.zoom, s))
            )
            self.addAction(action)

        context.changed.connect(self._changed)
        context.workspaceChanged.connect(self.mark_stale)
        context.projectChanged.connect(lambda _pid: self.mark_stale())

    # -- loading

    def mark_stale(self) -> None:
        """Reload now when shown, else when next shown."""
        self._stale = True
        if self.isVisible():
            self.reload()

    def _changed(self, changes: Changes) -> None:
        if changes.touches("tasks", "resources", "projects"):
            self.mark_stale()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def reload(self) -> None:
        """Read the usage again, keeping the zoom and the first day in view."""
        self._stale = False
        keep = self.usage.day(self.chart.first_visible_day()) if self.usage else None
        workspace = self.context.workspace
        first, last = usage_window(usage_span(workspace), self.today)
        self.usage = read_usage(workspace, first, last, self.context.project_id)
        has_rows = bool(self.usage.resources)
        self.empty_label.setVisible(not has_rows)
        self.chart.setVisible(has_rows)
        self.chart.set_usage(self.usage, self.zoom)
        target = keep if keep is not None else self.today
        self.chart.scroll_to_day(max(0, self.usage.index_of(target)))
        self.soon.setText(soon_text(self.usage, self.today))

    # -- zoom and display

    def set_zoom(self, zoom: str) -> None:
        """Show columns of ``zoom`` ("day", "week", "month"), the first day in view kept."""
        if zoom == self.zoom and self.chart.zoom == zoom:
            return
        day = self.chart.first_visible_day()
        self.zoom = zoom
        self.zoom_box.blockSignals(True)
        self.zoom_box.setCurrentIndex(ZOOMS.index(zoom))
        self.zoom_box.blockSignals(False)
        self.chart.set_usage(self.usage, zoom)
        self.chart.scroll_to_day(day)

    def set_percent(self, on: bool) -> None:
        self.chart.percent = on
        self.chart.viewport().update()

    def _activate(self, row: int, column: int) -> None:
        """Double-click: the cell's largest task of the shown project (else of any project)."""
        if self.usage is None:
            return
        spec = self.chart.cols[column]
        loads = self.usage.cell(row, spec.low, spec.high)
        mine = [item for item in loads if item.focus] or loads
        if mine:
            task = mine[0].task
            self.taskActivated.emit(task.project_id, task.id)
