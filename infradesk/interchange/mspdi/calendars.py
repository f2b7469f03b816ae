"""The project calendar of an MSPDI file: the week of the calendar and its base calendars,
exceptions (dated, Project 2003 style, and recurring) as holidays and working days."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from xml.etree.ElementTree import Element

from infradesk.interchange import document as d
from infradesk.interchange.mspdi.context import MspdiContext
from infradesk.interchange.mspdi.recurrence import recurrence_dates
from infradesk.interchange.mspdi.units import parse_datetime
from infradesk.interchange.problems import Problem
from infradesk.interchange.xml_common import (
    DEFAULT_HOURS,
    CalendarDraft,
    clock_hours,
    default_calendar,
    hours_text,
    minutes_of_hours,
    to_int,
)
from infradesk.interchange.xml_safety import text

#: A holiday spanning more days than this is cut (it is a data error, not a holiday).
MAX_EXCEPTION_DAYS = 400
_DAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def _hhmm(value: str, *, end: bool = False) -> str:
    """``08:00:00`` -> ``08:00``; an end time of midnight becomes ``24:00``."""
    hhmm = value.strip()[:5]
    if end and hhmm == "00:00":
        return "24:00"
    return hhmm


def working_times(ctx: MspdiContext, parent: Element) -> d.Hours:
    pairs = []
    for working_time in parent.findall("WorkingTimes/WorkingTime"):
        start = text(working_time, "FromTime")
        finish = text(working_time, "ToTime")
        if start and finish:
            pairs.append((_hhmm(start), _hhmm(finish, end=True)))
    return clock_hours(pairs, ctx.label)


def read_calendar(ctx: MspdiContext) -> CalendarDraft:
    """The project calendar (``<CalendarUID>``, else the first base calendar) merged with its
    base calendars; sets ``ctx.display_minutes_per_day`` to its working day."""
    calendars = {to_int(text(c, "UID"), -1): c for c in ctx.root.findall("Calendars/Calendar")}
    uid = to_int(text(ctx.root, "CalendarUID"), -1)
    calendar = calendars.get(uid)
    if calendar is None:
        base = [c for c in calendars.values() if text(c, "IsBaseCalendar") == "1"]
        calendar = base[0] if base else next(iter(calendars.values()), None)
    result = default_calendar()
    if calendar is None:
        ctx.notes.append("The file has no calendar; the standard Mon–Fri 8–17 week is used.")
        return result

    # A derived calendar takes the days it does not define from its base calendar.
    chain = [calendar]
    seen = {id(calendar)}
    while True:
        base_uid = to_int(text(chain[-1], "BaseCalendarUID"), -1)
        base_cal = calendars.get(base_uid)
        if base_cal is None or id(base_cal) in seen:
            break
        chain.append(base_cal)
        seen.add(id(base_cal))

    _read_week(ctx, chain, result)
    for cal in reversed(chain):  # base first, the derived calendar's exceptions win
        read_exceptions(ctx, cal, result)
    result.sort_days()
    _drop_holidays_that_work(result)
    if len(chain) > 1:
        ctx.notes.append(
            f"Calendar '{text(calendar, 'Name')}' is derived from "
            f"'{text(chain[1], 'Name')}'; both were merged into the project calendar."
        )
    if calendar.find("WorkWeeks/WorkWeek") is not None:
        ctx.notes.append("Alternate work weeks (other hours for a date range) are not imported.")
    return result


def _read_week(ctx: MspdiContext, chain: list[Element], result: CalendarDraft) -> None:
    """Working weekdays and the one set of hours InfraDesk keeps for all of them."""
    calendar = chain[0]
    week: dict[int, d.Hours | None] = {}
    for cal in chain:
        for day in cal.findall("WeekDays/WeekDay"):
            day_type = to_int(text(day, "DayType"), -1)
            if not 1 <= day_type <= 7:
                continue
            weekday = (day_type - 2) % 7  # MSPDI 1 = Sunday; ours 0 = Monday
            if weekday in week:
                continue
            working = text(day, "DayWorking") == "1"
            hours = working_times(ctx, day) if working else ()
            week[weekday] = (hours or DEFAULT_HOURS) if working else None
    for weekday in range(7):
        week.setdefault(weekday, DEFAULT_HOURS if weekday < 5 else None)
    working_days = [day for day in range(7) if week[day]]
    result.working_weekdays = working_days
    if working_days:
        shapes = Counter(week[day] or () for day in working_days)
        common = shapes.most_common(1)[0][0]
        result.working_hours = common
        odd = [day for day in working_days if (week[day] or ()) != common]
        if odd:
            day_names = ", ".join(_DAY_NAMES[day] for day in odd)
            ctx.problems.append(
                Problem(
                    f"Calendar '{text(calendar, 'Name')}': {day_names} have other working "
                    "hours than the rest of the week; InfraDesk uses one set of hours for "
                    f"every working day ({hours_text(common)}).",
                    "warning",
                    "Calendar",
                )
            )
    calendar_minutes = minutes_of_hours(result.working_hours)
    if working_days and calendar_minutes:
        ctx.display_minutes_per_day = calendar_minutes
    if working_days and calendar_minutes and calendar_minutes != ctx.minutes_per_day:
        ctx.problems.append(
            Problem(
                f"The calendar has {calendar_minutes / 60:g} working hours a day but the "
                f"project counts {ctx.minutes_per_day / 60:g} h per day; durations are "
                "kept in hours and minutes as MS Project stored them.",
                "info",
                "Calendar",
            )
        )


def read_exceptions(ctx: MspdiContext, cal: Element, result: CalendarDraft) -> None:
    exceptions = cal.findall("Exceptions/Exception")
    if exceptions:
        for exception in exceptions:
            _read_exception(ctx, exception, result)
        return
    # Project 2003 style: exceptions are WeekDay entries with DayType 0 and a TimePeriod.
    for day in cal.findall("WeekDays/WeekDay"):
        if to_int(text(day, "DayType"), -1) == 0:
            span = _exception_span(day)
            if span is not None:
                first, last = span
                days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
                _add_days(ctx, day, "", days, result)


def _read_exception(ctx: MspdiContext, exception: Element, result: CalendarDraft) -> None:
    """One <Exception> of Project 2007+: a date range, or a recurrence within it."""
    name = text(exception, "Name")
    span = _exception_span(exception)
    if span is None:
        return
    first, last = span
    pattern = to_int(text(exception, "Type"), 1)
    period = max(1, to_int(text(exception, "Period"), 1))
    if pattern in (1, 7) and period == 1:
        days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    else:
        found = recurrence_dates(exception, first, last)
        if found is None:
            ctx.problems.append(
                Problem(
                    f"Recurring calendar exception '{name or '(no name)'}' uses a pattern "
                    f"InfraDesk cannot read (type {pattern}); add those days by hand.",
                    "warning",
                    "Calendar",
                )
            )
            return
        days = found
        if days:
            ctx.notes.append(
                f"Recurring calendar exception '{name or '(no name)'}' was written out as "
                f"{len(days)} dated day(s) from {days[0]} to {days[-1]}."
            )
    _add_days(ctx, exception, name, days, result)


def _exception_span(element: Element) -> tuple[date, date] | None:
    first = parse_datetime(text(element, "TimePeriod/FromDate"))
    last = parse_datetime(text(element, "TimePeriod/ToDate"))
    if first is None:
        return None
    last = last or first
    if last.time() == datetime.min.time() and last.date() > first.date():
        last -= timedelta(minutes=1)  # ToDate at midnight closes the previous day
    return first.date(), max(first.date(), last.date())


def _add_days(
    ctx: MspdiContext, element: Element, name: str, days: list[date], result: CalendarDraft
) -> None:
    if len(days) > MAX_EXCEPTION_DAYS:
        ctx.problems.append(
            Problem(
                f"Calendar exception '{name or days[0]}' covers {len(days)} days; only "
                f"the first {MAX_EXCEPTION_DAYS} were imported.",
                "warning",
                "Calendar",
            )
        )
        days = days[:MAX_EXCEPTION_DAYS]
    working = text(element, "DayWorking") == "1"
    hours = working_times(ctx, element) if working else ()
    for day in days:
        if working and hours:
            result.exceptions.append(d.CalendarException(day, name, hours))
        else:
            result.holidays.append(d.Holiday(day, name or "Holiday"))


def _drop_holidays_that_work(result: CalendarDraft) -> None:
    """A date that is both a holiday and a working exception keeps the exception."""
    working = {e.date for e in result.exceptions}
    result.holidays = [h for h in result.holidays if h.date not in working]
