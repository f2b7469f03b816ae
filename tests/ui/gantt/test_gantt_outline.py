"""The outline table: the model contract, keyboard editing, cell edits, filters, undo."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit

from infradesk.ui.gantt.outline_model import COLUMN_KEYS
from tests.ui.confirm import answer_delete


def names(tab) -> list[str]:
    o = tab.model.outline
    return [o.name[r] for r in tab.model.view_rows]


def wbs_of(tab, name: str) -> str:
    o = tab.model.outline
    return o.wbs[o.name.index(name)]


def select(tab, *task_names: str) -> None:
    o = tab.model.outline
    tab.select_tasks([o.ids[o.name.index(n)] for n in task_names])
    tab.table.setFocus()


def cell(tab, name: str, key: str):
    o = tab.model.outline
    view = tab.model.view_rows.index(o.name.index(name))
    return tab.model.index(view, COLUMN_KEYS.index(key))


def test_model_contract(qtmodeltester, gantt) -> None:
    qtmodeltester.check(gantt.model)
    assert gantt.model.rowCount() == 8
    assert names(gantt)[:3] == ["Design", "Survey", "Plan"]
    assert cell(gantt, "Plan", "predecessors").data() == "2"
    assert cell(gantt, "Rack", "duration").data() == "4d"
    assert cell(gantt, "Survey", "start").data() == "Mon 2026-03-02"


def test_tab_and_shift_tab_indent_and_outdent_with_undo(qtbot, gantt) -> None:
    stack = gantt.context.undo_stack
    select(gantt, "Test")
    qtbot.keyClick(gantt.table, Qt.Key.Key_Tab)
    assert wbs_of(gantt, "Test") == "2.3"
    assert gantt.selected_task_ids() == [
        gantt.model.outline.ids[gantt.model.outline.name.index("Test")]
    ]
    qtbot.keyClick(gantt.table, Qt.Key.Key_Backtab)
    assert wbs_of(gantt, "Test") == "3"
    stack.undo()
    assert wbs_of(gantt, "Test") == "2.3"
    stack.undo()
    assert wbs_of(gantt, "Test") == "3"
    stack.redo()
    assert wbs_of(gantt, "Test") == "2.3"
    # the first task cannot be indented: said in the banner, nothing pushed
    count = stack.count()
    select(gantt, "Design")
    qtbot.keyClick(gantt.table, Qt.Key.Key_Tab)
    assert "indented" in gantt.last_message
    assert stack.count() == count


def test_insert_delete_and_move_rows(qtbot, gantt) -> None:
    stack = gantt.context.undo_stack
    select(gantt, "Survey")
    qtbot.keyClick(gantt.table, Qt.Key.Key_Insert)
    assert names(gantt)[:4] == ["Design", "Survey", "New task", "Plan"]
    assert gantt.selected_task_ids() == [gantt.model.outline.ids[2]]
    qtbot.keyClick(gantt.table, Qt.Key.Key_Delete)
    assert answer_delete(qtbot, gantt.table) == "Delete the selected task?"
    assert "New task" not in names(gantt)
    stack.undo()
    assert names(gantt)[2] == "New task"
    stack.undo()
    assert "New task" not in names(gantt)
    select(gantt, "Plan")
    qtbot.keyClick(gantt.table, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert names(gantt)[:3] == ["Design", "Plan", "Survey"]
    stack.undo()
    assert names(gantt)[:3] == ["Design", "Survey", "Plan"]
    # delete a summary with its subtasks, multi-select
    select(gantt, "Build", "Test")
    qtbot.keyClick(gantt.table, Qt.Key.Key_Delete)
    answer_delete(qtbot, gantt.table)
    assert names(gantt) == ["Design", "Survey", "Plan", "Approve"]
    stack.undo()
    assert len(names(gantt)) == 8


def test_drop_rows_moves_them(gantt) -> None:
    o = gantt.model.outline
    gantt.tab_actions.rows_dropped(
        [o.name.index("Test")], gantt.model.view_rows.index(o.name.index("Rack"))
    )
    assert wbs_of(gantt, "Test") == "2.1"
    gantt.context.undo_stack.undo()
    assert wbs_of(gantt, "Test") == "3"


def edit_cell(qtbot, tab, name: str, key: str, text: str) -> None:
    index = cell(tab, name, key)
    tab.table.setCurrentIndex(index)
    tab.table.edit(index)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    message = tab.last_message = ""
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits in a queued call
    qtbot.waitUntil(
        lambda: tab.last_message != message
        or tab.table.state() != QAbstractItemView.State.EditingState
    )
    if tab.last_message:  # refused: the editor reopens with the typing; Esc gives up
        qtbot.waitUntil(lambda: tab.table.state() == QAbstractItemView.State.EditingState)
        reopened = QApplication.focusWidget()
        assert isinstance(reopened, QLineEdit) and reopened.text() == text
        qtbot.keyClick(reopened, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: tab.table.state() != QAbstractItemView.State.EditingState)


def test_predecessor_cell_valid_invalid_and_cycle(qtbot, gantt) -> None:
    stack = gantt.context.undo_stack
    o = gantt.model.outline
    test_start = o.start[o.name.index("Test")]
    edit_cell(qtbot, gantt, "Test", "predecessors", "6FS+1d; 3SS")
    assert gantt.last_message == ""
    assert cell(gantt, "Test", "predecessors").data() == "6FS+1d; 3SS"
    o = gantt.model.outline
    assert o.start[o.name.index("Test")] > test_start  # rescheduled after Rack + 1 day
    stack.undo()
    assert cell(gantt, "Test", "predecessors").data() == ""
    stack.redo()
    assert cell(gantt, "Test", "predecessors").data() == "6FS+1d; 3SS"
    count = stack.count()
    edit_cell(qtbot, gantt, "Test", "predecessors", "99")
    assert "no row 99" in gantt.last_message
    edit_cell(qtbot, gantt, "Survey", "predecessors", "4")  # Approve -> Survey closes a loop
    assert "loop" in gantt.last_message
    assert stack.count() == count
    assert cell(gantt, "Survey", "predecessors").data() == ""


def test_cell_edits_of_duration_name_and_start(qtbot, gantt) -> None:
    stack = gantt.context.undo_stack
    edit_cell(qtbot, gantt, "Survey", "duration", "5d")
    assert cell(gantt, "Survey", "duration").data() == "1w"  # best fit: whole weeks in weeks
    assert cell(gantt, "Plan", "start").data() == "Mon 2026-03-09"  # the successor moved
    edit_cell(qtbot, gantt, "Survey", "duration", "five")
    assert "not a duration" in gantt.last_message
    edit_cell(qtbot, gantt, "Test", "name", "Acceptance test")
    assert "Acceptance test" in names(gantt)
    edit_cell(qtbot, gantt, "Cable", "start", "2026-04-01")
    assert cell(gantt, "Cable", "start").data() == "Wed 2026-04-01"
    for _ in range(3):
        stack.undo()
    assert cell(gantt, "Survey", "duration").data() == "2d"
    assert cell(gantt, "Plan", "start").data() == "Wed 2026-03-04"


def test_filters(gantt) -> None:
    gantt.set_filter("milestones")
    assert names(gantt) == ["Design", "Approve"]
    gantt.set_filter("critical")
    assert "Rack" in names(gantt) and "Test" not in names(gantt)
    gantt.set_filter("all", owner="Ana")
    assert names(gantt) == ["Design", "Survey", "Approve", "Test"]
    gantt.set_filter("late", owner="")
    # Survey and Test should be done by the status date; Cable finishes after its deadline
    assert names(gantt) == ["Design", "Survey", "Build", "Cable", "Test"]
    gantt.set_filter("all")
    assert len(names(gantt)) == 8


def test_find(gantt) -> None:
    gantt.find_edit.setText("cab")
    assert gantt.find_next()
    o = gantt.model.outline
    assert gantt.selected_task_ids() == [o.ids[o.name.index("Cable")]]
    gantt.find_edit.setText("nothing like this")
    assert not gantt.find_next()
    assert "No task matches" in gantt.last_message


def test_fold_a_summary_by_its_triangle(qtbot, gantt) -> None:
    index = cell(gantt, "Design", "name")
    rect = gantt.table.visualRect(index)
    qtbot.mouseClick(
        gantt.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.topLeft() + QPoint(10, 10)
    )
    assert names(gantt) == ["Design", "Build", "Rack", "Cable", "Test"]
    assert gantt.painter.view_rows == gantt.model.view_rows  # the chart follows
    gantt.fold_all(True)
    assert names(gantt) == ["Design", "Build", "Test"]
    gantt.fold_all(False)
    assert len(names(gantt)) == 8


def test_percent_done_rolls_up_to_the_summary(qtbot, gantt) -> None:
    edit_cell(qtbot, gantt, "Survey", "percent", "100")
    assert cell(gantt, "Survey", "percent").data() == "100%"
    assert cell(gantt, "Design", "percent").data() == "40%"  # 2 of 5 working days done
    gantt.context.undo_stack.undo()
    assert cell(gantt, "Design", "percent").data() == "0%"


def test_an_empty_project_gets_its_first_task(qtbot, gantt) -> None:
    from infradesk.services.plan.projects import CreateProject

    gantt.context.execute(CreateProject("Empty"))
    with gantt.context.workspace.session() as session:
        from infradesk.services.plan.projects import list_projects

        empty = next(p.id for p in list_projects(session) if p.name == "Empty")
    gantt.context.set_project(empty)
    assert gantt.model.rowCount() == 0
    gantt.chart.viewport().grab()
    gantt.chart.header.grab()
    gantt.tab_actions.insert_task()
    assert names(gantt) == ["New task"]
    assert gantt.model.outline.start[0] is not None
    gantt.context.set_project(None)
    assert gantt.model.rowCount() == 0
    gantt.chart.viewport().grab()


def test_shortcuts_and_context_menu(qtbot, gantt) -> None:
    gantt.activateWindow()
    gantt.table.setFocus()
    qtbot.waitUntil(lambda: gantt.table.hasFocus())
    qtbot.keyClick(gantt.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: gantt.find_edit.hasFocus())
    texts = [a.text() for a in gantt.tab_actions.context_menu().actions() if a.text()]
    assert texts[:5] == [
        "Task &information…",
        "Assign &Resources…",  # issue 18 (Alt+F10)
        "&Insert task",
        "Insert &subtask",
        "&Delete",
    ]
    assert "&Link tasks" in texts and "&Unlink tasks" in texts


def test_link_and_unlink_selected_tasks(gantt) -> None:
    select(gantt, "Survey", "Test")
    gantt.tab_actions.link_selected()
    assert cell(gantt, "Test", "predecessors").data() == "2"
    select(gantt, "Survey", "Test")
    gantt.tab_actions.unlink_selected()
    assert cell(gantt, "Test", "predecessors").data() == ""
    gantt.context.undo_stack.undo()
    assert cell(gantt, "Test", "predecessors").data() == "2"
    select(gantt, "Test")
    gantt.tab_actions.link_selected()
    assert "two or more" in gantt.last_message
