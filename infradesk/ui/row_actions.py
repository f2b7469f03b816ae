"""Insert and Delete in every table, as in MS Project's task sheet.

**Insert** adds a record (a task below the selected one, a risk, a vendor, a contract...) and
**Delete** removes the selected records after a confirmation; both are undoable commands of
the table's owner. The two keys are QActions of the table (``WidgetShortcut``: they act only
while the table itself has the keyboard, so Delete in a cell editor or a search field still
deletes a character), and the same actions fill the table's context menu, where their keys are
shown. Edit > New Row / Delete Rows in the main window trigger the actions of the table with
the keyboard.

The confirmation is window-modal but not blocking (``QMessageBox.open``): Enter deletes, Esc
keeps; a test or a script never hangs on it (:func:`confirmation_box` finds the open box).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QApplication, QMenu, QMessageBox, QWidget

CONFIRM_NAME = "confirmDelete"
# the keys, as QKeySequence arguments (a standard key needs the application's platform,
# so the sequences are made when the actions are, not on import)
INSERT_KEY = Qt.Key.Key_Insert
DELETE_KEY = QKeySequence.StandardKey.Delete


def plural(noun: str) -> str:
    """``risk`` -> ``risks``, ``delivery`` -> ``deliveries`` (the record nouns of the tables)."""
    if noun.endswith("y") and noun[-2:-1] not in ("a", "e", "o", "u"):
        return noun[:-1] + "ies"
    return noun + "s"


def ask_to_delete(parent: QWidget, question: str, on_yes: Callable[[], object]) -> QMessageBox:
    """Show "Delete …?" (Delete is the default button, Esc cancels); ``on_yes`` runs only
    when Delete is chosen. Returns the open box."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Delete",
        question,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.setObjectName(CONFIRM_NAME)
    box.setInformativeText("You can undo this with Edit > Undo (Ctrl+Z).")
    yes = box.button(QMessageBox.StandardButton.Yes)
    yes.setText("Delete")
    box.setDefaultButton(QMessageBox.StandardButton.Yes)
    box.setEscapeButton(QMessageBox.StandardButton.Cancel)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def answered() -> None:
        if box.clickedButton() is yes:
            on_yes()

    box.finished.connect(lambda _result: answered())
    box.open()
    return box


def confirmation_box(widget: QWidget) -> QMessageBox | None:
    """The delete confirmation open over ``widget``'s window, if any."""
    for box in widget.window().findChildren(QMessageBox, CONFIRM_NAME):
        if box.isVisible():
            return box
    return None


class RowActions(QObject):
    """The Insert and Delete actions of one table.

    ``insert`` adds a record; ``selected`` gives the ids Delete would remove and ``delete``
    removes them (one undoable command). ``noun`` names a record in the confirmation.
    """

    def __init__(
        self,
        table: QAbstractItemView,
        noun: str,
        insert: Callable[[], object],
        selected: Callable[[], Sequence[int]],
        delete: Callable[[list[int]], object],
        insert_text: str = "",
    ) -> None:
        super().__init__(table)
        self.table = table
        self.noun = noun
        self._insert, self._selected, self._delete = insert, selected, delete
        self.insert_action = self._key_action(
            insert_text or f"&New {noun}", INSERT_KEY, self.insert, f"Add a {noun} (Insert)"
        )
        self.delete_action = self._key_action(
            "&Delete", DELETE_KEY, self.ask_delete, f"Delete the selected {plural(noun)} (Delete)"
        )
        table.setProperty("rowActions", self)  # how Edit > New Row finds them

    def _key_action(
        self,
        text: str,
        key: Qt.Key | QKeySequence.StandardKey,
        slot: Callable[[], object],
        tip: str,
    ) -> QAction:
        action = QAction(text, self.table)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.table.addAction(action)
        return action

    def also_on(self, widget: QWidget) -> None:
        """Let the keys act while ``widget`` (e.g. the Gantt chart) has the keyboard too."""
        widget.addAction(self.insert_action)
        widget.addAction(self.delete_action)

    def editing(self) -> bool:
        return self.table.state() == QAbstractItemView.State.EditingState

    def insert(self) -> None:
        if not self.editing():
            self._insert()

    def ask_delete(self) -> None:
        """Ask before deleting the selected records (nothing selected: nothing asked)."""
        ids = list(self._selected())
        if not ids or self.editing():
            return
        if len(ids) == 1:
            question = f"Delete the selected {self.noun}?"
        else:
            question = f"Delete the {len(ids)} selected {plural(self.noun)}?"
        ask_to_delete(self.table, question, lambda: self._delete(ids))

    def fill_menu(self, menu: QMenu) -> None:
        menu.addAction(self.insert_action)
        menu.addAction(self.delete_action)


def row_actions_of(widget: QWidget | None) -> RowActions | None:
    """The row actions of ``widget`` or of the table it is part of (a cell editor)."""
    while widget is not None:
        found = widget.property("rowActions")
        if isinstance(found, RowActions):
            return found
        widget = widget.parentWidget()
    return None


def edit_menu_actions(
    parent: QWidget, shown_table: Callable[[], QWidget | None]
) -> tuple[QAction, QAction]:
    """Edit > New Row and Edit > Delete Rows: the row actions of the table with the keyboard,
    else of ``shown_table()`` (the current tab's table).

    Their keys are shown in the menu but bound with ``WidgetShortcut`` to no widget (a menu
    only), so they never take Insert or Delete from a table's own actions (two actions on
    one key would both be ambiguous and neither would run).
    """

    def target() -> RowActions | None:
        return row_actions_of(QApplication.focusWidget()) or row_actions_of(shown_table())

    def run(delete: bool) -> None:
        rows = target()
        if rows is not None:
            (rows.delete_action if delete else rows.insert_action).trigger()

    actions = []
    for text, key, delete, tip in (
        ("&New Row", INSERT_KEY, False, "Add a record to the table in front (Insert)"),
        ("&Delete Rows", DELETE_KEY, True, "Delete the selected rows, after asking (Delete)"),
    ):
        action = QAction(text, parent)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False, d=delete: run(d))
        actions.append(action)
    return actions[0], actions[1]
