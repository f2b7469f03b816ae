"""Project > Status Date…: the moment the progress is recorded as of, and whether uncompleted
work is rescheduled to start after it (MS Project's option, on by default).

Without a stored status date the project uses "now, to the working time" (the effective
status date the services compute); the dialog shows it and says so. Saving is one undoable
command built by the caller (``build``), so the dialog itself holds no service knowledge.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from infradesk.ui import theme
from infradesk.ui.progress.date_prompt import date_time_edit, from_qt


class StatusDateDialog(QDialog):
    def __init__(
        self,
        stored: datetime | None,
        effective: datetime,
        reschedule_after_status: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Status Date")
        self.stored = stored
        self.use_now = QCheckBox("Use the current date and time (no fixed status date)")
        self.use_now.setChecked(stored is None)
        self.edit = date_time_edit(stored or effective)
        self.edit.setEnabled(stored is not None)
        self.use_now.toggled.connect(lambda on: self.edit.setEnabled(not on))
        self.reschedule = QCheckBox("Reschedule uncompleted work to start after the status date")
        self.reschedule.setChecked(reschedule_after_status)
        hint = QLabel(
            "Progress (% complete, actual dates, earned value) is measured as of this moment. "
            f"Now it is {effective:%a %d %b %Y %H:%M}."
        )
        hint.setWordWrap(True)
        theme.text_color(hint, lambda t: t.muted)
        form = QFormLayout()
        form.addRow(self.use_now)
        form.addRow("Status &date:", self.edit)
        form.addRow(self.reschedule)
        self.error = QLabel()
        theme.text_color(self.error, lambda t: t.error)
        self.error.setWordWrap(True)
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.error)
        layout.addWidget(box)

    def chosen(self) -> tuple[datetime | None, bool]:
        """The status date chosen (None: the current date and time) and the option."""
        moment = None if self.use_now.isChecked() else from_qt(self.edit.dateTime())
        return moment, self.reschedule.isChecked()
