"""The user guide's keyboard tables name real shortcuts: every Ctrl/Shift/Alt/F-key combination
the guide lists in its "Keyboard shortcuts" section is bound to an action of the main window
or of its tabs, so a renamed shortcut cannot leave the guide behind."""

from __future__ import annotations

import re

from PySide6.QtGui import QAction, QKeySequence, QShortcut

from infradesk.ui.user_guide import guide_path

# keys the guide lists that are not a QAction's shortcut: the table's own edit keys, the
# mouse wheel, and Quit, whose standard key the offscreen platform leaves empty (Ctrl+Q on
# Linux and Windows desktops)
NOT_ACTIONS = {"Ctrl+wheel", "Shift+Tab", "Alt+Up", "Alt+Down", "Ctrl+Q"}
KEY = re.compile(r"\b(?:(?:Ctrl|Shift|Alt)\+)+(?:F\d+|[A-Z0-9=,\-]|wheel|Tab|Up|Down)(?![\w])")


def _listed_keys() -> set[str]:
    path = guide_path()
    assert path is not None
    text = path.read_text(encoding="utf-8")
    section = text[text.index("## Keyboard shortcuts") :]
    section = section[: section.index("\n## ", 1)]
    rows = [line for line in section.splitlines() if line.startswith("| ")]
    return {key for row in rows for key in KEY.findall(row.split("|")[1])}


def _bound_keys(window) -> set[str]:
    keys = set()
    for action in window.findChildren(QAction):
        keys.update(s.toString() for s in action.shortcuts())
    for shortcut in window.findChildren(QShortcut):
        keys.add(shortcut.key().toString())
    return {k for k in keys if k}


def test_every_listed_shortcut_is_bound(main_window) -> None:
    listed = _listed_keys()
    assert {"Ctrl+U", "Ctrl+4", "Ctrl+Shift+T", "Ctrl+Shift+U", "Ctrl+Z"} <= listed
    missing = sorted(listed - NOT_ACTIONS - _bound_keys(main_window))
    assert missing == [], f"the guide lists shortcuts no action has: {missing}"


def test_the_new_progress_shortcuts_are_in_the_guide(main_window) -> None:
    progress = main_window.progress
    listed = _listed_keys()
    for action in (progress.update_action, progress.tracking_action, progress.cost_action):
        key = action.shortcut().toString(QKeySequence.SequenceFormat.PortableText)
        assert key in listed, f"{action.text()} ({key}) is not in the keyboard table"
