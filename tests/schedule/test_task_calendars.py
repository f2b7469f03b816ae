"""Task calendars, resource calendars and the leveling delay (issue 18), worked out by hand on
the default project calendar (Mon-Fri 08:00-12:00, 13:00-17:00; week of Mon 5 Jan 2026), and
against a minute-by-minute oracle on small random plans."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infradesk.schedule.calendar import WorkingCalendar
from infradesk.schedule.engine import PlanInput, Scheduler, TaskInput, schedule
from infradesk.schedule.task_calendars import (
    ClockSpec,
    NoCommonWorkingTime,
    ResourceClock,
    clock_spec,
    clocks_for,
)

from .helpers import MONDAY, PROJECT_START, L, T, at

DAY = 480
H24 = WorkingCalendar(weekdays=frozenset(range(7)), hours=((0, 1440),))
ALL_HOURS = ClockSpec(H24, (), "24 Hours")


def plan(tasks: list[TaskInput], links=(), calendar: WorkingCalendar | None = None) -> PlanInput:
    return PlanInput(PROJECT_START, calendar or WorkingCalendar(), tasks, list(links))


def on_leave(name: str, *days: date) -> ResourceClock:
    return ResourceClock(name, None, tuple((d, ()) for d in days))


def day(offset: int) -> date:
    return MONDAY + timedelta(days=offset)


# --------------------------------------------------------------------------- task calendars


def test_a_24x7_cutover_runs_through_the_weekend_while_the_plan_stays_mon_fri() -> None:
    """Prep Mon-Thu; the cutover (2 x 24 h) starts Thu 17:00 and runs to Sat 17:00, the second
    24x7 step follows it on Saturday night, hypercare waits for Monday morning."""
    result = schedule(
        plan(
            [
                T(1, "4d", name="Prep"),
                T(2, "2880m", name="Cutover", clock=ALL_HOURS),
                T(3, "360m", name="Smoke test", clock=ALL_HOURS),
                T(4, "1d", name="Hypercare"),
            ],
            [L(1, 2), L(2, 3), L(3, 4)],
        )
    )
    assert (result[2].start, result[2].finish) == (at("Thu 17:00"), at("Sat 17:00"))
    assert (result[3].start, result[3].finish) == (at("Sat 17:00"), at("Sat 23:00"))
    assert (result[4].start, result[4].finish) == (at("Mon2 08:00"), at("Mon2 17:00"))
    assert result.project_finish == at("Mon2 17:00")
    # floats in the task's own clock: Saturday 23:00 to Monday 02:00 is 27 h of slack
    assert result[3].total_float_minutes == 27 * 60 + 6 * 60
    assert result[4].critical and not result[3].critical
    assert result[2].duration_minutes == 2880


def test_lags_stay_on_the_project_calendar() -> None:
    """A 1-day FS lag after a 24x7 step that ends Saturday counts Monday's working day."""
    result = schedule(
        plan(
            [T(1, "300m", name="Step", clock=ALL_HOURS, start_no_earlier_than=at("Sat 08:00")),
             T(2, "1d", name="After")],
            [L(1, 2, "FS", "1d")],
        )
    )  # fmt: skip
    assert result[1].finish == at("Sat 13:00")
    assert result[2].start == at("Tue2 08:00")


def test_a_task_on_a_base_calendar_ignores_the_project_holidays() -> None:
    """Tue 6 Jan is a holiday of the project: a plain task skips it, a task on a Mon-Fri base
    calendar (which replaces the project calendar) works it, and so does a resource without a
    calendar of its own (it follows its task's calendar); a resource whose own calendar has
    the holiday keeps it."""
    calendar = WorkingCalendar(holidays=frozenset({day(1)}))
    office = WorkingCalendar()
    result = schedule(
        plan(
            [
                T(1, "2d", name="Plain"),
                T(2, "2d", name="Own calendar", clock=ClockSpec(office, (), "Office")),
                T(3, "2d", name="With Ann",
                  clock=ClockSpec(office, (ResourceClock("Ann", None, ((day(9), ()),)),))),
                T(4, "2d", name="With Bob",
                  clock=ClockSpec(office, (ResourceClock("Bob", calendar),))),
            ],
            calendar=calendar,
        )
    )  # fmt: skip
    assert result[1].finish == at("Wed 17:00")
    assert result[2].finish == at("Tue 17:00")
    assert result[3].finish == at("Tue 17:00")  # Ann follows the task's calendar
    assert result[4].finish == at("Wed 17:00")  # Bob's own calendar has the holiday


# --------------------------------------------------------------------------- resources


def test_a_resource_on_leave_pushes_the_finish() -> None:
    ann = on_leave("Ann", day(2), day(3))  # Wed, Thu
    result = schedule(plan([T(1, "3d", clock=clock_spec(None, [ann]))]))
    assert (result[1].start, result[1].finish) == (at("Mon 08:00"), at("Fri 17:00"))
    assert result[1].duration_minutes == 3 * DAY


def test_a_task_waits_for_its_resource_back_from_leave() -> None:
    ann = on_leave("Ann", *(day(k) for k in range(0, 5)))  # all of week 1
    result = schedule(plan([T(1, "1d", clock=clock_spec(None, [ann]))]))
    assert result[1].start == at("Mon2 08:00")


def test_a_part_time_resource_calendar() -> None:
    """Bob works Mon-Wed mornings (4 h): a 1-day task (8 h) takes Monday and Tuesday
    mornings, a 2-day one Mon, Tue, Wed and the next Monday morning."""
    mornings = WorkingCalendar(weekdays=frozenset({0, 1, 2}), hours=((480, 720),))
    bob = ResourceClock("Bob", mornings)
    result = schedule(plan([T(1, "1d", clock=clock_spec(None, [bob]))]))
    assert (result[1].start, result[1].finish) == (at("Mon 08:00"), at("Tue 12:00"))
    result = schedule(plan([T(1, "2d", clock=clock_spec(None, [bob]))]))
    assert result[1].finish == at("Mon2 12:00")


def test_the_intersection_of_the_task_calendar_and_two_resources() -> None:
    """A 24x7 task with an afternoon resource (13-17 every day) and a round-the-clock one
    on leave on Sunday: it works 13-17 on Mon..Sat, not Sunday. A resource without a
    calendar of its own follows its task's calendar (24x7 here), its leave applied; one with
    a Mon-Fri calendar of its own keeps the task to weekdays."""
    afternoons = WorkingCalendar(weekdays=frozenset(range(7)), hours=((780, 1020),))
    dan = ResourceClock("Dan", H24, ((day(6), ()),))
    spec = clock_spec(H24, [ResourceClock("Carol", afternoons), dan], "24 Hours")
    result = schedule(plan([T(1, f"{7 * 240}m", clock=spec)]))
    assert (result[1].start, result[1].finish) == (at("Mon 13:00"), at("Mon2 17:00"))
    spec = clock_spec(H24, [ResourceClock("Carol", afternoons), on_leave("Eve", day(6))])
    result = schedule(plan([T(1, f"{7 * 240}m", clock=spec)]))
    assert result[1].finish == at("Mon2 17:00")
    office = ResourceClock("Fay", WorkingCalendar())
    spec = clock_spec(H24, [ResourceClock("Carol", afternoons), office])
    result = schedule(plan([T(1, f"{7 * 240}m", clock=spec)]))
    assert result[1].finish == at("Tue2 17:00")


def test_a_resource_exception_day_gives_its_own_hours() -> None:
    """Ann works only 08-10 on Monday (2 h): a 1-day task needs Tuesday until 15:00; an
    on-call Saturday lets a 24x7 task use it."""
    ann = ResourceClock("Ann", None, ((day(0), ((480, 600),)),))
    result = schedule(plan([T(1, "1d", clock=clock_spec(None, [ann]))]))
    assert result[1].finish == at("Tue 15:00")
    on_call = ResourceClock("Ann", WorkingCalendar(), ((day(5), ((0, 1440),)),))
    spec = clock_spec(H24, [on_call], "24 Hours")
    sat = schedule(plan([T(1, "600m", clock=spec, start_no_earlier_than=at("Fri 17:00"))]))
    assert (sat[1].start, sat[1].finish) == (at("Sat 00:00"), at("Sat 10:00"))


def test_resources_on_the_project_calendar_keep_the_fast_path() -> None:
    assert clock_spec(None, [ResourceClock("Ann")]) is None
    found = clocks_for({}, {1: [ResourceClock("Ann")], 2: [on_leave("Bob", day(1))]})
    assert list(found) == [2]


def test_calendars_that_never_meet_are_refused_naming_task_and_resources() -> None:
    nights = WorkingCalendar(weekdays=frozenset(range(7)), hours=((0, 300),))
    spec = clock_spec(None, [ResourceClock("Night owl", nights)])
    with pytest.raises(NoCommonWorkingTime) as raised:
        schedule(plan([T(1, "1d", name="Patch", clock=spec)]))
    message = str(raised.value)
    assert "'Patch'" in message and "'Night owl'" in message and "5 years" in message


# --------------------------------------------------------------------------- leveling delay


def test_leveling_delay_moves_the_start_after_its_drivers() -> None:
    """A (1d) -> B (1d, delayed 1d) ; C (4d) alone sets the finish Thu 17:00. B starts Wed
    08:00; its late start is Thu 08:00, and A may finish no later than Tue 17:00 so that B,
    delayed, still makes it."""
    result = schedule(
        plan(
            [T(1, "1d"), T(2, "1d", leveling_delay_minutes=DAY), T(3, "4d")],
            [L(1, 2)],
        )
    )
    assert (result[2].start, result[2].finish) == (at("Wed 08:00"), at("Wed 17:00"))
    assert result[2].late_start == at("Thu 08:00")
    assert result[2].total_float_minutes == DAY
    assert result[1].late_finish == at("Tue 17:00")
    assert result[1].total_float_minutes == DAY
    assert result[1].free_float_minutes == 0


def test_leveling_delay_counts_on_the_task_clock() -> None:
    ann = on_leave("Ann", day(1))  # Tuesday
    result = schedule(
        plan([T(1, "1d", leveling_delay_minutes=DAY, clock=clock_spec(None, [ann]))])
    )
    assert result[1].start == at("Wed 08:00")  # Monday counted, Tuesday is leave


def test_the_scheduler_follows_clock_and_delay_edits() -> None:
    scheduler = Scheduler(plan([T(1, "1d"), T(2, "1d")], [L(1, 2)]))
    assert scheduler.result[2].start == at("Tue 08:00")
    ann = on_leave("Ann", day(1))
    result = scheduler.update_task(T(2, "1d", clock=clock_spec(None, [ann])))
    assert result[2].start == at("Wed 08:00")
    result = scheduler.update_task(T(2, "1d", leveling_delay_minutes=2 * DAY))
    assert result[2].start == at("Thu 08:00")
    result = scheduler.update_task(T(2, "1d", clock=ALL_HOURS))
    assert (result[2].start, result[2].finish) == (at("Mon 17:00"), at("Tue 01:00"))
    assert scheduler.update_task(T(2, "1d"))[2].start == at("Tue 08:00")


# --------------------------------------------------------------------------- the oracle

PROJECT = WorkingCalendar(holidays=frozenset({day(8)}))
NIGHTS = WorkingCalendar(weekdays=frozenset(range(7)), hours=((1200, 1440),))
PART_TIME = WorkingCalendar(weekdays=frozenset({1, 2, 3}), hours=((540, 900),))
TASK_CALENDARS = {"project": None, "24 Hours": H24, "Nights": NIGHTS}
RESOURCE_CALENDARS = [None, PART_TIME, H24]


def works(spec: ClockSpec | None, moment: datetime) -> bool:
    """Whether a task with ``spec`` works the minute starting at ``moment`` (the rules
    restated per minute: no intersection code shared with the engine)."""
    minute = moment.hour * 60 + moment.minute

    def within(intervals) -> bool:
        return any(s <= minute < e for s, e in intervals)

    today = moment.date()
    base = spec.calendar if spec is not None and spec.calendar is not None else PROJECT
    if not within(base.day_intervals(today)):
        return False
    for resource in spec.resources if spec is not None else ():
        own = dict(resource.days).get(today)
        hours = own if own is not None else (resource.calendar or base).day_intervals(today)
        if not within(hours):
            return False
    return True


def oracle(tasks: list[TaskInput], preds: dict[int, list[int]]) -> dict[int, tuple]:
    """Early start and finish of each task by walking minute by minute (FS links, lag 0;
    the leveling delay counts working minutes of the task's clock before it starts)."""
    dates: dict[int, tuple[datetime, datetime]] = {}
    step = timedelta(minutes=1)
    for task in tasks:
        ready = max([PROJECT_START, *(dates[p][1] for p in preds.get(task.id, ()))])
        moment, delay = ready, task.leveling_delay_minutes
        while delay:
            if works(task.clock, moment):
                delay -= 1
            moment += step
        while not works(task.clock, moment):
            moment += step
        start, left = moment, task.duration_minutes
        while left:
            if works(task.clock, moment):
                left -= 1
            moment += step
        dates[task.id] = (start, moment)
    return dates


# the calendars repeat weekly and the leave lies in the first two weeks
MINUTES_OF_THREE_WEEKS = [PROJECT_START + timedelta(minutes=30 * k) for k in range(21 * 48)]


@st.composite
def random_plans(draw) -> tuple[list[TaskInput], dict[int, list[int]]]:
    count = draw(st.integers(2, 5))
    resources = [
        ResourceClock(
            f"R{k}",
            draw(st.sampled_from(RESOURCE_CALENDARS)),
            tuple(
                (day(offset), ())
                for offset in sorted(draw(st.sets(st.integers(0, 13), max_size=3)))
            ),
        )
        for k in range(3)
    ]
    tasks, preds = [], {}
    for task_id in range(1, count + 1):
        name = draw(st.sampled_from(sorted(TASK_CALENDARS)))
        chosen = draw(st.sets(st.integers(0, 2), max_size=2))
        spec = clock_spec(TASK_CALENDARS[name], [resources[k] for k in chosen], name)
        hours = draw(st.integers(1, 12))
        delay = draw(st.sampled_from([0, 0, 0, 60, DAY]))
        tasks.append(T(task_id, f"{hours * 60}m", clock=spec, leveling_delay_minutes=delay))
        if task_id > 1:
            preds[task_id] = sorted(draw(st.sets(st.integers(1, task_id - 1), max_size=2)))
    return tasks, preds


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_plans())
def test_engine_agrees_with_a_minute_by_minute_oracle(drawn) -> None:
    tasks, preds = drawn
    links = [L(p, s) for s, ps in preds.items() for p in ps]
    never = [t for t in tasks if not any(works(t.clock, m) for m in MINUTES_OF_THREE_WEEKS)]
    if never:  # calendars that never meet (nights and a day-time resource): refused
        with pytest.raises(NoCommonWorkingTime):
            schedule(PlanInput(PROJECT_START, PROJECT, tasks, links))
        return
    result = schedule(PlanInput(PROJECT_START, PROJECT, tasks, links))
    expected = oracle(tasks, preds)
    for task in tasks:
        got = result[task.id]
        assert (got.start, got.finish) == expected[task.id], task
        assert got.total_float_minutes >= 0
