"""Band colours shared by the heat map and the tables: the current theme's (``ui/theme.py``),
looked up at each use so that they follow a switch between Light and Dark."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtGui import QColor

from infradesk.ui import theme

BAND_FILL: Mapping[str, QColor] = theme.ThemedMap(lambda t: t.band_fill)
"""Heat map cells and the score badge (dark text on them in both themes)."""
BAND_TINT: Mapping[str, QColor] = theme.ThemedMap(lambda t: t.band_tint)
"""Score cells in the tables, under the palette's text colour."""
