"""SQLAlchemy 2 typed models of a workspace. Importing this package registers every table."""

from infradesk.model.base import Base
from infradesk.model.project import (
    Baseline,
    BaselineTask,
    Calendar,
    CalendarDay,
    Dependency,
    FreezeWindow,
    Project,
    Task,
)
from infradesk.model.risk import (
    Assumption,
    ChangeIssue,
    ChangeRequest,
    ChangeRisk,
    Decision,
    Issue,
    IssueTask,
    Risk,
    RiskAction,
    RiskHistory,
    RiskSettings,
    RiskTask,
)
from infradesk.model.status import StatusUpdate
from infradesk.model.vendor import (
    BudgetLine,
    Contact,
    Contract,
    Deliverable,
    PurchaseOrder,
    Vendor,
    VendorScore,
)

__all__ = [
    "Assumption",
    "Base",
    "Baseline",
    "BaselineTask",
    "BudgetLine",
    "Calendar",
    "CalendarDay",
    "ChangeIssue",
    "ChangeRequest",
    "ChangeRisk",
    "Contact",
    "Contract",
    "Decision",
    "Deliverable",
    "Dependency",
    "FreezeWindow",
    "Issue",
    "IssueTask",
    "Project",
    "PurchaseOrder",
    "Risk",
    "RiskAction",
    "RiskHistory",
    "RiskSettings",
    "RiskTask",
    "StatusUpdate",
    "Task",
    "Vendor",
    "VendorScore",
]
