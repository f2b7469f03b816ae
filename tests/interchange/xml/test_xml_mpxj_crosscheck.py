"""Our readers against an independent one: MPXJ reads the same real files (when MPXJ and
Java are installed; skipped otherwise)."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from infradesk.interchange.ganttproject import read_gan
from infradesk.interchange.mspdi import read_mspdi
from infradesk.interchange.planner import read_planner
from infradesk.interchange.problems import ImportResult

PROBE = r"""
import json, sys
import jpype
import mpxj  # noqa: F401  (puts the MPXJ jars on the class path)
jpype.startJVM()
from org.mpxj import TimeUnit
from org.mpxj.reader import UniversalProjectReader
out = {}
for path in sys.argv[1:]:
    project = UniversalProjectReader().read(path)
    props = project.getProjectProperties()
    def hours(d):
        if d is None:
            return None
        return round(float(d.convertUnits(TimeUnit.HOURS, props).getDuration()), 3)
    tasks = []
    for t in project.getTasks():
        level = t.getOutlineLevel()
        if t.getUniqueID() is None or level is None or int(level) == 0 or t.getNull():
            continue
        tasks.append({
            "name": str(t.getName()), "level": int(level), "hours": hours(t.getDuration()),
            "links": [[str(r.getPredecessorTask().getName()), str(r.getType()), hours(r.getLag()),
                       str(r.getLag().getUnits())] for r in t.getPredecessors()],
        })
    out[path] = tasks
print(json.dumps(out))
"""

MSPDI_FILES = ["legacy_sample1.xml", "task-links-project2019-mspdi.xml", "mspdirelations.xml"]
OTHER_FILES = ["HouseBuildingSample.gan", "GanttProject2xlsx_gantt.gan", "project1.planner"]
READERS: dict[str, Callable[[Path], ImportResult]] = {
    ".xml": read_mspdi,
    ".gan": read_gan,
    ".planner": read_planner,
}


def mpxj_available() -> bool:
    return (
        shutil.which("java") is not None
        and importlib.util.find_spec("mpxj") is not None
        and importlib.util.find_spec("jpype") is not None
    )


pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not mpxj_available(), reason="MPXJ (pip install mpxj) or Java is missing"),
]


@pytest.fixture(scope="module")
def mpxj_view(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Path], list[dict]]:
    """MPXJ's reading of the files: every sample present is read in one JVM, on first use."""
    cache: dict[str, list[dict[str, Any]]] = {}
    folder = tmp_path_factory.mktemp("mpxj")
    probe = folder / "probe.py"
    probe.write_text(PROBE, encoding="utf-8")

    def view(path: Path) -> list[dict[str, Any]]:
        if str(path) not in cache:
            batch = {str(path.parent / n) for n in MSPDI_FILES + OTHER_FILES}
            batch = {p for p in batch if Path(p).is_file()} | {str(path)}
            completed = subprocess.run(
                [sys.executable, str(probe), *sorted(batch)],
                capture_output=True,
                text=True,
                timeout=180,
                check=False,
            )
            assert completed.returncode == 0, completed.stderr[-2000:]
            cache.update(json.loads(completed.stdout.strip().splitlines()[-1]))
        return cache[str(path)]

    return view


def ours(path: Path) -> dict[str, Any]:
    return READERS[path.suffix](path).document["projects"][0]


def levels(project: dict[str, Any]) -> list[int]:
    ids = {t["id"]: t for t in project["tasks"]}
    result = []
    for task in project["tasks"]:
        level = 1
        while task["parent"] is not None:
            task = ids[task["parent"]]
            level += 1
        result.append(level)
    return result


def our_links(project: dict[str, Any]) -> set[tuple[str, str, str, int]]:
    names = {t["id"]: t["name"] for t in project["tasks"]}
    return {
        (names[p["task"]], t["name"], p["type"], p["lag_minutes"])
        for t in project["tasks"]
        for p in t["predecessors"]
    }


def their_links(tasks: list[dict[str, Any]]) -> set[tuple[str, str, str, int]]:
    return {
        (pred, t["name"], kind, round(lag_hours * 60))
        for t in tasks
        for pred, kind, lag_hours, _units in t["links"]
    }


@pytest.mark.parametrize("name", MSPDI_FILES)
def test_mspdi_matches_mpxj(name: str, real_plan, mpxj_view) -> None:
    path = real_plan(name)
    project, theirs = ours(path), mpxj_view(path)
    assert [t["name"] for t in project["tasks"]] == [t["name"] for t in theirs]
    assert levels(project) == [t["level"] for t in theirs]
    assert [t["duration_minutes"] for t in project["tasks"]] == [
        round(t["hours"] * 60) for t in theirs
    ]
    assert our_links(project) == their_links(theirs)


@pytest.mark.parametrize("name", OTHER_FILES)
def test_gan_and_planner_match_mpxj(name: str, real_plan, mpxj_view) -> None:
    path = real_plan(name)
    project, theirs = ours(path), mpxj_view(path)
    assert [t["name"].strip() for t in project["tasks"]] == [t["name"].strip() for t in theirs]
    assert levels(project) == [t["level"] for t in theirs]
    # Planner stores seconds; we keep whole minutes, MPXJ rounds: allow one minute.
    for task, their in zip(project["tasks"], theirs, strict=True):
        assert abs(task["duration_minutes"] - their["hours"] * 60) <= 1, task["name"]
    mine = {(pred.strip(), succ.strip(), kind) for pred, succ, kind, _ in our_links(project)}
    seen = {(pred.strip(), succ.strip(), kind) for pred, succ, kind, _ in their_links(theirs)}
    # MPXJ's GanttProject reader only sees links of top-level tasks; what it sees must agree.
    assert seen <= mine
    if path.suffix == ".planner":
        assert seen == mine
