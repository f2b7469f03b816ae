"""The warm-up at open builds the plan from the outline the Gantt just read, while nobody has
committed since (its data version is the workspace's): the tasks and links are not read again
and its stored dates are what the plan is checked against. A stale outline, or one of a team
workspace (no data version), is not used: the plan is read from the database (issue 22)."""

from __future__ import annotations

from sqlalchemy import update

from infradesk.model import Task
from infradesk.services.plan import incremental
from infradesk.services.plan.view import load_outline_view


def _read(workspace, pid: int):
    return load_outline_view(workspace, pid, schedule_below=1).outline


def test_a_current_outline_is_the_plan_and_its_dates_are_checked(workspace, plan) -> None:
    pid, ids = plan
    incremental.forget()
    read = _read(workspace, pid)
    assert read.schedule_pending and read.result is None
    assert incremental.warm_scheduler(workspace, pid, read)
    kept = incremental.kept_schedule(workspace, pid)
    assert kept is not None and len(kept.result) == len(read)
    # the stored dates are the plan's only where a data version vouches for the rows; a team
    # workspace reads them (and finds them the plan's too)
    assert kept.synced

    incremental.forget()
    read = _read(workspace, pid)
    read.duration[read.row_of[ids["C"]]] = 4800  # the rows say so, not the database
    assert incremental.warm_scheduler(workspace, pid, read)
    kept = incremental.kept_schedule(workspace, pid)
    assert kept is not None
    if read.data_version is None:  # a team workspace: the database's plan
        assert kept.result[ids["C"]].duration_minutes == 960 and kept.synced
    else:  # built from the rows, and their stored dates are not that plan's
        assert kept.result[ids["C"]].duration_minutes == 4800 and not kept.synced


def test_an_outline_read_before_a_commit_is_not_used(workspace, plan) -> None:
    pid, ids = plan
    incremental.forget()
    read = _read(workspace, pid)
    with workspace.session() as session:  # another writer after the Gantt's read
        session.execute(update(Task).where(Task.id == ids["C"]).values(duration_minutes=1920))
    read.duration[read.row_of[ids["C"]]] = 4800
    assert incremental.warm_scheduler(workspace, pid, read)
    kept = incremental.kept_schedule(workspace, pid)
    assert kept is not None
    assert kept.result[ids["C"]].duration_minutes == 1920  # read from the database
    assert not kept.synced  # C's stored finish is that of 960 minutes


def test_another_projects_outline_is_not_used(workspace, plan) -> None:
    pid, ids = plan
    incremental.forget()
    read = _read(workspace, pid)
    read.project_id = pid + 1
    read.duration[read.row_of[ids["C"]]] = 4800
    assert incremental.warm_scheduler(workspace, pid, read)
    kept = incremental.kept_schedule(workspace, pid)
    assert kept is not None and kept.result[ids["C"]].duration_minutes == 960
