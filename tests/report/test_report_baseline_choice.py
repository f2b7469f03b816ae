"""The weekly report compares the plan with the baseline chosen in Project > Baselines…
(issue 17): the PDF names it, and its milestone variances are against it."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pypdf
from sqlalchemy import select

from infradesk.model import Project
from infradesk.report.status_report import render_status_report
from infradesk.services.demo.seed import create_demo_project
from infradesk.services.plan.baselines import ChooseBaseline, SaveBaseline, load_baselines
from infradesk.services.status.facts import default_as_of
from infradesk.services.status.report import gather_report_data

DEMO_TODAY = date(2026, 11, 25)  # the demo's status date is Friday 20 Nov


def report_text(workspace, project_id: int, target: Path) -> str:
    with workspace.session() as session:
        data = gather_report_data(session, project_id, default_as_of(session, project_id))
    render_status_report(data, target)
    pages = pypdf.PdfReader(target).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def variances(text: str) -> list[str]:
    """The Variance column of the milestone table ("+4", "+0"...)."""
    table = text[text.index("Milestone Baseline Forecast Actual Variance Status") :]
    return re.findall(r" ([+-]\d+) d ", table[: table.index("Done this period")])


def test_the_report_compares_with_the_chosen_baseline(workspace, tmp_path: Path) -> None:
    with workspace.session() as session:
        create_demo_project(session, today=DEMO_TODAY)
        pid = session.scalar(select(Project.id))
    assert pid is not None
    first = report_text(workspace, pid, tmp_path / "approved.pdf")
    assert "against the baseline 'Approved plan'" in first
    assert any(v != "+0" for v in variances(first)), "the demo slipped"

    SaveBaseline(pid, "Re-plan").apply(workspace)  # re-baselined: compared with the new one
    replanned = report_text(workspace, pid, tmp_path / "replan.pdf")
    assert "against the baseline 'Re-plan'" in replanned
    assert "'Approved plan'" not in replanned
    assert variances(replanned) and all(v == "+0" for v in variances(replanned))

    approved = next(b for b in load_baselines(workspace, pid) if b.name == "Approved plan")
    ChooseBaseline(pid, approved.id, approved.name).apply(workspace)  # chosen back
    again = report_text(workspace, pid, tmp_path / "again.pdf")
    assert "against the baseline 'Approved plan'" in again
    assert variances(again) == variances(first)
