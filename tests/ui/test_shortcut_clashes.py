"""A view's window-wide shortcut never takes a menu command's key: Qt treats such a key as
ambiguous while the view is shown and runs neither (the handover's "Sign off" on
Ctrl+Shift+S once silenced File > Save As). Views of different tabs may share a key (Ctrl+E
in every log): only the shown one is active."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QShortcut

_WIDE = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)


def test_no_view_shortcut_takes_a_menu_command_key(main_window) -> None:
    menu_keys: dict[str, str] = {}
    for action in main_window.findChildren(QAction):
        if action.shortcutContext() in _WIDE:
            for key in action.shortcuts():
                if not key.isEmpty():
                    menu_keys[key.toString()] = action.text().replace("&", "")
    assert "Ctrl+Shift+S" in menu_keys  # Save As: the test sees the menu commands
    clashes = []
    for shortcut in main_window.findChildren(QShortcut):
        key = shortcut.key().toString()
        if shortcut.context() in _WIDE and key in menu_keys:
            owner = shortcut.parent()
            clashes.append(f"{key}: {menu_keys[key]} and a shortcut of {type(owner).__name__}")
    assert clashes == []
