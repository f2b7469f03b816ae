"""A risk that occurs becomes a linked issue; undo removes the issue again."""

from __future__ import annotations

from datetime import date

import pytest

from infradesk.model.risk import RiskTask
from infradesk.services.risks import queries as risk_service
from infradesk.services.risks.actions import RiskOccurred
from infradesk.services.risks.commands import SetLinks
from infradesk.services.risks.fields import RaidEditError

from .helpers import add, apply, make_project


def test_occurred_opens_a_linked_issue(workspace) -> None:
    project_id, tasks = make_project(workspace)
    risk_id = add(
        workspace,
        "risk",
        project_id,
        title="Switch delivery slips",
        probability=4,
        impact=4,
        owner="Tom",
        category="vendor",
        event="Switches arrive late",
        effect="Build slips",
        contingency="Loaner switches",
    )
    apply(workspace, SetLinks(RiskTask, "risk_id", risk_id, "task_id", {tasks[1]}, project_id))
    command = apply(workspace, RiskOccurred(project_id, risk_id, on=date(2026, 4, 1)))
    with workspace.session() as session:
        (issue,) = risk_service.load_issues(session, project_id, today=date(2026, 4, 1))
        (risk,) = risk_service.load_risks(session, project_id)
        markers = risk_service.risk_markers(session, project_id)
        timeline = risk_service.risk_timeline(session, risk_id)
    assert (issue.code, issue.title, issue.owner, issue.category) == (
        "I-001",
        "Switch delivery slips",
        "Tom",
        "vendor",
    )
    assert issue.priority == "critical"  # score 16 is in the critical band
    assert issue.risk_code == "R-001" and issue.raised == date(2026, 4, 1)
    assert issue.task_ids == (tasks[1],)
    assert "Loaner switches" in issue.description
    assert risk.status == "occurred" and risk.issue_codes == ("I-001",)
    assert markers == {}  # an occurred risk is no longer an open risk
    assert timeline[-1].status == "occurred" and timeline[-1].changed_on == date(2026, 4, 1)

    command.revert(workspace)
    with workspace.session() as session:
        assert risk_service.load_issues(session, project_id) == []
        (risk,) = risk_service.load_risks(session, project_id)
        assert len(risk_service.risk_timeline(session, risk_id)) == 1
    assert risk.status == "identified"
    assert risk_service.risk_markers is not None
    apply(workspace, command)  # redo keeps the same code
    with workspace.session() as session:
        assert [i.code for i in risk_service.load_issues(session, project_id)] == ["I-001"]


def test_a_risk_occurs_only_once(workspace) -> None:
    project_id, _ = make_project(workspace)
    risk_id = add(workspace, "risk", project_id)
    apply(workspace, RiskOccurred(project_id, risk_id))
    with pytest.raises(RaidEditError, match="already occurred"):
        RiskOccurred(project_id, risk_id).apply(workspace)
