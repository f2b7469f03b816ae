"""Progress on the working-time axis: finished, in progress, not started, and the status date
(default calendar: Mon-Fri 08:00-12:00, 13:00-17:00; week of Mon 5 Jan 2026)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from infradesk.schedule.calendar import WorkingCalendar
from infradesk.schedule.engine import LinkInput, PlanInput, Scheduler, ScheduleResult, TaskInput
from infradesk.schedule.engine import schedule as schedule_plan

from .helpers import PROJECT_START, L, T, at, dates


def run(
    tasks: list[TaskInput],
    links: list[LinkInput],
    status: datetime | None = None,
    reschedule: bool = True,
) -> ScheduleResult:
    plan = PlanInput(PROJECT_START, WorkingCalendar(), tasks, links, status, reschedule)
    return schedule_plan(plan)


def chain(a: TaskInput) -> tuple[list[TaskInput], list[LinkInput]]:
    """A (the task under test) -> B (2d) -> C (1d)."""
    return [a, T(2, "2d", name="B"), T(3, "1d", name="C")], [L(1, 2), L(2, 3)]


def test_a_finished_task_sits_on_its_actuals_and_drives_its_successors() -> None:
    a = T(1, "2d", name="A", actual_start=at("Mon 08:00"), actual_finish=at("Mon 17:00"))
    result = run(*chain(a), status=at("Tue 08:00"))
    assert dates(result, 1) == (at("Mon 08:00"), at("Mon 17:00"))  # done in 1d, not 2d
    assert dates(result, 2) == (at("Tue 08:00"), at("Wed 17:00"))
    entry = result[1]
    assert entry.progress == "finished" and entry.percent_complete == 100
    assert not entry.critical and 1 not in result.critical_ids and not result.is_critical(1)
    assert (entry.late_start, entry.late_finish) == (entry.early_start, entry.early_finish)
    assert result[2].critical  # the rest of the chain still is


def test_a_finished_task_never_moves_when_upstream_work_grows() -> None:
    a = T(1, "2d", name="A", actual_start=at("Mon 08:00"), actual_finish=at("Tue 17:00"))
    tasks, links = chain(a)
    before = run(tasks, links)
    # a new 5-day predecessor linked into the finished task (the first complaint)
    after = run([T(9, "5d", name="Late vendor"), *tasks], [L(9, 1), *links])
    for task_id in (1, 2, 3):
        assert dates(after, task_id) == dates(before, task_id)


def test_a_finished_task_without_actual_start_started_its_duration_earlier() -> None:
    a = T(1, "2d", name="A", actual_finish=at("Tue 12:00"))
    result = run(*chain(a))
    # 2 working days back from Tue 12:00: Fri 2 Jan 13:00
    assert dates(result, 1) == (datetime(2026, 1, 2, 13, 0), at("Tue 12:00"))
    assert dates(result, 2)[0] == at("Tue 13:00")


def test_in_progress_late_work_is_pushed_past_the_status_date() -> None:
    # 25% of 2d done (4h), 12h remaining from the status date Wed 08:00: Thu 12:00
    a = T(1, "2d", name="A", percent_complete=25, actual_start=at("Mon 08:00"))
    result = run(*chain(a), status=at("Wed 08:00"))
    assert dates(result, 1) == (at("Mon 08:00"), at("Thu 12:00"))
    assert result[1].progress == "in_progress"
    assert dates(result, 2)[0] == at("Thu 13:00")


def test_in_progress_work_ahead_of_plan_keeps_its_finish() -> None:
    a = T(1, "2d", name="A", percent_complete=75, actual_start=at("Mon 08:00"))
    result = run(*chain(a), status=at("Tue 08:00"))
    assert dates(result, 1) == (at("Mon 08:00"), at("Tue 17:00"))


def test_in_progress_without_status_date_runs_its_duration_from_the_actual_start() -> None:
    a = T(1, "2d", name="A", percent_complete=10, actual_start=at("Tue 13:00"))
    result = run(*chain(a))
    assert dates(result, 1) == (at("Tue 13:00"), at("Thu 12:00"))


def test_links_no_longer_move_a_started_task() -> None:
    a = T(1, "2d", name="A", percent_complete=50, actual_start=at("Mon 08:00"))
    tasks, links = chain(a)
    result = run([T(9, "3d", name="Pred"), *tasks], [L(9, 1), *links], status=at("Tue 08:00"))
    assert dates(result, 1) == (at("Mon 08:00"), at("Tue 17:00"))
    # nothing before it is late because of it: its predecessor keeps its own float
    assert result[9].total_float_minutes >= 0


def test_hundred_percent_with_an_actual_start_is_finished_as_planned() -> None:
    a = T(1, "2d", name="A", percent_complete=100, actual_start=at("Mon 08:00"))
    result = run(*chain(a), status=at("Fri 08:00"))
    assert dates(result, 1) == (at("Mon 08:00"), at("Tue 17:00"))
    assert result[1].progress == "finished"


def test_unstarted_work_starts_after_the_status_date_unless_switched_off() -> None:
    tasks, links = chain(T(1, "2d", name="A"))
    result = run(tasks, links, status=at("Wed 13:00"))
    assert dates(result, 1) == (at("Wed 13:00"), at("Fri 12:00"))
    assert dates(result, 2)[0] == at("Fri 13:00")
    off = run(tasks, links, status=at("Wed 13:00"), reschedule=False)
    assert dates(off, 1) == (at("Mon 08:00"), at("Tue 17:00"))


def test_actuals_override_constraints() -> None:
    a = T(1, "1d", name="A", constraint_type="MSO", constraint_date=at("Thu 08:00"),
          actual_start=at("Mon 08:00"), actual_finish=at("Mon 17:00"))  # fmt: skip
    result = run([a], [])
    assert dates(result, 1) == (at("Mon 08:00"), at("Mon 17:00"))
    assert result.conflicts == {}


def test_summaries_roll_up_progress() -> None:
    tasks = [
        T(10, "0d", name="Phase"),
        T(1, "1d", parent_id=10, actual_start=at("Mon 08:00"), actual_finish=at("Mon 17:00")),
        T(2, "1d", parent_id=10, actual_start=at("Tue 08:00"), percent_complete=50),
        T(20, "0d", name="Done phase"),
        T(3, "1d", parent_id=20, actual_start=at("Mon 08:00"), actual_finish=at("Mon 17:00")),
        T(30, "0d", name="Later"),
        T(4, "1d", parent_id=30),
    ]
    result = run(tasks, [L(2, 4)], status=at("Tue 13:00"))
    assert [result.progress(t) for t in (10, 20, 30)] == ["in_progress", "finished", "not_started"]
    assert not result[20].critical
    assert dates(result, 10) == (at("Mon 08:00"), at("Tue 17:00"))
    # the phase's float is its open work's, not the finished task's zero
    assert result[10].total_float_minutes == result[2].total_float_minutes


def test_the_scheduler_follows_progress_edits_and_status_date_moves() -> None:
    tasks, links = chain(T(1, "2d", name="A"))
    scheduler = Scheduler(PlanInput(PROJECT_START, WorkingCalendar(), tasks, links))
    network = scheduler._network
    started = replace(tasks[0], actual_start=at("Mon 08:00"), percent_complete=25)
    scheduler.update_task(started)
    assert scheduler._network is network  # progress is an in-place edit
    result = scheduler.set_status_date(at("Wed 08:00"))
    assert dates(result, 1) == (at("Mon 08:00"), at("Thu 12:00"))
    assert dates(result, 1) == dates(schedule_plan(scheduler.plan), 1)
    result = scheduler.update_task(replace(started, actual_finish=at("Tue 12:00")))
    assert dates(result, 2)[0] == at("Wed 08:00")  # not before the status date
    result = scheduler.set_status_date(at("Wed 08:00"), reschedule_after_status=False)
    assert dates(result, 2)[0] == at("Tue 13:00")


def test_actual_dates_outside_the_calendar_name_the_task() -> None:
    from infradesk.schedule.calendar import ScheduleRangeError

    a = T(1, "1d", name="Rack", actual_start=datetime(1850, 1, 1))
    with pytest.raises(ScheduleRangeError, match="'Rack' has its actual start on"):
        run([a], [])
    with pytest.raises(ScheduleRangeError, match="status date"):
        run([T(1)], [], status=datetime(2300, 1, 1))


def test_a_view_repaints_a_task_whose_state_changed_on_the_same_dates() -> None:
    tasks, links = chain(T(1, "2d", name="A", actual_start=at("Mon 08:00")))
    scheduler = Scheduler(PlanInput(PROJECT_START, WorkingCalendar(), tasks, links))
    done = replace(tasks[0], actual_finish=at("Tue 17:00"))  # finished exactly as planned
    result = scheduler.update_task(done)
    before = scheduler.previous
    assert before is not None
    assert result.positions(1)[:2] == before.positions(1)[:2]
    assert result[1].progress == "finished" and before[1].progress == "in_progress"
    assert 1 in result.changed_since(before)
