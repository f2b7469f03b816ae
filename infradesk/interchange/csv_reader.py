"""CSV plans, registers and vendor lists, read with the same rules as Excel sheets.

The encoding (UTF-8 with or without BOM, UTF-16, cp1252) and the delimiter (``,`` ``;`` tab
``|``) are detected. Cells are kept as text, except plain numbers, so dates and durations go
through the same tolerant readers as Excel text cells.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from infradesk.interchange.excel.analysis import analyse_data, build_document
from infradesk.interchange.excel.guard import MAX_SHEET_ROWS
from infradesk.interchange.excel.source import SheetData, WorkbookData
from infradesk.interchange.problems import ImportResult, Problem, UnreadableFileError

MAX_CSV_BYTES = 200 * 1024 * 1024
_NUMBER_RE = re.compile(r"^-?\d+(\.\d+)?$")
_FLOAT_DIGITS = 15  # longer numbers stay text: a float would show '1e+300' for 301 digits


def detect_encoding(raw: bytes) -> str:
    if raw.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    utf16 = _utf16_without_bom(raw)
    if utf16:
        return utf16
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def _utf16_without_bom(raw: bytes) -> str:
    """``utf-16-le``/``utf-16-be`` when text without a BOM has the NUL byte pattern of UTF-16:
    Latin text puts a zero in every other byte (odd positions for LE, even ones for BE)."""
    sample = raw[:4096]
    pairs = len(sample) // 2
    if pairs < 2:
        return ""
    even_zeros = sample[0 : pairs * 2 : 2].count(0)
    odd_zeros = sample[1 : pairs * 2 : 2].count(0)
    if odd_zeros >= pairs * 0.3 and even_zeros <= pairs * 0.05:
        return "utf-16-le"
    if even_zeros >= pairs * 0.3 and odd_zeros <= pairs * 0.05:
        return "utf-16-be"
    return ""


def detect_delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        counts = {d: sample.count(d) for d in ",;\t|"}
        return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def _cell(text: str) -> object:
    value = text.strip()
    if len(value) > _FLOAT_DIGITS or not _NUMBER_RE.match(value):
        return text
    if len(value) > 1 and value.startswith("0") and not value.startswith("0."):
        return text  # a code such as 007 keeps its zeros
    return float(value)


def read_csv_data(path: Path) -> WorkbookData:
    if not path.exists():
        raise UnreadableFileError(f"{path.name}: the file does not exist")
    if path.stat().st_size > MAX_CSV_BYTES:
        raise UnreadableFileError(
            f"{path.name} is too big for a plan ({path.stat().st_size:,} bytes)"
        )
    raw = path.read_bytes()
    if not raw.strip():
        raise UnreadableFileError(f"{path.name} is empty")
    if raw.startswith(b"PK\x03\x04") or raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableFileError(f"{path.name} is a workbook, not a CSV file: import it as Excel")
    encoding = detect_encoding(raw)
    text = raw.decode(encoding, errors="replace")
    if "\x00" in text:
        raise UnreadableFileError(f"{path.name} is a binary file, not CSV text")
    delimiter = detect_delimiter(text)
    try:
        records = _records(path, text, delimiter, strict=True)
    except _Lenient:  # a stray quote inside a field ('5" rack'): read it as Excel does
        records = _records(path, text, delimiter, strict=False)
    rows = [[_cell(cell) for cell in row] for _, row in records]
    sheet = SheetData(path.stem, rows)
    return WorkbookData(
        path, "csv", [sheet], encoding, delimiter, _swallowed_rows(records, delimiter)
    )


class _Lenient(Exception):
    """The strict parse met a quote inside a field; parse again as Excel would."""


def _records(path: Path, text: str, delimiter: str, *, strict: bool) -> list[tuple[int, list]]:
    """(first line, fields) of every record, refusing what would lose rows silently: a quote
    left open to the end of the file, or more than :data:`MAX_SHEET_ROWS` rows with values."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=strict)
    records: list[tuple[int, list]] = []
    line = 1
    try:
        for fields in reader:
            records.append((line, fields))
            line = reader.line_num + 1
            if len(records) > MAX_SHEET_ROWS and any(cell.strip() for cell in fields):
                raise UnreadableFileError(
                    f"{path.name} holds more than {MAX_SHEET_ROWS:,} rows with values (row "
                    f"{len(records):,} is at line {line - 1:,}); InfraDesk reads at most "
                    f"{MAX_SHEET_ROWS:,} rows per sheet, so the file is "
                    "refused rather than imported with rows missing. Split it into smaller "
                    "files, then import each."
                )
    except csv.Error as error:
        if "unexpected end of data" in str(error):
            last = text.count("\n") + (0 if text.endswith("\n") else 1)
            raise UnreadableFileError(
                f'{path.name}, line {line}: a quote (") opens a field that is never closed, so '
                f"lines {line:,} to {last:,} would all be read into that one cell; "
                "close the quote or remove it, then import again"
            ) from None
        if strict:
            raise _Lenient() from None
        raise UnreadableFileError(f"{path.name} is not valid CSV: {error}") from None
    return records


def _swallowed_rows(records: list[tuple[int, list]], delimiter: str) -> list[Problem]:
    """A warning for each quoted field that spans lines which look like rows of their own (a
    closing quote may be missing there); a multi-line note does not look like that."""
    if not records:
        return []
    width = len(records[0][1])
    found: list[Problem] = []
    for first_line, fields in records:
        for cell in fields:
            lines = cell.split("\n")
            rowlike = sum(1 for text in lines[1:] if text.count(delimiter) >= max(width - 2, 1))
            if len(lines) >= 3 and rowlike >= 2:
                found.append(Problem(
                    f"line {first_line}: a quoted field runs over {len(lines)} lines, "
                    f"{rowlike} of which look like rows of their own; check that a closing "
                    "quote is not missing", "warning"))  # fmt: skip
                break
    return found[:20]


def read_csv(
    path: str | Path,
    *,
    mapping_overrides: dict[str, Any] | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    project_name: str | None = None,
) -> ImportResult:
    """Read a CSV file into an interchange document (same rules as :func:`read_workbook`).

    ``mapping_overrides`` uses the file's stem as the sheet name."""
    path = Path(path)
    data = read_csv_data(path)
    analysis = analyse_data(data)
    result = build_document(
        analysis, mapping_overrides, project_name=project_name, cancel=cancel, progress=progress
    )
    result.problems[:0] = data.problems
    shown = {"\t": "tab", ",": "comma", ";": "semicolon", "|": "pipe"}
    result.notes.insert(
        0,
        f"{path.name}: encoding {data.encoding}, delimiter "
        f"{shown.get(data.delimiter, data.delimiter)}",
    )
    return result
