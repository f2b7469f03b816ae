"""Excel's cell cursor in the editable tables: Enter saves the cell and moves down one row,
and the current cell stays where it was when the table reloads after an edit.

Qt closes an editor with the ``SubmitModelCache`` hint only when Enter or Return saved it (Tab
asks for the next item, Esc reverts, a click elsewhere gives no hint), so that hint is what
moves the current cell down, in the same column. A refused edit does not move: its editor
reopens on the same cell with the typed value (see :mod:`infradesk.ui.keep_edit`).

A saved edit reloads the table (its model is reset), which leaves it without a current cell,
so the next Right or F2 did nothing; :class:`CurrentCellKeeper` puts the cursor back on the
same record (found by its id) and column.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QItemSelectionModel, QObject
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView

from infradesk.ui.record_model_base import ID_ROLE

SAVED_BY_ENTER = QAbstractItemDelegate.EndEditHint.SubmitModelCache


def move_down_after_enter(
    view: QAbstractItemView, hint: QAbstractItemDelegate.EndEditHint, refused: bool
) -> bool:
    """After ``view`` closed an editor: when Enter saved it, make the cell below current
    (its row selected, as a click would). True when the cell moved."""
    if hint != SAVED_BY_ENTER or refused:
        return False
    current = view.currentIndex()
    model, selection = view.model(), view.selectionModel()
    if not current.isValid() or model is None or selection is None:
        return False
    if current.row() + 1 >= model.rowCount(current.parent()):
        return False  # the last row: Excel stays there too
    below = current.sibling(current.row() + 1, current.column())
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
    if view.selectionBehavior() == QAbstractItemView.SelectionBehavior.SelectRows:
        flags |= QItemSelectionModel.SelectionFlag.Rows
    selection.setCurrentIndex(below, flags)
    view.scrollTo(below)
    return True


class CurrentCellKeeper(QObject):
    """Keeps ``view``'s current cell (its record id and column) across its model's resets."""

    def __init__(self, view: QAbstractItemView, id_role: int = ID_ROLE) -> None:
        super().__init__(view)
        self.view = view
        self.id_role = id_role
        self._kept: tuple[Any, int] | None = None
        self._model: QAbstractItemModel | None = None

    def watch(self, model: QAbstractItemModel | None) -> None:
        """Follow ``model`` (the view's new model) instead of the previous one."""
        if self._model is not None:
            self._model.modelAboutToBeReset.disconnect(self._remember)
            self._model.modelReset.disconnect(self._restore)
        self._model = model
        if model is not None:
            model.modelAboutToBeReset.connect(self._remember)
            model.modelReset.connect(self._restore)

    def _remember(self) -> None:
        current = self.view.currentIndex()
        record = current.siblingAtColumn(0).data(self.id_role) if current.isValid() else None
        self._kept = (record, current.column()) if record is not None else None

    def _restore(self) -> None:
        """Runs after the view's own reset, before the owner re-selects its rows (an owner
        that re-selects a row keeps the column: see ``current_column``)."""
        kept, self._kept = self._kept, None
        model, selection = self.view.model(), self.view.selectionModel()
        if kept is None or model is None or selection is None:
            return
        record, column = kept
        for row in range(model.rowCount()):
            if model.index(row, 0).data(self.id_role) == record:
                cell = model.index(row, min(column, model.columnCount() - 1))
                selection.setCurrentIndex(cell, QItemSelectionModel.SelectionFlag.NoUpdate)
                return


def current_column(view: QAbstractItemView) -> int:
    """The current cell's column (0 when there is none): what re-selecting a row keeps."""
    current = view.currentIndex()
    return current.column() if current.isValid() else 0
