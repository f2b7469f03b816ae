"""Insert adds a row and Delete deletes the selected rows (after asking, undoable) in every
table; the keys are shown in the tables' context menus and in Edit > New Row / Delete Rows,
and they leave a search field's or a cell editor's own Insert and Delete alone."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QTableView

from infradesk.ui.keep_edit import KeepEditTableView
from infradesk.ui.row_actions import confirmation_box, row_actions_of
from tests.ui.confirm import answer_delete


def focus(qtbot, widget) -> None:
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)


def editing(table: QTableView) -> bool:
    return table.state() == QAbstractItemView.State.EditingState


def close_editor(qtbot, table: QTableView) -> None:
    if editing(table):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: not editing(table))


def key_text(action) -> str:
    return action.shortcut().toString(QKeySequence.SequenceFormat.PortableText)


def test_every_editable_table_has_insert_and_delete(main_window) -> None:
    tables = [main_window.gantt_tab.table, *main_window.findChildren(KeepEditTableView)]
    read_only = {"spendTable"}  # spend by vendor: sums, nothing to add
    names = set()
    for table in tables:
        if table.objectName() in read_only:
            assert row_actions_of(table) is None
            continue
        rows = row_actions_of(table)
        assert rows is not None, f"{table.objectName()} has no Insert / Delete"
        assert key_text(rows.insert_action) == "Ins"
        assert key_text(rows.delete_action) == "Del"
        assert rows.insert_action in table.actions() and rows.delete_action in table.actions()
        names.add(table.objectName())
    expected = {
        "raidTable_risk",
        "raidTable_issue",
        "raidTable_change",
        "raidTable_assumption",
        "raidTable_decision",
        "actionsTable",
        "vendorList",
        "contactTable",
        "scoreTable",
        "contractTable",
        "orderTable",
        "deliverableTable",
        "budgetTable",
    }
    assert expected <= names


def test_insert_adds_a_risk_and_delete_asks_then_deletes_undoably(qtbot, main_window) -> None:
    main_window.tabs.setCurrentIndex(1)
    view = main_window.risks_tab.risks
    count = view.model.rowCount()
    focus(qtbot, view.table)
    qtbot.keyClick(view.table, Qt.Key.Key_Insert)
    assert view.model.rowCount() == count + 1
    new = view.current_row()
    assert new.title == "New risk"
    qtbot.waitUntil(lambda: editing(view.table))  # its title is ready to be typed
    close_editor(qtbot, view.table)
    # Delete asks; Cancel keeps the risk
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert answer_delete(qtbot, view.table, delete=False) == "Delete the selected risk?"
    assert view.model.rowCount() == count + 1
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    answer_delete(qtbot, view.table)
    assert view.model.rowCount() == count
    assert new.id not in {r.id for r in view.model.rows}
    main_window.context.undo()
    assert new.id in {r.id for r in view.model.rows}


def test_several_selected_rows_are_named_in_the_question(qtbot, main_window) -> None:
    main_window.tabs.setCurrentIndex(1)
    view = main_window.risks_tab.issues
    main_window.risks_tab.sub_tabs.setCurrentWidget(view)
    count = view.model.rowCount()
    assert count >= 2
    focus(qtbot, view.table)
    view.table.selectAll()
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert answer_delete(qtbot, view.table) == f"Delete the {count} selected issues?"
    assert view.model.rowCount() == 0
    main_window.context.undo()
    assert view.model.rowCount() == count


def test_insert_adds_a_vendor_and_a_contract(qtbot, main_window) -> None:
    main_window.tabs.setCurrentIndex(2)
    tab = main_window.vendors_tab
    vendors = tab.vendors.model.rowCount()
    focus(qtbot, tab.vendors.table)
    qtbot.keyClick(tab.vendors.table, Qt.Key.Key_Insert)
    qtbot.waitUntil(lambda: tab.vendors.model.rowCount() == vendors + 1)
    qtbot.waitUntil(lambda: tab.detail.heading.text() == "New vendor")
    tab.detail.tabs.setCurrentIndex(1)
    contracts = tab.detail.contracts
    focus(qtbot, contracts.table)
    qtbot.keyClick(contracts.table, Qt.Key.Key_Insert)
    qtbot.waitUntil(lambda: contracts.model.rowCount() == 1)
    qtbot.waitUntil(lambda: bool(contracts.selected_ids()))
    qtbot.keyClick(contracts.table, Qt.Key.Key_Delete)
    assert answer_delete(qtbot, contracts.table) == "Delete the selected contract?"
    qtbot.waitUntil(lambda: contracts.model.rowCount() == 0)


def test_delete_in_the_vendor_list_asks_first(qtbot, main_window) -> None:
    main_window.tabs.setCurrentIndex(2)
    tab = main_window.vendors_tab
    vendors = tab.vendors.model.rowCount()
    focus(qtbot, tab.vendors.table)
    qtbot.keyClick(tab.vendors.table, Qt.Key.Key_Delete)
    assert answer_delete(qtbot, tab.vendors.table) == "Delete the selected vendor?"
    qtbot.waitUntil(lambda: tab.vendors.model.rowCount() == vendors - 1)


def test_the_keys_leave_search_fields_and_cell_editors_alone(qtbot, main_window) -> None:
    main_window.tabs.setCurrentIndex(1)
    view = main_window.risks_tab.risks
    count = view.model.rowCount()
    focus(qtbot, view.search)
    view.search.setText("cable")
    view.search.setCursorPosition(0)
    qtbot.keyClick(view.search, Qt.Key.Key_Delete)  # deletes a character
    qtbot.keyClick(view.search, Qt.Key.Key_Insert)
    assert view.search.text() == "able"
    assert confirmation_box(view.table) is None and view.model.rowCount() == count
    view.search.clear()
    title = next(n for n, c in enumerate(view.model.columns) if c.title == "Title")
    focus(qtbot, view.table)
    view.table.setCurrentIndex(view.proxy.index(0, title))
    qtbot.keyClick(view.table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    text = editor.text()
    editor.setCursorPosition(0)
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    qtbot.keyClick(editor, Qt.Key.Key_Insert)
    assert editor.text() == text[1:]
    assert confirmation_box(view.table) is None and view.model.rowCount() == count
    close_editor(qtbot, view.table)


def test_menus_show_the_keys_and_edit_menu_acts_on_the_shown_table(qtbot, main_window) -> None:
    window = main_window
    assert key_text(window.new_row_action) == "Ins"
    assert key_text(window.delete_rows_action) == "Del"
    assert window.new_row_action in window.edit_menu.actions()
    assert window.delete_rows_action in window.edit_menu.actions()
    # the Gantt's context menu and toolbar actions are the keyed ones
    gantt = window.gantt_tab.tab_actions
    menu = gantt.context_menu()
    assert gantt.insert_action in menu.actions() and key_text(gantt.insert_action) == "Ins"
    assert gantt.delete_action in menu.actions() and key_text(gantt.delete_action) == "Del"
    # Edit > New Row with the keyboard in the Risks search field adds to the shown log
    window.tabs.setCurrentIndex(1)
    tab = window.risks_tab
    tab.sub_tabs.setCurrentWidget(tab.assumptions)
    view = tab.assumptions
    count = view.model.rowCount()
    focus(qtbot, view.search)
    window.new_row_action.trigger()
    assert view.model.rowCount() == count + 1
    close_editor(qtbot, view.table)
    window.delete_rows_action.trigger()
    answer_delete(qtbot, view.table)
    assert view.model.rowCount() == count


def test_insert_and_delete_in_the_gantt_chart_too(qtbot, main_window) -> None:
    gantt = main_window.gantt_tab
    count = gantt.model.rowCount()
    focus(qtbot, gantt.chart)
    qtbot.keyClick(gantt.chart, Qt.Key.Key_Insert)
    assert gantt.model.rowCount() == count + 1
    qtbot.keyClick(gantt.chart, Qt.Key.Key_Delete)
    assert answer_delete(qtbot, gantt.chart) == "Delete the selected task?"
    assert gantt.model.rowCount() == count
