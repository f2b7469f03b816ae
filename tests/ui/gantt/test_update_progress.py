"""Project > Update Progress… (Ctrl+U): the tasks due by the status date, one keystroke each,
each answer one undoable command that reschedules at once; complete-through and on-track."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt

from infradesk.ui.progress.update_dialog import UpdateProgressDialog


def row(tab, name: str) -> int:
    return tab.model.outline.name.index(name)


@pytest.fixture
def dialog(qtbot, gantt) -> UpdateProgressDialog:
    dialog = UpdateProgressDialog(gantt.context, lambda: gantt.model.outline, gantt)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def listed(dialog) -> list[str]:
    o = dialog.outline_of()
    return [o.name[o.row_of[t.id]] for t in dialog.model.tasks]


def select(dialog, name: str) -> None:
    dialog.table.selectRow(listed(dialog).index(name))


def test_the_dialog_lists_what_should_have_started_or_finished(dialog) -> None:
    # status date Wed 4 Mar 08:00: Survey (Mon-Tue) and Test (Mon) should be finished;
    # Plan starts exactly at the status date and Rack later: not due
    assert listed(dialog) == ["Survey", "Test"]
    assert [t.should for t in dialog.model.tasks] == ["finish", "finish"]
    assert "2 tasks should have started or finished" in dialog.heading.text()
    assert dialog.model.data(dialog.model.index(0, 6)) == "finished Tue 03 Mar"


def test_d_is_done_as_planned_in_one_undoable_step(qtbot, gantt, dialog) -> None:
    stack = gantt.context.undo_stack
    select(dialog, "Survey")
    qtbot.keyClick(dialog.table, Qt.Key.Key_D)
    o = gantt.model.outline
    assert o.percent[row(gantt, "Survey")] == 100
    assert stack.count() == 1 and stack.undoText() == "Done as planned"
    assert dialog.model.data(dialog.model.index(0, 6)) == "done as planned"
    assert dialog.model.data(dialog.model.index(0, 4)) == "100%"
    assert dialog.table.currentIndex().row() == 1  # on to the next task
    gantt.context.undo()
    assert gantt.model.outline.percent[row(gantt, "Survey")] == 0


def test_ctrl_z_in_the_dialog_takes_an_answer_back(qtbot, gantt, dialog) -> None:
    select(dialog, "Test")
    qtbot.keyClick(dialog.table, Qt.Key.Key_D)
    assert gantt.model.outline.percent[row(gantt, "Test")] == 100
    qtbot.keyClick(dialog.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert gantt.model.outline.percent[row(gantt, "Test")] == 0
    assert gantt.context.undo_stack.index() == 0
    assert dialog.model.data(dialog.model.index(1, 6)) == "finished Mon 02 Mar"  # asked again
    qtbot.keyClick(dialog.table, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert gantt.model.outline.percent[row(gantt, "Test")] == 100


def test_n_not_started_moves_the_task_and_its_successors(qtbot, gantt, dialog) -> None:
    o = gantt.model.outline
    select(dialog, "Survey")
    qtbot.keyClick(dialog.table, Qt.Key.Key_D)
    select(dialog, "Survey")
    qtbot.keyClick(dialog.table, Qt.Key.Key_N)
    assert gantt.context.undo_stack.undoText() == "Not started yet"
    assert o.percent[row(gantt, "Survey")] == 0
    assert gantt.context.undo_stack.count() == 2


def test_p_asks_the_percent_and_refuses_a_bad_one(qtbot, gantt, dialog) -> None:
    answers = iter([40.0, 140.0, None])
    dialog.ask_percent = lambda _name, _current: next(answers)
    select(dialog, "Test")
    qtbot.keyClick(dialog.table, Qt.Key.Key_P)
    assert gantt.model.outline.percent[row(gantt, "Test")] == 40
    assert gantt.context.undo_stack.undoText() == "Set % complete"
    select(dialog, "Test")
    qtbot.keyClick(dialog.table, Qt.Key.Key_P)
    assert "140% is not a percentage" in dialog.message.text()
    qtbot.keyClick(dialog.table, Qt.Key.Key_P)  # cancelled: nothing happens
    assert gantt.context.undo_stack.count() == 1


def test_r_new_remaining_changes_the_duration(qtbot, gantt, dialog) -> None:
    o = gantt.model.outline
    survey = row(gantt, "Survey")
    dialog.ask_percent = lambda _name, _current: 50.0
    select(dialog, "Survey")
    qtbot.keyClick(dialog.table, Qt.Key.Key_P)  # 1 of 2 days done
    dialog.ask_text = lambda _name, current: "3d" if current == "1d" else "bad"
    select(dialog, "Survey")
    qtbot.keyClick(dialog.table, Qt.Key.Key_R)
    assert o.duration[survey] == 4 * 480  # 1 day done + 3 days left
    assert o.percent[survey] == 25
    assert gantt.context.undo_stack.undoText() == "New remaining work"
    # in progress: the 3 days left run from the status date (Wed 08:00), not from Monday
    assert o.finish[survey] == datetime(2026, 3, 6, 17, 0)
    dialog.ask_text = lambda _name, _current: "soon"
    select(dialog, "Survey")
    qtbot.keyClick(dialog.table, Qt.Key.Key_R)
    assert "Remaining work of 'Survey'" in dialog.message.text()
    gantt.context.undo()
    assert o.duration[survey] == 2 * 480 and o.percent[survey] == 50


def test_t_on_track_is_complete_through_the_status_date(qtbot, gantt, dialog) -> None:
    select(dialog, "Survey")
    qtbot.keyClick(dialog.table, Qt.Key.Key_T)
    assert gantt.model.outline.percent[row(gantt, "Survey")] == 100  # due by the status date
    assert gantt.context.undo_stack.undoText() == "Mark on track"


def test_complete_through_a_date_for_a_selection(qtbot, gantt) -> None:
    gantt.select_tasks([gantt.model.outline.ids[row(gantt, "Rack")]])
    rack = row(gantt, "Rack")
    start = gantt.model.outline.start[rack]  # four days of work
    gantt.tab_actions.ask_moment = lambda _default: datetime(
        start.year, start.month, start.day, 17, 0
    )
    gantt.tab_actions.complete_through_action.trigger()
    assert gantt.model.outline.percent[rack] == 25
    assert gantt.context.undo_stack.undoText() == "Update work as complete through"
    gantt.tab_actions.complete_through_action.trigger()  # nothing left to change
    assert "already as scheduled" in gantt.last_message
    gantt.tab_actions.on_track_action.trigger()  # Rack starts after the status date
    assert "already on track" in gantt.last_message
    assert gantt.context.undo_stack.count() == 1
    texts = [a.text().replace("&", "") for a in gantt.tab_actions.context_menu().actions()]
    assert "Mark on track" in texts and "Update work as complete through…" in texts


def test_complete_through_a_selected_phase_updates_its_tasks(qtbot, gantt) -> None:
    """A selected summary stands for its tasks (the service takes it so; the check before it
    skipped summaries and said "already as scheduled")."""
    outline = gantt.model.outline
    rack = row(gantt, "Rack")
    gantt.select_tasks([outline.ids[row(gantt, "Build")]])
    start = outline.start[rack]
    gantt.tab_actions.ask_moment = lambda _default: datetime(
        start.year, start.month, start.day, 17, 0
    )
    gantt.tab_actions.complete_through_action.trigger()
    assert gantt.model.outline.percent[rack] == 25
    assert gantt.context.undo_stack.undoText() == "Update work as complete through"


def test_ctrl_u_opens_the_dialog(qtbot, main_window) -> None:
    qtbot.keyClick(main_window, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: main_window.progress.update_dialog is not None
        and main_window.progress.update_dialog.isVisible()
    )
    dialog = main_window.progress.update_dialog
    assert dialog.model.tasks, "the demo has work due by today"
    before = main_window.context.undo_stack.count()
    qtbot.keyClick(dialog.table, Qt.Key.Key_D)
    assert main_window.context.undo_stack.count() == before + 1


def test_a_asks_the_actual_dates(qtbot, gantt, dialog) -> None:
    o = gantt.model.outline
    survey = row(gantt, "Survey")
    answers = iter(
        [
            (datetime(2026, 3, 2, 9, 0), None),
            (datetime(2026, 3, 3, 9, 0), datetime(2026, 3, 2, 9, 0)),
            None,
        ]
    )
    dialog.ask_dates = lambda _name, _row: next(answers)
    select(dialog, "Survey")
    qtbot.keyClick(dialog.table, Qt.Key.Key_A)
    assert o.actual_start[survey] == datetime(2026, 3, 2, 9, 0) and o.actual_finish[survey] is None
    assert o.start[survey] == datetime(2026, 3, 2, 9, 0)
    assert dialog.model.data(dialog.model.index(0, 6)) == "started (actual dates)"
    select(dialog, "Survey")
    qtbot.keyClick(dialog.table, Qt.Key.Key_A)
    assert "actual finish is before the actual start" in dialog.message.text()
    qtbot.keyClick(dialog.table, Qt.Key.Key_A)  # cancelled
    assert gantt.context.undo_stack.count() == 1
    gantt.context.undo()
    assert o.actual_start[survey] is None
