"""Excel's cell cursor in the editable tables: Enter saves the cell and moves down one row in
the same column; after a save the table reloads and the cursor is still there, so Right and F2
go on working (the Risks and Vendors tables lost their current cell); a refused value stays in
its reopened editor on the same cell."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QTableView


def editing(table: QTableView) -> bool:
    return table.state() == QAbstractItemView.State.EditingState


def at(table: QTableView) -> tuple[int, int]:
    current = table.currentIndex()
    return current.row(), current.column()


def column_of(model: Any, name: str) -> int:
    """The column editing field ``name`` (Risks and Vendors columns name it differently)."""
    for number, column in enumerate(model.columns):
        field = getattr(column, "field", None)
        if getattr(field, "name", field) == name or getattr(column, "key", None) == name:
            return number
    raise AssertionError(f"no column {name}")


def focus(qtbot, table: QTableView) -> None:
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)


def type_and_enter(
    qtbot, table: QTableView, cell: QModelIndex, text: str, *, saved: bool = True
) -> None:
    """F2 on ``cell``, type ``text``, Enter (the delegate saves on the next loop turn); when
    ``saved``, wait for the editor to close."""
    table.setCurrentIndex(cell)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit))
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    if saved:
        qtbot.waitUntil(lambda: not editing(table))


def right_then_f2_still_work(qtbot, table: QTableView) -> None:
    row, column = at(table)
    qtbot.keyClick(table, Qt.Key.Key_Right)
    assert at(table) == (row, column + 1)
    qtbot.keyClick(table, Qt.Key.Key_Left)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    assert editing(table)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not editing(table))


def test_a_risk_title_saved_with_enter_moves_down_and_keeps_the_cursor(qtbot, main_window) -> None:
    main_window.tabs.setCurrentIndex(1)
    view = main_window.risks_tab.risks
    table, title = view.table, column_of(view.model, "title")
    focus(qtbot, table)
    type_and_enter(qtbot, table, view.proxy.index(2, title), "Renamed risk")
    qtbot.waitUntil(lambda: view.proxy.index(2, title).data() == "Renamed risk")  # reloaded
    assert at(table) == (3, title)  # the cell below, same column
    assert QApplication.focusWidget() is table  # the editor was not destroyed under focus
    right_then_f2_still_work(qtbot, table)


def test_a_response_action_saved_with_enter_keeps_its_column(qtbot, main_window) -> None:
    main_window.tabs.setCurrentIndex(1)
    view = main_window.risks_tab
    risks = view.risks
    risks.select_id(next(r.id for r in risks.model.rows if r.code == "R-001"))
    risks.detail_tabs.setCurrentIndex(1)
    table, model = risks.actions_table, risks.actions_model
    description = column_of(model, "description")
    focus(qtbot, table)
    type_and_enter(qtbot, table, model.index(0, description), "Call the carrier")
    qtbot.waitUntil(lambda: model.index(0, description).data() == "Call the carrier")
    assert at(table) == (1, description)
    right_then_f2_still_work(qtbot, table)


def test_a_contract_saved_with_enter_keeps_the_cursor_in_its_column(qtbot, main_window) -> None:
    main_window.tabs.setCurrentIndex(2)
    tab = main_window.vendors_tab
    tab.select_vendor(
        next(r["id"] for r in tab.vendors.model.rows if r["name"].startswith("Stack"))
    )
    tab.detail.tabs.setCurrentIndex(1)
    section = tab.detail.contracts
    table, title = section.table, column_of(section.model, "title")
    assert section.proxy.rowCount() == 2
    focus(qtbot, table)
    type_and_enter(qtbot, table, section.proxy.index(0, title), "Rack hosting")
    qtbot.waitUntil(lambda: "Rack hosting" in [r["title"] for r in section.model.rows])
    assert at(table) == (1, title)
    right_then_f2_still_work(qtbot, table)


def test_the_vendor_list_keeps_the_edited_cell(qtbot, main_window) -> None:
    main_window.tabs.setCurrentIndex(2)
    tab = main_window.vendors_tab
    table, proxy = tab.vendors.table, tab.vendors.proxy
    category = column_of(tab.vendors.model, "category")
    focus(qtbot, table)
    last = proxy.rowCount() - 1
    table.setCurrentIndex(proxy.index(last, category))
    name = proxy.index(last, 0).data()
    tab.edit("vendor", tab.selected_vendor_id(), "notes", "Reviewed")  # any save reloads
    qtbot.waitUntil(lambda: not tab._reload_pending)
    assert at(table) == (last, category) and proxy.index(last, 0).data() == name


def test_enter_in_the_gantt_saves_and_moves_to_the_task_below(qtbot, main_window) -> None:
    gantt = main_window.gantt_tab
    table, model = gantt.table, gantt.model
    name = 1
    focus(qtbot, table)
    type_and_enter(qtbot, table, model.index(2, name), "Renamed task")
    assert model.index(2, name).data() == "Renamed task"
    assert at(table) == (3, name)
    assert gantt.selected_task_ids() == [model.task_id(3)]
    right_then_f2_still_work(qtbot, table)


def test_a_refused_value_stays_on_its_cell(qtbot, main_window) -> None:
    main_window.tabs.setCurrentIndex(1)
    view = main_window.risks_tab.risks
    table, review = view.table, column_of(view.model, "next_review")
    focus(qtbot, table)
    type_and_enter(qtbot, table, view.proxy.index(2, review), "2026-02-30", saved=False)
    qtbot.waitUntil(lambda: view.error_label.isVisible())  # refused
    qtbot.waitUntil(lambda: editing(table))  # and reopened with the typed text
    assert at(table) == (2, review)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == "2026-02-30"
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not editing(table))
    assert at(table) == (2, review)
