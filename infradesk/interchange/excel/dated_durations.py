"""When a hand-built plan's Duration column is not the time between its own Start and Finish.

A sheet that gives Start, Finish and Duration normally agrees with itself (MS Project's exports
always do). A hand-built plan often does not: its Duration is effort, or its End Date is a
formula (``=I3+((E3*7)/F3)``: effort days x 7 / people, in calendar days). The PM compares our
first screen with the dates they see in Excel, so when the durations disagree with the rows' own
dates on at least half of the rows that give all three, the dates win: each such task's
duration becomes the working time between its start and finish on the project calendar, and one
note says so. A few odd rows in an otherwise consistent column stay as they are (the date
comparison lists them with their reason).

"Disagree" is beyond rounding: a duration within 1 % (or a few minutes) of the span agrees, and
when the dates carry no time of day and the column holds part-day durations, any duration that
fits in the days shown agrees (a 4d task from Monday 13:00 ends Friday 12:00; date-only cells
show Mon..Fri, 5 days).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from infradesk.interchange import document as d
from infradesk.interchange.document_schedule import working_calendar
from infradesk.interchange.excel.mapping import ColumnInfo
from infradesk.interchange.excel.source import Cell
from infradesk.interchange.excel.values import read_text
from infradesk.schedule.calendar import CalendarError, TimeAxis, WorkingCalendar

#: the share of rows giving Start, Finish and Duration that must disagree for the dates to win
DATES_WIN_SHARE = 0.5
#: fewer disagreeing rows than this never decide a column (one odd row is a typo, not a rule)
MIN_DISAGREEING = 2


class DatedRow(Protocol):
    """What this module reads of a row of ``tasks.py``."""

    sheet_row: int
    cells: dict[str, Cell]
    task: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Verdict:
    """The column's decision: rows that give all three, those that disagree, and their spans."""

    compared: int
    disagreeing: dict[int, int]  # index in the rows -> working minutes from start to finish

    @property
    def dates_win(self) -> bool:
        count = len(self.disagreeing)
        return count >= MIN_DISAGREEING and count >= DATES_WIN_SHARE * self.compared


def calendar_of(calendar: d.Calendar | None, working_hours: d.Hours) -> WorkingCalendar:
    """The engine's calendar the plan will be scheduled on (its days, hours and holidays);
    Mon-Fri in ``working_hours`` when the workbook gives none or one the engine refuses (that
    refusal is reported where the calendar is read)."""
    if calendar is not None:
        try:
            return working_calendar(calendar)
        except (CalendarError, ValueError):
            pass
    try:
        return WorkingCalendar(hours=working_hours)
    except CalendarError:
        return WorkingCalendar()


def judge(
    rows: Sequence[DatedRow],
    summaries: set[int],
    axis_calendar: WorkingCalendar,
    minutes_per_day: int,
) -> Verdict:
    """Compare each leaf row's duration with the working time between its own dates."""
    candidates: list[tuple[int, datetime, datetime, int, bool]] = []
    part_days = False
    for index, row in enumerate(rows):
        task = row.task
        start, finish = task.get("start"), task.get("finish")
        minutes = task.get("duration_minutes")
        if task.get("id") in summaries or task.get("elapsed") or task.get("milestone"):
            continue
        if start is None or finish is None or minutes is None or finish < start:
            continue
        if minutes == 0 and start == finish:
            continue
        part_days = part_days or minutes % minutes_per_day != 0
        date_only = _date_only(row.cells.get("start")) and _date_only(row.cells.get("finish"))
        candidates.append((index, start, finish, minutes, date_only))
    if not candidates:
        return Verdict(0, {})
    axis = _axis(axis_calendar, min(start for _, start, _, _, _ in candidates).date())
    disagreeing: dict[int, int] = {}
    for index, start, finish, minutes, date_only in candidates:
        span = axis.working_minutes_between(start, finish)
        if not _agrees(minutes, span, date_only and part_days, minutes_per_day):
            disagreeing[index] = max(span, 0)
    return Verdict(len(candidates), disagreeing)


def apply_dates(
    rows: Sequence[DatedRow],
    verdict: Verdict,
    by_field: Mapping[str, ColumnInfo],
    sheet_name: str,
    notes: list[str],
) -> None:
    """Give each disagreeing row the working time between its dates as duration, keep the
    sheet's own duration text in the task's notes when the sheet has a Notes column (a sheet
    without one would otherwise overwrite the notes of an updated task), and say so once."""
    column = by_field["duration"]
    keep_text = "notes" in by_field
    for index, span in verdict.disagreeing.items():
        row = rows[index]
        if keep_text:
            said = f"Duration in the sheet: {read_text(row.cells['duration'])}"
            before = row.task.get("notes") or ""
            row.task["notes"] = f"{before}\n{said}" if before else said
        row.task["duration_minutes"] = span
    kept = " (each sheet value is kept in the task's notes)" if keep_text else ""
    notes.append(
        f"{sheet_name}: Duration column {column.letter} ('{column.header}') is not the working "
        f"time between Start and Finish on {len(verdict.disagreeing)} of {verdict.compared} "
        "rows (effort or a formula?); the dates are kept, durations computed from them" + kept
    )


def _agrees(minutes: int, span: int, fits_in_days: bool, minutes_per_day: int) -> bool:
    """Whether a duration is the span between the row's dates, up to rounding: 1 % of it or
    a hundredth of a day (MS Project writes ``1.33 days``); with date-only cells and part-day
    durations in the column, any duration that fits in the days shown."""
    if abs(minutes - span) <= max(minutes // 100, minutes_per_day // 100, 1):
        return True
    return fits_in_days and span - 2 * minutes_per_day < minutes <= span


def _date_only(cell: Cell | None) -> bool:
    """A date cell without a time of day (``Fri 3/7/25``, a date-only value, a whole serial
    number); a date-time cell means its time, even 00:00 (as :func:`dates.parse_date`)."""
    if isinstance(cell, str):
        return ":" not in cell
    if isinstance(cell, datetime):
        return False
    if isinstance(cell, float | int) and not isinstance(cell, bool):
        return float(cell).is_integer()
    return isinstance(cell, date)


def _axis(calendar: WorkingCalendar, origin: date) -> TimeAxis:
    """An axis of its own: the import may run in a worker thread, and an axis caches."""
    return TimeAxis(calendar, origin)
