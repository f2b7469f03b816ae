"""Settings > Date format changes how the Gantt table shows start and finish."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QLocale, Qt

from infradesk.services.preferences import load_preferences, save_preferences
from infradesk.ui.gantt.outline_model import OutlineModel


def start_text(model: OutlineModel, row: int) -> str:
    column = next(
        c
        for c in range(model.columnCount())
        if model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) == "Start"
    )
    return model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole)


def test_iso_by_default_and_locale_when_chosen(main_window) -> None:
    model = main_window.gantt_tab.model
    start = model.outline.start[model.view_rows[1]]
    assert start_text(model, 1) == start.strftime("%a %Y-%m-%d")

    save_preferences(replace(load_preferences(), date_format="locale"))
    main_window.context.announce(frozenset({"tasks", "settings"}), None)
    short = QLocale().toString(start.date(), QLocale.FormatType.ShortFormat)
    assert start_text(model, 1).endswith(short)
    assert start_text(model, 1) != start.strftime("%a %Y-%m-%d")
