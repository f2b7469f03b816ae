"""Answering the delete confirmation (:mod:`infradesk.ui.row_actions`) in tests."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from infradesk.ui.row_actions import confirmation_box


def answer_delete(qtbot, widget: QWidget, *, delete: bool = True) -> str:
    """Choose Delete (or Cancel) in the confirmation open over ``widget``; its question."""
    qtbot.waitUntil(lambda: confirmation_box(widget) is not None)
    box = confirmation_box(widget)
    assert box is not None
    question = box.text()
    choice = QMessageBox.StandardButton.Yes if delete else QMessageBox.StandardButton.Cancel
    box.button(choice).click()
    qtbot.waitUntil(lambda: confirmation_box(widget) is None)
    window = widget.window()
    window.activateWindow()  # the box gave activation back (keys act in the active window)
    qtbot.waitUntil(window.isActiveWindow)
    return question
