"""A refused cell edit said at the cell: a small note under the cell being corrected.

The tables reopen a refused cell's editor with what was typed (:mod:`infradesk.ui.keep_edit`);
this note, drawn in the palette's tooltip colours (so it follows the theme), says why right
there, under the cell (above it near the bottom edge), until the editor closes.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractItemView, QLabel

MAX_WIDTH = 440
ERROR_EDGE = "#c0392b"


class CellMessage(QLabel):
    """The note of one view, a child of its viewport (it scrolls with the cell)."""

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view.viewport())
        self.setObjectName("cellMessage")
        self.setWordWrap(True)
        self.view = view
        self.hide()

    def show_at(self, index: QModelIndex | QPersistentModelIndex, text: str) -> None:
        view, viewport = self.view, self.view.viewport()
        cell = view.model().index(index.row(), index.column()) if view.model() else QModelIndex()
        rect = view.visualRect(cell)
        if rect.isNull():
            return
        palette = view.palette()
        back = palette.color(QPalette.ColorRole.ToolTipBase).name()
        fore = palette.color(QPalette.ColorRole.ToolTipText).name()
        self.setStyleSheet(
            f"QLabel#cellMessage {{ background: {back}; color: {fore};"
            f" border: 1px solid {ERROR_EDGE}; border-left: 3px solid {ERROR_EDGE};"
            " padding: 3px 6px; }"
        )
        self.setText(f"⚠ {text}")
        self.ensurePolished()  # the style sheet's padding and border count in the sizes below
        room = max(120, viewport.width() - 4)
        one_line = self.fontMetrics().horizontalAdvance(self.text()) + 20  # with the padding
        width = min(MAX_WIDTH, room, max(rect.width(), one_line))
        self.setFixedWidth(width)
        self.setFixedHeight(max(self.heightForWidth(width), self.minimumSizeHint().height()))
        x = max(0, min(rect.left(), viewport.width() - width))
        y = rect.bottom() + 2
        if y + self.height() > viewport.height() and rect.top() - self.height() - 2 >= 0:
            y = rect.top() - self.height() - 2
        self.move(x, y)
        self.raise_()
        self.show()


def cell_message(view: QAbstractItemView) -> CellMessage:
    """The view's note, made on first use."""
    found = view.viewport().findChild(CellMessage)
    return found if isinstance(found, CellMessage) else CellMessage(view)


def hide_cell_message(view: QAbstractItemView) -> None:
    found = view.viewport().findChild(CellMessage)
    if isinstance(found, CellMessage):
        found.hide()
