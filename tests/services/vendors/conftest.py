"""A small project with vendors whose dates are fixed, so every test knows what to expect.

Plan (Mon-Fri 08-12/13-17, project start Mon 2026-03-02 08:00):
  1 Design       5d
  2 Install      3d  after 1      (gated by the switch delivery in the tests that say so)
  3 Long build  10d  (no predecessor: the critical path without gates)
  4 Done         0d  after 2; 3
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from infradesk.services.documents.io import import_document

TODAY = date(2026, 3, 16)  # a Monday, two weeks into the project


def vendor_document(**overrides: Any) -> dict[str, Any]:
    project: dict[str, Any] = {
        "name": "Vendor test",
        "currency": "EUR",
        "start": "2026-03-02T08:00",
        "tasks": [
            {"id": 1, "name": "Design", "duration": "5d"},
            {"id": 2, "name": "Install", "duration": "3d", "predecessors": [{"task": 1}]},
            {"id": 3, "name": "Long build", "duration": "10d"},
            {
                "id": 4,
                "name": "Done",
                "duration": "0d",
                "milestone": True,
                "predecessors": [{"task": 2}, {"task": 3}],
            },
        ],
        "budget": [
            {"id": 1, "category": "hardware", "description": "Switches", "amount": "100000.00"},
            {"id": 2, "category": "services", "description": "Install", "amount": "20000"},
        ],
        "vendors": [
            {
                "name": "NetSource",
                "category": "hardware",
                "account_number": "NS-1",
                "website": "https://netsource.example",
                "notes": "reseller",
                "contacts": [
                    {
                        "name": "Jo",
                        "role": "Account manager",
                        "email": "jo@ns.example",
                        "phone": "+49 1",
                        "account_manager": True,
                    },
                    {"name": "Max", "role": "Logistics", "email": "", "phone": ""},
                ],
                "scores": [
                    {
                        "date": "2026-02-01",
                        "quality": 4,
                        "timeliness": 2,
                        "responsiveness": 3,
                        "commercial": 5,
                        "note": "slow",
                    },
                    {
                        "date": "2026-03-01",
                        "quality": 5,
                        "timeliness": 4,
                        "responsiveness": 4,
                        "commercial": 4,
                        "note": "better",
                    },
                ],
                "contracts": [
                    {
                        "id": 1,
                        "number": "FA-1",
                        "title": "Framework",
                        "type": "framework",
                        "value": "100000.00",
                        "currency": "EUR",
                        "start": "2026-01-01",
                        "end": "2026-06-30",
                        "notice_months": 3,
                        "renewal": "automatic",
                        "sla": {"availability": "99.95", "response": "4 h", "resolution": "NBD"},
                        "status": "active",
                        "document": "contracts/FA-1.pdf",
                    },
                    {
                        "id": 2,
                        "number": "OLD-7",
                        "title": "Old support",
                        "type": "maintenance",
                        "value": "5000",
                        "currency": "EUR",
                        "start": "2025-01-01",
                        "end": "2026-03-01",
                        "notice_days": 30,
                        "status": "active",
                    },
                ],
                "orders": [
                    {
                        "id": 1,
                        "number": "PO-1",
                        "description": "Switches",
                        "contract": 1,
                        "budget_line": 1,
                        "amount": "80000.10",
                        "currency": "EUR",
                        "order_date": "2026-03-02",
                        "due_date": "2026-03-20",
                        "status": "ordered",
                        "invoiced": "40000.05",
                        "paid": "20000.02",
                    },
                    {
                        "id": 2,
                        "number": "PO-2",
                        "description": "Optics",
                        "contract": 1,
                        "budget_line": 1,
                        "amount": "30000.00",
                        "currency": "EUR",
                        "status": "awaiting approval",
                    },
                    {
                        "id": 3,
                        "number": "PO-3",
                        "description": "Cancelled",
                        "contract": 1,
                        "amount": "99999.00",
                        "status": "cancelled",
                        "invoiced": "1",
                    },
                    {
                        "id": 4,
                        "number": "PO-4",
                        "description": "US spares",
                        "amount": "1000.00",
                        "currency": "USD",
                        "status": "paid",
                        "invoiced": "1000.00",
                        "paid": "1000.00",
                    },
                ],
                "deliverables": [
                    {
                        "description": "2x core switch",
                        "quantity": 2,
                        "order": 1,
                        "promised": "2026-03-25",
                        "status": "ordered",
                        "task": 2,
                    },
                    {
                        "description": "Optics",
                        "quantity": 40,
                        "order": 2,
                        "promised": "2026-03-10",
                        "status": "shipped",
                    },
                    {
                        "description": "Rails",
                        "quantity": 4,
                        "promised": "2026-03-09",
                        "actual": "2026-03-09",
                        "status": "delivered",
                    },
                ],
            },
            {"name": "EmptyCo", "category": "no such category"},
        ],
    }
    project.update(overrides)
    return {"format": "infradesk", "version": 1, "projects": [project]}


@pytest.fixture
def vendor_project(workspace) -> int:
    with workspace.session() as session:
        return import_document(session, vendor_document())[0]
