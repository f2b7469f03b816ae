"""A project's plan warmed on a worker thread after opening: the first edit patches it instead
of building a plan and comparing every stored date (issue 22)."""

from __future__ import annotations

import threading

from sqlalchemy import update

from infradesk.model import Task
from infradesk.services.plan import incremental, scheduling, warm_up
from infradesk.services.plan.field_edits import UpdateTask
from tests.services.plan.task_plan import dump


def warmed_on_a_thread(workspace, project_id: int) -> warm_up.WarmPlan | None:
    found: list[warm_up.WarmPlan | None] = []
    worker = threading.Thread(target=lambda: found.append(warm_up.build(workspace, project_id)))
    worker.start()
    worker.join()
    return found[0]


def test_a_warmed_plan_is_patched_by_the_first_edit(workspace, plan) -> None:
    pid, ids = plan
    incremental.forget()  # as just opened
    version = warm_up.data_version(workspace)
    warm = warmed_on_a_thread(workspace, pid)
    assert warm is not None and warm.stored_current
    assert warm_up.adopt(workspace, warm, version)
    held = warm.scheduler.result
    changes = UpdateTask(pid, ids["A"], {"duration_minutes": 2400}).apply(workspace)
    assert changes.rescheduled_ids is not None  # the kept plan was patched
    assert changes.compared_to is held
    settled = dump(workspace)
    with workspace.session() as session:
        scheduling.reschedule(session, pid)  # a full reschedule finds nothing to correct
    assert dump(workspace) == settled


def test_without_the_warm_up_the_first_edit_builds_the_plan(workspace, plan) -> None:
    pid, ids = plan
    incremental.forget()
    changes = UpdateTask(pid, ids["A"], {"duration_minutes": 2400}).apply(workspace)
    assert changes.rescheduled_ids is None  # built and compared from scratch


def test_stale_stored_dates_are_not_trusted(workspace, plan) -> None:
    pid, ids = plan
    incremental.forget()
    with workspace.session() as session:  # a date nobody scheduled
        session.execute(update(Task).where(Task.id == ids["C"]).values(finish=None))
    version = warm_up.data_version(workspace)
    warm = warmed_on_a_thread(workspace, pid)
    assert warm is not None and not warm.stored_current
    assert not warm_up.adopt(workspace, warm, version)
    changes = UpdateTask(pid, ids["D"], {"owner": "Kim"}).apply(workspace)
    assert changes.rescheduled_ids is None  # every stored date compared and written
    settled = dump(workspace)
    with workspace.session() as session:
        scheduling.reschedule(session, pid)
    assert dump(workspace) == settled


def test_a_write_after_the_snapshot_makes_the_edit_rebuild(workspace, plan) -> None:
    pid, ids = plan
    incremental.forget()
    version = warm_up.data_version(workspace)
    warm = warmed_on_a_thread(workspace, pid)
    assert warm is not None
    with workspace.session() as session:  # another writer, after the worker's snapshot
        session.execute(update(Task).where(Task.id == ids["A"]).values(duration_minutes=4800))
    warm_up.adopt(workspace, warm, version)
    changes = UpdateTask(pid, ids["D"], {"owner": "Kim"}).apply(workspace)
    assert changes.compared_to is not warm.scheduler.result  # not trusted: rebuilt
    settled = dump(workspace)
    with workspace.session() as session:
        scheduling.reschedule(session, pid)
    assert dump(workspace) == settled


def test_an_edit_before_the_warm_up_is_kept(workspace, plan) -> None:
    pid, ids = plan
    incremental.forget()
    version = warm_up.data_version(workspace)
    warm = warmed_on_a_thread(workspace, pid)
    assert warm is not None
    UpdateTask(pid, ids["A"], {"duration_minutes": 2400}).apply(workspace)  # keeps its plan
    assert warm_up.adopt(workspace, warm, version)  # the edit's plan is synced: left alone
    changes = UpdateTask(pid, ids["B"], {"percent_complete": 50.0}).apply(workspace)
    assert changes.rescheduled_ids is not None
    assert changes.compared_to is not warm.scheduler.result


def test_the_worker_reads_while_the_gui_thread_edits(workspace, plan) -> None:
    pid, ids = plan
    incremental.forget()
    found: list[warm_up.WarmPlan | None] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(5):
                found.append(warm_up.build(workspace, pid))
        except BaseException as error:
            errors.append(error)

    worker = threading.Thread(target=work)
    worker.start()
    for minutes in (960, 1440, 1920, 2400, 2880):
        UpdateTask(pid, ids["A"], {"duration_minutes": minutes}).apply(workspace)
    worker.join()
    assert errors == []
    assert len(found) == 5 and all(warm is not None for warm in found)
    last = warm_up.build(workspace, pid)
    assert last is not None and last.stored_current  # the edits left the dates current
