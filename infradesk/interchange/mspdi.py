"""Read Microsoft Project XML (MSPDI) files, from Project 2003 to today.

The reader keeps what InfraDesk models — outline, durations, milestones, % complete, notes,
constraints, the four link types with lags, the project calendar with its exceptions, resource
names as owners, baselines — and lists everything else (split tasks, custom fields, costs,
recurring calendar patterns...) in the result's problems and notes rather than dropping it
silently.

Units used by MSPDI and how they are converted:

* ``Duration`` is an xsd:duration of *working* time (``PT16H0M0S``); it becomes working minutes.
* ``LinkLag`` is in tenths of a minute of working time, except when ``LagFormat`` says the lag is
  *elapsed* (then tenths of elapsed minutes, converted with the calendar's share of working
  time in a week) or *percent* (then the number is a percentage of the predecessor's duration,
  converted to minutes of that duration). Every such conversion is reported.
* Link ``Type``: 0 = FF, 1 = FS, 2 = SF, 3 = SS.
"""

from __future__ import annotations

import math
import re
from calendar import monthrange
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from infradesk.interchange.isodates import datetime_to_iso
from infradesk.interchange.problems import ImportResult, Problem, UnreadableFileError
from infradesk.interchange.value_rules import (
    day_problem,
    duration_problem,
    lag_problem,
    located,
    minutes_per_day_problem,
    parse_number,
    percent_problem,
)
from infradesk.interchange.xml_common import (
    DEFAULT_HOURS,
    XmlReader,
    default_calendar,
    link_entry,
    minutes_of_hours,
    one_project_document,
    task_entry,
    to_float,
    to_int,
)
from infradesk.interchange.xml_safety import XmlSource, parse_xml, require_root, source_label, text
from infradesk.schedule.durations import DEFAULT_MINUTES_PER_DAY, format_duration

KIND = "MS Project XML"

LINK_TYPES = {0: "FF", 1: "FS", 2: "SF", 3: "SS"}

# Duration/lag format codes (the "estimated" variants add 32; 53 is "days?" as written by
# Project 2010+). Only the family matters here.
_WORKING_FORMATS = {3, 5, 7, 9, 11, 35, 37, 39, 41, 43, 53}
_ELAPSED_FORMATS = {4, 6, 8, 10, 12, 36, 38, 40, 42, 44}
_PERCENT_FORMATS = {19, 51}
_ELAPSED_PERCENT_FORMATS = {20, 52}

#: MSPDI ConstraintType codes -> readable names.
CONSTRAINT_NAMES = {
    0: "As soon as possible",
    1: "As late as possible",
    2: "Must start on",
    3: "Must finish on",
    4: "Start no earlier than",
    5: "Start no later than",
    6: "Finish no earlier than",
    7: "Finish no later than",
}

#: The custom field alias under which the exporter writes InfraDesk's production-change flag.
PRODUCTION_CHANGE_ALIAS = "Production change"
TRUE_TEXTS = {"1", "yes", "true", "ja", "oui", "sí", "si"}
ELAPSED_MINUTES_PER_WEEK = 7 * 24 * 60
#: A holiday spanning more days than this is cut (it is a data error, not a holiday).
MAX_EXCEPTION_DAYS = 400

_DURATION_RE = re.compile(
    r"^(?P<sign>-)?P(?:(?P<y>\d+(?:\.\d+)?)Y)?(?:(?P<mo>\d+(?:\.\d+)?)M)?(?:(?P<d>\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(?P<h>\d+(?:\.\d+)?)H)?(?:(?P<mi>\d+(?:\.\d+)?)M)?(?:(?P<s>\d+(?:\.\d+)?)S)?)?$"
)


def parse_xsd_duration(
    value: str, minutes_per_day: int = DEFAULT_MINUTES_PER_DAY, days_per_month: int = 20
) -> float | None:
    """Minutes in an MSPDI xsd:duration (``PT8H30M0S``); ``None`` when it is not one.

    MS Project writes hours; days and months (written by other tools) count as working days
    of ``minutes_per_day`` and months of ``days_per_month`` such days.
    """
    match = _DURATION_RE.match(value.strip())
    if not match or value.strip() in {"P", "PT", "-P"}:
        return None
    parts = {k: float(v) if v else 0.0 for k, v in match.groupdict().items() if k != "sign"}
    minutes = (
        parts["y"] * 12 * days_per_month * minutes_per_day
        + parts["mo"] * days_per_month * minutes_per_day
        + parts["d"] * minutes_per_day
        + parts["h"] * 60
        + parts["mi"]
        + parts["s"] / 60
    )
    return -minutes if match.group("sign") else minutes


def iso_minute(value: str) -> str | None:
    """``2018-10-18T08:00:00`` -> ``2018-10-18T08:00``; ``None`` when empty or unreadable."""
    return datetime_to_iso(parse_datetime(value))


def parse_datetime(value: str) -> datetime | None:
    value = value.strip()
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed.replace(tzinfo=None, second=0, microsecond=0)


def _hhmm(value: str, *, end: bool = False) -> str:
    """``08:00:00`` -> ``08:00``; an end time of midnight becomes ``24:00``."""
    hhmm = value.strip()[:5]
    if end and hhmm == "00:00":
        return "24:00"
    return hhmm


def _working_times(parent: Element | None) -> list[list[str]]:
    if parent is None:
        return []
    hours = []
    for working_time in parent.findall("WorkingTimes/WorkingTime"):
        start = text(working_time, "FromTime")
        finish = text(working_time, "ToTime")
        if start and finish:
            hours.append([_hhmm(start), _hhmm(finish, end=True)])
    return hours


def _weekday_of_month_item(item: int) -> int | None:
    """MSPDI MonthItem 3..9 = Sunday..Saturday -> 0 = Monday .. 6 = Sunday."""
    return (item - 4) % 7 if 3 <= item <= 9 else None


def _nth_weekday(year: int, month: int, weekday: int, position: int) -> date | None:
    """The ``position``-th (0-based; 4 = last) ``weekday`` of a month."""
    if position >= 4:
        last = date(year, month, monthrange(year, month)[1])
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    day = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * position)
    return day if day.month == month else None


def recurrence_dates(exception: Element, first: date, last: date) -> list[date] | None:
    """Dates of a recurring MSPDI calendar exception between ``first`` and ``last``.

    ``Type``: 1/7 daily, 2 yearly on a date, 3 yearly on the n-th weekday, 4 monthly on a
    date, 5 monthly on the n-th weekday, 6 weekly on ``DaysOfWeek`` (bit 0 = Sunday).
    ``Month`` and ``MonthPosition`` count from 0. Returns ``None`` for patterns it cannot read.
    """
    pattern = to_int(text(exception, "Type"), 1)
    period = max(1, to_int(text(exception, "Period"), 1))
    limit = to_int(text(exception, "Occurrences"), 0)
    found: list[date] = []
    if pattern in (1, 7):
        found = [first + timedelta(days=n) for n in range(0, (last - first).days + 1, period)]
    elif pattern == 6:
        mask = to_int(text(exception, "DaysOfWeek"), 0)
        week_start = first - timedelta(days=(first.weekday() + 1) % 7)  # the Sunday before
        for offset in range((last - first).days + 1):
            day = first + timedelta(days=offset)
            in_period = ((day - week_start).days // 7) % period == 0
            if in_period and mask & (1 << ((day.weekday() + 1) % 7)):
                found.append(day)
    elif pattern in (2, 3, 4, 5):
        relative = pattern in (3, 5)
        weekday = _weekday_of_month_item(to_int(text(exception, "MonthItem"), -1))
        if relative and weekday is None:
            return None  # "day", "weekday", "weekend day" items
        position = to_int(text(exception, "MonthPosition"), 0)
        month_day = to_int(text(exception, "MonthDay"), 1)
        if pattern in (2, 3):
            month = to_int(text(exception, "Month"), first.month - 1) + 1
            months = [(year, month) for year in range(first.year, last.year + 1)]
        else:
            months = []
            year, month = first.year, first.month
            while (year, month) <= (last.year, last.month):
                months.append((year, month))
                month += period
                year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
        for year, month in months:
            if not 1 <= month <= 12:
                return None
            if relative:
                day = _nth_weekday(year, month, weekday or 0, position)
            else:
                day = (
                    date(year, month, month_day)
                    if 1 <= month_day <= monthrange(year, month)[1]
                    else None
                )
            if day is not None:
                found.append(day)
    else:
        return None
    found = [d for d in found if first <= d <= last]
    return found[:limit] if limit > 0 else found


@dataclass
class _Link:
    predecessor_uid: int
    type_code: int
    lag_raw: float  # tenths of a minute, or a percentage (see ``lag_format``)
    lag_format: int | None
    row: int | None
    lag_text: str = ""
    where: str = ""


@dataclass
class _RawTask:
    uid: int
    row: int | None
    level: int
    element: Element
    doc: dict[str, Any]
    where: str = ""  # "Task UID 7 'Design'", for messages
    links: list[_Link] = field(default_factory=list)


class _Reader(XmlReader):
    def __init__(self, root: Element, label: str) -> None:
        super().__init__(root, label)
        self.minutes_per_day = self.project_number(
            "MinutesPerDay", DEFAULT_MINUTES_PER_DAY, minutes_per_day_problem
        )
        self.minutes_per_week = self.project_number(
            "MinutesPerWeek", self.minutes_per_day * 5, _minutes_per_week_problem
        )
        self.days_per_month = self.project_number("DaysPerMonth", 20, _days_per_month_problem)
        #: Minutes in one working day of the imported calendar: how "1d" reads in InfraDesk.
        self.display_minutes_per_day = self.minutes_per_day
        #: Custom flag fields named "Production change": InfraDesk's own task flag.
        self.production_fields = {
            text(d, "FieldID")
            for d in root.findall("ExtendedAttributes/ExtendedAttribute")
            if text(d, "Alias").strip().lower() == PRODUCTION_CHANGE_ALIAS.lower()
        }

    # -- helpers ---------------------------------------------------------------------------
    def project_number(self, tag: str, default: int, rule: Callable[[float], str | None]) -> int:
        """A whole number of the project's settings (``<MinutesPerDay>``); ``default`` when it
        is missing, or with an error when it breaks ``rule``."""
        raw = text(self.root, tag)
        if not raw:
            return default
        value = parse_number(raw)
        why = "is not a number" if value is None else rule(value)
        if why is not None or value is None:
            self.error(located("Project", f"<{tag}>", raw, why or "is not a number"))
            return default
        return int(value) or default

    def when(self, element: Element, tag: str, where: str, row: int | None) -> str | None:
        """The date-time in ``<tag>`` to the minute; ``None`` when empty, and ``None`` with an
        error when it is not a real date or one InfraDesk cannot schedule."""
        raw = text(element, tag)
        if not raw:
            return None
        parsed = parse_datetime(raw)
        why = "is not a real date and time" if parsed is None else day_problem(parsed)
        if why is not None:
            self.error(located(where, f"<{tag}>", raw, why), row)
            return None
        return datetime_to_iso(parsed)

    def duration_minutes(self, value: str) -> float | None:
        return parse_xsd_duration(value, self.minutes_per_day, self.days_per_month)

    def elapsed_to_working(self, elapsed_minutes: float) -> int:
        """Approximate elapsed minutes as working minutes: the calendar's working share of a
        week (40 h of 168 h for a standard week)."""
        return round(elapsed_minutes * self.minutes_per_week / ELAPSED_MINUTES_PER_WEEK)

    # -- project ----------------------------------------------------------------------------
    def read(self) -> dict[str, Any]:
        root = self.root
        calendar = self.read_calendar()
        tasks, baselines = self.read_tasks()
        name = text(root, "Name") or text(root, "Title") or Path(self.label).stem
        if name.lower().endswith((".xml", ".mpp")):
            name = name[:-4]
        start = self.when(root, "StartDate", "Project", None)
        if start is None:
            starts = [t["start"] for t in tasks if t.get("start")]
            start = min(starts) if starts else None
        document = one_project_document(
            name=name,
            currency=text(root, "CurrencyCode") or "EUR",
            start=start,
            manager=text(root, "Manager"),
            status_date=self.when(root, "StatusDate", "Project", None),
            description=text(root, "Comments") or text(root, "Subject") or self.summary_notes(),
            calendar=calendar,
            tasks=tasks,
            baselines=baselines,
        )
        self.note_unmodeled_project_parts()
        return document

    def summary_notes(self) -> str:
        """Notes of the project summary task (UID 0): where MS Project keeps project notes."""
        for task in self.root.findall("Tasks/Task"):
            if text(task, "UID") == "0":
                return text(task, "Notes")
        return ""

    def note_unmodeled_project_parts(self) -> None:
        root = self.root
        resources = [
            r
            for r in root.findall("Resources/Resource")
            if text(r, "IsNull") != "1" and text(r, "Name")
        ]
        if resources:
            self.notes.append(
                f"{len(resources)} resource(s) found: their names became task owners; rates, "
                "costs, units, availability and resource calendars are not imported."
            )
        definitions = [
            d
            for d in root.findall("ExtendedAttributes/ExtendedAttribute")
            if text(d, "FieldID") not in self.production_fields
        ]
        if definitions:
            names = [
                text(d, "Alias") or text(d, "FieldName") or text(d, "FieldID") for d in definitions
            ]
            self.notes.append(
                f"{len(definitions)} custom field definition(s) not imported: "
                + ", ".join(n for n in names if n)
                + "."
            )
        if root.find(".//TimephasedData") is not None:
            self.notes.append(
                "Timephased data (work and cost per period, task splits, contours) is not "
                "imported; each task is one continuous bar."
            )
        if root.findall("OutlineCodes/OutlineCode"):
            self.notes.append("Outline code definitions are not imported.")

    # -- calendar ---------------------------------------------------------------------------
    def read_calendar(self) -> dict[str, Any]:
        calendars = {to_int(text(c, "UID"), -1): c for c in self.root.findall("Calendars/Calendar")}
        uid = to_int(text(self.root, "CalendarUID"), -1)
        calendar = calendars.get(uid)
        if calendar is None:
            base = [c for c in calendars.values() if text(c, "IsBaseCalendar") == "1"]
            calendar = base[0] if base else next(iter(calendars.values()), None)
        result = default_calendar()
        if calendar is None:
            self.notes.append("The file has no calendar; the standard Mon–Fri 8–17 week is used.")
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

        week: dict[int, list[list[str]] | None] = {}
        for cal in chain:
            for day in cal.findall("WeekDays/WeekDay"):
                day_type = to_int(text(day, "DayType"), -1)
                if not 1 <= day_type <= 7:
                    continue
                weekday = (day_type - 2) % 7  # MSPDI 1 = Sunday; ours 0 = Monday
                if weekday in week:
                    continue
                working = text(day, "DayWorking") == "1"
                hours = _working_times(day) if working else []
                if working and not hours:
                    hours = [list(h) for h in DEFAULT_HOURS]
                week[weekday] = hours if working else None
        for weekday in range(7):
            week.setdefault(weekday, [list(h) for h in DEFAULT_HOURS] if weekday < 5 else None)
        working_days = [d for d in range(7) if week[d]]
        result["working_weekdays"] = working_days
        if working_days:
            shapes = Counter(tuple(tuple(h) for h in week[d] or []) for d in working_days)
            common = shapes.most_common(1)[0][0]
            result["working_hours"] = [list(h) for h in common]
            odd = [d for d in working_days if tuple(tuple(h) for h in week[d] or []) != common]
            if odd:
                day_names = ", ".join(
                    ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][d] for d in odd
                )
                self.problems.append(
                    Problem(
                        f"Calendar '{text(calendar, 'Name')}': {day_names} have other working "
                        "hours than the rest of the week; InfraDesk uses one set of hours for "
                        f"every working day ({self._hours_text(common)}).",
                        "warning",
                        "Calendar",
                    )
                )
        calendar_minutes = minutes_of_hours(result["working_hours"])
        if working_days and calendar_minutes:
            self.display_minutes_per_day = calendar_minutes
        if working_days and calendar_minutes and calendar_minutes != self.minutes_per_day:
            self.problems.append(
                Problem(
                    f"The calendar has {calendar_minutes / 60:g} working hours a day but the "
                    f"project counts {self.minutes_per_day / 60:g} h per day; durations are "
                    "kept in hours and minutes as MS Project stored them.",
                    "info",
                    "Calendar",
                )
            )

        for cal in reversed(chain):  # base first, the derived calendar's exceptions win
            self.read_exceptions(cal, result)
        self.dedupe_days(result)
        if len(chain) > 1:
            self.notes.append(
                f"Calendar '{text(calendar, 'Name')}' is derived from "
                f"'{text(chain[1], 'Name')}'; both were merged into the project calendar."
            )
        if calendar.find("WorkWeeks/WorkWeek") is not None:
            self.notes.append(
                "Alternate work weeks (other hours for a date range) are not imported."
            )
        return result

    @staticmethod
    def _hours_text(hours: tuple[tuple[str, ...], ...]) -> str:
        return ", ".join(f"{a}–{b}" for a, b in hours) or "none"

    def read_exceptions(self, cal: Element, result: dict[str, Any]) -> None:
        exceptions = cal.findall("Exceptions/Exception")
        if exceptions:
            for exception in exceptions:
                self.read_exception(exception, result)
            return
        # Project 2003 style: exceptions are WeekDay entries with DayType 0 and a TimePeriod.
        for day in cal.findall("WeekDays/WeekDay"):
            if to_int(text(day, "DayType"), -1) == 0:
                self.add_exception_days(day, "", result)

    def read_exception(self, exception: Element, result: dict[str, Any]) -> None:
        """One <Exception> of Project 2007+: a date range, or a recurrence within it."""
        name = text(exception, "Name")
        span = self.exception_span(exception)
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
                self.problems.append(
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
                self.notes.append(
                    f"Recurring calendar exception '{name or '(no name)'}' was written out as "
                    f"{len(days)} dated day(s) from {days[0]} to {days[-1]}."
                )
        self.add_days(exception, name, days, result)

    def exception_span(self, element: Element) -> tuple[date, date] | None:
        first = parse_datetime(text(element, "TimePeriod/FromDate"))
        last = parse_datetime(text(element, "TimePeriod/ToDate"))
        if first is None:
            return None
        last = last or first
        if last.time() == datetime.min.time() and last.date() > first.date():
            last -= timedelta(minutes=1)  # ToDate at midnight closes the previous day
        return first.date(), max(first.date(), last.date())

    def add_exception_days(self, element: Element, name: str, result: dict[str, Any]) -> None:
        """A Project 2003 style exception: every day of its TimePeriod."""
        span = self.exception_span(element)
        if span is not None:
            first, last = span
            days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
            self.add_days(element, name, days, result)

    def add_days(
        self, element: Element, name: str, days: list[date], result: dict[str, Any]
    ) -> None:
        if len(days) > MAX_EXCEPTION_DAYS:
            self.problems.append(
                Problem(
                    f"Calendar exception '{name or days[0]}' covers {len(days)} days; only "
                    f"the first {MAX_EXCEPTION_DAYS} were imported.",
                    "warning",
                    "Calendar",
                )
            )
            days = days[:MAX_EXCEPTION_DAYS]
        working = text(element, "DayWorking") == "1"
        hours = _working_times(element) if working else []
        for day in days:
            if working and hours:
                result["exceptions"].append(
                    {"date": day.isoformat(), "name": name, "working_hours": hours}
                )
            else:
                result["holidays"].append({"date": day.isoformat(), "name": name or "Holiday"})

    @staticmethod
    def dedupe_days(result: dict[str, Any]) -> None:
        """Keep one entry per date (the last read wins) and sort by date."""
        for key in ("holidays", "exceptions"):
            by_date = {entry["date"]: entry for entry in result[key]}
            result[key] = [by_date[d] for d in sorted(by_date)]
        exception_dates = {e["date"] for e in result["exceptions"]}
        holiday_dates = {h["date"] for h in result["holidays"]}
        # A date that is both: the derived calendar (read last) decides; keep the later kind.
        both = exception_dates & holiday_dates
        if both:
            result["holidays"] = [h for h in result["holidays"] if h["date"] not in both]

    # -- tasks ------------------------------------------------------------------------------
    def read_tasks(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        elements = self.root.findall("Tasks/Task")
        # Tasks are in ID (row) order in every file MS Project writes; sort anyway.
        indexed = list(enumerate(elements))
        indexed.sort(key=lambda pair: (to_int(text(pair[1], "ID"), 10**9), pair[0]))

        raw: list[_RawTask] = []
        blank_rows = 0
        for _, element in indexed:
            uid_text = text(element, "UID")
            row = to_int(text(element, "ID"), 0) or None
            if text(element, "IsNull") == "1":
                blank_rows += 1
                continue
            if not uid_text:
                self.warn("Task without a UID skipped.", row)
                continue
            uid = to_int(uid_text, -1)
            level_text = text(element, "OutlineLevel")
            outline_number = text(element, "OutlineNumber")
            if level_text:
                level = to_int(level_text, 1)
            elif outline_number:
                level = outline_number.count(".") + 1
            else:
                level = 1
            if uid == 0 or level == 0:
                # The project summary task (row 0) is the project itself, not a task.
                continue
            raw.append(self.read_task(element, uid, row, level))
        if blank_rows:
            self.notes.append(f"{blank_rows} blank task row(s) skipped.")

        self.build_hierarchy(raw)
        self.read_owners(raw)
        self.resolve_links(raw)
        baselines = self.read_baselines(raw)
        self.note_task_flags(raw)
        return [t.doc for t in raw], baselines

    def read_task(self, element: Element, uid: int, row: int | None, level: int) -> _RawTask:
        name = text(element, "Name")
        if not name:
            self.info("Task has no name; it was named after its row.", row)
            name = f"Task {row or uid}"
        where = f"Task UID {uid} '{name}'"
        duration_text = text(element, "Duration")
        minutes: float = 0
        if duration_text:
            parsed = self.duration_minutes(duration_text)
            why = "is not a duration (such as PT8H30M0S)" if parsed is None else None
            why = why or duration_problem(parsed or 0)
            if why is not None:
                self.error(located(where, "<Duration>", duration_text, why), row)
            else:
                minutes = parsed or 0
        duration_format = to_int(text(element, "DurationFormat"), 7)
        if duration_format in _ELAPSED_FORMATS | _ELAPSED_PERCENT_FORMATS and minutes:
            working = self.elapsed_to_working(minutes)
            self.warn(
                f"Elapsed duration of {minutes / 60:g} elapsed hours converted to "
                f"{format_duration(working, self.display_minutes_per_day)} of working time.",
                row,
            )
            minutes = working
        duration_minutes = max(0, round(minutes))
        milestone = text(element, "Milestone") == "1"
        if milestone and duration_minutes:
            self.info(
                f"Milestone with a duration of "
                f"{format_duration(duration_minutes, self.display_minutes_per_day)} kept as a "
                "milestone of zero duration.",
                row,
            )
            duration_minutes = 0

        percent_text = text(element, "PercentComplete")
        percent: float = 0
        if percent_text:
            value = parse_number(percent_text)
            why = "is not a number" if value is None else percent_problem(value)
            if why is not None:
                self.error(located(where, "<PercentComplete>", percent_text, why), row)
            if value is not None and math.isfinite(value):
                percent = min(100.0, max(0.0, value))
        if percent == int(percent):
            percent = int(percent)

        wbs = text(element, "WBS") or text(element, "OutlineNumber")
        doc = task_entry(
            number=0,  # numbered in outline order later
            wbs=wbs,
            name=name,
            parent=None,
            start=self.when(element, "Start", where, row),
            finish=self.when(element, "Finish", where, row),
            minutes=duration_minutes,
            minutes_per_day=self.display_minutes_per_day,
            percent=percent,
            milestone=milestone,
            notes=text(element, "Notes"),
            external_ref=str(uid),
            deadline=self.when(element, "Deadline", where, row),
        )
        self.read_constraint(element, doc, row, where)
        task = _RawTask(uid=uid, row=row, level=level, element=element, doc=doc, where=where)
        for link in element.findall("PredecessorLink"):
            self.read_link(link, task)
        extended = []
        for attribute in element.findall("ExtendedAttribute"):
            if text(attribute, "FieldID") in self.production_fields:
                doc["production_change"] = text(attribute, "Value").lower() in TRUE_TEXTS
            else:
                extended.append(attribute)
        if extended:
            self.info(
                f"{len(extended)} custom field value(s) on this task not imported.",
                row,
            )
        return task

    def read_constraint(
        self, element: Element, doc: dict[str, Any], row: int | None, where: str
    ) -> None:
        code = to_int(text(element, "ConstraintType"), 0)
        if code == 0:
            return  # "as soon as possible": a ConstraintDate, if any, means nothing
        when = self.when(element, "ConstraintDate", where, row)
        label = CONSTRAINT_NAMES.get(code, f"constraint type {code}")
        if code == 4 and when:
            doc["start_no_earlier_than"] = when
        elif code == 2 and when:
            doc["start_no_earlier_than"] = when
            self.warn(
                f"'Must start on {when}' imported as 'start no earlier than' (InfraDesk has "
                "no hard start date).",
                row,
            )
        elif code == 7 and when and not doc["deadline"]:
            doc["deadline"] = when
            self.warn(f"'Finish no later than {when}' imported as a deadline.", row)
        else:
            self.warn(
                f"Constraint '{label}'{f' ({when})' if when else ''} is not modeled and was "
                "not imported.",
                row,
            )

    def read_link(self, link: Element, task: _RawTask) -> None:
        predecessor = text(link, "PredecessorUID")
        if not predecessor:
            return
        if text(link, "CrossProject") == "1":
            self.warn(
                f"Link to a task in another project ({text(link, 'CrossProjectName') or '?'}) "
                "not imported.",
                task.row,
            )
            return
        format_text = text(link, "LagFormat")
        where = f"{task.where} <PredecessorLink> to UID {predecessor}"
        lag_text = text(link, "LinkLag")
        lag_raw = parse_number(lag_text) if lag_text else 0.0
        # The unit depends on LagFormat: the converted lag is checked in ``resolve_links``.
        why = "is not a number" if lag_raw is None else None
        if lag_raw is not None and not math.isfinite(lag_raw):
            why = "is not a finite number"
        if why is not None:
            self.error(located(where, "<LinkLag>", lag_text, why), task.row)
            lag_raw = 0.0
        task.links.append(
            _Link(
                predecessor_uid=to_int(predecessor, -1),
                type_code=to_int(text(link, "Type"), 1),
                lag_raw=lag_raw or 0.0,
                lag_format=to_int(format_text) if format_text else None,
                row=task.row,
                lag_text=lag_text,
                where=where,
            )
        )

    def build_hierarchy(self, raw: list[_RawTask]) -> None:
        stack: list[_RawTask] = []
        for number, task in enumerate(raw, start=1):
            task.doc["id"] = number
            while stack and stack[-1].level >= task.level:
                stack.pop()
            if stack and task.level > stack[-1].level + 1:
                self.warn(
                    f"Outline level {task.level} jumps more than one level below its parent; "
                    f"placed directly under '{stack[-1].doc['name']}'.",
                    task.row,
                )
            elif not stack and task.level > 1:
                self.warn(
                    f"Outline level {task.level} without a parent above it; placed at the top "
                    "level.",
                    task.row,
                )
            task.doc["parent"] = stack[-1].doc["id"] if stack else None
            stack.append(task)
        # MS Project computes the duration of summary tasks; keep it informative only.
        for task in raw:
            if text(task.element, "Summary") == "1" and task.doc["milestone"]:
                task.doc["milestone"] = False

    def read_owners(self, raw: list[_RawTask]) -> None:
        names = {
            to_int(text(r, "UID"), -1): text(r, "Name")
            for r in self.root.findall("Resources/Resource")
            if text(r, "IsNull") != "1"
        }
        owners: dict[int, list[str]] = defaultdict(list)
        for assignment in self.root.findall("Assignments/Assignment"):
            task_uid = to_int(text(assignment, "TaskUID"), -1)
            name = names.get(to_int(text(assignment, "ResourceUID"), -1), "")
            if name and name not in owners[task_uid]:
                owners[task_uid].append(name)
        for task in raw:
            task.doc["owner"] = ", ".join(owners.get(task.uid, []))

    def resolve_links(self, raw: list[_RawTask]) -> None:
        by_uid: dict[int, _RawTask] = {}
        for task in raw:
            if task.uid in by_uid:
                self.warn(
                    f"UID {task.uid} is used by two tasks; links to it go to the first, "
                    f"'{by_uid[task.uid].doc['name']}'.",
                    task.row,
                )
            else:
                by_uid[task.uid] = task
        for task in raw:
            for link in task.links:
                predecessor = by_uid.get(link.predecessor_uid)
                if predecessor is None:
                    self.warn(
                        f"Link from unknown or blank task UID {link.predecessor_uid} skipped.",
                        link.row,
                    )
                    continue
                if predecessor is task:
                    self.warn("A task linked to itself; link skipped.", link.row)
                    continue
                link_type = LINK_TYPES.get(link.type_code)
                if link_type is None:
                    self.warn(
                        f"Unknown link type {link.type_code}; read as finish-to-start.",
                        link.row,
                    )
                    link_type = "FS"
                lag = self.lag_minutes(link, predecessor)
                if (why := lag_problem(lag)) is not None:
                    self.error(located(link.where, "<LinkLag>", link.lag_text, why), link.row)
                    lag = 0
                task.doc["predecessors"].append(
                    link_entry(predecessor.doc["id"], link_type, lag, self.display_minutes_per_day)
                )

    def lag_minutes(self, link: _Link, predecessor: _RawTask) -> int:
        code = link.lag_format
        if not link.lag_raw:
            return 0
        if code in _PERCENT_FORMATS or code in _ELAPSED_PERCENT_FORMATS:
            base = predecessor.doc["duration_minutes"]
            minutes = round(link.lag_raw * base / 100)
            kind = "elapsed percent" if code in _ELAPSED_PERCENT_FORMATS else "percent"
            self.warn(
                f"Lag of {link.lag_raw:g}% ({kind}) of '{predecessor.doc['name']}' "
                f"converted to {format_duration(minutes, self.display_minutes_per_day)} "
                "(it will not follow later changes of that task's duration).",
                link.row,
            )
            return minutes
        tenths = link.lag_raw / 10
        if code in _ELAPSED_FORMATS:
            minutes = self.elapsed_to_working(tenths)
            self.warn(
                f"Elapsed lag of {_elapsed_text(tenths)} converted to "
                f"{format_duration(minutes, self.display_minutes_per_day)} of working time.",
                link.row,
            )
            return minutes
        if code is not None and code not in _WORKING_FORMATS:
            self.warn(
                f"Unknown lag format {code}; the lag was read as working time.",
                link.row,
            )
        return round(tenths)

    def read_baselines(self, raw: list[_RawTask]) -> list[dict[str, Any]]:
        by_number: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for task in raw:
            for baseline in task.element.findall("Baseline"):
                number = to_int(text(baseline, "Number"), 0)
                where = f"{task.where} <Baseline> {number}"
                start = self.when(baseline, "Start", where, task.row)
                finish = self.when(baseline, "Finish", where, task.row)
                if start is None and finish is None:
                    continue
                minutes = self.duration_minutes(text(baseline, "Duration") or "PT0H0M0S") or 0
                by_number[number].append(
                    {
                        "task": task.doc["id"],
                        "start": start,
                        "finish": finish,
                        "duration_minutes": max(0, round(minutes)),
                    }
                )
        created = (
            iso_minute(text(self.root, "LastSaved"))
            or iso_minute(text(self.root, "CreationDate"))
            or iso_minute(text(self.root, "StartDate"))
        )
        baselines = []
        for number in sorted(by_number):
            baselines.append(
                {
                    "name": "Baseline" if number == 0 else f"Baseline {number}",
                    "created": created,
                    "tasks": by_number[number],
                }
            )
        if baselines:
            self.notes.append(
                f"{len(baselines)} baseline(s) imported (dates and durations; baseline work "
                "and cost are not imported)."
            )
        return baselines

    def note_task_flags(self, raw: list[_RawTask]) -> None:
        manual = [t for t in raw if text(t.element, "Manual") == "1"]
        if manual:
            self.notes.append(
                f"{len(manual)} manually scheduled task(s): InfraDesk schedules every task "
                "from its links and constraints."
            )
        actuals = [t for t in raw if text(t.element, "ActualStart")]
        if actuals:
            self.notes.append(
                f"Actual start/finish dates of {len(actuals)} task(s) are not imported; "
                "InfraDesk keeps their % complete."
            )
        costly = [
            t
            for t in raw
            if to_float(text(t.element, "Cost")) or to_float(text(t.element, "FixedCost"))
        ]
        if costly:
            self.notes.append(f"Costs of {len(costly)} task(s) are not imported.")
        own_calendar = [t for t in raw if to_int(text(t.element, "CalendarUID"), -1) > 0]
        if own_calendar:
            self.notes.append(
                f"{len(own_calendar)} task(s) have their own calendar in MS Project; they "
                "follow the project calendar in InfraDesk."
            )
        for task in raw:
            element = task.element
            if text(element, "Active") == "0":
                self.warn("Inactive task imported as an ordinary task.", task.row)
            stop = parse_datetime(text(element, "Stop"))
            resume = parse_datetime(text(element, "Resume"))
            if stop and resume and resume > stop:
                self.warn(
                    f"Split task (stopped {stop:%Y-%m-%d}, resumed {resume:%Y-%m-%d}) imported "
                    "as one continuous task.",
                    task.row,
                )
            if text(element, "Recurring") == "1":
                self.info(
                    "Recurring task imported as a summary of its occurrences.",
                    task.row,
                )
            if text(element, "IsSubproject") == "1" or text(element, "ExternalTask") == "1":
                self.warn(
                    "Inserted project / external task imported as a plain task.",
                    task.row,
                )


def _minutes_per_week_problem(minutes: float) -> str | None:
    if not math.isfinite(minutes) or not 1 <= minutes <= ELAPSED_MINUTES_PER_WEEK:
        return f"is not between 1 and {ELAPSED_MINUTES_PER_WEEK} minutes (a week has 168 hours)"
    return None


def _days_per_month_problem(days: float) -> str | None:
    if not math.isfinite(days) or not 1 <= days <= 31:
        return "is not between 1 and 31 days"
    return None


def _elapsed_text(minutes: float) -> str:
    if minutes % 1440 == 0:
        return f"{minutes / 1440:g} elapsed day(s)"
    if minutes % 60 == 0:
        return f"{minutes / 60:g} elapsed hour(s)"
    return f"{minutes:g} elapsed minute(s)"


def read_mspdi(path: XmlSource) -> ImportResult:
    """Read an MS Project XML (MSPDI) file into an interchange document with one project.

    Raises :class:`~infradesk.interchange.problems.UnreadableFileError` when the file is not
    MSPDI, is truncated, or carries a DTD/entities (refused for safety).
    """
    label = source_label(path)
    root = parse_xml(path, kind=KIND)
    require_root(root, "Project", kind=KIND, label=label)
    if root.find("Tasks") is None and root.find("Calendars") is None:
        # <Project> is a common root name; an MSPDI file always has Tasks or Calendars.
        raise UnreadableFileError(
            f"{label}: not an MS Project XML file — <Project> has neither <Tasks> nor <Calendars>."
        )
    reader = _Reader(root, label)
    document = reader.read()
    return ImportResult(document=document, problems=reader.problems, notes=reader.notes)
