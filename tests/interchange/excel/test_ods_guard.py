"""OpenDocument spreadsheets whose repeat attributes would make calamine lay out a huge grid are
refused before calamine sees them; an ordinary .ods plan still imports (issue 13).

A 1 KB .ods with one row repeated 6,000 times holding one cell repeated 16,000 times asks
calamine for about 3 GB and aborts the process natively (signal 6 under a 1.5 GB limit). The
bombs are read in a child process under a 1 GB address-space limit, so a missing check is a
failed test, not a dead test run.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from infradesk.interchange.excel import read_workbook
from infradesk.interchange.json_document import document_to_json

NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)
MANIFEST = (
    '<?xml version="1.0"?><manifest:manifest '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
    '<manifest:file-entry manifest:full-path="/" '
    'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)

_CHILD = textwrap.dedent(
    """
    import json, resource, sys
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
    from infradesk.interchange.readers import read_any
    from infradesk.interchange.problems import UnreadableFileError
    try:
        read_any(sys.argv[1])
        outcome = "read"
    except UnreadableFileError as error:
        outcome = "refused: " + str(error)
    print(json.dumps({"outcome": outcome}))
    """
)


def string_cell(text: str, repeat: int = 1) -> str:
    times = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    return (
        f'<table:table-cell office:value-type="string"{times}><text:p>{text}</text:p>'
        "</table:table-cell>"
    )


def write_ods(path: Path, rows: str) -> Path:
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS} '
        'office:version="1.2"><office:body><office:spreadsheet>'
        f'<table:table table:name="Tasks">{rows}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "mimetype",
            "application/vnd.oasis.opendocument.spreadsheet",
            compress_type=zipfile.ZIP_STORED,
        )
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", MANIFEST)
    return path


def read_in_child(path: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, f"exit {result.returncode}: {result.stderr[-400:]}"
    return str(json.loads(result.stdout)["outcome"])


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # 6,000 rows x 16,000 columns of values: 96 million cells
        (
            f'<table:table-row table:number-rows-repeated="6000">{string_cell("x", 16000)}'
            "</table:table-row>",
            "6,000 rows x 16,000 columns",
        ),
        # one value far down, behind a million repeated empty rows
        (
            '<table:table-row table:number-rows-repeated="1048000"><table:table-cell '
            'table:number-columns-repeated="200"/></table:table-row>'
            f"<table:table-row>{string_cell('x')}</table:table-row>",
            "row 1,048,001",
        ),
        # a cell with text but no value type still counts (content without office:value-type)
        (
            '<table:table-row table:number-rows-repeated="300000"><table:table-cell>'
            "<text:p>x</text:p></table:table-cell></table:table-row>",
            "row 300,000",
        ),
    ],
    ids=["repeated-grid", "far-row", "untyped-text"],
)
def test_repeat_bombs_are_refused_before_calamine(tmp_path: Path, rows: str, expected: str) -> None:
    outcome = read_in_child(write_ods(tmp_path / "bomb.ods", rows))
    assert outcome.startswith("refused: bomb.ods, sheet 'Tasks'"), outcome
    assert expected in outcome


def test_an_ordinary_plan_with_trailing_empty_repeats_imports(tmp_path: Path) -> None:
    header = "".join(string_cell(t) for t in ("Task", "Duration"))
    body = "".join(
        f"<table:table-row>{string_cell(name)}{string_cell(days)}</table:table-row>"
        for name, days in (("Design", "2d"), ("Build", "5d"), ("Test", "3d"))
    )
    # what LibreOffice writes after the data: empty repeats to the end of the sheet
    tail = (
        '<table:table-row table:number-rows-repeated="1048572"><table:table-cell '
        'table:number-columns-repeated="1024"/></table:table-row>'
    )
    path = write_ods(
        tmp_path / "plan.ods", f"<table:table-row>{header}</table:table-row>{body}{tail}"
    )
    assert read_in_child(path) == "read"
    result = read_workbook(path)
    names = [task["name"] for task in document_to_json(result.document)["projects"][0]["tasks"]]
    assert names == ["Design", "Build", "Test"]
