"""Governance records (issue 20) through the interchange document: stored, exported back
equal, validated with located errors, undone, and updated by code."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from sqlalchemy import func, select

from infradesk.interchange.json_document import document_from_json
from infradesk.model import (
    ActionItem,
    ChangeRequest,
    ChangeWindow,
    Decision,
    HandoverTemplateItem,
    Meeting,
    Project,
    Stakeholder,
    Task,
)
from infradesk.services.documents.io import export_document, import_document
from infradesk.services.documents.plan import DocumentError
from infradesk.services.documents.update import (
    ImportDocumentCommand,
    UpdateProjectCommand,
    plan_update,
)
from infradesk.store.workspace import Workspace

SECTIONS = ("meetings", "actions", "stakeholders", "communication_plan", "handover")

PROJECT: dict[str, Any] = {
    "name": "Wave 2",
    "start": "2026-03-02T08:00",
    "tasks": [
        {"id": 1, "name": "Patch firewall", "duration": "1d"},
        {"id": 2, "name": "Go live", "duration": "0d", "milestone": True},
    ],
    "change_requests": [
        {
            "code": "CR-001",
            "title": "Firewall hotfix",
            "type": "other",
            "status": "approved",
            "requested": "2026-03-02",
            "decision_date": None,
            "cab_date": "2026-03-04",
            "itil_class": "normal",
            "cab_required": True,
            "cab_outcome": "approved with conditions",
            "window_start": "2026-03-08T02:00",
            "window_finish": "2026-03-08T06:00",
            "services": "VPN, Firewall",
            "implementer": "Lena Vogel",
            "implementation_plan": "Standby node first.",
            "backout_plan": "Fail back.",
            "test_plan": "VPN logins.",
            "risk_analysis": "Low.",
            "task": 2,
            "risks": [],
            "issues": [],
        }
    ],
    "decisions": [
        {
            "code": "D-001",
            "decision": "Patch before go-live",
            "needed_by": None,
            "date": "2026-03-04",
            "decided_by": "CAB",
            "change": "CR-001",
            "meeting": "M-001",
        },
        {
            "code": "D-002",
            "decision": "Go / no-go criteria",
            "needed_by": "2026-03-20",
            "date": None,
            "decided_by": "Catherine Dubois",
        },
    ],
    "meetings": [
        {
            "code": "M-001",
            "title": "Change Advisory Board",
            "kind": "cab",
            "held_on": "2026-03-04",
            "chair": "Henrik Larsen",
            "attendees": "Henrik Larsen, Lena Vogel",
            "minutes": "CR-001 approved with conditions.",
        }
    ],
    "actions": [
        {
            "code": "AC-001",
            "title": "Book the war room",
            "owner": "Alex Morgan",
            "raised": "2026-03-04",
            "due": "2026-03-10",
            "status": "in progress",
            "closed": None,
            "meeting": "M-001",
            "notes": "",
        },
        {
            "code": "AC-002",
            "title": "Send the minutes",
            "owner": "Alex Morgan",
            "raised": "2026-03-04",
            "due": "2026-03-05",
            "status": "done",
            "closed": "2026-03-05",
            "notes": "",
        },
    ],
    "stakeholders": [
        {
            "code": "SH-001",
            "name": "Catherine Dubois",
            "role": "CIO",
            "organisation": "Group IT",
            "power": 5,
            "interest": 4,
            "attitude": "supporter",
            "needs": "Go / no-go.",
            "contact": "c.dubois@example.com",
        }
    ],
    "communication_plan": [
        {
            "code": "COM-001",
            "content": "Weekly status report",
            "audience": "Catherine Dubois",
            "frequency": "weekly",
            "channel": "e-mail",
            "owner": "Alex Morgan",
            "status_report": True,
            "notes": "",
        }
    ],
    "handover": [
        {
            "code": "OA-01",
            "title": "Runbooks tested by operations",
            "category": "Operations",
            "owner": "Maria Santos",
            "status": "done",
            "evidence": "Rehearsal report",
            "signed_off_by": "Maria Santos",
            "signed_off_on": "2026-03-06",
            "notes": "",
        },
        {
            "code": "OA-02",
            "title": "Monitoring live",
            "category": "Monitoring",
            "owner": "Tom Becker",
            "status": "open",
            "evidence": "",
            "signed_off_by": "",
            "signed_off_on": None,
            "notes": "",
        },
    ],
    "change_windows": [
        {
            "name": "Wave 2 blackout",
            "kind": "blackout",
            "start": "2026-03-14T00:00",
            "finish": "2026-03-16T00:00",
            "services": "ERP",
            "notes": "",
        }
    ],
}
SHARED: dict[str, Any] = {
    "change_windows": [
        {
            "name": "Year-end change freeze",
            "kind": "freeze",
            "start": "2026-12-18T00:00",
            "finish": "2027-01-04T00:00",
            "services": "",
            "notes": "Emergency changes only.",
        }
    ],
    "handover_template": [
        {"category": "Operations", "title": "Runbooks tested by operations", "hint": "Signed."},
        {"category": "Support", "title": "Support contracts and SLAs in place", "hint": ""},
    ],
}


def document(project: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "format": "infradesk",
        "version": 1,
        "projects": [copy.deepcopy(project or PROJECT)],
        **copy.deepcopy(SHARED),
    }


def _count(workspace: Workspace, model: Any) -> int:
    with workspace.read_session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_governance_is_stored_and_exported_back_equal(workspace: Workspace) -> None:
    with workspace.session() as session:
        import_document(session, document())
    with workspace.read_session() as session:
        out = export_document(session, computed=False)
        change = session.scalars(select(ChangeRequest)).one()
        task_name = session.get_one(Task, change.task_id).name
        decision = session.scalars(select(Decision).where(Decision.code == "D-001")).one()
        meeting = session.get_one(Meeting, decision.meeting_id)
    project = out["projects"][0]
    for key in (*SECTIONS, "change_windows"):
        assert project[key] == PROJECT[key], key
    assert out["change_windows"] == SHARED["change_windows"]
    assert out["handover_template"] == SHARED["handover_template"]
    # references: the change names its task (document id), the decision its meeting (code)
    assert task_name == "Go live" and project["change_requests"][0]["task"] == 2
    assert meeting.code == "M-001" and project["decisions"][0]["meeting"] == "M-001"
    exported_change = project["change_requests"][0]
    for key, value in PROJECT["change_requests"][0].items():
        if key not in ("decision_date",):
            assert exported_change[key] == value, key
    pending = project["decisions"][1]
    assert pending["date"] is None and pending["needed_by"] == "2026-03-20"
    assert pending["decided_by"] == "Catherine Dubois"
    # the export imports again into an empty workspace and writes the same document
    again = document_from_json(out)
    assert again.projects[0].actions[0].meeting == "M-001"


def test_export_reimports_to_the_same_document(workspace: Workspace, tmp_path: Any) -> None:
    with workspace.session() as session:
        import_document(session, document())
    with workspace.read_session() as session:
        first = export_document(session, computed=False)
    other = Workspace.create(tmp_path / "other.infradesk")
    try:
        with other.session() as session:
            import_document(session, first)
        with other.read_session() as session:
            second = export_document(session, computed=False)
    finally:
        other.close()
    first.pop("generator"), second.pop("generator")
    assert second == first


@pytest.mark.parametrize(
    ("section", "index", "change", "message"),
    [
        ("actions", 0, {"meeting": "M-009"}, r"projects\[0\]\.actions\[0\]\.meeting: "
         r"there is no meeting 'M-009'"),
        ("decisions", 1, {"meeting": "M-7"}, r"projects\[0\]\.decisions\[1\]\.meeting: "
         r"there is no meeting 'M-7'"),
        ("actions", 1, {"status": "finished"}, r"projects\[0\]\.actions\[1\]\.status: "
         r"Status: 'finished' is not one of open, in progress, done, cancelled"),
        ("stakeholders", 0, {"power": 7}, r"projects\[0\]\.stakeholders\[0\]\.power: "
         r"Power must be between 1 and 5"),
        ("stakeholders", 0, {"attitude": "hostile"}, r"stakeholders\[0\]\.attitude: "
         r"Attitude: 'hostile' is not one of"),
        ("meetings", 0, {"kind": "party"}, r"meetings\[0\]\.kind: Type: 'party'"),
        ("communication_plan", 0, {"frequency": "hourly"}, r"communication_plan\[0\]\."
         r"frequency: Frequency: 'hourly'"),
        ("handover", 1, {"status": "half"}, r"handover\[1\]\.status: Status: 'half'"),
        ("handover", 1, {"code": "OA-01"}, r"handover\[1\]\.code: 'OA-01' is used twice"),
        ("actions", 0, {"title": ""}, r"projects\[0\]\.actions\[0\]\.title: "
         r"Action cannot be empty"),
        ("change_windows", 0, {"kind": "holiday"}, r"change_windows\[0\]\.kind: 'holiday' "
         r"is not one of freeze, blackout, maintenance, cab"),
        ("change_windows", 0, {"finish": "2026-03-13T00:00"}, r"change_windows\[0\]\.finish: "
         r"2026-03-13 00:00 is not after the start 2026-03-14 00:00"),
        ("change_requests", 0, {"task": 9}, r"change_requests\[0\]\.task: there is no task 9"),
        ("actions", 0, {"due": "next week"}, r"actions\[0\]\.due: Due: 'next week' is not a "
         r"date"),
    ],
)  # fmt: skip
def test_bad_values_are_located_and_nothing_is_written(
    workspace: Workspace, section: str, index: int, change: dict[str, Any], message: str
) -> None:
    project = copy.deepcopy(PROJECT)
    project[section][index].update(change)
    with pytest.raises(DocumentError, match=message), workspace.session() as session:
        import_document(session, document(project))
    assert _count(workspace, Project) == 0
    assert _count(workspace, ChangeWindow) == 0


def test_a_shared_window_of_bad_shape_is_located(workspace: Workspace) -> None:
    bad = document()
    bad["change_windows"][0]["start"] = None
    located = r"^change_windows\[0\]\.start is missing"
    with pytest.raises(DocumentError, match=located), workspace.session() as session:
        import_document(session, bad)


def test_undo_of_the_import_removes_the_governance_and_the_shared_rows(
    workspace: Workspace,
) -> None:
    with workspace.session() as session:  # already there: kept by the import and its undo
        session.add(HandoverTemplateItem(position=1, title="Runbooks tested by operations"))
    importing = ImportDocumentCommand(document())
    importing.apply(workspace)
    assert _count(workspace, ChangeWindow) == 2  # the project's own and the shared freeze
    assert _count(workspace, HandoverTemplateItem) == 2  # one line was already there
    with workspace.read_session() as session:
        before = export_document(session, computed=False)
    importing.revert(workspace)
    for model in (Project, Meeting, ActionItem, Stakeholder, ChangeWindow):
        assert _count(workspace, model) == 0, model
    assert _count(workspace, HandoverTemplateItem) == 1
    importing.apply(workspace)  # redo
    with workspace.read_session() as session:
        after = export_document(session, computed=False)
    before.pop("generator"), after.pop("generator")
    assert after == before


def test_a_second_import_does_not_duplicate_the_shared_calendar(workspace: Workspace) -> None:
    with workspace.session() as session:
        import_document(session, document())
        import_document(session, document())
    with workspace.read_session() as session:
        shared = session.scalar(
            select(func.count()).select_from(ChangeWindow).where(ChangeWindow.project_id.is_(None))
        )
    assert shared == 1
    assert _count(workspace, HandoverTemplateItem) == 2
    assert _count(workspace, Meeting) == 2  # each project has its own


def test_update_by_code_changes_given_fields_adds_new_records_and_undoes(
    workspace: Workspace,
) -> None:
    with workspace.session() as session:
        (project_id,) = import_document(session, document())
    data = copy.deepcopy(PROJECT)
    data["meetings"].append({"code": "M-002", "title": "Steering committee", "kind": "steering"})
    data["actions"][0].update(status="done", closed="2026-03-09", meeting="M-002")
    data["actions"].append({"title": "Order spares", "owner": "Tom Becker", "meeting": "M-002"})
    data["stakeholders"] = [{"code": "SH-001", "attitude": "champion"}]  # the rest not given
    data["decisions"][1].update(meeting="M-002")
    typed = document_from_json({"format": "infradesk", "version": 1, "projects": [data]})
    with workspace.read_session() as session:
        plan = plan_update(session, project_id, typed.projects[0])
    actions = {(c.section, c.action) for c in plan.changes}
    assert ("actions", "updated") in actions and ("actions", "new") in actions
    assert ("meetings", "new") in actions and ("stakeholders", "updated") in actions
    with workspace.read_session() as session:
        before = export_document(session, computed=False)
    command = UpdateProjectCommand(project_id, typed.projects[0])
    command.apply(workspace)
    with workspace.read_session() as session:
        stakeholder = session.scalars(select(Stakeholder)).one()
        assert (stakeholder.attitude, stakeholder.power, stakeholder.role) == (
            "champion",
            5,
            "CIO",
        )
        rows = {a.code: a for a in session.scalars(select(ActionItem))}
        meetings = {m.id: m.code for m in session.scalars(select(Meeting))}
        assert rows["AC-001"].status == "done" and meetings[rows["AC-001"].meeting_id] == "M-002"
        assert rows["AC-003"].title == "Order spares"  # numbered after the highest code
        assert meetings[rows["AC-003"].meeting_id] == "M-002"
        pending = session.scalars(select(Decision).where(Decision.code == "D-002")).one()
        assert meetings[pending.meeting_id] == "M-002"
        windows = session.scalar(
            select(func.count())
            .select_from(ChangeWindow)
            .where(ChangeWindow.project_id.is_not(None))
        )
        assert windows == 1  # the same window again is not a second one
    command.revert(workspace)
    with workspace.read_session() as session:
        after = export_document(session, computed=False)
    before.pop("generator"), after.pop("generator")
    assert after == before


def test_the_import_preview_lists_the_governance_logs() -> None:
    from infradesk.services.documents.preview import preview_records, section_counts

    typed = document_from_json(document()).projects[0]
    groups = {group.title: group for group in preview_records(typed)}
    assert {"Actions (2)", "Meetings (1)", "Stakeholders (1)", "Communication plan (1)",
            "Operational acceptance (2)"} <= set(groups)  # fmt: skip
    action = groups["Actions (2)"].records[0]
    assert (action.code, action.text) == ("AC-001", "Book the war room")
    assert action.details == "Alex Morgan · due 2026-03-10 · in progress"
    counts = {field: count for field, count, _word in section_counts(typed)}
    assert counts["actions"] == 2 and counts["handover"] == 2
