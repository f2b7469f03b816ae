"""CSV files follow the same rules; delimiter and encoding are detected."""

from __future__ import annotations

from pathlib import Path

import pytest

from infradesk.interchange.csv_reader import detect_delimiter, detect_encoding, read_csv
from infradesk.interchange.json_document import document_to_json
from infradesk.interchange.readers import analyse_spreadsheet, read_any


def test_semicolon_cp1252_german_plan(tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    text = (
        "Nr.;Vorgangsname;Dauer;Anfang;Vorgänger;Ressourcennamen\n"
        "1;Räume prüfen;2 Tage;03.02.2025;;Jörg\n"
        "2;Umzug;1,5w;05.02.2025;1EA+1d;Müller\n"
    )
    path.write_bytes(text.encode("cp1252"))
    result = read_csv(path)
    tasks = document_to_json(result.document)["projects"][0]["tasks"]
    assert [t["name"] for t in tasks] == ["Räume prüfen", "Umzug"]
    assert tasks[1]["duration_minutes"] == 3600
    assert tasks[1]["predecessors"] == [{"task": 1, "type": "FS", "lag": "1d", "lag_minutes": 480}]
    assert tasks[0]["owner"] == "Jörg" and tasks[0]["start"] == "2025-02-03T08:00"
    assert result.notes[0] == "plan.csv: encoding cp1252, delimiter semicolon"


def test_utf16_tab_separated_risk_log(tmp_path: Path) -> None:
    path = tmp_path / "risks.csv"
    text = "Risk ID\tRisk\tLikelihood\tImpact\tOwner\nR-9\tLate racks\tAlmost certain\tMajor\tAnn\n"
    path.write_bytes(text.encode("utf-16"))
    result = read_csv(path)
    (risk,) = document_to_json(result.document)["projects"][0]["risks"]
    assert (risk["code"], risk["probability"], risk["impact"]) == ("R-9", 5, 4)
    assert "encoding utf-16, delimiter tab" in result.notes[0]


def test_utf8_bom_comma_with_quotes_through_the_dispatcher(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    text = (
        "\ufeffTask Name,Start,Finish,Predecessors\n"
        '"Plan, then build",2/17/25,2/18/25,\n'
        '"Go-live",2/19/25,2/19/25,"1FS+1d"\n'
    )
    path.write_text(text, encoding="utf-8")
    result = read_any(path)  # the readers' dispatcher hands CSV files to the CSV reader
    tasks = document_to_json(result.document)["projects"][0]["tasks"]
    assert tasks[0]["name"] == "Plan, then build"
    assert tasks[1]["start"] == "2025-02-19T08:00" and tasks[1]["duration"] == "1d"
    assert tasks[1]["predecessors"][0]["task"] == tasks[0]["id"]


@pytest.mark.parametrize(
    ("sample", "expected"),
    [("a,b,c\n1,2,3\n", ","), ("a;b;c\n1;2;3\n", ";"), ("a\tb\tc\n1\t2\t3\n", "\t"),
     ("a|b|c\n1|2|3\n", "|")],
)  # fmt: skip
def test_delimiters(sample: str, expected: str) -> None:
    assert detect_delimiter(sample) == expected


def test_encodings() -> None:
    assert detect_encoding("é".encode()) == "utf-8"
    assert detect_encoding(b"\xef\xbb\xbfx") == "utf-8-sig"
    assert detect_encoding("x".encode("utf-16")) == "utf-16"
    assert detect_encoding("é".encode("cp1252")) == "cp1252"


def test_the_wizard_analysis_of_a_csv_file_goes_through_the_csv_reader(tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_text("Task;Duration\nBuild;2d\nTest;1d\n", encoding="cp1252")
    analysis = analyse_spreadsheet(path)
    (sheet,) = analysis.sheets
    assert sheet.name == "plan" and analysis.format == "csv"
