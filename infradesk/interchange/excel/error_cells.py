"""Cells that hold an Excel error value (``#DIV/0!``, ``#N/A``, ``#REF!``...).

calamine hands such a cell over as an empty string, so a plan whose durations are
``#DIV/0!`` would import with the default duration and not a word said. The worksheet's XML
marks them (``<c r="B2" t="e"><v>#DIV/0!</v></c>``): this finds them with a streaming scan
of each worksheet part (a file without any error cell costs one decompression and a byte
search), and :func:`error_cell_problems` turns those inside an imported table into located
warnings. Only .xlsx/.xlsm files are scanned; .xls/.xlsb/.ods error cells are not seen.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from infradesk.interchange.excel.guard import column_number, worksheet_parts
from infradesk.interchange.problems import Problem

#: Error cells remembered per sheet (a column of failed VLOOKUPs can hold thousands).
MAX_KEPT = 1_000
#: Located warnings per sheet; the rest are counted in one more warning.
MAX_REPORTED = 20
_CHUNK = 1024 * 1024

_ERROR_MARK = re.compile(rb"""\st\s*=\s*["']e["']""")
_ERROR_CELL = re.compile(
    rb"""<(?:[A-Za-z_][\w.-]*:)?c\s([^>]*?\st\s*=\s*["']e["'][^>]*?)(?<!/)>(.*?)"""
    rb"""</(?:[A-Za-z_][\w.-]*:)?c\s*>""",
    re.S,
)
_REF = re.compile(rb"""(?:^|\s)r\s*=\s*["']([A-Za-z]{1,3})(\d{1,7})["']""")
_VALUE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?v>([^<]{0,40})</")


@dataclass(frozen=True)
class ErrorCell:
    """One error cell: 0-based row and column, and the error as Excel shows it."""

    row: int
    column: int
    text: str


def find_error_cells(path: Path) -> dict[str, list[ErrorCell]]:
    """{sheet name: its error cells (at most :data:`MAX_KEPT`)} of an .xlsx/.xlsm file that
    :mod:`guard` has accepted; unreadable parts are left to the value reader to report."""
    found: dict[str, list[ErrorCell]] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            infos = {info.filename: info for info in archive.infolist()}
            for part, sheet in worksheet_parts(archive, infos).items():
                cells = _scan(archive, infos[part])
                if cells:
                    found[sheet] = cells
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, RuntimeError, ValueError):
        return found
    return found


def _scan(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> list[ErrorCell]:
    cells: list[ErrorCell] = []
    carry = b""
    with archive.open(info) as member:
        while len(cells) < MAX_KEPT:
            chunk = member.read(_CHUNK)
            buffer = carry + chunk
            cut = len(buffer) if not chunk else buffer.rfind(b"c>") + 2  # after a </c>
            cut = max(cut, 0)
            if _ERROR_MARK.search(buffer, 0, cut):
                cells.extend(_cells(buffer[:cut]))
            if not chunk:
                break
            carry = buffer[cut:][-_CHUNK:]  # an unclosed "cell" longer than 1 MB is no cell
    return cells[:MAX_KEPT]


def _cells(text: bytes) -> Iterable[ErrorCell]:
    for match in _ERROR_CELL.finditer(text):
        ref = _REF.search(match.group(1))
        if ref is None:  # a cell without its reference cannot be located
            continue
        value = _VALUE.search(match.group(2))
        shown = value.group(1).decode("utf-8", "replace").strip() if value else ""
        yield ErrorCell(int(ref.group(2)) - 1, column_number(ref.group(1)) - 1, shown or "#ERROR")


def error_cell_problems(
    sheet: str,
    cells: list[ErrorCell],
    rows: range,
    columns: dict[int, str],
) -> list[Problem]:
    """A warning for each error cell among ``rows`` (0-based) and ``columns`` ({0-based index:
    letter}, the mapped ones): the cell is read as empty, and the user is told so."""
    inside = [cell for cell in cells if cell.row in rows and cell.column in columns]
    problems = [
        Problem(
            f"holds the Excel error {cell.text}; it is read as an empty cell",
            "warning",
            sheet,
            cell.row + 1,
            columns[cell.column],
        )
        for cell in inside[:MAX_REPORTED]
    ]
    if len(inside) > MAX_REPORTED:
        more = len(inside) - MAX_REPORTED
        kinds = ", ".join(sorted({cell.text for cell in inside[MAX_REPORTED:]}))
        problems.append(
            Problem(
                f"{more:,} more cell(s) hold Excel errors ({kinds}); they are read as empty",
                "warning",
                sheet,
            )
        )
    return problems
