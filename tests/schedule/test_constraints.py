"""Constraint types as MS Project has them, each on all four link types, with dates worked out
by hand on the default calendar (Mon-Fri 08:00-12:00, 13:00-17:00; week of Mon 5 Jan 2026).

The plan: A (2d, Mon-Tue) -> B (1d, link of the type under test) -> C (1d, FS); D (5d, alone)
makes the project finish Fri 17:00. Without a constraint the links would start B at
FS 0d: Wed 08:00, SS 4h: Mon 13:00, FF 0d: Tue 08:00, SF 2d: Tue 08:00; its late start is
Thu 08:00 (C must start Fri 08:00).
"""

from __future__ import annotations

from datetime import datetime

import pytest

from infradesk.schedule.calendar import ScheduleRangeError
from infradesk.schedule.engine import ScheduleResult, TaskInput

from .helpers import L, T, at, dates, run

LINKS = {"FS": "0d", "SS": "4h", "FF": "0d", "SF": "2d"}
DAY = 480


def plan_with(b: TaskInput, kind: str) -> list[TaskInput]:
    return [T(1, "2d", name="A"), b, T(3, "1d", name="C"), T(4, "5d", name="D")]


def schedule_b(
    kind: str, **fields: object
) -> tuple[datetime, datetime, int, str | None, ScheduleResult]:
    b = T(2, "1d", name="B", **fields)
    result = run(plan_with(b, kind), [L(1, 2, kind, LINKS[kind]), L(2, 3)])
    entry = result[2]
    return (*dates(result, 2), entry.total_float_minutes, entry.conflict, result)


LINK_DRIVEN = {
    "FS": ("Wed 08:00", "Wed 17:00"),
    "SS": ("Mon 13:00", "Tue 12:00"),
    "FF": ("Tue 08:00", "Tue 17:00"),
    "SF": ("Tue 08:00", "Tue 17:00"),
}
LINK_START = {"FS": 2 * DAY, "SS": DAY // 2, "FF": DAY, "SF": DAY}  # positions from Mon 08:00


@pytest.mark.parametrize("kind", list(LINKS))
def test_asap_follows_the_links(kind: str) -> None:
    start, finish, total_float, conflict, _ = schedule_b(kind)
    assert (start, finish) == tuple(at(x) for x in LINK_DRIVEN[kind])
    assert total_float == 3 * DAY - LINK_START[kind]
    assert conflict is None


@pytest.mark.parametrize("kind", list(LINKS))
@pytest.mark.parametrize(
    ("constraint", "moment"), [("SNET", "Thu 08:00"), ("FNET", "Thu 17:00")]
)
def test_snet_and_fnet_push_the_task_past_its_links(
    kind: str, constraint: str, moment: str
) -> None:
    start, finish, total_float, conflict, result = schedule_b(
        kind, constraint_type=constraint, constraint_date=at(moment)
    )
    assert (start, finish) == (at("Thu 08:00"), at("Thu 17:00"))
    assert total_float == 0 and conflict is None
    assert dates(result, 3) == (at("Fri 08:00"), at("Fri 17:00"))


@pytest.mark.parametrize("kind", list(LINKS))
def test_snet_earlier_than_the_links_changes_nothing(kind: str) -> None:
    start, finish, *_ = schedule_b(kind, constraint_type="SNET", constraint_date=at("Mon 08:00"))
    assert (start, finish) == tuple(at(x) for x in LINK_DRIVEN[kind])


@pytest.mark.parametrize(
    ("kind", "total_float", "conflict"),
    [("FS", -DAY, "SNLT"), ("SS", DAY // 2, None), ("FF", 0, None), ("SF", 0, None)],
)
def test_snlt_caps_the_late_start_and_flags_links_that_push_past_it(
    kind: str, total_float: int, conflict: str | None
) -> None:
    start, finish, tf, found, result = schedule_b(
        kind, constraint_type="SNLT", constraint_date=at("Tue 08:00")
    )
    assert (start, finish) == tuple(at(x) for x in LINK_DRIVEN[kind])  # never moved earlier
    assert (tf, found) == (total_float, conflict)
    assert result.conflicts == ({2: "SNLT"} if conflict else {})
    if conflict:
        assert result[1].total_float_minutes == -DAY  # the predecessor's float goes negative
        assert any("start-no-later-than 2026-01-06 08:00" in m for m in result.messages)


@pytest.mark.parametrize(
    ("kind", "total_float", "conflict"),
    [("FS", -DAY // 2, "FNLT"), ("SS", DAY, None), ("FF", DAY // 2, None), ("SF", DAY // 2, None)],
)
def test_fnlt_caps_the_late_finish_and_flags_links_that_push_past_it(
    kind: str, total_float: int, conflict: str | None
) -> None:
    start, finish, tf, found, result = schedule_b(
        kind, constraint_type="FNLT", constraint_date=at("Wed 12:00")
    )
    assert (start, finish) == tuple(at(x) for x in LINK_DRIVEN[kind])
    assert (tf, found) == (total_float, conflict)
    assert result[2].late_finish == at("Wed 12:00")
    if conflict:
        assert any("finish-no-later-than 2026-01-07 12:00" in m for m in result.messages)


@pytest.mark.parametrize("kind", list(LINKS))
def test_mso_pins_the_start_and_flags_links_that_push_past_it(kind: str) -> None:
    start, finish, tf, conflict, result = schedule_b(
        kind, constraint_type="MSO", constraint_date=at("Tue 13:00")
    )
    assert (start, finish) == (at("Tue 13:00"), at("Wed 12:00"))
    assert (result[2].late_start, result[2].late_finish) == (start, finish)
    assert tf == 0
    assert dates(result, 3) == (at("Wed 13:00"), at("Thu 12:00"))  # successors follow the pin
    if kind == "FS":  # the link wants Wed 08:00
        assert conflict == "MSO"
        assert result[1].total_float_minutes == -DAY // 2
        assert any("must start on 2026-01-06 13:00" in m and "0.5d later" in m
                   for m in result.messages)
    else:
        assert conflict is None


@pytest.mark.parametrize("kind", list(LINKS))
def test_mfo_pins_the_finish_and_flags_links_that_push_past_it(kind: str) -> None:
    start, finish, tf, conflict, result = schedule_b(
        kind, constraint_type="MFO", constraint_date=at("Tue 17:00")
    )
    assert (start, finish) == (at("Tue 08:00"), at("Tue 17:00"))
    assert tf == 0
    assert dates(result, 3) == (at("Wed 08:00"), at("Wed 17:00"))
    assert conflict == ("MFO" if kind == "FS" else None)  # FF and SF meet it exactly
    if kind == "FS":
        assert result[1].total_float_minutes == -DAY


@pytest.mark.parametrize("kind", list(LINKS))
def test_alap_takes_the_late_dates_and_successors_follow(kind: str) -> None:
    start, finish, tf, conflict, result = schedule_b(kind, constraint_type="ALAP")
    assert (start, finish) == (at("Thu 08:00"), at("Thu 17:00"))
    assert (result[2].late_start, result[2].late_finish) == (start, finish)
    assert tf == 0 and conflict is None
    assert dates(result, 3) == (at("Fri 08:00"), at("Fri 17:00"))
    assert result.project_finish == at("Fri 17:00")


def test_start_no_earlier_than_is_shorthand_for_snet_and_lower_case_types_are_read() -> None:
    old = run([T(1, "1d", start_no_earlier_than=at("Wed 08:00"))])
    new = run([T(1, "1d", constraint_type="snet", constraint_date=at("Wed 08:00"))])
    assert dates(old, 1) == dates(new, 1) == (at("Wed 08:00"), at("Wed 17:00"))
    # another type wins over the shorthand; a dated type without a date constrains nothing
    other = run([T(1, "1d", start_no_earlier_than=at("Wed 08:00"), constraint_type="FNLT",
                   constraint_date=at("Fri 17:00"))])
    assert dates(other, 1) == (at("Mon 08:00"), at("Mon 17:00"))
    assert dates(run([T(1, "1d", constraint_type="MSO")]), 1) == (at("Mon 08:00"), at("Mon 17:00"))


def test_an_unknown_constraint_type_names_the_task() -> None:
    with pytest.raises(ValueError, match="'Rack': unknown constraint type 'SOON'"):
        run([T(1, "1d", name="Rack", constraint_type="SOON")])


def test_constraint_dates_outside_the_calendar_name_the_task() -> None:
    with pytest.raises(ScheduleRangeError, match="'Rack' has its MSO constraint on"):
        run([T(1, "1d", name="Rack", constraint_type="MSO", constraint_date=datetime(2300, 1, 1))])


def test_a_milestone_given_a_closing_time_shows_it_not_the_next_morning() -> None:
    """A must-finish-on Friday 17:00 and an actual finish at 17:00 are the same working
    position as Monday 08:00; the milestone shows the moment it was given, as MS Project."""
    from infradesk.schedule.engine import schedule as run
    from infradesk.schedule.plan import PlanInput, TaskInput

    plan = PlanInput(
        project_start=datetime(2026, 3, 23, 8),
        tasks=[
            TaskInput(id=1, duration_minutes=480, name="Work"),
            TaskInput(id=2, milestone=True, name="Sign-off", constraint_type="MFO",
                      constraint_date=datetime(2026, 3, 27, 17)),
            TaskInput(id=3, milestone=True, name="Done", actual_start=datetime(2026, 3, 24, 17),
                      actual_finish=datetime(2026, 3, 24, 17)),
            TaskInput(id=4, milestone=True, name="Kick-off", constraint_type="MSO",
                      constraint_date=datetime(2026, 3, 30, 8)),
        ],
        status_date=datetime(2026, 3, 25, 12),
    )  # fmt: skip
    result = run(plan)
    assert result[2].early_finish == datetime(2026, 3, 27, 17)
    assert result[3].early_finish == datetime(2026, 3, 24, 17)
    assert result[4].early_start == datetime(2026, 3, 30, 8)  # a morning given stays morning
