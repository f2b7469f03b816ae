"""Project > Update Progress… (Ctrl+U): the tasks that, by the status date, should have
started or finished, each answered with one keystroke.

Keys on the selected task: D done as planned, P % complete…, R new remaining…, N not started
yet, T on track (complete through the status date), A actual dates…. Each answer is one
undoable command through the context; the plan reschedules at once, the list shows the new
values and the selection moves to the next task. The list is made once from the Gantt's
outline (no query), so it opens at once on a 10,000-task plan; answered tasks stay listed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from infradesk.errors import UserError
from infradesk.schedule.durations import (
    DurationError,
    display_duration,
    entry_unit,
    parse_duration,
)
from infradesk.services.changes import Changes
from infradesk.services.plan.errors import TaskEditError
from infradesk.services.plan.outline import Outline
from infradesk.services.plan.task_edit import TaskEdit
from infradesk.services.preferences import load_preferences
from infradesk.ui import theme
from infradesk.ui.context import AppContext
from infradesk.ui.progress import due
from infradesk.ui.progress.date_prompt import ActualDates, ask_actual_dates
from infradesk.ui.settings import format_date

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("WBS", "Task", "Start", "Finish", "% done", "Remaining", "Should have")
# key, button text, what it does
ANSWERS: tuple[tuple[Qt.Key, str, str], ...] = (
    (Qt.Key.Key_D, "&Done as planned (D)", "Finished on its scheduled dates"),
    (Qt.Key.Key_P, "&% complete… (P)", "Type how much of the task is done"),
    (Qt.Key.Key_R, "New &remaining… (R)", "Type the work left, e.g. 3d"),
    (Qt.Key.Key_N, "&Not started yet (N)", "Nothing done yet: the task moves past the status date"),
    (Qt.Key.Key_T, "On &track (T)", "Done as scheduled up to the status date"),
    (Qt.Key.Key_A, "&Actual dates… (A)", "Type when the task really started and finished"),
)


class DueModel(QAbstractTableModel):
    """The listed tasks, read from the outline the Gantt holds (kept up to date by it)."""

    def __init__(self, outline_of: Callable[[], Outline], status: datetime) -> None:
        super().__init__()
        self.outline_of = outline_of
        self.status = status
        self.tasks = due.due_tasks(outline_of(), status)
        self.answered: dict[int, str] = {}  # task id -> the last answer's text
        self.duration_unit = load_preferences().duration_unit  # as the Gantt shows work left

    def row_of(self, index: int) -> int | None:
        """The outline row of listed task ``index`` (None when it was deleted since)."""
        return self.outline_of().row_of.get(self.tasks[index].id)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.tasks)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.row_of(index.row())
        task = self.tasks[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if row is None:
                return "(deleted)" if index.column() == 1 else ""
            return self.text(row, index.column(), task)
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 6:
            return None if task.id in self.answered else theme.current().error
        return None

    def text(self, row: int, column: int, task: due.DueTask) -> str:
        o = self.outline_of()
        if column == 0:
            return o.wbs[row]
        if column == 1:
            return o.name[row]
        if column in (2, 3):
            value = o.start[row] if column == 2 else o.finish[row]
            return f"{value:%a} {format_date(value, 'iso')}" if value else ""
        if column == 4:
            return f"{o.percent[row]:.0f}%"
        if column == 5:
            return display_duration(o.remaining[row], o.minutes_per_day, self.duration_unit)
        answer = self.answered.get(task.id)
        if answer:
            return answer
        if task.should == "start":
            planned = o.baseline_start[row] or o.start[row]
            return f"started {planned:%a %d %b}" if planned else "started"
        planned = o.baseline_finish[row] or o.finish[row]
        return f"finished {planned:%a %d %b}" if planned else "finished"

    def refresh(self) -> None:
        if self.tasks:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.tasks) - 1, 6))


class UpdateProgressDialog(QDialog):
    def __init__(
        self,
        context: AppContext,
        outline_of: Callable[[], Outline],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.outline_of = outline_of
        outline = outline_of()
        self.status = due.effective_status_date(outline)
        self.setWindowTitle("Update Progress")
        self.resize(980, 560)
        # asks for a number or a text; tests answer without a modal box
        self.ask_percent: Callable[[str, float], float | None] = self._ask_percent
        self.ask_text: Callable[[str, str], str | None] = self._ask_text
        self.ask_dates: Callable[[str, int], ActualDates | None] = self._ask_dates
        self.model = DueModel(outline_of, self.status)
        self._history: list[tuple[int, str | None]] = []  # answers given here, for Ctrl+Z
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 50), (2, 120), (3, 120), (4, 60), (5, 80), (6, 170)):
            self.table.setColumnWidth(column, width)
        self.table.installEventFilter(self)
        count = len(self.model.tasks)
        self.heading = QLabel(
            f"By the status date, <b>{self.status:%a %d %b %Y %H:%M}</b>, "
            + (
                f"{count} task{'s' if count != 1 else ''} should have started or finished."
                if count
                else "every task is where the plan says: nothing to update."
            )
        )
        self.message = QLabel()
        theme.text_color(self.message, lambda t: t.error)
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        self.answer_buttons: dict[Qt.Key, QPushButton] = {}
        for key, text, tip in ANSWERS:
            button = QPushButton(text)
            button.setToolTip(tip)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _c=False, k=key: self.answer(k))
            buttons.addWidget(button)
            self.answer_buttons[key] = button
        buttons.addStretch()
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(
            QLabel("One key per task: D done as planned · P % complete · R new remaining · "
                   "N not started yet · T on track · A actual dates. "
                   "Edit > Undo takes an answer back.")
        )  # fmt: skip
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        layout.addWidget(close)
        context.changed.connect(self._on_changed)
        # the dialog is a window of its own: Edit > Undo's keys must work here too
        undo = QShortcut(QKeySequence(QKeySequence.StandardKey.Undo), self)
        undo.activated.connect(self._undo)
        redo = QShortcut(QKeySequence("Ctrl+Y"), self)
        redo.activated.connect(context.redo)
        if count:
            self.table.selectRow(0)
        self.table.setFocus()

    # ------------------------------------------------------------------ keys
    def eventFilter(self, watched: Any, event: Any) -> bool:
        plain = not isinstance(event, QKeyEvent) or not event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        )
        if (
            watched is self.table
            and isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
            and plain
        ):
            key = Qt.Key(event.key())
            if key in self.answer_buttons:
                self.answer(key)
                return True
        return super().eventFilter(watched, event)

    def current(self) -> int | None:
        """The listed index of the selected task."""
        index = self.table.currentIndex()
        return index.row() if index.isValid() else None

    # ------------------------------------------------------------------ answers
    def answer(self, key: Qt.Key) -> bool:
        """Apply the answer ``key`` to the selected task; True when a command ran."""
        listed = self.current()
        if listed is None:
            return False
        row = self.model.row_of(listed)
        o = self.outline_of()
        if row is None or o.project_id is None:
            self.message.setText("That task no longer exists.")
            return False
        task_id = o.ids[row]
        try:
            command, text = self._command_for(key, o, row)
        except UserError as error:
            self.message.setText(str(error))
            return False
        if command is None:
            return False
        try:
            self.context.execute(command)
        except UserError as error:
            self.message.setText(str(error))
            return False
        self.message.clear()
        self._history.append((task_id, self.model.answered.get(task_id)))
        self.model.answered[task_id] = text
        self.model.refresh()
        if listed + 1 < len(self.model.tasks):
            self.table.selectRow(listed + 1)
        return True

    def _command_for(self, key: Qt.Key, o: Outline, row: int) -> tuple[TaskEdit | None, str]:
        project_id, task_id = o.project_id, o.ids[row]
        assert project_id is not None
        if key == Qt.Key.Key_D:
            return due.done_as_planned(project_id, task_id), "done as planned"
        if key == Qt.Key.Key_N:
            return due.not_started(project_id, task_id), "not started yet"
        if key == Qt.Key.Key_T:
            command = due.complete_through(
                o, [row], self.status, "Mark on track", on_track=True
            )
            return command, "on track"
        if key == Qt.Key.Key_P:
            percent = self.ask_percent(o.name[row], o.percent[row])
            if percent is None:
                return None, ""
            if not 0 <= percent <= 100:
                raise TaskEditError(f"{percent:g}% is not a percentage (0 to 100).")
            return due.set_percent(project_id, task_id, percent), f"{percent:g}% done"
        if key == Qt.Key.Key_R:
            left, unit = o.remaining[row], self.model.duration_unit
            shown = display_duration(left, o.minutes_per_day, unit)
            text = self.ask_text(o.name[row], shown)
            if text is None:
                return None, ""
            try:  # the text as shown (rounded: 13.33d) is the work left unchanged
                minutes = (
                    left
                    if text.strip() == shown
                    else parse_duration(text, o.minutes_per_day, default_unit=entry_unit(unit))
                )
            except DurationError as error:
                raise TaskEditError(f"Remaining work of '{o.name[row]}': {error}") from error
            return due.new_remaining(o, row, minutes), f"{text.strip()} left"
        if key == Qt.Key.Key_A:
            dates = self.ask_dates(o.name[row], row)
            if dates is None:
                return None, ""
            start, finish = dates
            if start is not None and finish is not None and finish < start:
                raise TaskEditError(
                    f"'{o.name[row]}': the actual finish is before the actual start."
                )
            said = "finished" if finish else "started" if start else "not started"
            return due.actual_dates(project_id, task_id, start, finish), f"{said} (actual dates)"
        return None, ""

    def _ask_percent(self, name: str, current: float) -> float | None:
        value, ok = QInputDialog.getDouble(
            self, "% complete", f"How much of '{name}' is done (%)?", current, 0, 100, 0
        )
        return value if ok else None

    def _ask_dates(self, name: str, row: int) -> ActualDates | None:
        o = self.outline_of()
        return ask_actual_dates(
            self, name, o.actual_start[row] or o.start[row], o.actual_finish[row]
        )

    def _ask_text(self, name: str, current: str) -> str | None:
        text, ok = QInputDialog.getText(
            self, "Remaining work", f"Work left on '{name}' (e.g. 3d, 6h):", text=current
        )
        return text if ok else None

    def _undo(self) -> None:
        """Take the last answer back (the list shows the values again, the answer's note
        goes when its task is back where it was)."""
        if self.context.undo():
            self.message.clear()
            if self._history:
                task_id, before = self._history.pop()
                if before is None:
                    self.model.answered.pop(task_id, None)
                else:
                    self.model.answered[task_id] = before
                self.model.refresh()

    def _on_changed(self, _changes: Changes) -> None:
        self.model.refresh()  # the Gantt took the changes first: show its new values
