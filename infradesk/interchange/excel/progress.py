"""A task sheet's progress, constraint and cost columns (issue 15), read row by row.

Reads Remaining Duration, Constraint Type / Date, Cost and Actual Cost into each row's task
values (Actual Start / Finish are read with the other date columns) and checks what only makes
sense together: an actual finish before the actual start, a dated constraint type without its
date. Each problem names its sheet, row and column.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, time
from decimal import Decimal
from typing import Any, Protocol

from infradesk.interchange import document as d
from infradesk.interchange.excel.dates import DateError, Order, parse_date
from infradesk.interchange.excel.mapping import ColumnInfo
from infradesk.interchange.excel.source import Cell
from infradesk.interchange.excel.values import read_duration, read_money, read_text
from infradesk.interchange.excel.vocabulary import constraint_code
from infradesk.schedule.calendar import SUPPORTED_RANGE_TEXT, format_day, in_supported_range

START_OF_DAY = time(8, 0)
END_OF_DAY = time(17, 0)
_FINISH_TYPES = frozenset({"FNET", "FNLT", "MFO"})
_TYPES_TEXT = ", ".join(d.CONSTRAINT_TYPES)


class ProgressRow(Protocol):
    sheet_row: int
    cells: dict[str, Cell]
    task: dict[str, Any]


Report = Callable[[str, int | None, str | None], None]


def read_progress(
    rows: list[Any],
    columns: Mapping[str, ColumnInfo],
    orders: Mapping[str, Order],
    problem: Report,
    minutes_per_day: int,
) -> None:
    """Fill each row's ``task`` with the progress columns the sheet has (see module doc)."""
    for row in rows:
        _read_row(row, columns, orders, problem, minutes_per_day)


def _read_row(
    row: ProgressRow,
    columns: Mapping[str, ColumnInfo],
    orders: Mapping[str, Order],
    problem: Report,
    minutes_per_day: int,
) -> None:
    task, cells, at = row.task, row.cells, row.sheet_row
    if "remaining_minutes" in columns:
        try:
            remaining = read_duration(cells["remaining_minutes"], minutes_per_day)
        except ValueError as error:
            problem(str(error), at, "remaining_minutes")
        else:
            task["remaining_minutes"] = None if remaining is None else remaining.minutes
    for key in ("cost", "actual_cost"):
        if key in columns:
            try:
                amount = read_money(cells[key])
            except ValueError as error:
                problem(str(error), at, key)
            else:
                task[key] = d.ZERO if amount is None else Decimal(amount)
    if "constraint_type" in columns:
        text = read_text(cells["constraint_type"])
        code = constraint_code(text) if text else "ASAP"
        if code is None:
            problem(f"'{text}' is not a constraint type ({_TYPES_TEXT})", at, "constraint_type")
        task["constraint_type"] = code or "ASAP"
    if "constraint_date" in columns:
        kind = task.get("constraint_type") or "ASAP"
        default = END_OF_DAY if kind in _FINISH_TYPES else START_OF_DAY
        try:
            task["constraint_date"] = parse_date(
                cells["constraint_date"], orders.get("constraint_date", "dmy"), default_time=default
            )
        except DateError as error:
            problem(str(error), at, "constraint_date")
            task["constraint_date"] = None
        moment = task["constraint_date"]
        if moment is not None and not in_supported_range(moment.date()):
            problem(
                f"{format_day(moment.date())} is outside the dates InfraDesk can schedule "
                f"({SUPPORTED_RANGE_TEXT})",
                at,
                "constraint_date",
            )
            task["constraint_date"] = None
    kind = task.get("constraint_type")
    dated = bool(task.get("constraint_date")) or (
        kind == "SNET" and bool(task.get("start_no_earlier_than"))
    )
    if kind in d.DATED_CONSTRAINTS and not dated:
        where = "constraint_date" if "constraint_date" in columns else "constraint_type"
        problem(f"a {kind} constraint needs a constraint date", at, where)
    started: datetime | None = task.get("actual_start")
    finished: datetime | None = task.get("actual_finish")
    if started and finished and finished < started:
        problem(
            f"the actual finish {finished:%Y-%m-%d %H:%M} is before the actual start "
            f"{started:%Y-%m-%d %H:%M}",
            at,
            "actual_finish",
        )
