"""Two programs on one workspace: writers wait for each other, readers never wait, and a
writer that waited too long gets a message instead of a traceback (issue 13)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import func, select

from infradesk.cli.main import main
from infradesk.model import Project
from infradesk.services.demo.seed import create_demo_project
from infradesk.services.documents.io import export_document
from infradesk.services.plan.projects import CreateProject
from infradesk.store import engine as store_engine
from infradesk.store.workspace import Workspace, WorkspaceBusyError

BUSY_TEXT = (
    "The workspace is busy in another InfraDesk (or another program); try again in a moment."
)
SHORT_TIMEOUT_MS = 300
CLI_IMPORT = (sys.executable, "-m", "infradesk", "import")


@contextmanager
def write_lock_held(path: Path) -> Iterator[sqlite3.Connection]:
    """Another program in the middle of a write: BEGIN IMMEDIATE and an uncommitted update."""
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE project SET name = 'Half-written'")
        yield other
    finally:
        other.rollback()
        other.close()


def project_names(workspace: Workspace) -> list[str]:
    with workspace.read_session() as session:
        return list(session.scalars(select(Project.name).order_by(Project.name)))


@pytest.fixture
def short_timeout(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(store_engine, "BUSY_TIMEOUT_MS", SHORT_TIMEOUT_MS)
    return SHORT_TIMEOUT_MS


@pytest.mark.sqlite_only("a second sqlite3 connection on the file")
def test_a_write_session_holds_the_write_lock_from_its_first_read(workspace: Workspace) -> None:
    """The failure of a deferred BEGIN: we read, another program commits, our write fails with
    'database is locked' at once. With BEGIN IMMEDIATE the other program waits instead."""
    CreateProject("Existing").apply(workspace)
    other_wrote = None
    command = CreateProject("Ours")
    with workspace.session() as session:
        session.scalar(select(func.count()).select_from(Project))
        other = sqlite3.connect(workspace.path, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("UPDATE project SET currency = 'USD'")
            other.execute("COMMIT")
            other_wrote = True
        except sqlite3.OperationalError as error:
            assert "locked" in str(error)
            other_wrote = False
        finally:
            other.close()
        command.do(session)
    assert other_wrote is False
    assert project_names(workspace) == ["Existing", "Ours"]


def test_a_writer_waits_the_busy_timeout_then_says_the_workspace_is_busy(
    workspace_path: Path, short_timeout: int
) -> None:
    Workspace.create(workspace_path).close()
    workspace = Workspace.open(workspace_path)
    try:
        with write_lock_held(workspace_path):
            started = time.perf_counter()
            with pytest.raises(WorkspaceBusyError) as caught:
                CreateProject("Mine").apply(workspace)
            waited = time.perf_counter() - started
        assert str(caught.value) == BUSY_TEXT
        assert short_timeout / 1000 * 0.8 <= waited < short_timeout / 1000 + 3
        assert project_names(workspace) == []  # nothing of ours, nothing of theirs
        CreateProject("Mine").apply(workspace)  # once the other program is done, it works
        assert project_names(workspace) == ["Mine"]
    finally:
        workspace.close()


@pytest.mark.sqlite_only("the SQLite write lock held on the file")
def test_reads_do_not_wait_for_a_writer(workspace: Workspace) -> None:
    CreateProject("Committed").apply(workspace)
    with write_lock_held(workspace.path):
        started = time.perf_counter()
        names = project_names(workspace)
        elapsed = time.perf_counter() - started
    assert names == ["Committed"]  # the last committed state, not the other's half-write
    assert elapsed < 1.0  # far below the 5 s busy timeout


def test_the_cli_says_the_workspace_is_busy(
    workspace_path: Path,
    tmp_path: Path,
    short_timeout: int,
    capsys: pytest.CaptureFixture[str],
) -> None:
    workspace = Workspace.create(workspace_path)
    CreateProject("Plan").apply(workspace)
    with workspace.read_session() as session:
        document = export_document(session)
    workspace.close()
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(document), encoding="utf-8")
    with write_lock_held(workspace_path):
        code = main(["import", str(plan), "-w", str(workspace_path), "-p", "Again"])
    err = capsys.readouterr().err
    assert code == 2
    assert BUSY_TEXT in err
    assert "Traceback" not in err


def test_paired_cli_imports_into_one_workspace_all_succeed(
    workspace_path: Path, tmp_path: Path
) -> None:
    """Two `infradesk import` processes started together: the second waits for the first."""
    workspace = Workspace.create(workspace_path)
    with workspace.session() as session:
        create_demo_project(session)
    with workspace.read_session() as session:
        document = export_document(session)
    workspace.close()
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(document), encoding="utf-8")
    pairs = 3
    names = [f"Pair {i} {side}" for i in range(pairs) for side in "AB"]
    failures = []
    for i in range(pairs):
        processes = [
            subprocess.Popen(
                [*CLI_IMPORT, str(plan), "--workspace", str(workspace_path), "--project", name],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for name in names[2 * i : 2 * i + 2]
        ]
        for process in processes:
            out, err = process.communicate(timeout=120)
            if process.returncode != 0:
                failures.append((process.returncode, out, err))
    assert failures == []
    reopened = Workspace.open(workspace_path)
    try:
        assert set(names) <= set(project_names(reopened))
        with reopened.read_session() as session:
            check = session.connection().exec_driver_sql("PRAGMA integrity_check").scalar()
        assert check == "ok"
    finally:
        reopened.close()
