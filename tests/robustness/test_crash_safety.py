"""kill -9 never loses a committed edit nor leaves half an import (issue 13).

A child process works on a real workspace through the real services: it imports big generated
plans, or runs a burst of task edits as service commands, and writes a line after each
transaction commits. The test reads a random number of those lines, kills the child with
SIGKILL (it is still working: the kill lands anywhere in a later transaction) and opens the
workspace: ``PRAGMA integrity_check`` is ok, every edit announced as committed is there, and
every imported project is complete or absent.

Starting Python and importing SQLAlchemy, Alembic and the services costs one to two seconds,
so the children are forked from one *zygote* process that imported everything once; each
child then opens the workspace itself, as a fresh process would. (The zygote never opens a
database, so nothing is shared across the fork.)

``CRASH_TRIALS`` (default 10 per kind, 20 in all) and ``CRASH_SEED`` run more trials by hand.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL")

TRIALS = int(os.environ.get("CRASH_TRIALS", "10"))
SEED = os.environ.get("CRASH_SEED", "13")
PLAN_TASKS = 400  # tasks per imported plan: an import takes a good part of a second
EDIT_TASKS = 20

ZYGOTE = textwrap.dedent(
    """
    import os
    import signal
    import sys

    from sqlalchemy import select

    from infradesk.model import Project, Task
    from infradesk.services.documents.io import import_document
    from infradesk.services.plan.field_edits import UpdateTask
    from infradesk.store.workspace import Workspace

    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # killed children are reaped by the kernel


    def plan(number, size):
        tasks = [{"id": 1, "name": f"Plan {number}", "duration_minutes": 0}]
        for i in range(2, size + 1):
            task = {"id": i, "name": f"Task {i}", "parent": 1, "duration_minutes": 480 + i}
            if i > 2:
                task["predecessors"] = [{"task": i - 1, "type": "FS", "lag_minutes": 0}]
            tasks.append(task)
        project = {"name": f"Plan {number}", "start": "2026-01-05T08:00", "tasks": tasks}
        return {"format": "infradesk", "version": 1, "projects": [project]}


    def work(mode, path, size, out):
        workspace = Workspace.open(path)
        out.write("ready\\n")
        if mode == "import":
            number = 0
            while True:
                number += 1
                document = plan(number, size)
                with workspace.session() as session:
                    import_document(session, document)
                out.write(f"committed Plan {number}\\n")  # the transaction has committed
        with workspace.session() as session:
            project_id = session.scalar(select(Project.id))
            ids = list(session.scalars(select(Task.id).order_by(Task.id)))
        value = 480
        while True:
            value += 1
            task_id = ids[value % len(ids)]
            UpdateTask(project_id, task_id, {"duration_minutes": value}).apply(workspace)
            out.write(f"committed {task_id} {value}\\n")  # apply() has committed


    print("zygote ready", flush=True)
    for line in sys.stdin:
        mode, path, size, fifo = line.split()
        pid = os.fork()
        if pid == 0:
            try:
                with open(fifo, "w", buffering=1) as out:
                    work(mode, path, int(size), out)
            finally:
                os._exit(1)
        print(pid, flush=True)
    """
)


class Zygote:
    """The process the children are forked from; ``start`` returns a child's pid."""

    def __init__(self, folder: Path) -> None:
        script = folder / "zygote.py"
        script.write_text(ZYGOTE, encoding="utf-8")
        self.process = subprocess.Popen(
            [sys.executable, str(script)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.readline() == "zygote ready"

    def readline(self) -> str:
        assert self.process.stdout is not None
        return self.process.stdout.readline().strip()

    def start(self, mode: str, path: Path, size: int, fifo: Path) -> int:
        assert self.process.stdin is not None
        self.process.stdin.write(f"{mode} {path} {size} {fifo}\n")
        self.process.stdin.flush()
        return int(self.readline())

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(timeout=30)
        if self.process.stdout is not None:
            self.process.stdout.close()


@pytest.fixture(scope="module")
def zygote(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Zygote]:
    process = Zygote(tmp_path_factory.mktemp("zygote"))
    yield process
    process.close()


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """An empty workspace and one with a project of ``EDIT_TASKS`` tasks, copied per trial
    (creating a workspace runs the migrations: too slow to do it forty times)."""
    folder = tmp_path_factory.mktemp("templates")
    made = {"import": folder / "empty.infradesk", "edits": folder / "edits.infradesk"}
    new_workspace(made["import"])
    new_workspace(made["edits"], EDIT_TASKS)
    for path in made.values():
        assert not path.with_name(path.name + "-wal").exists()
    return made


def new_workspace(path: Path, edit_tasks: int = 0) -> None:
    from infradesk.services.documents.io import import_document
    from infradesk.store.workspace import Workspace

    workspace = Workspace.create(path)
    if edit_tasks:
        tasks = [
            {"id": i, "name": f"Edit {i}", "duration_minutes": 480}
            for i in range(1, edit_tasks + 1)
        ]
        project = {"name": "Edits", "start": "2026-01-05T08:00", "tasks": tasks}
        with workspace.session() as session:
            import_document(session, {"format": "infradesk", "version": 1, "projects": [project]})
    workspace.close()


def run_and_kill(zygote: Zygote, mode: str, path: Path, size: int, lines: int) -> list[str]:
    """Fork a child working on ``path``, read ``lines`` lines after "ready", SIGKILL it.

    Returns every complete line the child wrote: those read before the kill and those still
    in the pipe (written, so committed, before it died)."""
    fifo = path.with_name("lines.fifo")
    os.mkfifo(fifo)
    pid = zygote.start(mode, path, size, fifo)
    announced: list[str] = []
    try:
        with open(fifo, encoding="utf-8") as stream:  # opens once the child opened its end
            assert stream.readline() == "ready\n"
            while len(announced) < lines:
                line = stream.readline()
                assert line.startswith("committed "), line
                announced.append(line)
            os.kill(pid, signal.SIGKILL)
            # end of file: the child is dead and its files (and SQLite locks) are closed
            announced.extend(stream.readlines())
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    return [line.strip() for line in announced if line.endswith("\n")]


def query(path: Path, sql: str) -> list[tuple]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


@pytest.mark.parametrize("trial", range(TRIALS))
def test_kill_during_imports_keeps_whole_plans_only(
    trial: int, zygote: Zygote, templates: dict[str, Path], tmp_path: Path
) -> None:
    rng = random.Random(f"import-{SEED}-{trial}")
    path = tmp_path / "import.infradesk"
    shutil.copyfile(templates["import"], path)
    announced = run_and_kill(zygote, "import", path, PLAN_TASKS, rng.randint(0, 2))

    assert query(path, "PRAGMA integrity_check") == [("ok",)]
    counts = dict(
        query(
            path,
            "SELECT p.name, COUNT(t.id) FROM project p LEFT JOIN task t ON t.project_id = p.id "
            "GROUP BY p.id",
        )
    )
    for line in announced:
        assert line.removeprefix("committed ") in counts, (line, counts)
    # all or nothing: a project is there with every task, or not at all
    assert all(count == PLAN_TASKS for count in counts.values()), counts
    # the import in flight at the kill left nothing, or committed just before its line
    assert len(announced) <= len(counts) <= len(announced) + 1
    unscheduled = query(path, "SELECT COUNT(*) FROM task WHERE start IS NULL OR finish IS NULL")
    assert unscheduled == [(0,)]  # the schedule was written in the same transaction


@pytest.mark.parametrize("trial", range(TRIALS))
def test_kill_during_an_edit_burst_loses_no_committed_edit(
    trial: int, zygote: Zygote, templates: dict[str, Path], tmp_path: Path
) -> None:
    rng = random.Random(f"edits-{SEED}-{trial}")
    path = tmp_path / "edits.infradesk"
    shutil.copyfile(templates["edits"], path)
    announced = run_and_kill(zygote, "edits", path, 0, rng.randint(1, 30))

    assert query(path, "PRAGMA integrity_check") == [("ok",)]
    durations = dict(query(path, "SELECT id, duration_minutes FROM task"))
    last: dict[int, int] = {}
    for line in announced:
        _, task_id, value = line.split()
        last[int(task_id)] = int(value)
    for task_id, value in last.items():
        assert durations[task_id] >= value, (task_id, durations[task_id], value)
    # at most the edit in flight at the kill committed without its line being written
    highest = max(last.values())
    assert sum(d > highest for d in durations.values()) <= 1
    assert max(durations.values()) <= highest + 1
