"""Earned value and earned schedule (infradesk.schedule.earned_value): a textbook example with
published figures, properties on random plans, and the edge cases (no cost, no actual cost,
status dates outside the plan)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infradesk.errors import UserError
from infradesk.schedule.calendar import TimeAxis, WorkingCalendar
from infradesk.schedule.earned_value import (
    EarnedValue,
    EarnedValueInputError,
    EvmFigures,
    EvmTask,
    earned_value,
    s_curve,
    to_cents,
)

from .helpers import PROJECT_START, at

CALENDAR = WorkingCalendar()  # Monday to Friday, 08:00-12:00 and 13:00-17:00
AXIS = TimeAxis(CALENDAR, PROJECT_START)
DAY = CALENDAR.minutes_per_day


def D(text: str | int) -> Decimal:
    return Decimal(text)


# --------------------------------------------------------------------------- textbook example


def fence(**side4: object) -> list[EvmTask]:
    """The fence exercise of Rita Mulcahy's PMP Exam Prep (p. 210), as published in the
    "Earned Value Exercise" handout (studylib.net/doc/5898152/earned-value-exercise): a fence of
    four sides, built one after the other, each budgeted $1,000 and planned for one day.
    At the end of day 3: side 1 complete, $1,000 spent; side 2 complete, $1,200 spent; side 3
    50 % done, $600 spent; side 4 not started. Day 1 is Monday 5 Jan 2026."""
    sides = [
        EvmTask(1, None, name="Fence", summary=True),
        EvmTask(2, 1, at("Mon 08:00"), at("Mon 17:00"), D("1000"), 100, D("1000")),
        EvmTask(3, 1, at("Tue 08:00"), at("Tue 17:00"), D("1000"), 100, D("1200")),
        EvmTask(4, 1, at("Wed 08:00"), at("Wed 17:00"), D("1000"), 50, D("600")),
        EvmTask(5, 1, at("Thu 08:00"), at("Thu 17:00"), D("1000"), 0, D("0")),
    ]
    sides[-1] = replace(sides[-1], **side4)  # type: ignore[arg-type]  # test override
    return sides


def test_fence_exercise_matches_the_published_answers() -> None:
    result = earned_value(fence(), at("Wed 17:00"), AXIS)
    project = result.project
    # the handout's answers
    assert (project.pv, project.ev, project.ac, project.bac) == (3000, 2500, 2800, 4000)
    assert project.cv == -300
    assert project.sv == -500
    assert project.cpi == pytest.approx(0.893, abs=5e-4)
    assert project.spi == pytest.approx(0.833, abs=5e-4)
    # The handout rounds CPI to .893 before dividing: 4,000 / .893 = 4,479 (ETC 1,679, VAC -479).
    # Without that rounding step EAC = BAC x AC / EV = 4,000 x 2,800 / 2,500 = 4,480 exactly.
    assert to_cents(D("4000") / D("0.893")) == D("4479.28")
    assert project.eac == project.eac_cpi == 4480
    assert project.etc == 1680
    assert project.vac == -480
    # the other two standard formulas and TCPI, from the same figures
    assert project.eac_budget == 2800 + (4000 - 2500)  # 4,300
    assert project.eac_cpi_spi == 2800 + D(1500) * 2800 * 3000 / (2500 * 2500)  # 4,816
    assert project.eac_cpi_spi == 4816
    assert project.tcpi == pytest.approx(1500 / 1200)
    # the summary "Fence" is the project; the half-built side is on its own
    assert result.tasks[1] == project
    assert result.tasks[4] == EvmFigures(D(1000), D(1000), D(500), D(600))


def test_fence_exercise_earned_schedule() -> None:
    """Lipke's ES = C + I on the same figures: EV (2,500) covers the PV of C = 2 whole days
    (1,000 and 2,000) and I = (2,500 - 2,000) / (3,000 - 2,000) = 0.5 of day 3: ES = 2.5 days,
    AT = 3 days, SV(t) = -0.5 day, SPI(t) = 0.833, IEAC(t) = 4 / 0.833 = 4.8 days: Friday, 0.8
    of its 8 working hours done, 15:24."""
    schedule = earned_value(fence(), at("Wed 17:00"), AXIS).schedule
    assert schedule is not None
    assert schedule.baseline_start == at("Mon 08:00")
    assert schedule.baseline_finish == at("Thu 17:00")
    assert schedule.planned_duration == 4 * DAY
    assert schedule.earned_schedule == 2.5 * DAY
    assert schedule.actual_time == 3 * DAY
    assert schedule.sv_t == -0.5 * DAY
    assert schedule.spi_t == pytest.approx(2.5 / 3)
    assert schedule.ieac_t == pytest.approx(4.8 * DAY)
    assert schedule.forecast_finish == at("Fri 15:24")


def test_finished_late_the_cost_indices_forget_the_slip_earned_schedule_does_not() -> None:
    """The fence finished on day 5 instead of day 4: SPI is back to 1, SPI(t) = 4 / 5."""
    tasks = [
        replace(t, percent_complete=100, actual_finish=at("Fri 17:00") if t.id == 5 else None)
        for t in fence()
    ]
    tasks = [replace(t, actual_finish=t.actual_finish or t.baseline_finish) for t in tasks]
    result = earned_value(tasks, at("Mon2 17:00"), AXIS)
    assert result.project.spi == 1.0
    schedule = result.schedule
    assert schedule is not None
    assert schedule.earned_schedule == 4 * DAY  # capped at the planned duration
    assert schedule.actual_time == 5 * DAY  # stopped at the actual finish, not the status date
    assert schedule.spi_t == pytest.approx(0.8)
    assert schedule.forecast_finish == at("Fri 17:00")


def test_pv_spreads_over_working_time_only() -> None:
    """Friday 08:00 to Monday 17:00 is two working days: on Saturday half the cost is planned,
    and on Monday noon three quarters."""
    task = EvmTask(1, None, at("Fri 08:00"), at("Mon2 17:00"), D("800"))
    assert earned_value([task], at("Sat 12:00"), AXIS).project.pv == 400
    assert earned_value([task], at("Mon2 12:00"), AXIS).project.pv == 600


def test_dates_or_positions_and_a_calendar_or_an_axis_give_the_same_figures() -> None:
    as_positions = [
        replace(
            t,
            baseline_start=AXIS.position_of(t.baseline_start),  # type: ignore[arg-type]
            baseline_finish=AXIS.position_of(t.baseline_finish),  # type: ignore[arg-type]
        )
        if t.baseline_start is not None
        else t
        for t in fence()
    ]
    expected = earned_value(fence(), at("Wed 12:00"), AXIS)
    assert earned_value(as_positions, at("Wed 12:00"), AXIS) == expected
    assert earned_value(fence(), at("Wed 12:00"), CALENDAR) == expected


# --------------------------------------------------------------------------- edge cases


ZERO_COST = Decimal(0)


def test_no_baseline_cost_gives_none_not_zero_or_infinity() -> None:
    tasks = [EvmTask(1, None, at("Mon 08:00"), at("Tue 17:00"), ZERO_COST, 50, D("300"))]
    result = earned_value(tasks, at("Wed 17:00"), AXIS)
    project = result.project
    assert (project.bac, project.pv, project.ev, project.ac) == (0, 0, 0, 300)
    assert project.spi is None  # PV = 0
    assert project.cpi == 0.0  # nothing earned for 300 spent
    assert project.eac is None and project.etc is None and project.vac is None
    assert project.eac_cpi_spi is None
    assert project.eac_budget == 300
    assert result.schedule is None  # no PV curve: no earned schedule


def test_no_actual_cost_yet() -> None:
    tasks = [EvmTask(1, None, at("Mon 08:00"), at("Tue 17:00"), D("1000"), 25)]
    project = earned_value(tasks, at("Mon 17:00"), AXIS).project
    assert project.ac == 0
    assert project.cpi is None
    assert project.eac is None and project.etc is None and project.vac is None
    assert project.eac_cpi_spi is None
    assert project.eac_budget == 750
    assert project.tcpi == pytest.approx(0.75)
    assert project.spi == pytest.approx(0.5)


def test_tcpi_is_none_when_the_budget_is_spent() -> None:
    tasks = [EvmTask(1, None, at("Mon 08:00"), at("Tue 17:00"), D("1000"), 50, D("1000"))]
    assert earned_value(tasks, at("Mon 17:00"), AXIS).project.tcpi is None


def test_status_date_before_the_project_start() -> None:
    untouched = [replace(t, percent_complete=0, actual_cost=ZERO_COST) for t in fence()]
    result = earned_value(untouched, datetime(2025, 12, 1, 12, 0), AXIS)
    project = result.project
    assert project.pv == 0 and project.spi is None
    schedule = result.schedule
    assert schedule is not None
    assert schedule.actual_time == 0 and schedule.earned_schedule == 0
    assert schedule.sv_t == 0
    assert schedule.spi_t is None and schedule.ieac_t is None
    assert schedule.forecast_finish is None
    # work reported before the start: earned schedule, but no ratio to a zero actual time
    early = earned_value(fence(), datetime(2025, 12, 1, 12, 0), AXIS).schedule
    assert early is not None
    assert early.earned_schedule == 2.5 * DAY and early.actual_time == 0
    assert early.spi_t is None and early.forecast_finish is None


def test_status_date_after_the_baseline_finish() -> None:
    late = earned_value(fence(), at("Wed2 17:00"), AXIS)  # work still at 2,500 of 4,000
    assert late.project.pv == 4000
    assert late.schedule is not None
    assert late.schedule.earned_schedule == 2.5 * DAY
    assert late.schedule.actual_time == 8 * DAY
    assert late.schedule.spi_t == pytest.approx(2.5 / 8)
    done = [replace(t, percent_complete=100) for t in fence()]  # no actual finishes given
    schedule = earned_value(done, at("Wed2 17:00"), AXIS).schedule
    assert schedule is not None
    assert schedule.earned_schedule == schedule.planned_duration == 4 * DAY  # capped
    assert schedule.actual_time == 8 * DAY


def test_ahead_of_plan_earned_schedule_runs_ahead_of_the_status_date() -> None:
    # side 3 finished and half of Thursday's side built by Wednesday evening
    tasks = [
        replace(t, percent_complete=100) if t.id == 4 else t for t in fence(percent_complete=50)
    ]
    schedule = earned_value(tasks, at("Wed 17:00"), AXIS).schedule
    assert schedule is not None
    assert schedule.earned_schedule == 3.5 * DAY
    assert schedule.spi_t == pytest.approx(3.5 / 3)
    assert schedule.forecast_finish is not None
    assert schedule.forecast_finish < at("Thu 17:00")


def test_a_forecast_past_the_calendars_range_is_none_not_an_error() -> None:
    """1 of 1,000,000 earned after a week: IEAC(t) is a million weeks, far past 2199."""
    task = EvmTask(1, None, at("Mon 08:00"), at("Fri 17:00"), D("1000000"), D("0.0001"))
    schedule = earned_value([task], at("Fri 17:00"), AXIS).schedule
    assert schedule is not None
    assert schedule.spi_t == pytest.approx(1e-6)
    assert schedule.forecast_finish is None


def test_a_summarys_own_cost_is_ignored_and_a_task_outside_the_baseline_still_costs() -> None:
    tasks = [
        EvmTask(1, None, at("Mon 08:00"), at("Tue 17:00"), D("9999"), 50, D("9999"), True),
        EvmTask(2, 1, at("Mon 08:00"), at("Mon 17:00"), D("100"), 100, D("90")),
        EvmTask(3, 1, None, None, D("500"), 100, D("40")),  # added after the baseline
    ]
    result = earned_value(tasks, at("Tue 17:00"), AXIS)
    assert result.tasks[1] == EvmFigures(D(100), D(100), D(100), D(130))
    assert result.tasks[3] == EvmFigures(D(0), D(0), D(0), D(40))
    assert result.project == result.tasks[1]


def test_milestone_pv_is_a_step_at_its_date() -> None:
    tasks = [EvmTask(1, None, at("Tue 12:00"), at("Tue 12:00"), D("500"), 0)]
    assert earned_value(tasks, at("Tue 11:59"), AXIS).project.pv == 0
    assert earned_value(tasks, at("Tue 12:00"), AXIS).project.pv == 500
    schedule = earned_value(tasks, at("Wed 12:00"), AXIS).schedule
    assert schedule is not None and schedule.earned_schedule == 0  # nothing earned


@pytest.mark.parametrize(
    ("task", "message"),
    [
        (EvmTask(7, None, at("Tue 08:00"), at("Mon 08:00"), name="Rack"), "finishes before"),
        (EvmTask(7, None, at("Mon 08:00"), at("Tue 08:00"), D("-5"), name="Rack"), "negative"),
        (EvmTask(7, None, at("Mon 08:00"), at("Tue 08:00"), D("5"), 150, name="Rack"), "150"),
    ],
)
def test_bad_input_is_refused_with_the_task_named(task: EvmTask, message: str) -> None:
    with pytest.raises(EarnedValueInputError, match=message) as caught:
        earned_value([task], at("Wed 12:00"), AXIS)
    assert "task 7 'Rack'" in str(caught.value)
    assert isinstance(caught.value, UserError)


def test_outline_loops_and_positions_without_their_axis_are_refused() -> None:
    loop = [EvmTask(1, 2), EvmTask(2, 1)]
    with pytest.raises(EarnedValueInputError, match="loop"):
        earned_value(loop, at("Wed 12:00"), AXIS)
    positions = [EvmTask(1, None, 480, 960, D("10"))]
    with pytest.raises(EarnedValueInputError, match="TimeAxis"):
        earned_value(positions, at("Wed 12:00"), CALENDAR)


# --------------------------------------------------------------------------- the S-curve


def test_s_curve_of_the_fence() -> None:
    tasks = [replace(t, actual_start=t.baseline_start) if t.id in (2, 3, 4) else t for t in fence()]
    tasks = [replace(t, actual_finish=t.baseline_finish) if t.id in (2, 3) else t for t in tasks]
    points = s_curve(tasks, at("Wed 17:00"), AXIS)
    assert [p.at for p in points] == [
        at("Mon 00:00"),
        at("Wed 17:00"),
        at("Mon2 00:00"),  # the forecast finish (Friday 15:24) lies in week 1
    ]
    start, status, week1 = points
    assert (start.pv, start.ev, start.ac) == (0, 0, 0)
    assert (status.pv, status.ev, status.ac) == (3000, 2500, 2800)
    assert (week1.pv, week1.ev, week1.ac) == (4000, None, None)


def test_s_curve_weekly_accrual_over_actual_working_time() -> None:
    """A two-week task started on plan, 60 % done and 900 spent by Wednesday of week 2: EV and
    AC accrue evenly over the 8 working days from the actual start to the status date."""
    task = EvmTask(
        1,
        None,
        at("Mon 08:00"),
        at("Fri2 17:00"),
        D("1000"),
        60,
        D("900"),
        actual_start=at("Mon 08:00"),
    )
    points = s_curve([task], at("Wed2 17:00"), AXIS, until=at("Fri2 17:00"))
    by_moment = {p.at: p for p in points}
    week1 = by_moment[at("Mon2 00:00")]
    assert week1.pv == 500
    assert week1.ev == 375  # 600 earned over 8 working days, 5 of them in week 1
    assert week1.ac == D("562.5")
    status = by_moment[at("Wed2 17:00")]
    assert (status.pv, status.ev, status.ac) == (800, 600, 900)
    assert points[-1].at == at("Mon3 00:00") and points[-1].ev is None


# --------------------------------------------------------------------------- properties

POSITIONS = st.integers(-960, 9600)
DURATIONS = st.sampled_from([0, 60, 137, 480, 960, 2400, 4800])
MONEY = st.integers(0, 10_000_000).map(lambda cents: Decimal(cents) / 100)


@st.composite
def plans(draw: st.DrawFn) -> list[EvmTask]:
    count = draw(st.integers(1, 14))
    tasks = []
    for i in range(count):
        parent = draw(st.integers(0, i - 1)) if i and draw(st.booleans()) else None
        start = draw(POSITIONS)
        baselined = draw(st.integers(0, 9)) > 0
        tasks.append(
            EvmTask(
                i,
                parent,
                start if baselined else None,
                start + draw(DURATIONS) if baselined else None,
                draw(MONEY),
                draw(st.one_of(st.integers(0, 100), st.floats(0, 100).map(lambda p: round(p, 3)))),
                draw(MONEY),
                summary=draw(st.integers(0, 6)) == 0,
            )
        )
    return tasks


def leaves_under(tasks: list[EvmTask], root: int | None) -> list[EvmTask]:
    """Tasks without children under ``root`` (None: the whole project), not counting tasks
    flagged as summaries."""
    parents = {t.parent_id for t in tasks}
    children: dict[int | None, list[EvmTask]] = {}
    for task in tasks:
        children.setdefault(task.parent_id, []).append(task)
    found, stack = [], list(children.get(root, []))
    while stack:
        task = stack.pop()
        if task.id in parents:
            stack.extend(children[task.id])
        elif not task.summary:
            found.append(task)
    return found


def check_identities(figures: EvmFigures) -> None:
    assert figures.sv == figures.ev - figures.pv
    assert figures.cv == figures.ev - figures.ac
    if figures.eac is not None:
        assert figures.vac == figures.bac - figures.eac
        assert figures.etc == figures.eac - figures.ac
        assert figures.cpi is not None
        assert float(figures.eac) == pytest.approx(float(figures.bac) / figures.cpi)
    else:
        assert figures.vac is None and figures.etc is None
    if figures.eac_cpi_spi is not None:
        assert figures.cpi is not None and figures.spi is not None
        expected = float(figures.ac) + float(figures.bac - figures.ev) / (figures.cpi * figures.spi)
        assert float(figures.eac_cpi_spi) == pytest.approx(expected)
    assert figures.eac_budget == figures.ac + figures.bac - figures.ev
    spi = None if figures.pv == 0 else pytest.approx(float(figures.ev / figures.pv))
    cpi = None if figures.ac == 0 else pytest.approx(float(figures.ev / figures.ac))
    assert figures.spi == spi
    assert figures.cpi == cpi


def total(tasks: list[EvmTask], result: EarnedValue, field: str) -> Decimal:
    return sum((getattr(result.tasks[t.id], field) for t in tasks), Decimal(0))


@settings(max_examples=100, deadline=None)
@given(plans(), POSITIONS)
def test_identities_and_roll_ups(tasks: list[EvmTask], status: int) -> None:
    result = earned_value(tasks, AXIS.start_at(status), AXIS)
    check_identities(result.project)
    for task in tasks:
        check_identities(result.tasks[task.id])
    ids = {t.id for t in tasks}
    for root in [None, *ids]:
        leaves = leaves_under(tasks, root)
        figures = result.project if root is None else result.tasks[root]
        if root is not None and not leaves and not any(t.parent_id == root for t in tasks):
            continue  # a leaf: its own figures
        for field in ("bac", "ev", "ac"):  # exact: sums of cents and of cents x percents
            assert getattr(figures, field) == total(leaves, result, field), (root, field)
        # a PV such as 1,000 x 7 / 960 has no exact decimal: the order of the sum may change
        # its 28th digit
        assert figures.pv == pytest.approx(total(leaves, result, "pv"), abs=Decimal("1e-18"))
    schedule = result.schedule
    if schedule is not None:
        assert 0 <= schedule.earned_schedule <= schedule.planned_duration
        assert schedule.sv_t == schedule.earned_schedule - schedule.actual_time
        if result.project.ev < result.project.pv:  # behind
            assert schedule.earned_schedule <= schedule.actual_time


@st.composite
def on_plan(draw: st.DrawFn) -> tuple[list[EvmTask], int]:
    """A plan whose every task is exactly where the baseline says at the status date (100 %
    and finished on its baseline finish once that is past)."""
    tasks = draw(plans())
    tasks = [t for t in tasks if t.baseline_start is not None]
    if not tasks:
        tasks = [EvmTask(0, None, 0, 480, Decimal(1))]
    starts = [t.baseline_start for t in tasks]
    finishes = [t.baseline_finish for t in tasks]
    first = min(s for s in starts if isinstance(s, int))
    last = max(f for f in finishes if isinstance(f, int))
    status = draw(st.integers(first + 1, max(first + 1, last + 2000)))
    progressed = []
    for task in tasks:
        start, finish = task.baseline_start, task.baseline_finish
        assert isinstance(start, int) and isinstance(finish, int)
        if status >= finish:
            percent, finished = Decimal(100), finish
        elif status <= start:
            percent, finished = Decimal(0), None
        else:
            percent, finished = Decimal(100) * (status - start) / (finish - start), None
        progressed.append(
            replace(task, parent_id=None, percent_complete=percent, actual_finish=finished)
        )
    return progressed, status


@settings(max_examples=100, deadline=None)
@given(on_plan())
def test_on_plan_means_spi_t_is_one(plan: tuple[list[EvmTask], int]) -> None:
    tasks, status = plan
    result = earned_value(tasks, AXIS.start_at(status), AXIS)
    schedule = result.schedule
    if schedule is None:
        return  # no baseline cost at all
    assert result.project.ev == pytest.approx(result.project.pv)
    if schedule.actual_time > 0:
        assert schedule.spi_t == pytest.approx(1.0)
        assert schedule.sv_t == pytest.approx(0.0, abs=1e-6)


@settings(max_examples=100, deadline=None)
@given(plans(), POSITIONS)
def test_s_curve_agrees_with_the_figures(tasks: list[EvmTask], status: int) -> None:
    moment = AXIS.start_at(status)
    result = earned_value(tasks, moment, AXIS)
    points = s_curve(tasks, moment, AXIS)
    assert [p.at for p in points] == sorted(p.at for p in points)
    at_status = [p for p in points if p.at == moment]
    assert len(at_status) == 1
    assert at_status[0].pv == pytest.approx(result.project.pv)
    assert (at_status[0].ev, at_status[0].ac) == (result.project.ev, result.project.ac)
    pvs = [p.pv for p in points]
    assert all(a <= b + Decimal("1e-9") for a, b in pairwise(pvs))
    assert all((p.ev is None) == (p.at > moment) for p in points)
    assert points[-1].pv == pytest.approx(result.project.bac)
