"""``<Task>`` rows: durations, % complete, dates, constraints, custom flags, the outline built
from ``OutlineLevel``, owners from assignments, and notes on what InfraDesk does not model."""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import datetime
from decimal import Decimal, InvalidOperation
from itertools import islice
from operator import le
from xml.etree.ElementTree import Element

from infradesk.interchange import document as d
from infradesk.interchange.json_schema import MAX_MONEY
from infradesk.interchange.mspdi.context import MspdiContext, RawTask, child_texts
from infradesk.interchange.mspdi.links import read_link
from infradesk.interchange.mspdi.units import (
    CONSTRAINT_NAMES,
    CONSTRAINT_TYPES,
    ELAPSED_FORMATS,
    ELAPSED_PERCENT_FORMATS,
    ESTIMATED_FORMATS,
    TRUE_TEXTS,
    parse_datetime,
)
from infradesk.interchange.value_rules import (
    duration_problem,
    located,
    parse_number,
    percent_problem,
)
from infradesk.interchange.xml_common import TaskDraft, to_int
from infradesk.interchange.xml_safety import text
from infradesk.schedule.durations import format_duration

#: Duration formats of elapsed durations (the task runs on the 24x7 clock).
_ELAPSED_DURATION_FORMATS = ELAPSED_FORMATS | ELAPSED_PERCENT_FORMATS


def read_raw_tasks(ctx: MspdiContext) -> list[RawTask]:
    """Every task row in ID order, without the project summary (UID 0) and blank rows."""
    elements = [(element, child_texts(element)) for element in ctx.root.findall("Tasks/Task")]
    # Tasks are in ID (row) order in every file MS Project writes; sort anyway (by ID, then
    # file order: a stable sort, skipped when they are in order already)
    keys = [to_int(texts.get("ID") or None, 10**9) for _element, texts in elements]
    if not all(map(le, keys, islice(keys, 1, None))):
        order = sorted(range(len(elements)), key=keys.__getitem__)
        elements = [elements[index] for index in order]

    raw: list[RawTask] = []
    blank_rows = 0
    for element, texts in elements:
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
    duration_format = ctx.duration_formats[texts.get("DurationFormat", "")]
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
        start=ctx.when(texts, "Start", where, row) if "Start" in texts else None,
        finish=ctx.when(texts, "Finish", where, row) if "Finish" in texts else None,
        duration_minutes=duration_minutes,
        percent_complete=percent,
        milestone=milestone,
        notes=texts.get("Notes", ""),
        external_ref=str(uid),
        deadline=ctx.when(texts, "Deadline", where, row) if "Deadline" in texts else None,
        # MS Project's flags: <Estimated> (or an estimated format such as 39, d?), <Manual>
        estimated=texts.get("Estimated") == "1" or duration_format in ESTIMATED_FORMATS,
        manual=texts.get("Manual") == "1",
        elapsed=duration_format in _ELAPSED_DURATION_FORMATS,
    )
    _read_constraint(ctx, texts, doc, row, where)
    if texts.get("Summary") != "1":  # MS Project rolls a summary's actuals and costs up
        _read_progress(ctx, texts, doc, row, where)
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
    """Minutes of ``<Duration>``: working minutes, or wall-clock minutes when its
    ``<DurationFormat>`` is elapsed (the task is then scheduled on the 24x7 clock)."""
    duration_text = texts.get("Duration", "")
    minutes: float = 0
    if duration_text:
        known = ctx.task_durations.get(duration_text)
        if known is not None:
            return known
        parsed = ctx.duration_minutes(duration_text)
        why = "is not a duration (such as PT8H30M0S)" if parsed is None else None
        why = why or duration_problem(parsed or 0)
        if why is not None:
            ctx.error(located(where, "<Duration>", duration_text, why), row)
        else:
            minutes = parsed or 0
            ctx.task_durations[duration_text] = max(0, round(minutes))
    return max(0, round(minutes))


def _percent(ctx: MspdiContext, texts: dict[str, str], where: str, row: int | None) -> float:
    percent_text = texts.get("PercentComplete", "")
    percent: float = 0
    if percent_text:
        known = ctx.percents.get(percent_text)
        if known is not None:
            return known
        value = parse_number(percent_text)
        why = "is not a number" if value is None else percent_problem(value)
        if why is not None:
            ctx.error(located(where, "<PercentComplete>", percent_text, why), row)
        if value is not None and math.isfinite(value):
            percent = min(100.0, max(0.0, value))
            if why is None:
                ctx.percents[percent_text] = percent
    return percent


def _read_constraint(
    ctx: MspdiContext, texts: dict[str, str], doc: TaskDraft, row: int | None, where: str
) -> None:
    """``ConstraintType`` (MS Project's numbers 0..7) with ``ConstraintDate``."""
    code = ctx.constraint_codes[texts.get("ConstraintType", "")]
    if code == 0:
        return  # "as soon as possible": a ConstraintDate, if any, means nothing
    kind = CONSTRAINT_TYPES.get(code)
    if kind is None:
        ctx.warn(f"Constraint type {code} is not one of MS Project's (0-7); not imported.", row)
        return
    if kind == "ALAP":
        doc.constraint_type = kind
        return
    when = ctx.when(texts, "ConstraintDate", where, row)
    if when is None:
        ctx.warn(f"Constraint '{CONSTRAINT_NAMES[code]}' without a date was not imported.", row)
        return
    doc.constraint_type, doc.constraint_date = kind, when


def _read_progress(
    ctx: MspdiContext, texts: dict[str, str], doc: TaskDraft, row: int | None, where: str
) -> None:
    """Actual dates, costs (hundredths in MSPDI) and, from ``ActualDuration``, a percent
    complete more precise than MS Project's whole-number ``PercentComplete``."""
    if "ActualStart" in texts:
        doc.actual_start = ctx.when(texts, "ActualStart", where, row)
    if "ActualFinish" in texts:
        doc.actual_finish = ctx.when(texts, "ActualFinish", where, row)
    if doc.actual_start and doc.actual_finish and doc.actual_finish < doc.actual_start:
        ctx.error(
            f"{where}: <ActualFinish> {_iso(doc.actual_finish)} is before <ActualStart> "
            f"{_iso(doc.actual_start)}.",
            row,
        )
        doc.actual_finish = None
    cost = _currency(ctx, texts, "Cost", where, row)
    if cost is None:
        cost = _currency(ctx, texts, "FixedCost", where, row)
    doc.cost = cost or d.ZERO
    doc.actual_cost = _currency(ctx, texts, "ActualCost", where, row) or d.ZERO
    actual = texts.get("ActualDuration", "")
    duration = doc.duration_minutes
    if actual and duration and doc.actual_start:
        done = ctx.duration_minutes(actual)
        if done is not None and 0 <= done <= duration:
            precise = round(done * 100 / duration, 2)
            if abs(precise - doc.percent_complete) <= 0.5:  # the same figure, unrounded
                doc.percent_complete = precise


def _currency(
    ctx: MspdiContext, texts: dict[str, str], tag: str, where: str, row: int | None
) -> Decimal | None:
    """A currency element (MSPDI writes hundredths: ``120050`` is 1,200.50), or None."""
    raw = texts.get(tag, "")
    if not raw:
        return None
    known = ctx.amounts.get(raw)
    if known is not None:
        return known
    try:
        amount = Decimal(raw.strip()) / 100
    except InvalidOperation:
        amount = Decimal("NaN")
    if not amount.is_finite() or abs(amount) > MAX_MONEY:
        ctx.error(located(where, f"<{tag}>", raw, "is not an amount of money"), row)
        return None
    amount = ctx.amounts[raw] = amount.quantize(Decimal("0.01"))
    return amount


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
    manual = [t for t in raw if t.doc.manual]
    if manual:
        ctx.notes.append(
            f"{len(manual)} manually scheduled task(s) kept: each stays on its own start, "
            "whatever its links say."
        )
    actuals = [t for t in raw if t.doc.actual_start or t.doc.actual_finish]
    if actuals:
        ctx.notes.append(
            f"Actual dates of {len(actuals)} task(s) imported: their work done stays where "
            "it happened."
        )
    own_calendar = [  # the file's task calendars (not those a shift resource gave)
        t for t in raw if t.doc.calendar and to_int(t.texts.get("CalendarUID") or None, -1) > 0
    ]
    if own_calendar:
        ctx.notes.append(
            f"{len(own_calendar)} task(s) have their own calendar in MS Project; each keeps "
            "it as its task calendar (the calendar's working week; its dated exceptions are "
            "not kept)."
        )
    for task in raw:
        texts = task.texts
        if texts.get("Active") == "0":
            ctx.warn("Inactive task imported as an ordinary task.", task.row)
        stop_text, resume_text = texts.get("Stop"), texts.get("Resume")
        stop = parse_datetime(stop_text) if stop_text else None
        resume = parse_datetime(resume_text) if resume_text else None
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
