"""The queries an indent and an outdent run to find a task's neighbours among its siblings,
alone, with the task table's sibling index ``(project_id, parent_id, position)`` and without
it (dropped in the same file: the "before" of migration 0015).

Run: ``.venv/bin/python bench/bench_sibling_index.py [--sizes 10000 100000] [--repeat 51]``

Two projects of ``size`` tasks each: one flat (every task at the top level, ``parent_id``
NULL) and one whose tasks are all children of one summary. For the last task of each, the
sibling above (what indent reads), the largest position under a parent (where the indented
task goes) and a whole indent (read, write, rolled back). CPU milliseconds, the median of
``--repeat`` runs (a shared machine: CPU, medians). Prints one line per size and query.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import Select, insert, select, text
from sqlalchemy.orm import Session

from infradesk.model import Calendar, Project, Task
from infradesk.model.project import TASK_SIBLING_INDEX
from infradesk.services.plan.outline_moves import OutlineMoves, _before
from infradesk.store.workspace import Workspace


def cpu_ms(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.process_time()
        action()
        times.append((time.process_time() - started) * 1000)
    return statistics.median(times)


def add_project(session: Session, name: str, size: int, under_summary: bool) -> tuple[int, int]:
    """A project of ``size`` tasks, at the top level or all under one summary; its id and the
    id of its last task."""
    project = Project(name=name, start=datetime(2026, 1, 5, 8, 0))
    project.calendar = Calendar(holiday_country="DE")
    session.add(project)
    session.flush()
    parent = None
    if under_summary:
        summary = Task(project_id=project.id, name="Summary", position=0)
        session.add(summary)
        session.flush()
        parent = summary.id
    rows = [
        dict(project_id=project.id, parent_id=parent, position=k, name=f"Task {k}")
        for k in range(size)
    ]
    ids = list(session.scalars(insert(Task).returning(Task.id), rows))
    return project.id, max(ids)


def above(session: Session, project_id: int, task_id: int) -> Select[tuple[int, int]]:
    """The statement indent runs for the sibling above ``task_id`` (the service's own
    helpers, private to it, so the bench times exactly what it runs)."""
    moves = OutlineMoves(session, project_id)
    parent, position = moves._row(task_id)
    return moves._siblings(parent, _before(position, task_id), descending=True).limit(1)


def indent_rolled_back(session: Session, project_id: int, task_id: int) -> None:
    OutlineMoves(session, project_id).indent(task_id)
    session.rollback()


def measure(session: Session, size: int, repeat: int, cases: dict[str, tuple[int, int]]) -> None:
    for label, (project_id, last) in cases.items():
        statement = above(session, project_id, last)
        parent = session.scalar(select(Task.parent_id).where(Task.id == last))
        queries: dict[str, Callable[[], object]] = {
            "sibling above": lambda s=statement: session.execute(s).first(),
            "indent (rolled back)": lambda p=project_id, t=last: indent_rolled_back(session, p, t),
        }
        if parent is not None:
            moves = OutlineMoves(session, project_id)
            queries["last position"] = lambda m=moves, p=parent: m._last_position(p)
        for name, action in queries.items():
            print(f"  {size:>7,}  {label:<14} {name:<22} {cpu_ms(action, repeat):8.3f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=51)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            workspace = Workspace.create(Path(folder) / f"siblings-{size}.infradesk")
            with workspace.session() as session:
                cases = {
                    "top level": add_project(session, "Flat", size, under_summary=False),
                    "under summary": add_project(session, "Summary", size, under_summary=True),
                }
            with Session(workspace.engine) as session:  # not workspace.session(): rollbacks
                print(f"with {TASK_SIBLING_INDEX}:")
                measure(session, size, args.repeat, cases)
                session.execute(text(f"DROP INDEX {TASK_SIBLING_INDEX}"))
                session.commit()
                print("without it:")
                measure(session, size, args.repeat, cases)
            workspace.close()


if __name__ == "__main__":
    main()
