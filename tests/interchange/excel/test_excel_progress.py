"""Progress, constraints and costs in spreadsheets (issue 15): the xlsx export writes them and
reads them back unchanged, MS Project's column names are known in every language the importer
reads, and a bad value is a problem at its sheet, row and column."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from infradesk.interchange import document as d
from infradesk.interchange.excel import read_workbook
from infradesk.interchange.json_document import document_to_json
from infradesk.interchange.xlsx_export import write_workbook

PROGRESS_KEYS = (
    "percent_complete", "remaining_minutes", "duration_minutes", "actual_start", "actual_finish",
    "constraint_type", "constraint_date", "cost", "actual_cost",
)  # fmt: skip


def _project() -> d.Project:
    return d.Project(
        name="Tracked",
        start=datetime(2026, 1, 5, 8),
        status_date=datetime(2026, 1, 14, 17),
        reschedule_after_status=False,
        tasks=(
            d.Task(
                1,
                "Survey",
                duration_minutes=1440,
                percent_complete=100.0,
                actual_start=datetime(2026, 1, 5, 8),
                actual_finish=datetime(2026, 1, 7, 17),
                cost=Decimal("1200.50"),
                actual_cost=Decimal("1350.00"),
            ),
            d.Task(
                2,
                "Install",
                duration_minutes=2400,
                percent_complete=37.5,
                actual_start=datetime(2026, 1, 12, 8),
                constraint_type="FNLT",
                constraint_date=datetime(2026, 1, 30, 17),
                cost=Decimal("5000.00"),
                predecessors=(d.Link(1),),
            ),
            d.Task(3, "Cable", duration_minutes=960, constraint_type="ALAP"),
            d.Task(
                4,
                "Test",
                duration_minutes=480,
                constraint_type="MSO",
                constraint_date=datetime(2026, 2, 2, 8),
                predecessors=(d.Link(2), d.Link(3)),
            ),
        ),
    )


def test_the_xlsx_export_reads_back_with_its_progress(tmp_path: Path) -> None:
    path = tmp_path / "tracked.xlsx"
    write_workbook(d.Document(projects=(_project(),)), path)
    result = read_workbook(path)
    assert not [p for p in result.problems if p.severity == "error"], result.problems
    (project,) = result.document.projects
    assert project.status_date == datetime(2026, 1, 14, 17)
    assert project.reschedule_after_status is False
    before = document_to_json(d.Document(projects=(_project(),)))["projects"][0]["tasks"]
    after = document_to_json(result.document)["projects"][0]["tasks"]
    for old, new in zip(before, after, strict=True):
        assert {k: new[k] for k in PROGRESS_KEYS} == {k: old[k] for k in PROGRESS_KEYS}
    # started or constrained tasks do not get their start kept as a constraint
    assert [t.constraint_type for t in project.tasks] == ["ASAP", "FNLT", "ALAP", "MSO"]


@pytest.mark.parametrize(
    "header",
    [
        ("Name", "Duration", "% Complete", "Actual Start", "Actual Finish", "Remaining Duration",
         "Constraint Type", "Constraint Date", "Cost", "Actual Cost"),
        ("Vorgangsname", "Dauer", "% abgeschlossen", "Aktueller Anfang", "Aktuelles Ende",
         "Verbleibende Dauer", "Einschränkungsart", "Einschränkungstermin", "Kosten",
         "Aktuelle Kosten"),
        ("Nom de la tâche", "Durée", "% achevé", "Début réel", "Fin réelle", "Durée restante",
         "Type de contrainte", "Date de contrainte", "Coût", "Coût réel"),
        ("Nombre de tarea", "Duración", "% completado", "Comienzo real", "Fin real",
         "Duración restante", "Tipo de delimitación", "Fecha de delimitación", "Costo",
         "Costo real"),
        ("Nome da tarefa", "Duração", "% concluída", "Início real", "Término real",
         "Duração restante", "Tipo de restrição", "Data de restrição", "Custo", "Custo real"),
        ("작업명", "기간", "진행률", "실제 시작", "실제 완료", "남은 기간", "제약 유형",
         "제약 날짜", "비용", "실제 비용"),
    ],
)  # fmt: skip
def test_ms_project_progress_columns_in_every_language(
    make_xlsx: Callable[..., Path], header: tuple[str, ...]
) -> None:
    rows = [
        list(header),
        ["Survey", "3d", "100%", "2026-01-05", "2026-01-07", "0d", "", "", 1200, 1350],
        ["Install", "5d", "40%", "2026-01-12", "", "4d", "4", "2026-01-12", "5.000,00", ""],
        ["Test", "1d", "0%", "", "", "", "Must Finish On", "2026-02-06", "", ""],
    ]
    result = read_workbook(make_xlsx({"Plan": rows}))
    assert not [p for p in result.problems if p.severity == "error"], result.problems
    survey, install, test = result.document.projects[0].tasks
    assert (survey.actual_start, survey.actual_finish) == (
        datetime(2026, 1, 5, 8),
        datetime(2026, 1, 7, 17),
    )
    assert (survey.cost, survey.actual_cost) == (Decimal("1200.00"), Decimal("1350.00"))
    # 5 days at 40 %: 2 days done; "4 days remain" makes it 6 days (MS Project's rule)
    assert install.duration_minutes == 6 * 480 and install.percent_complete == round(200 / 6, 2)
    assert (install.constraint_type, install.constraint_date) == (
        "SNET",
        datetime(2026, 1, 12, 8),
    )
    assert install.cost == Decimal("5000.00")
    # a finish constraint without a time of day means the end of that day
    assert (test.constraint_type, test.constraint_date) == ("MFO", datetime(2026, 2, 6, 17))


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        ({"Constraint Type": "Soon"}, "C", "'Soon' is not a constraint type (ASAP, ALAP"),
        ({"Constraint Type": "SNLT"}, "D", "a SNLT constraint needs a constraint date"),
        ({"Actual Finish": "2026-01-02"}, "F", "the actual finish 2026-01-02 17:00 is before"),
        ({"% Complete": "120%"}, "G", "'120%' is more than 100%"),
        ({"Cost": "lots"}, "H", "'lots' is not an amount"),
        ({"Remaining Duration": "soon"}, "I", "'soon' is not a duration"),
    ],
)
def test_a_bad_progress_value_is_a_problem_at_its_cell(
    make_xlsx: Callable[..., Path], cells: dict[str, str], column: str, message: str
) -> None:
    header = ["Name", "Duration", "Constraint Type", "Constraint Date", "Actual Start",
              "Actual Finish", "% Complete", "Cost", "Remaining Duration"]  # fmt: skip
    good = {"Name": "Good", "Duration": "1d", "Actual Start": "2026-01-05"}
    rows = [header, ["First", "1d"] + [""] * 7, [good.get(h, "") for h in header]]
    rows[2] = [{**good, **cells}.get(h, "") for h in header]
    result = read_workbook(make_xlsx({"Plan": rows}))
    found = [p for p in result.problems if p.severity == "error"]
    assert [(p.sheet, p.row, p.column) for p in found] == [("Plan", 3, column)], found
    assert found[0].message.startswith(message), found[0].message


def test_a_workbook_with_an_encrypted_zip_part_is_refused_with_a_message(
    make_xlsx: Callable[..., Path],
) -> None:
    """Found by test_fuzz_readers: a zip entry flagged as encrypted made zipfile raise a
    RuntimeError (an internal error) instead of a refusal naming the file."""
    from infradesk.interchange.problems import UnreadableFileError

    path = make_xlsx({"Plan": [["Name", "Duration"], ["A", "1d"]]})
    data = bytearray(path.read_bytes())
    start = data.find(b"PK\x01\x02")  # first central-directory entry: flag bits at +8
    data[start + 8] |= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(UnreadableFileError, match=r"plan\.xlsx is password-protected"):
        read_workbook(path)
