"""Issue 15: the Gantt's Cost and Actual cost columns roll up on summary rows (read-only there),
follow every edit, undo and redo, and total what a baseline saves as BAC; SPI and CPI are shown
on summaries from the earned-value service's roll-up."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from PySide6.QtCore import Qt

from infradesk.model import PurchaseOrder, Task, Vendor
from infradesk.services.plan.baselines import SaveBaseline
from infradesk.services.plan.earned_value import earned_value_view
from infradesk.services.plan.outline import load_outline
from infradesk.ui.gantt.outline_model import COLUMN_KEYS


def row(tab, name: str) -> int:
    return tab.model.outline.name.index(name)


def cell(tab, name: str, key: str):
    return tab.model.index(tab.model.view_rows.index(row(tab, name)), COLUMN_KEYS.index(key))


def shown(tab, name: str, key: str) -> str:
    return tab.model.data(cell(tab, name, key))


def edit(tab, name: str, key: str, text: str) -> None:
    assert tab.model.setData(cell(tab, name, key), text)


def top_level_total(tab, key: str) -> Decimal:
    o = tab.model.outline
    return sum((getattr(o, key)[r] for r in range(len(o)) if o.parent[r] < 0), Decimal(0))


def test_a_summary_shows_the_sum_of_its_tasks_costs_and_is_read_only(gantt) -> None:
    edit(gantt, "Survey", "cost", "1,000.50")
    edit(gantt, "Plan", "cost", "2000")
    assert shown(gantt, "Design", "cost") == "3,000.50"
    edit(gantt, "Plan", "actual_cost", "250")
    assert shown(gantt, "Design", "actual_cost") == "250.00"
    for key in ("cost", "actual_cost"):
        assert not gantt.model.flags(cell(gantt, "Design", key)) & Qt.ItemFlag.ItemIsEditable
        assert gantt.model.flags(cell(gantt, "Plan", key)) & Qt.ItemFlag.ItemIsEditable
    assert shown(gantt, "Build", "cost") == "0.00"
    assert "the sums of its tasks'" in gantt.model.tooltip(row(gantt, "Design"))


def test_undo_and_redo_bring_the_summary_back(gantt) -> None:
    edit(gantt, "Rack", "cost", "500")
    edit(gantt, "Cable", "cost", "700")
    assert shown(gantt, "Build", "cost") == "1,200.00"
    edit(gantt, "Cable", "cost", "300")
    assert shown(gantt, "Build", "cost") == "800.00"
    gantt.context.undo()
    assert shown(gantt, "Build", "cost") == "1,200.00"
    gantt.context.undo()
    gantt.context.undo()
    assert shown(gantt, "Build", "cost") == "0.00"
    gantt.context.undo_stack.redo()
    assert shown(gantt, "Build", "cost") == "500.00"


def test_the_rows_the_view_holds_equal_a_fresh_load_after_edits(gantt, workspace) -> None:
    """The roll-up kept up by differences equals the one computed from the stored rows."""
    for name, key, text in (
        ("Survey", "cost", "10"),
        ("Rack", "cost", "20.25"),
        ("Test", "cost", "5"),
        ("Cable", "actual_cost", "7.5"),
        ("Rack", "cost", "1"),
    ):
        edit(gantt, name, key, text)
    gantt.context.undo()
    with workspace.read_session() as session:
        fresh = load_outline(session, gantt.model.outline.project_id)
    assert fresh.cost == gantt.model.outline.cost
    assert fresh.actual_cost == gantt.model.outline.actual_cost
    assert fresh.cost[fresh.name.index("Build")] == Decimal("20.25")


def test_the_project_total_is_the_cost_tabs_bac(gantt, workspace, plan_ids) -> None:
    for name, text in (("Survey", "1200"), ("Plan", "800.40"), ("Rack", "3000"), ("Test", "99")):
        edit(gantt, name, "cost", text)
    with workspace.session() as s:  # a summary's own stored cost is ignored everywhere
        s.get(Task, plan_ids["Design"]).cost = Decimal("123456")
    gantt.model.reload()
    assert shown(gantt, "Design", "cost") == "2,000.40"
    gantt.context.execute(SaveBaseline(plan_ids["project"], "Approved"))
    view = earned_value_view(workspace, plan_ids["project"], curve=False)
    assert view.figures is not None
    assert top_level_total(gantt, "cost") == view.figures.project.bac == Decimal("5099.40")


def test_invoices_add_to_the_task_and_its_summary(gantt, workspace, plan_ids) -> None:
    with workspace.session() as s:
        vendor = Vendor(project_id=plan_ids["project"], name="Cabling Ltd")
        s.add(vendor)
        s.flush()
        s.add(
            PurchaseOrder(
                vendor_id=vendor.id, task_id=plan_ids["Cable"], number="PO-1", invoiced=400
            )
        )
    gantt.model.reload()
    edit(gantt, "Cable", "actual_cost", "100")
    assert shown(gantt, "Cable", "actual_cost") == "500.00"
    assert shown(gantt, "Build", "actual_cost") == "500.00"
    gantt.context.undo()
    assert shown(gantt, "Build", "actual_cost") == "400.00"


def test_summary_spi_and_cpi_are_the_rolled_up_indices(qtbot, gantt, workspace, plan_ids) -> None:
    edit(gantt, "Survey", "cost", "1000")
    edit(gantt, "Plan", "cost", "1000")
    gantt.context.execute(SaveBaseline(plan_ids["project"], "Approved"))
    for key in ("spi", "cpi"):
        gantt.table.setColumnHidden(COLUMN_KEYS.index(key), False)
    gantt.table.columnsChanged.emit()
    edit(gantt, "Survey", "percent", "100")
    edit(gantt, "Survey", "actual_cost", "1250")
    view = earned_value_view(workspace, plan_ids["project"], curve=False)
    assert view.figures is not None
    design = view.figures.tasks[plan_ids["Design"]]
    assert design.cpi is not None and design.spi is not None
    assert shown(gantt, "Design", "cpi") == f"{design.cpi:.2f}" == "0.80"
    assert shown(gantt, "Design", "spi") == f"{design.spi:.2f}"
    assert not gantt.model.flags(cell(gantt, "Design", "cpi")) & Qt.ItemFlag.ItemIsEditable
    gantt.context.undo()  # the actual cost: the summary's CPI follows
    assert shown(gantt, "Design", "cpi") == ""  # no actual cost: CPI undefined
    assert datetime(2026, 3, 4, 8, 0) == view.status_date
