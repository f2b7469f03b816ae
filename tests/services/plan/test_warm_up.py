"""A project's plan warmed on a worker thread after opening (``incremental.warm_scheduler``,
as the window's PlanWarmUp runs it): stale stored dates are not trusted, a write after the
warm-up makes the edit rebuild, an edit's own plan is kept, and the worker reads while the GUI
thread edits (issue 22). That a warmed plan serves the first edit, and that without one the
first edit compares every row, is in test_outline_moves.py."""

from __future__ import annotations

import threading

from sqlalchemy import update

from infradesk.model import Task
from infradesk.services.plan import incremental, scheduling
from infradesk.services.plan.field_edits import UpdateTask
from tests.services.plan.task_plan import dump


def warmed_on_a_thread(workspace, project_id: int) -> bool:
    found: list[bool] = []
    worker = threading.Thread(
        target=lambda: found.append(incremental.warm_scheduler(workspace, project_id))
    )
    worker.start()
    worker.join()
    return found[0]


def settled_by_a_full_reschedule(workspace, project_id: int) -> bool:
    """A full reschedule finds nothing to correct in what the edits wrote."""
    before = dump(workspace)
    with workspace.session() as session:
        scheduling.reschedule(session, project_id)
    return dump(workspace) == before


def test_stale_stored_dates_are_not_trusted(workspace, plan) -> None:
    pid, ids = plan
    incremental.forget()
    with workspace.session() as session:  # a date nobody scheduled
        session.execute(update(Task).where(Task.id == ids["C"]).values(finish=None))
    assert warmed_on_a_thread(workspace, pid)
    kept = incremental.kept_schedule(workspace, pid)
    assert kept is not None and not kept.synced
    changes = UpdateTask(pid, ids["D"], {"owner": "Kim"}).apply(workspace)
    assert changes.rescheduled_ids is None  # every stored date compared and written
    assert settled_by_a_full_reschedule(workspace, pid)


def test_a_write_after_the_warm_up_makes_the_edit_rebuild(workspace, plan) -> None:
    pid, ids = plan
    incremental.forget()
    assert warmed_on_a_thread(workspace, pid)
    kept = incremental.kept_schedule(workspace, pid)
    assert kept is not None and kept.synced
    with workspace.session() as session:  # another writer, after the worker's snapshot
        session.execute(update(Task).where(Task.id == ids["A"]).values(duration_minutes=4800))
    changes = UpdateTask(pid, ids["D"], {"owner": "Kim"}).apply(workspace)
    assert changes.rescheduled_ids is None  # not trusted: rebuilt and compared
    assert changes.compared_to is not kept.result
    assert settled_by_a_full_reschedule(workspace, pid)


def test_an_edit_before_the_warm_up_is_kept(workspace, plan) -> None:
    pid, ids = plan
    incremental.forget()
    UpdateTask(pid, ids["A"], {"duration_minutes": 2400}).apply(workspace)  # keeps its plan
    edited = incremental.kept_schedule(workspace, pid)
    assert edited is not None and edited.synced
    assert not warmed_on_a_thread(workspace, pid)  # the edit's plan is left alone
    assert incremental.kept_schedule(workspace, pid) == edited
    changes = UpdateTask(pid, ids["B"], {"percent_complete": 50.0}).apply(workspace)
    assert changes.rescheduled_ids is not None
    assert changes.compared_to is edited.result


def test_the_worker_reads_while_the_gui_thread_edits(workspace, plan) -> None:
    """Each edit starts without a kept plan, so the worker builds one from its snapshot while
    the edit builds and writes its own; whichever is kept, the dates stay right."""
    pid, ids = plan
    incremental.forget()
    done = threading.Event()
    warmed: list[bool] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            while not done.is_set() or not warmed:
                warmed.append(incremental.warm_scheduler(workspace, pid))
        except BaseException as error:
            errors.append(error)

    worker = threading.Thread(target=work)
    worker.start()
    try:
        for minutes in (960, 1440, 1920, 2400, 2880):
            incremental.forget(pid)
            UpdateTask(pid, ids["A"], {"duration_minutes": minutes}).apply(workspace)
    finally:
        done.set()
        worker.join()
    assert errors == []
    assert warmed
    UpdateTask(pid, ids["B"], {"percent_complete": 50.0}).apply(workspace)
    assert settled_by_a_full_reschedule(workspace, pid)
    kept = incremental.kept_schedule(workspace, pid)
    assert kept is not None and kept.synced
