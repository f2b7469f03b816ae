"""The close gate on the command line: ``import --update`` that marks the close milestone done
while acceptance items are open is refused (exit status 2, the items named, nothing written)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from infradesk.cli.main import main
from infradesk.model import HandoverItem, Project, Task
from infradesk.services.governance import handover as h
from infradesk.services.governance.close_gate import close_task_id
from infradesk.store.workspace import Workspace


def test_import_update_cannot_close_past_open_items(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "demo.infradesk"
    assert main(["demo", "--workspace", str(path)]) == 0
    workspace = Workspace.open(path)
    try:
        with workspace.session() as s:
            pid, name = s.execute(select(Project.id, Project.name)).first()
            closing = close_task_id(s, pid)
            closing_name = s.scalar(select(Task.name).where(Task.id == closing))
        with workspace.session() as s:  # the demo comes with a checklist; else the template's
            has_items = s.scalar(select(HandoverItem.id).where(HandoverItem.project_id == pid))
        if has_items is None:
            h.ApplyTemplate(pid).apply(workspace)
        with workspace.session() as s:
            first_open = s.execute(
                select(HandoverItem.code, HandoverItem.title)
                .where(HandoverItem.project_id == pid, HandoverItem.status == "open")
                .order_by(HandoverItem.position, HandoverItem.code)
            ).first()
        assert first_open is not None
    finally:
        workspace.close()
    out = tmp_path / "plan.json"
    assert main(["export", "-w", str(path), "--project", name, "-o", str(out)]) == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    [task] = [t for t in document["projects"][0]["tasks"] if t["name"] == closing_name]
    task["percent_complete"] = 100
    out.write_text(json.dumps(document), encoding="utf-8")
    capsys.readouterr()
    assert main(["import", str(out), "-w", str(path), "--update", name]) == 2
    said = capsys.readouterr()
    told = said.err + said.out
    assert "Handover:" in told and f"{first_open[0]} {first_open[1]}" in told
    workspace = Workspace.open(path)
    try:
        with workspace.session() as s:
            assert s.scalar(select(Task.percent_complete).where(Task.id == closing)) < 100
    finally:
        workspace.close()
