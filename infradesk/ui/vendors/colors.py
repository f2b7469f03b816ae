"""Status colours of the Vendors tab (text on white, tints for whole rows)."""

from __future__ import annotations

from PySide6.QtGui import QColor

LATE = QColor("#B3261E")
LATE_TINT = QColor("#FBE4E2")
DUE = QColor("#8A5A00")
DUE_TINT = QColor("#FFF3D6")
DONE = QColor("#2E7D32")
MUTED = QColor("#6B6B6B")
ACCENT = QColor("#1F5FAD")

ATTENTION_COLORS = {
    "late": QColor("#D93025"),
    "expired": QColor("#A142F4"),
    "budget": QColor("#C5221F"),
    "over": QColor("#E8710A"),
    "notice": QColor("#1A73E8"),
    "due": QColor("#F9AB00"),
}
