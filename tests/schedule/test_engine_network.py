"""Summaries, constraints, deadlines, cycles, floats on a textbook network, bad input."""

from __future__ import annotations

from datetime import datetime

import pytest

from infradesk.schedule.engine import CycleError, LinkInput, TaskInput, find_cycle_if_linked

from .helpers import L, T, at, dates, run

DAY = 480


def test_textbook_network_floats() -> None:
    # A(3) -> B(4) -> D(5) -> F(2); A -> C(2) -> E(1) -> F
    tasks = [T(1, "3d"), T(2, "4d"), T(3, "2d"), T(4, "5d"), T(5, "1d"), T(6, "2d")]
    links = [L(1, 2), L(1, 3), L(2, 4), L(3, 5), L(4, 6), L(5, 6)]
    result = run(tasks, links)
    expected = {  # task: (ES, EF, LS, LF, TF, FF) in days
        1: (0, 3, 0, 3, 0, 0),
        2: (3, 7, 3, 7, 0, 0),
        3: (3, 5, 9, 11, 6, 0),
        4: (7, 12, 7, 12, 0, 0),
        5: (5, 6, 11, 12, 6, 6),
        6: (12, 14, 12, 14, 0, 0),
    }
    for task_id, (es, ef, ls, lf, tf, ff) in expected.items():
        entry = result[task_id]
        assert (
            entry.early_start_pos,
            entry.early_finish_pos,
            entry.late_start_pos,
            entry.late_finish_pos,
        ) == (es * DAY, ef * DAY, ls * DAY, lf * DAY)
        assert entry.total_float_minutes == tf * DAY
        assert entry.free_float_minutes == ff * DAY
        assert entry.critical == (tf == 0)
    assert sorted(result.critical_ids) == [1, 2, 4, 6]
    assert result.project_finish == datetime(2026, 1, 22, 17, 0)
    assert result[3].late_start == datetime(2026, 1, 16, 8, 0)
    assert result[3].late_finish == datetime(2026, 1, 19, 17, 0)


def test_free_float_of_an_end_task_runs_to_the_project_finish() -> None:
    result = run([T(1, "5d"), T(2, "2h")])
    assert result[2].free_float_minutes == 5 * DAY - 120
    assert result[2].total_float_minutes == 5 * DAY - 120


def test_summary_rolls_up_dates_and_weighted_percent() -> None:
    tasks = [
        T(1, "0d", name="Phase"),
        T(2, "3d", parent_id=1, percent_complete=100),
        T(3, "1d", parent_id=1, percent_complete=0),
        T(4, "0d", parent_id=1, percent_complete=0),
    ]
    result = run(tasks, [L(2, 3)])
    phase = result[1]
    assert phase.summary and not phase.milestone
    assert (phase.early_start, phase.early_finish) == (at("Mon 08:00"), at("Thu 17:00"))
    assert phase.duration_minutes == 4 * DAY
    assert phase.percent_complete == pytest.approx(75.0)
    assert phase.total_float_minutes == 0


def test_link_into_a_summary_binds_all_its_children() -> None:
    tasks = [
        T(1, "2d", name="Order hardware"),
        T(2, "0d", name="Install phase"),
        T(3, "1d", parent_id=2),
        T(4, "0d", parent_id=2, name="Rack phase"),
        T(5, "4h", parent_id=4),
    ]
    result = run(tasks, [L(1, 2)])
    assert result[3].early_start == at("Wed 08:00")
    assert result[5].early_start == at("Wed 08:00")  # nested summary: bound too
    assert dates(result, 2) == (at("Wed 08:00"), at("Wed 17:00"))


def test_finish_link_into_a_summary_binds_every_child_finish() -> None:
    tasks = [T(1, "2d"), T(2, "0d"), T(3, "1d", parent_id=2), T(4, "3d", parent_id=2)]
    result = run(tasks, [L(1, 2, "FF")])
    assert result[3].early_finish == at("Tue 17:00")
    assert result[3].early_start == at("Tue 08:00")
    assert result[4].early_start == at("Mon 08:00")  # its finish Wed is already later


def test_link_from_a_summary_waits_for_its_last_child() -> None:
    tasks = [T(1, "0d"), T(2, "1d", parent_id=1), T(3, "3d", parent_id=1), T(4, "1d"), T(5, "1h")]
    result = run(tasks, [L(1, 4), L(1, 5, "SS", "2h")])
    assert result[4].early_start == at("Thu 08:00")
    assert result[5].early_start == at("Mon 10:00")
    # the short child has float up to the summary's end, the long one is critical
    assert result[2].total_float_minutes == 2 * DAY
    assert result[3].critical
    assert result[2].free_float_minutes == 2 * DAY


def test_summary_start_no_earlier_than_applies_to_children() -> None:
    tasks = [T(1, "0d", start_no_earlier_than=at("Wed 08:00")), T(2, "1d", parent_id=1)]
    assert run(tasks)[2].early_start == at("Wed 08:00")


def test_start_no_earlier_than_in_lunch_break_starts_after_lunch() -> None:
    result = run([T(1, "2h", start_no_earlier_than=at("Mon 12:30"))])
    assert dates(result, 1) == (at("Mon 13:00"), at("Mon 15:00"))


def test_start_no_earlier_than_before_project_start_is_ignored() -> None:
    result = run([T(1, "1d", start_no_earlier_than=datetime(2025, 12, 1, 8))])
    assert result[1].early_start == at("Mon 08:00")


def test_project_start_on_a_weekend_starts_monday() -> None:
    result = run([T(1, "1d")], start=datetime(2026, 1, 3, 10, 0))
    assert result[1].early_start == at("Mon 08:00")


def test_deadline_flags_late_and_feeds_negative_float_without_moving() -> None:
    tasks = [T(1, "3d", name="Build"), T(2, "2d", name="Test", deadline=at("Wed 17:00"))]
    result = run(tasks, [L(1, 2)])
    assert dates(result, 2) == (at("Thu 08:00"), at("Fri 17:00"))
    assert result[2].late
    assert result[2].total_float_minutes == -2 * DAY
    assert result[1].total_float_minutes == -2 * DAY
    assert result[1].critical and result[2].critical
    assert result[2].free_float_minutes == 0
    assert result.late_ids == [2]
    assert result.messages == [
        "'Test' finishes 2026-01-09 17:00, 2d after its deadline 2026-01-07 17:00"
    ]


def test_met_deadline_reduces_float_only() -> None:
    result = run([T(1, "1d", deadline=at("Wed 17:00")), T(2, "5d")])
    assert not result[1].late
    assert result[1].total_float_minutes == 2 * DAY
    assert result.messages == []


def test_deadline_on_a_summary() -> None:
    tasks = [T(1, "0d", deadline=at("Tue 17:00")), T(2, "3d", parent_id=1)]
    result = run(tasks)
    assert result[1].late
    assert result[2].total_float_minutes == -1 * DAY


@pytest.mark.parametrize(
    ("links", "loop"),
    [
        ([L(1, 2), L(2, 3), L(3, 1)], [1, 2, 3]),
        ([L(1, 2), L(2, 3), L(3, 4), L(4, 2, "SS", "-3d")], [2, 3, 4]),
        ([L(1, 2, "FF"), L(2, 1, "SF")], [1, 2]),
    ],
)
def test_cycles_are_reported_with_the_loop_in_link_order(
    links: list[LinkInput], loop: list[int]
) -> None:
    tasks = [T(i, "1d", name=f"Task {i}") for i in range(1, 5)]
    with pytest.raises(CycleError) as caught:
        run(tasks, links)
    assert caught.value.task_ids == loop  # starts at the task listed first
    names = " → ".join(f"'Task {i}'" for i in [*loop, loop[0]])
    assert names in str(caught.value)


def test_self_link_is_a_cycle() -> None:
    with pytest.raises(CycleError, match="'Solo' cannot depend on itself"):
        run([T(1, name="Solo")], [L(1, 1)])


def test_link_between_a_summary_and_its_own_child_is_a_cycle() -> None:
    tasks = [T(1, "0d", name="Phase"), T(2, "1d", parent_id=1, name="Child")]
    for link in (L(2, 1), L(1, 2)):
        with pytest.raises(CycleError) as caught:
            run(tasks, [link])
        assert set(caught.value.task_ids) == {1, 2}


def test_cycle_through_summaries() -> None:
    tasks = [
        T(1, "0d", name="P1"),
        T(2, "1d", parent_id=1),
        T(3, "0d", name="P2"),
        T(4, "1d", parent_id=3),
    ]
    with pytest.raises(CycleError, match="loop"):
        run(tasks, [L(1, 3), L(4, 2)])


def test_find_cycle_if_linked() -> None:
    tasks = [T(i, name=f"Task {i}") for i in range(1, 5)]
    links = [L(1, 2), L(2, 3)]
    assert find_cycle_if_linked(tasks, links, 3, 4) is None
    assert find_cycle_if_linked(tasks, links, 3, 1) == [3, 1, 2]
    assert find_cycle_if_linked(tasks, links, 2, 2) == [2]


def test_a_big_cycle_is_reported_without_recursion_trouble() -> None:
    count = 20_000
    tasks = [TaskInput(i, duration_minutes=60, name=f"t{i}") for i in range(count)]
    links = [LinkInput(i, i + 1) for i in range(count - 1)] + [LinkInput(count - 1, 0)]
    with pytest.raises(CycleError) as caught:
        run(tasks, links)
    assert len(caught.value.task_ids) == count


@pytest.mark.parametrize(
    ("tasks", "links", "message"),
    [
        ([T(1), T(1)], [], "task id 1 appears twice"),
        ([T(1, parent_id=9)], [], "unknown parent 9"),
        ([T(1)], [L(1, 7)], "task 7, which is not in the plan"),
        ([T(1), T(2)], [LinkInput(1, 2, "XX")], "unknown type 'XX'"),
        ([TaskInput(1, duration_minutes=-5, name="Neg")], [], "'Neg' has a negative duration"),
        ([TaskInput(1, 2, name="A"), TaskInput(2, 1, name="B")], [], "its own ancestor"),
    ],
)
def test_bad_input_is_refused_with_a_message(
    tasks: list[TaskInput], links: list[LinkInput], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        run(tasks, links)


def test_lower_case_link_types_and_empty_plan() -> None:
    result = run([T(1), T(2)], [LinkInput(1, 2, "fs")])
    assert result[2].early_start == at("Tue 08:00")
    empty = run([])
    assert len(empty) == 0
    assert empty.project_finish == at("Mon 08:00")


def test_computed_fields_for_the_export() -> None:
    result = run([T(1, "1d"), T(2, "4h")], [L(1, 2)])
    assert result.computed_fields()[2] == {
        "early_start": "2026-01-06T08:00",
        "early_finish": "2026-01-06T12:00",
        "late_start": "2026-01-06T08:00",
        "late_finish": "2026-01-06T12:00",
        "total_float_minutes": 0,
        "free_float_minutes": 0,
        "critical": True,
    }


def test_summary_shows_a_milestone_child_at_its_predecessor_finish() -> None:
    tasks = [T(1, "1d"), T(2, "0d", name="Phase"), T(3, "0d", parent_id=2), T(4, "4h", parent_id=2)]
    result = run(tasks, [L(1, 3), L(3, 4)])
    assert result[3].early_start == at("Mon 17:00")
    assert dates(result, 2) == (at("Mon 17:00"), at("Tue 12:00"))
    assert result[2].late_start == at("Mon 17:00")


def test_a_very_deep_outline_needs_no_recursion() -> None:
    depth = 3000
    tasks = [TaskInput(i, i - 1 if i else None, 0, name=f"Level {i}") for i in range(depth)]
    tasks.append(TaskInput(depth, depth - 1, 480, name="Leaf"))
    result = run(tasks)
    assert result[0].early_finish == at("Mon 17:00")
    assert result[0].summary and result[0].duration_minutes == 480


def test_floats_in_days() -> None:
    result = run([T(1, "5d"), T(2, "4h")])
    assert result.in_days(result[2].total_float_minutes) == 4.5
    assert result.minutes_per_day == 480
