"""Risk and change workflows that touch several records in one undo step:
a risk that occurred becomes an issue; approving a change can save a baseline."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from infradesk.model import (
    Baseline,
    ChangeRequest,
    Decision,
    Issue,
    IssueTask,
    Risk,
    RiskHistory,
    RiskSettings,
    RiskTask,
)
from infradesk.services.commands import ProjectCommand
from infradesk.services.plan.baselines import chosen_baseline_ids, restore_choice, save_baseline
from infradesk.services.risks import scoring as rs
from infradesk.services.risks.commands import next_code, record_history
from infradesk.services.risks.fields import DECISION, ISSUE, RaidEditError
from infradesk.services.snapshot import delete_rows, table_of

_BAND_PRIORITY = {"critical": "critical", "high": "high", "medium": "medium", "low": "low"}


class RiskOccurred(ProjectCommand):
    """Mark a risk as occurred and open a linked issue (same owner, category, tasks)."""

    affects: ClassVar[frozenset[str]] = frozenset({"risks", "tasks"})
    text = "Risk occurred → issue"

    def __init__(self, project_id: int, risk_id: int, on: date | None = None) -> None:
        self.project_id = project_id
        self.risk_id = risk_id
        self.on = on
        self.old_status = ""
        self.issue_id: int | None = None
        self.issue_code = ""
        self.history_id: int | None = None

    def do(self, session: Session) -> None:
        risk = session.get(Risk, self.risk_id)
        if risk is None:
            raise RaidEditError("That risk no longer exists.")
        if risk.status == "occurred":
            raise RaidEditError(f"{risk.code} has already occurred.")
        on = self.on or date.today()
        self.old_status = risk.status
        risk.status = "occurred"
        session.flush()
        self.history_id = record_history(
            session, risk, on, f"status {self.old_status} → occurred"
        ).id
        band = rs.load_settings(session, self.project_id).band(risk.score)
        self.issue_code = self.issue_code or next_code(session, ISSUE, self.project_id)
        parts = [f"Risk {risk.code} occurred: {risk.event or risk.title}"]
        if risk.effect:
            parts.append(f"Effect: {risk.effect}")
        if risk.contingency:
            parts.append(f"Contingency plan: {risk.contingency}")
        issue = Issue(
            project_id=self.project_id,
            code=self.issue_code,
            title=risk.title,
            description="\n".join(parts),
            category=risk.category,
            priority=_BAND_PRIORITY.get(band, "medium"),
            severity="major" if risk.impact >= 4 else "moderate",
            owner=risk.owner,
            raised=on,
            status="open",
            resolution="",
            risk_id=risk.id,
        )
        if self.issue_id is not None:
            issue.id = self.issue_id
        session.add(issue)
        session.flush()
        self.issue_id = issue.id
        for task_id in session.scalars(select(RiskTask.task_id).where(RiskTask.risk_id == risk.id)):
            session.add(IssueTask(issue_id=issue.id, task_id=task_id))
        session.flush()

    def undo(self, session: Session) -> None:
        assert self.issue_id is not None
        delete_rows(session, table_of(Issue), {self.issue_id})
        if self.history_id is not None:
            session.execute(delete(RiskHistory).where(RiskHistory.id == self.history_id))
        risk = session.get(Risk, self.risk_id)
        assert risk is not None
        risk.status = self.old_status
        session.flush()


def _copy_plan_to_baseline(session: Session, project_id: int, name: str) -> int:
    """Save the plan's current dates as a new baseline, the one the plan is compared with
    from now on (the earlier baselines are kept), and return its id."""
    return save_baseline(session, project_id, name).id


class ApproveChange(ProjectCommand):
    """Approve a change request; optionally log the decision and save a new baseline (which
    becomes the current one; undo gives the comparison back to the one before)."""

    affects: ClassVar[frozenset[str]] = frozenset({"risks", "baselines"})
    text = "Approve change request"

    def __init__(
        self,
        project_id: int,
        change_id: int,
        approver: str,
        on: date | None = None,
        baseline_name: str | None = None,
        log_decision: bool = True,
    ) -> None:
        self.project_id = project_id
        self.change_id = change_id
        self.approver = approver.strip()
        self.on = on
        self.baseline_name = (baseline_name or "").strip() or None
        self.log_decision = log_decision
        self.old: dict[str, Any] = {}
        self.baseline_id: int | None = None
        self.chosen_before: list[int] = []
        self.decision_id: int | None = None

    def do(self, session: Session) -> None:
        change = session.get(ChangeRequest, self.change_id)
        if change is None:
            raise RaidEditError("That change request no longer exists.")
        if change.status in ("approved", "implemented"):
            raise RaidEditError(f"{change.code} is already {change.status}.")
        if self.baseline_name and session.scalar(
            select(Baseline.id).where(
                Baseline.project_id == self.project_id, Baseline.name == self.baseline_name
            )
        ):
            raise RaidEditError(f"A baseline named '{self.baseline_name}' already exists.")
        on = self.on or date.today()
        self.old = {
            "status": change.status,
            "decision_date": change.decision_date,
            "approver": change.approver,
            "baseline_id": change.baseline_id,
        }
        change.status = "approved"
        change.decision_date = on
        change.approver = self.approver or change.approver
        if self.baseline_name:
            self.chosen_before = chosen_baseline_ids(session, self.project_id)
            self.baseline_id = _copy_plan_to_baseline(session, self.project_id, self.baseline_name)
            change.baseline_id = self.baseline_id
        if self.log_decision:
            decision = Decision(
                project_id=self.project_id,
                code=next_code(session, DECISION, self.project_id),
                title=f"Approve {change.code}: {change.title}",
                decided_on=on,
                decided_by=change.approver,
                rationale="",
                change_id=change.id,
            )
            session.add(decision)
            session.flush()
            self.decision_id = decision.id
        session.flush()

    def undo(self, session: Session) -> None:
        change = session.get(ChangeRequest, self.change_id)
        assert change is not None
        for name, value in self.old.items():
            setattr(change, name, value)
        session.flush()
        if self.decision_id is not None:
            session.execute(delete(Decision).where(Decision.id == self.decision_id))
            self.decision_id = None
        if self.baseline_id is not None:
            delete_rows(session, table_of(Baseline), {self.baseline_id})
            self.baseline_id = None
            restore_choice(session, self.project_id, self.chosen_before)


class EditRiskSettings(ProjectCommand):
    """Change a project's band limits, probability percentages and categories."""

    affects: ClassVar[frozenset[str]] = frozenset({"risks"})
    text = "Edit risk scoring"

    def __init__(self, project_id: int, settings: rs.ScoringSettings) -> None:
        self.project_id = project_id
        self.settings = settings
        self.old: rs.ScoringSettings | None = None
        self.had_row = False

    def do(self, session: Session) -> None:
        self.had_row = (
            session.scalar(
                select(RiskSettings.id).where(RiskSettings.project_id == self.project_id)
            )
            is not None
        )
        self.old = rs.load_settings(session, self.project_id)
        rs.save_settings(session, self.project_id, self.settings)

    def undo(self, session: Session) -> None:
        assert self.old is not None
        if self.had_row:
            rs.save_settings(session, self.project_id, self.old)
        else:
            session.execute(delete(RiskSettings).where(RiskSettings.project_id == self.project_id))


__all__ = ["ApproveChange", "EditRiskSettings", "RiskOccurred"]
