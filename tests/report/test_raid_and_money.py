"""Issues, change requests, vendors and money from the Risks and Vendors tabs' tables."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pypdf

from infradesk import model
from infradesk.report.data import Rag
from infradesk.report.format import change_impact
from infradesk.report.status_report import render_status_report
from infradesk.services.status.report import gather_report_data

from .conftest import AS_OF, build_plan


def add_raid_and_money(session, project_id: int) -> None:
    session.add_all(
        [
            model.Issue(
                project_id=project_id,
                code="I-001",
                title="Badge access for vendor",
                priority="high",
                owner="Security",
                status="open",
                due=AS_OF + timedelta(days=3),
            ),
            model.Issue(
                project_id=project_id,
                code="I-002",
                title="Label printer broken",
                priority="low",
                status="in progress",
            ),
            model.Issue(
                project_id=project_id,
                code="I-003",
                title="Old closed issue",
                priority="critical",
                status="closed",
            ),
            model.ChangeRequest(
                project_id=project_id,
                code="CR-001",
                title="Second UPS",
                status="submitted",
                requested=AS_OF - timedelta(days=20),
                cost_impact=Decimal("4500"),
                schedule_impact_days=3,
            ),
            model.ChangeRequest(
                project_id=project_id,
                code="CR-002",
                title="Extra PDU",
                status="approved",
                requested=AS_OF - timedelta(days=10),
                decision_date=AS_OF - timedelta(days=2),
            ),
        ]
    )
    vendor = model.Vendor(project_id=project_id, name="RackCo")
    session.add(vendor)
    session.flush()
    line = model.BudgetLine(
        project_id=project_id,
        category="hardware",
        description="Racks",
        amount=Decimal("100000"),
        currency="EUR",
    )
    session.add(line)
    session.flush()
    session.add_all(
        [
            model.Contract(
                vendor_id=vendor.id,
                title="Rack supply",
                value=Decimal("90000"),
                end=AS_OF + timedelta(days=120),
                notice_months=2,
                status="active",
            ),
            model.PurchaseOrder(
                vendor_id=vendor.id,
                budget_line_id=line.id,
                number="PO-1",
                amount=Decimal("80000"),
                invoiced=Decimal("30000"),
                status="approved",
                currency="EUR",
            ),
            model.PurchaseOrder(
                vendor_id=vendor.id,
                number="PO-2",
                amount=Decimal("5000"),
                status="draft",
                currency="EUR",
            ),
            model.Deliverable(
                vendor_id=vendor.id,
                description="42U racks x 20",
                promised=AS_OF - timedelta(days=3),
                status="ordered",
            ),
            model.Deliverable(
                vendor_id=vendor.id,
                description="Delivered long ago",
                promised=AS_OF - timedelta(days=30),
                actual=AS_OF,
                status="delivered",
            ),
        ]
    )
    session.flush()


def test_raid_vendor_and_money_sections(workspace, tmp_path: Path) -> None:
    with workspace.session() as session:
        pid = build_plan(session)
        add_raid_and_money(session, pid)
        data = gather_report_data(session, pid, AS_OF)

    assert [i.code for i in data.issues] == ["I-001", "I-002"]  # by priority, closed left out
    assert [c.code for c in data.changes_pending] == ["CR-001"]
    pending = data.changes_pending[0]
    assert (
        change_impact(pending.schedule_days, pending.cost, data.currency) == "+3 d, +4\u202f500 EUR"
    )
    assert [c.code for c in data.changes_decided] == ["CR-002"]
    scope = next(d for d in data.dimensions if d.dimension == "scope")
    assert scope.rag is Rag.AMBER  # CR-001 waits for more than 14 days
    assert [d.description for d in data.deliveries] == ["42U racks x 20"]
    assert data.deliveries[0].late
    notice = data.notices[0]
    assert notice.contract == "Rack supply" and notice.days_left is not None
    assert notice.notice_by is not None and notice.notice_by.month == (
        (AS_OF + timedelta(days=120)).month - 2
    )
    b = data.budget
    assert (b.budget, b.committed, b.actual) == (
        Decimal("100000"),
        Decimal("80000"),
        Decimal("30000"),
    )
    # no task carries a cost: CPI needs the actual cost of the work, never the invoices
    assert b.cpi is None and b.forecast is not None
    line = data.budget_lines[0]
    assert (line.committed, line.invoiced, line.remaining) == (
        Decimal("80000"),
        Decimal("30000"),
        Decimal("20000"),
    )
    assert data.spend[0].contract_value == Decimal("90000")

    target = tmp_path / "report.pdf"
    render_status_report(data, target)
    text = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(target).pages).split())
    for expected in (
        "Badge access for vendor",
        "Second UPS",
        "Extra PDU",
        "42U racks x 20",
        "Rack supply",
        "Hardware – Racks",
        "CPI (cost performance)",
    ):
        assert expected in text, expected
    assert "Old closed issue" not in text and "Delivered long ago" not in text


def _cost_the_plan(session, pid: int) -> dict[str, int]:
    """Planned (baseline) and actual costs of the plan's tasks; returns task ids by name."""
    costs = {  # name: (planned, actual)
        "Order racks": ("10000", "11000"),  # 100 %
        "Install PDUs": ("20000", "20000"),  # 100 %
        "Cable racks": ("10000", "0"),  # not started
    }
    ids = {}
    for task in session.query(model.Task).filter_by(project_id=pid):
        ids[task.name] = task.id
        planned, actual = costs.get(
            task.name, ("30000", "3000") if task.percent_complete == 10 else ("0", "0")
        )
        task.cost, task.actual_cost = Decimal(planned), Decimal(actual)
        for row in session.query(model.BaselineTask).filter_by(task_id=task.id):
            row.cost = Decimal(planned)
    session.flush()
    return ids


def test_cost_rule_from_money(workspace) -> None:
    """CPI = EV / AC from the actual cost of the work (issue 15: the old report divided the
    earned share of the vendor budget by the invoices and printed CPI 4.28)."""
    with workspace.session() as session:
        pid = build_plan(session)
        add_raid_and_money(session, pid)
        ids = _cost_the_plan(session, pid)
        order = session.query(model.PurchaseOrder).filter_by(number="PO-1").one()
        order.task_id = ids["Cable racks"]  # 30,000 invoiced ahead of work not started
        session.flush()
        data = gather_report_data(session, pid, AS_OF)
        ev = data.earned_value
        assert ev is not None and not ev.by_work
        assert (ev.bac, ev.ev, ev.ac) == (Decimal("70000"), Decimal("33000"), Decimal("34000"))
        assert abs(data.budget.cpi - 33000 / 34000) < 1e-9
        assert any(
            "30\u202f000 EUR invoiced for tasks that have not started" in n
            for n in data.budget.notes
        )
        cost = next(d for d in data.dimensions if d.dimension == "cost")
        # CPI 0.97 (amber below 0.95), VAC -3 % of BAC (amber below -2 %)
        assert cost.rag is Rag.AMBER and cost.reason.startswith("CPI 0.97; VAC -2\u202f121 EUR")

        order.task_id = ids["Install PDUs"]  # now it pays for finished work: a real cost
        session.flush()
        data = gather_report_data(session, pid, AS_OF)
    assert data.earned_value is not None and data.earned_value.ac == Decimal("64000")
    cost = next(d for d in data.dimensions if d.dimension == "cost")
    assert cost.rag is Rag.RED and data.overall.rag is Rag.RED
