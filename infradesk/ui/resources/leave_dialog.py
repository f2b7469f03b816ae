"""Leave and working time of one resource: the days it is off or works other hours.

The list shows every recorded day; a range of leave (a week of holiday) or of other hours (a
part-time morning, an on-call Saturday) is added in one step, and selected days are removed.
Each change is one command on the undo stack, done at once: the dialog has nothing to save.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from infradesk.errors import UserError
from infradesk.services.changes import Changes
from infradesk.services.commands import Command
from infradesk.services.resources.commands import AddResourceDays, RemoveResourceDays
from infradesk.services.resources.pool import DayRow
from infradesk.services.resources.view import days_view
from infradesk.ui import theme
from infradesk.ui.context import AppContext

KIND_TEXT = {"leave": "Leave", "exception": "Other hours"}
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class LeaveDialog(QDialog):
    """The days of one resource, and a form to add a range of them."""

    def __init__(
        self,
        context: AppContext,
        resource_id: int,
        name: str,
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("leaveDialog")
        self.setWindowTitle(f"Leave and working time — {name}")
        self.context = context
        self.resource_id = resource_id
        self.rows: list[DayRow] = []
        day = today or date.today()
        start = day + timedelta(days=7 - day.weekday())  # next Monday: a week off by default

        self.list = QTableWidget(0, 4)
        self.list.setObjectName("dayList")
        self.list.setHorizontalHeaderLabels(["Date", "Kind", "Hours", "Note"])
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.verticalHeader().setVisible(False)
        self.list.horizontalHeader().setStretchLastSection(True)
        self.list.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.list.itemSelectionChanged.connect(self._selection)
        self.remove_button = QPushButton("Remove selected days")
        self.remove_button.setObjectName("removeDays")
        self.remove_button.setToolTip("Take the selected days out of the list (Delete)")
        self.remove_button.clicked.connect(self.remove_selected)
        remove = QAction("Remove selected days", self.list)
        remove.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        remove.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # the list's own key
        remove.triggered.connect(lambda _checked=False: self.remove_selected())
        self.list.addAction(remove)

        self.start_edit = QDateEdit(_qdate(start))
        self.start_edit.setObjectName("leaveFrom")
        self.end_edit = QDateEdit(_qdate(start + timedelta(days=4)))
        self.end_edit.setObjectName("leaveTo")
        for edit in (self.start_edit, self.end_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.start_edit.dateChanged.connect(self._start_moved)
        self.kind = QComboBox()
        self.kind.setObjectName("dayKind")
        for kind, text in KIND_TEXT.items():
            self.kind.addItem(text, kind)
        self.kind.currentIndexChanged.connect(lambda _n: self._kind_changed())
        self.hours = QLineEdit()
        self.hours.setObjectName("dayHours")
        self.hours.setPlaceholderText("08:00-12:00 (a part-time day)")
        self.note = QLineEdit()
        self.note.setObjectName("dayNote")
        self.note.setPlaceholderText("Holiday, training, on call…")
        self.add_button = QPushButton("Add")
        self.add_button.setObjectName("addDays")
        self.add_button.setDefault(True)
        self.add_button.clicked.connect(self.add_range)
        form = QFormLayout()
        span = QHBoxLayout()
        span.addWidget(self.start_edit)
        span.addWidget(QLabel("to"))
        span.addWidget(self.end_edit)
        span.addStretch(1)
        form.addRow("From", span)
        form.addRow("Kind", self.kind)
        form.addRow("Hours", self.hours)
        form.addRow("Note", self.note)
        form.addRow("", self.add_button)
        box = QGroupBox("Add days")
        box.setLayout(form)

        self.error_label = QLabel()
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        theme.text_color(self.error_label, lambda t: t.bad, "font-weight: 600;")
        self.error_label.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel("Days this resource does not work, or works other hours than its calendar:")
        )
        layout.addWidget(self.list, 1)
        layout.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(box)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.resize(560, 520)
        self._kind_changed()
        self.context.changed.connect(self._on_changed)  # an undo shows here too
        self.reload()

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches("resources"):
            self.reload()

    # ------------------------------------------------------------------ list
    def reload(self) -> None:
        self.rows = days_view(self.context.workspace, self.resource_id)
        self.list.setRowCount(len(self.rows))
        for number, row in enumerate(self.rows):
            cells = (
                f"{row.day.isoformat()} {WEEKDAYS[row.day.weekday()]}",
                KIND_TEXT.get(row.kind, row.kind),
                row.working_hours,
                row.name,
            )
            for column, text in enumerate(cells):
                self.list.setItem(number, column, QTableWidgetItem(text))
        self._selection()

    def selected_day_ids(self) -> list[int]:
        rows = {index.row() for index in self.list.selectionModel().selectedRows()}
        return [self.rows[r].id for r in sorted(rows) if r < len(self.rows)]

    def _selection(self) -> None:
        self.remove_button.setEnabled(bool(self.selected_day_ids()))

    def _start_moved(self, value: QDate) -> None:
        if self.end_edit.date() < value:
            self.end_edit.setDate(value)

    def _kind_changed(self) -> None:
        other = self.kind.currentData() == "exception"
        self.hours.setEnabled(other)
        if not other:
            self.hours.clear()

    # ------------------------------------------------------------------ edits
    def _run(self, make: Callable[[], Command]) -> bool:
        """Make the command (its checks may refuse already) and run it on the undo stack."""
        try:
            self.context.execute(make())
        except UserError as error:
            self.error_label.setText(f"⚠ {error}")
            self.error_label.show()
            return False
        self.error_label.hide()
        self.reload()
        return True

    def add_range(self) -> bool:
        return self._run(
            lambda: AddResourceDays(
                self.resource_id,
                _pydate(self.start_edit.date()),
                _pydate(self.end_edit.date()),
                kind=self.kind.currentData(),
                name=self.note.text(),
                working_hours=self.hours.text(),
            )
        )

    def remove_selected(self) -> bool:
        ids = self.selected_day_ids()
        return bool(ids) and self._run(lambda: RemoveResourceDays(ids))
