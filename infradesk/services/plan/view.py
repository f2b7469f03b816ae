"""What the Gantt tab reads, each call in one read transaction of the workspace.

The UI gets plain rows (the :class:`Outline` lists, tuples, strings), never a session.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from infradesk.model import Task
from infradesk.report.data import GanttData
from infradesk.schedule.engine import ScheduleResult
from infradesk.services.plan.link_edits import links_between
from infradesk.services.plan.outline import Outline, load_outline, reload_links
from infradesk.services.plan.status_date import effective_status_date_in
from infradesk.services.risks.queries import risk_markers, task_risks
from infradesk.services.status.facts import gather_gantt_data
from infradesk.services.vendors.gates import DeliveryMarker, delivery_markers
from infradesk.store.workspace import Workspace


@dataclass
class OutlineView:
    """One project's outline and the markers drawn on its rows."""

    outline: Outline
    risk_markers: dict[int, list[str]] = field(default_factory=dict)
    delivery_markers: dict[int, list[DeliveryMarker]] = field(default_factory=dict)


def load_outline_view(
    workspace: Workspace,
    project_id: int,
    result: ScheduleResult | None = None,
    *,
    schedule_below: int | None = None,
) -> OutlineView:
    """The outline (see :func:`load_outline`, and its ``schedule_below``) with open risks and
    deliveries per task."""
    with workspace.read_session() as session:
        return OutlineView(
            load_outline(session, project_id, result, schedule_below=schedule_below),
            risk_markers(session, project_id),
            delivery_markers(session, project_id),
        )


def reload_outline_links(workspace: Workspace, outline: Outline) -> None:
    """Read the outline's links and predecessor texts again, in place (after a link edit)."""
    with workspace.read_session() as session:
        reload_links(session, outline)


def task_notes(workspace: Workspace, task_id: int) -> str:
    """The task's notes ("" when it has none)."""
    with workspace.read_session() as session:
        return session.scalar(select(Task.notes).where(Task.id == task_id)) or ""


def task_risk_lines(workspace: Workspace, task_id: int) -> list[str]:
    """The task's risks, one line each, for the task dialog."""
    with workspace.read_session() as session:
        found = task_risks(session, task_id)
    return [
        f"Risk {r.code}: {r.title} — "
        + (f"score {r.score} ({r.band})" if r.scored else "not scored")
        + f", {r.status}"
        + (f", owner {r.owner}" if r.owner else "")
        for r in found
    ]


def selected_links(workspace: Workspace, task_ids: Sequence[int]) -> list[tuple[int, int]]:
    """The links among the given tasks (predecessor id, successor id)."""
    with workspace.read_session() as session:
        return links_between(session, task_ids)


def gantt_data(workspace: Workspace, project_id: int) -> GanttData:
    """The whole plan as Gantt rows for the PDF export."""
    with workspace.read_session() as session:
        return gather_gantt_data(session, project_id)


def effective_status_date(workspace: Workspace, project_id: int) -> datetime:
    """The project's status date, or now rounded down to its working time when none is set
    (see :mod:`infradesk.services.plan.status_date`)."""
    with workspace.read_session() as session:
        return effective_status_date_in(session, project_id)
