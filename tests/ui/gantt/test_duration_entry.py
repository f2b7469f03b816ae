"""Typing durations and other values into the Gantt as a user does (issue 17, input and messages).

What MS Project accepts is accepted (``3 weeks?`` is three weeks, estimated); a refusal is our
own message under the cell, with the typed text kept in the reopened editor, and never PySide's
"Error calling Python override" (pytest-qt fails a test when an exception escapes into Qt, so
every refusal here also proves that nothing was raised through Qt). Durations are shown in the
largest fitting unit, or the unit chosen in Settings; a real Planner file shows ``13.33d``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QLineEdit

from infradesk.model import Task
from infradesk.services.plan.field_edits import UpdateTask
from infradesk.services.preferences import Preferences, load_preferences
from infradesk.ui.cell_message import CellMessage
from infradesk.ui.gantt.outline_model import COLUMN_KEYS
from infradesk.ui.settings import AppSettings
from tests.ui.test_edit_refusals import editing, press_enter_in_editor, type_into_cell

DAY = 480


def row(tab: Any, name: str) -> int:
    return int(tab.model.outline.name.index(name))


def cell(tab: Any, name: str, key: str) -> QModelIndex:
    view = tab.model.view_rows.index(row(tab, name))
    return tab.model.index(view, COLUMN_KEYS.index(key))


def shown(tab: Any, name: str, key: str = "duration") -> str:
    return str(cell(tab, name, key).data())


def note(tab: Any) -> CellMessage | None:
    """The message under a refused cell, when shown."""
    found = tab.table.viewport().findChild(CellMessage)
    return found if isinstance(found, CellMessage) and found.isVisible() else None


def type_and_wait(qtbot, tab: Any, index: QModelIndex, typed: str) -> None:
    """Type into the cell's editor and press Enter; wait until it was saved or refused."""
    tab.last_message = ""
    type_into_cell(qtbot, tab.table, index, typed)
    qtbot.waitUntil(lambda: tab.last_message != "" or not editing(tab.table))


def reopened_with(tab: Any, index: QPersistentModelIndex) -> str | None:
    if not editing(tab.table):
        return None
    editor = tab.table.indexWidget(tab.model.index(index.row(), index.column()))
    return editor.text() if isinstance(editor, QLineEdit) else None


# --------------------------------------------------------------------------- accepted forms
ACCEPTED = [  # typed, minutes, estimated, elapsed, then shown
    ("3 weeks?", 15 * DAY, True, False, "3w?"),
    ("3 wks", 15 * DAY, False, False, "3w"),
    ("2.5d", int(2.5 * DAY), False, False, "2.5d"),
    ("4h", 240, False, False, "4h"),
    ("30m", 30, False, False, "30m"),
    ("3 edays", 3 * 1440, False, True, "3ed"),
    ("2mo", 40 * DAY, False, False, "8w"),
    ("3d?", 3 * DAY, True, False, "3d?"),
]


def test_ms_project_forms_typed_in_the_duration_cell(qtbot, gantt) -> None:
    o, r = gantt.model.outline, row(gantt, "Survey")
    for steps, (typed, minutes, estimated, elapsed, then_shown) in enumerate(ACCEPTED, 1):
        type_and_wait(qtbot, gantt, cell(gantt, "Survey", "duration"), typed)
        qtbot.waitUntil(lambda: not editing(gantt.table))
        assert (o.duration[r], o.estimated[r], o.elapsed[r]) == (minutes, estimated, elapsed)
        assert shown(gantt, "Survey") == then_shown, typed
        assert gantt.last_message == "" and note(gantt) is None
        assert gantt.context.undo_stack.count() == steps


# --------------------------------------------------------------------------- refusals
def test_a_refused_duration_is_said_under_the_cell_and_the_typing_kept(qtbot, gantt) -> None:
    index = QPersistentModelIndex(cell(gantt, "Survey", "duration"))
    type_and_wait(qtbot, gantt, QModelIndex(index), "abc")
    qtbot.waitUntil(lambda: reopened_with(gantt, index) == "abc")
    message = note(gantt)
    assert message is not None
    assert message.text().startswith("⚠ 'abc' is not a duration: type a number and a unit")
    assert "Error calling" not in message.text() and "Error calling" not in gantt.last_message
    under = gantt.table.visualRect(QModelIndex(index))
    assert message.geometry().top() > under.bottom()  # under the cell, where the user looks
    assert message.geometry().left() <= under.right()
    assert gantt.model.outline.duration[row(gantt, "Survey")] == 2 * DAY
    assert gantt.context.undo_stack.count() == 0
    editor = gantt.table.indexWidget(gantt.model.index(index.row(), index.column()))
    editor.setText("4d")  # the user corrects it and presses Enter
    press_enter_in_editor(qtbot, gantt.table, index)
    qtbot.waitUntil(lambda: not editing(gantt.table))
    assert gantt.model.outline.duration[row(gantt, "Survey")] == 4 * DAY
    assert note(gantt) is None
    assert gantt.context.undo_stack.count() == 1


REFUSED = [  # column, typed, what the message says
    ("duration", "3 fortnights", "unknown unit 'fortnights'"),
    ("duration", "-2d", "cannot be negative"),
    ("duration", "999999999999999999999w", "longer than InfraDesk can schedule"),
    ("start", "31/02/2026", "'31/02/2026' is not a date"),
    ("percent", "lots", "'lots' is not a percentage"),
    ("percent", "150", "between 0 and 100"),
    ("remaining", "later", "Remaining work: 'later' is not a duration"),
    ("actual_start", "yesterday", "'yesterday' is not a date"),
    ("actual_finish", "2026-13-01", "'2026-13-01' is not a date"),
    ("cost", "lots", "Cost: 'lots' is not an amount"),
    ("actual_cost", "-5", "zero or more"),
    ("constraint_type", "SOON", "'SOON' is not a constraint type"),
    ("constraint_date", "never", "'never' is not a date"),
    ("predecessors", "99", "99"),
]


def test_every_typed_field_refuses_with_our_message_at_the_cell(qtbot, gantt) -> None:
    """Before, a duration past the calendar's range reached SQLite: an OverflowError wrapped
    in "Error calling Python override of QTableView::commitData()" and a crash dialog."""
    for key, typed, said in REFUSED:
        column = COLUMN_KEYS.index(key)
        gantt.table.show_column(column, True)
        before = gantt.model.data(cell(gantt, "Rack", key))
        index = QPersistentModelIndex(cell(gantt, "Rack", key))
        type_and_wait(qtbot, gantt, QModelIndex(index), typed)
        qtbot.waitUntil(lambda index=index, typed=typed: reopened_with(gantt, index) == typed)
        message = note(gantt)
        assert message is not None and said in message.text(), (key, typed)
        assert said in gantt.last_message and "Error calling" not in gantt.last_message
        assert gantt.context.undo_stack.count() == 0
        assert gantt.model.data(cell(gantt, "Rack", key)) == before
        editor = gantt.table.indexWidget(gantt.model.index(index.row(), index.column()))
        qtbot.keyClick(editor, Qt.Key.Key_Escape)  # the user gives up: the note goes too
        qtbot.waitUntil(lambda: not editing(gantt.table))
        assert note(gantt) is None


# --------------------------------------------------------------------------- the task dialog
def test_task_dialog_shows_the_field_a_refusal_is_about(qtbot, gantt) -> None:
    dialog = gantt.make_dialog(row(gantt, "Rack"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.actual_cost.setText("a lot")
    dialog.accept()
    assert dialog.isVisible() and dialog.command is None
    assert dialog.error.text().startswith("Actual cost: 'a lot' is not an amount")
    assert dialog.failed_field is dialog.actual_cost
    assert dialog.tabs.currentIndex() == 1  # Progress & cost, where the field is
    qtbot.waitUntil(dialog.actual_cost.hasFocus)
    assert dialog.actual_cost.selectedText() == "a lot"  # kept, selected for correction
    dialog.actual_cost.setText("0.00")
    dialog.duration.setText("2 eweeks?")
    dialog.accept()
    assert dialog.command is not None
    assert dialog.error.text() == ""


def test_task_dialog_takes_ms_project_forms_and_a_rounded_duration_is_no_change(
    gantt, workspace, plan_ids
) -> None:
    gantt.context.execute(
        UpdateTask(plan_ids["project"], plan_ids["Rack"], {"duration_minutes": 6400})
    )
    dialog = gantt.make_dialog(row(gantt, "Rack"))
    assert dialog.duration.text() == "13.33d"
    assert dialog.build_command(plan_ids["project"]) is None  # OK unchanged: still 6400
    dialog.duration.setText("3 weeks?")
    dialog.accept()
    assert dialog.command is not None and gantt.run(dialog.command)
    with workspace.read_session() as session:
        task = session.get(Task, plan_ids["Rack"])
        assert (task.duration_minutes, task.estimated) == (15 * DAY, True)
    dialog = gantt.make_dialog(row(gantt, "Rack"))
    dialog.duration.setText("3 weeks??")
    dialog.accept()
    assert dialog.error.text().startswith("Duration: '3 weeks??' is not a duration")
    assert dialog.failed_field is dialog.duration


# --------------------------------------------------------------------------- shown unit
def test_settings_choose_the_unit_of_the_duration_columns_and_it_is_kept(
    qtbot, gantt, plan_ids
) -> None:
    from infradesk.ui.settings_dialog import DURATION_UNIT_LABELS, SettingsDialog

    gantt.context.execute(
        UpdateTask(plan_ids["project"], plan_ids["Rack"], {"duration_minutes": 10 * DAY})
    )
    assert shown(gantt, "Rack") == "2w"  # best fit by default
    dialog = SettingsDialog(AppSettings())
    qtbot.addWidget(dialog)
    assert dialog.duration_unit.currentData() == "best"
    assert [dialog.duration_unit.itemData(i) for i in range(dialog.duration_unit.count())] == list(
        DURATION_UNIT_LABELS
    )
    dialog.duration_unit.setCurrentIndex(dialog.duration_unit.findData("d"))
    dialog.accept()
    assert load_preferences().duration_unit == "d"  # kept for the next start
    assert AppSettings().preferences().duration_unit == "d"
    gantt.context.announce(frozenset({"tasks", "settings"}), plan_ids["project"])
    assert shown(gantt, "Rack") == "10d"
    assert shown(gantt, "Survey") == "2d"
    type_and_wait(qtbot, gantt, cell(gantt, "Survey", "duration"), "3")  # a bare number: days
    assert gantt.model.outline.duration[row(gantt, "Survey")] == 3 * DAY
    AppSettings().set_preferences(Preferences(duration_unit="h"))
    gantt.context.announce(frozenset({"tasks", "settings"}), plan_ids["project"])
    assert shown(gantt, "Rack") == "80h"
    assert Preferences.from_json({"duration_unit": "fortnights"}).duration_unit == "best"


def test_a_planner_import_shows_days_not_minutes(qtbot, real_plans: Path, workspace) -> None:
    """GNOME Planner stores work in seconds: 6,400 and 10,666 working minutes were shown as
    ``6400m`` and ``10666m``."""
    from infradesk.interchange.planner import read_planner
    from infradesk.services.documents.io import import_document
    from infradesk.ui.context import AppContext
    from infradesk.ui.gantt.tab import GanttTab

    imported = read_planner(real_plans / "project1.planner")
    with workspace.session() as session:
        project_id = import_document(session, imported.document, project_name="Planner")[0]
    context = AppContext(workspace)
    tab = GanttTab(context)
    qtbot.addWidget(tab)
    tab.resize(1200, 700)
    tab.show()
    context.set_project(project_id)
    o, model = tab.model.outline, tab.model

    def at(r: int, key: str = "duration") -> str:  # by row: two tasks are named Task Five
        return str(model.index(model.view_rows.index(r), COLUMN_KEYS.index(key)).data())

    by_minutes = {o.duration[r]: at(r) for r in range(len(o))}
    assert by_minutes[6400] == "13.33d"
    assert by_minutes[10666] == "22.22d"
    assert by_minutes[4800] == "2w"
    assert by_minutes[270] == "4.5h"
    assert by_minutes[4260] == "8.88d"  # was 71h
    texts = [at(r) for r in range(len(o))] + [at(r, "remaining") for r in range(len(o))]
    assert not [t for t in texts if t.endswith("m")], texts  # no minutes from a day's work up
    dialog = tab.make_dialog(o.duration.index(6400))
    assert dialog.duration.text() == "13.33d"
