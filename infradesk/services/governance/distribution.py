"""What the weekly report takes from the governance logs: its distribution list (the
communication plan's status-report lines), the decisions needed (who must decide, by when)
and the overdue actions."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from infradesk.model import ActionItem, CommsItem, Decision, Meeting, Stakeholder
from infradesk.report.governance_data import (
    GovernanceFacts,
    OverdueAction,
    PendingDecision,
    Recipient,
)
from infradesk.services.governance.meetings import split_names
from infradesk.services.risks.fields import CLOSED_ACTION_STATUSES


def _register(session: Session, project_id: int) -> dict[str, Stakeholder]:
    return {
        s.name.strip().lower(): s
        for s in session.scalars(select(Stakeholder).where(Stakeholder.project_id == project_id))
    }


def distribution_list(session: Session, project_id: int) -> list[Recipient]:
    """The audience of every status-report line of the communication plan, in plan order,
    each person once (their first line's channel and frequency)."""
    register = _register(session, project_id)
    out: list[Recipient] = []
    seen: set[str] = set()
    lines = session.scalars(
        select(CommsItem)
        .where(CommsItem.project_id == project_id, CommsItem.status_report.is_(True))
        .order_by(CommsItem.code)
    )
    for line in lines:
        for name in split_names(line.audience):
            key = name.lower()
            if key in seen:
                continue
            seen.add(key)
            person = register.get(key)
            out.append(
                Recipient(
                    person.name if person else name,
                    person.role if person else "",
                    person.organisation if person else "",
                    line.channel,
                    line.frequency,
                    person is not None,
                )
            )
    return out


def pending_decisions(session: Session, project_id: int, today: date) -> list[PendingDecision]:
    """Decisions not taken yet (no date), the most urgent first: by needed-by date (none
    last), then code."""
    register = _register(session, project_id)
    rows = session.scalars(
        select(Decision).where(Decision.project_id == project_id, Decision.decided_on.is_(None))
    )
    out = []
    for d in rows:
        person = register.get(d.decided_by.strip().lower())
        late = (today - d.needed_by).days if d.needed_by is not None else 0
        out.append(
            PendingDecision(
                d.code,
                d.title,
                d.decided_by.strip(),
                person.role if person else "",
                d.needed_by,
                max(late, 0),
            )
        )
    out.sort(key=lambda p: (p.needed_by is None, p.needed_by or date.max, p.code))
    return out


def overdue_actions(session: Session, project_id: int, today: date) -> list[OverdueAction]:
    """Open actions past their due date, the latest first."""
    codes: dict[int, str] = {
        meeting_id: code
        for meeting_id, code in session.execute(
            select(Meeting.id, Meeting.code).where(Meeting.project_id == project_id)
        )
    }
    rows = session.scalars(
        select(ActionItem).where(
            ActionItem.project_id == project_id,
            ActionItem.due.is_not(None),
            ActionItem.due < today,
            ActionItem.status.not_in(CLOSED_ACTION_STATUSES),
        )
    )
    out = [
        OverdueAction(
            a.code,
            a.title,
            a.owner,
            a.due,
            (today - a.due).days,
            codes.get(a.meeting_id, "") if a.meeting_id else "",
        )
        for a in rows
        if a.due is not None
    ]
    out.sort(key=lambda a: (-a.days_late, a.code))
    return out


def governance_facts(session: Session, project_id: int, today: date) -> GovernanceFacts:
    has_plan = (
        session.scalar(select(CommsItem.id).where(CommsItem.project_id == project_id).limit(1))
        is not None
    )
    return GovernanceFacts(
        distribution_list(session, project_id),
        pending_decisions(session, project_id, today),
        overdue_actions(session, project_id, today),
        has_plan,
    )
