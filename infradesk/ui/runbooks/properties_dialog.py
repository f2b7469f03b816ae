"""Runbook Properties: name, plan task, time zone, window, outage budget, change request,
the services whose outage is measured (RTO, the steps that take them down and bring them
up), notes and lessons. OK saves what changed as one undo step."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from infradesk.errors import UserError
from infradesk.services.commands import Command
from infradesk.services.runbooks.commands import DeleteService, SetService, UpdateRunbook
from infradesk.services.runbooks.rows import RunbookSummary, ServiceOutage, StepRow
from infradesk.ui import theme
from infradesk.ui.runbooks.live_dialogs import read_time, time_edit
from infradesk.ui.runbooks.text import minutes_text, parse_minutes
from infradesk.ui.runbooks.zones import ZoneCombo


class PropertiesProblem(UserError):
    """A value of the dialog that cannot be saved; said in the dialog, which stays open."""


@dataclass(frozen=True, slots=True)
class Choices:
    """What the pickers offer: the project's tasks and change requests as (id, label)."""

    tasks: list[tuple[int, str]]
    changes: list[tuple[int, str]]


def _combo(choices: list[tuple[int, str]], current: int | None) -> QComboBox:
    combo = QComboBox()
    combo.addItem("— none —", None)
    for ref_id, label in choices:
        combo.addItem(label, ref_id)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    combo.setMaxVisibleItems(20)
    return combo


class WindowEdit(QWidget):
    """A check box (set or not) and a date-time field (the wall clock in the runbook's zone)."""

    def __init__(self, moment: datetime | None, default: datetime) -> None:
        super().__init__()
        self.check = QCheckBox()
        self.edit: QDateTimeEdit = time_edit(moment or default)
        self.check.setChecked(moment is not None)
        self.edit.setEnabled(moment is not None)
        self.check.toggled.connect(self.edit.setEnabled)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.edit, 1)

    def value(self, zone: ZoneInfo) -> datetime | None:
        return read_time(self.edit, zone) if self.check.isChecked() else None


SERVICE_HEADERS = ("Service", "RTO", "Goes down at step", "Back up at step")


class PropertiesDialog(QDialog):
    def __init__(
        self,
        summary: RunbookSummary,
        steps: tuple[StepRow, ...],
        services: tuple[ServiceOutage, ...],
        choices: Choices,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("runbookProperties")
        self.setWindowTitle(f"Runbook Properties — {summary.name}")
        self.summary = summary
        self.steps = steps
        self.original_services = services
        zone = ZoneInfo(summary.time_zone)
        default_start = (datetime.now(zone) + timedelta(days=1)).replace(
            hour=18, minute=0, second=0, microsecond=0
        )
        self.name = QLineEdit(summary.name)
        self.task = _combo(choices.tasks, summary.task_id)
        self.task.setToolTip("The plan's cutover task: the live run sets its actual dates")
        self.zone = ZoneCombo()
        self.zone.set_zone(summary.time_zone)
        self.window_start = WindowEdit(summary.window_start, default_start)
        self.window_end = WindowEdit(summary.window_end, default_start + timedelta(hours=12))
        self.budget = QSpinBox()
        self.budget.setRange(0, 14 * 1440)
        self.budget.setSuffix(" min")
        self.budget.setSpecialValueText("none")
        self.budget.setValue(summary.outage_budget_minutes or 0)
        self.budget.setToolTip("The total outage the business accepted (0: none)")
        self.change = _combo(choices.changes, summary.change_request_id)
        self.change.setToolTip("The change request that approved the window")
        self.notes = QPlainTextEdit(summary.notes)
        self.lessons = QPlainTextEdit(summary.lessons)
        self.lessons.setPlaceholderText("What the rehearsals and the live run taught (the PIR)")

        general = QWidget()
        form = QFormLayout(general)
        form.addRow("&Name:", self.name)
        form.addRow("Plan &task:", self.task)
        form.addRow("Time &zone:", self.zone)
        form.addRow("Window &start:", self.window_start)
        form.addRow("Window &end:", self.window_end)
        form.addRow("Outage &budget:", self.budget)
        form.addRow("&Change request:", self.change)
        self.problem = QLabel()
        self.problem.setObjectName("propertiesProblem")
        theme.text_color(self.problem, lambda t: t.bad)
        form.addRow(self.problem)

        self.services = QTableWidget(0, len(SERVICE_HEADERS))
        self.services.setObjectName("servicesTable")
        self.services.setHorizontalHeaderLabels(list(SERVICE_HEADERS))
        self.services.verticalHeader().hide()
        self.services.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.services.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for service in services:
            self.add_service_row(service)
        add = QPushButton("Add service")
        add.clicked.connect(lambda: self.add_service_row(None))
        remove = QPushButton("Remove")
        remove.clicked.connect(self.remove_service_rows)
        service_buttons = QHBoxLayout()
        service_buttons.addWidget(add)
        service_buttons.addWidget(remove)
        service_buttons.addStretch(1)
        service_page = QWidget()
        service_layout = QVBoxLayout(service_page)
        service_layout.addWidget(QLabel(
            "The outage of each service runs from the finish of its down step to the finish "
            "of its up step; the live view compares it (RTA) with the RTO."
        ))
        service_layout.addWidget(self.services, 1)
        service_layout.addLayout(service_buttons)

        notes_page = QWidget()
        notes_form = QFormLayout(notes_page)
        notes_form.addRow("Notes:", self.notes)
        notes_form.addRow("Lessons:", self.lessons)

        pages = QTabWidget()
        pages.addTab(general, "General")
        pages.addTab(service_page, "Services && RTO")
        pages.addTab(notes_page, "Notes && lessons")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(pages, 1)
        layout.addWidget(self.buttons)
        self.resize(620, 480)

    # ------------------------------------------------------------------ services table
    def _step_combo(self, code: str) -> QComboBox:
        combo = QComboBox()
        combo.addItem("", None)
        for step in self.steps:
            combo.addItem(f"{step.code} {step.title}"[:60], step.id)
        for number in range(combo.count()):
            if combo.itemText(number).split(" ", 1)[0] == code and code:
                combo.setCurrentIndex(number)
        return combo

    def add_service_row(self, service: ServiceOutage | None) -> None:
        row = self.services.rowCount()
        self.services.insertRow(row)
        name = QTableWidgetItem(service.name if service else "")
        name.setData(Qt.ItemDataRole.UserRole, service.id if service else None)
        self.services.setItem(row, 0, name)
        rto = minutes_text(service.rto_minutes) if service and service.rto_minutes else ""
        self.services.setItem(row, 1, QTableWidgetItem(rto))
        self.services.setCellWidget(row, 2, self._step_combo(service.down_step if service else ""))
        self.services.setCellWidget(row, 3, self._step_combo(service.up_step if service else ""))
        if service is None:
            self.services.setCurrentCell(row, 0)
            self.services.editItem(name)

    def remove_service_rows(self) -> None:
        rows = sorted({index.row() for index in self.services.selectedIndexes()}, reverse=True)
        for row in rows:
            self.services.removeRow(row)

    def _service_values(self) -> list[tuple[int | None, str, int, int | None, int | None]]:
        """(id, name, RTO, down step id, up step id) per row with a name; a bad RTO is a
        :class:`PropertiesProblem` naming the service."""
        values = []
        for row in range(self.services.rowCount()):
            name_item, rto_item = self.services.item(row, 0), self.services.item(row, 1)
            name = name_item.text().strip() if name_item else ""
            if not name:
                continue
            service_id = name_item.data(Qt.ItemDataRole.UserRole) if name_item else None
            try:
                rto = parse_minutes(rto_item.text() if rto_item else "") or 0
            except ValueError as error:  # parse_minutes' refusal of the typed RTO
                raise PropertiesProblem(f"{name}: {error}") from None
            down, up = self.services.cellWidget(row, 2), self.services.cellWidget(row, 3)
            values.append((
                service_id, name, rto,
                down.currentData() if isinstance(down, QComboBox) else None,
                up.currentData() if isinstance(up, QComboBox) else None,
            ))
        return values

    # ------------------------------------------------------------------ result
    def _accept(self) -> None:
        try:
            self.commands()
        except PropertiesProblem as error:
            self.problem.setText(str(error))
            return
        self.accept()

    def commands(self) -> list[Command]:
        """One command per changed field and service (:class:`PropertiesProblem`: a value
        is wrong)."""
        summary, runbook_id = self.summary, self.summary.id
        name = self.name.text().strip()
        if not name:
            raise PropertiesProblem("A runbook needs a name.")
        zone_name = self.zone.zone() or "UTC"
        try:
            zone = ZoneInfo(zone_name)
        except (ValueError, KeyError, OSError):  # ZoneInfo's refusals of a name
            raise PropertiesProblem(f"'{zone_name}' is not a time zone: pick one from the list.") \
                from None
        start, end = self.window_start.value(zone), self.window_end.value(zone)
        if start is not None and end is not None and end <= start:
            raise PropertiesProblem("The window ends before it starts.")
        budget = self.budget.value() or None
        commands: list[Command] = []
        for field, new, old in (
            ("name", name, summary.name),
            ("task_id", self.task.currentData(), summary.task_id),
            ("time_zone", zone_name, summary.time_zone),
            ("window_start", start, summary.window_start),
            ("window_end", end, summary.window_end),
            ("outage_budget_minutes", budget, summary.outage_budget_minutes),
            ("change_request_id", self.change.currentData(), summary.change_request_id),
            ("notes", self.notes.toPlainText().strip(), summary.notes),
            ("lessons", self.lessons.toPlainText().strip(), summary.lessons),
        ):
            if new != old:
                commands.append(UpdateRunbook(runbook_id, field, new))
        ids = {step.code: step.id for step in self.steps}
        before = {
            s.id: (s.name, s.rto_minutes, ids.get(s.down_step), ids.get(s.up_step))
            for s in self.original_services
        }
        kept: set[int] = set()
        for service_id, service_name, rto, down, up in self._service_values():
            if service_id is not None:
                kept.add(service_id)
                if before.get(service_id) == (service_name, rto, down, up):
                    continue
            commands.append(SetService(runbook_id, service_id, service_name, rto, down, up))
        for service_id in before:
            if service_id not in kept:
                commands.append(DeleteService(service_id))
        return commands
