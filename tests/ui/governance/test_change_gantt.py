"""The Gantt marks a conflicting production-change task with a red "!" and the reasons in
the bar's tooltip; an edit that clears the conflict clears the mark."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from PySide6.QtGui import QColor, QImage
from sqlalchemy import update

from infradesk.model import Task
from infradesk.services.governance.windows import AddWindow
from infradesk.services.plan.field_edits import UpdateTask
from infradesk.ui import theme
from infradesk.ui.context import AppContext
from infradesk.ui.gantt.tab import GanttTab
from tests.services.governance.conflict_scenario import Scenario, build


@pytest.fixture
def gantt(qtbot, workspace) -> Iterator[tuple[GanttTab, Scenario]]:
    scenario = build(workspace)
    # a manually scheduled cutover keeps its date when the plans are rescheduled: the
    # scheduler would move an automatic production change out of the blackout (and then
    # there would be nothing to mark)
    with workspace.session() as session:
        session.execute(update(Task).where(Task.id == scenario.cutover).values(manual=True))
    AddWindow(
        {
            "name": "Peak season",
            "kind": "blackout",
            "start": "2026-12-01 00:00",
            "finish": "2027-01-31 00:00",
        },
    ).apply(workspace)
    context = AppContext(workspace)
    tab = GanttTab(context)
    qtbot.addWidget(tab)
    tab.resize(1400, 500)
    tab.show()
    qtbot.waitExposed(tab)
    context.set_project(scenario.core)
    tab.set_zoom("day")
    yield tab, scenario


def _row(tab: GanttTab, task_id: int) -> int:
    return tab.painter.outline.row_of[task_id]


def _marker_pixels(tab: GanttTab, task_id: int) -> int:
    """Pixels of the marker's red (give or take antialiasing) in the task's row."""
    row = _row(tab, task_id)
    view_row = tab.painter.view_of[row]
    assert tab.chart.show_bar(row, view_row)
    image: QImage = tab.chart.viewport().grab().toImage()
    top = view_row * tab.painter.row_height - tab.chart.verticalScrollBar().value()
    red = QColor(theme.gantt.late)
    count = 0
    for py in range(max(top, 0), min(top + tab.painter.row_height, image.height())):
        for px in range(image.width()):
            c = QColor(image.pixel(px, py))
            if (
                abs(c.red() - red.red()) < 12
                and abs(c.green() - red.green()) < 12
                and abs(c.blue() - red.blue()) < 12
            ):
                count += 1
    return count


def test_a_production_change_in_a_freeze_is_marked_with_its_reasons(gantt, qtbot) -> None:
    tab, s = gantt
    qtbot.waitUntil(lambda: s.cutover in tab.conflict_marks.by_task)
    reasons = tab.conflict_marks.by_task[s.cutover]
    assert reasons[0].startswith("Inside workspace blackout 'Peak season'")
    tip = tab.chart.tooltip_for(_row(tab, s.cutover))
    assert "Change conflicts (" in tip and "Peak season" in tip
    marked = _marker_pixels(tab, s.cutover)
    tab.chart.viewport().grab().save("/tmp/gantt_conflict.png")

    # no longer a production change: the mark goes (and comes back with undo)
    tab.context.execute(UpdateTask(s.core, s.cutover, {"production_change": False}, "Flag"))
    qtbot.waitUntil(lambda: s.cutover not in tab.conflict_marks.by_task)
    assert _marker_pixels(tab, s.cutover) + 20 < marked  # the red disc is gone
    assert "Change conflicts" not in tab.chart.tooltip_for(_row(tab, s.cutover))
    tab.context.undo()
    qtbot.waitUntil(lambda: s.cutover in tab.conflict_marks.by_task)


def test_a_task_implementing_a_conflicting_change_carries_its_reasons(gantt, qtbot) -> None:
    tab, s = gantt
    from infradesk.services.risks.commands import EditRecord

    tab.context.execute(EditRecord("change", s.core, s.cr_core, {"task_id": s.cutover}))
    qtbot.waitUntil(lambda: s.cutover in tab.conflict_marks.by_task)
    reasons = tab.conflict_marks.by_task[s.cutover]
    assert reasons[0].startswith("CR-001: ")
    assert any("Anna Ng is booked then" in r for r in reasons)
    assert datetime(2026, 12, 10) < datetime(2026, 12, 11)  # the window is the change's own
