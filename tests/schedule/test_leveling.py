"""The leveling core: random plans never get a worse overload, what must stay put stays, the
delays agree with the engine, and MS Project's standard order on hand-made cases."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infradesk.progress import Cancelled, ProgressHandle
from infradesk.schedule.engine import LinkInput, PlanInput, TaskInput, schedule
from infradesk.schedule.leveling import (
    LevelAssignment,
    LevelInput,
    LevelLink,
    LevelResource,
    LevelTask,
    level,
)

D = 480  # working minutes a day


def brute_loads(data: LevelInput, dates: dict[int, tuple[int, int]]) -> dict[int, dict[int, float]]:
    """Minute by minute: each day's load of each resource (independent of the core's sums)."""
    span = {t.id: dates.get(t.id, (t.start, t.finish)) for t in data.tasks}
    loads: dict[int, dict[int, float]] = {r.id: {} for r in data.resources}
    for a in data.assignments:
        start, finish = span[a.task_id]
        for minute in range(start, finish):
            day = loads[a.resource_id]
            day[minute // D] = day.get(minute // D, 0.0) + a.units / D
    return loads


def overload(data: LevelInput, dates: dict[int, tuple[int, int]]) -> dict[int, tuple[float, int]]:
    """Per resource: (peak load, overloaded days)."""
    capacity = {r.id: r.capacity for r in data.resources}
    out = {}
    for rid, days in brute_loads(data, dates).items():
        peak = max(days.values(), default=0.0)
        out[rid] = (peak, sum(1 for load in days.values() if load > capacity[rid] + 1e-6))
    return out


@st.composite
def plans(draw: st.DrawFn) -> LevelInput:
    n = draw(st.integers(1, 7))
    links: list[LevelLink] = []
    for s in range(n):
        for p in range(s):
            if draw(st.integers(0, 4)) == 0:
                kind = draw(st.sampled_from(["FS", "SS"]))
                links.append(LevelLink(p, s, kind, draw(st.sampled_from([0, 60, 480]))))
    tasks: list[LevelTask] = []
    starts: list[int] = []
    durations: list[int] = []
    for i in range(n):
        start = draw(st.integers(0, 12)) * 120
        duration = draw(st.integers(0, 8)) * 240
        for link in links:  # consistent with its links, as the engine leaves it
            if link.successor == i:
                bound = starts[link.predecessor] + link.lag
                if link.type == "FS":
                    bound += durations[link.predecessor]
                start = max(start, bound)
        starts.append(start)
        durations.append(duration)
        tasks.append(
            LevelTask(
                i,
                start,
                start + duration,
                total_float=draw(st.integers(0, 6)) * 240,
                free_float=draw(st.integers(0, 3)) * 240,
                priority=draw(st.sampled_from([0, 500, 500, 1000])),
                hard_constraint=draw(st.booleans()),
                pinned=draw(st.integers(0, 4)) == 0,
                order=i + 1,
            )
        )
    resources = [
        LevelResource(100 + k, draw(st.sampled_from([0.5, 1.0, 2.0])))
        for k in range(draw(st.integers(1, 3)))
    ]
    assignments = []
    for t in tasks:
        for r in resources:
            if draw(st.booleans()):
                assignments.append(LevelAssignment(t.id, r.id, draw(st.sampled_from([0.5, 1.0]))))
    return LevelInput(tasks, links, resources, assignments, day_minutes=D, horizon_days=60)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_leveling_never_makes_an_overload_worse(data: LevelInput) -> None:
    result = level(data)
    before, after = overload(data, {}), overload(data, result.dates)
    for rid, (peak, days) in before.items():
        assert after[rid][0] <= peak + 1e-6, rid
        assert after[rid][1] <= days, rid
    # the core's own account agrees with the brute-force count
    for rid, stats in result.after.items():
        assert stats.overloaded_minutes == after[rid][1] * D
        assert stats.peak == pytest.approx(after[rid][0])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_started_pinned_and_priority_1000_never_move_and_delays_are_positive(
    data: LevelInput,
) -> None:
    result = level(data)
    by_id = {t.id: t for t in data.tasks}
    for task_id, (start, finish) in result.dates.items():
        task = by_id[task_id]
        assert task.movable, task
        assert start > task.start
        assert finish - start == task.finish - task.start
    for delay in result.delays:
        assert delay.minutes > 0
        assert by_id[delay.task_id].movable
    # links still hold wherever the successor may move
    dates = {t.id: result.dates.get(t.id, (t.start, t.finish)) for t in data.tasks}
    for link in data.links:
        if by_id[link.successor].pinned:
            continue
        p_start, p_finish = dates[link.predecessor]
        bound = (p_finish if link.type == "FS" else p_start) + link.lag
        assert dates[link.successor][0] >= bound


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.integers(1, 4), min_size=2, max_size=6),
    st.data(),
)
def test_the_engine_given_the_delays_puts_tasks_where_the_core_said(
    days: list[int], draw: st.DataObject
) -> None:
    """Leveling delays written back and scheduled again give the core's dates exactly."""
    n = len(days)
    links = [
        LinkInput(p, s, draw.draw(st.sampled_from(["FS", "SS", "FF"])), 0)
        for s in range(1, n)
        for p in range(s)
        if draw.draw(st.integers(0, 3)) == 0
    ]
    tasks = [TaskInput(i, duration_minutes=d * D, name=f"T{i}") for i, d in enumerate(days)]
    plan = PlanInput(datetime(2026, 1, 5, 8), tasks=tasks, links=links)
    result = schedule(plan)
    origin = result.project_start_pos
    level_tasks = []
    for t in tasks:
        es, ef, _ls, _lf = result.positions(t.id)
        level_tasks.append(
            LevelTask(t.id, es - origin, ef - origin, result.total_float(t.id),
                      result[t.id].free_float_minutes, order=t.id)
        )  # fmt: skip
    data = LevelInput(
        level_tasks,
        [LevelLink(lk.predecessor_id, lk.successor_id, lk.type, lk.lag_minutes) for lk in links],
        [LevelResource(1, 1.0)],
        [LevelAssignment(t.id, 1, 1.0) for t in tasks],
    )
    outcome = level(data)
    added = {t.id: 0 for t in tasks} | {d.task_id: d.minutes for d in outcome.delays}
    delayed = [
        TaskInput(t.id, duration_minutes=t.duration_minutes, leveling_delay_minutes=added.get(t.id))
        for t in tasks
    ]
    again = schedule(PlanInput(plan.project_start, tasks=delayed, links=links))
    for t in level_tasks:
        expected = outcome.dates.get(t.id, (t.start, t.finish))
        es, ef, _ls, _lf = again.positions(t.id)
        assert (es - origin, ef - origin) == expected
    # one person, all at 100%: never worse (a greedy pass may leave some overlap: a delay
    # whose push would overload another day is not made)
    assert outcome.after[1].overloaded_minutes <= outcome.before[1].overloaded_minutes


def two(*tasks: LevelTask, links: tuple[LevelLink, ...] = ()) -> LevelInput:
    return LevelInput(
        list(tasks),
        list(links),
        [LevelResource(1, 1.0)],
        [LevelAssignment(t.id, 1, 1.0) for t in tasks],
    )


def moved(data: LevelInput) -> list[int]:
    return [d.task_id for d in level(data).delays]


def test_two_parallel_tasks_one_waits_for_the_other() -> None:
    result = level(two(LevelTask(1, 0, 2 * D, order=1), LevelTask(2, 0, 3 * D, order=2)))
    (delay,) = result.delays
    assert (delay.task_id, delay.minutes) == (2, 2 * D)
    assert result.dates == {2: (2 * D, 5 * D)}
    assert (delay.peak, delay.first_day, delay.last_day) == (2.0, 0, 1)


def test_higher_id_moves_first() -> None:
    assert moved(two(LevelTask(1, 0, D, order=7), LevelTask(2, 0, D, order=3))) == [1]


def test_lower_priority_moves_first() -> None:
    data = two(LevelTask(1, 0, D, priority=200, order=1), LevelTask(2, 0, D, priority=800, order=2))
    assert moved(data) == [1]


def test_most_slack_moves_first() -> None:
    data = two(LevelTask(1, 0, D, total_float=5 * D, order=1), LevelTask(2, 0, D, order=2))
    assert moved(data) == [1]


def test_no_hard_constraint_moves_before_a_hard_one() -> None:
    data = two(LevelTask(1, 0, D, order=1), LevelTask(2, 0, D, hard_constraint=True, order=2))
    assert moved(data) == [1]


def test_the_later_start_moves_first() -> None:
    data = two(LevelTask(1, 240, 240 + D, order=1), LevelTask(2, 0, 2 * D, order=2))
    assert moved(data) == [1]


def test_a_predecessor_of_the_other_moves_last() -> None:
    link = LevelLink(2, 1, "SS", 0)
    data = two(LevelTask(1, 0, D, order=1), LevelTask(2, 0, D, order=2), links=(link,))
    assert moved(data) == [1]


def test_a_delay_within_free_float_comes_before_one_beyond() -> None:
    # task 1 has more total slack, but only task 2 absorbs the delay in its free float
    data = two(
        LevelTask(1, 0, D, total_float=9 * D, free_float=0, order=1),
        LevelTask(2, 0, D, total_float=2 * D, free_float=2 * D, order=1),
    )
    result = level(data)
    assert [(d.task_id, d.slack) for d in result.delays] == [(2, "free float")]


def test_started_and_priority_1000_tasks_stay() -> None:
    data = two(
        LevelTask(1, 0, D, pinned=True, order=1),
        LevelTask(2, 0, D, priority=1000, order=2),
        LevelTask(3, 0, D, order=3),
    )
    result = level(data)
    assert [d.task_id for d in result.delays] == [3]
    assert result.after[1].peak == 2.0  # two that may not move still overlap: left as it is
    assert result.unresolved


def test_a_move_that_would_push_a_priority_1000_successor_is_not_made() -> None:
    data = two(
        LevelTask(1, 0, D, order=1),
        LevelTask(2, 0, D, order=2),
        LevelTask(3, D, 2 * D, priority=1000, order=3),
        links=(LevelLink(2, 3),),
    )
    # task 2 (higher ID) would push 3 along: task 1 moves instead, to after task 3
    result = level(data)
    assert [d.task_id for d in result.delays] == [1]
    assert result.dates[1] == (2 * D, 3 * D)


def test_cancel_stops_the_run() -> None:
    handle = ProgressHandle()
    handle.cancel()
    with pytest.raises(Cancelled):
        level(two(LevelTask(1, 0, D), LevelTask(2, 0, D)), handle)


def test_engine_leveling_delay_after_links_and_in_place_edits() -> None:
    """The engine's minimum: ES = max(links, bounds) + delay, kept through in-place edits."""
    from infradesk.schedule.engine import Scheduler

    start = datetime(2026, 1, 5, 8)
    plan = PlanInput(
        start,
        tasks=[
            TaskInput(1, duration_minutes=2 * D),
            TaskInput(2, duration_minutes=D, leveling_delay_minutes=D),
            TaskInput(3, duration_minutes=D, leveling_delay_minutes=240),
        ],
        links=[LinkInput(1, 2)],
    )
    result = schedule(plan)
    assert result[2].early_start == datetime(2026, 1, 8, 8)  # after 1, then one day later
    assert result[3].early_start == datetime(2026, 1, 5, 13)  # after the project start
    scheduler = Scheduler(plan)
    assert scheduler.update_task(TaskInput(2, duration_minutes=D)).get(2).early_start == (
        datetime(2026, 1, 7, 8)
    )
    assert scheduler.add_link(LinkInput(1, 3)).get(3).early_start == datetime(2026, 1, 7, 13)
    assert scheduler.remove_link(1, 3).get(3).early_start == datetime(2026, 1, 5, 13)
