"""Time the weekly status report and the Gantt export on generated plans.

    .venv/bin/python bench/bench_report.py [--sizes 1000,10000]

Prints, per plan size: building the workspace (not part of the target), gathering the report
data, rendering the PDF, and the whole-plan Gantt export (fit to width). Targets: report under
1 s for 1,000 tasks and under 3 s for 10,000.
"""

from __future__ import annotations

import argparse
import itertools
import tempfile
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from infradesk.model import Baseline, BaselineTask, Dependency, Project, Risk, Task
from infradesk.report.data import ReportOptions
from infradesk.report.gantt_export import export_gantt_pdf
from infradesk.report.status_report import render_status_report
from infradesk.services.status.facts import gather_gantt_data
from infradesk.services.status.report import gather_report_data
from infradesk.store.workspace import Workspace

AS_OF = date(2026, 6, 1)


def build(path: Path, size: int) -> int:
    """Phases of 20 tasks in chains, a milestone per phase, a baseline with costs, progress
    with actual dates and actual costs (earned value, late tasks), 60 risks."""
    workspace = Workspace.create(path)
    t0 = datetime(2026, 1, 5, 8)
    with workspace.session() as session:
        project = Project(
            name=f"Bench {size}",
            start=t0,
            manager="Bench",
            status_date=datetime.combine(AS_OF, datetime.min.time()),
        )
        session.add(project)
        session.flush()
        tasks: list[Task] = []
        phase = None
        for n in range(size):
            if n % 20 == 0:
                phase = Task(
                    project_id=project.id,
                    name=f"Phase {n // 20}",
                    position=n,
                    start=t0,
                    finish=t0 + timedelta(days=300),
                )
                session.add(phase)
                session.flush()
            start = t0 + timedelta(days=(n * 300) // size)
            milestone = n % 20 == 19
            finish = start + timedelta(days=0 if milestone else 4)
            percent = (
                100
                if start.date() < AS_OF - timedelta(days=10)
                else 30
                if start.date() < AS_OF
                else 0
            )
            cost = Decimal(0 if milestone else 1000 + 10 * (n % 50))
            task = Task(
                project_id=project.id,
                parent_id=phase.id,
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
                actual_cost=cost * percent * (95 + n % 15) / 10000,
                owner=f"Team {n % 7}",
            )
            tasks.append(task)
        session.add_all(tasks)
        session.flush()
        session.add_all(
            Dependency(project_id=project.id, predecessor_id=a.id, successor_id=b.id)
            for a, b in itertools.pairwise(tasks)
            if a.parent_id == b.parent_id
        )
        baseline = Baseline(project_id=project.id, name="B1", created_at=t0)
        session.add(baseline)
        session.flush()
        session.add_all(
            BaselineTask(
                baseline_id=baseline.id,
                task_id=t.id,
                start=t.start,
                finish=t.finish - timedelta(days=n % 3),
                duration_minutes=t.duration_minutes,
                cost=t.cost,
            )
            for n, t in enumerate(tasks)
        )
        session.add_all(
            Risk(
                project_id=project.id,
                code=f"R-{n:03d}",
                title=f"Risk {n}",
                probability=1 + n % 5,
                impact=1 + (n * 3) % 5,
                status="open",
            )
            for n in range(60)
        )
        project_id = project.id
    workspace.close()
    return project_id


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000")
    args = parser.parse_args()
    print(
        f"{'tasks':>7} {'build':>7} {'gather':>7} {'render':>7} {'report':>7} "
        f"{'pages':>5} {'gantt':>7} {'g.pages':>7}"
    )
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "bench.infradesk"
            t = time.perf_counter()
            project_id = build(path, size)
            built = time.perf_counter() - t
            workspace = Workspace.open(path)
            t = time.perf_counter()
            with workspace.session() as session:
                data = gather_report_data(session, project_id, AS_OF, ReportOptions())
            gathered = time.perf_counter() - t
            t = time.perf_counter()
            render_status_report(data, Path(folder) / "report.pdf")
            rendered = time.perf_counter() - t
            import pypdf

            pages = len(pypdf.PdfReader(Path(folder) / "report.pdf").pages)
            t = time.perf_counter()
            with workspace.session() as session:
                gantt = gather_gantt_data(session, project_id)
            gantt_pages = export_gantt_pdf(gantt, Path(folder) / "gantt.pdf", fit="width")
            gantt_time = time.perf_counter() - t
            workspace.close()
        print(
            f"{size:>7} {built:>6.2f}s {gathered:>6.2f}s {rendered:>6.2f}s "
            f"{gathered + rendered:>6.2f}s {pages:>5} {gantt_time:>6.2f}s {gantt_pages:>7}"
        )


if __name__ == "__main__":
    main()
