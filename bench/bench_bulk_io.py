"""Whole-process export and import of a big plan (issue 22): JSON export, MS Project XML
(MSPDI) export and import, each as a fresh ``python -m infradesk`` process, with its wall
time and peak memory (the child's own maximum resident set size); and MPXJ reading (and
reading + writing) the same MSPDI file, where Java and an MPXJ Python are present.

Run: ``.venv/bin/python bench/bench_bulk_io.py [--sizes 10000 100000] [--repeat 3]
[--mpxj-python /path/to/venv/bin/python]``

The plan: ``gantt_plans.create_big_project`` (a summary per 50 tasks, 1.2 links per task),
built and scheduled once per size (not timed). Medians of ``--repeat`` runs; the machine is
shared, so the spread is printed too. Targets at 100,000 tasks: JSON export < 3 s, MSPDI
import and export <= MPXJ's time and < 500 MB.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gantt_plans import create_big_project

from infradesk.store.workspace import Workspace

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_MPXJ_PYTHON = Path("/work/mpxj-venv/bin/python")

# Read an MSPDI file with MPXJ, optionally write it back as MSPDI (argv: input [output]).
MPXJ_SCRIPT = r"""
import sys
import jpype
import mpxj  # noqa: F401  (puts the MPXJ jars on the class path)
jpype.startJVM()
from org.mpxj.reader import UniversalProjectReader
from org.mpxj.mspdi import MSPDIWriter
project = UniversalProjectReader().read(sys.argv[1])
if len(sys.argv) > 2:
    MSPDIWriter().write(project, sys.argv[2])
print(project.getTasks().size())
"""


def run(command: list[str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system: less at the mercy of a shared machine) and
    peak resident megabytes of one child process (which must succeed)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    started = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    stderr = child.stderr.read().decode(errors="replace") if child.stderr else ""
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({child.returncode}): {stderr[-800:]}")
    cpu = usage.ru_utime + usage.ru_stime
    return elapsed, cpu, usage.ru_maxrss // 1024  # Linux: kilobytes


def measure(label: str, commands: list[list[str]]) -> tuple[float, float, int]:
    """Run each command (one per repeat); print and return the median wall and CPU times and
    the peak memory."""
    times, cpus, peaks = [], [], []
    for command in commands:
        seconds, cpu, megabytes = run(command)
        times.append(seconds)
        cpus.append(cpu)
        peaks.append(megabytes)
    median = statistics.median(times)
    print(
        f"  {label:<26} wall {median:7.2f} s (min {min(times):.2f}, max {max(times):.2f})  "
        f"cpu {statistics.median(cpus):7.2f} s  peak {max(peaks):5d} MB",
        flush=True,
    )
    return median, statistics.median(cpus), max(peaks)


def bench(size: int, repeat: int, folder: Path, mpxj_python: Path | None) -> None:
    workspace_path = folder / f"plan_{size}.infradesk"
    started = time.perf_counter()
    workspace = Workspace.create(workspace_path)
    with workspace.session() as session:
        create_big_project(session, size)
    workspace.close()
    print(f"{size:,} tasks (built and scheduled in {time.perf_counter() - started:.1f} s)")
    infradesk = [sys.executable, "-m", "infradesk"]
    out_json, out_xml = folder / f"plan_{size}.json", folder / f"plan_{size}.xml"
    export = [*infradesk, "export", "-w", str(workspace_path), "-o"]
    json_time = measure("export JSON", [[*export, str(out_json)]] * repeat)
    export_time = measure("export MSPDI", [[*export, str(out_xml), "-f", "mspdi"]] * repeat)
    print(f"  (JSON {out_json.stat().st_size / 1e6:.1f} MB, MSPDI "
          f"{out_xml.stat().st_size / 1e6:.1f} MB)")  # fmt: skip
    imports = [
        [*infradesk, "import", str(out_xml), "-w", str(folder / f"imported_{size}_{n}.infradesk")]
        for n in range(repeat)
    ]
    import_time = measure("import MSPDI", imports)
    print(f"  export JSON: {json_time[0]:.2f} s wall, {json_time[1]:.2f} s CPU (target < 3 s)")
    if mpxj_python is None:
        print("  MPXJ: not compared (no Java or no MPXJ Python; see --mpxj-python)")
        return
    mpxj = [str(mpxj_python), "-c", MPXJ_SCRIPT, str(out_xml)]
    read_time = measure("MPXJ read MSPDI", [mpxj] * repeat)
    write_time = measure("MPXJ read + write MSPDI", [[*mpxj, str(folder / "mpxj.xml")]] * repeat)
    for label, ours, theirs in (("import / MPXJ read", import_time, read_time),
                                ("export / MPXJ read+write", export_time, write_time)):
        print(f"  {label:<25} wall {ours[0] / theirs[0]:5.2f}x  cpu {ours[1] / theirs[1]:5.2f}x"
              f"  (peak {ours[2]} MB vs {theirs[2]} MB)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--mpxj-python", type=Path, default=DEFAULT_MPXJ_PYTHON)
    args = parser.parse_args()
    mpxj_python = args.mpxj_python if args.mpxj_python.exists() and shutil.which("java") else None
    with tempfile.TemporaryDirectory(prefix="infradesk-bulk-io-") as folder:
        for size in args.sizes:
            bench(size, args.repeat, Path(folder), mpxj_python)


if __name__ == "__main__":
    main()
