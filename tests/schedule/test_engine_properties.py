"""Property tests: on random plans every link holds, no task starts earlier (or later) than
its links and constraints demand, and the floats mean what they say."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from infradesk.schedule.calendar import FreezeWindow, TimeAxis, WorkingCalendar
from infradesk.schedule.engine import (
    CycleError,
    LinkInput,
    PlanInput,
    ScheduleResult,
    TaskInput,
    schedule,
)

from .helpers import PROJECT_START

TYPES = ("FS", "SS", "FF", "SF")
CALENDAR = WorkingCalendar(
    holiday_country="DE",
    holiday_region="BY",
    holidays=frozenset({PROJECT_START.date().replace(day=8)}),
    exceptions={
        PROJECT_START.date().replace(day=10): ((0, 1440),),  # a worked Saturday
        PROJECT_START.date().replace(day=17): ((600, 840),),  # a Saturday morning shift
        PROJECT_START.date().replace(day=13): ((480, 600),),  # a short Tuesday
    },
)
AXIS = TimeAxis(CALENDAR, PROJECT_START)


@st.composite
def plans(draw: st.DrawFn, summaries: bool = False) -> PlanInput:
    count = draw(st.integers(1, 14))
    tasks: list[TaskInput] = []
    for i in range(count):
        parent = None
        if summaries and i and draw(st.booleans()):
            parent = draw(st.integers(0, i - 1))
        duration = draw(st.sampled_from([0, 30, 60, 240, 300, 480, 720, 960, 2400, 137]))
        snet = None
        if draw(st.integers(0, 4)) == 0:
            snet = AXIS.start_at(draw(st.integers(-500, 4000)))
        tasks.append(TaskInput(i, parent, duration, duration == 0, snet, None, False, 0.0, f"T{i}"))
    pairs = st.tuples(st.integers(0, count - 1), st.integers(0, count - 1))
    links = []
    for a, b in draw(st.lists(pairs, max_size=count * 2, unique=True)):
        if a < b:  # forward in outline order: acyclic unless the hierarchy closes a loop
            kind = draw(st.sampled_from(TYPES))
            lag = draw(st.sampled_from([0, 0, 60, -60, 480, -480, 150, -1200]))
            links.append(LinkInput(a, b, kind, lag))
    return PlanInput(PROJECT_START, CALENDAR, tasks, links)


def descendants(plan: PlanInput, task_id: int) -> list[int]:
    """Leaf descendants of a summary, or the task itself if it is a leaf."""
    children: dict[int, list[int]] = {}
    for task in plan.tasks:
        if task.parent_id is not None:
            children.setdefault(task.parent_id, []).append(task.id)
    if task_id not in children:
        return [task_id]
    leaves: list[int] = []
    for child in children[task_id]:
        leaves.extend(descendants(plan, child))
    return leaves


def scheduled(plan: PlanInput) -> ScheduleResult:
    try:
        return schedule(plan)
    except CycleError as error:
        check_real_loop(plan, error.task_ids)
        assume(False)
        raise  # pragma: no cover


def check_real_loop(plan: PlanInput, loop: list[int]) -> None:
    """Each step of a reported loop is a link or a summary/descendant relation."""
    parents = {t.id: t.parent_id for t in plan.tasks}

    def ancestors(task_id: int) -> set[int]:
        found = set()
        while parents[task_id] is not None:
            task_id = parents[task_id]  # type: ignore[assignment]
            found.add(task_id)
        return found

    linked = {(link.predecessor_id, link.successor_id) for link in plan.links}
    for a, b in zip(loop, loop[1:] + loop[:1], strict=True):
        assert (a, b) in linked or a in ancestors(b) or b in ancestors(a), (a, b, loop)


def link_bound_holds(kind: str, lag: int, pred: tuple[int, int], succ: tuple[int, int]) -> bool:
    (ps, pf), (ss, sf) = pred, succ
    return {
        "FS": ss >= pf + lag,
        "SS": ss >= ps + lag,
        "FF": sf >= pf + lag,
        "SF": sf >= ps + lag,
    }[kind]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(plans(summaries=True))
def test_every_link_holds_in_the_early_and_late_schedules(plan: PlanInput) -> None:
    result = scheduled(plan)
    for link in plan.links:
        p = result.positions(link.predecessor_id)
        for leaf in descendants(plan, link.successor_id):
            s = result.positions(leaf)
            assert link_bound_holds(link.type, link.lag_minutes, p[:2], s[:2]), link
            assert link_bound_holds(link.type, link.lag_minutes, p[2:], s[2:]), link


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(plans(summaries=True))
def test_no_task_starts_earlier_or_later_than_its_links_and_constraints_demand(
    plan: PlanInput,
) -> None:
    result = scheduled(plan)
    project = AXIS.position_of(PROJECT_START)
    parents = {t.id: t.parent_id for t in plan.tasks}
    by_id = {t.id: t for t in plan.tasks}
    for task in plan.tasks:
        if descendants(plan, task.id) != [task.id]:
            continue
        es, ef, ls, lf = result.positions(task.id)
        assert ef - es == task.duration_minutes
        assert lf - ls == task.duration_minutes
        bound = project
        chain: list[int] = [task.id]
        while parents[chain[-1]] is not None:
            chain.append(parents[chain[-1]])  # type: ignore[arg-type]
        for owner in chain:
            snet = by_id[owner].start_no_earlier_than
            if snet is not None:
                bound = max(bound, AXIS.position_of(snet))
        for link in plan.links:
            if link.successor_id not in chain:
                continue
            ps, pf = result.positions(link.predecessor_id)[:2]
            value = {"FS": pf, "SS": ps, "FF": pf, "SF": ps}[link.type] + link.lag_minutes
            if link.type in ("FF", "SF"):
                value -= task.duration_minutes
            bound = max(bound, value)
        assert es == bound, task
        # positions and date-times agree
        entry = result[task.id]
        assert AXIS.position_of(entry.early_start) == es
        assert AXIS.position_of(entry.early_finish) == ef
    for task in plan.tasks:
        leaves = descendants(plan, task.id)
        if leaves != [task.id]:
            es, ef = result.positions(task.id)[:2]
            assert es == min(result.positions(leaf)[0] for leaf in leaves)
            assert ef == max(result.positions(leaf)[1] for leaf in leaves)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(plans(summaries=True))
def test_floats_are_consistent_with_the_backward_pass(plan: PlanInput) -> None:
    result = scheduled(plan)
    finish = result.project_finish_pos
    leaves = [t for t in plan.tasks if descendants(plan, t.id) == [t.id]]
    floats = []
    for task in leaves:
        es, _ef, ls, lf = result.positions(task.id)
        entry = result[task.id]
        assert entry.total_float_minutes == ls - es >= 0
        assert lf <= finish
        assert 0 <= entry.free_float_minutes <= entry.total_float_minutes
        assert entry.critical == (entry.total_float_minutes <= 0)
        floats.append(entry.total_float_minutes)
    assert min(floats) == 0  # some chain is critical

    # Delaying a task by its free float moves no other task; by its total float, not the end.
    for task in leaves:
        entry = result[task.id]
        for slip, keeps_others in (
            (entry.free_float_minutes, True),
            (entry.total_float_minutes, False),
        ):
            if slip == 0:
                continue
            delayed = replace(
                task, start_no_earlier_than=AXIS.start_at(entry.early_start_pos + slip)
            )
            tasks = [delayed if t.id == task.id else t for t in plan.tasks]
            again = schedule(replace(plan, tasks=tasks))
            assert again.positions(task.id)[0] == entry.early_start_pos + slip
            assert again.project_finish_pos == finish
            if keeps_others:
                for other in leaves:
                    if other.id != task.id:
                        assert again.positions(other.id)[0] == result.positions(other.id)[0]


@settings(max_examples=60, deadline=None)
@given(plans(summaries=False), st.data())
def test_deadlines_never_move_tasks_and_feed_negative_float(
    plan: PlanInput, data: st.DataObject
) -> None:
    result = schedule(plan)
    victim = data.draw(st.sampled_from(plan.tasks))
    _es, ef = result.positions(victim.id)[:2]
    cut = data.draw(st.integers(0, 2000))
    deadline = AXIS.finish_at(max(ef - cut, 1))
    tasks = [replace(t, deadline=deadline) if t.id == victim.id else t for t in plan.tasks]
    again = schedule(replace(plan, tasks=tasks))
    for task in plan.tasks:
        assert again.positions(task.id)[:2] == result.positions(task.id)[:2]
    late_by = ef - AXIS.position_of(deadline)
    assert again[victim.id].late == (late_by > 0)
    assert again[victim.id].total_float_minutes <= min(
        result[victim.id].total_float_minutes, -late_by
    )


FROZEN = WorkingCalendar(
    freezes=(
        FreezeWindow(
            "Wed freeze", PROJECT_START.date().replace(day=7), PROJECT_START.date().replace(day=7)
        ),
        FreezeWindow(
            "Long freeze",
            PROJECT_START.date().replace(day=13),
            PROJECT_START.date().replace(day=16),
        ),
    )
)
FROZEN_AXIS = TimeAxis(FROZEN, PROJECT_START)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(plans(summaries=True), st.data())
def test_production_changes_never_touch_a_freeze(plan: PlanInput, data: st.DataObject) -> None:
    flagged = data.draw(st.sets(st.sampled_from([t.id for t in plan.tasks])))
    tasks = [replace(t, production_change=t.id in flagged) for t in plan.tasks]
    plan = replace(plan, calendar=FROZEN, tasks=tasks)
    result = scheduled(plan)
    spans = [(a, b) for a, b, _w in FROZEN_AXIS.freeze_spans()]
    parents = {t.id: t.parent_id for t in plan.tasks}

    def production(task_id: int) -> bool:
        while True:
            if task_id in flagged:
                return True
            parent = parents[task_id]
            if parent is None:
                return False
            task_id = parent

    for link in plan.links:
        p = result.positions(link.predecessor_id)
        for leaf in descendants(plan, link.successor_id):
            s = result.positions(leaf)
            assert link_bound_holds(link.type, link.lag_minutes, p[:2], s[:2])
            assert link_bound_holds(link.type, link.lag_minutes, p[2:], s[2:])
    for task in plan.tasks:
        if descendants(plan, task.id) != [task.id] or not production(task.id):
            continue
        es, ef, ls, lf = result.positions(task.id)
        for first, end in spans:
            if ef > es:
                assert not (es < end and ef > first), (task, first, end)
                assert not (ls < end and lf > first), (task, first, end)
            else:
                assert not first <= es < end
        assert result[task.id].total_float_minutes >= 0
        freeze = result[task.id].freeze
        if freeze is not None:
            assert es in {end for _first, end in spans}
            assert any(freeze in m for m in result.messages)
