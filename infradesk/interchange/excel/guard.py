"""Size checks on a workbook's parts before a native reader (calamine, openpyxl) sees them.

calamine lays every sheet out as a dense grid from A1 to its farthest value and reserves
memory for as many shared strings as the file *declares*. A 2 KB file can therefore ask for
50 GB and abort the whole process natively (``memory allocation ... failed``): no Python
exception to catch, in the CLI or in the GUI's reader thread. So the parts that drive those
allocations are checked here first, streaming and bounded:

* ``xl/sharedStrings.xml``: the declared ``uniqueCount`` must fit in the part's real size;
* each worksheet: the farthest cell that holds a value (``<dimension ref>`` is ignored by
  calamine, so a huge declared dimension with little content is read normally) must stay
  within :data:`MAX_SHEET_ROWS` rows and :data:`MAX_SHEET_CELLS` cells from A1;
* ``xl/sharedStrings.bin`` of an .xlsb workbook: the declared unique count likewise.

Nothing is ever cut off silently: a sheet over the limits refuses the file with the sheet, the
cell and the limit in the message.
"""

from __future__ import annotations

import posixpath
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from defusedxml import ElementTree as SafeET

from infradesk.interchange.problems import UnreadableFileError

#: A plan, register or vendor list never has more rows than this in one sheet.
MAX_SHEET_ROWS = 200_000
#: Rows x columns from A1 to the farthest value: what calamine allocates (about 32 bytes each).
MAX_SHEET_CELLS = 10_000_000
_EXCEL_MAX_COLUMNS = 16_384  # XFD
_MIN_BYTES_PER_SHARED_STRING = 5  # "<si/>"
_MIN_BYTES_PER_SHARED_STRING_BIN = 8  # BrtSSTItem: header + flags + empty string length
_CHUNK = 1024 * 1024

_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c)(?=[\s/>])([^>]*?)(/?)>")
_R_ATTR = re.compile(rb"""(?:^|\s)r\s*=\s*["']([A-Za-z]*)(\d*)["']""")
_CLOSE_CELL = re.compile(rb"\s*</(?:[A-Za-z_][\w.-]*:)?c\s*>")
_UNIQUE_COUNT = re.compile(rb"""\suniqueCount\s*=\s*["'](\d+)["']""")


def cell_name(row: int, column: int) -> str:
    """1-based row and column -> ``XFD1048576``."""
    letters = ""
    while column > 0:
        column, remainder = divmod(column - 1, 26)
        letters = chr(65 + remainder) + letters
    return f"{letters}{row}"


def column_number(letters: bytes) -> int:
    """``b"XFD"`` -> 16384 (1-based); 0 for no letters; anything past 4 letters is 10**6."""
    if len(letters) > 4:
        return 1_000_000
    number = 0
    for letter in letters.upper():
        number = number * 26 + (letter - 64)
    return number


@dataclass
class SheetExtent:
    """How far the values of one worksheet reach (1-based, 0 when the sheet is empty)."""

    rows: int = 0
    columns: int = 0
    row_ref: str = ""  # the cell that sets ``rows``
    column_ref: str = ""  # the cell that sets ``columns``

    def add(self, row: int, column: int) -> None:
        if row > self.rows:
            self.rows, self.row_ref = row, cell_name(row, column)
        if column > self.columns:
            self.columns, self.column_ref = column, cell_name(row, column)


def check_ooxml(path: Path, archive: zipfile.ZipFile) -> None:
    """Refuse an .xlsx/.xlsm/.xlsb whose declared counts or cell extents would exhaust memory."""
    names = {info.filename: info for info in archive.infolist()}
    for name, info in names.items():
        lowered = name.lower()
        if lowered.endswith("sharedstrings.xml"):
            _check_shared_strings_xml(path, archive, info)
        elif lowered.endswith("sharedstrings.bin"):
            _check_shared_strings_bin(path, archive, info)
    for part, sheet in worksheet_parts(archive, names).items():
        extent = scan_sheet_xml(path, archive, names[part])
        check_extent(path.name, sheet, extent)


def check_extent(file_name: str, sheet: str, extent: SheetExtent) -> None:
    """Raise when a sheet's values reach beyond what InfraDesk reads (never cut it silently)."""
    where = f"{file_name}, sheet '{sheet}'"
    advice = (
        " Delete what lies beyond the plan (Ctrl+End in Excel jumps to the last used cell) "
        "or split the sheet, then import again."
    )
    if extent.columns > _EXCEL_MAX_COLUMNS:
        raise UnreadableFileError(
            f"{where}: cell {extent.column_ref} lies beyond Excel's last column (XFD); "
            "the file is damaged or was not written by a spreadsheet program"
        )
    if extent.rows > MAX_SHEET_ROWS:
        raise UnreadableFileError(
            f"{where}: values reach row {extent.rows:,} (cell {extent.row_ref}); InfraDesk reads "
            f"at most {MAX_SHEET_ROWS:,} rows per sheet, so the file is refused rather than "
            f"imported with rows missing.{advice}"
        )
    if extent.rows * extent.columns > MAX_SHEET_CELLS:
        raise UnreadableFileError(
            f"{where}: values reach cell {extent.column_ref} and row {extent.rows:,}, so the "
            f"sheet spans {extent.rows:,} rows x {extent.columns:,} columns; InfraDesk reads at "
            f"most {MAX_SHEET_CELLS:,} cells per sheet.{advice}"
        )


def _check_shared_strings_xml(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    head = _head(path, archive, info, 4096)
    match = _UNIQUE_COUNT.search(head)
    if match is None:
        return
    declared = int(match.group(1))
    room = info.file_size // _MIN_BYTES_PER_SHARED_STRING + 1_000
    if declared > room:
        raise UnreadableFileError(
            f"{path.name} refused: its shared-string table ('{info.filename}') declares "
            f"{declared:,} strings but its {info.file_size:,} bytes hold at most {room:,}; "
            "the file is damaged or built to exhaust memory"
        )


def _check_shared_strings_bin(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """BrtBeginSst (record 159): cstTotal, cstUnique as two little-endian 32-bit counts."""
    head = _head(path, archive, info, 16)
    if len(head) < 11 or head[:3] != b"\x9f\x01\x08":
        return
    (declared,) = struct.unpack_from("<I", head, 7)
    room = info.file_size // _MIN_BYTES_PER_SHARED_STRING_BIN + 1_000
    if declared > room:
        raise UnreadableFileError(
            f"{path.name} refused: its shared-string table ('{info.filename}') declares "
            f"{declared:,} strings but its {info.file_size:,} bytes hold at most {room:,}; "
            "the file is damaged or built to exhaust memory"
        )


def _head(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo, size: int) -> bytes:
    try:
        with archive.open(info) as member:
            return member.read(size)
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, RuntimeError, ValueError):
        raise UnreadableFileError(
            f"{path.name} is damaged or incomplete: part '{info.filename}' cannot be read"
        ) from None


def worksheet_parts(archive: zipfile.ZipFile, names: dict[str, zipfile.ZipInfo]) -> dict[str, str]:
    """{part name: sheet name} for every XML worksheet, named as the workbook names it."""
    labels: dict[str, str] = {}
    try:
        workbook = SafeET.fromstring(archive.read("xl/workbook.xml"))
        rels = SafeET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        targets = {
            rel.get("Id"): rel.get("Target", "")
            for rel in rels.iter()
            if rel.tag.endswith("Relationship")
        }
        for sheet in workbook.iter():
            if not sheet.tag.endswith("}sheet") and sheet.tag != "sheet":
                continue
            rel_id = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
            target = targets.get(rel_id, "")
            if not target:
                continue
            part = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join("xl", target))
            )
            labels[part] = sheet.get("name", part)
    except Exception:  # a broken workbook.xml is reported by calamine itself
        labels = {}
    parts: dict[str, str] = {}
    for name in names:
        if name in labels:
            parts[name] = labels[name]
        elif re.fullmatch(r"xl/worksheets/[^/]+\.xml", name, flags=re.IGNORECASE):
            parts[name] = posixpath.basename(name)
    return parts


def scan_sheet_xml(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> SheetExtent:
    """The farthest cell holding a value, found by a streaming scan of the sheet's XML.

    Cells and rows without an ``r`` attribute follow the one before (as the format says).
    Self-closing cells and ``<c ...></c>`` hold no value (formatting only) and do not count.
    Spreadsheet programs write an ``r`` on every row and cell; such chunks take a fast path
    (C-level ``findall``, about 8x faster on a 10,000-row plan), others the tag-by-tag walk.
    """
    extent = SheetExtent()
    state = _Position()
    carry = b""
    try:
        with archive.open(info) as member:
            while True:
                chunk = member.read(_CHUNK)
                buffer = carry + chunk
                if chunk:
                    cut = buffer.rfind(b"<")
                    cut = max(cut, 0)
                else:
                    cut = len(buffer)
                segment = buffer[:cut]
                if not _scan_referenced(segment, extent, state):
                    _scan_tag_by_tag(segment, extent, state)
                if not chunk:
                    break
                carry = buffer[cut:]
                if len(carry) > _CHUNK:  # a "tag" longer than 1 MB is not a cell
                    carry = carry[-_CHUNK:]
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, RuntimeError, ValueError):
        raise UnreadableFileError(
            f"{path.name} is damaged or incomplete: part '{info.filename}' cannot be read"
        ) from None
    return extent


@dataclass
class _Position:
    """Where the walk stands: the current row and the column of the last cell in it."""

    row: int = 0
    column: int = 0


_PLAIN_CELL = re.compile(rb'<c r="([A-Za-z]+)(\d+)"')
_PLAIN_ROW = re.compile(rb'<row r="(\d+)"')
_PLAIN_VALUED_CELL = re.compile(rb'<c r="([A-Za-z]+)(\d+)"[^>]*?(?<!/)>(?!\s*</c>)')
_PREFIXED = tuple(
    b":" + n + e for n in (b"c", b"row") for e in (b" ", b"\t", b"\n", b"\r", b">", b"/")
)


def _tags(segment: bytes, name: bytes) -> int:
    """How many ``<name`` tags: every character that may end the tag name counts."""
    return sum(segment.count(b"<" + name + end) for end in (b" ", b"\t", b"\n", b"\r", b">", b"/"))


def _scan_referenced(segment: bytes, extent: SheetExtent, state: _Position) -> bool:
    """The fast path, for the XML that spreadsheet programs write (``<row r="7">``,
    ``<c r="B7" ...>``, no namespace prefix): the extent comes from every valued cell at once.
    False (and nothing done) when one row or cell of ``segment`` is written otherwise -- or
    when text merely looks so: the tag-by-tag walk then decides."""
    if any(marker in segment for marker in _PREFIXED):
        return False
    if segment.count(b'<c r="') != _tags(segment, b"c"):
        return False
    if segment.count(b'<row r="') != _tags(segment, b"row"):
        return False
    valued = _PLAIN_VALUED_CELL.findall(segment)
    if valued:
        top_row = max(_row_number(digits) for digits in {d for _, d in valued})
        top_letters = max({letter.upper() for letter, _ in valued}, key=column_number)
        at_top_row = next(c for c, d in reversed(valued) if _row_number(d) == top_row)
        extent.add(max(top_row, 1), column_number(at_top_row))
        at_top_column = next(d for c, d in valued if c.upper() == top_letters)
        extent.add(max(_row_number(at_top_column), 1), column_number(top_letters))
    last_row = segment.rfind(b'<row r="')
    if last_row >= 0:
        match = _PLAIN_ROW.match(segment, last_row)
        state.row, state.column = (_row_number(match.group(1)) if match else state.row + 1), 0
    after = _PLAIN_CELL.findall(segment, max(last_row, 0))
    if after:
        state.column, state.row = column_number(after[-1][0]), _row_number(after[-1][1])
    return True


def _scan_tag_by_tag(segment: bytes, extent: SheetExtent, state: _Position) -> None:
    """The general walk: rows and cells without ``r`` follow the one before."""
    for match in _TAG.finditer(segment):
        tag, attributes, closed = match.groups()
        ref = _R_ATTR.search(attributes)
        if tag == b"row":
            state.row = _row_number(ref.group(2)) if ref and ref.group(2) else state.row + 1
            state.column = 0
            continue
        if ref and ref.group(1) and ref.group(2):
            state.column = column_number(ref.group(1))
            state.row = _row_number(ref.group(2))
        else:
            state.column += 1
        if closed or _CLOSE_CELL.match(segment, match.end()):
            continue
        extent.add(max(state.row, 1), state.column)


def _row_number(digits: bytes) -> int:
    """The row of ``r="A123"``; absurdly long numbers count as 10**10 (refused later)."""
    return int(digits) if len(digits) <= 10 else 10**10
