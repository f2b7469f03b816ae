"""How a step's kind and state look: a small painted icon and a colour per kind, a label
and colours per state, taken from the theme at each use (Light and Dark)."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap, QPolygonF

from infradesk.ui import theme

KINDS = ("task", "gate", "validation", "communication", "rollback")
KIND_LABELS = {
    "task": "Task",
    "gate": "Go/no-go gate",
    "validation": "Validation",
    "communication": "Communication",
    "rollback": "Rollback",
}
KIND_COLOURS = {  # picked to read on both themes' table backgrounds
    "task": "#4a78c2",
    "gate": "#d08a00",
    "validation": "#2e9d57",
    "communication": "#8e5cc9",
    "rollback": "#c94040",
}
STATE_LABELS = {
    "waiting": "Waiting",
    "ready": "Ready",
    "running": "Running",
    "done": "Done",
    "skipped": "Skipped",
    "inactive": "Not on this path",
}
ICON_SIZE = 14


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


def kind_colour(kind: str) -> QColor:
    return QColor(KIND_COLOURS.get(kind, "#808080"))


@cache
def kind_icon(kind: str) -> QIcon:
    """A square for a task, a diamond for a gate, a tick for a validation, a speech bubble
    for a communication, a back arrow for a rollback step."""
    size = ICON_SIZE
    pixmap = QPixmap(size * 2, size * 2)  # drawn at 2x: sharp on high-DPI screens
    pixmap.setDevicePixelRatio(2.0)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    colour = kind_colour(kind)
    painter.setBrush(colour)
    painter.setPen(QPen(colour.darker(130), 1))
    box = QRectF(2, 2, size - 4, size - 4)
    if kind == "gate":
        c = box.center()
        r = box.width() / 2 + 1
        painter.drawPolygon(
            QPolygonF([QPointF(c.x(), c.y() - r), QPointF(c.x() + r, c.y()),
                       QPointF(c.x(), c.y() + r), QPointF(c.x() - r, c.y())])
        )
    elif kind == "validation":
        painter.drawEllipse(box)
        painter.setPen(QPen(QColor("white"), 1.8))
        painter.drawPolyline(QPolygonF([QPointF(4.5, 7.2), QPointF(6.3, 9.2), QPointF(9.6, 5)]))
    elif kind == "communication":
        path = QPainterPath()
        path.addRoundedRect(QRectF(1.5, 2, size - 3, size - 6), 2.5, 2.5)
        path.moveTo(4, size - 4.5)
        path.lineTo(4, size - 1)
        path.lineTo(7.5, size - 4.5)
        painter.drawPath(path.simplified())
    elif kind == "rollback":
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(colour, 2.0))
        painter.drawArc(QRectF(3, 3, size - 5, size - 6), 90 * 16, -220 * 16)
        painter.setBrush(colour)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawPolygon(QPolygonF([QPointF(1, 5.5), QPointF(6.5, 1.5), QPointF(6.5, 9)]))
    else:
        painter.drawRoundedRect(box, 2, 2)
    painter.end()
    return QIcon(pixmap)


def state_foreground(state: str, late: bool) -> QColor | None:
    """The text colour of a step's row in the live view (None: the table's own)."""
    current = theme.current()
    if late and state in ("running", "ready", "waiting"):
        return current.bad
    if state in ("done", "skipped", "inactive"):
        return current.inactive
    return None


def state_background(state: str, late: bool) -> QColor | None:
    current = theme.current()
    if state == "running":  # late or not: what runs now stands out from what waits
        return current.warn_tint
    if late and state in ("ready", "waiting"):
        return current.bad_tint
    return None
