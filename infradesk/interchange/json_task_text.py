"""The export's text of a plan's tasks, written column by column.

A 100,000-task export spent most of its time on one object per task: a frozen ``d.Task``,
then a dict per task (``json_document.task_to_json``) or an f-string of 35 fields. Here the
tasks come as columns (:class:`~infradesk.interchange.task_columns.TaskColumns`): each
column's values are turned into their JSON texts at once, each distinct value converted
once where equal values are written alike (a 100,000-task plan has a few thousand distinct
dates among its million date fields), and a ``str.join`` per part of a thousand tasks
interleaves them with the keys: the same characters
``indented_json([task_to_json(task, per_day) ...])`` gives at that depth (tests compare both
on the demo, the hostile texts, tasks with every optional field and values that compare
equal but are written differently). The rare nested parts (links to
other projects, assignments) are built as ``task_to_json`` builds them and written by the
generic writer.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from datetime import datetime
from decimal import Decimal
from itertools import chain, islice, repeat
from json.encoder import encode_basestring
from math import copysign
from operator import attrgetter, is_
from typing import Any

from infradesk.interchange import document as d
from infradesk.interchange.duration_marks import marked_text
from infradesk.interchange.isodates import datetime_to_iso as datetime_text
from infradesk.interchange.json_document import (
    assignment_to_json,
    document_to_json,
    link_dicts,
    money_text,
)
from infradesk.interchange.json_text import (
    Prerendered,
    container_text,
    indented_json_parts,
    scalar_text,
)
from infradesk.interchange.task_columns import ComputedColumns, TaskColumns, task_columns
from infradesk.schedule.durations import format_duration

_NONE = type(None)
_quoted: Callable[[str], str] = encode_basestring  # the C one (as json_text's writer)
# the task_to_json keys written for every task, in its order, up to "predecessors"
_KEYS = (
    "id", "wbs", "name", "parent", "start", "finish", "duration", "duration_minutes",
    "percent_complete", "remaining_minutes", "milestone", "owner", "notes", "constraint_type",
    "constraint_date", "start_no_earlier_than", "deadline", "production_change", "external_ref",
    "actual_start", "actual_finish", "cost", "actual_cost", "estimated", "manual", "elapsed",
    "predecessors",
)  # fmt: skip
_COMPUTED_KEYS = (
    "early_start", "early_finish", "late_start", "late_finish", "total_float_minutes",
    "free_float_minutes", "critical",
)  # fmt: skip


#: Tasks per part of the text (parts of ~1 MB: written one after the other)
TASKS_PER_PART = 1000


def document_text(
    document: d.Document, tables: Sequence[TaskColumns | None] | None = None
) -> str:
    """``indented_json(document_to_json(document))``, the tasks written from columns:
    ``tables[i]`` (when given and not None) are the tasks of ``document.projects[i]``
    (whose ``tasks`` are then not read), else its typed tasks."""
    return "".join(document_text_parts(document, tables))


def document_text_parts(
    document: d.Document, tables: Sequence[TaskColumns | None] | None = None
) -> list[str]:
    """:func:`document_text` in parts (to be written one after the other)."""

    def tasks_json(index: int, project: d.Project) -> Prerendered:
        given = tables[index] if tables is not None else None
        table = given if given is not None else task_columns(project.tasks)
        per_day = project.minutes_per_day
        return Prerendered(lambda level: columns_text_parts(table, per_day, level))

    return indented_json_parts(document_to_json(document, tasks_json))


def tasks_text(tasks: Sequence[d.Task], per_day: int, level: int) -> str:
    """The JSON list of ``tasks`` whose opening bracket stands at depth ``level``."""
    return columns_text(task_columns(tasks), per_day, level)


def columns_text(tasks: TaskColumns, per_day: int, level: int) -> str:
    """The JSON list of the tasks in ``tasks`` whose opening bracket stands at ``level``."""
    return "".join(columns_text_parts(tasks, per_day, level))


def columns_text_parts(
    tasks: TaskColumns, per_day: int, level: int, tasks_per_part: int = TASKS_PER_PART
) -> list[str]:
    """:func:`columns_text` in parts of ``tasks_per_part`` tasks."""
    count = len(tasks)
    if not count:
        return ["[]"]
    inner = "\n" + "  " * (level + 1)  # where a task's brace stands
    field = "\n" + "  " * (level + 2)  # where its keys stand
    key = {name: f',{field}"{name}": ' for name in (*_KEYS, *_COMPUTED_KEYS)}
    key["id"] = "{" + field + '"id": '
    # each text holds its key (most are shared by many tasks: one concatenation each)
    pieces: list[Sequence[str] | str] = [
        [f"[{inner}"] + [f",{inner}"] * (count - 1),  # the list's bracket, then commas
        _column(_value_texts, tasks.id, key["id"]),
        _column(_value_texts, tasks.wbs, key["wbs"]),
        _column(_value_texts, tasks.name, key["name"]),
        _column(_value_texts, tasks.parent, key["parent"]),
        _column(_date_texts, tasks.start, key["start"]),
        _column(_date_texts, tasks.finish, key["finish"]),
        _duration_texts(tasks, per_day, key["duration"]),
        _column(_value_texts, tasks.duration_minutes, key["duration_minutes"]),
        _column(_value_texts, tasks.percent_complete, key["percent_complete"]),
        _remaining_texts(tasks, key["remaining_minutes"]),
        _column(_value_texts, tasks.milestone, key["milestone"]),
        _column(_value_texts, tasks.owner, key["owner"]),
        _column(_value_texts, tasks.notes, key["notes"]),
        _column(_value_texts, tasks.constraint_type, key["constraint_type"]),
        _column(_date_texts, tasks.constraint_date, key["constraint_date"]),
        _column(_date_texts, tasks.start_no_earlier_than, key["start_no_earlier_than"]),
        _column(_date_texts, tasks.deadline, key["deadline"]),
        _column(_value_texts, tasks.production_change, key["production_change"]),
        _column(_value_texts, tasks.external_ref, key["external_ref"]),
        _column(_date_texts, tasks.actual_start, key["actual_start"]),
        _column(_date_texts, tasks.actual_finish, key["actual_finish"]),
        _column(_money_texts, tasks.cost, key["cost"]),
        _column(_money_texts, tasks.actual_cost, key["actual_cost"]),
        _column(_value_texts, tasks.estimated, key["estimated"]),
        _column(_value_texts, tasks.manual, key["manual"]),
        _column(_value_texts, tasks.elapsed, key["elapsed"]),
        _LinkWriter(per_day, level + 2, key["predecessors"]).texts(tasks),
        _optional_texts(tasks, field, level + 2),
    ]
    computed = _computed_columns(tasks.computed, field)
    if isinstance(computed, ComputedColumns):
        pieces += [
            _column(_date_texts, computed.early_start, key["early_start"]),
            _column(_date_texts, computed.early_finish, key["early_finish"]),
            _column(_date_texts, computed.late_start, key["late_start"]),
            _column(_date_texts, computed.late_finish, key["late_finish"]),
            _column(_value_texts, computed.total_float_minutes, key["total_float_minutes"]),
            _column(_value_texts, computed.free_float_minutes, key["free_float_minutes"]),
            _column(_value_texts, computed.critical, key["critical"]),
        ]
    elif computed is not None:
        pieces.append(computed)
    closing = "\n" + "  " * (level + 1) + "}"
    pieces.append([closing] * (count - 1) + [closing + "\n" + "  " * level + "]"])
    columns = [repeat(piece, count) if type(piece) is str else piece for piece in _merged(pieces)]
    texts = chain.from_iterable(zip(*columns, strict=True))
    size = tasks_per_part * len(columns)
    return ["".join(islice(texts, size)) for _part in range(0, count, tasks_per_part)]


# ---------------------------------------------------------------- a column's texts


def _column(
    write: Callable[[Any, str], list[str]], values: Sequence[Any], key: str
) -> list[str] | str:
    """``write(values, key)``, or the one text of a column holding one object in every row
    (an optional field a plan does not use: the same None, False, "" or shared value): each
    row's text is then that object's, written once (most of a plan's 45 keys are such)."""
    if len(values) > 1 and not isinstance(values, range):
        first = values[0]
        if all(map(is_, values, repeat(first))):
            return write([first], key)[0]
    return write(values, key)


def _merged(pieces: list[Sequence[str] | str]) -> list[Sequence[str] | str]:
    """The pieces with each run of one-text columns (``_column``'s ``str``) joined into one,
    so the tasks' text interleaves fewer parts."""
    merged: list[Sequence[str] | str] = []
    for piece in pieces:
        if type(piece) is str and merged and type(merged[-1]) is str:
            merged[-1] += piece
        else:
            merged.append(piece)
    return merged


def _value_texts(values: Sequence[Any], key: str) -> list[str]:
    """``key`` + ``scalar_text(value)`` of each value: each distinct value converted once
    when equal values have equal texts (strings, None, and either ints or flags: 1 == True
    and 0.0 == -0.0 are written differently); columns of mostly distinct ints or ASCII
    strings (ids, names, floats) in C loops."""
    if isinstance(values, range):  # document ids
        return list(map(key.__add__, map(int.__repr__, values)))
    if len(set(values[:_SAMPLE])) * 4 < min(len(values), _SAMPLE):  # few distinct values
        try:
            distinct = set(values)
        except TypeError:  # an unhashable value: each written as it comes
            return [key + scalar_text(value) for value in values]
        kinds = set(map(type, distinct))
        if not kinds <= {str, _NONE}:  # equal numbers of two types are one in a set
            kinds = set(map(type, values))
        numbers = kinds - {str, _NONE}
        if len(distinct) * 4 < len(values) and (
            not numbers
            or numbers == {int}
            or numbers == {bool}
            or (numbers == {float} and not _negative_zeros(values))
        ):
            table = {value: key + scalar_text(value) for value in distinct}
            return list(map(table.__getitem__, values))
    else:
        kinds = set(map(type, values))
    if kinds == {int}:
        return list(map(key.__add__, map(int.__repr__, values)))
    if kinds == {str} and all(map(str.isascii, values)):
        return list(map(key.__add__, map(_quoted, values)))
    return [key + scalar_text(value) for value in values]


#: How many values of a column tell whether it has few distinct values (its first ones).
_SAMPLE = 64


def _negative_zeros(values: Sequence[Any]) -> bool:
    """Whether one of the floats (or Nones) is -0.0."""
    try:
        if min(map(copysign, repeat(1.0), values), default=1.0) > 0:
            return False  # no value has a sign (the common case, found in a C loop)
    except TypeError:  # a None
        pass
    return any(_negative_zero(value) for value in values if not value)


def _negative_zero(value: Any) -> bool:
    return value is not None and copysign(1.0, value) < 0


def _date_texts(values: Sequence[datetime | None], key: str) -> list[str]:
    """``key`` + ``scalar_text(datetime_text(value))`` of each value, once per distinct
    value unless one is aware (an aware one equals another of a different offset, whose
    text differs)."""
    try:
        distinct: set[datetime | None] | None = set(values)
    except TypeError:  # not a date-time: written as it comes
        distinct = None
    if distinct is not None and all(
        value is None or (type(value) is datetime and value.tzinfo is None) for value in distinct
    ):
        table = {value: key + scalar_text(datetime_text(value)) for value in distinct}
        return list(map(table.__getitem__, values))
    return [key + scalar_text(datetime_text(value)) for value in values]


def _money_texts(values: Sequence[Decimal | None], key: str) -> list[str]:
    """``key`` + ``scalar_text(money_text(value))`` of each value, once per distinct value
    unless one is signed (0 and -0 are equal but written ``0.00`` and ``-0.00``)."""
    kinds = set(map(type, values))
    if kinds <= {Decimal, _NONE} and not any(
        value.is_signed() for value in values if value is not None
    ):
        try:
            table = {value: key + scalar_text(money_text(value)) for value in set(values)}
        except TypeError:  # a signalling NaN cannot be hashed
            pass
        else:
            return list(map(table.__getitem__, values))
    return [key + scalar_text(money_text(value)) for value in values]


def _keyed_texts(keys: Sequence[Hashable], text: Callable[[Any], str]) -> list[str]:
    """``text(key)`` of each key, once per distinct key (the keys hold what the text depends
    on, types included: keys are equal only when their texts are)."""
    table = {key: text(key) for key in set(keys)}
    return list(map(table.__getitem__, keys))


def _duration_texts(tasks: TaskColumns, per_day: int, key: str) -> list[str]:
    """``key`` + ``scalar_text(marked_text(...))`` of each task's duration and marks."""
    minutes, estimated, elapsed = tasks.duration_minutes, tasks.estimated, tasks.elapsed

    def text(marks: tuple[type, int, bool, bool]) -> str:
        return key + scalar_text(
            marked_text(marks[1], per_day, estimated=marks[2], elapsed=marks[3])
        )

    if set(map(type, minutes)) == {int} and not any(estimated) and not any(elapsed):
        return _keyed_texts(list(minutes), lambda value: text((int, value, False, False)))
    keys = list(
        zip(map(type, minutes), minutes, map(bool, estimated), map(bool, elapsed), strict=True)
    )
    return _keyed_texts(keys, text)


def _remaining_texts(tasks: TaskColumns, key: str) -> list[str]:
    """``key`` + ``scalar_text(d.remaining_minutes(duration, percent))`` of each task."""
    minutes, percent = tasks.duration_minutes, tasks.percent_complete

    def text(pair: tuple[type, int, type, float]) -> str:
        return key + scalar_text(d.remaining_minutes(pair[1], pair[3]))

    if set(map(type, minutes)) == {int} and set(map(type, percent)) == {float}:
        # equal pairs give equal (int) results, whatever the sign of a zero percent; most
        # tasks have not started: those by their duration alone
        untouched = {m: text((int, m, float, 0.0)) for m in set(minutes)}
        pairs: dict[tuple[int, float], str] = {}
        return [
            untouched[m]
            if not p
            else (pairs.get((m, p)) or pairs.setdefault((m, p), text((int, m, float, p))))
            for m, p in zip(minutes, percent, strict=True)
        ]
    return _keyed_texts(
        list(zip(map(type, minutes), minutes, map(type, percent), percent, strict=True)), text
    )


def _optional_texts(tasks: TaskColumns, field: str, level: int) -> list[str]:
    """Issue 18's scheduling fields and the assignments, where they are not the defaults
    (most tasks: none): the text from the comma before the first of them."""
    count = len(tasks)
    out = [""] * count
    priority, task_type, calendar = tasks.priority, tasks.task_type, tasks.calendar
    delay, assignments = tasks.leveling_delay_minutes, tasks.assignments
    default_priority = d.DEFAULT_PRIORITY
    separator = "," + field
    for k in range(count):
        if not (
            priority[k] != default_priority
            or task_type[k] != "fixed_duration"
            or calendar[k]
            or delay[k]
            or assignments[k]
        ):
            continue
        text = ""
        if priority[k] != default_priority:
            text += f'{separator}"priority": {scalar_text(priority[k])}'
        if task_type[k] != "fixed_duration":
            text += f'{separator}"task_type": {scalar_text(task_type[k])}'
        if calendar[k]:
            text += f'{separator}"calendar": {scalar_text(calendar[k])}'
        if delay[k]:
            text += f'{separator}"leveling_delay_minutes": {scalar_text(delay[k])}'
        if assignments[k]:
            items: list[Any] = [assignment_to_json(item) for item in assignments[k]]
            text += f'{separator}"assignments": {container_text(items, level)}'
        out[k] = text
    return out


def _computed_columns(
    computed: ComputedColumns | Sequence[d.ComputedSchedule | None] | None, field: str
) -> ComputedColumns | list[str] | None:
    """The computed values as columns when every task has them; else each task's text of
    them from the comma before the first ("" for a task without: rare, a typed document
    whose tasks of one project have them and have not)."""
    if computed is None or isinstance(computed, ComputedColumns):
        return computed
    if all(item is not None for item in computed):
        return ComputedColumns(*(list(map(attrgetter(key), computed)) for key in _COMPUTED_KEYS))
    separator = "," + field
    date_keys = set(_COMPUTED_KEYS[:4])
    return [
        ""
        if item is None
        else "".join(
            f'{separator}"{key}": '
            + scalar_text(
                datetime_text(getattr(item, key)) if key in date_keys else getattr(item, key)
            )
            for key in _COMPUTED_KEYS
        )
        for item in computed
    ]


# ---------------------------------------------------------------- links


class _LinkWriter:
    """Writes each task's ``predecessors`` list (after ``key``) whose bracket stands at
    ``level``: a task's links (one or two on most tasks) written straight, with links to
    other projects (rare) by the generic writer."""

    def __init__(self, per_day: int, level: int, key: str) -> None:
        self.per_day = per_day
        self.level = level
        self.key = key
        link_inner = "\n" + "  " * (level + 1)
        self.opening = key + "[" + link_inner + "{" + link_inner + "  " + '"task": '
        self.separator = "," + link_inner + "{" + link_inner + "  " + '"task": '
        self.closing = "\n" + "  " * level + "]"
        self.fields = "," + link_inner + "  "
        self.end = link_inner + "}"
        self.tails: dict[tuple[str, int], str] = {}

    def texts(self, tasks: TaskColumns) -> list[str]:
        predecessors, external = tasks.predecessors, tasks.external_predecessors
        out = [self.key + "[]"] * len(tasks)
        opening, closing, separator = self.opening, self.closing, self.separator
        known = self.tails
        for k, links in enumerate(predecessors):
            if external[k]:
                dicts = link_dicts(links, external[k], self.per_day)
                out[k] = self.key + container_text(dicts, self.level)
            elif links:
                # the common kinds inline (a task id, a link type, a lag): this runs for
                # every link of the plan
                texts = [
                    (int.__repr__(task) if task.__class__ is int else scalar_text(task))
                    + (
                        known.get((kind, lag)) or self.tail(kind, lag)
                        if kind.__class__ is str and lag.__class__ is int
                        else self.tail(kind, lag)
                    )
                    for task, kind, lag in links
                ]
                body = texts[0] if len(texts) == 1 else separator.join(texts)
                out[k] = opening + body + closing
        return out

    def tail(self, kind: str, lag: int) -> str:
        """A link's text after its task's: its type and lag, kept per distinct pair of a
        string and an int (most links of a plan are FS without a lag)."""
        key = (kind, lag)
        text = self.tails.get(key) if type(kind) is str and type(lag) is int else None
        if text is None:
            fields = self.fields
            text = (
                f'{fields}"type": {scalar_text(kind)}'
                f'{fields}"lag": {scalar_text(format_duration(lag, self.per_day))}'
                f'{fields}"lag_minutes": {scalar_text(lag)}'
                f"{self.end}"
            )
            if type(kind) is str and type(lag) is int:
                self.tails[key] = text
        return text
