"""Restore from backup: the stale -wal beside a workspace must never come back (issue 13)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from infradesk.model import Project
from infradesk.store.backup import write_backup
from infradesk.store.restore import list_backups, restore_backup
from infradesk.store.workspace import Workspace, WorkspaceError

EDITS_THEN_DIE = """
import os, sqlite3, sys
from datetime import datetime
from infradesk.model import Project
from infradesk.store.workspace import Workspace
path = sys.argv[1]
workspace = Workspace.open(path)
holder = sqlite3.connect(path)  # keeps the log from being merged when a session closes
holder.execute("SELECT count(*) FROM project").fetchall()
for number in range(60):
    with workspace.session() as session:
        session.add(Project(name=f"Later edit {number}", start=datetime(2026, 3, 2, 8)))
os._exit(0)  # dies without closing: the 60 edits live only in the -wal
"""

HOLD_OPEN = """
import sys
from infradesk.store.workspace import Workspace
workspace = Workspace.open(sys.argv[1])
with workspace.session() as session:
    session.connection().exec_driver_sql("SELECT count(*) FROM project").fetchall()
connection = workspace.engine.connect()
connection.exec_driver_sql("SELECT count(*) FROM project").fetchall()
print("open", flush=True)
sys.stdin.readline()
"""


def project_names(path: Path) -> list[str]:
    workspace = Workspace.open(path)
    try:
        with workspace.session() as session:
            return list(session.scalars(select(Project.name).order_by(Project.id)))
    finally:
        workspace.close()


def make_workspace(path: Path, names: tuple[str, ...]) -> None:
    workspace = Workspace.create(path)
    with workspace.session() as session:
        for name in names:
            session.add(Project(name=name, start=datetime(2026, 1, 5, 8)))
    workspace.close()


def run_python(code: str, *args: str) -> None:
    subprocess.run([sys.executable, "-c", code, *args], check=True, timeout=120)


@pytest.fixture
def sixty_edits_after_backup(tmp_path: Path) -> tuple[Path, Path]:
    """A backup, then 60 edits left in a -wal by a process that died."""
    path = tmp_path / "plan.infradesk"
    make_workspace(path, ("Kept",))
    backup = write_backup(path, "manual")
    run_python(EDITS_THEN_DIE, str(path))
    assert (tmp_path / "plan.infradesk-wal").stat().st_size > 0
    return path, backup


def test_restore_brings_back_exactly_the_backup_despite_a_stale_wal(
    sixty_edits_after_backup: tuple[Path, Path],
) -> None:
    path, backup = sixty_edits_after_backup
    result = restore_backup(backup, path)
    assert not Path(f"{path}-wal").exists() and not Path(f"{path}-shm").exists()
    assert project_names(path) == ["Kept"]
    # Nothing is lost: the state before the restore, edits included, is a backup of its own.
    assert result.set_aside is not None and "before-restore" in result.set_aside.name
    assert project_names(result.set_aside) == ["Kept"] + [f"Later edit {n}" for n in range(60)]


def test_the_naive_file_copy_really_replays_the_stale_wal(
    sixty_edits_after_backup: tuple[Path, Path],
) -> None:
    """The scenario of the issue: why a plain copy is not a restore."""
    path, backup = sixty_edits_after_backup
    shutil.copyfile(backup, path)
    assert len(project_names(path)) == 61


def test_restore_is_refused_while_another_process_has_the_workspace_open(
    tmp_path: Path,
) -> None:
    path = tmp_path / "busy.infradesk"
    make_workspace(path, ("Current",))
    backup = write_backup(path, "manual")
    with subprocess.Popen(
        [sys.executable, "-c", HOLD_OPEN, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as holder:
        assert holder.stdout is not None and holder.stdin is not None
        assert holder.stdout.readline().strip() == "open"
        before = sorted(p.name for p in tmp_path.iterdir())
        with pytest.raises(WorkspaceError, match="open in another InfraDesk"):
            restore_backup(backup, path)
        assert sorted(p.name for p in tmp_path.iterdir()) == before
        holder.stdin.write("done\n")
        holder.stdin.flush()
    assert project_names(path) == ["Current"]


def test_a_bad_backup_is_refused_and_nothing_changes(tmp_path: Path) -> None:
    path = tmp_path / "plan.infradesk"
    make_workspace(path, ("Current",))
    bad = tmp_path / "plan.backup-20260101-120000-manual.infradesk"
    bad.write_bytes(b"not a database at all" * 10)
    before = path.read_bytes()
    with pytest.raises(WorkspaceError, match="not an InfraDesk workspace"):
        restore_backup(bad, path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [bad.name, path.name]


def test_a_damaged_or_missing_workspace_can_be_restored(tmp_path: Path) -> None:
    path = tmp_path / "plan.infradesk"
    make_workspace(path, ("Good",))
    backup = write_backup(path, "manual")
    path.write_bytes(b"")  # lost: a 0-byte file
    with pytest.raises(WorkspaceError, match="Restore from backup"):
        Workspace.open(path)
    restore_backup(backup, path)
    assert project_names(path) == ["Good"]
    path.unlink()
    result = restore_backup(backup, path)
    assert result.set_aside is None
    assert project_names(path) == ["Good"]


def test_list_backups_newest_first_with_date_label_and_size(tmp_path: Path) -> None:
    path = tmp_path / "plan.infradesk"
    make_workspace(path, ("A",))
    older = tmp_path / "plan.backup-20250101-090000-before-0005_status.infradesk"
    newer = tmp_path / "plan.backup-20260102-100000-manual.infradesk"
    for target in (older, newer):
        shutil.copyfile(path, target)
    (tmp_path / "other.backup-20260103-100000-manual.infradesk").write_bytes(b"x")
    backups = list_backups(path)
    assert [b.path for b in backups] == [newer, older]
    assert backups[0].taken == datetime(2026, 1, 2, 10, 0, 0)
    assert backups[1].label == "before-0005_status"
    assert backups[0].size == os.path.getsize(path)


def test_the_backup_itself_is_left_untouched(sixty_edits_after_backup: tuple[Path, Path]) -> None:
    path, backup = sixty_edits_after_backup
    before = backup.read_bytes()
    restore_backup(backup, path)
    assert backup.read_bytes() == before
    assert not Path(f"{backup}-wal").exists() and not Path(f"{backup}-shm").exists()
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    raw.close()
