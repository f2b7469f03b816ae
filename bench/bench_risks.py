"""How fast the RAID log loads, exports and fills the Risks tab with a big register.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_risks.py [risks]
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(count: int) -> None:
    from infradesk.model import Project, Risk, RiskAction, RiskHistory, Task
    from infradesk.model.risk import RiskTask
    from infradesk.services.documents.io import export_document, import_document
    from infradesk.services.risks import queries as risk_service
    from infradesk.store.workspace import Workspace

    folder = Path(tempfile.mkdtemp())
    workspace = Workspace.create(folder / "bench.infradesk")
    start = time.perf_counter()
    with workspace.session() as session:
        project = Project(name="Bench", currency="EUR", start=datetime(2026, 1, 5, 8), manager="")
        session.add(project)
        session.flush()
        tasks = [
            Task(project_id=project.id, position=n, name=f"Task {n}", duration_minutes=480)
            for n in range(200)
        ]
        session.add_all(tasks)
        session.flush()
        for n in range(count):
            risk = Risk(
                project_id=project.id,
                code=f"R-{n + 1:04d}",
                title=f"Risk {n}",
                probability=n % 5 + 1,
                impact=(n // 5) % 5 + 1,
                cost_impact=Decimal(1000 * n),
                raised=date(2026, 1, 5),
                next_review=date(2026, 3, 1),
            )
            session.add(risk)
            session.flush()
            session.add_all(
                [RiskAction(risk_id=risk.id, description="act", due=date(2026, 2, 1))] * 1
                + [RiskTask(risk_id=risk.id, task_id=tasks[n % 200].id)]
                + [
                    RiskHistory(
                        risk_id=risk.id,
                        changed_on=date(2026, 1, 5) + timedelta(days=k),
                        probability=risk.probability,
                        impact=risk.impact,
                        status="identified",
                    )
                    for k in range(3)
                ]
            )
        project_id = project.id
    print(f"build {count} risks: {time.perf_counter() - start:.2f} s")

    with workspace.session() as session:
        start = time.perf_counter()
        rows = risk_service.load_risks(session, project_id, since=date(2026, 1, 6))
        print(f"load_risks ({len(rows)} rows, with trend): {time.perf_counter() - start:.3f} s")
        start = time.perf_counter()
        risk_service.trend_since(session, project_id, date(2026, 1, 6))
        risk_service.heat_map(session, project_id)
        risk_service.risk_markers(session, project_id)
        print(f"trend + heat map + markers: {time.perf_counter() - start:.3f} s")
        start = time.perf_counter()
        document = export_document(session, computed=False)
        print(f"JSON export: {time.perf_counter() - start:.3f} s")
        start = time.perf_counter()
        import_document(session, document, project_name="Copy")
        print(f"JSON import: {time.perf_counter() - start:.3f} s")

    from PySide6.QtWidgets import QApplication

    from infradesk.ui.context import AppContext
    from infradesk.ui.risks.tab import RisksTab

    app = QApplication.instance() or QApplication([])
    context = AppContext(workspace)
    tab = RisksTab(context)
    start = time.perf_counter()
    context.set_project(project_id)
    print(f"Risks tab first fill: {time.perf_counter() - start:.3f} s")
    start = time.perf_counter()
    tab.risks.search.setText("risk 1")
    print(
        f"search filter: {time.perf_counter() - start:.3f} s ({tab.risks.proxy.rowCount()} shown)"
    )
    tab.close()
    app.processEvents()
    workspace.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
