"""User preferences shared by the desktop app and the headless commands.

The Settings dialog writes them here, in ``preferences.json`` in the user data folder, so that
``infradesk report`` run from a script signs the report with the PM's name and uses the chosen
page size without Qt. The values and the file are :mod:`infradesk.services.preferences_file`
(light: the desktop application reads them before its first paint); this module adds the new
project command that applies them.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from infradesk.model import Project
from infradesk.services.plan.projects import CreateProject
from infradesk.services.preferences_file import (
    DATE_FORMATS,
    PAGE_SIZES,
    PREFERENCES_FILE,
    THEMES,
    Preferences,
    load_preferences,
    preferences_path,
    save_preferences,
)

__all__ = [
    "DATE_FORMATS",
    "PAGE_SIZES",
    "PREFERENCES_FILE",
    "THEMES",
    "Preferences",
    "create_project_command",
    "load_preferences",
    "preferences_path",
    "save_preferences",
]


def create_project_command(name: str, prefs: Preferences | None = None) -> CreateProject:
    """An undoable "new project" in the preferred currency and with the preferred country's
    public holidays in its working calendar."""
    prefs = prefs or load_preferences()
    return _CreateProjectWithPreferences(name, prefs)


class _CreateProjectWithPreferences(CreateProject):
    def __init__(self, name: str, prefs: Preferences) -> None:
        super().__init__(name, currency=prefs.currency)
        self.country = prefs.country

    def do(self, session: Session) -> None:
        first_time = self._snapshot is None  # a redo restores the snapshot as it was
        super().do(session)
        if first_time and self.country:
            project = session.get(Project, self.project_id)
            if project is not None and project.calendar is not None:
                project.calendar.holiday_country = self.country
