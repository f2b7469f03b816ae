"""Every task's start and finish at once (``ScheduleResult.start_finish``, built as columns by
``schedule.early_columns``) are its entry's ``early_start`` / ``early_finish``: on random plans
with nested summaries, milestones, progress, constraints, elapsed, manual and ALAP tasks, task
clocks, on calendars with holidays and a freeze; and on plans made by hand where a summary's
extreme children are milestones shown at a predecessor's finish or at a moment given."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime

import pytest

from infradesk.schedule.calendar import WorkingCalendar
from infradesk.schedule.engine import PlanInput, ScheduleResult, TaskInput, schedule
from infradesk.schedule.task_calendars import ClockSpec

from .helpers import PROJECT_START, L, T, at
from .test_bulk_dates import CALENDARS, _plans

H24 = ClockSpec(WorkingCalendar(weekdays=frozenset(range(7)), hours=((0, 1440),)), (), "24 Hours")
NIGHTS = ClockSpec(CALENDARS["night shifts"], (), "Nights")


def _from_entries(result: ScheduleResult, ids: list[int]) -> dict[int, tuple[datetime, datetime]]:
    return {task_id: (result[task_id].early_start, result[task_id].early_finish) for task_id in ids}


def _with_clocks(plan: PlanInput, seed: int) -> PlanInput:
    """``plan`` with some leaves on a clock of their own (elapsed ones among them)."""
    rng = random.Random(seed)
    parents = {task.parent_id for task in plan.tasks}
    tasks = [
        replace(task, clock=rng.choice([H24, NIGHTS]))
        if task.id not in parents and rng.random() < 0.2
        else task
        for task in plan.tasks
    ]
    return replace(plan, tasks=tasks)


def _all_plans(seed: int) -> list[PlanInput]:
    plans = _plans(seed)
    return plans + [_with_clocks(plan, seed) for plan in plans]


def _assert_equal_to_entries(plan: PlanInput, seed: int) -> None:
    ids = [task.id for task in plan.tasks]
    expected = _from_entries(schedule(plan), ids)
    assert schedule(plan).start_finish() == expected
    rng = random.Random(seed)
    wanted = rng.sample(ids, len(ids) - len(ids) // 5)  # any order, some left out
    starts, finishes = schedule(plan).start_finish_columns(wanted)
    assert list(zip(starts, finishes, strict=True)) == [expected[i] for i in wanted]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_start_finish_equals_the_entries_on_random_plans(seed: int) -> None:
    for plan in _all_plans(seed):
        _assert_equal_to_entries(plan, seed)


def test_the_random_plans_hold_every_kind_of_task() -> None:
    """The plans above hold each kind whose dates follow their own rule."""
    kinds: set[str] = set()
    for plan in _all_plans(1):
        result = schedule(plan)
        for task in plan.tasks:
            entry = result[task.id]
            if entry.summary:
                kinds.add("summary")
            elif entry.early_start == entry.early_finish:
                evening = entry.early_start.hour >= 17
                kinds.add("zero length at a closing time" if evening else "zero")
            if task.elapsed and entry.progress == "not_started" and task.clock is None:
                kinds.add("elapsed")
            if task.clock is not None and entry.duration_minutes:
                kinds.add("on a clock")
            if task.manual:
                kinds.add("manual")
            if task.constraint_type == "ALAP":
                kinds.add("ALAP")
            kinds.add(entry.progress)
    assert kinds >= {
        "summary", "zero", "zero length at a closing time", "elapsed", "on a clock", "manual",
        "ALAP", "not_started", "in_progress", "finished",
    }  # fmt: skip


def test_no_entry_is_built() -> None:
    """The dates come from the positions: no task's whole entry is built for them."""
    for plan in _all_plans(2):
        result = schedule(plan)
        result.start_finish()
        assert result._cache == {}


def _summaries_of_milestones() -> PlanInput:
    """Summaries whose extreme children are milestones: at a predecessor's finish (shown
    that evening), given a closing time, at a start; elapsed and clocked tasks among them,
    and progress recorded up to a status date."""
    tasks: list[TaskInput] = [
        T(1, "1d"),
        T(10, "0d"),
        T(11, "0d", parent_id=10),  # after 1: Monday 17:00
        T(12, "0d", parent_id=10, constraint_type="MFO", constraint_date=at("Wed 17:00")),
        T(20, "0d"),
        T(21, "0d", parent_id=20),  # at the project's start
        T(22, "2d", parent_id=20, elapsed=True),  # wall clock: Wed 08:00
        T(23, "0d", parent_id=20),  # after 22
        T(30, "0d"),
        T(31, "0d", parent_id=30),
        T(32, "0d", parent_id=31),  # nested milestones only
        T(33, "3h", parent_id=31, clock=H24),
        T(40, "0d"),
        T(41, "2d", parent_id=40, actual_start=at("Mon 08:00"), actual_finish=at("Tue 17:00")),
        T(42, "3d", parent_id=40, actual_start=at("Tue 13:00"), percent_complete=50.0),
        T(43, "0d", parent_id=40, actual_start=at("Wed 17:00"), actual_finish=at("Wed 17:00")),
        T(44, "1d", parent_id=40, constraint_type="ALAP"),
    ]
    links = [L(1, 11), L(1, 32), L(32, 33), L(22, 23), L(41, 44)]
    return PlanInput(
        PROJECT_START, WorkingCalendar(), tasks, links, status_date=at("Wed 12:00")
    )


def test_summaries_of_milestones_at_closing_times() -> None:
    plan = _summaries_of_milestones()
    before_status = replace(plan, status_date=None)
    dates = schedule(before_status).start_finish()
    assert dates[10] == (at("Mon 17:00"), at("Wed 17:00"))
    assert dates[20] == (at("Mon 08:00"), at("Tue 08:00"))
    assert dates[30] == (at("Mon 17:00"), at("Mon 20:00"))
    dates = schedule(plan).start_finish()  # the unstarted work after the status date
    assert dates[10] == (at("Wed 17:00"), at("Thu 12:00"))
    assert dates[40] == (at("Mon 08:00"), at("Fri 12:00"))
    for variant in (plan, before_status):
        _assert_equal_to_entries(variant, 0)
        for calendar in CALENDARS.values():
            _assert_equal_to_entries(replace(variant, calendar=calendar), 0)


def test_a_deep_outline() -> None:
    """Nested deeper than Python's recursion limit, a milestone at the bottom."""
    depth = 1500
    tasks = [T(k, "0d", parent_id=k - 1 if k else None) for k in range(depth)]
    tasks += [T(depth, "2d", parent_id=depth - 1), T(depth + 1, "0d", parent_id=depth - 1)]
    plan = PlanInput(PROJECT_START, WorkingCalendar(), tasks, [L(depth, depth + 1)])
    dates = schedule(plan).start_finish()
    assert dates[0] == (at("Mon 08:00"), at("Tue 17:00"))
    _assert_equal_to_entries(plan, 0)


@pytest.mark.parametrize("seed", [1, 2])
def test_a_summary_looked_up_first_builds_no_leaf_entry(seed: int) -> None:
    """A summary's entry takes its leaf children's date-times without building their entries
    (nested summaries' entries are built, children first), and equals the entry built with
    every other one."""
    for plan in _all_plans(seed):
        everything = dict(schedule(plan).items())
        result = schedule(plan)
        summaries = [task.id for task in plan.tasks if result.is_summary(task.id)]
        random.Random(seed).shuffle(summaries)
        for task_id in summaries:
            assert result[task_id] == everything[task_id]
        assert set(result._cache) == set(summaries)
