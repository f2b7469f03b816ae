"""Small modal prompts for dates: one date and time (complete through), a task's actual
start and finish (Update Progress's A key)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QCheckBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QWidget,
)


def to_qt(value: datetime) -> QDateTime:
    return QDateTime(value.year, value.month, value.day, value.hour, value.minute, 0)


def from_qt(value: QDateTime) -> datetime:
    d, t = value.date(), value.time()
    return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())


def date_time_edit(value: datetime) -> QDateTimeEdit:
    edit = QDateTimeEdit(to_qt(value))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("ddd dd MMM yyyy HH:mm")
    return edit


def ask_date_time(parent: QWidget, title: str, label: str, default: datetime) -> datetime | None:
    """The date-time the user chose, or None when cancelled."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    form = QFormLayout(dialog)
    edit = date_time_edit(default)
    form.addRow(label, edit)
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    form.addRow(box)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return from_qt(edit.dateTime())


ActualDates = tuple[datetime | None, datetime | None]


def ask_actual_dates(
    parent: QWidget, name: str, start: datetime | None, finish: datetime | None
) -> ActualDates | None:
    """The actual start and finish typed for task ``name`` (unchecked: None), or None when
    cancelled."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(f"Actual dates of '{name}'")
    form = QFormLayout(dialog)
    edits = []
    for label, value in (("Actual &start", start), ("Actual &finish", finish)):
        box = QCheckBox(label)
        edit = date_time_edit(value or start or datetime.now())
        box.setChecked(value is not None)
        edit.setEnabled(value is not None)
        box.toggled.connect(edit.setEnabled)
        form.addRow(box, edit)
        edits.append((box, edit))
    box_buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    box_buttons.accepted.connect(dialog.accept)
    box_buttons.rejected.connect(dialog.reject)
    form.addRow(box_buttons)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    chosen = [from_qt(edit.dateTime()) if box.isChecked() else None for box, edit in edits]
    return chosen[0], chosen[1]
