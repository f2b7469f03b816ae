"""Project > Baselines…: the project's baselines with their date and task count; save a new
one, rename, delete (after a confirmation) and choose the one the plan is compared with.

The choice drives the Gantt's grey bars and variance columns, the weekly report and earned
value (:func:`~infradesk.services.plan.baselines.current_baseline_id`). Each button is one
undoable command; the dialog is modeless, takes Edit > Undo's keys itself and follows every
change (its own, an undo in the main window, another window's), so what it lists is always
what is stored.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from infradesk.errors import UserError
from infradesk.services.changes import Changes
from infradesk.services.commands import Command
from infradesk.services.plan.baselines import (
    BaselineInfo,
    ChooseBaseline,
    DeleteBaseline,
    RenameBaseline,
    SaveBaseline,
    load_baselines,
)
from infradesk.ui.context import AppContext

COLUMNS = ("Compared with", "Baseline", "Saved", "Tasks")
CURRENT_MARK = "●"


class BaselinesDialog(QDialog):
    """Lists ``project_id``'s baselines; ``ask_name`` and ``confirm`` are the prompts (tests
    answer them without a modal box)."""

    def __init__(self, context: AppContext, project_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.project_id = project_id
        self.baselines: list[BaselineInfo] = []
        # (title, label, proposed name) -> the name typed, None when cancelled
        self.ask_name: Callable[[str, str, str], str | None] = self._ask_name
        self.confirm: Callable[[str, str], bool] = self._confirm  # (title, question)
        self.setWindowTitle("Baselines")
        self.resize(620, 380)
        intro = QLabel(
            f"The chart's grey bars, the variance columns and the weekly report compare the "
            f"plan with the baseline marked {CURRENT_MARK}. Saving a new baseline marks it; "
            "the others are kept."
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("baselinesTable")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 118), (2, 130), (3, 60)):
            self.table.setColumnWidth(column, width)
        self.table.itemDoubleClicked.connect(lambda _item: self.compare_with_selected())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.message = QLabel()
        self.message.setObjectName("baselinesMessage")
        self.message.setWordWrap(True)
        self.save_button = self._button("&Save New…", self.save_new, "Save the plan as it stands")
        self.rename_button = self._button("&Rename…", self.rename_selected, "Rename (F2)")
        self.delete_button = self._button("&Delete…", self.delete_selected, "Delete (Del)")
        self.compare_button = self._button(
            "&Compare With This",
            self.compare_with_selected,
            "The chart, the variance columns and the report compare the plan with this one",
        )
        buttons = QHBoxLayout()
        for button in (
            self.save_button,
            self.rename_button,
            self.delete_button,
            self.compare_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch()
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        layout.addWidget(close)
        # a window of its own: the keys of the table and of Edit > Undo must work here
        for keys, slot in (
            (QKeySequence.StandardKey.Undo, context.undo),
            (QKeySequence("Ctrl+Y"), context.redo),
            (QKeySequence(Qt.Key.Key_Insert), self.save_new),
            (QKeySequence(Qt.Key.Key_F2), self.rename_selected),
            (QKeySequence(Qt.Key.Key_Delete), self.delete_selected),
        ):
            QShortcut(QKeySequence(keys), self).activated.connect(slot)
        context.changed.connect(self._on_changed)
        self.refresh()
        self.table.setFocus()

    def _button(self, text: str, slot: Callable[[], object], tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # ------------------------------------------------------------------ the list
    def refresh(self) -> None:
        """Read the baselines again, keeping the selected one selected."""
        selected = self.selected()
        self.baselines = load_baselines(self.context.workspace, self.project_id)
        self.table.setRowCount(len(self.baselines))
        bold = QFont(self.font())
        bold.setBold(True)
        for row, info in enumerate(self.baselines):
            cells = (
                CURRENT_MARK if info.current else "",
                info.name,
                f"{info.created_at:%Y-%m-%d %H:%M}",
                str(info.task_count),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (0, 3):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if info.current:
                    item.setFont(bold)
                    item.setToolTip("The plan is compared with this baseline")
                self.table.setItem(row, column, item)
        keep = next(
            (n for n, b in enumerate(self.baselines) if selected and b.id == selected.id), None
        )
        if keep is None:
            keep = next((n for n, b in enumerate(self.baselines) if b.current), None)
        if keep is not None:
            self.table.selectRow(keep)
        if not self.baselines:
            self.message.setText("This project has no baseline yet: Save New… saves one.")
        self._update_buttons()

    def selected(self) -> BaselineInfo | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.baselines):
            return None
        return self.baselines[rows[0].row()]

    def select_name(self, name: str) -> None:
        """Select the baseline called ``name`` (for tests and after a save)."""
        for row, info in enumerate(self.baselines):
            if info.name == name:
                self.table.selectRow(row)
                return
        raise KeyError(name)

    def _update_buttons(self) -> None:
        chosen = self.selected()
        for button in (self.rename_button, self.delete_button):
            button.setEnabled(chosen is not None)
        self.compare_button.setEnabled(chosen is not None and not chosen.current)

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches("baselines", "projects"):
            self.refresh()

    # ------------------------------------------------------------------ the edits
    def _run(self, command: Command, done: str) -> bool:
        try:
            self.context.execute(command)
        except UserError as error:
            self.message.setText(f"⚠ {error}")
            return False
        self.message.setText(done)
        return True

    def save_new(self) -> bool:
        name = self.ask_name("Save New Baseline", "Baseline name:", self._proposed_name())
        if name is None or not name.strip():
            return False
        command = SaveBaseline(self.project_id, name)
        if not self._run(
            command, f"Saved '{name.strip()}'; the plan is compared with it now (Ctrl+Z undoes)."
        ):
            return False
        self.select_name(name.strip())
        return True

    def rename_selected(self) -> bool:
        chosen = self.selected()
        if chosen is None:
            return False
        name = self.ask_name("Rename Baseline", f"New name for '{chosen.name}':", chosen.name)
        if name is None or name.strip() == chosen.name:
            return False
        return self._run(
            RenameBaseline(self.project_id, chosen.id, name),
            f"Renamed '{chosen.name}' to '{name.strip()}'.",
        )

    def delete_selected(self) -> bool:
        chosen = self.selected()
        if chosen is None:
            return False
        question = (
            f"Delete the baseline '{chosen.name}' ({chosen.task_count} tasks, saved "
            f"{chosen.created_at:%Y-%m-%d %H:%M})?"
        )
        if chosen.current:
            others = [b for b in self.baselines if b.id != chosen.id]
            question += (
                f"\n\nThe plan is compared with it now; afterwards it is compared with "
                f"'{max(others, key=lambda b: (b.created_at, b.id)).name}', the latest."
                if others
                else "\n\nIt is the only baseline: nothing is compared afterwards."
            )
        question += "\n\nEdit > Undo (Ctrl+Z) brings it back."
        if not self.confirm("Delete Baseline", question):
            return False
        return self._run(
            DeleteBaseline(self.project_id, chosen.id, chosen.name),
            f"Deleted '{chosen.name}' (Ctrl+Z undoes).",
        )

    def compare_with_selected(self) -> bool:
        chosen = self.selected()
        if chosen is None or chosen.current:
            return False
        return self._run(
            ChooseBaseline(self.project_id, chosen.id, chosen.name),
            f"The chart, the variance columns and the report compare with '{chosen.name}'.",
        )

    def _proposed_name(self) -> str:
        taken = {b.name for b in self.baselines}
        number = len(self.baselines) + 1
        while f"Baseline {number}" in taken:
            number += 1
        return f"Baseline {number}"

    # ------------------------------------------------------------------ prompts
    def _ask_name(self, title: str, label: str, proposed: str) -> str | None:
        name, ok = QInputDialog.getText(self, title, label, text=proposed)
        return name if ok else None

    def _confirm(self, title: str, question: str) -> bool:
        answer = QMessageBox.question(
            self,
            title,
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes
