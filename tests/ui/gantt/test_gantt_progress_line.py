"""The status-date line, the progress line and the done part of the bars, by their geometry and
by the pixels painted where the geometry says."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QImage

from infradesk.ui.gantt.outline_model import COLUMN_KEYS
from infradesk.ui.gantt.painter import Palette


def row(tab, name: str) -> int:
    return tab.model.outline.name.index(name)


def set_percent(tab, name: str, percent: int) -> None:
    view = tab.model.view_rows.index(row(tab, name))
    tab.model.setData(tab.model.index(view, COLUMN_KEYS.index("percent")), str(percent))


def line_point(tab, name: str) -> QPointF:
    """The progress line's vertex on ``name``'s row."""
    v = tab.model.view_rows.index(row(tab, name))
    points = tab.painter.progress_line_points(v, v)
    return points[1]


def near(image: QImage, x: float, y: float, color: QColor, reach: int = 2) -> bool:
    """A pixel of ``color``, or of it antialiased onto white, around ``(x, y)``: the pixel's
    distance from white points the way the colour's does."""
    want = [255 - color.red(), 255 - color.green(), 255 - color.blue()]
    for dx in range(-reach, reach + 1):
        for dy in range(-reach, reach + 1):
            px = image.pixelColor(round(x) + dx, round(y) + dy)
            got = [255 - px.red(), 255 - px.green(), 255 - px.blue()]
            strength = max(got)
            if strength < 60:
                continue
            scale = strength / max(want)
            if all(abs(g - w * scale) <= 30 for g, w in zip(got, want, strict=True)):
                return True
    return False


def exactly(image: QImage, x: float, y: float, color: QColor) -> bool:
    """A pixel of exactly ``color`` (give or take rounding) around ``(x, y)``."""
    return any(
        max(
            abs(px.red() - color.red()),
            abs(px.green() - color.green()),
            abs(px.blue() - color.blue()),
        )
        <= 6
        for px in (
            image.pixelColor(round(x) + dx, round(y) + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)
        )
    )


def viewport_image(tab) -> QImage:
    return tab.chart.viewport().grab().toImage()


def test_the_status_date_line_is_drawn_at_the_status_date(gantt) -> None:
    status = gantt.model.outline.status_date
    assert status == datetime(2026, 3, 4, 8, 0)
    x = gantt.painter.status_x()
    assert x == gantt.painter.x_of(status)
    image = viewport_image(gantt)
    local = gantt.chart.viewport_point(QPointF(x, 0)).x()
    height = image.height()
    hits = sum(near(image, local, y, Palette.status, 1) for y in range(10, height - 10, 7))
    assert hits > (height // 7) // 3  # a dashed line down the chart
    header = gantt.chart.header.grab().toImage()
    assert near(header, local, header.height() - 7, Palette.status)  # its "Status" tag


def test_the_progress_line_leans_to_work_behind_plan_and_back(qtbot, gantt) -> None:
    status_x = gantt.painter.status_x()
    # Survey starts Mon 2 Mar and has nothing done by Wed 4 Mar: behind, point on its start
    survey = line_point(gantt, "Survey")
    assert survey.x() == gantt.painter.x_of(datetime(2026, 3, 2, 8, 0)) < status_x
    # Rack starts after the status date with nothing done: on the status date
    assert line_point(gantt, "Rack").x() == status_x
    set_percent(gantt, "Survey", 50)  # one of two days done: the point is the end of day one
    half = line_point(gantt, "Survey")
    assert gantt.painter.x_of(datetime(2026, 3, 2, 8, 0)) < half.x() < status_x
    end_of_day = gantt.painter.outline.calendar.hours[-1][1]
    assert half.x() == gantt.painter.x_of(datetime(2026, 3, 2) + _minutes(end_of_day))
    set_percent(gantt, "Survey", 100)  # finished: on the status date again
    assert line_point(gantt, "Survey").x() == status_x
    gantt.context.undo_stack.undo()
    assert line_point(gantt, "Survey").x() == half.x()


def test_the_progress_line_is_painted_only_when_shown(qtbot, gantt) -> None:
    point = line_point(gantt, "Survey")
    local = gantt.chart.viewport_point(point)
    assert not exactly(viewport_image(gantt), local.x(), local.y(), Palette.progress_line)
    gantt.tab_actions.progress_line_action.setChecked(True)
    assert gantt.painter.options.show_progress_line
    assert exactly(viewport_image(gantt), local.x(), local.y(), Palette.progress_line)
    assert "Progress line" in [
        a.text().replace("&", "") for a in gantt.view_menu().actions()
    ]


def test_the_done_part_ends_where_the_done_work_ends(qtbot, gantt) -> None:
    set_percent(gantt, "Rack", 25)  # one of four days
    r = row(gantt, "Rack")
    rect = gantt.painter.bar_rect(r, gantt.model.view_rows.index(r))
    done = gantt.painter.done_rect(r, rect)
    start = gantt.model.outline.start[r]
    assert done is not None and done.left() == rect.left()
    end_of_day = gantt.painter.outline.calendar.hours[-1][1]
    first_day_end = datetime.combine(start.date(), datetime.min.time()) + _minutes(end_of_day)
    assert abs(done.right() - gantt.painter.x_of(first_day_end)) < 0.01
    assert gantt.painter.done_rect(row(gantt, "Cable"), rect) is None  # nothing done


def _minutes(count: int):
    from datetime import timedelta

    return timedelta(minutes=count)
