"""The plan table's editors (lists for the kind, owners, streams, gates and zones; a line
for the rest) and the line drawn under the point of no return."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from infradesk.ui.runbooks.kinds import KINDS, kind_colour, kind_icon, kind_label
from infradesk.ui.runbooks.plan_model import PLAN_COLUMNS, PONR_ROLE
from infradesk.ui.runbooks.zones import ZoneCombo

Index = QModelIndex | QPersistentModelIndex


class PlanDelegate(QStyledItemDelegate):
    """Choices come from the page at each reload: ``pool`` (resource names), ``streams``,
    ``gates`` (the gates' codes)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pool: list[str] = []
        self.streams: list[str] = []
        self.gates: list[str] = []

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        column = PLAN_COLUMNS[index.column()] if 0 <= index.column() < len(PLAN_COLUMNS) else None
        if column is None or column.field is None:
            return super().createEditor(parent, option, index)
        if column.editor == "kind":
            combo = QComboBox(parent)
            for kind in KINDS:
                combo.addItem(kind_icon(kind), kind_label(kind), kind)
            return combo
        if column.editor in ("owner", "stream", "gate"):
            combo = QComboBox(parent)
            combo.setEditable(column.editor != "gate")
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            choices = {"owner": self.pool, "stream": self.streams, "gate": self.gates}
            combo.addItem("", "")
            for name in choices[column.editor]:
                combo.addItem(name, name)
            combo.setMaxVisibleItems(20)
            return combo
        if column.editor == "zone":
            return ZoneCombo(parent, blank="")
        editor = QLineEdit(parent)
        editor.setFrame(False)
        editor.setPlaceholderText(column.tip)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        value = str(index.data(Qt.ItemDataRole.EditRole) or "")
        if isinstance(editor, ZoneCombo):
            editor.set_zone(value)
        elif isinstance(editor, QComboBox):
            found = editor.findData(value)
            if found >= 0:
                editor.setCurrentIndex(found)
            elif editor.isEditable():
                editor.setEditText(value)
        elif isinstance(editor, QLineEdit):
            editor.setText(value)
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        value: Any
        if isinstance(editor, ZoneCombo):
            value = editor.zone()
        elif isinstance(editor, QComboBox):
            value = editor.currentText() if editor.isEditable() else editor.currentData()
        elif isinstance(editor, QLineEdit):
            value = editor.text()
        else:
            super().setModelData(editor, model, index)
            return
        model.setData(index, value, Qt.ItemDataRole.EditRole)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        super().paint(painter, option, index)
        if index.data(PONR_ROLE):
            rect = option.rect
            painter.save()
            painter.setPen(QPen(kind_colour("rollback").darker(110), 3))
            painter.drawLine(rect.left(), rect.bottom() - 1, rect.right(), rect.bottom() - 1)
            painter.restore()
