"""The resource usage view, built standalone on a workspace: what its cells say (hours, %,
red), its zoom, its tooltips, its reload after an edit, and a paint that does not crash."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QPainter, QWheelEvent
from PySide6.QtWidgets import QApplication

from infradesk.store.workspace import Workspace
from infradesk.ui.context import AppContext
from infradesk.ui.resources.usage_chart import HEADER_HEIGHT, NAME_WIDTH, ROW_HEIGHT
from infradesk.ui.resources.usage_columns import column_at
from infradesk.ui.resources.usage_view import ResourceUsageView, usage_window
from tests.services.resources.usage_plan import MONDAY, at, person, project, task


@pytest.fixture
def shared(workspace: Workspace) -> dict[str, int]:
    """Alice full time on Network all week and half time on Storage Wed-Thu: 150% then."""
    with workspace.session() as s:
        network, storage = project(s, "Network refresh"), project(s, "Storage migration")
        alice, bob = person(s, "Alice"), person(s, "Bob")
        core = task(s, network, "Core switches", at(0, 8), at(4, 17), (alice, 1.0, 5 * 480))
        zoning = task(s, storage, "Zoning", at(2, 8), at(3, 17), (alice, 0.5, 480))
        task(s, storage, "Backups", at(0, 8), at(0, 17), (bob, 1.0, 480))
    return {
        "network": network,
        "storage": storage,
        "alice": alice,
        "bob": bob,
        "core": core,
        "zoning": zoning,
    }


@pytest.fixture
def view(qtbot, workspace: Workspace, shared: dict[str, int]) -> Iterator[ResourceUsageView]:
    context = AppContext(workspace)
    context.set_project(shared["network"])
    widget = ResourceUsageView(context)
    widget.today = MONDAY
    qtbot.addWidget(widget)
    widget.resize(900, 400)
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.waitUntil(lambda: widget.usage is not None)
    yield widget


def column_of(view: ResourceUsageView, day: date) -> int:
    assert view.usage is not None
    return column_at(view.chart.cols, view.usage.index_of(day))


def test_rows_are_the_pool_and_wednesday_is_red(view: ResourceUsageView) -> None:
    assert view.usage is not None
    assert [r.name for r in view.usage.resources] == ["Alice", "Bob"]
    assert view.soon.text() == "Overloaded in the next 4 weeks: Alice (from 04 Mar)."
    view.set_zoom("day")
    chart = view.chart
    monday, wednesday = column_of(view, MONDAY), column_of(view, date(2026, 3, 4))
    assert not chart.cell(0, monday).overloaded
    assert chart.cell(0, monday).text(percent=False) == "8"
    red = chart.cell(0, wednesday)
    assert red.overloaded and red.text(percent=False) == "12"
    assert red.text(percent=True) == "150%"
    assert (red.focus, red.other) == (480.0, 240.0)  # Storage's half day, greyed and counted
    bob_monday = chart.cell(1, monday)  # Bob works only for the other project
    assert (bob_monday.focus, bob_monday.other, bob_monday.overloaded) == (0.0, 480.0, False)
    saturday = chart.cell(0, column_of(view, date(2026, 3, 7)))
    assert saturday.capacity == 0 and saturday.text(percent=False) == ""

    tip = chart.tooltip_text(0, wednesday)
    assert "12 h of 8 h available (150%)" in tip
    assert "Network refresh: Core switches – 8 h" in tip
    assert "Storage migration: Zoning – 4 h (other project)" in tip


def test_zoom_changes_the_columns_and_keeps_the_week_red(view: ResourceUsageView, qtbot) -> None:
    chart = view.chart
    assert view.zoom == "week"
    weeks = len(chart.cols)
    week = chart.cell(0, column_of(view, MONDAY))
    assert week.overloaded_days == 2 and week.load == 6 * 480

    view.set_zoom("day")
    assert view.usage is not None
    assert len(chart.cols) == view.usage.days == 36  # Mon 2 Mar to a month after Fri 6 Mar
    assert weeks == 6
    assert view.zoom_box.currentData() == "day"

    # Ctrl+wheel away from the chart: coarser, back to weeks, then months
    for expected in ("week", "month"):
        event = QWheelEvent(
            QPointF(NAME_WIDTH + 10, HEADER_HEIGHT + 5),
            QPointF(chart.viewport().mapToGlobal(QPoint(NAME_WIDTH + 10, HEADER_HEIGHT + 5))),
            QPoint(0, 0),
            QPoint(0, -120),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.ControlModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(chart.viewport(), event)
        assert view.zoom == expected
    assert len(chart.cols) < weeks
    march = chart.cell(0, column_of(view, MONDAY))
    assert march.overloaded and march.capacity == 22 * 480  # March 2026's weekdays


def test_an_edit_reloads_the_view(view: ResourceUsageView, workspace: Workspace, shared) -> None:
    with workspace.session() as s:
        task(s, shared["network"], "Firewall", at(0, 8), at(0, 17), (shared["bob"], 1.0, 480))
    view.context.announce(frozenset({"tasks"}), shared["network"])
    monday = view.chart.cell(1, column_of(view, MONDAY))
    assert monday.overloaded  # Bob: Backups and Firewall on the same Monday
    assert view.soon.text() == (
        "Overloaded in the next 4 weeks: Bob (from 02 Mar), Alice (from 04 Mar)."
    )
    view.today = MONDAY + timedelta(days=7)
    view.reload()
    assert view.soon.text() == "Nobody is overloaded in the next 4 weeks."


def test_double_click_asks_for_the_cell_task_and_the_view_paints(
    view: ResourceUsageView, shared, qtbot
) -> None:
    view.set_zoom("day")
    chart = view.chart
    chart.scroll_to_day(0)
    column = column_of(view, date(2026, 3, 4)) - chart.horizontalScrollBar().value() // 36
    point = QPoint(NAME_WIDTH + column * 36 + 10, HEADER_HEIGHT + ROW_HEIGHT // 2)
    with qtbot.waitSignal(view.taskActivated) as signal:
        qtbot.mouseDClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert signal.args == [shared["network"], shared["core"]]

    view.percent_box.setChecked(True)
    assert not view.grab().isNull()
    image = QImage(chart.viewport().size(), QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    chart.paint(painter)
    painter.end()
    assert image.pixelColor(NAME_WIDTH // 2, 2) != image.pixelColor(NAME_WIDTH + 5, 300)


def test_an_empty_pool_says_so(qtbot, workspace: Workspace) -> None:
    widget = ResourceUsageView(AppContext(workspace))
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    assert widget.usage is not None and widget.usage.resources == ()
    assert widget.empty_label.isVisible() and not widget.chart.isVisible()


def test_the_window_starts_on_the_monday_and_runs_a_month_past_the_work() -> None:
    first, last = usage_window((date(2026, 3, 4), date(2026, 3, 6)), date(2030, 1, 1))
    assert (first, last) == (MONDAY, date(2026, 4, 6))
    # nothing assigned: from the Monday of this week, eight weeks or so
    assert usage_window(None, date(2026, 3, 4)) == (MONDAY, date(2026, 5, 1))
