"""The planned dates (the schedule without the status-date rule) from the incremental
rescheduler's compiled plan equal those of a full engine run over the stored rows, also after
an edit in the same transaction and after another program changed the plan."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from sqlalchemy import select, update

from infradesk.model import Project, Task
from infradesk.schedule.engine import schedule
from infradesk.services.plan.incremental import current_result
from infradesk.services.plan.planned_dates import PlannedDates
from infradesk.services.plan.scheduling import plan_input_for, reschedule

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))
from gantt_plans import create_big_project


def _engine_planned(session, project_id):
    plan = plan_input_for(session, project_id)
    return schedule(replace(plan, status_date=None)).start_finish()


def _all_planned(session, project_id, ids):
    planned = PlannedDates(session, project_id)
    return {i: planned.of(i, (None, None)) for i in ids}


def _project_with_status_date(workspace, size=400):
    with workspace.session() as session:
        project_id = create_big_project(session, size)
    with workspace.session() as session:
        starts = sorted(
            s for (s,) in session.execute(select(Task.start).where(Task.project_id == project_id))
        )
        session.execute(
            update(Project)
            .where(Project.id == project_id)
            .values(status_date=starts[len(starts) // 2], reschedule_after_status=True)
        )
        reschedule(session, project_id)
    return project_id


def test_planned_dates_equal_a_full_run_without_the_status_date(workspace) -> None:
    project_id = _project_with_status_date(workspace)
    with workspace.session() as session:
        ids = [i for (i,) in session.execute(select(Task.id).where(Task.project_id == project_id))]
        current_result(session, project_id)  # the compiled plan the Gantt keeps
        expected = _engine_planned(session, project_id)
        stored = dict(
            (i, (s, f))
            for i, s, f in session.execute(
                select(Task.id, Task.start, Task.finish).where(Task.project_id == project_id)
            )
        )
        assert _all_planned(session, project_id, ids) == expected
        # the status date really pushes work, so the stored dates would be wrong answers
        assert any(stored[i] != expected[i] for i in ids)


def test_planned_dates_follow_an_edit_made_in_the_same_transaction(workspace) -> None:
    project_id = _project_with_status_date(workspace)
    with workspace.session() as session:
        current_result(session, project_id)
        leaves = [
            i
            for (i,) in session.execute(
                select(Task.id).where(Task.project_id == project_id, Task.duration_minutes > 0)
            )
        ]
        session.execute(update(Task).where(Task.id == leaves[0]).values(duration_minutes=48000))
        session.flush()
        expected = _engine_planned(session, project_id)
        assert _all_planned(session, project_id, list(expected)) == expected


def test_without_a_status_date_the_stored_dates_are_the_planned_ones(workspace) -> None:
    with workspace.session() as session:
        project_id = create_big_project(session, 60)
    with workspace.session() as session:
        task_id = session.scalar(select(Task.id).where(Task.project_id == project_id))
        assert PlannedDates(session, project_id).of(task_id, ("s", "f")) == ("s", "f")
