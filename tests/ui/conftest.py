"""A main window on a demo workspace, for the UI tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from infradesk.store.workspace import Workspace


@pytest.fixture
def main_window(qtbot, demo_workspace: Workspace) -> Iterator:
    from infradesk.ui.main_window import MainWindow

    window = MainWindow(demo_workspace)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window


@pytest.fixture(autouse=True)
def no_close_anyway_prompt(monkeypatch: pytest.MonkeyPatch) -> None:
    """The close gate's "Close anyway?" dialog is modal: a test that closes a project with
    open acceptance items by accident would wait for it forever. Here the offer is declined
    (the edit is refused); the tests of the offer set ``context.ask_close_override``."""
    from infradesk.ui.governance import close_anyway

    monkeypatch.setattr(close_anyway, "ask", lambda refusal: None)
