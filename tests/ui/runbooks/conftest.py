"""A Runbooks tab on the demo workspace's project, with a clock the test sets."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtWidgets import QMainWindow

from infradesk.services.plan.project_view import project_list
from infradesk.services.runbooks.commands import AddRunbook, AddStep, UpdateRunbook
from infradesk.ui.context import AppContext
from infradesk.ui.runbooks.tab import RunbooksTab

PARIS = ZoneInfo("Europe/Paris")
START = datetime(2026, 10, 24, 18, 0, tzinfo=PARIS)


class Clock:
    """The tab's now: starts at the window's start, moved by the test."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, minutes: int) -> datetime:
        self.now += timedelta(minutes=minutes)
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def runbooks_tab(qtbot, demo_workspace, clock: Clock) -> Iterator[RunbooksTab]:
    context = AppContext(demo_workspace)
    window = QMainWindow()
    tab = RunbooksTab(context)
    tab.live.clock = clock
    window.setCentralWidget(tab)
    window.resize(1400, 860)
    qtbot.addWidget(window)
    context.set_project(project_list(demo_workspace)[0].id)
    window.show()
    qtbot.waitExposed(window)
    yield tab
    tab.live.timer.stop()


def make_runbook(tab: RunbooksTab, steps: list[dict[str, str]]) -> int:
    """A runbook in Europe/Paris from 18:00 with ``steps`` (UpdateStep's fields as text),
    added through the commands (one undo step each), shown in the tab."""
    context = tab.context
    assert context.project_id is not None
    add = AddRunbook(context.project_id, "Wave 1 cutover", time_zone="Europe/Paris")
    context.execute(add)
    assert add.runbook_id is not None
    context.execute(UpdateRunbook(add.runbook_id, "window_start", START))
    context.execute(UpdateRunbook(add.runbook_id, "window_end", START + timedelta(hours=6)))
    after = None
    for values in steps:
        step = AddStep(add.runbook_id, after, values)
        context.execute(step)
        after = step.step_id
    tab.reload()
    tab.select_runbook(add.runbook_id)
    return add.runbook_id
