"""Two real InfraDesk client processes on one team workspace (a real PostgreSQL): a stale edit
is refused naming who won, concurrent edits of one plan all land and leave a consistent
schedule, a commit's notice reaches the other client within a second, and a read-only login
writes nothing."""

from __future__ import annotations

import json
import os
import selectors
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func
from sqlalchemy import select as sql_select

from infradesk.model import AuditEntry, Project, Task
from infradesk.model.base import Base
from infradesk.services import audit
from infradesk.services.demo.seed import create_demo_project
from infradesk.services.plan import scheduling
from infradesk.services.plan.field_edits import UpdateTask
from infradesk.services.team_notices import ChangeListener
from infradesk.store.workspace import Workspace
from tests.team_pg import Server, database_name, session_server

REPO = Path(__file__).resolve().parents[2]
EDITORS = ("alice", "bob")
CHILD_TIMEOUT_S = 120

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    yield from session_server()


@pytest.fixture(scope="session")
def roles(server: Server) -> Server:
    """Two editors and a reader (roles belong to the whole server)."""
    for role in (*EDITORS, "reader"):
        server.psql(
            "postgres",
            f"DO $$ BEGIN CREATE ROLE {role} LOGIN; "
            "EXCEPTION WHEN duplicate_object THEN NULL; END $$;",
        )
    return server


@pytest.fixture
def team(roles: Server) -> Iterator[tuple[str, Workspace, int]]:
    """A new team workspace holding the demo plan, the editors' and the reader's rights
    granted as the user guide says; (database name, the owner's workspace, project id)."""
    url = roles.new_database()
    name = database_name(url)
    workspace = Workspace.open_location(url)  # the owner creates the schema
    with workspace.session() as session:
        pid = create_demo_project(session)
    editors = ", ".join(EDITORS)
    roles.psql(
        name,
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {editors};"
        f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {editors};"
        "GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader;",
    )
    yield name, workspace, pid
    workspace.close()


class Client:
    """``tests/robustness/team_client.py`` in a process of its own."""

    def __init__(self, started: list[Client], action: str, url: str, *args: object) -> None:
        started.append(self)
        env = {**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.robustness.team_client", action, url, *map(str, args)],
            cwd=REPO,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def line(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        text = self.process.stdout.readline()
        if not text:
            self.process.wait(CHILD_TIMEOUT_S)
            assert self.process.stderr is not None
            pytest.fail(f"client ended without an answer: {self.process.stderr.read()}")
        return dict(json.loads(text))

    def go(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write("go\n")
        self.process.stdin.flush()

    def finish(self) -> dict[str, Any]:
        """The client's last answer, once it has ended (cleanly: status 0, no traceback)."""
        out, err = self.process.communicate(timeout=CHILD_TIMEOUT_S)
        assert self.process.returncode == 0, err
        assert "Traceback" not in err
        return dict(json.loads(out.strip().splitlines()[-1]))

    def stop(self) -> None:
        """Make sure the process has ended and its pipes are closed (also after a failure)."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.communicate()


@pytest.fixture
def clients() -> Iterator[list[Client]]:
    """Every client a test starts; stopped after it, whatever happened."""
    started: list[Client] = []
    yield started
    for client in started:
        client.stop()


def leaves(workspace: Workspace, pid: int, count: int) -> list[tuple[int, int]]:
    """(id, version) of the project's first working (leaf, not started) tasks."""
    with workspace.read_session() as session:
        parents = sql_select(Task.parent_id).where(Task.parent_id.is_not(None))
        rows = session.execute(
            sql_select(Task.id, Task.version)
            .where(
                Task.project_id == pid,
                Task.duration_minutes > 0,
                Task.id.not_in(parents),
                func.coalesce(Task.percent_complete, 0) == 0,
            )
            .order_by(Task.id)
            .limit(count)
        ).all()
    return [(task_id, version) for task_id, version in rows]


def task_row(workspace: Workspace, task_id: int) -> Task:
    with workspace.read_session() as session:
        task = session.get(Task, task_id)
        assert task is not None
        return task


def test_a_stale_edit_is_refused_naming_who_won(
    roles: Server, team: tuple[str, Workspace, int], clients: list[Client]
) -> None:
    name, workspace, pid = team
    [(task_id, version)] = leaves(workspace, pid, 1)
    original = task_row(workspace, task_id).name
    running = {
        user: Client(
            clients, "edit", roles.url(name, user), pid, task_id, version, "name", f"By {user}"
        )
        for user in EDITORS
    }
    for client in running.values():
        assert client.line()["ready"]
    for client in running.values():  # both built from the same read, sent together
        client.go()
    results = {user: client.finish() for user, client in running.items()}

    winners = [user for user, result in results.items() if result["ok"]]
    assert len(winners) == 1, results
    [winner] = winners
    [loser] = [user for user in EDITORS if user != winner]
    refused = results[loser]
    assert refused["error"] == "StaleEditError"
    assert refused["record"] == ["task", task_id]
    assert f"by {winner} at " in refused["message"] and "Nothing was saved" in refused["message"]
    assert original in refused["message"] or f"By {winner}" in refused["message"]

    row = task_row(workspace, task_id)
    assert (row.name, row.version) == (f"By {winner}", version + 1)  # nothing lost
    history = audit.history(workspace, "task", task_id)
    assert [(h.user_name, h.command, h.action) for h in history] == [(winner, "Set name", "do")]


def test_concurrent_edits_of_one_plan_all_land_and_the_schedule_is_settled(
    roles: Server, team: tuple[str, Workspace, int], clients: list[Client]
) -> None:
    name, workspace, pid = team
    tasks = [task_id for task_id, _version in leaves(workspace, pid, 8)]
    assert len(tasks) == 8
    rounds = 4
    mine = {"alice": tasks[0::2], "bob": tasks[1::2]}
    with workspace.read_session() as session:
        audited = session.scalar(sql_select(func.count()).select_from(AuditEntry))
    running = {
        user: Client(clients, "many", roles.url(name, user), pid, rounds, *ids)
        for user, ids in mine.items()
    }
    for client in running.values():
        assert client.line()["ready"]
    for client in running.values():
        client.go()
    results = {user: client.finish() for user, client in running.items()}

    expected: dict[int, int] = {}
    for result in results.values():
        assert result["ok"]
        expected.update({int(k): v for k, v in result["last"].items()})
    assert sorted(expected) == sorted(tasks)
    for task_id, minutes in expected.items():  # every edit landed
        row = task_row(workspace, task_id)
        assert row.duration_minutes == minutes
        assert len(audit.history(workspace, "task", task_id)) == rounds
    with workspace.read_session() as session:
        entries = session.scalar(sql_select(func.count()).select_from(AuditEntry))
        assert entries == audited + rounds * len(tasks)
        users = set(session.scalars(sql_select(AuditEntry.user_name).distinct()))
        assert set(EDITORS) <= users
        # the stored schedule is what a full reschedule computes from the stored inputs
        result = scheduling.schedule(scheduling.plan_input_for(session, pid))
        assert scheduling.stored_changes(session, pid, result) == []
        stored = dict(
            (task_id, (start, finish))
            for task_id, start, finish in session.execute(
                sql_select(Task.id, Task.start, Task.finish).where(Task.project_id == pid)
            )
        )
    assert stored == result.start_finish()


def test_a_commit_notice_reaches_the_other_client_within_a_second(
    roles: Server, team: tuple[str, Workspace, int], clients: list[Client]
) -> None:
    name, workspace, pid = team
    [(task_id, version)] = leaves(workspace, pid, 1)
    listener = ChangeListener(workspace)
    try:
        client = Client(
            clients, "edit", roles.url(name, "alice"), pid, task_id, version, "name", "Moved"
        )
        assert client.line()["ready"]
        assert listener.poll() == []
        client.go()
        assert client.line()["ok"]
        committed = time.monotonic()  # the child has committed by now
        notices = []
        deadline = committed + 1.0
        with selectors.DefaultSelector() as waiting:  # select() stops at descriptor 1024
            waiting.register(listener.fileno(), selectors.EVENT_READ)
            while not notices and time.monotonic() < deadline:
                if waiting.select(max(0.0, deadline - time.monotonic())):
                    notices = listener.poll()
        assert notices, "no notice within 1 s of the other client's commit"
        assert client.process.wait(CHILD_TIMEOUT_S) == 0
    finally:
        listener.close()
    [notice] = notices
    assert notice.user_name == "alice"
    assert notice.changes.project_id == pid and "tasks" in notice.changes.kinds
    assert notice.client_id != workspace.client_id
    assert notice.entry_id == audit.history(workspace, "task", task_id)[-1].entry_id


def test_a_read_only_login_opens_read_only_and_writes_nothing(
    roles: Server, team: tuple[str, Workspace, int], clients: list[Client]
) -> None:
    name, workspace, pid = team
    [(task_id, version)] = leaves(workspace, pid, 1)
    before = dump(workspace)
    client = Client(clients, "read_only", roles.url(name, "reader"), pid, task_id)
    ready = client.line()
    assert ready["read_only"] is True and ready["user"] == "reader"
    client.go()
    result = client.finish()
    assert result["command"]["ok"] is False
    assert result["command"]["error"] == "ReadOnlyWorkspaceError"
    assert "read-only" in result["command"]["message"].lower()
    # a write behind the commands' back is refused by the server, in words
    assert result["direct"]["ok"] is False
    assert "Your login may not change" in result["direct"]["message"]
    assert "ask the workspace's owner" in result["direct"]["message"]
    assert dump(workspace) == before
    assert task_row(workspace, task_id).version == version


def dump(workspace: Workspace) -> dict[str, list[tuple[Any, ...]]]:
    with workspace.read_session() as session:
        return {
            table.name: [
                tuple(row)
                for row in session.execute(sql_select(table).order_by(*table.primary_key.columns))
            ]
            for table in Base.metadata.sorted_tables
        }


def test_the_owner_sees_the_projects_the_clients_edit(team: tuple[str, Workspace, int]) -> None:
    """The fixture's own check: the plan is there and its schedule settled to begin with."""
    _name, workspace, pid = team
    with workspace.read_session() as session:
        assert session.get(Project, pid) is not None
        result = scheduling.schedule(scheduling.plan_input_for(session, pid))
        assert scheduling.stored_changes(session, pid, result) == []
    UpdateTask(pid, leaves(workspace, pid, 1)[0][0], {"notes": "owner"}).apply(workspace)
