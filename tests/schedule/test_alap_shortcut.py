"""ALAP tasks without a second full backward pass (schedule/alap.py, issue 15's speed target):
the shortcut gives exactly what running the whole backward pass again gives."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infradesk.schedule import passes
from infradesk.schedule.engine import (
    CycleError,
    PlanInput,
    ScheduleResult,
    compile_network,
    schedule,
)

from .helpers import L, T, run
from .progress_strategies import progressed
from .test_engine_properties import AXIS, plans, scheduled


@contextmanager
def full_backward_pass_again() -> Iterator[list[bool]]:
    """Make the engine take the slow path (the reference); yields whether the shortcut would
    have been taken, per ALAP move."""
    taken: list[bool] = []
    original = passes.late_dates_hold

    def refuse(*args: object) -> bool:
        # why ignored: the arguments are passed on as received
        taken.append(original(*args))  # type: ignore[arg-type]
        return False

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(passes, "late_dates_hold", refuse)
        yield taken


def everything(result: ScheduleResult) -> tuple[object, ...]:
    return (
        {task_id: result[task_id] for task_id in result},
        result.conflicts,
        result.messages,
        result.project_finish,
    )


@st.composite
def alap_plans(draw: st.DrawFn) -> PlanInput:
    plan = draw(plans(summaries=True).flatmap(lambda p: progressed(p, AXIS)))
    tasks = [
        replace(task, constraint_type="ALAP") if draw(st.integers(0, 2)) == 0 else task
        for task in plan.tasks
    ]
    tasks = [  # elapsed tasks read their finish-type links from their finish
        replace(task, elapsed=True) if draw(st.integers(0, 4)) == 0 else task for task in tasks
    ]
    return replace(plan, tasks=tasks)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(alap_plans())
def test_the_shortcut_gives_what_a_second_backward_pass_gives(plan: PlanInput) -> None:
    fast = everything(scheduled(plan))
    with full_backward_pass_again():
        slow = everything(schedule(plan))
    assert fast == slow


def test_free_float_follows_the_alap_move() -> None:
    """A (1d) -> B (1d, ALAP) -> C (1d); D (5d) ends the week. B moves to Thursday, which gives
    A 2 days of free float (the first backward pass saw B on Tuesday: none)."""
    tasks = [T(1, name="A"), T(2, name="B", constraint_type="ALAP"), T(3, name="C"),
             T(4, "5d", name="D")]  # fmt: skip
    with full_backward_pass_again() as taken:
        slow = run(tasks, [L(1, 2), L(2, 3)])
    assert taken == [True]
    fast = run(tasks, [L(1, 2), L(2, 3)])
    assert fast[1].free_float_minutes == 2 * 480
    assert fast[2].early_start == slow[2].early_start
    assert everything(fast) == everything(slow)


def test_a_summary_whose_starting_child_moves_takes_the_full_pass() -> None:
    """S {X (1d, ALAP), Y (2d)} -SS-> Z (3d); D (5d) ends the week. Z must start by Wed 08:00,
    which binds the children S starts with (X and Y, both Monday): X moves to Wed 08:00. Then
    S starts with Y alone, so the backward pass again frees X up to Fri 08:00 (float 2 days)."""
    tasks = [
        T(1, "0d", name="S"),
        T(2, "1d", name="X", parent_id=1, constraint_type="ALAP"),
        T(3, "2d", name="Y", parent_id=1),
        T(4, "3d", name="Z"),
        T(5, "5d", name="D"),
    ]
    with full_backward_pass_again() as taken:
        slow = run(tasks, [L(1, 4, "SS")])
    assert taken == [False]
    fast = run(tasks, [L(1, 4, "SS")])
    assert fast[2].early_start == slow[2].early_start
    assert fast[2].total_float_minutes == 2 * 480
    assert everything(fast) == everything(slow)


def test_a_summary_that_finishes_later_hands_its_slack_down_again() -> None:
    """W (1d) -> X; S {Y (1d), X (1d, ALAP)} -FS-> Z (1d); D (5d) ends the week. X moves from
    Tuesday to Thursday, S and Z follow (S's own slack stays 0), so Y, which S still starts
    with, gets 3 days of free float instead of 1."""
    tasks = [T(1, name="W"), T(2, "0d", name="S"), T(3, name="Y", parent_id=2),
             T(4, name="X", parent_id=2, constraint_type="ALAP"), T(5, name="Z"),
             T(6, "5d", name="D")]  # fmt: skip
    links = [L(1, 4), L(2, 5)]
    with full_backward_pass_again() as taken:
        slow = run(tasks, links)
    assert taken == [True]
    fast = run(tasks, links)
    assert fast[3].free_float_minutes == 3 * 480
    assert everything(fast) == everything(slow)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(alap_plans())
def test_what_reads_each_node_is_the_same_from_the_links_and_from_the_network(
    plan: PlanInput,
) -> None:
    """A plan with ALAP tasks lists the readers while compiling (from the link pairs and the
    summaries' gates); they must be what in_src says."""
    try:
        network = compile_network(plan.tasks, plan.links)
    except CycleError:
        return
    built = network.built_successors
    if built is None:
        assert not any(t.constraint_type == "ALAP" for t in plan.tasks)
        return
    assert [sorted(r or ()) for r in built] == [sorted(r or ()) for r in network.readers()]
