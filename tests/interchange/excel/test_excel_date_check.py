"""The import's date check schedules the plan as the workspace will (issue 14, point 1): an
InfraDesk export, whose dates the workspace computed with vendor delivery gates and change
freezes, re-imports without a single "the file says ... the recomputed schedule gives" warning
(the check once left the gates out and flagged every gated task)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from infradesk.interchange.excel import read_workbook
from infradesk.interchange.xlsx_export import write_workbook
from infradesk.services.demo.commands import add_demo_project
from infradesk.services.documents.io import workspace_document


def test_an_exported_demo_reimports_without_date_warnings(workspace: Any, tmp_path: Path) -> None:
    add_demo_project(workspace)
    with workspace.read_session() as session:
        document = workspace_document(session)
    (project,) = document.projects
    assert any(d.task is not None for v in project.vendors for d in v.deliverables)  # gated
    path = tmp_path / "demo.xlsx"
    write_workbook(document, path)
    result = read_workbook(path)
    assert not [p for p in result.problems if "dates differ from the file" in p.message]
    assert "Dates: 60 of 60 task(s) are scheduled at the file's own start and finish." in (
        result.notes
    )
    assert result.schedules[0].result is not None
