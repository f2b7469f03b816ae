"""A notice line above a runbook page: the view's warnings, or a refused edit."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QLabel, QWidget

from infradesk.ui import theme


def notice_label(name: str, alert: bool = False, parent: QWidget | None = None) -> QLabel:
    """A hidden, word-wrapped label in the banner (or alert) colours of the theme."""
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    if alert:
        theme.restyle(
            label,
            lambda t: f"#{name} {{ background: {t.alert.name()}; color: {t.alert_text.name()};"
            f" border: 1px solid {t.alert_border.name()}; padding: 4px 8px; }}",
        )
    else:
        theme.restyle(
            label,
            lambda t: f"#{name} {{ background: {t.banner.name()}; padding: 4px 8px;"
            f" border: 1px solid {t.banner_border.name()}; color: {t.banner_text.name()}; }}",
        )
    label.hide()
    return label


def show_lines(label: QLabel, lines: Sequence[str]) -> None:
    """One "⚠ line" per warning; hidden when there is none."""
    label.setText("\n".join(f"⚠ {line}" for line in lines))
    label.setVisible(bool(lines))
