"""The weekly report reads each table once (issue 14): risks, change requests and the vendor
tree used to be loaded two to four times per gathering, and money went to text and back."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import event, select

from infradesk import model
from infradesk.report.data import ReportOptions
from infradesk.services.status.report import gather_report_data
from infradesk.store.workspace import Workspace
from tests.report.conftest import AS_OF, build_plan
from tests.report.test_raid_and_money import add_raid_and_money

TABLE = re.compile(r'\b(?:FROM|JOIN)\s+"?(\w+)"?', re.IGNORECASE)


def add_gate_and_overrun(session: Any, project_id: int) -> None:
    """A delivery that gates a task, and a contract whose orders exceed its value."""
    vendor = session.scalars(select(model.Vendor)).first()
    task = session.scalars(select(model.Task).where(model.Task.milestone.is_(False))).first()
    contract = model.Contract(
        vendor_id=vendor.id, number="C-9", title="Cabling", value=Decimal("1000.40")
    )
    session.add(contract)
    session.flush()
    session.add_all(
        [
            model.PurchaseOrder(
                vendor_id=vendor.id,
                contract_id=contract.id,
                number="PO-9",
                amount=Decimal("2500.60"),
                status="approved",
                currency="EUR",
            ),
            model.Deliverable(
                vendor_id=vendor.id,
                description="Patch panels",
                promised=AS_OF + date.resolution * 3,
                task_id=task.id,
            ),
        ]
    )


def test_gathering_the_report_reads_each_table_once(tmp_path: Path) -> None:
    workspace = Workspace.create(tmp_path / "report.infradesk")
    try:
        with workspace.session() as session:
            project_id = build_plan(session)
            add_raid_and_money(session, project_id)
            add_gate_and_overrun(session, project_id)
        reads: Counter[str] = Counter()

        def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            if statement.lstrip().upper().startswith("SELECT"):
                reads.update(set(TABLE.findall(statement)))

        with workspace.read_session() as session:
            engine = session.get_bind()
            event.listen(engine, "before_cursor_execute", count)
            try:
                data = gather_report_data(session, project_id, AS_OF, ReportOptions())
            finally:
                event.remove(engine, "before_cursor_execute", count)
    finally:
        workspace.close()

    domains = {"task", "risk", "issue", "change_request", "vendor", "contract", "deliverable"}
    assert domains <= set(reads), reads
    assert {table: n for table, n in reads.items() if n != 1} == {}, reads
    # money stays Decimal until the page writes it
    over = [row for row in data.vendor_attention if row.kind == "over"]
    assert [(row.subject, row.ordered, row.value) for row in over] == [
        ("C-9", Decimal("2500.60"), Decimal("1000.40"))
    ]
    assert all(isinstance(c.cost, Decimal) for c in data.changes_pending + data.changes_decided)
