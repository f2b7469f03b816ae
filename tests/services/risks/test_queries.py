"""What the Gantt, the task dialog and the weekly report read from the RAID log."""

from __future__ import annotations

from datetime import date, timedelta

from infradesk.model.risk import RiskTask
from infradesk.services.risks import queries as risk_service
from infradesk.services.risks.actions import ApproveChange
from infradesk.services.risks.commands import SetLinks

from .helpers import add, apply, make_project


def test_risk_markers_list_open_risks_per_task(workspace) -> None:
    project_id, tasks = make_project(workspace)
    first = add(workspace, "risk", project_id)
    second = add(workspace, "risk", project_id)
    closed = add(workspace, "risk", project_id, status="closed")
    for risk_id, linked in (
        (first, {tasks[0], tasks[1]}),
        (second, {tasks[1]}),
        (closed, {tasks[2]}),
    ):
        apply(workspace, SetLinks(RiskTask, "risk_id", risk_id, "task_id", linked, project_id))
    with workspace.session() as session:
        assert risk_service.risk_markers(session, project_id) == {
            tasks[0]: ["R-001"],
            tasks[1]: ["R-001", "R-002"],
        }


def test_top_risks_are_open_and_highest_first(workspace) -> None:
    project_id, _ = make_project(workspace)
    add(workspace, "risk", project_id, title="low", probability=1, impact=1)
    add(workspace, "risk", project_id, title="high", probability=4, impact=4)
    add(workspace, "risk", project_id, title="closed", probability=5, impact=5, status="closed")
    add(
        workspace,
        "risk",
        project_id,
        title="high, dearer",
        probability=4,
        impact=4,
        cost_impact="1000",
    )
    with workspace.session() as session:
        top = risk_service.top_risks(session, project_id, 2)
    assert [r.title for r in top] == ["high, dearer", "high"]


def test_heat_map_counts_inherent_and_residual(workspace) -> None:
    project_id, _ = make_project(workspace)
    add(
        workspace,
        "risk",
        project_id,
        probability=4,
        impact=5,
        residual_probability=2,
        residual_impact=3,
    )
    add(workspace, "risk", project_id, probability=4, impact=5)
    add(workspace, "risk", project_id, probability=1, impact=1, status="closed")
    with workspace.session() as session:
        inherent = risk_service.heat_map(session, project_id)
        residual = risk_service.heat_map(session, project_id, residual=True)
    assert inherent.cells == {(4, 5): 2}
    assert residual.cells == {(2, 3): 1} and residual.unassessed == 1


def test_open_issues_by_priority(workspace) -> None:
    project_id, _ = make_project(workspace)
    add(workspace, "issue", project_id, title="a", priority="low")
    add(workspace, "issue", project_id, title="b", priority="critical")
    add(workspace, "issue", project_id, title="c", priority="high", due="2026-03-10")
    add(workspace, "issue", project_id, title="d", priority="high", due="2026-03-05")
    add(workspace, "issue", project_id, title="e", priority="critical", status="closed")
    with workspace.session() as session:
        result = risk_service.open_issues_by_priority(session, project_id)
    assert [i.title for i in result.issues] == ["b", "d", "c", "a"]
    assert result.counts == {"critical": 1, "high": 2, "medium": 0, "low": 1}


def test_change_requests_awaiting_and_decided_since(workspace) -> None:
    project_id, _ = make_project(workspace)
    add(workspace, "change", project_id, title="waiting", status="pending decision")
    add(workspace, "change", project_id, title="new")
    old = add(workspace, "change", project_id, title="old")
    recent = add(workspace, "change", project_id, title="recent")
    add(
        workspace,
        "change",
        project_id,
        title="rejected",
        status="rejected",
        decision_date="2026-03-20",
    )
    apply(workspace, ApproveChange(project_id, old, "Board", on=date(2026, 2, 1)))
    apply(workspace, ApproveChange(project_id, recent, "Board", on=date(2026, 3, 18)))
    with workspace.session() as session:
        waiting = risk_service.changes_awaiting_decision(session, project_id)
        decided = risk_service.changes_decided_since(session, project_id, date(2026, 3, 15))
        decisions = risk_service.load_decisions(session, project_id)
    assert [c.title for c in waiting] == ["waiting", "new"]
    assert [(c.title, c.status) for c in decided] == [
        ("recent", "approved"),
        ("rejected", "rejected"),
    ]
    assert [d.change_code for d in decisions] == ["CR-003", "CR-004"]


def test_overdue_reviews_and_actions_are_flagged(workspace) -> None:
    project_id, _ = make_project(workspace)
    today = date(2026, 3, 10)
    risk_id = add(workspace, "risk", project_id, next_review="2026-03-09")
    add(workspace, "risk", project_id, next_review="2026-03-09", status="closed")
    from infradesk.services.risks.commands import CreateRecord

    for due, done in ((today - timedelta(days=1), False), (today - timedelta(days=3), True)):
        apply(
            workspace,
            CreateRecord(
                "action",
                project_id,
                {"description": "x", "due": due, "done": done},
                parent_id=risk_id,
            ),
        )
    with workspace.session() as session:
        rows = risk_service.load_risks(session, project_id, today=today)
    assert [(r.review_overdue, r.open_actions, r.overdue_actions) for r in rows] == [
        (True, 1, 1),
        (False, 0, 0),
    ]


def test_demo_project_has_a_full_raid_log(demo_workspace) -> None:
    with demo_workspace.session() as session:
        from sqlalchemy import select

        from infradesk.model import Project

        project_id = session.scalar(select(Project.id))
        risks = risk_service.load_risks(session, project_id)
        issues = risk_service.load_issues(session, project_id)
        changes = risk_service.load_changes(session, project_id)
        assert len(risks) >= 14 and any(r.status == "occurred" for r in risks)
        assert any(i.risk_code for i in issues)
        assert any(c.risk_codes for c in changes)
        assert risk_service.load_assumptions(session, project_id)
        assert risk_service.load_decisions(session, project_id)
        assert risk_service.risk_markers(session, project_id)
        assert all(risk_service.risk_timeline(session, r.id) for r in risks)


def test_task_risks_for_the_task_dialog(workspace) -> None:
    project_id, tasks = make_project(workspace)
    low = add(workspace, "risk", project_id, title="low", probability=1, impact=2)
    high = add(workspace, "risk", project_id, title="high", probability=5, impact=4)
    closed = add(workspace, "risk", project_id, title="closed", status="closed")
    for risk_id in (low, high, closed):
        apply(workspace, SetLinks(RiskTask, "risk_id", risk_id, "task_id", {tasks[0]}, project_id))
    with workspace.session() as session:
        found = risk_service.task_risks(session, tasks[0])
        open_only = risk_service.task_risks(session, tasks[0], open_only=True)
        none = risk_service.task_risks(session, tasks[1])
    assert [(r.title, r.band) for r in found] == [
        ("high", "critical"),
        ("low", "low"),
        ("closed", "medium"),
    ]
    assert [r.title for r in open_only] == ["high", "low"] and none == []
