"""Durations as MS Project takes them, and as the Duration columns show them (issue 17).

Every form MS Project accepts in its Duration field is read (unit words, elapsed ``e``, the
estimate ``?``); everything else is refused with a message for the user that quotes what was
typed. Shown: the largest fitting unit by default (``13.33d`` for a Planner task's 6,400 working
minutes, ``2w``), or the unit chosen in Settings; the exports keep their own form.
"""

from __future__ import annotations

import pytest

from infradesk.interchange.duration_marks import MarkedDuration, marked_text, read_marked
from infradesk.interchange.excel.values import MAX_DURATION_MINUTES as EXCEL_MAX
from infradesk.schedule.durations import (
    DISPLAY_UNITS,
    MAX_DURATION_MINUTES,
    DurationError,
    display_duration,
    entry_unit,
    format_duration,
    parse_duration,
)

DAY = 480  # working minutes of the default 8-hour day
ELAPSED_DAY = 1440


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("3w", MarkedDuration(15 * DAY)),
        ("3 wks", MarkedDuration(15 * DAY)),
        ("3 wk", MarkedDuration(15 * DAY)),
        ("3 weeks", MarkedDuration(15 * DAY)),
        ("3 Weeks", MarkedDuration(15 * DAY)),
        ("3 weeks?", MarkedDuration(15 * DAY, estimated=True)),
        ("2.5d", MarkedDuration(int(2.5 * DAY))),
        ("2,5d", MarkedDuration(int(2.5 * DAY))),
        (".5d", MarkedDuration(DAY // 2)),
        ("2 dys", MarkedDuration(2 * DAY)),
        ("2 days", MarkedDuration(2 * DAY)),
        ("4h", MarkedDuration(240)),
        ("4 hrs", MarkedDuration(240)),
        ("4 hours", MarkedDuration(240)),
        ("30m", MarkedDuration(30)),
        ("30 mins", MarkedDuration(30)),
        ("30 minutes", MarkedDuration(30)),
        ("2mo", MarkedDuration(40 * DAY)),  # MS Project's month: 20 working days
        ("2 mons", MarkedDuration(40 * DAY)),
        ("2 months", MarkedDuration(40 * DAY)),
        ("3d?", MarkedDuration(3 * DAY, estimated=True)),
        (" 3 d ? ", MarkedDuration(3 * DAY, estimated=True)),
        ("3", MarkedDuration(3 * DAY)),  # a bare number: days
        ("3?", MarkedDuration(3 * DAY, estimated=True)),
        ("0", MarkedDuration(0)),  # a milestone
        ("3ed", MarkedDuration(3 * ELAPSED_DAY, elapsed=True)),
        ("3 ed", MarkedDuration(3 * ELAPSED_DAY, elapsed=True)),
        ("3 edays", MarkedDuration(3 * ELAPSED_DAY, elapsed=True)),
        ("3 edays?", MarkedDuration(3 * ELAPSED_DAY, estimated=True, elapsed=True)),
        ("4eh", MarkedDuration(240, elapsed=True)),
        ("4 ehrs", MarkedDuration(240, elapsed=True)),
        ("30em", MarkedDuration(30, elapsed=True)),
        ("30 emins", MarkedDuration(30, elapsed=True)),
        ("2ew", MarkedDuration(14 * ELAPSED_DAY, elapsed=True)),
        ("2 ewks", MarkedDuration(14 * ELAPSED_DAY, elapsed=True)),
        ("2 eweeks", MarkedDuration(14 * ELAPSED_DAY, elapsed=True)),
        ("1emo", MarkedDuration(30 * ELAPSED_DAY, elapsed=True)),
        ("1 emonths", MarkedDuration(30 * ELAPSED_DAY, elapsed=True)),
    ],
)
def test_every_form_ms_project_accepts_is_read(typed: str, expected: MarkedDuration) -> None:
    assert read_marked(typed, DAY) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("abc", "'abc' is not a duration: type a number and a unit, e.g. 5d"),
        ("", "A duration is needed"),
        ("   ", "A duration is needed"),
        ("3 fortnights", "'3 fortnights': unknown unit 'fortnights' (use m, h, d, w or mo)"),
        ("3x", "'3x': unknown unit 'x'"),
        ("-2d", "'-2d': a duration cannot be negative"),
        ("3d??", "'3d??' is not a duration"),
        ("?3d", "'?3d' is not a duration"),
        ("3 d 4 h", "'3 d 4 h' is not a duration"),
        ("3e", "'3e': elapsed needs its unit"),
        ("3 e?", "'3 e?': elapsed needs its unit"),
        ("3ex", "'3ex': unknown elapsed unit 'ex'"),
        ("1e300d", "'1e300d' is not a duration"),
        ("nan", "'nan' is not a duration"),
        ("inf", "'inf' is not a duration"),
        ("five days", "'five days' is not a duration"),
        ("99999999999w", "'99999999999w' is longer than InfraDesk can schedule"),
        ("999999999999999999999w", "is longer than InfraDesk can schedule"),
        ("999999999 edays", "is longer than InfraDesk can schedule"),
    ],
)
def test_everything_else_is_refused_with_a_message_for_the_user(typed: str, message: str) -> None:
    with pytest.raises(DurationError) as refused:
        read_marked(typed, DAY)
    assert message in str(refused.value)
    assert "Traceback" not in str(refused.value)


def test_a_bare_number_is_in_the_unit_chosen_for_the_columns() -> None:
    assert read_marked("3", DAY, entry_unit("best")) == MarkedDuration(3 * DAY)
    assert read_marked("3", DAY, entry_unit("h")) == MarkedDuration(180)
    assert read_marked("3?", DAY, entry_unit("w")) == MarkedDuration(15 * DAY, estimated=True)
    assert read_marked("3d", DAY, entry_unit("h")) == MarkedDuration(3 * DAY)  # its own unit


def test_the_longest_duration_is_the_calendars_whole_range() -> None:
    """Anything longer used to reach SQLite as an OverflowError (an integer too large)."""
    assert MAX_DURATION_MINUTES == EXCEL_MAX  # the spreadsheet reader's bound, the same
    assert parse_duration(f"{MAX_DURATION_MINUTES}m") == MAX_DURATION_MINUTES
    with pytest.raises(DurationError, match="longer than InfraDesk can schedule"):
        parse_duration(f"{MAX_DURATION_MINUTES + 1}m")
    with pytest.raises(DurationError, match="longer than"):
        parse_duration("-9999999999d", allow_negative=True)  # a lag too
    with pytest.raises(DurationError, match="not a duration"):
        parse_duration(float("nan"))


@pytest.mark.parametrize(
    ("minutes", "shown"),
    [
        (6400, "13.33d"),  # Planner's work, shown as 6400m before
        (10666, "22.22d"),
        (4260, "8.88d"),
        (4800, "2w"),
        (2400, "1w"),
        (9600, "4w"),
        (40 * DAY, "8w"),  # never months by itself: 20 working days are not a calendar month
        (720, "1.5d"),
        (DAY, "1d"),
        (270, "4.5h"),
        (100, "1.67h"),
        (60, "1h"),
        (29, "29m"),
        (0, "0d"),
    ],
)
def test_best_fit_is_the_largest_fitting_unit(minutes: int, shown: str) -> None:
    assert display_duration(minutes, DAY) == shown
    assert marked_text(minutes, DAY, unit="best") == shown


@pytest.mark.parametrize(
    ("unit", "shown"),
    [("m", "6400m"), ("h", "106.67h"), ("d", "13.33d"), ("w", "2.67w"), ("mo", "0.67mo")],
)
def test_one_unit_for_every_duration_when_chosen(unit: str, shown: str) -> None:
    assert display_duration(6400, DAY, unit) == shown
    assert display_duration(4800, DAY, "d") == "10d"
    assert set(DISPLAY_UNITS) == {"best", "m", "h", "d", "w", "mo"}


def test_marks_are_shown_in_the_chosen_unit() -> None:
    assert marked_text(6400, DAY, estimated=True, unit="best") == "13.33d?"
    assert marked_text(3 * ELAPSED_DAY, DAY, elapsed=True, unit="best") == "3ed"
    assert marked_text(14 * ELAPSED_DAY, DAY, elapsed=True, unit="best") == "2ew"
    assert marked_text(720, DAY, elapsed=True, estimated=True, unit="best") == "12eh?"
    assert marked_text(3 * ELAPSED_DAY, DAY, elapsed=True, unit="h") == "72eh"
    for minutes, elapsed, estimated in ((6400, False, True), (14 * ELAPSED_DAY, True, False)):
        shown = marked_text(minutes, DAY, estimated=estimated, elapsed=elapsed, unit="best")
        back = read_marked(shown, DAY)
        assert (back.estimated, back.elapsed) == (estimated, elapsed)


def test_exports_keep_their_own_form() -> None:
    """The xlsx, JSON and MSPDI writers call marked_text without a unit: exact minutes."""
    assert marked_text(6400, DAY) == format_duration(6400, DAY) == "6400m"
    assert marked_text(4800, DAY, estimated=True) == "10d?"
