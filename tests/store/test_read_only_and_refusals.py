"""Workspace files tell the truth: read-only files open read-only, refusals change nothing.

Issue 13: a read-only file or folder was called "damaged or truncated", a read-only workspace
with its WAL died at close, a foreign database with ``alembic_version`` was "written by a newer
InfraDesk", a 0-byte file silently became a new workspace, refused files got a -wal/-shm.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from infradesk.errors import UserError
from infradesk.model import Project
from infradesk.services.plan.projects import RenameProject
from infradesk.store.workspace import Workspace, WorkspaceError
from store.unprivileged import Outcome, run_unprivileged, shared_folder

READ_ONLY_TEXT = (
    "This workspace is read-only (file permissions); use File > Save As to make an editable copy."
)


@pytest.fixture
def folder() -> Iterator[Path]:
    with shared_folder() as path:
        yield path


def make_workspace(path: Path, names: tuple[str, ...] = ("Core refresh",)) -> None:
    workspace = Workspace.create(path)
    with workspace.session() as session:
        for name in names:
            session.add(Project(name=name, start=datetime(2026, 1, 5, 8)))
    workspace.close()


def siblings(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


def open_read_rename_close(path: Path) -> dict[str, object]:
    """In the unprivileged child: open, read, try an edit, close."""
    workspace = Workspace.open(path)
    with workspace.session() as session:
        names = [p.name for p in session.scalars(select(Project).order_by(Project.id))]
    refusal = ""
    try:
        RenameProject(1, "Renamed").apply(workspace)
    except UserError as error:
        refusal = str(error)
    workspace.close()
    return {"read_only": workspace.read_only, "names": names, "refusal": refusal}


def check_opens_read_only(outcome: Outcome, names: list[str]) -> None:
    assert not outcome.raised, outcome.details
    assert outcome.value == {"read_only": True, "names": names, "refusal": READ_ONLY_TEXT}


def test_a_read_only_file_in_a_writable_folder_opens_read_only(folder: Path) -> None:
    path = folder / "ro.infradesk"
    make_workspace(path)
    before = path.read_bytes()
    path.chmod(0o444)
    folder.chmod(0o777)
    check_opens_read_only(run_unprivileged(open_read_rename_close, path), ["Core refresh"])
    assert path.read_bytes() == before


def test_a_workspace_in_a_read_only_folder_opens_read_only(folder: Path) -> None:
    path = folder / "ro.infradesk"
    make_workspace(path)
    before = path.read_bytes()
    check_opens_read_only(run_unprivileged(open_read_rename_close, path), ["Core refresh"])
    assert path.read_bytes() == before
    assert siblings(path) == ["ro.infradesk"]  # nothing created beside it


def _workspace_with_live_wal(folder: Path, keep_shm: bool) -> Path:
    """A workspace whose last edits live only in its -wal (copied while it was open)."""
    work = folder / "work"
    work.mkdir()
    source = work / "live.infradesk"
    make_workspace(source, ("Checkpointed",))
    workspace = Workspace.open(source)
    holder = sqlite3.connect(source)  # an idle second connection: no checkpoint at commit
    holder.execute("SELECT count(*) FROM project").fetchall()
    with workspace.session() as session:
        session.add(Project(name="Only in the WAL", start=datetime(2026, 2, 2, 8)))
    target = folder / "ro.infradesk"
    for suffix in ("", "-wal", "-shm") if keep_shm else ("", "-wal"):
        shutil.copyfile(f"{source}{suffix}", f"{target}{suffix}")
    holder.close()
    workspace.close()
    shutil.rmtree(work)
    assert (folder / "ro.infradesk-wal").stat().st_size > 0
    return target


def test_a_read_only_workspace_with_its_wal_reads_the_wal_and_closes(folder: Path) -> None:
    path = _workspace_with_live_wal(folder, keep_shm=True)
    before = {name: (folder / name).read_bytes() for name in siblings(path)}
    outcome = run_unprivileged(open_read_rename_close, path)
    check_opens_read_only(outcome, ["Checkpointed", "Only in the WAL"])
    assert {name: (folder / name).read_bytes() for name in siblings(path)}.keys() == before.keys()
    assert path.read_bytes() == before["ro.infradesk"]


def test_a_wal_that_cannot_be_read_is_explained_not_called_damaged(folder: Path) -> None:
    path = _workspace_with_live_wal(folder, keep_shm=False)
    outcome = run_unprivileged(open_read_rename_close, path)
    assert outcome.error_type == "WorkspaceError"
    assert "read-only" in outcome.message and "ro.infradesk-wal" in outcome.message
    assert "damaged" not in outcome.message
    assert siblings(path) == ["ro.infradesk", "ro.infradesk-wal"]


@pytest.mark.parametrize("how", ["open", "open_or_create", "create"])
def test_a_zero_byte_file_is_refused_not_turned_into_a_workspace(tmp_path: Path, how: str) -> None:
    path = tmp_path / "empty.infradesk"
    path.write_bytes(b"")
    with pytest.raises(WorkspaceError, match=r"is empty \(0 bytes\); it is not a workspace"):
        getattr(Workspace, how)(path)
    assert path.read_bytes() == b""
    assert siblings(path) == ["empty.infradesk"]


def test_a_zero_byte_file_in_a_read_only_folder_is_refused(folder: Path) -> None:
    path = folder / "empty.infradesk"
    path.write_bytes(b"")
    outcome = run_unprivileged(Workspace.open_or_create, path)
    assert outcome.error_type == "WorkspaceError"
    assert "is empty (0 bytes)" in outcome.message


def test_the_empty_file_message_points_at_backups_when_there_are_some(tmp_path: Path) -> None:
    path = tmp_path / "lost.infradesk"
    make_workspace(tmp_path / "lost.backup-20260101-120000-manual.infradesk")
    path.write_bytes(b"")
    with pytest.raises(WorkspaceError, match="Restore from backup"):
        Workspace.open(path)


def test_creating_in_a_read_only_folder_is_refused_and_leaves_nothing(folder: Path) -> None:
    outcome = run_unprivileged(Workspace.create, folder / "new.infradesk")
    assert outcome.error_type == "WorkspaceError"
    assert "read-only" in outcome.message
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("revision", ["abc123", None])
def test_a_foreign_database_with_alembic_version_is_not_called_newer(
    tmp_path: Path, revision: str | None
) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        raw.execute("CREATE TABLE project (id INTEGER PRIMARY KEY, title TEXT)")
        if revision:
            raw.execute("INSERT INTO alembic_version VALUES (?)", (revision,))
    raw.close()
    before = path.read_bytes()
    with pytest.raises(WorkspaceError) as refusal:
        Workspace.open(path)
    assert "not an InfraDesk workspace" in str(refusal.value)
    assert "newer" not in str(refusal.value)
    assert path.read_bytes() == before


def test_our_tables_with_an_unknown_revision_of_our_shape_are_newer(tmp_path: Path) -> None:
    path = tmp_path / "future.infradesk"
    make_workspace(path)
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '0042_teleport'")
    raw.close()
    with pytest.raises(WorkspaceError, match=r"newer version of InfraDesk \(schema 0042_teleport"):
        Workspace.open(path)


def test_a_refused_wal_mode_database_gets_no_wal_or_shm(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA journal_mode=WAL")
    raw.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    raw.commit()
    raw.close()
    before = path.read_bytes()
    with pytest.raises(WorkspaceError, match="not an InfraDesk workspace"):
        Workspace.open(path)
    assert siblings(path) == ["other.db"]
    assert path.read_bytes() == before


def test_a_damaged_workspace_points_at_restore(tmp_path: Path) -> None:
    path = tmp_path / "broken.infradesk"
    make_workspace(path)
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    data[page_size + 8 : 2 * page_size] = b"\xff" * (page_size - 8)  # garble page 2
    path.write_bytes(bytes(data))
    with pytest.raises(WorkspaceError) as refusal:
        Workspace.open(path)
    message = str(refusal.value)
    assert "damaged" in message
    assert "Restore from backup" in message and "infradesk restore" in message


def test_closing_a_read_only_workspace_never_raises(folder: Path) -> None:
    path = _workspace_with_live_wal(folder, keep_shm=True)

    def open_then_close_twice(target: Path) -> bool:
        workspace = Workspace.open(target)
        workspace.close()
        workspace.close()
        return workspace.read_only

    outcome = run_unprivileged(open_then_close_twice, path)
    assert not outcome.raised, outcome.details
    assert outcome.value is True


def test_workspace_errors_are_user_errors() -> None:
    assert issubclass(WorkspaceError, UserError)


def test_the_gui_default_workspace_is_never_replaced_when_it_is_0_bytes(tmp_path: Path) -> None:
    app = pytest.importorskip("infradesk.ui.app")
    from infradesk.store.locations import default_workspace_path

    path = default_workspace_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"")
    with pytest.raises(WorkspaceError, match=r"is empty \(0 bytes\)"):
        app.open_default_workspace()
    assert path.read_bytes() == b""
