"""A team workspace on a real PostgreSQL server in the window (issue 21): File > Open Team
Workspace…, the title and the recent list, a read-only login, live refresh from another
client's commit and a lost connection."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractItemView, QApplication, QMessageBox
from sqlalchemy import select

from infradesk.model import Task
from infradesk.services.demo.seed import create_demo_project
from infradesk.services.plan.field_edits import UpdateTask
from infradesk.store.migrate import head_revision, script_directory
from infradesk.store.workspace import Workspace
from infradesk.ui.app import choose_workspace
from infradesk.ui.main_window import MainWindow
from infradesk.ui.settings import AppSettings
from infradesk.ui.team_workspace import PLACEHOLDER, SHORTCUT, TeamWorkspaceDialog
from tests.team_pg import Server, session_server

REFRESH_MS = 1000  # the brief: another client's edit shows within a second


@pytest.fixture(scope="session")
def team_server() -> Iterator[Server]:
    """One PostgreSQL server for the session (tests/team_pg.py)."""
    yield from session_server()


@pytest.fixture(scope="session")
def pg_server(team_server: Server) -> object:
    """The session's server (pgserver's handle) with a ``reader`` login."""
    team_server.pg.psql(
        "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'reader') THEN "
        "CREATE ROLE reader LOGIN; END IF; END $$;"
    )
    return team_server.pg


@pytest.fixture
def team_url(pg_server) -> str:
    """A fresh database per test holding the demo project; its URL (the superuser's)."""
    name = f"team_{uuid.uuid4().hex[:12]}"
    pg_server.psql(f"CREATE DATABASE {name};")
    url = pg_server.get_uri().replace("/postgres?", f"/{name}?")
    workspace = Workspace.open_location(url)
    with workspace.session() as session:
        create_demo_project(session)
    workspace.close()
    return url  # kept until the server stops: a window closed after this fixture may still read


def grant_reader(url: str) -> str:
    """Let the ``reader`` login only look at the database; its URL."""
    database = url.split("?")[0].rsplit("/", 1)[1]
    with psycopg.connect(url, autocommit=True) as c:
        c.execute(f"GRANT CONNECT ON DATABASE {database} TO reader")
        c.execute("GRANT USAGE ON SCHEMA public TO reader")
        c.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader")
    return url.replace("postgresql://postgres:@", "postgresql://reader@", 1)


def close_next_message(qtbot, seen: list[str]) -> None:
    """Close the next modal message box (noting its text) once it shows."""

    def close() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            box.close()
        else:
            QTimer.singleShot(20, close)

    QTimer.singleShot(20, close)


def open_dialog(window: MainWindow, qtbot) -> TeamWorkspaceDialog:
    window.open_team_action.trigger()
    qtbot.waitUntil(lambda: window.findChild(TeamWorkspaceDialog) is not None)
    dialog = window.findChild(TeamWorkspaceDialog)
    assert isinstance(dialog, TeamWorkspaceDialog)
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def team_window(qtbot, url: str) -> MainWindow:
    window = MainWindow(Workspace.open_location(url, allow_upgrade=False))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def task_named(workspace: Workspace, name: str) -> tuple[int, int]:
    with workspace.read_session() as session:
        task = session.scalars(select(Task).where(Task.name == name)).one()
        return task.project_id, task.id


def gantt_name(window: MainWindow, task_id: int) -> str | None:
    outline = window.gantt_tab.model.outline
    return outline.name[outline.ids.index(task_id)] if task_id in outline.ids else None


def test_the_dialog_opens_a_team_workspace(main_window: MainWindow, qtbot, team_url: str) -> None:
    assert main_window.open_team_action.shortcut().toString() == SHORTCUT
    file_path = main_window.workspace.path
    dialog = open_dialog(main_window, qtbot)
    assert dialog.url.placeholderText() == PLACEHOLDER
    assert "PGPASSWORD" in dialog.note.text() and "never stored" in dialog.note.text()
    assert not dialog.ok_button().isEnabled()  # no address yet
    # a password typed into the URL is used for this connection only
    dialog.url.setText(team_url.replace("postgres:@", "postgres:s3cret@"))
    assert dialog.ok_button().isEnabled()
    dialog.ok_button().click()

    qtbot.waitUntil(lambda: main_window.workspace.is_server)
    workspace = main_window.workspace
    assert not dialog.isVisible()
    assert workspace.title.endswith(" on localhost")
    title = main_window.windowTitle()
    assert workspace.title in title and file_path.name not in title
    assert main_window.project_selector.count() >= 1
    assert workspace.location in main_window.status_label.text()

    recent = main_window.settings.recent_files()
    assert recent[:2] == [workspace.location, str(file_path.resolve())]
    assert all("s3cret" not in entry for entry in recent)
    main_window.settings.sync()
    settings_file = Path(AppSettings()._settings.fileName())
    assert "s3cret" not in settings_file.read_text(encoding="utf-8")
    # file-only actions say why they are off; the file watcher gave way to the listener
    assert not main_window.restore_action.isEnabled()
    assert "pg_dump" in main_window.restore_action.statusTip()
    assert main_window.workspace_watch.listening


def test_a_refused_address_keeps_the_open_workspace(
    main_window: MainWindow, qtbot, team_url: str
) -> None:
    before = main_window.workspace
    dialog = open_dialog(main_window, qtbot)
    missing = team_url.replace("/team_", "/nowhere_", 1)
    dialog.url.setText(missing)
    seen: list[str] = []
    close_next_message(qtbot, seen)
    dialog.ok_button().click()
    qtbot.waitUntil(lambda: bool(seen))
    assert "nowhere_" in seen[0] and "Traceback" not in seen[0]
    assert main_window.workspace is before and not before.is_server
    assert dialog.isVisible()  # the address can be corrected
    assert dialog.ok_button().isEnabled()
    dialog.reject()


def test_an_older_team_workspace_is_upgraded_only_when_asked(
    main_window: MainWindow, qtbot, team_url: str
) -> None:
    older = script_directory().get_revision(head_revision()).down_revision
    assert isinstance(older, str)
    with psycopg.connect(team_url, autocommit=True) as connection:
        connection.execute("UPDATE alembic_version SET version_num = %s", (older,))
    before = main_window.workspace
    seen: list[str] = []
    close_next_message(qtbot, seen)  # closing the question answers No
    assert not main_window.open_location(team_url)
    assert "pg_dump" in seen[0] and seen[0].endswith("Upgrade now?")
    assert main_window.workspace is before
    with psycopg.connect(team_url) as connection:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    assert row == (older,)  # nothing was upgraded


def test_a_recent_team_workspace_opens_again(
    qtbot, team_url: str, tmp_path: Path, demo_workspace: Workspace
) -> None:
    window = team_window(qtbot, team_url)
    location = window.workspace.location
    assert window.open_workspace(demo_workspace.path)
    assert not window.workspace.is_server
    assert window.settings.recent_files()[1] == location

    window._fill_recent_menu()
    actions = [a for a in window.recent_menu.actions() if a.text().endswith(location)]
    assert len(actions) == 1
    actions[0].trigger()
    assert window.workspace.is_server and window.workspace.location == location
    assert window.workspace.title in window.windowTitle()


def test_save_as_copies_a_team_workspace_into_a_file(qtbot, team_url: str, tmp_path: Path) -> None:
    window = team_window(qtbot, team_url)
    project = window.current_project_name()
    tasks = window.gantt_tab.model.outline.ids
    target = tmp_path / "offline.infradesk"
    assert window.save_workspace_as(target)
    workspace = window.workspace
    assert not workspace.is_server and workspace.path == target
    assert window.current_project_name() == project
    assert window.gantt_tab.model.outline.ids == tasks
    assert "offline.infradesk" in window.windowTitle()
    assert window.restore_action.isEnabled()  # a file again: its backups can be restored
    assert not window.workspace_watch.listening  # the file watcher took over


def test_a_select_only_login_opens_read_only(qtbot, team_url: str) -> None:
    window = team_window(qtbot, grant_reader(team_url))
    workspace = window.workspace
    assert workspace.read_only and workspace.user_name == "reader"
    banner = window.read_only_banner
    qtbot.waitUntil(banner.isVisible)
    assert banner.label.text().startswith(f"Read-only: your login may not change {workspace.title}")
    assert not window.new_project_action.isEnabled()
    assert not window.rename_action.isEnabled() and not window.delete_action.isEnabled()
    assert not window.import_menu.isEnabled()
    assert not window.new_row_action.isEnabled()
    gantt = window.gantt_tab.tab_actions
    assert not gantt.insert_action.isEnabled() and not gantt.link_action.isEnabled()
    assert window.open_team_action.isEnabled()  # opening another one still works
    outline = window.gantt_tab.findChildren(QAbstractItemView)
    assert outline and all(
        v.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers for v in outline
    )


def test_another_clients_commit_shows_within_a_second(qtbot, team_url: str) -> None:
    window = team_window(qtbot, team_url)
    project_id, task_id = task_named(window.workspace, "Smoke tests")
    window._select_project(project_id)
    qtbot.waitUntil(lambda: gantt_name(window, task_id) == "Smoke tests")
    other = Workspace.open_location(team_url)
    try:
        UpdateTask(project_id, task_id, {"name": "Smoke tests (moved)"}).apply(other)
        qtbot.waitUntil(
            lambda: gantt_name(window, task_id) == "Smoke tests (moved)", timeout=REFRESH_MS
        )
    finally:
        other.close()
    assert window.statusBar().currentMessage() == "postgres changed tasks"
    assert window.workspace_watch.external_refreshes == 1
    # our own edit is not announced again by its notice: notices arrive in commit order, so
    # once the other client's next edit is shown, ours was heard and ignored
    window.context.execute(UpdateTask(project_id, task_id, {"name": "Smoke tests (ours)"}))
    other = Workspace.open_location(team_url)
    try:
        UpdateTask(project_id, task_id, {"name": "Smoke tests (theirs)"}).apply(other)
        qtbot.waitUntil(
            lambda: gantt_name(window, task_id) == "Smoke tests (theirs)", timeout=REFRESH_MS
        )
    finally:
        other.close()
    assert window.workspace_watch.external_refreshes == 2


def test_a_lost_connection_is_said_once(qtbot, team_url: str) -> None:
    window = team_window(qtbot, team_url)
    assert window.workspace_watch.listening
    database = team_url.split("?")[0].rsplit("/", 1)[1]
    with psycopg.connect(team_url, autocommit=True) as connection:
        connection.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            (database,),
        )
    qtbot.waitUntil(lambda: not window.workspace_watch.listening, timeout=3000)
    window.workspace_watch.poll()  # later ticks: nothing more to say
    window.workspace_watch.poll()
    boxes = [
        b for b in window.findChildren(QMessageBox) if b.objectName() == "connectionLostMessage"
    ]
    assert len(boxes) == 1 and boxes[0].isVisible()
    assert "Lost the connection" in boxes[0].text()
    # the window still works: its own reads reconnect
    window.reload_projects()
    assert window.project_selector.count() >= 1


def test_the_last_team_workspace_opens_at_start(qtbot, team_url: str) -> None:
    settings = AppSettings()
    settings.set_last_workspace(team_url)
    workspace = choose_workspace(None, settings)
    try:
        assert workspace.is_server and workspace.location == settings.last_workspace()
    finally:
        workspace.close()
    asked = choose_workspace(team_url, settings)  # `infradesk open postgresql://...`
    try:
        assert asked.is_server and asked.title == workspace.title
    finally:
        asked.close()
