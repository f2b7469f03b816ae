"""The live view's small dialogs: correct a step's times, skip it (a reason is required),
decide a gate, record a validation. Each opens prefilled with now, in the runbook's zone,
and hands back aware datetimes; the page turns the answer into one command."""

from __future__ import annotations

from datetime import datetime, tzinfo

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from infradesk.services.runbooks.rows import StepRow, StepTiming

DISPLAY_FORMAT = "ddd dd MMM yyyy HH:mm"


def time_edit(moment: datetime, parent: QWidget | None = None) -> QDateTimeEdit:
    """A date-time field showing ``moment``'s wall clock (seconds left out)."""
    edit = QDateTimeEdit(parent)
    edit.setDisplayFormat(DISPLAY_FORMAT)
    edit.setCalendarPopup(True)
    wall = moment.replace(tzinfo=None, second=0, microsecond=0)
    edit.setDateTime(
        QDateTime(QDate(wall.year, wall.month, wall.day), QTime(wall.hour, wall.minute))
    )
    return edit


def read_time(edit: QDateTimeEdit, zone: tzinfo) -> datetime:
    """The field's wall clock as an aware datetime in ``zone``."""
    value = edit.dateTime().toPython()
    assert isinstance(value, datetime)
    return value.replace(second=0, microsecond=0, tzinfo=zone)


class _StepDialog(QDialog):
    """Title, the step line, a form and OK/Cancel."""

    def __init__(self, title: str, step: StepRow, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.step = step
        self.form = QFormLayout()
        heading = QLabel(f"<b>{step.code}</b> {step.title}")
        heading.setTextFormat(Qt.TextFormat.RichText)
        heading.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)

    @property
    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)


class TimesDialog(_StepDialog):
    """Correct the recorded start and finish (a box unticked: not recorded)."""

    def __init__(
        self, step: StepRow, timing: StepTiming, now: datetime, parent: QWidget | None = None
    ) -> None:
        super().__init__("Step times", step, parent)
        self.setObjectName("stepTimesDialog")
        self.zone = now.tzinfo
        self.start_box = QCheckBox("Started at")
        self.start = time_edit(timing.actual_start or now)
        self.finish_box = QCheckBox("Finished at")
        self.finish = time_edit(timing.actual_finish or now)
        self.start_box.setChecked(timing.actual_start is not None or timing.state != "done")
        self.finish_box.setChecked(timing.actual_finish is not None)
        self.start_box.toggled.connect(self._enable)
        self.finish_box.toggled.connect(self._enable)
        self.form.addRow(self.start_box, self.start)
        self.form.addRow(self.finish_box, self.finish)
        self.problem = QLabel()
        self.problem.setObjectName("timesProblem")
        self.form.addRow(self.problem)
        self.start.dateTimeChanged.connect(lambda _v: self._enable())
        self.finish.dateTimeChanged.connect(lambda _v: self._enable())
        self._enable()

    def _enable(self) -> None:
        self.start.setEnabled(self.start_box.isChecked())
        self.finish.setEnabled(self.finish_box.isChecked())
        problem = ""
        if self.finish_box.isChecked() and not self.start_box.isChecked():
            problem = "A finished step needs its start."
        elif self.finish_box.isChecked() and self.finish.dateTime() < self.start.dateTime():
            problem = "The finish is before the start."
        self.problem.setText(problem)
        self.ok_button.setEnabled(not problem)

    def times(self) -> tuple[datetime | None, datetime | None]:
        zone = self.zone
        assert zone is not None
        start = read_time(self.start, zone) if self.start_box.isChecked() else None
        finish = read_time(self.finish, zone) if self.finish_box.isChecked() else None
        return start, finish


class SkipDialog(_StepDialog):
    """Skip a step: OK stays disabled until a reason is typed."""

    def __init__(self, step: StepRow, now: datetime, parent: QWidget | None = None) -> None:
        super().__init__("Skip step", step, parent)
        self.setObjectName("skipDialog")
        self.zone = now.tzinfo
        self.reason = QLineEdit()
        self.reason.setObjectName("skipReason")
        self.reason.setPlaceholderText("Why is it skipped? (required)")
        self.at = time_edit(now)
        self.form.addRow("Reason:", self.reason)
        self.form.addRow("At:", self.at)
        self.reason.textChanged.connect(lambda _t: self._enable())
        self._enable()

    def _enable(self) -> None:
        self.ok_button.setEnabled(bool(self.reason.text().strip()))

    def answer(self) -> tuple[str, datetime]:
        assert self.zone is not None
        return self.reason.text().strip(), read_time(self.at, self.zone)


class GateDialog(_StepDialog):
    """Go or no-go, who decided and when; the criteria are listed to read out."""

    def __init__(self, step: StepRow, now: datetime, parent: QWidget | None = None) -> None:
        super().__init__("Go / no-go decision", step, parent)
        self.setObjectName("gateDialog")
        self.zone = now.tzinfo
        if step.criteria:
            criteria = QLabel("\n".join(f"☐ {line}" for line in step.criteria))
            criteria.setWordWrap(True)
            self.form.addRow("Criteria:", criteria)
        self.go = QRadioButton("&Go: continue forward")
        self.no_go = QRadioButton("&No-go: switch to the rollback path")
        self.group = QButtonGroup(self)
        self.group.addButton(self.go)
        self.group.addButton(self.no_go)
        choice = QVBoxLayout()
        choice.addWidget(self.go)
        choice.addWidget(self.no_go)
        self.form.addRow("Decision:", choice)
        self.decided_by = QLineEdit(step.decision_maker)
        self.decided_by.setObjectName("decidedBy")
        self.decided_by.setPlaceholderText("Who took the decision (required)")
        self.form.addRow("Decided by:", self.decided_by)
        self.at = time_edit(now)
        self.form.addRow("At:", self.at)
        self.group.buttonToggled.connect(lambda *_: self._enable())
        self.decided_by.textChanged.connect(lambda _t: self._enable())
        self._enable()

    def _enable(self) -> None:
        chosen = self.go.isChecked() or self.no_go.isChecked()
        self.ok_button.setEnabled(chosen and bool(self.decided_by.text().strip()))

    def answer(self) -> tuple[str, str, datetime]:
        assert self.zone is not None
        decision = "go" if self.go.isChecked() else "no-go"
        return decision, self.decided_by.text().strip(), read_time(self.at, self.zone)


VALIDATION_RESULTS = (("pass", "&Pass"), ("fail", "&Fail"), ("not_tested", "Not &tested"))


class ValidationDialog(_StepDialog):
    """Pass, fail or not tested, with a comment."""

    def __init__(self, step: StepRow, now: datetime, parent: QWidget | None = None) -> None:
        super().__init__("Validation result", step, parent)
        self.setObjectName("validationDialog")
        self.zone = now.tzinfo
        self.group = QButtonGroup(self)
        choice = QVBoxLayout()
        self.results: dict[str, QRadioButton] = {}
        for key, label in VALIDATION_RESULTS:
            button = QRadioButton(label)
            self.results[key] = button
            self.group.addButton(button)
            choice.addWidget(button)
        self.form.addRow("Result:", choice)
        self.comment = QLineEdit()
        self.comment.setObjectName("validationComment")
        self.comment.setPlaceholderText("What was checked, what was seen")
        self.form.addRow("Comment:", self.comment)
        self.at = time_edit(now)
        self.form.addRow("At:", self.at)
        self.group.buttonToggled.connect(lambda *_: self._enable())
        self._enable()

    def _enable(self) -> None:
        self.ok_button.setEnabled(any(b.isChecked() for b in self.results.values()))

    def chosen(self) -> str:
        return next((k for k, b in self.results.items() if b.isChecked()), "")

    def answer(self) -> tuple[str, str, datetime]:
        assert self.zone is not None
        return self.chosen(), self.comment.text().strip(), read_time(self.at, self.zone)
