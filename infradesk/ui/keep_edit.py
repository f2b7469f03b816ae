"""Keeping what the user typed in a cell when the edit could not be saved.

Two ways a save can fail, one rule: the typed value is never dropped. Another program holding
the workspace (busy) and a value the service refused (an impossible date) both reopen the
cell's editor with the typed value, the message shown at the cell (:mod:`cell_message`) and
where the view shows its messages; the user corrects it or presses Enter again to retry, or
Esc to give up.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QAbstractItemModel, QPersistentModelIndex, QTimer
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QTableView, QWidget

from infradesk.ui.cell_message import cell_message, hide_cell_message
from infradesk.ui.table_keys import CurrentCellKeeper, move_down_after_enter

# An exception raised in a Python override that Qt called (a model's setData under
# commitData) comes back with this put in front of its message.
_OVERRIDE_PREFIX = re.compile(r"^Error calling Python override of [\w:]+\(\): ")


def without_override_prefix(text: str) -> str:
    return _OVERRIDE_PREFIX.sub("", text)


def refusal_text(error: BaseException) -> str:
    """The message of a refusal that passed through Qt, without PySide's prefix."""
    return without_override_prefix(str(error))


def reopen_editor_with_typed_value(
    view: QAbstractItemView, editor: QWidget, message: str | None = None
) -> None:
    """Once ``editor`` has closed, open the cell's editor again holding what was typed, with
    ``message`` (why it was refused) shown under the cell.

    Called from the view's ``commitData`` when saving failed: the value stays, Enter retries.
    """
    index = QPersistentModelIndex(view.currentIndex())
    prop = editor.metaObject().userProperty()
    value = prop.read(editor) if prop.isValid() else None

    def reopen() -> None:
        model = view.model()
        if not index.isValid() or model is None:
            return
        cell = model.index(index.row(), index.column())
        view.setCurrentIndex(cell)
        view.edit(cell)
        reopened = view.indexWidget(cell)
        if reopened is not None and value is not None:
            user_property = reopened.metaObject().userProperty()
            if user_property.isValid():
                user_property.write(reopened, value)
        if message:
            cell_message(view).show_at(cell, message)

    QTimer.singleShot(0, view, reopen)


class KeepEditTableView(QTableView):
    """A table whose refused cell edits come back in a reopened editor.

    The model does not raise through Qt: its ``setData`` hands the edit to a handler that
    shows the refusal and returns its message, and the model reports it with
    :meth:`refuse_edit` (connect the model's ``editRefused`` signal). Both happen inside
    ``commitData``, so the view knows which editor's value to keep.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.refusal: str | None = None  # the last refused edit's message (for tests)
        self._committing = False
        self._refused = False
        self.cell_keeper = CurrentCellKeeper(self)  # the cursor stays put when rows reload

    @property
    def committing(self) -> bool:
        """A cell's value is being saved (its editor is still open)."""
        return self._committing

    def refuse_edit(self, message: str) -> None:
        """The edit being committed was not saved (``message`` says why, already shown)."""
        self.refusal = message
        if self._committing:
            self._refused = True

    def commitData(self, editor: QWidget) -> None:
        self._committing, self._refused = True, False
        try:
            super().commitData(editor)
        finally:
            self._committing = False
        if self._refused:
            reopen_editor_with_typed_value(self, editor, self.refusal)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        hide_cell_message(self)  # saved, or Esc: a refusal's note goes with its editor
        super().closeEditor(editor, hint)
        move_down_after_enter(self, hint, self._refused)  # Enter saved it: the cell below

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        self.cell_keeper.watch(model)
