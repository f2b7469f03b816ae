"""Loading a tab's data only when it is looked at (issue 22).

A tab that is not the current page of its tab widget does not read its data when the project,
the workspace or the data change: it remembers that it is stale and reads once when it is
shown (the main window's ``currentChanged`` or the tab's ``showEvent``), or when code asks it
for its rows. A tab that is not a page of a tab widget (a test's, a dialog's) loads at once,
as before: only a page another page covers is out of sight."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QStackedWidget, QWidget


def out_of_sight(page: QWidget) -> bool:
    """Whether ``page`` is a page of a tab widget (its stack) that shows another page."""
    stack = page.parentWidget()
    return isinstance(stack, QStackedWidget) and stack.currentWidget() is not page


class StaleLoad:
    """When ``page`` reads its data: ``load`` at once if it is in sight, else on
    :meth:`load_if_stale`. ``load`` calls :meth:`loaded` (a direct reload counts too)."""

    def __init__(self, page: QWidget, load: Callable[[], None]) -> None:
        self.page = page
        self.load = load
        self.stale = False

    def request(self) -> None:
        """The data changed: read it now if the page is in sight, else mark it stale."""
        if out_of_sight(self.page):
            self.stale = True
        else:
            self.load()

    def load_if_stale(self) -> bool:
        """Read the data now if a change was left for later; whether it read."""
        if not self.stale:
            return False
        self.load()
        return True

    def loaded(self) -> None:
        self.stale = False
