"""Editors chosen by field kind, for inline cells (delegate) and the detail dialog."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from infradesk.services.risks.fields import FieldSpec
from infradesk.services.risks.scoring import responses_for
from infradesk.ui.risks.raid_model import FIELD_ROLE, ROW_ROLE

Index = QModelIndex | QPersistentModelIndex


def make_editor(spec: FieldSpec, parent: QWidget | None, choices: Sequence[Any] = ()) -> QWidget:
    """A widget for one field; read and write it with editor_value / set_editor_value.

    For a reference field ``choices`` holds (id, label) pairs."""
    if spec.kind == "ref":
        combo = QComboBox(parent)
        combo.addItem("(none)", 0)
        for record_id, label in choices:
            combo.addItem(label, record_id)
        return combo
    if spec.kind in ("choice", "category"):
        combo = QComboBox(parent)
        combo.setEditable(spec.kind == "category")
        for choice in choices or spec.choices:
            combo.addItem(choice or "(none)", choice)
        return combo
    if spec.kind in ("level", "level0", "int"):
        spin = QSpinBox(parent)
        if spec.kind == "int":
            spin.setRange(-9999, 9999)
            spin.setSuffix(" d")
        else:
            spin.setRange(0 if spec.kind == "level0" else 1, 5)
            if spec.kind == "level0":
                spin.setSpecialValueText("–")
        return spin
    if spec.kind == "bool":
        return QCheckBox(parent)
    if spec.kind == "long":
        text = QPlainTextEdit(parent)
        text.setTabChangesFocus(True)
        text.setMinimumHeight(54)
        return text
    line = QLineEdit(parent)
    if spec.kind == "date":
        line.setPlaceholderText("YYYY-MM-DD")
    elif spec.kind == "datetime":
        line.setPlaceholderText("YYYY-MM-DD HH:MM")
    elif spec.kind == "money":
        line.setPlaceholderText("0.00")
    return line


def set_editor_value(editor: QWidget, value: Any) -> None:
    if isinstance(editor, QComboBox):
        if isinstance(value, int) or (value is None and editor.itemData(0) == 0):
            editor.setCurrentIndex(max(editor.findData(value or 0), 0))
            return
        text = "" if value is None else str(value)
        found = editor.findData(text)
        if found >= 0:
            editor.setCurrentIndex(found)
        elif editor.isEditable():
            editor.setEditText(text)
    elif isinstance(editor, QSpinBox):
        editor.setValue(int(value or 0))
    elif isinstance(editor, QCheckBox):
        editor.setChecked(bool(value))
    elif isinstance(editor, QPlainTextEdit):
        editor.setPlainText("" if value is None else str(value))
    elif isinstance(editor, QLineEdit):
        if isinstance(value, datetime):
            editor.setText(value.strftime("%Y-%m-%d %H:%M"))
        else:
            editor.setText("" if value is None else str(value))


def editor_value(editor: QWidget) -> Any:
    if isinstance(editor, QComboBox):
        if editor.isEditable():
            return editor.currentText()
        data = editor.currentData()
        if data == 0 and editor.itemText(0) == "(none)" and editor.currentIndex() == 0:
            return None  # no reference
        return data if data is not None else editor.currentText()
    if isinstance(editor, QSpinBox):
        return editor.value()
    if isinstance(editor, QCheckBox):
        return editor.isChecked()
    if isinstance(editor, QPlainTextEdit):
        return editor.toPlainText()
    if isinstance(editor, QLineEdit):
        return editor.text()
    return None


class FieldDelegate(QStyledItemDelegate):
    """Inline editors for editable RAID columns; choices can be narrowed per row."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choices_for: dict[str, Sequence[str]] = {}  # field name -> choices override

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        spec = index.data(FIELD_ROLE)
        if not isinstance(spec, FieldSpec):
            return super().createEditor(parent, option, index)
        choices = self.choices_for.get(spec.name, ())
        row = index.data(ROW_ROLE)
        if spec.name == "response" and row is not None and hasattr(row, "kind"):
            choices = responses_for(row.kind)  # threats and opportunities differ
        editor = make_editor(spec, parent, choices)
        if isinstance(editor, QPlainTextEdit):  # long text edits in the dialog, one line here
            editor.deleteLater()
            editor = QLineEdit(parent)
        editor.setAutoFillBackground(True)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(index.data(FIELD_ROLE), FieldSpec):
            set_editor_value(editor, index.data(Qt.ItemDataRole.EditRole))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(index.data(FIELD_ROLE), FieldSpec):
            model.setData(index, editor_value(editor), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)
