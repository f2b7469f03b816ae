"""The Resources tab as a user drives it: typing into the sheet's cells (Enter moves down),
a refused value noted under its cell and kept for correction, Insert and Delete (with the
assignments that go), undo, the leave dialog and the base calendars dialog."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QLineEdit, QTableView
from sqlalchemy import select

from infradesk.model import Assignment, BaseCalendar, Resource, ResourceDay
from infradesk.store.workspace import Workspace
from infradesk.ui.cell_message import CellMessage
from infradesk.ui.context import AppContext
from infradesk.ui.resources.tab import ResourcesTab
from tests.services.resources.conftest import pool  # noqa: F401  # the fixture
from tests.ui.confirm import answer_delete


@pytest.fixture
def tab(qtbot, pool: Workspace) -> Iterator[ResourcesTab]:  # noqa: F811  # the fixture
    context = AppContext(pool)
    widget = ResourcesTab(context)
    qtbot.addWidget(widget)
    widget.resize(1300, 600)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget


def resource(workspace: Workspace, name: str) -> Resource | None:
    with workspace.read_session() as session:
        found = session.scalars(select(Resource).where(Resource.name == name)).one_or_none()
        if found is not None:
            session.expunge(found)
        return found


def cell(tab: ResourcesTab, name: str, key: str) -> QModelIndex:
    """The sheet's shown cell of resource ``name`` in column ``key``."""
    sheet = tab.sheet
    row = sheet.model.row_of(next(r["id"] for r in sheet.model.rows if r["name"] == name))
    column = next(n for n, c in enumerate(sheet.model.columns) if c.key == key)
    return sheet.proxy.mapFromSource(sheet.model.index(row, column))


def editing(table: QTableView) -> bool:
    return table.state() == QAbstractItemView.State.EditingState


def type_into(qtbot, table: QTableView, index: QModelIndex, typed: str) -> None:
    table.setCurrentIndex(index)
    table.edit(index)
    qtbot.waitUntil(lambda: editing(table) and table.indexWidget(index) is not None)
    editor = table.indexWidget(index)
    assert isinstance(editor, QLineEdit)
    editor.setText(typed)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def test_the_sheet_lists_the_pool(tab: ResourcesTab) -> None:
    assert tab.tabText(0) == "Sheet"
    names = [tab.sheet.proxy.index(r, 0).data() for r in range(tab.sheet.proxy.rowCount())]
    assert names == ["Ann Lee", "Crew", "Fibre"]
    assert cell(tab, "Crew", "max_units").data() == "300%"
    assert cell(tab, "Crew", "vendor_id").data() == "NetSource"
    assert cell(tab, "Ann Lee", "assignments").data() == "2"
    assert tab.sheet.counts_text().startswith("3 resources")


def test_typing_a_rate_saves_it_moves_down_and_undoes(tab: ResourcesTab, qtbot) -> None:
    workspace = tab.context.workspace
    target = cell(tab, "Ann Lee", "rate_per_hour")
    type_into(qtbot, tab.sheet.table, target, "92.50")
    qtbot.waitUntil(lambda: resource(workspace, "Ann Lee").rate_per_hour == Decimal("92.50"))
    # Enter saved and moved the cursor down, in the same column
    qtbot.waitUntil(lambda: tab.sheet.table.currentIndex().row() == target.row() + 1)
    assert tab.sheet.table.currentIndex().column() == target.column()
    qtbot.waitUntil(lambda: cell(tab, "Ann Lee", "rate_per_hour").data() == "92.50")
    assert tab.context.undo()
    assert resource(workspace, "Ann Lee").rate_per_hour == Decimal("80.00")
    qtbot.waitUntil(lambda: cell(tab, "Ann Lee", "rate_per_hour").data() == "80.00")


def test_a_refused_value_is_noted_under_the_cell_and_kept(tab: ResourcesTab, qtbot) -> None:
    workspace = tab.context.workspace
    table = tab.sheet.table
    target = QPersistentModelIndex(cell(tab, "Crew", "max_units"))
    type_into(qtbot, table, QModelIndex(target), "lots")

    def shown_note() -> CellMessage | None:
        found = table.viewport().findChild(CellMessage)
        return found if isinstance(found, CellMessage) and found.isVisible() else None

    qtbot.waitUntil(lambda: shown_note() is not None)
    note = shown_note()
    assert note is not None
    assert "Max units: 'lots' is not a number" in note.text()

    def reopened() -> str | None:
        editor = table.indexWidget(table.model().index(target.row(), target.column()))
        return editor.text() if isinstance(editor, QLineEdit) and editing(table) else None

    qtbot.waitUntil(lambda: reopened() == "lots")
    assert resource(workspace, "Crew").max_units == 3.0
    assert tab.context.undo_stack.count() == 0
    editor = table.indexWidget(table.model().index(target.row(), target.column()))
    editor.setText("250%")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: resource(workspace, "Crew").max_units == 2.5)
    qtbot.waitUntil(lambda: not note.isVisible())


def test_kind_and_calendar_are_chosen_from_lists(tab: ResourcesTab, qtbot) -> None:
    table = tab.sheet.table
    target = cell(tab, "Ann Lee", "calendar_id")
    table.setCurrentIndex(target)
    table.edit(target)
    qtbot.waitUntil(lambda: isinstance(table.indexWidget(target), QComboBox))
    combo = table.indexWidget(target)
    assert isinstance(combo, QComboBox)
    labels = [combo.itemText(n) for n in range(combo.count())]
    assert labels == ["(project calendar)", "24 Hours"]
    combo.setCurrentIndex(1)
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: cell(tab, "Ann Lee", "calendar_id").data() == "24 Hours")
    kind = cell(tab, "Fibre", "kind")
    table.setCurrentIndex(kind)
    table.edit(kind)
    qtbot.waitUntil(lambda: isinstance(table.indexWidget(kind), QComboBox))
    combo = table.indexWidget(kind)
    assert [combo.itemText(n) for n in range(combo.count())] == ["work", "material", "cost"]


def test_insert_adds_and_delete_says_what_goes_then_undo(tab: ResourcesTab, qtbot) -> None:
    workspace = tab.context.workspace
    table = tab.sheet.table
    table.setFocus()
    table.setCurrentIndex(cell(tab, "Fibre", "name"))
    qtbot.keyClick(table, Qt.Key.Key_Insert)
    qtbot.waitUntil(lambda: resource(workspace, "Resource 1") is not None)
    # the new resource's name is open for typing
    qtbot.waitUntil(lambda: editing(table))
    editor = table.indexWidget(table.currentIndex())
    assert isinstance(editor, QLineEdit) and editor.text() == "Resource 1"
    editor.setText("Storage admin")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: resource(workspace, "Storage admin") is not None)

    tab.sheet.select_resource(resource(workspace, "Ann Lee").id)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    question = answer_delete(qtbot, table)
    assert question == "Delete the resource 'Ann Lee' and 2 assignments on 2 tasks?"
    qtbot.waitUntil(lambda: resource(workspace, "Ann Lee") is None)
    with workspace.read_session() as session:
        assert len(session.scalars(select(Assignment)).all()) == 2
    assert tab.context.undo()
    assert resource(workspace, "Ann Lee") is not None
    with workspace.read_session() as session:
        assert len(session.scalars(select(Assignment)).all()) == 4
    qtbot.waitUntil(lambda: tab.sheet.model.rowCount() == 4)


def test_filter_box_narrows_the_sheet(tab: ResourcesTab, qtbot) -> None:
    tab.sheet.search.setText("netsource")
    assert tab.sheet.proxy.rowCount() == 1
    assert "1 shown" in tab.sheet.counts_text()
    tab.sheet.search.clear()
    assert tab.sheet.proxy.rowCount() == 3


def test_leave_dialog_round_trip(tab: ResourcesTab, qtbot) -> None:
    workspace = tab.context.workspace
    ann = resource(workspace, "Ann Lee")
    tab.sheet.select_resource(ann.id)
    tab.sheet.leave_button.click()
    dialog = tab.leave_dialog
    assert dialog is not None and "Ann Lee" in dialog.windowTitle()
    qtbot.waitExposed(dialog)
    dialog.start_edit.setDate(date(2026, 3, 9))
    dialog.end_edit.setDate(date(2026, 3, 13))
    dialog.note.setText("Holiday")
    dialog.add_button.click()
    assert dialog.list.rowCount() == 5
    assert dialog.list.item(0, 0).text() == "2026-03-09 Mon"
    # a part-time day replaces that day's leave
    dialog.start_edit.setDate(date(2026, 3, 11))
    dialog.end_edit.setDate(date(2026, 3, 11))
    dialog.kind.setCurrentIndex(1)
    dialog.hours.setText("8-12")
    assert not dialog.add_button.click() and dialog.error_label.isVisible()
    assert "not a time of day" in dialog.error_label.text()
    dialog.hours.setText("08:00-12:00")
    dialog.add_button.click()
    assert not dialog.error_label.isVisible()
    assert [dialog.list.item(r, 1).text() for r in range(5)].count("Other hours") == 1
    dialog.list.selectRow(0)
    dialog.activateWindow()  # shortcuts act in the active window
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.list.setFocus()
    qtbot.keyClick(dialog.list, Qt.Key.Key_Delete)
    assert dialog.list.rowCount() == 4
    assert tab.context.undo()  # the removed day comes back, in the open dialog too
    qtbot.waitUntil(lambda: dialog.list.rowCount() == 5)
    with workspace.read_session() as session:
        assert len(session.scalars(select(ResourceDay)).all()) == 5


def test_base_calendars_dialog_round_trip(tab: ResourcesTab, qtbot) -> None:
    workspace = tab.context.workspace
    tab.sheet.calendars_button.click()
    dialog = tab.calendars_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert [r["name"] for r in dialog.model.rows] == ["24 Hours"]
    # the built-in calendar cannot be edited
    assert not dialog.model.flags(dialog.model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
    dialog.add_button.click()
    qtbot.waitUntil(lambda: editing(dialog.table))
    editor = dialog.table.indexWidget(dialog.table.currentIndex())
    editor.setText("Part time Mon-Wed")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Part time Mon-Wed" in [r["name"] for r in dialog.model.rows])
    row = next(n for n, r in enumerate(dialog.model.rows) if r["name"] == "Part time Mon-Wed")
    days = QPersistentModelIndex(dialog.proxy.mapFromSource(dialog.model.index(row, 1)))
    type_into(qtbot, dialog.table, QModelIndex(days), "Funday")
    qtbot.waitUntil(lambda: "not a list of weekdays" in dialog.error_label.text())
    qtbot.waitUntil(lambda: isinstance(dialog.table.indexWidget(QModelIndex(days)), QLineEdit))
    editor = dialog.table.indexWidget(QModelIndex(days))
    assert editor.text() == "Funday"
    editor.setText("Mon-Wed")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    with workspace.read_session() as session:
        part_time = session.scalars(
            select(BaseCalendar).where(BaseCalendar.name == "Part time Mon-Wed")
        ).one()
    qtbot.waitUntil(lambda: dialog.model.rows[row]["working_weekdays"] == "Mon-Wed")
    # the calendar is in use: the question says so; deleting clears the resource's calendar
    tab.sheet.edit(resource(workspace, "Ann Lee").id, "calendar_id", part_time.id)
    dialog.select(part_time.id)
    dialog.table.setFocus()
    dialog.delete_button.click()
    question = answer_delete(qtbot, dialog.table)
    assert "used by 1 resource(s) and 0 task(s)" in question
    qtbot.waitUntil(lambda: len(dialog.model.rows) == 1)
    assert resource(workspace, "Ann Lee").calendar_id is None
    assert tab.context.undo()
    assert resource(workspace, "Ann Lee").calendar_id == part_time.id
    qtbot.waitUntil(lambda: len(dialog.model.rows) == 2)


def test_every_model_passes_the_model_tester(qtmodeltester, tab: ResourcesTab) -> None:
    qtmodeltester.check(tab.sheet.model, force_py=True)
    qtmodeltester.check(tab.sheet.proxy, force_py=True)
