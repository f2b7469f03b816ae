"""Open a workbook safely and read its cell values fast.

Values come from python-calamine (Rust; about 20x faster than openpyxl's read-only mode on a
10,000-row plan, see bench/bench_excel_import.py). openpyxl is only used for what calamine
does not give: cell indentation (:func:`read_indents`).

Before either library sees a file it is checked here: the container must be a real workbook
(not a renamed document, not an encrypted one, not truncated), its XML parts may not declare
entities or a DOCTYPE (XML bombs, external entities), and its uncompressed size must stay sane
(zip bombs). Anything else raises :class:`UnreadableFileError` with a message for the user.
"""

from __future__ import annotations

import re
import warnings
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import python_calamine
from defusedxml import ElementTree as SafeET

from infradesk.interchange.excel.error_cells import ErrorCell, find_error_cells
from infradesk.interchange.excel.guard import MAX_SHEET_ROWS, SheetExtent, check_extent, check_ooxml
from infradesk.interchange.excel.ods_guard import check_ods
from infradesk.interchange.problems import Problem, UnreadableFileError

MAX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed for any big member
MAX_MERGED_RANGES = 50_000  # merged ranges kept per sheet (formatting, used for headers only)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"

Cell = object  # str | float | int | bool | date | datetime | time | timedelta


@dataclass
class SheetData:
    """The values of one sheet as a dense grid starting at A1 (0-based rows and columns)."""

    name: str
    rows: list[list[Cell]]
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    visible: bool = True
    errors: list[ErrorCell] = field(default_factory=list)  # cells holding #DIV/0!, #N/A...

    @property
    def width(self) -> int:
        return max((len(row) for row in self.rows), default=0)


@dataclass
class WorkbookData:
    path: Path
    format: str  # xlsx, xlsm, xls, xlsb, ods, csv
    sheets: list[SheetData]
    encoding: str = ""  # CSV only
    delimiter: str = ""  # CSV only
    problems: list[Problem] = field(default_factory=list)  # found while reading (CSV only)


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def sniff(path: Path) -> str:
    """The container format of ``path``: xlsx/xlsm/xlsb/ods, xls, or csv; raises otherwise."""
    if not path.exists():
        raise UnreadableFileError(f"{path.name}: the file does not exist")
    if path.is_dir():
        raise UnreadableFileError(f"{path.name} is a folder, not a workbook")
    size = path.stat().st_size
    if size == 0:
        raise UnreadableFileError(f"{path.name} is empty (0 bytes)")
    with path.open("rb") as handle:
        head = handle.read(8)
    suffix = path.suffix.lower()
    if head.startswith(_OLE_MAGIC):
        data = path.read_bytes() if size < 64 * 1024 * 1024 else b""
        if "EncryptedPackage".encode("utf-16-le") in data or b"EncryptedPackage" in data:
            raise UnreadableFileError(
                f"{path.name} is password-protected (encrypted). Open it in Excel, remove the "
                "password (File > Info > Protect Workbook > Encrypt with Password, clear it), "
                "save, and import again."
            )
        return "xls"
    if head.startswith(_ZIP_MAGIC):
        return _check_zip(path)
    if suffix in {".csv", ".txt", ".tsv"}:
        return "csv"
    if suffix in {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}:
        raise UnreadableFileError(
            f"{path.name} is not a workbook although its name ends in {suffix}: its content is "
            "neither Excel nor OpenDocument data"
        )
    raise UnreadableFileError(
        f"{path.name} is not a spreadsheet: import .xlsx, .xlsm, .xls, .ods or .csv files"
    )


def _check_zip(path: Path) -> str:
    """The kind of a zip-based workbook, after every safety check (see guard.py).

    The checks stream the whole sheet XML, so their verdict is kept per file version: reading
    one workbook asks for it several times (analysis, then values).
    """
    stat = path.stat()
    return _checked_zip_kind(path.absolute(), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=8)
def _checked_zip_kind(path: Path, _size: int, _mtime_ns: int) -> str:
    """Cached by path, size and modification time; a refusal raises and is never cached."""
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise UnreadableFileError(
            f"{path.name} is damaged or incomplete (the file seems truncated); "
            "ask for a new copy or re-save it in Excel"
        ) from None
    with archive:
        infos = archive.infolist()
        names = {info.filename for info in infos}
        total = 0
        for info in infos:
            total += info.file_size
            if info.file_size > 10 * 1024 * 1024 and info.file_size > MAX_RATIO * max(
                info.compress_size, 1
            ):
                raise UnreadableFileError(
                    f"{path.name} refused: part '{info.filename}' expands {info.file_size:,} "
                    "bytes out of a tiny compressed size (a zip bomb?)"
                )
        if total > MAX_UNCOMPRESSED_BYTES:
            raise UnreadableFileError(
                f"{path.name} refused: it would expand to {total // (1024 * 1024):,} MB"
            )
        if "mimetype" in names:
            mimetype = archive.read("mimetype")[:100]
            if b"opendocument.spreadsheet" in mimetype:
                _check_xml_parts(path, archive, infos)
                check_ods(path, archive)
                return "ods"
            raise UnreadableFileError(f"{path.name} is an OpenDocument file but not a spreadsheet")
        if "[Content_Types].xml" not in names:
            raise UnreadableFileError(f"{path.name} is a zip archive, not a workbook")
        _check_xml_parts(path, archive, infos)
        try:
            content_types = SafeET.fromstring(archive.read("[Content_Types].xml"))
        except Exception as error:  # defusedxml raises several types
            raise UnreadableFileError(
                f"{path.name} refused: its content list cannot be read safely ({error})"
            ) from None
        kinds = " ".join(element.get("ContentType", "") for element in content_types.iter())
        if "spreadsheetml" not in kinds and "ms-excel" not in kinds:
            if "wordprocessingml" in kinds:
                raise UnreadableFileError(f"{path.name} is a Word document, not a workbook")
            if "presentationml" in kinds:
                raise UnreadableFileError(f"{path.name} is a PowerPoint file, not a workbook")
            raise UnreadableFileError(f"{path.name} is not an Excel workbook")
        check_ooxml(path, archive)
        if "binary.main" in kinds or "sheet.binary" in kinds:
            return "xlsb"
        return "xlsm" if "macroEnabled" in kinds else "xlsx"


def _check_xml_parts(path: Path, archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    """No DTDs anywhere: a workbook never needs one, XML bombs and XXE always do.

    Only the prolog (everything before the root element) can hold a DOCTYPE, so each part is
    read up to its first element; a prolog longer than 1 MB is refused as well.
    """
    for info in infos:
        if not info.filename.endswith((".xml", ".rels", ".vml")):
            continue
        try:
            prolog = _prolog(archive, info)
        except RuntimeError:  # zipfile: "File ... is encrypted, password required"
            raise UnreadableFileError(
                f"{path.name} is password-protected or damaged: part '{info.filename}' is "
                "encrypted; save it without a password and import again"
            ) from None
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error):
            raise UnreadableFileError(
                f"{path.name} is damaged or incomplete: part '{info.filename}' cannot be read"
            ) from None
        if prolog is None:
            raise UnreadableFileError(
                f"{path.name} refused: part '{info.filename}' has no XML content in its first MB"
            )
        lowered = prolog.lower()
        if b"<!doctype" in lowered or b"<!entity" in lowered:
            raise UnreadableFileError(
                f"{path.name} refused: part '{info.filename}' declares XML entities "
                "(an XML bomb or external-entity attack); real workbooks never do"
            )


_ROOT_START = re.compile(rb"<[A-Za-z_]")


def _prolog(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes | None:
    """The bytes before the part's root element (None when there is none in the first MB)."""
    seen = b""
    with archive.open(info) as member:
        while len(seen) < 1024 * 1024:
            chunk = member.read(8192)
            if not chunk:
                return seen
            seen += chunk
            match = _ROOT_START.search(seen)
            if match:
                return seen[: match.start()]
    return None


def read_values(
    path: Path,
    *,
    only_sheet: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> WorkbookData:
    """Every sheet's values (calamine), after :func:`sniff` accepted the file."""
    kind = sniff(path)
    if kind == "csv":
        raise UnreadableFileError(f"{path.name} is a CSV file: use the CSV reader")
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    except python_calamine.PasswordError:
        raise UnreadableFileError(
            f"{path.name} is password-protected; remove the password in Excel and try again"
        ) from None
    except Exception as error:  # calamine raises its own error types and ValueError
        raise _unreadable(path, kind, error) from None
    sheets: list[SheetData] = []
    errors = find_error_cells(path) if kind in ("xlsx", "xlsm") else {}
    try:
        metadata = {meta.name: meta for meta in workbook.sheets_metadata}
        names = list(workbook.sheet_names)
        if only_sheet is not None and only_sheet not in names:
            raise UnreadableFileError(
                f"{path.name} has no sheet named '{only_sheet}' (it has: {', '.join(names)})"
            )
        for number, name in enumerate(names):
            if cancel and cancel():
                raise ImportCancelled()
            if progress:
                progress(number, len(names))
            meta = metadata.get(name)
            if meta is not None and str(meta.typ).lower().find("worksheet") < 0:
                continue  # chart sheets, dialog sheets
            if only_sheet is not None and name != only_sheet:
                continue
            sheet = workbook.get_sheet_by_name(name)
            rows = _dense_rows(path, name, sheet)
            merged = _merged_ranges(sheet, rows)
            visible = meta is None or str(meta.visible).split(".")[-1].lower() == "visible"
            sheets.append(SheetData(name, rows, merged, visible, errors.get(name, [])))
    except UnreadableFileError:
        raise
    except ImportCancelled:
        raise
    except Exception as error:
        raise _unreadable(path, kind, error) from None
    finally:
        workbook.close()
    return WorkbookData(path, kind, sheets)


class ImportCancelled(Exception):
    """The user pressed Cancel; nothing was written."""


def _dense_rows(path: Path, name: str, sheet: python_calamine.CalamineSheet) -> list[list[Cell]]:
    """The sheet's values from A1; trailing empty rows are left out, no row with a value is.

    calamine's ``iter_rows`` starts at the range's first column but (in current versions) at
    row 0; older versions start at the range's first row. Both are handled: the range's first
    row always holds a value, so an empty first row means the leading rows are included.
    Workbooks checked by :mod:`guard` (xlsx, xlsm) never exceed the limits here; the others
    (xls, xlsb, ods) are refused when their values reach past :data:`MAX_SHEET_ROWS`.
    """
    start_row, start_col = sheet.start or (0, 0)
    rows: list[list[Cell]] = []
    pad = [""] * start_col
    empty_run = 0
    first = True
    for row in sheet.iter_rows():
        if first:
            first = False
            if start_row and any(value != "" for value in row):
                rows.extend([] for _ in range(start_row))  # this version starts at start_row
        if any(value != "" for value in row):
            if empty_run:
                rows.extend([] for _ in range(empty_run))
                empty_run = 0
            rows.append(pad + list(row) if start_col else list(row))
            if len(rows) > MAX_SHEET_ROWS:
                last = max(i for i, value in enumerate(row) if value != "")
                extent = SheetExtent()
                extent.add(len(rows), start_col + last + 1)
                check_extent(path.name, name, extent)
        else:
            empty_run += 1
    return rows


def _merged_ranges(
    sheet: python_calamine.CalamineSheet, rows: list[list[Cell]]
) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Merged ranges clipped to the grid of values (a range may lie past the last value)."""
    try:
        ranges = list(sheet.merged_cell_ranges or [])
    except Exception:  # not available for every format
        return []
    width = max((len(row) for row in rows), default=0)
    clipped: set[tuple[tuple[int, int], tuple[int, int]]] = set()
    for (top, left), (bottom, right) in ranges:
        if top >= len(rows) or left >= width or bottom < top or right < left:
            continue
        clipped.add(((top, left), (min(bottom, len(rows) - 1), min(right, width - 1))))
        if len(clipped) >= MAX_MERGED_RANGES:
            break
    return sorted(clipped)


def _unreadable(path: Path, kind: str, error: Exception) -> UnreadableFileError:
    text = str(error)
    if kind == "xls":
        return UnreadableFileError(
            f"{path.name} is an old Excel 97-2003 (.xls) file that cannot be read ({text}). "
            "Open it in Excel or LibreOffice and save it as .xlsx, then import that file."
        )
    lowered = text.lower()
    if "password" in lowered or "encrypt" in lowered:
        return UnreadableFileError(f"{path.name} is password-protected; remove the password")
    if "zip" in lowered or "eof" in lowered or "invalid" in lowered or "xml" in lowered:
        return UnreadableFileError(
            f"{path.name} is damaged or incomplete and cannot be read ({text}); re-save it in Excel"
        )
    return UnreadableFileError(f"{path.name} cannot be read as a workbook: {text}")


def read_indents(
    path: Path, sheet_name: str, column: int, first_row: int, last_row: int
) -> dict[int, int]:
    """Cell indent levels (Format Cells > Alignment > Indent) of one column, via openpyxl.

    Only called for small sheets whose names carry no other hierarchy. Rows are 0-based.
    Returns {row: indent} for indented cells only.
    """
    import openpyxl  # imported lazily: most imports never need it

    indents: dict[int, int] = {}
    # openpyxl warns about what it cannot use (a date serial past 9999, an unsupported
    # extension): the values come from calamine and are reported at their cells there.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception:
            return indents
        return _indents(workbook, sheet_name, column, first_row, last_row)


def _indents(workbook: Any, sheet_name: str, column: int, first_row: int, last_row: int
             ) -> dict[int, int]:  # fmt: skip
    indents: dict[int, int] = {}
    try:
        if sheet_name not in workbook.sheetnames:
            return indents
        sheet = workbook[sheet_name]
        for offset, row in enumerate(
            sheet.iter_rows(
                min_row=first_row + 1,
                max_row=last_row + 1,
                min_col=column + 1,
                max_col=column + 1,
            )
        ):
            for cell in row:
                alignment = getattr(cell, "alignment", None)
                indent = int(getattr(alignment, "indent", 0) or 0) if alignment else 0
                if indent:
                    indents[first_row + offset] = indent
    finally:
        workbook.close()
    return indents
