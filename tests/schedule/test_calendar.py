from __future__ import annotations

from datetime import date, datetime

import pytest

from infradesk.schedule.calendar import (
    CalendarError,
    FreezeWindow,
    TimeAxis,
    WorkingCalendar,
    format_hours,
    parse_hours,
    parse_weekdays,
)

from .helpers import PROJECT_START, at


def test_default_calendar_is_mon_fri_eight_hours() -> None:
    calendar = WorkingCalendar()
    assert calendar.minutes_per_day == 480
    assert calendar.day_intervals(date(2026, 1, 5)) == ((480, 720), (780, 1020))
    assert calendar.day_intervals(date(2026, 1, 10)) == ()  # Saturday


def test_hours_text_round_trip_and_merge() -> None:
    assert parse_hours("08:00-12:00, 13:00-17:00") == ((480, 720), (780, 1020))
    assert parse_hours("00:00-12:00,12:00-24:00") == ((0, 1440),)
    assert format_hours(parse_hours("07:30-16:15")) == "07:30-16:15"
    assert parse_hours("") == ()


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("08:00-12:00,11:00-13:00", "overlaps"),
        ("12:00-08:00", "not a valid interval"),
        ("25:00-26:00", "not a time of day"),
        ("8-12", "not a time of day"),
        ("08:00", "not an interval"),
    ],
)
def test_bad_hours_are_refused_with_a_message(text: str, fragment: str) -> None:
    with pytest.raises(CalendarError, match=fragment):
        parse_hours(text)


def test_weekdays_text() -> None:
    assert parse_weekdays("0,1,2,3,4") == frozenset(range(5))
    with pytest.raises(CalendarError, match="not a weekday"):
        parse_weekdays("0,7")


def test_a_calendar_without_working_time_is_refused() -> None:
    with pytest.raises(CalendarError, match="at least one working weekday"):
        WorkingCalendar(weekdays=frozenset())


def test_unknown_holiday_country_is_refused() -> None:
    with pytest.raises(CalendarError, match="holidays"):
        WorkingCalendar(holiday_country="XX")


def test_country_holidays_exceptions_and_own_holidays() -> None:
    calendar = WorkingCalendar(
        holiday_country="DE",
        holiday_region="BY",
        holidays=frozenset({date(2026, 1, 8)}),
        holiday_names={date(2026, 1, 8): "Team offsite"},
        exceptions={date(2026, 1, 10): ((0, 1440),), date(2026, 1, 6): ((480, 720),)},
    )
    assert calendar.holiday_name(date(2026, 1, 6)) == "Epiphany"
    assert calendar.day_intervals(date(2026, 1, 6)) == ((480, 720),)  # exception wins
    assert calendar.holiday_name(date(2026, 1, 8)) == "Team offsite"
    assert not calendar.is_working_day(date(2026, 1, 8))
    assert calendar.day_intervals(date(2026, 1, 10)) == ((0, 1440),)  # worked Saturday
    assert not calendar.is_working_day(date(2026, 12, 25))
    # Epiphany is not a holiday in Berlin
    assert WorkingCalendar(holiday_country="DE", holiday_region="BE").is_working_day(
        date(2026, 1, 6)
    )


def test_doc_round_trip() -> None:
    doc = {
        "working_weekdays": [0, 1, 2, 3, 4, 5],
        "working_hours": [["07:00", "12:00"], ["12:30", "16:00"]],
        "holiday_country": "DE",
        "holiday_region": "BY",
        "holidays": [{"date": "2026-12-24", "name": "Christmas Eve"}],
        "exceptions": [
            {"date": "2026-03-14", "name": "Cutover", "working_hours": [["00:00", "24:00"]]}
        ],
        "freeze_windows": [
            {"name": "Year-end freeze", "start": "2026-12-15", "finish": "2027-01-05"}
        ],
    }
    calendar = WorkingCalendar.from_doc(doc)
    assert calendar.minutes_per_day == 510
    assert calendar.freezes == (
        FreezeWindow("Year-end freeze", date(2026, 12, 15), date(2027, 1, 5)),
    )
    assert calendar.to_doc() == doc
    assert WorkingCalendar.from_doc(calendar.to_doc()) == calendar


def test_doc_defaults_and_errors() -> None:
    assert WorkingCalendar.from_doc({}) == WorkingCalendar()
    assert WorkingCalendar.from_doc(None) == WorkingCalendar()
    with pytest.raises(CalendarError, match="not a date"):
        WorkingCalendar.from_doc({"holidays": [{"date": "christmas"}]})
    with pytest.raises(CalendarError, match="before it starts"):
        WorkingCalendar.from_doc(
            {"freeze_windows": [{"name": "F", "start": "2026-12-15", "finish": "2026-12-01"}]}
        )


def test_spec_round_trip() -> None:
    calendar = WorkingCalendar.from_spec(
        weekdays="0,1,2,3,4",
        hours="08:00-12:00,13:00-17:00",
        holiday_country="AT",
        days=[
            (date(2026, 3, 14), "exception", "Cutover", "00:00-24:00"),
            (date(2026, 5, 2), "holiday", "Bridge day", ""),
        ],
        freezes=[("Freeze", date(2026, 12, 15), date(2027, 1, 5))],
    )
    assert calendar.exceptions[date(2026, 3, 14)] == ((0, 1440),)
    assert WorkingCalendar.from_spec(**calendar.to_spec()) == calendar


class TestTimeAxis:
    axis = TimeAxis(WorkingCalendar(), PROJECT_START)

    def test_positions_count_working_minutes_from_origin_midnight(self) -> None:
        assert self.axis.position_of(at("Mon 08:00")) == 0
        assert self.axis.position_of(at("Mon 12:30")) == 240  # lunch maps to 12:00
        assert self.axis.position_of(at("Mon 13:00")) == 240
        assert self.axis.position_of(at("Mon 17:00")) == 480
        assert self.axis.position_of(at("Sat 10:00")) == 5 * 480
        assert self.axis.position_of(at("Mon2 08:00")) == 5 * 480
        assert self.axis.position_of(datetime(2026, 1, 2, 17, 0)) == 0  # previous Friday
        assert self.axis.position_of(datetime(2026, 1, 2, 16, 0)) == -60

    def test_start_and_finish_conventions(self) -> None:
        assert self.axis.start_at(480) == at("Tue 08:00")
        assert self.axis.finish_at(480) == at("Mon 17:00")
        assert self.axis.start_at(240) == at("Mon 13:00")
        assert self.axis.finish_at(240) == at("Mon 12:00")
        assert self.axis.finish_at(5 * 480) == at("Fri 17:00")
        assert self.axis.start_at(5 * 480) == at("Mon2 08:00")
        assert self.axis.start_at(-60) == datetime(2026, 1, 2, 16, 0)

    def test_far_dates_extend_the_table(self) -> None:
        axis = TimeAxis(WorkingCalendar(), PROJECT_START)
        far = datetime(2040, 6, 1, 9, 0)  # a Friday
        assert axis.start_at(axis.position_of(far)) == far
        past = datetime(2001, 6, 1, 9, 0)
        assert axis.start_at(axis.position_of(past)) == past

    def test_round_trip_of_every_working_minute_of_a_week(self) -> None:
        for pos in range(0, 5 * 480, 7):
            assert self.axis.position_of(self.axis.start_at(pos)) == pos
            assert self.axis.position_of(self.axis.finish_at(pos + 1)) == pos + 1

    def test_working_intervals_merge_a_worked_weekend(self) -> None:
        calendar = WorkingCalendar(
            exceptions={date(2026, 1, 10): ((0, 1440),), date(2026, 1, 11): ((0, 1440),)}
        )
        axis = TimeAxis(calendar, PROJECT_START)
        spans = axis.working_intervals(date(2026, 1, 9), date(2026, 1, 12))
        assert spans == [
            (datetime(2026, 1, 9, 8), datetime(2026, 1, 9, 12)),
            (datetime(2026, 1, 9, 13), datetime(2026, 1, 9, 17)),
            (datetime(2026, 1, 10, 0), datetime(2026, 1, 12, 0)),
            (datetime(2026, 1, 12, 8), datetime(2026, 1, 12, 12)),
            (datetime(2026, 1, 12, 13), datetime(2026, 1, 12, 17)),
        ]
        assert axis.is_working_day(date(2026, 1, 10))
        assert not axis.is_working_day(date(2026, 1, 17))

    def test_freeze_spans(self) -> None:
        calendar = WorkingCalendar(
            freezes=(
                FreezeWindow("Weekend only", date(2026, 1, 10), date(2026, 1, 11)),
                FreezeWindow("Wed-Thu", date(2026, 1, 7), date(2026, 1, 8)),
            )
        )
        axis = TimeAxis(calendar, PROJECT_START)
        assert [(a, b, w.name) for a, b, w in axis.freeze_spans()] == [(960, 1920, "Wed-Thu")]

    def test_finish_of(self) -> None:
        assert self.axis.finish_of(at("Mon 08:00"), 480) == at("Mon 17:00")
        assert self.axis.finish_of(at("Mon 08:00"), 0) == at("Mon 08:00")
        assert self.axis.working_minutes_between(at("Fri 16:00"), at("Mon2 09:00")) == 120


def test_day_marks_for_a_gantt() -> None:
    calendar = WorkingCalendar(
        holiday_country="DE",
        holiday_region="BY",
        exceptions={date(2026, 1, 10): ((0, 1440),), date(2026, 1, 8): ()},
        exception_names={date(2026, 1, 10): "Cutover", date(2026, 1, 8): "Closed"},
        freezes=(FreezeWindow("Freeze", date(2026, 1, 9), date(2026, 1, 9)),),
    )
    axis = TimeAxis(calendar, PROJECT_START)
    marks = [
        (m.day.day, m.kind, m.name) for m in axis.day_marks(date(2026, 1, 5), date(2026, 1, 11))
    ]
    assert marks == [
        (6, "holiday", "Epiphany"),
        (8, "holiday", "Closed"),
        (9, "freeze", "Freeze"),
        (10, "exception", "Cutover"),
        (11, "nonworking", ""),
    ]
