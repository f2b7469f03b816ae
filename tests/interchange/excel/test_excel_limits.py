"""Workbooks built to exhaust memory are refused before calamine sees them; no row with a value
is ever dropped (issue 13).

The bombs are read in a child process under a 1 GB address-space limit: without the checks
calamine aborts natively (exit 134), which would otherwise take the whole test run down.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from infradesk.interchange.excel import read_workbook
from infradesk.interchange.excel.guard import MAX_SHEET_ROWS
from infradesk.interchange.excel.source import read_values
from infradesk.interchange.json_document import document_to_json
from infradesk.interchange.problems import UnreadableFileError

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
HEADER = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>Task</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>Duration</t></is></c></row>'
    '<row r="2"><c r="A2" t="inlineStr"><is><t>Design</t></is></c>'
    '<c r="B2" t="inlineStr"><is><t>1d</t></is></c></row>'
)

_CHILD = textwrap.dedent(
    """
    import json, resource, sys, time
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
    start = time.perf_counter()
    from infradesk.interchange.readers import read_any
    from infradesk.interchange.problems import UnreadableFileError
    try:
        read_any(sys.argv[1])
        outcome = "read"
    except UnreadableFileError as error:
        outcome = "refused: " + str(error)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"outcome": outcome, "seconds": time.perf_counter() - start,
                      "peak_mb": peak_mb}))
    """
)


def _rewrite(path: Path, changes: dict[str, str]) -> Path:
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts.update({name: text.encode() for name, text in changes.items()})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def _sheet(rows_xml: str, dimension: str = "") -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<worksheet xmlns="{MAIN}">{dim}<sheetData>{rows_xml}</sheetData></worksheet>'


def _plan_with(make_xlsx: Callable[..., Path], rows_xml: str, dimension: str = "") -> Path:
    path = make_xlsx({"Tasks": [["Task", "Duration"], ["Design", "1d"]]})
    return _rewrite(path, {"xl/worksheets/sheet1.xml": _sheet(HEADER + rows_xml, dimension)})


def _far_cell(ref: str) -> str:
    row = "".join(ch for ch in ref if ch.isdigit())
    return f'<row r="{row}"><c r="{ref}" t="inlineStr"><is><t>x</t></is></c></row>'


def _shared_strings_bomb(make_xlsx: Callable[..., Path]) -> Path:
    path = make_xlsx({"Tasks": [["Task", "Duration"], ["Design", "1d"]]})
    with zipfile.ZipFile(path) as archive:
        types = archive.read("[Content_Types].xml").decode()
        rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    types = types.replace(
        "</Types>",
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxml'
        'formats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    rels = rels.replace(
        "</Relationships>",
        '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    )
    strings = f'<sst xmlns="{MAIN}" count="1" uniqueCount="2147483648"><si><t>Task</t></si></sst>'
    return _rewrite(
        path,
        {
            "[Content_Types].xml": types,
            "xl/_rels/workbook.xml.rels": rels,
            "xl/sharedStrings.xml": strings,
        },
    )


BOMBS: dict[str, tuple[Callable[[Callable[..., Path]], Path], str]] = {
    "shared-strings-uniqueCount": (
        _shared_strings_bomb,
        "declares 2,147,483,648 strings",
    ),
    "one-cell-at-XFD1048576": (
        lambda make: _plan_with(make, _far_cell("XFD1048576")),
        "sheet 'Tasks': values reach row 1,048,576 (cell XFD1048576)",
    ),
    "one-cell-at-ALL300000": (
        lambda make: _plan_with(make, _far_cell("ALL300000")),
        "sheet 'Tasks': values reach row 300,000 (cell ALL300000)",
    ),
    "cells-past-the-budget": (
        lambda make: _plan_with(make, _far_cell("CV150000")),
        "spans 150,000 rows x 100 columns",
    ),
}


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_memory_bombs_are_refused_quickly_in_little_memory(
    name: str, make_xlsx: Callable[..., Path]
) -> None:
    build, message = BOMBS[name]
    path = build(make_xlsx)
    assert path.stat().st_size < 8 * 1024
    started = time.perf_counter()
    child = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True, timeout=120
    )
    assert child.returncode == 0, child.stderr[-2000:]
    report = json.loads(child.stdout)
    assert report["outcome"].startswith("refused: "), report
    assert message in report["outcome"]
    assert "plan.xlsx" in report["outcome"]
    assert report["seconds"] < 5
    assert time.perf_counter() - started < 20
    assert report["peak_mb"] < 1024


def test_a_huge_declared_dimension_with_little_content_is_read(
    make_xlsx: Callable[..., Path],
) -> None:
    path = _plan_with(make_xlsx, "", dimension="A1:XFD1048576")
    result = read_workbook(path)
    tasks = document_to_json(result.document)["projects"][0]["tasks"]
    assert [t["name"] for t in tasks] == ["Design"]


def test_rows_after_a_long_empty_gap_are_not_dropped(make_xlsx: Callable[..., Path]) -> None:
    """Before: reading stopped after 2,000 empty rows and called the rest formatting."""
    path = make_xlsx({"Tasks": [["Task", "Duration"], ["Design", "1d"]]})
    far = (
        '<row r="5000"><c r="A5000" t="inlineStr"><is><t>Cutover</t></is></c>'
        '<c r="B5000" t="inlineStr"><is><t>2d</t></is></c></row>'
    )
    _rewrite(path, {"xl/worksheets/sheet1.xml": _sheet(HEADER + far)})
    sheet = read_values(path).sheets[0]
    assert len(sheet.rows) == 5000
    assert sheet.rows[4999][:2] == ["Cutover", "2d"]


def test_values_past_column_200_are_kept(make_xlsx: Callable[..., Path]) -> None:
    """Before: every row was cut at 200 columns without a word."""
    path = make_xlsx({"Tasks": [["Task", "Duration"] + [""] * 248 + ["Owner"], ["Design", "1d"]]})
    sheet = read_values(path).sheets[0]
    assert sheet.rows[0][250] == "Owner"


def test_more_rows_than_the_limit_refuse_the_file_and_say_so(
    make_xlsx: Callable[..., Path],
) -> None:
    """Before: 848,576 of 1,048,576 task rows were silently dropped (exit 0)."""
    count = MAX_SHEET_ROWS + 1
    rows = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>T{n}</t></is></c>'
        f'<c r="B{n}"><v>1</v></c></row>'
        for n in range(3, count + 1)
    )
    path = _plan_with(make_xlsx, rows)
    with pytest.raises(UnreadableFileError) as raised:
        read_workbook(path)
    message = str(raised.value)
    assert f"values reach row {count:,}" in message
    assert f"at most {MAX_SHEET_ROWS:,} rows" in message
    assert "sheet 'Tasks'" in message


def test_binary_workbook_shared_string_count_is_checked(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsb"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/xl/workbook.bin" ContentType="application/vnd.ms-excel.'
            'sheet.binary.macroEnabled.main"/></Types>',
        )
        # BrtBeginSst: record 159, 8 bytes, cstTotal = 1, cstUnique = 4,000,000,000
        archive.writestr(
            "xl/sharedStrings.bin",
            b"\x9f\x01\x08" + (1).to_bytes(4, "little") + (4_000_000_000).to_bytes(4, "little"),
        )
    with pytest.raises(UnreadableFileError, match="declares 4,000,000,000 strings"):
        read_values(path)
