"""Edit > Settings: the dialog, its persistence in QSettings and preferences.json, the theme."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QLocale, QSettings, Qt
from PySide6.QtGui import QColor, QKeySequence, QPalette
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from infradesk.services.preferences import (
    Preferences,
    load_preferences,
    preferences_path,
    save_preferences,
)
from infradesk.store.locations import data_dir
from infradesk.ui.main_window import MainWindow
from infradesk.ui.settings import AppSettings, apply_theme, format_date
from infradesk.ui.settings_dialog import SettingsDialog, holiday_countries


@pytest.fixture
def restore_theme() -> object:
    yield None
    apply_theme("system")


# ---------------------------------------------------------------- preferences.json (no Qt)
def test_preferences_file_lives_in_the_data_folder_and_round_trips() -> None:
    prefs = Preferences("Dana Smith", "Letter", "DE", "USD", "dark", "locale")
    path = save_preferences(prefs)
    assert path == data_dir() / "preferences.json" == preferences_path()
    assert json.loads(path.read_text(encoding="utf-8"))["pm_name"] == "Dana Smith"
    assert load_preferences() == prefs


def test_missing_or_damaged_preferences_fall_back_field_by_field(tmp_path: Path) -> None:
    assert load_preferences(tmp_path / "none.json") == Preferences()
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    assert load_preferences(broken) == Preferences()
    partial = tmp_path / "partial.json"
    partial.write_text(
        json.dumps(
            {
                "pm_name": "  Lee ",
                "page_size": "letter",
                "country": "Germany",
                "currency": "eu",
                "theme": "DARK",
                "date_format": 3,
            }
        ),
        encoding="utf-8",
    )
    prefs = load_preferences(partial)
    assert prefs == Preferences(pm_name="Lee", page_size="Letter", theme="dark")


# ---------------------------------------------------------------- the dialog
def test_dialog_shows_the_saved_values(qtbot) -> None:
    AppSettings().set_preferences(Preferences("Ana", "Letter", "NL", "GBP", "light", "locale"))
    dialog = SettingsDialog(AppSettings())
    qtbot.addWidget(dialog)
    assert dialog.pm_name.text() == "Ana"
    assert dialog.page_size.currentData() == "Letter"
    assert dialog.country.currentData() == "NL"
    assert dialog.currency.currentText() == "GBP"
    assert dialog.theme.currentData() == "light"
    assert dialog.date_format.currentData() == "locale"


def test_ok_saves_to_qsettings_and_to_the_json_the_cli_reads(qtbot) -> None:
    dialog = SettingsDialog(AppSettings())
    qtbot.addWidget(dialog)
    assert dialog.chosen() == Preferences()  # nothing saved yet: the defaults
    dialog.pm_name.setText("Sam Okafor")
    dialog.page_size.setCurrentIndex(dialog.page_size.findData("Letter"))
    dialog.country.setCurrentIndex(dialog.country.findData("US"))
    dialog.currency.setEditText("usd")
    dialog.date_format.setCurrentIndex(dialog.date_format.findData("locale"))
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    expected = Preferences("Sam Okafor", "Letter", "US", "USD", "system", "locale")
    assert load_preferences() == expected
    assert QSettings().value("preferences/pm_name") == "Sam Okafor"
    assert QSettings().value("preferences/page_size") == "Letter"
    assert AppSettings().preferences() == expected


def test_qsettings_are_used_when_the_json_file_is_gone(qtbot) -> None:
    AppSettings().set_preferences(Preferences(pm_name="Kim", currency="SEK"))
    preferences_path().unlink()
    prefs = AppSettings().preferences()
    assert (prefs.pm_name, prefs.currency) == ("Kim", "SEK")


def test_a_bad_currency_is_explained_and_nothing_is_saved(qtbot) -> None:
    dialog = SettingsDialog(AppSettings())
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.currency.setEditText("Euro")
    dialog.accept()
    assert dialog.isVisible()
    assert dialog.error.isVisible()
    assert "Euro" in dialog.error.text() and "three-letter" in dialog.error.text()
    assert not preferences_path().exists()


def test_cancel_keeps_the_old_values(qtbot) -> None:
    AppSettings().set_preferences(Preferences(pm_name="Before"))
    dialog = SettingsDialog(AppSettings())
    qtbot.addWidget(dialog)
    dialog.pm_name.setText("After")
    dialog.reject()
    assert load_preferences().pm_name == "Before"


def test_holiday_countries_come_from_the_offline_data() -> None:
    countries = dict(holiday_countries())
    assert countries["DE"] == "Germany"
    assert countries["US"] == "United States"
    assert len(countries) > 100


# ---------------------------------------------------------------- theme and dates
def test_dark_theme_applies_a_dark_palette_and_system_restores(qtbot, restore_theme) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme("dark")
    dark = app.palette().color(QPalette.ColorRole.Window)
    assert dark.lightness() < 80
    assert app.palette().color(QPalette.ColorRole.WindowText).lightness() > 180
    apply_theme("light")
    assert app.palette().color(QPalette.ColorRole.Window).lightness() > 180
    apply_theme("system")
    assert app.palette().color(QPalette.ColorRole.Window).lightness() > 180


def test_system_theme_at_start_leaves_the_platform_palette_alone(
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    import infradesk.ui.settings as settings_module

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    monkeypatch.setattr(settings_module, "_original_style", None)
    before = QPalette(app.palette())
    marked = QPalette(before)
    marked.setColor(QPalette.ColorRole.Window, QColor(120, 60, 160))
    app.setPalette(marked)
    try:
        apply_theme("system")
        assert app.palette().color(QPalette.ColorRole.Window) == QColor(120, 60, 160)
        assert settings_module._original_style is None
    finally:
        app.setPalette(before)


def test_saving_dark_in_the_dialog_switches_the_running_app(qtbot, restore_theme) -> None:
    dialog = SettingsDialog(AppSettings())
    qtbot.addWidget(dialog)
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.accept()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert app.palette().color(QPalette.ColorRole.Window).lightness() < 80


def test_date_formats() -> None:
    assert format_date(date(2026, 3, 14)) == "2026-03-14"
    assert format_date(datetime(2026, 3, 14, 17, 30), "iso") == "2026-03-14"
    assert format_date(None) == ""
    expected = QLocale().toString(QDate(2026, 3, 14), QLocale.FormatType.ShortFormat)
    assert format_date(date(2026, 3, 14), "locale") == expected
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    try:
        assert format_date(datetime(2026, 3, 14, 9, 0), "locale") == "3/14/26"
    finally:
        QLocale.setDefault(QLocale.system())


# ---------------------------------------------------------------- menu entries
def test_settings_and_user_guide_are_in_the_menus(qtbot, workspace) -> None:
    main_window = MainWindow(workspace)
    qtbot.addWidget(main_window)
    assert main_window.settings_action.shortcut() == QKeySequence("Ctrl+,")
    edit = [a.text() for a in main_window.edit_menu.actions()]
    assert "&Settings…" in edit
    help_actions = {a.text(): a for a in main_window.help_menu.actions()}
    assert help_actions["&User Guide"].shortcut() == QKeySequence("F1")
