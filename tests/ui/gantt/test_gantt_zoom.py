"""Zoom keeps the user's place: the selected task (else today, else the project start) stays
in view at the same place through every kind of zoom change, and Zoom to project fits the
plan to the chart's width on a continuous scale."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from infradesk.ui.gantt import timescale


def viewport_span(tab, start: datetime, finish: datetime) -> tuple[float, float]:
    """``start`` and ``finish`` as x in the chart's viewport."""
    value = tab.chart.horizontalScrollBar().value()
    return tab.painter.x_of(start) - value, tab.painter.x_of(finish) - value


def bar_in_view(tab, task_id: int) -> tuple[float, float]:
    o = tab.model.outline
    row = o.row_of[task_id]
    return viewport_span(tab, o.start[row], o.finish[row])


def assert_bar_shown(tab, task_id: int) -> None:
    """The bar is inside the viewport; one wider than the viewport starts in it."""
    left, right = bar_in_view(tab, task_id)
    width = tab.chart.viewport().width()
    assert 0 <= left < width, (tab.painter.zoom.name, left, width)
    if right - left <= width - 48:
        assert right <= width, (tab.painter.zoom.name, left, right, width)


def wheel(tab, steps: int) -> None:
    """Ctrl+wheel on the chart: positive ``steps`` roll forwards (zoom in)."""
    pos = QPointF(200, 80)
    event = QWheelEvent(
        pos,
        tab.chart.viewport().mapToGlobal(pos),
        QPoint(0, 0),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(tab.chart.viewport(), event)


def test_zoom_to_project_fills_the_chart_width(main_window) -> None:
    tab = main_window.gantt_tab
    tab.set_zoom("day")
    tab.zoom_to_project()
    first, last = tab.painter.project_range()
    left, right = viewport_span(tab, first, last)
    width = tab.chart.viewport().width()
    assert left >= 0 and right <= width
    assert right - left >= 0.8 * width  # Quarter filled about a fifth of it
    assert tab.zoom_combo.currentData() == "fit"
    assert not timescale.is_level(tab.painter.zoom)
    tab.chart.header.grab()  # the fitted scale paints its tiers


def test_zoom_to_project_of_a_two_week_plan(gantt) -> None:
    gantt.zoom_to_project()
    first, last = gantt.painter.project_range()
    left, right = viewport_span(gantt, first, last)
    width = gantt.chart.viewport().width()
    assert left >= 0 and right <= width
    assert right - left >= 0.8 * width
    assert gantt.painter.zoom.top == "week"  # a two-week plan is drawn in days


def test_the_entire_project_entry_of_the_zoom_box_fits(main_window) -> None:
    tab = main_window.gantt_tab
    tab.zoom_combo.setCurrentIndex(tab.zoom_combo.findData("fit"))
    first, last = tab.painter.project_range()
    left, right = viewport_span(tab, first, last)
    assert right - left >= 0.8 * tab.chart.viewport().width()


def test_every_zoom_change_keeps_the_selected_task_in_place(qtbot, main_window) -> None:
    tab = main_window.gantt_tab
    o = tab.model.outline
    task = next(t for t, d in zip(o.ids, o.duration, strict=True) if d == 3 * 480)
    tab.select_tasks([task])
    tab.zoom_to_project()
    assert_bar_shown(tab, task)
    place = bar_in_view(tab, task)[0]
    same_place = 0
    changes = [
        ("combo: Hour", lambda: tab.zoom_combo.setCurrentIndex(tab.zoom_combo.findData("hour"))),
        ("wheel out", lambda: wheel(tab, -1)),  # to Day
        ("Ctrl+-", lambda: tab.tab_actions.zoom_out_action.trigger()),  # to Week
        ("menu: Quarter", lambda: menu_zoom(main_window, "Quarter")),
        ("wheel in", lambda: wheel(tab, 1)),  # to Month
        ("Ctrl+=", lambda: tab.tab_actions.zoom_in_action.trigger()),  # to Week
        ("Ctrl+0", lambda: tab.tab_actions.zoom_project_action.trigger()),
    ]
    expected = ["hour", "day", "week", "quarter", "month", "week", "fit"]
    for (what, change), name in zip(changes, expected, strict=True):
        change()
        assert tab.zoom_combo.currentData() == name, what
        assert_bar_shown(tab, task)
        left, right = bar_in_view(tab, task)
        bar = tab.chart.horizontalScrollBar()
        at_edge = bar.value() in (bar.minimum(), bar.maximum())  # the scroll stops there
        fits = place + right - left < tab.chart.viewport().width() - 24
        if fits and not at_edge and what != "Ctrl+0":
            assert abs(left - place) <= 1, (what, left, place)  # the same place on screen
            same_place += 1
        place = left
    assert same_place >= 3  # the check above really ran
    assert tab.selected_task_ids() == [task]


def menu_zoom(window, title: str) -> None:
    gantt_menu = next(
        a.menu() for a in window.view_menu.actions() if a.menu() and "Gantt" in a.text()
    )
    zoom_menu = next(a.menu() for a in gantt_menu.actions() if a.menu() and "Zoom" in a.text())
    next(a for a in zoom_menu.actions() if a.text() == title).trigger()


def test_ctrl_equal_key_zooms_in_around_the_selection(qtbot, main_window) -> None:
    tab = main_window.gantt_tab
    o = tab.model.outline
    task = o.ids[-1]
    tab.select_tasks([task])
    tab.set_zoom("month")
    main_window.activateWindow()
    tab.table.setFocus()
    qtbot.waitUntil(tab.table.hasFocus)
    qtbot.keyClick(tab.table, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert tab.painter.zoom.name == "week"
    assert_bar_shown(tab, task)


def test_hour_zoom_without_selection_shows_today_inside_the_plan(main_window) -> None:
    tab = main_window.gantt_tab
    tab.table.clearSelection()
    tab.table.setCurrentIndex(tab.model.index(-1, -1))
    first, last = tab.painter.project_range()
    today = tab.painter.options.today
    assert first <= today <= last  # the demo plan is built around today
    tab.zoom_to_project()
    tab.set_zoom("hour")
    x, _ = viewport_span(tab, today, today)
    assert 0 <= x <= tab.chart.viewport().width()


def test_without_selection_outside_the_plan_the_start_stays_in_view(gantt) -> None:
    gantt.table.clearSelection()
    gantt.table.setCurrentIndex(gantt.model.index(-1, -1))
    first, _last = gantt.painter.project_range()
    gantt.painter.options.today = first + timedelta(days=400)  # today is after the plan
    gantt.set_zoom("year")
    for name in ("hour", "quarter", "day"):
        gantt.set_zoom(name)
        x, _ = viewport_span(gantt, first, first)
        assert 0 <= x <= gantt.chart.viewport().width(), name


@pytest.mark.parametrize(
    ("px", "top", "bottom"),
    [
        (4.0, "quarter", "month"),
        (1.0, "year", "quarter"),
        (20.0, "month", "week"),
        (30.0, "week", "day"),
        (0.01, "year", "half"),
        (5000.0, "day", "hour"),
    ],
)
def test_a_fitted_scale_uses_tiers_that_still_read(px: float, top: str, bottom: str) -> None:
    zoom = timescale.fitted(px)
    assert (zoom.top, zoom.bottom) == (top, bottom)
    assert timescale.MIN_PX_PER_DAY <= zoom.px_per_day <= timescale.MAX_PX_PER_DAY


def test_zoom_steps_from_a_fitted_scale_go_to_the_next_level() -> None:
    fitted = timescale.fitted(8.0)  # between Month (4.2) and Week (15)
    assert timescale.stepped(fitted, -1).name == "week"
    assert timescale.stepped(fitted, 1).name == "month"
    hour, year = timescale.zoom_named("hour"), timescale.zoom_named("year")
    assert timescale.stepped(hour, -1) == hour
    assert timescale.stepped(year, 1) == year
    assert timescale.stepped(timescale.fitted(0.1), 1).px_per_day == pytest.approx(0.1)
