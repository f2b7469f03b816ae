"""The task dialog (double-click): every field, notes, constraint, deadline, the predecessors
with type and lag, and the task's risks and deliveries. Saving is one undo step."""

from __future__ import annotations

from collections.abc import Callable, Sequence
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
    QSpinBox,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from infradesk.errors import UserError
from infradesk.interchange.duration_marks import marked_text, read_marked
from infradesk.schedule.durations import (
    DurationError,
    entry_unit,
    format_days,
    format_duration,
    parse_duration,
)
from infradesk.schedule.engine import LINK_TYPES
from infradesk.schedule.plan import CONSTRAINT_TYPES, DATED_CONSTRAINTS
from infradesk.services.plan.errors import TaskEditError
from infradesk.services.plan.external_text import SetExternalPredecessorsText, split_parts
from infradesk.services.plan.field_edits import UpdateTask
from infradesk.services.plan.link_edits import SetPredecessors
from infradesk.services.plan.outline import Outline
from infradesk.services.plan.progress import CONSTRAINT_NAMES
from infradesk.services.plan.schedule_mode import SetScheduleMode
from infradesk.services.plan.task_edit import TaskEdit, TaskEditGroup
from infradesk.services.preferences import load_preferences
from infradesk.services.resources.assignments import (
    PoolChoice,
    SetAssignments,
    TaskResourceInfo,
)
from infradesk.ui import theme
from infradesk.ui.gantt.outline_model import parse_money

TASK_TYPE_TITLES = {
    "fixed_duration": "Fixed duration",
    "fixed_units": "Fixed units",
    "fixed_work": "Fixed work",
}


def _qdt(value: datetime) -> QDateTime:
    return QDateTime(value.year, value.month, value.day, value.hour, value.minute, 0)


def _date_edit(value: datetime) -> QDateTimeEdit:
    edit = QDateTimeEdit(_qdt(value))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("ddd dd MMM yyyy HH:mm")
    return edit


def _py(value: QDateTime) -> datetime:
    d, t = value.date(), value.time()
    return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())


def _buddy(text: str, widget: QWidget) -> QLabel:
    """A form label whose ``&`` key focuses ``widget`` (a row holding a layout gets no buddy
    from QFormLayout, and its label would show the ``&``)."""
    label = QLabel(text)
    label.setBuddy(widget)
    return label


class TaskDialog(QDialog):
    def __init__(
        self,
        outline: Outline,
        row: int,
        notes: str = "",
        risks: list[str] | None = None,
        deliveries: list[Any] | None = None,
        parent: QWidget | None = None,
        *,
        resources: TaskResourceInfo | None = None,
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
        self.duration_unit = load_preferences().duration_unit  # as the Duration column shows
        self.failed_field: QWidget | None = None  # the field a refusal was about

        tabs = QTabWidget()
        self.tabs = tabs
        general = QWidget()
        form = QFormLayout(general)
        self.name = QLineEdit(outline.name[row])
        # the duration with its elapsed mark (3ed); the estimate (5d?) is the box beside it
        self.duration = QLineEdit(
            marked_text(
                outline.duration[row],
                mpd,
                elapsed=outline.elapsed[row] and not summary,
                unit=self.duration_unit,
            )
        )
        self.shown_duration = self.duration.text()
        self.duration.setEnabled(not summary)
        self.estimated = QCheckBox("&Estimated")
        self.estimated.setChecked(outline.estimated[row] and not summary)
        self.estimated.setToolTip(
            "The duration is a guess still to be confirmed (shown as 5d?)"
            if not summary
            else "A summary reads as estimated while one of its subtasks is"
        )
        self.estimated.setEnabled(not summary)
        self.duration.textEdited.connect(self._duration_typed)
        self.manual = QCheckBox("&Manually scheduled")
        self.manual.setChecked(outline.manual[row] and not summary)
        self.manual.setToolTip(
            "The task keeps its start: links and constraints no longer move it "
            "(switching it on pins it where it is now)"
            if not summary
            else "A summary's dates roll up from its subtasks: schedule those manually instead"
        )
        self.manual.setEnabled(not summary)
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
        duration = QHBoxLayout()
        duration.addWidget(self.duration, 1)
        duration.addWidget(self.estimated)
        form.addRow(_buddy("&Duration:", self.duration), duration)
        form.addRow("", self.manual)
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

        self.constraint = QComboBox()
        for kind in CONSTRAINT_TYPES:
            self.constraint.addItem(CONSTRAINT_NAMES[kind], kind)
        self.constraint.setCurrentIndex(CONSTRAINT_TYPES.index(outline.constraint_type[row]))
        self.constraint_date = _date_edit(outline.constraint_date[row] or start or datetime.now())
        self.constraint.currentIndexChanged.connect(lambda _i: self._constraint_changed())
        self._constraint_changed()
        self.deadline_enabled = QCheckBox("Deadline")
        self.deadline = QDateTimeEdit(_qdt(outline.deadline[row] or finish or datetime.now()))
        self.deadline.setCalendarPopup(True)
        self.deadline.setDisplayFormat("ddd dd MMM yyyy HH:mm")
        self.deadline_enabled.setChecked(outline.deadline[row] is not None)
        self.deadline.setEnabled(outline.deadline[row] is not None)
        self.deadline_enabled.toggled.connect(self.deadline.setEnabled)
        constraint = QHBoxLayout()
        constraint.addWidget(self.constraint, 1)
        constraint.addWidget(self.constraint_date, 1)
        form.addRow(_buddy("Cons&traint:", self.constraint), constraint)
        form.addRow(self.deadline_enabled, self.deadline)
        tabs.addTab(general, "&General")
        tabs.addTab(self._progress_page(outline, row), "P&rogress && cost")
        self.resource_info = resources
        # the pool for the Assign... button (the tab gives its reader); None: no button
        self.pool: Callable[[], Sequence[PoolChoice]] | None = None
        tabs.addTab(self._resources_page(outline, row, resources), "Re&sources")

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
        # predecessors in other projects of the workspace, as the Predecessors cell writes them
        self.shown_external = "; ".join(split_parts(outline.predecessors[row])[1])
        self.external = QLineEdit(self.shown_external)
        self.external.setPlaceholderText("Wave 2!14FS+2d; DR site!1.3SS")
        self.external.setToolTip(
            "Tasks of other projects this task waits for: the project's name, '!', the task's "
            "row number or WBS code, then the link type and lag, separated by ';'"
        )
        external_row = QHBoxLayout()
        external_label = QLabel("In other &projects:")
        external_label.setBuddy(self.external)
        external_row.addWidget(external_label)
        external_row.addWidget(self.external, 1)
        preds_layout.addLayout(external_row)
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
        theme.text_color(self.error, lambda t: t.error)
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

    # ------------------------------------------------------------------ progress
    def _progress_page(self, o: Outline, row: int) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        summary = o.summary[row]
        self.actual_start_enabled = QCheckBox("Actual start")
        self.actual_start = _date_edit(o.actual_start[row] or o.start[row] or datetime.now())
        self.actual_finish_enabled = QCheckBox("Actual finish")
        self.actual_finish = _date_edit(o.actual_finish[row] or o.finish[row] or datetime.now())
        for box, edit, value in (
            (self.actual_start_enabled, self.actual_start, o.actual_start[row]),
            (self.actual_finish_enabled, self.actual_finish, o.actual_finish[row]),
        ):
            box.setChecked(value is not None)
            edit.setEnabled(value is not None)
            box.toggled.connect(edit.setEnabled)
            box.setEnabled(not summary)
            form.addRow(box, edit)
        # working time, as typed back (an elapsed task's too, as before)
        self.remaining = QLineEdit(
            marked_text(o.remaining[row], o.minutes_per_day, unit=self.duration_unit)
        )
        self.shown_remaining = self.remaining.text()
        self.remaining.setEnabled(not summary)
        self.remaining.setToolTip("The work left; changing it sets the duration to done + left")
        form.addRow("R&emaining work:", self.remaining)
        self.cost = QLineEdit(f"{o.fixed_cost(row):.2f}")
        self.cost.setToolTip("The task's fixed cost; its resources' cost is added to it")
        self.actual_cost = QLineEdit(f"{o.own_actual_cost[row]:.2f}")
        self.actual_cost.setToolTip("The actual cost of the work done on the task")
        for money_edit in (self.cost, self.actual_cost):
            money_edit.setEnabled(not summary)
        form.addRow("Fixed &cost:", self.cost)
        if o.assigned_cost and o.assigned_cost[row]:
            form.addRow(
                "",
                QLabel(
                    f"+ {o.assigned_cost[row]:,.2f} for its resources: planned cost "
                    f"{o.cost[row]:,.2f}"
                ),
            )
        form.addRow("&Actual cost:", self.actual_cost)
        invoiced = o.invoiced_cost[row]
        if invoiced:
            form.addRow(
                "", QLabel(f"+ {invoiced:,.2f} invoiced by the purchase orders that pay for it")
            )
        return page

    # ------------------------------------------------------------------ resources
    def _resources_page(
        self, o: Outline, row: int, info: TaskResourceInfo | None
    ) -> QWidget:
        """Issue 18: the task's resources (the Assigned text, with the Assign... dialog), its
        priority for leveling, MS Project's task type and the task's own calendar."""
        page = QWidget()
        form = QFormLayout(page)
        summary = o.summary[row]
        self.assigned = QLineEdit(o.assigned[row] if o.assigned else "")
        self.shown_assigned = self.assigned.text()
        self.assigned.setPlaceholderText("Network engineer[50%]; Crew; Fibre[200 m]")
        self.assigned.setEnabled(not summary)
        self.assigned.setToolTip(
            "Names separated by ;, units in brackets when not 100%"
            if not summary
            else "A summary's work rolls up from its subtasks: assign resources to those"
        )
        pick = QPushButton("Assi&gn…")
        pick.setEnabled(not summary)
        pick.clicked.connect(self._pick_resources)
        assigned = QHBoxLayout()
        assigned.addWidget(self.assigned, 1)
        assigned.addWidget(pick)
        form.addRow(_buddy("Reso&urces:", self.assigned), assigned)
        self.priority = QSpinBox()
        self.priority.setRange(0, 1000)
        self.priority.setValue(info.priority if info is not None else 500)
        self.priority.setToolTip(
            "Leveling delays lower priorities first; 1000: never moved by leveling"
        )
        form.addRow("Pr&iority:", self.priority)
        self.task_type = QComboBox()
        for kind, title in TASK_TYPE_TITLES.items():
            self.task_type.addItem(title, kind)
        self.task_type.setCurrentIndex(
            max(0, self.task_type.findData(info.task_type if info is not None else ""))
        )
        self.task_type.setToolTip(
            "What stays put when duration, units or work changes (as MS Project)"
        )
        form.addRow("Task t&ype:", self.task_type)
        self.calendar = QComboBox()
        self.calendar.addItem("Project calendar", None)
        for calendar_id, name in info.calendars if info is not None else ():
            self.calendar.addItem(name, calendar_id)
        if info is not None and info.calendar_id is not None:
            self.calendar.setCurrentIndex(max(0, self.calendar.findData(info.calendar_id)))
        self.calendar.setToolTip(
            "The working time of this task (24 Hours for a cutover); with resources, it works "
            "when both the task and its resources do"
        )
        form.addRow("Ca&lendar:", self.calendar)
        if info is not None and info.assignments:
            lines = [
                f"{a.resource_name}: {a.work_minutes / 60:g} h of work, cost {a.cost:,.2f}"
                if a.kind == "work"
                else f"{a.resource_name}: cost {a.cost:,.2f}"
                for a in info.assignments
            ]
            form.addRow("Work:", QLabel("\n".join(lines)))
        return page

    def _pick_resources(self) -> None:
        """The Assign Resources dialog over the text typed so far."""
        # lazy: only when the button is pressed
        from infradesk.ui.gantt.assign_dialog import AssignDialog

        try:
            dialog = AssignDialog(
                self.name.text(), self.pool() if self.pool else [], self.assigned.text(), self
            )
        except UserError as error:
            self.error.setText(str(error))
            return
        if dialog.exec():
            self.assigned.setText(dialog.assigned_text())

    def _resource_changes(self, changes: dict[str, Any]) -> None:
        info = self.resource_info
        if info is None:
            return
        if self.priority.value() != info.priority:
            changes["priority"] = self.priority.value()
        if self.task_type.currentData() != info.task_type:
            changes["task_type"] = self.task_type.currentData()
        if self.calendar.currentData() != info.calendar_id:
            changes["calendar_id"] = self.calendar.currentData()

    def _duration_typed(self, text: str) -> None:
        """A ``?`` typed after the duration ticks the Estimated box, as in the Gantt's cell."""
        if text.rstrip().endswith("?"):
            self.estimated.setChecked(True)

    def _constraint_changed(self) -> None:
        self.constraint_date.setEnabled(self.constraint.currentData() in DATED_CONSTRAINTS)

    def _progress_changes(self, changes: dict[str, Any]) -> None:
        """Add the Progress page's changed fields to ``changes``."""
        o, row = self.outline, self.row
        kind = str(self.constraint.currentData())
        moment = _py(self.constraint_date.dateTime()) if kind in DATED_CONSTRAINTS else None
        if (kind, moment) != (o.constraint_type[row], o.constraint_date[row]):
            changes["constraint_type"], changes["constraint_date"] = kind, moment
        if o.summary[row]:
            return
        for key, box, edit in (
            ("actual_start", self.actual_start_enabled, self.actual_start),
            ("actual_finish", self.actual_finish_enabled, self.actual_finish),
        ):
            value = _py(edit.dateTime()) if box.isChecked() else None
            if value != getattr(o, key)[row]:
                changes[key] = value
        if self.remaining.text() != self.shown_remaining:  # a rounded 13.33d left is no change
            self.failed_field = self.remaining
            try:
                remaining = parse_duration(
                    self.remaining.text(),
                    o.minutes_per_day,
                    default_unit=entry_unit(self.duration_unit),
                )
            except DurationError as error:
                raise TaskEditError(f"Remaining work: {error}") from error
            if remaining != o.remaining[row]:
                changes["remaining_minutes"] = remaining
        self.failed_field = self.cost
        cost = parse_money(self.cost.text(), "Fixed cost")
        if cost != o.fixed_cost(row):
            changes["cost"] = cost
        self.failed_field = self.actual_cost
        actual_cost = parse_money(self.actual_cost.text(), "Actual cost")
        if actual_cost != o.own_actual_cost[row]:
            changes["actual_cost"] = actual_cost
        self.failed_field = None

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
            self.failed_field = lag_edit
            try:
                lag = parse_duration(
                    lag_edit.text() or "0", self.outline.minutes_per_day, allow_negative=True
                )
            except DurationError as error:
                raise TaskEditError(f"Predecessor row {r + 1}: {error}") from error
            specs.append((int(pred), types.currentText(), lag))
        self.failed_field = None
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
            self.failed_field = self.duration
            try:
                typed = read_marked(
                    self.duration.text(), o.minutes_per_day, entry_unit(self.duration_unit)
                )
            except DurationError as error:
                raise TaskEditError(f"Duration: {error}") from error
            self.failed_field = None
            typed_again = self.duration.text() != self.shown_duration  # 13.33d left is no change
            if typed_again and typed.minutes != o.duration[row]:
                changes["duration_minutes"] = typed.minutes
            if typed.elapsed != o.elapsed[row]:
                changes["elapsed"] = typed.elapsed
            estimated = self.estimated.isChecked() or typed.estimated
            if estimated != o.estimated[row]:
                changes["estimated"] = estimated
            if self.percent.value() != o.percent[row]:
                changes["percent_complete"] = self.percent.value()
        if self.owner.text().strip() != o.owner[row]:
            changes["owner"] = self.owner.text().strip()
        if self.milestone.isChecked() != o.milestone[row]:
            changes["milestone"] = self.milestone.isChecked()
        if self.production.isChecked() != o.production[row]:
            changes["production_change"] = self.production.isChecked()
        self._progress_changes(changes)
        self._resource_changes(changes)
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
        if self.external.text().strip() != self.shown_external:
            self.failed_field = self.external
            edits.append(
                SetExternalPredecessorsText(
                    project_id, self.task_id, self.external.text(), o.minutes_per_day
                )
            )
            self.failed_field = None
        if not o.summary[row] and self.assigned.text() != self.shown_assigned:
            self.failed_field = self.assigned  # a bad part is refused here, quoted
            edits.append(SetAssignments(project_id, self.task_id, self.assigned.text()))
            self.failed_field = None
        if not o.summary[row] and self.manual.isChecked() != o.manual[row]:
            # pinned at the start shown now: the group reschedules once, after all its edits
            edits.append(SetScheduleMode(project_id, [self.task_id], self.manual.isChecked()))
        if not edits:
            return None
        return TaskEditGroup(project_id, f"Edit task '{name or o.name[row]}'", edits)

    def accept(self) -> None:
        """Build the edit and, with a ``runner``, save it; a refusal is shown in the dialog,
        which stays open with everything typed."""
        self.failed_field = None
        self.error.setText("")
        try:
            self.command = self.build_command(self.outline.project_id or 0)
        except UserError as error:
            self.error.setText(str(error))
            self._show_failed_field()
            return
        if self.runner is not None and self.command is not None:
            refusal = self.runner(self.command)
            if refusal is not None:
                self.command = None  # not applied: a later accept builds a fresh one
                self.error.setText(refusal)
                return
        super().accept()

    def _show_failed_field(self) -> None:
        """Bring the field a refusal is about into view, focused and selected for correction."""
        field = self.failed_field
        if field is None:
            return
        page = field.parentWidget()
        while page is not None and self.tabs.indexOf(page) < 0:
            page = page.parentWidget()
        if page is not None:
            self.tabs.setCurrentWidget(page)
        field.setFocus()
        if isinstance(field, QLineEdit):
            field.selectAll()


__all__ = ["Qt", "TaskDialog"]
