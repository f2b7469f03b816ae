"""Turn a mapped task table into the typed document's tasks.

Column-wide decisions happen here, each reported in the notes: the day/month order of every
text date column, whether bare percentages are fractions, and the unit of a duration column
without units (a template counting weeks is recognised because its numbers only agree with
the rows' own start and finish dates when read as weeks).
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from infradesk.interchange import document as d
from infradesk.interchange.excel.afternoon import read_afternoons, writes_24_hour
from infradesk.interchange.excel.dated_durations import apply_dates, calendar_of, judge
from infradesk.interchange.excel.dates import (
    DateError,
    Order,
    day_span,
    decide_order,
    numeric_parts,
    parse_date,
)
from infradesk.interchange.excel.layout import Table
from infradesk.interchange.excel.mapping import ColumnInfo
from infradesk.interchange.excel.progress import read_progress
from infradesk.interchange.excel.source import Cell, SheetData, read_indents
from infradesk.interchange.excel.task_links import read_links
from infradesk.interchange.excel.values import (
    Duration,
    read_bool,
    read_duration,
    read_int,
    read_percent,
    read_text,
    read_wbs,
    wbs_parts,
)
from infradesk.interchange.excel.vocabulary import task_mode_manual
from infradesk.interchange.problems import Problem, Severity
from infradesk.schedule.calendar import SUPPORTED_RANGE_TEXT, format_day, in_supported_range
from infradesk.schedule.durations import DEFAULT_MINUTES_PER_DAY

DAY_START = time(8, 0)
DAY_END = time(17, 0)
MAX_INDENT_SHEET_ROWS = 5000
_TASK_FIELDS = frozenset(f.name for f in fields(d.Task))
# the date columns read here (constraint dates are read with the progress columns) and the
# time of day a date without one gets
_DATE_KEYS = {
    "start": DAY_START, "finish": DAY_END, "deadline": DAY_END,
    "start_no_earlier_than": DAY_START, "actual_start": DAY_START, "actual_finish": DAY_END,
}  # fmt: skip


@dataclass
class TaskTable:
    """What :func:`build_tasks` produced for one sheet."""

    tasks: list[d.Task] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    rows: dict[int, int] = field(default_factory=dict)  # task id -> 1-based sheet row


@dataclass
class _Row:
    sheet_row: int  # 1-based
    cells: dict[str, Cell]
    name_raw: str
    task: dict[str, Any]  # the Task's fields as read (only those the sheet gives, for ``given``)


def working_days(first: date, last: date) -> int:
    """Mon-Fri days from ``first`` to ``last`` inclusive (0 when last < first)."""
    if last < first:
        return 0
    days = (last - first).days + 1
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    weekday = first.weekday()
    for offset in range(rest):
        if (weekday + offset) % 7 < 5:
            count += 1
    return count


def build_tasks(
    sheet: SheetData,
    table: Table,
    columns: list[ColumnInfo],
    *,
    path_for_indents: Path | None = None,
    minutes_per_day: int = DEFAULT_MINUTES_PER_DAY,
    working_hours: d.Hours = d.DEFAULT_WORKING_HOURS,
    calendar: d.Calendar | None = None,
    cancel: Callable[[], bool] | None = None,
) -> TaskTable:
    """The typed tasks of one mapped task table; ``working_hours`` (the calendar's) decide
    which times written without AM/PM are afternoon times; ``calendar`` (the workbook's, when
    it has one) measures the working time between a row's own dates."""
    out = TaskTable()
    by_field = {c.field: c for c in columns if c.field}
    if "outline_number" in by_field and "wbs" not in by_field:
        by_field["wbs"] = by_field.pop("outline_number")  # the outline number is the WBS then
    name_col = by_field["name"]
    sheet_name = sheet.name

    def problem(
        message: str, row: int | None, key: str | None, severity: Severity = "error"
    ) -> None:
        col = by_field[key].letter if key and key in by_field else None
        out.problems.append(Problem(message, severity, sheet_name, row, col))

    # 1. rows with a name
    rows: list[_Row] = []
    for index in range(table.first_row, table.end_row):
        raw = sheet.rows[index] if index < len(sheet.rows) else []
        cells = {key: (raw[c.index] if c.index < len(raw) else "") for key, c in by_field.items()}
        name_value = cells["name"]
        name_raw = name_value if isinstance(name_value, str) else read_text(name_value)
        if not name_raw.strip():
            if any(v not in ("", None) for v in cells.values()):
                problem("this row has no task name; it is skipped", index + 1, "name", "warning")
            continue
        rows.append(_Row(index + 1, cells, name_raw, {"name": " ".join(name_raw.split())}))
    if cancel and cancel():
        return out
    if not rows:
        return out

    # 2. dates: decide each column's day/month order from all its values
    orders, text_rows = _decide_date_orders(rows, by_field, out, sheet_name)
    for key, default_time in _DATE_KEYS.items():
        if key not in by_field:
            continue
        order = orders.get(key, "dmy")
        for row in rows:
            try:
                row.task[key] = parse_date(row.cells[key], order, default_time=default_time)
                check_schedulable(row.task[key])
            except DateError as error:
                problem(str(error), row.sheet_row, key)
                row.task[key] = None
    span = day_span(working_hours)
    dated = {key: text_rows[key] for key in _DATE_KEYS if text_rows.get(key)}
    twenty_four = writes_24_hour(dated)
    if dated and not twenty_four:
        read_afternoons(dated, by_field, span, sheet_name, out.notes)
    # 3. percentages
    if "percent_complete" in by_field:
        _read_percentages(rows, out, problem)
    # 4. durations (with unit inference)
    if "duration" in by_field:
        _read_durations(rows, by_field["duration"], out, problem, minutes_per_day)
    # 5. plain fields
    for key in ("owner", "notes"):
        if key in by_field:
            for row in rows:
                row.task[key] = read_text(row.cells[key])
    for key in ("milestone", "production_change"):
        if key in by_field:
            for row in rows:
                flag = read_bool(row.cells[key])
                if flag is None and row.cells[key] not in ("", None):
                    problem(f"'{read_text(row.cells[key])}' is not yes/no", row.sheet_row, key)
                row.task[key] = bool(flag)
    if "task_mode" in by_field:
        _read_task_modes(rows, problem)
    read_progress(rows, by_field, orders, problem, minutes_per_day)
    constrained = {"constraint_date": text_rows.get("constraint_date") or []}
    if constrained["constraint_date"] and not (twenty_four or writes_24_hour(constrained)):
        read_afternoons(constrained, by_field, span, sheet_name, out.notes)
    # 6. ids and references
    _assign_ids(rows, by_field, out, sheet_name)
    # 7. hierarchy
    _build_hierarchy(rows, by_field, out, sheet, table, name_col, path_for_indents, problem)
    # 8. a Duration column the rows' own dates contradict: the dates win; then durations
    # from dates where the file gives none; milestones
    if {"duration", "start", "finish"} <= set(by_field):
        summaries = {row.task["parent"] for row in rows if row.task.get("parent") is not None}
        verdict = judge(rows, summaries, calendar_of(calendar, working_hours), minutes_per_day)
        if verdict.dates_win:
            apply_dates(rows, verdict, by_field, sheet_name, out.notes)
    _complete_durations(rows, minutes_per_day)
    # 9. links
    read_links(rows, by_field, problem, out.notes, sheet_name, minutes_per_day)
    _place_milestones(rows, by_field, out, sheet_name)
    # 10. the document's tasks
    parents = {row.task.get("parent") for row in rows}
    kept = 0
    for row in rows:
        task = row.task
        is_summary = task["id"] in parents
        for key in ("start", "finish"):
            task[key] = _minute(task.get(key))
        for key in (
            "deadline", "start_no_earlier_than", "actual_start", "actual_finish", "constraint_date",
        ):  # fmt: skip
            if key in task:  # given only when the sheet has the column
                task[key] = _minute(task[key])
        # the file states constraints, or progress: then an imported start is not one
        keep_start = not {"start_no_earlier_than", "constraint_type"} & set(by_field)
        start = task["start"]
        if task.get("actual_start") or task.get("actual_finish"):
            keep_start = False
        if task.get("manual"):
            if start is None:
                problem("a manually scheduled task needs a start; it is scheduled "
                        "automatically", row.sheet_row, "task_mode", "warning")  # fmt: skip
                task["manual"] = False
            keep_start = False  # a manual task's start is fixed as it is
        if start and not is_summary and keep_start and not task.get("start_no_earlier_than"):
            # MS Project keeps an imported start as a start-no-earlier-than constraint
            task["start_no_earlier_than"] = start
            kept += 1
        out.rows[task["id"]] = row.sheet_row
        out.tasks.append(_task(task))
    if kept:
        out.notes.append(
            f"{sheet_name}: {kept} task(s) keep their imported start as a "
            "start-no-earlier-than constraint (as MS Project does)"
        )
    return out


def _read_task_modes(rows: list[_Row], problem: Callable) -> None:
    """MS Project's Task Mode (``Manually Scheduled``), or a yes/no Manual column."""
    for row in rows:
        cell = row.cells["task_mode"]
        manual: bool | None = False
        if cell not in ("", None):
            manual = task_mode_manual(read_text(cell))
            if manual is None:
                manual = read_bool(cell)
            if manual is None:
                problem(f"'{read_text(cell)}' is not a task mode (Auto Scheduled or Manually "
                        "Scheduled)", row.sheet_row, "task_mode")  # fmt: skip
        row.task["manual"] = bool(manual)


def _minute(value: datetime | None) -> datetime | None:
    return value.replace(second=0, microsecond=0) if value is not None else None


def _task(values: dict[str, Any]) -> d.Task:
    """The document's task of one row; ``given`` names the fields the sheet gave, which an
    update of an existing project changes (the others keep their stored values). A remaining
    duration that disagrees with the duration wins (:func:`document.with_remaining`)."""
    duration, percent = d.with_remaining(
        values["duration_minutes"],
        float(values.get("percent_complete") or 0.0),
        values.get("remaining_minutes"),
    )
    kind, moment = _constraint(values)
    return d.Task(
        id=values["id"],
        name=values["name"],
        wbs=values.get("wbs") or "",
        parent=values.get("parent"),
        start=values.get("start"),
        finish=values.get("finish"),
        duration_minutes=duration,
        percent_complete=percent,
        milestone=bool(values.get("milestone")),
        owner=values.get("owner") or "",
        notes=values.get("notes") or "",
        constraint_type=kind,
        constraint_date=moment,
        deadline=values.get("deadline"),
        production_change=bool(values.get("production_change")),
        external_ref=values.get("external_ref") or "",
        predecessors=tuple(values.get("predecessors") or ()),
        actual_start=values.get("actual_start"),
        actual_finish=values.get("actual_finish"),
        remaining_minutes=values.get("remaining_minutes"),
        cost=values.get("cost") or d.ZERO,
        actual_cost=values.get("actual_cost") or d.ZERO,
        estimated=bool(values.get("estimated")),
        manual=bool(values.get("manual")),
        elapsed=bool(values.get("elapsed")),
        given=_given(values),
    )


def _given(values: dict[str, Any]) -> frozenset[str]:
    """The Task fields a row gives (its start-no-earlier-than column gives the constraint)."""
    keys = set(values)
    if "start_no_earlier_than" in keys:
        keys |= {"constraint_type", "constraint_date"}
    if values.get("remaining_minutes") is not None:
        keys |= {"duration_minutes", "percent_complete"}
    return frozenset(keys) & _TASK_FIELDS


def _constraint(values: dict[str, Any]) -> tuple[d.ConstraintType, datetime | None]:
    """A row's constraint: its type and date columns, else its start-no-earlier-than."""
    kind: d.ConstraintType = values.get("constraint_type") or "ASAP"
    snet = values.get("start_no_earlier_than")
    moment = values.get("constraint_date")
    if kind == "ASAP":
        return ("SNET", snet) if snet else ("ASAP", None)
    if kind == "ALAP":
        return "ALAP", None
    if kind == "SNET" and moment is None:
        moment = snet
    return (kind, moment) if moment is not None else ("ASAP", None)


def check_schedulable(value: date | None) -> None:
    """Refuse a plan date outside the calendar's range (1900-2199) at its cell, before the
    scheduler refuses the whole plan without saying which cell holds it."""
    if value is not None and not in_supported_range(value):
        raise DateError(
            f"{format_day(value)} is outside the dates InfraDesk can schedule "
            f"({SUPPORTED_RANGE_TEXT})"
        )


def _decide_date_orders(
    rows: list[_Row], by_field: dict[str, ColumnInfo], out: TaskTable, sheet_name: str
) -> tuple[dict[str, Order], dict[str, list[_Row]]]:
    """Each date column's day/month order, and the rows whose cell in it is text."""
    decided: dict[str, Order | None] = {}
    conflicts: list[str] = []
    text_rows: dict[str, list[_Row]] = {}
    for key in (*_DATE_KEYS, "constraint_date"):
        if key not in by_field:
            continue
        text_rows[key] = [row for row in rows if isinstance(row.cells[key], str)]
        order, conflict = decide_order(str(row.cells[key]) for row in text_rows[key])
        decided[key] = order
        if conflict:
            conflicts.append(key)
    sheet_orders = {order for order in decided.values() if order}
    result: dict[str, Order] = {}
    for key, order in decided.items():
        column = by_field[key]
        if order:
            result[key] = order
            out.notes.append(
                f"{sheet_name}!{column.letter} ('{column.header}'): text dates read as "
                + ("day/month/year" if order == "dmy" else "month/day/year")
            )
        elif len(sheet_orders) == 1:
            result[key] = next(iter(sheet_orders))
        else:
            result[key] = "dmy"
            if any(_is_ambiguous(str(row.cells[key])) for row in text_rows[key]):
                out.problems.append(
                    Problem(
                        f"'{column.header}': the dates could be day/month or month/day; read as "
                        "day/month/year. Check them, or write them as 2025-02-17.",
                        "warning",
                        sheet_name,
                        None,
                        column.letter,
                    )
                )
        if key in conflicts:
            out.problems.append(
                Problem(
                    f"'{column.header}' mixes day/month and month/day dates",
                    "warning",
                    sheet_name,
                    None,
                    column.letter,
                )
            )
    return result, text_rows


def _is_ambiguous(text: str) -> bool:
    parts = numeric_parts(text)
    return bool(parts and parts[0] <= 12 and parts[1] <= 12 and parts[0] != parts[1])


def _read_percentages(rows: list[_Row], out: TaskTable, problem: Callable) -> None:
    read: list[tuple[_Row, float, bool]] = []
    for row in rows:
        try:
            value = read_percent(row.cells["percent_complete"])
        except ValueError as error:
            problem(str(error), row.sheet_row, "percent_complete")
            continue
        if value is not None:
            read.append((row, value[0], value[1]))
    bare = [amount for _, amount, explicit in read if not explicit]
    fractions = bool(bare) and max(bare) <= 1.0
    for row, amount, explicit in read:
        percent = amount if explicit or not fractions else amount * 100
        if percent > 100:
            problem(f"'{read_text(row.cells['percent_complete'])}' is more than 100%",
                    row.sheet_row, "percent_complete")  # fmt: skip
            percent = 100.0
        row.task["percent_complete"] = round(percent, 2)
    if fractions and any(0 < a < 1 for a in bare):
        out.notes.append("% complete values between 0 and 1 were read as fractions (0.5 = 50%)")


def _read_durations(
    rows: list[_Row],
    column: ColumnInfo,
    out: TaskTable,
    problem: Callable,
    minutes_per_day: int,
) -> None:
    parsed: list[tuple[_Row, Duration]] = []
    for row in rows:
        try:
            duration = read_duration(row.cells["duration"], minutes_per_day)
        except ValueError as error:
            problem(str(error), row.sheet_row, "duration")
            continue
        if duration is not None:
            parsed.append((row, duration))
    factor, unit_name = _infer_bare_unit(parsed)
    if unit_name != "days":
        out.notes.append(
            f"Duration column {column.letter} ('{column.header}') has no units and its numbers "
            f"agree with the rows' start and finish dates only when read as {unit_name}; "
            f"read as {unit_name}"
        )
    elif any(not read.has_unit for _, read in parsed):
        out.notes.append(f"Duration column {column.letter}: numbers without a unit read as days")
    estimated = elapsed = 0
    for row, read in parsed:
        minutes = read.minutes
        if not read.has_unit:
            minutes = round(minutes * factor)
        row.task["duration_minutes"] = minutes  # wall-clock minutes when elapsed
        row.task["estimated"] = read.estimated
        row.task["elapsed"] = read.elapsed
        estimated += read.estimated
        elapsed += read.elapsed
    if estimated:
        out.notes.append(
            f"Duration column {column.letter}: {estimated} estimated duration(s) ('?') kept "
            "as estimates"
        )
    if elapsed:
        out.notes.append(
            f"Duration column {column.letter}: {elapsed} elapsed duration(s) (ed, eh) are "
            "scheduled round the clock, not on the working calendar"
        )


def _infer_bare_unit(parsed: list[tuple[_Row, Duration]]) -> tuple[float, str]:
    """The factor (relative to days) that makes bare numbers agree with start/finish dates."""
    samples: list[tuple[float, int]] = []
    for row, duration in parsed:
        if duration.has_unit:
            continue
        start, finish = row.task.get("start"), row.task.get("finish")
        if start and finish and finish >= start:
            samples.append((duration.amount, working_days(start.date(), finish.date())))
    if len(samples) < 3:
        return 1.0, "days"

    def error(factor: float) -> float:
        return statistics.median(abs(a * factor - wd) / max(wd, 1) for a, wd in samples)

    errors = {"days": (error(1.0), 1.0), "weeks": (error(5.0), 5.0), "hours": (error(1 / 8), 1 / 8)}
    best = min(errors, key=lambda name: errors[name][0])
    if best != "days" and errors["days"][0] > 0.3 and errors[best][0] < errors["days"][0] / 2:
        return errors[best][1], best
    return 1.0, "days"


def _assign_ids(
    rows: list[_Row], by_field: dict[str, ColumnInfo], out: TaskTable, sheet_name: str
) -> None:
    ids: list[int | None] = []
    refs: list[str] = []
    if "id" in by_field:
        for row in rows:
            text = read_text(row.cells["id"])
            refs.append(text)
            try:
                number = read_int(row.cells["id"]) if text else None
                ids.append(number if number is not None and str(number) == text else None)
            except ValueError:
                ids.append(None)
    usable = bool(ids) and all(i is not None and i > 0 for i in ids) and len(set(ids)) == len(ids)
    if "id" in by_field and not usable:
        out.notes.append(
            f"{sheet_name}: the ID column ({by_field['id'].letter}) is not a unique whole number "
            "on every row; rows are numbered by their sheet row instead"
        )
    for position, row in enumerate(rows):
        task_id = ids[position] if usable else row.sheet_row
        row.task["id"] = task_id
        external = ""
        if "external_ref" in by_field:
            external = read_text(row.cells["external_ref"])
        elif "id" in by_field:
            external = refs[position]
        row.task["external_ref"] = external


def _build_hierarchy(
    rows: list[_Row],
    by_field: dict[str, ColumnInfo],
    out: TaskTable,
    sheet: SheetData,
    table: Table,
    name_col: ColumnInfo,
    path_for_indents: Path | None,
    problem: Callable,
) -> None:
    wbs_texts = _outline_texts(rows, "wbs") if "wbs" in by_field else []
    outline_texts = _outline_texts(rows, "outline_number") if "outline_number" in by_field else []
    for key, texts in (("wbs", wbs_texts), ("outline_number", outline_texts)):
        for position, (_text, warning) in enumerate(texts):
            if not warning:
                continue
            if key == "wbs" and outline_texts and outline_texts[position][0]:
                continue  # rebuilt from the outline number below
            problem(warning, rows[position].sheet_row, key, "warning")
    if wbs_texts and outline_texts:
        _rebuild_dated_wbs(rows, wbs_texts, outline_texts, by_field, out, sheet.name)
    wbs = [text for text, _ in wbs_texts]
    outline = [text for text, _ in outline_texts]
    levels: list[int] | None = None
    source = ""
    if "outline_level" in by_field:
        levels = []
        for row in rows:
            try:
                level = read_int(row.cells["outline_level"])
            except ValueError:
                level = None
            if level is None or level < 1:
                if row.cells["outline_level"] not in ("", None):
                    problem(f"'{read_text(row.cells['outline_level'])}' is not an outline level",
                            row.sheet_row, "outline_level")  # fmt: skip
                level = levels[-1] if levels else 1
            levels.append(level)
        source = f"the outline level column {by_field['outline_level'].letter}"
    elif outline and _wbs_is_hierarchy(outline):
        levels = [len(wbs_parts(t) or [""]) for t in outline]
        source = f"the outline numbers in column {by_field['outline_number'].letter}"
    elif wbs and _wbs_is_hierarchy(wbs):
        levels = [len(wbs_parts(t) or [""]) for t in wbs]
        source = f"the WBS / outline numbers in column {by_field['wbs'].letter}"
    else:
        indents = [_leading_width(row.name_raw) for row in rows]
        if any(indents):
            levels = _levels_from_indents(indents)
            source = f"the leading spaces of the names in column {name_col.letter}"
        elif path_for_indents is not None and len(rows) <= MAX_INDENT_SHEET_ROWS:
            cell_indents = read_indents(
                path_for_indents, sheet.name, name_col.index, table.first_row, table.end_row
            )
            if cell_indents:
                widths = [cell_indents.get(row.sheet_row - 1, 0) for row in rows]
                levels = _levels_from_indents(widths)
                source = f"the cell indentation of the names in column {name_col.letter}"
    if levels is None:
        levels = [1] * len(rows)
    else:
        out.notes.append(f"{sheet.name}: hierarchy taken from {source}")
    stack: list[tuple[int, int]] = []  # (level, task id) of the open ancestors
    child_count: dict[int | None, int] = {}
    computed_wbs: dict[int, str] = {}
    for position, row in enumerate(rows):
        level = levels[position]
        while stack and stack[-1][0] >= level:
            stack.pop()
        if stack and level > stack[-1][0] + 1:
            key = "outline_level" if "outline_level" in by_field else "name"
            problem(f"outline level {level} is more than one level below its parent",
                    row.sheet_row, key, "warning")  # fmt: skip
        parent = stack[-1][1] if stack else None
        row.task["parent"] = parent
        child_count[parent] = child_count.get(parent, 0) + 1
        number = str(child_count[parent])
        computed = f"{computed_wbs[parent]}.{number}" if parent is not None else number
        computed_wbs[row.task["id"]] = computed
        row.task["wbs"] = wbs[position] if wbs and wbs[position] else computed
        stack.append((level, row.task["id"]))


def _outline_texts(rows: list[_Row], key: str) -> list[tuple[str, str | None]]:
    """Each row's WBS / outline number as text, with a warning where Excel had changed it."""
    texts: list[tuple[str, str | None]] = []
    seen_parent_children: dict[str, int] = {}
    for row in rows:
        text, warning = read_wbs(row.cells[key])
        texts.append((_fix_tenth_child(text, row.cells[key], seen_parent_children), warning))
    return texts


def _rebuild_dated_wbs(
    rows: list[_Row],
    wbs: list[tuple[str, str | None]],
    outline: list[tuple[str, str | None]],
    by_field: dict[str, ColumnInfo],
    out: TaskTable,
    sheet_name: str,
) -> None:
    """A WBS cell Excel turned into a date (``1.2`` -> 1 Feb) takes the row's outline number,
    which is what MS Project's default WBS code is."""
    rebuilt = 0
    for position, row in enumerate(rows):
        if isinstance(row.cells["wbs"], date) and outline[position][0]:
            wbs[position] = (outline[position][0], None)
            rebuilt += 1
    if rebuilt:
        out.notes.append(
            f"{sheet_name}: {rebuilt} WBS cell(s) in column {by_field['wbs'].letter} that Excel "
            f"had turned into dates rebuilt from the Outline Number column "
            f"{by_field['outline_number'].letter}"
        )


def _fix_tenth_child(text: str, raw: Cell, last_child: dict[str, int]) -> str:
    """``1.1`` right after ``1.9`` was ``1.10`` before Excel made it a number."""
    parts = wbs_parts(text)
    if not parts or not all(p.isdigit() for p in parts):
        return text
    parent = ".".join(parts[:-1])
    number = int(parts[-1])
    previous = last_child.get(parent)
    was_float = isinstance(raw, float) and previous is not None
    if (
        was_float
        and previous is not None
        and number < previous < number * 10 + 10
        and number * 10 > previous
    ):
        number *= 10
        parts[-1] = str(number)
        text = ".".join(parts)
    last_child[parent] = number
    return text


def _wbs_is_hierarchy(texts: list[str]) -> bool:
    valid = [wbs_parts(t) for t in texts]
    filled = [p for p in valid if p]
    return len(filled) >= 0.8 * len(texts) and any(len(p) > 1 for p in filled)


def _leading_width(text: str) -> int:
    width = 0
    for ch in text:
        if ch == " " or ch == "\u00a0":
            width += 1
        elif ch == "\t":
            width += 4
        elif ch == "\u3000":
            width += 2
        else:
            break
    return width


def _levels_from_indents(indents: list[int]) -> list[int]:
    levels: list[int] = []
    stack: list[int] = []  # indent widths of the open ancestors
    for width in indents:
        while stack and stack[-1] >= width:
            stack.pop()
        stack.append(width)
        levels.append(len(stack))
    return levels


def _complete_durations(rows: list[_Row], minutes_per_day: int) -> None:
    for row in rows:
        task = row.task
        start, finish = task.get("start"), task.get("finish")
        given = "duration_minutes" in task
        if not given:
            if start and finish:
                if finish < start or (
                    start.date() == finish.date() and finish.time() <= start.time()
                ):
                    task["duration_minutes"] = 0
                else:
                    task["duration_minutes"] = (
                        working_days(start.date(), finish.date()) * minutes_per_day
                    )
            else:
                task["duration_minutes"] = minutes_per_day if not task.get("milestone") else 0
        if task.get("milestone") and not given:
            task["duration_minutes"] = 0  # a milestone with a duration keeps it (MS Project)
        elif task["duration_minutes"] == 0:
            task["milestone"] = True
        task.setdefault("milestone", False)
        if start and not finish and task["duration_minutes"] == 0:
            task["finish"] = start
        if finish and not start and task["duration_minutes"] == 0:
            task["start"] = finish


def _date_only(cell: Cell) -> bool:
    """A date cell without a time of day (``Fri 3/7/25``, a date-only value)."""
    if isinstance(cell, str):
        return ":" not in cell
    return isinstance(cell, date) and not isinstance(cell, datetime)


def _place_milestones(
    rows: list[_Row], by_field: dict[str, ColumnInfo], out: TaskTable, sheet_name: str
) -> None:
    """A zero-duration task whose start and finish are the same day without a time (a pasted
    Gantt table) sits where MS Project puts it: at the end of the day when it follows a
    predecessor, at the start of the day otherwise."""
    if "start" not in by_field or "finish" not in by_field:
        return
    placed = 0
    for row in rows:
        task = row.task
        start, finish = task.get("start"), task.get("finish")
        if task["duration_minutes"] or not start or not finish or start.date() != finish.date():
            continue
        if not (_date_only(row.cells["start"]) and _date_only(row.cells["finish"])):
            continue
        moment = finish if task.get("predecessors") else start
        if start != moment or finish != moment:
            task["start"] = task["finish"] = moment
            placed += 1
    if placed:
        out.notes.append(
            f"{sheet_name}: {placed} milestone(s) given by date only placed at the end of "
            "their day after a predecessor, else at its start (as MS Project schedules them)"
        )
