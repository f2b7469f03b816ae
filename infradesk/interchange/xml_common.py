"""Pieces the XML plan readers (MSPDI, GanttProject, GNOME Planner) share.

Each reader knows its own file format; what they have in common is the typed interchange
document they produce (``interchange/document.py``): tasks and a calendar built as drafts over
several passes and frozen at the end, the same default calendar, the same way of numbers that
do not read, and the same warnings on the Tasks sheet.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import MISSING, dataclass, field, fields
from datetime import date, datetime
from decimal import Decimal
from itertools import repeat
from operator import attrgetter
from typing import TypeVar
from xml.etree.ElementTree import Element

from infradesk.interchange import document as d
from infradesk.interchange.problems import Problem, UnreadableFileError
from infradesk.interchange.value_rules import (
    MAX_OUTLINE_LEVELS,
    day_problem,
    located,
    parse_number,
    quoted,
)
from infradesk.schedule.calendar import (
    CalendarError,
    WorkingCalendar,
    format_clock,
    normalize_hours,
    parse_clock,
)

SHEET = "Tasks"
#: The standard working day when a file gives no hours: 08:00-12:00, 13:00-17:00.
DEFAULT_HOURS: d.Hours = d.DEFAULT_WORKING_HOURS
#: Weekday attribute names of ``default-week`` (GanttProject and Planner), Monday first.
WEEKDAY_ATTRIBUTES = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

_When = TypeVar("_When", date, datetime)


def minutes_of_hours(hours: d.Hours) -> int:
    """Working minutes in a day of ``((480, 720), ...)`` intervals (minutes since midnight)."""
    return sum(max(0, finish - start) for start, finish in hours)


def clock_hours(pairs: Iterable[Sequence[str]], label: str) -> d.Hours:
    """``[("08:00", "12:00"), ...]`` as minutes since midnight; a time that is none refuses
    the file, naming it (as an unusable calendar)."""
    try:
        return tuple((parse_clock(start), parse_clock(finish)) for start, finish in pairs)
    except CalendarError as error:
        raise UnreadableFileError(f"{label}: unusable calendar ({error}).") from error


def hours_text(hours: d.Hours) -> str:
    """``08:00–12:00, 13:00–17:00`` for messages; ``none`` without hours."""
    return ", ".join(f"{format_clock(a)}–{format_clock(b)}" for a, b in hours) or "none"


def to_minute(value: datetime | None) -> datetime | None:
    """``value`` without seconds: the document keeps date-times to the minute."""
    return value.replace(second=0, microsecond=0) if value is not None else None


def to_int(value: str | None, default: int = 0) -> int:
    """``"3"``, ``"3.7"`` -> 3; empty, missing or unreadable -> ``default``."""
    if value is None:
        return default
    try:
        return int(float(value))
    except (ValueError, OverflowError):  # OverflowError: "1e400" is infinity
        return default


def to_float(value: str) -> float:
    """The number in ``value``; 0.0 when it is not one."""
    try:
        return float(value)
    except ValueError:
        return 0.0


@dataclass
class CalendarDraft:
    """A project calendar while a reader builds it; :meth:`freeze` gives the document's."""

    working_weekdays: list[int] = field(default_factory=lambda: list(d.DEFAULT_WEEKDAYS))
    working_hours: d.Hours = DEFAULT_HOURS
    holidays: list[d.Holiday] = field(default_factory=list)
    exceptions: list[d.CalendarException] = field(default_factory=list)

    def sort_days(self) -> None:
        """One entry per date (the last read wins), sorted by date."""
        holidays = {h.date: h for h in self.holidays}
        exceptions = {e.date: e for e in self.exceptions}
        self.holidays = [holidays[day] for day in sorted(holidays)]
        self.exceptions = [exceptions[day] for day in sorted(exceptions)]

    def freeze(self) -> d.Calendar:
        return d.Calendar(
            working_weekdays=tuple(self.working_weekdays),
            working_hours=self.working_hours,
            holidays=tuple(self.holidays),
            exceptions=tuple(self.exceptions),
        )


def default_calendar() -> CalendarDraft:
    """A fresh calendar: Mon-Fri, the standard hours, no holidays."""
    return CalendarDraft()


def working_calendar(calendar: CalendarDraft, label: str) -> WorkingCalendar:
    """The calendar a reader built, ready to place tasks; a file whose calendar cannot
    schedule anything is refused, naming the file."""
    try:
        working = WorkingCalendar(
            weekdays=frozenset(calendar.working_weekdays),
            hours=normalize_hours(calendar.working_hours),
            holidays=frozenset(h.date for h in calendar.holidays),
            exceptions={
                e.date: normalize_hours(e.working_hours, f"exception {e.date.isoformat()}")
                for e in calendar.exceptions
            },
            holiday_names={h.date: h.name or "Holiday" for h in calendar.holidays},
            exception_names={e.date: e.name for e in calendar.exceptions},
        )
    except CalendarError as error:
        raise UnreadableFileError(f"{label}: unusable calendar ({error}).") from error
    if not working.weekdays:
        raise UnreadableFileError(f"{label}: the calendar has no working weekday.")
    return working


@dataclass(slots=True)
class TaskDraft:
    """A task while a reader builds it (outline, owner, constraint and links come in later
    passes); :meth:`freeze` gives the document's :class:`~infradesk.interchange.document.Task`.
    ``id`` is the task's document number, ``parent`` its summary's."""

    id: int
    name: str
    wbs: str = ""
    parent: int | None = None
    start: datetime | None = None
    finish: datetime | None = None
    duration_minutes: int = 0
    percent_complete: float = 0.0
    milestone: bool = False
    owner: str = ""
    notes: str = ""
    start_no_earlier_than: datetime | None = None  # a file's SNET (kept when no type is set)
    deadline: datetime | None = None
    production_change: bool = False
    external_ref: str = ""
    predecessors: list[d.Link] = field(default_factory=list)
    constraint_type: d.ConstraintType = "ASAP"
    constraint_date: datetime | None = None
    actual_start: datetime | None = None
    actual_finish: datetime | None = None
    cost: Decimal = d.ZERO
    actual_cost: Decimal = d.ZERO
    estimated: bool = False  # MS Project's flags (document.Task says what each means)
    manual: bool = False
    elapsed: bool = False
    assignments: list[d.Assignment] = field(default_factory=list)  # primary assignee first
    priority: int = d.DEFAULT_PRIORITY
    task_type: str = "fixed_duration"
    calendar: str = ""  # the base calendar the task runs on ("": the project's)
    leveling_delay_minutes: int = 0

    def constraint(self) -> tuple[d.ConstraintType, datetime | None]:
        """The task's constraint: its type, else its start-no-earlier-than as SNET."""
        if self.constraint_type == "ASAP" and self.start_no_earlier_than is not None:
            return "SNET", self.start_no_earlier_than
        if self.constraint_type in ("ASAP", "ALAP"):
            return self.constraint_type, None
        if self.constraint_date is None:  # a dated type without its date constrains nothing
            return "ASAP", None
        return self.constraint_type, self.constraint_date

    def freeze(self) -> d.Task:
        kind, moment = self.constraint()
        return d.Task(
            id=self.id,
            name=self.name,
            wbs=self.wbs,
            parent=self.parent,
            start=self.start,
            finish=self.finish,
            duration_minutes=self.duration_minutes,
            percent_complete=self.percent_complete,
            milestone=self.milestone,
            owner=self.owner,
            notes=self.notes,
            constraint_type=kind,
            constraint_date=moment,
            deadline=self.deadline,
            production_change=self.production_change,
            external_ref=self.external_ref,
            predecessors=tuple(self.predecessors),
            actual_start=self.actual_start,
            actual_finish=self.actual_finish,
            cost=self.cost,
            actual_cost=self.actual_cost,
            estimated=self.estimated,
            manual=self.manual,
            elapsed=self.elapsed,
            assignments=tuple(self.assignments),
            priority=self.priority,
            task_type=self.task_type,
            calendar=self.calendar,
            leveling_delay_minutes=self.leveling_delay_minutes,
        )


#: The document task's fields a draft gives, and those it leaves at their defaults.
_GIVEN = tuple(f.name for f in fields(d.Task) if f.name in TaskDraft.__slots__)
_LEFT = tuple((f.name, f.default) for f in fields(d.Task) if f.name not in TaskDraft.__slots__)
_READ_GIVEN = attrgetter(*_GIVEN)
_SNET = attrgetter("start_no_earlier_than")
#: Each field's slot descriptor's setter (what ``object.__setattr__`` calls for it).
_SETTERS = {f.name: getattr(d.Task, f.name).__set__ for f in fields(d.Task)}
#: Below this many tasks each is frozen by its constructor (:meth:`TaskDraft.freeze`).
_FEW = 64
#: Tasks filled at a time (measured: 512 to 2,048 alike, the whole list of 100,000 at
#: once takes twice as long).
_CHUNK = 1024

# filling the slots skips the constructor: only right while it does nothing but set them
# to the given values and plain defaults
if hasattr(d.Task, "__post_init__") or any(
    f.default is MISSING for f in fields(d.Task) if f.name not in TaskDraft.__slots__
):
    raise TypeError("document.Task checks or computes its fields: freeze with its constructor")


def frozen_tasks(drafts: list[TaskDraft]) -> tuple[d.Task, ...]:
    """``tuple(draft.freeze() for draft in drafts)``, equal task for task and field for
    field (``tests/interchange/test_frozen_tasks.py``), in about half the time at 100,000
    tasks: the drafts' fields are read in one C pass, turned into columns, and the
    document tasks, made empty, get each column through its slot's descriptor (what their
    constructor does, one call per field and task) in C loops, as
    ``schedule/input_columns.py`` builds the engine's inputs. A chunk of :data:`_CHUNK`
    tasks at a time: its objects stay in the processor's cache for all their fields."""
    if len(drafts) < _FEW:
        return tuple(draft.freeze() for draft in drafts)
    made: list[d.Task] = []
    for first in range(0, len(drafts), _CHUNK):
        made += _frozen_chunk(drafts[first : first + _CHUNK])
    return tuple(made)


def _frozen_chunk(drafts: list[TaskDraft]) -> list[d.Task]:
    count = len(drafts)
    columns = dict(zip(_GIVEN, zip(*map(_READ_GIVEN, drafts), strict=True), strict=True))
    asap = columns["constraint_type"].count("ASAP") == count
    if asap and list(map(_SNET, drafts)).count(None) == count:
        columns["constraint_date"] = (None,) * count  # ASAP: a date, if any, means nothing
    else:
        pairs = list(map(TaskDraft.constraint, drafts))
        columns["constraint_type"] = tuple(kind for kind, _ in pairs)
        columns["constraint_date"] = tuple(moment for _, moment in pairs)
    columns["predecessors"] = tuple(map(tuple, columns["predecessors"]))
    columns["assignments"] = tuple(map(tuple, columns["assignments"]))
    made: list[d.Task] = list(map(object.__new__, repeat(d.Task, count)))
    for name, values in columns.items():
        deque(map(_SETTERS[name], made, values), maxlen=0)  # C loop
    for name, default in _LEFT:
        deque(map(_SETTERS[name], made, repeat(default, count)), maxlen=0)
    return made


def one_project_document(
    *,
    name: str,
    start: datetime | None,
    calendar: CalendarDraft,
    tasks: Iterable[TaskDraft],
    baselines: Iterable[d.Baseline] = (),
    currency: str = "EUR",
    manager: str = "",
    status_date: datetime | None = None,
    description: str = "",
    resources: Iterable[d.Resource] = (),
    base_calendars: Iterable[d.BaseCalendar] = (),
) -> d.Document:
    """A document holding one project (plan files bring no risks or vendors), with the
    resources its tasks' assignments name."""
    project = d.Project(
        name=name,
        currency=currency,
        start=start,
        manager=manager,
        status_date=status_date,
        description=description,
        calendar=calendar.freeze(),
        tasks=d.recorded_progress(frozen_tasks(list(tasks))),
        baselines=tuple(baselines),
    )
    return d.Document(
        projects=(project,), resources=tuple(resources), base_calendars=tuple(base_calendars)
    )


def walk_outline(
    parent: Element,
    read_task: Callable[[Element, int | None, str], TaskDraft],
    *,
    label: str = "the file",
) -> None:
    """Read nested ``<task>`` elements depth first: ``read_task(element, parent id, wbs)``
    returns the task's entry, whose ``id`` becomes its children's parent.

    The walk keeps its own stack (a file may nest tasks 100,000 deep) and refuses the file,
    naming the task, when tasks nest deeper than :data:`MAX_OUTLINE_LEVELS`.
    """
    # One frame per open level: (its remaining <task> children, their parent id, wbs prefix).
    stack: list[tuple[Iterator[tuple[int, Element]], int | None, str]] = [
        (enumerate(parent.findall("task"), start=1), None, "")
    ]
    while stack:
        children, parent_id, prefix = stack[-1]
        step = next(children, None)
        if step is None:
            stack.pop()
            continue
        position, element = step
        if len(stack) > MAX_OUTLINE_LEVELS:
            raise UnreadableFileError(
                f"{label}: tasks are nested more than {MAX_OUTLINE_LEVELS} levels deep (task "
                f"'{element.get('name', '')}', id {element.get('id', '?')}, at level "
                f"{len(stack)}); InfraDesk reads at most {MAX_OUTLINE_LEVELS} outline levels."
            )
        wbs = f"{prefix}{position}"
        task = read_task(element, parent_id, wbs)
        stack.append((enumerate(element.findall("task"), start=1), task.id, f"{wbs}."))


class XmlReader:
    """The state every XML reader keeps: its root, the file's label, problems and notes."""

    def __init__(self, root: Element, label: str) -> None:
        self.root = root
        self.label = label
        self.problems: list[Problem] = []
        self.notes: list[str] = []

    def error(self, message: str, row: int | None = None) -> None:
        """A value the file must not hold: the import is blocked until it is fixed. Without a
        row the message names its place itself (``Project <MinutesPerDay>: ...``)."""
        self.problems.append(Problem(message, "error", SHEET if row is not None else None, row))

    def warn(self, message: str, row: int | None = None) -> None:
        self.problems.append(Problem(message, "warning", SHEET, row))

    def info(self, message: str, row: int | None = None) -> None:
        self.problems.append(Problem(message, "info", SHEET, row))

    def attribute_number(
        self, element: Element, attribute: str, where: str, row: int, *, default: float = 0
    ) -> float | None:
        """The number in ``attribute`` (a decimal comma is read with a warning); ``default``
        when it is missing, ``None`` (and an error) when it is not a number."""
        raw = (element.get(attribute) or "").strip()
        if not raw:
            return default
        value = parse_number(raw)
        if value is None and "," in raw:
            value = parse_number(raw.replace(",", "."))
            if value is not None:
                self.warn(
                    f"{where} {attribute}: '{quoted(raw)}' read as {value:g} (a decimal comma).",
                    row,
                )
        if value is None:
            self.error(located(where, attribute, raw, "is not a number"), row)
        return value

    def checked_attribute(
        self,
        element: Element,
        attribute: str,
        where: str,
        row: int,
        rule: Callable[[float], str | None],
        scale: float = 1,
    ) -> float | None:
        """The attribute's number times ``scale`` when that meets ``rule``; otherwise an error
        and ``None``."""
        value = self.attribute_number(element, attribute, where, row)
        if value is None:
            return None
        why = rule(value * scale)
        if why is not None:
            self.error(located(where, attribute, element.get(attribute) or "", why), row)
            return None
        return value * scale

    def schedulable(
        self, value: _When | None, where: str, attribute: str, element: Element, row: int | None
    ) -> _When | None:
        """``value`` when InfraDesk can schedule it; an error and ``None`` when it is a real
        date outside that range (``None`` stays ``None``: the caller reports unreadable text)."""
        if value is not None and (why := day_problem(value)) is not None:
            self.error(located(where, attribute, element.get(attribute) or "", why), row)
            return None
        return value
