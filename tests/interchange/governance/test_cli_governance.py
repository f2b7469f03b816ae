"""The governance records through the command line: a JSON document imports with its action
log and stakeholders, a bad value is refused naming its place, and the xlsx export of the
workspace holds the governance sheets and reads back."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import openpyxl
import pytest

from infradesk.cli.main import main
from infradesk.interchange.excel import read_workbook
from infradesk.store.workspace import Workspace
from tests.services.documents.test_governance_io import document


def _write(path: Path, value: object) -> Path:
    path.write_text(json.dumps(value), encoding="utf-8")
    return path


def test_json_import_then_xlsx_export(tmp_path: Path) -> None:
    workspace = tmp_path / "w.infradesk"
    Workspace.create(workspace).close()
    source = _write(tmp_path / "wave2.json", document())
    assert main(["import", str(source), "--workspace", str(workspace)]) == 0
    out = tmp_path / "out.xlsx"
    assert main(["export", "-w", str(workspace), "--format", "xlsx", "-o", str(out)]) == 0
    names = openpyxl.load_workbook(out, read_only=True).sheetnames
    assert {"Actions", "Meetings", "Stakeholders", "Communication plan", "Handover"} <= set(names)
    project = read_workbook(out).document.projects[0]
    assert [a.code for a in project.actions] == ["AC-001", "AC-002"]
    assert project.actions[0].meeting == "M-001"
    assert [(s.name, s.power, s.interest) for s in project.stakeholders] == [
        ("Catherine Dubois", 5, 4)
    ]


def test_a_bad_value_is_refused_with_its_place_and_nothing_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workspace = tmp_path / "w.infradesk"
    Workspace.create(workspace).close()
    before = workspace.read_bytes()
    bad = copy.deepcopy(document())
    bad["projects"][0]["actions"][1]["meeting"] = "M-009"
    source = _write(tmp_path / "bad.json", bad)
    assert main(["import", str(source), "--workspace", str(workspace)]) != 0
    err = capsys.readouterr().err
    assert "projects[0].actions[1].meeting: there is no meeting 'M-009'" in err
    assert "Traceback" not in err
    assert workspace.read_bytes() == before
