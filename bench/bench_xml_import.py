"""Time the MS Project XML writer and reader on generated plans.

Run: ``.venv/bin/python bench/bench_xml_import.py [task counts...]`` (default 1000 10000).
Prints, per size: MSPDI file size, write time, read time, and checks the round trip kept every
task and link.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generate_plan import generate_document

from infradesk.interchange.json_document import document_from_json
from infradesk.interchange.mspdi import read_mspdi, write_mspdi


def bench(task_count: int, folder: Path) -> None:
    document = generate_document(task_count)
    path = folder / f"plan_{task_count}.xml"
    typed = document_from_json(document)  # the writer takes the typed document
    started = time.perf_counter()
    write_mspdi(typed, path)
    written = time.perf_counter() - started
    started = time.perf_counter()
    result = read_mspdi(path)
    read = time.perf_counter() - started
    (project,) = result.document.projects
    links_in = sum(len(t["predecessors"]) for t in document["projects"][0]["tasks"])
    links_out = sum(len(t.predecessors) for t in project.tasks)
    tasks_in = len(document["projects"][0]["tasks"])
    assert len(project.tasks) == tasks_in, (len(project.tasks), tasks_in)
    assert links_out == links_in, (links_out, links_in)
    print(
        f"{tasks_in:>7} tasks {links_in:>7} links  {path.stat().st_size / 1e6:7.2f} MB  "
        f"write {written:6.3f} s  read {read:6.3f} s  ({len(result.problems)} problems)"
    )


def main() -> None:
    sizes = [int(arg) for arg in sys.argv[1:]] or [1_000, 10_000]
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            bench(size, Path(folder))


if __name__ == "__main__":
    main()
