"""The chart: dragging, resizing and linking bars with the mouse, zoom, bounded painting."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QPainter, QWheelEvent
from PySide6.QtWidgets import QApplication

from infradesk.services.plan.outline import Outline
from infradesk.ui.gantt.chart import GanttChart
from infradesk.ui.gantt.painter import GanttPainter


def row(tab, name: str) -> int:
    return tab.model.outline.name.index(name)


def bar_point(tab, name: str, where: str = "center") -> QPoint:
    r = row(tab, name)
    rect = tab.painter.bar_rect(r, tab.model.view_rows.index(r))
    assert rect is not None
    x = {"center": rect.center().x(), "end": rect.right() - 1, "start": rect.left() + 3}[where]
    return tab.chart.viewport_point(QPointF(x, rect.center().y()))


def drag(qtbot, tab, start: QPoint, end: QPoint) -> None:
    viewport = tab.chart.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    middle = QPoint((start.x() + end.x()) // 2, (start.y() + end.y()) // 2)
    qtbot.mouseMove(viewport, middle)
    qtbot.mouseMove(viewport, end)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)


def test_drag_a_bar_sets_a_start_constraint_and_undoes(qtbot, gantt) -> None:
    o = gantt.model.outline
    before = o.start[row(gantt, "Test")]
    assert before == datetime(2026, 3, 2, 8, 0)
    day = gantt.painter.zoom.px_per_day
    start = bar_point(gantt, "Test")
    drag(qtbot, gantt, start, start + QPoint(round(3 * day), 0))
    assert o.start[row(gantt, "Test")] == datetime(2026, 3, 5, 8, 0)
    assert o.constraint_type[row(gantt, "Test")] == "SNET"
    assert o.constraint_date[row(gantt, "Test")] == datetime(2026, 3, 5, 8, 0)
    assert gantt.context.undo_stack.undoText() == "Move task"
    gantt.context.undo_stack.undo()
    assert gantt.model.outline.start[row(gantt, "Test")] == before
    assert gantt.model.outline.constraint_type[row(gantt, "Test")] == "ASAP"
    gantt.context.undo_stack.redo()
    assert gantt.model.outline.start[row(gantt, "Test")] == datetime(2026, 3, 5, 8, 0)


def test_drag_the_end_changes_the_duration(qtbot, gantt) -> None:
    day = gantt.painter.zoom.px_per_day
    start = bar_point(gantt, "Rack", "end")
    plan_cable = gantt.model.outline.finish[row(gantt, "Cable")]
    drag(qtbot, gantt, start, start + QPoint(round(1 * day), 0))  # Thursday -> Friday
    o = gantt.model.outline
    assert o.duration[row(gantt, "Rack")] == 5 * 480
    assert o.finish[row(gantt, "Cable")] == plan_cable  # SS successor keeps its start
    assert o.finish[row(gantt, "Build")] == o.finish[row(gantt, "Rack")]  # summary rolled up
    gantt.context.undo_stack.undo()
    assert gantt.model.outline.duration[row(gantt, "Rack")] == 4 * 480


def test_drag_from_bar_to_bar_links_them(qtbot, gantt) -> None:
    drag(qtbot, gantt, bar_point(gantt, "Test"), bar_point(gantt, "Cable", "start"))
    o = gantt.model.outline
    assert (o.ids[row(gantt, "Test")], o.ids[row(gantt, "Cable")], "FS", 0) in o.links
    assert gantt.model.outline.predecessors[row(gantt, "Cable")] == "6SS; 8"
    gantt.context.undo_stack.undo()
    assert gantt.model.outline.predecessors[row(gantt, "Cable")] == "6SS"
    # linking into a loop is refused with the loop named
    drag(qtbot, gantt, bar_point(gantt, "Rack"), bar_point(gantt, "Survey"))
    assert "loop" in gantt.last_message


def test_a_click_without_moving_only_selects(qtbot, gantt) -> None:
    count = gantt.context.undo_stack.count()
    point = bar_point(gantt, "Plan")
    qtbot.mouseClick(gantt.chart.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert gantt.context.undo_stack.count() == count
    assert gantt.selected_task_ids() == [gantt.model.outline.ids[row(gantt, "Plan")]]


def test_zoom_levels_and_ctrl_wheel(qtbot, gantt) -> None:
    gantt.set_zoom("week")
    assert gantt.painter.zoom.name == "week"
    assert gantt.zoom_combo.currentData() == "week"
    width_week = gantt.painter.content_width()
    pos = QPointF(100, 50)
    event = QWheelEvent(
        pos,
        gantt.chart.viewport().mapToGlobal(pos),
        QPoint(0, 0),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(gantt.chart.viewport(), event)
    assert gantt.painter.zoom.name == "month"
    assert gantt.painter.content_width() < width_week
    gantt.zoom_step(-1)
    gantt.zoom_step(-1)
    assert gantt.painter.zoom.name == "day"
    gantt.zoom_to_project()
    first, last = gantt.painter.project_range()
    span = gantt.painter.x_of(last) - gantt.painter.x_of(first)
    assert 0 < span <= gantt.chart.viewport().width()
    for name in ("hour", "quarter", "year"):
        gantt.set_zoom(name)
        gantt.chart.header.grab()  # every scale paints
        gantt.chart.viewport().grab()


def test_toggles_repaint(gantt) -> None:
    gantt.tab_actions.critical_action.setChecked(False)
    assert not gantt.painter.is_critical(row(gantt, "Rack"))
    gantt.tab_actions.critical_action.setChecked(True)
    assert gantt.painter.is_critical(row(gantt, "Rack"))
    gantt.tab_actions.baseline_action.setChecked(False)
    assert not gantt.painter.options.show_baseline


def big_outline(count: int) -> Outline:
    """``count`` rows without a database: phases of 50 tasks, chained finish-to-start."""
    o = Outline(project_id=1, project_start=datetime(2026, 1, 5, 8, 0))
    start = datetime(2026, 1, 5, 8, 0)
    parent = -1
    for r in range(count):
        summary = r % 50 == 0
        if summary:
            parent = r
        o.ids.append(r + 1)
        o.parent.append(-1 if summary else parent)
        o.depth.append(0 if summary else 1)
        o.wbs.append(str(r))
        o.name.append(f"Task {r}")
        o.duration.append(480)
        s = start + timedelta(days=r % 400)
        o.start.append(s)
        o.finish.append(s + timedelta(hours=9))
        for column in (o.percent,):
            column.append(0.0)
        o.milestone.append(False)
        o.owner.append("")
        o.snet.append(None)
        o.deadline.append(None)
        o.production.append(False)
        o.summary.append(summary)
        o.baseline_start.append(None)
        o.baseline_finish.append(None)
        o.predecessors.append("")
        if r and not summary:
            o.links.append((r, r + 1, "FS", 0))
    o.row_of = {t: i for i, t in enumerate(o.ids)}
    return o


def test_a_paint_touches_only_the_visible_rows_of_a_100k_plan(qtbot) -> None:
    painter = GanttPainter(24)
    outline = big_outline(100_000)
    painter.set_outline(outline, list(range(len(outline))))
    painter.set_zoom = None
    painter.reset_origin()
    chart = GanttChart(painter)
    qtbot.addWidget(chart)
    chart.resize(900, 600)
    chart.verticalScrollBar().setRange(0, 100_000 * 24)
    chart.show()
    qtbot.waitExposed(chart)
    chart.verticalScrollBar().setValue(70_000 * 24)
    chart.scroll_to_time(outline.start[70_000])
    image = chart.viewport().grab()
    assert not image.isNull()
    visible = chart.viewport().height() // 24 + 2
    assert 0 < painter.rows_painted <= visible
    # the painter alone, straight into an image
    target = QImage(800, 480, QImage.Format.Format_RGB32)
    qp = QPainter(target)
    painter.paint(qp, painter.x_of(outline.start[99_990]), 99_980 * 24, 800, 480)
    qp.end()
    assert painter.rows_painted == 20  # the last rows only, clipped at the end of the plan
