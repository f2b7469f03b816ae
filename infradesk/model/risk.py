"""The RAID log: risks (with actions, history and task links), issues, assumptions, external
dependencies, decisions and change requests.

Every table has an integer ``id`` so that ``services.snapshot`` can undo deletes generically.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from infradesk.model.base import Base, Versioned


class Risk(Versioned, Base):
    """A threat or opportunity with probability and impact on a 1-5 scale (PRINCE2 / PMBOK)."""

    __tablename__ = "risk"
    __table_args__ = (UniqueConstraint("project_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(20))  # R-001, stable
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(String(50), default="technical")
    owner: Mapped[str] = mapped_column(String(200), default="")
    probability: Mapped[int] = mapped_column(Integer, default=3)
    impact: Mapped[int] = mapped_column(Integer, default=3)
    response: Mapped[str] = mapped_column(String(20), default="mitigate")
    mitigation: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(30), default="identified")
    raised: Mapped[date | None] = mapped_column(Date, default=None)
    # Added by 0003_risks
    kind: Mapped[str] = mapped_column(String(20), default="threat")  # threat | opportunity
    cause: Mapped[str] = mapped_column(Text, default="")
    event: Mapped[str] = mapped_column(Text, default="")
    effect: Mapped[str] = mapped_column(Text, default="")
    proximity: Mapped[date | None] = mapped_column(Date, default=None)
    cost_impact: Mapped[Decimal] = mapped_column(Numeric(14, 2), default=Decimal("0"))
    schedule_impact_days: Mapped[int] = mapped_column(Integer, default=0)
    contingency: Mapped[str] = mapped_column(Text, default="")
    trigger: Mapped[str] = mapped_column(Text, default="")
    residual_probability: Mapped[int] = mapped_column(Integer, default=0)  # 0 = not assessed
    residual_impact: Mapped[int] = mapped_column(Integer, default=0)
    next_review: Mapped[date | None] = mapped_column(Date, default=None)

    @property
    def score(self) -> int:
        return self.probability * self.impact

    @property
    def residual_score(self) -> int:
        return self.residual_probability * self.residual_impact


class RiskAction(Versioned, Base):
    """One response action of a risk."""

    __tablename__ = "risk_action"

    id: Mapped[int] = mapped_column(primary_key=True)
    risk_id: Mapped[int] = mapped_column(ForeignKey("risk.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    description: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(String(200), default="")
    due: Mapped[date | None] = mapped_column(Date, default=None)
    done: Mapped[bool] = mapped_column(Boolean, default=False)


class RiskHistory(Versioned, Base):
    """The state of a risk's scores and status from ``changed_on`` (one row per change)."""

    __tablename__ = "risk_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    risk_id: Mapped[int] = mapped_column(ForeignKey("risk.id", ondelete="CASCADE"), index=True)
    changed_on: Mapped[date] = mapped_column(Date)
    probability: Mapped[int] = mapped_column(Integer)
    impact: Mapped[int] = mapped_column(Integer)
    residual_probability: Mapped[int] = mapped_column(Integer, default=0)
    residual_impact: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(30))
    note: Mapped[str] = mapped_column(String(500), default="")

    @property
    def score(self) -> int:
        return self.probability * self.impact


class RiskTask(Versioned, Base):
    """A task a risk threatens (or helps)."""

    __tablename__ = "risk_task"
    __table_args__ = (UniqueConstraint("risk_id", "task_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    risk_id: Mapped[int] = mapped_column(ForeignKey("risk.id", ondelete="CASCADE"), index=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), index=True)


class Issue(Versioned, Base):
    """Something that has happened and needs resolving (possibly an occurred risk)."""

    __tablename__ = "issue"
    __table_args__ = (UniqueConstraint("project_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(20))  # I-001
    title: Mapped[str] = mapped_column(String(500))  # the problem statement
    description: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(String(50), default="technical")
    priority: Mapped[str] = mapped_column(String(20), default="medium")
    severity: Mapped[str] = mapped_column(String(20), default="moderate")
    owner: Mapped[str] = mapped_column(String(200), default="")
    raised: Mapped[date | None] = mapped_column(Date, default=None)
    due: Mapped[date | None] = mapped_column(Date, default=None)
    status: Mapped[str] = mapped_column(String(30), default="open")
    resolution: Mapped[str] = mapped_column(Text, default="")
    resolved: Mapped[date | None] = mapped_column(Date, default=None)
    risk_id: Mapped[int | None] = mapped_column(
        ForeignKey("risk.id", ondelete="SET NULL"), index=True, default=None
    )


class IssueTask(Versioned, Base):
    __tablename__ = "issue_task"
    __table_args__ = (UniqueConstraint("issue_id", "task_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(ForeignKey("issue.id", ondelete="CASCADE"), index=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), index=True)


class Assumption(Versioned, Base):
    __tablename__ = "assumption"
    __table_args__ = (UniqueConstraint("project_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(500))  # the statement
    rationale: Mapped[str] = mapped_column(Text, default="")
    validate_by: Mapped[date | None] = mapped_column(Date, default=None)
    owner: Mapped[str] = mapped_column(String(200), default="")
    impact_if_false: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(30), default="open")


class ExternalDependency(Versioned, Base):
    """The D of RAID: something the project needs from outside its plan (another team, a
    vendor, the client) by a date. Not a link between tasks (``Dependency``); added by
    migration 0010."""

    __tablename__ = "external_dependency"
    __table_args__ = (UniqueConstraint("project_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(20))  # DEP-001 (imported codes kept: D-001)
    title: Mapped[str] = mapped_column(String(500))  # what is needed
    dependency_type: Mapped[str] = mapped_column(String(20), default="external")
    dependent_on: Mapped[str] = mapped_column(Text, default="")  # the work that waits for it
    external_party: Mapped[str] = mapped_column(String(200), default="")  # who delivers it
    owner: Mapped[str] = mapped_column(String(200), default="")  # who chases it
    required_by: Mapped[date | None] = mapped_column(Date, default=None)
    status: Mapped[str] = mapped_column(String(30), default="open")
    impact_if_late: Mapped[str] = mapped_column(Text, default="")
    mitigation: Mapped[str] = mapped_column(Text, default="")
    remarks: Mapped[str] = mapped_column(Text, default="")


class ChangeRequest(Versioned, Base):
    """A request to change scope, schedule or budget (with ITIL fields for production)."""

    __tablename__ = "change_request"
    __table_args__ = (UniqueConstraint("project_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(20))  # CR-001
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    change_type: Mapped[str] = mapped_column(String(20), default="scope")
    requested_by: Mapped[str] = mapped_column(String(200), default="")
    requested: Mapped[date | None] = mapped_column(Date, default=None)
    schedule_impact_days: Mapped[int] = mapped_column(Integer, default=0)
    cost_impact: Mapped[Decimal] = mapped_column(Numeric(14, 2), default=Decimal("0"))
    status: Mapped[str] = mapped_column(String(30), default="submitted")
    decision_date: Mapped[date | None] = mapped_column(Date, default=None)
    approver: Mapped[str] = mapped_column(String(200), default="")
    itil_class: Mapped[str] = mapped_column(String(20), default="")  # standard/normal/emergency
    cab_date: Mapped[date | None] = mapped_column(Date, default=None)
    # issue 20: what a CAB asks for, the window the change is scheduled in (naive local,
    # like the plan), the services it touches (comma list) and who implements it
    cab_required: Mapped[bool] = mapped_column(Boolean, default=False)
    cab_outcome: Mapped[str] = mapped_column(String(30), default="")  # CAB_OUTCOMES
    implementation_plan: Mapped[str] = mapped_column(Text, default="")
    backout_plan: Mapped[str] = mapped_column(Text, default="")
    test_plan: Mapped[str] = mapped_column(Text, default="")
    risk_analysis: Mapped[str] = mapped_column(Text, default="")  # risk and impact analysis
    window_start: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    window_finish: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    services: Mapped[str] = mapped_column(Text, default="")
    implementer: Mapped[str] = mapped_column(String(200), default="")
    task_id: Mapped[int | None] = mapped_column(
        ForeignKey("task.id", ondelete="SET NULL"), default=None
    )
    baseline_id: Mapped[int | None] = mapped_column(
        ForeignKey("baseline.id", ondelete="SET NULL"), default=None
    )


class ChangeRisk(Versioned, Base):
    __tablename__ = "change_risk"
    __table_args__ = (UniqueConstraint("change_id", "risk_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    change_id: Mapped[int] = mapped_column(
        ForeignKey("change_request.id", ondelete="CASCADE"), index=True
    )
    risk_id: Mapped[int] = mapped_column(ForeignKey("risk.id", ondelete="CASCADE"), index=True)


class ChangeIssue(Versioned, Base):
    __tablename__ = "change_issue"
    __table_args__ = (UniqueConstraint("change_id", "issue_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    change_id: Mapped[int] = mapped_column(
        ForeignKey("change_request.id", ondelete="CASCADE"), index=True
    )
    issue_id: Mapped[int] = mapped_column(ForeignKey("issue.id", ondelete="CASCADE"), index=True)


class Decision(Versioned, Base):
    __tablename__ = "decision"
    __table_args__ = (UniqueConstraint("project_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(20))  # D-001
    title: Mapped[str] = mapped_column(String(500))  # the decision
    decided_on: Mapped[date | None] = mapped_column(Date, default=None)
    decided_by: Mapped[str] = mapped_column(String(200), default="")
    rationale: Mapped[str] = mapped_column(Text, default="")
    change_id: Mapped[int | None] = mapped_column(
        ForeignKey("change_request.id", ondelete="SET NULL"), index=True, default=None
    )
    # issue 20: a decision not yet taken (no ``decided_on``) is needed from ``decided_by`` by
    # ``needed_by``; ``meeting_id`` the meeting that took (or will take) it
    needed_by: Mapped[date | None] = mapped_column(Date, default=None)
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting.id", ondelete="SET NULL"), index=True, default=None
    )


class RiskSettings(Versioned, Base):
    """Per-project scoring settings: band limits, probability percentages, categories."""

    __tablename__ = "risk_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), unique=True
    )
    low_max: Mapped[int] = mapped_column(Integer, default=4)
    medium_max: Mapped[int] = mapped_column(Integer, default=9)
    high_max: Mapped[int] = mapped_column(Integer, default=15)
    probability_percents: Mapped[str] = mapped_column(String(50), default="10,30,50,70,90")
    categories: Mapped[str] = mapped_column(Text, default="")  # comma-separated; "" = defaults
