"""The workspace's acceptance checklist template: add, edit, reorder and delete lines; OK
saves them as one undoable step ("Edit acceptance template")."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from infradesk.services.governance.handover import DEFAULT_TEMPLATE, TemplateLine

_HEADERS = ("Category", "Item", "Evidence expected")


class TemplateDialog(QDialog):
    def __init__(self, lines: Sequence[TemplateLine], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("handoverTemplateDialog")
        self.setWindowTitle("Acceptance checklist template")
        self.original = list(lines)
        note = QLabel(
            "The items every project's operational acceptance checklist starts from "
            "(Create from template adds the ones a checklist does not hold yet)."
        )
        note.setWordWrap(True)
        self.table = QTableWidget(0, len(_HEADERS))
        self.table.setObjectName("templateTable")
        self.table.setHorizontalHeaderLabels(list(_HEADERS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.setColumnWidth(0, 120)
        self.table.setColumnWidth(1, 300)
        self._fill(self.original)

        self.add_button = QPushButton("Add")
        self.add_button.setToolTip("Add a line after the selected one (Insert)")
        self.add_button.clicked.connect(self.add_line)
        self.delete_button = QPushButton("Delete")
        self.delete_button.setToolTip("Delete the selected lines (Delete)")
        self.delete_button.clicked.connect(self.delete_lines)
        self.up_button = QPushButton("Move up")
        self.up_button.setToolTip("Alt+Up")
        self.up_button.clicked.connect(lambda: self.move_line(-1))
        self.down_button = QPushButton("Move down")
        self.down_button.setToolTip("Alt+Down")
        self.down_button.clicked.connect(lambda: self.move_line(1))
        self.reset_button = QPushButton("Reset to default")
        self.reset_button.clicked.connect(lambda: self._fill(DEFAULT_TEMPLATE))
        tools = QHBoxLayout()
        for button in (
            self.add_button,
            self.delete_button,
            self.up_button,
            self.down_button,
        ):
            tools.addWidget(button)
        tools.addStretch(1)
        tools.addWidget(self.reset_button)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(tools)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        for keys, slot in (
            ("Ins", self.add_line),
            ("Del", self.delete_lines),
            ("Alt+Up", lambda: self.move_line(-1)),
            ("Alt+Down", lambda: self.move_line(1)),
        ):
            shortcut = QShortcut(QKeySequence(keys), self.table, slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.resize(860, 480)

    def _fill(self, lines: Sequence[TemplateLine]) -> None:
        self.table.setRowCount(0)
        for line in lines:
            self._insert(self.table.rowCount(), line)

    def _insert(self, row: int, line: TemplateLine) -> None:
        self.table.insertRow(row)
        for column, text in enumerate((line.category, line.title, line.hint)):
            self.table.setItem(row, column, QTableWidgetItem(text))

    def _selected_rows(self) -> list[int]:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        if not rows and self.table.currentRow() >= 0:
            rows = {self.table.currentRow()}
        return sorted(rows)

    def add_line(self) -> None:
        rows = self._selected_rows()
        row = rows[-1] + 1 if rows else self.table.rowCount()
        self._insert(row, TemplateLine("", "New item", ""))
        self.table.setCurrentCell(row, 1)
        item = self.table.item(row, 1)
        if item is not None:
            self.table.editItem(item)

    def delete_lines(self) -> None:
        for row in reversed(self._selected_rows()):
            self.table.removeRow(row)

    def move_line(self, step: int) -> None:
        rows = self._selected_rows()
        if len(rows) != 1:
            return
        row = rows[0]
        target = row + step
        if not 0 <= target < self.table.rowCount():
            return
        line = self._line(row)
        self.table.removeRow(row)
        self._insert(target, line)
        self.table.selectRow(target)

    def _line(self, row: int) -> TemplateLine:
        texts = [
            (item.text() if (item := self.table.item(row, c)) is not None else "")
            for c in range(len(_HEADERS))
        ]
        return TemplateLine(*texts)

    def lines(self) -> list[TemplateLine]:
        return [self._line(row) for row in range(self.table.rowCount())]

    def changed(self) -> bool:
        return self.lines() != self.original
