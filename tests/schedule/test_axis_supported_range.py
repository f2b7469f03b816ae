"""The range check at the end of a schedule (``TimeAxis.after_supported_range``) grows the
axis's table of days only as far as the position asked about, not to 31 Dec 2199: a plan that
ends in a few years has no 175 years of holidays looked up (issue 22). Its answers stay those
of comparing with the position of 1 Jan 2200."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from infradesk.schedule.calendar import (
    LAST_SUPPORTED_DAY,
    TimeAxis,
    WorkingCalendar,
    country_holidays,
)

CALENDAR = WorkingCalendar(holiday_country="DE")
START = datetime(2026, 1, 5, 8, 0)
YEAR = 480 * 250  # working minutes in about a year


def test_a_finish_a_few_years_out_looks_up_a_few_years_of_holidays() -> None:
    axis = TimeAxis(CALENDAR, START)
    country_holidays.cache_clear()
    assert not axis.after_supported_range(axis.position_of(START) + 6 * YEAR)
    assert country_holidays.cache_info().currsize <= 12  # years looked up: not 175


@pytest.mark.parametrize("years", [0, 1, 6, 40, 173, 174, 175, 176, 400])
def test_the_answer_is_that_of_the_last_supported_day(years: int) -> None:
    axis = TimeAxis(CALENDAR, START)
    pos = axis.position_of(START) + years * YEAR
    reference = TimeAxis(CALENDAR, START).position_of(LAST_SUPPORTED_DAY + timedelta(days=1))
    assert axis.after_supported_range(pos) == (pos > reference)
    assert axis.after_supported_range(reference) is False
    assert axis.after_supported_range(reference + 1) is True


def test_the_grown_table_converts_as_before() -> None:
    axis = TimeAxis(CALENDAR, START)
    pos = axis.position_of(START) + 9 * YEAR + 123
    axis.after_supported_range(pos)
    fresh = TimeAxis(CALENDAR, START)
    assert axis.finish_at(pos) == fresh.finish_at(pos)
    assert axis.position_of(date(2199, 12, 31)) == fresh.position_of(date(2199, 12, 31))
