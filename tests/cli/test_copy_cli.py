"""``infradesk copy`` between a workspace file and a team workspace on a real PostgreSQL, and
``--workspace postgresql://...`` on the other commands."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from infradesk.cli.main import main
from infradesk.model import Project, Task
from infradesk.model.base import Base
from infradesk.services import audit
from infradesk.services.plan import scheduling
from infradesk.services.plan.field_edits import UpdateTask
from infradesk.store.workspace import Workspace
from tests.team_pg import Server, database_name, session_server


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    yield from session_server()


@pytest.fixture
def database(server: Server) -> str:
    return server.new_database()


@contextmanager
def opened(location: str | Path) -> Iterator[Workspace]:
    workspace = Workspace.open_location(location)
    try:
        yield workspace
    finally:
        workspace.close()


def dump(location: str | Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (version counters and audit included), by primary key."""
    with opened(location) as workspace, workspace.read_session() as session:
        return {
            table.name: [
                tuple(row)
                for row in session.execute(select(table).order_by(*table.primary_key.columns))
            ]
            for table in Base.metadata.sorted_tables
        }


def first_leaf(workspace: Workspace) -> tuple[int, int, int, int]:
    """(project id, task id, its version, its duration) of the demo's first working task."""
    with workspace.read_session() as session:
        parents = select(Task.parent_id).where(Task.parent_id.is_not(None))
        task = session.scalars(
            select(Task)
            .where(Task.duration_minutes > 0, Task.id.not_in(parents))
            .order_by(Task.id)
            .limit(1)
        ).one()
        return task.project_id, task.id, task.version, task.duration_minutes


@pytest.fixture
def edited_file(tmp_path: Path) -> Path:
    """A workspace file holding the demo with one task edited twice (audited, version 3)."""
    path = tmp_path / "source.infradesk"
    assert main(["demo", "-w", str(path)]) == 0
    with opened(path) as workspace:
        pid, task_id, version, minutes = first_leaf(workspace)
        UpdateTask(pid, task_id, {"duration_minutes": minutes + 480}).apply(workspace)
        UpdateTask(pid, task_id, {"name": "Edited before the copy"}).apply(workspace)
        assert first_leaf(workspace)[2] == version + 2
    return path


def schedule_is_settled(location: str | Path) -> None:
    """The stored schedule is what a full reschedule computes (nothing to write)."""
    with opened(location) as workspace, workspace.read_session() as session:
        for pid in session.scalars(select(Project.id)):
            result = scheduling.schedule(scheduling.plan_input_for(session, pid))
            assert scheduling.stored_changes(session, pid, result) == []


def test_copy_file_to_server_and_back_keeps_every_row(
    edited_file: Path, database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = dump(edited_file)
    assert before["audit_entry"] and before["task"]
    assert main(["copy", str(edited_file), database]) == 0
    captured = capsys.readouterr()
    assert f"  task: {len(before['task'])} rows" in captured.err  # progress per table
    total = sum(len(rows) for rows in before.values())
    assert f"Copied {total} rows" in captured.out and " s " in captured.out
    assert "postgres:@" not in captured.out  # the URL is shown without a password part
    assert dump(database) == before  # ids, versions, audit: all the same

    back = tmp_path / "back.infradesk"
    assert main(["copy", database, str(back)]) == 0
    assert dump(back) == before
    for location in (database, back):
        schedule_is_settled(location)
        with opened(location) as workspace:
            pid, task_id, version, minutes = first_leaf(workspace)
            history = audit.history(workspace, "task", task_id)
            assert len(history) == 2  # the audit came along
            # the copy is a working workspace: new rows get new ids, versions count on
            UpdateTask(pid, task_id, {"duration_minutes": minutes + 60}).apply(workspace)
            assert first_leaf(workspace)[2] == version + 1
            assert len(audit.history(workspace, "task", task_id)) == 3
            with workspace.session() as session:
                extra = Task(project_id=pid, name="After the copy", duration_minutes=480)
                session.add(extra)
                session.flush()
                assert extra.id > max(row[0] for row in before["task"])


def test_a_team_workspace_is_named_by_url_on_the_command_line(
    database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "-w", database]) == 0
    assert "Demo project written to postgresql://postgres@" in capsys.readouterr().out
    copy = tmp_path / "copy.infradesk"
    assert main(["copy", database, str(copy)]) == 0
    assert dump(copy) == dump(database)
    # a file-only command says why it does not apply, exit 2
    assert main(["restore", "--list", "-w", database]) == 2
    assert "pg_dump" in capsys.readouterr().err


def test_copy_refuses_an_existing_file_and_leaves_it_alone(
    edited_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "taken.infradesk"
    target.write_bytes(b"someone's file")
    assert main(["copy", str(edited_file), str(target)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "already exists" in err and "Traceback" not in err
    assert target.read_bytes() == b"someone's file"


def test_copy_refuses_a_database_holding_projects(
    edited_file: Path, database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "-w", database]) == 0
    before = dump(database)
    capsys.readouterr()
    assert main(["copy", str(edited_file), database]) == 2
    err = capsys.readouterr().err
    assert "infradesk: error: nothing was copied:" in err and "already holds projects" in err
    assert "Traceback" not in err
    assert dump(database) == before


def test_copy_refuses_a_database_of_another_program(
    edited_file: Path, server: Server, capsys: pytest.CaptureFixture[str]
) -> None:
    url = server.new_database()
    name = database_name(url)
    server.psql(name, "CREATE TABLE invoices (id int); INSERT INTO invoices VALUES (7);")
    assert main(["copy", str(edited_file), url]) == 2
    err = capsys.readouterr().err
    assert "is not empty and is not an InfraDesk workspace" in err and "invoices" in err
    tables = server.psql(name, "SELECT tablename FROM pg_tables WHERE schemaname = 'public';")
    assert "invoices" in tables and "task" not in tables and "project" not in tables


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("postgresql://", "names no database"),
        ("postgresql://nobody@/nowhere?host=/nonexistent-socket-dir", "Cannot connect"),
    ],
)
def test_copy_refuses_a_bad_url_in_one_line(
    edited_file: Path, target: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    digest = hashlib.sha256(edited_file.read_bytes()).hexdigest()
    assert main(["copy", str(edited_file), target]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert err.startswith("infradesk: error: ") and err.rstrip("\n").count("\n") == 0
    assert hashlib.sha256(edited_file.read_bytes()).hexdigest() == digest


def test_copy_from_a_missing_file_or_onto_itself(
    tmp_path: Path, edited_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["copy", str(tmp_path / "missing.infradesk"), str(tmp_path / "x.infradesk")]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert not (tmp_path / "x.infradesk").exists()
    assert main(["copy", str(edited_file), str(edited_file)]) == 2
    assert "the same file" in capsys.readouterr().err


def test_copy_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["copy", "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "postgresql://" in out and "PGPASSWORD" in out


def guide_sql(after: str) -> str:
    """The first ``sql`` block of the user guide after the line ``after``."""
    guide = (Path(__file__).resolve().parents[2] / "docs" / "user-guide.md").read_text()
    rest = guide[guide.index(after) :]
    start = rest.index("```sql\n") + len("```sql\n")
    return rest[start : rest.index("```", start)]


def test_the_user_guides_sql_sets_up_owner_editors_and_readers(
    server: Server, edited_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.pg.psql("\\set ON_ERROR_STOP on\n" + guide_sql("### Create the database and the roles"))
    owner = server.url("infradesk", "infradesk_owner")
    alice = server.url("infradesk", "alice")
    carol = server.url("infradesk", "carol")
    # an editor is not the one to create the schema
    assert main(["copy", str(edited_file), alice]) == 2
    assert "cannot be set up with this login" in capsys.readouterr().err
    assert main(["copy", str(edited_file), owner]) == 0  # the owner creates it
    before = dump(owner)
    with opened(alice) as workspace:
        assert not workspace.read_only and workspace.user_name == "alice"
        pid, task_id, version, minutes = first_leaf(workspace)
        UpdateTask(pid, task_id, {"duration_minutes": minutes + 60}).apply(workspace)
        assert first_leaf(workspace)[2] == version + 1
        with workspace.session() as session:  # new ids come from the owner's sequences
            session.add(Task(project_id=pid, name="Added by alice", duration_minutes=60))
        names = [entry.user_name for entry in audit.history(workspace, "task", task_id)]
        assert len(names) == 3 and names.count("alice") == 1  # the file's two, then alice's
    edited = dump(owner)
    assert edited != before
    with opened(carol) as workspace:
        assert workspace.read_only and workspace.user_name == "carol"
    assert main(["demo", "-w", carol]) == 2
    assert "your login may not change the team workspace infradesk on localhost" in (
        capsys.readouterr().err
    )
    assert dump(owner) == edited
    # the grants for tables created before the default privileges run as well
    server.pg.psql("\\set ON_ERROR_STOP on\n" + guide_sql("If the owner created the tables"))
    assert main(["copy", carol, str(tmp_path / "carol.infradesk")]) == 0
    assert dump(tmp_path / "carol.infradesk") == edited
