"""The tracking view: for each task, its baseline bar above its actual/forecast bar, and the
slip of its finish in working days.

It draws the outline the Gantt tab already holds (no query): the current dates are the actual
dates where work was recorded and the engine's forecast elsewhere. Only the rows in view are
painted, so a 10,000-task plan scrolls as the Gantt does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QDialog, QLabel, QScrollArea, QVBoxLayout, QWidget

from infradesk.schedule.calendar import TimeAxis, cached_axis
from infradesk.services.plan.outline import Outline
from infradesk.ui import theme

ROW_HEIGHT = 30
LABEL_WIDTH = 300
SLIP_WIDTH = 70


@dataclass(frozen=True)
class TrackingRow:
    """One task as the tracking view shows it."""

    row: int  # outline row
    wbs: str
    name: str
    depth: int
    summary: bool
    baseline: tuple[datetime, datetime] | None
    current: tuple[datetime, datetime] | None
    percent: float
    slip_days: float | None  # finish minus baseline finish, working days (+ late)

    @property
    def finished(self) -> bool:
        return self.percent >= 100

    def slip_text(self) -> str:
        if self.slip_days is None:
            return ""
        if abs(self.slip_days) < 0.05:
            return "on time"
        return f"{self.slip_days:+.1f}d".replace(".0d", "d")


def slip_in_days(axis: TimeAxis, baseline_finish: datetime, finish: datetime, mpd: int) -> float:
    """Working days from the baseline finish to the current finish (negative when earlier)."""
    return axis.working_minutes_between(baseline_finish, finish) / mpd


def tracking_rows(outline: Outline) -> list[TrackingRow]:
    """Every outline row with its baseline and current dates and its slip."""
    o = outline
    moments = [m for m in (*o.start, *o.baseline_start) if m is not None]
    origin = min(moments, default=o.project_start or datetime.now())
    axis = cached_axis(o.calendar, origin.date())
    mpd = o.minutes_per_day
    rows = []
    for r in range(len(o)):
        bs, bf, s, f = o.baseline_start[r], o.baseline_finish[r], o.start[r], o.finish[r]
        baseline = (bs, bf) if bs is not None and bf is not None else None
        current = (s, f) if s is not None and f is not None else None
        slip = slip_in_days(axis, bf, f, mpd) if bf is not None and f is not None else None
        rows.append(
            TrackingRow(
                r, o.wbs[r], o.name[r], o.depth[r], o.summary[r], baseline, current,
                o.percent[r], slip,
            )
        )  # fmt: skip
    return rows


class TrackingCanvas(QWidget):
    """Paints the rows that the scroll area shows."""

    # the current theme's colours, looked up at each use (class access works too)
    baseline = theme.Role(lambda t: t.gantt.baseline)
    current = theme.Role(lambda t: t.gantt.bar)
    current_edge = theme.Role(lambda t: t.gantt.bar_edge)
    done = theme.Role(lambda t: t.gantt.progress)
    finished = theme.Role(lambda t: t.gantt.finished)
    late = theme.Role(lambda t: t.error)
    early = theme.Role(lambda t: t.good)
    stripe = theme.Role(lambda t: t.gantt.stripe)
    status = theme.Role(lambda t: t.gantt.status)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[TrackingRow] = []
        self.status_date: datetime | None = None
        self.first = datetime.now()
        self.px_per_day = 12.0
        self.rows_painted = 0
        self.setAutoFillBackground(True)

    def set_rows(self, rows: list[TrackingRow], status_date: datetime | None) -> None:
        self.rows, self.status_date = rows, status_date
        moments = [m for r in rows for pair in (r.baseline, r.current) if pair for m in pair]
        first = min(moments, default=datetime.now())
        self.first = datetime.combine(first.date(), datetime.min.time()) - timedelta(days=3)
        last = max(moments, default=first)
        days = max(1.0, (last - self.first).total_seconds() / 86400 + 7)
        self.px_per_day = max(2.0, min(24.0, 900 / days))
        width = LABEL_WIDTH + SLIP_WIDTH + int(days * self.px_per_day) + 40
        self.setMinimumSize(QSize(width, max(1, len(rows)) * ROW_HEIGHT))
        self.resize(self.minimumSize())
        self.update()

    def x_of(self, moment: datetime) -> float:
        days = (moment - self.first).total_seconds() / 86400
        return LABEL_WIDTH + SLIP_WIDTH + days * self.px_per_day

    def bars_of(self, index: int) -> tuple[QRectF | None, QRectF | None]:
        """The baseline bar (upper) and the actual/forecast bar (lower) of row ``index``."""
        row = self.rows[index]
        top = index * ROW_HEIGHT
        rects: list[QRectF | None] = []
        for pair, y, height in ((row.baseline, top + 5, 8.0), (row.current, top + 15, 10.0)):
            if pair is None:
                rects.append(None)
                continue
            x1, x2 = self.x_of(pair[0]), self.x_of(pair[1])
            rects.append(QRectF(x1, y, max(2.0, x2 - x1), height))
        return rects[0], rects[1]

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        area = event.rect()
        painter.fillRect(area, theme.current().surface)
        first = max(0, area.top() // ROW_HEIGHT)
        last = min(len(self.rows) - 1, area.bottom() // ROW_HEIGHT)
        font = QFont(self.font())
        bold = QFont(font)
        bold.setBold(True)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for index in range(first, last + 1):
            self._paint_row(painter, index, font, bold)
        self.rows_painted = max(0, last - first + 1)
        if self.status_date is not None:
            x = self.x_of(self.status_date)
            painter.setPen(QPen(self.status, 1.4, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(x, area.top()), QPointF(x, area.bottom()))
        painter.end()

    def _paint_row(self, painter: QPainter, index: int, font: QFont, bold: QFont) -> None:
        row = self.rows[index]
        top = index * ROW_HEIGHT
        if index % 2:
            painter.fillRect(QRectF(0, top, self.width(), ROW_HEIGHT), self.stripe)
        painter.setFont(bold if row.summary else font)
        painter.setPen(theme.current().text)
        text = painter.fontMetrics().elidedText(
            f"{row.wbs}  {row.name}", Qt.TextElideMode.ElideRight, LABEL_WIDTH - 12 - 12 * row.depth
        )
        painter.drawText(
            QRectF(6 + 12 * row.depth, top, LABEL_WIDTH, ROW_HEIGHT),
            int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
            text,
        )
        if row.slip_days is not None:
            late = row.slip_days >= 0.05
            early = row.slip_days <= -0.05
            painter.setPen(self.late if late else self.early if early else theme.current().muted)
            painter.drawText(
                QRectF(LABEL_WIDTH, top, SLIP_WIDTH - 8, ROW_HEIGHT),
                int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight),
                row.slip_text(),
            )
        baseline, current = self.bars_of(index)
        painter.setPen(Qt.PenStyle.NoPen)
        if baseline is not None:
            painter.setBrush(self.baseline)
            painter.drawRect(baseline)
        if current is not None:
            if row.summary:
                painter.setBrush(theme.current().gantt.summary)
                painter.drawRect(current.adjusted(0, 3, 0, -3))
                return
            fill = self.finished if row.finished else self.current
            painter.setPen(QPen(fill.darker(125), 1))
            painter.setBrush(fill)
            painter.drawRoundedRect(current, 2, 2)
            if 0 < row.percent < 100:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(self.done)
                done = QRectF(current)
                done.setWidth(current.width() * row.percent / 100)
                painter.drawRect(done.adjusted(0, 3, 0, -3))


class TrackingWindow(QDialog):
    """View > Tracking view: a window over the Gantt's outline, refreshed after each edit."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Tracking view — baseline vs actual and forecast")
        self.resize(1200, 700)
        self.legend = QLabel(
            "Grey: baseline · blue: forecast (dark part done) · slate: finished · "
            "the column is the finish's slip in working days (+ late, − early)"
        )
        self.legend.setWordWrap(True)
        self.canvas = TrackingCanvas()
        self.area = QScrollArea()
        self.area.setWidget(self.canvas)
        self.area.setWidgetResizable(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.legend)
        layout.addWidget(self.area, 1)

    def show_outline(self, outline: Outline) -> None:
        rows = tracking_rows(outline)
        self.canvas.set_rows(rows, outline.status_date)
        if not any(r.baseline for r in rows):
            self.legend.setText(
                "This project has no baseline yet: save one (Project > Save Baseline…) to see "
                "the slip of each task."
            )
