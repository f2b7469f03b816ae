"""The change log's rows with their conflicts (a :data:`~infradesk.services.risks.view.Loader`).

The conflicts look across the workspace (another project's change, a person booked in another
plan), so each load runs the rules over the whole workspace in the same read transaction; it
is a few milliseconds even for a large workspace (``bench/bench_conflicts.py``).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy.orm import Session

from infradesk.services.governance.conflict_data import workspace_conflicts
from infradesk.services.risks.queries import ChangeRow, load_changes


def load_changes_with_conflicts(
    session: Session, project_id: int, today: date | None = None
) -> list[ChangeRow]:
    """The project's change requests, each with the conflicts of its window."""
    found = workspace_conflicts(session, today, project_id)
    return [
        replace(row, conflicts=found.of_change(row.id)) for row in load_changes(session, project_id)
    ]
