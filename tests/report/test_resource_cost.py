"""The budget section's planned resource cost (issue 18): each assigned resource's work and
cost on the project, costliest first, with a total, read back from the PDF."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pypdf
from sqlalchemy import select

from infradesk import model
from infradesk.report.status_report import render_status_report
from infradesk.services.status.report import gather_report_data

from .conftest import AS_OF, build_plan


def _pdf_text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(path).pages).split())


def test_resource_costs_listed_with_their_total(workspace, tmp_path: Path) -> None:
    with workspace.session() as session:
        pid = build_plan(session)
        tasks = {
            t.name: t.id
            for t in session.scalars(select(model.Task).where(model.Task.project_id == pid))
        }
        engineer = model.Resource(name="Network engineer", rate_per_hour=Decimal("95"))
        fibre = model.Resource(name="Fibre", kind="material", material_label="m")
        travel = model.Resource(name="Travel", kind="cost")
        other = model.Resource(name="Unassigned DBA")
        session.add_all([engineer, fibre, travel, other])
        session.flush()
        session.add_all(
            [
                model.Assignment(task_id=tasks["Order racks"], resource_id=engineer.id,
                                 units=1.0, work_minutes=2400, cost=Decimal("3800")),
                model.Assignment(task_id=tasks["Cable racks"], resource_id=engineer.id,
                                 units=0.5, work_minutes=1200, cost=Decimal("1900")),
                model.Assignment(task_id=tasks["Cable racks"], resource_id=fibre.id,
                                 units=200.0, work_minutes=0, cost=Decimal("640")),
                model.Assignment(task_id=tasks["Install PDUs"], resource_id=travel.id,
                                 units=1.0, work_minutes=0, cost=Decimal("1200")),
            ]
        )
        session.flush()
        data = gather_report_data(session, pid, AS_OF)
    assert [(r.name, r.work_minutes, r.cost) for r in data.resource_costs] == [
        ("Network engineer", 3600, Decimal("5700.00")),
        ("Travel", 0, Decimal("1200.00")),
        ("Fibre", 0, Decimal("640.00")),
    ]
    assert data.resource_costs[2].quantity == 200.0
    target = tmp_path / "report.pdf"
    render_status_report(data, target)
    text = _pdf_text(target)
    assert "Planned resource cost" in text
    for expected in ("Network engineer Work 60.0 h", "Fibre Material 200 m", "Travel Cost"):
        assert expected in text, expected
    assert "Unassigned DBA" not in text
    # the total agrees with the rows: 5,700 + 1,200 + 640
    flat = text.replace("\u202f", " ").replace("\xa0", " ")
    assert "Fibre Material 200 m 640 EUR Total 7 540 EUR" in flat, flat[-300:]


def test_a_project_without_assignments_says_so(workspace, tmp_path: Path) -> None:
    with workspace.session() as session:
        pid = build_plan(session)
        for assignment in session.scalars(select(model.Assignment)):
            session.delete(assignment)
        session.flush()
        data = gather_report_data(session, pid, AS_OF)
    assert data.resource_costs == []
    target = tmp_path / "report.pdf"
    render_status_report(data, target)
    assert "No resources are assigned to this project's tasks." in _pdf_text(target)
