"""Start a rehearsal or the live run: its name and when it started (now by default)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from infradesk.ui.runbooks.live_dialogs import read_time, time_edit


class StartRunDialog(QDialog):
    def __init__(
        self, mode: str, name: str, now: datetime, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("startRunDialog")
        live = mode == "live"
        self.setWindowTitle("Start the live run" if live else "Start a rehearsal")
        self.zone = now.tzinfo
        self.name = QLineEdit(name)
        self.started = time_edit(now)
        text = (
            "The live run drives the cutover task's actual start and finish. Every click is "
            "saved at once."
            if live
            else "A rehearsal is kept beside the plan and the other runs, to compare them."
        )
        note = QLabel(text)
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Name:", self.name)
        form.addRow("Started:", self.started)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            "Start live run" if live else "Start rehearsal"
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def answer(self) -> tuple[str, datetime]:
        assert self.zone is not None
        return self.name.text().strip(), read_time(self.started, self.zone)
