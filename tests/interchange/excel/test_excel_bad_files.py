"""Files we cannot use get a clear message, exit status 2 from the CLI, and change nothing."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from infradesk.interchange.csv_reader import read_csv
from infradesk.interchange.excel import read_workbook
from infradesk.interchange.json_document import document_to_json
from infradesk.interchange.problems import UnreadableFileError


def _plan(make_xlsx: Callable[..., Path], name: str = "plan.xlsx") -> Path:
    return make_xlsx({"Plan": [["Task", "Duration"], ["A", "1d"]]}, name=name)


def _rewrite(path: Path, changes: dict[str, bytes], *, level: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts.update(changes)
    with zipfile.ZipFile(path, "w", level) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def _sheet_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/worksheets/sheet1.xml").decode()


def _with_doctype(xml: str, doctype: str) -> str:
    if xml.startswith("<?xml"):
        return xml.replace("?>", "?>" + doctype, 1)
    return doctype + xml


def _ole_file(path: Path, payload: bytes) -> Path:
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + payload)
    return path


BAD_FILES: dict[str, tuple[Callable[[Path, Callable[..., Path]], Path], str]] = {}


def bad(name: str, message: str) -> Callable:
    def register(build: Callable[[Path, Callable[..., Path]], Path]) -> Callable:
        BAD_FILES[name] = (build, message)
        return build

    return register


@bad("not-a-workbook", "is not a workbook although its name ends in .xlsx")
def _text_named_xlsx(tmp: Path, make: Callable[..., Path]) -> Path:
    path = tmp / "notes.xlsx"
    path.write_text("Task;Duration\nA;1d\n")
    return path


@bad("word-document", "is a Word document, not a workbook")
def _docx(tmp: Path, make: Callable[..., Path]) -> Path:
    path = tmp / "report.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
    return path


@bad("truncated", "is damaged or incomplete")
def _truncated(tmp: Path, make: Callable[..., Path]) -> Path:
    path = _plan(make)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


@bad("encrypted", "is password-protected")
def _encrypted(tmp: Path, make: Callable[..., Path]) -> Path:
    return _ole_file(tmp / "secret.xlsx", "EncryptedPackage".encode("utf-16-le"))


@bad("broken-xls", "save it as .xlsx")
def _broken_xls(tmp: Path, make: Callable[..., Path]) -> Path:
    return _ole_file(tmp / "old.xls", b"not really BIFF" * 100)


@bad("xml-bomb", "declares XML entities")
def _xml_bomb(tmp: Path, make: Callable[..., Path]) -> Path:
    path = _plan(make)
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {c}{n} "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">' for n, c in enumerate("bcdefgh")
    )
    xml = _with_doctype(_sheet_xml(path), f"<!-- {'x' * 9000} --><!DOCTYPE lolz [{entities}]>")
    return _rewrite(path, {"xl/worksheets/sheet1.xml": xml.encode()})


@bad("external-entity", "declares XML entities")
def _xxe(tmp: Path, make: Callable[..., Path]) -> Path:
    path = _plan(make)
    xml = _with_doctype(_sheet_xml(path), '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>')
    return _rewrite(path, {"xl/worksheets/sheet1.xml": xml.encode()})


@bad("zip-bomb", "a zip bomb")
def _zip_bomb(tmp: Path, make: Callable[..., Path]) -> Path:
    path = _plan(make)
    return _rewrite(path, {"xl/media/huge.bin": b"\0" * (24 * 1024 * 1024)})


@bad("missing", "does not exist")
def _missing(tmp: Path, make: Callable[..., Path]) -> Path:
    return tmp / "nowhere.xlsx"


@bad("empty", "is empty")
def _empty(tmp: Path, make: Callable[..., Path]) -> Path:
    path = tmp / "empty.xlsx"
    path.write_bytes(b"")
    return path


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_unusable_files_raise_a_clear_error(
    case: str, tmp_path: Path, make_xlsx: Callable[..., Path]
) -> None:
    build, message = BAD_FILES[case]
    path = build(tmp_path, make_xlsx)
    with pytest.raises(UnreadableFileError) as raised:
        read_workbook(path)
    assert message in str(raised.value)
    assert path.name in str(raised.value)


@pytest.mark.parametrize("case", ["truncated", "xml-bomb", "encrypted", "not-a-workbook"])
def test_cli_exits_2_and_writes_nothing(
    case: str, tmp_path: Path, make_xlsx: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    from infradesk.cli.main import main

    build, message = BAD_FILES[case]
    path = build(tmp_path, make_xlsx)
    workspace = tmp_path / "ws.infradesk"
    assert main(["import", str(path), "--workspace", str(workspace)]) == 2
    assert message in capsys.readouterr().err
    assert not workspace.exists()


def test_cli_exits_1_when_rows_have_errors_and_0_with_dry_run(
    tmp_path: Path, make_xlsx: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    from infradesk.cli.main import main

    path = make_xlsx({"Tasks": [["Task", "Start"], ["A", "31/02/2025"], ["B", "2025-02-03"]]})
    workspace = tmp_path / "ws.infradesk"
    assert main(["import", str(path), "--workspace", str(workspace)]) == 1
    assert "Tasks!B2: '31/02/2025' is not a date" in capsys.readouterr().out
    assert not workspace.exists()
    good = make_xlsx({"Tasks": [["Task", "Start"], ["B", "2025-02-03"]]}, name="good.xlsx")
    assert main(["import", str(good), "--workspace", str(workspace), "--dry-run"]) == 0
    assert not workspace.exists()


def test_a_million_empty_formatted_rows_are_skipped(
    tmp_path: Path, make_xlsx: Callable[..., Path]
) -> None:
    path = _plan(make_xlsx)
    xml = _sheet_xml(path)
    rows = "".join(f'<row r="{n}"><c r="A{n}" s="0"/></row>' for n in range(3, 1_000_001))
    xml = xml.replace("</sheetData>", rows + "</sheetData>")
    _rewrite(path, {"xl/worksheets/sheet1.xml": xml.encode()})
    result = read_workbook(path)
    assert [t["name"] for t in document_to_json(result.document)["projects"][0]["tasks"]] == ["A"]


def test_bad_csv_files(tmp_path: Path, make_xlsx: Callable[..., Path]) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("  \n")
    with pytest.raises(UnreadableFileError, match="is empty"):
        read_csv(empty)
    disguised = _plan(make_xlsx)
    renamed = disguised.rename(tmp_path / "plan.csv")
    with pytest.raises(UnreadableFileError, match="is a workbook, not a CSV file"):
        read_csv(renamed)
