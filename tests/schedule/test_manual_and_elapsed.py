"""Manually scheduled tasks and elapsed durations (issue 16, point 9), worked out by hand on the
default calendar (Mon-Fri 08:00-12:00, 13:00-17:00; week of Mon 5 Jan 2026).

The plan of test_constraints.py: A (2d, Mon-Tue) -> B (link of the type under test) -> C (1d,
FS); D (5d, alone) makes the project finish Fri 17:00. The links alone would start a 1-day B
at FS 0d: Wed 08:00, SS 4h: Mon 13:00, FF 0d: Tue 08:00, SF 2d: Tue 08:00.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infradesk.schedule.calendar import ScheduleRangeError
from infradesk.schedule.engine import (
    PlanInput,
    Scheduler,
    ScheduleResult,
    TaskInput,
    schedule,
)

from .helpers import PROJECT_START, L, T, at, dates, run
from .progress_strategies import progressed
from .test_engine_properties import AXIS, link_bound_holds, plans, scheduled

LINKS = {"FS": "0d", "SS": "4h", "FF": "0d", "SF": "2d"}
DAY = 480


def with_b(
    kind: str, b: TaskInput, status: datetime | None = None, a: TaskInput | None = None
) -> ScheduleResult:
    tasks = [a or T(1, "2d", name="A"), b, T(3, "1d", name="C"), T(4, "5d", name="D")]
    links = [L(1, 2, kind, LINKS[kind]), L(2, 3)]
    if status is None:
        return run(tasks, links)
    return schedule(PlanInput(PROJECT_START, tasks=tasks, links=links, status_date=status))


# -- manually scheduled


@pytest.mark.parametrize("kind", list(LINKS))
def test_a_manual_task_keeps_its_start_and_drives_its_successors(kind: str) -> None:
    b = T(2, "1d", name="B", manual=True, manual_start=at("Thu 08:00"))
    result = with_b(kind, b)
    assert dates(result, 2) == (at("Thu 08:00"), at("Thu 17:00"))
    assert dates(result, 3) == (at("Fri 08:00"), at("Fri 17:00"))
    assert result.conflicts == {}  # every link is met: nothing to report


@pytest.mark.parametrize("kind", list(LINKS))
def test_a_manual_task_before_its_links_stays_and_reports_the_broken_link(kind: str) -> None:
    b = T(2, "1d", name="B", manual=True, manual_start=at("Mon 08:00"))
    result = with_b(kind, b)
    assert dates(result, 2) == (at("Mon 08:00"), at("Mon 17:00"))  # not moved by the link
    assert dates(result, 3) == (at("Tue 08:00"), at("Tue 17:00"))  # C follows B's dates
    assert result.conflicts == {2: "MANUAL"}
    assert result[2].conflict == "MANUAL"
    # the link wanted B to start at (FS) Wed 08:00 / (SS) Mon 13:00 / (FF, SF) Tue 08:00
    late_by = {"FS": "2d", "SS": "0.5d", "FF": "1d", "SF": "1d"}[kind]
    assert any(
        "'B' is scheduled manually to start 2026-01-05 08:00" in m and f"{late_by} later" in m
        for m in result.messages
    ), result.messages
    # as for MSO, the predecessor's float goes negative by as much
    assert result[1].total_float_minutes < 0


def test_a_manual_task_ignores_its_constraint_and_the_status_date() -> None:
    b = T(2, "1d", name="B", manual=True, manual_start=at("Tue 13:00"),
          constraint_type="SNET", constraint_date=at("Fri 08:00"))  # fmt: skip
    a = T(1, "2d", name="A", actual_start=at("Mon 08:00"), actual_finish=at("Tue 17:00"))
    result = with_b("SS", b, status=at("Wed 08:00"), a=a)
    assert dates(result, 2) == (at("Tue 13:00"), at("Wed 12:00"))
    assert result.conflicts == {}  # the SS link (Mon 13:00) is met; the status date is no link
    assert dates(result, 3) == (at("Wed 13:00"), at("Thu 12:00"))


def test_manual_without_a_start_is_scheduled_as_usual() -> None:
    result = with_b("FS", T(2, "1d", name="B", manual=True))
    assert dates(result, 2) == (at("Wed 08:00"), at("Wed 17:00"))


def test_actuals_win_over_a_manual_start() -> None:
    finished = T(2, "1d", name="B", manual=True, manual_start=at("Mon 08:00"),
                 actual_start=at("Tue 08:00"), actual_finish=at("Tue 17:00"))  # fmt: skip
    result = with_b("FS", finished)
    assert dates(result, 2) == (at("Tue 08:00"), at("Tue 17:00"))
    assert result.conflicts == {} and result[2].progress == "finished"
    started = T(2, "1d", name="B", manual=True, manual_start=at("Thu 08:00"),
                actual_start=at("Wed 08:00"))  # fmt: skip
    result = with_b("FS", started, status=at("Wed 13:00"))  # nothing done by then: 1d left
    assert dates(result, 2) == (at("Wed 08:00"), at("Thu 12:00"))
    assert result[2].progress == "in_progress"


def test_the_scheduler_applies_a_manual_start_in_place() -> None:
    tasks = [T(1, "2d", name="A"), T(2, "1d", name="B"), T(3, "1d", name="C")]
    plan = PlanInput(PROJECT_START, tasks=tasks, links=[L(1, 2), L(2, 3)])
    scheduler = Scheduler(plan)
    pinned = replace(tasks[1], manual=True, manual_start=at("Thu 08:00"))
    result = scheduler.update_task(pinned)
    fresh = schedule(replace(plan, tasks=[tasks[0], pinned, tasks[2]]))
    assert dates(result, 3) == dates(fresh, 3) == (at("Fri 08:00"), at("Fri 17:00"))
    result = scheduler.update_task(replace(pinned, manual=False))
    assert dates(result, 2) == (at("Wed 08:00"), at("Wed 17:00"))


# -- elapsed durations


ELAPSED_12H = 12 * 60


@pytest.mark.parametrize(
    ("kind", "start", "finish", "c_start"),
    [
        ("FS", "Wed 08:00", datetime(2026, 1, 7, 20, 0), "Thu 08:00"),
        ("SS", "Mon 13:00", datetime(2026, 1, 6, 1, 0), "Tue 08:00"),
        # FF/SF: B must finish by Tue 17:00's position; the earliest start that does is the
        # morning (a start on Monday evening would end in the night, before Tuesday's work)
        ("FF", "Tue 08:00", datetime(2026, 1, 6, 20, 0), "Wed 08:00"),
        ("SF", "Tue 08:00", datetime(2026, 1, 6, 20, 0), "Wed 08:00"),
    ],
)
def test_an_elapsed_task_runs_on_the_wall_clock(
    kind: str, start: str, finish: datetime, c_start: str
) -> None:
    """12 elapsed hours: the evening and the night count."""
    b = T(2, "12h", name="B", elapsed=True)
    result = with_b(kind, b)
    assert dates(result, 2) == (at(start), finish)  # the exact moment, after hours
    assert result[2].early_start + timedelta(minutes=ELAPSED_12H) == result[2].early_finish
    assert dates(result, 3)[0] == at(c_start)  # its successor starts with the next work
    assert not result[2].milestone


def test_three_elapsed_days_cover_the_weekend() -> None:
    """3ed from Wed 08:00 end Sat 08:00; the successor starts Monday morning."""
    result = with_b("FS", T(2, "9d", name="B", elapsed=True))  # 4,320 minutes: 3 x 24 h
    assert dates(result, 2) == (at("Wed 08:00"), at("Sat 08:00"))
    assert dates(result, 3) == (at("Mon2 08:00"), at("Mon2 17:00"))


def test_links_from_an_elapsed_task_of_each_type() -> None:
    """B (12eh, Wed 08:00 - Wed 20:00) -> C by each link type."""
    for kind, c_dates in {
        "FS": ("Thu 08:00", "Thu 17:00"),
        "SS": ("Wed 08:00", "Wed 17:00"),
        "FF": ("Wed 08:00", "Wed 17:00"),  # finish by Wed 20:00's position: Wed 17:00
        "SF": ("Tue 08:00", "Tue 17:00"),  # finish by B's start (Wed 08:00 = Tue 17:00)
    }.items():
        tasks = [T(1, "2d", name="A"), T(2, "12h", name="B", elapsed=True), T(3, "1d", name="C")]
        result = run(tasks, [L(1, 2), L(2, 3, kind)])
        assert dates(result, 3) == tuple(at(x) for x in c_dates), kind


def test_an_elapsed_task_has_late_dates_on_the_wall_clock() -> None:
    """B (12eh after A) -> C (1d) must end by Fri 17:00: C starts by Fri 08:00, so B must
    finish by Thu 17:00's position; the latest start that does is Thu 16:59 (it then ends at
    Fri 04:59, in the night before Friday's work)."""
    result = with_b("FS", T(2, "12h", name="B", elapsed=True))
    assert result[2].late_start == at("Thu 16:59")
    assert result[2].late_finish == at("Thu 16:59") + timedelta(hours=12)
    assert result[2].total_float_minutes == DAY + DAY - 1


def test_an_elapsed_task_in_progress_and_finished() -> None:
    """3ed started Mon 08:00, half done at the status date Wed 08:00: 36 hours remain, so it
    finishes Thu 20:00 (shown at that day's close, Thu 17:00); finished with an actual
    finish only, it started 3 wall-clock days before it."""
    started = T(2, "9d", name="B", elapsed=True, actual_start=at("Mon 08:00"),
                percent_complete=50)  # fmt: skip
    result = with_b("FS", started, status=at("Wed 08:00"))
    assert dates(result, 2) == (at("Mon 08:00"), at("Thu 17:00"))
    assert dates(result, 3) == (at("Fri 08:00"), at("Fri 17:00"))
    finished = T(2, "3d", name="B", elapsed=True, actual_finish=at("Thu 12:00"))  # 24 h
    result = with_b("FS", finished, status=at("Fri 08:00"))
    # 24 hours before Thu 12:00 is Wed 12:00, the lunch break's first instant: shown as the
    # start of the next working time, as any start on the working axis
    assert dates(result, 2) == (at("Wed 13:00"), at("Thu 12:00"))
    assert result[2].progress == "finished"
    assert dates(result, 3) == (at("Fri 08:00"), at("Fri 17:00"))


def test_elapsed_with_a_finish_constraint_and_a_manual_start() -> None:
    fnet = T(2, "12h", name="B", elapsed=True, constraint_type="FNET",
             constraint_date=at("Thu 17:00"))  # fmt: skip
    result = with_b("FS", fnet)
    assert dates(result, 2) == (at("Thu 08:00"), datetime(2026, 1, 8, 20, 0))
    manual = T(2, "12h", name="B", elapsed=True, manual=True, manual_start=at("Mon 13:00"))
    result = with_b("FS", manual)
    assert dates(result, 2) == (at("Mon 13:00"), datetime(2026, 1, 6, 1, 0))
    assert result.conflicts == {2: "MANUAL"}
    assert dates(result, 3)[0] == at("Tue 08:00")


def test_the_scheduler_follows_an_elapsed_duration_edit() -> None:
    tasks = [T(1, "2d", name="A"), T(2, "12h", name="B", elapsed=True), T(3, "1d", name="C")]
    plan = PlanInput(PROJECT_START, tasks=tasks, links=[L(1, 2), L(2, 3)])
    scheduler = Scheduler(plan)
    longer = replace(tasks[1], duration_minutes=3 * 1440)
    result = scheduler.update_task(longer)
    assert dates(result, 2) == (at("Wed 08:00"), at("Sat 08:00"))
    assert dates(result, 3)[0] == at("Mon2 08:00")
    result = scheduler.update_task(replace(longer, elapsed=False))  # 3 x 1440 working minutes
    fresh = schedule(replace(plan, tasks=[tasks[0], replace(longer, elapsed=False), tasks[2]]))
    assert dates(result, 2) == dates(fresh, 2)


# -- properties


SETTINGS = settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.filter_too_much]
)


def leaf_ids(plan: PlanInput) -> set[int]:
    parents = {t.parent_id for t in plan.tasks}
    return {t.id for t in plan.tasks if t.id not in parents}


@st.composite
def with_manual_and_elapsed(draw: st.DrawFn, progress: bool) -> PlanInput:
    plan = draw(plans(summaries=True))
    if progress:
        plan = draw(progressed(plan, AXIS))
    tasks = []
    for task in plan.tasks:
        if draw(st.integers(0, 3)) == 0:
            moment = AXIS.start_at(draw(st.integers(-300, 4000)))
            task = replace(task, manual=True, manual_start=moment)
        if draw(st.integers(0, 2)) == 0:
            minutes = draw(st.sampled_from([0, 30, 720, 1440, 4320]))
            task = replace(task, elapsed=True, duration_minutes=minutes)
        tasks.append(task)
    return replace(plan, tasks=tasks)


def placed_by_links(task: TaskInput) -> bool:
    """Neither started, nor pinned by a manual start or MSO/MFO."""
    return (
        task.actual_start is None
        and task.actual_finish is None
        and not (task.manual and task.manual_start is not None)
        and task.constraint_type not in ("MSO", "MFO")
    )


@SETTINGS
@given(with_manual_and_elapsed(progress=True))
def test_a_manual_task_always_starts_where_the_user_put_it(plan: PlanInput) -> None:
    result = scheduled(plan)
    leaves = leaf_ids(plan)
    for task in plan.tasks:
        if task.id not in leaves or task.manual_start is None or not task.manual:
            continue
        if task.actual_start is None and task.actual_finish is None:
            assert result.positions(task.id)[0] == AXIS.position_of(task.manual_start)


@SETTINGS
@given(with_manual_and_elapsed(progress=False))
def test_elapsed_tasks_last_their_wall_clock_time_and_links_hold(plan: PlanInput) -> None:
    result = scheduled(plan)
    leaves = leaf_ids(plan)
    by_id = {t.id: t for t in plan.tasks}
    for task in plan.tasks:
        if task.id in leaves and task.elapsed and task.duration_minutes:
            entry = result[task.id]
            assert entry.early_finish - entry.early_start == timedelta(
                minutes=task.duration_minutes
            )
            assert result.positions(task.id)[1] == AXIS.position_of(entry.early_finish)
    for link in plan.links:
        succ = by_id[link.successor_id]
        if link.successor_id not in leaves or not placed_by_links(succ):
            continue
        p = result.positions(link.predecessor_id)
        s = result.positions(link.successor_id)
        assert link_bound_holds(link.type, link.lag_minutes, p[:2], s[:2]), link


def test_a_manual_start_outside_the_calendar_is_refused_by_name() -> None:
    b = T(2, "1d", name="B", manual=True, manual_start=datetime(1850, 3, 1, 8, 0))
    with pytest.raises(ScheduleRangeError, match="'B' has its manual start on 1 Mar 1850"):
        with_b("FS", b)
