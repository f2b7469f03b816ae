"""Size checks on an OpenDocument spreadsheet before calamine sees it.

ODS compresses repetition into attributes: one ``<table:table-row
table:number-rows-repeated="6000">`` holding one cell with ``table:number-columns-repeated=
"16000"`` is 96 million cells in a few hundred bytes, and calamine lays them out as a dense grid
(about 3 GB; it aborts the whole process natively when the memory is not there). So the cell
extent of every table is computed here first, from the attributes, streaming and bounded, and
checked against the same limits as an xlsx sheet (:func:`guard.check_extent`).
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from infradesk.interchange.excel.guard import SheetExtent, check_extent
from infradesk.interchange.problems import UnreadableFileError

_CHUNK = 1024 * 1024
_TAG = re.compile(
    rb"<(/?)table:(table|table-row|table-cell|covered-table-cell)(?=[\s/>])([^>]*?)(/?)>"
)
_NAME = re.compile(rb"""table:name\s*=\s*["']([^"']*)["']""")
_ROWS_REPEATED = re.compile(rb"""table:number-rows-repeated\s*=\s*["'](\d{1,12})["']""")
_COLUMNS_REPEATED = re.compile(rb"""table:number-columns-repeated\s*=\s*["'](\d{1,12})["']""")
_VALUE_TYPE = re.compile(rb"office:value-type\s*=")


class _Table:
    """The walk through one table: where the current row starts and how far values reach."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.extent = SheetExtent()
        self.row = 0  # rows before the current one
        self.repeat = 1  # how often the current row repeats
        self.column = 0  # columns before the next cell of the current row
        self.row_columns = 0  # how far the current row's values reach

    def start_row(self, attributes: bytes) -> None:
        match = _ROWS_REPEATED.search(attributes)
        self.repeat = max(1, int(match.group(1))) if match else 1
        self.column = self.row_columns = 0

    def cell(self, attributes: bytes, holds_value: bool) -> None:
        match = _COLUMNS_REPEATED.search(attributes)
        self.column += max(1, int(match.group(1))) if match else 1
        if holds_value:
            self.row_columns = self.column

    def end_row(self) -> None:
        if self.row_columns:
            self.extent.add(self.row + self.repeat, self.row_columns)
        self.row += self.repeat


def check_ods(path: Path, archive: zipfile.ZipFile) -> None:
    """Refuse an .ods whose tables' values reach beyond what InfraDesk reads."""
    try:
        info = archive.getinfo("content.xml")
    except KeyError:
        return  # calamine reports a spreadsheet without content itself
    for table in _tables(path, archive, info):
        check_extent(path.name, table.name, table.extent)


def _tables(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> list[_Table]:
    tables: list[_Table] = []
    current: _Table | None = None
    pending_cell: bytes | None = None  # an open <table:table-cell>: valued if it has content
    carry = b""
    try:
        with archive.open(info) as member:
            while True:
                chunk = member.read(_CHUNK)
                buffer = carry + chunk
                cut = max(buffer.rfind(b"<"), 0) if chunk else len(buffer)
                for match in _TAG.finditer(buffer, 0, cut):
                    closing, tag, attributes, self_closed = match.groups()
                    if tag == b"table":
                        if not closing:
                            name = _NAME.search(attributes)
                            label = name.group(1).decode("utf-8", "replace") if name else "?"
                            current = _Table(label)
                            tables.append(current)
                        continue
                    if current is None:
                        continue
                    if pending_cell is not None:  # an open cell ends where the next tag
                        current.cell(pending_cell, holds_value=True)  # of a cell/row begins
                        pending_cell = None
                    if tag == b"table-row":
                        if closing:
                            current.end_row()
                        else:
                            current.start_row(attributes)
                            if self_closed:
                                current.end_row()
                        continue
                    if closing:
                        continue
                    valued = bool(_VALUE_TYPE.search(attributes))
                    if self_closed or valued:
                        current.cell(attributes, holds_value=valued)
                    else:  # content (text) may follow: counted as a value, to be safe
                        pending_cell = attributes
                if not chunk:
                    break
                carry = buffer[cut:]
                if len(carry) > _CHUNK:
                    carry = carry[-_CHUNK:]
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, RuntimeError, ValueError):
        raise UnreadableFileError(
            f"{path.name} is damaged or incomplete: part '{info.filename}' cannot be read"
        ) from None
    return tables
