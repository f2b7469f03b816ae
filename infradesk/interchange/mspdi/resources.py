"""``<Resources>`` and ``<Assignments>`` of an MSPDI file: the pool and who works on what.

A resource keeps its name, type (work, material, cost), maximum units, standard rate (MSPDI
writes it per hour), cost per use (in hundredths, as every MSPDI cost), e-mail address, group
(its team), material label and notes. Its calendar becomes what InfraDesk keeps of a
resource's time: the named working week it works when that is not the project's (a base
calendar, "Night Shift"), and its own dated exceptions as leave days (no work) or exception
days (other hours). An assignment keeps its units (1 = 100%; a material's quantity), work and
cost. Values that cannot be used are reported under "Resources" / "Assignments" and replaced
by the default, never silently.
"""

from __future__ import annotations

import math
from collections import Counter
from decimal import Decimal, InvalidOperation
from xml.etree.ElementTree import Element

from infradesk.interchange import document as d
from infradesk.interchange.mspdi.calendars import read_exceptions, working_times
from infradesk.interchange.mspdi.context import MspdiContext, RawTask
from infradesk.interchange.mspdi.fidelity_hints import differs
from infradesk.interchange.problems import Problem
from infradesk.interchange.value_rules import parse_number
from infradesk.interchange.xml_common import DEFAULT_HOURS, CalendarDraft, to_int
from infradesk.interchange.xml_safety import text

RESOURCES, ASSIGNMENTS = "Resources", "Assignments"
_KINDS = {"0": "material", "1": "work", "2": "cost"}
# MSPDI's task <Type>: 0 fixed units, 1 fixed duration, 2 fixed work
TASK_TYPES = {"0": "fixed_units", "1": "fixed_duration", "2": "fixed_work"}
ELAPSED_DELAY_FORMATS = {4, 6, 8, 10, 12, 36, 38, 40, 42, 44}
_MAX_UNITS = 1000.0
_MAX_QUANTITY = 1_000_000.0
_MAX_MONEY = Decimal("999999999999.99")
_MAX_WORK = 52_560_000  # 100 years of working minutes


def _money(raw: str, cents: bool) -> Decimal | None:
    """An MSPDI amount (``cents``: written in hundredths); None when it is not one."""
    try:
        amount = Decimal(raw.strip())
    except InvalidOperation:
        return None
    if not amount.is_finite():
        return None
    amount = amount / 100 if cents else amount
    if not 0 <= amount <= _MAX_MONEY:
        return None
    return amount.quantize(Decimal("0.01"))


class _Pool:
    """What one read found: resources by UID, the base calendars they work."""

    def __init__(self, ctx: MspdiContext) -> None:
        self.ctx = ctx
        self.calendars = {
            to_int(text(c, "UID"), -1): c for c in ctx.root.findall("Calendars/Calendar")
        }
        self.project_calendar = to_int(text(ctx.root, "CalendarUID"), -1)
        self.base: dict[str, d.BaseCalendar] = {}
        self.by_uid: dict[int, d.Resource] = {}
        self.resources: list[d.Resource] = []

    def problem(self, message: str, sheet: str = RESOURCES, row: int | None = None) -> None:
        self.ctx.problems.append(Problem(message, "warning", sheet, row))

    # -- resources ------------------------------------------------------------------------
    def read(self) -> None:
        names: dict[str, d.Resource] = {}
        for element in self.ctx.root.findall("Resources/Resource"):
            name = " ".join(text(element, "Name").split())[:200]
            if text(element, "IsNull") == "1" or not name:
                continue  # MS Project's unnamed resource 0 and blank rows
            uid = to_int(text(element, "UID"), -1)
            row = to_int(text(element, "ID") or None, 0) or None
            key = d.resource_key(name)
            if key in names:
                self.problem(f"Resource '{name}' is listed twice; its assignments go to the "
                             "first.", row=row)  # fmt: skip
                self.by_uid[uid] = names[key]
                continue
            resource = self.resource(element, name, row)
            names[key] = resource
            self.by_uid[uid] = resource
            self.resources.append(resource)

    def resource(self, element: Element, name: str, row: int | None) -> d.Resource:
        where = f"Resource '{name}'"
        kind = _KINDS.get(text(element, "Type"), "work")
        if text(element, "IsCostResource") == "1":
            kind = "cost"
        max_units = 1.0
        raw = text(element, "MaxUnits")
        if raw and kind == "work":
            value = parse_number(raw)
            if value is None or not math.isfinite(value) or not 0 < value <= _MAX_UNITS:
                self.problem(f"{where} <MaxUnits>: '{raw}' is not between 0 and "
                             f"{_MAX_UNITS:g}; 100% is used.", row=row)  # fmt: skip
            else:
                max_units = value
        calendar, days = self.calendar_of(element, where, row)
        return d.Resource(
            name=name,
            kind=kind,
            email=text(element, "EmailAddress")[:200],
            team=text(element, "Group")[:200],
            max_units=max_units,
            rate_per_hour=self.amount(element, "StandardRate", where, row, cents=False),
            cost_per_use=self.amount(element, "CostPerUse", where, row, cents=True),
            material_label=text(element, "MaterialLabel")[:40] if kind == "material" else "",
            calendar=calendar,
            notes=text(element, "Notes"),
            days=days,
        )

    def amount(
        self, element: Element, tag: str, where: str, row: int | None, *, cents: bool
    ) -> Decimal:
        raw = text(element, tag)
        if not raw:
            return d.ZERO
        amount = _money(raw, cents)
        if amount is None:
            self.problem(f"{where} <{tag}>: '{raw[:30]}' is not an amount InfraDesk keeps; "
                         "0 is used.", row=row)  # fmt: skip
            return d.ZERO
        return amount

    # -- calendars ------------------------------------------------------------------------
    def chain(self, calendar: Element) -> list[Element]:
        """The calendar and the base calendars it derives from."""
        chain, seen = [calendar], {id(calendar)}
        while True:
            base = self.calendars.get(to_int(text(chain[-1], "BaseCalendarUID"), -1))
            if base is None or id(base) in seen:
                return chain
            chain.append(base)
            seen.add(id(base))

    def calendar_of(
        self, resource: Element, where: str, row: int | None
    ) -> tuple[str, tuple[d.ResourceDay, ...]]:
        """The base calendar name the resource works ("": the project's) and its own days."""
        uid = to_int(text(resource, "CalendarUID"), -1)
        calendar = self.calendars.get(uid)
        if calendar is None or uid == self.project_calendar:
            return "", ()
        own_week = any(
            1 <= to_int(text(day, "DayType"), -1) <= 7
            for day in calendar.findall("WeekDays/WeekDay")
        )
        base_uid = to_int(text(calendar, "BaseCalendarUID"), -1)
        if text(calendar, "IsBaseCalendar") == "1" or own_week:
            week = calendar  # the resource's own week: a base calendar of its name
        elif base_uid in self.calendars and base_uid != self.project_calendar:
            week = self.calendars[base_uid]
        else:
            week = None
        name = self.base_calendar(week) if week is not None else ""
        if text(calendar, "IsBaseCalendar") == "1":
            return name, ()  # a shared calendar's exceptions are not this resource's leave
        draft = CalendarDraft()
        read_exceptions(self.ctx, calendar, draft)
        draft.sort_days()
        days = [d.ResourceDay(h.date, "leave", h.name) for h in draft.holidays]
        days += [
            d.ResourceDay(e.date, "exception", e.name, e.working_hours) for e in draft.exceptions
        ]
        if calendar.find("WorkWeeks/WorkWeek") is not None:
            self.problem(f"{where}: the calendar's alternate work weeks are not imported.",
                         row=row)  # fmt: skip
        return name, tuple(sorted(days, key=lambda day: day.date))

    def base_calendar(self, calendar: Element) -> str:
        """The name of the base calendar made of ``calendar``'s week (read once)."""
        name = text(calendar, "Name") or f"Calendar {text(calendar, 'UID')}"
        name = " ".join(name.split())[:100]
        if d.resource_key(name) in {d.resource_key(n) for n in self.base}:
            return name
        week: dict[int, d.Hours | None] = {}
        for cal in self.chain(calendar):
            for day in cal.findall("WeekDays/WeekDay"):
                day_type = to_int(text(day, "DayType"), -1)
                weekday = (day_type - 2) % 7  # MSPDI 1 = Sunday; ours 0 = Monday
                if not 1 <= day_type <= 7 or weekday in week:
                    continue
                working = text(day, "DayWorking") == "1"
                week[weekday] = (working_times(self.ctx, day) or DEFAULT_HOURS) if working else None
        for weekday in range(7):
            week.setdefault(weekday, DEFAULT_HOURS if weekday < 5 else None)
        days = tuple(day for day in range(7) if week[day])
        shapes = Counter(week[day] or () for day in days)
        hours = shapes.most_common(1)[0][0] if shapes else DEFAULT_HOURS
        if len(shapes) > 1:
            self.problem(f"Calendar '{name}': some days have other working hours than the "
                         "rest of its week; one set of hours is kept.")  # fmt: skip
        self.base[name] = d.BaseCalendar(name, days or d.DEFAULT_WEEKDAYS, hours)
        return name

    # -- tasks ----------------------------------------------------------------------------
    def task_fields(self, raw: list[RawTask]) -> None:
        """Each task's priority, type, own calendar (as a base calendar) and leveling delay
        (tenths of a minute, elapsed when its format says so)."""
        for task in raw:
            texts, doc = task.texts, task.doc
            priority = parse_number(texts.get("Priority", "")) if texts.get("Priority") else None
            if priority is not None and math.isfinite(priority) and 0 <= priority <= 1000:
                doc.priority = int(priority)
            elif texts.get("Priority"):
                self.ctx.warn(f"{task.where} <Priority>: '{texts['Priority'][:20]}' is not "
                              "between 0 and 1000; 500 is used.", task.row)  # fmt: skip
            doc.task_type = TASK_TYPES.get(texts.get("Type", ""), "fixed_duration")
            uid = to_int(texts.get("CalendarUID") or None, -1)
            calendar = self.calendars.get(uid)
            if calendar is not None and differs(calendar, self.project_calendar):
                doc.calendar = self.base_calendar(calendar)
            elif calendar is None and uid > 0 and uid != self.project_calendar:
                self.ctx.warn(f"{task.where}: its calendar (UID {uid}) is not in the file; it "
                              "runs on the project calendar.", task.row)  # fmt: skip
            raw_delay = texts.get("LevelingDelay", "")
            delay = parse_number(raw_delay) if raw_delay else None
            if delay is not None and math.isfinite(delay) and 0 < delay <= _MAX_WORK * 10:
                minutes = delay / 10
                if to_int(texts.get("LevelingDelayFormat") or None, 7) in ELAPSED_DELAY_FORMATS:
                    minutes = self.ctx.elapsed_to_working(minutes)
                doc.leveling_delay_minutes = round(minutes)

    # -- assignments ----------------------------------------------------------------------
    def assign(self, raw: list[RawTask]) -> None:
        tasks = {task.uid: task for task in raw}
        for element in self.ctx.root.findall("Assignments/Assignment"):
            resource = self.by_uid.get(to_int(text(element, "ResourceUID"), -1))
            task = tasks.get(to_int(text(element, "TaskUID"), -1))
            if resource is None or task is None:
                continue  # MS Project's "unassigned" (-65535) or the project summary
            where = (
                f"Assignment UID {text(element, 'UID')} ('{resource.name}' on '{task.doc.name}')"
            )
            if any(d.resource_key(a.resource) == d.resource_key(resource.name)
                   for a in task.doc.assignments):  # fmt: skip
                self.problem(f"{where}: the resource is assigned to the task twice; the "
                             "second is skipped.", ASSIGNMENTS)  # fmt: skip
                continue
            task.doc.assignments.append(
                d.Assignment(
                    resource=resource.name,
                    units=self.units(element, resource, where),
                    work_minutes=self.work(element, resource, where),
                    cost=self.cost(element, where),
                )
            )

    def units(self, element: Element, resource: d.Resource, where: str) -> float:
        raw = text(element, "Units")
        if not raw:
            return 1.0
        value = parse_number(raw)
        high = _MAX_QUANTITY if resource.kind == "material" else _MAX_UNITS
        if value is None or not math.isfinite(value) or not 0 < value <= high:
            self.problem(f"{where} <Units>: '{raw[:30]}' is not between 0 and {high:g}; 1 "
                         "(100%) is used.", ASSIGNMENTS)  # fmt: skip
            return 1.0
        return value

    def work(self, element: Element, resource: d.Resource, where: str) -> int | None:
        """Working minutes; a material's work is its quantity, which MSPDI writes as hours."""
        raw = text(element, "Work")
        if not raw:
            return None
        minutes = self.ctx.duration_minutes(raw)
        if minutes is None or not math.isfinite(minutes) or not 0 <= minutes <= _MAX_WORK:
            self.problem(f"{where} <Work>: '{raw[:30]}' is not an amount of work; it is "
                         "computed from the duration.", ASSIGNMENTS)  # fmt: skip
            return None
        return round(minutes / 60 if resource.kind == "material" else minutes)

    def cost(self, element: Element, where: str) -> Decimal | None:
        raw = text(element, "Cost")
        if not raw:
            return None
        amount = _money(raw, cents=True)
        if amount is None:
            self.problem(f"{where} <Cost>: '{raw[:30]}' is not an amount InfraDesk keeps; it "
                         "is computed from the rates.", ASSIGNMENTS)  # fmt: skip
        return amount


ALL_HOURS = d.BaseCalendar("24 Hours", (0, 1, 2, 3, 4, 5, 6), ((0, 1440),))


def _on_resource_time(ctx: MspdiContext, pool: _Pool, raw: list[RawTask]) -> None:
    """MS Project places a task without a calendar of its own by its resources' calendars
    alone; InfraDesk by the task's calendar (the project's when it has none) intersected with
    its resources'. A task worked by a resource on another base calendar (a night shift)
    therefore runs on "24 Hours", whose intersection with that calendar is the calendar
    itself, so it lands where MS Project put it (said in a note)."""
    by_name = {d.resource_key(r.name): r for r in pool.resources}
    moved = 0
    for task in raw:
        doc = task.doc
        if doc.calendar or task.texts.get("IgnoreResourceCalendar") == "1":
            continue
        if any(
            (resource := by_name.get(d.resource_key(a.resource))) is not None
            and resource.kind == "work" and resource.calendar
            for a in doc.assignments
        ):
            doc.calendar = ALL_HOURS.name
            moved += 1
    if moved:
        pool.base.setdefault(ALL_HOURS.name, ALL_HOURS)
        ctx.notes.append(
            f"{moved} task(s) are worked by a resource on a calendar of its own (a shift): "
            "they run on the '24 Hours' calendar, so that, as in MS Project, the resource's "
            "calendar alone places them."
        )


def _own_costs(raw: list[RawTask]) -> None:
    """A task's planned cost without its assignments' (they are kept on the assignments and
    added back by the workspace): MS Project's ``<FixedCost>``, else ``<Cost>`` minus them."""
    for task in raw:
        costs = [a.cost for a in task.doc.assignments if a.cost is not None]
        if not costs or task.texts.get("Summary") == "1":
            continue
        fixed = _money(task.texts.get("FixedCost", ""), cents=True)
        task.doc.cost = fixed if fixed is not None else max(d.ZERO, task.doc.cost - sum(costs))


def read_resources(
    ctx: MspdiContext, raw: list[RawTask]
) -> tuple[list[d.Resource], list[d.BaseCalendar]]:
    """The resources the file lists (with their calendars) and each task's assignments
    (appended to its draft, in the file's order: the first is the primary assignee)."""
    pool = _Pool(ctx)
    pool.read()
    pool.task_fields(raw)
    pool.assign(raw)
    _on_resource_time(ctx, pool, raw)
    _own_costs(raw)
    used = {d.resource_key(a.resource) for task in raw for a in task.doc.assignments}
    unused = [r for r in pool.resources if d.resource_key(r.name) not in used]
    if unused:
        ctx.notes.append(
            f"{len(unused)} resource(s) without assignments in this plan are added to the "
            "workspace's pool too."
        )
    return pool.resources, sorted(pool.base.values(), key=lambda c: c.name)
