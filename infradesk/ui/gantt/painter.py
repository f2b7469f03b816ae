"""Painting the Gantt chart with QPainter, row by row: only the rows asked for are touched.

The same painter draws the on-screen chart (the visible rows of the viewport) and the PNG
export (all rows, onto a QImage). Geometry: calendar time maps linearly to x from ``origin``;
view row ``v`` occupies ``[v * row_height, (v + 1) * row_height)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
)

from infradesk.services.plan.cross_links import ExternalBar
from infradesk.services.plan.outline import Outline
from infradesk.services.plan.row_links import RowLinks
from infradesk.ui import theme
from infradesk.ui.gantt import timescale
from infradesk.ui.gantt.progress_line import axis_of, done_until, progress_line
from infradesk.ui.gantt.timescale import Zoom

Palette = theme.gantt
"""The chart's colours: the current theme's (light or dark), looked up while painting."""


@dataclass
class ChartOptions:
    show_critical: bool = True
    show_baseline: bool = True
    show_links: bool = True
    show_progress_line: bool = False
    today: datetime = field(default_factory=datetime.now)


@dataclass
class Markers:
    risks: dict[int, list[str]] = field(default_factory=dict)
    deliveries: dict[int, list] = field(default_factory=dict)  # task id -> DeliveryMarker
    # task id -> why the production change conflicts (ui/gantt/conflict_marks.py)
    conflicts: dict[int, tuple[str, ...]] = field(default_factory=dict)


class GanttPainter:
    """Geometry and drawing of the chart for one outline and zoom."""

    def __init__(self, row_height: int = 24) -> None:
        self.row_height = row_height
        self.outline = Outline()
        self.view_rows: list[int] = []  # view row -> outline row
        self._view_of: dict[int, int] | None = {}  # outline row -> view row (see view_of)
        self.zoom: Zoom = timescale.zoom_named("week")
        self.origin = datetime(2000, 1, 3)
        self.options = ChartOptions()
        self.markers = Markers()
        self.selected: set[int] = set()  # outline rows
        self._links: RowLinks | None = None  # the outline's, taken at the first paint of links
        self.rows_painted = 0  # rows touched by the last paint (tests assert it stays small)
        # task id -> proposed (start, finish): leveling's preview, outlined behind the bars
        self.ghost_bars: dict[int, tuple[datetime, datetime]] = {}
        self.font = QFont()
        self.font.setPointSizeF(8.5)
        self.small_font = QFont()
        self.small_font.setPointSizeF(7.5)

    # ------------------------------------------------------------------ data
    def set_outline(self, outline: Outline, view_rows: list[int]) -> None:
        """Show ``outline``. Its links are indexed when links are first painted (a walk over
        every link: 100,000 of them cost a noticeable part of opening a big plan)."""
        self.outline = outline
        self.set_view_rows(view_rows)
        self._links = None

    def set_view_rows(self, view_rows: list[int]) -> None:
        self.view_rows = view_rows
        self._view_of = None

    @property
    def view_of(self) -> dict[int, int]:
        """Outline row -> view row, built when first asked for after the rows changed."""
        found = self._view_of
        if found is None:
            rows = self.view_rows
            found = self._view_of = dict(zip(rows, range(len(rows)), strict=True))
        return found

    def link_index(self) -> RowLinks:
        """The outline's links by outline row (``Outline.row_links``: indexed on first use),
        taken again after :meth:`set_outline`."""
        index = self._links
        if index is None:
            index = self._links = self.outline.row_links()
        return index

    def project_range(self) -> tuple[datetime, datetime]:
        o = self.outline
        starts = [s for s in o.start if s is not None]
        finishes = [f for f in o.finish if f is not None]
        if not starts:
            base = o.project_start or datetime.now()
            return base, base + timedelta(days=30)
        return min(starts), max(finishes or starts)

    def reset_origin(self) -> None:
        first, _last = self.project_range()
        self.origin = timescale.monday_before(first.date()) - timedelta(days=7)

    # ------------------------------------------------------------------ geometry
    @property
    def px_per_minute(self) -> float:
        return self.zoom.px_per_day / 1440.0

    def x_of(self, moment: datetime) -> float:
        return (moment - self.origin).total_seconds() / 60.0 * self.px_per_minute

    def time_at(self, x: float) -> datetime:
        return self.origin + timedelta(minutes=x / self.px_per_minute)

    def content_width(self) -> int:
        _first, last = self.project_range()
        return int(self.x_of(last + timedelta(days=60))) + 200

    def bar_rect(self, row: int, view_row: int) -> QRectF | None:
        """The bar of outline ``row`` drawn at ``view_row`` (content coordinates)."""
        o = self.outline
        start, finish = o.start[row], o.finish[row]
        if start is None or finish is None:
            return None
        top = view_row * self.row_height
        x1, x2 = self.x_of(start), self.x_of(finish)
        if self.is_milestone(row):
            half = self.row_height * 0.32
            return QRectF(x1 - half, top + self.row_height / 2 - half, 2 * half, 2 * half)
        if o.summary[row]:
            return QRectF(x1, top + 6, max(2.0, x2 - x1), 6)
        height = self.row_height * (0.42 if self.options.show_baseline else 0.5)
        return QRectF(x1, top + 5, max(2.0, x2 - x1), height)

    def baseline_rect(self, row: int, view_row: int) -> QRectF | None:
        """The thin baseline bar under outline ``row`` at ``view_row`` (content coordinates;
        its true width, under 1 px for a milestone), None without baseline dates."""
        o = self.outline
        start, finish = o.baseline_start[row], o.baseline_finish[row]
        if start is None or finish is None:
            return None
        x1 = self.x_of(start)
        return QRectF(x1, (view_row + 1) * self.row_height - 8, self.x_of(finish) - x1, 4)

    def is_milestone(self, row: int) -> bool:
        o = self.outline
        return not o.summary[row] and (o.milestone[row] or o.duration[row] == 0)

    def is_finished(self, row: int) -> bool:
        """Done: drawn in slate on its actual dates, never as critical."""
        return self.outline.percent[row] >= 100

    def is_manual(self, row: int) -> bool:
        """Manually scheduled: links do not move it (drawn teal with bracketed ends)."""
        manual = self.outline.manual
        return row < len(manual) and manual[row] and not self.outline.summary[row]

    def is_critical(self, row: int) -> bool:
        return self.options.show_critical and self.outline.critical(row)

    # ------------------------------------------------------------------ painting
    def paint(
        self,
        painter: QPainter,
        x0: float,
        y0: float,
        width: float,
        height: float,
    ) -> None:
        """Paint the chart region whose top-left content coordinate is ``(x0, y0)``."""
        rh = self.row_height
        first_view = max(0, int(y0 // rh))
        last_view = min(len(self.view_rows) - 1, int((y0 + height) // rh))
        painter.save()
        painter.translate(-x0, -y0)
        painter.fillRect(QRectF(x0, y0, width, height), Palette.background)
        self._paint_background(painter, x0, y0, width, height, first_view, last_view)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painted = 0
        if self.options.show_links:
            self._paint_links(painter, first_view, last_view, x0, width)
        if self.ghost_bars:
            self._paint_ghosts(painter, first_view, last_view)
        for v in range(first_view, last_view + 1):
            self._paint_row(painter, self.view_rows[v], v, x0, width)
            painted += 1
        self._paint_lines(painter, y0, height)
        if self.options.show_progress_line:
            self._paint_progress_line(painter, first_view, last_view)
        self.rows_painted = painted
        painter.restore()

    def _paint_background(
        self, painter: QPainter, x0: float, y0: float, w: float, h: float, first: int, last: int
    ) -> None:
        rh = self.row_height
        for v in range(first, last + 1):
            if v % 2:
                painter.fillRect(QRectF(x0, v * rh, w, rh), Palette.stripe)
            if self.view_rows[v] in self.selected:
                painter.fillRect(QRectF(x0, v * rh, w, rh), Palette.selection)
        first_day = self.time_at(x0).date()
        last_day = self.time_at(x0 + w).date()
        calendar = self.outline.calendar
        if self.zoom.px_per_day >= 8:
            hourly = self.zoom.px_per_day >= 200  # hour zoom: shade the nights too
            minute = self.px_per_minute
            day = first_day
            while day <= last_day:
                x = self.x_of(datetime.combine(day, datetime.min.time()))
                intervals = calendar.day_intervals(day)
                if not intervals:
                    painter.fillRect(QRectF(x, y0, self.zoom.px_per_day, h), Palette.nonworking)
                elif hourly:
                    edge = 0
                    for start, end in (*intervals, (1440, 1440)):
                        if start > edge:
                            painter.fillRect(
                                QRectF(x + edge * minute, y0, (start - edge) * minute, h),
                                Palette.nonworking,
                            )
                        edge = end
                day += timedelta(days=1)
        # vertical grid on the lower tier
        painter.setPen(QPen(Palette.grid, 0))
        if self.zoom.px_per_day * 7 >= 8:
            left, right = self.time_at(x0), self.time_at(x0 + w)
            for tick, _next in timescale.units(left, right, self.zoom.bottom):
                x = round(self.x_of(tick)) + 0.5
                painter.drawLine(QPointF(x, y0), QPointF(x, y0 + h))
        for window in calendar.freezes:
            a = self.x_of(datetime.combine(window.start, datetime.min.time()))
            b = self.x_of(datetime.combine(window.finish + timedelta(days=1), datetime.min.time()))
            if b < x0 or a > x0 + w:
                continue
            painter.fillRect(QRectF(a, y0, b - a, h), Palette.freeze)
            brush = QBrush(Palette.freeze_hatch, Qt.BrushStyle.BDiagPattern)
            painter.fillRect(QRectF(a, y0, b - a, h), brush)
            painter.setPen(QPen(Palette.freeze_edge, 0, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(a, y0), QPointF(a, y0 + h))
            painter.drawLine(QPointF(b, y0), QPointF(b, y0 + h))
            painter.setFont(self.small_font)
            metrics = painter.fontMetrics()
            name = metrics.elidedText(
                f"❄ {window.name}", Qt.TextElideMode.ElideRight, int(b - a - 6)
            )
            if b - a > 30:
                painter.setPen(Palette.freeze_edge)
                painter.drawText(
                    QRectF(a + 3, y0 + 2, b - a - 6, 14),
                    int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
                    name,
                )

    def _paint_lines(self, painter: QPainter, y0: float, h: float) -> None:
        today = self.options.today
        pen = QPen(Palette.today, 1.6)
        painter.setPen(pen)
        x = self.x_of(today)
        painter.drawLine(QPointF(x, y0), QPointF(x, y0 + h))
        status = self.outline.status_date or self.outline.effective_status_date
        if status is not None:
            painter.setPen(QPen(Palette.status, 1.4, Qt.PenStyle.DashLine))
            x = self.x_of(status)
            painter.drawLine(QPointF(x, y0), QPointF(x, y0 + h))

    def status_x(self) -> float | None:
        """Content x of the status-date line (None without a status date)."""
        status = self.outline.status_date or self.outline.effective_status_date
        return None if status is None else self.x_of(status)

    def progress_line_points(self, first_view: int, last_view: int) -> list[QPointF]:
        """The progress line's vertices for view rows ``first_view`` .. ``last_view``."""
        return [
            QPointF(x, y)
            for x, y in progress_line(
                self.outline, self.view_rows, first_view, last_view, self.row_height, self.x_of
            )
        ]

    def _paint_progress_line(self, painter: QPainter, first: int, last: int) -> None:
        points = self.progress_line_points(first, last)
        if len(points) < 2:
            return
        painter.setPen(QPen(Palette.progress_line, 1.6))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPolyline(QPolygonF(points))
        painter.setBrush(Palette.progress_line)
        painter.setPen(Qt.PenStyle.NoPen)
        status_x = points[0].x()
        for point in points[1:-1]:
            if abs(point.x() - status_x) >= 1:
                painter.drawEllipse(point, 2.5, 2.5)

    def done_rect(self, row: int, rect: QRectF) -> QRectF | None:
        """The done part of a task's bar: from its start to where ``percent`` of its working
        time ends (None when nothing is done)."""
        o = self.outline
        if o.percent[row] <= 0 or o.start[row] is None:
            return None
        status = o.status_date or o.project_start or o.start[row]
        assert status is not None
        end = done_until(o, row, axis_of(o, status))
        if end is None:
            return None
        right = min(rect.right(), max(rect.left() + 1.0, self.x_of(end)))
        done = QRectF(rect.left(), rect.top(), right - rect.left(), rect.height())
        return done.adjusted(0, rect.height() * 0.3, 0, -rect.height() * 0.3)

    def ghost_rect(self, row: int, view_row: int) -> QRectF | None:
        """The outlined bar of outline ``row``'s proposed dates (leveling's preview), a
        little below its real bar so both show where they overlap; None without one."""
        dates = self.ghost_bars.get(self.outline.ids[row])
        if dates is None:
            return None
        x1, x2 = self.x_of(dates[0]), self.x_of(dates[1])
        top = view_row * self.row_height
        return QRectF(x1, top + 3, max(4.0, x2 - x1), self.row_height - 6)

    def _paint_ghosts(self, painter: QPainter, first: int, last: int) -> None:
        pen = QPen(Palette.critical_edge, 1.5, Qt.PenStyle.DashLine)
        fill = QColor(Palette.critical)
        fill.setAlpha(50)
        painter.save()
        painter.setPen(pen)
        painter.setBrush(QBrush(fill))
        for v in range(first, last + 1):
            rect = self.ghost_rect(self.view_rows[v], v)
            if rect is not None:
                painter.drawRoundedRect(rect, 3, 3)
        painter.restore()

    def _paint_row(self, painter: QPainter, row: int, v: int, x0: float, width: float) -> None:
        o = self.outline
        rect = self.bar_rect(row, v)
        rh = self.row_height
        top = v * rh
        if rect is None:
            return
        critical = self.is_critical(row)
        if self.options.show_baseline and not o.summary[row]:
            brect = self.baseline_rect(row, v)
            if brect is not None:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(Palette.baseline)
                if brect.width() < 1:
                    painter.drawPolygon(self._diamond(QPointF(brect.left(), top + rh - 6), 3.5))
                else:
                    painter.drawRect(brect.adjusted(0, 0, max(0.0, 2.0 - brect.width()), 0))
        if rect.right() < x0 - 300 or rect.left() > x0 + width + 300:
            return  # off screen horizontally (labels may reach a little beyond the bar)
        if o.summary[row]:
            self._paint_summary(painter, rect, row)
        elif self.is_milestone(row):
            color = (
                Palette.finished
                if self.is_finished(row)
                else Palette.critical_edge
                if critical
                else Palette.manual_edge
                if self.is_manual(row)
                else Palette.milestone
            )
            painter.setPen(QPen(color.darker(130), 1))
            painter.setBrush(color)
            painter.drawPolygon(self._diamond(rect.center(), rect.width() / 2))
        else:
            fill, edge, done = (
                (Palette.finished, Palette.finished_edge, Palette.finished)
                if self.is_finished(row)
                else (Palette.critical, Palette.critical_edge, Palette.critical_progress)
                if critical
                else (Palette.manual, Palette.manual_edge, Palette.manual_progress)
                if self.is_manual(row)
                else (Palette.bar, Palette.bar_edge, Palette.progress)
            )
            painter.setPen(QPen(edge, 1))
            painter.setBrush(fill)
            painter.drawRoundedRect(rect, 2.5, 2.5)
            progress = self.done_rect(row, rect)
            if progress is not None:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(done)
                painter.drawRect(progress)
            if self.is_manual(row):
                self._paint_brackets(painter, rect)
        self._paint_deadline(painter, row, top)
        self._paint_markers(painter, row, rect, top)
        self._paint_label(painter, row, rect, top)
        if self.outline.external and self.options.show_links:
            for bar in self.outline.external.get(o.ids[row], ()):
                self._paint_external(painter, bar, rect, top, x0)

    def external_rect(self, bar: ExternalBar, top: float) -> QRectF | None:
        """Where a linked task of another project is drawn: a thin greyed bar in the lower
        part of its partner's row, on its own dates (content coordinates)."""
        if bar.start is None or bar.finish is None:
            return None
        rh = self.row_height
        x1, x2 = self.x_of(bar.start), self.x_of(bar.finish)
        if bar.milestone:
            half = rh * 0.2
            return QRectF(x1 - half, top + rh - 2 * half - 2, 2 * half, 2 * half)
        return QRectF(x1, top + rh * 0.66, max(2.0, x2 - x1), rh * 0.22)

    def _paint_external(
        self, painter: QPainter, bar: ExternalBar, rect: QRectF, top: float, x0: float = 0.0
    ) -> None:
        """A greyed external task (MS Project's external tasks), its project's name and the
        link's arrow between it and the task's own bar."""
        ext = self.external_rect(bar, top)
        if ext is None:
            return
        grey = Palette.finished
        painter.setPen(QPen(grey.darker(120), 1, Qt.PenStyle.DashLine))
        painter.setBrush(QBrush(grey.lighter(135), Qt.BrushStyle.Dense4Pattern))
        if bar.milestone:
            painter.drawPolygon(self._diamond(ext.center(), ext.width() / 2))
        else:
            painter.drawRect(ext)
        painter.setFont(self.small_font)
        painter.setPen(Palette.muted)
        text = f"{bar.label} →" if bar.incoming else f"→ {bar.label}"  # the link's direction
        wide = QFontMetricsF(self.small_font).horizontalAdvance(text) + 4
        # a predecessor is named left of it, a successor right of it, clear of the task's label
        left = ext.right() + 6
        if bar.incoming:
            left = ext.left() - 6 - wide
            if left < x0:  # no room left of it in the view: after the task's own label
                own = self.label_text(self.outline.row_of[bar.task_id])
                metrics = QFontMetricsF(self.small_font)
                left = rect.right() + 7 + (metrics.horizontalAdvance(own) + 10 if own else 0)
        label = QRectF(left, ext.top() - 4, wide, ext.height() + 8)
        painter.drawText(
            label, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), text
        )
        # the link: from the predecessor's start/finish to the successor's start/finish
        pred, succ = (ext, rect) if bar.incoming else (rect, ext)
        a = QPointF(pred.right() if bar.type in ("FS", "FF") else pred.left(), pred.center().y())
        b = QPointF(succ.left() if bar.type in ("FS", "SS") else succ.right(), succ.center().y())
        path = QPainterPath(a)
        mid = QPointF(b.x() - 5 if bar.type in ("FS", "SS") else b.x() + 5, a.y())
        path.lineTo(mid)
        path.lineTo(QPointF(mid.x(), b.y()))
        path.lineTo(b)
        painter.setPen(QPen(Palette.link, 1.0, Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        self._arrow(painter, b, 1 if bar.type in ("FS", "SS") else -1, 0, Palette.link)

    @staticmethod
    def bracket_paths(rect: QRectF) -> tuple[QPainterPath, QPainterPath]:
        """The two ``[`` ``]`` ends of a manually scheduled task's bar, a little taller than
        the bar, so a pinned task reads apart from a scheduled one in any colour."""
        top, bottom, tick = rect.top() - 2.5, rect.bottom() + 2.5, 3.5
        paths = []
        for x, inward in ((rect.left(), 1.0), (rect.right(), -1.0)):
            path = QPainterPath(QPointF(x + inward * tick, top))
            path.lineTo(QPointF(x, top))
            path.lineTo(QPointF(x, bottom))
            path.lineTo(QPointF(x + inward * tick, bottom))
            paths.append(path)
        return paths[0], paths[1]

    def _paint_brackets(self, painter: QPainter, rect: QRectF) -> None:
        pen = QPen(Palette.manual_edge, 2.0)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for path in self.bracket_paths(rect):
            painter.drawPath(path)

    def _paint_summary(self, painter: QPainter, rect: QRectF, row: int) -> None:
        color = Palette.summary
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawRect(QRectF(rect.left(), rect.top(), rect.width(), 4))
        tip = 5.0
        for x, direction in ((rect.left(), 1), (rect.right(), -1)):
            painter.drawPolygon(
                QPolygonF(
                    [
                        QPointF(x, rect.top()),
                        QPointF(x + direction * tip, rect.top()),
                        QPointF(x, rect.top() + 9),
                    ]
                )
            )
        percent = self.outline.percent[row]
        if percent > 0:
            painter.setBrush(Palette.summary_progress)
            painter.drawRect(
                QRectF(rect.left(), rect.top() + 1, rect.width() * min(100, percent) / 100, 2)
            )

    @staticmethod
    def _diamond(center: QPointF, half: float) -> QPolygonF:
        cx, cy = center.x(), center.y()
        return QPolygonF(
            [
                QPointF(cx, cy - half),
                QPointF(cx + half, cy),
                QPointF(cx, cy + half),
                QPointF(cx - half, cy),
            ]
        )

    def _paint_deadline(self, painter: QPainter, row: int, top: float) -> None:
        deadline = self.outline.deadline[row]
        if deadline is None:
            return
        late = self.outline.late(row)
        x = self.x_of(deadline)
        color = Palette.late if late else Palette.deadline
        painter.setPen(QPen(color, 1.2))
        painter.setBrush(color)
        painter.drawPolygon(
            QPolygonF([QPointF(x - 4, top + 2), QPointF(x + 4, top + 2), QPointF(x, top + 8)])
        )
        painter.drawLine(QPointF(x, top + 8), QPointF(x, top + self.row_height - 3))
        if late:
            finish = self.outline.finish[row]
            if finish is not None:
                painter.setPen(QPen(Palette.late, 1, Qt.PenStyle.DotLine))
                painter.drawLine(
                    QPointF(x, top + self.row_height - 4),
                    QPointF(self.x_of(finish), top + self.row_height - 4),
                )

    def _paint_markers(self, painter: QPainter, row: int, rect: QRectF, top: float) -> None:
        task_id = self.outline.ids[row]
        risks = self.markers.risks.get(task_id)
        if risks:
            x = rect.left() - 11
            cy = top + self.row_height / 2
            painter.setPen(QPen(Palette.risk.darker(130), 1))
            painter.setBrush(Palette.risk)
            painter.drawPolygon(
                QPolygonF([QPointF(x, cy - 5), QPointF(x + 5, cy + 4), QPointF(x - 5, cy + 4)])
            )
            painter.setPen(QPen(Palette.risk_mark, 1.2))
            painter.drawLine(QPointF(x, cy - 2), QPointF(x, cy + 1))
        if self.markers.conflicts.get(task_id):
            self._paint_conflict(painter, rect.left() - (24 if risks else 11), top)
        for marker in self.markers.deliveries.get(task_id, ()):
            x = self.x_of(datetime.combine(marker.date, datetime.min.time()) + timedelta(hours=12))
            cy = top + self.row_height - 6
            color = Palette.late if getattr(marker, "late", False) else Palette.delivery
            painter.setPen(QPen(color, 1.4))
            painter.setBrush(Palette.marker_fill)
            painter.drawRect(QRectF(x - 3.5, cy - 3.5, 7, 7))
            if getattr(marker, "delivered", False):
                painter.setBrush(color)
                painter.drawRect(QRectF(x - 2, cy - 2, 4, 4))

    def _paint_conflict(self, painter: QPainter, x: float, top: float) -> None:
        """A red disc with a white "!": a change conflict (calendar, overlap, booking)."""
        cy = top + self.row_height / 2
        painter.setPen(QPen(Palette.late.darker(130), 1))
        painter.setBrush(Palette.late)
        painter.drawEllipse(QPointF(x, cy), 5.5, 5.5)
        painter.setPen(QPen(QColor("white"), 1.6))
        painter.drawLine(QPointF(x, cy - 3), QPointF(x, cy + 0.8))
        painter.drawPoint(QPointF(x, cy + 2.8))

    def label_text(self, row: int) -> str:
        """What is written right of the bar of outline ``row``."""
        o = self.outline
        if o.summary[row]:
            return ""
        if self.is_milestone(row):
            start = o.start[row]
            return f"{o.name[row]}  {start:%d %b}" if start else o.name[row]
        # the resource names right of the bar, as MS Project draws them (issue 18)
        return (o.assigned[row] if o.assigned else "") or o.owner[row]

    def _paint_label(self, painter: QPainter, row: int, rect: QRectF, top: float) -> None:
        text = self.label_text(row)
        if not text:
            return
        painter.setFont(self.small_font)
        painter.setPen(Palette.muted if not self.is_milestone(row) else Palette.text)
        painter.drawText(
            QRectF(rect.right() + 7, top, 400, self.row_height),
            int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
            text,
        )

    # ------------------------------------------------------------------ links
    def _anchor(self, row: int, v: int, at_finish: bool) -> QPointF | None:
        rect = self.bar_rect(row, v)
        if rect is None:
            return None
        y = v * self.row_height + self.row_height / 2
        if self.outline.summary[row]:
            y = rect.top() + 3
        return QPointF(rect.right() if at_finish else rect.left(), y)

    def _paint_links(self, painter: QPainter, first: int, last: int, x0: float, w: float) -> None:
        """Arrows into the visible rows and out of them (each link is drawn once)."""
        view_of = self.view_of
        drawn: set[tuple[int, int]] = set()
        into = self.link_index().into
        out_links = self._out_links_for(first, last)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for v in range(first, last + 1):
            succ = self.view_rows[v]
            for pred, kind, _lag in into(succ):
                pv = view_of.get(pred)
                if pv is not None:
                    drawn.add((pred, succ))
                    self._paint_link(painter, pred, pv, succ, v, kind)
        for pred, succ, kind in out_links:
            if (pred, succ) in drawn:
                continue
            pv, sv = view_of.get(pred), view_of.get(succ)
            if pv is not None and sv is not None:
                self._paint_link(painter, pred, pv, succ, sv, kind)

    def _out_links_for(self, first: int, last: int) -> list[tuple[int, int, str]]:
        rows = {self.view_rows[v] for v in range(first, last + 1)}
        out_of = self.link_index().out_of
        return [(p, s, k) for p in rows for s, k in out_of(p)]

    def _paint_link(
        self, painter: QPainter, pred: int, pv: int, succ: int, sv: int, kind: str
    ) -> None:
        from_finish = kind in ("FS", "FF")
        to_finish = kind in ("FF", "SF")
        a = self._anchor(pred, pv, from_finish)
        b = self._anchor(succ, sv, to_finish)
        if a is None or b is None:
            return
        critical = self.is_critical(pred) and self.is_critical(succ)
        color = Palette.link_critical if critical else Palette.link
        painter.setPen(QPen(color, 1.1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        gap = 7.0
        down = 1 if b.y() >= a.y() else -1
        boundary = (pv + (1 if down > 0 else 0)) * self.row_height
        path = QPainterPath(a)
        if kind == "FS" and b.x() >= a.x() + gap:
            # MS Project style: along the predecessor's row, then down onto the start
            x = max(a.x() + gap, b.x() + 4)
            end_y = sv * self.row_height + (3 if down > 0 else self.row_height - 3)
            path.lineTo(QPointF(x, a.y()))
            path.lineTo(QPointF(x, end_y))
            painter.drawPath(path)
            self._arrow(painter, QPointF(x, end_y), 0, down, color)
            return
        into_start = not to_finish
        if kind == "SS":
            mid = min(a.x(), b.x()) - gap
            points = [QPointF(mid, a.y()), QPointF(mid, b.y())]
        elif kind == "FF":
            mid = max(a.x(), b.x()) + gap
            points = [QPointF(mid, a.y()), QPointF(mid, b.y())]
        elif kind == "SF" and a.x() - gap >= b.x() + gap:
            points = [QPointF(a.x() - gap, a.y()), QPointF(a.x() - gap, b.y())]
        else:  # FS backwards or SF forwards: an S around the rows
            x_out = a.x() + (gap if from_finish else -gap)
            x_in = b.x() + (-gap if into_start else gap)
            points = [
                QPointF(x_out, a.y()),
                QPointF(x_out, boundary),
                QPointF(x_in, boundary),
                QPointF(x_in, b.y()),
            ]
        for point in points:
            path.lineTo(point)
        path.lineTo(b)
        painter.drawPath(path)
        self._arrow(painter, b, 1 if into_start else -1, 0, color)

    @staticmethod
    def _arrow(painter: QPainter, tip: QPointF, dx: int, dy: int, color: QColor) -> None:
        size = 4.0
        if dx:
            points = [
                tip,
                QPointF(tip.x() - dx * size * 1.4, tip.y() - size),
                QPointF(tip.x() - dx * size * 1.4, tip.y() + size),
            ]
        else:
            points = [
                tip,
                QPointF(tip.x() - size, tip.y() - dy * size * 1.4),
                QPointF(tip.x() + size, tip.y() - dy * size * 1.4),
            ]
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawPolygon(QPolygonF(points))
        painter.setBrush(Qt.BrushStyle.NoBrush)

    # ------------------------------------------------------------------ time scale
    def paint_scale(self, painter: QPainter, x0: float, width: float, height: float) -> None:
        """The two-tier time scale for content x in ``[x0, x0 + width]``."""
        painter.save()
        painter.translate(-x0, 0)
        painter.fillRect(QRectF(x0, 0, width, height), Palette.header)
        half = height / 2
        start, end = self.time_at(x0), self.time_at(x0 + width)
        for tier, unit, top in (("top", self.zoom.top, 0.0), ("bottom", self.zoom.bottom, half)):
            painter.setFont(self.font if tier == "top" else self.small_font)
            for tick, following in timescale.units(start, end, unit):
                a, b = self.x_of(tick), self.x_of(following)
                painter.setPen(QPen(Palette.grid_strong, 0))
                painter.drawLine(QPointF(round(a) + 0.5, top), QPointF(round(a) + 0.5, top + half))
                if (
                    unit == "day"
                    and tier == "bottom"
                    and not self.outline.calendar.day_intervals(tick.date())
                ):
                    painter.fillRect(QRectF(a + 1, top, b - a - 1, half), Palette.nonworking)
                text = timescale.label(tick, unit, b - a, tier)
                painter.setPen(Palette.header_text)
                rect = QRectF(max(a, x0) + 4 if tier == "top" else a, top, b - a, half)
                if tier == "top":
                    rect.setRight(b - 2)
                flags = Qt.AlignmentFlag.AlignVCenter | (
                    Qt.AlignmentFlag.AlignLeft if tier == "top" else Qt.AlignmentFlag.AlignHCenter
                )
                if painter.fontMetrics().horizontalAdvance(text) <= rect.width():
                    painter.drawText(rect, int(flags), text)
        painter.setPen(QPen(Palette.grid_strong, 0))
        painter.drawLine(QPointF(x0, half), QPointF(x0 + width, half))
        painter.drawLine(QPointF(x0, height - 0.5), QPointF(x0 + width, height - 0.5))
        x = self.x_of(self.options.today)
        painter.setPen(QPen(Palette.today, 1.6))
        painter.drawLine(QPointF(x, half), QPointF(x, height))
        painter.setFont(self.small_font)
        today_tag = QRectF(x - 20, height - 13, 40, 12)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(Palette.today)
        painter.drawRoundedRect(today_tag, 3, 3)
        painter.setPen(Palette.on_tag)
        painter.drawText(today_tag, int(Qt.AlignmentFlag.AlignCenter), "Today")
        status = self.outline.status_date or self.outline.effective_status_date
        if status is not None:
            x = self.x_of(status)
            text = f"Status {status:%d %b}"
            wide = painter.fontMetrics().horizontalAdvance(text) + 8
            tag = beside_tag(QRectF(x - wide / 2, height - 13, wide, 12), today_tag)
            painter.setPen(QPen(Palette.status, 1.4, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(x, half), QPointF(x, tag.top()))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(Palette.status)
            painter.drawRoundedRect(tag, 3, 3)
            painter.setPen(Palette.on_tag)
            painter.drawText(tag, int(Qt.AlignmentFlag.AlignCenter), text)
        painter.restore()

    # ------------------------------------------------------------------ hit testing
    def hit(self, x: float, y: float) -> tuple[int, str] | None:
        """``(outline row, part)`` under content point; part is body, end or None."""
        v = int(y // self.row_height)
        if not 0 <= v < len(self.view_rows):
            return None
        row = self.view_rows[v]
        rect = self.bar_rect(row, v)
        if rect is None:
            return None
        grow = 4.0
        if rect.adjusted(-grow, -3, grow, 3).contains(QPointF(x, y)):
            if (
                not self.outline.summary[row]
                and not self.is_milestone(row)
                and abs(x - rect.right()) <= 5
            ):
                return row, "end"
            return row, "body"
        return None


def beside_tag(tag: QRectF, taken: QRectF, gap: float = 2.0) -> QRectF:
    """``tag`` moved sideways off ``taken`` when the two overlap (the status date's label
    next to today's, on the side of its own line), else ``tag`` as it is."""
    if not tag.intersects(taken):
        return tag
    if tag.center().x() <= taken.center().x():
        return tag.translated(taken.left() - gap - tag.right(), 0)
    return tag.translated(taken.right() + gap - tag.left(), 0)


def day_of(moment: datetime) -> date:
    return moment.date()
