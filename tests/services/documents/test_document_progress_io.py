"""Progress, constraints and costs stored and exported (issue 15): a JSON document with
actuals, constraint types, costs, a baseline with costs and an order paying for a task goes
into a real workspace and comes back out unchanged, with its earned value computed; the
imported plan keeps its actual dates whatever its links say."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from infradesk.interchange.json_document import document_from_json, document_to_json
from infradesk.model import PurchaseOrder, Task
from infradesk.services.documents.io import export_document, import_document
from infradesk.store.workspace import Workspace

STATUS = "2026-01-14T17:00"


def _document() -> dict[str, Any]:
    task: dict[str, Any] = {"duration_minutes": 2400}
    return {
        "format": "infradesk",
        "version": 1,
        "projects": [
            {
                "name": "Tracked",
                "start": "2026-01-05T08:00",
                "status_date": STATUS,
                "tasks": [
                    {
                        **task,
                        "id": 1,
                        "name": "Survey",
                        "percent_complete": 100,
                        "actual_start": "2026-01-05T08:00",
                        "actual_finish": "2026-01-07T17:00",  # finished early, 3 days
                        "cost": "1000.00",
                        "actual_cost": "900.00",
                    },
                    {
                        **task,
                        "id": 2,
                        "name": "Install",
                        "percent_complete": 40,
                        "actual_start": "2026-01-12T08:00",  # started late
                        "cost": "5000.00",
                        "actual_cost": "2500.00",
                        "predecessors": [{"task": 1}],
                    },
                    {
                        **task,
                        "id": 3,
                        "name": "Cable",
                        "constraint_type": "MSO",
                        "constraint_date": "2026-01-26T08:00",
                        "cost": "2000.00",
                    },
                    {
                        **task,
                        "id": 4,
                        "name": "Test",
                        "start_no_earlier_than": "2026-02-02T08:00",
                        "predecessors": [{"task": 2}, {"task": 3}],
                    },
                ],
                "baselines": [
                    {
                        "name": "Approved",
                        "created": "2026-01-02T09:00",
                        "for_earned_value": True,
                        "tasks": [
                            {
                                "task": 1,
                                "start": "2026-01-05T08:00",
                                "finish": "2026-01-09T17:00",
                                "duration_minutes": 2400,
                                "cost": "1000.00",
                            },
                            {
                                "task": 2,
                                "start": "2026-01-12T08:00",
                                "finish": "2026-01-16T17:00",
                                "duration_minutes": 2400,
                                "cost": "5000.00",
                            },
                        ],
                    }
                ],
                "vendors": [
                    {
                        "name": "Cabling Co",
                        "orders": [{"id": 1, "number": "PO-1", "amount": "800.00", "task": 2}],
                    }
                ],
            }
        ],
    }


def test_progress_is_stored_and_exported_unchanged(workspace: Workspace) -> None:
    with workspace.session() as session:
        (project_id,) = import_document(session, _document())
    with workspace.read_session() as session:
        rows = {
            t.name: t for t in session.scalars(select(Task).where(Task.project_id == project_id))
        }
        order = session.scalars(select(PurchaseOrder)).one()
        assert order.task_id == rows["Install"].id
        exported = export_document(session)
    survey, install = rows["Survey"], rows["Install"]
    # the finished task keeps its actuals as its dates; the one in progress its actual start
    assert (survey.start, survey.finish) == (datetime(2026, 1, 5, 8), datetime(2026, 1, 7, 17))
    assert install.start == datetime(2026, 1, 12, 8)
    assert (survey.cost, survey.actual_cost) == (Decimal("1000.00"), Decimal("900.00"))
    assert (rows["Cable"].constraint_type, rows["Test"].constraint_type) == ("MSO", "SNET")
    assert rows["Cable"].start == datetime(2026, 1, 26, 8)
    assert rows["Test"].start_no_earlier_than is None  # the old column is no longer written

    (project,) = exported["projects"]
    assert project["status_date"] == STATUS and project["reschedule_after_status"] is True
    tasks = {t["name"]: t for t in project["tasks"]}
    assert tasks["Survey"]["actual_finish"] == "2026-01-07T17:00"
    assert tasks["Install"]["remaining_minutes"] == 2400 - 960
    assert (tasks["Test"]["constraint_type"], tasks["Test"]["constraint_date"]) == (
        "SNET",
        "2026-02-02T08:00",
    )
    assert project["vendors"][0]["orders"][0]["task"] == tasks["Install"]["id"]
    (baseline,) = project["baselines"]
    assert baseline["for_earned_value"] is True
    assert [row["cost"] for row in baseline["tasks"]] == ["1000.00", "5000.00"]
    ev = project["earned_value"]
    assert ev["status_date"] == STATUS and ev["baseline"] == "Approved"
    assert ev["bac"] == "6000.00" and ev["ev"] == "3000.00"  # 1000 x 100 % + 5000 x 40 %
    # actual cost: the tasks' own (900 + 2500) and the order's invoices (none yet)
    assert ev["ac"] == "3400.00" and ev["cv"] == "-400.00"
    assert isinstance(ev["cpi"], float) and abs(ev["cpi"] - 3000 / 3400) < 1e-4
    assert Decimal(ev["sv"]) == Decimal(ev["ev"]) - Decimal(ev["pv"])

    # what was exported imports back and exports the same again (computed values aside)
    with workspace.session() as session:
        import_document(session, exported, project_name="Again")
    with workspace.read_session() as session:
        again = export_document(session, ["Again"])["projects"][0]
    for key in ("tasks", "baselines", "status_date", "reschedule_after_status"):
        assert again[key] == project[key], key
    assert again["earned_value"] == ev
    typed = document_to_json(document_from_json(exported))
    assert typed["projects"][0]["tasks"] == project["tasks"]
