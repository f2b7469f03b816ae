"""Step details: what the table has no column for (a gate's decision maker and criteria, a
communication's audience and message, the point of no return). OK changes only the fields
that differ, as one undo step."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from infradesk.services.runbooks.rows import StepRow
from infradesk.ui.runbooks.kinds import kind_label


class StepDetailsDialog(QDialog):
    def __init__(self, step: StepRow, gates: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stepDetailsDialog")
        self.setWindowTitle(f"Step {step.code}")
        self.step = step
        self.decision_maker = QLineEdit(step.decision_maker)
        self.decision_maker.setPlaceholderText("Who decides go or no-go")
        self.criteria = QPlainTextEdit("\n".join(step.criteria))
        self.criteria.setPlaceholderText("One criterion per line")
        self.criteria.setFixedHeight(90)
        self.audience = QLineEdit(step.audience)
        self.audience.setPlaceholderText("Who is told: service desk, business owners…")
        self.message = QPlainTextEdit(step.message)
        self.message.setFixedHeight(70)
        self.ponr = QCheckBox("This step is the point of no return")
        self.ponr.setToolTip("After it, a rollback is a forward fix")
        self.ponr.setChecked(step.point_of_no_return)
        form = QFormLayout()
        form.addRow(QLabel(f"<b>{step.code}</b> {step.title} ({kind_label(step.kind)})"))
        form.addRow("Decision by:", self.decision_maker)
        form.addRow("Criteria:", self.criteria)
        form.addRow("Audience:", self.audience)
        form.addRow("Message:", self.message)
        form.addRow("", self.ponr)
        is_gate, is_comm = step.kind == "gate", step.kind == "communication"
        for widget in (self.decision_maker, self.criteria):
            widget.setEnabled(is_gate)
        for widget in (self.audience, self.message):
            widget.setEnabled(is_comm)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(460, self.sizeHint().height())

    def changed_fields(self) -> dict[str, str]:
        """UpdateStep's field -> text for what differs from the step."""
        step = self.step
        now = {
            "decision_maker": self.decision_maker.text().strip(),
            "criteria": self.criteria.toPlainText().strip(),
            "audience": self.audience.text().strip(),
            "message": self.message.toPlainText().strip(),
            "point_of_no_return": "yes" if self.ponr.isChecked() else "no",
        }
        before = {
            "decision_maker": step.decision_maker,
            "criteria": "\n".join(step.criteria),
            "audience": step.audience,
            "message": step.message,
            "point_of_no_return": "yes" if step.point_of_no_return else "no",
        }
        return {key: value for key, value in now.items() if value != before[key]}
