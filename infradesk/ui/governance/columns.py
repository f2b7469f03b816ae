"""Column sets of the governance logs (actions, meetings, stakeholders, communication plan,
operational acceptance)."""

from __future__ import annotations

from typing import Any

from infradesk.services.risks.fields import (
    ACTION_ITEM,
    COMMS_ITEM,
    HANDOVER_ITEM,
    MEETING,
    STAKEHOLDER,
)
from infradesk.ui.risks.columns import _code, _f
from infradesk.ui.risks.raid_model import Column


def _overdue(row: Any) -> bool:
    return bool(getattr(row, "overdue", False))


ACTION_COLUMNS = [
    _code(),
    _f(ACTION_ITEM, "title", 340),
    _f(ACTION_ITEM, "owner", 130),
    _f(ACTION_ITEM, "raised", 88),
    _f(ACTION_ITEM, "due", 88, alert=_overdue),
    _f(ACTION_ITEM, "status", 90),
    _f(ACTION_ITEM, "closed", 88),
    Column("Meeting", lambda a: a.meeting_code, width=64),
    _f(ACTION_ITEM, "notes", 240),
]

MEETING_COLUMNS = [
    _code(),
    _f(MEETING, "title", 300),
    _f(MEETING, "kind", 80),
    _f(MEETING, "held_on", 88),
    _f(MEETING, "chair", 130),
    _f(MEETING, "attendees", 280),
]

STAKEHOLDER_COLUMNS = [
    _code(),
    _f(STAKEHOLDER, "name", 170),
    _f(STAKEHOLDER, "role", 170),
    _f(STAKEHOLDER, "organisation", 140),
    _f(STAKEHOLDER, "power", 52, center=True),
    _f(STAKEHOLDER, "interest", 58, center=True),
    Column("Approach", lambda s: s.quadrant, width=110),
    _f(STAKEHOLDER, "attitude", 84),
    _f(STAKEHOLDER, "contact", 170),
    _f(STAKEHOLDER, "needs", 260),
]

COMMS_COLUMNS = [
    _code(72),
    _f(COMMS_ITEM, "content", 220),
    _f(COMMS_ITEM, "audience", 220),
    _f(COMMS_ITEM, "frequency", 90),
    _f(COMMS_ITEM, "channel", 90),
    _f(COMMS_ITEM, "owner", 130),
    _f(COMMS_ITEM, "status_report", 92, center=True),
    _f(COMMS_ITEM, "notes", 200),
]

HANDOVER_COLUMNS = [
    _code(),
    _f(HANDOVER_ITEM, "category", 120),
    _f(HANDOVER_ITEM, "title", 300),
    _f(HANDOVER_ITEM, "owner", 130),
    _f(HANDOVER_ITEM, "status", 100),
    _f(HANDOVER_ITEM, "evidence", 220),
    _f(HANDOVER_ITEM, "signed_off_by", 130),
    _f(HANDOVER_ITEM, "signed_off_on", 88),
]
