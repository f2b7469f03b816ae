"""Re-parenting a task in place (indent, outdent) gives exactly a fresh schedule's results.

The seeded random plans of test_late_refresh (nested summaries, links of every type into
leaves and summaries, progress, constraints, deadlines, production changes in a freeze)
get random re-parents mixed with the other in-place edits; after each one every list of the
result, its messages and the late state the next edit starts from must equal those of
scheduling the plan from scratch, whether the scheduler patched its network or recompiled.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace

import pytest

from infradesk.schedule.engine import (
    LinkInput,
    PlanInput,
    Scheduler,
    TaskInput,
    schedule,
)

from .helpers import PROJECT_START
from .test_late_refresh import (
    CALENDAR,
    exact_step,
    loop_free_scheduler,
    random_edit,
    random_plan,
    state_of,
)


def random_reparent(rng: random.Random, scheduler: Scheduler) -> None:
    """Move a random task under a random summary, a random leaf, or to the top level; with
    the unchanged versions of other tasks sent along, as an indent sends them."""
    tasks = scheduler.plan.tasks
    task = tasks[rng.randrange(len(tasks))]
    siblings = Counter(t.parent_id for t in tasks)
    lonely = [t for t in tasks if t.parent_id is not None and siblings[t.parent_id] == 1]
    if lonely and rng.random() < 0.4:  # its summary turns into a leaf
        task = rng.choice(lonely)
    summaries = [t.id for t in tasks if scheduler.result.is_summary(t.id)]
    roll = rng.random()
    if roll < 0.6 and summaries:
        parent: int | None = rng.choice(summaries)
    elif roll < 0.8:
        parent = None
    else:
        parent = tasks[rng.randrange(len(tasks))].id
    moved = replace(task, parent_id=parent)
    if rng.random() < 0.3:  # a field edited in the same update
        moved = replace(moved, production_change=not task.production_change)
    others = [tasks[rng.randrange(len(tasks))] for _ in range(rng.randrange(3))]
    scheduler.update_tasks([moved, *[t for t in others if t.id != task.id]])


@pytest.mark.parametrize("seed", range(16))
def test_random_reparents_match_a_full_run(seed: int) -> None:
    rng = random.Random(1000 + seed)
    plan = random_plan(rng, rng.choice([40, 90, 160]))
    if seed % 2:  # without links into summaries (gates), which keep most moves in place
        summaries = {t.parent_id for t in plan.tasks}
        plan = replace(plan, links=[x for x in plan.links if x.successor_id not in summaries])
    scheduler = loop_free_scheduler(plan)
    in_place = 0
    for _ in range(80):
        before = scheduler.result
        old_parents = [t.parent_id for t in scheduler.plan.tasks]
        if rng.random() < 0.5:
            after = exact_step(scheduler, lambda: random_reparent(rng, scheduler))
        else:
            after = exact_step(scheduler, lambda: random_edit(rng, scheduler))
        if after is None:
            continue
        if after.network is before.network and old_parents != [
            t.parent_id for t in scheduler.plan.tasks
        ]:
            in_place += 1
    if seed % 2:  # the in-place path was taken, not only recompiles
        assert in_place >= 5


def plan_of_two_phases() -> PlanInput:
    tasks = [
        TaskInput(1, None, 0, name="Phase A"),
        TaskInput(2, 1, 480, name="a1"),
        TaskInput(3, 1, 960, name="a2"),
        TaskInput(4, None, 0, name="Phase B"),
        TaskInput(5, 4, 480, name="b1"),
        TaskInput(6, None, 2400, name="loose"),
    ]
    links = [LinkInput(2, 5, "FS", 0), LinkInput(3, 6, "SS", 60)]
    return PlanInput(PROJECT_START, CALENDAR, tasks, links)


def test_an_indent_under_a_summary_keeps_the_network() -> None:
    scheduler = Scheduler(plan_of_two_phases())
    network = scheduler.result.network
    loose = scheduler.plan.tasks[5]
    result = scheduler.update_tasks([replace(loose, parent_id=4)])
    assert result.network is network  # patched, not recompiled
    assert network.parent[5] == 3 and network.kids[3] == [4, 5]
    assert state_of(result) == state_of(schedule(scheduler.plan))
    # Phase B now spans the loose task, which the SS link starts an hour after a2
    assert result.positions(4)[1] == result.positions(6)[1]
    result = scheduler.update_tasks([loose])  # and back out
    assert result.network is network
    assert state_of(result) == state_of(schedule(scheduler.plan))


def test_a_summary_moved_before_its_new_parent_is_reordered() -> None:
    """The new parent's roll-up reads the task: it moves after it in the order."""
    plan = plan_of_two_phases()
    scheduler = Scheduler(plan)
    network = scheduler.result.network
    phase_b = plan.tasks[3]
    result = scheduler.update_tasks([replace(plan.tasks[0], parent_id=4)])  # A under B
    assert result.network is network
    assert network.rank[0] < network.rank[3]
    assert state_of(result) == state_of(schedule(scheduler.plan))
    assert scheduler.update_tasks([phase_b]).network is network  # nothing structural


def test_a_leaf_becoming_a_summary_and_back_keeps_the_network() -> None:
    plan = plan_of_two_phases()
    scheduler = Scheduler(plan)
    network = scheduler.result.network
    result = scheduler.update_tasks([replace(plan.tasks[2], parent_id=2)])  # a2 under a1
    assert result.network is network
    assert network.is_summary[1] and network.duration[1] == 0
    assert state_of(result) == state_of(schedule(scheduler.plan))
    result = scheduler.update_tasks([plan.tasks[2]])  # a1 a leaf again, with its duration
    assert result.network is network
    assert not network.is_summary[1] and network.duration[1] == 480
    assert state_of(result) == state_of(schedule(scheduler.plan))


def test_the_first_summary_of_a_flat_plan_and_back() -> None:
    """A flat plan keeps no weights for summaries' percent complete: the first summary
    made in place starts them, the last one gone drops them, as a full run does."""
    tasks = [TaskInput(k, None, 480 * k, name=f"t{k}") for k in range(1, 4)]
    tasks[1] = replace(tasks[1], actual_start=PROJECT_START, percent_complete=50)
    tasks.append(TaskInput(4, None, 48000, name="sets the finish"))
    links = [LinkInput(2, 3, "FS", 0)]
    scheduler = Scheduler(PlanInput(PROJECT_START, CALENDAR, tasks, links))
    network = scheduler.result.network
    for parent in (1, None, 1):
        before = scheduler.result
        result = scheduler.update_tasks([replace(tasks[1], parent_id=parent)])
        assert result.network is network
        assert result.derived_from is not None and result.derived_from[0]() is before
        assert state_of(result) == state_of(schedule(scheduler.plan))
    assert result.progress(1) == scheduler.result.progress(2)  # in progress, like its child
    assert result[1].percent_complete == 50


def test_a_leaf_with_links_in_becoming_a_summary_gets_gates_in_place() -> None:
    """Links into a summary go to gate nodes: the patch adds them (and dissolves them when
    the summary turns back into a leaf, keeping them for the next one)."""
    plan = plan_of_two_phases()
    scheduler = Scheduler(plan)
    network = scheduler.result.network
    nodes = network.node_count
    result = scheduler.update_tasks([replace(plan.tasks[2], parent_id=5)])  # a2 under b1
    assert result.network is network
    gate = network.start_gate[4]
    assert gate == nodes and network.node_count == nodes + 1  # a start gate appended
    assert network.in_src[gate] == [2 * 1 + 1] and network.in_src[2] == [2 * gate]
    assert state_of(result) == state_of(schedule(scheduler.plan))
    result = scheduler.update_tasks([plan.tasks[2]])  # b1 a leaf again
    assert result.network is network and network.start_gate[4] == -1
    assert network.in_src[4] == [2 * 1 + 1] and network.free_gates == [gate]
    assert state_of(result) == state_of(schedule(scheduler.plan))
    result = scheduler.update_tasks([replace(plan.tasks[2], parent_id=5)])  # the gate reused
    assert network.start_gate[4] == gate and network.node_count == nodes + 1
    assert state_of(result) == state_of(schedule(scheduler.plan))


def test_a_move_under_its_own_descendant_is_refused_and_changes_nothing() -> None:
    plan = plan_of_two_phases()
    scheduler = Scheduler(plan)
    scheduler.update_tasks([replace(plan.tasks[3], parent_id=1)])  # B under A
    before = scheduler.result
    with pytest.raises(ValueError, match="its own ancestor"):
        scheduler.update_tasks([replace(plan.tasks[0], parent_id=4)])  # A under B
    assert scheduler.result is before
    assert before.network.parent[0] == -1
    assert state_of(before) == state_of(schedule(scheduler.plan))
