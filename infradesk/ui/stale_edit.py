"""Someone changed the record since the view read it: the edit was refused
(:class:`~infradesk.services.commands.StaleEditError`, naming who and when).

:meth:`infradesk.ui.context.AppContext.execute` reloads the views, then asks here whether to
apply what the user typed to the record as it is now; Yes re-issues the edit expecting the
reloaded version, No keeps the refusal (the cell keeps the typed value, Enter retries).
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox

from infradesk.services.commands import StaleEditError

TITLE = "Changed by someone else"


def shown_value(typed: object) -> str:
    """The typed value as the question quotes it (long texts cut)."""
    text = str(typed)
    return text if len(text) <= 80 else text[:77] + "…"


def question(error: StaleEditError, typed: object | None) -> str:
    """The refusal and the offer: ``Apply your value '…' to the reloaded record?``."""
    offer = (
        "Apply your edit to the reloaded record?"
        if typed is None
        else f"Apply your value '{shown_value(typed)}' to the reloaded record?"
    )
    return f"{error}\n\nThe view now shows the record as it is.\n{offer}"


def ask(error: StaleEditError, typed: object | None) -> bool:
    """Show the refusal and offer the typed value again; True to apply it."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        TITLE,
        question(error, typed),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QApplication.activeWindow(),
    )
    box.setObjectName("staleEditQuestion")
    box.setDefaultButton(QMessageBox.StandardButton.No)
    box.button(QMessageBox.StandardButton.Yes).setText("Apply my value")
    box.button(QMessageBox.StandardButton.No).setText("Keep theirs")
    return box.exec() == QMessageBox.StandardButton.Yes
