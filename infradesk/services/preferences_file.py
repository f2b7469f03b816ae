"""The user's preferences and the file that keeps them, ``preferences.json`` in the user data
folder: plain values only, so that the desktop application reads them before its first paint
without loading the database layer (:mod:`infradesk.services.preferences` adds the commands
that use them).

A missing, unreadable or partly invalid file never stops the program: every field falls back
to its default on its own.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from infradesk.schedule.durations import DISPLAY_UNITS
from infradesk.store.locations import data_dir

PREFERENCES_FILE = "preferences.json"

PAGE_SIZES = ("A4", "Letter")
THEMES = ("system", "light", "dark")
DATE_FORMATS = ("iso", "locale")
"""``iso`` shows 2026-03-14 whatever the language; ``locale`` follows the system's short form."""


@dataclass(frozen=True, slots=True)
class Preferences:
    """What the user chose in Edit > Settings."""

    pm_name: str = ""
    page_size: str = "A4"
    country: str = ""  # ISO 3166 code for public holidays, "" = none
    currency: str = "EUR"
    theme: str = "system"
    date_format: str = "iso"
    # the unit of the Duration columns (``best``: the largest fitting one, 13.33d, 2w), and of
    # a bare number typed there, as MS Project's "Duration is entered in"
    duration_unit: str = "best"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, raw: object) -> Preferences:
        """Keep every valid field of ``raw``; anything else takes its default."""
        if not isinstance(raw, dict):
            return cls()
        default = cls()
        values: dict[str, Any] = {}
        for field in fields(cls):
            value = raw.get(field.name)
            if isinstance(value, str):
                values[field.name] = value.strip()
        prefs = replace(default, **values)
        return prefs.normalised()

    def normalised(self) -> Preferences:
        """Coerce each field into its allowed values (case-insensitive), else the default."""
        default = Preferences()
        page = {p.lower(): p for p in PAGE_SIZES}.get(self.page_size.lower(), default.page_size)
        theme = self.theme.lower() if self.theme.lower() in THEMES else default.theme
        date_format = (
            self.date_format.lower()
            if self.date_format.lower() in DATE_FORMATS
            else default.date_format
        )
        duration_unit = self.duration_unit.lower()
        if duration_unit not in DISPLAY_UNITS:
            duration_unit = default.duration_unit
        currency = self.currency.upper()
        if not (len(currency) == 3 and currency.isalpha()):
            currency = default.currency
        country = self.country.upper()
        if country and not (len(country) == 2 and country.isalpha()):
            country = default.country
        return replace(
            self,
            pm_name=self.pm_name.strip(),
            page_size=page,
            theme=theme,
            date_format=date_format,
            duration_unit=duration_unit,
            currency=currency,
            country=country,
        )


def preferences_path() -> Path:
    return data_dir() / PREFERENCES_FILE


def load_preferences(path: Path | None = None) -> Preferences:
    """The saved preferences, or the defaults when there are none or the file is damaged."""
    path = path or preferences_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Preferences()
    return Preferences.from_json(raw)


def save_preferences(prefs: Preferences, path: Path | None = None) -> Path:
    """Write atomically (temporary file + rename) so a crash never leaves half a file."""
    path = path or preferences_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(prefs.normalised().to_json(), indent=2, ensure_ascii=False) + "\n"
    handle, temporary = tempfile.mkstemp(prefix=".preferences-", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path
