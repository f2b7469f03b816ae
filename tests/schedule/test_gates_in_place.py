"""Indents and outdents that need gate nodes, patched in place, give exactly a fresh
schedule's results.

An indent usually turns the row above into a summary, and that row usually has links in:
they go to new start and finish gates, which bind the indented task (and a start gate carries
the row's start-no-earlier-than). Undoing it dissolves them back into the leaf. Tasks also
join and leave summaries whose gates bind them. The seeded random plans of test_late_refresh
(links of every type into leaves and summaries, progress, constraints, deadlines, production
changes in a freeze) get random indents, outdents and undos mixed with the other in-place
edits; after each one every list of the result, its messages and the late state the next
edit starts from must equal those of scheduling the plan from scratch.
"""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from infradesk.schedule.engine import (
    CycleError,
    LinkInput,
    PlanInput,
    Scheduler,
    TaskInput,
    schedule,
)

from .helpers import PROJECT_START
from .test_late_refresh import (
    AXIS,
    CALENDAR,
    exact_step,
    loop_free_scheduler,
    random_edit,
    random_plan,
    state_of,
)


def sibling_above(tasks: list[TaskInput], k: int) -> TaskInput | None:
    """The task before ``tasks[k]`` in task order under the same parent."""
    parent = tasks[k].parent_id
    return next((t for t in reversed(tasks[:k]) if t.parent_id == parent), None)


def random_indent(
    rng: random.Random, scheduler: Scheduler, undo: list[list[TaskInput]]
) -> None:
    """Indent a random leaf under the task above it (a leaf, often with links in, or a
    summary); outdent one as the toolbar does (to its grandparent, the tasks below it under
    the same parent going under it), or alone; or undo the last of these. The unchanged
    parent is sent along, as the outline edits send it."""
    tasks = list(scheduler.plan.tasks)
    network = scheduler.result.network
    roll = rng.random()
    if roll < 0.25 and undo:
        scheduler.update_tasks(undo.pop())
        return
    k = rng.choice([j for j in range(len(tasks)) if not network.is_summary[j]])
    task = tasks[k]
    if roll < 0.45:  # outdent
        if task.parent_id is None:
            return
        grand = tasks[network.index[task.parent_id]].parent_id
        moved = [replace(task, parent_id=grand)]
        if rng.random() < 0.7:  # the tasks below it go under it
            followers = [t for t in tasks[k + 1 :] if t.parent_id == task.parent_id]
            moved += [replace(t, parent_id=task.id) for t in followers]
        scheduler.update_tasks(moved)
        undo.append([tasks[network.index[t.id]] for t in moved])
        return
    above = sibling_above(tasks, k)
    if above is None:
        return
    others = [tasks[network.index[above.id]]]
    scheduler.update_tasks([replace(task, parent_id=above.id), *others])
    undo.append([task])


@pytest.mark.parametrize("seed", range(16))
def test_random_indents_and_outdents_match_a_full_run(seed: int) -> None:
    rng = random.Random(7000 + seed)
    plan = random_plan(rng, rng.choice([40, 90, 160]))
    if seed % 3 == 0:  # start-no-earlier-than on some leaves: start gates without links
        plan = replace(
            plan,
            tasks=[
                replace(t, start_no_earlier_than=AXIS.start_at(rng.randrange(0, 9000)))
                if t.constraint_type == "ASAP" and rng.random() < 0.1
                else t
                for t in plan.tasks
            ],
        )
    if seed % 4 == 1:  # elapsed and manually scheduled leaves (placed on the wall clock)
        plan = replace(
            plan,
            tasks=[
                replace(t, elapsed=True)
                if t.duration_minutes and rng.random() < 0.1
                else replace(t, manual=True, manual_start=AXIS.start_at(rng.randrange(0, 9000)))
                if rng.random() < 0.05
                else t
                for t in plan.tasks
            ],
        )
    scheduler = loop_free_scheduler(plan)
    undo: list[list[TaskInput]] = []
    gated = 0
    for _ in range(90):
        before = scheduler.result
        nodes = before.network.node_count
        free = len(before.network.free_gates)
        if rng.random() < 0.7:
            after = exact_step(scheduler, lambda: random_indent(rng, scheduler, undo))
        else:
            after = exact_step(scheduler, lambda: random_edit(rng, scheduler))
        if after is None:
            continue
        network = after.network
        if network is before.network and (
            network.node_count != nodes or len(network.free_gates) != free
        ):
            gated += 1
    assert gated >= 3  # gates were made or dissolved in place, not only recompiled


def chain_plan() -> PlanInput:
    """a -> b (FS), c -> b (FF, 1h lag), b -> d (SS); e and f below b."""
    tasks = [
        TaskInput(1, None, 480, name="a"),
        TaskInput(2, None, 960, name="b"),
        TaskInput(3, None, 240, name="c"),
        TaskInput(4, None, 480, name="d"),
        TaskInput(5, None, 2400, name="e"),
        TaskInput(6, None, 60, name="f"),
    ]
    links = [
        LinkInput(1, 2, "FS", 0),
        LinkInput(3, 2, "FF", 60),
        LinkInput(2, 4, "SS", 0),
        LinkInput(6, 5, "FS", 0),
    ]
    return PlanInput(PROJECT_START, CALENDAR, tasks, links)


def test_an_indent_under_a_leaf_with_links_of_both_kinds_makes_both_gates() -> None:
    plan = chain_plan()
    scheduler = Scheduler(plan)
    network = scheduler.result.network
    e = plan.tasks[4]
    result = scheduler.update_tasks([replace(e, parent_id=2)])  # e under b
    assert result.network is network
    start, finish = network.start_gate[1], network.finish_gate[1]
    assert start >= network.task_count and finish >= network.task_count
    assert sorted(network.in_src[4] or ()) == sorted([2 * 5 + 1, 2 * start, 2 * finish + 1])
    assert state_of(result) == state_of(schedule(scheduler.plan))
    # b now rolls up e: e starts after a, finishes no earlier than c's finish plus the lag
    assert result.positions(5)[0] >= result.positions(1)[1]
    assert result.positions(2) == result.positions(5)
    result = scheduler.update_tasks([e])  # undo: b a leaf again, with its links
    assert result.network is network
    assert network.start_gate[1] == network.finish_gate[1] == -1
    assert state_of(result) == state_of(schedule(scheduler.plan))


def test_a_task_joining_and_leaving_a_gated_summary_is_bound_in_place() -> None:
    plan = chain_plan()
    scheduler = Scheduler(plan)
    network = scheduler.result.network
    scheduler.update_tasks([replace(plan.tasks[4], parent_id=2)])  # e under b: gates
    f = plan.tasks[5]
    result = scheduler.update_tasks([replace(f, parent_id=2)])  # f joins b
    assert result.network is network
    assert 2 * network.start_gate[1] in (network.in_src[5] or ())
    assert state_of(result) == state_of(schedule(scheduler.plan))
    result = scheduler.update_tasks([f])  # and leaves it
    assert result.network is network
    assert network.in_src[5] is None
    assert state_of(result) == state_of(schedule(scheduler.plan))


def test_an_indent_under_a_task_it_feeds_is_a_loop_and_changes_nothing() -> None:
    """c -> b: c under b would close c -> b's finish gate -> c; refused, and the next
    indent (e under d, which b feeds) is patched as usual."""
    plan = chain_plan()
    scheduler = Scheduler(plan)
    before = scheduler.result
    with pytest.raises(CycleError):
        scheduler.update_tasks([replace(plan.tasks[2], parent_id=2)])  # c under b (c -> b)
    assert scheduler.result is before
    assert state_of(before) == state_of(schedule(scheduler.plan))
    result = scheduler.update_tasks([replace(plan.tasks[4], parent_id=4)])  # e under d
    assert result.network is before.network and result.network.start_gate[3] >= 0
    assert state_of(result) == state_of(schedule(scheduler.plan))


def test_an_outdent_taking_the_tasks_below_along_and_its_undo_are_patched() -> None:
    """Outdent a (linked into) out of its phase: b and c below it go under it, so a turns
    into a summary with gates; undo puts all three back. Both are several re-parents,
    made one at a time in place."""
    tasks = [
        TaskInput(1, None, 0, name="Phase"),
        TaskInput(2, 1, 480, name="a"),
        TaskInput(3, 1, 960, name="b"),
        TaskInput(4, 1, 240, name="c"),
        TaskInput(5, None, 480, name="before"),
        TaskInput(6, None, 60, name="after"),
    ]
    links = [LinkInput(5, 2, "FS", 0), LinkInput(5, 3, "SS", 60), LinkInput(4, 6, "FS", 0)]
    scheduler = Scheduler(PlanInput(PROJECT_START, CALENDAR, tasks, links))
    network = scheduler.result.network
    outdent = [
        replace(tasks[1], parent_id=None),
        replace(tasks[2], parent_id=2),
        replace(tasks[3], parent_id=2),
    ]
    result = scheduler.update_tasks(outdent)
    assert result.network is network
    assert network.kids[1] == [2, 3] and network.start_gate[1] >= network.task_count
    assert state_of(result) == state_of(schedule(scheduler.plan))
    result = scheduler.update_tasks(tasks[1:4])  # undo
    assert result.network is network
    assert network.kids[0] == [1, 2, 3] and network.start_gate[1] == -1
    assert state_of(result) == state_of(schedule(scheduler.plan))
