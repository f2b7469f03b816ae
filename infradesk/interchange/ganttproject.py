"""Read GanttProject ``.gan`` files (GanttProject 2.x and 3.x).

What a ``.gan`` file holds and how it maps:

* ``<task>`` elements nest to form the outline; ``start`` is a date, ``duration`` is in working
  days, ``complete`` is % complete, ``meeting="true"`` marks a milestone, ``<notes>`` are notes.
* ``<depend id=... type=... difference=... hardness=...>`` sits inside the *predecessor* and
  names the successor. Types: 1 = start-start, 2 = finish-start, 3 = finish-finish,
  4 = start-finish (``GanttTaskRelationship`` in GanttProject's source); ``difference`` is a lag
  in working days. A "Strong" link places the successor exactly (as InfraDesk does); a
  "Rubber" one lets it sit later, so its date becomes "start no earlier than".
* ``<calendars>``: ``default-week`` flags each weekday 1 = weekend, 0 = working; each
  ``<date year month date type>`` is a holiday (``HOLIDAY``) or an extra working day
  (``WORKING_DAY``); an empty year means every year. GanttProject has no working hours, so
  the standard 08:00-12:00, 13:00-17:00 day is used.
* ``<resources>`` become the pool (a custom role as the role, ``contacts`` as the e-mail, the
  standard rate, per day in GanttProject, per hour, ``<vacations>`` as leave days);
  ``<allocations>`` assign them at their ``load`` (the responsible people first: the first is
  the owner). ``<previous>`` holds baselines.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time
from pathlib import Path
from xml.etree.ElementTree import Element

from infradesk.interchange import document as d
from infradesk.interchange.fidelity_notes import attach_fidelity
from infradesk.interchange.problems import ImportResult, Problem, UnreadableFileError
from infradesk.interchange.value_rules import (
    day_problem,
    duration_problem,
    lag_problem,
    percent_problem,
)
from infradesk.interchange.xml_allocations import assign, leave_days, percent_units, rate
from infradesk.interchange.xml_common import (
    DEFAULT_HOURS,
    WEEKDAY_ATTRIBUTES,
    CalendarDraft,
    TaskDraft,
    XmlReader,
    default_calendar,
    one_project_document,
    to_float,
    to_int,
    to_minute,
    walk_outline,
    working_calendar,
)
from infradesk.interchange.xml_safety import XmlSource, parse_xml, require_root, source_label
from infradesk.schedule.calendar import CalendarError, TimeAxis

KIND = "GanttProject"
DEPEND_TYPES: dict[str, d.LinkType] = {"1": "SS", "2": "FS", "3": "FF", "4": "SF"}
THIRD_DATE_EARLIEST_BEGIN = "1"


def _date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


class _GanReader(XmlReader):
    def __init__(self, root: Element, label: str) -> None:
        super().__init__(root, label)
        self.tasks: list[TaskDraft] = []
        self.by_gan_id: dict[str, TaskDraft] = {}
        self.links: list[tuple[str, Element]] = []  # (predecessor gan id, <depend>)
        self.custom_values = 0
        self.costs = 0

    # -- calendar ---------------------------------------------------------------------------
    def read_calendar(self, years: range) -> CalendarDraft:
        calendar = default_calendar()
        week = self.root.find("calendars/day-types/default-week")
        if week is not None:
            calendar.working_weekdays = [
                index
                for index, name in enumerate(WEEKDAY_ATTRIBUTES)
                if week.get(name, "1" if name in ("sat", "sun") else "0") != "1"
            ]
        recurring = 0
        for entry in self.root.findall("calendars/date"):
            kind = (entry.get("type") or "HOLIDAY").upper()
            if kind == "NEUTRAL":
                continue
            name = (entry.text or "").strip()
            month, day = to_int(entry.get("month")), to_int(entry.get("date"))
            year_text = (entry.get("year") or "").strip()
            entry_years = [int(year_text)] if year_text else list(years)
            if not year_text:
                recurring += 1
            for year in entry_years:
                try:
                    when = date(year, month, day)
                except ValueError:
                    self.problems.append(
                        Problem(
                            f"Calendar date {year_text or '(every year)'}-{month}-{day} is "
                            "not a valid date; skipped.",
                            "warning",
                            "Calendar",
                        )
                    )
                    break
                if kind == "WORKING_DAY":
                    calendar.exceptions.append(d.CalendarException(when, name, DEFAULT_HOURS))
                else:
                    calendar.holidays.append(d.Holiday(when, name or "Holiday"))
        if recurring:
            self.notes.append(
                f"{recurring} yearly holiday(s) were written out for {years.start}–"
                f"{years.stop - 1}; add them for later years if the project runs longer."
            )
        calendar.sort_days()
        if self.root.find("calendars/day-types/overriden-day-types/*") is not None:
            self.notes.append("Overridden day types of the calendar are not imported.")
        return calendar

    def plan_days(self) -> list[date]:
        """The readable task starts InfraDesk can schedule (the others are reported per task)."""
        starts = (_date(t.get("start")) for t in self.root.iter("task"))
        return [d for d in starts if d is not None and day_problem(d) is None]

    def project_years(self) -> range:
        years = sorted({d.year for d in self.plan_days()})
        if not years:
            this_year = date.today().year
            return range(this_year, this_year + 2)
        return range(years[0], years[-1] + 2)

    # -- tasks ------------------------------------------------------------------------------
    def read_tasks(self, axis: TimeAxis, day_start: time) -> None:
        container = self.root.find("tasks")
        if container is None:
            return
        walk_outline(
            container,
            lambda element, parent_id, wbs: self.read_task(
                element, parent_id, wbs, axis, day_start
            ),
            label=self.label,
        )

    def start_day(self, element: Element, attribute: str, where: str, row: int) -> date | None:
        """A date InfraDesk can schedule; an error names a real date outside that range."""
        return self.schedulable(_date(element.get(attribute)), where, attribute, element, row)

    def read_task(
        self,
        element: Element,
        parent_id: int | None,
        wbs: str,
        axis: TimeAxis,
        day_start: time,
    ) -> TaskDraft:
        number = len(self.tasks) + 1
        gan_id = element.get("id", "")
        name = (element.get("name") or "").strip() or f"Task {number}"
        milestone = (element.get("meeting") or "").lower() == "true" or (
            element.get("milestone") or ""
        ).lower() == "true"
        where = f"Task id {gan_id} '{name}'"
        minutes_per_day = axis.calendar.minutes_per_day
        duration = self.checked_attribute(
            element, "duration", where, number, duration_problem, scale=minutes_per_day
        )
        minutes = 0 if milestone or duration is None else round(duration)
        start_day = self.start_day(element, "start", where, number)
        start = finish = None
        if start_day is None:
            if _date(element.get("start")) is None:
                self.warn(f"Task '{name}' has no readable start date.", number)
        else:
            start_dt = axis.start_at(axis.position_of(datetime.combine(start_day, day_start)))
            start = to_minute(start_dt)
            try:
                finish = to_minute(axis.finish_of(start_dt, minutes))
            except CalendarError as error:
                self.error(f"{where}: {error}", number)
        complete = self.checked_attribute(element, "complete", where, number, percent_problem)
        percent = 0.0 if complete is None else round(complete, 2)
        notes_element = element.find("notes")
        notes = (notes_element.text or "").strip() if notes_element is not None else ""
        task = TaskDraft(
            id=number,
            wbs=wbs,
            name=name,
            parent=parent_id,
            start=start,
            finish=finish,
            duration_minutes=minutes,
            percent_complete=percent,
            milestone=milestone,
            notes=notes,
            external_ref=gan_id,
        )
        if element.get("thirdDate-constraint") == THIRD_DATE_EARLIEST_BEGIN:
            earliest = self.start_day(element, "thirdDate", where, number)
            if earliest:
                task.start_no_earlier_than = datetime.combine(earliest, day_start)
        if gan_id in self.by_gan_id:
            self.warn(f"Task id {gan_id} is used twice; links may attach to the first.", number)
        else:
            self.by_gan_id[gan_id] = task
        self.tasks.append(task)
        for depend in element.findall("depend"):
            self.links.append((gan_id, depend))
        custom = element.findall("customproperty")
        if custom:
            self.custom_values += len(custom)
        cost = element.get("cost-manual-value")
        if cost and element.get("cost-calculated") == "false" and to_float(cost):
            self.costs += 1
        return task

    def resolve_links(self, minutes_per_day: int) -> None:
        rubber = 0
        summaries = {t.parent for t in self.tasks if t.parent is not None}
        for predecessor_id, depend in self.links:
            predecessor = self.by_gan_id.get(predecessor_id)
            successor = self.by_gan_id.get(depend.get("id", ""))
            if predecessor is None or successor is None:
                self.warn(
                    f"Dependency between unknown tasks {predecessor_id} -> "
                    f"{depend.get('id')} skipped.",
                    predecessor.id if predecessor else None,
                )
                continue
            if predecessor is successor:
                self.warn("A task depends on itself; skipped.", predecessor.id)
                continue
            type_code = depend.get("type", "2")
            link_type = DEPEND_TYPES.get(type_code)
            if link_type is None:
                self.warn(
                    f"Unknown dependency type {type_code}; read as finish-to-start.",
                    successor.id,
                )
                link_type = "FS"
            where = f"Link '{predecessor.name}' -> '{successor.name}'"
            difference = self.checked_attribute(
                depend, "difference", where, successor.id, lag_problem, scale=minutes_per_day
            )
            lag = 0 if difference is None else round(difference)
            if (depend.get("hardness") or "Strong") == "Rubber":
                # A rubber link lets the successor sit later than the link needs; keep the
                # date the planner gave it. (Strong links place it exactly, as ours do.)
                rubber += 1
                if successor.id not in summaries and not successor.start_no_earlier_than:
                    successor.start_no_earlier_than = successor.start
            successor.predecessors.append(d.Link(predecessor.id, link_type, lag))
        if rubber:
            self.notes.append(
                f"{rubber} 'rubber' dependency(ies): their successors keep their dates as "
                "'start no earlier than', since GanttProject lets them sit later than the "
                "link requires."
            )

    def read_owners(self, minutes_per_day: int) -> list[d.Resource]:
        """The resources (with their vacations) and each task's allocations, the responsible
        people first; the owner text joins their names."""
        resources = self.read_resources(minutes_per_day)
        names = {r.get("id"): " ".join((r.get("name") or "").split())[:200]
                 for r in self.root.findall("resources/resource")}  # fmt: skip
        owners: dict[str, list[tuple[bool, str, float]]] = defaultdict(list)
        for allocation in self.root.findall("allocations/allocation"):
            name = names.get(allocation.get("resource-id"), "")
            if name:
                responsible = allocation.get("responsible") == "true"
                where = f"Allocation of '{name}' to task id {allocation.get('task-id', '')}"
                units = percent_units(self, allocation.get("load"), f"{where} load")
                owners[allocation.get("task-id", "")].append((not responsible, name, units))
        for gan_id, entries in owners.items():
            task = self.by_gan_id.get(gan_id)
            if task is None:
                continue
            ordered: list[str] = []
            for _, name, units in sorted(entries, key=lambda e: e[0]):  # responsible first
                if name not in ordered:
                    ordered.append(name)
                    assign(task, name, units)
            task.owner = ", ".join(ordered)
        if names:
            self.notes.append(
                f"{len(names)} resource(s) found and imported with their roles, rates, vacations "
                "and loads; their phone numbers are kept in their notes."
            )
        return resources

    def read_resources(self, minutes_per_day: int) -> list[d.Resource]:
        roles = {r.get("id"): (r.get("name") or "").strip()
                 for r in self.root.findall("roles/role")}  # fmt: skip
        leave: dict[str, list[d.ResourceDay]] = defaultdict(list)
        for number, vacation in enumerate(self.root.findall("vacations/vacation"), start=1):
            where = f"Vacation {number} of resource id {vacation.get('resourceid', '')}"
            leave[vacation.get("resourceid", "")].extend(
                leave_days(self, _date(vacation.get("start")), _date(vacation.get("end")), where)
            )
        resources: list[d.Resource] = []
        seen: set[str] = set()
        for element in self.root.findall("resources/resource"):
            name = " ".join((element.get("name") or "").split())[:200]
            if not name or d.resource_key(name) in seen:
                continue
            seen.add(d.resource_key(name))
            standard = next((r for r in element.findall("rate")
                             if r.get("name") == "standard"), None)  # fmt: skip
            phone = (element.get("phone") or "").strip()
            days = {day.date: day for day in leave.get(element.get("id", ""), [])}
            resources.append(
                d.Resource(
                    name=name,
                    role=roles.get(element.get("function") or "", "")[:200],
                    email=(element.get("contacts") or "").strip()[:200],
                    rate_per_hour=rate(
                        self, standard.get("value") if standard is not None else None,
                        f"Resource '{name}' standard rate", minutes_per_day / 60,
                    ),
                    notes=f"Phone: {phone}" if phone else "",
                    days=tuple(days[day] for day in sorted(days)),
                )
            )  # fmt: skip
        return resources

    def read_baselines(self, axis: TimeAxis, day_start: time) -> list[d.Baseline]:
        baselines: list[d.Baseline] = []
        minutes_per_day = axis.calendar.minutes_per_day
        for group in self.root.findall("previous/previous-tasks"):
            entries = []
            for entry in group.findall("previous-task"):
                task = self.by_gan_id.get(entry.get("id", ""))
                if task is None:
                    continue
                where = f"Baseline '{group.get('name', '')}' of task id {task.external_ref}"
                start_day = self.start_day(entry, "start", where, task.id)
                if start_day is None:
                    continue
                milestone = (entry.get("meeting") or "").lower() == "true"
                minutes = (
                    0 if milestone else max(0, to_int(entry.get("duration"))) * minutes_per_day
                )
                start_dt = axis.start_at(axis.position_of(datetime.combine(start_day, day_start)))
                entries.append(
                    d.BaselineTask(
                        task=task.id,
                        start=to_minute(start_dt),
                        finish=to_minute(axis.finish_of(start_dt, minutes)),
                        duration_minutes=minutes,
                    )
                )
            baselines.append(
                d.Baseline(
                    name=group.get("name") or f"Baseline {len(baselines) + 1}",
                    created=None,
                    tasks=tuple(entries),
                )
            )
        return baselines

    def read(self) -> d.Document:
        years = self.project_years()
        calendar = self.read_calendar(years)
        working = working_calendar(calendar, self.label)
        origin = min(self.plan_days(), default=date(years.start, 1, 1))
        axis = TimeAxis(working, origin)
        day_start = time(working.hours[0][0] // 60, working.hours[0][0] % 60)
        self.read_tasks(axis, day_start)
        self.resolve_links(working.minutes_per_day)
        self.keep_free_starts()
        resources = self.read_owners(working.minutes_per_day)
        baselines = self.read_baselines(axis, day_start)
        self.note_unmodeled()
        starts = [t.start for t in self.tasks if t.start is not None]
        name = (self.root.get("name") or "").strip() or Path(self.label).stem
        description = self.root.find("description")
        return one_project_document(
            name=name,
            start=min(starts) if starts else None,
            description=(description.text or "").strip() if description is not None else "",
            calendar=calendar,
            tasks=self.tasks,
            baselines=baselines,
            resources=resources,
        )

    def keep_free_starts(self) -> None:
        """A task without a predecessor stays where the file has it: GanttProject places it
        at its own start date, so a start later than the project's becomes a
        start-no-earlier-than (as a PM pins it in MS Project); scheduled as soon as possible
        it would move to the project start."""
        first = min((t.start for t in self.tasks if t.start is not None), default=None)
        summaries = {t.parent for t in self.tasks if t.parent is not None}
        kept = 0
        for task in self.tasks:
            if (
                first is None
                or task.start is None
                or task.start <= first
                or task.id in summaries
                or task.predecessors
                or task.start_no_earlier_than is not None
            ):
                continue
            task.start_no_earlier_than = task.start
            kept += 1
        if kept:
            self.notes.append(
                f"{kept} task(s) without a predecessor keep their start as a 'start no "
                "earlier than' constraint, where GanttProject places them."
            )

    def note_unmodeled(self) -> None:
        if self.custom_values:
            definitions = [
                p.get("name", "")
                for p in self.root.findall("tasks/taskproperties/taskproperty")
                if p.get("type") == "custom"
            ]
            self.notes.append(
                f"{self.custom_values} custom column value(s) not imported"
                + (f" ({', '.join(definitions)})" if definitions else "")
                + "."
            )
        if self.costs:
            self.notes.append(f"{self.costs} manual task cost(s) not imported.")


def read_gan(path: XmlSource) -> ImportResult:
    """Read a GanttProject ``.gan`` file into an interchange document with one project.

    Raises :class:`~infradesk.interchange.problems.UnreadableFileError` for files that are not
    GanttProject XML (a GNOME Planner file is recognised and named), truncated files and files
    with a DTD or entities.
    """
    label = source_label(path)
    root = parse_xml(path, kind=KIND)
    require_root(root, "project", kind=KIND, label=label)
    if root.get("mrproject-version") is not None:
        raise UnreadableFileError(
            f"{label}: this is a GNOME Planner file, not a GanttProject file; open it as "
            "a .planner file."
        )
    if root.find("tasks") is None:
        raise UnreadableFileError(f"{label}: not a GanttProject file — it has no <tasks>.")
    reader = _GanReader(root, label)
    document = reader.read()
    result = ImportResult(document=document, problems=reader.problems, notes=reader.notes)
    return attach_fidelity(result)
