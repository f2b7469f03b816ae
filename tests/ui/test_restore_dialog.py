"""File > Restore from backup…: the window lets go of its file, restores, and shows the backup.

Issue 13: a backup copied by hand next to a leftover ``-wal`` brought every later edit back.
Here the edits after the backup sit in the workspace's ``-wal`` when Restore is pressed; after
the restore the window (and a fresh open of the file) shows exactly the backup's projects.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton
from sqlalchemy import select

from infradesk.model import Project
from infradesk.services.plan.projects import CreateProject, RenameProject
from infradesk.store.backup import write_backup
from infradesk.store.inspection import side_file
from infradesk.store.workspace import Workspace
from infradesk.ui.main_window import MainWindow
from infradesk.ui.restore_dialog import CONFIRM_NOTE, RestoreDialog


def make_workspace(path: Path, names: tuple[str, ...]) -> Path:
    workspace = Workspace.create(path)
    with workspace.session() as session:
        for name in names:
            session.add(Project(name=name, start=datetime(2026, 1, 5, 8)))
    workspace.close()
    return path


def project_names(path: Path) -> list[str]:
    workspace = Workspace.open(path)
    try:
        with workspace.read_session() as session:
            return sorted(session.scalars(select(Project.name)))
    finally:
        workspace.close()


def shown_names(window: MainWindow) -> list[str]:
    selector = window.project_selector
    return sorted(selector.itemText(i) for i in range(selector.count()))


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "plan.infradesk", ("Core refresh", "WAN upgrade"))


@pytest.fixture
def window(qtbot, path: Path) -> Iterator[MainWindow]:
    window = MainWindow(Workspace.open(path))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """Record the message boxes; confirm every question."""
    seen: dict[str, list[str]] = {"question": [], "critical": []}

    def question(parent, title, text, *args):
        seen["question"].append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(
        QMessageBox, "critical", lambda parent, title, text, *a: seen["critical"].append(text)
    )
    return seen


def open_dialog(window: MainWindow, qtbot) -> RestoreDialog:
    window.restore_action.trigger()
    dialog = window.findChild(RestoreDialog)
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_restore_through_the_dialog_shows_exactly_the_backup(
    window: MainWindow, path: Path, qtbot, answers
) -> None:
    backup = write_backup(path, "manual")
    context = window.context
    context.execute(CreateProject("Later project", datetime(2026, 3, 2, 8)))
    first = window.project_selector.findText("Core refresh")
    context.execute(RenameProject(window.project_selector.itemData(first), "Renamed later"))
    assert shown_names(window) == ["Later project", "Renamed later", "WAN upgrade"]
    wal = side_file(path, "-wal")
    assert wal.exists() and wal.stat().st_size > 0  # the later edits live in the -wal

    dialog = open_dialog(window, qtbot)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 1).text() == "manual"
    assert dialog.table.item(0, 3).text() == backup.name
    dialog.grab().save("/tmp/infradesk-restore-dialog.png")
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    assert len(answers["question"]) == 1 and CONFIRM_NOTE in answers["question"][0]
    assert answers["critical"] == []
    assert shown_names(window) == ["Core refresh", "WAN upgrade"]
    assert window.context.undo_stack.count() == 0  # the edits it held are gone with the file
    # The window works on the restored file, and its watch polls it again.
    context.execute(CreateProject("After restore", datetime(2026, 4, 6, 8)))
    assert window.workspace_watch._timer.isActive()
    window.close()
    assert project_names(path) == ["After restore", "Core refresh", "WAN upgrade"]
    # Nothing was lost: the file as it was is kept as a before-restore backup.
    aside = [p for p in path.parent.glob("plan.backup-*-before-restore.infradesk")]
    assert len(aside) == 1
    assert project_names(aside[0]) == ["Later project", "Renamed later", "WAN upgrade"]


def test_backups_are_listed_newest_first(window: MainWindow, path: Path, qtbot) -> None:
    older = path.with_name("plan.backup-20250101-080000-before-0005_status.infradesk")
    newer = path.with_name("plan.backup-20260301-170000-manual.infradesk")
    for target in (older, newer):
        write_backup(path, "x").rename(target)
    dialog = open_dialog(window, qtbot)
    files = [dialog.table.item(row, 3).text() for row in range(dialog.table.rowCount())]
    assert files == [newer.name, older.name]
    assert dialog.table.item(0, 0).text() == "2026-03-01 17:00:00"
    assert dialog.table.item(1, 1).text() == "before-0005_status"
    assert dialog.restore_button.isEnabled()


def test_without_backups_the_dialog_says_so(window: MainWindow, qtbot) -> None:
    dialog = open_dialog(window, qtbot)
    assert "There are no backups of plan.infradesk" in dialog.intro.text()
    assert not dialog.restore_button.isEnabled()
    dialog.reject()


def test_a_refused_restore_changes_nothing_and_the_window_keeps_working(
    window: MainWindow, path: Path, qtbot, answers
) -> None:
    write_backup(path, "manual")
    window.context.execute(CreateProject("Later project", datetime(2026, 3, 2, 8)))
    other = sqlite3.connect(path)  # another program has the workspace open
    try:
        other.execute("SELECT count(*) FROM project").fetchone()
        dialog = open_dialog(window, qtbot)
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    finally:
        other.close()
    assert len(answers["critical"]) == 1
    assert answers["critical"][0].startswith("Nothing was restored: plan.infradesk is open in")
    assert shown_names(window) == ["Core refresh", "Later project", "WAN upgrade"]
    window.context.execute(CreateProject("Still editable", datetime(2026, 4, 6, 8)))
    assert window.workspace_watch._timer.isActive()
    assert not list(path.parent.glob("*before-restore*"))


def test_a_damaged_workspace_offers_restore_from_backup(
    window: MainWindow, tmp_path: Path, qtbot, answers
) -> None:
    damaged = make_workspace(tmp_path / "site.infradesk", ("Site survey",))
    write_backup(damaged, "manual")
    data = bytearray(damaged.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the first page's b-tree: unreadable
    damaged.write_bytes(bytes(data))

    assert not window.open_workspace(damaged)
    box = window.findChild(QMessageBox, "cannotOpenWorkspace")
    assert box is not None
    qtbot.waitUntil(box.isVisible)
    assert "damaged" in box.text()
    restore = next(b for b in box.findChildren(QPushButton) if b.text() == "Restore from backup…")
    qtbot.mouseClick(restore, Qt.MouseButton.LeftButton)
    dialog = window.findChild(RestoreDialog)
    assert dialog is not None and dialog.workspace_path == damaged
    qtbot.waitUntil(dialog.isVisible)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert answers["critical"] == []
    assert window.workspace.path == damaged
    assert shown_names(window) == ["Site survey"]


def test_a_damaged_workspace_without_backups_gets_the_plain_message(
    window: MainWindow, tmp_path: Path, answers
) -> None:
    damaged = tmp_path / "junk.infradesk"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4080)
    assert not window.open_workspace(damaged)
    assert len(answers["critical"]) == 1
    assert window.findChild(QMessageBox, "cannotOpenWorkspace") is None
