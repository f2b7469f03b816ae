"""Issue 22, "Instant at 100,000 tasks": the whole table in one run.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_instant.py
[--sizes 1000 10000 100000] [--repeat 3] [--only edit drag ...] [--skip-mpxj]
[--mpxj-python PATH] [--clock wall|cpu]``

Prints a Markdown table: one row per step, the median of ``--repeat`` runs per plan size, the
target at 100,000 tasks and whether it is met at the largest size measured (met / not met;
"—" where it cannot be judged). Each row is printed as soon as all its sizes are measured;
progress and the time each cell took go to stderr; a step that fails shows its error in its
cell and the run goes on. Steps of more than ~10 s (whole-process import and export at 100k,
MPXJ, the JSON export, the GC pairs) are repeated only within a budget of 30-60 s. Timings on
a shared machine are noisy: compare medians of several runs, or use ``--clock cpu`` (CPU
seconds of the measured process; the targets are wall-clock).

Rows (``--only`` takes these keys):

  edit        a leaf's duration changed in a kept Scheduler (engine only)     < 20 ms
  drag        a Gantt bar dropped later: command, reschedule, write, repaint  < 50 ms
  indent      the toolbar's Indent on a plan in phases of 50 tasks           < 100 ms
  indent-flat the same on a flat plan (siblings ~ n)                         < 100 ms
  first-edit  the first drag after opening (after a 2 s pause at the window) < 50 ms
  open        open a workspace file to the painted Gantt tab, in-process      < 1.5 s
  dates       date-times of every task of a fresh result (and of 50 rows)    50 rows < 5 ms
  compile     compiling the network (and a re-parent in a kept Scheduler)    re-parent < 20 ms
  export-json ``infradesk export`` to JSON, in-process (and the reading part) < 3 s
  mspdi       ``infradesk import`` / ``export -f mspdi`` as whole processes,  <= MPXJ, < 500 MB
              peak memory; vs MPXJ reading / reading and writing the file
  window      ``infradesk open`` to the window's first paint, whole process, <= 3x
              vs a bare PySide6 window (and to the Gantt's first paint)
  version     ``infradesk --version``, whole process (once)                  < 0.15 s
  cpm         the full schedule with every date-time vs naive_cpm.py         <= 1x
  mpxj        the same vs MPXJ's MicrosoftScheduler on our MSPDI of the plan <= 1x
  gc          the collector's share of read_mspdi / write_mspdi              < 10%

Plans: the engine rows, ``cpm``, ``mpxj``, ``mspdi`` and ``gc`` use
``bench_schedule.make_plan`` (phases of 50, 1.5 links per task, German calendar, a year-end
freeze); the Gantt rows, ``window`` and ``export-json`` a stored workspace from
``gantt_plans.create_big_project`` (phases of 50, 1.2 links per task), or a flat one
(``instant_fixtures.create_flat_project``). MPXJ runs in a child process under
``--mpxj-python`` (default: this interpreter if it imports mpxj, else /work/mpxj-venv/bin/python
if present; else the MPXJ cells say "MPXJ absent").
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from functools import cached_property
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import instant_engine as engine
from instant_fixtures import Fixtures
from instant_table import Row, Table, use_cpu_clock
from mpxj_schedule import find_mpxj_python

if TYPE_CHECKING:
    from instant_gantt import GanttRows
    from instant_process import ProcessRows

ROW_KEYS = [
    "edit", "drag", "indent", "indent-flat", "first-edit", "open", "dates", "compile",
    "export-json", "mspdi", "window", "version", "cpm", "mpxj", "gc",
]  # fmt: skip
GUI_ROWS = {"drag", "indent", "indent-flat", "first-edit", "open"}


class Steps:
    """Where the rows' measures live, each made on first use (Qt only for the Gantt rows)."""

    def __init__(self, args: argparse.Namespace, fixtures: Fixtures, keys: list[str]) -> None:
        self.fixtures = fixtures
        self.repeat = args.repeat
        if args.skip_mpxj:
            self.mpxj_python, self.mpxj_why = None, "MPXJ skipped"
        elif {"mpxj", "mspdi"} & set(keys):
            self.mpxj_python, self.mpxj_why = find_mpxj_python(args.mpxj_python)
            print(f"  [{self.mpxj_why}]", file=sys.stderr, flush=True)
        else:
            self.mpxj_python, self.mpxj_why = None, "MPXJ not needed"

    @cached_property
    def gantt(self) -> GanttRows:
        # lazy: Qt and the Gantt tab load only for the rows that need them
        from instant_gantt import GanttRows
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance() or QApplication([])
        assert isinstance(app, QApplication)
        return GanttRows(app, self.fixtures, self.repeat)

    @cached_property
    def processes(self) -> ProcessRows:
        from instant_process import ProcessRows

        return ProcessRows(self.fixtures, self.repeat, self.mpxj_python, self.mpxj_why)

    def rows(self) -> list[Row]:
        """The table's rows in the issue's order."""
        f, r = self.fixtures, self.repeat
        return [
            Row("edit", "edit one duration, reschedule (engine)", "< 20 ms",
                lambda n: engine.edit_duration(f, n, r)),
            Row("drag", "Gantt drag a bar to repainted", "< 50 ms",
                lambda n: self.gantt.drag(n)),
            Row("indent", "indent, plan in 50-task phases", "< 100 ms",
                lambda n: self.gantt.indent("phased", n)),
            Row("indent-flat", "indent on a flat plan (siblings ~ n)", "< 100 ms",
                lambda n: self.gantt.indent("flat", n)),
            Row("first-edit", "first edit after opening", "< 50 ms",
                lambda n: self.gantt.first_edit(n)),
            Row("open", "open workspace to painted Gantt (in-process)", "< 1.5 s",
                lambda n: self.gantt.open_to_painted(n)),
            Row("dates", "date-times of every task after the passes", "only what is shown",
                lambda n: engine.all_and_visible_dates(f, n, r)),
            Row("compile", "compile the network", "reused between edits",
                lambda n: engine.compile_and_reparent(f, n, r)),
            Row("export-json", "export JSON", "< 3 s",
                lambda n: instant_io().export_json(f, n, r)),
            Row("mspdi", "MSPDI import / export, whole process", "<= MPXJ, < 500 MB",
                lambda n: self.processes.mspdi(n)),
            Row("window", "window to first paint, whole process", "<= 3x bare window",
                lambda n: self.processes.window(n)),
            Row("version", "`infradesk --version`, whole process", "< 0.15 s",
                lambda n: self.processes.version(n), once=True),
            Row("cpm", "full schedule with dates vs naive dict CPM", "<= 1x naive",
                lambda n: engine.against_naive_cpm(f, n, r)),
            Row("mpxj", "full schedule with dates vs MPXJ (MS Project)", "<= 1x MPXJ",
                lambda n: engine.against_mpxj(f, n, r, self.mpxj_python, self.mpxj_why)),
            Row("gc", "GC share (MSPDI read / write)", "< 10%",
                lambda n: instant_io().gc_share(f, n, r)),
        ]  # fmt: skip


def instant_io() -> ModuleType:
    import instant_io as module

    return module


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", nargs="+", choices=ROW_KEYS, metavar="ROW",
                        help=f"rows to measure: {' '.join(ROW_KEYS)}")  # fmt: skip
    parser.add_argument("--skip-mpxj", action="store_true", help="no MPXJ comparisons")
    parser.add_argument("--mpxj-python", help="an interpreter with the mpxj wheel and JPype")
    parser.add_argument(
        "--clock",
        choices=["wall", "cpu"],
        default="wall",
        help="wall clock (the targets' clock, default), or CPU seconds of the measured "
        "process (steadier on a machine shared with other work)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    keys = [key for key in ROW_KEYS if key in (args.only or ROW_KEYS)]
    use_cpu_clock(args.clock == "cpu")
    folder = Path(tempfile.mkdtemp(prefix="infradesk-bench-instant-"))
    os.environ["INFRADESK_DATA_DIR"] = str(folder / "data")
    started = time.perf_counter()
    try:
        fixtures = Fixtures(folder)
        table = Table(sorted(args.sizes))
        table.header()
        for row in Steps(args, fixtures, keys).rows():
            if row.key in keys:
                table.run(row)
        load = " ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"\n({time.perf_counter() - started:.0f} s, medians of up to {args.repeat} runs, "
              f"{args.clock} clock; {os.cpu_count()} cores, load average {load} at the end)",
              flush=True)  # fmt: skip
    finally:
        if args.keep:
            print(f"kept {folder}", file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)
    sys.stdout.flush()
    if GUI_ROWS & set(keys):
        os._exit(0)  # skip interpreter teardown of Qt objects (a PySide6 finalisation crash)
    return 0


if __name__ == "__main__":
    sys.exit(main())
