"""The whole RAID log survives a JSON export / import round trip; bad documents are located."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from sqlalchemy import select

from infradesk.model import Project
from infradesk.services.documents.io import export_document, import_document
from infradesk.services.documents.plan import DocumentError

SECTIONS = ("risks", "issues", "assumptions", "change_requests", "decisions", "risk_settings")


def raid_parts(document: dict[str, Any]) -> dict[str, Any]:
    return {key: document["projects"][0][key] for key in SECTIONS}


def test_round_trip_through_a_json_file(demo_workspace, tmp_path) -> None:
    from infradesk.store.workspace import Workspace

    with demo_workspace.session() as session:
        exported = export_document(session)
    path = tmp_path / "raid.json"
    path.write_text(json.dumps(exported, indent=2), encoding="utf-8")
    first = raid_parts(exported)
    assert first["risks"][0]["history"] and first["risks"][0]["actions"]
    assert first["risks"][0]["tasks"] and first["risks"][0]["emv"] == "31500.00"
    assert any(i["risk"] for i in first["issues"])
    assert any(c["risks"] for c in first["change_requests"])
    assert any(d["change"] for d in first["decisions"])

    other = Workspace.create(tmp_path / "other.infradesk")
    try:
        with other.session() as session:
            import_document(session, json.loads(path.read_text(encoding="utf-8")))
        with other.session() as session:
            again = export_document(session)
    finally:
        other.close()
    assert raid_parts(again) == first


def test_baseline_reference_of_a_change_survives(workspace, tmp_path) -> None:
    from infradesk.services.risks.actions import ApproveChange

    from .helpers import add, apply, make_project

    project_id, _ = make_project(workspace)
    change = add(workspace, "change", project_id)
    apply(workspace, ApproveChange(project_id, change, "Board", baseline_name="CR baseline"))
    with workspace.session() as session:
        exported = export_document(session)
    assert exported["projects"][0]["change_requests"][0]["baseline"] == "CR baseline"
    with workspace.session() as session:
        import_document(session, exported, project_name="Copy")
        again = export_document(session, ["Copy"])
    assert again["projects"][0]["change_requests"][0]["baseline"] == "CR baseline"


def test_older_documents_with_plain_risks_still_import(workspace) -> None:
    """A risk without probability and impact stays not scored (score 0, no band), never a
    guessed 3 x 3 (issue 17)."""
    document = {
        "format": "infradesk",
        "version": 1,
        "projects": [
            {
                "name": "Old",
                "start": "2026-01-05T08:00",
                "tasks": [],
                "risks": [
                    {
                        "code": "R-001",
                        "title": "Plain",
                        "probability": 4,
                        "impact": 2,
                        "raised": "2026-01-10",
                    },
                    {"title": "Upside", "response": "exploit"},
                ],
            }
        ],
    }
    with workspace.session() as session:
        import_document(session, document)
        exported = export_document(session)
    risks = exported["projects"][0]["risks"]
    assert [(r["code"], r["kind"], r["score"]) for r in risks] == [
        ("R-001", "threat", 8),
        ("R-002", "opportunity", 0),
    ]
    assert (risks[1]["probability"], risks[1]["impact"], risks[1]["band"]) == (0, 0, "")
    assert risks[0]["history"][0]["date"] == "2026-01-10"


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("risks", 0, "probability"), 9, r"projects\[0\]\.risks\[0\]\.probability: Probability"),
        (("risks", 0, "tasks"), [999], r"risks\[0\]\.tasks\[0\]: there is no task 999"),
        (("risks", 1, "code"), "R-001", r"risks\[1\]\.code: 'R-001' is used twice"),
        (("issues", 0, "risk"), "R-999", r"issues\[0\]\.risk: there is no risk 'R-999'"),
        (("issues", 0, "due"), "soon", r"issues\[0\]\.due: Due: 'soon' is not a date"),
        (
            ("assumptions", 0, "statement"),
            "",
            r"assumptions\[0\]\.statement: Statement cannot be empty",
        ),
        (("change_requests", 0, "risks"), ["R-999"], r"change_requests\[0\]\.risks\[0\]"),
        (("decisions", 0, "change"), "CR-999", r"decisions\[0\]\.change"),
        (("risks", 0, "actions", 0, "due"), "x", r"risks\[0\]\.actions\[0\]\.due"),
        (("risks", 0, "history", 0, "date"), None, r"risks\[0\]\.history\[0\]\.date is missing"),
    ],
)
def test_bad_documents_name_where(demo_workspace, path, value, message) -> None:
    with demo_workspace.session() as session:
        document = copy.deepcopy(export_document(session))
    target: Any = document["projects"][0]
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(DocumentError, match=message), demo_workspace.session() as session:
        import_document(session, document, project_name="Broken")
    with demo_workspace.session() as session:
        assert session.scalar(select(Project.id).where(Project.name == "Broken")) is None
