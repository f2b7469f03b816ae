"""What each RAID log holds: its fields, their kinds and how typed text becomes a value.

One description drives the table columns, the inline editors, the detail dialog, validation
and the generic create/edit/delete commands (``services.risks.commands``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from infradesk.errors import UserError
from infradesk.model import (
    ActionItem,
    Assumption,
    ChangeRequest,
    CommsItem,
    Decision,
    ExternalDependency,
    HandoverItem,
    Issue,
    Meeting,
    Risk,
    RiskAction,
    Stakeholder,
)
from infradesk.model.base import Base
from infradesk.services.risks import scoring as rs

ISSUE_PRIORITIES = ("low", "medium", "high", "critical")
ISSUE_SEVERITIES = ("minor", "moderate", "major", "severe")
ISSUE_STATUSES = ("open", "in progress", "on hold", "resolved", "closed")
CLOSED_ISSUE_STATUSES = frozenset({"resolved", "closed"})
ASSUMPTION_STATUSES = ("open", "validated", "invalid", "closed")
DEPENDENCY_TYPES = ("external", "internal")
# open -> at risk -> late while it is awaited; met (delivered) or cancelled ends it
DEPENDENCY_STATUSES = ("open", "at risk", "late", "met", "cancelled")
CLOSED_DEPENDENCY_STATUSES = frozenset({"met", "cancelled"})
CHANGE_TYPES = ("scope", "schedule", "budget", "other")
CHANGE_STATUSES = (
    "submitted",
    "evaluated",
    "pending decision",
    "approved",
    "rejected",
    "deferred",
    "implemented",
)
AWAITING_CHANGE_STATUSES = frozenset({"submitted", "evaluated", "pending decision"})
DECIDED_CHANGE_STATUSES = frozenset({"approved", "rejected", "deferred", "implemented"})
# A change request in these states has changed the project: its cost impact is in the budget
# (``services.vendors.money``), the report counts it as approved.
APPROVED_CHANGE_STATUSES = frozenset({"approved", "implemented"})
ITIL_CLASSES = ("", "standard", "normal", "emergency")
CAB_OUTCOMES = ("", "approved", "approved with conditions", "rejected", "deferred")
# issue 20: the governance logs (model.governance)
ACTION_STATUSES = ("open", "in progress", "done", "cancelled")
CLOSED_ACTION_STATUSES = frozenset({"done", "cancelled"})
MEETING_KINDS = ("status", "steering", "cab", "workshop", "handover", "other")
ATTITUDES = ("champion", "supporter", "neutral", "critic", "blocker")
FREQUENCIES = ("daily", "weekly", "fortnightly", "monthly", "per milestone", "ad hoc")
HANDOVER_STATUSES = ("open", "done", "not applicable")
CLOSED_HANDOVER_STATUSES = frozenset({"done", "not applicable"})
WINDOW_KINDS = ("freeze", "blackout", "maintenance", "cab")

# kinds: text (one line), long (multi-line), choice, category (free text with suggestions),
# level (1-5), level0 (0-5, 0 = not assessed), int, money, date, datetime (a local date-time,
# "YYYY-MM-DD HH:MM"), bool, ref (the id of a record of the log named in choices[0], or None;
# "task": a task of the project's plan)
KINDS = (
    "text",
    "long",
    "choice",
    "category",
    "level",
    "level0",
    "int",
    "money",
    "date",
    "datetime",
    "bool",
    "ref",
)


# what clears a 0-5 rating (0 = not scored / not assessed): an empty cell or a dash
_NOT_RATED = frozenset({"", "-", "–", "—"})


class RaidEditError(UserError, ValueError):
    """An edit was refused; the message names the field and says why."""


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    kind: str = "text"
    choices: tuple[str, ...] = ()
    required: bool = False


@dataclass(frozen=True)
class Entity:
    """One RAID log: its model, code prefix and fields (in dialog order)."""

    key: str
    model: type[Base]
    singular: str
    plural: str
    prefix: str  # "" for records without a code (response actions)
    parent: str  # the column tying a record to its owner: project_id or risk_id
    fields: tuple[FieldSpec, ...]

    def field(self, name: str) -> FieldSpec:
        for spec in self.fields:
            if spec.name == name:
                return spec
        raise RaidEditError(f"{self.singular}: there is no field '{name}'.")


def _f(
    name: str, label: str, kind: str = "text", choices: Sequence[str] = (), req: bool = False
) -> FieldSpec:
    return FieldSpec(name, label, kind, tuple(choices), req)


RISK = Entity(
    "risk",
    Risk,
    "Risk",
    "Risks",
    "R-",
    "project_id",
    (
        _f("title", "Title", req=True),
        _f("kind", "Type", "choice", rs.KINDS),
        _f("category", "Category", "category", rs.DEFAULT_CATEGORIES),
        _f("owner", "Owner"),
        _f("status", "Status", "choice", rs.RISK_STATUSES),
        _f("raised", "Raised", "date"),
        _f("proximity", "Proximity", "date"),
        _f("next_review", "Next review", "date"),
        _f("probability", "Probability", "level0"),  # 0 = not scored yet
        _f("impact", "Impact", "level0"),
        _f("residual_probability", "Residual P", "level0"),
        _f("residual_impact", "Residual I", "level0"),
        _f("cost_impact", "Cost impact", "money"),
        _f("schedule_impact_days", "Schedule impact (days)", "int"),
        _f("response", "Response", "choice", rs.THREAT_RESPONSES + rs.OPPORTUNITY_RESPONSES[:3]),
        _f("cause", "Cause", "long"),
        _f("event", "Event", "long"),
        _f("effect", "Effect", "long"),
        _f("description", "Notes", "long"),
        _f("mitigation", "Response plan", "long"),
        _f("contingency", "Contingency plan", "long"),
        _f("trigger", "Contingency trigger", "long"),
    ),
)

ACTION = Entity(
    "action",
    RiskAction,
    "Response action",
    "Response actions",
    "",
    "risk_id",
    (
        _f("description", "Action", req=True),
        _f("owner", "Owner"),
        _f("due", "Due", "date"),
        _f("done", "Done", "bool"),
    ),
)

ISSUE = Entity(
    "issue",
    Issue,
    "Issue",
    "Issues",
    "I-",
    "project_id",
    (
        _f("title", "Problem statement", req=True),
        _f("category", "Category", "category", rs.DEFAULT_CATEGORIES),
        _f("priority", "Priority", "choice", ISSUE_PRIORITIES),
        _f("severity", "Severity", "choice", ISSUE_SEVERITIES),
        _f("owner", "Owner"),
        _f("raised", "Raised", "date"),
        _f("due", "Due", "date"),
        _f("status", "Status", "choice", ISSUE_STATUSES),
        _f("resolved", "Resolved", "date"),
        _f("risk_id", "Risk", "ref", ("risk",)),
        _f("description", "Details", "long"),
        _f("resolution", "Resolution", "long"),
    ),
)

ASSUMPTION = Entity(
    "assumption",
    Assumption,
    "Assumption",
    "Assumptions",
    "A-",
    "project_id",
    (
        _f("title", "Statement", req=True),
        _f("owner", "Owner"),
        _f("validate_by", "Validate by", "date"),
        _f("status", "Status", "choice", ASSUMPTION_STATUSES),
        _f("rationale", "Rationale", "long"),
        _f("impact_if_false", "Impact if false", "long"),
    ),
)

DEPENDENCY = Entity(
    "dependency",
    ExternalDependency,
    "Dependency",
    "Dependencies",
    "DEP-",
    "project_id",
    (
        _f("title", "Dependency", req=True),
        _f("dependency_type", "Type", "choice", DEPENDENCY_TYPES),
        _f("external_party", "From (party)"),
        _f("owner", "Owner"),
        _f("required_by", "Required by", "date"),
        _f("status", "Status", "choice", DEPENDENCY_STATUSES),
        _f("dependent_on", "Needed for", "long"),
        _f("impact_if_late", "Impact if late", "long"),
        _f("mitigation", "Mitigation", "long"),
        _f("remarks", "Remarks", "long"),
    ),
)

DECISION = Entity(
    "decision",
    Decision,
    "Decision",
    "Decisions",
    "D-",
    "project_id",
    (
        _f("title", "Decision", req=True),
        _f("decided_on", "Date", "date"),
        _f("decided_by", "Decided by"),  # pending: the stakeholder who must decide
        _f("needed_by", "Needed by", "date"),
        _f("change_id", "Change request", "ref", ("change",)),
        _f("meeting_id", "Meeting", "ref", ("meeting",)),
        _f("rationale", "Rationale", "long"),
    ),
)

CHANGE = Entity(
    "change",
    ChangeRequest,
    "Change request",
    "Change requests",
    "CR-",
    "project_id",
    (
        _f("title", "Title", req=True),
        _f("change_type", "Type", "choice", CHANGE_TYPES),
        _f("requested_by", "Requested by"),
        _f("requested", "Date", "date"),
        _f("schedule_impact_days", "Schedule impact (days)", "int"),
        _f("cost_impact", "Cost impact", "money"),
        _f("status", "Status", "choice", CHANGE_STATUSES),
        _f("decision_date", "Decision date", "date"),
        _f("approver", "Approver"),
        _f("itil_class", "ITIL class", "choice", ITIL_CLASSES),
        _f("cab_required", "CAB required", "bool"),
        _f("cab_date", "CAB date", "date"),
        _f("cab_outcome", "CAB outcome", "choice", CAB_OUTCOMES),
        _f("window_start", "Window start", "datetime"),
        _f("window_finish", "Window end", "datetime"),
        _f("services", "Affected services"),
        _f("implementer", "Implementer"),
        _f("task_id", "Plan task", "ref", ("task",)),
        _f("description", "Description", "long"),
        _f("implementation_plan", "Implementation plan", "long"),
        _f("backout_plan", "Backout plan", "long"),
        _f("test_plan", "Test plan", "long"),
        _f("risk_analysis", "Risk and impact analysis", "long"),
    ),
)

MEETING = Entity(
    "meeting",
    Meeting,
    "Meeting",
    "Meetings",
    "M-",
    "project_id",
    (
        _f("title", "Meeting", req=True),
        _f("kind", "Type", "choice", MEETING_KINDS),
        _f("held_on", "Date", "date"),
        _f("chair", "Chair"),
        _f("attendees", "Attendees", "long"),
        _f("minutes", "Minutes", "long"),
    ),
)

ACTION_ITEM = Entity(
    "action_item",
    ActionItem,
    "Action",
    "Actions",
    "AC-",
    "project_id",
    (
        _f("title", "Action", req=True),
        _f("owner", "Owner"),
        _f("raised", "Raised", "date"),
        _f("due", "Due", "date"),
        _f("status", "Status", "choice", ACTION_STATUSES),
        _f("closed", "Closed", "date"),
        _f("meeting_id", "Meeting", "ref", ("meeting",)),
        _f("notes", "Notes", "long"),
    ),
)

STAKEHOLDER = Entity(
    "stakeholder",
    Stakeholder,
    "Stakeholder",
    "Stakeholders",
    "SH-",
    "project_id",
    (
        _f("name", "Name", req=True),
        _f("role", "Role"),
        _f("organisation", "Organisation"),
        _f("power", "Power", "level"),
        _f("interest", "Interest", "level"),
        _f("attitude", "Attitude", "choice", ATTITUDES),
        _f("contact", "Contact"),
        _f("needs", "Needs to know", "long"),
    ),
)

COMMS_ITEM = Entity(
    "comms_item",
    CommsItem,
    "Communication",
    "Communication plan",
    "COM-",
    "project_id",
    (
        _f("content", "What", req=True),
        _f("audience", "Audience"),
        _f("frequency", "Frequency", "choice", FREQUENCIES),
        _f("channel", "Channel", "category", ("e-mail", "meeting", "teams", "portal", "phone")),
        _f("owner", "Owner"),
        _f("status_report", "Status report", "bool"),
        _f("notes", "Notes", "long"),
    ),
)

HANDOVER_ITEM = Entity(
    "handover_item",
    HandoverItem,
    "Acceptance item",
    "Operational acceptance",
    "OA-",
    "project_id",
    (
        _f("title", "Item", req=True),
        _f("category", "Category"),
        _f("owner", "Owner"),
        _f("status", "Status", "choice", HANDOVER_STATUSES),
        _f("evidence", "Evidence", "long"),
        _f("signed_off_by", "Signed off by"),
        _f("signed_off_on", "Signed off", "date"),
        _f("notes", "Notes", "long"),
    ),
)

ENTITIES: dict[str, Entity] = {
    e.key: e
    for e in (
        RISK,
        ACTION,
        ISSUE,
        ASSUMPTION,
        DEPENDENCY,
        DECISION,
        CHANGE,
        MEETING,
        ACTION_ITEM,
        STAKEHOLDER,
        COMMS_ITEM,
        HANDOVER_ITEM,
    )
}


def entity(key: str) -> Entity:
    try:
        return ENTITIES[key]
    except KeyError:
        raise RaidEditError(f"Unknown RAID log '{key}'.") from None


def parse_value(spec: FieldSpec, raw: Any, record: Any = None) -> Any:
    """Turn what the user typed (or a typed value) into the stored value, or say why not.

    ``record`` is the row being edited (for rules that depend on other fields, such as the
    response strategies allowed for a threat or an opportunity).
    """
    label = spec.label
    kind = spec.kind
    if kind == "bool":
        if isinstance(raw, str):
            return raw.strip().lower() in ("1", "yes", "true", "x", "done", "y")
        return bool(raw)
    text = "" if raw is None else raw if not isinstance(raw, str) else raw.strip()
    if kind in ("text", "long", "category"):
        value = str(text)
        if spec.required and not value:
            raise RaidEditError(f"{label} cannot be empty.")
        if kind == "category":
            value = value.lower()
        return value
    if kind == "choice":
        value = str(text).lower()
        allowed = spec.choices
        if spec.name == "response" and record is not None:
            allowed = rs.responses_for(getattr(record, "kind", "threat"))
        if value not in allowed:
            shown = ", ".join(c or "(none)" for c in allowed)
            raise RaidEditError(f"{label}: '{raw}' is not one of {shown}.")
        return value
    if kind in ("level", "level0", "int"):
        if isinstance(text, bool):
            raise RaidEditError(f"{label}: '{raw}' is not a whole number.")
        if isinstance(text, int):
            number = text
        elif kind == "level0" and str(text) in _NOT_RATED:
            number = 0
        else:
            try:
                number = int(str(text or "0"))
            except ValueError:
                raise RaidEditError(f"{label}: '{raw}' is not a whole number.") from None
        low = 1 if kind == "level" else 0
        if kind != "int" and not low <= number <= 5:
            empty = ", or empty when not rated yet" if kind == "level0" else ""
            raise RaidEditError(f"{label} must be between 1 and 5{empty} (got {number}).")
        return number
    if kind == "money":
        if isinstance(text, Decimal):
            return text.quantize(Decimal("0.01"))
        cleaned = str(text or "0").replace(",", "").replace(" ", "")
        try:
            return Decimal(cleaned).quantize(Decimal("0.01"))
        except InvalidOperation:
            raise RaidEditError(f"{label}: '{raw}' is not an amount of money.") from None
    if kind == "ref":
        if text in ("", None, 0):
            return None
        try:
            return int(text)
        except (TypeError, ValueError):
            raise RaidEditError(f"{label}: '{raw}' is not a record.") from None
    if kind == "datetime":
        return _parse_datetime(label, raw, text)
    if kind == "date":
        if isinstance(text, date):
            return text
        if not text:
            return None
        try:
            return date.fromisoformat(str(text)[:10])
        except ValueError:
            raise RaidEditError(f"{label}: '{raw}' is not a date (YYYY-MM-DD).") from None
    raise RaidEditError(f"{label}: unknown field kind '{kind}'.")


def _parse_datetime(label: str, raw: Any, text: Any) -> datetime | None:
    """A local date-time typed as ``YYYY-MM-DD HH:MM`` (or ISO with a ``T``); a bare date is
    its midnight."""
    if isinstance(text, datetime):
        return text.replace(second=0, microsecond=0)
    if isinstance(text, date):
        return datetime(text.year, text.month, text.day)
    if not text:
        return None
    try:
        value = datetime.fromisoformat(str(text).replace(" ", "T", 1))
    except ValueError:
        message = f"{label}: '{raw}' is not a date and time (YYYY-MM-DD HH:MM)."
        raise RaidEditError(message) from None
    if value.tzinfo is not None:
        raise RaidEditError(f"{label}: '{raw}' has a time zone; give the local time.")
    return value.replace(second=0, microsecond=0)
