"""The weekly report's governance blocks, gathered from a real workspace and read back from
the PDF: the distribution list from the communication plan, the decisions needed (who must
decide, by when) and the overdue actions."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pypdf

from infradesk.report.data import ReportOptions
from infradesk.report.status_report import render_status_report
from infradesk.services.governance.distribution import (
    distribution_list,
    overdue_actions,
    pending_decisions,
)
from infradesk.services.risks.commands import CreateRecord
from infradesk.services.status.report import gather_report_data
from tests.services.risks.helpers import apply, make_project

AS_OF = date(2026, 3, 12)


def pdf_text(path: Path) -> str:
    pages = pypdf.PdfReader(path).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def record(workspace, key: str, project_id: int, **values) -> int:
    command = apply(workspace, CreateRecord(key, project_id, values))
    assert isinstance(command, CreateRecord) and command.record_id is not None
    return command.record_id


def governed_project(workspace) -> int:
    project_id, _ = make_project(workspace)
    record(
        workspace,
        "stakeholder",
        project_id,
        name="Maria Keller",
        role="Sponsor",
        organisation="Finance",
    )
    record(
        workspace,
        "stakeholder",
        project_id,
        name="Jon Olsen",
        role="Head of operations",
        organisation="IT Ops",
    )
    record(
        workspace,
        "comms_item",
        project_id,
        content="Weekly status report",
        audience="Maria Keller, Jon Olsen, steering@example.com",
        channel="e-mail",
        frequency="weekly",
        status_report=True,
    )
    record(
        workspace,
        "comms_item",
        project_id,
        content="Cutover bulletin",
        audience="Service desk",
        status_report=False,
    )
    record(
        workspace,
        "comms_item",
        project_id,
        content="Status report (copy)",
        audience="jon olsen",
        status_report=True,
    )  # Jon only once
    record(
        workspace,
        "decision",
        project_id,
        title="Approve the second cutover weekend",
        decided_by="Maria Keller",
        needed_by=date(2026, 3, 9),
    )
    record(
        workspace,
        "decision",
        project_id,
        title="Choose the backup vendor",
        decided_by="Jon Olsen",
        needed_by=date(2026, 3, 20),
    )
    record(
        workspace,
        "decision",
        project_id,
        title="Already taken",
        decided_by="Jon Olsen",
        decided_on=date(2026, 3, 1),
    )
    record(
        workspace,
        "action_item",
        project_id,
        title="Send the rack layout to facilities",
        owner="Ana Lopez",
        due=date(2026, 3, 5),
    )
    record(
        workspace,
        "action_item",
        project_id,
        title="Book the movers",
        owner="Dana",
        due=date(2026, 3, 11),
    )
    record(
        workspace,
        "action_item",
        project_id,
        title="Done already",
        owner="Dana",
        due=date(2026, 3, 1),
        status="done",
    )
    record(
        workspace, "action_item", project_id, title="Due later", owner="Dana", due=date(2026, 3, 30)
    )
    return project_id


def test_the_governance_facts(workspace) -> None:
    project_id = governed_project(workspace)
    with workspace.read_session() as s:
        readers = distribution_list(s, project_id)
        decisions = pending_decisions(s, project_id, AS_OF)
        late = overdue_actions(s, project_id, AS_OF)
    assert [(r.name, r.role, r.organisation, r.registered) for r in readers] == [
        ("Maria Keller", "Sponsor", "Finance", True),
        ("Jon Olsen", "Head of operations", "IT Ops", True),
        ("steering@example.com", "", "", False),
    ]
    assert [(d.title, d.decided_by, d.role, d.days_late) for d in decisions] == [
        ("Approve the second cutover weekend", "Maria Keller", "Sponsor", 3),
        ("Choose the backup vendor", "Jon Olsen", "Head of operations", 0),
    ]
    assert [(a.title, a.owner, a.days_late) for a in late] == [
        ("Send the rack layout to facilities", "Ana Lopez", 7),
        ("Book the movers", "Dana", 1),
    ]


def test_the_pdf_names_readers_deciders_and_late_actions(workspace, tmp_path: Path) -> None:
    project_id = governed_project(workspace)
    with workspace.read_session() as s:
        data = gather_report_data(s, project_id, AS_OF)
    target = tmp_path / "report.pdf"
    render_status_report(data, target)
    text = pdf_text(target)
    assert "Who decides" in text and "No decision needed this week" not in text
    assert "Maria Keller (Sponsor)" in text
    assert "09 Mar 2026 – overdue 3 days" in text
    assert "Jon Olsen (Head of operations)" in text and "20 Mar 2026" in text
    assert "Already taken" not in text
    assert "Overdue actions" in text
    assert "Send the rack layout to facilities" in text and "7 days" in text
    assert "Book the movers" in text and "1 day" in text
    assert "Done already" not in text and "Due later" not in text
    assert "Distribution" in text
    assert "steering@example.com" in text and "not in the stakeholder register" in text
    assert "Cutover bulletin" not in text and "Service desk" not in text


def test_the_one_page_variant_keeps_to_the_summary(workspace, tmp_path: Path) -> None:
    project_id = governed_project(workspace)
    with workspace.read_session() as s:
        data = gather_report_data(s, project_id, AS_OF)
    target = tmp_path / "exec.pdf"
    render_status_report(data, target, ReportOptions(executive=True))
    text = pdf_text(target)
    assert len(pypdf.PdfReader(target).pages) == 1
    assert "Overdue actions" not in text and "Distribution" not in text


def test_without_a_plan_no_distribution_and_nothing_overdue(workspace, tmp_path: Path) -> None:
    project_id, _ = make_project(workspace)
    with workspace.read_session() as s:
        data = gather_report_data(s, project_id, AS_OF)
    target = tmp_path / "report.pdf"
    render_status_report(data, target)
    text = pdf_text(target)
    assert "No action is overdue." in text
    assert "Distribution" not in text
    assert "Who decides" not in text and "No decision needed this week" in text
