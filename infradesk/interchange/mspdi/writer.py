"""Write one project of an interchange document as Microsoft Project XML (MSPDI).

The output is what MS Project 2010+ (``SaveVersion`` 14) opens: a project summary task with
UID 0, tasks with outline level/number, WBS, summary and milestone flags, durations as
``PT..H..M0S`` of working time, predecessor links with ``LinkLag`` in tenths of a minute, one
base calendar (weekdays, working times, holidays and working exceptions), owners as resources
with assignments, and the first baseline as ``<Baseline>`` number 0.

MSPDI is validated against an XML schema whose sequences fix the order of child elements, so
every element list below follows the schema order.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO
from xml.etree.ElementTree import Element, SubElement

from infradesk.errors import UserError
from infradesk.interchange import document as d
from infradesk.interchange.document_schedule import (
    delivery_gates,
    gated_constraint,
    working_calendar,
)
from infradesk.interchange.mspdi.units import CONSTRAINT_CODES, PRODUCTION_CHANGE_ALIAS
from infradesk.interchange.xml_common import DEFAULT_HOURS, minutes_of_hours
from infradesk.interchange.xml_stream import SPACE, element_text, write_container
from infradesk.schedule.calendar import CalendarError, format_clock
from infradesk.schedule.durations import DEFAULT_MINUTES_PER_DAY
from infradesk.schedule.passes import gc_paused
from infradesk.text_safety import xml_text

NAMESPACE = "http://schemas.microsoft.com/project"
SAVE_VERSION = "14"
LINK_TYPE_CODES = {"FF": "0", "FS": "1", "SF": "2", "SS": "3"}
#: Task field Flag1 carries InfraDesk's "production change" flag (alias "Production change").
FLAG1_FIELD_ID = "188743752"
# Lag and duration display formats: 3 = minutes, 5 = hours, 7 = days.
FORMAT_MINUTES, FORMAT_HOURS, FORMAT_DAYS = "3", "5", "7"
ELAPSED_MINUTES_PER_DAY = 1440  # an elapsed day: 24 hours of the clock


class MspdiExportError(UserError, ValueError):
    """The document cannot be written as MSPDI (no such project, a broken task tree)."""


def write_mspdi(
    document: d.Document, path_or_stream: str | Path | BinaryIO, project_index: int = 0
) -> None:
    """Write ``document.projects[project_index]`` as MSPDI to a path or a binary stream.

    The tasks and assignments are built and written one at a time (a 100,000-task file
    never exists as one tree); the text is what ``ElementTree`` writes for the whole tree
    indented by two spaces."""
    projects = document.projects
    if not 0 <= project_index < len(projects):
        raise MspdiExportError(
            f"The document has {len(projects)} project(s); there is no project number "
            f"{project_index + 1} to export."
        )
    builder = _MspdiBuilder(projects[project_index], document)
    with gc_paused():  # many small objects and no cycles: a collection would only cost time
        if isinstance(path_or_stream, str | Path):
            with open(path_or_stream, "wb") as handle:
                _write(builder, handle)
        else:
            _write(builder, path_or_stream)


def _write(builder: _MspdiBuilder, stream: BinaryIO) -> None:
    # The declaration MS Project itself writes (ElementTree's uses single quotes).
    stream.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n')
    chunks: list[str] = []

    def write(text: str) -> None:
        chunks.append(text)
        if len(chunks) >= 4096:
            flush()

    def flush() -> None:
        # as ElementTree.write encodes: what UTF-8 cannot carry as character references
        stream.write("".join(chunks).encode("utf-8", "xmlcharrefreplace"))
        chunks.clear()

    root, streamed = builder.build_streamed()
    write(f'<{root.tag} xmlns="{NAMESPACE}">')
    for child in root:
        write("\n" + SPACE)
        items = streamed.get(child.tag)
        if items is not None:
            write_container(write, child.tag, items, 1)
        else:
            write(element_text(child, 1))
    write(f"\n</{root.tag}>")
    flush()


# -- value formatting -----------------------------------------------------------------------
def xsd_duration(minutes: int) -> str:
    """Working minutes as MS Project writes durations: ``PT16H30M0S``."""
    sign = "-" if minutes < 0 else ""
    minutes = abs(int(minutes))
    return f"{sign}PT{minutes // 60}H{minutes % 60}M0S"


def _xml_datetime(value: datetime | None) -> str | None:
    return value.strftime("%Y-%m-%dT%H:%M:%S") if value else None


def _time(minutes: int) -> str:
    """480 -> ``08:00:00``; 1440 (end of day) -> ``00:00:00`` as MS Project writes."""
    return f"{format_clock(minutes % 1440)}:00"


def _add(parent: Element, tag: str, value: object | None) -> Element | None:
    """Append ``<tag>value</tag>`` unless ``value`` is None."""
    if value is None:
        return None
    child = SubElement(parent, tag)
    if isinstance(value, bool):
        child.text = "1" if value else "0"
    else:
        child.text = xml_text(str(value))
    return child


def currency_value(amount: Decimal) -> str:
    """MSPDI's currency: hundredths of the currency unit (``1200.50`` -> ``120050``)."""
    return str((amount * 100).quantize(Decimal(1)))


def constraint_of(task: d.Task, gate: datetime | None = None) -> tuple[int, datetime | None]:
    """MS Project's ``ConstraintType`` number and date of a task; ``gate``: the earliest
    start a vendor delivery allows it, which MS Project (without deliveries) can only hold
    as a start-no-earlier-than, applied as the workspace applies it."""
    kind, moment = gated_constraint(task.constraint_type, task.constraint_date, gate)
    if kind in ("ASAP", "ALAP") or moment is None:
        return (1 if kind == "ALAP" else 0), None
    return CONSTRAINT_CODES[kind], moment


def _delivery_gates(project: d.Project) -> dict[int, datetime]:
    """Document task id -> the start its deliveries allow (none when the calendar cannot be
    used: the export then writes the tasks' own constraints)."""
    try:
        return delivery_gates(project, working_calendar(project.calendar))
    except CalendarError:
        return {}


def _display_format(minutes: int, minutes_per_day: int) -> str:
    if minutes_per_day and minutes % minutes_per_day == 0:
        return FORMAT_DAYS
    if minutes % 60 == 0:
        return FORMAT_HOURS
    return FORMAT_MINUTES


def _task_format(task: d.Task, minutes: int, minutes_per_day: int) -> str:
    """A task's DurationFormat: elapsed units (``ed`` 8, ``eh`` 6, ``em`` 4) are the working
    code + 1, estimated ones (``d?`` 39, ``ed?`` 40) the code + 32 (MS Project's PjFormatUnit)."""
    elapsed = task.elapsed and not task.milestone
    code = int(_display_format(minutes, ELAPSED_MINUTES_PER_DAY if elapsed else minutes_per_day))
    return str(code + (1 if elapsed else 0) + (32 if task.estimated else 0))


class _MspdiBuilder:
    def __init__(self, project: d.Project, document: d.Document | None = None) -> None:
        self.project = project
        self.pool = _Pool(document)
        self.calendar = project.calendar or d.Calendar()
        self.hours: d.Hours = self.calendar.working_hours or DEFAULT_HOURS
        self.weekdays: list[int] = sorted(set(self.calendar.working_weekdays))
        self.minutes_per_day = minutes_of_hours(self.hours) or DEFAULT_MINUTES_PER_DAY
        self.tasks: tuple[d.Task, ...] = project.tasks
        self.uid_of: dict[int, int] = {}
        for number, task in enumerate(self.tasks, start=1):
            if task.id in self.uid_of:
                raise MspdiExportError(f"Task id {task.id} is used twice.")
            self.uid_of[task.id] = number
        self.children: dict[int | None, list[d.Task]] = {}
        for task in self.tasks:
            self.children.setdefault(task.parent, []).append(task)
        self.gates = _delivery_gates(project)

    # -- per-task values ----------------------------------------------------------------------
    @staticmethod
    def task_minutes(task: d.Task) -> int:
        return 0 if task.milestone else max(0, task.duration_minutes)

    @staticmethod
    def task_start(task: d.Task) -> datetime | None:
        return task.computed.early_start if task.computed else task.start

    @staticmethod
    def task_finish(task: d.Task) -> datetime | None:
        return task.computed.early_finish if task.computed else task.finish

    # -- document -----------------------------------------------------------------------------
    def outline(self) -> list[tuple[d.Task, int, str]]:
        """Tasks in outline order with their outline level and number (``1.2.3``)."""
        ordered: list[tuple[d.Task, int, str]] = []
        known = set(self.uid_of)
        roots = [t for t in self.tasks if t.parent is None or t.parent not in known]
        visited: set[int] = set()

        def walk(items: list[d.Task], level: int, prefix: str) -> None:
            for position, task in enumerate(items, start=1):
                if task.id in visited:
                    raise MspdiExportError(f"Task '{task.name}' is its own ancestor.")
                visited.add(task.id)
                number = f"{prefix}{position}"
                ordered.append((task, level, number))
                walk(self.children.get(task.id, []), level + 1, f"{number}.")

        walk(roots, 1, "")
        if len(ordered) != len(self.tasks):
            raise MspdiExportError("The task tree has a cycle (a task is its own ancestor).")
        return ordered

    def build_streamed(self) -> tuple[Element, dict[str, Iterator[Element]]]:
        """The file's root with its small parts, and the big containers' records (tasks,
        assignments) by tag, each built when the writer asks for it."""
        project = self.project
        root = Element("Project")
        outline = self.outline()
        per_task = self.collect_assignments(outline)  # numbers the resources and calendars
        starts = [s for s in (self.task_start(t) for t in self.tasks) if s]
        finishes = [f for f in (self.task_finish(t) for t in self.tasks) if f]
        project_start = project.start or (min(starts) if starts else None)
        if project_start is None:
            project_start = datetime.combine(date.today(), datetime.min.time())
        project_finish = max(finishes) if finishes else project_start
        now = datetime.now().replace(second=0, microsecond=0)
        first_hour = self.hours[0][0] if self.hours else 480
        last_hour = self.hours[-1][1] if self.hours else 1020

        _add(root, "SaveVersion", SAVE_VERSION)
        _add(root, "Name", project.name or "Project")
        _add(root, "Title", project.name or "Project")
        _add(root, "Manager", project.manager or None)
        _add(root, "CreationDate", _xml_datetime(now))
        _add(root, "LastSaved", _xml_datetime(now))
        _add(root, "ScheduleFromStart", True)
        _add(root, "StartDate", _xml_datetime(project_start))
        _add(root, "FinishDate", _xml_datetime(project_finish))
        _add(root, "FYStartDate", 1)
        _add(root, "CriticalSlackLimit", 0)
        _add(root, "CurrencyDigits", 2)
        _add(root, "CurrencyCode", project.currency or "EUR")
        _add(root, "CalendarUID", 1)
        _add(root, "DefaultStartTime", _time(first_hour))
        _add(root, "DefaultFinishTime", _time(last_hour))
        _add(root, "MinutesPerDay", self.minutes_per_day)
        _add(root, "MinutesPerWeek", self.minutes_per_day * max(1, len(self.weekdays)))
        _add(root, "DaysPerMonth", 20)
        _add(root, "DefaultTaskType", 1)  # fixed duration: no resource levelling surprises
        _add(root, "DurationFormat", FORMAT_DAYS)
        _add(root, "WorkFormat", 2)
        _add(root, "EditableActualCosts", True)  # keep the tasks' own actual costs
        _add(root, "HonorConstraints", False)
        _add(root, "WeekStartDay", 1)
        _add(root, "StatusDate", _xml_datetime(project.status_date))
        _add(root, "CurrentDate", _xml_datetime(now))
        _add(root, "NewTasksAreManual", False)

        if any(task.production_change for task in self.tasks):
            definitions = SubElement(root, "ExtendedAttributes")
            definition = SubElement(definitions, "ExtendedAttribute")
            _add(definition, "FieldID", FLAG1_FIELD_ID)
            _add(definition, "FieldName", "Flag1")
            _add(definition, "Alias", PRODUCTION_CHANGE_ALIAS)

        calendars = SubElement(root, "Calendars")
        self.build_calendar(calendars, project_start, project_finish)
        self.build_resource_calendars(calendars)

        SubElement(root, "Tasks")
        streamed = {
            "Tasks": self.task_elements(outline, project_start, project_finish),
            "Assignments": self.build_resources(root, per_task),
        }
        return root, streamed

    def task_elements(
        self, outline: list[tuple[d.Task, int, str]], start: datetime, finish: datetime
    ) -> Iterator[Element]:
        """The project summary task, then every task in outline order, one at a time."""
        holder = Element("Tasks")
        self.build_summary_task(holder, start, finish)
        yield holder[0]
        baseline = self.baseline_by_task()
        for row, (task, level, number) in enumerate(outline, start=1):
            holder = Element("Tasks")
            self.build_task(holder, task, row, level, number, baseline.get(task.id))
            yield holder[0]

    # -- calendar -------------------------------------------------------------------------------
    def build_calendar(self, parent: Element, start: datetime, finish: datetime) -> None:
        calendar = SubElement(parent, "Calendar")
        _add(calendar, "UID", 1)
        _add(calendar, "Name", "Standard")
        _add(calendar, "IsBaseCalendar", True)
        _add(calendar, "IsBaselineCalendar", False)
        _add(calendar, "BaseCalendarUID", -1)
        self.add_week(calendar, self.weekdays, self.hours)
        self.add_exceptions(calendar, self.calendar_entries(start, finish))

    def add_week(self, calendar: Element, weekdays: list[int], hours: d.Hours) -> None:
        week = SubElement(calendar, "WeekDays")
        for day_type in range(1, 8):  # 1 = Sunday ... 7 = Saturday
            ours = (day_type - 2) % 7
            weekday = SubElement(week, "WeekDay")
            _add(weekday, "DayType", day_type)
            working = ours in weekdays and bool(hours)
            _add(weekday, "DayWorking", working)
            if working:
                self.add_working_times(weekday, hours)

    def add_exceptions(
        self, calendar: Element, entries: list[tuple[date, str, d.Hours | None]]
    ) -> None:
        if not entries:
            return
        exceptions = SubElement(calendar, "Exceptions")
        for day, name, hours in entries:
            exception = SubElement(exceptions, "Exception")
            _add(exception, "EnteredByOccurrences", False)
            period = SubElement(exception, "TimePeriod")
            _add(period, "FromDate", f"{day.isoformat()}T00:00:00")
            _add(period, "ToDate", f"{day.isoformat()}T23:59:00")
            _add(exception, "Occurrences", 1)
            _add(exception, "Name", name or ("Working day" if hours else "Holiday"))
            _add(exception, "Type", 1)
            _add(exception, "DayWorking", bool(hours))
            if hours:
                self.add_working_times(exception, hours)

    def build_resource_calendars(self, parent: Element) -> None:
        """The base calendars the resources work, then one calendar per resource with its
        own days (derived from its base calendar, or the project's), as MS Project keeps
        them: a resource's leave is a non-working exception of its calendar."""
        own = self.pool.own_calendars()  # numbers the calendars first
        for name, (uid, base) in self.pool.base_uids.items():
            calendar = SubElement(parent, "Calendar")
            _add(calendar, "UID", uid)
            _add(calendar, "Name", name)
            _add(calendar, "IsBaseCalendar", True)
            _add(calendar, "IsBaselineCalendar", False)
            _add(calendar, "BaseCalendarUID", -1)
            self.add_week(calendar, sorted(set(base.working_weekdays)), base.working_hours)
        for resource, uid in own:
            calendar = SubElement(parent, "Calendar")
            _add(calendar, "UID", uid)
            _add(calendar, "Name", resource.name)
            _add(calendar, "IsBaseCalendar", False)
            _add(calendar, "IsBaselineCalendar", False)
            _add(calendar, "BaseCalendarUID", self.pool.base_uid(resource))
            entries = sorted(
                (day.date, day.name, day.working_hours if day.kind == "exception" else None)
                for day in resource.days
            )
            self.add_exceptions(calendar, entries)

    @staticmethod
    def add_working_times(parent: Element, hours: d.Hours) -> None:
        times = SubElement(parent, "WorkingTimes")
        for start, finish in hours:
            working_time = SubElement(times, "WorkingTime")
            _add(working_time, "FromTime", _time(start))
            _add(working_time, "ToTime", _time(finish))

    def calendar_entries(
        self, start: datetime, finish: datetime
    ) -> list[tuple[date, str, d.Hours | None]]:
        """Holidays (no hours) and working exceptions, one per date, sorted."""
        entries: dict[date, tuple[str, d.Hours | None]] = {}
        country = self.calendar.holiday_country
        if country:
            for day, name in _country_holidays(
                country, self.calendar.holiday_region, start, finish
            ):
                entries[day] = (name, None)
        for holiday in self.calendar.holidays:
            entries[holiday.date] = (holiday.name, None)
        for exception in self.calendar.exceptions:
            entries[exception.date] = (exception.name, exception.working_hours or None)
        return [(day, name, hours) for day, (name, hours) in sorted(entries.items())]

    # -- tasks ----------------------------------------------------------------------------------
    def build_summary_task(self, parent: Element, start: datetime, finish: datetime) -> None:
        task = SubElement(parent, "Task")
        _add(task, "UID", 0)
        _add(task, "ID", 0)
        _add(task, "Name", self.project.name or "Project")
        _add(task, "Active", True)
        _add(task, "Manual", False)
        _add(task, "Type", 1)
        _add(task, "IsNull", False)
        _add(task, "WBS", 0)
        _add(task, "OutlineNumber", 0)
        _add(task, "OutlineLevel", 0)
        _add(task, "Start", _xml_datetime(start))
        _add(task, "Finish", _xml_datetime(finish))
        _add(task, "DurationFormat", FORMAT_DAYS)
        _add(task, "Milestone", False)
        _add(task, "Summary", True)
        _add(task, "ConstraintType", 0)
        _add(task, "Notes", self.project.description or None)

    def build_task(
        self,
        parent: Element,
        task: d.Task,
        row: int,
        level: int,
        outline_number: str,
        baseline: d.BaselineTask | None,
    ) -> None:
        element = SubElement(parent, "Task")
        uid = self.uid_of[task.id]
        is_summary = bool(self.children.get(task.id))
        minutes = self.task_minutes(task)
        milestone = task.milestone and not is_summary
        start = self.task_start(task)
        finish = self.task_finish(task)
        if milestone and start:
            finish = start
        percent_value = round(task.percent_complete)

        _add(element, "UID", uid)
        _add(element, "ID", row)
        _add(element, "Name", task.name or f"Task {row}")
        _add(element, "Active", True)
        _add(element, "Manual", task.manual)
        _add(element, "Type", TASK_TYPE_CODES.get(task.task_type, 1))
        _add(element, "IsNull", False)
        _add(element, "WBS", task.wbs or outline_number)
        _add(element, "OutlineNumber", outline_number)
        _add(element, "OutlineLevel", level)
        _add(element, "Priority", task.priority)
        _add(element, "Start", _xml_datetime(start))
        _add(element, "Finish", _xml_datetime(finish))
        _add(element, "Duration", xsd_duration(minutes))
        _add(element, "DurationFormat", _task_format(task, minutes, self.minutes_per_day))
        _add(element, "Estimated", task.estimated)
        _add(element, "Milestone", milestone)
        _add(element, "Summary", is_summary)
        _add(element, "Critical", bool(task.computed and task.computed.critical))
        if task.computed is not None:
            _add(element, "TotalSlack", task.computed.total_float_minutes * 10)
        own = not is_summary  # MS Project rolls a summary's costs and actuals up itself
        if own:
            _add(element, "FixedCost", currency_value(task.cost))  # resources' cost apart
        _add(element, "PercentComplete", max(0, min(100, percent_value)))
        if own:
            self.build_progress(element, task, minutes)
        else:
            started, finished = self.rolled_up_actuals(task)
            _add(element, "ActualStart", _xml_datetime(started))
            _add(element, "ActualFinish", _xml_datetime(finished))
        code, constraint_date = constraint_of(task, self.gates.get(task.id))
        _add(element, "ConstraintType", code)
        _add(element, "CalendarUID", self.pool.task_calendar_uid(task.calendar))
        _add(element, "ConstraintDate", _xml_datetime(constraint_date))
        _add(element, "Deadline", _xml_datetime(task.deadline))
        if task.leveling_delay_minutes:  # tenths of a working minute, shown in days
            _add(element, "LevelingDelay", task.leveling_delay_minutes * 10)
            _add(element, "LevelingDelayFormat", FORMAT_DAYS)
        _add(element, "Notes", task.notes or None)
        for link in task.predecessors:
            predecessor_uid = self.uid_of.get(link.task)
            if predecessor_uid is None:
                continue
            lag = link.lag_minutes
            link_element = SubElement(element, "PredecessorLink")
            _add(link_element, "PredecessorUID", predecessor_uid)
            _add(link_element, "Type", LINK_TYPE_CODES.get(link.type, "1"))
            _add(link_element, "CrossProject", False)
            _add(link_element, "LinkLag", lag * 10)
            _add(link_element, "LagFormat", _display_format(lag, self.minutes_per_day))
        if task.production_change:
            flag = SubElement(element, "ExtendedAttribute")
            _add(flag, "FieldID", FLAG1_FIELD_ID)
            _add(flag, "Value", 1)
        if baseline:
            self.build_baseline(element, baseline)

    def rolled_up_actuals(self, summary: d.Task) -> tuple[datetime | None, datetime | None]:
        """A summary's actual start (its first task's) and actual finish (its last task's,
        once every task finished), as MS Project rolls them up: written so that a reader
        which does not recalculate (MPXJ) sees a started summary as started, not a summary
        with a percent complete and no actual start."""
        leaves: list[d.Task] = []
        pending = list(self.children.get(summary.id, []))
        while pending:
            task = pending.pop()
            below = self.children.get(task.id)
            if below:
                pending.extend(below)
            else:
                leaves.append(task)
        started = min((t.actual_start for t in leaves if t.actual_start), default=None)
        finishes = [t.actual_finish for t in leaves]
        done = bool(finishes) and all(finishes)
        return started, max(f for f in finishes if f) if done else None

    def build_progress(self, element: Element, task: d.Task, minutes: int) -> None:
        """Cost, actual dates, actual and remaining duration and actual cost, in the
        schema's order (between PercentComplete and ConstraintType)."""
        done = d.done_minutes(minutes, task.percent_complete)
        resources = sum((a.cost or d.ZERO for a in task.assignments), d.ZERO)
        _add(element, "Cost", currency_value(task.cost + resources))
        _add(element, "ActualStart", _xml_datetime(task.actual_start))
        _add(element, "ActualFinish", _xml_datetime(task.actual_finish))
        _add(element, "ActualDuration", xsd_duration(done))
        _add(element, "ActualCost", currency_value(task.actual_cost))
        _add(element, "RemainingDuration", xsd_duration(minutes - done))

    def build_baseline(self, parent: Element, entry: d.BaselineTask) -> None:
        element = SubElement(parent, "Baseline")
        _add(element, "Number", 0)
        _add(element, "Start", _xml_datetime(entry.start))
        _add(element, "Finish", _xml_datetime(entry.finish))
        minutes = entry.duration_minutes
        _add(element, "Duration", xsd_duration(minutes))
        _add(element, "DurationFormat", _display_format(minutes, self.minutes_per_day))
        _add(element, "EstimatedDuration", False)
        _add(element, "Cost", currency_value(entry.cost))

    def baseline_by_task(self) -> dict[int, d.BaselineTask]:
        baselines = self.project.baselines
        if not baselines:
            return {}
        return {entry.task: entry for entry in baselines[0].tasks}

    # -- resources and assignments ------------------------------------------------------------
    def collect_assignments(
        self, outline: list[tuple[d.Task, int, str]]
    ) -> list[tuple[d.Task, tuple[d.Assignment, ...]]]:
        """Each task's assignments, in outline order; a task of a document without
        assignments (an older file) has its owner names as resources at 100%."""
        per_task: list[tuple[d.Task, tuple[d.Assignment, ...]]] = []
        for task, _level, _number in outline:
            if task.calendar:
                self.pool.use_calendar(task.calendar)
            given = task.assignments or tuple(
                d.Assignment(name.strip()) for name in task.owner.split(",") if name.strip()
            )
            for assignment in given:
                self.pool.add(assignment.resource, assignment.units)
            if given:
                per_task.append((task, given))
        return per_task

    def build_resources(
        self, root: Element, per_task: list[tuple[d.Task, tuple[d.Assignment, ...]]]
    ) -> Iterator[Element]:
        """The pool (the document's resources, then names only assignments give) under
        ``root``; returns the assignments with their units, work and cost, built one at a
        time when they are written (under the ``<Assignments>`` added to ``root``)."""
        resources = SubElement(root, "Resources")
        for resource, uid in self.pool.numbered():
            element = SubElement(resources, "Resource")
            _add(element, "UID", uid)
            _add(element, "ID", uid)
            _add(element, "Name", resource.name)
            _add(element, "Type", RESOURCE_TYPE_CODES.get(resource.kind, 1))
            _add(element, "IsNull", False)
            if resource.kind == "material":
                _add(element, "MaterialLabel", resource.material_label or None)
            _add(element, "Group", resource.team or None)
            _add(element, "EmailAddress", resource.email or None)
            _add(element, "MaxUnits", f"{resource.max_units:.2f}")
            _add(element, "StandardRate", _plain(resource.rate_per_hour))
            _add(element, "StandardRateFormat", 2)  # per hour
            _add(element, "CostPerUse", currency_value(resource.cost_per_use))
            _add(element, "CalendarUID", self.pool.calendar_uid(resource))
            _add(element, "Notes", resource.notes or None)
            if resource.kind == "cost":
                _add(element, "IsCostResource", True)
        SubElement(root, "Assignments")
        return self.assignment_elements(per_task)

    def assignment_elements(
        self, per_task: list[tuple[d.Task, tuple[d.Assignment, ...]]]
    ) -> Iterator[Element]:
        assignment_uid = 0
        for task, given in per_task:
            minutes = self.task_minutes(task)
            for item in given:
                assignment_uid += 1
                resource = self.pool.get(item.resource)
                work = item.work_minutes
                if resource.kind == "material":  # a quantity, written as hours
                    work = 60 * (round(item.units) if work is None else work)
                elif work is None:
                    work = 0 if resource.kind == "cost" else round(minutes * item.units)
                element = Element("Assignment")
                _add(element, "UID", assignment_uid)
                _add(element, "TaskUID", self.uid_of[task.id])
                _add(element, "ResourceUID", self.pool.uid(item.resource))
                if item.cost is not None:
                    _add(element, "Cost", currency_value(item.cost))
                _add(element, "Finish", _xml_datetime(self.task_finish(task)))
                _add(element, "Start", _xml_datetime(self.task_start(task)))
                _add(element, "Units", _units(item.units))
                _add(element, "Work", xsd_duration(work))
                yield element


RESOURCE_TYPE_CODES = {"material": 0, "work": 1, "cost": 2}
TASK_TYPE_CODES = {"fixed_units": 0, "fixed_duration": 1, "fixed_work": 2}


def _plain(amount: Decimal) -> str:
    """A rate as MSPDI writes it: a plain decimal per hour (``85``, ``12.5``)."""
    return format(amount.normalize(), "f") if amount else "0"


def _units(units: float) -> str:
    return f"{units:.6f}".rstrip("0").rstrip(".") or "0"


class _Pool:
    """The resources one export writes: the document's records, and plain work resources
    for names only an assignment or an owner gives; numbered from 1, with calendar UIDs
    after the project calendar (1): the base calendars, then the resources' own."""

    def __init__(self, document: d.Document | None) -> None:
        listed = document.resources if document else ()
        self.records = {d.resource_key(r.name): r for r in listed}
        self.listed = set(self.records)
        self.order: list[str] = list(dict.fromkeys(d.resource_key(r.name) for r in listed))
        bases = {d.resource_key(c.name): c for c in (document.base_calendars if document else ())}
        self.bases = bases
        self.base_uids: dict[str, tuple[int, d.BaseCalendar]] = {}
        self._own: dict[str, int] = {}
        self._task_calendars: list[str] = []  # name keys of the tasks' base calendars
        self._numbered = False

    def add(self, name: str, units: float = 1.0) -> None:
        key = d.resource_key(name)
        if key not in self.order:
            self.order.append(key)
        record = self.records.get(key)
        if record is None or (key not in self.listed and record.kind == "work"):
            self.records[key] = d.unlisted_resource(name, units)

    def get(self, name: str) -> d.Resource:
        return self.records[d.resource_key(name)]

    def uid(self, name: str) -> int:
        return self.order.index(d.resource_key(name)) + 1

    def numbered(self) -> list[tuple[d.Resource, int]]:
        return [(self.records[key], number) for number, key in enumerate(self.order, start=1)]

    def use_calendar(self, name: str) -> None:
        """A task runs on the base calendar ``name`` (numbered with the resources')."""
        key = d.resource_key(name)
        if key not in self._task_calendars:
            self._task_calendars.append(key)

    def task_calendar_uid(self, name: str) -> int | None:
        """The calendar UID of a task's base calendar; None: the project calendar."""
        self._number_calendars()
        base = self.bases.get(d.resource_key(name)) if name else None
        return self.base_uids[base.name][0] if base is not None else None

    def _number_calendars(self) -> None:
        """Calendar UIDs, once every name is known (the first question numbers them)."""
        if self._numbered:
            return
        self._numbered = True
        next_uid = 2
        for key in self._task_calendars:
            base = self.bases.get(key)
            if base is not None and base.name not in self.base_uids:
                self.base_uids[base.name] = (next_uid, base)
                next_uid += 1
        for key in self.order:
            resource = self.records[key]
            base = self.bases.get(d.resource_key(resource.calendar))
            if base is not None and base.name not in self.base_uids:
                self.base_uids[base.name] = (next_uid, base)
                next_uid += 1
        for key in self.order:
            if self.records[key].days:
                self._own[key] = next_uid
                next_uid += 1

    def base_uid(self, resource: d.Resource) -> int:
        self._number_calendars()
        base = self.bases.get(d.resource_key(resource.calendar))
        return self.base_uids[base.name][0] if base is not None else 1

    def calendar_uid(self, resource: d.Resource) -> int:
        self._number_calendars()
        own = self._own.get(d.resource_key(resource.name))
        return own if own is not None else self.base_uid(resource)

    def own_calendars(self) -> list[tuple[d.Resource, int]]:
        self._number_calendars()
        return [(self.records[key], uid) for key, uid in self._own.items()]


def _country_holidays(
    country: str, region: str | None, start: datetime, finish: datetime
) -> list[tuple[date, str]]:
    """Public holidays of ``country`` for the project's years (MS Project has no such rule,
    so the dates are written out)."""
    try:
        import holidays  # local import: only needed when a country is set
    except ImportError:  # pragma: no cover - a declared dependency
        return []
    years = range(start.year, max(start.year, finish.year) + 2)
    try:
        table = holidays.country_holidays(country, subdiv=region or None, years=years)
    except (NotImplementedError, KeyError, ValueError):
        return []
    first = start.date() - timedelta(days=7)
    return sorted((day, str(name)) for day, name in table.items() if day >= first)
