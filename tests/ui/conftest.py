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
