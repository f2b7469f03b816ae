"""The project's risk scoring: band limits, probability percentages and categories."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from infradesk.errors import UserError
from infradesk.services.risks.scoring import ScoringError, ScoringSettings
from infradesk.ui import theme


class ScoringDialog(QDialog):
    def __init__(self, settings: ScoringSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Risk scoring")
        self.low_max = self._spin(settings.low_max, 1, 23)
        self.medium_max = self._spin(settings.medium_max, 2, 23)
        self.high_max = self._spin(settings.high_max, 3, 24)
        self.percents = [self._spin(p, 0, 100, " %") for p in settings.percents]
        self.categories = QLineEdit(", ".join(settings.categories))
        self.categories.setObjectName("categoriesField")
        self.error = QLabel()
        theme.text_color(self.error, lambda t: t.bad)
        form = QFormLayout(self)
        form.addRow(QLabel("A score (probability × impact) up to each limit falls in that band."))
        form.addRow("Low: score up to", self.low_max)
        form.addRow("Medium: up to", self.medium_max)
        form.addRow("High: up to (critical above)", self.high_max)
        row = QHBoxLayout()
        for spin in self.percents:
            row.addWidget(spin)
        form.addRow("Probability 1–5 as %", row)
        form.addRow("Categories", self.categories)
        form.addRow(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    @staticmethod
    def _spin(value: int, low: int, high: int, suffix: str = "") -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(low, high)
        spin.setValue(value)
        spin.setSuffix(suffix)
        return spin

    def settings(self) -> ScoringSettings:
        """The entered settings; a :class:`ScoringError` (a UserError) says what is wrong."""
        parts = self.categories.text().split(",")
        categories = tuple(c.strip().lower() for c in parts if c.strip())
        if not categories:
            raise ScoringError("Give at least one category.")
        return ScoringSettings(
            low_max=self.low_max.value(),
            medium_max=self.medium_max.value(),
            high_max=self.high_max.value(),
            percents=tuple(s.value() for s in self.percents),
            categories=categories,
        )

    def _accept(self) -> None:
        try:
            self.settings()
        except UserError as error:
            self.error.setText(str(error))
            return
        self.accept()
