"""The partial backward pass after an in-place edit gives exactly the full pass's results.

Seeded random plans (summaries nested, links of every type with lags, progress, constraints,
deadlines, production changes in a freeze, a status date) get long sequences of random
in-place edits through a :class:`Scheduler`; after each one every list the result holds, and
the late state the next edit starts from, must equal those of scheduling the plan from
scratch.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date

import pytest

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

from .helpers import PROJECT_START

CALENDAR = WorkingCalendar(
    freezes=(FreezeWindow("Freeze", date(2026, 2, 9), date(2026, 2, 13)),)
)
AXIS = TimeAxis(CALENDAR, PROJECT_START)
TYPES = ("FS", "SS", "FF", "SF")


def random_plan(rng: random.Random, count: int) -> PlanInput:
    """Phases (some nested) of leaf tasks, links forward in outline order."""
    tasks: list[TaskInput] = []
    phases: list[int] = []
    for task_id in range(count):
        if task_id % 12 == 0:
            parent = rng.choice(phases) if phases and rng.random() < 0.3 else None
            tasks.append(TaskInput(task_id, parent, 0, name=f"P{task_id}"))
            phases.append(task_id)
            continue
        duration = rng.choice([0, 60, 240, 480, 960, 2400])
        task = TaskInput(
            task_id,
            phases[-1] if rng.random() < 0.9 else None,
            duration,
            duration == 0,
            production_change=rng.random() < 0.05,
            name=f"T{task_id}",
        )
        if rng.random() < 0.08:
            task = replace(task, deadline=AXIS.finish_at(rng.randrange(2000, 30000)))
        if rng.random() < 0.08:
            kind = rng.choice([k for k in CONSTRAINT_TYPES if k != "ALAP"])
            task = replace(
                task, constraint_type=kind, constraint_date=AXIS.start_at(rng.randrange(0, 20000))
            )
        if rng.random() < 0.06:
            start = rng.randrange(0, 3000)
            finish = start + rng.randrange(0, 2000) if rng.random() < 0.5 else None
            task = replace(
                task,
                actual_start=AXIS.start_at(start),
                actual_finish=None if finish is None else AXIS.finish_at(finish),
                percent_complete=rng.choice([0, 30, 100]),
            )
        tasks.append(task)
    parent_of = {task.id: task.parent_id for task in tasks}

    def line(task_id: int) -> set[int]:  # the task and its ancestors
        found = set()
        at: int | None = task_id
        while at is not None:
            found.add(at)
            at = parent_of[at]
        return found

    links: dict[tuple[int, int], LinkInput] = {}
    for _ in range(count * 3 // 2):
        a = rng.randrange(count - 1)
        b = min(count - 1, a + 1 + int(rng.expovariate(1 / 6)))
        if a in line(b) or b in line(a):  # a summary linked with its own descendant loops
            continue
        links[(a, b)] = LinkInput(a, b, rng.choice(TYPES), rng.choice([0, 0, 60, -120, 480]))
    status = AXIS.start_at(2400) if rng.random() < 0.5 else None
    return PlanInput(PROJECT_START, CALENDAR, tasks, list(links.values()), status, True)


def node_keys(result: ScheduleResult) -> list[tuple[str, int] | None]:
    """Per node of the result's network what it stands for: a task, or the start or finish
    gate of a summary (by task id); None for a gate no summary uses (one a re-parent in place
    dissolved). A network patched in place numbers its gates differently from a fresh one."""
    net = result.network
    n = net.task_count
    keys: list[tuple[str, int] | None] = [("task", task_id) for task_id in net.ids]
    for node in range(n, net.node_count):
        owner = net.gate_owner[node - n]
        if net.start_gate[owner] == node:
            keys.append(("start", net.ids[owner]))
        elif net.finish_gate[owner] == node:
            keys.append(("finish", net.ids[owner]))
        else:
            keys.append(None)
    return keys


def by_node(keys: list[tuple[str, int] | None], values: Sequence[int], width: int) -> dict:
    """A per-node list (``width`` entries per node) keyed by what each node stands for."""
    return {
        key: tuple(values[width * k : width * k + width])
        for k, key in enumerate(keys)
        if key is not None
    }


def state_of(result: ScheduleResult) -> tuple[object, ...]:
    """Every list and message of a result, and the late state its next edit starts from
    (the per-node ones keyed by task and gate, see :func:`node_keys`)."""
    late = result.late_state
    keys = node_keys(result)
    return (
        by_node(keys, result._values, 2),
        by_node(keys, result._late_start, 1),
        by_node(keys, result._late_finish, 1),
        result._total_float,
        result._free_float,
        result._percent,
        bytes(result._states),
        result._late,
        dict(result._conflicts),
        result.messages,
        result.project_finish_pos,
        result.critical_ids,
        None
        if late is None
        else (by_node(keys, late.bounds, 2), by_node(keys, late.slacks, 2), late.weight),
    )


def changed_task_by_task(result: ScheduleResult, other: ScheduleResult) -> list[int]:
    """What ``result.changed_since(other)`` means, one task at a time."""
    if other.network.ids != result.network.ids:
        return list(result.network.ids)
    return [
        task_id
        for task_id in result
        if result.positions(task_id) != other.positions(task_id)
        or result[task_id].free_float_minutes != other[task_id].free_float_minutes
        or result.progress(task_id) != other.progress(task_id)
        or result.conflicts.get(task_id) != other.conflicts.get(task_id)
    ]


def exact_step(scheduler: Scheduler, edit: Callable[[], object]) -> ScheduleResult | None:
    """Run ``edit`` on the kept ``scheduler`` and check it against a fresh ``schedule()``:
    every list and the late state, and ``changed_since`` (its shortcut through
    ``derived_from`` and the general comparison) task by task. A refused edit (a loop, a bad
    value) must leave the result as it was; None then."""
    before = scheduler.result
    try:
        edit()
    except (CycleError, ValueError):
        assert scheduler.result is before  # a refused edit changes nothing
        assert state_of(before) == state_of(schedule(scheduler.plan))
        return None
    after = scheduler.result
    assert state_of(after) == state_of(schedule(scheduler.plan))
    assert after.changed_since(before) == changed_task_by_task(after, before)
    derived, after.derived_from = after.derived_from, None  # the general comparison
    assert after.changed_since(before) == changed_task_by_task(after, before)
    after.derived_from = derived
    return after


def random_edit(rng: random.Random, scheduler: Scheduler) -> None:
    plan = scheduler.plan
    task = plan.tasks[rng.randrange(len(plan.tasks))]
    kind = rng.choice(
        ["duration"] * 4 + ["constraint", "deadline", "actual", "percent", "production",
                            "snet", "link", "unlink", "relink"] + ["alap"] * (rng.random() < 0.1)
    )  # fmt: skip
    if kind == "duration":
        scheduler.update_task(replace(task, duration_minutes=rng.choice([0, 30, 480, 4800])))
    elif kind == "constraint":
        kind_of = rng.choice([k for k in CONSTRAINT_TYPES if k != "ALAP"])
        moment = AXIS.start_at(rng.randrange(0, 20000))
        scheduler.update_task(replace(task, constraint_type=kind_of, constraint_date=moment))
    elif kind == "alap":  # the partial rerun steps aside for ALAP plans, and back
        scheduler.update_task(
            replace(task, constraint_type="ALAP" if task.constraint_type == "ASAP" else "ASAP")
        )
    elif kind == "deadline":
        moment = AXIS.finish_at(rng.randrange(500, 30000)) if rng.random() < 0.7 else None
        scheduler.update_task(replace(task, deadline=moment))
    elif kind == "actual":
        start = AXIS.start_at(rng.randrange(0, 3000)) if rng.random() < 0.6 else None
        finish = AXIS.finish_at(rng.randrange(3000, 5000)) if rng.random() < 0.4 else None
        scheduler.update_task(replace(task, actual_start=start, actual_finish=finish))
    elif kind == "percent":
        scheduler.update_task(replace(task, percent_complete=rng.choice([0, 25, 100])))
    elif kind == "production":
        scheduler.update_task(replace(task, production_change=not task.production_change))
    elif kind == "snet":
        moment = AXIS.start_at(rng.randrange(0, 10000)) if rng.random() < 0.7 else None
        scheduler.update_task(replace(task, start_no_earlier_than=moment))
    elif kind == "link":
        other = rng.randrange(len(plan.tasks))
        scheduler.add_link(LinkInput(task.id, other, rng.choice(TYPES), rng.choice([0, 240])))
    elif kind == "relink" and plan.links:  # one link's type and lag changed (set_links)
        k = rng.randrange(len(plan.links))
        changed = replace(plan.links[k], type=rng.choice(TYPES), lag_minutes=rng.choice([0, 90]))
        scheduler.set_links([*plan.links[:k], changed, *plan.links[k + 1 :]])
    elif plan.links:
        gone = plan.links[rng.randrange(len(plan.links))]
        scheduler.remove_link(gone.predecessor_id, gone.successor_id)


def loop_free_scheduler(plan: PlanInput) -> Scheduler:
    """A scheduler of ``plan`` without the links of the loops it has (through summaries)."""
    while True:
        try:
            return Scheduler(plan)
        except CycleError as error:
            loop = set(error.task_ids)
            kept = [
                link
                for link in plan.links
                if not (link.predecessor_id in loop and link.successor_id in loop)
            ]
            assert len(kept) < len(plan.links)
            plan = replace(plan, links=kept)


@pytest.mark.parametrize("seed", range(12))
def test_random_edits_match_a_full_run(seed: int) -> None:
    rng = random.Random(seed)
    scheduler = loop_free_scheduler(random_plan(rng, rng.choice([40, 90, 160])))
    partial_runs = 0
    for _ in range(80):
        before = scheduler.result
        after = exact_step(scheduler, lambda: random_edit(rng, scheduler))
        if after is None:
            continue
        if (
            before.late_state is not None
            and after.network is before.network
            and after.project_finish_pos == before.project_finish_pos
        ):
            partial_runs += 1  # what the partial rerun needs was there
    assert partial_runs >= 5  # the partial path was taken, not only full runs


def test_an_edit_within_its_float_changes_only_that_task() -> None:
    """A side task that grows within its float: only its own floats change, as in a full
    run, and no other task is reported changed."""
    count = 400
    tasks = [TaskInput(i, None, 480, name=f"T{i}") for i in range(count)]
    chain = [LinkInput(i, i + 1, "FS", 0) for i in range(count - 1)]
    side = TaskInput(count, None, 60, name="Side")
    plan = PlanInput(PROJECT_START, CALENDAR, [*tasks, side], [*chain, LinkInput(5, count)])
    scheduler = Scheduler(plan)
    float_before = scheduler.result.total_float(count)
    result = scheduler.update_task(replace(side, duration_minutes=480))
    assert result.late_state is not None
    assert state_of(result) == state_of(schedule(scheduler.plan))
    assert result.total_float(count) == float_before - 420
    assert result.changed_since(scheduler.previous) == [count]


def test_a_link_against_the_order_reorders_in_place() -> None:
    """A link from a later task to an earlier one moves the predecessor (and what leads to
    it) ahead in the order instead of recompiling; a link closing a loop is still refused."""
    tasks = [TaskInput(i, None, 480, name=f"T{i}") for i in range(6)]
    plan = PlanInput(
        PROJECT_START, CALENDAR, tasks, [LinkInput(0, 1), LinkInput(1, 2), LinkInput(4, 5)]
    )
    scheduler = Scheduler(plan)
    network = scheduler._network
    result = scheduler.add_link(LinkInput(5, 1, "SS", 60))
    assert scheduler._network is network
    assert network.rank[4] < network.rank[5] < network.rank[1] < network.rank[2]
    assert state_of(result) == state_of(schedule(scheduler.plan))
    with pytest.raises(CycleError):
        scheduler.add_link(LinkInput(2, 4))  # 4 -> 5 -> 1 -> 2 -> 4
    assert scheduler.result is result and scheduler._network is network
    changed = scheduler.set_links([LinkInput(0, 1), LinkInput(1, 2, "FF", 30), *plan.links[2:],
                                   LinkInput(5, 1, "SS", 60)])  # fmt: skip
    assert scheduler._network is network  # one link's type and lag changed in place
    assert state_of(changed) == state_of(schedule(scheduler.plan))
