"""kill -9 during a live run loses no recorded timestamp (issue 19).

A child process runs a live run through the real commands, one click per step (start, then
finish), and writes a line after each click's transaction commits. The test reads some of
those lines, kills the child with SIGKILL while it keeps clicking, and opens the workspace:
every timestamp announced as committed is stored, and the database is intact."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from infradesk.model.runbook import StepRecord
from infradesk.services.runbooks.commands import AddStep, StartRun
from infradesk.store.workspace import Workspace
from tests.services.runbooks.helpers import WINDOW, build_runbook, project_id_of

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

CHILD = textwrap.dedent(
    """
    import sys
    from datetime import timedelta

    from infradesk.services.runbooks.commands import DecideGate, StepClick
    from infradesk.services.runbooks.view import runbook_view
    from infradesk.store.workspace import Workspace

    path, runbook_id, run_id = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    workspace = Workspace.open(path)
    view = runbook_view(workspace, runbook_id)
    origin = view.origin
    minute = 0
    for step in view.steps:
        if step.rollback_of:
            continue
        for what in ("start", "finish"):
            minute += 1
            at = origin + timedelta(minutes=minute)
            if step.kind == "gate" and what == "finish":
                DecideGate(run_id, step.id, "go", "Sponsor", at).apply(workspace)
            else:
                StepClick(run_id, step.id, at).apply(workspace)
            print(f"{step.id} {what} {at.isoformat()}", flush=True)
    print("done", flush=True)
    """
)


def test_a_kill_during_a_live_run_loses_no_recorded_timestamp(
    demo_workspace: Workspace, workspace_path: Path
) -> None:
    runbook_id = build_runbook(demo_workspace, project_id_of(demo_workspace))
    # a long forward chain, so the child is still clicking when it is killed
    for number in range(8, 60):
        AddStep(
            runbook_id,
            values={"code": str(number), "duration": "5", "predecessors": str(number - 1)},
        ).apply(demo_workspace)
    start = StartRun(runbook_id, "live", started=WINDOW)
    start.apply(demo_workspace)
    assert start.run_id is not None
    demo_workspace.close()

    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(workspace_path), str(runbook_id), str(start.run_id)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    assert child.stdout is not None
    committed: list[tuple[int, str, datetime]] = []
    for line in child.stdout:
        assert line.strip() != "done", "the child finished before it was killed"
        step_id, what, at = line.split()
        committed.append((int(step_id), what, datetime.fromisoformat(at)))
        if len(committed) == 25:
            break
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    # anything the child announced before dying is committed too
    for line in child.stdout:
        if line.strip() and line.strip() != "done":
            step_id, what, at = line.split()
            committed.append((int(step_id), what, datetime.fromisoformat(at)))
    child.stdout.close()

    with sqlite3.connect(workspace_path) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    reopened = Workspace.open(workspace_path)
    try:
        with reopened.read_session() as session:
            stored = {
                r.step_id: r
                for r in session.scalars(
                    select(StepRecord).where(StepRecord.run_id == start.run_id)
                )
            }
    finally:
        reopened.close()
    for step_id, what, at in committed:
        record = stored[step_id]
        kept = record.actual_start if what == "start" else record.actual_finish
        assert kept == at.astimezone(UTC).replace(tzinfo=None)  # the store keeps UTC
    assert len(committed) >= 25
