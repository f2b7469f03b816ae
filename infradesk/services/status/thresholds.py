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

# (amber, red, where red may not lie against amber, the name the user sees, how a value reads)
_PAIRS = (
    ("schedule_amber_days", "schedule_red_days", "below", "milestone slip", "days"),
    ("spi_amber", "spi_red", "above", "SPI(t)", "ratio"),
    ("cpi_amber", "cpi_red", "above", "CPI", "ratio"),
    ("vac_amber", "vac_red", "above", "VAC / BAC", "percent"),
    ("forecast_amber", "forecast_red", "below", "forecast / budget", "percent"),
)


def _shown(value: float, unit: str) -> str:
    """A threshold as the settings page shows it (VAC / BAC and forecast / budget in percent)."""
    if unit == "days":
        return f"{value:g} day" if value == 1 else f"{value:g} days"
    if unit == "percent":
        return f"{value * 100:g} %"
    return f"{value:g}"


def thresholds_view(workspace: Workspace, project_id: int) -> RagRules:
    """The thresholds a settings page shows, in one read transaction."""
    with workspace.read_session() as session:
        return load_rules(session, project_id)


def threshold_problems(rules: RagRules) -> list[tuple[str, str]]:
    """Each pair whose red limit is not beyond the amber one: (the red field's name, the
    message), in the order the settings page lists them. Equal limits are allowed (no amber
    band)."""
    problems = []
    for amber_name, red_name, side, label, unit in _PAIRS:
        amber, red = getattr(rules, amber_name), getattr(rules, red_name)
        if red > amber if side == "above" else red < amber:
            problems.append(
                (
                    red_name,
                    f"The red threshold of {label} ({_shown(red, unit)}) must not be {side} "
                    f"the amber one ({_shown(amber, unit)}).",
                )
            )
    return problems


def check_rules(rules: RagRules) -> None:
    """Refuse thresholds whose red limit is not beyond the amber one (the user fixes them)."""
    problems = threshold_problems(rules)
    if problems:
        raise StatusError(problems[0][1])


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


__all__ = [
    "SaveThresholds",
    "check_rules",
    "load_rules",
    "threshold_problems",
    "thresholds_view",
]
