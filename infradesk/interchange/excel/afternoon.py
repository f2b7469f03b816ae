"""A task sheet's text date-times written on a 12-hour clock without AM/PM (issue 16, point 2).

MS Project's export writes ``February 5, 2026 1:00`` for 13:00 under some locales. A time
that is outside the calendar's working day as written but inside it twelve hours later is read
as the afternoon, once per column and with a note. A sheet whose text times show a 24-hour clock
anywhere (``13:00``, ``0:30``) is left as written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Protocol

from infradesk.interchange.excel.dates import afternoon, reads_24_hour
from infradesk.interchange.excel.mapping import ColumnInfo
from infradesk.interchange.excel.source import Cell


class TimedRow(Protocol):
    cells: dict[str, Cell]
    task: dict[str, Any]


def writes_24_hour(texts: Mapping[str, Sequence[TimedRow]]) -> bool:
    """Whether any text date-time of these columns (their rows whose cell is text) proves
    a 24-hour clock."""
    for key, rows in texts.items():
        for row in rows:
            value = row.task.get(key)
            if isinstance(value, datetime) and reads_24_hour(str(row.cells[key]), value):
                return True
    return False


def read_afternoons(
    texts: Mapping[str, Sequence[TimedRow]],
    columns: Mapping[str, ColumnInfo],
    span: tuple[int, int],
    sheet_name: str,
    notes: list[str],
) -> None:
    """Move each time that is only valid as PM to the afternoon, noting it once per column
    (``texts``: each column's rows whose cell is text)."""
    for key, rows in texts.items():
        moved = 0
        example = ""
        for row in rows:
            value = row.task.get(key)
            if not isinstance(value, datetime):
                continue
            text = str(row.cells[key])
            later = afternoon(text, value, span)
            if later is not None:
                row.task[key] = later
                moved += 1
                example = example or f"'{' '.join(text.split())}' as {later:%H:%M}"
        if moved:
            column = columns[key]
            first, last = span
            notes.append(
                f"{sheet_name}!{column.letter} ('{column.header}'): {moved} time(s) written "
                f"without AM/PM read as afternoon (e.g. {example}), the only reading inside "
                f"the working day {first // 60:02d}:{first % 60:02d}-{last // 60:02d}:"
                f"{last % 60:02d}"
            )
