"""MPXJ, an independent reader of MS Project, GanttProject and Planner files, seen from the
tests: whether it can run here (``needs_mpxj``) and what it reads in a set of files.

MPXJ is Java (the ``mpxj`` wheel carries the jars, JPype starts the JVM). It runs in a child
process: a JVM cannot be restarted inside one Python process, and the test process must not
carry one. CI has no Java, so every test using it is skipped there with the reason.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

# One record per real task (the project summary task, UID 0 or outline level 0, and blank
# rows are left out). Dates are MPXJ's LocalDateTime text ("2026-03-02T08:00"), durations and
# lags are converted to hours with the file's own minutes per day (elapsed units: 24 h a day).
# ``*_moment``: the working moment a date names on the file's default calendar (MPXJ's next
# work start: a finish at 17:00 on Friday and one at 08:00 on Monday are the same moment).
PROBE = r"""
import json, sys
import jpype
import mpxj  # noqa: F401  (puts the MPXJ jars on the class path)
jpype.startJVM()
from org.mpxj import TimeUnit
from org.mpxj.reader import UniversalProjectReader
out = {}
def text(value):
    return None if value is None else str(value)
for path in sys.argv[1:]:
    project = UniversalProjectReader().read(path)
    props = project.getProjectProperties()
    calendar = project.getDefaultCalendar()
    def moment(value):
        return None if value is None or calendar is None else str(calendar.getNextWorkStart(value))
    def hours(d):
        if d is None:
            return None
        return round(float(d.convertUnits(TimeUnit.HOURS, props).getDuration()), 4)
    tasks = []
    for t in project.getTasks():
        level = t.getOutlineLevel()
        if t.getUniqueID() is None or level is None or int(level) == 0 or t.getNull():
            continue
        percent = t.getPercentageComplete()
        duration = t.getDuration()
        tasks.append({
            "uid": int(t.getUniqueID()), "name": str(t.getName()), "level": int(level),
            "summary": bool(t.getSummary()), "milestone": bool(t.getMilestone()),
            "hours": hours(duration),
            "units": None if duration is None else str(duration.getUnits()),
            "start": text(t.getStart()), "finish": text(t.getFinish()),
            "start_moment": moment(t.getStart()), "finish_moment": moment(t.getFinish()),
            "actual_start": text(t.getActualStart()), "actual_finish": text(t.getActualFinish()),
            "percent": None if percent is None else float(percent.doubleValue()),
            "constraint": text(t.getConstraintType()),
            "constraint_date": text(t.getConstraintDate()),
            "manual": str(t.getTaskMode()) == "MANUALLY_SCHEDULED",
            "estimated": bool(t.getEstimated()),
            "links": [[str(r.getPredecessorTask().getName()), str(r.getType()),
                       hours(r.getLag()), str(r.getLag().getUnits())]
                      for r in t.getPredecessors()],
        })
    out[path] = tasks
print(json.dumps(out))
"""


def mpxj_available() -> bool:
    """Java, the ``mpxj`` wheel and JPype are all here."""
    return (
        shutil.which("java") is not None
        and importlib.util.find_spec("mpxj") is not None
        and importlib.util.find_spec("jpype") is not None
    )


needs_mpxj = pytest.mark.skipif(
    not mpxj_available(), reason="MPXJ (pip install mpxj) or Java is missing"
)


def read_with_mpxj(paths: Iterable[Path], folder: Path) -> dict[str, list[dict[str, Any]]]:
    """MPXJ's tasks of every file (keyed by ``str(path)``), read in one JVM; ``folder`` holds
    the probe script."""
    probe = folder / "mpxj_probe_script.py"
    probe.write_text(PROBE, encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, str(probe), *sorted(str(p) for p in paths)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    seen: dict[str, list[dict[str, Any]]] = json.loads(completed.stdout.strip().splitlines()[-1])
    return seen
