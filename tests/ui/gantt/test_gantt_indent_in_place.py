"""An indent, an outdent and their undo update the Gantt's outline in place (no reload) to
exactly what a reload reads, and repaint."""

from __future__ import annotations

from PySide6.QtCore import Qt

from infradesk.services.plan import incremental
from infradesk.services.plan.outline import Outline
from infradesk.services.plan.view import load_outline_view

COLUMNS = (
    "ids", "parent", "depth", "wbs", "summary", "start", "finish", "duration", "percent",
    "remaining", "cost", "actual_cost", "work", "estimated_below", "assigned", "predecessors",
)  # fmt: skip


def _as_reloaded(tab) -> None:
    fresh: Outline = load_outline_view(tab.context.workspace, tab.project_id).outline
    shown = tab.model.outline
    for name in COLUMNS:
        assert getattr(shown, name) == getattr(fresh, name), name


def _select(tab, name: str) -> None:
    o = tab.model.outline
    tab.select_tasks([o.ids[o.name.index(name)]])
    tab.table.setFocus()


def test_indent_outdent_and_undo_keep_the_outline_and_match_a_reload(qtbot, gantt) -> None:
    incremental.warm_scheduler(gantt.context.workspace, gantt.project_id)
    outline = gantt.model.outline
    resets: list[bool] = []
    gantt.model.modelReset.connect(lambda: resets.append(True))
    refreshed: list[tuple[int, int]] = []
    gantt.model.rowsRefreshed.connect(lambda a, b: refreshed.append((a, b)))
    stack = gantt.context.undo_stack

    def row(name: str) -> int:
        return outline.name.index(name)

    _select(gantt, "Test")
    qtbot.keyClick(gantt.table, Qt.Key.Key_Tab)  # under Build, after Cable
    assert outline.wbs[row("Test")] == "2.3"
    _as_reloaded(gantt)
    qtbot.keyClick(gantt.table, Qt.Key.Key_Tab)  # under Cable: Cable becomes a summary
    assert outline.wbs[row("Test")] == "2.2.1"
    assert outline.summary[row("Cable")]
    _as_reloaded(gantt)
    # Cable is a task again, with the duration its roll-up left stored (as after a reload)
    qtbot.keyClick(gantt.table, Qt.Key.Key_Backtab)
    assert outline.wbs[row("Test")] == "2.3"
    assert not outline.summary[row("Cable")]
    _as_reloaded(gantt)
    stack.undo()
    assert outline.wbs[row("Test")] == "2.2.1"
    _as_reloaded(gantt)
    stack.undo()  # Cable is a task again with its own two days
    assert outline.duration[row("Cable")] == 2 * 480
    _as_reloaded(gantt)
    stack.undo()
    assert outline.wbs[row("Test")] == "3"
    _as_reloaded(gantt)
    _select(gantt, "Approve")  # the last of Design's tasks goes up, after Design
    qtbot.keyClick(gantt.table, Qt.Key.Key_Backtab)
    assert outline.wbs[row("Approve")] == "2"
    assert outline.wbs[row("Build")] == "3"
    _as_reloaded(gantt)
    stack.undo()
    _as_reloaded(gantt)

    assert gantt.model.outline is outline and not resets  # updated in place every time
    assert len(refreshed) == 8
