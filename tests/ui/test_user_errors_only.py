"""The UI shows a UserError as a message and lets every other exception reach the excepthook
(issue 14, point 5): a programming error that happens to be a ValueError is no banner."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session

from infradesk.errors import UserError
from infradesk.services.commands import Command
from infradesk.services.risks.scoring import ScoringError, ScoringSettings
from infradesk.ui.risks.settings_dialog import ScoringDialog


class Failing(Command):
    text = "Fail"

    def __init__(self, error: Exception) -> None:
        self.error = error

    def do(self, session: Session) -> None:
        raise self.error

    def undo(self, session: Session) -> None:  # never reached
        raise AssertionError


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    messages: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda parent, title, text, *a: messages.append((title, text))
    )
    return messages


def test_a_refused_project_command_is_a_message(main_window, shown) -> None:
    refused = Failing(UserError("A project with that name exists."))
    assert main_window._run(refused, "Rename") is False
    assert shown == [("Rename", "A project with that name exists.")]


def test_a_programming_error_in_a_project_command_is_no_message(main_window, shown) -> None:
    with pytest.raises(ValueError, match="invalid literal"):
        main_window._run(Failing(ValueError("invalid literal for int()")), "Rename")
    assert shown == []
    assert main_window.context.undo_stack.count() == 0


def test_scoring_settings_that_cannot_work_are_a_user_error() -> None:
    with pytest.raises(ScoringError, match="Band limits must rise") as raised:
        ScoringSettings(low_max=9, medium_max=4, high_max=15)
    assert isinstance(raised.value, UserError)
    assert isinstance(raised.value, ValueError)  # callers that caught ValueError still do


def test_the_scoring_dialog_shows_what_is_wrong(qtbot: QtBot) -> None:
    dialog = ScoringDialog(ScoringSettings())
    qtbot.addWidget(dialog)
    dialog.categories.setText(" , ")
    dialog._accept()
    assert dialog.error.text() == "Give at least one category."
    assert dialog.result() == 0
