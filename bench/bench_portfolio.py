"""Time the Portfolio tab on a big workspace: 50 projects x 2,000 tasks.

    .venv/bin/python bench/bench_portfolio.py [--projects 50] [--tasks 2000] [--path FILE]

The workspace is built once (Core bulk inserts) into ``/tmp/bench-portfolio-50x2000.infradesk``
and reused by later runs. Prints: the portfolio rows computed (``portfolio_rows``, the service
the tab calls), and the tab shown and painted offscreen (rows loaded, model filled, one frame
grabbed). Target: the tab opens in under 1 s.
"""

from __future__ import annotations

import argparse
import os
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import insert

from infradesk.model import Baseline, BaselineTask, BudgetLine, Project, Risk, Task
from infradesk.model.governance import ActionItem, ChangeWindow
from infradesk.services.governance.portfolio import portfolio_rows
from infradesk.store.workspace import Workspace

AS_OF = date(2026, 6, 1)


def build(path: Path, projects: int, size: int) -> None:
    """Projects of ``size`` tasks (phases of 20 with a milestone each), a baseline with costs
    and slips, progress, 30 risks, a budget line, actions and a shared freeze window."""
    workspace = Workspace.create(path)
    t0 = datetime(2026, 1, 5, 8)
    task_id = 0
    with workspace.session() as session:
        for p in range(projects):
            project = Project(
                name=f"Wave {p + 1:02d}",
                start=t0,
                manager=f"PM {p % 7}",
                status_date=datetime.combine(AS_OF, datetime.min.time()),
            )
            session.add(project)
            session.flush()
            tasks: list[dict] = []
            base: list[dict] = []
            phase_id = 0
            for n in range(size):
                task_id += 1
                if n % 20 == 0:
                    phase_id = task_id
                    tasks.append(
                        dict(
                            id=task_id,
                            project_id=project.id,
                            parent_id=None,
                            position=n,
                            name=f"Phase {n // 20}",
                            start=t0,
                            finish=t0 + timedelta(days=300),
                            duration_minutes=0,
                        )
                    )
                    continue
                start = t0 + timedelta(days=(n * 300) // size)
                milestone = n % 20 == 19
                finish = start + timedelta(days=0 if milestone else 4)
                percent = 100 if start.date() < AS_OF - timedelta(days=10) else 0
                cost = Decimal(0 if milestone else 1000 + 10 * (n % 50))
                tasks.append(
                    dict(
                        id=task_id,
                        project_id=project.id,
                        parent_id=phase_id,
                        position=n,
                        name=f"Task {n} – migrate rack {n % 97}",
                        start=start,
                        finish=finish,
                        duration_minutes=0 if milestone else 4 * 480,
                        milestone=milestone,
                        percent_complete=percent,
                        actual_start=start if percent else None,
                        actual_finish=finish if percent == 100 else None,
                        cost=cost,
                        actual_cost=cost * percent * (95 + (n + p) % 15) / 10000,
                    )
                )
                base.append(
                    dict(
                        task_id=task_id,
                        start=start - timedelta(days=(n + p) % 4),
                        finish=finish - timedelta(days=(n + p) % 4),
                        duration_minutes=0 if milestone else 4 * 480,
                        cost=cost,
                    )
                )
            session.execute(insert(Task), tasks)
            baseline = Baseline(project_id=project.id, name="B1", created_at=t0)
            session.add(baseline)
            session.flush()
            session.execute(
                insert(BaselineTask), [dict(row, baseline_id=baseline.id) for row in base]
            )
            session.execute(
                insert(Risk),
                [
                    dict(
                        project_id=project.id,
                        code=f"R-{n:03d}",
                        title=f"Risk {n}",
                        probability=1 + (n + p) % 5,
                        impact=1 + (n * 3) % 5,
                        status="open",
                    )
                    for n in range(30)
                ],
            )
            session.add(
                BudgetLine(project_id=project.id, category="labour", amount=Decimal(1_500_000))
            )
            session.execute(
                insert(ActionItem),
                [
                    dict(
                        project_id=project.id,
                        code=f"AC-{n:03d}",
                        title=f"Action {n}",
                        owner="PM",
                        due=AS_OF + timedelta(days=n - 5),
                        status="open",
                    )
                    for n in range(10)
                ],
            )
        session.add(
            ChangeWindow(
                name="Quarter-end freeze",
                kind="freeze",
                start=datetime(2026, 6, 25),
                finish=datetime(2026, 7, 3),
            )
        )
    workspace.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=50)
    parser.add_argument("--tasks", type=int, default=2000)
    parser.add_argument("--path", type=Path, default=None)
    args = parser.parse_args()
    path = args.path or Path(f"/tmp/bench-portfolio-{args.projects}x{args.tasks}.infradesk")
    if not path.exists():
        t = time.perf_counter()
        build(path, args.projects, args.tasks)
        print(f"built {path} in {time.perf_counter() - t:.1f} s")
    workspace = Workspace.open(path)
    try:
        times = []
        for _ in range(3):
            t = time.perf_counter()
            rows = portfolio_rows(workspace, today=AS_OF)
            times.append(time.perf_counter() - t)
        print(
            f"portfolio rows ({len(rows)} projects): first {times[0] * 1000:.0f} ms, "
            f"best {min(times) * 1000:.0f} ms"
        )
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtWidgets import QApplication  # lazy: the bench times the core first

        from infradesk.ui.context import AppContext  # lazy: the bench times the core first
        from infradesk.ui.portfolio.tab import PortfolioTab  # lazy: the bench times the core first

        app = QApplication.instance() or QApplication([])
        context = AppContext(workspace)
        t = time.perf_counter()
        tab = PortfolioTab(context, today=AS_OF)
        tab.resize(1400, 800)
        tab.show()  # the tab reads its rows when shown
        app.processEvents()
        tab.grab()
        shown = time.perf_counter() - t
        assert tab.model.rowCount() == len(rows)
        print(f"tab shown and painted offscreen: {shown * 1000:.0f} ms (target < 1000 ms)")
        tab.close()
    finally:
        workspace.close()


if __name__ == "__main__":
    main()
