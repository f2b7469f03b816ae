"""The export's text of a plan's tasks, written straight from the typed tasks.

A 100,000-task export spent a third of its time building a dict per task
(``json_document.task_to_json``) and walking it again to write it. This writes each task's
fields in ``task_to_json``'s order as text at once: the same characters
``indented_json([task_to_json(task, per_day) ...])`` gives at that depth (a test compares
both on the demo, the hostile texts and tasks with every optional field). The rare nested
parts (links, assignments) are built as ``task_to_json`` builds them and written by the
generic writer.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from infradesk.interchange import document as d
from infradesk.interchange.duration_marks import marked_text
from infradesk.interchange.isodates import datetime_to_iso as datetime_text
from infradesk.interchange.json_document import (
    assignment_to_json,
    document_to_json,
    links_to_json,
    money_text,
)
from infradesk.interchange.json_text import Prerendered, container_text, indented_json, scalar_text
from infradesk.schedule.durations import format_duration


def document_text(document: d.Document) -> str:
    """``indented_json(document_to_json(document))``, the tasks written straight."""
    return indented_json(document_to_json(document, _prerendered_tasks))


def _prerendered_tasks(tasks: tuple[d.Task, ...], per_day: int) -> Prerendered:
    return Prerendered(lambda level: tasks_text(tasks, per_day, level))


def tasks_text(tasks: Sequence[d.Task], per_day: int, level: int) -> str:
    """The JSON list of ``tasks`` whose opening bracket stands at depth ``level``."""
    if not tasks:
        return "[]"
    inner = "\n" + "  " * (level + 1)
    write = _TaskWriter(per_day, level + 1).task
    texts = [write(task) for task in tasks]
    return "[" + inner + ("," + inner).join(texts) + "\n" + "  " * level + "]"


_FLAGS = {True: "true", False: "false"}


class _TaskWriter:
    """Writes tasks at one depth. The texts of values many tasks share (date-times, money,
    durations, lags) are made once per distinct value: a 100,000-task plan has a few
    thousand distinct dates among its million date fields."""

    def __init__(self, per_day: int, level: int) -> None:
        self.per_day = per_day
        self.level = level
        self.dates: dict[object, str] = {None: "null"}
        self.money: dict[object, str] = {None: "null"}
        self.lags: dict[int, str] = {}
        self.kinds: dict[str, str] = {}
        indent = "\n" + "  " * (level + 1)
        self.separator = "," + indent
        self.opening = "{" + indent
        self.closing = "\n" + "  " * level + "}"
        link_inner = "\n" + "  " * (level + 2)
        self.link_opening = "[" + link_inner
        self.link_separator = "," + link_inner
        self.link_closing = "\n" + "  " * (level + 1) + "]"
        self.link_fields = "," + link_inner + "  "
        self.link_start = "{" + link_inner + "  " + '"task": '
        self.link_end = link_inner + "}"

    def date(self, value: datetime | None) -> str:
        """``scalar_text(datetime_text(value))``, kept per naive value (an aware one equals
        another of a different offset, whose text differs: never kept)."""
        text = self.dates.get(value)
        if text is None:
            assert value is not None  # None is in the cache
            text = scalar_text(datetime_text(value))
            if value.tzinfo is None:
                self.dates[value] = text
        return text

    def cost(self, value: Decimal | None) -> str:
        """``scalar_text(money_text(value))``, kept per value: equal decimals give equal
        money texts, except -0 and 0 (a signed value is never looked up nor kept)."""
        if value is not None and (value.is_signed() or not value.is_finite()):
            return scalar_text(money_text(value))
        text = self.money.get(value)
        if text is None:
            text = self.money[value] = scalar_text(money_text(value))
        return text

    def flag(self, value: object) -> str:
        """``scalar_text`` of a flag (a bool; anything else as scalar_text writes it)."""
        return _FLAGS[value] if type(value) is bool else scalar_text(value)

    def task(self, task: d.Task) -> str:
        """One task's JSON object (``task_to_json``'s keys and values)."""
        v = scalar_text
        date = self.date
        flag = self.flag
        s = self.separator
        duration = marked_text(
            task.duration_minutes, self.per_day, estimated=task.estimated, elapsed=task.elapsed
        )
        text = (
            f'{self.opening}"id": {v(task.id)}'
            f'{s}"wbs": {v(task.wbs)}'
            f'{s}"name": {v(task.name)}'
            f'{s}"parent": {v(task.parent)}'
            f'{s}"start": {date(task.start)}'
            f'{s}"finish": {date(task.finish)}'
            f'{s}"duration": {v(duration)}'
            f'{s}"duration_minutes": {v(task.duration_minutes)}'
            f'{s}"percent_complete": {v(task.percent_complete)}'
            f'{s}"remaining_minutes": '
            f"{v(d.remaining_minutes(task.duration_minutes, task.percent_complete))}"
            f'{s}"milestone": {flag(task.milestone)}'
            f'{s}"owner": {v(task.owner)}'
            f'{s}"notes": {v(task.notes)}'
            f'{s}"constraint_type": {v(task.constraint_type)}'
            f'{s}"constraint_date": {date(task.constraint_date)}'
            f'{s}"start_no_earlier_than": {date(task.start_no_earlier_than)}'
            f'{s}"deadline": {date(task.deadline)}'
            f'{s}"production_change": {flag(task.production_change)}'
            f'{s}"external_ref": {v(task.external_ref)}'
            f'{s}"actual_start": {date(task.actual_start)}'
            f'{s}"actual_finish": {date(task.actual_finish)}'
            f'{s}"cost": {self.cost(task.cost)}'
            f'{s}"actual_cost": {self.cost(task.actual_cost)}'
            f'{s}"estimated": {flag(task.estimated)}'
            f'{s}"manual": {flag(task.manual)}'
            f'{s}"elapsed": {flag(task.elapsed)}'
            f'{s}"predecessors": {self.links(task)}'
        )
        # issue 18's scheduling fields, written when they are not the defaults
        if task.priority != d.DEFAULT_PRIORITY:
            text += f'{s}"priority": {v(task.priority)}'
        if task.task_type != "fixed_duration":
            text += f'{s}"task_type": {v(task.task_type)}'
        if task.calendar:
            text += f'{s}"calendar": {v(task.calendar)}'
        if task.leveling_delay_minutes:
            text += f'{s}"leveling_delay_minutes": {v(task.leveling_delay_minutes)}'
        if task.assignments:
            assignments: list[Any] = [assignment_to_json(item) for item in task.assignments]
            text += f'{s}"assignments": {container_text(assignments, self.level + 1)}'
        computed = task.computed
        if computed is not None:
            text += (
                f'{s}"early_start": {date(computed.early_start)}'
                f'{s}"early_finish": {date(computed.early_finish)}'
                f'{s}"late_start": {date(computed.late_start)}'
                f'{s}"late_finish": {date(computed.late_finish)}'
                f'{s}"total_float_minutes": {v(computed.total_float_minutes)}'
                f'{s}"free_float_minutes": {v(computed.free_float_minutes)}'
                f'{s}"critical": {flag(computed.critical)}'
            )
        return text + self.closing

    def links(self, task: d.Task) -> str:
        """``links_to_json(task, per_day)`` as text: a task's links (one or two on most
        tasks) written straight, links to other projects (rare) by the generic writer."""
        if task.external_predecessors:
            return container_text(links_to_json(task, self.per_day), self.level + 1)
        if not task.predecessors:
            return "[]"
        v = scalar_text
        fields = self.link_fields
        texts = [
            f"{self.link_start}{v(link.task)}"
            f'{fields}"type": {self.kind(link.type)}'
            f'{fields}"lag": {self.lag(link.lag_minutes)}'
            f'{fields}"lag_minutes": {v(link.lag_minutes)}'
            f"{self.link_end}"
            for link in task.predecessors
        ]
        return self.link_opening + self.link_separator.join(texts) + self.link_closing

    def kind(self, value: str) -> str:
        text = self.kinds.get(value)
        if text is None:
            text = scalar_text(value)
            if type(value) is str:
                self.kinds[value] = text
        return text

    def lag(self, minutes: int) -> str:
        """``scalar_text(format_duration(minutes, per_day))`` per distinct int."""
        text = self.lags.get(minutes)
        if text is None:
            text = scalar_text(format_duration(minutes, self.per_day))
            if type(minutes) is int:
                self.lags[minutes] = text
        return text
