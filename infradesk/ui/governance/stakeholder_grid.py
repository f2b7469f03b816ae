"""Mendelow's power/interest grid of the stakeholder register, painted like the risk heat map.

Power rises upwards, interest to the right; the 2x2 quadrants are manage closely, keep
satisfied, keep informed and monitor (high is 3 and above, as the register's "Approach"
column says). Each stakeholder is a name chip at their power and interest, coloured by
attitude. Click a chip to select the register row; drag it to another place to change its
power and interest (the view turns that into an undoable edit); hover for the details.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from infradesk.services.risks.fields import ATTITUDES
from infradesk.ui import theme

LEVELS = (1, 2, 3, 4, 5)
HIGH = 3  # power or interest from 3 up is "high"
QUADRANTS = (  # (high power, high interest) -> label
    ((True, True), "Manage closely"),
    ((True, False), "Keep satisfied"),
    ((False, True), "Keep informed"),
    ((False, False), "Monitor"),
)
CHIP_HEIGHT = 18
DRAG_DISTANCE = 6


def axis_fraction(level: int) -> float:
    """Where a level sits on an axis (0 bottom/left .. 1 top/right): levels 1-2 share the low
    half, 3-5 the high half, so the quadrants are of equal size."""
    if level < HIGH:
        return (level - 0.5) / (HIGH - 1) * 0.5
    return 0.5 + (level - HIGH + 0.5) / (6 - HIGH) * 0.5


def level_at(fraction: float) -> int:
    """The level at a fraction of an axis (the inverse of :func:`axis_fraction`)."""
    fraction = min(max(fraction, 0.0), 0.999)
    if fraction < 0.5:
        return 1 + int(fraction / 0.5 * (HIGH - 1))
    return HIGH + int((fraction - 0.5) / 0.5 * (6 - HIGH))


def attitude_color(attitude: str) -> QColor:
    t = theme.current()
    colors = {
        "champion": t.good,
        "supporter": QColor(t.good).lighter(135),
        "neutral": t.muted,
        "critic": t.warn,
        "blocker": t.bad,
    }
    return QColor(colors.get(attitude, t.muted))


@dataclass
class _Chip:
    row: Any
    rect: QRectF


class StakeholderGrid(QWidget):
    """``stakeholderClicked`` carries a stakeholder id; ``stakeholderMoved`` (id, power,
    interest) when a chip is dropped on another place."""

    stakeholderClicked = Signal(int)
    stakeholderMoved = Signal(int, int, int)

    MARGIN_LEFT = 30
    MARGIN_BOTTOM = 46  # the interest scale, its title and the attitude legend

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stakeholderGrid")
        self.rows: list[Any] = []
        self.selected: int | None = None
        self.chips: list[_Chip] = []
        self._press: QPointF | None = None
        self._dragged: _Chip | None = None
        self._drop: tuple[int, int] | None = None  # (power, interest) under a dragged chip
        self.setMinimumSize(300, 260)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)
        self.setToolTip(
            "Stakeholders by power and interest. Click a name to select it; drag it to change "
            "its power and interest."
        )

    def sizeHint(self) -> QSize:
        return QSize(420, 380)

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.rows = list(rows)
        self.update()

    def set_selected(self, stakeholder_id: int | None) -> None:
        self.selected = stakeholder_id
        self.update()

    # --------------------------------------------------------------------------- geometry
    def grid_rect(self) -> QRectF:
        return QRectF(
            self.MARGIN_LEFT,
            4,
            max(self.width() - self.MARGIN_LEFT - 6, 60),
            max(self.height() - self.MARGIN_BOTTOM - 6, 60),
        )

    def point_of(self, power: int, interest: int) -> QPointF:
        grid = self.grid_rect()
        return QPointF(
            grid.left() + axis_fraction(interest) * grid.width(),
            grid.bottom() - axis_fraction(power) * grid.height(),
        )

    def place_at(self, point: QPointF) -> tuple[int, int] | None:
        """(power, interest) under a point of the grid, or None outside it."""
        grid = self.grid_rect()
        if not grid.contains(point):
            return None
        interest = level_at((point.x() - grid.left()) / grid.width())
        power = level_at((grid.bottom() - point.y()) / grid.height())
        return power, interest

    def layout_chips(self) -> list[_Chip]:
        """A chip per stakeholder, centred on its place; several at one place stack down."""
        metrics = QFontMetrics(self.font())
        grid = self.grid_rect()
        at_place: dict[tuple[int, int], int] = {}
        chips = []
        for row in self.rows:
            place = (row.power, row.interest)
            n = at_place.get(place, 0)
            at_place[place] = n + 1
            centre = self.point_of(*place)
            width = min(metrics.horizontalAdvance(row.name or "?") + 14, grid.width() / 2.2)
            left = min(max(centre.x() - width / 2, grid.left() + 2), grid.right() - width - 2)
            rect = QRectF(
                left,
                centre.y() - CHIP_HEIGHT / 2 + n * (CHIP_HEIGHT + 2),
                width,
                CHIP_HEIGHT,
            )
            chips.append(_Chip(row, rect))
        self.chips = chips
        return chips

    def chip_at(self, point: QPointF) -> _Chip | None:
        for chip in reversed(self.layout_chips()):  # the one painted last is on top
            if chip.rect.contains(point):
                return chip
        return None

    @staticmethod
    def describe(row: Any) -> str:
        who = ", ".join(part for part in (row.role, row.organisation) if part)
        head = f"{row.code} {row.name}" + (f" — {who}" if who else "")
        return (
            f"{head}\nPower {row.power}, interest {row.interest}: {row.quadrant}\n"
            f"Attitude: {row.attitude}"
        )

    # --------------------------------------------------------------------------- events
    def mousePressEvent(self, event: QMouseEvent) -> None:
        chip = self.chip_at(event.position())
        if chip is None or event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        self._press = event.position()
        self._dragged = chip
        self.selected = chip.row.id
        self.update()
        self.stakeholderClicked.emit(chip.row.id)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        point = event.position()
        if self._dragged is not None and self._press is not None:
            if (point - self._press).manhattanLength() >= DRAG_DISTANCE:
                self._drop = self.place_at(point)
                self.setCursor(Qt.CursorShape.ClosedHandCursor)
                self.update()
            return
        chip = self.chip_at(point)
        if chip is not None:
            self.setCursor(Qt.CursorShape.OpenHandCursor)
            QToolTip.showText(event.globalPosition().toPoint(), self.describe(chip.row), self)
        else:
            self.unsetCursor()
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        chip, drop = self._dragged, self._drop
        self._press = self._dragged = self._drop = None
        self.unsetCursor()
        self.update()
        if chip is not None and drop is not None and drop != (chip.row.power, chip.row.interest):
            self.stakeholderMoved.emit(chip.row.id, drop[0], drop[1])
            return
        super().mouseReleaseEvent(event)

    # --------------------------------------------------------------------------- painting
    def paintEvent(self, event: QPaintEvent) -> None:
        t = theme.current()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        grid = self.grid_rect()
        half_w, half_h = grid.width() / 2, grid.height() / 2
        tints = {
            (True, True): QColor(t.bad_tint),
            (True, False): QColor(t.warn_tint),
            (False, True): QColor(t.warn_tint),
            (False, False): QColor(t.surface),
        }
        label_font = QFont(self.font())
        label_font.setBold(True)
        for (high_power, high_interest), label in QUADRANTS:
            rect = QRectF(
                grid.left() + (half_w if high_interest else 0),
                grid.top() + (0 if high_power else half_h),
                half_w,
                half_h,
            ).adjusted(1, 1, -1, -1)
            painter.fillRect(rect, tints[(high_power, high_interest)])
            painter.setPen(t.muted)
            painter.setFont(label_font)
            painter.drawText(
                rect.adjusted(6, 4, -6, -4),
                Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft,
                label,
            )
        painter.setPen(QPen(t.axis, 1))
        painter.drawRect(grid)
        centre = grid.center()
        painter.drawLine(QPointF(centre.x(), grid.top()), QPointF(centre.x(), grid.bottom()))
        painter.drawLine(QPointF(grid.left(), centre.y()), QPointF(grid.right(), centre.y()))
        self._paint_axes(painter, grid)
        self._paint_legend(painter, grid)
        self._paint_chips(painter)
        painter.end()

    def _paint_axes(self, painter: QPainter, grid: QRectF) -> None:
        painter.setFont(self.font())
        painter.setPen(self.palette().text().color())
        for level in LEVELS:
            x = grid.left() + axis_fraction(level) * grid.width()
            painter.drawText(
                QRectF(x - 8, grid.bottom() + 1, 16, 13), Qt.AlignmentFlag.AlignCenter, str(level)
            )
            y = grid.bottom() - axis_fraction(level) * grid.height()
            painter.drawText(
                QRectF(grid.left() - 16, y - 7, 14, 14), Qt.AlignmentFlag.AlignCenter, str(level)
            )
        painter.drawText(
            QRectF(grid.left(), grid.bottom() + 13, grid.width(), 14),
            Qt.AlignmentFlag.AlignCenter,
            "Interest →",
        )
        painter.save()
        painter.translate(8, grid.center().y())
        painter.rotate(-90)
        painter.drawText(QRectF(-60, -7, 120, 14), Qt.AlignmentFlag.AlignCenter, "Power →")
        painter.restore()

    def _paint_legend(self, painter: QPainter, grid: QRectF) -> None:
        """The attitude colours, in a row under the interest axis."""
        metrics = QFontMetrics(self.font())
        x, y = grid.left(), grid.bottom() + 30
        for attitude in ATTITUDES:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(attitude_color(attitude))
            painter.drawRoundedRect(QRectF(x, y + 2, 16, 10), 4, 4)
            painter.setPen(self.palette().text().color())
            painter.drawText(QPointF(x + 20, y + 11), attitude)
            x += 20 + metrics.horizontalAdvance(attitude) + 14

    def _paint_chips(self, painter: QPainter) -> None:
        t = theme.current()
        metrics = QFontMetrics(self.font())
        for chip in self.layout_chips():
            rect = QRectF(chip.rect)
            dragged = self._dragged
            if dragged is not None and self._drop is not None and chip.row.id == dragged.row.id:
                rect.moveCenter(self.point_of(*self._drop))
            fill = attitude_color(chip.row.attitude)
            painter.setBrush(fill)
            selected = chip.row.id == self.selected
            painter.setPen(QPen(t.text if selected else fill.darker(130), 2.5 if selected else 1))
            painter.drawRoundedRect(rect, 8, 8)
            painter.setPen(QColor("white") if theme.luminance(fill) < 0.45 else QColor("black"))
            name = metrics.elidedText(
                chip.row.name or "?", Qt.TextElideMode.ElideRight, int(rect.width()) - 10
            )
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, name)
