"""Manually Schedule / Auto Schedule in the Gantt (issue 16, point 9): the Task menu and the
context menu act on the selection as one undo step, summaries are left out (their actions say
why), and the task dialog's Manually scheduled and Estimated boxes save with the dialog."""

from __future__ import annotations

from sqlalchemy import select, update

from infradesk.model import Task
from infradesk.ui.gantt.actions import SUMMARY_TIP
from infradesk.ui.gantt.outline_model import COLUMN_KEYS


def row(tab, name: str) -> int:
    return tab.model.outline.name.index(name)


def select_names(tab, *names: str) -> None:
    o = tab.model.outline
    tab.select_tasks([o.ids[row(tab, n)] for n in names])


def stored_manual(workspace, task_id: int) -> bool:
    with workspace.read_session() as s:
        return bool(s.scalar(select(Task.manual).where(Task.id == task_id)))


def span(tab, name: str) -> tuple:
    o, r = tab.model.outline, row(tab, name)
    return o.start[r], o.finish[r]


def test_context_menu_switches_the_selection_in_one_undo_step(gantt, workspace, plan_ids):
    actions = gantt.tab_actions
    select_names(gantt, "Plan", "Rack")
    menu = gantt.tab_actions.context_menu()
    entries = [a.text().replace("&", "") for a in menu.actions()]
    assert "Manually Schedule" in entries and "Auto Schedule" in entries
    assert actions.manual_action.isEnabled() and not actions.auto_action.isEnabled()
    assert "already scheduled automatically" in actions.auto_action.toolTip()
    before = {n: span(gantt, n) for n in ("Plan", "Rack", "Cable")}
    steps = gantt.context.undo_stack.count()
    actions.manual_action.trigger()
    o = gantt.model.outline
    assert o.manual[row(gantt, "Plan")] and o.manual[row(gantt, "Rack")]
    assert stored_manual(workspace, plan_ids["Plan"]) and stored_manual(workspace, plan_ids["Rack"])
    assert {n: span(gantt, n) for n in before} == before  # switched where they are
    assert gantt.context.undo_stack.count() == steps + 1
    assert gantt.context.undo_stack.undoText() == "Manually schedule 2 tasks"
    gantt.tab_actions.context_menu()  # the enabled state follows the selection
    assert not actions.manual_action.isEnabled() and actions.auto_action.isEnabled()
    gantt.context.undo()
    assert not o.manual[row(gantt, "Plan")] and not o.manual[row(gantt, "Rack")]
    assert not stored_manual(workspace, plan_ids["Rack"])
    gantt.context.redo()
    assert o.manual[row(gantt, "Plan")] and stored_manual(workspace, plan_ids["Plan"])


def test_a_manual_task_stays_when_its_predecessor_moves_until_auto(gantt, workspace, plan_ids):
    model = gantt.model
    select_names(gantt, "Plan")
    gantt.tab_actions.manual_action.trigger()
    pinned = span(gantt, "Plan")
    survey = model.index(model.view_rows.index(row(gantt, "Survey")), COLUMN_KEYS.index("duration"))
    assert model.setData(survey, "4d")  # Survey now ends two days after Plan's start
    assert span(gantt, "Survey")[1] > pinned[0]
    assert span(gantt, "Plan") == pinned
    gantt.context.undo()  # the longer Survey
    assert span(gantt, "Plan") == pinned
    gantt.context.redo()
    assert span(gantt, "Plan") == pinned
    select_names(gantt, "Plan")
    gantt.tab_actions.auto_action.trigger()  # the link places it after Survey again
    assert span(gantt, "Plan")[0] > span(gantt, "Survey")[1]
    assert not stored_manual(workspace, plan_ids["Plan"])
    gantt.context.undo()  # manual again, at the start it was pinned to
    assert span(gantt, "Plan") == pinned and stored_manual(workspace, plan_ids["Plan"])
    with workspace.read_session() as s:
        assert s.scalar(select(Task.start).where(Task.id == plan_ids["Plan"])) == pinned[0]


def test_summaries_are_left_out_and_say_why(gantt, workspace, plan_ids):
    actions = gantt.tab_actions
    select_names(gantt, "Design", "Build")
    actions.refresh_mode_actions()
    assert not actions.manual_action.isEnabled()
    assert actions.manual_action.toolTip() == SUMMARY_TIP
    steps = gantt.context.undo_stack.count()
    actions.set_schedule_mode(True)  # a shortcut or a stale menu still refuses politely
    assert gantt.context.undo_stack.count() == steps
    assert "roll their dates up" in gantt.last_message
    select_names(gantt, "Design", "Survey")
    actions.refresh_mode_actions()
    assert actions.manual_action.isEnabled()
    actions.manual_action.trigger()
    assert stored_manual(workspace, plan_ids["Survey"])
    assert not stored_manual(workspace, plan_ids["Design"])
    assert "summary tasks were left as they are" in gantt.last_message


def test_task_menu_of_the_main_window(main_window):
    menus = {a.text().replace("&", ""): a.menu() for a in main_window.menuBar().actions()}
    task_menu = menus["Task"]
    texts = [a.text().replace("&", "") for a in task_menu.actions()]
    assert "Manually Schedule" in texts and "Auto Schedule" in texts
    tab = main_window.gantt_tab
    o = tab.model.outline
    leaf = next(r for r in range(len(o.ids)) if not o.summary[r] and not o.milestone[r])
    tab.select_tasks([o.ids[leaf]])
    task_menu.aboutToShow.emit()
    assert tab.tab_actions.manual_action.isEnabled()
    main_window.tabs.setCurrentIndex(1)  # another tab shown: the Gantt's selection is hidden
    task_menu.aboutToShow.emit()
    assert not tab.tab_actions.manual_action.isEnabled()


def test_task_dialog_manual_and_estimated_boxes(gantt, workspace, plan_ids):
    r = row(gantt, "Plan")
    dialog = gantt.make_dialog(r)
    assert not dialog.manual.isChecked() and not dialog.estimated.isChecked()
    dialog.manual.setChecked(True)
    dialog.estimated.setChecked(True)
    pinned = span(gantt, "Plan")
    dialog.accept()
    assert dialog.command is not None and gantt.run(dialog.command)
    o = gantt.model.outline
    assert o.manual[r] and o.estimated[r] and span(gantt, "Plan") == pinned
    again = gantt.make_dialog(r)
    assert again.manual.isChecked() and again.estimated.isChecked()
    assert again.build_command(plan_ids["project"]) is None  # unchanged: nothing to save
    gantt.context.undo()  # one step for both
    assert not o.manual[r] and not o.estimated[r]
    assert not stored_manual(workspace, plan_ids["Plan"])


def test_task_dialog_reads_the_duration_marks_and_disables_the_boxes_on_summaries(
    gantt, workspace, plan_ids
):
    with workspace.session() as s:
        s.execute(
            update(Task)
            .where(Task.id == plan_ids["Rack"])
            .values(elapsed=True, duration_minutes=3 * 1440)
        )
    gantt.model.reload()
    rack = gantt.make_dialog(row(gantt, "Rack"))
    assert rack.duration.text() == "3ed"
    assert rack.build_command(plan_ids["project"]) is None
    rack.duration.setText("2d?")
    rack._duration_typed("2d?")  # as textEdited does when the user types it
    assert rack.estimated.isChecked()
    rack.accept()
    assert rack.command is not None and gantt.run(rack.command)
    o = gantt.model.outline
    r = row(gantt, "Rack")
    assert (o.duration[r], o.elapsed[r], o.estimated[r]) == (960, False, True)
    summary = gantt.make_dialog(row(gantt, "Design"))
    assert not summary.manual.isEnabled() and not summary.estimated.isEnabled()
    assert "subtasks" in summary.manual.toolTip()


def test_dragging_a_manual_bar_moves_its_fixed_start(gantt, workspace, plan_ids):
    from datetime import timedelta

    select_names(gantt, "Plan")
    gantt.tab_actions.manual_action.trigger()
    start, finish = span(gantt, "Plan")
    gantt.chart.barMoved.emit(row(gantt, "Plan"), start + timedelta(days=7))
    assert span(gantt, "Plan") == (start + timedelta(days=7), finish + timedelta(days=7))
    assert gantt.model.outline.constraint_type[row(gantt, "Plan")] == "ASAP"  # no SNET added
    assert gantt.context.undo_stack.undoText() == "Move task"
    gantt.context.undo()
    assert span(gantt, "Plan") == (start, finish)
    assert stored_manual(workspace, plan_ids["Plan"])


def test_typing_a_start_on_a_manual_task_moves_its_fixed_start(gantt, workspace, plan_ids):
    from datetime import timedelta

    select_names(gantt, "Plan")
    gantt.tab_actions.manual_action.trigger()
    start, finish = span(gantt, "Plan")
    model, r = gantt.model, row(gantt, "Plan")
    index = model.index(r, COLUMN_KEYS.index("start"))
    typed = (start + timedelta(days=7)).strftime("%Y-%m-%d %H:%M")
    assert model.setData(index, typed)
    assert span(gantt, "Plan") == (start + timedelta(days=7), finish + timedelta(days=7))
    assert model.outline.constraint_type[r] == "ASAP"  # the fixed start moved, no SNET added
    assert gantt.context.undo_stack.undoText() == "Edit start"
    gantt.context.undo()
    assert span(gantt, "Plan") == (start, finish)
