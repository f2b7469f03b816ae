"""Issue 17 on the real window: draft contracts greyed but counted, the status bar and the
tab counts of the Vendors tab follow the project and the vendor, and the budget (with an
approved change request's cost) warns when the contracts exceed it, on the Vendors and Cost
tabs alike."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPalette
from sqlalchemy import select

from infradesk.model import ChangeRequest
from infradesk.services.risks.actions import ApproveChange
from infradesk.services.vendors.commands import AddVendorRecord
from infradesk.ui.main_window import MainWindow
from infradesk.ui.vendors.tab import VendorsTab


def _vendors(window: MainWindow) -> VendorsTab:
    window.tabs.setCurrentWidget(window.vendors_tab)
    return window.vendors_tab


def _select(tab: VendorsTab, name: str) -> None:
    row = next(r for r in tab.vendors.model.rows if r["name"] == name)
    assert tab.select_vendor(row["id"])


def _row(model, number: str) -> int:
    return next((n for n, r in enumerate(model.rows) if r.get("number") == number), -1)


def _message(window: MainWindow) -> str:
    return window.statusBar().currentMessage()


def test_a_draft_contract_is_greyed_but_counted(main_window: MainWindow, qtbot) -> None:
    tab = _vendors(main_window)
    _select(tab, "CableWorks BV")
    vendor_id = tab.detail.vendor_id
    project_id = main_window.context.project_id
    assert vendor_id is not None and project_id is not None
    before = tab.detail.figures.cards["contract_value"].value.text()
    main_window.context.execute(
        AddVendorRecord(
            project_id,
            "contract",
            vendor_id,
            {"number": "NS-DRAFT", "value": "25000", "status": "draft"},
        )
    )
    model = tab.detail.contracts.model
    qtbot.waitUntil(lambda: _row(model, "NS-DRAFT") >= 0)
    row = _row(model, "NS-DRAFT")
    placeholder = QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)
    for column in range(model.columnCount()):
        brush = model.index(row, column).data(Qt.ItemDataRole.ForegroundRole)
        assert brush is not None and brush.color() == placeholder  # greyed, by the palette
        assert model.index(row, column).data(Qt.ItemDataRole.FontRole).italic()
    active = next(n for n, r in enumerate(model.rows) if not r["draft"])
    assert model.index(active, 1).data(Qt.ItemDataRole.ForegroundRole) is None
    card = tab.detail.figures.cards["contract_value"]
    assert card.value.text() != before  # counted in the vendor's contract value...
    assert card.note.text() == "incl. EUR 25,000.00 draft"  # ...with its share shown
    assert "1 draft" in tab.detail.tabs.tabText(1)
    project_card = tab.budget.figures.cards["contract_value"]
    assert project_card.note.text() == "incl. EUR 25,000.00 draft"


def test_the_add_button_makes_an_active_contract(main_window: MainWindow, qtbot) -> None:
    tab = _vendors(main_window)
    _select(tab, "CableWorks BV")
    count = tab.detail.contracts.model.rowCount()
    tab.detail.contracts.add_button.click()
    qtbot.waitUntil(lambda: tab.detail.contracts.model.rowCount() == count + 1)
    new = next(r for r in tab.detail.contracts.model.rows if r["title"] == "New contract")
    assert new["status"] == "active" and new["start"] is not None and not new["draft"]


def test_the_status_bar_and_tab_counts_follow_the_project_and_the_vendor(
    main_window: MainWindow, qtbot, monkeypatch
) -> None:
    window = main_window
    window.tabs.setCurrentWidget(window.risks_tab)
    risk_counts = _message(window)
    assert "risks" in risk_counts
    tab = _vendors(window)
    _select(tab, "CableWorks BV")
    text = _message(window)
    assert text != risk_counts and "risks" not in text
    vendors = tab.vendors.model.rowCount()
    contracts = len(tab.detail.detail.contracts)
    assert text.startswith(f"{vendors} vendors · {len(tab.attention.model.items)} need")
    assert f"CableWorks BV: {contracts} contract" in text
    assert tab.detail.tabs.tabText(1) == f"Contracts ({contracts})"

    # an edit, its undo and its redo keep the counts current
    project_id = window.context.project_id
    assert project_id is not None and tab.detail.vendor_id is not None
    window.context.execute(AddVendorRecord(project_id, "contract", tab.detail.vendor_id))
    qtbot.waitUntil(lambda: f"CableWorks BV: {contracts + 1} contracts" in _message(window))
    assert tab.detail.tabs.tabText(1) == f"Contracts ({contracts + 1})"
    window.context.undo()
    qtbot.waitUntil(lambda: f"CableWorks BV: {contracts} contract" in _message(window))
    assert tab.detail.tabs.tabText(1) == f"Contracts ({contracts})"
    window.context.redo()
    qtbot.waitUntil(lambda: f"CableWorks BV: {contracts + 1} contracts" in _message(window))

    # another project, without vendors: no stale counts anywhere
    monkeypatch.setattr(
        "PySide6.QtWidgets.QInputDialog.getText", lambda *args, **kwargs: ("Empty", True)
    )
    window.new_project()
    assert window.project_selector.currentText() == "Empty"
    assert _message(window) == "0 vendors · 0 need attention"
    assert [tab.detail.tabs.tabText(n) for n in range(4)] == [
        "Overview",
        "Contracts",
        "Purchase orders",
        "Deliveries",
    ]
    # the Risks tab's counts are its own project's, and leave with it
    window.tabs.setCurrentWidget(window.risks_tab)
    assert _message(window) != risk_counts
    window.tabs.setCurrentWidget(window.gantt_tab)
    assert "risks" not in _message(window)


def test_contracts_over_the_budget_warn_and_an_approved_change_reaches_it(
    main_window: MainWindow, qtbot
) -> None:
    window = main_window
    tab = _vendors(window)
    budget_item = next(i for i in tab.attention.model.items if i.kind == "budget")
    assert budget_item.title == "Contracts exceed the budget by EUR 327,600.00"
    assert tab.attention.model.items.index(budget_item) < 3  # among the most urgent
    tab.open_attention_item(budget_item)
    assert tab.right_tabs.currentWidget() is tab.budget
    card = tab.budget.figures.cards["budget"]
    assert card.value.text() == "EUR 1,451,000.00"
    assert card.note.text() == "incl. EUR 6,000.00 approved changes"

    window.tabs.setCurrentWidget(window.progress.cost_tab)
    cost = window.progress.cost_tab
    qtbot.waitUntil(lambda: cost.budget.text() != "")
    assert cost.budget.text().startswith(
        "Budget 1,451,000 EUR (incl. 6,000 EUR approved changes) · contracted 1,778,600 EUR"
    )
    assert cost.budget_warning.text() == "Contracts exceed the budget by 327,600 EUR."

    project_id = window.context.project_id
    assert project_id is not None
    with window.workspace.read_session() as session:
        change_id = session.scalars(
            select(ChangeRequest.id).where(ChangeRequest.code == "CR-002")
        ).one()
    window.context.execute(ApproveChange(project_id, change_id, "Steering board"))  # +4,500
    qtbot.waitUntil(lambda: "1,455,500 EUR" in cost.budget.text())
    assert cost.budget_warning.text() == "Contracts exceed the budget by 323,100 EUR."
    tab = _vendors(window)
    qtbot.waitUntil(lambda: card.value.text() == "EUR 1,455,500.00")
    assert card.note.text() == "incl. EUR 10,500.00 approved changes"
    window.context.undo()
    qtbot.waitUntil(lambda: card.value.text() == "EUR 1,451,000.00")
    assert Decimal("1451000") == Decimal(card.value.text().split()[1].replace(",", ""))
