"""Keeping what the user typed in a cell when the edit could not be saved (busy workspace)."""

from __future__ import annotations

from PySide6.QtCore import QPersistentModelIndex, QTimer
from PySide6.QtWidgets import QAbstractItemView, QWidget


def reopen_editor_with_typed_value(view: QAbstractItemView, editor: QWidget) -> None:
    """Once ``editor`` has closed, open the cell's editor again holding what was typed.

    Called from the view's ``commitData`` when saving failed for a reason the user cannot fix
    by retyping (another program holds the workspace): the value stays, Enter retries.
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

    QTimer.singleShot(0, view, reopen)
