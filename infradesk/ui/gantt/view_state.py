"""The Gantt's view as plain JSON values: zoom, scroll position, selection.

:func:`capture` and :func:`restore` are used by :mod:`infradesk.ui.view_state`, which keeps
them per workspace and project. The horizontal position is kept as the time at the chart's
left edge (the chart's origin moves with the plan), the vertical one in pixels. Anything
missing or malformed in a saved state is skipped: a state is a convenience, never an error.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, QTimer

from infradesk.ui.gantt import timescale

if TYPE_CHECKING:
    from infradesk.ui.gantt.tab import GanttTab

MAX_SELECTED = 500  # ids kept of a larger selection (a select-all of a big plan)


def capture(tab: GanttTab) -> dict[str, Any]:
    zoom = tab.painter.zoom
    left = tab.painter.time_at(tab.chart.horizontalScrollBar().value())
    current = tab.table.currentIndex()
    rows = tab.model.view_rows
    return {
        "zoom": zoom.name,
        "px_per_day": zoom.px_per_day,
        "left": left.isoformat(timespec="minutes"),
        "top": tab.table.verticalScrollBar().value(),
        "selected": [tab.model.task_id(v) for v in tab.selected_view_rows() if v < len(rows)][
            :MAX_SELECTED
        ],
        "current": tab.model.task_id(current.row())
        if current.isValid() and current.row() < len(rows)
        else None,
    }


def restore(tab: GanttTab, state: dict[str, Any]) -> None:
    """Put the saved zoom, selection and scroll position back (what is valid of them)."""
    zoom = _zoom(state)
    if zoom is not None:
        tab.painter.zoom = zoom
        tab.chart.update_ranges()
        tab.show_zoom(zoom)
    selected = [t for t in state.get("selected", []) if isinstance(t, int)]
    tab.select_tasks(selected)
    current = state.get("current")
    view = tab.model.view_row_of_task(current) if isinstance(current, int) else None
    if view is not None:
        tab.table.selectionModel().setCurrentIndex(
            tab.model.index(view, 1), QItemSelectionModel.SelectionFlag.NoUpdate
        )
    left = _moment(state.get("left"))
    top = state.get("top")
    top = top if isinstance(top, int) and top >= 0 else None

    def scroll() -> None:
        if left is not None:
            tab.chart.horizontalScrollBar().setValue(round(tab.painter.x_of(left)))
        if top is not None:
            tab.table.verticalScrollBar().setValue(top)

    scroll()
    # The table lays its rows out later (and a window not shown yet has no size): once more
    # when the event loop runs, so a scroll range not computed yet does not clip the value.
    QTimer.singleShot(0, tab, scroll)
    tab.refresh_evm()  # the SPI / CPI columns may have come back


def _zoom(state: dict[str, Any]) -> timescale.Zoom | None:
    name, px = state.get("zoom"), state.get("px_per_day")
    if name not in timescale.ZOOM_NAMES or not isinstance(px, int | float):
        return None
    if not math.isfinite(px) or px <= 0:
        return None
    return timescale.scale_named(str(name), float(px))


def _moment(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None
