"""The shared time axes: one per calendar, origin day and thread (an axis grows its table of
days on demand and is not thread-safe, so the GUI thread and a worker never share one)."""

from __future__ import annotations

import threading
from datetime import date

from infradesk.schedule.calendar import WorkingCalendar, cached_axis


def test_one_axis_per_calendar_and_day_within_a_thread() -> None:
    calendar = WorkingCalendar()
    first = cached_axis(calendar, date(2026, 3, 2))
    assert cached_axis(calendar, date(2026, 3, 2)) is first
    assert cached_axis(calendar, date(2026, 3, 3)) is not first


def test_another_thread_gets_its_own_axis() -> None:
    calendar = WorkingCalendar()
    mine = cached_axis(calendar, date(2026, 3, 2))
    theirs: list[object] = []
    worker = threading.Thread(target=lambda: theirs.append(cached_axis(calendar, date(2026, 3, 2))))
    worker.start()
    worker.join()
    assert theirs and theirs[0] is not mine
    assert cached_axis(calendar, date(2026, 3, 2)) is mine
