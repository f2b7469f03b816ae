"""Unit tests of the tolerant cell readers: dates, durations, percentages, links, levels."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from infradesk.interchange.excel.dates import DateError, decide_order, from_serial, parse_date
from infradesk.interchange.excel.values import (
    read_bool,
    read_duration,
    read_level,
    read_money,
    read_percent,
    read_predecessors,
    read_wbs,
)

# ------------------------------------------------------------------ dates


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("2025-02-17", "dmy", datetime(2025, 2, 17)),
        ("2025/02/17 14:30", "dmy", datetime(2025, 2, 17, 14, 30)),
        ("17/02/2025", "dmy", datetime(2025, 2, 17)),
        ("17.02.2025", "dmy", datetime(2025, 2, 17)),
        ("2/17/25", "mdy", datetime(2025, 2, 17)),
        ("Mon 2/17/25", "mdy", datetime(2025, 2, 17)),
        ("February 17, 2025 8:00", "dmy", datetime(2025, 2, 17, 8, 0)),
        ("17 Feb 2025", "mdy", datetime(2025, 2, 17)),
        ("17-Feb-25", "dmy", datetime(2025, 2, 17)),
        ("17. März 2025", "dmy", datetime(2025, 3, 17)),
        ("17 de febrero de 2025", "dmy", datetime(2025, 2, 17)),
        ("17 février 2025", "dmy", datetime(2025, 2, 17)),
        ("3/4/2025 5:30 PM", "mdy", datetime(2025, 3, 4, 17, 30)),
        ("05/02/25", "dmy", datetime(2025, 2, 5)),
    ],
)
def test_text_dates(text: str, order: str, expected: datetime) -> None:
    assert parse_date(text, order) == expected  # type: ignore[arg-type]


def test_real_dates_serials_and_default_time() -> None:
    assert parse_date(date(2025, 2, 17), default_time=time(8)) == datetime(2025, 2, 17, 8)
    assert parse_date(datetime(2025, 2, 17, 9, 15, 40)) == datetime(2025, 2, 17, 9, 16)
    assert parse_date(45705.0) == datetime(2025, 2, 17)
    assert from_serial(45705.5) == datetime(2025, 2, 17, 12, 0)
    assert parse_date("") is None and parse_date(None) is None


@pytest.mark.parametrize("text", ["31/02/2025", "abc", "13/13/2025", "Tue 2/17/25", "12"])
def test_not_dates(text: str) -> None:
    with pytest.raises(DateError, match="is not a date"):
        parse_date(text, "mdy")


def test_day_month_order_is_decided_from_the_whole_column() -> None:
    assert decide_order(["03/04/2025", "17/04/2025"]) == ("dmy", False)
    assert decide_order(["03/04/2025", "04/17/2025"]) == ("mdy", False)
    assert decide_order(["03/04/2025", "05/06/2025"]) == (None, False)
    assert decide_order(["13/04/2025", "04/17/2025"]) == (None, True)
    # the weekday decides: 3 April 2025 was a Thursday, 4 March 2025 a Tuesday
    assert decide_order(["Thu 03/04/2025"]) == ("dmy", False)
    assert decide_order(["Tue 03/04/2025"]) == ("mdy", False)


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2080, 12, 31)))
def test_any_date_round_trips_through_common_text_forms(day: date) -> None:
    expected = datetime(day.year, day.month, day.day)
    assert parse_date(day.isoformat()) == expected
    assert parse_date(day.strftime("%d/%m/%Y"), "dmy") == expected
    assert parse_date(day.strftime("%m/%d/%Y"), "mdy") == expected
    assert parse_date(day.strftime("%a %m/%d/%Y"), "mdy") == expected
    assert parse_date(day.strftime("%B %d, %Y"), "dmy") == expected
    assert parse_date(day.strftime("%d.%m.%Y"), "dmy") == expected


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2080, 12, 31)))
def test_a_column_with_a_day_above_12_is_day_first(day: date) -> None:
    texts = [day.strftime("%d/%m/%Y"), "25/12/2025"]
    assert decide_order(texts) == ("dmy", False)
    assert parse_date(texts[0], "dmy") == datetime(day.year, day.month, day.day)


# ------------------------------------------------------------------ durations


@pytest.mark.parametrize(
    ("value", "minutes", "has_unit"),
    [
        (5, 2400, False),
        ("5", 2400, False),
        ("5d", 2400, True),
        ("5 days", 2400, True),
        ("2w", 4800, True),
        ("1.5 wks", 3600, True),
        ("6h", 360, True),
        ("0.75d", 360, True),
        ("0", 0, False),
        ("3 Tage", 1440, True),
        ("2 semanas", 4800, True),
        ("4 jours", 1920, True),
        ("1,5d", 720, True),
        ("1 mo", 9600, True),
        ("30 min", 30, True),
    ],
)
def test_durations(value: object, minutes: int, has_unit: bool) -> None:
    duration = read_duration(value)
    assert duration is not None
    assert (duration.minutes, duration.has_unit) == (minutes, has_unit)


def test_estimated_and_elapsed_durations() -> None:
    estimated = read_duration("451d?")
    assert estimated is not None and estimated.estimated and estimated.minutes == 451 * 480
    elapsed = read_duration("5ed")
    # elapsed time is wall-clock time: 5 days of 24 hours (issue 16), whatever the calendar
    assert elapsed is not None and elapsed.elapsed and elapsed.minutes == 5 * 1440


@pytest.mark.parametrize("value", ["abc", "5 parsecs", "-3d", "d5", True])
def test_not_durations(value: object) -> None:
    with pytest.raises(ValueError, match=r"duration|unit"):
        read_duration(value)


@given(
    st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False),
    st.sampled_from(["h", "d", "w", " days", " wks", " hours"]),
)
def test_duration_text_is_amount_times_unit(amount: object, unit: str) -> None:
    per_unit = {"h": 60, "d": 480, "w": 2400, " days": 480, " wks": 2400, " hours": 60}[unit]
    duration = read_duration(f"{amount}{unit}")
    assert duration is not None and duration.has_unit
    assert duration.minutes == round(float(amount) * per_unit)  # type: ignore[arg-type]


# ------------------------------------------------------------------ percentages


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0.5, (0.5, False)), (50, (50.0, False)), ("50%", (50.0, True)), ("50", (50.0, False)),
     ("12,5 %", (12.5, True)), ("", None)],
)  # fmt: skip
def test_percentages(value: object, expected: object) -> None:
    assert read_percent(value) == expected


def test_not_percentages() -> None:
    with pytest.raises(ValueError, match="not a percentage"):
        read_percent("half")


# ------------------------------------------------------------------ predecessors


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3", [("3", "FS", 0)]),
        ("3FS+2d", [("3", "FS", 960)]),
        ("49SS", [("49", "SS", 0)]),
        ("11FS-1d", [("11", "FS", -480)]),
        ("1289,1293SS", [("1289", "FS", 0), ("1293", "SS", 0)]),
        ("2fs", [("2", "FS", 0)]),
        ("4;5FF+3h", [("4", "FS", 0), ("5", "FF", 180)]),
        ("1.2.3SS+1w", [("1.2.3", "SS", 2400)]),
        (7.0, [("7", "FS", 0)]),
        ("5EA", [("5", "FS", 0)]),
        ("1 - 3", [("1", "FS", 0), ("2", "FS", 0), ("3", "FS", 0)]),
    ],
)
def test_predecessors(text: object, expected: list[tuple[str, str, int]]) -> None:
    links, problems = read_predecessors(text)
    assert problems == []
    assert [(link.ref, link.type, link.lag_minutes) for link in links] == expected


def test_unreadable_predecessors_are_reported_and_the_rest_kept() -> None:
    links, problems = read_predecessors("3, next week, 4SS")
    assert [link.ref for link in links] == ["3", "4"]
    assert problems == ["'next week' is not a predecessor (write 3, 3FS+2d or 4SS)"]


@given(
    st.lists(
        st.tuples(
            st.integers(1, 5000),
            st.sampled_from(["", "FS", "SS", "FF", "SF", "fs", "ss"]),
            st.integers(-20, 20),
        ),
        min_size=1,
        max_size=6,
    ),
    st.sampled_from([",", ";", ", "]),
)
def test_predecessor_lists_round_trip(items: list[tuple[int, str, int]], separator: str) -> None:
    parts = []
    for ref, kind, lag in items:
        text = f"{ref}{kind}"
        if lag and kind:
            text += f"{lag:+d}d"
        parts.append(text)
    links, problems = read_predecessors(separator.join(parts))
    assert problems == []
    assert [link.ref for link in links] == [str(ref) for ref, _, _ in items]
    for link, (_, kind, lag) in zip(links, items, strict=True):
        assert link.type == (kind.upper() or "FS")
        assert link.lag_minutes == (lag * 480 if kind else 0)


# ------------------------------------------------------------------ WBS, levels, misc


def test_wbs_float_artefacts_and_dates() -> None:
    assert read_wbs(1.1000000000000001) == ("1.1", None)
    assert read_wbs(3.0) == ("3", None)
    assert read_wbs("1.2.3") == ("1.2.3", None)
    text, warning = read_wbs(datetime(2003, 2, 1))
    assert text == "1.2.3" and warning is not None and "turned into a date" in warning


@pytest.mark.parametrize(
    ("value", "level"),
    [(4, 4), ("H", 4), ("High", 4), ("medium", 3), ("L", 2), ("Very Low", 1),
     ("Almost certain", 5), ("70%", 4), (0.95, 5), ("High (3)", 4), ("hoch", 4),
     ("élevé", 4), ("Muy alto", 5), ("baixa", 2), ("Unlikely", 2)],
)  # fmt: skip
def test_levels(value: object, level: int) -> None:
    assert read_level(value) == level


def test_not_levels() -> None:
    with pytest.raises(ValueError, match="not a level"):
        read_level("purple")
    with pytest.raises(ValueError, match="not a level"):
        read_level(7)


def test_money_and_bools() -> None:
    assert read_money("€ 12.345,50") == "12345.50"
    assert read_money("12,345.5") == "12345.50"
    assert read_money(1000) == "1000.00"
    assert read_bool("x") is True and read_bool("Nein") is False and read_bool("maybe") is None
