"""The project's working calendar and the working-time axis.

``WorkingCalendar`` says *when* people work: working weekdays, the daily working hours,
holidays (a country/region from the ``holidays`` package plus the PM's own dates), dated
exceptions with their own hours (a cutover weekend worked around the clock) and change-freeze
windows.

``TimeAxis`` turns the calendar into a number line of *working minutes*: position ``p`` is the
number of working minutes between midnight of the axis origin's date and an instant. The
schedule engine computes only on these integers; converting a position into a date-time is a
bisect into a table of cumulative working minutes per day.

Two conversions exist because an instant at the end of a working day is also the instant at
the start of the next one: ``start_at(p)`` gives the next working instant (Tuesday 08:00), and
``finish_at(p)`` gives the closing time (Monday 17:00), MS Project's convention for finishes.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from infradesk.errors import UserError
from infradesk.schedule.durations import DEFAULT_MINUTES_PER_DAY

Interval = tuple[int, int]
"""A working interval of one day, in minutes from midnight: ``(480, 720)`` is 08:00-12:00."""

DEFAULT_WEEKDAYS: frozenset[int] = frozenset({0, 1, 2, 3, 4})
DEFAULT_HOURS: tuple[Interval, ...] = ((480, 720), (780, 1020))
MINUTES_PER_CALENDAR_DAY = 1440

# The dates a schedule may use (docs/ARCHITECTURE.md, conventions). The axis table stops a year
# beyond on either side, so that a finish on 31 Dec 2199 still finds the next working morning;
# the limit also stops a calendar without working time from growing the table forever.
FIRST_SUPPORTED_DAY = date(1900, 1, 1)
LAST_SUPPORTED_DAY = date(2199, 12, 31)
_AXIS_FIRST_DAY = date(1899, 1, 1)
_AXIS_LAST_DAY = date(2200, 12, 31)


class CalendarError(UserError, ValueError):
    """A calendar setting that cannot be used; the message is meant for the user."""


def format_day(day: date) -> str:
    """``31 Dec 2199``: the date form of the range messages."""
    return f"{day.day} {day:%b} {day.year}"


SUPPORTED_RANGE_TEXT = f"{format_day(FIRST_SUPPORTED_DAY)} to {format_day(LAST_SUPPORTED_DAY)}"


class ScheduleRangeError(CalendarError):
    """A date, or a schedule, outside the calendar's supported range (1900-2199).

    A ``CalendarError`` too, so every caller that reports calendar problems reports this one;
    the engine's messages name the task and the date."""


def in_supported_range(moment: datetime | date) -> bool:
    day = moment.date() if isinstance(moment, datetime) else moment
    return FIRST_SUPPORTED_DAY <= day <= LAST_SUPPORTED_DAY


@dataclass(frozen=True, slots=True)
class FreezeWindow:
    """A named change freeze from ``start`` to ``finish`` (both dates inclusive)."""

    name: str
    start: date
    finish: date


@dataclass(frozen=True, slots=True)
class DayMark:
    """A day worth marking on a timeline: kind is ``"nonworking"`` (weekend), ``"holiday"``,
    ``"exception"`` (a worked day with its own hours) or ``"freeze"``."""

    day: date
    kind: str
    name: str = ""


# --------------------------------------------------------------------------- parsing helpers


def parse_clock(text: str) -> int:
    """``"08:30"`` -> 510 minutes from midnight; ``"24:00"`` is allowed as the end of a day."""
    try:
        hours_text, minutes_text = text.strip().split(":")
        hours, minutes = int(hours_text), int(minutes_text)
    except ValueError as error:
        raise CalendarError(f"'{text}' is not a time of day (use HH:MM)") from error
    if not (0 <= minutes < 60 and 0 <= hours <= 24) or (hours == 24 and minutes):
        raise CalendarError(f"'{text}' is not a time of day (use HH:MM, 00:00 to 24:00)")
    return hours * 60 + minutes


def format_clock(minutes: int) -> str:
    """510 -> ``"08:30"``; 1440 -> ``"24:00"``."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def normalize_hours(
    intervals: Iterable[Sequence[int]], what: str = "working hours"
) -> tuple[Interval, ...]:
    """Sort, validate and merge touching intervals; raise ``CalendarError`` on overlaps."""
    result: list[Interval] = []
    for start, end in sorted((int(s), int(e)) for s, e in intervals):
        if not 0 <= start < end <= MINUTES_PER_CALENDAR_DAY:
            raise CalendarError(
                f"{what}: {format_clock(start)}-{format_clock(end)} is not a valid interval"
            )
        if result and start < result[-1][1]:
            raise CalendarError(
                f"{what}: {format_clock(start)}-{format_clock(end)} overlaps "
                f"{format_clock(result[-1][0])}-{format_clock(result[-1][1])}"
            )
        if result and start == result[-1][1]:
            result[-1] = (result[-1][0], end)
        else:
            result.append((start, end))
    return tuple(result)


def parse_hours(text: str, what: str = "working hours") -> tuple[Interval, ...]:
    """``"08:00-12:00,13:00-17:00"`` -> ``((480, 720), (780, 1020))``; ``""`` -> ``()``."""
    pairs: list[Interval] = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        if "-" not in part:
            raise CalendarError(f"{what}: '{part}' is not an interval (use 08:00-12:00)")
        start_text, end_text = part.split("-", 1)
        pairs.append((parse_clock(start_text), parse_clock(end_text)))
    return normalize_hours(pairs, what)


def format_hours(hours: Iterable[Interval]) -> str:
    """Inverse of :func:`parse_hours`."""
    return ",".join(f"{format_clock(s)}-{format_clock(e)}" for s, e in hours)


def parse_weekdays(text: str) -> frozenset[int]:
    """``"0,1,2,3,4"`` -> Monday to Friday (Monday = 0)."""
    days: set[int] = set()
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        try:
            day = int(part)
        except ValueError as error:
            raise CalendarError(f"working weekdays: '{part}' is not a weekday number") from error
        if not 0 <= day <= 6:
            raise CalendarError(f"working weekdays: {day} is not a weekday (Monday=0 .. Sunday=6)")
        days.add(day)
    return frozenset(days)


def format_weekdays(weekdays: Iterable[int]) -> str:
    return ",".join(str(d) for d in sorted(weekdays))


@lru_cache(maxsize=256)
def country_holidays(country: str, region: str | None, year: int) -> Mapping[date, str]:
    """Public holidays of one year from the ``holidays`` package (offline data)."""
    import holidays as holidays_package  # imported lazily: it takes ~0.1 s

    try:
        found = holidays_package.country_holidays(country, subdiv=region or None, years=year)
    except NotImplementedError as error:
        raise CalendarError(f"holidays: {error}") from error
    return dict(found)


# --------------------------------------------------------------------------- the calendar


@dataclass(frozen=True)
class WorkingCalendar:
    """When work happens. Immutable and hashable (exceptions and names are left out of the
    hash but not out of equality)."""

    weekdays: frozenset[int] = DEFAULT_WEEKDAYS
    hours: tuple[Interval, ...] = DEFAULT_HOURS
    holidays: frozenset[date] = frozenset()
    exceptions: Mapping[date, tuple[Interval, ...]] = field(default_factory=dict, hash=False)
    freezes: tuple[FreezeWindow, ...] = ()
    holiday_country: str | None = None
    holiday_region: str | None = None
    holiday_names: Mapping[date, str] = field(default_factory=dict, hash=False)
    exception_names: Mapping[date, str] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "weekdays", frozenset(self.weekdays))
        object.__setattr__(self, "hours", normalize_hours(self.hours))
        object.__setattr__(self, "holidays", frozenset(self.holidays))
        object.__setattr__(
            self,
            "exceptions",
            {
                day: normalize_hours(hours, f"exception {day.isoformat()}")
                for day, hours in self.exceptions.items()
            },
        )
        object.__setattr__(
            self, "freezes", tuple(sorted(self.freezes, key=lambda f: (f.start, f.finish)))
        )
        if any(not 0 <= d <= 6 for d in self.weekdays):
            raise CalendarError("working weekdays must be between 0 (Monday) and 6 (Sunday)")
        if not self.weekdays or not self.hours:
            raise CalendarError("the calendar needs at least one working weekday with hours")
        for window in self.freezes:
            if window.finish < window.start:
                raise CalendarError(
                    f"freeze '{window.name}' finishes ({window.finish}) before it starts "
                    f"({window.start})"
                )
        if self.holiday_country:
            country_holidays(self.holiday_country, self.holiday_region, 2000)  # validates

    # -- questions about days

    @property
    def minutes_per_day(self) -> int:
        """Working minutes of a normal working day (480 for 08-12 + 13-17): the length of 1d."""
        return sum(e - s for s, e in self.hours) or DEFAULT_MINUTES_PER_DAY

    def holiday_name(self, day: date) -> str | None:
        """The holiday's name if ``day`` is a holiday (own dates first, then the country's)."""
        if day in self.holidays:
            return self.holiday_names.get(day, "Holiday")
        if self.holiday_country:
            return country_holidays(self.holiday_country, self.holiday_region, day.year).get(day)
        return None

    def day_intervals(self, day: date) -> tuple[Interval, ...]:
        """Working intervals of ``day``: an exception wins over a holiday, which wins over the
        weekly pattern."""
        exception = self.exceptions.get(day)
        if exception is not None:
            return exception
        if day.weekday() not in self.weekdays:
            return ()
        if self.holiday_name(day) is not None:
            return ()
        return self.hours

    def is_working_day(self, day: date) -> bool:
        return bool(self.day_intervals(day))

    # -- building and serialising

    @classmethod
    def from_spec(
        cls,
        *,
        weekdays: str | Iterable[int] = "0,1,2,3,4",
        hours: str | Iterable[Sequence[int]] = "08:00-12:00,13:00-17:00",
        holiday_country: str | None = None,
        holiday_region: str | None = None,
        days: Iterable[tuple[date, str, str, str]] = (),
        freezes: Iterable[tuple[str, date, date]] = (),
    ) -> WorkingCalendar:
        """Build from the database's text form (the ``Calendar`` row and its children).

        ``days`` holds ``(day, kind, name, working_hours)`` of ``CalendarDay`` rows, kind being
        ``"holiday"`` or ``"exception"``; ``freezes`` holds ``(name, start, finish)``.
        """
        weekday_set = parse_weekdays(weekdays) if isinstance(weekdays, str) else frozenset(weekdays)
        hour_tuple = parse_hours(hours) if isinstance(hours, str) else normalize_hours(hours)
        holiday_dates: set[date] = set()
        holiday_names: dict[date, str] = {}
        exceptions: dict[date, tuple[Interval, ...]] = {}
        exception_names: dict[date, str] = {}
        for day, kind, name, day_hours in days:
            if kind == "holiday":
                holiday_dates.add(day)
                holiday_names[day] = name or "Holiday"
            elif kind == "exception":
                exceptions[day] = parse_hours(day_hours or "", f"exception {day.isoformat()}")
                exception_names[day] = name
            else:
                raise CalendarError(f"calendar day {day}: unknown kind '{kind}'")
        return cls(
            weekdays=weekday_set,
            hours=hour_tuple,
            holidays=frozenset(holiday_dates),
            exceptions=exceptions,
            freezes=tuple(FreezeWindow(n, s, f) for n, s, f in freezes),
            holiday_country=(holiday_country or None),
            holiday_region=(holiday_region or None),
            holiday_names=holiday_names,
            exception_names=exception_names,
        )

    def to_spec(self) -> dict[str, Any]:
        """The database's text form: keys of ``from_spec``."""
        days: list[tuple[date, str, str, str]] = [
            (d, "holiday", self.holiday_names.get(d, "Holiday"), "") for d in self.holidays
        ]
        days += [
            (d, "exception", self.exception_names.get(d, ""), format_hours(h))
            for d, h in self.exceptions.items()
        ]
        return {
            "weekdays": format_weekdays(self.weekdays),
            "hours": format_hours(self.hours),
            "holiday_country": self.holiday_country,
            "holiday_region": self.holiday_region,
            "days": sorted(days),
            "freezes": [(f.name, f.start, f.finish) for f in self.freezes],
        }

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any] | None) -> WorkingCalendar:
        """Build from the interchange document's ``"calendar"`` dict (missing keys: defaults)."""
        doc = doc or {}

        def hours_of(pairs: Any, what: str) -> tuple[Interval, ...]:
            try:
                return normalize_hours(((parse_clock(s), parse_clock(e)) for s, e in pairs), what)
            except (TypeError, ValueError) as error:
                if isinstance(error, CalendarError):
                    raise
                raise CalendarError(f'{what}: expected a list of ["HH:MM", "HH:MM"]') from error

        weekdays = frozenset(int(d) for d in doc.get("working_weekdays", sorted(DEFAULT_WEEKDAYS)))
        raw_hours = doc.get("working_hours")
        hours = DEFAULT_HOURS if raw_hours is None else hours_of(raw_hours, "working hours")
        holiday_dates: set[date] = set()
        holiday_names: dict[date, str] = {}
        for entry in doc.get("holidays") or []:
            day = _parse_date(entry["date"], "holiday")
            holiday_dates.add(day)
            holiday_names[day] = str(entry.get("name") or "Holiday")
        exceptions: dict[date, tuple[Interval, ...]] = {}
        exception_names: dict[date, str] = {}
        for entry in doc.get("exceptions") or []:
            day = _parse_date(entry["date"], "exception")
            exceptions[day] = hours_of(entry.get("working_hours") or [], f"exception {day}")
            exception_names[day] = str(entry.get("name") or "")
        freezes = tuple(
            FreezeWindow(
                str(entry.get("name") or "Freeze"),
                _parse_date(entry["start"], "freeze window start"),
                _parse_date(entry["finish"], "freeze window finish"),
            )
            for entry in doc.get("freeze_windows") or []
        )
        return cls(
            weekdays=weekdays,
            hours=hours,
            holidays=frozenset(holiday_dates),
            exceptions=exceptions,
            freezes=freezes,
            holiday_country=doc.get("holiday_country") or None,
            holiday_region=doc.get("holiday_region") or None,
            holiday_names=holiday_names,
            exception_names=exception_names,
        )

    def to_doc(self) -> dict[str, Any]:
        """The interchange document's ``"calendar"`` dict."""

        def pairs(hours: Iterable[Interval]) -> list[list[str]]:
            return [[format_clock(s), format_clock(e)] for s, e in hours]

        return {
            "working_weekdays": sorted(self.weekdays),
            "working_hours": pairs(self.hours),
            "holiday_country": self.holiday_country,
            "holiday_region": self.holiday_region,
            "holidays": [
                {"date": d.isoformat(), "name": self.holiday_names.get(d, "Holiday")}
                for d in sorted(self.holidays)
            ],
            "exceptions": [
                {
                    "date": d.isoformat(),
                    "name": self.exception_names.get(d, ""),
                    "working_hours": pairs(self.exceptions[d]),
                }
                for d in sorted(self.exceptions)
            ],
            "freeze_windows": [
                {"name": f.name, "start": f.start.isoformat(), "finish": f.finish.isoformat()}
                for f in self.freezes
            ],
        }


def _parse_date(value: Any, what: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError as error:
        raise CalendarError(f"{what}: '{value}' is not a date (use YYYY-MM-DD)") from error


# --------------------------------------------------------------------------- the time axis

_EPOCH = datetime(1, 1, 1)
_POSITIONS_KEPT = 250_000  # per axis and kind (about 30 MB at most)


class TimeAxis:
    """Working-minute positions of one calendar, anchored at midnight of ``origin``'s date.

    The table of days grows on demand in both directions, so any date can be converted. The
    axis is not thread-safe (it caches); build one per thread.
    """

    def __init__(self, calendar: WorkingCalendar, origin: datetime | date) -> None:
        self.calendar = calendar
        origin_day = origin.date() if isinstance(origin, datetime) else origin
        self.origin_day: date = origin_day
        self._first = origin_day  # date of _starts[0]
        self._first_ordinal = origin_day.toordinal()
        self._starts: list[int] = [0]  # cumulative working minutes at 00:00 of each day
        self._days: list[tuple[Interval, ...]] = []
        self._moments: dict[int, datetime] = {}
        # position -> date-time as a start / as a finish: tasks share positions (the same
        # hours of the same days), and a dict hit costs a tenth of the bisect and the walk
        # through the day's intervals
        self._starts_at: dict[int, datetime] = {}
        self._finishes_at: dict[int, datetime] = {}
        if not _AXIS_FIRST_DAY < origin_day < _AXIS_LAST_DAY:
            raise ScheduleRangeError(
                f"The project start {format_day(origin_day)} is outside the calendar's range "
                f"({SUPPORTED_RANGE_TEXT}); check the project's start date"
            )
        self._extend_forward(min(400, self._room_forward()))
        self._extend_backward(min(60, self._room_backward()))

    # -- table management

    def _room_forward(self) -> int:
        """Days the table may still grow after its last day."""
        return (_AXIS_LAST_DAY - self._first).days + 1 - len(self._days)

    def _room_backward(self) -> int:
        return (self._first - _AXIS_FIRST_DAY).days

    def _out_of_range(self, what: str) -> ScheduleRangeError:
        return ScheduleRangeError(
            f"{what} is beyond the calendar's range ({SUPPORTED_RANGE_TEXT}); check the plan's "
            "durations, lags and dates"
        )

    def _extend_forward(self, count: int) -> None:
        count = min(count, self._room_forward())
        if count <= 0:
            raise self._out_of_range("The schedule runs past the end of the calendar, which")
        day = self._first + timedelta(days=len(self._days))
        starts, days, intervals_of = self._starts, self._days, self.calendar.day_intervals
        total = starts[-1]
        for _ in range(count):
            intervals = intervals_of(day)
            days.append(intervals)
            for s, e in intervals:
                total += e - s
            starts.append(total)
            day += timedelta(days=1)

    def _extend_backward(self, count: int) -> None:
        count = min(count, self._room_backward())
        if count <= 0:
            raise self._out_of_range("The schedule runs before the start of the calendar, which")
        new_days: list[tuple[Interval, ...]] = []
        day = self._first
        for _ in range(count):
            day -= timedelta(days=1)
            new_days.append(self.calendar.day_intervals(day))
        new_days.reverse()
        new_starts: list[int] = []
        total = self._starts[0]
        for intervals in reversed(new_days):
            total -= sum(e - s for s, e in intervals)
            new_starts.append(total)
        new_starts.reverse()
        self._starts = new_starts + self._starts
        self._days = new_days + self._days
        self._first = day
        self._first_ordinal = day.toordinal()

    def _cover_position(self, pos: int) -> None:
        """Make the table reach ``pos`` with working time on both sides of it."""
        while pos >= self._starts[-1]:
            self._extend_forward(max(366, len(self._days)))
        while pos <= self._starts[0]:
            self._extend_backward(max(366, len(self._days)))

    def _cover_day(self, day: date) -> int:
        if not _AXIS_FIRST_DAY <= day <= _AXIS_LAST_DAY:
            raise self._out_of_range(format_day(day))
        index = day.toordinal() - self._first_ordinal
        while index < 0:
            self._extend_backward(max(366, -index + 31))
            index = day.toordinal() - self._first_ordinal
        while index >= len(self._days):
            self._extend_forward(max(366, index - len(self._days) + 31))
        return index

    # -- the supported range

    def after_supported_range(self, pos: int) -> bool:
        """Whether position ``pos`` lies after the last supported day (31 Dec 2199)."""
        last_day = self._first + timedelta(days=len(self._days) - 1)
        # grow the table towards ``pos`` only (its days' holidays are looked up as it grows),
        # not to the end of the range: a plan ends in years, the range in 2199
        while pos >= self._starts[-1] and last_day < LAST_SUPPORTED_DAY:
            room = (LAST_SUPPORTED_DAY - last_day).days
            self._extend_forward(min(max(366, len(self._days)), room))
            last_day = self._first + timedelta(days=len(self._days) - 1)
        if pos < self._starts[-1] and last_day <= LAST_SUPPORTED_DAY:
            return False  # inside a table that ends within the range: no need to grow it
        return pos > self.position_of(LAST_SUPPORTED_DAY + timedelta(days=1))

    def before_supported_range(self, pos: int) -> bool:
        """Whether position ``pos`` lies before the first supported day (1 Jan 1900)."""
        if pos > self._starts[0] and self._first >= FIRST_SUPPORTED_DAY:
            return False
        return pos < self.position_of(FIRST_SUPPORTED_DAY)

    # -- conversions

    def position_of(self, moment: datetime | date) -> int:
        """Working minutes from the origin's midnight to ``moment`` (negative before it).

        A moment in non-working time maps to the end of the preceding working time, so
        ``start_at(position_of(Saturday noon))`` is Monday 08:00.
        """
        if isinstance(moment, datetime):
            day, minute = moment.date(), moment.hour * 60 + moment.minute
        else:
            day, minute = moment, 0
        index = self._cover_day(day)
        pos = self._starts[index]
        for s, e in self._days[index]:
            if minute <= s:
                break
            pos += (e if minute > e else minute) - s
        return pos

    def _moment(self, index: int, minute: int) -> datetime:
        key = (self._first_ordinal + index) * 1441 + minute
        moment = self._moments.get(key)
        if moment is None:  # most tasks start and finish at the same few times of day
            moment = _EPOCH + timedelta(days=self._first_ordinal + index - 1, minutes=minute)
            if len(self._moments) < 1_000_000:
                self._moments[key] = moment
        return moment

    def start_at(self, pos: int) -> datetime:
        """The working instant at ``pos``, as a start: the next morning rather than last night."""
        moment = self._starts_at.get(pos)
        if moment is None:
            moment = self._start_at(pos)
            if len(self._starts_at) < _POSITIONS_KEPT:
                self._starts_at[pos] = moment
        return moment

    def _start_at(self, pos: int) -> datetime:
        starts = self._starts
        if pos >= starts[-1] or pos < starts[0]:
            self._cover_position(pos)
            starts = self._starts
        index = bisect_right(starts, pos) - 1
        offset = pos - starts[index]
        for s, e in self._days[index]:
            if offset < e - s:
                return self._moment(index, s + offset)
            offset -= e - s
        raise AssertionError("unreachable: position tables are inconsistent")  # pragma: no cover

    def finish_at(self, pos: int) -> datetime:
        """The instant at ``pos``, as a finish: the closing time of the day rather than the next
        morning (MS Project's convention)."""
        moment = self._finishes_at.get(pos)
        if moment is None:
            moment = self._finish_at(pos)
            if len(self._finishes_at) < _POSITIONS_KEPT:
                self._finishes_at[pos] = moment
        return moment

    def _finish_at(self, pos: int) -> datetime:
        starts = self._starts
        if pos > starts[-1] or pos <= starts[0]:
            self._cover_position(pos)
            starts = self._starts
        index = bisect_left(starts, pos) - 1
        offset = pos - starts[index]
        for s, e in self._days[index]:
            if offset <= e - s:
                return self._moment(index, s + offset)
            offset -= e - s
        raise AssertionError("unreachable: position tables are inconsistent")  # pragma: no cover

    def finish_of(self, start: datetime, minutes: int) -> datetime:
        """Finish of a task of ``minutes`` working minutes starting at ``start``."""
        pos = self.position_of(start) + minutes
        return self.finish_at(pos) if minutes > 0 else self.start_at(pos)

    def working_minutes_between(self, start: datetime | date, finish: datetime | date) -> int:
        """Working minutes from ``start`` to ``finish`` (negative if ``finish`` is earlier)."""
        return self.position_of(finish) - self.position_of(start)

    # -- day helpers for views

    def is_working_day(self, day: date) -> bool:
        return bool(self._days[self._cover_day(day)])

    def day_intervals(self, day: date) -> tuple[Interval, ...]:
        return self._days[self._cover_day(day)]

    def working_intervals(self, first: date, last: date) -> list[tuple[datetime, datetime]]:
        """Working intervals of the dates ``first`` .. ``last`` (inclusive) as date-times,
        touching intervals merged (so a worked weekend is one span): for shading a Gantt."""
        result: list[tuple[datetime, datetime]] = []
        if last < first:
            return result
        self._cover_day(last)
        start_index = self._cover_day(first)  # after `last`: the table may grow backwards
        end_index = start_index + (last - first).days
        for index in range(start_index, end_index + 1):
            for s, e in self._days[index]:
                begin, end = self._moment(index, s), self._moment(index, e)
                if result and result[-1][1] == begin:
                    result[-1] = (result[-1][0], end)
                else:
                    result.append((begin, end))
        return result

    def day_marks(self, first: date, last: date) -> list[DayMark]:
        """Days of ``first`` .. ``last`` a Gantt should mark, in date order: non-working days
        (weekends, holidays with their names), worked exceptions, and freeze days."""
        calendar = self.calendar
        marks: list[DayMark] = []
        day = first
        while day <= last:
            intervals = self.day_intervals(day)
            if day in calendar.exceptions:
                if intervals:
                    marks.append(DayMark(day, "exception", calendar.exception_names.get(day, "")))
                else:
                    marks.append(DayMark(day, "holiday", calendar.exception_names.get(day, "")))
            elif not intervals:
                holiday = calendar.holiday_name(day) if day.weekday() in calendar.weekdays else None
                marks.append(DayMark(day, "holiday" if holiday else "nonworking", holiday or ""))
            for window in calendar.freezes:
                if window.start <= day <= window.finish:
                    marks.append(DayMark(day, "freeze", window.name))
            day += timedelta(days=1)
        return marks

    def freeze_spans(self) -> list[tuple[int, int, FreezeWindow]]:
        """Each freeze window as ``[first, end)`` positions: midnight of its first day to
        midnight after its last day. Windows without working time are left out."""
        spans = []
        for window in self.calendar.freezes:
            first = self.position_of(window.start)
            end = self.position_of(window.finish + timedelta(days=1))
            if end > first:
                spans.append((first, end, window))
        return spans


_AXES_PER_THREAD = 32
_thread_axes = threading.local()


def cached_axis(calendar: WorkingCalendar, origin_day: date) -> TimeAxis:
    """One shared axis per (calendar, origin date) and thread: building the day table costs
    ~1 ms/year, and an axis grows its table on demand, so two threads (the GUI painting a
    progress line, a command on a worker) must never share one."""
    axes: dict[tuple[WorkingCalendar, date], TimeAxis] | None = getattr(
        _thread_axes, "axes", None
    )
    if axes is None:
        axes = _thread_axes.axes = {}
    key = (calendar, origin_day)
    axis = axes.get(key)
    if axis is None:
        if len(axes) >= _AXES_PER_THREAD:
            del axes[next(iter(axes))]  # the oldest
        axis = axes[key] = TimeAxis(calendar, origin_day)
    return axis


def midnight(day: date) -> datetime:
    return datetime.combine(day, time())
