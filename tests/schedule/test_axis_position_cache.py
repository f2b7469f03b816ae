"""The time axis remembers the date-time of each position it converted: a remembered answer
is the one a fresh axis computes, also after the table grew in either direction."""

from __future__ import annotations

import random
from datetime import date, datetime

from infradesk.schedule.calendar import FreezeWindow, TimeAxis, WorkingCalendar

CALENDAR = WorkingCalendar(
    holiday_country="DE",
    holiday_region="BY",
    exceptions={date(2026, 1, 10): ((0, 1440),), date(2026, 1, 13): ((480, 600),)},
    freezes=(FreezeWindow("Freeze", date(2026, 12, 15), date(2027, 1, 5)),),
)
ORIGIN = datetime(2026, 1, 5, 8, 0)


def test_remembered_dates_match_a_fresh_axis() -> None:
    rng = random.Random(7)
    kept = TimeAxis(CALENDAR, ORIGIN)
    positions = [rng.randrange(-400_000, 2_000_000) for _ in range(300)]
    positions += [0, 480, 960, -480, 4800]  # day boundaries: start and finish differ there
    for _ in range(3):  # the second and third rounds are answered from memory
        for pos in positions:
            fresh = TimeAxis(CALENDAR, ORIGIN)
            assert kept.start_at(pos) == fresh.start_at(pos)
            assert kept.finish_at(pos) == fresh.finish_at(pos)
        rng.shuffle(positions)
    assert kept.start_at(480) == datetime(2026, 1, 7, 8, 0)  # 6 Jan: a holiday in Bavaria
    assert kept.finish_at(480) == datetime(2026, 1, 5, 17, 0)
