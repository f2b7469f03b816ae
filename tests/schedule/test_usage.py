"""The usage grid against a brute-force count: every working minute of every task walked one
by one, its share of the work put on its day, overloads found day by day."""

from __future__ import annotations

from array import array
from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from infradesk.schedule.calendar import WorkingCalendar
from infradesk.schedule.usage import (
    TOLERANCE_MINUTES,
    DayTable,
    Load,
    TaskRun,
    day_run,
    intersect,
    spread,
)

ORIGIN = date(2026, 3, 2)  # a Monday
GRID_DAYS = 14

calendars = st.builds(
    lambda weekdays, hours: WorkingCalendar(weekdays=frozenset(weekdays), hours=hours),
    st.sets(st.integers(0, 6), min_size=1),
    st.sampled_from(
        [((480, 720), (780, 1020)), ((0, 1440),), ((540, 780),), ((360, 600), (1200, 1380))]
    ),
)


@st.composite
def tasks(draw: st.DrawFn) -> tuple[datetime, datetime]:
    """A task from a few days before the grid to a few days after it, at any 15 minutes."""
    start = datetime.combine(ORIGIN, datetime.min.time()) + timedelta(
        minutes=15 * draw(st.integers(-4 * 96, (GRID_DAYS + 2) * 96))
    )
    finish = start + timedelta(minutes=15 * draw(st.integers(0, 8 * 96)))
    return start, finish


def brute_minutes(
    start: datetime, finish: datetime, calendar: WorkingCalendar
) -> dict[date, int]:
    """Working minutes per day, walking every minute from start to finish."""
    found: dict[date, int] = {}
    moment = start
    while moment < finish:
        minute = moment.hour * 60 + moment.minute
        if any(s <= minute < e for s, e in calendar.day_intervals(moment.date())):
            found[moment.date()] = found.get(moment.date(), 0) + 1
        moment += timedelta(minutes=1)
    return found


def test_intersect_keeps_only_the_common_time() -> None:
    morning_and_afternoon = ((480, 720), (780, 1020))
    assert intersect(morning_and_afternoon, ((600, 900),)) == ((600, 720), (780, 900))
    assert intersect(morning_and_afternoon, ()) == ()
    assert intersect(((0, 1440),), morning_and_afternoon) == morning_and_afternoon


@settings(max_examples=60, deadline=None)
@given(calendar=calendars, task=tasks())
def test_day_run_counts_each_working_minute_on_its_day(
    calendar: WorkingCalendar, task: tuple[datetime, datetime]
) -> None:
    start, finish = task
    first, minutes = day_run(start, finish, calendar.day_intervals)
    got = {first + timedelta(days=i): m for i, m in enumerate(minutes) if m}
    assert got == brute_minutes(start, finish, calendar)


@settings(max_examples=60, deadline=None)
@given(calendar=calendars, task=tasks(), margin=st.integers(-3, 3))
def test_a_day_table_gives_the_same_runs(
    calendar: WorkingCalendar, task: tuple[datetime, datetime], margin: int
) -> None:
    """The table's slices equal the day-by-day walk, for runs inside it and across its ends."""
    start, finish = task
    table = DayTable(calendar.day_intervals, ORIGIN, ORIGIN + timedelta(days=GRID_DAYS + margin))
    assert table.run(start, finish) == day_run(start, finish, calendar.day_intervals)
    first, minutes = day_run(start, finish, calendar.day_intervals)
    run = table.task_run(start, finish, ORIGIN)
    assert (run.first, list(run.minutes)) == ((first - ORIGIN).days, minutes)


@settings(max_examples=60, deadline=None)
@given(
    calendar=calendars,
    planned=st.lists(
        st.tuples(tasks(), st.integers(0, 2), st.integers(0, 5000), st.booleans()),
        min_size=1,
        max_size=8,
    ),
    capacities=st.lists(st.sampled_from([0, 240, 480]), min_size=3, max_size=3),
)
def test_grid_matches_a_brute_force_count(
    calendar: WorkingCalendar,
    planned: list[tuple[tuple[datetime, datetime], int, int, bool]],
    capacities: list[int],
) -> None:
    rows = 3
    capacity = array("d", [float(c) for c in capacities for _ in range(GRID_DAYS)])
    runs: dict[int, TaskRun] = {}
    loads: list[Load] = []
    expected = [[0.0] * GRID_DAYS for _ in range(rows)]
    expected_focus = [[0.0] * GRID_DAYS for _ in range(rows)]
    # half the runs sliced from one table (their inner days added a calendar at a time)
    table = DayTable(calendar.day_intervals, ORIGIN - timedelta(days=3), ORIGIN + timedelta(20))
    for key, ((start, finish), row, work, focus) in enumerate(planned):
        if key % 2:
            runs[key] = table.task_run(start, finish, ORIGIN)
        else:
            first, minutes = day_run(start, finish, calendar.day_intervals)
            runs[key] = TaskRun((first - ORIGIN).days, minutes)
        loads.append(Load(key, row, float(work), focus))
        per_day = brute_minutes(start, finish, calendar)
        total = sum(per_day.values())
        shares = (
            {d: work * m / total for d, m in per_day.items()} if total else {start.date(): work}
        )
        for day, share in shares.items():
            index = (day - ORIGIN).days
            if 0 <= index < GRID_DAYS:
                expected[row][index] += share
                if focus:
                    expected_focus[row][index] += share

    grid = spread(rows, GRID_DAYS, capacity, runs, loads)

    for row in range(rows):
        for day in range(GRID_DAYS):
            index = row * GRID_DAYS + day
            assert abs(grid.load[index] - expected[row][day]) < 1e-6
            assert abs(grid.focus[index] - expected_focus[row][day]) < 1e-6
            overloaded = expected[row][day] > capacities[row] + TOLERANCE_MINUTES
            assert grid.overloaded(row, day) == overloaded
        week = grid.bucket(row, 0, 7)
        assert abs(week[0] - sum(expected[row][:7])) < 1e-6
        assert week[2] == capacities[row] * 7
        assert week[3] == sum(
            expected[row][d] > capacities[row] + TOLERANCE_MINUTES for d in range(7)
        )
        # every overloaded day is inside exactly one range, and ranges start and end on one
        spans = grid.overload_ranges(row)
        covered = [d for s in spans for d in range(s.first, s.last + 1) if grid.overloaded(row, d)]
        assert covered == [d for d in range(GRID_DAYS) if grid.overloaded(row, d)]
        for span in spans:
            assert grid.overloaded(row, span.first) and grid.overloaded(row, span.last)


def test_cell_tasks_split_a_cell_by_task_and_overload_ranges_bridge_days_off() -> None:
    # row 0: capacity 480 Mon-Fri, 0 at the weekend; two tasks Thu..Mon over 3 working days
    capacity = array("d", [480.0 if (d % 7) < 5 else 0.0 for d in range(GRID_DAYS)])
    day = (480,) * 2 + (0, 0) + (480,)  # Thu, Fri, Sat, Sun, Mon
    runs = {1: TaskRun(3, day), 2: TaskRun(3, day)}
    loads = [Load(1, 0, 1440.0, True), Load(2, 0, 720.0, False)]
    grid = spread(1, GRID_DAYS, capacity, runs, loads)

    assert grid.load[3] == 720.0 and grid.focus[3] == 480.0
    cells = grid.cell_tasks(0, 3, 5)  # Thu and Fri
    assert [(c.task, c.minutes, c.focus) for c in cells] == [(1, 960.0, True), (2, 480.0, False)]
    (span,) = grid.overload_ranges(0)  # Thu to Mon, the weekend in between without load
    assert (span.first, span.last, span.peak, span.days_off) == (3, 7, 1.5, 0)


def test_work_on_a_day_off_is_an_overload_without_a_peak() -> None:
    capacity = array("d", [0.0] * GRID_DAYS)
    grid = spread(1, GRID_DAYS, capacity, {1: TaskRun(5, [0])}, [Load(1, 0, 60.0)])
    assert grid.load[5] == 60.0  # no working minutes in its run: the work lands on its day
    (span,) = grid.overload_ranges(0)
    assert (span.first, span.last, span.peak, span.days_off) == (5, 5, None, 1)
