"""The money rules (``services.vendors.money``) and everything that reads them agree: the
Vendors tab's rows and attention items, and the weekly report (issue 17, "Behaviour that
surprises": drafts hidden, a change request's cost missing from the budget, contracts over
the budget without a warning, pending orders counted in one place and not in another)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pypdf
from sqlalchemy import select

from infradesk.model import Contract, PurchaseOrder, Vendor
from infradesk.report.status_report import render_status_report
from infradesk.services.risks.actions import ApproveChange
from infradesk.services.risks.commands import CreateRecord, EditRecord
from infradesk.services.status.facts import collect_facts
from infradesk.services.status.report import gather_report_data
from infradesk.services.vendors.commands import AddVendorRecord, EditVendorField
from infradesk.services.vendors.money import (
    MoneyTotals,
    SpendReport,
    budget_warnings,
    forecast_at_completion,
    spend_report,
)
from infradesk.services.vendors.queries import attention_items, load_vendor_detail

from .conftest import TODAY

EUR = Decimal


def _vendor_id(workspace, name: str = "NetSource") -> int:
    with workspace.read_session() as session:
        return session.scalars(select(Vendor.id).where(Vendor.name == name)).one()


def _id_of(workspace, model, **where) -> int:
    with workspace.read_session() as session:
        query = select(model.id)
        for key, value in where.items():
            query = query.where(getattr(model, key) == value)
        return session.scalars(query).one()


def _totals(workspace, project_id: int):
    with workspace.read_session() as session:
        return spend_report(session, project_id).totals_in("EUR")


def _attention(workspace, project_id: int):
    with workspace.read_session() as session:
        return attention_items(session, project_id, today=TODAY)


def test_a_new_contract_with_a_start_date_is_active(workspace, vendor_project) -> None:
    vendor = _vendor_id(workspace)
    dated = AddVendorRecord(vendor_project, "contract", vendor)
    dated.apply(workspace)
    undated = AddVendorRecord(vendor_project, "contract", vendor, {"start": ""})
    undated.apply(workspace)
    chosen = AddVendorRecord(vendor_project, "contract", vendor, {"status": "negotiation"})
    chosen.apply(workspace)
    with workspace.read_session() as session:
        new = session.get(Contract, dated.record_id)
        assert new is not None and new.start is not None and new.status == "active"
        assert session.get(Contract, undated.record_id).status == "draft"
        assert session.get(Contract, chosen.record_id).status == "negotiation"


def test_draft_contracts_are_counted_with_their_share_and_alerts_marked_draft(
    workspace, vendor_project
) -> None:
    before = _totals(workspace, vendor_project)
    assert (before.contract_value, before.contract_draft) == (EUR("105000.00"), 0)
    add = AddVendorRecord(
        vendor_project,
        "contract",
        _vendor_id(workspace),
        {
            "number": "DR-1",
            "status": "draft",
            "value": "10000",
            "start": "2026-01-01",
            "end": (TODAY + timedelta(days=50)).isoformat(),
            "notice": "30d",
        },
    )
    add.apply(workspace)
    after = _totals(workspace, vendor_project)
    assert after.contract_value == EUR("115000.00")  # counted...
    assert after.contract_draft == EUR("10000.00")  # ...with its share kept apart
    notice = next(i for i in _attention(workspace, vendor_project) if "DR-1" in i.title)
    assert notice.kind == "notice" and notice.draft
    assert notice.label == "Notice deadline (draft)" and notice.severity == "medium"
    assert notice.title.startswith("DR-1 (draft): give notice by")
    with workspace.read_session() as session:
        detail = load_vendor_detail(session, _vendor_id(workspace), TODAY)
    assert detail is not None
    row = next(c for c in detail.contracts if c["number"] == "DR-1")
    assert row["draft"] and row["notice_soon"]
    # the report's notice table lists it, as a draft
    with workspace.read_session() as session:
        facts = collect_facts(session, vendor_project, as_of=TODAY)
    assert "DR-1 · New contract (draft)" in [n.contract for n in facts.notices]
    assert any("10\u202f000 EUR in draft contracts" in n for n in facts.budget.notes)


def test_an_approved_change_requests_cost_impact_reaches_the_budget(
    workspace, vendor_project
) -> None:
    create = CreateRecord(
        "change", vendor_project, {"title": "Extra optics", "cost_impact": "18000"}
    )
    create.apply(workspace)
    rejected = CreateRecord(
        "change", vendor_project, {"title": "Gold support", "cost_impact": "9000"}
    )
    rejected.apply(workspace)
    assert rejected.record_id is not None
    EditRecord("change", vendor_project, rejected.record_id, {"status": "rejected"}).apply(
        workspace
    )
    assert _totals(workspace, vendor_project).budget == EUR("120000.00")  # submitted: not yet
    approve = ApproveChange(vendor_project, create.record_id, "Board", on=TODAY)
    approve.apply(workspace)
    totals = _totals(workspace, vendor_project)
    assert (totals.budget_lines, totals.approved_changes) == (EUR("120000.00"), EUR("18000.00"))
    assert totals.budget == EUR("138000.00")
    assert totals.remaining_budget == EUR("138000.00") - EUR("80000.10")
    with workspace.read_session() as session:
        report = spend_report(session, vendor_project)
        facts = collect_facts(session, vendor_project, as_of=TODAY)
    assert [c.title for c in report.approved_changes] == ["Extra optics"]
    # forecast: Switches max(100,000, 80,000.10) + Install 20,000 + the approved change
    assert forecast_at_completion(report) == EUR("138000.00")
    assert facts.budget.budget == EUR("138000.00")
    assert facts.budget.forecast == EUR("138000.00")
    assert any(
        "18\u202f000 EUR of approved change requests (CR-001)" in n for n in facts.budget.notes
    ), facts.budget.notes
    approve.revert(workspace)
    assert _totals(workspace, vendor_project).budget == EUR("120000.00")


def test_contracts_over_the_budget_warn_in_the_panel_and_the_report(
    workspace, vendor_project, tmp_path: Path
) -> None:
    assert budget_warnings(_read_report(workspace, vendor_project)) == []
    assert not any(i.kind == "budget" for i in _attention(workspace, vendor_project))
    fa1 = _id_of(workspace, Contract, number="FA-1")
    EditVendorField(vendor_project, "contract", fa1, "value", "150000").apply(workspace)
    (warning,) = budget_warnings(_read_report(workspace, vendor_project))
    assert warning.by_contracts and warning.excess == EUR("35000.00")  # 155,000 vs 120,000
    items = _attention(workspace, vendor_project)
    budget = next(i for i in items if i.kind == "budget")
    assert budget.title == "Contracts exceed the budget by EUR 35,000.00"
    assert budget.severity == "high" and budget.entity == "budget"
    assert items.index(budget) < min(
        n for n, i in enumerate(items) if i.kind in ("over", "notice", "due")
    )
    with workspace.read_session() as session:
        facts = collect_facts(session, vendor_project, as_of=TODAY)
        data = gather_report_data(session, vendor_project, as_of=TODAY)
    assert facts.budget.contracted == EUR("155000.00")
    assert facts.budget.warnings == [
        "Contracts exceed the budget by 35\u202f000 EUR: contracts total 155\u202f000, "
        "committed orders 80\u202f000, against a budget of 120\u202f000."
    ]
    target = tmp_path / "report.pdf"
    render_status_report(data, target)
    text = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(target).pages).split())
    assert "Contracts exceed the budget by 35" in text
    assert "Contracted" in text


def test_orders_over_a_contract_count_what_is_committed(workspace, vendor_project) -> None:
    """FA-1 (100,000): PO-1 80,000.10 ordered, PO-2 30,000 awaiting approval. Committed is
    80,000.10 everywhere; FA-1 is only "would be over" until PO-2 is approved."""
    items = _attention(workspace, vendor_project)
    over = next(i for i in items if i.kind == "over")
    assert over.pending == EUR("30000.00") and over.severity == "medium"
    assert "would exceed" in over.title
    totals = _totals(workspace, vendor_project)
    assert (totals.committed, totals.pending) == (EUR("80000.10"), EUR("30000.00"))
    vendor = _vendor_id(workspace)
    with workspace.read_session() as session:
        detail = load_vendor_detail(session, vendor, TODAY)
    assert detail is not None
    fa1 = next(c for c in detail.contracts if c["number"] == "FA-1")
    assert (fa1["ordered"], fa1["pending"]) == (EUR("80000.10"), EUR("30000.00"))
    assert not fa1["over"] and fa1["over_pending"]

    po2 = _id_of(workspace, PurchaseOrder, number="PO-2")
    EditVendorField(vendor_project, "order", po2, "status", "approved").apply(workspace)
    over = next(i for i in _attention(workspace, vendor_project) if i.kind == "over")
    assert over.pending is None and over.severity == "high"
    assert over.title == "FA-1: orders 110,000.10 exceed the contract's 100,000.00 EUR"
    assert _totals(workspace, vendor_project).committed == EUR("110000.10")
    with workspace.read_session() as session:
        detail = load_vendor_detail(session, vendor, TODAY)
    assert detail is not None
    fa1 = next(c for c in detail.contracts if c["number"] == "FA-1")
    assert fa1["ordered"] == EUR("110000.10") and fa1["over"] and not fa1["over_pending"]


def _read_report(workspace, project_id: int):
    with workspace.read_session() as session:
        return spend_report(session, project_id)


def test_approved_changes_alone_make_no_budget_to_exceed() -> None:
    """A project without budget lines has no budget: an approved change's cost impact is
    shown, but no contract is "over" a budget of just that impact."""
    totals = MoneyTotals("EUR", contract_value=EUR("50000"), approved_changes=EUR("6000"))
    report = SpendReport("EUR", [], [totals], [])
    assert totals.budget == EUR("6000") and not totals.has_budget
    assert budget_warnings(report) == [] and forecast_at_completion(report) is None
    totals.budget_lines = EUR("40000")
    (warning,) = budget_warnings(report)
    assert warning.excess == EUR("4000") and forecast_at_completion(report) == EUR("6000")
