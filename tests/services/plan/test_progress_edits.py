"""Recording progress through the plan services: the rules of each field (as MS Project applies
them), the weekly update's commands, the status date; each edit undoes exactly.

The plan (task_plan.plan): project start Mon 2026-03-02 08:00, calendar 08-12/13-17 Mon-Fri;
Phase(A, B, C) and D; A -> B FS; A, B, C two days, D one day."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest
from sqlalchemy import select, update

from infradesk.model import Project, PurchaseOrder, Task, Vendor
from infradesk.services.plan.due import tasks_due_for_update
from infradesk.services.plan.errors import TaskEditError
from infradesk.services.plan.field_edits import UpdateTask
from infradesk.services.plan.progress_edits import (
    MarkDoneAsPlanned,
    MarkOnTrack,
    SetActualDates,
    SetNotStarted,
    SetPercentComplete,
    SetRemaining,
    UpdateWorkCompleteThrough,
)
from infradesk.services.plan.status_date import SetStatusDate, effective_status_date_in
from tests.services.plan.task_plan import check_exact_undo, dump, outline

D = datetime


def row(workspace, task_id):
    with workspace.session() as s:
        return s.execute(
            select(
                Task.start,
                Task.finish,
                Task.percent_complete,
                Task.actual_start,
                Task.actual_finish,
                Task.duration_minutes,
                Task.constraint_type,
                Task.constraint_date,
            ).where(Task.id == task_id)
        ).one()


def test_100_percent_without_actuals_records_the_scheduled_dates(workspace, plan) -> None:
    pid, ids = plan
    check_exact_undo(workspace, UpdateTask(pid, ids["A"], {"percent_complete": 100.0}))
    a = row(workspace, ids["A"])
    assert (a.actual_start, a.actual_finish) == (D(2026, 3, 2, 8), D(2026, 3, 3, 17))
    assert a.percent_complete == 100


def test_an_actual_finish_sets_100_percent_and_the_missing_actual_start(workspace, plan) -> None:
    pid, ids = plan
    edit = UpdateTask(pid, ids["A"], {"actual_finish": D(2026, 3, 4, 12)})
    check_exact_undo(workspace, edit)
    a = row(workspace, ids["A"])
    assert a.percent_complete == 100
    assert a.actual_start == D(2026, 3, 2, 8)
    assert a.duration_minutes == 2 * 480 + 240  # the working time between the actuals
    assert (a.start, a.finish) == (D(2026, 3, 2, 8), D(2026, 3, 4, 12))
    assert row(workspace, ids["B"]).start == D(2026, 3, 4, 13)  # driven from the actual finish


def test_an_actual_start_makes_a_task_in_progress_where_links_no_longer_move_it(
    workspace, plan
) -> None:
    pid, ids = plan
    check_exact_undo(workspace, UpdateTask(pid, ids["B"], {"actual_start": D(2026, 3, 3, 8)}))
    b = row(workspace, ids["B"])
    assert (b.start, b.actual_start, b.actual_finish, b.percent_complete) == (
        D(2026, 3, 3, 8),
        D(2026, 3, 3, 8),
        None,
        0,
    )


def test_percent_above_zero_records_the_start_and_zero_clears_the_actuals(workspace, plan) -> None:
    pid, ids = plan
    UpdateTask(pid, ids["B"], {"percent_complete": 50.0}).apply(workspace)
    b = row(workspace, ids["B"])
    assert (b.actual_start, b.actual_finish) == (D(2026, 3, 4, 8), None)
    UpdateTask(pid, ids["B"], {"actual_finish": D(2026, 3, 6, 17)}).apply(workspace)
    edit = UpdateTask(pid, ids["B"], {"percent_complete": 0.0})
    check_exact_undo(workspace, edit)
    b = row(workspace, ids["B"])
    assert (b.actual_start, b.actual_finish, b.percent_complete) == (None, None, 0)
    # below 100 % a finished task is open again, its actual start kept
    UpdateTask(pid, ids["B"], {"actual_finish": D(2026, 3, 6, 17)}).apply(workspace)
    UpdateTask(pid, ids["B"], {"percent_complete": 60.0}).apply(workspace)
    b = row(workspace, ids["B"])
    assert (b.actual_start, b.actual_finish) == (D(2026, 3, 4, 8), None)


def test_remaining_changes_the_duration_and_keeps_the_work_done(workspace, plan) -> None:
    pid, ids = plan
    UpdateTask(pid, ids["A"], {"percent_complete": 50.0}).apply(workspace)  # 480 done
    check_exact_undo(workspace, UpdateTask(pid, ids["A"], {"remaining_minutes": 960}))
    a = row(workspace, ids["A"])
    assert a.duration_minutes == 1440
    assert a.percent_complete == pytest.approx(100 / 3, abs=1e-3)
    assert outline(workspace).remaining[outline(workspace).row_of[ids["A"]]] == 960
    SetRemaining(pid, ids["A"], 0).apply(workspace)  # nothing left: finished
    a = row(workspace, ids["A"])
    assert (a.percent_complete, a.duration_minutes, a.actual_finish) == (
        100,
        480,
        D(2026, 3, 2, 17),
    )


def test_constraints_are_checked_and_the_old_snet_field_is_an_snet(workspace, plan) -> None:
    pid, ids = plan
    with pytest.raises(TaskEditError, match="Task 'C': a 'Must Start On' constraint needs a date"):
        UpdateTask(pid, ids["C"], {"constraint_type": "MSO"}).apply(workspace)
    with pytest.raises(TaskEditError, match="Task 'C': 'xyz' is not a constraint type"):
        UpdateTask(pid, ids["C"], {"constraint_type": "xyz"}).apply(workspace)
    edit = UpdateTask(pid, ids["C"], {"start_no_earlier_than": D(2026, 3, 10, 8)})
    check_exact_undo(workspace, edit)
    c = row(workspace, ids["C"])
    assert (c.constraint_type, c.constraint_date, c.start) == (
        "SNET",
        D(2026, 3, 10, 8),
        D(2026, 3, 10, 8),
    )
    changes = check_exact_undo(
        workspace,
        UpdateTask(
            pid, ids["C"], {"constraint_type": "mfo", "constraint_date": D(2026, 3, 20, 17)}
        ),
    )
    assert changes.rows is not None and changes.rows[0].constraint_type == "MFO"
    assert row(workspace, ids["C"]).finish == D(2026, 3, 20, 17)
    UpdateTask(pid, ids["C"], {"constraint_type": "ALAP"}).apply(workspace)
    assert row(workspace, ids["C"]).constraint_date is None  # an undated type keeps no date


def test_a_finished_task_does_not_move_when_upstream_work_grows(workspace, plan) -> None:
    pid, ids = plan
    MarkDoneAsPlanned(pid, [ids["B"]]).apply(workspace)
    before = row(workspace, ids["B"])
    UpdateTask(pid, ids["A"], {"duration_minutes": 4800}).apply(workspace)
    after = row(workspace, ids["B"])
    assert (
        (after.start, after.finish)
        == (before.start, before.finish)
        == (D(2026, 3, 4, 8), D(2026, 3, 5, 17))
    )


def test_the_weekly_update_commands_undo_exactly(workspace, plan) -> None:
    pid, ids = plan
    phase = ids["Phase"]
    check_exact_undo(workspace, MarkDoneAsPlanned(pid, [phase]))  # a summary: its subtasks
    assert {row(workspace, ids[n]).percent_complete for n in "ABC"} == {100}
    check_exact_undo(workspace, SetNotStarted(pid, [ids["A"], ids["C"]]))
    assert row(workspace, ids["A"]).actual_start is None
    check_exact_undo(workspace, SetPercentComplete(pid, [ids["C"]], 25))
    check_exact_undo(workspace, SetActualDates(pid, ids["D"], D(2026, 3, 3, 8), D(2026, 3, 3, 17)))
    assert row(workspace, ids["D"]).percent_complete == 100


def test_update_work_complete_through_a_date(workspace, plan) -> None:
    pid, ids = plan
    edit = UpdateWorkCompleteThrough(pid, [ids["Phase"], ids["D"]], D(2026, 3, 3, 12))
    check_exact_undo(workspace, edit)
    a, b, d = (row(workspace, ids[n]) for n in ("A", "B", "D"))
    assert (a.percent_complete, a.actual_start, a.actual_finish) == (75, D(2026, 3, 2, 8), None)
    assert (d.percent_complete, d.actual_finish) == (100, D(2026, 3, 2, 17))
    assert (b.percent_complete, b.actual_start) == (0, None)  # scheduled after the date


def test_mark_on_track_uses_the_status_date(workspace, plan) -> None:
    pid, ids = plan
    SetStatusDate(pid, D(2026, 3, 2, 17)).apply(workspace)
    check_exact_undo(workspace, MarkOnTrack(pid, [ids["A"], ids["D"]]))
    assert row(workspace, ids["A"]).percent_complete == 50
    d = row(workspace, ids["D"])  # pushed after the status date, done where it was planned
    assert (d.percent_complete, d.actual_start, d.actual_finish) == (
        100,
        D(2026, 3, 2, 8),
        D(2026, 3, 2, 17),
    )


def test_a_status_date_moves_unstarted_work_after_it_and_undoes(workspace, plan) -> None:
    pid, ids = plan
    UpdateTask(pid, ids["A"], {"percent_complete": 100.0}).apply(workspace)
    before = dump(workspace)
    edit = SetStatusDate(pid, D(2026, 3, 9, 8))
    changes = edit.apply(workspace)
    assert changes.touches("projects", "tasks")
    assert row(workspace, ids["B"]).start == D(2026, 3, 9, 8)  # not before the status date
    assert row(workspace, ids["A"]).start == D(2026, 3, 2, 8)  # finished work stays
    edit.revert(workspace)
    assert dump(workspace) == before
    with workspace.session() as s:
        assert s.scalar(select(Project.status_date).where(Project.id == pid)) is None
    # the option off: unstarted work may stay before the status date
    SetStatusDate(pid, D(2026, 3, 9, 8), reschedule_after_status=False).apply(workspace)
    assert row(workspace, ids["B"]).start == D(2026, 3, 4, 8)


def test_the_status_date_defaults_to_now_in_working_time(workspace, plan) -> None:
    pid, _ = plan
    with workspace.session() as s:
        saturday = D(2026, 3, 7, 11, 30, 42)
        assert effective_status_date_in(s, pid, saturday) == D(2026, 3, 6, 17)
        assert effective_status_date_in(s, pid, D(2026, 3, 4, 12, 30)) == D(2026, 3, 4, 12)
        assert effective_status_date_in(s, pid, D(2026, 3, 4, 9, 41, 5)) == D(2026, 3, 4, 9, 41)
        s.execute(update(Project).where(Project.id == pid).values(status_date=D(2026, 3, 3, 8)))
        assert effective_status_date_in(s, pid, saturday) == D(2026, 3, 3, 8)


def test_tasks_due_for_update(workspace, plan) -> None:
    pid, ids = plan
    UpdateTask(pid, ids["C"], {"percent_complete": 100.0}).apply(workspace)
    due = tasks_due_for_update(outline(workspace), D(2026, 3, 4, 12))
    assert [(t.name, t.should) for t in due] == [("A", "finish"), ("B", "start"), ("D", "finish")]


def test_outline_rows_carry_progress_cost_and_invoiced_orders(workspace, plan) -> None:
    pid, ids = plan
    UpdateTask(pid, ids["A"], {"cost": "1200.50", "actual_cost": Decimal("100")}).apply(workspace)
    with workspace.session() as s:
        vendor = Vendor(project_id=pid, name="V")
        s.add(vendor)
        s.flush()
        s.add(PurchaseOrder(vendor_id=vendor.id, task_id=ids["A"], invoiced=Decimal("250.25")))
    UpdateTask(pid, ids["A"], {"percent_complete": 50.0}).apply(workspace)
    o = outline(workspace)
    r = o.row_of[ids["A"]]
    assert (o.cost[r], o.own_actual_cost[r], o.invoiced_cost[r], o.actual_cost[r]) == (
        Decimal("1200.50"),
        Decimal("100.00"),
        Decimal("250.25"),
        Decimal("350.25"),
    )
    assert (o.actual_start[r], o.remaining[r], o.constraint_type[r]) == (
        D(2026, 3, 2, 8),
        480,
        "ASAP",
    )
    with pytest.raises(TaskEditError, match="cannot be negative"):
        UpdateTask(pid, ids["A"], {"cost": "-1"}).apply(workspace)
    with pytest.raises(TaskEditError, match="'Phase' is a summary task"):
        UpdateTask(pid, ids["Phase"], {"percent_complete": 10.0}).apply(workspace)


def test_progress_edits_after_a_status_date_match_a_full_reschedule(workspace, plan) -> None:
    from infradesk.services.plan import scheduling

    pid, ids = plan
    SetStatusDate(pid, D(2026, 3, 4, 12)).apply(workspace)
    for edit in (
        SetPercentComplete(pid, [ids["A"]], 40),
        UpdateTask(
            pid, ids["C"], {"constraint_type": "FNLT", "constraint_date": D(2026, 3, 3, 17)}
        ),
        SetRemaining(pid, ids["A"], 1440),
        SetStatusDate(pid, D(2026, 3, 6, 17)),
        UpdateTask(pid, ids["D"], {"duration_minutes": 2400}),
    ):
        assert edit.apply(workspace).rescheduled_ids is not None  # the incremental path ran
    settled = dump(workspace)
    with workspace.session() as s:
        scheduling.reschedule(s, pid)  # a full reschedule finds nothing to correct
    assert dump(workspace) == settled
    a = row(workspace, ids["A"])  # in progress: done 40 % of 2 days, 3 days left after the status
    assert (a.start, a.finish) == (D(2026, 3, 2, 8), D(2026, 3, 11, 17))


def test_unlinking_a_finished_milestone_stores_what_a_full_reschedule_does(workspace, plan) -> None:
    """Its position stays (finished), only the time of day it shows may change: the
    incremental path must notice (the demo's undo-all property once found it did not)."""
    from infradesk.services.plan import scheduling
    from infradesk.services.plan.link_edits import LinkTasks, UnlinkTasks

    pid, ids = plan
    UpdateTask(pid, ids["D"], {"duration_minutes": 0}).apply(workspace)
    LinkTasks(pid, ids["A"], ids["D"]).apply(workspace)
    MarkDoneAsPlanned(pid, [ids["A"], ids["D"]]).apply(workspace)
    assert row(workspace, ids["D"]).actual_finish == D(2026, 3, 3, 17)
    UnlinkTasks(pid, [(ids["A"], ids["D"])]).apply(workspace)
    settled = dump(workspace)
    with workspace.session() as s:
        scheduling.reschedule(s, pid)
    assert dump(workspace) == settled
