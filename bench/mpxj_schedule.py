"""MPXJ, the Java library that reads and writes MS Project files, as a yardstick for the bench.

MPXJ runs in a child process under an interpreter that has the ``mpxj`` wheel (and JPype):
the project's venv does not, and a JVM must not live inside the bench's own process. This file
is both sides:

* run as a script (by that interpreter, so it imports nothing of InfraDesk)::

      python mpxj_schedule.py schedule FILE REPEAT   # read FILE, time MicrosoftScheduler
      python mpxj_schedule.py read FILE               # read FILE (a whole-process import)
      python mpxj_schedule.py convert FILE OUT        # read FILE, write it back as MSPDI

  ``schedule`` prints one JSON line: the task count and the milliseconds of each schedule
  call after up to two warm-up calls (the JVM's JIT warmed, as in a long-running
  application). A call of more than ``LONG_CALL_S`` is its own warm-up and counts; calls
  stop once ``BUDGET_S`` of measured calls have run (MPXJ needs ~50 s a call at 100,000
  tasks: it walks the calendar day by day for every slack).
* imported by the bench: :func:`find_mpxj_python` and :func:`mpxj_schedule_ms`.

MPXJ's ``org.mpxj.cpm.MicrosoftScheduler`` (MPXJ 14+) schedules a project as MS Project does
(forward and backward passes over the tasks and their relations, on the file's calendars).
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve()
DEFAULT_VENV_PYTHON = Path("/work/mpxj-venv/bin/python")
WARM_UP = 2
TIMEOUT_S = 600  # for the whole child: JVM start, reading the file, the calls
LONG_CALL_S = 10.0
BUDGET_S = 30.0


# -- the bench's side (the project's interpreter)


def _has_mpxj(python: str) -> bool:
    if python == sys.executable:
        return (
            importlib.util.find_spec("mpxj") is not None
            and importlib.util.find_spec("jpype") is not None
        )
    probe = subprocess.run(
        [python, "-c", "import mpxj, jpype"], capture_output=True, timeout=60, check=False
    )
    return probe.returncode == 0


def java_present() -> bool:
    probe = subprocess.run(["java", "-version"], capture_output=True, timeout=60, check=False)
    return probe.returncode == 0


def find_mpxj_python(requested: str | None) -> tuple[str | None, str]:
    """The interpreter to run MPXJ with, or None and why not: ``requested`` if given, else
    this one if it can import mpxj, else the bench's own MPXJ venv if it exists."""
    try:
        if not java_present():
            return None, "MPXJ absent (no java)"
    except (OSError, subprocess.SubprocessError):
        return None, "MPXJ absent (no java)"
    candidates = [requested] if requested else [sys.executable, str(DEFAULT_VENV_PYTHON)]
    for python in candidates:
        if python and (python == sys.executable or Path(python).exists()) and _has_mpxj(python):
            return python, f"MPXJ via {python}"
    return None, "MPXJ absent (no interpreter with the mpxj wheel and JPype)"


def mpxj_schedule_ms(
    python: str, mspdi: Path, repeat: int, cpu: bool = False
) -> tuple[int, list[float]]:
    """MPXJ's task count for ``mspdi`` and the milliseconds of up to ``repeat`` schedule
    calls (wall clock, or with ``cpu`` the calling thread's CPU time). Raises
    ``subprocess.TimeoutExpired`` after ``TIMEOUT_S``."""
    completed = subprocess.run(
        [python, str(HERE), "schedule", str(mspdi), str(repeat)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"MPXJ failed: {completed.stderr.strip()[-800:]}")
    answer = json.loads(completed.stdout.strip().splitlines()[-1])
    times = answer["cpu_ms"] if cpu else answer["times_ms"]
    return int(answer["tasks"]), [float(t) for t in times]


def command(python: str, *args: str) -> list[str]:
    """The command line of a whole-process MPXJ step (``read`` or ``convert``)."""
    return [python, str(HERE), *args]


# -- the child's side (the MPXJ interpreter)


def _start_jvm() -> None:
    import jpype
    import mpxj  # noqa: F401  (puts the MPXJ jars on the class path)

    jpype.startJVM()


def _read(path: str):  # type: ignore[no-untyped-def]  # a Java ProjectFile
    from org.mpxj.reader import UniversalProjectReader  # type: ignore[import-not-found]

    project = UniversalProjectReader().read(path)
    if project is None:
        raise SystemExit(f"MPXJ read nothing from {path}")
    return project


def _schedule(path: str, repeat: int) -> None:
    from java.lang import System  # type: ignore[import-not-found]
    from java.lang.management import ManagementFactory  # type: ignore[import-not-found]
    from org.mpxj.cpm import MicrosoftScheduler  # type: ignore[import-not-found]

    project = _read(path)
    start = project.getProjectProperties().getStartDate()
    threads = ManagementFactory.getThreadMXBean()
    times: list[float] = []
    cpu: list[float] = []
    warm_ups = 0
    while len(times) < repeat and sum(times) < BUDGET_S * 1000:
        began, began_cpu = System.nanoTime(), threads.getCurrentThreadCpuTime()
        MicrosoftScheduler().schedule(project, start)
        elapsed = (System.nanoTime() - began) / 1e6
        elapsed_cpu = (threads.getCurrentThreadCpuTime() - began_cpu) / 1e6
        if warm_ups < WARM_UP and elapsed < LONG_CALL_S * 1000 and not times:
            warm_ups += 1
        else:
            times.append(elapsed)
            cpu.append(elapsed_cpu)
    tasks = sum(1 for task in project.getTasks() if task.getUniqueID() is not None)
    print(json.dumps({"tasks": tasks, "times_ms": times, "cpu_ms": cpu}))


def _convert(path: str, out: str) -> None:
    from org.mpxj.mspdi import MSPDIWriter  # type: ignore[import-not-found]

    MSPDIWriter().write(_read(path), out)


def child_main(argv: list[str]) -> None:
    _start_jvm()
    what = argv[0]
    if what == "schedule":
        _schedule(argv[1], int(argv[2]))
    elif what == "read":
        project = _read(argv[1])
        print(f"{project.getTasks().size()} tasks read")
    elif what == "convert":
        _convert(argv[1], argv[2])
    else:
        raise SystemExit(f"unknown step {what!r}")


if __name__ == "__main__":
    child_main(sys.argv[1:])
