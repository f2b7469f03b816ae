"""The close gate from the Gantt's % cell: refused with the open items named (the typed value
kept), "Close anyway" logs a decision, and one undo removes the completion and the decision."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from infradesk.model import Decision, Task
from infradesk.services.governance import handover as h
from infradesk.services.governance.close_gate import OVERRIDE_TITLE, CloseOverride
from infradesk.ui.gantt.outline_model import COLUMN_KEYS
from tests.ui.gantt.conftest import gantt, plan_ids

__all__ = ["gantt", "plan_ids"]


def percent_cell(tab, name: str):
    row = tab.model.outline.name.index(name)
    return tab.model.index(tab.model.view_rows.index(row), COLUMN_KEYS.index("percent"))


def state(workspace, task_id) -> tuple[float, list[str]]:
    with workspace.session() as s:
        percent = s.scalar(select(Task.percent_complete).where(Task.id == task_id))
        logged = list(s.scalars(select(Decision.code).where(Decision.title == OVERRIDE_TITLE)))
    return percent, logged


def test_the_percent_cell_is_refused_then_closed_anyway_and_undone(
    gantt, workspace, plan_ids
) -> None:
    pid, approve = plan_ids["project"], plan_ids["Approve"]  # the only (so latest) milestone
    h.ApplyTemplate(pid).apply(workspace)
    asked: list[str] = []

    def cancel(refusal):
        asked.append(str(refusal))
        return None

    gantt.context.ask_close_override = cancel
    refusals: list[str] = []
    gantt.model.editRefused.connect(refusals.append)
    assert gantt.model.setData(percent_cell(gantt, "Approve"), "100") is False
    assert refusals and refusals[0].startswith("Handover: 11 acceptance items are open: OA-001")
    assert "OA-002 Monitoring live" in refusals[0]
    assert asked == refusals  # the PM was offered to close anyway, and cancelled
    assert state(workspace, approve) == (0, [])
    assert gantt.context.undo_stack.count() == 0

    gantt.context.ask_close_override = lambda refusal: CloseOverride(
        "Sponsor accepts; ops sign-off next week", "Pat Manager"
    )
    assert gantt.model.setData(percent_cell(gantt, "Approve"), "100") is True
    percent, logged = state(workspace, approve)
    assert percent == 100 and len(logged) == 1
    with workspace.session() as s:
        decision = s.scalar(select(Decision).where(Decision.code == logged[0]))
        assert (decision.decided_by, decision.decided_on) == ("Pat Manager", date.today())
        assert "Sponsor accepts" in decision.rationale and "OA-011" in decision.rationale
    assert gantt.model.outline.percent[gantt.model.outline.name.index("Approve")] == 100

    assert gantt.context.undo()  # one step: the completion and the decision
    assert state(workspace, approve) == (0, [])
    assert gantt.context.redo()
    assert state(workspace, approve)[0] == 100
