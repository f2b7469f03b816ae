"""Editors of the resource sheet: combo boxes for the type, the vendor and the calendar,
line edits with a hint for the rest. The service checks what was typed on commit."""

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

from infradesk.services.resources.fields import KINDS
from infradesk.ui.keep_edit import KeepEditTableView
from infradesk.ui.resources.columns import PROJECT_CALENDAR
from infradesk.ui.vendors.record_model import Column, RecordTableModel
from infradesk.ui.vendors.section import RecordProxy, make_table

Index = QModelIndex | QPersistentModelIndex
NONE_LABELS = {"vendor_id": "— none —", "calendar_id": PROJECT_CALENDAR}
PLACEHOLDERS = {
    "max_units": "100%, 50%, 300%",
    "rate_per_hour": "85.00",
    "cost_per_use": "0.00",
    "email": "name@example.com",
    "material_label": "m",
}


class SheetDelegate(QStyledItemDelegate):
    """One delegate for the sheet; the column is looked up in the source model, and a
    reference column's choices in the model's ``ref_choices`` (by column key)."""

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
        if column.kind == "choice":
            combo = QComboBox(parent)
            for kind in KINDS:
                combo.addItem(kind, kind)
            return combo
        if column.kind == "ref":
            combo = QComboBox(parent)
            combo.addItem(NONE_LABELS.get(column.key, "— none —"), None)
            for ref_id, label in model.ref_choices.get(column.key, []):
                combo.addItem(label, ref_id)
            combo.setMaxVisibleItems(20)
            return combo
        editor = QLineEdit(parent)
        editor.setFrame(False)
        editor.setPlaceholderText(PLACEHOLDERS.get(column.key, ""))
        if column.kind in ("money", "units"):
            editor.setAlignment(Qt.AlignmentFlag.AlignRight)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        value: Any = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(value)))
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


def resource_table(model: RecordTableModel, name: str) -> tuple[KeepEditTableView, RecordProxy]:
    """The Vendors tab's record table (sorting, a text filter, refused edits kept in the
    cell) over ``model``, with this module's editors."""
    table, proxy = make_table(model, name)
    table.setObjectName(name)
    table.setItemDelegate(SheetDelegate(table))
    return table, proxy
