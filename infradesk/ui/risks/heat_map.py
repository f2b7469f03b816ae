"""A 5x5 probability x impact heat map: counts per cell, coloured by band; click to filter."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from infradesk.services.risks.queries import HeatMap
from infradesk.services.risks.scoring import DEFAULT_SETTINGS, ScoringSettings
from infradesk.ui import theme
from infradesk.ui.risks.colors import BAND_FILL

LEVELS = (1, 2, 3, 4, 5)


class HeatMapWidget(QWidget):
    """Probability rises upwards, impact to the right. ``cellClicked`` carries (p, i) or None
    when the selected cell is clicked again (filter cleared)."""

    cellClicked = Signal(object)

    MARGIN_LEFT = 34
    MARGIN_BOTTOM = 30

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("riskHeatMap")
        self.heat_map = HeatMap(False, {})
        self.settings: ScoringSettings = DEFAULT_SETTINGS
        self.selected: tuple[int, int] | None = None
        self.setMinimumSize(220, 220)
        self.setMaximumHeight(300)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)
        self.setToolTip("Open risks per probability and impact. Click a cell to filter the table.")

    def sizeHint(self) -> QSize:
        return QSize(270, 260)

    def set_data(self, heat_map: HeatMap, settings: ScoringSettings) -> None:
        self.heat_map = heat_map
        self.settings = settings
        self.update()

    def set_selected(self, cell: tuple[int, int] | None) -> None:
        self.selected = cell
        self.update()

    # --------------------------------------------------------------------------- geometry
    def _grid(self) -> QRectF:
        side = min(self.width() - self.MARGIN_LEFT - 6, self.height() - self.MARGIN_BOTTOM - 6)
        return QRectF(self.MARGIN_LEFT, 4, max(side, 50), max(side, 50))

    def cell_rect(self, probability: int, impact: int) -> QRectF:
        grid = self._grid()
        size = grid.width() / 5
        return QRectF(
            grid.left() + (impact - 1) * size, grid.top() + (5 - probability) * size, size, size
        )

    def cell_at(self, point: QPointF) -> tuple[int, int] | None:
        for p in LEVELS:
            for i in LEVELS:
                if self.cell_rect(p, i).contains(point):
                    return (p, i)
        return None

    # --------------------------------------------------------------------------- events
    def mousePressEvent(self, event: QMouseEvent) -> None:
        cell = self.cell_at(event.position())
        if cell is None:
            return super().mousePressEvent(event)
        self.selected = None if cell == self.selected else cell
        self.update()
        self.cellClicked.emit(self.selected)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        cell = self.cell_at(event.position())
        if cell is not None:
            p, i = cell
            count = self.heat_map.count(p, i)
            band = self.settings.band(p * i)
            self.setToolTip(f"P {p} × I {i} = {p * i} ({band}): {count} open risk(s)")
        super().mouseMoveEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        base_font = QFont(self.font())
        count_font = QFont(self.font())
        count_font.setBold(True)
        count_font.setPointSizeF(base_font.pointSizeF() * 1.25)
        for p in LEVELS:
            for i in LEVELS:
                rect = self.cell_rect(p, i).adjusted(1, 1, -1, -1)
                count = self.heat_map.count(p, i)
                fill = QColor(BAND_FILL[self.settings.band(p * i)])
                if not count:
                    fill.setAlpha(85)
                painter.fillRect(rect, fill)
                if count:
                    painter.setFont(count_font)
                    painter.setPen(theme.current().heat_text)
                    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(count))
        if self.selected is not None:
            painter.setPen(QPen(theme.current().heat_selected, 3))
            painter.drawRect(self.cell_rect(*self.selected).adjusted(2, 2, -2, -2))
        painter.setFont(base_font)
        painter.setPen(self.palette().text().color())
        grid = self._grid()
        size = grid.width() / 5
        for level in LEVELS:
            y_rect = QRectF(grid.left() - 16, grid.top() + (5 - level) * size, 14, size)
            painter.drawText(y_rect, Qt.AlignmentFlag.AlignCenter, str(level))
            x_rect = QRectF(grid.left() + (level - 1) * size, grid.bottom() + 1, size, 14)
            painter.drawText(x_rect, Qt.AlignmentFlag.AlignCenter, str(level))
        painter.drawText(
            QRectF(grid.left(), grid.bottom() + 14, grid.width(), 16),
            Qt.AlignmentFlag.AlignCenter,
            "Impact →",
        )
        painter.save()
        painter.translate(10, grid.center().y())
        painter.rotate(-90)
        painter.drawText(QRectF(-60, -8, 120, 16), Qt.AlignmentFlag.AlignCenter, "Probability →")
        painter.restore()
        painter.end()
