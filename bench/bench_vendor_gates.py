"""Cost of delivery gating in the scheduler, and of the Vendors tab's queries.

A generated 10,000-task plan gets 200 vendors with 5 contracts, 10 orders and 10 deliveries
each (2,000 deliveries gating random leaf tasks). Prints the best of N runs in milliseconds:
``plan_input_for`` (which loads the gates), ``delivery_gates`` alone, a full reschedule, the
attention panel, the master list and the spend report.

Run: ``.venv/bin/python bench/bench_vendor_gates.py [--tasks 10000] [--repeat 3]``
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_plan import generate_document

from infradesk.services.documents.io import import_document
from infradesk.services.plan import scheduling
from infradesk.services.vendors.gates import delivery_gates
from infradesk.services.vendors.money import spend_report
from infradesk.services.vendors.queries import (
    attention_items,
    load_overview,
    load_vendor_rows,
)
from infradesk.store.workspace import Workspace


def add_vendors(document: dict[str, Any], vendors: int, seed: int = 3) -> None:
    rng = random.Random(seed)
    project = document["projects"][0]
    parents = {t["parent"] for t in project["tasks"] if t.get("parent")}
    leaves = [t["id"] for t in project["tasks"] if t["id"] not in parents]
    start = date(2026, 1, 5)
    project["budget"] = [
        {"id": n, "category": "hardware", "amount": "1000000.00"} for n in range(1, 11)
    ]
    contract_id = order_id = 0
    items = []
    for v in range(vendors):
        contracts, orders, deliveries = [], [], []
        for _ in range(5):
            contract_id += 1
            end = start + timedelta(days=rng.randint(30, 900))
            contracts.append(
                {
                    "id": contract_id,
                    "number": f"C-{contract_id}",
                    "value": "50000.00",
                    "start": start.isoformat(),
                    "end": end.isoformat(),
                    "notice_months": rng.choice([0, 1, 3]),
                    "notice_days": rng.choice([0, 30]),
                }
            )
        for _ in range(10):
            order_id += 1
            orders.append(
                {
                    "id": order_id,
                    "number": f"PO-{order_id}",
                    "amount": "7000.00",
                    "contract": rng.randint(contract_id - 4, contract_id),
                    "budget_line": rng.randint(1, 10),
                    "status": "ordered",
                    "invoiced": "1000.00",
                    "paid": "500.00",
                }
            )
        for _ in range(10):
            promised = start + timedelta(days=rng.randint(0, 400))
            deliveries.append(
                {
                    "description": "kit",
                    "promised": promised.isoformat(),
                    "order": rng.randint(order_id - 9, order_id),
                    "task": rng.choice(leaves),
                }
            )
        items.append(
            {
                "name": f"Vendor {v:03d}",
                "contracts": contracts,
                "orders": orders,
                "deliverables": deliveries,
            }
        )
    project["vendors"] = items


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        fn()
        times.append((time.perf_counter() - began) * 1000)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--vendors", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    document = generate_document(args.tasks)
    add_vendors(document, args.vendors)
    with tempfile.TemporaryDirectory() as folder:
        workspace = Workspace.create(Path(folder) / "bench.infradesk")
        began = time.perf_counter()
        with workspace.session() as session:
            project_id = import_document(session, document)[0]
        print(
            f"import with {args.vendors * 10} deliveries: "
            f"{(time.perf_counter() - began) * 1000:8.1f} ms"
        )
        today = date(2026, 6, 1)
        with workspace.session() as session:
            calendar = scheduling.calendar_of(session, project_id)
            gates = delivery_gates(session, project_id, calendar)
            print(f"gated tasks: {len(gates)}")
            for label, fn in [
                ("delivery_gates", lambda: delivery_gates(session, project_id, calendar)),
                (
                    "plan_input_for (with gates)",
                    lambda: scheduling.plan_input_for(session, project_id),
                ),
                ("reschedule", lambda: scheduling.reschedule(session, project_id)),
                ("attention_items", lambda: attention_items(session, project_id, today)),
                ("load_vendor_rows", lambda: load_vendor_rows(session, project_id, today)),
                ("spend_report", lambda: spend_report(session, project_id)),
                ("load_overview (tab reload)", lambda: load_overview(session, project_id, today)),
            ]:
                print(f"{label:30s} {best(fn, args.repeat):8.1f} ms")
        workspace.close()


if __name__ == "__main__":
    main()
