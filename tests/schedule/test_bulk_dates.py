"""Every date-time built at once equals the one built on its own.

``ScheduleResult.values()``/``items()`` build every entry in one go (``build_all``), with the
date-times of plain tasks from the axis's batch conversion (``TimeAxis.starts_at_many`` /
``finishes_at_many``, a bisect into the table of working intervals); looking a task up builds
its entry alone (``start_at``/``finish_at``, a bisect into the table of days). Both must give
the same answers, on calendars with holidays, worked exceptions, nights and freezes.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from infradesk.schedule.calendar import (
    LAST_SUPPORTED_DAY,
    FreezeWindow,
    TimeAxis,
    WorkingCalendar,
)
from infradesk.schedule.engine import PlanInput, Scheduler, ScheduleResult, schedule

from .helpers import PROJECT_START
from .test_late_refresh import loop_free_scheduler, random_plan

CALENDARS = {
    "bavaria": WorkingCalendar(
        holiday_country="DE",
        holiday_region="BY",
        exceptions={
            date(2026, 1, 10): ((0, 1440),),  # a worked Saturday around the clock
            date(2026, 1, 11): ((0, 600),),  # and the Sunday morning after it
            date(2026, 1, 13): ((480, 600),),  # a short Tuesday
            date(2026, 3, 2): (),  # a Monday off
        },
        freezes=(FreezeWindow("Freeze", date(2026, 12, 15), date(2027, 1, 5)),),
    ),
    "around the clock": WorkingCalendar(weekdays=frozenset(range(7)), hours=((0, 1440),)),
    "night shifts": WorkingCalendar(
        weekdays=frozenset({0, 1, 2, 3, 4, 6}), hours=((0, 360), (1320, 1440))
    ),
    "one day a week": WorkingCalendar(weekdays=frozenset({2}), hours=((600, 660),)),
}
ORIGIN = datetime(2026, 1, 5, 8, 0)


def _positions(rng: random.Random, per_day: int) -> list[int]:
    """Random positions from years before the origin to years after it, day and interval
    boundaries among them, some twice."""
    positions = [rng.randrange(-300 * per_day, 3000 * per_day) for _ in range(2000)]
    positions += [k * per_day + d for k in range(-40, 400, 7) for d in (-1, 0, 1)]
    positions += [k * 60 for k in range(-200, 2000, 13)]
    positions += rng.sample(positions, 200)
    rng.shuffle(positions)
    return positions


@pytest.mark.parametrize("name", sorted(CALENDARS))
def test_batch_conversions_equal_the_one_by_one_conversions(name: str) -> None:
    calendar = CALENDARS[name]
    rng = random.Random(name)
    positions = _positions(rng, calendar.minutes_per_day)
    one_by_one = TimeAxis(calendar, ORIGIN)
    starts = TimeAxis(calendar, ORIGIN).starts_at_many(positions)
    finishes = TimeAxis(calendar, ORIGIN).finishes_at_many(positions)
    assert starts.keys() == finishes.keys() == set(positions)
    for pos in positions:
        assert starts[pos] == one_by_one.start_at(pos), pos
        assert finishes[pos] == one_by_one.finish_at(pos), pos


def test_a_batch_on_an_axis_that_converted_some_already_and_grows_both_ways() -> None:
    calendar = CALENDARS["bavaria"]
    rng = random.Random(3)
    fresh = TimeAxis(calendar, ORIGIN)
    kept = TimeAxis(calendar, ORIGIN)
    for pos in range(0, 20_000, 170):  # remembered one by one first
        kept.start_at(pos)
        kept.finish_at(pos)
    for low, high in ((0, 50_000), (-2_000_000, 0), (1_000_000, 9_000_000)):
        positions = [rng.randrange(low, high) for _ in range(500)] + list(range(0, 20_000, 170))
        starts, finishes = kept.starts_at_many(positions), kept.finishes_at_many(positions)
        for pos in positions:
            assert starts[pos] == fresh.start_at(pos), pos
            assert finishes[pos] == fresh.finish_at(pos), pos
    # a worked Saturday after a normal Friday: the Friday closing, the Saturday midnight
    friday_close = kept.position_of(datetime(2026, 1, 9, 17, 0))
    assert kept.finishes_at_many([friday_close])[friday_close] == datetime(2026, 1, 9, 17, 0)
    assert kept.starts_at_many([friday_close])[friday_close] == datetime(2026, 1, 10, 0, 0)


def _entries_one_by_one(result: ScheduleResult, order: list[int]) -> dict[int, object]:
    return {task_id: result[task_id] for task_id in order}


def _plans(seed: int) -> list[PlanInput]:
    """Random plans (summaries nested, all link types, progress, constraints, deadlines,
    production changes in a freeze, a status date) and the same plans with manual, elapsed
    and ALAP tasks, and on the Bavarian calendar."""
    rng = random.Random(seed)
    plans = []
    for count in (30, 120, 400):
        plan = loop_free_scheduler(random_plan(rng, count)).plan
        plans.append(plan)
        tasks = list(plan.tasks)
        for k, task in enumerate(tasks):
            if task.duration_minutes and rng.random() < 0.1:
                tasks[k] = replace(task, elapsed=True)
            elif rng.random() < 0.05:
                tasks[k] = replace(task, constraint_type="ALAP", constraint_date=None)
            elif rng.random() < 0.05:
                start = PROJECT_START + timedelta(hours=rng.randrange(0, 2000))
                tasks[k] = replace(task, manual=True, manual_start=start)
        plans.append(replace(plan, tasks=tasks))
        plans.append(replace(plan, calendar=CALENDARS["bavaria"]))
    return plans


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_entry_built_at_once_equals_each_built_alone(seed: int) -> None:
    for plan in _plans(seed):
        ids = [task.id for task in plan.tasks]
        shuffled = ids[:]
        random.Random(seed).shuffle(shuffled)
        alone = _entries_one_by_one(schedule(plan), shuffled)
        at_once = schedule(plan)
        assert list(at_once.items()) == [(task_id, alone[task_id]) for task_id in ids]
        assert list(at_once.values()) == [alone[task_id] for task_id in ids]
        assert at_once.computed_fields() == {i: alone[i].computed_fields() for i in ids}
        # some looked up first (the rows a view shows), then all of them
        partly = schedule(plan)
        shown = {task_id: partly[task_id] for task_id in shuffled[: len(ids) // 3]}
        assert dict(partly.items()) == alone
        assert all(partly[task_id] is entry for task_id, entry in shown.items())


def test_a_short_schedule_does_not_build_the_calendar_up_to_2199() -> None:
    axis = TimeAxis(CALENDARS["bavaria"], ORIGIN)
    per_day = axis.calendar.minutes_per_day
    assert not axis.after_supported_range(1500 * per_day)  # about six years
    assert axis.day_intervals(date(2032, 1, 5)) == axis.calendar.hours
    assert axis.after_supported_range(10**9)  # beyond 2199: the table reached its end
    end = TimeAxis(CALENDARS["bavaria"], ORIGIN).position_of(LAST_SUPPORTED_DAY + timedelta(1))
    for pos in (end - 1, end, end + 1):
        fresh = TimeAxis(CALENDARS["bavaria"], ORIGIN)
        assert fresh.after_supported_range(pos) is (pos > end)


def test_a_kept_scheduler_builds_every_entry_as_a_fresh_schedule() -> None:
    """The Scheduler's axis remembers the date-times of earlier results: the batch takes
    those and converts the rest."""
    plan = _plans(4)[2]  # 30 tasks on the Bavarian calendar
    scheduler = Scheduler(plan)
    list(scheduler.result.values())
    rng = random.Random(4)
    for _ in range(10):
        task = plan.tasks[rng.randrange(len(plan.tasks))]
        scheduler.update_task(replace(task, duration_minutes=rng.choice([0, 90, 480, 2400])))
        plan = scheduler.plan
        fresh = schedule(plan)
        assert dict(scheduler.result.items()) == {i: fresh[i] for i in fresh}


@pytest.mark.parametrize("name", sorted(CALENDARS))
def test_the_day_table_from_cached_years_is_the_calendars(name: str) -> None:
    """The axis takes its days from per-year tables of the calendar (shared by its axes):
    each day's intervals and each midnight's position are those counted day by day."""
    calendar = CALENDARS[name]
    rng = random.Random(name)
    first, last = date(2023, 11, 20), date(2029, 2, 3)
    expected: dict[date, int] = {}
    day, pos = ORIGIN.date(), 0
    while day <= last:  # forward from the origin's midnight
        expected[day] = pos
        pos += sum(e - s for s, e in calendar.day_intervals(day))
        day += timedelta(days=1)
    day, pos = ORIGIN.date(), 0
    while day > first:  # and backward
        day -= timedelta(days=1)
        pos -= sum(e - s for s, e in calendar.day_intervals(day))
        expected[day] = pos
    for _ in range(3):  # the second and third axes take the cached years
        axis = TimeAxis(calendar, ORIGIN)
        days = sorted(expected)
        rng.shuffle(days)  # the table grows both ways, in steps of different sizes
        for day in days[:300]:
            assert axis.position_of(day) == expected[day], day
            assert axis.day_intervals(day) == calendar.day_intervals(day), day
    far = [date(1899, 1, 1), date(1900, 2, 28), date(2100, 3, 1), date(2200, 12, 31)]
    for day in far:
        assert TimeAxis(calendar, ORIGIN).day_intervals(day) == calendar.day_intervals(day)


def test_a_day_before_the_table_on_a_fresh_axis() -> None:
    """Asking for a day before the table grows the table backwards (a new list of days):
    the answer is that day's, not the one at its index in the list before."""
    calendar = WorkingCalendar()
    sunday, monday = date(2025, 6, 1), date(2025, 6, 2)  # months before the origin
    assert TimeAxis(calendar, ORIGIN).day_intervals(sunday) == ()
    assert not TimeAxis(calendar, ORIGIN).is_working_day(sunday)
    assert TimeAxis(calendar, ORIGIN).day_intervals(monday) == calendar.hours
    assert TimeAxis(calendar, ORIGIN).is_working_day(monday)
