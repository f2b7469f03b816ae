"""View > Gantt / Risks / Vendors (Ctrl+1..3) show their tab."""

from __future__ import annotations


def test_the_view_menu_shows_each_tab(main_window) -> None:
    actions = [a for a in main_window.view_menu.actions() if a.shortcut().toString()]
    shortcuts = {a.shortcut().toString(): a for a in actions}
    for number in (2, 3, 1):
        shortcuts[f"Ctrl+{number}"].trigger()
        assert main_window.tabs.currentIndex() == number - 1
