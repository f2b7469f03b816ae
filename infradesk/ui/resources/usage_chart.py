"""The painted usage grid: resource names frozen on the left, a two-band header frozen on top,
one cell per resource and day, week or month.

Only the visible rows and columns are looked at when painting (a cell is two lookups in the
grid's running sums, see ``usage_columns``), so a viewport costs the same at 20 resources x a
month as at 200 x two years. A cell shows its hours (or % of the capacity); a bar under the
text fills with the load, the shown project's part in the bar colour and the other projects'
part grey; an overloaded cell is tinted red with red text; days without working time are
shaded as in the Gantt.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, Qt, Signal
from PySide6.QtGui import (
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QStaticText,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QToolTip, QWidget

from infradesk.services.resources.usage import Usage
from infradesk.ui import theme
from infradesk.ui.resources.usage_columns import (
    COLUMN_WIDTH,
    ZOOMS,
    Column,
    UsageCell,
    cell_of,
    cell_text,
    column_at,
    columns,
    hours_text,
)

NAME_WIDTH = 190
HEADER_HEIGHT = 40
ROW_HEIGHT = 24


class UsageChart(QAbstractScrollArea):
    """The grid of one :class:`Usage`; ``zoomStep(+1 | -1)`` asks the view for a coarser or
    finer zoom (Ctrl+wheel); ``cellActivated(row, column)`` is a double-click on a cell."""

    zoomStep = Signal(int)
    cellActivated = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.usage: Usage | None = None
        self.zoom = "week"
        self.percent = False
        self.cols: list[Column] = []
        self._texts: dict[str, QStaticText] = {}  # a cell's text, laid out once
        self.setMouseTracking(True)
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)

    # -- data

    def set_usage(self, usage: Usage | None, zoom: str) -> None:
        self.usage = usage
        self.zoom = zoom
        self.cols = columns(usage.first, usage.days, zoom) if usage is not None else []
        self.update_ranges()
        self.viewport().update()

    def cell(self, row: int, column: int) -> UsageCell:
        """What the cell of resource row ``row`` and column ``column`` shows."""
        if self.usage is None:
            raise IndexError("no usage is shown")
        return cell_of(self.usage, row, self.cols[column])

    # -- geometry

    @property
    def column_width(self) -> int:
        return COLUMN_WIDTH[self.zoom]

    def update_ranges(self) -> None:
        area = self.viewport().size()
        rows = len(self.usage.resources) if self.usage is not None else 0
        content_width = len(self.cols) * self.column_width
        bar = self.horizontalScrollBar()
        bar.setRange(0, max(0, content_width - (area.width() - NAME_WIDTH)))
        bar.setPageStep(max(1, area.width() - NAME_WIDTH))
        bar.setSingleStep(self.column_width)
        vertical = self.verticalScrollBar()
        vertical.setRange(0, max(0, rows * ROW_HEIGHT - (area.height() - HEADER_HEIGHT)))
        vertical.setPageStep(max(1, area.height() - HEADER_HEIGHT))
        vertical.setSingleStep(ROW_HEIGHT)

    def visible_cells(self) -> tuple[range, range]:
        """The rows and columns a paint looks at."""
        if self.usage is None:
            return range(0), range(0)
        area = self.viewport().rect()
        x0, y0 = self.horizontalScrollBar().value(), self.verticalScrollBar().value()
        width = self.column_width
        first_col = x0 // width
        last_col = min(len(self.cols), (x0 + area.width() - NAME_WIDTH) // width + 1)
        first_row = y0 // ROW_HEIGHT
        last_row = min(
            len(self.usage.resources), (y0 + area.height() - HEADER_HEIGHT) // ROW_HEIGHT + 1
        )
        return range(first_row, last_row), range(first_col, last_col)

    def cell_at(self, point: QPoint) -> tuple[int, int] | None:
        """The (row, column) under a viewport point, None outside the cells."""
        if self.usage is None or point.x() < NAME_WIDTH or point.y() < HEADER_HEIGHT:
            return None
        column = (point.x() - NAME_WIDTH + self.horizontalScrollBar().value()) // self.column_width
        row = (point.y() - HEADER_HEIGHT + self.verticalScrollBar().value()) // ROW_HEIGHT
        if 0 <= row < len(self.usage.resources) and 0 <= column < len(self.cols):
            return row, column
        return None

    def first_visible_day(self) -> int:
        """The day index at the cells' left edge (kept when the zoom changes)."""
        if not self.cols:
            return 0
        index = min(len(self.cols) - 1, self.horizontalScrollBar().value() // self.column_width)
        return self.cols[index].low

    def scroll_to_day(self, day: int) -> None:
        if self.cols:
            self.horizontalScrollBar().setValue(column_at(self.cols, day) * self.column_width)

    # -- painting

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        try:
            self.paint(painter)
        finally:
            painter.end()

    def paint(self, painter: QPainter) -> None:
        """Draw the visible part of the grid with ``painter`` (the viewport's, or an image's
        of the viewport's size)."""
        colours = theme.current()
        gantt = colours.gantt
        area = self.viewport().rect()
        painter.fillRect(area, colours.surface)
        rows, cols = self.visible_cells()
        usage = self.usage
        if usage is None:
            return
        x0, y0 = self.horizontalScrollBar().value(), self.verticalScrollBar().value()
        width = self.column_width
        metrics = painter.fontMetrics()
        bar_height = 4
        # cells
        painter.setClipRect(
            QRect(NAME_WIDTH, HEADER_HEIGHT, area.width() - NAME_WIDTH, area.height())
        )
        grid = usage.grid
        no_focus = usage.focus_project is None
        percent = self.percent
        texts = self._texts
        pens = (colours.text, colours.muted, colours.bad)
        pen_now = -1
        text_height = ROW_HEIGHT - bar_height - 2
        bad_tint, nonworking = colours.bad_tint, gantt.nonworking
        bar_colour, other_colour = gantt.bar, gantt.muted
        for row in rows:
            y = HEADER_HEIGHT + row * ROW_HEIGHT - y0
            bar_y = y + ROW_HEIGHT - bar_height - 2
            for column in cols:
                spec = self.cols[column]
                x = NAME_WIDTH + column * width - x0
                load, focus, capacity, over = grid.bucket(row, spec.low, spec.high)
                if over:
                    painter.fillRect(x, y, width, ROW_HEIGHT, bad_tint)
                elif capacity <= 0:
                    painter.fillRect(x, y, width, ROW_HEIGHT, nonworking)
                if load < 0.5:
                    continue
                if no_focus:
                    focus = load
                filled = round((width - 4) * (1.0 if capacity <= 0 else min(1.0, load / capacity)))
                mine = round(filled * focus / load)
                if mine:
                    painter.fillRect(x + 2, bar_y, mine, bar_height, bar_colour)
                if filled > mine:
                    painter.fillRect(x + 2 + mine, bar_y, filled - mine, bar_height, other_colour)
                pen = 2 if over else 1 if focus < 0.5 else 0  # grey: other projects' load only
                if pen != pen_now:
                    painter.setPen(pens[pen])
                    pen_now = pen
                text = cell_text(load, capacity, percent)
                static = texts.get(text)
                if static is None:
                    static = texts[text] = QStaticText(text)
                    static.prepare(painter.transform(), painter.font())
                size = static.size()
                painter.drawStaticText(
                    QPointF(x + width - 3 - size.width(), y + (text_height - size.height()) / 2),
                    static,
                )
        painter.setPen(gantt.grid)
        top = HEADER_HEIGHT
        bottom = min(area.height(), HEADER_HEIGHT + len(usage.resources) * ROW_HEIGHT - y0)
        for column in cols:
            x = NAME_WIDTH + column * width - x0
            painter.drawLine(x, top, x, bottom)
        for row in rows:
            y = HEADER_HEIGHT + (row + 1) * ROW_HEIGHT - y0
            painter.drawLine(NAME_WIDTH, y, area.width(), y)
        # header: the band (month or year) above the column labels
        painter.setClipRect(QRect(NAME_WIDTH, 0, area.width() - NAME_WIDTH, HEADER_HEIGHT))
        painter.fillRect(QRect(0, 0, area.width(), HEADER_HEIGHT), gantt.header)
        painter.setPen(gantt.header_text)
        half = HEADER_HEIGHT // 2
        band_start = cols.start
        for column in cols:
            spec = self.cols[column]
            x = NAME_WIDTH + column * width - x0
            painter.drawText(
                QRect(x, half, width, half), Qt.AlignmentFlag.AlignCenter, spec.label
            )
            painter.drawLine(x, half, x, HEADER_HEIGHT)
            last = column + 1 == cols.stop or self.cols[column + 1].band != spec.band
            if last:
                left = NAME_WIDTH + band_start * width - x0
                right = x + width
                painter.drawText(
                    QRect(max(left, NAME_WIDTH) + 4, 0, right - max(left, NAME_WIDTH) - 4, half),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    metrics.elidedText(spec.band, Qt.TextElideMode.ElideRight, right - left),
                )
                painter.drawLine(right, 0, right, HEADER_HEIGHT)
                band_start = column + 1
        painter.drawLine(NAME_WIDTH, half, area.width(), half)
        # names, frozen on the left
        painter.setClipRect(QRect(0, HEADER_HEIGHT, NAME_WIDTH, area.height()))
        painter.fillRect(QRect(0, HEADER_HEIGHT, NAME_WIDTH, area.height()), gantt.header)
        for row in rows:
            y = HEADER_HEIGHT + row * ROW_HEIGHT - y0
            resource = usage.resources[row]
            overloaded = grid.bucket(row, 0, usage.days)[3] > 0
            painter.setPen(colours.bad if overloaded else gantt.header_text)
            units = "" if abs(resource.max_units - 1.0) < 1e-9 else f"  {resource.max_units:.0%}"
            painter.drawText(
                QRect(6, y, NAME_WIDTH - 10, ROW_HEIGHT),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                metrics.elidedText(
                    resource.name + units, Qt.TextElideMode.ElideRight, NAME_WIDTH - 10
                ),
            )
        painter.setClipping(False)
        painter.setPen(gantt.grid_strong)
        painter.drawLine(NAME_WIDTH - 1, 0, NAME_WIDTH - 1, area.height())
        painter.drawLine(0, HEADER_HEIGHT - 1, area.width(), HEADER_HEIGHT - 1)
        painter.fillRect(QRect(0, 0, NAME_WIDTH - 1, HEADER_HEIGHT - 1), gantt.header)
        painter.setPen(gantt.header_text)
        painter.drawText(
            QRect(6, 0, NAME_WIDTH - 10, HEADER_HEIGHT),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            "Resource",
        )

    # -- tooltips, zoom, activation

    def tooltip_text(self, row: int, column: int) -> str:
        """The cell's load and the tasks behind it, the other projects' marked as such."""
        usage = self.usage
        if usage is None:
            return ""
        spec = self.cols[column]
        cell = self.cell(row, column)
        resource = usage.resources[row].name
        when = (
            spec.first.strftime("%a %d %b %Y")
            if spec.high - spec.low == 1 and self.zoom == "day"
            else f"{usage.day(spec.low):%d %b %Y} – {usage.day(spec.high - 1):%d %b %Y}"
        )
        lines = [f"{resource}, {when}"]
        share = cell.percent
        available = hours_text(cell.capacity)
        lines.append(
            f"{hours_text(cell.load)} h of {available} h available"
            + (f" ({share:.0f}%)" if share is not None else "")
        )
        if cell.overloaded:
            lines.append(f"Overloaded on {cell.overloaded_days} day(s)")
        loads = usage.cell(row, spec.low, spec.high)
        for item in loads[:12]:
            other = "" if item.focus or usage.focus_project is None else " (other project)"
            lines.append(
                f"• {item.task.project_name}: {item.task.name} – "
                f"{hours_text(item.minutes)} h{other}"
            )
        if len(loads) > 12:
            lines.append(f"… and {len(loads) - 12} more tasks")
        return "\n".join(lines)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            position = event.pos()  # type: ignore[attr-defined]  # a QHelpEvent here
            found = self.cell_at(position)
            if found is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(
                    event.globalPos(),  # type: ignore[attr-defined]  # a QHelpEvent here
                    self.tooltip_text(*found),
                    self.viewport(),
                )
            return True
        return super().viewportEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            delta = event.angleDelta().y()
            if delta:
                self.zoomStep.emit(-1 if delta > 0 else 1)  # wheel up: closer (finer)
            event.accept()
            return
        super().wheelEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        found = self.cell_at(event.position().toPoint())
        if found is not None:
            self.cellActivated.emit(*found)
        super().mouseDoubleClickEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.update_ranges()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        self.viewport().update()


def next_zoom(zoom: str, step: int) -> str:
    """The zoom ``step`` levels coarser (+) or finer (-), kept within Day .. Month."""
    index = min(max(ZOOMS.index(zoom) + step, 0), len(ZOOMS) - 1)
    return ZOOMS[index]
