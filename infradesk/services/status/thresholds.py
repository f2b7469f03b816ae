"""The thresholds of a project's RAG suggestions, stored in its settings (``status_thresholds``,
one row per project; no row: the defaults of ``rules.RagRules``).

``load_rules`` is what the status dialog and the report judge with; ``SaveThresholds`` is the
undoable edit a settings page applies; ``thresholds_view`` reads them for that page.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from infradesk.model import StatusThresholds
from infradesk.services.commands import ProjectCommand
from infradesk.services.status.rules import STORED_THRESHOLDS as _STORED
from infradesk.services.status.rules import RagRules, StatusError, load_rules
from infradesk.store.workspace import Workspace

# (amber, red, "red must be below amber" or "above"), with the names the user sees
_PAIRS = (
    ("schedule_amber_days", "schedule_red_days", "above", "milestone slip (days)"),
    ("spi_amber", "spi_red", "below", "SPI(t)"),
    ("cpi_amber", "cpi_red", "below", "CPI"),
    ("vac_amber", "vac_red", "below", "VAC / BAC"),
    ("forecast_amber", "forecast_red", "above", "forecast / budget"),
)


def thresholds_view(workspace: Workspace, project_id: int) -> RagRules:
    """The thresholds a settings page shows, in one read transaction."""
    with workspace.read_session() as session:
        return load_rules(session, project_id)


def check_rules(rules: RagRules) -> None:
    """Refuse thresholds whose red limit is not beyond the amber one (the user fixes them)."""
    for amber_name, red_name, side, label in _PAIRS:
        amber, red = getattr(rules, amber_name), getattr(rules, red_name)
        wrong = red > amber if side == "below" else red < amber
        if wrong:
            raise StatusError(
                f"The red threshold of {label} ({red}) must be {side} the amber one ({amber})."
            )


def _store(session: Session, project_id: int, values: dict[str, Any] | None) -> None:
    row = session.scalar(select(StatusThresholds).where(StatusThresholds.project_id == project_id))
    if values is None:
        if row is not None:
            session.delete(row)
        return
    if row is None:
        row = StatusThresholds(project_id=project_id)
        session.add(row)
    for name in _STORED:
        setattr(row, name, values[name])


class SaveThresholds(ProjectCommand):
    """Store a project's RAG thresholds; undo puts back the previous ones (or the defaults)."""

    affects = frozenset({"status"})

    def __init__(self, project_id: int, rules: RagRules) -> None:
        check_rules(rules)  # refuse before anything reaches the undo stack
        super().__init__(project_id, "Change RAG thresholds")
        self.values = {name: value for name, value in asdict(rules).items() if name in _STORED}
        self._before: dict[str, Any] | None = None

    def do(self, session: Session) -> None:
        row = session.scalar(
            select(StatusThresholds).where(StatusThresholds.project_id == self.project_id)
        )
        self._before = None if row is None else {n: getattr(row, n) for n in _STORED}
        _store(session, self.project_id, self.values)
        session.flush()

    def undo(self, session: Session) -> None:
        _store(session, self.project_id, self._before)
        session.flush()


__all__ = ["SaveThresholds", "check_rules", "load_rules", "thresholds_view"]
