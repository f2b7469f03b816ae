"""The S-curve: planned value, earned value and actual cost by week, drawn with QPainter.

PV runs to the forecast finish; EV and AC stop at the status date (``None`` after it). The
geometry (``point_at``) is public so tests check where each curve passes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from infradesk.ui import theme

MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 78, 20, 28, 36


@dataclass(frozen=True)
class CurvePoint:
    """Cumulative money at one moment (``None``: not known then, after the status date)."""

    at: datetime
    pv: Decimal
    ev: Decimal | None
    ac: Decimal | None


SERIES: tuple[tuple[str, str], ...] = (
    ("pv", "Planned value (PV)"),
    ("ev", "Earned value (EV)"),
    ("ac", "Actual cost (AC)"),
)


def series_color(key: str) -> QColor:
    """The current theme's colour of the pv, ev or ac curve."""
    colors = theme.current()
    return {"pv": colors.series_pv, "ev": colors.series_ev, "ac": colors.series_ac}[key]


def short_money(amount: float) -> str:
    """Axis labels: 950, 12.5k, 1.2M."""
    size = abs(amount)
    if size >= 1_000_000:
        return f"{amount / 1_000_000:.1f}M"
    if size >= 10_000:
        return f"{amount / 1000:.0f}k"
    if size >= 1000:
        return f"{amount / 1000:.1f}k"
    return f"{amount:.0f}"


def nice_ceiling(amount: float) -> float:
    """The axis top: the next 1, 1.2, 1.6, 2, 2.4, 3, 4, 5, 6 or 8 times a power of ten at or
    above ``amount`` (so the four grid steps read as round amounts)."""
    if amount <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(amount))
    for step in (1, 1.2, 1.6, 2, 2.4, 3, 4, 5, 6, 8, 10):
        if step * power >= amount:
            return step * power
    return 10 * power  # pragma: no cover - the loop ends at 10


class SCurveChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: list[CurvePoint] = []
        self.status_date: datetime | None = None
        self.currency = ""
        self.setMinimumHeight(240)

    def sizeHint(self) -> QSize:
        return QSize(800, 320)

    def set_curve(
        self, points: list[CurvePoint], status_date: datetime | None, currency: str = ""
    ) -> None:
        self.points, self.status_date, self.currency = points, status_date, currency
        self.update()

    # ------------------------------------------------------------------ geometry
    def plot_rect(self) -> QRectF:
        return QRectF(
            MARGIN_LEFT,
            MARGIN_TOP,
            max(1.0, self.width() - MARGIN_LEFT - MARGIN_RIGHT),
            max(1.0, self.height() - MARGIN_TOP - MARGIN_BOTTOM),
        )

    def top_value(self) -> float:
        values = [
            float(v) for p in self.points for v in (p.pv, p.ev, p.ac) if v is not None
        ]
        return nice_ceiling(max(values, default=0.0))

    def _span(self) -> tuple[datetime, float]:
        first, last = self.points[0].at, self.points[-1].at
        return first, max(1.0, (last - first).total_seconds())

    def x_of(self, moment: datetime) -> float:
        rect = self.plot_rect()
        first, seconds = self._span()
        return rect.left() + rect.width() * (moment - first).total_seconds() / seconds

    def point_at(self, index: int, series: str) -> QPointF | None:
        """Where ``series`` (pv, ev or ac) passes at point ``index`` (None when not known)."""
        point = self.points[index]
        value = getattr(point, series)
        if value is None:
            return None
        rect = self.plot_rect()
        y = rect.bottom() - rect.height() * float(value) / self.top_value()
        return QPointF(self.x_of(point.at), y)

    # ------------------------------------------------------------------ painting
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        colors = theme.current()
        painter.fillRect(self.rect(), colors.surface)
        if len(self.points) < 2:
            painter.setPen(colors.muted)
            painter.drawText(
                QRectF(self.rect()),
                int(Qt.AlignmentFlag.AlignCenter),
                "No S-curve: the project needs a baseline with costs.",
            )
            painter.end()
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self._paint_axes(painter)
        for key, _title in SERIES:
            color = series_color(key)
            path: QPainterPath | None = None
            for index in range(len(self.points)):
                where = self.point_at(index, key)
                if where is None:
                    continue
                if path is None:
                    path = QPainterPath(where)
                else:
                    path.lineTo(where)
            if path is not None:
                dashed = Qt.PenStyle.DashLine if key == "pv" else Qt.PenStyle.SolidLine
                painter.setPen(QPen(color, 2.0, dashed))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawPath(path)
        if self.status_date is not None:
            x = self.x_of(self.status_date)
            rect = self.plot_rect()
            painter.setPen(QPen(colors.gantt.status, 1.4, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom()))
            painter.drawText(QPointF(x + 4, rect.top() + 12), f"Status {self.status_date:%d %b}")
        self._paint_legend(painter)
        painter.end()

    def _paint_axes(self, painter: QPainter) -> None:
        rect = self.plot_rect()
        colors = theme.current()
        small = QFont(self.font())
        small.setPointSizeF(max(6.5, small.pointSizeF() - 1.5))
        painter.setFont(small)
        top = self.top_value()
        for step in range(5):
            value = top * step / 4
            y = rect.bottom() - rect.height() * step / 4
            painter.setPen(QPen(colors.grid, 1))
            painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
            painter.setPen(colors.axis_text)
            painter.drawText(
                QRectF(0, y - 8, MARGIN_LEFT - 6, 16),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                f"{short_money(value)} {self.currency}".strip(),
            )
        painter.setPen(QPen(colors.axis, 1))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        painter.drawLine(rect.bottomLeft(), rect.topLeft())
        every = max(1, len(self.points) // 10)
        painter.setPen(colors.axis_text)
        for index in range(0, len(self.points), every):
            at = self.points[index].at
            x = self.x_of(at)
            painter.drawLine(QPointF(x, rect.bottom()), QPointF(x, rect.bottom() + 4))
            painter.drawText(
                QRectF(x - 30, rect.bottom() + 6, 60, 14),
                int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop),
                f"{at:%d %b}",
            )

    def _paint_legend(self, painter: QPainter) -> None:
        x = MARGIN_LEFT + 8.0
        for key, title in SERIES:
            painter.setPen(QPen(series_color(key), 2.5))
            painter.drawLine(QPointF(x, 12), QPointF(x + 18, 12))
            painter.setPen(theme.current().text)
            painter.drawText(QPointF(x + 24, 16), title)
            x += 34 + painter.fontMetrics().horizontalAdvance(title)
