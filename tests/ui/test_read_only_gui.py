"""A read-only workspace in the window: a banner, edits switched off or refused with a message.

Root ignores file permissions, so ``Workspace.open`` finds every file writable when the tests
run as root. The workspace is therefore opened through the store's own read-only path: the
file is made read-only and the Workspace is built as ``Workspace.open`` builds it for such a
file (``make_read_only_engine`` over ``read_access``'s URI, ``read_only=True``). Edits are real
Commands refused by ``Workspace.check_writable``; the file stays byte-identical.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QFileDialog, QMessageBox

from infradesk.model import Project
from infradesk.services.plan.projects import RenameProject
from infradesk.store.inspection import read_access
from infradesk.store.readonly import READ_ONLY_MESSAGE, make_read_only_engine
from infradesk.store.workspace import Workspace
from infradesk.ui.excepthook import GuiExceptHook, install_excepthook, uninstall_excepthook
from infradesk.ui.main_window import MainWindow
from infradesk.ui.read_only_banner import BANNER_TEXT

# A refused edit from a tab's button escapes to sys.excepthook; let ours handle it.
pytestmark = pytest.mark.qt_no_exception_capture


def make_workspace(path: Path, names: tuple[str, ...]) -> Path:
    workspace = Workspace.create(path)
    with workspace.session() as session:
        for name in names:
            session.add(Project(name=name, start=datetime(2026, 1, 5, 8)))
    workspace.close()
    return path


def open_read_only(path: Path) -> Workspace:
    """What ``Workspace.open`` returns for a file we may not write (see module docstring)."""
    path.chmod(0o444)
    return Workspace(path, make_read_only_engine(read_access(path).uri), read_only=True)


@pytest.fixture
def hook(qapp) -> Iterator[GuiExceptHook]:
    installed = install_excepthook()
    yield installed
    uninstall_excepthook(installed)


@pytest.fixture
def read_only_window(qtbot, tmp_path: Path) -> Iterator[MainWindow]:
    path = make_workspace(tmp_path / "locked.infradesk", ("Core refresh", "WAN upgrade"))
    window = MainWindow(open_read_only(path))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    path.chmod(0o644)


def item_views(window: MainWindow) -> list[QAbstractItemView]:
    return window.tabs.findChildren(QAbstractItemView)


def test_the_banner_shows_below_the_toolbar_and_edits_are_switched_off(
    read_only_window: MainWindow,
) -> None:
    window = read_only_window
    banner = window.read_only_banner
    assert banner.isVisible()
    assert banner.label.text() == BANNER_TEXT
    assert banner.save_as_button.isVisible()
    # Its own row below the project toolbar, outside the central widget (welcome.py swaps it).
    assert banner.geometry().top() >= window.toolbar.geometry().bottom()
    assert not window.centralWidget().isAncestorOf(banner)
    # Not dismissable: not movable, not floatable, not in the toolbar menu.
    assert not banner.isMovable() and not banner.isFloatable()
    assert not banner.toggleViewAction().isVisible()
    assert window.project_selector.count() == 2  # looking still works

    assert not window.new_project_action.isEnabled()
    assert not window.rename_action.isEnabled()
    assert not window.delete_action.isEnabled()
    assert not window.import_menu.isEnabled()
    assert not window.undo_action.isEnabled() and not window.redo_action.isEnabled()
    views = item_views(window)
    assert views
    assert all(v.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers for v in views)
    window.grab().save(str(Path("/tmp/infradesk-read-only-banner.png")))


def test_an_edit_is_refused_with_the_message_and_nothing_is_written(
    read_only_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = read_only_window
    before = window.workspace.path.read_bytes()
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda parent, title, text, *a: shown.append((title, text))
    )
    project_id = window.context.project_id
    assert not window._run(RenameProject(project_id, "Renamed"), "Rename Project")
    assert shown == [("Rename Project", READ_ONLY_MESSAGE)]
    assert window.context.undo_stack.count() == 0
    assert window.workspace.path.read_bytes() == before


def test_an_edit_from_a_tab_is_a_message_not_an_internal_error(
    read_only_window: MainWindow, hook: GuiExceptHook, qtbot, isolated_user_folders: Path
) -> None:
    window = read_only_window
    before = window.workspace.path.read_bytes()
    actions = window.gantt_tab.tab_actions
    assert not actions.insert_action.isEnabled()  # switched off with the read-only banner
    # an edit that still gets through: the tab says it in its banner, not the hook
    actions.rows.insert()
    assert window.gantt_tab.last_message == READ_ONLY_MESSAGE
    assert window.gantt_tab.banner.isVisible()
    assert hook.dialog is None
    assert not list((isolated_user_folders / "data").rglob("crash-*.log"))
    assert window.isVisible()
    assert window.context.undo_stack.count() == 0
    assert window.workspace.path.read_bytes() == before


def test_the_banner_goes_away_when_a_writable_workspace_is_opened(
    read_only_window: MainWindow, tmp_path: Path
) -> None:
    window = read_only_window
    triggers_before = {id(v): v.editTriggers() for v in item_views(window)}
    writable = make_workspace(tmp_path / "open.infradesk", ("Branch rollout",))
    assert window.open_workspace(writable)
    assert not window.workspace.read_only
    assert not window.read_only_banner.isVisible()
    assert window.new_project_action.isEnabled()
    assert window.rename_action.isEnabled() and window.delete_action.isEnabled()
    assert window.import_menu.isEnabled()
    assert window.gantt_tab.tab_actions.insert_action.isEnabled()
    assert window.new_row_action.isEnabled()
    views = item_views(window)
    assert any(v.editTriggers() != QAbstractItemView.EditTrigger.NoEditTriggers for v in views)
    assert set(triggers_before) <= {id(v) for v in views}
    # An edit now goes through.
    window.context.execute(RenameProject(window.context.project_id, "Branch rollout 2"))
    assert window.project_selector.currentText() == "Branch rollout 2"


def test_a_writable_workspace_shows_no_banner(main_window: MainWindow) -> None:
    assert not main_window.read_only_banner.isVisible()
    assert main_window.new_project_action.isEnabled()


def test_the_banner_save_as_makes_an_editable_copy(
    read_only_window: MainWindow, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = read_only_window
    copy = tmp_path / "editable.infradesk"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(copy), ""))
    qtbot.mouseClick(window.read_only_banner.save_as_button, Qt.MouseButton.LeftButton)
    assert window.workspace.path == copy and not window.workspace.read_only
    assert not window.read_only_banner.isVisible()
    window.context.execute(RenameProject(window.context.project_id, "Core refresh 2"))
    assert window.project_selector.currentText() == "Core refresh 2"
