"""The detail dialog of a meeting: every field, plus a checkable list of the people who can
attend (the project's stakeholders and the resource pool) kept in step with the attendees
text, where anyone else can still be typed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from infradesk.services.governance.meetings import Attendee, join_names, split_names
from infradesk.services.risks.fields import MEETING
from infradesk.ui.risks.record_dialog import RecordDialog

NAME_ROLE = Qt.ItemDataRole.UserRole


class MeetingDialog(RecordDialog):
    def __init__(
        self,
        title: str,
        values: dict[str, Any],
        people: Sequence[Attendee],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(MEETING, title, values, parent=parent)
        editor = self.editors["attendees"]
        assert isinstance(editor, QPlainTextEdit)
        self.attendees_text = editor
        self.people = QListWidget()
        self.people.setObjectName("attendeePicker")
        present = {name.lower() for name in split_names(editor.toPlainText())}
        for person in people:
            where = "stakeholder" if person.source == "stakeholder" else "resource pool"
            detail = f" — {person.detail}" if person.detail else ""
            item = QListWidgetItem(f"{person.name}{detail} ({where})")
            item.setData(NAME_ROLE, person.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = person.name.lower() in present
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.people.addItem(item)
        self.people.setMinimumHeight(120)
        group = QGroupBox("Pick attendees (stakeholders and resource pool; type others above)")
        box = QVBoxLayout(group)
        box.addWidget(self.people)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.count() - 1, group)
        self.people.itemChanged.connect(self._picked)
        editor.textChanged.connect(self._typed)
        self.resize(self.width(), self.height() + 140)

    def item_named(self, name: str) -> QListWidgetItem | None:
        for n in range(self.people.count()):
            item = self.people.item(n)
            if str(item.data(NAME_ROLE)).lower() == name.lower():
                return item
        return None

    def set_picked(self, name: str, on: bool) -> None:
        item = self.item_named(name)
        assert item is not None, name
        item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def _picked(self, item: QListWidgetItem) -> None:
        """A name (un)checked: add it to or take it out of the attendees text."""
        name = str(item.data(NAME_ROLE))
        names = split_names(self.attendees_text.toPlainText())
        kept = [n for n in names if n.lower() != name.lower()]
        if item.checkState() == Qt.CheckState.Checked:
            kept.append(name)
        text = join_names(kept)
        if text != self.attendees_text.toPlainText():
            self.attendees_text.setPlainText(text)

    def _typed(self) -> None:
        """The text edited by hand: tick the listed people it names."""
        present = {n.lower() for n in split_names(self.attendees_text.toPlainText())}
        self.people.blockSignals(True)
        for n in range(self.people.count()):
            item = self.people.item(n)
            on = str(item.data(NAME_ROLE)).lower() in present
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.people.blockSignals(False)
