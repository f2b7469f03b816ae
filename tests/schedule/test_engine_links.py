"""Link semantics on the working-time axis: every type, positive and negative lags, in days
and hours, across lunch breaks, weekends, holidays, working exceptions and freezes."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from infradesk.schedule.calendar import FreezeWindow, WorkingCalendar
from infradesk.schedule.engine import LinkInput, TaskInput

from .helpers import L, T, at, dates, run


def test_one_day_task_finishes_at_closing_time_and_successor_starts_next_morning() -> None:
    result = run([T(1, "1d"), T(2, "1d")], [L(1, 2)])
    assert dates(result, 1) == (at("Mon 08:00"), at("Mon 17:00"))
    assert dates(result, 2) == (at("Tue 08:00"), at("Tue 17:00"))


def test_half_day_task_successor_starts_after_lunch() -> None:
    result = run([T(1, "4h"), T(2, "4h")], [L(1, 2)])
    assert dates(result, 1) == (at("Mon 08:00"), at("Mon 12:00"))
    assert dates(result, 2) == (at("Mon 13:00"), at("Mon 17:00"))


def test_task_spanning_lunch() -> None:
    result = run([T(1, "3h"), T(2, "2h")], [L(1, 2)])
    assert dates(result, 2) == (at("Mon 11:00"), at("Mon 14:00"))


def test_milestone_falls_on_its_predecessor_finish() -> None:
    result = run([T(1, "1d"), T(2, "0d"), T(3, "0d"), T(4, "1d")], [L(1, 2), L(3, 4, "SS")])
    assert dates(result, 2) == (at("Mon 17:00"), at("Mon 17:00"))
    assert result[2].milestone
    assert dates(result, 3) == (at("Mon 08:00"), at("Mon 08:00"))  # no predecessor


def test_milestone_started_by_a_start_shows_the_morning() -> None:
    result = run([T(1, "1d", start_no_earlier_than=at("Tue 08:00")), T(2, "0d")], [L(1, 2, "SS")])
    assert dates(result, 2) == (at("Tue 08:00"), at("Tue 08:00"))


@pytest.mark.parametrize(
    ("kind", "lag", "start", "finish"),
    [
        # A is Mon 08:00-17:00 (1d); B is 2h
        ("FS", "0d", "Tue 08:00", "Tue 10:00"),
        ("FS", "2h", "Tue 10:00", "Tue 12:00"),
        ("FS", "1d", "Wed 08:00", "Wed 10:00"),
        ("FS", "-2h", "Mon 15:00", "Mon 17:00"),
        ("FS", "-5h", "Mon 11:00", "Mon 14:00"),  # across lunch
        ("SS", "0d", "Mon 08:00", "Mon 10:00"),
        ("SS", "5h", "Mon 14:00", "Mon 16:00"),
        ("SS", "1d", "Tue 08:00", "Tue 10:00"),
        ("SS", "4h", "Mon 13:00", "Mon 15:00"),
        ("FF", "0d", "Mon 15:00", "Mon 17:00"),
        ("FF", "1h", "Mon 16:00", "Tue 09:00"),
        ("FF", "-3h", "Mon 11:00", "Mon 14:00"),
        ("FF", "1d", "Tue 15:00", "Tue 17:00"),
        ("SF", "0d", "Mon 08:00", "Mon 10:00"),  # would finish at A's start: clamped
        ("SF", "1d", "Mon 15:00", "Mon 17:00"),
        ("SF", "6h", "Mon 13:00", "Mon 15:00"),
        ("SF", "5h", "Mon 11:00", "Mon 14:00"),  # across lunch
    ],
)
def test_link_types_with_lags(kind: str, lag: str, start: str, finish: str) -> None:
    result = run([T(1, "1d"), T(2, "2h")], [L(1, 2, kind, lag)])
    assert dates(result, 2) == (at(start), at(finish))


@pytest.mark.parametrize(
    ("kind", "lag", "start"),
    [
        # A starts Wed 08:00 (constraint) and lasts 1d
        ("SS", "-1d", "Tue 08:00"),
        ("SS", "-2h", "Tue 15:00"),
        ("SF", "0d", "Tue 08:00"),  # B (1d) finishes where A starts
        ("SF", "-4h", "Mon 13:00"),
        ("FS", "-1d", "Wed 08:00"),
        ("FF", "-1d", "Tue 08:00"),
    ],
)
def test_negative_lags_before_a_constrained_predecessor(kind: str, lag: str, start: str) -> None:
    result = run(
        [T(1, "1d", start_no_earlier_than=at("Wed 08:00")), T(2, "1d")], [L(1, 2, kind, lag)]
    )
    assert result[2].early_start == at(start)


def test_negative_lag_never_starts_before_the_project() -> None:
    result = run([T(1, "1d"), T(2, "1d")], [L(1, 2, "FS", "-5d"), L(1, 2, "SS", "-2w")][:1])
    assert result[2].early_start == at("Mon 08:00")
    ff = run([T(1, "1d"), T(2, "3d")], [L(1, 2, "FF", "0d")])
    assert ff[2].early_start == at("Mon 08:00")  # F >= Mon 17:00 would need an earlier start
    assert ff[2].early_finish == at("Wed 17:00")


def test_friday_task_successor_starts_monday() -> None:
    result = run([T(1, "1d", start_no_earlier_than=at("Fri 08:00")), T(2, "1d")], [L(1, 2)])
    assert dates(result, 2) == (at("Mon2 08:00"), at("Mon2 17:00"))
    lagged = run(
        [T(1, "1d", start_no_earlier_than=at("Fri 08:00")), T(2, "1h")], [L(1, 2, "FS", "1d")]
    )
    assert dates(lagged, 2) == (at("Tue2 08:00"), at("Tue2 09:00"))


def test_multi_day_task_skips_the_weekend() -> None:
    result = run([T(1, "3d", start_no_earlier_than=at("Thu 13:00"))])
    assert dates(result, 1) == (at("Thu 13:00"), at("Tue2 12:00"))


def test_holidays_from_country_and_pm() -> None:
    bavaria = WorkingCalendar(holiday_country="DE", holiday_region="BY")  # Tue 6 Jan: Epiphany
    result = run([T(1, "1d"), T(2, "1d")], [L(1, 2)], bavaria)
    assert dates(result, 2) == (at("Wed 08:00"), at("Wed 17:00"))
    own = WorkingCalendar(holidays=frozenset({date(2026, 1, 6), date(2026, 1, 7)}))
    result = run([T(1, "1d"), T(2, "4h")], [L(1, 2, "FS", "4h")], own)
    assert dates(result, 2) == (at("Thu 13:00"), at("Thu 17:00"))


def test_cutover_weekend_exception_works_around_the_clock() -> None:
    calendar = WorkingCalendar(
        exceptions={date(2026, 1, 10): ((0, 1440),), date(2026, 1, 11): ((0, 1440),)}
    )
    tasks = [
        T(1, "1d", start_no_earlier_than=at("Fri 08:00"), name="Freeze config"),
        T(2, "30h", name="Core switch cutover"),
        T(3, "0d", name="Cutover done"),
        T(4, "2h", name="Hypercare"),
    ]
    result = run(tasks, [L(1, 2), L(2, 3), L(3, 4)], calendar)
    assert dates(result, 2) == (at("Sat 00:00"), at("Sun 06:00"))
    assert dates(result, 3) == (at("Sun 06:00"), at("Sun 06:00"))
    assert dates(result, 4) == (at("Sun 06:00"), at("Sun 08:00"))
    # 48h of work over the weekend: the finish is midnight, the successor starts Monday 08:00
    result = run([*tasks[:1], T(2, "48h"), T(5, "1h")], [L(1, 2), L(2, 5)], calendar)
    assert result[2].early_finish == at("Mon2 00:00")
    assert result[5].early_start == at("Mon2 08:00")


def test_production_change_moves_after_freeze_and_says_so() -> None:
    calendar = WorkingCalendar(
        freezes=(FreezeWindow("Year-end freeze", date(2026, 12, 15), date(2027, 1, 5)),)
    )
    tasks = [
        T(1, "1d", start_no_earlier_than=datetime(2026, 12, 14, 13, 0), name="Prepare"),
        T(2, "4h", name="Core switch cutover", production_change=True),
        T(3, "4h", name="Documentation"),
        T(4, "1d", name="Decommission"),
    ]
    result = run(tasks, [L(1, 2), L(1, 3), L(2, 4)], calendar)
    assert result[2].early_start == datetime(2027, 1, 6, 8, 0)
    assert result[2].freeze == "Year-end freeze"
    assert result[3].early_start == datetime(2026, 12, 15, 13, 0)  # not a production change
    assert result[4].early_start == datetime(2027, 1, 6, 13, 0)
    assert result.messages == [
        "'Core switch cutover' moved after freeze 'Year-end freeze' to 2027-01-06 08:00"
    ]


def test_production_change_may_not_run_into_a_freeze() -> None:
    calendar = WorkingCalendar(
        freezes=(FreezeWindow("Wed freeze", date(2026, 1, 7), date(2026, 1, 7)),)
    )
    running_in = run(
        [T(1, "2d", production_change=True, start_no_earlier_than=at("Tue 08:00"))], (), calendar
    )
    assert running_in[1].early_start == at("Thu 08:00")
    before = run(
        [T(1, "1d", production_change=True, start_no_earlier_than=at("Tue 08:00"))], (), calendar
    )
    assert before[1].early_start == at("Tue 08:00")  # finishes Tue 17:00, before the freeze
    milestone = run(
        [T(1, "0d", production_change=True, start_no_earlier_than=at("Wed 10:00"))], (), calendar
    )
    assert milestone[1].early_start == at("Thu 08:00")


def test_production_change_on_a_summary_applies_to_its_children() -> None:
    calendar = WorkingCalendar(
        freezes=(FreezeWindow("Freeze", date(2026, 1, 5), date(2026, 1, 6)),)
    )
    result = run([T(1, "0d", production_change=True), T(2, "1d", parent_id=1)], (), calendar)
    assert result[2].early_start == at("Wed 08:00")
    assert result[1].early_start == at("Wed 08:00")


def test_freeze_in_the_backward_pass_keeps_late_dates_out_of_it() -> None:
    calendar = WorkingCalendar(
        freezes=(FreezeWindow("Thu freeze", date(2026, 1, 8), date(2026, 1, 8)),)
    )
    tasks = [T(1, "1d", production_change=True), T(2, "4d")]
    result = run(tasks, (), calendar)
    # the project finishes Thu 17:00; the change may not run on Thursday, so it must end Wed
    assert result[1].late_finish == at("Wed 17:00")
    assert result[1].total_float_minutes == 2 * 480


def test_lag_in_hours_across_a_weekend_and_lunch() -> None:
    result = run(
        [T(1, "6h", start_no_earlier_than=at("Fri 08:00")), T(2, "1h")], [L(1, 2, "FS", "3h")]
    )
    assert dates(result, 2) == (at("Mon2 09:00"), at("Mon2 10:00"))


BAVARIA = WorkingCalendar(holiday_country="DE", holiday_region="BY")  # Tue 6 Jan 2026: Epiphany
CUTOVER = WorkingCalendar(exceptions={date(2026, 1, 10): ((0, 1440),)})  # Saturday worked


@pytest.mark.parametrize(
    ("calendar", "pred", "link", "succ", "start", "finish"),
    [
        # across the Tuesday holiday, in days and hours, positive and negative lags
        (BAVARIA, T(1, "1d"), L(1, 2, "SS", "1d"), T(2, "1h"), "Wed 08:00", "Wed 09:00"),
        (BAVARIA, T(1, "1d"), L(1, 2, "FF", "2h"), T(2, "1h"), "Wed 09:00", "Wed 10:00"),
        (BAVARIA, T(1, "1d"), L(1, 2, "FS", "3h"), T(2, "2h"), "Wed 11:00", "Wed 14:00"),
        (
            BAVARIA,
            T(1, "1d", start_no_earlier_than=at("Wed 10:00")),
            L(1, 2, "SF", "-1h"),
            T(2, "2h"),
            "Mon 16:00",
            "Wed 09:00",
        ),
        (
            BAVARIA,
            T(1, "1d", start_no_earlier_than=at("Wed 08:00")),
            L(1, 2, "FS", "-10h"),
            T(2, "1h"),
            "Mon 15:00",
            "Mon 16:00",
        ),
        (
            BAVARIA,
            T(1, "1d", start_no_earlier_than=at("Wed 08:00")),
            L(1, 2, "SS", "-1d"),
            T(2, "1d"),
            "Mon 08:00",
            "Mon 17:00",
        ),
        # into and out of a worked Saturday
        (
            CUTOVER,
            T(1, "1d", start_no_earlier_than=at("Fri 08:00")),
            L(1, 2, "FS", "4h"),
            T(2, "2h"),
            "Sat 04:00",
            "Sat 06:00",
        ),
        (
            CUTOVER,
            T(1, "1h", start_no_earlier_than=at("Sat 02:00")),
            L(1, 2, "SS", "-3h"),
            T(2, "1h"),
            "Fri 16:00",
            "Fri 17:00",
        ),
        (
            CUTOVER,
            T(1, "20h", start_no_earlier_than=at("Sat 08:00")),
            L(1, 2, "FF", "1d"),
            T(2, "4h"),
            "Tue2 08:00",  # A: 16h on Saturday + 4h Monday -> Mon 12:00; + 1d -> Tue 12:00
            "Tue2 12:00",
        ),
        (
            CUTOVER,
            T(1, "1h", start_no_earlier_than=at("Sat 23:00")),
            L(1, 2, "FS", "0d"),
            T(2, "1h"),
            "Mon2 08:00",
            "Mon2 09:00",
        ),
    ],
)
def test_links_across_holidays_and_worked_exceptions(
    calendar: WorkingCalendar,
    pred: TaskInput,
    link: LinkInput,
    succ: TaskInput,
    start: str,
    finish: str,
) -> None:
    result = run([pred, succ], [link], calendar)
    assert dates(result, 2) == (at(start), at(finish))
