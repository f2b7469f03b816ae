"""Edit > Settings: the PM's name for reports, page size, holiday country, currency, theme,
date format and the unit durations are shown in. Saved in QSettings and in
``preferences.json`` (read by ``infradesk report``)."""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from infradesk.schedule.durations import DISPLAY_UNITS
from infradesk.services.preferences import DATE_FORMATS, PAGE_SIZES, THEMES, Preferences
from infradesk.ui import theme
from infradesk.ui.settings import AppSettings, apply_theme, format_date

COMMON_CURRENCIES = ("EUR", "USD", "GBP", "CHF", "SEK", "NOK", "DKK", "PLN", "CAD", "AUD", "JPY")
THEME_LABELS = {"system": "Same as the system", "light": "Light", "dark": "Dark"}
SAMPLE_DAY = date(2026, 3, 14)
DURATION_UNIT_LABELS = {
    "best": "Best fit — 13.33d, 2w, 4h",
    "m": "Minutes",
    "h": "Hours",
    "d": "Days",
    "w": "Weeks",
    "mo": "Months (20 working days)",
}


@cache
def holiday_countries() -> list[tuple[str, str]]:
    """(code, readable name) of every country the offline ``holidays`` data knows, by name."""
    try:
        from holidays.registry import COUNTRIES
    except ImportError:  # pragma: no cover - holidays is a dependency; stay usable without it
        return []
    found: dict[str, str] = {}
    for class_name, code, *_aliases in COUNTRIES.values():
        if len(code) == 2:
            found[code] = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", class_name)
    return sorted(found.items(), key=lambda item: item[1])


class SettingsDialog(QDialog):
    """Shows the saved preferences; OK saves them and applies the theme at once."""

    def __init__(self, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle("Settings")
        self.settings = settings
        prefs = settings.preferences()

        self.pm_name = QLineEdit(prefs.pm_name)
        self.pm_name.setObjectName("pmName")
        self.pm_name.setPlaceholderText("e.g. Dana Smith")
        self.pm_name.setToolTip("Printed as the project manager on status reports")

        self.page_size = QComboBox()
        self.page_size.setObjectName("pageSize")
        for size in PAGE_SIZES:
            self.page_size.addItem(size, size)

        self.country = QComboBox()
        self.country.setObjectName("holidayCountry")
        self.country.addItem("None (no public holidays)", "")
        for code, name in holiday_countries():
            self.country.addItem(f"{name} ({code})", code)
        self.country.setToolTip("Public holidays of new projects' working calendars")

        self.currency = QComboBox()
        self.currency.setObjectName("currency")
        self.currency.setEditable(True)
        self.currency.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for code in COMMON_CURRENCIES:
            self.currency.addItem(code, code)
        self.currency.setToolTip("ISO 4217 code of new projects' money, e.g. EUR")

        self.theme = QComboBox()
        self.theme.setObjectName("theme")
        for name in THEMES:
            self.theme.addItem(THEME_LABELS[name], name)

        self.date_format = QComboBox()
        self.date_format.setObjectName("dateFormat")
        for kind in DATE_FORMATS:
            label = "ISO" if kind == "iso" else "System locale"
            self.date_format.addItem(f"{label} — {format_date(SAMPLE_DAY, kind)}", kind)

        self.duration_unit = QComboBox()
        self.duration_unit.setObjectName("durationUnit")
        for unit in DISPLAY_UNITS:
            self.duration_unit.addItem(DURATION_UNIT_LABELS[unit], unit)
        self.duration_unit.setToolTip(
            "The unit of the Duration and Remaining columns, and of a number typed there "
            "without one (days for Best fit). Exports keep their own format."
        )

        self._select(self.page_size, prefs.page_size)
        self._select(self.duration_unit, prefs.duration_unit)
        self._select(self.country, prefs.country)
        self._select(self.theme, prefs.theme)
        self._select(self.date_format, prefs.date_format)
        if self.currency.findData(prefs.currency) < 0:
            self.currency.addItem(prefs.currency, prefs.currency)
        self._select(self.currency, prefs.currency)

        form = QFormLayout()
        form.addRow("Project &manager:", self.pm_name)
        form.addRow("Report &page size:", self.page_size)
        form.addRow("&Holidays of:", self.country)
        form.addRow("&Currency:", self.currency)
        form.addRow("&Theme:", self.theme)
        form.addRow("&Dates:", self.date_format)
        form.addRow("D&urations in:", self.duration_unit)

        self.error = QLabel()
        self.error.setObjectName("settingsError")
        theme.text_color(self.error, lambda t: t.bad)
        self.error.hide()

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons

        note = QLabel(
            "The name and page size are also used by <code>infradesk report</code>; the "
            "country and currency apply to projects you create from now on."
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(480, self.sizeHint().height())

    @staticmethod
    def _select(combo: QComboBox, value: str) -> None:
        index = combo.findData(value)
        if index >= 0:
            combo.setCurrentIndex(index)

    def chosen(self) -> Preferences:
        """The values in the form (not yet saved)."""
        return Preferences(
            pm_name=self.pm_name.text().strip(),
            page_size=str(self.page_size.currentData()),
            country=str(self.country.currentData() or ""),
            currency=self.currency.currentText().strip().upper(),
            theme=str(self.theme.currentData()),
            date_format=str(self.date_format.currentData()),
            duration_unit=str(self.duration_unit.currentData()),
        )

    def accept(self) -> None:
        prefs = self.chosen()
        code = prefs.currency
        if not (len(code) == 3 and code.isalpha()):
            typed = self.currency.currentText().strip()
            self.error.setText(f"Currency '{typed}' is not a three-letter ISO code such as EUR.")
            self.error.show()
            self.currency.setFocus()
            return
        try:
            saved = self.settings.set_preferences(prefs)
        except OSError as error:
            self.error.setText(f"Cannot save the settings: {error}")
            self.error.show()
            return
        apply_theme(saved.theme)
        super().accept()


def edit_settings(settings: AppSettings, parent: QWidget | None = None) -> bool:
    """Show the dialog modally; True when the user saved."""
    return SettingsDialog(settings, parent).exec() == QDialog.DialogCode.Accepted
