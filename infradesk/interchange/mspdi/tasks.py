"""``<Task>`` rows: durations, % complete, dates, constraints, custom flags, the outline built
from ``OutlineLevel``, owners from assignments, and notes on what InfraDesk does not model."""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import datetime
from xml.etree.ElementTree import Element

from infradesk.interchange.mspdi.context import MspdiContext, RawTask, child_texts
from infradesk.interchange.mspdi.links import read_link
from infradesk.interchange.mspdi.units import (
    CONSTRAINT_NAMES,
    ELAPSED_FORMATS,
    ELAPSED_PERCENT_FORMATS,
    TRUE_TEXTS,
    parse_datetime,
)
from infradesk.interchange.value_rules import (
    duration_problem,
    located,
    parse_number,
    percent_problem,
)
from infradesk.interchange.xml_common import TaskDraft, to_float, to_int
from infradesk.interchange.xml_safety import text
from infradesk.schedule.durations import format_duration


def read_raw_tasks(ctx: MspdiContext) -> list[RawTask]:
    """Every task row in ID order, without the project summary (UID 0) and blank rows."""
    elements = [(element, child_texts(element)) for element in ctx.root.findall("Tasks/Task")]
    # Tasks are in ID (row) order in every file MS Project writes; sort anyway.
    indexed = list(enumerate(elements))
    indexed.sort(key=lambda pair: (to_int(pair[1][1].get("ID") or None, 10**9), pair[0]))

    raw: list[RawTask] = []
    blank_rows = 0
    for _, (element, texts) in indexed:
        uid_text = texts.get("UID", "")
        row = to_int(texts.get("ID") or None, 0) or None
        if texts.get("IsNull") == "1":
            blank_rows += 1
            continue
        if not uid_text:
            ctx.warn("Task without a UID skipped.", row)
            continue
        uid = to_int(uid_text, -1)
        level_text = texts.get("OutlineLevel", "")
        outline_number = texts.get("OutlineNumber", "")
        if level_text:
            level = to_int(level_text, 1)
        elif outline_number:
            level = outline_number.count(".") + 1
        else:
            level = 1
        if uid == 0 or level == 0:
            # The project summary task (row 0) is the project itself, not a task.
            continue
        raw.append(_read_task(ctx, element, texts, uid, row, level))
    if blank_rows:
        ctx.notes.append(f"{blank_rows} blank task row(s) skipped.")
    return raw


def _read_task(
    ctx: MspdiContext,
    element: Element,
    texts: dict[str, str],
    uid: int,
    row: int | None,
    level: int,
) -> RawTask:
    name = texts.get("Name", "")
    if not name:
        ctx.info("Task has no name; it was named after its row.", row)
        name = f"Task {row or uid}"
    where = f"Task UID {uid} '{name}'"
    duration_minutes = _duration(ctx, texts, where, row)
    milestone = texts.get("Milestone") == "1"
    if milestone and duration_minutes:
        ctx.info(
            f"Milestone with a duration of "
            f"{format_duration(duration_minutes, ctx.display_minutes_per_day)} kept as a "
            "milestone of zero duration.",
            row,
        )
        duration_minutes = 0
    percent = _percent(ctx, texts, where, row)
    doc = TaskDraft(
        id=0,  # numbered in outline order later
        wbs=texts.get("WBS") or texts.get("OutlineNumber", ""),
        name=name,
        start=ctx.when(texts, "Start", where, row),
        finish=ctx.when(texts, "Finish", where, row),
        duration_minutes=duration_minutes,
        percent_complete=percent,
        milestone=milestone,
        notes=texts.get("Notes", ""),
        external_ref=str(uid),
        deadline=ctx.when(texts, "Deadline", where, row),
    )
    _read_constraint(ctx, texts, doc, row, where)
    task = RawTask(uid, row, level, element, texts, doc, where)
    for link in element.findall("PredecessorLink"):
        read_link(ctx, link, task)
    extended = []
    for attribute in element.findall("ExtendedAttribute"):
        if text(attribute, "FieldID") in ctx.production_fields:
            doc.production_change = text(attribute, "Value").lower() in TRUE_TEXTS
        else:
            extended.append(attribute)
    if extended:
        ctx.info(f"{len(extended)} custom field value(s) on this task not imported.", row)
    return task


def _duration(ctx: MspdiContext, texts: dict[str, str], where: str, row: int | None) -> int:
    """Working minutes of ``<Duration>`` (elapsed durations converted, with a warning)."""
    duration_text = texts.get("Duration", "")
    minutes: float = 0
    if duration_text:
        parsed = ctx.duration_minutes(duration_text)
        why = "is not a duration (such as PT8H30M0S)" if parsed is None else None
        why = why or duration_problem(parsed or 0)
        if why is not None:
            ctx.error(located(where, "<Duration>", duration_text, why), row)
        else:
            minutes = parsed or 0
    duration_format = to_int(texts.get("DurationFormat") or None, 7)
    if duration_format in ELAPSED_FORMATS | ELAPSED_PERCENT_FORMATS and minutes:
        working = ctx.elapsed_to_working(minutes)
        ctx.warn(
            f"Elapsed duration of {minutes / 60:g} elapsed hours converted to "
            f"{format_duration(working, ctx.display_minutes_per_day)} of working time.",
            row,
        )
        minutes = working
    return max(0, round(minutes))


def _percent(ctx: MspdiContext, texts: dict[str, str], where: str, row: int | None) -> float:
    percent_text = texts.get("PercentComplete", "")
    percent: float = 0
    if percent_text:
        value = parse_number(percent_text)
        why = "is not a number" if value is None else percent_problem(value)
        if why is not None:
            ctx.error(located(where, "<PercentComplete>", percent_text, why), row)
        if value is not None and math.isfinite(value):
            percent = min(100.0, max(0.0, value))
    return percent


def _read_constraint(
    ctx: MspdiContext, texts: dict[str, str], doc: TaskDraft, row: int | None, where: str
) -> None:
    code = to_int(texts.get("ConstraintType") or None, 0)
    if code == 0:
        return  # "as soon as possible": a ConstraintDate, if any, means nothing
    when = ctx.when(texts, "ConstraintDate", where, row)
    label = CONSTRAINT_NAMES.get(code, f"constraint type {code}")
    if code == 4 and when:
        doc.start_no_earlier_than = when
    elif code == 2 and when:
        doc.start_no_earlier_than = when
        ctx.warn(
            f"'Must start on {_iso(when)}' imported as 'start no earlier than' (InfraDesk has "
            "no hard start date).",
            row,
        )
    elif code == 7 and when and not doc.deadline:
        doc.deadline = when
        ctx.warn(f"'Finish no later than {_iso(when)}' imported as a deadline.", row)
    else:
        ctx.warn(
            f"Constraint '{label}'{f' ({_iso(when)})' if when else ''} is not modeled and was "
            "not imported.",
            row,
        )


def _iso(when: datetime) -> str:
    """``2026-03-02T08:00``: how a constraint's date is named in a warning."""
    return when.strftime("%Y-%m-%dT%H:%M")


def build_hierarchy(ctx: MspdiContext, raw: list[RawTask]) -> None:
    """Number the tasks in outline order and give each its parent from ``OutlineLevel``."""
    stack: list[RawTask] = []
    for number, task in enumerate(raw, start=1):
        task.doc.id = number
        while stack and stack[-1].level >= task.level:
            stack.pop()
        if stack and task.level > stack[-1].level + 1:
            ctx.warn(
                f"Outline level {task.level} jumps more than one level below its parent; "
                f"placed directly under '{stack[-1].doc.name}'.",
                task.row,
            )
        elif not stack and task.level > 1:
            ctx.warn(
                f"Outline level {task.level} without a parent above it; placed at the top level.",
                task.row,
            )
        task.doc.parent = stack[-1].doc.id if stack else None
        stack.append(task)
    # MS Project computes the duration of summary tasks; keep it informative only.
    for task in raw:
        if task.texts.get("Summary") == "1" and task.doc.milestone:
            task.doc.milestone = False


def read_owners(ctx: MspdiContext, raw: list[RawTask]) -> None:
    """Each task's owner: the names of the resources assigned to it."""
    names = {
        to_int(text(r, "UID"), -1): text(r, "Name")
        for r in ctx.root.findall("Resources/Resource")
        if text(r, "IsNull") != "1"
    }
    owners: dict[int, list[str]] = defaultdict(list)
    for assignment in ctx.root.findall("Assignments/Assignment"):
        task_uid = to_int(text(assignment, "TaskUID"), -1)
        name = names.get(to_int(text(assignment, "ResourceUID"), -1), "")
        if name and name not in owners[task_uid]:
            owners[task_uid].append(name)
    for task in raw:
        task.doc.owner = ", ".join(owners.get(task.uid, []))


def note_task_flags(ctx: MspdiContext, raw: list[RawTask]) -> None:
    """Notes and warnings for task features InfraDesk does not model."""
    manual = [t for t in raw if t.texts.get("Manual") == "1"]
    if manual:
        ctx.notes.append(
            f"{len(manual)} manually scheduled task(s): InfraDesk schedules every task "
            "from its links and constraints."
        )
    actuals = [t for t in raw if t.texts.get("ActualStart")]
    if actuals:
        ctx.notes.append(
            f"Actual start/finish dates of {len(actuals)} task(s) are not imported; "
            "InfraDesk keeps their % complete."
        )
    costly = [
        t
        for t in raw
        if to_float(t.texts.get("Cost", "")) or to_float(t.texts.get("FixedCost", ""))
    ]
    if costly:
        ctx.notes.append(f"Costs of {len(costly)} task(s) are not imported.")
    own_calendar = [t for t in raw if to_int(t.texts.get("CalendarUID") or None, -1) > 0]
    if own_calendar:
        ctx.notes.append(
            f"{len(own_calendar)} task(s) have their own calendar in MS Project; they "
            "follow the project calendar in InfraDesk."
        )
    for task in raw:
        texts = task.texts
        if texts.get("Active") == "0":
            ctx.warn("Inactive task imported as an ordinary task.", task.row)
        stop = parse_datetime(texts.get("Stop", ""))
        resume = parse_datetime(texts.get("Resume", ""))
        if stop and resume and resume > stop:
            ctx.warn(
                f"Split task (stopped {stop:%Y-%m-%d}, resumed {resume:%Y-%m-%d}) imported "
                "as one continuous task.",
                task.row,
            )
        if texts.get("Recurring") == "1":
            ctx.info("Recurring task imported as a summary of its occurrences.", task.row)
        if texts.get("IsSubproject") == "1" or texts.get("ExternalTask") == "1":
            ctx.warn("Inserted project / external task imported as a plain task.", task.row)
