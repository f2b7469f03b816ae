"""The sheet-extent scan's fast path agrees with the tag-by-tag walk on every way of writing
rows and cells, and never lets a valued cell slip past (a missed far cell would let calamine
allocate the grid up to it)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infradesk.interchange.excel import guard

HEAD = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
TAIL = b"</sheetData></worksheet>"


def walk(xml: bytes) -> tuple[int, int]:
    extent, state = guard.SheetExtent(), guard._Position()
    guard._scan_tag_by_tag(xml, extent, state)
    return extent.rows, extent.columns


def scan(xml: bytes, tmp_path: Path) -> tuple[int, int]:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", xml)
    with zipfile.ZipFile(buffer) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
        extent = guard.scan_sheet_xml(tmp_path / "x.xlsx", archive, info)
    return extent.rows, extent.columns


@pytest.mark.parametrize(
    "body",
    [
        b'<row r="1"><c r="A1"><v>1</v></c><c r="C1"><v>2</v></c></row>',
        b'<row r="1"><c r="A1"><v>1</v></c></row><row r="9"><c r="B9"/></row>',  # formatting
        b'<row r="1"><c r="A1"><v>1</v></c></row><row r="9"><c r="B9"></c></row>',
        b'<row r="2"><c\nr="XFD1048576"><v>1</v></c></row>',  # newline after the tag name
        b"<row r=\"2\"><c r='AB70'><v>1</v></c></row>",  # single quotes
        b'<x:row r="3"><x:c r="D300000"><x:v>1</x:v></x:c></x:row>',  # a namespace prefix
        b'<row r="5"><c><v>1</v></c><c><v>1</v></c></row><row><c><v>1</v></c></row>',  # no r
        b'<row r="4"><c r="B4"><v>1</v></c><c><v>2</v></c></row>',  # a cell following one
        b'<row><c r="A1" s="3" t="s"><v>0</v></c></row><row r="7"><c r="Z7"><f>1+1</f></c></row>',
    ],
)
def test_the_fast_path_agrees_with_the_walk(body: bytes, tmp_path: Path) -> None:
    xml = HEAD + body + TAIL
    assert scan(xml, tmp_path) == walk(xml)


CELL = st.builds(
    lambda ref, value, space: b"<c" + space + (b'r="' + ref + b'"' if ref else b"") + value,
    st.sampled_from([b"", b"A1", b"C3", b"XFD9", b"B200001", b"AA12"]),
    st.sampled_from([b"><v>1</v></c>", b"/>", b"></c>", b' t="s"><v>0</v></c>']),
    st.sampled_from([b" ", b"\n", b"\t"]),
)
ROW = st.builds(
    lambda ref, cells: (
        b"<row" + (b' r="' + ref + b'"' if ref else b"") + b">" + b"".join(cells) + b"</row>"
    ),
    st.sampled_from([b"", b"1", b"2", b"40", b"300000"]),
    st.lists(CELL, max_size=4),
)


@settings(max_examples=150, deadline=None)
@given(rows=st.lists(ROW, max_size=6))
def test_any_mix_of_written_forms_gives_the_walks_extent(
    rows: list[bytes], tmp_path_factory
) -> None:
    xml = HEAD + b"".join(rows) + TAIL
    assert scan(xml, tmp_path_factory.mktemp("g")) == walk(xml)
