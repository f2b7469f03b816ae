"""The chart widget: a scroll area painting only the visible rows, plus its time-scale header.

Mouse: drag a bar to move it (a start-no-earlier-than constraint), drag its right end to
change the duration, drag away from the row onto another bar to link them (FS),
double-click for the task dialog, Ctrl+wheel to zoom.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, Qt, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QToolTip, QWidget

from infradesk.ui.gantt import timescale
from infradesk.ui.gantt.painter import GanttPainter, Palette

HEADER_HEIGHT = 46


@dataclass
class Drag:
    row: int
    view_row: int
    part: str  # body | end | link
    press: QPointF  # content coordinates
    current: QPointF
    moved: bool = False


class TimeScaleHeader(QWidget):
    def __init__(self, chart: GanttChart) -> None:
        super().__init__()
        self.chart = chart
        self.setFixedHeight(HEADER_HEIGHT)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        x0 = self.chart.horizontalScrollBar().value()
        self.chart.painter.paint_scale(painter, x0, self.width(), self.height())
        painter.end()

    def wheelEvent(self, event: QWheelEvent) -> None:
        self.chart.wheelEvent(event)


class GanttChart(QAbstractScrollArea):
    """Paints ``painter`` (a :class:`GanttPainter`) for the rows in view."""

    barMoved = Signal(int, object)  # outline row, new start (datetime)
    barResized = Signal(int, object)  # outline row, new finish (datetime)
    barsLinked = Signal(int, int)  # predecessor outline row, successor outline row
    rowClicked = Signal(int, object)  # view row, keyboard modifiers
    rowDoubleClicked = Signal(int)  # outline row
    zoomRequested = Signal(int)  # +1 in, -1 out
    contextMenuAt = Signal(int, QPoint)  # view row (-1 none), global position

    def __init__(self, painter: GanttPainter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.painter = painter
        self.header = TimeScaleHeader(self)
        self.drag: Drag | None = None
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.viewport().setMouseTracking(True)
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.horizontalScrollBar().valueChanged.connect(lambda _v: self.header.update())
        self.horizontalScrollBar().setSingleStep(20)
        self.tooltip_for: Callable[[int], str] | None = None  # outline row -> text (the tab)

    # ------------------------------------------------------------------ layout
    def update_ranges(self) -> None:
        content = self.painter.content_width()
        bar = self.horizontalScrollBar()
        bar.setRange(0, max(0, content - self.viewport().width()))
        bar.setPageStep(self.viewport().width())
        self.header.update()
        self.viewport().update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.update_ranges()

    def scroll_to_time(self, moment: datetime, margin: int = 40) -> None:
        self.horizontalScrollBar().setValue(int(self.painter.x_of(moment)) - margin)

    def show_bar(self, row: int, view_row: int) -> bool:
        """Scroll sideways so that the bar of outline ``row`` (drawn at ``view_row``) is in
        view: one partly or wholly outside starts a fifth of the width from the left edge,
        leaving its predecessors' ends in sight (a long bar starts 40 px in). The rows follow
        the table's scroll bar. False when the task has no bar (no dates)."""
        rect = self.painter.bar_rect(row, view_row)
        if rect is None:
            return False
        bar = self.horizontalScrollBar()
        left, width = bar.value(), self.viewport().width()
        if rect.left() < left or rect.right() > left + width:
            margin = width // 5 if rect.width() < width * 0.7 else 40
            bar.setValue(int(rect.left()) - margin)
        return True

    def content_point(self, pos: QPointF | QPoint) -> QPointF:
        return QPointF(
            pos.x() + self.horizontalScrollBar().value(),
            pos.y() + self.verticalScrollBar().value(),
        )

    def viewport_point(self, content: QPointF) -> QPoint:
        return QPoint(
            round(content.x() - self.horizontalScrollBar().value()),
            round(content.y() - self.verticalScrollBar().value()),
        )

    def refresh_rows(self, first_view: int, last_view: int) -> None:
        """Repaint the band of the given view rows (and the links around them)."""
        y0 = self.verticalScrollBar().value()
        rh = self.painter.row_height
        top = first_view * rh - y0
        bottom = (last_view + 1) * rh - y0
        view = self.viewport().rect()
        rect = QRect(0, max(0, top), view.width(), min(view.height(), bottom) - max(0, top))
        if rect.height() > 0:
            self.viewport().update(view)  # links can cross the band: repaint the viewport

    # ------------------------------------------------------------------ painting
    def set_ghost_bars(self, ghosts: dict[int, tuple[datetime, datetime]]) -> None:
        """Show proposed dates (task id -> start, finish) as outlined bars behind the real
        ones (leveling's preview); an empty dict removes them."""
        self.painter.ghost_bars = dict(ghosts)
        self.viewport().update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        x0 = self.horizontalScrollBar().value()
        y0 = self.verticalScrollBar().value()
        size = self.viewport().size()
        self.painter.paint(painter, x0, y0, size.width(), size.height())
        if self.drag is not None and self.drag.moved:
            self._paint_drag(painter, x0, y0)
        painter.end()

    def _paint_drag(self, painter: QPainter, x0: float, y0: float) -> None:
        drag = self.drag
        assert drag is not None
        painter.translate(-x0, -y0)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        rect = self.painter.bar_rect(drag.row, drag.view_row)
        if rect is None:
            return
        if drag.part == "link":
            painter.setPen(QPen(Palette.drag, 1.5, Qt.PenStyle.DashLine))
            painter.drawLine(rect.center(), drag.current)
            return
        painter.setPen(QPen(Palette.drag, 1.2, Qt.PenStyle.DashLine))
        painter.setBrush(Palette.drag_fill)
        dx = drag.current.x() - drag.press.x()
        if drag.part == "body":
            painter.drawRoundedRect(rect.translated(dx, 0), 2.5, 2.5)
            label = self._snapped_start(drag)
        else:
            rect.setRight(max(rect.left() + 2, rect.right() + dx))
            painter.drawRoundedRect(rect, 2.5, 2.5)
            label = self._snapped_finish(drag)
        if label is not None:
            painter.setPen(Palette.drag_text)
            painter.drawText(QPointF(rect.left(), rect.top() - 2), f"{label:%a %d %b %H:%M}")

    # ------------------------------------------------------------------ mouse
    def _snapped_start(self, drag: Drag) -> datetime | None:
        start = self.painter.outline.start[drag.row]
        if start is None:
            return None
        delta = timedelta(minutes=(drag.current.x() - drag.press.x()) / self.painter.px_per_minute)
        return self._working_start(timescale.snap(start + delta, self.painter.zoom.snap))

    def _working_start(self, moment: datetime) -> datetime:
        """A snapped day starts at the calendar's first working hour, not at midnight."""
        if moment.hour == 0 and moment.minute == 0:
            hours = self.painter.outline.calendar.hours
            if hours:
                return moment + timedelta(minutes=hours[0][0])
        return moment

    def _snapped_finish(self, drag: Drag) -> datetime | None:
        finish = self.painter.outline.finish[drag.row]
        if finish is None:
            return None
        delta = timedelta(minutes=(drag.current.x() - drag.press.x()) / self.painter.px_per_minute)
        unit = "hour" if self.painter.zoom.snap == "hour" else "day"
        return timescale.snap(finish + delta, unit)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        point = self.content_point(event.position())
        rh = self.painter.row_height
        view_row = int(point.y() // rh)
        if event.button() == Qt.MouseButton.LeftButton:
            if 0 <= view_row < len(self.painter.view_rows):
                self.rowClicked.emit(view_row, event.modifiers())
            hit = self.painter.hit(point.x(), point.y())
            if hit is not None:
                row, part = hit
                self.drag = Drag(row, view_row, part, point, point)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        point = self.content_point(event.position())
        drag = self.drag
        if drag is None:
            hit = self.painter.hit(point.x(), point.y())
            shape = Qt.CursorShape.ArrowCursor
            if hit is not None:
                shape = (
                    Qt.CursorShape.SizeHorCursor
                    if hit[1] == "end"
                    else Qt.CursorShape.SizeAllCursor
                )
            self.viewport().setCursor(shape)
            return
        drag.current = point
        if abs(point.x() - drag.press.x()) > 3 or abs(point.y() - drag.press.y()) > 3:
            drag.moved = True
        if drag.part == "body" and abs(point.y() - drag.press.y()) > self.painter.row_height * 0.8:
            drag.part = "link"
        self.viewport().update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        drag = self.drag
        self.drag = None
        if drag is None or event.button() != Qt.MouseButton.LeftButton:
            super().mouseReleaseEvent(event)
            return
        drag.current = self.content_point(event.position())
        self.viewport().update()
        if not drag.moved:
            return
        if drag.part == "link":
            hit = self.painter.hit(drag.current.x(), drag.current.y())
            target = hit[0] if hit else self._row_at(drag.current.y())
            if target is not None and target != drag.row:
                self.barsLinked.emit(drag.row, target)
        elif drag.part == "body":
            start = self._snapped_start(drag)
            if start is not None and start != self.painter.outline.start[drag.row]:
                self.barMoved.emit(drag.row, start)
        elif drag.part == "end":
            finish = self._snapped_finish(drag)
            if finish is not None and finish != self.painter.outline.finish[drag.row]:
                self.barResized.emit(drag.row, finish)

    def _row_at(self, y: float) -> int | None:
        v = int(y // self.painter.row_height)
        if 0 <= v < len(self.painter.view_rows):
            return self.painter.view_rows[v]
        return None

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        point = self.content_point(event.position())
        row = self._row_at(point.y())
        if row is not None:
            self.rowDoubleClicked.emit(row)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoomRequested.emit(1 if event.angleDelta().y() > 0 else -1)
            event.accept()
            return
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            bar = self.horizontalScrollBar()
            bar.setValue(bar.value() - event.angleDelta().y())
            event.accept()
            return
        super().wheelEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        point = self.content_point(event.pos())
        v = int(point.y() // self.painter.row_height)
        self.contextMenuAt.emit(
            v if 0 <= v < len(self.painter.view_rows) else -1, event.globalPos()
        )

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == event.Type.ToolTip and isinstance(event, QHelpEvent):
            point = self.content_point(event.pos())
            row = self._row_at(point.y())
            if row is not None and self.tooltip_for is not None:
                QToolTip.showText(event.globalPos(), self.tooltip_for(row), self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)
