"""The columns of the change log: the request, what a CAB needs (class, window, services,
implementer, CAB date and outcome) and the conflicts of the window."""

from __future__ import annotations

from typing import Any

from infradesk.services.risks.fields import CHANGE
from infradesk.ui.risks.columns import CHANGE_COLUMNS
from infradesk.ui.risks.raid_model import Column


def _editable(name: str, title: str, width: int) -> Column:
    spec = CHANGE.field(name)
    return Column(title, lambda row: getattr(row, name), spec, width=width)


def _window_value(row: Any, name: str) -> str:
    value = getattr(row, name)
    return "" if value is None else value.strftime("%Y-%m-%d %H:%M")


def _cab_text(row: Any) -> str:
    """CAB date and outcome, or "required" while neither is known."""
    parts = [row.cab_date.isoformat()] if row.cab_date else []
    if row.cab_outcome:
        parts.append(row.cab_outcome)
    if not parts and (row.cab_required or row.itil_class == "normal"):
        return "required"
    return " ".join(parts)


def _conflicts_tip(row: Any) -> str:
    return "\n".join(f"• {c}" for c in row.conflicts)


def _by_title(title: str) -> Column:
    return next(c for c in CHANGE_COLUMNS if c.title == title)


CONFLICTS = Column(
    "Conflicts",
    lambda row: len(row.conflicts) or "",
    alert=lambda row: bool(row.conflicts),
    tip=_conflicts_tip,
    center=True,
    width=70,
    sort=lambda row: len(row.conflicts),
)

CHANGE_LOG_COLUMNS = [
    _by_title("ID"),
    _by_title(CHANGE.field("title").label),
    _by_title(CHANGE.field("status").label),
    _editable("itil_class", "ITIL type", 80),
    Column(
        "Window start",
        lambda row: _window_value(row, "window_start"),
        CHANGE.field("window_start"),
        width=118,
    ),
    Column(
        "Window end",
        lambda row: _window_value(row, "window_finish"),
        CHANGE.field("window_finish"),
        width=118,
    ),
    _editable("services", "Services", 110),
    _editable("implementer", "Implementer", 110),
    Column("CAB", _cab_text, tip=lambda row: "CAB date and outcome", width=130),
    CONFLICTS,
    _by_title(CHANGE.field("change_type").label),
    _by_title(CHANGE.field("requested_by").label),
    _by_title(CHANGE.field("requested").label),
    _by_title("Days"),
    _by_title("Cost"),
    _by_title(CHANGE.field("decision_date").label),
    _by_title(CHANGE.field("approver").label),
    _by_title("Risks"),
    _by_title("Issues"),
]
