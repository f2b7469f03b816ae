"""Notice-deadline arithmetic: months follow the calendar, end of month stays end of month."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from infradesk.services.vendors.dates import (
    NoticeError,
    add_months,
    format_notice,
    is_last_day_of_month,
    notice_deadline,
    parse_notice,
)


@pytest.mark.parametrize(
    ("end", "months", "expected"),
    [
        (date(2026, 6, 15), 3, date(2026, 3, 15)),  # plain calendar months
        (date(2026, 6, 30), 3, date(2026, 3, 31)),  # end of quarter -> end of month
        (date(2026, 5, 31), 3, date(2026, 2, 28)),  # clamped to February
        (date(2028, 5, 31), 3, date(2028, 2, 29)),  # leap year
        (date(2026, 2, 28), 1, date(2026, 1, 31)),  # Feb end -> Jan end
        (date(2027, 1, 31), 2, date(2026, 11, 30)),  # across the year boundary
        (date(2026, 3, 30), 1, date(2026, 2, 28)),  # 30th is not month end in March: clamp
        (date(2026, 12, 31), 12, date(2025, 12, 31)),
    ],
)
def test_notice_in_months(end: date, months: int, expected: date) -> None:
    assert notice_deadline(end, months=months) == expected


def test_notice_in_days_and_combined() -> None:
    assert notice_deadline(date(2026, 6, 30), days=90) == date(2026, 4, 1)
    assert notice_deadline(date(2026, 6, 30), months=1, days=14) == date(2026, 5, 17)


def test_no_deadline_without_end_or_period() -> None:
    assert notice_deadline(None, months=3) is None
    assert notice_deadline(date(2026, 6, 30)) is None


@given(st.dates(date(1990, 1, 1), date(2100, 12, 31)), st.integers(0, 240))
def test_add_months_keeps_month_end_and_never_overshoots(day: date, months: int) -> None:
    back = add_months(day, -months)
    assert (day.year * 12 + day.month) - (back.year * 12 + back.month) == months
    if is_last_day_of_month(day):
        assert is_last_day_of_month(back)
    else:
        assert back.day == day.day or is_last_day_of_month(back)
    assert back.day <= day.day or is_last_day_of_month(day)


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("90d", (0, 90)),
        ("90 days", (0, 90)),
        ("90", (0, 90)),
        ("3m", (3, 0)),
        ("3 Months", (3, 0)),
        ("1 month", (1, 0)),
        ("6w", (0, 42)),
        ("", (0, 0)),
        ("none", (0, 0)),
    ],
)
def test_parse_notice(text: str, parsed: tuple[int, int]) -> None:
    assert parse_notice(text) == parsed


@pytest.mark.parametrize("text", ["soon", "3 years", "-5d", "99999d"])
def test_parse_notice_refuses(text: str) -> None:
    with pytest.raises(NoticeError):
        parse_notice(text)


def test_format_notice() -> None:
    assert format_notice(3, 0) == "3 months"
    assert format_notice(1, 0) == "1 month"
    assert format_notice(0, 1) == "1 day"
    assert format_notice(1, 14) == "1 month + 14 days"
    assert format_notice(0, 0) == ""
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 1, 15), 1) - timedelta(days=31) == date(2026, 1, 15)
