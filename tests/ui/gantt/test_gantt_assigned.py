"""Issue 18 in the Gantt: the Assigned column, Assign Resources (Alt+F10), resource names on
the bars, the filter by resource and the task dialog's resource fields."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex
from sqlalchemy import select

from infradesk.model import Assignment, BaseCalendar, Resource, Task
from infradesk.ui.gantt.outline_model import COLUMN_KEYS
from tests.ui.gantt.test_duration_entry import note, reopened_with, type_and_wait
from tests.ui.test_edit_refusals import editing


def row(tab: Any, name: str) -> int:
    return int(tab.model.outline.name.index(name))


def cell(tab: Any, name: str, key: str) -> QModelIndex:
    return tab.model.index(tab.model.view_rows.index(row(tab, name)), COLUMN_KEYS.index(key))


def shown(tab: Any, name: str, key: str) -> str:
    return str(cell(tab, name, key).data())


def add_pool(workspace) -> None:
    with workspace.session() as s:
        s.add_all(
            [
                Resource(name="Alice", rate_per_hour=Decimal("100")),
                Resource(name="Ana"),
                Resource(name="Fibre", kind="material", material_label="m"),
            ]
        )


def test_typing_assignments_shows_them_and_undo_restores(qtbot, gantt, workspace) -> None:
    add_pool(workspace)
    type_and_wait(qtbot, gantt, cell(gantt, "Survey", "assigned"), "alice[50%]; Crew")
    qtbot.waitUntil(lambda: not editing(gantt.table))
    assert note(gantt) is None and gantt.last_message == ""
    assert shown(gantt, "Survey", "assigned") == "Alice[50%]; Crew"
    assert shown(gantt, "Survey", "owner") == "Alice"  # the primary assignee
    # 2 days at 50 %: 8 h x 100.00, in the task's cost and its summary's
    assert shown(gantt, "Survey", "cost") == "800.00"
    assert shown(gantt, "Design", "cost") == "800.00"
    assert "Assigned: Alice[50%]; Crew" in gantt.model.tooltip(row(gantt, "Survey"))
    assert gantt.context.undo_stack.undoText() == "Assign alice, Crew (new resource Crew)"
    with workspace.read_session() as s:
        assert s.scalar(select(Task.owner).where(Task.name == "Survey")) == "Alice"
    # a longer task: the work and the cost follow (fixed duration)
    assert gantt.model.setData(cell(gantt, "Survey", "duration"), "4d")
    assert shown(gantt, "Survey", "cost") == "1,600.00"
    assert shown(gantt, "Design", "cost") == "1,600.00"
    gantt.context.undo()
    assert shown(gantt, "Survey", "cost") == "800.00"
    gantt.context.undo()
    assert shown(gantt, "Survey", "assigned") == ""
    assert shown(gantt, "Survey", "owner") == "Ana"
    assert shown(gantt, "Design", "cost") == "0.00"
    with workspace.read_session() as s:
        assert s.scalar(select(Resource.id).where(Resource.name == "Crew")) is None
    gantt.context.undo_stack.redo()
    assert shown(gantt, "Survey", "assigned") == "Alice[50%]; Crew"


def test_the_work_column_follows_assignments_and_durations(qtbot, gantt, workspace) -> None:
    """Work = duration x units for people and crews, summed up the outline; undo restores."""
    add_pool(workspace)
    assert shown(gantt, "Survey", "work") == ""
    type_and_wait(qtbot, gantt, cell(gantt, "Survey", "assigned"), "Alice[50%]; Crew; Fibre[20 m]")
    qtbot.waitUntil(lambda: not editing(gantt.table))
    # 2 days: Alice 8 h at 50%, the crew 16 h; a material has no work
    assert shown(gantt, "Survey", "work") == "24 h"
    assert shown(gantt, "Design", "work") == "24 h"
    assert gantt.model.setData(cell(gantt, "Survey", "duration"), "4d")
    assert shown(gantt, "Survey", "work") == "48 h"
    assert shown(gantt, "Design", "work") == "48 h"
    gantt.context.undo()
    assert shown(gantt, "Design", "work") == "24 h"
    gantt.context.undo()
    assert shown(gantt, "Survey", "work") == "" and shown(gantt, "Design", "work") == ""


def test_a_refused_assignment_is_said_under_the_cell(qtbot, gantt, workspace) -> None:
    add_pool(workspace)
    index = QPersistentModelIndex(cell(gantt, "Survey", "assigned"))
    type_and_wait(qtbot, gantt, QModelIndex(index), "Ana; Fibre[50%]")
    qtbot.waitUntil(lambda: reopened_with(gantt, index) == "Ana; Fibre[50%]")
    message = note(gantt)
    assert message is not None
    assert "Fibre is a material: give a quantity, like Fibre[200 m]" in message.text()
    assert gantt.context.undo_stack.count() == 0
    gantt.table.closePersistentEditor(QModelIndex(index))
    summary = QPersistentModelIndex(cell(gantt, "Design", "assigned"))
    type_and_wait(qtbot, gantt, QModelIndex(summary), "Ana")
    qtbot.waitUntil(lambda: note(gantt) is not None and "summary task" in note(gantt).text())
    assert gantt.context.undo_stack.count() == 0


def test_the_assign_resources_dialog(qtbot, gantt, workspace, plan_ids) -> None:
    add_pool(workspace)
    assert gantt.tab_actions.assign_action.shortcut().toString() == "Alt+F10"
    assert gantt.tab_actions.assign_action in gantt.tab_actions.context_menu().actions()
    dialog = gantt.make_assign_dialog(row(gantt, "Rack"))
    qtbot.addWidget(dialog)
    assert dialog.row_of("Alice") >= 0 and dialog.row_of("Fibre") >= 0
    dialog.set_assigned("Fibre", True, "120 m")
    dialog.set_assigned("Ana", True, "50%")
    dialog.new_name.setText("Night crew")
    dialog.add_new()
    assert dialog.assigned_text() == "Ana[50%]; Fibre[120 m]; Night crew"
    assert gantt.save_assignments(plan_ids["Rack"], dialog.assigned_text()) is None
    assert shown(gantt, "Rack", "assigned") == "Ana[50%]; Fibre[120 m]; Night crew"
    # opened again, it shows the task's assignments ticked with their units
    again = gantt.make_assign_dialog(row(gantt, "Rack"))
    qtbot.addWidget(again)
    again.set_assigned("Fibre", False)
    assert again.assigned_text() == "Ana[50%]; Night crew"
    # a summary is refused at once, without a dialog
    gantt.select_tasks([plan_ids["Build"]])
    gantt.assign_resources()
    assert "'Build' is a summary task" in gantt.last_message


def test_the_filter_by_resource_shows_its_tasks_and_their_summaries(gantt, plan_ids) -> None:
    assert gantt.save_assignments(plan_ids["Test"], "Ben[50%]") is None
    assert gantt.save_assignments(plan_ids["Cable"], "Dee; Ben") is None
    gantt.owner_combo.setCurrentIndex(0)
    assert gantt.owner_combo.itemText(0) == "All resources"
    names = [gantt.owner_combo.itemText(i) for i in range(gantt.owner_combo.count())]
    assert "Ben" in names and "Dee" in names
    gantt.set_filter("all", "Dee")
    o = gantt.model.outline
    assert [o.name[r] for r in gantt.model.view_rows] == ["Build", "Cable"]
    gantt.set_filter("all", "Ben")  # assigned, or the owner of a task without assignments
    assert [o.name[r] for r in gantt.model.view_rows] == [
        "Design",
        "Plan",
        "Build",
        "Rack",
        "Cable",
        "Test",
    ]


def test_resource_names_are_drawn_right_of_the_bars(qtbot, gantt, plan_ids, tmp_path) -> None:
    painter = gantt.painter
    survey = row(gantt, "Survey")
    view = gantt.model.view_rows.index(survey)
    rect = painter.bar_rect(survey, view)
    assert rect is not None
    scroll_x = gantt.chart.horizontalScrollBar().value()
    scroll_y = gantt.chart.verticalScrollBar().value()
    # past where the owner "Ana" ends, where the longer names reach
    left = int(rect.right()) + 7 + 40 - scroll_x
    y0 = int(view * painter.row_height) - scroll_y

    def inked() -> int:
        """Dark pixels (text) in the band right of the bar: the grid and shading are light."""
        image = gantt.chart.viewport().grab().toImage()
        return sum(
            1
            for x in range(left, left + 60)
            for y in range(y0 + 4, y0 + painter.row_height - 4)
            if max(image.pixelColor(x, y).getRgb()[:3]) < 160
        )

    before = inked()
    assert gantt.save_assignments(plan_ids["Survey"], "Ana; Network engineer[50%]") is None
    qtbot.waitUntil(lambda: inked() > before + 20)
    assert gantt.grab().save(str(tmp_path / "gantt-assigned.png"))  # looked at by hand


def test_the_task_dialog_edits_priority_type_calendar_and_resources(gantt, workspace, plan_ids):
    add_pool(workspace)
    dialog = gantt.make_dialog(row(gantt, "Plan"))
    assert dialog.priority.value() == 500
    assert dialog.task_type.currentData() == "fixed_duration"
    assert dialog.calendar.currentData() is None  # the project calendar
    with workspace.read_session() as s:
        all_hours = s.scalar(select(BaseCalendar.id).where(BaseCalendar.name == "24 Hours"))
    dialog.priority.setValue(900)
    dialog.task_type.setCurrentIndex(dialog.task_type.findData("fixed_work"))
    dialog.calendar.setCurrentIndex(dialog.calendar.findData(all_hours))
    dialog.assigned.setText("Ana[50%]")
    command = dialog.build_command(plan_ids["project"])
    assert command is not None
    gantt.context.execute(command)
    with workspace.read_session() as s:
        task = s.get(Task, plan_ids["Plan"])
        assert task is not None
        assert (task.priority, task.task_type, task.calendar_id) == (900, "fixed_work", all_hours)
        units = s.scalar(select(Assignment.units).where(Assignment.task_id == task.id))
    assert units == 0.5
    assert shown(gantt, "Plan", "assigned") == "Ana[50%]"
    gantt.context.undo()
    with workspace.read_session() as s:
        task = s.get(Task, plan_ids["Plan"])
        assert task is not None and (task.priority, task.calendar_id) == (500, None)
    assert shown(gantt, "Plan", "assigned") == ""
    # a bad text is refused in the dialog, naming the part
    dialog = gantt.make_dialog(row(gantt, "Plan"))
    dialog.assigned.setText("Ana[lots]")
    dialog.accept()
    assert "'Ana[lots]'" in dialog.error.text()
