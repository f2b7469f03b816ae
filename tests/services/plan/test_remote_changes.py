"""Another client's task edit, as the Gantt of this one takes it: a notice of a plain edit
becomes an in-place update (the changed rows, the new schedule, the committed versions);
anything else stays a reload."""

from __future__ import annotations

import selectors
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select, update

from infradesk.model import AuditEntry, Task
from infradesk.schedule.engine import Scheduler
from infradesk.services.plan import incremental, scheduling
from infradesk.services.plan.field_edits import UpdateTask
from infradesk.services.plan.outline_edits import InsertTask
from infradesk.services.plan.remote_changes import gantt_changes
from infradesk.services.plan.task_edit import TaskChanges
from infradesk.services.team_notices import ChangeListener, Notice
from infradesk.store.workspace import Workspace
from tests.services.test_changes import make_plan


@pytest.fixture
def clients(pg_url: str) -> Iterator[tuple[Workspace, Workspace, ChangeListener]]:
    """Two clients of one new team workspace (tests/backends.py); the second one listens."""
    url = pg_url
    first = Workspace.open_location(url)
    second = Workspace.open_location(url)
    listener = ChangeListener(second)
    yield first, second, listener
    listener.close()
    first.close()
    second.close()


def _last_entry(workspace: Workspace) -> int:
    """The audit entry of the last committed command (the set-up's, before the edit)."""
    with workspace.read_session() as session:
        return session.scalar(select(func.max(AuditEntry.id))) or 0


def _next_notice(listener: ChangeListener, after: int) -> Notice:
    """The first notice of a command committed after entry ``after``: the set-up's own
    notices may still be on their way when the edit under test commits."""
    deadline = time.monotonic() + 5
    with selectors.DefaultSelector() as waiting:  # select() stops at descriptor 1024
        waiting.register(listener.fileno(), selectors.EVENT_READ)
        while time.monotonic() < deadline:
            waiting.select(0.2)
            for notice in listener.poll():
                if notice.entry_id > after:
                    return notice
    raise AssertionError("no change notice within 5 s")


def test_a_plain_task_edit_arrives_as_an_in_place_update(clients) -> None:
    first, second, listener = clients
    pid, (a, b, c) = make_plan(first)
    set_up = _last_entry(first)

    UpdateTask(pid, a, {"duration_minutes": 960, "name": "A longer"}, "Edit A").apply(first)
    notice = _next_notice(listener, set_up)
    changes = gantt_changes(second, notice)

    assert isinstance(changes, TaskChanges)
    assert changes.changed_ids == {a} and not changes.structural
    assert changes.rows is not None and [r.name for r in changes.rows] == ["A longer"]
    assert changes.schedule is not None
    with second.read_session() as session:
        stored = {t.id: t for t in session.scalars(select(Task).where(Task.project_id == pid))}
    # the successor moved with A, as the other client scheduled it
    assert changes.schedule[b].early_start == stored[b].start
    assert changes.schedule[b].early_start > changes.schedule[c].early_start
    assert changes.versions == {("task", a): stored[a].version}


def test_a_structural_edit_stays_a_reload(clients) -> None:
    first, second, listener = clients
    pid, (a, _b, _c) = make_plan(first)
    set_up = _last_entry(first)

    InsertTask(pid, a, "New", 480).apply(first)
    notice = _next_notice(listener, set_up)

    changes = gantt_changes(second, notice)
    assert not isinstance(changes, TaskChanges)
    assert changes.structural and changes.project_id == pid


def _full_schedule(workspace: Workspace, pid: int) -> dict[int, tuple]:
    with workspace.read_session() as session:
        result = Scheduler(scheduling.plan_input_for(session, pid)).result
        ids = list(session.scalars(select(Task.id).where(Task.project_id == pid)))
    return {i: (result[i].early_start, result[i].early_finish) for i in ids}


def test_the_held_plan_is_patched_as_the_other_client_patched_its_own(clients) -> None:
    first, second, listener = clients
    pid, (a, b, _c) = make_plan(first)
    UpdateTask(pid, b, {"duration_minutes": 600}, "Warm up A's plan").apply(first)
    with second.read_session() as session:
        incremental.current_result(session, pid)  # the second client shows the plan
    set_up = _last_entry(first)

    UpdateTask(pid, a, {"duration_minutes": 1440}, "Edit A").apply(first)
    notice = _next_notice(listener, set_up)
    assert notice.printed is not None and notice.printed[0] is not None
    with second.read_session() as session:
        patched = incremental.follow(session, pid, {a}, False, notice.printed)

    assert patched is not None
    expected = _full_schedule(second, pid)
    assert {i: (patched[i].early_start, patched[i].early_finish) for i in expected} == expected


def test_a_write_the_notice_does_not_name_makes_the_plan_rebuilt(clients) -> None:
    first, second, listener = clients
    pid, (a, _b, c) = make_plan(first)
    UpdateTask(pid, c, {"duration_minutes": 600}, "Warm up A's plan").apply(first)
    with second.read_session() as session:
        incremental.current_result(session, pid)
    set_up = _last_entry(first)

    UpdateTask(pid, a, {"duration_minutes": 1440}, "Edit A").apply(first)
    notice = _next_notice(listener, set_up)
    with first.session() as session:  # another program, not through a command
        session.execute(update(Task).where(Task.id == c).values(duration_minutes=2400))
    with second.read_session() as session:
        assert incremental.follow(session, pid, {a}, False, notice.printed) is None
        rebuilt = incremental.current_result(session, pid)
    expected = _full_schedule(second, pid)
    assert {i: (rebuilt[i].early_start, rebuilt[i].early_finish) for i in expected} == expected
