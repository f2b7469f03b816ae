"""Bring RAID records read from a sheet into the values the RAID log accepts.

The workspace's RAID log (see docs/json-format-risks.md) has fixed choices for statuses,
priorities, responses and change types. Registers use their own words ("OPEN", "Escalated",
"P1", "Pending"); they are mapped to the nearest choice here. A word that fits no choice is
not guessed: the field keeps its default, the original text is kept in the record's notes,
and a warning names the cell.
"""

from __future__ import annotations

import re
from typing import Any

from infradesk.interchange.excel.dates import DateError, parse_date

RISK_STATUS = {
    "identified": "identified", "open": "identified", "new": "identified", "raised": "identified",
    "active": "monitoring", "assessed": "assessed", "analysed": "assessed", "analyzed": "assessed",
    "response planned": "response planned", "planned": "response planned",
    "mitigation planned": "response planned", "monitoring": "monitoring", "monitor": "monitoring",
    "watch": "monitoring", "in progress": "monitoring", "ongoing": "monitoring",
    "mitigating": "monitoring", "escalated": "monitoring", "closed": "closed",
    "resolved": "closed", "retired": "closed", "mitigated": "closed", "expired": "closed",
    "done": "closed", "occurred": "occurred", "realised": "occurred", "realized": "occurred",
    "offen": "identified", "geschlossen": "closed", "ouvert": "identified", "fermé": "closed",
    "abierto": "identified", "cerrado": "closed", "aberto": "identified", "fechado": "closed",
}  # fmt: skip
# threat responses, then the opportunity ones (services.risks.scoring)
RISK_RESPONSES = (
    "avoid", "mitigate", "transfer", "accept", "escalate", "exploit", "enhance", "share",
)  # fmt: skip
ISSUE_STATUS = {
    "open": "open", "new": "open", "raised": "open", "escalated": "open", "active": "open",
    "in progress": "in progress", "ongoing": "in progress", "wip": "in progress",
    "working": "in progress", "on hold": "on hold", "pending": "on hold", "blocked": "on hold",
    "resolved": "resolved", "fixed": "resolved", "done": "resolved", "closed": "closed",
    "offen": "open", "geschlossen": "closed", "ouvert": "open", "fermé": "closed",
    "abierto": "open", "cerrado": "closed", "aberto": "open", "fechado": "closed",
}  # fmt: skip
ISSUE_PRIORITY = {
    "low": "low", "l": "low", "p4": "low", "medium": "medium", "med": "medium", "m": "medium",
    "normal": "medium", "p3": "medium", "high": "high", "h": "high", "p2": "high",
    "critical": "critical", "urgent": "critical", "very high": "critical", "p1": "critical",
    "niedrig": "low", "mittel": "medium", "hoch": "high", "kritisch": "critical",
    "faible": "low", "moyenne": "medium", "haute": "high", "élevée": "high",
    "baja": "low", "media": "medium", "alta": "high", "baixa": "low", "média": "medium",
}  # fmt: skip
ISSUE_SEVERITY = {
    "minor": "minor", "low": "minor", "moderate": "moderate", "medium": "moderate",
    "major": "major", "high": "major", "severe": "severe", "critical": "severe",
}  # fmt: skip
ASSUMPTION_STATUS = {
    "open": "open", "pending": "open", "new": "open", "unvalidated": "open",
    "validated": "validated", "confirmed": "validated", "valid": "validated", "true": "validated",
    "invalid": "invalid", "invalidated": "invalid", "rejected": "invalid", "false": "invalid",
    "closed": "closed",
}  # fmt: skip
CHANGE_TYPE = {"scope": "scope", "schedule": "schedule", "time": "schedule", "budget": "budget",
               "cost": "budget", "other": "other"}  # fmt: skip
CHANGE_STATUS = {
    "submitted": "submitted", "open": "submitted", "new": "submitted", "raised": "submitted",
    "evaluated": "evaluated", "in review": "evaluated", "under review": "evaluated",
    "assessed": "evaluated", "pending decision": "pending decision", "pending": "pending decision",
    "approved": "approved", "accepted": "approved", "rejected": "rejected",
    "declined": "rejected", "deferred": "deferred", "on hold": "deferred",
    "implemented": "implemented", "done": "implemented", "closed": "implemented",
}  # fmt: skip
ITIL_CLASS = {"standard": "standard", "normal": "normal", "emergency": "emergency"}
DEPENDENCY_STATUS = {
    "open": "open", "new": "open", "pending": "open", "requested": "open", "awaited": "open",
    "in progress": "open", "on track": "open", "green": "open", "at risk": "at risk",
    "risk": "at risk", "amber": "at risk", "delayed": "at risk", "late": "late",
    "overdue": "late", "missed": "late", "red": "late", "blocked": "late", "met": "met",
    "delivered": "met", "received": "met", "done": "met", "closed": "met", "complete": "met",
    "completed": "met", "resolved": "met", "cancelled": "cancelled", "canceled": "cancelled",
    "not required": "cancelled", "withdrawn": "cancelled",
}  # fmt: skip
DEPENDENCY_TYPE = {"external": "external", "internal": "internal", "ext": "external",
                   "int": "internal"}  # fmt: skip

CAB_OUTCOME = {
    "approved": "approved", "accepted": "approved", "authorised": "approved",
    "authorized": "approved", "approved with conditions": "approved with conditions",
    "conditionally approved": "approved with conditions", "conditional": "approved with conditions",
    "rejected": "rejected", "declined": "rejected", "deferred": "deferred",
    "postponed": "deferred", "on hold": "deferred",
}  # fmt: skip
# issue 20: the governance logs
ACTION_STATUS = {
    "open": "open", "new": "open", "not started": "open", "to do": "open", "todo": "open",
    "pending": "open", "raised": "open", "overdue": "open", "late": "open",
    "in progress": "in progress", "ongoing": "in progress", "started": "in progress",
    "wip": "in progress", "active": "in progress", "underway": "in progress",
    "on track": "in progress", "at risk": "in progress", "done": "done", "closed": "done",
    "complete": "done", "completed": "done", "resolved": "done", "finished": "done",
    "cancelled": "cancelled", "canceled": "cancelled", "dropped": "cancelled",
    "withdrawn": "cancelled", "not required": "cancelled", "superseded": "cancelled",
    "offen": "open", "in arbeit": "in progress", "erledigt": "done", "geschlossen": "done",
    "ouvert": "open", "en cours": "in progress", "terminé": "done", "fermé": "done",
    "abierto": "open", "en curso": "in progress", "cerrado": "done", "aberto": "open",
    "em andamento": "in progress", "concluído": "done", "fechado": "done",
}  # fmt: skip
MEETING_KIND = {
    "status": "status", "status meeting": "status", "weekly": "status", "progress": "status",
    "team": "status", "steering": "steering", "steering committee": "steering",
    "steerco": "steering", "board": "steering", "project board": "steering", "cab": "cab",
    "change advisory board": "cab", "ecab": "cab", "workshop": "workshop",
    "review": "workshop", "handover": "handover", "other": "other",
}  # fmt: skip
ATTITUDE = {
    "champion": "champion", "advocate": "champion", "sponsor": "champion",
    "leading": "champion", "leader": "champion", "supporter": "supporter",
    "supportive": "supporter", "support": "supporter", "supports": "supporter",
    "positive": "supporter", "favourable": "supporter", "favorable": "supporter",
    "neutral": "neutral", "unaware": "neutral", "indifferent": "neutral",
    "unknown": "neutral", "critic": "critic", "critical": "critic", "sceptical": "critic",
    "skeptical": "critic", "concerned": "critic", "negative": "critic", "resistant": "critic",
    "blocker": "blocker", "blocking": "blocker", "opposed": "blocker", "opponent": "blocker",
    "hostile": "blocker", "against": "blocker",
}  # fmt: skip
FREQUENCY = {
    "daily": "daily", "every day": "daily", "weekly": "weekly", "every week": "weekly",
    "fortnightly": "fortnightly", "biweekly": "fortnightly", "bi weekly": "fortnightly",
    "every two weeks": "fortnightly", "every 2 weeks": "fortnightly", "monthly": "monthly",
    "every month": "monthly", "per milestone": "per milestone", "milestone": "per milestone",
    "at milestones": "per milestone", "milestones": "per milestone", "ad hoc": "ad hoc",
    "adhoc": "ad hoc", "as needed": "ad hoc", "as required": "ad hoc", "on demand": "ad hoc",
    "täglich": "daily", "wöchentlich": "weekly", "monatlich": "monthly",
    "quotidien": "daily", "hebdomadaire": "weekly", "mensuel": "monthly",
}  # fmt: skip
HANDOVER_STATUS = {
    "open": "open", "not started": "open", "pending": "open", "in progress": "open",
    "outstanding": "open", "no": "open", "done": "done", "complete": "done",
    "completed": "done", "signed off": "done", "accepted": "done", "closed": "done",
    "yes": "done", "passed": "done", "not applicable": "not applicable",
    "n a": "not applicable", "na": "not applicable", "not required": "not applicable",
}  # fmt: skip

# kind -> {field: (choices, notes field)}
CHOICES: dict[str, dict[str, dict[str, str]]] = {
    "risks": {
        "status": RISK_STATUS,
        "response": {r: r for r in RISK_RESPONSES},
        "kind": {
            "threat": "threat",
            "risk": "threat",
            "opportunity": "opportunity",
            "chance": "opportunity",
        },
    },
    "issues": {"status": ISSUE_STATUS, "priority": ISSUE_PRIORITY, "severity": ISSUE_SEVERITY},
    "assumptions": {"status": ASSUMPTION_STATUS},
    "change_requests": {
        "status": CHANGE_STATUS,
        "type": CHANGE_TYPE,
        "itil_class": ITIL_CLASS,
        "cab_outcome": CAB_OUTCOME,
    },
    "dependencies_external": {"status": DEPENDENCY_STATUS, "type": DEPENDENCY_TYPE},
    "actions": {"status": ACTION_STATUS},
    "meetings": {"kind": MEETING_KIND},
    "stakeholders": {"attitude": ATTITUDE},
    "communication_plan": {"frequency": FREQUENCY},
    "handover": {"status": HANDOVER_STATUS},
}
NOTES_FIELD = {
    "risks": "description",
    "issues": "description",
    "assumptions": "rationale",
    "decisions": "rationale",
    "change_requests": "description",
    "dependencies_external": "remarks",
    "actions": "notes",
    "meetings": "minutes",
    "stakeholders": "needs",
    "communication_plan": "notes",
    "handover": "notes",
}
# extra columns folded into the notes field, with their label
FOLDED = {
    "risks": {"remarks": "Remarks"},
    "issues": {"impact": "Impact", "raised_by": "Raised by", "remarks": "Remarks"},
    "assumptions": {"validated_by": "Validated by", "remarks": "Remarks"},
    "decisions": {"impact": "Impact", "remarks": "Remarks"},
    "change_requests": {"decision": "Decision", "remarks": "Remarks"},
}


def choose(table: dict[str, str], text: str) -> str | None:
    key = " ".join(re.sub(r"[_\-/]+", " ", text.strip().lower()).split())
    return table.get(key)


def normalise_record(kind: str, record: dict[str, Any]) -> list[tuple[str, str]]:
    """Map choice fields in place; returns (field, message) for values that fit no choice."""
    warnings: list[tuple[str, str]] = []
    notes_key = NOTES_FIELD.get(kind)
    extra: list[str] = []
    for key, table in CHOICES.get(kind, {}).items():
        text = record.get(key)
        if not text:
            record.pop(key, None)
            continue
        chosen = choose(table, str(text))
        if chosen is None:
            allowed = ", ".join(sorted(set(table.values())))
            warnings.append((key, f"{key} '{text}' is not one of {allowed}; left at the default"))
            extra.append(f"{key.replace('_', ' ').capitalize()}: {text}")
            record.pop(key)
        else:
            record[key] = chosen
    for key, label in FOLDED.get(kind, {}).items():
        value = record.pop(key, None)
        if value:
            extra.append(f"{label}: {value}")
    if kind == "risks" and record.get("proximity"):
        try:
            when = parse_date(record["proximity"])
            record["proximity"] = when.date() if when else None
        except DateError:
            extra.append(f"Proximity: {record.pop('proximity')}")
    elif kind == "risks" and "proximity" in record:
        record["proximity"] = None  # an empty cell: no date
    if kind == "risks":
        record.pop("rating", None)  # computed from probability x impact
    if extra and notes_key:
        notes = record.get(notes_key) or ""
        record[notes_key] = "\n".join([notes, *extra] if notes else extra)
    return warnings
