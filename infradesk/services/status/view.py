"""What the status-update and report dialogs read, each call in one read transaction of the
workspace (the dialogs never hold a session)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from infradesk.model.status import StatusUpdate
from infradesk.report.data import ReportData, ReportOptions
from infradesk.services.status.facts import default_as_of
from infradesk.services.status.report import gather_report_data
from infradesk.services.status.rules import StatusDraft, draft_status, list_updates, previous_update
from infradesk.store.workspace import Workspace


@dataclass(frozen=True)
class StatusView:
    """The update to edit for a date, the date of the one before it and all saved ones."""

    draft: StatusDraft
    previous_as_of: date | None
    updates: list[tuple[date, str]]  # (as of, overall RAG) of every saved update


def default_report_date(workspace: Workspace, project_id: int) -> date:
    """The project's status date, or today when it has none."""
    with workspace.read_session() as session:
        return default_as_of(session, project_id)


def load_status_view(workspace: Workspace, project_id: int, as_of: date) -> StatusView:
    with workspace.read_session() as session:
        previous = previous_update(session, project_id, as_of)
        return StatusView(
            draft_status(session, project_id, as_of),
            previous.as_of if previous is not None else None,
            list_updates(session, project_id),
        )


def report_data(
    workspace: Workspace, project_id: int, as_of: date, options: ReportOptions
) -> ReportData:
    """Everything the weekly report prints (see :func:`gather_report_data`)."""
    with workspace.read_session() as session:
        return gather_report_data(session, project_id, as_of, options)


def has_saved_update(workspace: Workspace, project_id: int, as_of: date) -> bool:
    """Whether a status update is saved for the project and date."""
    with workspace.read_session() as session:
        found = session.scalar(
            select(StatusUpdate.id).where(
                StatusUpdate.project_id == project_id, StatusUpdate.as_of == as_of
            )
        )
    return found is not None
