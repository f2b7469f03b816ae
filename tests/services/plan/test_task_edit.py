"""The task edits' shared reschedule: incremental, grouped, and aware of other writers."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from infradesk.model import Task
from infradesk.schedule.engine import CycleError
from infradesk.services.plan.field_edits import UpdateTask
from infradesk.services.plan.link_edits import LinkTasks, SetPredecessors
from infradesk.services.plan.task_edit import TaskEditGroup
from tests.services.plan.task_plan import dump


def test_incremental_reschedule_matches_a_full_one(workspace, plan) -> None:
    from sqlalchemy import update

    from infradesk.services.plan import scheduling

    pid, ids = plan
    edits = [
        UpdateTask(pid, ids["A"], {"duration_minutes": 2400}),
        UpdateTask(pid, ids["C"], {"start_no_earlier_than": datetime(2026, 3, 20, 8, 0)}),
        UpdateTask(pid, ids["B"], {"percent_complete": 50.0}),
        LinkTasks(pid, ids["C"], ids["D"], "FF", 480),
    ]
    for edit in edits:
        assert edit.apply(workspace).rescheduled_ids is not None  # the fast path ran
    edits[1].revert(workspace)
    settled = dump(workspace)
    with workspace.session() as s:
        scheduling.reschedule(s, pid)  # a full reschedule finds nothing to correct
    assert dump(workspace) == settled
    # a change made behind the Gantt's back is noticed before the next edit
    with workspace.session() as s:
        s.execute(update(Task).where(Task.id == ids["A"]).values(duration_minutes=480))
    UpdateTask(pid, ids["D"], {"owner": "Kim"}).apply(workspace)
    UpdateTask(pid, ids["D"], {"notes": "x"}).apply(workspace)
    with workspace.session() as s:
        b_start = s.scalar(select(Task.start).where(Task.id == ids["B"]))
    # B at 50 % recorded its actual start (after A's five days): a started task stays put
    assert b_start == datetime(2026, 3, 9, 8, 0)
    with workspace.session() as s:
        c_start = s.scalar(select(Task.start).where(Task.id == ids["C"]))
    assert c_start == datetime(2026, 3, 2, 8, 0)  # C, not started, follows the project start


def test_a_group_with_fields_and_links_writes_every_move(workspace, plan) -> None:
    from infradesk.services.plan import scheduling

    pid, ids = plan
    UpdateTask(pid, ids["D"], {"owner": "warm the cache"}).apply(workspace)
    group = TaskEditGroup(
        pid,
        "Edit task",
        [
            UpdateTask(pid, ids["A"], {"duration_minutes": 4800}),
            SetPredecessors(pid, ids["D"], [(ids["C"], "FS", 0)]),
        ],
    )
    group.apply(workspace)
    settled = dump(workspace)
    with workspace.session() as s:
        scheduling.reschedule(s, pid)
    assert dump(workspace) == settled
    # a refused group leaves no half-updated plan behind
    bad = TaskEditGroup(
        pid,
        "Edit task",
        [
            UpdateTask(pid, ids["B"], {"duration_minutes": 9600}),
            SetPredecessors(pid, ids["A"], [(ids["B"], "FS", 0)]),  # A -> B exists
        ],
    )
    with pytest.raises(CycleError):
        bad.apply(workspace)
    UpdateTask(pid, ids["A"], {"duration_minutes": 1440}).apply(workspace)  # B moves
    settled = dump(workspace)
    with workspace.session() as s:
        scheduling.reschedule(s, pid)
    assert dump(workspace) == settled


def test_consecutive_edits_skip_the_fingerprint_but_see_other_writers(
    workspace, plan, monkeypatch
) -> None:
    from sqlalchemy import update

    from infradesk.services.plan import incremental as task_schedule
    from infradesk.services.plan import scheduling

    pid, ids = plan
    calls = []
    original = task_schedule.fingerprint
    monkeypatch.setattr(
        task_schedule, "fingerprint", lambda s, p: calls.append(p) or original(s, p)
    )
    UpdateTask(pid, ids["A"], {"duration_minutes": 1440}).apply(workspace)
    calls.clear()
    UpdateTask(pid, ids["A"], {"duration_minutes": 1920}).apply(workspace)
    # nobody else committed: a file's data version vouches for the plan (a team workspace has
    # none: there every cached plan is checked by its fingerprint)
    assert calls == ([pid, pid] if workspace.is_server else [])

    def settled() -> bool:
        before = dump(workspace)
        with workspace.session() as s:
            scheduling.reschedule(s, pid)
        return dump(workspace) == before

    # another writer in between: noticed
    with workspace.session() as s:
        s.execute(update(Task).where(Task.id == ids["B"]).values(duration_minutes=4800))
    UpdateTask(pid, ids["C"], {"duration_minutes": 480}).apply(workspace)
    assert settled()  # rebuilt from the database
    # a write after ours in the same transaction: the next edit does not trust the version
    with workspace.session() as s:
        UpdateTask(pid, ids["C"], {"duration_minutes": 960}).do(s)
        s.execute(update(Task).where(Task.id == ids["B"]).values(duration_minutes=480))
    UpdateTask(pid, ids["D"], {"duration_minutes": 960}).apply(workspace)
    assert settled()
    # a write before ours in the same transaction: seen by our own edit
    with workspace.session() as s:
        s.execute(update(Task).where(Task.id == ids["A"]).values(duration_minutes=480))
        UpdateTask(pid, ids["D"], {"duration_minutes": 480}).do(s)
    assert settled()


@pytest.mark.parametrize(
    "values",
    [{"elapsed": True}, {"manual": True}, {"start": datetime(2030, 6, 3, 8)}],
    ids=["elapsed", "manual", "manual start"],
)
def test_the_fingerprint_sees_a_task_mode_switched_by_another_program(
    workspace, plan, values
) -> None:
    """The incremental path trusts its cached schedule while the plan's fingerprint holds
    (another program committed): it covers the manual and elapsed flags and a manual task's
    fixed start."""
    from sqlalchemy import update

    from infradesk.services.plan.incremental import fingerprint

    pid, ids = plan
    with workspace.session() as s:
        s.execute(update(Task).where(Task.id == ids["C"]).values(manual=True))
    with workspace.session() as s:
        before = fingerprint(s, pid)
    target = ids["C"] if "start" in values else ids["B"]
    with workspace.session() as s:
        s.execute(update(Task).where(Task.id == target).values(**values))
    with workspace.session() as s:
        assert fingerprint(s, pid) != before
