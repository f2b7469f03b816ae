"""What the Governance tab reads, each in one short read transaction (the UI gets plain rows,
never a session)."""

from __future__ import annotations

from datetime import date

from infradesk.report.governance_data import OverdueAction, PendingDecision, Recipient
from infradesk.services.governance import distribution, meetings
from infradesk.services.governance.meetings import Attendee, MeetingOutcome
from infradesk.store.workspace import Workspace


def read_outcome(workspace: Workspace, project_id: int, meeting_id: int) -> MeetingOutcome:
    with workspace.read_session() as session:
        return meetings.meeting_outcome(session, project_id, meeting_id)


def read_attendees(workspace: Workspace, project_id: int) -> list[Attendee]:
    with workspace.read_session() as session:
        return meetings.attendee_options(session, project_id)


def read_distribution(workspace: Workspace, project_id: int) -> list[Recipient]:
    with workspace.read_session() as session:
        return distribution.distribution_list(session, project_id)


def read_attention(
    workspace: Workspace, project_id: int, today: date | None = None
) -> tuple[list[OverdueAction], list[PendingDecision]]:
    """What needs the PM's attention in the logs: overdue actions and pending decisions past
    their needed-by date."""
    today = today or date.today()
    with workspace.read_session() as session:
        late = distribution.overdue_actions(session, project_id, today)
        decisions = [
            d for d in distribution.pending_decisions(session, project_id, today) if d.overdue
        ]
    return late, decisions
