"""Changing the chart's scale without losing the user's place.

Every zoom change (the Zoom box, View > Gantt chart > Zoom, Ctrl+= / Ctrl+-, Ctrl+wheel)
keeps an *anchor* where it was on screen: the first selected task's bar, else today when the
plan spans it, else the project start. The anchor keeps its distance from the chart's left
edge (an anchor out of view is brought in at a margin), and a bar that fits in the chart is
shown whole. Without this the scale changed around the viewport's centre, which at a coarse
zoom lies months after the plan: switching to Hour then showed an empty day in 2027.

Zoom to project is a continuous scale (:func:`timescale.fitted`): the plan's span fills the
chart's width less a margin each side, instead of the coarsest level that fits (Quarter
filled a fifth of the width).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from infradesk.ui.gantt import timescale

if TYPE_CHECKING:
    from infradesk.ui.gantt.tab import GanttTab

MARGIN = 24  # px kept between the chart's left edge and an anchor brought into view
RIGHT_SHARE = 0.08  # of the width, right of the plan's finish: room for the last bar's label


def anchor_span(tab: GanttTab) -> tuple[datetime, datetime]:
    """Start and finish of what a zoom keeps in view (see the module doc)."""
    outline = tab.model.outline
    for task_id in tab.selected_task_ids():
        row = outline.row_of.get(task_id)
        start = outline.start[row] if row is not None else None
        if row is not None and start is not None:
            finish = outline.finish[row] or start
            return start, max(start, finish)
    first, last = tab.painter.project_range()
    today = tab.painter.options.today
    moment = today if first <= today <= last else first
    return moment, moment


def apply_zoom(tab: GanttTab, zoom: timescale.Zoom) -> None:
    """Show the chart at ``zoom`` with the anchor where it was (see the module doc)."""
    painter, chart = tab.painter, tab.chart
    if zoom == painter.zoom:
        return
    bar = chart.horizontalScrollBar()
    width = chart.viewport().width()
    start, finish = anchor_span(tab)
    offset = painter.x_of(start) - bar.value()
    if not 0 <= offset <= width:
        offset = min(max(offset, MARGIN), max(MARGIN, width - MARGIN))
    painter.zoom = zoom
    chart.update_ranges()
    x_start, x_finish = painter.x_of(start), painter.x_of(finish)
    left = x_start - offset
    if x_finish - left > width - MARGIN:  # the bar runs past the right edge: bring it in
        left = min(x_start - MARGIN, x_finish - (width - MARGIN))
    bar.setValue(round(left))
    tab.show_zoom(zoom)


def fit_project(tab: GanttTab) -> None:
    """Zoom to project: the whole plan across the chart's width, on a continuous scale."""
    painter, chart = tab.painter, tab.chart
    first, last = painter.project_range()
    width = max(200, chart.viewport().width())
    right = max(MARGIN, width * RIGHT_SHARE)
    days = max((last - first).total_seconds() / 86400, 1 / 24)
    painter.zoom = timescale.fitted((width - MARGIN - right) / days)
    chart.update_ranges()
    chart.horizontalScrollBar().setValue(round(painter.x_of(first) - MARGIN))
    tab.show_zoom(painter.zoom)
