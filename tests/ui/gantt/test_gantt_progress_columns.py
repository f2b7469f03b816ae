"""The progress columns of the Gantt table: shown and hidden from the View menu and the
header, edited with undo, a refused value explained with the typed text kept; finished bars
look finished."""

from __future__ import annotations

from PySide6.QtCore import QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit

from infradesk.ui.gantt.outline_model import COLUMN_KEYS
from infradesk.ui.gantt.painter import Palette


def row(tab, name: str) -> int:
    return tab.model.outline.name.index(name)


def cell(tab, name: str, key: str):
    return tab.model.index(tab.model.view_rows.index(row(tab, name)), COLUMN_KEYS.index(key))


def columns_menu_of_view_menu(tab):
    menu = tab.view_menu()
    columns = next(a.menu() for a in menu.actions() if a.text() == "Co&lumns")
    columns.aboutToShow.emit()
    return {a.text(): a for a in columns.actions()}


def test_progress_columns_are_hidden_until_asked_for(gantt) -> None:
    column = COLUMN_KEYS.index("remaining")
    assert gantt.table.isColumnHidden(column)
    actions = columns_menu_of_view_menu(gantt)
    assert not actions["Remaining"].isChecked() and actions["Duration"].isChecked()
    actions["Remaining"].setChecked(True)
    assert not gantt.table.isColumnHidden(column)
    header = {a.text(): a for a in gantt.table.columns_menu().actions()}
    assert header["Remaining"].isChecked()  # the header's menu agrees
    header["Remaining"].setChecked(False)
    assert gantt.table.isColumnHidden(column)


def test_remaining_is_duration_less_the_done_part_and_edits_with_undo(gantt) -> None:
    model, o = gantt.model, gantt.model.outline
    survey = row(gantt, "Survey")
    model.setData(cell(gantt, "Survey", "percent"), "50")
    assert model.data(cell(gantt, "Survey", "remaining")) == "1d"
    model.setData(cell(gantt, "Survey", "remaining"), "3d")
    assert o.duration[survey] == 4 * 480 and o.percent[survey] == 25
    assert model.data(cell(gantt, "Survey", "remaining")) == "3d"
    assert gantt.context.undo_stack.undoText() == "New remaining work"
    gantt.context.undo()
    assert o.duration[survey] == 2 * 480 and o.percent[survey] == 50
    summary = cell(gantt, "Design", "remaining")
    assert not model.flags(summary) & Qt.ItemFlag.ItemIsEditable


def test_a_refused_remaining_is_explained_and_the_typing_kept(qtbot, gantt) -> None:
    table = gantt.table
    table.setColumnHidden(COLUMN_KEYS.index("remaining"), False)
    index = cell(gantt, "Survey", "remaining")
    keep = QPersistentModelIndex(index)
    table.setCurrentIndex(index)
    table.edit(index)
    qtbot.waitUntil(lambda: table.indexWidget(index) is not None)
    editor = table.indexWidget(index)
    assert isinstance(editor, QLineEdit)
    editor.setText("soon")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Remaining work" in gantt.last_message)

    def reopened() -> str | None:
        if table.state() != QAbstractItemView.State.EditingState:
            return None
        widget = table.indexWidget(gantt.model.index(keep.row(), keep.column()))
        return widget.text() if isinstance(widget, QLineEdit) else None

    qtbot.waitUntil(lambda: reopened() == "soon")
    assert gantt.context.undo_stack.count() == 0


def test_a_finished_bar_is_drawn_in_the_finished_colour(qtbot, gantt) -> None:
    gantt.model.setData(cell(gantt, "Survey", "percent"), "100")
    r = row(gantt, "Survey")
    assert gantt.painter.is_finished(r)
    rect = gantt.painter.bar_rect(r, gantt.model.view_rows.index(r))
    point = gantt.chart.viewport_point(rect.center())
    image = gantt.chart.viewport().grab().toImage()
    assert image.pixelColor(point.x(), point.y()) == Palette.finished
    assert not gantt.painter.is_finished(row(gantt, "Rack"))


def edit(gantt, name: str, key: str, text: str) -> bool:
    return gantt.model.setData(cell(gantt, name, key), text)


def test_actual_dates_record_progress_and_undo(gantt) -> None:
    from datetime import datetime

    o, stack = gantt.model.outline, gantt.context.undo_stack
    survey = row(gantt, "Survey")
    assert edit(gantt, "Survey", "actual_start", "2026-03-02 10:00")
    assert o.actual_start[survey] == datetime(2026, 3, 2, 10, 0)
    assert gantt.model.data(cell(gantt, "Survey", "actual_start")) == "Mon 2026-03-02"
    assert gantt.model.data(cell(gantt, "Survey", "actual_start"), Qt.ItemDataRole.EditRole) == (
        "2026-03-02 10:00"
    )
    assert o.start[survey] == datetime(2026, 3, 2, 10, 0)  # the bar starts on the actual
    assert stack.undoText() == "Edit actual start"
    assert edit(gantt, "Survey", "actual_finish", "2026-03-03 12:00")
    assert o.actual_finish[survey] == datetime(2026, 3, 3, 12, 0)
    assert o.percent[survey] == 100  # an actual finish means done
    assert o.finish[survey] == datetime(2026, 3, 3, 12, 0)
    stack.undo()
    assert o.actual_finish[survey] is None and o.percent[survey] < 100
    stack.undo()
    assert o.actual_start[survey] is None
    assert edit(gantt, "Survey", "actual_start", "") is False  # nothing to clear


def test_costs_are_edited_as_amounts(gantt) -> None:
    from decimal import Decimal

    o = gantt.model.outline
    rack = row(gantt, "Rack")
    assert edit(gantt, "Rack", "cost", "12,500.50")
    assert o.cost[rack] == Decimal("12500.50")
    assert gantt.model.data(cell(gantt, "Rack", "cost")) == "12,500.50"
    assert edit(gantt, "Rack", "actual_cost", "3 000,25")
    assert o.actual_cost[rack] == Decimal("3000.25")
    assert gantt.context.undo_stack.undoText() == "Edit actual cost"
    gantt.context.undo()
    assert o.actual_cost[rack] == 0
    assert gantt.model.data(cell(gantt, "Build", "cost")) == "12,500.50"  # summaries roll up


def test_constraint_cells(gantt) -> None:
    from datetime import datetime

    o = gantt.model.outline
    rack = row(gantt, "Rack")
    start = o.start[rack]
    assert edit(gantt, "Rack", "constraint_type", "mso")  # dated: today's start, as MS Project
    assert o.constraint_type[rack] == "MSO" and o.constraint_date[rack] == start
    assert edit(gantt, "Rack", "constraint_date", "2026-03-16 08:00")
    assert o.start[rack] == datetime(2026, 3, 16, 8, 0)
    assert gantt.model.data(cell(gantt, "Rack", "start"), Qt.ItemDataRole.FontRole).italic()
    assert edit(gantt, "Rack", "constraint_date", "")
    assert o.constraint_type[rack] == "ASAP" and o.start[rack] == start
    assert edit(gantt, "Test", "constraint_date", "2026-03-10 08:00")  # a date on ASAP: SNET
    assert o.constraint_type[row(gantt, "Test")] == "SNET"
    assert gantt.context.undo_stack.count() == 4


def test_refused_progress_values_name_the_problem(qtbot, gantt) -> None:
    """The model says why (``editRefused``) and returns False; nothing is raised through Qt."""
    refusals: list[str] = []
    gantt.model.editRefused.connect(refusals.append)
    for key, text, words in (
        ("cost", "lots", "Cost: 'lots' is not an amount"),
        ("cost", "-5", "zero or more"),
        ("constraint_type", "SOON", "'SOON' is not a constraint type"),
        ("actual_start", "yesterday", "'yesterday' is not a date"),
    ):
        assert not edit(gantt, "Rack", key, text)
        assert words in refusals[-1]
        assert gantt.last_message == refusals[-1]
    assert len(refusals) == 4
    assert gantt.context.undo_stack.count() == 0
