"""Time resources and assignments through import and the MSPDI writer and reader (issue 18).

Run: ``.venv/bin/python bench/bench_resource_interchange.py [task counts...]`` (default 10000).
A generated plan gets 200 resources (a tenth on their own calendar with leave) and one or two
assignments per leaf task; prints the import into a fresh workspace (pool matched and created,
assignments bulk-inserted), the JSON export, and the MSPDI write and read.
"""

from __future__ import annotations

import dataclasses
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generate_plan import generate_document

from infradesk.interchange import document as d
from infradesk.interchange.json_document import document_from_json
from infradesk.interchange.mspdi import read_mspdi, write_mspdi
from infradesk.services.documents.io import export_document, import_document
from infradesk.store.workspace import Workspace

RESOURCES = 200


def with_pool(document: d.Document, seed: int = 11) -> d.Document:
    rng = random.Random(seed)
    night = d.BaseCalendar("Night shift", (0, 1, 2, 3, 4), ((1320, 1440),))
    pool = []
    for number in range(RESOURCES):
        days: tuple[d.ResourceDay, ...] = ()
        calendar = ""
        if number % 10 == 0:
            first = date(2026, 3, 2) + timedelta(days=rng.randrange(200))
            days = tuple(d.ResourceDay(first + timedelta(days=n)) for n in range(5))
            calendar = "Night shift" if number % 20 == 0 else ""
        pool.append(d.Resource(name=f"Engineer {number:03d}", max_units=1.0,
                               rate_per_hour=Decimal("85.00"), calendar=calendar,
                               days=days))  # fmt: skip
    (project,) = document.projects
    parents = {t.parent for t in project.tasks if t.parent is not None}
    tasks = []
    for task in project.tasks:
        if task.id not in parents:
            people = rng.sample(range(RESOURCES), rng.choice((1, 1, 2)))
            task = dataclasses.replace(task, assignments=tuple(
                d.Assignment(pool[n].name, rng.choice((0.5, 1.0))) for n in people
            ))  # fmt: skip
        tasks.append(task)
    project = dataclasses.replace(project, tasks=tuple(tasks))
    return d.Document(projects=(project,), resources=tuple(pool), base_calendars=(night,))


def bench(task_count: int, folder: Path) -> None:
    document = with_pool(document_from_json(generate_document(task_count)))
    assignments = sum(len(t.assignments) for t in document.projects[0].tasks)
    workspace = Workspace.create(folder / f"bench_{task_count}.infradesk")
    try:
        started = time.perf_counter()
        with workspace.session() as session:
            import_document(session, document)
        imported = time.perf_counter() - started
        started = time.perf_counter()
        with workspace.read_session() as session:
            export_document(session, computed=False)
        exported = time.perf_counter() - started
    finally:
        workspace.close()
    path = folder / f"plan_{task_count}.xml"
    started = time.perf_counter()
    write_mspdi(document, path)
    written = time.perf_counter() - started
    started = time.perf_counter()
    result = read_mspdi(path)
    read = time.perf_counter() - started
    back = sum(len(t.assignments) for t in result.document.projects[0].tasks)
    assert back == assignments, (back, assignments)
    print(
        f"{task_count:>7} tasks {assignments:>6} assignments {RESOURCES} resources  "
        f"import {imported:6.3f} s  JSON export {exported:6.3f} s  "
        f"MSPDI write {written:6.3f} s  read {read:6.3f} s"
    )


def main() -> None:
    sizes = [int(arg) for arg in sys.argv[1:]] or [10_000]
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            bench(size, Path(folder))


if __name__ == "__main__":
    main()
