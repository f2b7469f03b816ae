"""The incremental Scheduler gives the same answers as scheduling from scratch."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infradesk.schedule.calendar import FreezeWindow, TimeAxis, WorkingCalendar
from infradesk.schedule.engine import (
    CONSTRAINT_TYPES,
    CycleError,
    LinkInput,
    PlanInput,
    Scheduler,
    ScheduleResult,
    TaskInput,
    schedule,
)

from .helpers import PROJECT_START, L, T, at
from .progress_strategies import progressed
from .test_engine_properties import plans

FREEZE = WorkingCalendar(freezes=(FreezeWindow("Freeze", date(2026, 1, 8), date(2026, 1, 9)),))


def snapshot(result: ScheduleResult) -> dict[int, tuple[object, ...]]:
    return {
        task_id: (
            *result.positions(task_id),
            result[task_id].free_float_minutes,
            result[task_id].total_float_minutes,
            result[task_id].late,
            result[task_id].percent_complete,
            result[task_id].progress,
            result[task_id].conflict,
        )
        for task_id in result
    }


def base_plan() -> PlanInput:
    tasks = [
        T(1, "0d", name="Phase"),
        T(2, "2d", parent_id=1, name="Design"),
        T(3, "1d", parent_id=1, name="Order"),
        T(4, "4h", name="Cutover"),
        T(5, "0d", name="Done"),
    ]
    return PlanInput(PROJECT_START, FREEZE, tasks, [L(2, 3), L(1, 4), L(4, 5)])


def test_edit_duration_reuses_the_network_and_matches_scratch() -> None:
    scheduler = Scheduler(base_plan())
    network = scheduler._network
    result = scheduler.update_task(replace(scheduler.plan.tasks[1], duration_minutes=3 * 480))
    assert scheduler._network is network
    assert result[4].early_start == at("Fri 08:00")
    assert snapshot(result) == snapshot(schedule(scheduler.plan))
    assert set(result.changed_since(scheduler.previous)) == {1, 2, 3, 4, 5}
    again = scheduler.update_task(replace(scheduler.plan.tasks[4], percent_complete=50))
    assert again.changed_since(scheduler.previous) == []


def test_edit_constraints_and_flags_in_place() -> None:
    scheduler = Scheduler(base_plan())
    cutover = scheduler.plan.tasks[3]
    result = scheduler.update_task(replace(cutover, production_change=True))
    assert result[4].early_start == at("Mon2 08:00")  # after the Thu-Fri freeze
    assert result.messages == ["'Cutover' moved after freeze 'Freeze' to 2026-01-12 08:00"]
    result = scheduler.update_task(
        replace(scheduler.plan.tasks[3], production_change=False, deadline=at("Wed 17:00"))
    )
    assert result[4].early_start == at("Thu 08:00") and result[4].late
    result = scheduler.update_task(
        replace(scheduler.plan.tasks[3], deadline=None, start_no_earlier_than=at("Fri 13:00"))
    )
    assert result[4].early_start == at("Fri 13:00")
    assert snapshot(result) == snapshot(schedule(scheduler.plan))


def test_structural_edits_recompile() -> None:
    scheduler = Scheduler(base_plan())
    with pytest.raises(CycleError, match="'Phase' → 'Cutover' → 'Phase'"):
        scheduler.update_task(replace(scheduler.plan.tasks[3], parent_id=1))  # Phase -> Cutover
    result = scheduler.update_task(replace(scheduler.plan.tasks[2], parent_id=None))
    assert result[1].early_finish == at("Tue 17:00")
    assert result[4].early_start == at("Wed 08:00")
    result = scheduler.set_tasks([*scheduler.plan.tasks, T(6, "1d", name="New")])
    assert result[6].early_start == at("Mon 08:00")
    result = scheduler.add_link(L(5, 6))
    assert result[6].early_start == at("Wed 13:00")
    result = scheduler.remove_link(5, 6)
    assert result[6].early_start == at("Mon 08:00")
    result = scheduler.set_tasks([t for t in scheduler.plan.tasks if t.id != 5])
    assert 5 not in result
    assert all(5 not in (lk.predecessor_id, lk.successor_id) for lk in scheduler.plan.links)
    assert snapshot(result) == snapshot(schedule(scheduler.plan))


def test_a_refused_link_changes_nothing() -> None:
    scheduler = Scheduler(base_plan())
    before = scheduler.result
    assert scheduler.loop_if_linked(5, 2) == [5, 2, 1, 4]  # 2 is inside 1
    with pytest.raises(CycleError, match="loop"):
        scheduler.add_link(L(5, 2))
    assert scheduler.result is before
    assert len(scheduler.plan.links) == 3
    with pytest.raises(ValueError, match="not in the plan"):
        scheduler.update_task(T(99))


def test_calendar_and_start_changes() -> None:
    scheduler = Scheduler(base_plan())
    result = scheduler.set_calendar(
        WorkingCalendar(hours=((420, 720), (780, 1080)))  # 07:00-12:00, 13:00-18:00
    )
    assert result[2].early_start == at("Mon 08:00")  # the project starts at 08:00
    assert result[2].early_finish == at("Tue 15:00")  # 16h: 9h on Monday, 7h on Tuesday
    result = scheduler.set_project_start(at("Wed 07:00"))
    assert result[2].early_start == at("Wed 07:00")
    assert snapshot(result) == snapshot(schedule(scheduler.plan))


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 7),
            st.sampled_from(["duration", "snet", "deadline", "production", "link", "unlink"]),
            st.integers(0, 3000),
        ),
        max_size=12,
    )
)
def test_any_edit_sequence_matches_scheduling_from_scratch(
    edits: list[tuple[int, str, int]],
) -> None:
    tasks = [
        TaskInput(i, 0 if i in (0, 4) else None, 240 * (i % 3), name=f"T{i}") for i in range(8)
    ]
    tasks = [replace(t, parent_id=None) if t.id in (0, 4) else t for t in tasks]
    tasks = [replace(t, parent_id=4) if t.id in (5, 6) else t for t in tasks]
    plan = PlanInput(PROJECT_START, FREEZE, tasks, [LinkInput(1, 2), LinkInput(2, 7, "SS", 60)])
    scheduler = Scheduler(plan)
    for target, kind, amount in edits:
        task = scheduler.plan.tasks[target]
        try:
            if kind == "duration":
                scheduler.update_task(replace(task, duration_minutes=amount))
            elif kind == "snet":
                moment = scheduler.axis.start_at(amount) if amount % 2 else None
                scheduler.update_task(replace(task, start_no_earlier_than=moment))
            elif kind == "deadline":
                moment = scheduler.axis.finish_at(amount + 1) if amount % 2 else None
                scheduler.update_task(replace(task, deadline=moment))
            elif kind == "production":
                scheduler.update_task(replace(task, production_change=bool(amount % 2)))
            elif kind == "link":
                scheduler.add_link(
                    LinkInput(
                        target, amount % 8, ("FS", "SS", "FF", "SF")[amount % 4], amount % 500 - 250
                    )
                )
            else:
                links = scheduler.plan.links
                if links:
                    gone = links[amount % len(links)]
                    scheduler.remove_link(gone.predecessor_id, gone.successor_id)
        except CycleError:
            pass
        assert snapshot(scheduler.result) == snapshot(schedule(scheduler.plan))


def test_links_along_the_order_are_added_and_removed_in_place() -> None:
    plan = PlanInput(
        PROJECT_START, FREEZE, [T(1, "1d"), T(2, "2d"), T(3, "4h"), T(4, "1d")], [L(1, 2)]
    )
    scheduler = Scheduler(plan)
    network = scheduler._network
    result = scheduler.add_link(L(2, 3, "FF", "-1h"))
    assert scheduler._network is network
    assert result[3].early_finish == at("Wed 16:00")
    result = scheduler.add_link(L(1, 3, "SF", "2h"))
    assert scheduler._network is network
    assert snapshot(result) == snapshot(schedule(scheduler.plan))
    result = scheduler.remove_link(2, 3)
    assert scheduler._network is network
    assert result[3].early_start == at("Mon 08:00")
    assert snapshot(result) == snapshot(schedule(scheduler.plan))
    scheduler.remove_link(1, 3)
    assert network.in_src[2] is None and 2 not in network.active
    with pytest.raises(CycleError):
        scheduler.add_link(L(2, 1))  # against the order: recompiled, and refused
    assert scheduler.remove_link(3, 4) is scheduler.result  # no such link: nothing to do


def test_set_links_with_one_difference_applies_it_in_place() -> None:
    plan = PlanInput(PROJECT_START, FREEZE, [T(1, "1d"), T(2, "2d"), T(3, "4h")], [L(1, 2)])
    scheduler = Scheduler(plan)
    network = scheduler._network
    result = scheduler.set_links([L(2, 3), L(1, 2)])  # another order, one link more
    assert scheduler._network is network
    assert result[3].early_start == at("Thu 08:00")
    result = scheduler.set_links([L(2, 3)])
    assert scheduler._network is network
    assert result[2].early_start == at("Mon 08:00")
    assert scheduler.set_links([L(2, 3)]) is result  # nothing changed
    assert snapshot(scheduler.set_links([L(1, 3, "SS"), L(2, 3)])) == snapshot(
        schedule(scheduler.plan)
    )


def test_an_edit_moves_every_task_it_reaches() -> None:
    tasks = [
        T(1, "1d"),
        T(2, "1d"),
        T(3, "2d"),
        T(4, "3h"),
        T(5, "0d", name="P"),
        T(6, "1d", parent_id=5),
        T(7, "1d"),
    ]
    links = [L(1, 2), L(1, 3), L(1, 4, "SS", "1h"), L(1, 6, "FF"), L(5, 7)]
    scheduler = Scheduler(PlanInput(PROJECT_START, FREEZE, tasks, links))
    result = scheduler.update_task(replace(tasks[0], duration_minutes=960))
    assert result[2].early_start == at("Wed 08:00")
    assert result[3].early_start == at("Wed 08:00")
    assert result[6].early_finish == at("Tue 17:00")
    assert result[7].early_start == at("Wed 08:00")
    assert snapshot(result) == snapshot(schedule(scheduler.plan))


EDITS = ["duration", "snet", "deadline", "production", "link", "unlink"]
PROGRESS_EDITS = ["constraint", "actual", "percent", "status", "duration", "link"]
MANUAL_ELAPSED_EDITS = ["manual", "elapsed", "duration", "link", "actual", "constraint"]


@st.composite
def edited_plans(
    draw: st.DrawFn, kinds_of_edit: list[str] = EDITS, with_progress: bool = False
) -> tuple[PlanInput, list[tuple[int, str, int]]]:
    plan = replace(draw(plans(summaries=True)), calendar=FREEZE)
    if with_progress:
        plan = draw(progressed(plan, TimeAxis(FREEZE, PROJECT_START)))
    count = len(plan.tasks)
    kinds = st.sampled_from(kinds_of_edit)
    edits = draw(
        st.lists(st.tuples(st.integers(0, count - 1), kinds, st.integers(0, 3000)), max_size=8)
    )
    return plan, edits


@settings(max_examples=150, deadline=None)
@given(edited_plans())
def test_edits_of_random_plans_match_scheduling_from_scratch(
    case: tuple[PlanInput, list[tuple[int, str, int]]],
) -> None:
    check_edits_match_scheduling_from_scratch(case)


@settings(max_examples=100, deadline=None)
@given(edited_plans(PROGRESS_EDITS, with_progress=True))
def test_progress_and_constraint_edits_match_scheduling_from_scratch(
    case: tuple[PlanInput, list[tuple[int, str, int]]],
) -> None:
    check_edits_match_scheduling_from_scratch(case)


@settings(max_examples=100, deadline=None)
@given(edited_plans(MANUAL_ELAPSED_EDITS, with_progress=True))
def test_manual_and_elapsed_edits_match_scheduling_from_scratch(
    case: tuple[PlanInput, list[tuple[int, str, int]]],
) -> None:
    check_edits_match_scheduling_from_scratch(case)


def check_edits_match_scheduling_from_scratch(
    case: tuple[PlanInput, list[tuple[int, str, int]]],
) -> None:
    plan, edits = case
    try:
        scheduler = Scheduler(plan)
    except CycleError:
        return
    count = len(plan.tasks)
    for target, kind, amount in edits:
        task = scheduler.plan.tasks[target]
        try:
            if kind == "duration":
                scheduler.update_task(replace(task, duration_minutes=amount))
            elif kind == "snet":
                moment = scheduler.axis.start_at(amount) if amount % 3 else None
                scheduler.update_task(replace(task, start_no_earlier_than=moment))
            elif kind == "deadline":
                moment = scheduler.axis.finish_at(amount + 1) if amount % 2 else None
                scheduler.update_task(replace(task, deadline=moment))
            elif kind == "production":
                scheduler.update_task(replace(task, production_change=bool(amount % 2)))
            elif kind == "constraint":  # every type, dated near the plan (or no date at all)
                constraint = CONSTRAINT_TYPES[amount % len(CONSTRAINT_TYPES)]
                moment = scheduler.axis.start_at(amount - 300) if amount % 5 else None
                scheduler.update_task(
                    replace(task, constraint_type=constraint, constraint_date=moment)
                )
            elif kind == "actual":  # start, finish, both or none
                start = scheduler.axis.start_at(amount - 500) if amount % 3 else None
                finish = scheduler.axis.finish_at(amount + 200) if amount % 4 == 1 else None
                scheduler.update_task(replace(task, actual_start=start, actual_finish=finish))
            elif kind == "percent":
                scheduler.update_task(replace(task, percent_complete=amount % 101))
            elif kind == "manual":  # on, off, or on without a start
                moment = scheduler.axis.start_at(amount - 300) if amount % 3 else None
                scheduler.update_task(replace(task, manual=amount % 4 != 0, manual_start=moment))
            elif kind == "elapsed":
                scheduler.update_task(replace(task, elapsed=not task.elapsed))
            elif kind == "status":
                moment = scheduler.axis.start_at(amount) if amount % 4 else None
                scheduler.set_status_date(moment, reschedule_after_status=amount % 7 != 0)
            elif kind == "link":
                kind_of = ("FS", "SS", "FF", "SF")[amount % 4]
                scheduler.add_link(LinkInput(target, amount % count, kind_of, amount % 700 - 350))
            elif scheduler.plan.links:
                gone = scheduler.plan.links[amount % len(scheduler.plan.links)]
                scheduler.remove_link(gone.predecessor_id, gone.successor_id)
        except CycleError:
            pass
        assert snapshot(scheduler.result) == snapshot(schedule(scheduler.plan))


def test_a_refused_task_edit_changes_nothing() -> None:
    scheduler = Scheduler(base_plan())
    before = snapshot(scheduler.result)
    good = replace(scheduler.plan.tasks[1], duration_minutes=60)
    bad = replace(scheduler.plan.tasks[2], duration_minutes=-5)
    with pytest.raises(ValueError, match="negative duration"):
        scheduler.update_tasks([good, bad])
    assert snapshot(scheduler.update_tasks([])) == before
