"""Find a sheet's table: the header row wherever it is, its columns, and where the table ends.

Header rows are recognised by their words (see :mod:`vocabulary`), not by their position:
title rows, document-control blocks, logo rows and KPI rows above the table are skipped. Two-
level headers ("Baseline" merged over "Start" and "Finish") are joined, header cells with line
breaks are read as one line. The table ends at blank rows followed by a second header or a gap,
at a totals row, or at the last data row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from infradesk.interchange.excel.source import Cell, SheetData
from infradesk.interchange.excel.vocabulary import KINDS, match_header, normalise

HEADER_SCAN_ROWS = 60
_TOTAL_RE = re.compile(
    r"^(grand\s+)?(total|totals|sum|summe|gesamt|gesamtsumme|totaux|suma|soma|합계|총계)\b", re.I
)
_MONTH_OR_DAY_RE = re.compile(
    r"^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|january|february|march|april|june|july|"
    r"august|september|october|november|december|mon|tue|wed|thu|fri|sat|sun|q[1-4]|w\d{1,2}|"
    r"kw\s?\d{1,2}|cw\s?\d{1,2}|week\s?\d{1,2}|[월화수목금토일])\b",
    re.I,
)


@dataclass
class Table:
    """Where a sheet's table is: 0-based header row, first data row, end (exclusive), columns."""

    header_row: int
    first_row: int
    end_row: int
    first_col: int
    last_col: int  # inclusive
    headers: list[str]  # per column first_col..last_col, as shown (line breaks joined)
    end_reason: str = ""
    # sheet columns of a day grid drawn right of the plan (day numbers 1..31 as headers)
    day_grid: frozenset[int] = frozenset()


def _text(value: Cell) -> str:
    if isinstance(value, str):
        return " ".join(value.split())
    return ""


def header_score(row: list[Cell]) -> float:
    """How strongly ``row`` reads as a header row: 3 per cell that is exactly a known header
    word (1 for one- or two-letter words such as "P"), 1 per cell that starts or ends with one,
    0.5 otherwise. Each meaning counts once: data rows repeat words, header rows do not."""
    score = 0.0
    seen: set[str] = set()
    tokens = _header_tokens()
    for value in row:
        text = normalise(_text(value))
        if not text or len(text) > 60 or tokens.isdisjoint(text.split()):
            continue  # no header word has any of its words: a data cell (fast path)
        best = 0
        best_key = ""
        for kind in KINDS:
            hit = match_header(kind.key, text)
            if hit and hit[1] > best:
                best, best_key = hit[1], hit[0]
        if not best or best_key in seen:
            continue
        seen.add(best_key)
        if best == 3 and len(text) <= 2:
            score += 1.0
        else:
            score += {3: 3.0, 2: 1.0, 1: 0.5}[best]
    return score


@lru_cache(maxsize=1)
def _header_tokens() -> frozenset[str]:
    """Every word of every header word list (numbers only where a header word is only
    numbers): a header matches a word only if it contains the word's words, so a cell sharing
    none of them means nothing and need not be matched (most data cells)."""
    found: set[str] = set()
    for kind in KINDS:
        for spec in kind.fields:
            for word in spec.words:
                parts = word.split()
                words = [part for part in parts if not part.isdigit()]
                found.update(words or parts)
    return frozenset(found)


def _is_blank(row: list[Cell], first: int, last: int) -> bool:
    return all(value in ("", None) for value in row[first : last + 1])


def find_table(sheet: SheetData) -> Table | None:
    """The main table of ``sheet``: its header row and extent, or None when there is none."""
    rows = sheet.rows
    best_row, best_score = -1, 2.99
    lone_row, lone_score = -1, 2.99  # a header with nothing below (an empty template)
    for index in range(min(len(rows), HEADER_SCAN_ROWS)):
        row = rows[index]
        strings = sum(1 for value in row if isinstance(value, str) and value.strip())
        if strings < 2:
            continue
        score = header_score(row)
        # a header row is mostly text: a KPI row ("TOTAL RISKS", 6, "OPEN", 5) scores less;
        # the day numbers of a hand-drawn Gantt right of the plan's headers do not count
        grid = day_grid_columns(row)
        numbers = sum(
            1
            for col, value in enumerate(row)
            if isinstance(value, int | float) and value != "" and col not in grid
        )
        score_value = score - numbers
        below = rows[index + 1 : index + 4]
        if not any(any(value not in ("", None) for value in r) for r in below):
            if score_value > lone_score:
                lone_row, lone_score = index, score_value
            continue  # a header has rows below it
        if score_value > best_score:
            best_row, best_score = index, score_value
    if best_row < 0:
        best_row = lone_row
    if best_row < 0:
        return None
    header = rows[best_row]
    filled = [i for i, value in enumerate(header) if value not in ("", None)]
    first_col, last_col = filled[0], filled[-1]
    headers = _joined_headers(sheet, best_row, first_col, last_col)
    end_row, reason = _table_end(sheet, best_row, first_col, last_col, headers)
    grid = day_grid_columns(header)
    return Table(best_row, best_row + 1, end_row, first_col, last_col, headers, reason, grid)


MIN_GRID_DAYS = 7


def day_grid_columns(row: list[Cell]) -> frozenset[int]:
    """The columns of a day grid in a header row: a run of at least a week of whole numbers
    1..31 that count up by one (starting again at 1 after a month's end), as a hand-drawn
    Gantt chart labels its day columns."""
    best: list[int] = []
    run: list[int] = []
    previous: int | None = None
    for col, value in enumerate(row):
        day = _day_number(value)
        if day is not None and (previous is None or day == previous + 1 or
                                (day == 1 and previous >= 28)):  # fmt: skip
            run.append(col)
            previous = day
            continue
        if len(run) > len(best):
            best = run
        run, previous = ([col], day) if day is not None else ([], None)
    if len(run) > len(best):
        best = run
    return frozenset(best) if len(best) >= MIN_GRID_DAYS else frozenset()


def _day_number(value: Cell) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if not float(value).is_integer() or not 1 <= value <= 31:
        return None
    return int(value)


def _joined_headers(sheet: SheetData, header_row: int, first: int, last: int) -> list[str]:
    """Header texts, joining a group row above ("Baseline" + "Start") when one is there."""
    rows = sheet.rows
    row = rows[header_row]
    upper = rows[header_row - 1] if header_row > 0 else []
    # forward-fill merged cells of the row above across their range
    upper_filled: dict[int, str] = {}
    for (top, left), (bottom, right) in sheet.merged:
        if top <= header_row - 1 <= bottom and left != right:
            text = _text(rows[top][left]) if left < len(rows[top]) else ""
            for col in range(left, right + 1):
                upper_filled[col] = text
    upper_is_group_row = bool(upper) and header_score(upper) <= 3 and upper_filled
    headers: list[str] = []
    for col in range(first, last + 1):
        value = row[col] if col < len(row) else ""
        text = _header_text(value)
        group = upper_filled.get(col, "") if upper_is_group_row else ""
        if not text and header_row > 0 and col < len(upper):
            text = _text(upper[col])  # a header merged over two rows
        elif group and text and normalise(group) != normalise(text):
            lower_means = _means_something(text)
            joined = f"{group} {text}"
            if not lower_means or _means_something(joined):
                text = joined
        headers.append(text)
    return headers


def _header_text(value: Cell) -> str:
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    if value in ("", None):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _means_something(text: str) -> bool:
    norm = normalise(text)
    return any(match_header(kind.key, norm) for kind in KINDS)


def is_timeline_header(text: str, value: Cell = None) -> bool:
    """Month, weekday, week or date headers of a Gantt-style timeline drawn in cells."""
    if isinstance(value, datetime | date):
        return True
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return True
    return bool(_MONTH_OR_DAY_RE.match(text.strip()))


def _table_end(
    sheet: SheetData, header_row: int, first: int, last: int, headers: list[str]
) -> tuple[int, str]:
    rows = sheet.rows
    index = header_row + 1
    last_data = header_row
    header_norm = [normalise(text) for text in headers]
    wanted = {text for text in header_norm if text}
    while index < len(rows):
        row = rows[index]
        if _is_blank(row, first, last):
            # a gap: look at the next non-blank row
            gap_end = index
            while gap_end < len(rows) and _is_blank(rows[gap_end], first, last):
                gap_end += 1
            if gap_end >= len(rows):
                return last_data + 1, ""
            gap = gap_end - index
            following = rows[gap_end]
            if gap >= 2 or _looks_like_header(following, first, last, header_norm):
                return last_data + 1, (
                    f"the table ends at row {last_data + 1}; "
                    f"a second table or block starting at row {gap_end + 1} is not read"
                )
            index = gap_end
            continue
        lead = next((v for v in row[first : first + 3] if v not in ("", None)), "")
        if isinstance(lead, str) and lead:  # totals rows and repeated headers start with text
            if _TOTAL_RE.match(lead.strip()) and index > header_row + 1:
                return index, f"row {index + 1} is a totals row; the table ends above it"
            if normalise(lead) in wanted and _looks_like_header(row, first, last, header_norm):
                return index, f"row {index + 1} starts a second table; it is not read"
        last_data = index
        index += 1
    return last_data + 1, ""


def _looks_like_header(row: list[Cell], first: int, last: int, header_norm: list[str]) -> bool:
    """A row repeating at least half of the header row (a second table's header)."""
    wanted = {text for text in header_norm if text}
    same = 0
    for value in row[first : last + 1]:
        if isinstance(value, str) and value and normalise(value) in wanted:
            same += 1
    return same >= 2 and same >= len(wanted) // 2
