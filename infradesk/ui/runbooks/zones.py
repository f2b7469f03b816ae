"""Choosing an IANA time zone: an editable combo whose typed text filters the list
("paris", "new_y", "UTC")."""

from __future__ import annotations

from functools import cache
from zoneinfo import available_timezones

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

COMMON = ("UTC", "Europe/London", "Europe/Paris", "Europe/Berlin", "Europe/Amsterdam",
          "America/New_York", "America/Chicago", "America/Los_Angeles", "Asia/Singapore",
          "Asia/Tokyo", "Australia/Sydney")


@cache
def zone_names() -> tuple[str, ...]:
    """The common zones first, then every other IANA name (tzdata's), sorted."""
    names = set(available_timezones())
    rest = sorted(name for name in names if name not in COMMON and not name.startswith("Etc/"))
    return tuple(name for name in COMMON if name in names or name == "UTC") + tuple(rest)


class ZoneCombo(QComboBox):
    """Editable; the completer pops up the names that contain what is typed."""

    def __init__(self, parent: QWidget | None = None, blank: str | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(20)
        if blank is not None:
            self.addItem(blank, "")
        for name in zone_names():
            self.addItem(name, name)
        completer = QCompleter(list(zone_names()), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        line = self.lineEdit()
        if line is not None:
            line.setPlaceholderText("Type to search: paris, new_york…")

    def zone(self) -> str:
        """The chosen name ("" for the blank entry)."""
        text = self.currentText().strip()
        index = self.findText(text, Qt.MatchFlag.MatchFixedString)
        if index >= 0:
            return str(self.itemData(index))
        return text

    def set_zone(self, name: str) -> None:
        index = self.findData(name)
        if index >= 0:
            self.setCurrentIndex(index)
        else:
            self.setEditText(name)
