"""The detail dialog of one RAID record: every field (long text too) and its links."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from infradesk.services.risks.fields import Entity
from infradesk.ui.risks.editors import editor_value, make_editor, set_editor_value


class LinkList(QListWidget):
    """A checkable list of things to link (tasks, risks, issues)."""

    def __init__(self, options: Sequence[tuple[int, str]], checked: set[int]) -> None:
        super().__init__()
        for option_id, text in options:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, option_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if option_id in checked else Qt.CheckState.Unchecked
            )
            self.addItem(item)
        self.setMinimumHeight(90)

    def checked_ids(self) -> set[int]:
        return {
            self.item(n).data(Qt.ItemDataRole.UserRole)
            for n in range(self.count())
            if self.item(n).checkState() == Qt.CheckState.Checked
        }


def _text(value: Any) -> str:
    """How a value compares with what its editor holds (a date-time to the minute, as the
    editor shows it)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return str(value)


class EditsDialog(QDialog):
    """A dialog of field editors and link lists that says what the user changed."""

    initial: dict[str, Any]
    editors: dict[str, QWidget]
    link_lists: dict[str, LinkList]
    initial_links: dict[str, set[int]]

    def changes(self) -> dict[str, Any]:
        """The fields whose value differs from the one the dialog opened with."""
        changed = {}
        for name, editor in self.editors.items():
            value = editor_value(editor)
            if _text(value) != _text(self.initial.get(name)):
                changed[name] = value
        return changed

    def link_changes(self) -> dict[str, set[int]]:
        return {
            name: linked.checked_ids()
            for name, linked in self.link_lists.items()
            if linked.checked_ids() != self.initial_links[name]
        }


class RecordDialog(EditsDialog):
    """Edit all fields of a record; ``changes()`` returns only what the user changed."""

    def __init__(
        self,
        spec: Entity,
        title: str,
        values: dict[str, Any],
        links: dict[str, tuple[Sequence[tuple[int, str]], set[int]]] | None = None,
        choices: dict[str, Sequence[Any]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.spec = spec
        self.initial = dict(values)
        self.editors: dict[str, QWidget] = {}
        self.link_lists: dict[str, LinkList] = {}
        self.initial_links: dict[str, set[int]] = {}
        short = QFormLayout()
        long_box = QGridLayout()
        title_row: QFormLayout | None = None
        row = 0
        for field in spec.fields:
            editor = make_editor(field, self, (choices or {}).get(field.name, ()))
            editor.setObjectName(f"field_{field.name}")
            set_editor_value(editor, values.get(field.name))
            self.editors[field.name] = editor
            if isinstance(editor, QPlainTextEdit):
                long_box.addWidget(QLabel(field.label), row, 0)
                long_box.addWidget(editor, row + 1, 0)
                row += 2
            elif field.name == "title":  # the headline gets the whole width
                title_row = QFormLayout()
                title_row.addRow(field.label, editor)
            else:
                short.addRow(field.label, editor)
        columns = QHBoxLayout()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(short)
        left.setMinimumWidth(340)
        columns.addWidget(left, 1, Qt.AlignmentFlag.AlignTop)
        right = QVBoxLayout()
        if row:
            texts = QWidget()
            texts.setLayout(long_box)
            right.addWidget(texts)
        for name, (options, checked) in (links or {}).items():
            group = QGroupBox(name)
            group_layout = QVBoxLayout(group)
            linked = LinkList(options, checked)
            linked.setObjectName(f"links_{name}")
            group_layout.addWidget(linked)
            self.link_lists[name] = linked
            self.initial_links[name] = set(checked)
            (left_layout if row else right).addWidget(group)  # under the fields if texts
        columns.addLayout(right, 2)
        body = QWidget()
        body.setLayout(columns)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if title_row is not None:
            layout.addLayout(title_row)
        layout.addWidget(scroll)
        layout.addWidget(buttons)
        self.resize(980 if row else 560, 640 if row else 420)

