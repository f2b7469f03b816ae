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
from infradesk.interchange.excel.source import SheetData, WorkbookData
from infradesk.interchange.problems import ImportResult, UnreadableFileError

MAX_CSV_BYTES = 200 * 1024 * 1024
_NUMBER_RE = re.compile(r"^-?\d+(\.\d+)?$")


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
    if _NUMBER_RE.match(value) and not (len(value) > 1 and value.startswith("0")
                                        and not value.startswith("0.")):  # fmt: skip
        number = float(value)
        return number
    return text


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
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = [[_cell(cell) for cell in row] for row in reader]
    except csv.Error as error:
        raise UnreadableFileError(f"{path.name} is not valid CSV: {error}") from None
    sheet = SheetData(path.stem, rows)  # type: ignore[arg-type]
    return WorkbookData(path, "csv", [sheet], encoding, delimiter)


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
    shown = {"\t": "tab", ",": "comma", ";": "semicolon", "|": "pipe"}
    result.notes.insert(
        0,
        f"{path.name}: encoding {data.encoding}, delimiter "
        f"{shown.get(data.delimiter, data.delimiter)}",
    )
    return result
