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
from infradesk.model.risk import Risk
from infradesk.model.status import StatusUpdate
from infradesk.model.vendor import Contract, Deliverable, Vendor

__all__ = [
    "Base",
    "Baseline",
    "BaselineTask",
    "Calendar",
    "CalendarDay",
    "Contract",
    "Deliverable",
    "Dependency",
    "FreezeWindow",
    "Project",
    "Risk",
    "StatusUpdate",
    "Task",
    "Vendor",
]
