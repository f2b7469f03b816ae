"""The state one MSPDI read keeps: the project's units (minutes per day, week, days per month),
the problems and notes found so far, and the checked readers of dates and durations that the
calendar, task, link and baseline modules share."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from xml.etree.ElementTree import Element

from infradesk.interchange.mspdi.units import (
    ELAPSED_MINUTES_PER_WEEK,
    PRODUCTION_CHANGE_ALIAS,
    parse_datetime,
    parse_xsd_duration,
)
from infradesk.interchange.value_rules import (
    day_problem,
    located,
    minutes_per_day_problem,
    parse_number,
)
from infradesk.interchange.xml_common import TaskDraft, XmlReader, to_int
from infradesk.interchange.xml_safety import child_texts as child_texts  # its home
from infradesk.interchange.xml_safety import text
from infradesk.schedule.durations import DEFAULT_MINUTES_PER_DAY


@dataclass(slots=True)
class RawLink:
    """A ``<PredecessorLink>`` as read, resolved once every task is known."""

    predecessor_uid: int
    type_code: int
    lag_raw: float  # tenths of a minute, or a percentage (see ``lag_format``)
    lag_format: int | None
    row: int | None
    lag_text: str = ""
    task_where: str = ""  # the task's ``where``
    predecessor_text: str = ""  # the <PredecessorUID> as written

    @property
    def where(self) -> str:
        """``Task UID 7 'Design' <PredecessorLink> to UID 5``, for messages (made only for
        the few that need one)."""
        return link_where(self.task_where, self.predecessor_text)


def link_where(task_where: str, predecessor: str) -> str:
    return f"{task_where} <PredecessorLink> to UID {predecessor}"


class WholeNumbers(dict[str, int]):
    """:func:`~infradesk.interchange.xml_common.to_int` of texts with one ``default``, each
    distinct text converted once (``numbers[text]``; a file's codes and formats are a
    handful of texts written on every task)."""

    def __init__(self, default: int) -> None:
        super().__init__()
        self.default = default

    def __missing__(self, text: str) -> int:
        value = self[text] = to_int(text or None, self.default)
        return value


@dataclass
class RawTask:
    """A ``<Task>`` as read: its draft and what the later passes need."""

    uid: int
    row: int | None
    level: int
    element: Element
    texts: dict[str, str]  # child_texts(element)
    doc: TaskDraft
    where: str = ""  # "Task UID 7 'Design'", for messages
    links: list[RawLink] = field(default_factory=list)


class MspdiContext(XmlReader):
    """One read of one file: units, problems and notes."""

    def __init__(self, root: Element, label: str) -> None:
        super().__init__(root, label)
        #: Each date-time text read so far, parsed and checked: a big plan's tasks share
        #: most of their dates (and then one object each, not one per task).
        self._dates: dict[str, datetime] = {}
        #: Each duration text read so far and its minutes (see :meth:`duration_minutes`).
        self._durations: dict[str, float | None] = {}
        #: Each task duration text read without a problem and its whole minutes.
        self.task_durations: dict[str, int] = {}
        #: Per-distinct-text caches of the tasks' and links' whole-number codes (the task
        #: pass and the link pass read these texts on every row).
        self.duration_formats = WholeNumbers(7)
        self.constraint_codes = WholeNumbers(0)
        self.link_types = WholeNumbers(1)
        self.lag_formats = WholeNumbers(0)
        #: Other per-distinct-text caches of values that read without a problem: each
        #: percent complete, currency amount and lag text (texts with a problem are read
        #: again each time, so each row still gets its message).
        self.percents: dict[str, float] = {}
        self.amounts: dict[str, Decimal] = {}
        self.lags: dict[str, float] = {}
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

    def when(
        self, element: Element | Mapping[str, str], tag: str, where: str, row: int | None
    ) -> datetime | None:
        """The date-time in ``<tag>`` (of an element, or of its :func:`child_texts`) to the
        minute; ``None`` when empty, and ``None`` with an error when it is not a real date or
        one InfraDesk cannot schedule."""
        if type(element) is dict or isinstance(element, Mapping):  # dict: child_texts'
            raw = element.get(tag, "")
        else:
            raw = text(element, tag)
        if not raw:
            return None
        known = self._dates.get(raw)
        if known is not None:
            return known
        parsed = parse_datetime(raw)
        why = "is not a real date and time" if parsed is None else day_problem(parsed)
        if why is not None or parsed is None:
            self.error(located(where, f"<{tag}>", raw, why or ""), row)
            return None
        self._dates[raw] = parsed
        return parsed

    def duration_minutes(self, value: str) -> float | None:
        """Minutes of an xsd:duration in this project's units; ``None`` when it is not one.
        (Each distinct text parsed once: the units are fixed before any duration is read.)"""
        if value in self._durations:
            return self._durations[value]
        minutes = self._durations[value] = parse_xsd_duration(
            value, self.minutes_per_day, self.days_per_month
        )
        return minutes

    def elapsed_to_working(self, elapsed_minutes: float) -> int:
        """Approximate elapsed minutes as working minutes: the calendar's working share of a
        week (40 h of 168 h for a standard week)."""
        return round(elapsed_minutes * self.minutes_per_week / ELAPSED_MINUTES_PER_WEEK)


def _minutes_per_week_problem(minutes: float) -> str | None:
    if not math.isfinite(minutes) or not 1 <= minutes <= ELAPSED_MINUTES_PER_WEEK:
        return f"is not between 1 and {ELAPSED_MINUTES_PER_WEEK} minutes (a week has 168 hours)"
    return None


def _days_per_month_problem(days: float) -> str | None:
    if not math.isfinite(days) or not 1 <= days <= 31:
        return "is not between 1 and 31 days"
    return None
