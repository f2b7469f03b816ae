"""Handover to operations: the template (default, edit, undo), the checklist made from it
(idempotent), sign-off and its undo, the close gate on every command path with the logged
override, and the vendor contracts fed to the support item."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select, update

from infradesk.errors import UserError
from infradesk.model import Contract, Decision, HandoverItem, HandoverTemplateItem, Task, Vendor
from infradesk.services.governance import handover as h
from infradesk.services.governance.close_gate import (
    OVERRIDE_TITLE,
    CloseOverride,
    HandoverGateError,
    close_task_id,
    guarded,
)
from infradesk.services.plan.field_edits import UpdateTask
from infradesk.services.plan.outline_edits import InsertTask
from infradesk.services.plan.progress_edits import (
    MarkDoneAsPlanned,
    SetActualDates,
    SetPercentComplete,
)
from infradesk.services.risks.commands import EditRecord
from tests.services.plan.task_plan import dump, plan

__all__ = ["plan"]


@pytest.fixture
def closing(workspace, plan):
    """The small plan with two milestones after D: 'Go-live' then 'Project closed' (the
    latest, so the close milestone by default)."""
    pid, ids = plan
    for name, after in (("Go-live", "D"), ("Project closed", "Go-live")):
        command = InsertTask(pid, ids[after], name, 0)
        command.apply(workspace)
        ids[name] = command.task_id
    with workspace.session() as s:
        s.execute(
            update(Task)
            .where(Task.id.in_([ids["Go-live"], ids["Project closed"]]))
            .values(milestone=True)
        )
    UpdateTask(pid, ids["Project closed"], {"duration_minutes": 0}).apply(workspace)
    return pid, ids


def items(workspace, pid) -> list[tuple[str, str, str, str]]:
    with workspace.session() as s:
        return [
            tuple(r)
            for r in s.execute(
                select(
                    HandoverItem.code,
                    HandoverItem.title,
                    HandoverItem.status,
                    HandoverItem.signed_off_by,
                )
                .where(HandoverItem.project_id == pid)
                .order_by(HandoverItem.position)
            )
        ]


def task_done(workspace, task_id) -> bool:
    with workspace.session() as s:
        t = s.get(Task, task_id)
        return t.percent_complete >= 100 or t.actual_finish is not None


def decisions(workspace, pid) -> list[Decision]:
    with workspace.session() as s:
        rows = list(s.scalars(select(Decision).where(Decision.project_id == pid)))
        s.expunge_all()
        return rows


# ------------------------------------------------------------------------------ template
def test_the_default_template_applies_until_the_pm_edits_it(workspace) -> None:
    with workspace.session() as s:
        lines = h.load_template(s)
        assert h.template_is_default(s)
    titles = [line.title for line in lines]
    assert titles[0] == "Runbooks tested by operations"
    assert "Support contracts and SLAs in place" in titles
    assert "Knowledge transfer sessions held" in titles
    assert len(titles) == 11
    assert all(line.category and line.hint for line in lines)


def test_editing_the_template_is_one_undoable_step(workspace) -> None:
    with workspace.session() as s:
        lines = h.load_template(s)
    edited = [lines[1], lines[0], h.TemplateLine("Security", "Pen test passed", "Report")]
    command = h.SetTemplate(edited)
    command.apply(workspace)
    with workspace.session() as s:
        assert [x.title for x in h.load_template(s)] == [
            "Monitoring live",
            "Runbooks tested by operations",
            "Pen test passed",
        ]
        assert not h.template_is_default(s)
    command.revert(workspace)
    with workspace.session() as s:
        assert h.template_is_default(s)
        assert s.scalar(select(HandoverTemplateItem.id)) is None
    command.apply(workspace)
    with workspace.session() as s:
        assert len(h.load_template(s)) == 3


def test_a_template_line_without_title_or_twice_is_refused(workspace) -> None:
    with pytest.raises(UserError, match="line 2: the item needs a title"):
        h.SetTemplate([h.TemplateLine("A", "One"), h.TemplateLine("A", "  ")])
    with pytest.raises(UserError, match="line 2: 'one' is already line 1"):
        h.SetTemplate([h.TemplateLine("A", "One"), h.TemplateLine("A", "one")])


# ------------------------------------------------------------------------------ checklist
def test_create_from_template_is_idempotent_and_undoable(workspace, plan) -> None:
    pid, _ids = plan
    command = h.ApplyTemplate(pid)
    command.apply(workspace)
    made = items(workspace, pid)
    assert [m[0] for m in made[:3]] == ["OA-001", "OA-002", "OA-003"]
    assert made[1][1:3] == ("Monitoring live", "open")
    assert len(made) == 11
    with pytest.raises(UserError, match="already holds every item"):
        h.ApplyTemplate(pid).apply(workspace)
    assert len(items(workspace, pid)) == 11
    # a new template line is added once, after the others
    with workspace.session() as s:
        lines = h.load_template(s)
    h.SetTemplate([*lines, h.TemplateLine("Security", "Pen test passed")]).apply(workspace)
    h.ApplyTemplate(pid).apply(workspace)
    assert items(workspace, pid)[-1][:2] == ("OA-012", "Pen test passed")
    with workspace.session() as s:
        notes = s.scalar(select(HandoverItem.notes).where(HandoverItem.code == "OA-002"))
    assert notes.startswith("Evidence expected: ")


def test_undo_of_create_removes_the_items(workspace, plan) -> None:
    pid, _ids = plan
    command = h.ApplyTemplate(pid)
    command.apply(workspace)
    command.revert(workspace)
    assert items(workspace, pid) == []


def test_sign_off_marks_done_and_undo_restores(workspace, plan) -> None:
    pid, _ids = plan
    h.ApplyTemplate(pid).apply(workspace)
    with workspace.session() as s:
        first, second = s.scalars(
            select(HandoverItem.id).order_by(HandoverItem.position).limit(2)
        ).all()
    command = h.SignOff(pid, [first, second], "Olivia Ops", on=date(2026, 6, 1))
    command.apply(workspace)
    with workspace.session() as s:
        item = s.get(HandoverItem, first)
        assert (item.status, item.signed_off_by, item.signed_off_on) == (
            "done",
            "Olivia Ops",
            date(2026, 6, 1),
        )
    command.revert(workspace)
    with workspace.session() as s:
        item = s.get(HandoverItem, second)
        assert (item.status, item.signed_off_by, item.signed_off_on) == ("open", "", None)
    with pytest.raises(UserError, match="give the name"):
        h.SignOff(pid, [first], "  ")


def test_done_without_a_sign_off_is_refused(workspace, plan) -> None:
    pid, _ids = plan
    h.ApplyTemplate(pid).apply(workspace)
    with workspace.session() as s:
        item_id = s.scalar(select(HandoverItem.id).where(HandoverItem.code == "OA-002"))
    with pytest.raises(UserError, match="OA-002 Monitoring live: an item is done when"):
        h.EditHandoverItem(pid, item_id, {"status": "done"}).apply(workspace)
    assert items(workspace, pid)[1][2] == "open"
    h.EditHandoverItem(pid, item_id, {"status": "not applicable"}).apply(workspace)
    h.EditHandoverItem(pid, item_id, {"status": "done", "signed_off_by": "Sam"}).apply(workspace)
    with workspace.session() as s:
        assert s.get(HandoverItem, item_id).signed_off_on == date.today()


# ------------------------------------------------------------------------------ close gate
def test_close_milestone_is_the_chosen_task_or_the_latest_milestone(workspace, closing) -> None:
    pid, ids = closing
    with workspace.session() as s:
        assert close_task_id(s, pid) == ids["Project closed"]
    command = h.SetCloseTask(pid, ids["Go-live"])
    command.apply(workspace)
    with workspace.session() as s:
        assert close_task_id(s, pid) == ids["Go-live"]
        state = h.load_state(s, pid)
    assert (state.close_task_name, state.close_chosen) == ("Go-live", True)
    command.revert(workspace)
    with workspace.session() as s:
        assert close_task_id(s, pid) == ids["Project closed"]
    with pytest.raises(UserError, match="must be a task of this project"):
        h.SetCloseTask(pid, 99999).apply(workspace)


@pytest.mark.parametrize(
    "make",
    [
        lambda pid, t: SetPercentComplete(pid, [t], 100),
        lambda pid, t: MarkDoneAsPlanned(pid, [t]),
        lambda pid, t: SetActualDates(pid, t, None, datetime(2026, 3, 9, 17)),
        lambda pid, t: UpdateTask(pid, t, {"percent_complete": 100.0}),
    ],
    ids=["percent", "done-as-planned", "actual-finish", "task-field"],
)
def test_the_gate_refuses_to_close_while_items_are_open(workspace, closing, make) -> None:
    pid, ids = closing
    h.ApplyTemplate(pid).apply(workspace)
    before = dump(workspace)
    with pytest.raises(HandoverGateError) as refused:
        make(pid, ids["Project closed"]).apply(workspace)
    message = str(refused.value)
    assert message.startswith("Handover: 11 acceptance items are open: OA-001 Runbooks tested")
    assert "OA-002 Monitoring live" in message and "and 5 more" in message
    assert "'Project closed'" in message
    assert dump(workspace) == before  # nothing changed
    assert not task_done(workspace, ids["Project closed"])
    # another milestone is not gated
    make(pid, ids["Go-live"]).apply(workspace)
    assert task_done(workspace, ids["Go-live"])


def test_the_gate_opens_when_every_item_is_closed(workspace, closing) -> None:
    pid, ids = closing
    h.ApplyTemplate(pid).apply(workspace)
    with workspace.session() as s:
        all_ids = list(s.scalars(select(HandoverItem.id).where(HandoverItem.project_id == pid)))
    h.SignOff(pid, all_ids[:-1], "Olivia").apply(workspace)
    with pytest.raises(HandoverGateError, match="1 acceptance item is open: OA-011"):
        SetPercentComplete(pid, [ids["Project closed"]], 100).apply(workspace)
    EditRecord("handover_item", pid, all_ids[-1], {"status": "not applicable"}).apply(workspace)
    SetPercentComplete(pid, [ids["Project closed"]], 100).apply(workspace)
    assert task_done(workspace, ids["Project closed"])
    with workspace.session() as s:
        assert h.load_state(s, pid).close_done


def test_close_anyway_logs_a_decision_and_undo_removes_both(workspace, closing) -> None:
    pid, ids = closing
    h.ApplyTemplate(pid).apply(workspace)
    before = dump(workspace)
    command = SetPercentComplete(pid, [ids["Project closed"]], 100)
    command.close_override = CloseOverride(
        "Sponsor accepts the open items", "Pat Manager", date(2026, 6, 30)
    )
    command.apply(workspace)
    assert task_done(workspace, ids["Project closed"])
    [decision] = [d for d in decisions(workspace, pid) if d.title == OVERRIDE_TITLE]
    assert decision.code.startswith("D-")
    assert (decision.decided_by, decision.decided_on) == ("Pat Manager", date(2026, 6, 30))
    assert decision.rationale.startswith("Sponsor accepts the open items")
    assert "- OA-002 Monitoring live" in decision.rationale
    assert "- OA-011 Knowledge transfer sessions held" in decision.rationale
    command.revert(workspace)
    assert dump(workspace) == before
    assert not [d for d in decisions(workspace, pid) if d.title == OVERRIDE_TITLE]
    command.apply(workspace)  # redo: both again
    assert task_done(workspace, ids["Project closed"])
    assert [d.code for d in decisions(workspace, pid)] == [decision.code]


def test_close_anyway_needs_a_reason_and_a_name(workspace, closing) -> None:
    pid, ids = closing
    h.ApplyTemplate(pid).apply(workspace)
    command = SetPercentComplete(pid, [ids["Project closed"]], 100)
    command.close_override = CloseOverride("  ", "Pat")
    with pytest.raises(UserError, match="give the reason"):
        command.apply(workspace)
    assert not task_done(workspace, ids["Project closed"])


def test_no_checklist_no_gate(workspace, closing) -> None:
    pid, ids = closing
    SetPercentComplete(pid, [ids["Project closed"]], 100).apply(workspace)
    assert task_done(workspace, ids["Project closed"])


def test_the_guard_refuses_writes_made_outside_a_command(workspace, closing) -> None:
    pid, ids = closing
    h.ApplyTemplate(pid).apply(workspace)
    with pytest.raises(HandoverGateError), workspace.session() as s, guarded(s, pid):
        s.execute(
            update(Task).where(Task.id == ids["Project closed"]).values(percent_complete=100.0)
        )
    assert not task_done(workspace, ids["Project closed"])


# ------------------------------------------------------------------------------ vendors
def test_support_item_shows_contracts_flagging_no_sla_and_early_end(workspace, closing) -> None:
    pid, _ids = closing
    h.ApplyTemplate(pid).apply(workspace)
    with workspace.session() as s:
        vendor = Vendor(project_id=pid, name="Acme Networks")
        s.add(vendor)
        s.flush()
        s.add_all(
            [
                Contract(
                    vendor_id=vendor.id,
                    number="C-1",
                    title="Support",
                    end=date(2027, 12, 31),
                    sla_availability=Decimal("99.9"),
                    sla_response="4 h",
                ),
                Contract(
                    vendor_id=vendor.id, number="C-2", title="Licences", end=date(2027, 12, 31)
                ),
                Contract(
                    vendor_id=vendor.id,
                    number="C-3",
                    title="Hardware care",
                    end=date(2026, 6, 15),
                    sla_resolution="NBD",
                ),
            ]
        )
        s.execute(
            update(HandoverItem)
            .where(HandoverItem.project_id == pid, HandoverItem.title.like("Early-life%"))
            .values(evidence="Agreed: 2026-05-04 to 2026-06-26, staffed by the project team")
        )
    with workspace.session() as s:
        feed = h.support_feed(s, pid)
    assert feed.early_life_end == date(2026, 6, 26)
    by_number = {c.number: c for c in feed.contracts}
    assert by_number["C-1"].sla == "99.9 % · response 4 h"
    assert by_number["C-1"].warnings == ()
    assert by_number["C-2"].warnings == ("no SLA",)
    assert by_number["C-3"].warnings == (
        "ends 2026-06-15, before the early-life support end 2026-06-26",
    )
    assert feed.flagged == 2
    assert h.is_support_item("Support contracts and SLAs in place")
    assert not h.is_support_item("Monitoring live")
