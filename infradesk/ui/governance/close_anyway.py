""" "Close anyway…": the close gate refused to mark the close milestone done while acceptance
items are open; the PM may override it with a reason and a name, logged as a decision."""

from __future__ import annotations

import getpass

from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from infradesk.services.governance.close_gate import (
    OVERRIDE_TITLE,
    CloseOverride,
    HandoverGateError,
)


def os_user() -> str:
    """The signed-in user's name, to prefill who decides or signs (empty when unknown)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in this environment
        return ""


class CloseAnywayDialog(QDialog):
    """Shows the open items; "Close anyway" needs a reason and who decides."""

    def __init__(self, refusal: HandoverGateError, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("closeAnywayDialog")
        self.setWindowTitle("Close milestone — acceptance items open")
        count = len(refusal.open_items)
        noun = "item is" if count == 1 else "items are"
        intro = QLabel(
            f"'{refusal.task_name}' closes the project, but {count} acceptance {noun} still "
            "open. Sign them off or mark them not applicable on Governance › Handover, or "
            f"close anyway: the override is logged in the decision log as "
            f"“{OVERRIDE_TITLE}”."
        )
        intro.setWordWrap(True)
        self.items = QListWidget()
        self.items.setObjectName("openItems")
        self.items.addItems([f"{code}  {title}" for code, title in refusal.open_items])
        self.items.setMaximumHeight(160)
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText("Why the project closes with these items open")
        self.reason.setTabChangesFocus(True)
        self.reason.setMaximumHeight(90)
        self.decided_by = QLineEdit(os_user())
        self.decided_by.setObjectName("decidedBy")
        form = QFormLayout()
        form.addRow("Reason:", self.reason)
        form.addRow("Decided by:", self.decided_by)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.close_button = QPushButton("Close anyway")
        self.close_button.setObjectName("closeAnyway")
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.items)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.reason.textChanged.connect(self._update)
        self.decided_by.textChanged.connect(self._update)
        self._update()
        self.reason.setFocus()
        self.resize(520, 420)

    def _update(self) -> None:
        ready = bool(self.reason.toPlainText().strip() and self.decided_by.text().strip())
        self.close_button.setEnabled(ready)
        self.close_button.setToolTip("" if ready else "Give a reason and who decides first.")

    def override(self) -> CloseOverride:
        return CloseOverride(self.reason.toPlainText().strip(), self.decided_by.text().strip())


def ask(refusal: HandoverGateError) -> CloseOverride | None:
    """Ask whether to close anyway; None when the PM cancels."""
    dialog = CloseAnywayDialog(refusal, QApplication.activeWindow())
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.override()
