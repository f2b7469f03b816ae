"""Cross-project rescheduling on a big workspace: 50 projects x 2,000 tasks, chained.

Each project's last task depends (FS) on the previous project's last task, so one edit of
project 1's last task moves all 49 others. Times, as the Gantt runs it (one undoable command,
one transaction; the compiled plans kept between edits):

* the whole command of an edit whose slip crosses every project boundary, and the part of it
  spent rescheduling the 49 downstream projects (the propagation);
* an edit in project 1 whose slip stays inside it.

Run: ``python bench/bench_cross_project.py [projects] [tasks]``.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from itertools import pairwise
from pathlib import Path

from sqlalchemy import func, insert, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.generate_plan import generate_document
from infradesk.model import CrossLink, Dependency, Project, Task
from infradesk.services.documents.io import import_document
from infradesk.services.plan import propagation
from infradesk.services.plan.field_edits import UpdateTask
from infradesk.services.plan.propagation import reschedule_all
from infradesk.store.workspace import Workspace

TARGET_MS = 100.0


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def build(workspace: Workspace, projects: int, tasks: int) -> list[tuple[int, int]]:
    """The chained workspace; per project (id, its last-finishing leaf task)."""
    chain: list[tuple[int, int]] = []
    for number in range(1, projects + 1):
        # the same plan in every project: each last task waits for the previous project's
        # (FS), so the gate binds and a slip crosses every boundary
        document = generate_document(tasks, seed=1)
        part = document["projects"][0]
        part["name"] = f"Wave {number}"
        part["start"] = "2026-03-02T08:00"
        with workspace.session() as s:
            [project_id] = import_document(s, document)
            s.commit()
        with workspace.session() as s:
            has_kids = select(Task.parent_id).where(
                Task.project_id == project_id, Task.parent_id.is_not(None)
            )
            last = s.scalar(
                select(Task.id)
                .where(Task.project_id == project_id, Task.id.not_in(has_kids))
                .order_by(Task.finish.desc(), Task.id.desc())
                .limit(1)
            )
            assert last is not None
            chain.append((project_id, last))
    with workspace.session() as s:
        s.execute(
            insert(CrossLink),
            [
                {"predecessor_id": a, "successor_id": b, "type": "FS", "lag_minutes": 0}
                for (_pa, a), (_pb, b) in pairwise(chain)
            ],
        )
        reschedule_all(s)
        s.commit()
    return chain


def timed_propagation() -> list[float]:
    """Wrap ``Propagation.run`` so each edit's downstream time is recorded."""
    times: list[float] = []
    original = propagation.Propagation.run

    def run(self: propagation.Propagation, moved: dict | None = None) -> list[int]:
        start = time.perf_counter()
        try:
            return original(self, moved)
        finally:
            times.append(time.perf_counter() - start)

    propagation.Propagation.run = run  # type: ignore[method-assign]
    return times


def quiet_task(workspace: Workspace, project_id: int, last: int) -> int:
    """A leaf of the project with no successor inside it and not the chained one: a longer
    duration moves nothing outside the project."""
    with workspace.session() as s:
        has_kids = select(Task.parent_id).where(Task.parent_id.is_not(None))
        has_succs = select(Dependency.predecessor_id)
        task = s.scalar(
            select(Task.id)
            .where(
                Task.project_id == project_id,
                Task.id != last,
                Task.id.not_in(has_kids),
                Task.id.not_in(has_succs),
                Task.percent_complete < 100,
            )
            .order_by(Task.finish)
            .limit(1)
        )
        assert task is not None
        return task


def main() -> None:
    projects = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    tasks = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    with tempfile.TemporaryDirectory() as folder:
        workspace = Workspace.create(Path(folder) / "bench.infradesk")
        started = time.perf_counter()
        chain = build(workspace, projects, tasks)
        with workspace.session() as s:
            count = s.scalar(select(func.count(Task.id)))
            project_count = s.scalar(select(func.count(Project.id)))
        print(f"workspace: {project_count} projects, {count} tasks, {len(chain) - 1} cross links "
              f"(built in {time.perf_counter() - started:.1f} s)")  # fmt: skip
        first, last = chain[0]
        durations = {}
        with workspace.session() as s:
            durations[last] = s.scalar(select(Task.duration_minutes).where(Task.id == last))
        propagated = timed_propagation()
        # the first edit compiles every project's plan (the Gantt keeps them between edits)
        warm = time.perf_counter()
        UpdateTask(first, last, {"duration_minutes": durations[last] + 480}).apply(workspace)
        print(f"first edit (compiles {projects} plans): {ms(time.perf_counter() - warm)}")
        whole: list[float] = []
        downstream: list[float] = []
        moved_projects = 0
        for round_number in range(6):
            extra = 480 * (2 + round_number % 2)
            edit = UpdateTask(first, last, {"duration_minutes": durations[last] + extra})
            propagated.clear()
            start = time.perf_counter()
            changes = edit.apply(workspace)
            whole.append(time.perf_counter() - start)
            downstream.append(sum(propagated))
            moved_projects = len(changes.other_project_ids)
        print(f"edit crossing {moved_projects} project boundaries: command median "
              f"{ms(statistics.median(whole))} (min {ms(min(whole))}), of which rescheduling "
              f"the downstream projects {ms(statistics.median(downstream))}")  # fmt: skip
        # the everyday case: an edit in one project moves the one project that waits for it
        near, near_last = chain[-2]
        with workspace.session() as s:
            near_base = s.scalar(select(Task.duration_minutes).where(Task.id == near_last)) or 0
        one_hop: list[float] = []
        one_hop_down: list[float] = []
        hops = 0
        for round_number in range(6):
            extra = 480 * (1 + round_number % 2)
            edit = UpdateTask(near, near_last, {"duration_minutes": near_base + extra})
            propagated.clear()
            start = time.perf_counter()
            changes = edit.apply(workspace)
            one_hop.append(time.perf_counter() - start)
            one_hop_down.append(sum(propagated))
            hops = len(changes.other_project_ids)
        print(f"edit crossing {hops} project boundary: command median "
              f"{ms(statistics.median(one_hop))} (min {ms(min(one_hop))}), of which rescheduling "
              f"the downstream project {ms(statistics.median(one_hop_down))}")  # fmt: skip
        quiet = quiet_task(workspace, first, last)
        with workspace.session() as s:
            base = s.scalar(select(Task.duration_minutes).where(Task.id == quiet)) or 0
        inside: list[float] = []
        crossed = set()
        for round_number in range(6):
            edit = UpdateTask(first, quiet, {"duration_minutes": base + 30 * (1 + round_number)})
            start = time.perf_counter()
            changes = edit.apply(workspace)
            inside.append(time.perf_counter() - start)
            crossed |= changes.other_project_ids
        print(f"edit staying inside project 1 (crossed: {len(crossed)}): command median "
              f"{ms(statistics.median(inside))} (min {ms(min(inside))})")  # fmt: skip
        for label, times in (("one boundary", one_hop), ("every boundary", whole)):
            verdict = "met" if statistics.median(times) < TARGET_MS / 1000 else "MISSED"
            print(f"target < {TARGET_MS:.0f} ms for an edit crossing {label}: {verdict}")
        workspace.close()


if __name__ == "__main__":
    main()
