"""Band colours shared by the heat map and the tables."""

from __future__ import annotations

from PySide6.QtGui import QColor

BAND_FILL = {
    "low": QColor("#8BC48A"),
    "medium": QColor("#F4D35E"),
    "high": QColor("#F29E4C"),
    "critical": QColor("#E4572E"),
}
BAND_TINT = {
    "low": QColor("#E3F2E1"),
    "medium": QColor("#FDF4D0"),
    "high": QColor("#FCE3CC"),
    "critical": QColor("#F9D3C9"),
}
OVERDUE_TEXT = QColor("#B3261E")
OVERDUE_TINT = QColor("#FBE4E2")
MUTED_TEXT = QColor("#7A7A7A")
