"""The writers take any user text: control characters, lone surrogates, XML-illegal characters,
formula starts and over-long text are written as readable files, never a crash (issue 13:
``IllegalCharacterError`` from openpyxl)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import openpyxl
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from infradesk.interchange.json_document import document_from_json
from infradesk.interchange.mspdi import write_mspdi
from infradesk.interchange.xlsx_export import EXCEL_CELL_LIMIT, write_workbook
from infradesk.services.demo.seed import demo_document
from infradesk.text_safety import utf8_safe, xml_text

HOSTILE = [
    '\x00=HYPERLINK("http://evil")',  # a formula once the NUL is dropped
    "Core\x00switch\x01\x08\x0b\x0c\x0e\x1b[31m\x1f\x7f fails",
    "lone \ud800 high and \udfff low",
    "pair \ud83d\ude00 joined, emoji 😀",
    "non-characters \ufffe\uffff end",
    "東京データセンター مركز البيانات שלום",
    "+49 69 555\t-tab",
    "long " + "x" * 40_000,
]
FREE_TEXT = {"name", "title", "description", "notes", "owner", "cause", "effect", "mitigation",
             "manager", "statement", "rationale", "role", "trigger"}  # fmt: skip


def hostile_document() -> dict[str, Any]:
    """The demo plan with every free-text field set to one of ``HOSTILE`` (numbered)."""
    count = 0

    def walk(value: Any) -> Any:
        nonlocal count
        if isinstance(value, dict):
            out = {}
            for key, item in value.items():
                if key in FREE_TEXT and isinstance(item, str):
                    count += 1
                    out[key] = f"{HOSTILE[count % len(HOSTILE)]} #{count}"
                else:
                    out[key] = walk(item)
            return out
        if isinstance(value, list):
            return [walk(item) for item in value]
        return value

    return walk(demo_document())


def expected_cell(text: str) -> str:
    cleaned = xml_text(text)
    if len(cleaned) > EXCEL_CELL_LIMIT:
        cleaned = cleaned[: EXCEL_CELL_LIMIT - 1] + "…"
    return cleaned


def column(sheet: Any, header: str) -> list[Any]:
    rows = list(sheet.iter_rows(values_only=True))
    position = list(rows[0]).index(header)
    return [row[position] for row in rows[1:]]


def test_xlsx_export_of_hostile_text_reads_back(tmp_path: Path) -> None:
    document = hostile_document()
    project = document["projects"][0]
    path = tmp_path / "hostile.xlsx"
    write_workbook(document, path)

    workbook = openpyxl.load_workbook(path)
    names = column(workbook["Tasks"], "Name")
    assert names == [expected_cell(t["name"]) for t in project["tasks"]]
    titles = column(workbook["Risks"], "Title")
    assert titles == [expected_cell(r["title"]) for r in project["risks"]]
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    assert not ILLEGAL_CHARACTERS_RE.search(cell.value), (sheet.title, cell)
                    assert len(cell.value) <= EXCEL_CELL_LIMIT
                    # formula-injection protection survives the cleaning
                    assert cell.data_type == "s", (sheet.title, cell.coordinate, cell.value)
    formula_like = [n for n in names if n.startswith("=")]
    assert formula_like, "the NUL-prefixed formula must be written as text, not dropped"


def test_mspdi_export_of_hostile_text_is_well_formed_xml(tmp_path: Path) -> None:
    document = hostile_document()
    path = tmp_path / "hostile.xml"
    write_mspdi(document_from_json(document), path)

    root = ElementTree.parse(path).getroot()
    namespace = {"p": "http://schemas.microsoft.com/project"}
    names = [
        element.text
        for element in root.findall("p:Tasks/p:Task/p:Name", namespace)
        if element.text is not None
    ]
    expected = [xml_text(t["name"]) for t in document["projects"][0]["tasks"]]
    assert names[1:] == expected  # names[0] is the project summary task
    assert any("\ufffd" in name for name in names)  # a lone surrogate is shown, not dropped


def test_json_export_of_lone_surrogates_writes_utf8(tmp_path: Path) -> None:
    document = hostile_document()
    path = tmp_path / "hostile.json"
    text = json.dumps(utf8_safe(document), indent=2, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    back = json.loads(path.read_text(encoding="utf-8"))
    texts = json.dumps(back, ensure_ascii=False)
    assert "lone \ufffd high and \ufffd low" in texts
    assert "pair 😀 joined" in texts
