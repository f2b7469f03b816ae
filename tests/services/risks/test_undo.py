"""Every kind of RAID edit reverts exactly (and re-applies)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from infradesk.model import Base, Baseline
from infradesk.model.risk import ChangeIssue, ChangeRisk, IssueTask, RiskTask
from infradesk.services.commands import CompositeCommand
from infradesk.services.risks.actions import ApproveChange, RiskOccurred
from infradesk.services.risks.commands import CreateRecord, DeleteRecords, EditRecord, SetLinks
from infradesk.services.risks.fields import RaidEditError
from tests.rows import content

from .helpers import add, apply, make_project

RAID_TABLES = (
    "risk",
    "risk_action",
    "risk_history",
    "risk_task",
    "issue",
    "issue_task",
    "assumption",
    "change_request",
    "change_risk",
    "change_issue",
    "decision",
    "baseline",
    "baseline_task",
)


def dump(workspace) -> dict[str, list[tuple[Any, ...]]]:
    """Every RAID row, to compare states before and after undo."""
    tables = Base.metadata.tables
    with workspace.session() as session:
        return {
            name: sorted(tuple(r) for r in session.execute(content(tables[name])).all())
            for name in RAID_TABLES
        }


@pytest.fixture
def raid(workspace) -> dict[str, int]:
    project_id, tasks = make_project(workspace)
    ids = {"project": project_id, "task": tasks[0], "task2": tasks[1]}
    ids["risk"] = add(workspace, "risk", project_id, probability=3, impact=4, cost_impact="1000")
    ids["action"] = add_action(workspace, project_id, ids["risk"])
    ids["issue"] = add(workspace, "issue", project_id, priority="high")
    ids["assumption"] = add(workspace, "assumption", project_id)
    ids["decision"] = add(workspace, "decision", project_id)
    ids["change"] = add(workspace, "change", project_id, cost_impact="500")
    apply(workspace, SetLinks(RiskTask, "risk_id", ids["risk"], "task_id", {tasks[0]}, project_id))
    return ids


def add_action(workspace, project_id: int, risk_id: int) -> int:
    command = apply(
        workspace,
        CreateRecord("action", project_id, {"description": "Call vendor"}, parent_id=risk_id),
    )
    assert isinstance(command, CreateRecord) and command.record_id
    return command.record_id


def check_undo_redo(workspace, command) -> None:
    before = dump(workspace)
    command.apply(workspace)
    after = dump(workspace)
    assert after != before, "the command changed nothing"
    command.revert(workspace)
    assert dump(workspace) == before
    command.apply(workspace)
    assert dump(workspace) == after


@pytest.mark.parametrize(
    ("key", "values"),
    [
        ("risk", {"title": "New risk", "probability": 5}),
        ("issue", {"title": "Broken", "priority": "critical"}),
        ("assumption", {"title": "Power is ready"}),
        ("decision", {"title": "Go"}),
        ("change", {"title": "More scope", "change_type": "scope"}),
    ],
)
def test_create_each_log(workspace, raid, key: str, values: dict) -> None:
    check_undo_redo(workspace, CreateRecord(key, raid["project"], values, on=date(2026, 3, 3)))


def test_create_action(workspace, raid) -> None:
    check_undo_redo(
        workspace,
        CreateRecord("action", raid["project"], {"description": "Test"}, parent_id=raid["risk"]),
    )


@pytest.mark.parametrize(
    ("key", "changes"),
    [
        ("risk", {"probability": 5}),
        ("risk", {"title": "Renamed", "cause": "Because", "cost_impact": "2500.50"}),
        ("risk", {"kind": "opportunity"}),  # the response follows the kind
        ("risk", {"next_review": "2026-04-01"}),
        ("action", {"done": True}),
        ("issue", {"status": "resolved", "resolved": "2026-03-20", "resolution": "Fixed"}),
        ("assumption", {"status": "validated"}),
        ("decision", {"decided_by": "Board"}),
        (
            "change",
            {"status": "pending decision", "itil_class": "normal", "cab_date": "2026-03-30"},
        ),
    ],
)
def test_edit_each_log(workspace, raid, key: str, changes: dict) -> None:
    check_undo_redo(workspace, EditRecord(key, raid["project"], raid[key], changes))


@pytest.mark.parametrize("key", ["risk", "action", "issue", "assumption", "decision", "change"])
def test_delete_each_log(workspace, raid, key: str) -> None:
    check_undo_redo(workspace, DeleteRecords(key, raid["project"], {raid[key]}))


def test_delete_a_risk_restores_its_actions_history_links_and_issue_reference(
    workspace, raid
) -> None:
    apply(workspace, RiskOccurred(raid["project"], raid["risk"]))
    check_undo_redo(workspace, DeleteRecords("risk", raid["project"], {raid["risk"]}))


@pytest.mark.parametrize(
    ("link", "owner", "other", "owner_key", "other_key"),
    [
        (RiskTask, "risk_id", "task_id", "risk", "task2"),
        (IssueTask, "issue_id", "task_id", "issue", "task"),
        (ChangeRisk, "change_id", "risk_id", "change", "risk"),
        (ChangeIssue, "change_id", "issue_id", "change", "issue"),
    ],
)
def test_set_links(workspace, raid, link, owner, other, owner_key, other_key) -> None:
    command = SetLinks(link, owner, raid[owner_key], other, {raid[other_key]}, raid["project"])
    check_undo_redo(workspace, command)


def test_occurred(workspace, raid) -> None:
    check_undo_redo(workspace, RiskOccurred(raid["project"], raid["risk"]))


def test_approve_change_with_baseline_and_decision(workspace, raid) -> None:
    command = ApproveChange(
        raid["project"], raid["change"], "Board", on=date(2026, 3, 5), baseline_name="After CR-001"
    )
    check_undo_redo(workspace, command)
    with workspace.session() as session:
        baseline = session.scalar(select(Baseline).where(Baseline.name == "After CR-001"))
        assert baseline is not None and len(baseline.tasks) == 3


def test_approve_refuses_a_taken_baseline_name(workspace, raid) -> None:
    apply(workspace, ApproveChange(raid["project"], raid["change"], "Board", baseline_name="B1"))
    other = add(workspace, "change", raid["project"])
    with pytest.raises(RaidEditError, match="already exists"):
        ApproveChange(raid["project"], other, "Board", baseline_name="B1").apply(workspace)


def test_multi_row_edit_is_one_step(workspace, raid) -> None:
    second = add(workspace, "risk", raid["project"])
    command = CompositeCommand(
        "Edit status of 2 rows",
        [
            EditRecord("risk", raid["project"], raid["risk"], {"status": "monitoring"}),
            EditRecord("risk", raid["project"], second, {"status": "monitoring"}),
        ],
    )
    check_undo_redo(workspace, command)


@pytest.mark.parametrize(
    ("key", "changes", "message"),
    [
        ("risk", {"probability": 7}, "Probability must be between 1 and 5"),
        ("risk", {"impact": "high"}, "Impact: 'high' is not a whole number"),
        ("risk", {"title": "  "}, "Title cannot be empty"),
        ("risk", {"response": "exploit"}, "Response: 'exploit' is not one of avoid"),
        ("risk", {"status": "done"}, "Status: 'done' is not one of"),
        ("risk", {"cost_impact": "lots"}, "not an amount of money"),
        ("issue", {"due": "31.12.2026"}, "Due: '31.12.2026' is not a date"),
        ("change", {"itil_class": "major"}, "ITIL class"),
    ],
)
def test_bad_values_are_refused_with_the_field_named(
    workspace, raid, key: str, changes: dict, message: str
) -> None:
    before = dump(workspace)
    with pytest.raises(RaidEditError, match=message):
        EditRecord(key, raid["project"], raid[key], changes).apply(workspace)
    assert dump(workspace) == before


def test_reference_fields_link_an_issue_to_a_risk_and_a_decision_to_a_change(
    workspace, raid
) -> None:
    check_undo_redo(
        workspace, EditRecord("issue", raid["project"], raid["issue"], {"risk_id": raid["risk"]})
    )
    check_undo_redo(
        workspace,
        EditRecord("decision", raid["project"], raid["decision"], {"change_id": raid["change"]}),
    )
    with pytest.raises(RaidEditError, match="Risk: there is no such risk"):
        EditRecord("issue", raid["project"], raid["issue"], {"risk_id": 9999}).apply(workspace)


def test_edit_risk_settings(workspace, raid) -> None:
    from infradesk.services.risks import scoring as rs
    from infradesk.services.risks.actions import EditRiskSettings

    settings = rs.ScoringSettings(low_max=2, medium_max=6, high_max=12, categories=("a", "b"))
    command = EditRiskSettings(raid["project"], settings)
    command.apply(workspace)
    with workspace.session() as session:
        assert rs.load_settings(session, raid["project"]) == settings
    command.revert(workspace)
    with workspace.session() as session:
        assert rs.load_settings(session, raid["project"]) == rs.DEFAULT_SETTINGS
