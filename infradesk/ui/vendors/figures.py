"""A row of key money figures ("Contract value  EUR 684,000.00" ...) drawn as small cards."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from infradesk.services.vendors.money import MoneyTotals, format_totals
from infradesk.ui import theme
from infradesk.ui.theme import Theme


def card_style(colors: Theme) -> str:
    """The cards' style sheet in a theme's colours. Written out rather than ``palette(base)``:
    Qt resolves a style sheet's palette() once, so after a switch to Dark the cards stayed
    white under the new white text."""
    palette = QGuiApplication.palette()
    base = palette.color(QPalette.ColorRole.Base).name()
    mid = palette.color(QPalette.ColorRole.Mid).name()
    text = palette.color(QPalette.ColorRole.Text).name()
    return f"""
QFrame#figureCard {{ background: {base}; border: 1px solid {mid}; border-radius: 6px; }}
QLabel#figureTitle {{ color: {colors.muted.name()}; font-size: 11px; }}
QLabel#figureValue {{ color: {text}; font-size: 14px; font-weight: 600; }}
QLabel#figureValue[negative="true"] {{ color: {colors.bad.name()}; }}
QLabel#figureNote {{ color: {colors.muted.name()}; font-size: 11px; }}
"""

# A card's second line: the share of its figure that the money rules single out
# (``services.vendors.money``): card -> (MoneyTotals attribute, what it is).
FIGURE_NOTES = {
    "contract_value": ("contract_draft", "incl. {} draft"),
    "budget": ("approved_changes", "incl. {} approved changes"),
    "committed": ("pending", "+ {} pending approval"),
}


class FigureCard(QFrame):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("figureCard")
        self.title = QLabel(title)
        self.title.setObjectName("figureTitle")
        self.value = QLabel("—")
        self.value.setObjectName("figureValue")
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note = QLabel()
        self.note.setObjectName("figureNote")
        self.note.setWordWrap(True)  # a narrow card wraps it rather than cutting it
        self.note.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(0)
        layout.addWidget(self.title)
        layout.addWidget(self.value)
        layout.addWidget(self.note)

    def set_value(self, text: str, negative: bool = False, note: str = "") -> None:
        """Show ``text`` (a negative amount in the theme's "bad" colour) and its ``note``
        (the share the money rules single out, muted, on a second line)."""
        self.value.setText(text or "—")
        self.value.setStyleSheet("")  # a warning colour set by the budget page goes
        if self.value.property("negative") != negative:
            self.value.setProperty("negative", negative)
            self.value.style().unpolish(self.value)
            self.value.style().polish(self.value)
        self.note.setText(note)
        self.note.setVisible(bool(note))


class MoneyFigures(QWidget):
    """Cards for the given MoneyTotals attributes, one figure per currency."""

    def __init__(
        self,
        fields: Sequence[tuple[str, str]],
        columns: int = 0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        theme.restyle(self, card_style)
        self.fields = list(fields)
        self.cards = {name: FigureCard(title) for name, title in self.fields}
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        per_row = columns or len(self.cards)
        for number, card in enumerate(self.cards.values()):
            layout.addWidget(card, number // per_row, number % per_row)
        for column in range(per_row):
            layout.setColumnStretch(column, 1)

    def set_totals(self, totals: Sequence[MoneyTotals]) -> None:
        for name, card in self.cards.items():
            text = format_totals(totals, name)
            negative = any(getattr(t, name) < 0 for t in totals)
            zero = f"{totals[0].currency} 0.00" if totals else "0.00"
            share, wording = FIGURE_NOTES.get(name, ("", ""))
            amount = format_totals(totals, share) if share else ""
            note = wording.format(amount) if amount else ""
            card.set_value(text or zero, negative, note)
