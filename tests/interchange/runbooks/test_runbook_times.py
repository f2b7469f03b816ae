"""The messy times, durations and predecessors of a cutover checklist, on a DST night."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from infradesk.interchange.runbook_document import RunbookLink
from infradesk.interchange.runbook_times import (
    TimeTextError,
    read_minutes,
    read_predecessors,
    read_time,
)
from infradesk.interchange.runbook_zones import (
    NonexistentTime,
    UnknownZone,
    localize,
    to_utc,
    zone,
)

PARIS = "Europe/Paris"
# the last Saturday of October 2026, 22:00: the clocks go back at 03:00 that night
WINDOW = localize(datetime(2026, 10, 24, 22, 0), PARIS)


def utc(*parts: int) -> datetime:
    return datetime(*parts)  # naive UTC, as the store keeps it


@pytest.mark.parametrize(
    ("text", "wall", "zone_text", "instant"),
    [
        ("18:00", datetime(2026, 10, 24, 18, 0), "", utc(2026, 10, 24, 16, 0)),
        ("18.00", datetime(2026, 10, 24, 18, 0), "", utc(2026, 10, 24, 16, 0)),
        ("6pm", datetime(2026, 10, 24, 18, 0), "", utc(2026, 10, 24, 16, 0)),
        ("6:30 pm", datetime(2026, 10, 24, 18, 30), "", utc(2026, 10, 24, 16, 30)),
        ("06:00", datetime(2026, 10, 25, 6, 0), "", utc(2026, 10, 25, 5, 0)),
        ("T+45", datetime(2026, 10, 24, 22, 45), "", utc(2026, 10, 24, 20, 45)),
        ("T+1:30", datetime(2026, 10, 24, 23, 30), "", utc(2026, 10, 24, 21, 30)),
        ("T+2h", datetime(2026, 10, 25, 0, 0), "", utc(2026, 10, 24, 22, 0)),
        ("T-30", datetime(2026, 10, 24, 21, 30), "", utc(2026, 10, 24, 19, 30)),
        ("Sat 18:00", datetime(2026, 10, 24, 18, 0), "", utc(2026, 10, 24, 16, 0)),
        # ambiguous (the hour repeats): the first occurrence, summer time
        ("Sun 02:30", datetime(2026, 10, 25, 2, 30), "", utc(2026, 10, 25, 0, 30)),
        ("02:30", datetime(2026, 10, 25, 2, 30), "", utc(2026, 10, 25, 0, 30)),
        # an abbreviation names the zone (stored as written), not the occurrence
        ("Sun 02:30 CET", datetime(2026, 10, 25, 2, 30), "CET", utc(2026, 10, 25, 0, 30)),
        # 300 elapsed minutes cross the fall-back: 02:00 of winter time (01:00 UTC), which
        # Paris wall clock cannot say (02:00 there is the summer one): stored in UTC
        ("T+300", datetime(2026, 10, 25, 1, 0), "UTC", utc(2026, 10, 25, 1, 0)),
        ("T+240", datetime(2026, 10, 25, 2, 0), "", utc(2026, 10, 25, 0, 0)),
        ("2026-10-24 18:00", datetime(2026, 10, 24, 18, 0), "", utc(2026, 10, 24, 16, 0)),
        ("24/10/2026 18:00", datetime(2026, 10, 24, 18, 0), "", utc(2026, 10, 24, 16, 0)),
        ("2026-10-24 18:00 UTC", datetime(2026, 10, 24, 18, 0), "UTC", utc(2026, 10, 24, 18, 0)),
        ("Sun 01:00 EST", datetime(2026, 10, 25, 1, 0), "EST", utc(2026, 10, 25, 5, 0)),
    ],
)
def test_messy_times(text: str, wall: datetime, zone_text: str, instant: datetime) -> None:
    placed = read_time(text, PARIS, WINDOW)
    assert placed is not None
    assert (placed.wall, placed.zone_text, to_utc(placed.instant)) == (wall, zone_text, instant)
    # what is stored (wall clock and zone text) means the same instant again
    assert to_utc(localize(placed.wall, placed.zone_text or PARIS)) == instant


def test_workbook_cells() -> None:
    cases = [
        (time(18, 0), utc(2026, 10, 24, 16, 0)),
        (timedelta(hours=2, minutes=30), utc(2026, 10, 25, 0, 30)),
        (datetime(2026, 10, 24, 23, 15), utc(2026, 10, 24, 21, 15)),
        (0.75, utc(2026, 10, 24, 16, 0)),
    ]
    for value, instant in cases:
        placed = read_time(value, PARIS, WINDOW)
        assert placed is not None and to_utc(placed.instant) == instant, value


def test_a_cell_zone_column_applies_when_the_text_names_none() -> None:
    placed = read_time("18:00", PARIS, WINDOW, cell_zone="UTC")
    assert placed is not None and placed.zone_text == "UTC"
    assert to_utc(placed.instant) == utc(2026, 10, 24, 18, 0)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("soon", "is not a time"),
        ("25:00", "not a time of day"),
        ("13pm", "not a time"),
        ("18", "is a number, not a time"),
        ("31/02/2026 10:00", "not a real date"),
        ("T+x", "not a duration"),
        ("2026-03-29 02:30", "does not exist"),
    ],
)
def test_bad_times_say_why(text: str, says: str) -> None:
    with pytest.raises(TimeTextError, match=says):
        read_time(text, PARIS, WINDOW)


def test_times_without_a_date_need_the_window() -> None:
    with pytest.raises(TimeTextError, match="window start"):
        read_time("18:00", PARIS, None)
    with pytest.raises(TimeTextError, match="window start"):
        read_time("T+45", PARIS, None)
    placed = read_time("2026-10-24 18:00", PARIS, None)
    assert placed is not None


@pytest.mark.parametrize(
    ("value", "minutes"),
    [("30", 30), ("30m", 30), ("1h", 60), ("1:30", 90), ("90 min", 90), ("1h30", 90),
     ("1.5h", 90), ("2 hrs", 120), ("1 h 15 m", 75), ("1d", 1440), (45.0, 45), (20, 20),
     (time(1, 30), 90), (timedelta(minutes=95), 95), ("45 mins", 45)],
)  # fmt: skip
def test_durations(value: object, minutes: int) -> None:
    assert read_minutes(value) == minutes


@pytest.mark.parametrize("value", ["long", "-5", "1h x", "1e400"])
def test_bad_durations(value: object) -> None:
    with pytest.raises(TimeTextError):
        read_minutes(value)


def test_predecessors() -> None:
    assert read_predecessors("1.01") == (RunbookLink("1.01"),)
    assert read_predecessors("1.01, 1.02") == (RunbookLink("1.01"), RunbookLink("1.02"))
    assert read_predecessors("1.01SS+10") == (RunbookLink("1.01", "SS", 10),)
    assert read_predecessors("1.01FS-5") == (RunbookLink("1.01", "FS", -5),)
    assert read_predecessors("1.01 ff+1h; 2") == (RunbookLink("1.01", "FF", 60), RunbookLink("2"))
    assert read_predecessors(3.0) == (RunbookLink("3"),)
    with pytest.raises(TimeTextError):
        read_predecessors("1.01 1.02 x")


def test_zones() -> None:
    assert zone("cet").key == "Europe/Paris"
    assert zone("Asia/Tokyo").key == "Asia/Tokyo"
    assert zone("europe/paris").key == "Europe/Paris"
    with pytest.raises(UnknownZone):
        zone("Nowhere/City")
    with pytest.raises(UnknownZone):
        zone("../etc/passwd")
    with pytest.raises(NonexistentTime):
        localize(datetime(2026, 3, 29, 2, 30), PARIS)
    assert localize(datetime(2026, 10, 25, 2, 30), PARIS).astimezone(UTC).hour == 0
