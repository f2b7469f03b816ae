"""Issue 16, point 9: estimated (``5d?``), manually scheduled and elapsed (``3ed``) tasks keep
their flags and the Gantt shows them as MS Project does; typing the marks sets them, undoably."""

from __future__ import annotations

from sqlalchemy import update

from infradesk.model import Task
from infradesk.ui.gantt.outline_model import COLUMN_KEYS, MANUAL_TIP
from infradesk.ui.gantt.painter import Palette


def row(tab, name: str) -> int:
    return tab.model.outline.name.index(name)


def cell(tab, name: str, key: str):
    return tab.model.index(tab.model.view_rows.index(row(tab, name)), COLUMN_KEYS.index(key))


def shown(tab, name: str, key: str = "duration") -> str:
    return tab.model.data(cell(tab, name, key))


def drawn_near(image, x: int, y: int, color, tolerance: int = 40) -> bool:
    """A pixel within one of (x, y) close to ``color`` (antialiased edges blend)."""
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            found = image.pixelColor(x + dx, y + dy)
            if all(
                abs(a - b) <= tolerance
                for a, b in zip(found.getRgb()[:3], color.getRgb()[:3], strict=True)
            ):
                return True
    return False


def store_flags(workspace, gantt, task_id: int, **flags: object) -> None:
    with workspace.session() as s:
        s.execute(update(Task).where(Task.id == task_id).values(**flags))
    gantt.model.reload()


def test_stored_flags_are_shown_in_duration_text_and_tooltip(gantt, workspace, plan_ids) -> None:
    store_flags(workspace, gantt, plan_ids["Plan"], estimated=True)
    store_flags(workspace, gantt, plan_ids["Rack"], elapsed=True, duration_minutes=3 * 1440)
    assert shown(gantt, "Plan") == "3d?"
    assert shown(gantt, "Rack") == "3ed"
    assert shown(gantt, "Survey") == "2d"
    assert "Estimated duration" in gantt.model.tooltip(row(gantt, "Plan"))
    assert "24-hour clock" in gantt.model.tooltip(row(gantt, "Rack"))
    assert "Elapsed" not in gantt.model.tooltip(row(gantt, "Survey"))


def test_typing_the_marks_sets_the_flags_with_undo(gantt, workspace, plan_ids) -> None:
    o = gantt.model.outline
    plan, rack = row(gantt, "Plan"), row(gantt, "Rack")
    assert gantt.model.setData(cell(gantt, "Plan", "duration"), "3d?")
    assert o.estimated[plan] and o.duration[plan] == 3 * 480
    assert shown(gantt, "Plan") == "3d?"
    assert gantt.model.setData(cell(gantt, "Rack", "duration"), "3ed")
    assert o.elapsed[rack] and o.duration[rack] == 3 * 1440
    assert shown(gantt, "Rack") == "3ed"
    with workspace.read_session() as s:
        stored = s.get(Task, plan_ids["Rack"])
        assert stored is not None and stored.elapsed and stored.duration_minutes == 4320
    gantt.context.undo()
    assert not o.elapsed[rack] and shown(gantt, "Rack") == "4d"
    gantt.context.undo()
    assert not o.estimated[plan] and shown(gantt, "Plan") == "3d"
    gantt.context.undo_stack.redo()
    assert shown(gantt, "Plan") == "3d?"
    assert gantt.model.setData(cell(gantt, "Plan", "duration"), "3d")  # a plain 5d clears it
    assert not o.estimated[plan]


def test_a_manual_task_is_drawn_bracketed_in_teal_and_says_why(qtbot, gantt, workspace, plan_ids):
    store_flags(workspace, gantt, plan_ids["Plan"], manual=True)
    painter = gantt.painter
    manual, other = row(gantt, "Plan"), row(gantt, "Survey")
    assert painter.is_manual(manual) and not painter.is_manual(other)
    assert MANUAL_TIP in gantt.model.tooltip(manual)
    assert MANUAL_TIP not in gantt.model.tooltip(other)
    gantt.painter.options.show_critical = False  # the fill of a critical bar is red
    gantt.chart.viewport().update()
    image = gantt.chart.viewport().grab().toImage()
    rect = painter.bar_rect(manual, gantt.model.view_rows.index(manual))
    centre = gantt.chart.viewport_point(rect.center())
    assert image.pixelColor(centre.x(), centre.y()) == Palette.manual
    # the closing bracket's upright, just above the bar (the opening one sits on the status
    # line here); a plain bar has nothing there
    above = gantt.chart.viewport_point(rect.topRight())
    assert drawn_near(image, above.x(), above.y() - 2, Palette.manual_edge)
    plain_rect = painter.bar_rect(other, gantt.model.view_rows.index(other))
    plain_above = gantt.chart.viewport_point(plain_rect.topRight())
    assert not drawn_near(image, plain_above.x(), plain_above.y() - 2, Palette.manual_edge)
    plain = painter.bar_rect(other, gantt.model.view_rows.index(other))
    point = gantt.chart.viewport_point(plain.center())
    assert image.pixelColor(point.x(), point.y()) == Palette.bar


def test_a_summary_reads_estimated_while_one_of_its_tasks_does(gantt, workspace, plan_ids):
    """MS Project's rule: 5d? below makes the summary's duration 22d? too."""
    assert shown(gantt, "Build") == "4d"
    assert gantt.model.setData(cell(gantt, "Cable", "duration"), "2d?")
    assert shown(gantt, "Build") == "4d?"
    assert "1 task(s) below" in gantt.model.tooltip(row(gantt, "Build"))
    assert shown(gantt, "Design") == "1w"  # best fit: whole weeks in weeks
    gantt.context.undo()
    assert shown(gantt, "Build") == "4d"
    store_flags(workspace, gantt, plan_ids["Rack"], estimated=True)  # read at load too
    assert shown(gantt, "Build") == "4d?"
    store_flags(workspace, gantt, plan_ids["Build"], elapsed=True)  # a summary's own: ignored
    assert shown(gantt, "Build") == "4d?"
