"""Read GNOME Planner ``.planner`` files (``mrproject-version`` 2).

How Planner stores a plan and how it maps:

* ``<task>`` elements nest to form the outline. A task is scheduled from ``work-start`` (the
  first working instant; ``start`` is midnight of that day) to ``end``; its duration is the
  working time between the two on the project calendar. ``work`` (effort in seconds) is not a
  duration when several people share a task, so it is not used.
* ``type="milestone"`` marks a milestone, ``percent-complete`` the progress, ``note`` the notes.
* ``<constraint type="start-no-earlier-than"|"must-start-on" time=...>``.
* ``<predecessor predecessor-id type="FS|SS|FF|SF" lag=...>``: Planner's lag is *elapsed*
  seconds (a 1-day lag spans a weekend unchanged); it becomes working time using the share of
  working time in a week, and every conversion is reported.
* Calendars: ``default-week`` names a day type per weekday (0 working, 1 non-working,
  2 "use base" in derived calendars); ``overridden-day-types`` gives the hours of a day type;
  ``<day date type="day-type" id>`` marks dated exceptions.
* Times are written with a ``Z`` but are the planner's local wall-clock time; they are read as
  such.
* ``<resources>`` become the pool (``type`` 2 a material, ``email``, ``note``, the standard
  rate per hour, the ``<resource-groups>`` group as the team); ``<allocations>`` assign them
  at their ``units`` (a percentage).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from pathlib import Path
from xml.etree.ElementTree import Element

from infradesk.interchange import document as d
from infradesk.interchange.fidelity_notes import attach_fidelity
from infradesk.interchange.problems import ImportResult, Problem, UnreadableFileError
from infradesk.interchange.value_rules import (
    duration_problem,
    lag_problem,
    percent_problem,
)
from infradesk.interchange.xml_allocations import assign, percent_units, rate
from infradesk.interchange.xml_common import (
    DEFAULT_HOURS,
    WEEKDAY_ATTRIBUTES,
    CalendarDraft,
    TaskDraft,
    XmlReader,
    clock_hours,
    default_calendar,
    one_project_document,
    to_minute,
    walk_outline,
    working_calendar,
)
from infradesk.interchange.xml_safety import XmlSource, parse_xml, require_root, source_label
from infradesk.schedule.calendar import CalendarError, TimeAxis
from infradesk.schedule.durations import format_duration

KIND = "GNOME Planner"
LINK_TYPES: dict[str, d.LinkType] = {"FS": "FS", "SS": "SS", "FF": "FF", "SF": "SF"}
DAY_WORKING, DAY_NONWORKING, DAY_USE_BASE = "0", "1", "2"


def parse_planner_time(value: str | None) -> datetime | None:
    """``20070223T080000Z`` -> ``datetime(2007, 2, 23, 8, 0)`` (wall-clock time)."""
    if not value:
        return None
    try:
        return datetime.strptime(value.strip().rstrip("Z"), "%Y%m%dT%H%M%S")
    except ValueError:
        return None


def _clock(value: str) -> str:
    """``0800`` -> ``08:00``; ``2400`` stays the end of the day."""
    value = value.strip()
    return f"{value[:2]}:{value[2:4]}"


class _PlannerReader(XmlReader):
    def __init__(self, root: Element, label: str) -> None:
        super().__init__(root, label)
        self.tasks: list[TaskDraft] = []
        self.by_planner_id: dict[str, TaskDraft] = {}
        self.links: list[tuple[TaskDraft, Element]] = []
        self.working_share = 5 * 8 / (7 * 24)  # share of a week's minutes that is worked
        self.working_days_share = 5 / 7  # share of a week's days that are worked

    # -- calendar ---------------------------------------------------------------------------
    def find_calendar(self) -> tuple[Element | None, list[Element]]:
        """The project calendar and its chain of base calendars (derived first)."""
        wanted = self.root.get("calendar", "")
        parents: dict[int, Element | None] = {}
        found: Element | None = None

        container = self.root.find("calendars")
        if container is None:
            return None, []
        # Derived calendars nest inside their base; walk them with a stack, in document order
        # (a damaged file may nest them very deep).
        pending: list[tuple[Element, Element | None]] = [
            (calendar, None) for calendar in reversed(container.findall("calendar"))
        ]
        while pending:
            calendar, parent = pending.pop()
            parents[id(calendar)] = parent
            if found is None and calendar.get("id") == wanted:
                found = calendar
            pending.extend((child, calendar) for child in reversed(calendar.findall("calendar")))
        if found is None:
            found = container.find("calendar")
        chain: list[Element] = []
        current = found
        while current is not None:
            chain.append(current)
            current = parents.get(id(current))
        return found, chain

    def read_calendar(self) -> CalendarDraft:
        calendar = default_calendar()
        found, chain = self.find_calendar()
        if found is None:
            self.notes.append("The file has no calendar; the standard Mon–Fri 8–17 week is used.")
            return calendar

        # Hours per day type: the derived calendar's definitions win over its bases'.
        # (Times are read when a day type is used: an unused one cannot refuse the file.)
        hours: dict[str, list[tuple[str, str]]] = {}
        for cal in reversed(chain):
            for day_type in cal.findall("overridden-day-types/overridden-day-type"):
                intervals = [
                    (_clock(i.get("start", "")), _clock(i.get("end", "")))
                    for i in day_type.findall("interval")
                    if i.get("start") and i.get("end")
                ]
                hours[day_type.get("id", "")] = intervals
        working_text = hours.get(DAY_WORKING)
        working_hours = clock_hours(working_text, self.label) if working_text else DEFAULT_HOURS
        calendar.working_hours = working_hours

        def weekday_type(index: int) -> str:
            name = WEEKDAY_ATTRIBUTES[index]
            for cal in chain:
                week = cal.find("default-week")
                value = week.get(name) if week is not None else None
                if value is not None and value != DAY_USE_BASE:
                    return value
            return DAY_WORKING if index < 5 else DAY_NONWORKING

        weekdays = []
        for index in range(7):
            kind = weekday_type(index)
            if kind == DAY_WORKING:
                weekdays.append(index)
            elif kind != DAY_NONWORKING and hours.get(kind):
                weekdays.append(index)
                self.problems.append(
                    Problem(
                        f"{WEEKDAY_ATTRIBUTES[index].title()} uses its own day type "
                        f"'{kind}'; InfraDesk gives every working day the same hours.",
                        "warning",
                        "Calendar",
                    )
                )
        calendar.working_weekdays = weekdays

        by_date: dict[date, tuple[str, d.Hours | None]] = {}
        type_names = {
            t.get("id", ""): t.get("name", "") for t in self.root.iter("day-type") if t.get("id")
        }
        for cal in reversed(chain):
            for day in cal.findall("days/day"):
                if day.get("type") != "day-type":
                    continue
                when = day.get("date", "")
                try:
                    dated = datetime.strptime(when, "%Y%m%d").date()
                except ValueError:
                    continue
                kind = day.get("id", "")
                name = type_names.get(kind, "")
                if kind == DAY_NONWORKING:
                    by_date[dated] = ("", None)
                elif kind == DAY_WORKING:
                    by_date[dated] = ("", working_hours)
                elif hours.get(kind):
                    by_date[dated] = (name, clock_hours(hours[kind], self.label))
                else:
                    by_date[dated] = (name, None)
        for dated in sorted(by_date):
            name, day_hours = by_date[dated]
            if day_hours is None:
                calendar.holidays.append(d.Holiday(dated, name or "Holiday"))
            else:
                calendar.exceptions.append(d.CalendarException(dated, name, day_hours))
        if len(chain) > 1:
            self.notes.append(
                f"Calendar '{found.get('name', '')}' is derived from "
                f"'{chain[1].get('name', '')}'; both were merged into the project calendar."
            )
        return calendar

    # -- tasks ------------------------------------------------------------------------------
    def read_tasks(self, axis: TimeAxis) -> None:
        container = self.root.find("tasks")
        if container is not None:
            walk_outline(
                container,
                lambda element, parent_id, wbs: self.read_task(element, parent_id, wbs, axis),
                label=self.label,
            )

    def planner_time(
        self, element: Element, attribute: str, where: str, row: int | None
    ) -> datetime | None:
        """A Planner time InfraDesk can schedule; ``None`` when missing or unreadable, and
        ``None`` with an error when it is a real time outside the supported dates."""
        return self.schedulable(
            parse_planner_time(element.get(attribute)), where, attribute, element, row
        )

    def read_task(
        self, element: Element, parent_id: int | None, wbs: str, axis: TimeAxis
    ) -> TaskDraft:
        number = len(self.tasks) + 1
        planner_id = element.get("id", "")
        name = (element.get("name") or "").strip() or f"Task {number}"
        milestone = element.get("type") == "milestone"
        where = f"Task id {planner_id} '{name}'"
        begins = "work-start" if parse_planner_time(element.get("work-start")) else "start"
        start = self.planner_time(element, begins, where, number)
        finish = self.planner_time(element, "end", where, number)
        minutes = 0
        if start is None and parse_planner_time(element.get(begins)) is None:
            self.warn(f"Task '{name}' has no readable start.", number)
        if start is not None:
            start = axis.start_at(axis.position_of(start))
            if finish is not None and not milestone:
                minutes = max(0, axis.working_minutes_between(start, finish))
            try:
                finish = axis.finish_of(start, minutes)
            except CalendarError as error:
                self.error(f"{where}: {error}", number)
                finish = None
        # Effort is not imported (see the module's notes), but an impossible one is damage.
        self.checked_attribute(element, "work", where, number, duration_problem, scale=1 / 60)
        complete = self.checked_attribute(
            element, "percent-complete", where, number, percent_problem
        )
        task = TaskDraft(
            id=number,
            wbs=(element.get("wbs") or "").strip() or wbs,
            name=name,
            parent=parent_id,
            start=to_minute(start),
            finish=to_minute(finish),
            duration_minutes=minutes,
            percent_complete=0.0 if complete is None else round(complete, 2),
            milestone=milestone,
            notes=(element.get("note") or "").strip(),
            external_ref=planner_id,
        )
        self.read_constraint(element, task, number, where)
        if planner_id in self.by_planner_id:
            self.warn(f"Task id {planner_id} is used twice; links attach to the first.", number)
        else:
            self.by_planner_id[planner_id] = task
        self.tasks.append(task)
        for predecessor in element.findall("predecessors/predecessor"):
            self.links.append((task, predecessor))
        return task

    def read_constraint(self, element: Element, task: TaskDraft, row: int, where: str) -> None:
        constraint = element.find("constraint")
        if constraint is None:
            return
        kind = constraint.get("type", "")
        when = self.planner_time(constraint, "time", f"{where} constraint", row)
        if when is None:
            self.warn(f"Constraint '{kind}' without a readable time skipped.", row)
            return
        task.start_no_earlier_than = to_minute(when)
        if kind == "must-start-on":
            self.warn(
                f"'Must start on {when:%Y-%m-%d}' imported as 'start no earlier than' "
                "(InfraDesk has no hard start date).",
                row,
            )
        elif kind != "start-no-earlier-than":
            self.warn(f"Constraint '{kind}' read as 'start no earlier than'.", row)

    def resolve_links(self, minutes_per_day: int) -> None:
        for successor, element in self.links:
            predecessor = self.by_planner_id.get(element.get("predecessor-id", ""))
            row = successor.id
            if predecessor is None:
                self.warn(
                    f"Link from unknown task {element.get('predecessor-id')} skipped.",
                    row,
                )
                continue
            if predecessor is successor:
                self.warn("A task linked to itself; link skipped.", row)
                continue
            type_text = (element.get("type") or "FS").upper()
            link_type = LINK_TYPES.get(type_text)
            if link_type is None:
                self.warn(
                    f"Unknown link type '{type_text}'; read as finish-to-start.",
                    row,
                )
                link_type = "FS"
            where = f"Link '{predecessor.name}' -> '{successor.name}'"
            # Elapsed minutes within the limit give no more working minutes than that.
            elapsed = self.checked_attribute(element, "lag", where, row, lag_problem, scale=1 / 60)
            lag = (
                0
                if elapsed is None
                else self.elapsed_lag(round(elapsed * 60), minutes_per_day, row)
            )
            successor.predecessors.append(d.Link(predecessor.id, link_type, lag))

    def elapsed_lag(self, seconds: int, minutes_per_day: int, row: int) -> int:
        """Planner lags are elapsed seconds; whole elapsed days become whole working days at
        the calendar's working share of a week (7 days -> 5), anything else minutes."""
        if not seconds:
            return 0
        sign = -1 if seconds < 0 else 1
        magnitude = abs(seconds)
        if magnitude % 86400 == 0:
            days = magnitude // 86400
            working = sign * max(1, round(days * self.working_days_share)) * minutes_per_day
            what = f"{sign * days} elapsed day(s)"
        else:
            working = sign * round(magnitude / 60 * self.working_share)
            what = f"{sign * magnitude / 3600:g} elapsed hour(s)"
        self.warn(
            f"Planner lag of {what} converted to {format_duration(working, minutes_per_day)} "
            "of working time.",
            row,
        )
        return working

    def read_owners(self) -> list[d.Resource]:
        """The resources and each task's allocations at their units; the owner text joins
        the names in the file's order."""
        groups = {g.get("id"): (g.get("name") or "").strip()
                  for g in self.root.findall("resource-groups/group")}  # fmt: skip
        resources: list[d.Resource] = []
        names: dict[str | None, str] = {}
        for element in self.root.findall("resources/resource"):
            name = " ".join((element.get("name") or "").split())[:200]
            if not name:
                continue
            names[element.get("id")] = name
            if any(d.resource_key(r.name) == d.resource_key(name) for r in resources):
                continue
            material = element.get("type") == "2"
            resources.append(
                d.Resource(
                    name=name,
                    kind="material" if material else "work",
                    email=(element.get("email") or "").strip()[:200],
                    team=groups.get(element.get("group"), "")[:200],
                    rate_per_hour=rate(self, element.get("std-rate"),
                                       f"Resource '{name}' std-rate"),
                    notes=(element.get("note") or "").strip(),
                )
            )  # fmt: skip
        owners: dict[str, list[str]] = defaultdict(list)
        for allocation in self.root.findall("allocations/allocation"):
            name = names.get(allocation.get("resource-id"), "")
            task_id = allocation.get("task-id", "")
            task = self.by_planner_id.get(task_id)
            if not name or task is None:
                continue
            if name not in owners[task_id]:
                owners[task_id].append(name)
            where = f"Allocation of '{name}' to task id {task_id}"
            assign(task, name, percent_units(self, allocation.get("units"), f"{where} units"))
        for planner_id, people in owners.items():
            task = self.by_planner_id.get(planner_id)
            if task is not None:
                task.owner = ", ".join(people)
        if names:
            self.notes.append(
                f"{len(names)} resource(s) found and imported with their units, rates, groups "
                "and e-mail addresses; resource calendars are not imported."
            )
        return resources

    def read(self) -> d.Document:
        calendar = self.read_calendar()
        working = working_calendar(calendar, self.label)
        week_minutes = working.minutes_per_day * len(working.weekdays)
        self.working_share = week_minutes / (7 * 24 * 60)
        self.working_days_share = len(working.weekdays) / 7
        project_start = self.planner_time(self.root, "project-start", "Project", None)
        origin = project_start.date() if project_start else date.today()
        axis = TimeAxis(working, origin)
        self.read_tasks(axis)
        self.resolve_links(working.minutes_per_day)
        resources = self.read_owners()
        if self.root.find("phases/phase") is not None or self.root.get("phase"):
            self.notes.append("Project phases are not imported.")
        if (
            self.root.find("properties/property") is not None
            or self.root.find(".//task/properties") is not None
        ):
            self.notes.append("Custom properties are not imported.")
        if project_start is not None:
            start = to_minute(axis.start_at(axis.position_of(project_start)))
        else:
            start = min((t.start for t in self.tasks if t.start is not None), default=None)
        name = (self.root.get("name") or "").strip() or Path(self.label).stem
        return one_project_document(
            name=name,
            start=start,
            manager=(self.root.get("manager") or "").strip(),
            calendar=calendar,
            tasks=self.tasks,
            resources=resources,
        )


def read_planner(path: XmlSource) -> ImportResult:
    """Read a GNOME Planner ``.planner`` file into an interchange document with one project.

    Raises :class:`~infradesk.interchange.problems.UnreadableFileError` for files that are not
    Planner XML (a GanttProject file is recognised and named), truncated files and files with
    a DTD or entities.
    """
    label = source_label(path)
    root = parse_xml(path, kind=KIND)
    require_root(root, "project", kind=KIND, label=label)
    if root.get("mrproject-version") is None:
        hint = (
            " It looks like a GanttProject file; open it as a .gan file."
            if root.find("tasks/taskproperties") is not None or root.get("version")
            else ""
        )
        raise UnreadableFileError(
            f"{label}: not a GNOME Planner file — <project> has no mrproject-version.{hint}"
        )
    reader = _PlannerReader(root, label)
    document = reader.read()
    result = ImportResult(document=document, problems=reader.problems, notes=reader.notes)
    return attach_fidelity(result)
