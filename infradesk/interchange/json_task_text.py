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
    return (
        "["
        + inner
        + ("," + inner).join([task_text(task, per_day, level + 1) for task in tasks])
        + "\n"
        + "  " * level
        + "]"
    )


def task_text(task: d.Task, per_day: int, level: int) -> str:
    """One task's JSON object (``task_to_json``'s keys and values) at depth ``level``."""
    v = scalar_text
    inner = level + 1
    links = _links_text(task, per_day, inner)
    duration = marked_text(
        task.duration_minutes, per_day, estimated=task.estimated, elapsed=task.elapsed
    )
    parts = [
        '"id": ' + v(task.id),
        '"wbs": ' + v(task.wbs),
        '"name": ' + v(task.name),
        '"parent": ' + v(task.parent),
        '"start": ' + v(datetime_text(task.start)),
        '"finish": ' + v(datetime_text(task.finish)),
        '"duration": ' + v(duration),
        '"duration_minutes": ' + v(task.duration_minutes),
        '"percent_complete": ' + v(task.percent_complete),
        '"remaining_minutes": '
        + v(d.remaining_minutes(task.duration_minutes, task.percent_complete)),
        '"milestone": ' + v(task.milestone),
        '"owner": ' + v(task.owner),
        '"notes": ' + v(task.notes),
        '"constraint_type": ' + v(task.constraint_type),
        '"constraint_date": ' + v(datetime_text(task.constraint_date)),
        '"start_no_earlier_than": ' + v(datetime_text(task.start_no_earlier_than)),
        '"deadline": ' + v(datetime_text(task.deadline)),
        '"production_change": ' + v(task.production_change),
        '"external_ref": ' + v(task.external_ref),
        '"actual_start": ' + v(datetime_text(task.actual_start)),
        '"actual_finish": ' + v(datetime_text(task.actual_finish)),
        '"cost": ' + v(money_text(task.cost)),
        '"actual_cost": ' + v(money_text(task.actual_cost)),
        '"estimated": ' + v(task.estimated),
        '"manual": ' + v(task.manual),
        '"elapsed": ' + v(task.elapsed),
        '"predecessors": ' + links,
    ]
    # issue 18's scheduling fields, written when they are not the defaults
    if task.priority != d.DEFAULT_PRIORITY:
        parts.append('"priority": ' + v(task.priority))
    if task.task_type != "fixed_duration":
        parts.append('"task_type": ' + v(task.task_type))
    if task.calendar:
        parts.append('"calendar": ' + v(task.calendar))
    if task.leveling_delay_minutes:
        parts.append('"leveling_delay_minutes": ' + v(task.leveling_delay_minutes))
    if task.assignments:
        assignments: list[Any] = [assignment_to_json(item) for item in task.assignments]
        parts.append('"assignments": ' + container_text(assignments, inner))
    computed = task.computed
    if computed is not None:
        parts += [
            '"early_start": ' + v(datetime_text(computed.early_start)),
            '"early_finish": ' + v(datetime_text(computed.early_finish)),
            '"late_start": ' + v(datetime_text(computed.late_start)),
            '"late_finish": ' + v(datetime_text(computed.late_finish)),
            '"total_float_minutes": ' + v(computed.total_float_minutes),
            '"free_float_minutes": ' + v(computed.free_float_minutes),
            '"critical": ' + v(computed.critical),
        ]
    indent = "\n" + "  " * inner
    return "{" + indent + ("," + indent).join(parts) + "\n" + "  " * level + "}"


def _links_text(task: d.Task, per_day: int, level: int) -> str:
    """``links_to_json(task, per_day)`` as text at depth ``level``: a task's links (one or
    two on most tasks) written straight, links to other projects (rare) by the generic
    writer."""
    if task.external_predecessors:
        return container_text(links_to_json(task, per_day), level)
    if not task.predecessors:
        return "[]"
    v = scalar_text
    inner = "\n" + "  " * (level + 1)
    fields = "," + inner + "  "
    texts = [
        "{" + inner + "  " + '"task": ' + v(link.task)
        + fields + '"type": ' + v(link.type)
        + fields + '"lag": ' + v(format_duration(link.lag_minutes, per_day))
        + fields + '"lag_minutes": ' + v(link.lag_minutes)
        + inner + "}"
        for link in task.predecessors
    ]  # fmt: skip
    return "[" + inner + ("," + inner).join(texts) + "\n" + "  " * level + "]"
