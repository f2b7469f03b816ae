"""Editors for the Vendors tables: combo boxes for choices and references, line edits with
a hint for dates, money and notice periods. Validation happens in the service on commit."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from infradesk.services.vendors.fields import FIELDS
from infradesk.ui.vendors.record_model import Column, RecordTableModel

Index = QModelIndex | QPersistentModelIndex
NONE_LABEL = "— none —"
PLACEHOLDERS = {
    "date": "YYYY-MM-DD",
    "money": "12500.00",
    "percent": "99.95",
    "notice": "90d, 3 months",
}


class FieldDelegate(QStyledItemDelegate):
    """One delegate per table; it looks the column up in the source model."""

    def __init__(self, entity: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entity = entity

    def _column(self, index: Index) -> tuple[RecordTableModel | None, Column | None]:
        model = index.model()
        while isinstance(model, QSortFilterProxyModel):
            model = model.sourceModel()
        if isinstance(model, RecordTableModel) and 0 <= index.column() < len(model.columns):
            return model, model.columns[index.column()]
        return None, None

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        model, column = self._column(index)
        if model is None or column is None or column.field is None:
            return super().createEditor(parent, option, index)
        spec = FIELDS[self.entity].get(column.field)
        if column.kind == "choice" and spec is not None:
            combo = QComboBox(parent)
            for choice in spec.choices:
                combo.addItem(choice, choice)
            return combo
        if column.kind == "ref" and spec is not None:
            combo = QComboBox(parent)
            combo.addItem(NONE_LABEL, None)
            for ref_id, label in model.ref_choices.get(spec.ref, []):
                combo.addItem(label, ref_id)
            combo.setMaxVisibleItems(20)
            return combo
        editor = QLineEdit(parent)
        editor.setFrame(False)
        placeholder = PLACEHOLDERS.get(column.kind) or PLACEHOLDERS.get(column.key, "")
        editor.setPlaceholderText(placeholder)
        if column.kind in ("money", "int"):
            editor.setAlignment(Qt.AlignmentFlag.AlignRight)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        value: Any = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            position = editor.findData(value)
            editor.setCurrentIndex(max(0, position))
            return
        if isinstance(editor, QLineEdit):
            editor.setText("" if value is None else str(value))
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
            return
        if isinstance(editor, QLineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)
