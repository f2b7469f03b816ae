"""The task dialog (double-click): every field, notes, constraint, deadline, the predecessors
with type and lag, and the task's risks and deliveries. Saving is one undo step."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, cast

from PySide6.QtCore import QDateTime, QStringListModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from infradesk.errors import UserError
from infradesk.schedule.durations import DurationError, format_days, format_duration, parse_duration
from infradesk.schedule.engine import LINK_TYPES
from infradesk.services.plan.errors import TaskEditError
from infradesk.services.plan.field_edits import UpdateTask
from infradesk.services.plan.link_edits import SetPredecessors
from infradesk.services.plan.outline import Outline
from infradesk.services.plan.task_edit import TaskEdit, TaskEditGroup


def _qdt(value: datetime) -> QDateTime:
    return QDateTime(value.year, value.month, value.day, value.hour, value.minute, 0)


def _py(value: QDateTime) -> datetime:
    d, t = value.date(), value.time()
    return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())


class TaskDialog(QDialog):
    def __init__(
        self,
        outline: Outline,
        row: int,
        notes: str = "",
        risks: list[str] | None = None,
        deliveries: list[Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.outline = outline
        self.row = row
        self.task_id = outline.ids[row]
        self.original_notes = notes
        summary = outline.summary[row]
        self.setWindowTitle(f"Task {outline.wbs[row]} — {outline.name[row]}")
        self.resize(620, 480)
        mpd = outline.minutes_per_day

        tabs = QTabWidget()
        general = QWidget()
        form = QFormLayout(general)
        self.name = QLineEdit(outline.name[row])
        self.duration = QLineEdit(format_duration(outline.duration[row], mpd))
        self.duration.setEnabled(not summary)
        self.percent = QDoubleSpinBox()
        self.percent.setRange(0, 100)
        self.percent.setDecimals(0)
        self.percent.setSuffix(" %")
        self.percent.setValue(outline.percent[row])
        self.percent.setEnabled(not summary)
        self.owner = QLineEdit(outline.owner[row])
        self.milestone = QCheckBox("Milestone")
        self.milestone.setChecked(outline.milestone[row])
        self.production = QCheckBox("Production change (moved out of change freezes)")
        self.production.setChecked(outline.production[row])
        form.addRow("&Name:", self.name)
        form.addRow("&Duration:", self.duration)
        form.addRow("% &Complete:", self.percent)
        form.addRow("&Owner:", self.owner)
        form.addRow("", self.milestone)
        form.addRow("", self.production)
        start, finish = outline.start[row], outline.finish[row]
        tf = outline.total_float(row)
        info = []
        if start:
            info.append(f"Start {start:%a %d %b %Y %H:%M}")
        if finish:
            info.append(f"Finish {finish:%a %d %b %Y %H:%M}")
        if tf is not None:
            info.append(f"Total float {format_days(tf, mpd)}" + (" (critical)" if tf <= 0 else ""))
        form.addRow("Scheduled:", QLabel(" · ".join(info)))

        self.snet_enabled = QCheckBox("Start no earlier than")
        self.snet = QDateTimeEdit(_qdt(outline.snet[row] or start or datetime.now()))
        self.snet.setCalendarPopup(True)
        self.snet.setDisplayFormat("ddd dd MMM yyyy HH:mm")
        self.snet_enabled.setChecked(outline.snet[row] is not None)
        self.snet.setEnabled(outline.snet[row] is not None)
        self.snet_enabled.toggled.connect(self.snet.setEnabled)
        self.deadline_enabled = QCheckBox("Deadline")
        self.deadline = QDateTimeEdit(_qdt(outline.deadline[row] or finish or datetime.now()))
        self.deadline.setCalendarPopup(True)
        self.deadline.setDisplayFormat("ddd dd MMM yyyy HH:mm")
        self.deadline_enabled.setChecked(outline.deadline[row] is not None)
        self.deadline.setEnabled(outline.deadline[row] is not None)
        self.deadline_enabled.toggled.connect(self.deadline.setEnabled)
        form.addRow(self.snet_enabled, self.snet)
        form.addRow(self.deadline_enabled, self.deadline)
        tabs.addTab(general, "&General")

        preds = QWidget()
        preds_layout = QVBoxLayout(preds)
        self._choice_model: QStringListModel | None = None
        self._choices: list[int | None] = []
        self._choice_index: dict[int | None, int] = {}
        self.links = QTableWidget(0, 3)
        self.links.setHorizontalHeaderLabels(["Predecessor", "Type", "Lag"])
        self.links.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.links.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for pred, succ, kind, lag in outline.links:
            if succ == self.task_id and pred in outline.row_of:
                self._add_link_row(pred, kind, lag)
        buttons = QHBoxLayout()
        add = QPushButton("&Add predecessor")
        add.clicked.connect(lambda: self._add_link_row(None, "FS", 0))
        remove = QPushButton("&Remove")
        remove.clicked.connect(self._remove_link_row)
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch()
        preds_layout.addWidget(self.links)
        preds_layout.addLayout(buttons)
        tabs.addTab(preds, "&Predecessors")

        self.notes = QPlainTextEdit(notes)
        tabs.addTab(self.notes, "N&otes")

        related = QListWidget()
        related.setWordWrap(True)
        related.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for line in risks or []:
            related.addItem(line)
        for marker in deliveries or []:
            late = " — late" if getattr(marker, "late", False) else ""
            related.addItem(f"Delivery {marker.date:%d %b %Y}: {marker.description}{late}")
        if not related.count():
            related.addItem("No open risks or deliveries are linked to this task.")
        tabs.addTab(related, "Risks && &deliveries")

        self.error = QLabel()
        self.error.setStyleSheet("color: #c0392b")
        self.error.setWordWrap(True)
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(self.error)
        layout.addWidget(box)
        self.command: TaskEdit | None = None
        # Saves the built edit and returns why it was refused, or None; without one, the
        # caller runs ``command`` after the dialog closed.
        self.runner: Callable[[TaskEdit], str | None] | None = None

    # ------------------------------------------------------------------ predecessors
    def _add_link_row(self, pred: int | None, kind: str, lag: int) -> None:
        o = self.outline
        r = self.links.rowCount()
        self.links.insertRow(r)
        if self._choice_model is None:  # one list shared by every row: cheap on big plans
            self._choices = [None] + [t for t in o.ids if t != self.task_id]
            labels = ["(choose a task)"] + [
                f"{row + 1}  {o.wbs[row]}  {o.name[row]}"
                for row, task_id in enumerate(o.ids)
                if task_id != self.task_id
            ]
            self._choice_model = QStringListModel(labels, self)
            self._choice_index = {t: i for i, t in enumerate(self._choices)}
        tasks = QComboBox()
        tasks.setModel(self._choice_model)
        tasks.setCurrentIndex(self._choice_index.get(pred, 0) if pred is not None else 0)
        types = QComboBox()
        types.addItems(list(LINK_TYPES))
        types.setCurrentText(kind)
        lag_edit = QLineEdit(format_duration(lag, o.minutes_per_day) if lag else "0d")
        self.links.setCellWidget(r, 0, tasks)
        self.links.setCellWidget(r, 1, types)
        self.links.setCellWidget(r, 2, lag_edit)

    def _remove_link_row(self) -> None:
        row = self.links.currentRow()
        if row >= 0:
            self.links.removeRow(row)

    def link_specs(self) -> list[tuple[int, str, int]]:
        specs = []
        for r in range(self.links.rowCount()):
            # the cell widgets _add_link_row put there
            tasks = cast(QComboBox, self.links.cellWidget(r, 0))
            types = cast(QComboBox, self.links.cellWidget(r, 1))
            lag_edit = cast(QLineEdit, self.links.cellWidget(r, 2))
            pred = self._choices[max(0, tasks.currentIndex())]
            if pred is None:
                continue
            try:
                lag = parse_duration(
                    lag_edit.text() or "0", self.outline.minutes_per_day, allow_negative=True
                )
            except DurationError as error:
                raise TaskEditError(f"Predecessor row {r + 1}: {error}") from error
            specs.append((int(pred), types.currentText(), lag))
        return specs

    # ------------------------------------------------------------------ saving
    def build_command(self, project_id: int) -> TaskEdit | None:
        """The edits the dialog asks for (None when nothing changed)."""
        o, row = self.outline, self.row
        changes: dict[str, Any] = {}
        name = self.name.text().strip()
        if name != o.name[row]:
            changes["name"] = name
        if not o.summary[row]:
            try:
                minutes = parse_duration(self.duration.text(), o.minutes_per_day)
            except DurationError as error:
                raise TaskEditError(str(error)) from error
            if minutes != o.duration[row]:
                changes["duration_minutes"] = minutes
            if self.percent.value() != o.percent[row]:
                changes["percent_complete"] = self.percent.value()
        if self.owner.text().strip() != o.owner[row]:
            changes["owner"] = self.owner.text().strip()
        if self.milestone.isChecked() != o.milestone[row]:
            changes["milestone"] = self.milestone.isChecked()
        if self.production.isChecked() != o.production[row]:
            changes["production_change"] = self.production.isChecked()
        snet = _py(self.snet.dateTime()) if self.snet_enabled.isChecked() else None
        if snet != o.snet[row]:
            changes["start_no_earlier_than"] = snet
        deadline = _py(self.deadline.dateTime()) if self.deadline_enabled.isChecked() else None
        if deadline != o.deadline[row]:
            changes["deadline"] = deadline
        if self.notes.toPlainText() != self.original_notes:
            changes["notes"] = self.notes.toPlainText()
        edits: list[TaskEdit] = []
        if changes:
            edits.append(UpdateTask(project_id, self.task_id, changes))
        specs = self.link_specs()
        old = [(p, k, lag) for p, s, k, lag in o.links if s == self.task_id]
        if sorted(specs) != sorted(old):
            edits.append(SetPredecessors(project_id, self.task_id, specs))
        if not edits:
            return None
        return TaskEditGroup(project_id, f"Edit task '{name or o.name[row]}'", edits)

    def accept(self) -> None:
        """Build the edit and, with a ``runner``, save it; a refusal is shown in the dialog,
        which stays open with everything typed."""
        try:
            self.command = self.build_command(self.outline.project_id or 0)
        except UserError as error:
            self.error.setText(str(error))
            return
        if self.runner is not None and self.command is not None:
            refusal = self.runner(self.command)
            if refusal is not None:
                self.command = None  # not applied: a later accept builds a fresh one
                self.error.setText(refusal)
                return
        super().accept()


__all__ = ["Qt", "TaskDialog"]
