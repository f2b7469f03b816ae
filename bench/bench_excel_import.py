"""Time the Excel import of a 10,000-row, 10-column plan, end to end.

Prints: openpyxl read-only iteration vs python-calamine reading the same values, then our
read_workbook (read + map + validate + schedule check) and the write into a new workspace
(one transaction; the project is scheduled over the document and its rows are inserted with
the computed dates). It also counts the schedule engine's full runs per import: one when the
reader's check run is handed to the writer (``ImportResult.schedules``). Run:

    .venv/bin/python bench/bench_excel_import.py [ROWS]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
import warnings
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import python_calamine

from infradesk.interchange.excel import read_workbook
from infradesk.schedule import engine


def make_plan(path: Path, rows: int) -> None:
    """A realistic MS-Project-like export: phases of 20 tasks with FS/SS links and lags."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Tasks")
    sheet.append(["ID", "Outline Level", "Name", "Duration", "Start", "Finish", "Predecessors",
                  "Resource Names", "% Complete", "Notes"])  # fmt: skip
    day = date(2026, 1, 5)
    for n in range(1, rows + 1):
        summary = n % 20 == 1
        level = 1 if summary else 2
        duration = 0 if summary else (n % 7) + 1
        links = "" if summary or n % 20 == 2 else (f"{n - 1}" if n % 3 else f"{n - 1}SS+1d")
        start = day + timedelta(days=(n % 200))
        sheet.append([n, level, f"Task {n}", f"{duration} days", start,
                      start + timedelta(days=duration), links, f"Person {n % 17}",
                      (n * 7) % 101, "note" if n % 5 == 0 else ""])  # fmt: skip
    workbook.save(path)


def best(fn, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    warnings.simplefilter("ignore")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.xlsx"
        make_plan(path, rows)
        print(f"plan: {rows:,} rows x 10 columns, {path.stat().st_size / 1024:.0f} KiB")

        def openpyxl_values() -> None:
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
            for _ in workbook["Tasks"].iter_rows(values_only=True):
                pass
            workbook.close()

        def calamine_values() -> None:
            workbook = python_calamine.CalamineWorkbook.from_path(str(path))
            workbook.get_sheet_by_name("Tasks").to_python()
            workbook.close()

        print(f"openpyxl read-only, values only : {best(openpyxl_values, 2):6.3f} s")
        print(f"python-calamine, values         : {best(calamine_values):6.3f} s")
        read_times = []
        result = None
        for _ in range(3):
            started = time.perf_counter()
            result = read_workbook(path)
            read_times.append(time.perf_counter() - started)
        assert result is not None and not result.errors, result.errors[:3]
        tasks = result.document.projects[0].tasks
        print(f"read_workbook (read, map, validate, schedule check): "
              f"{min(read_times):6.3f} s  (median {statistics.median(read_times):.3f})"
              f"  -> {len(tasks):,} tasks")  # fmt: skip

        from infradesk.services.documents.io import import_document
        from infradesk.store.workspace import Workspace

        runs = [0]
        real_run_passes = engine.run_passes

        def counted(*args: Any, **kwargs: Any) -> Any:
            runs[0] += 1
            return real_run_passes(*args, **kwargs)

        engine.run_passes = counted  # every full engine run goes through it
        write_times = []
        total_times = []
        for attempt in range(3):
            workspace = Workspace.create(Path(folder) / f"ws{attempt}.infradesk")
            runs[0] = 0
            started = time.perf_counter()
            result = read_workbook(path)
            document = result.document
            read_done = time.perf_counter()
            with workspace.session() as session:
                import_document(session, document, schedules=result.schedules)
            finished = time.perf_counter()
            workspace.close()
            write_times.append(finished - read_done)
            total_times.append(finished - started)
        engine.run_passes = real_run_passes
        print(f"engine runs per import            : {runs[0]}")
        print(f"write into workspace + schedule   : {min(write_times):6.3f} s")
        print(f"END TO END (read..write+schedule) : {min(total_times):6.3f} s "
              f"(median {statistics.median(total_times):.3f}; target < 1.5 s)")  # fmt: skip


if __name__ == "__main__":
    main()
