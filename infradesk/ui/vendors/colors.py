"""Status colours of the Vendors tab: the current theme's (``ui/theme.py``), looked up at each
use so that they follow a switch between Light and Dark. Text colours are ``theme.current()``'s
``bad`` (late), ``warn`` (due), ``good`` (done), ``muted``; tints ``bad_tint``, ``warn_tint``."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtGui import QColor

from infradesk.ui import theme

ATTENTION_COLORS: Mapping[str, QColor] = theme.ThemedMap(lambda t: t.attention)
"""The dots of the "Needs attention" list, by kind (late, expired, budget, over, notice, due)."""
