"""The Vendors tab: item models, attention panel, inline edits with validation, undo,
filters, and delivery gates moving the plan."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QComboBox, QStyleOptionViewItem
from sqlalchemy import select

from infradesk.model import Contract, Deliverable, Project, Task
from infradesk.services.documents.io import import_document
from infradesk.ui.context import AppContext
from infradesk.ui.vendors.record_model import ID_ROLE
from infradesk.ui.vendors.tab import VendorsTab
from tests.services.vendors.conftest import TODAY, vendor_document
from tests.ui.confirm import answer_delete


@pytest.fixture
def context(workspace) -> AppContext:
    with workspace.session() as session:
        project_id = import_document(session, vendor_document())[0]
    ctx = AppContext(workspace)
    ctx.project_id = project_id
    return ctx


@pytest.fixture
def tab(qtbot, context: AppContext) -> Iterator[VendorsTab]:
    widget = VendorsTab(context)
    widget.today = TODAY
    qtbot.addWidget(widget)
    widget.resize(1400, 860)
    widget.show()
    widget.reload()
    yield widget


def column(section: Any, key: str) -> int:
    return next(n for n, c in enumerate(section.model.columns) if c.key == key)


def source_index(section: Any, text: str, key: str, match_key: str = ""):
    model = section.model
    match = match_key or model.columns[0].key
    row = next(n for n, r in enumerate(model.rows) if r[match] == text)
    return model.index(row, column(section, key))


def select_vendor(tab: VendorsTab, name: str) -> None:
    row = next(r for r in tab.vendors.model.rows if r["name"] == name)
    tab.select_vendor(row["id"])


def test_every_item_model_passes_the_model_tester(qtmodeltester, tab: VendorsTab) -> None:
    select_vendor(tab, "NetSource")
    models = [
        tab.vendors.model,
        tab.attention.model,
        tab.budget.lines.model,
        tab.budget.spend_model,
        *(section.model for section in tab.detail.sections.values()),
        tab.vendors.proxy,
        tab.detail.deliveries.proxy,
    ]
    for model in models:
        assert model.rowCount() > 0
        qtmodeltester.check(model, force_py=True)


def test_vendor_list_and_first_selection(tab: VendorsTab) -> None:
    names = [r["name"] for r in tab.vendors.model.rows]
    assert names == ["EmptyCo", "NetSource"]
    select_vendor(tab, "NetSource")
    assert tab.detail.heading.text() == "NetSource"
    assert "account manager Jo" in tab.detail.subheading.text()
    assert tab.detail.figures.cards["committed"].value.text() == "EUR 80,000.10 + USD 1,000.00"
    assert tab.detail.tabs.tabText(3) == "Deliveries (3) · 1 late"
    rating = tab.vendors.model.index(1, column(tab.vendors, "rating"))
    assert rating.data() == "★★★★☆  3.9"


def test_attention_panel_lists_and_selects(tab: VendorsTab, qtbot) -> None:
    model = tab.attention.model
    kinds = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert kinds == [
        "Late delivery",
        "Expired, still active",
        "Orders over contract",
        "Notice deadline",
        "Delivery due",
    ]
    assert tab.attention.title.text() == "Needs attention (5)"
    select_vendor(tab, "EmptyCo")
    late = model.index(0, 2)
    assert late.data() == "Optics: 6 days late"
    qtbot.mouseClick(
        tab.attention.table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=tab.attention.table.visualRect(late).center(),
    )
    assert tab.detail.heading.text() == "NetSource"
    assert tab.detail.tabs.currentWidget() is tab.detail.deliveries
    (selected,) = tab.detail.deliveries.selected_ids()
    with tab.context.workspace.session() as session:
        assert session.get(Deliverable, selected).description == "Optics"
    # A contract entry opens the contracts sub-tab on that contract.
    tab.open_attention_item(model.item_at(3))
    assert tab.detail.tabs.currentWidget() is tab.detail.contracts
    (contract_id,) = tab.detail.contracts.selected_ids()
    with tab.context.workspace.session() as session:
        assert session.get(Contract, contract_id).number == "FA-1"


def test_delivery_date_edit_moves_the_plan_and_undoes(tab: VendorsTab, qtbot) -> None:
    select_vendor(tab, "NetSource")
    section = tab.detail.deliveries
    index = source_index(section, "2x core switch", "promised")
    assert index.data() == "25 Mar 2026"
    with qtbot.waitSignal(tab.context.dataChanged) as signal:
        assert section.model.setData(index, "2026-04-01", Qt.ItemDataRole.EditRole)
    assert {"vendors", "tasks"} <= set(signal.args[0])
    with tab.context.workspace.session() as session:
        install = session.scalars(select(Task).where(Task.name == "Install")).one()
        assert install.start == datetime(2026, 4, 1, 8)
    qtbot.waitUntil(
        lambda: (
            source_index(tab.detail.deliveries, "2x core switch", "task_start").data()
            == "01 Apr 2026"
        )
    )
    tab.context.undo_stack.undo()
    qtbot.waitUntil(
        lambda: (
            source_index(tab.detail.deliveries, "2x core switch", "promised").data()
            == "25 Mar 2026"
        )
    )
    with tab.context.workspace.session() as session:
        install = session.scalars(select(Task).where(Task.name == "Install")).one()
        assert install.start == datetime(2026, 3, 25, 8)


def test_invalid_edit_is_refused_with_a_message(tab: VendorsTab) -> None:
    select_vendor(tab, "NetSource")
    section = tab.detail.contracts
    index = source_index(section, "FA-1", "end")
    assert not section.model.setData(index, "2025-01-01", Qt.ItemDataRole.EditRole)
    assert tab.message.isVisible()
    assert "cannot end" in tab.message.text()
    assert tab.context.undo_stack.count() == 0
    assert index.data() == "30 Jun 2026"
    # Typing the same value again is not an edit either.
    assert not section.model.setData(index, "2026-06-30", Qt.ItemDataRole.EditRole)
    assert tab.context.undo_stack.count() == 0


def test_notice_edit_recomputes_the_deadline(tab: VendorsTab, qtbot) -> None:
    select_vendor(tab, "NetSource")
    section = tab.detail.contracts
    assert source_index(section, "FA-1", "notice_deadline").data() == "31 Mar 2026"
    assert section.model.setData(source_index(section, "FA-1", "notice"), "1 month")
    qtbot.waitUntil(
        lambda: (
            source_index(tab.detail.contracts, "FA-1", "notice_deadline").data() == "31 May 2026"
        )
    )


def test_account_manager_checkbox(tab: VendorsTab, qtbot) -> None:
    select_vendor(tab, "NetSource")
    section = tab.detail.contacts
    index = source_index(section, "Max", "account_manager")
    assert index.flags() & Qt.ItemFlag.ItemIsUserCheckable
    assert section.model.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    qtbot.waitUntil(
        lambda: (
            source_index(tab.detail.contacts, "Jo", "account_manager").data(
                Qt.ItemDataRole.CheckStateRole
            )
            == Qt.CheckState.Unchecked
        )
    )
    assert "account manager Max" in tab.detail.subheading.text()


def test_add_and_delete_buttons_are_undoable(tab: VendorsTab, qtbot) -> None:
    select_vendor(tab, "NetSource")
    section = tab.detail.contracts
    before = section.model.rowCount()
    section.add_button.click()
    qtbot.waitUntil(lambda: tab.detail.contracts.model.rowCount() == before + 1)
    qtbot.waitUntil(lambda: bool(tab.detail.contracts.selected_ids()))
    assert tab.detail.vendor_id is not None
    section.delete_button.click()
    answer_delete(qtbot, section.table)  # asked first
    qtbot.waitUntil(lambda: tab.detail.contracts.model.rowCount() == before)
    tab.context.undo_stack.undo()
    qtbot.waitUntil(lambda: tab.detail.contracts.model.rowCount() == before + 1)
    assert tab.context.undo_stack.count() == 2
    # The Delete key deletes the selected rows too.
    contacts = tab.detail.contacts
    tab.detail.tabs.setCurrentIndex(0)
    contacts.select_record(contacts.model.rows[0]["id"])
    contacts.table.setFocus()
    qtbot.keyClick(contacts.table, Qt.Key.Key_Delete)
    assert answer_delete(qtbot, contacts.table) == "Delete the selected contact?"
    qtbot.waitUntil(lambda: tab.detail.contacts.model.rowCount() == 1)


def test_add_vendor_selects_it_for_naming(tab: VendorsTab, qtbot) -> None:
    tab.vendors.add_button.click()
    qtbot.waitUntil(lambda: tab.detail.heading.text() == "New vendor")
    tab.detail.name_edit.setText("Carrier Two")
    tab.detail.name_edit.editingFinished.emit()
    qtbot.waitUntil(lambda: "Carrier Two" in [r["name"] for r in tab.vendors.model.rows])
    assert tab.context.undo_stack.count() == 2


def test_search_and_category_filter(tab: VendorsTab) -> None:
    proxy = tab.vendors.proxy
    assert proxy.rowCount() == 2
    tab.search.setText("net")
    assert proxy.rowCount() == 1
    assert proxy.index(0, 0).data() == "NetSource"
    tab.search.clear()
    tab.category_filter.setCurrentText("other")
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == ["EmptyCo"]
    tab.category_filter.setCurrentIndex(0)
    assert proxy.rowCount() == 2
    select_vendor(tab, "NetSource")
    tab.detail.search.setText("PO-2")
    assert tab.detail.orders.proxy.rowCount() == 1
    assert tab.detail.contracts.proxy.rowCount() == 0


def test_sorting_uses_values_not_text(tab: VendorsTab) -> None:
    select_vendor(tab, "NetSource")
    table = tab.detail.orders.table
    amount = column(tab.detail.orders, "amount")
    table.sortByColumn(amount, Qt.SortOrder.DescendingOrder)
    proxy = tab.detail.orders.proxy
    numbers = [proxy.index(r, 0).data() for r in range(proxy.rowCount())]
    assert numbers == ["PO-3", "PO-1", "PO-2", "PO-4"]  # 99,999 > 80,000.10 > 30,000 > 1,000


def test_editors_offer_choices_and_references(tab: VendorsTab) -> None:
    select_vendor(tab, "NetSource")
    section = tab.detail.deliveries
    delegate = section.table.itemDelegate()
    proxy_index = section.proxy.mapFromSource(source_index(section, "Optics", "task_id"))
    editor = delegate.createEditor(section.table.viewport(), QStyleOptionViewItem(), proxy_index)
    assert isinstance(editor, QComboBox)
    labels = [editor.itemText(i) for i in range(editor.count())]
    assert labels[0] == "— none —"
    assert any(label.endswith("Install") for label in labels)
    install = next(i for i in range(editor.count()) if editor.itemText(i).endswith("Install"))
    editor.setCurrentIndex(install)
    delegate.setModelData(editor, section.proxy, proxy_index)
    with tab.context.workspace.session() as session:
        optics = session.scalars(
            select(Deliverable).where(Deliverable.description == "Optics")
        ).one()
        assert optics.task_id is not None
    status = section.proxy.mapFromSource(source_index(section, "Optics", "status"))
    combo = delegate.createEditor(section.table.viewport(), QStyleOptionViewItem(), status)
    assert isinstance(combo, QComboBox)
    assert "delivered" in [combo.itemText(i) for i in range(combo.count())]


def test_reloads_on_project_change_and_vendor_edits(tab: VendorsTab, qtbot) -> None:
    context = tab.context
    context.set_project(None)
    assert tab.vendors.model.rowCount() == 0
    assert not tab.detail.isEnabled()
    with context.workspace.session() as session:
        project_id = session.scalar(select(Project.id))
    context.set_project(project_id)
    assert tab.vendors.model.rowCount() == 2
    context.dataChanged.emit(frozenset({"baselines"}), project_id)
    assert not tab._reload_pending
    # an approved change request's cost impact is part of the budget the tab shows
    context.dataChanged.emit(frozenset({"risks"}), project_id)
    assert tab._reload_pending
    qtbot.waitUntil(lambda: not tab._reload_pending)
    context.dataChanged.emit(frozenset({"vendors"}), project_id)
    assert tab._reload_pending
    qtbot.waitUntil(lambda: not tab._reload_pending)
    # Hidden, the tab only notes that it is stale and reloads when shown again.
    tab.hide()
    context.set_project(None)
    assert tab.vendors.model.rowCount() == 2 and tab._stale
    tab.show()
    assert tab.vendors.model.rowCount() == 0 and not tab._stale


def test_vendor_selection_survives_a_reload(tab: VendorsTab) -> None:
    select_vendor(tab, "NetSource")
    tab.reload()
    assert tab.detail.heading.text() == "NetSource"
    index = tab.vendors.table.selectionModel().currentIndex()
    assert index.siblingAtColumn(0).data(ID_ROLE) == tab.detail.vendor_id
    tab.vendors.table.selectionModel().setCurrentIndex(
        tab.vendors.proxy.index(0, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    assert tab.detail.heading.text() == "EmptyCo"
    assert tab.detail.figures.cards["paid"].value.text() == "0.00"


def test_demo_project_in_the_main_window(qtbot, main_window) -> None:
    main_window.tabs.setCurrentWidget(main_window.vendors_tab)
    tab = main_window.vendors_tab
    assert tab.vendors.model.rowCount() >= 7
    kinds = {item.kind for item in tab.attention.model.items}
    assert {"late", "expired", "over", "notice", "due"} <= kinds
    assert tab.budget.lines.model.rowCount() >= 5
    assert date.today() >= min(
        item.day for item in tab.attention.model.items if item.kind == "late"
    )


def test_a_purchase_order_names_the_task_it_pays_for(tab: VendorsTab, qtbot) -> None:
    from decimal import Decimal

    from infradesk.model import PurchaseOrder

    select_vendor(tab, "NetSource")
    section = tab.detail.orders
    index = source_index(section, "PO-1", "task_id")
    assert index.data() == ""
    delegate = section.table.itemDelegate()
    proxy_index = section.proxy.mapFromSource(index)
    editor = delegate.createEditor(section.table.viewport(), QStyleOptionViewItem(), proxy_index)
    assert isinstance(editor, QComboBox)
    install = next(i for i in range(editor.count()) if editor.itemText(i).endswith("Install"))
    editor.setCurrentIndex(install)
    delegate.setModelData(editor, section.proxy, proxy_index)
    with tab.context.workspace.session() as session:
        order = session.scalars(select(PurchaseOrder).where(PurchaseOrder.number == "PO-1")).one()
        install_task = session.scalars(select(Task).where(Task.name == "Install")).one()
        assert order.task_id == install_task.id and order.invoiced == Decimal("40000.05")
    qtbot.waitUntil(
        lambda: source_index(tab.detail.orders, "PO-1", "task_id").data() == "Install"
    )
    tab.context.undo_stack.undo()
    qtbot.waitUntil(lambda: source_index(tab.detail.orders, "PO-1", "task_id").data() == "")
