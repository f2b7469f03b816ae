"""Stale edits (issue 21): the rows the views read carry their version counter, and an edit
built from a row that someone else changed since is refused, naming who and when, with
nothing written.

"Someone else" is real: a second :class:`Workspace` object on the same file, with its own
connections, client id and user name, applies its command as another InfraDesk would.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from infradesk.model import AuditEntry, ChangeRequest, Issue, Risk, Task, Vendor
from infradesk.services import audit
from infradesk.services.commands import StaleEditError, current_version, row_versions
from infradesk.services.demo.commands import add_demo_project
from infradesk.services.plan.field_edits import UpdateTask
from infradesk.services.plan.outline import load_outline
from infradesk.services.risks import queries as risk_queries
from infradesk.services.risks.commands import DeleteRecords, EditRecord
from infradesk.services.vendors.commands import EditVendorField
from infradesk.services.vendors.queries import load_overview, load_vendor_detail
from infradesk.store.workspace import Workspace


@pytest.fixture
def other(demo_workspace: Workspace) -> Iterator[Workspace]:
    """Alice's InfraDesk on the same workspace (file or server)."""
    alice = Workspace.open_location(demo_workspace.location)
    alice.user_name = "alice"
    yield alice
    alice.close()


def project_of(workspace: Workspace) -> int:
    with workspace.read_session() as session:
        project_id = session.scalar(select(Task.project_id).limit(1))
    assert project_id is not None
    return project_id


def task_named(workspace: Workspace, name: str) -> Task:
    with workspace.read_session() as session:
        task = session.scalars(select(Task).where(Task.name == name)).one()
        session.expunge(task)
    return task


def audit_count(workspace: Workspace) -> int:
    with workspace.read_session() as session:
        return int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def test_the_rows_the_views_read_carry_each_version(demo_workspace: Workspace) -> None:
    workspace = demo_workspace
    project_id = project_of(workspace)
    with workspace.read_session() as session:
        outline = load_outline(session, project_id)
        stored = dict(session.execute(select(Task.id, Task.version)).all())
        assert len(outline.version) == len(outline.ids)
        assert [stored[t] for t in outline.ids] == outline.version
        assert set(outline.version) != {1}  # the demo's scheduler passes counted some
        risks = risk_queries.load_risks(session, project_id)
        issues = risk_queries.load_issues(session, project_id)
        changes = risk_queries.load_changes(session, project_id)
        for rows, model in ((risks, Risk), (issues, Issue), (changes, ChangeRequest)):
            versions = dict(session.execute(select(model.id, model.version)).all())
            assert rows and all(row.version == versions[row.id] for row in rows)
        overview = load_overview(session, project_id)
        vendor = overview.rows[0]
        assert vendor.version == session.get(Vendor, vendor.id).version
        detail = load_vendor_detail(session, vendor.id)
        assert detail is not None
        assert detail.vendor["version"] == vendor.version
        assert all("version" in row for row in detail.contracts + detail.orders)
    task = task_named(workspace, "Smoke tests")
    rename = UpdateTask(project_id, task.id, {"name": "Smoke tests, both halls"})
    changes = rename.apply(workspace)
    # the notice carries the versions as committed: a view updating rows in place keeps them
    assert changes.versions is not None
    assert changes.versions[("task", task.id)] == task.version + 1
    undone = rename.revert(workspace)
    assert undone.versions is not None
    assert undone.versions[("task", task.id)] == task.version + 2
    assert current_version(workspace, "task", task.id) == task.version + 2
    redone = rename.apply(workspace)
    assert redone.versions is not None
    assert redone.versions[("task", task.id)] == task.version + 3
    with workspace.read_session() as session:
        again = load_outline(session, project_id)
    assert again.version[again.row_of[task.id]] == task.version + 3
    assert row_versions(workspace, "task", [task.id, 10**9]) == {task.id: task.version + 3}
    assert current_version(workspace, "task", 10**9) is None


def test_an_edit_of_a_task_changed_since_is_refused_naming_who(
    demo_workspace: Workspace, other: Workspace
) -> None:
    workspace = demo_workspace
    project_id = project_of(workspace)
    seen = task_named(workspace, "Smoke tests")  # what the view showed
    UpdateTask(project_id, seen.id, {"name": "Smoke tests (Alice)"}, "Rename task").apply(other)
    entries = audit_count(workspace)
    mine = UpdateTask(project_id, seen.id, {"name": "Smoke tests (mine)"}, "Rename task")
    mine.expect("task", seen.id, seen.version)
    with pytest.raises(StaleEditError) as refused:
        mine.apply(workspace)
    message = str(refused.value)
    assert refused.value.record == ("task", seen.id)
    assert "Cannot 'Rename task'" in message
    assert "task 'Smoke tests (Alice)' was changed by alice at " in message
    assert re.search(r"by alice at \d\d:\d\d since you read it\. Nothing was saved\.", message)
    now = task_named(workspace, "Smoke tests (Alice)")  # nothing written
    assert now.version == seen.version + 1  # Alice's, not counted again
    assert audit_count(workspace) == entries  # a refused edit is not in the history
    # with the version the reloaded view shows, the same command goes through
    mine.expect("task", seen.id, now.version)
    mine.apply(workspace)
    assert task_named(workspace, "Smoke tests (mine)").version == now.version + 1


def test_a_deleted_record_and_an_unchanged_one(demo_workspace: Workspace, other: Workspace) -> None:
    workspace = demo_workspace
    project_id = project_of(workspace)
    with workspace.read_session() as session:
        risk = risk_queries.load_risks(session, project_id)[0]
        vendor = load_overview(session, project_id).rows[0]
    # an unchanged row: the expected version matches, the edit is saved
    EditRecord("risk", project_id, risk.id, {"owner": "Dana"}).expect(
        "risk", risk.id, risk.version
    ).apply(workspace)
    # Alice renames the vendor; Bob's edit from the list he read is refused
    EditVendorField(project_id, "vendor", vendor.id, "name", "Theirs").apply(other)
    stale = EditVendorField(project_id, "vendor", vendor.id, "name", "Mine")
    stale.expect("vendor", vendor.id, vendor.version)
    with pytest.raises(StaleEditError, match="by alice at"):
        stale.apply(workspace)
    with workspace.read_session() as session:
        assert session.get(Vendor, vendor.id).name == "Theirs"
    # a record deleted since is said to be deleted
    gone = EditRecord("risk", project_id, risk.id, {"owner": "Eve"})
    gone.expect("risk", risk.id, risk.version + 1)
    DeleteRecords("risk", project_id, {risk.id}).apply(other)
    with pytest.raises(StaleEditError, match="was deleted by alice at"):
        gone.apply(workspace)


def test_on_a_server_the_stale_edit_names_who_and_the_versions_come_back(pg_url: str) -> None:
    bob = Workspace.open_location(pg_url)
    alice = Workspace.open_location(pg_url)
    alice.user_name = "alice"
    try:
        project_id = add_demo_project(bob)
        with bob.read_session() as session:
            outline = load_outline(session, project_id)
        row = outline.name.index("Smoke tests")
        task_id, seen = outline.ids[row], outline.version[row]
        changes = UpdateTask(project_id, task_id, {"owner": "Alice"}, "Edit owner").apply(alice)
        assert changes.versions is not None
        assert changes.versions[("task", task_id)] == seen + 1
        assert current_version(bob, "task", task_id) == seen + 1
        mine = UpdateTask(project_id, task_id, {"owner": "Bob"}, "Edit owner")
        with pytest.raises(StaleEditError, match=r"was changed by alice at \d\d:\d\d"):
            mine.expect("task", task_id, seen).apply(bob)
        history = audit.history(bob, "task", task_id)
        assert [(e.user_name, e.command, e.action) for e in history[:1]] == [
            ("alice", "Edit owner", "do")
        ]
        mine.expect("task", task_id, seen + 1).apply(bob)
        assert current_version(alice, "task", task_id) == seen + 2
    finally:
        alice.close()
        bob.close()
