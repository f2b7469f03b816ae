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

Register = dict[str, tuple[str, str, str]]  # lower-case name -> (name, role, organisation)
Line = tuple[str, str, str, bool]  # audience, channel, frequency, status report


def _register(session: Session, project_id: int) -> Register:
    """The stakeholder register by lower-case name: (name, role, organisation)."""
    rows = session.execute(
        select(Stakeholder.name, Stakeholder.role, Stakeholder.organisation).where(
            Stakeholder.project_id == project_id
        )
    )
    return {name.strip().lower(): (name, role, org) for name, role, org in rows}


def _plan(session: Session, project_id: int) -> list[Line]:
    """Every line of the communication plan, in code order."""
    rows = session.execute(
        select(CommsItem.audience, CommsItem.channel, CommsItem.frequency, CommsItem.status_report)
        .where(CommsItem.project_id == project_id)
        .order_by(CommsItem.code)
    )
    return [(a, c, f, bool(s)) for a, c, f, s in rows]


def distribution_list(
    session: Session,
    project_id: int,
    register: Register | None = None,
    plan: list[Line] | None = None,
) -> list[Recipient]:
    """The audience of every status-report line of the communication plan, in plan order,
    each person once (their first line's channel and frequency)."""
    if register is None:
        register = _register(session, project_id)
    if plan is None:
        plan = _plan(session, project_id)
    out: list[Recipient] = []
    seen: set[str] = set()
    for audience, channel, frequency, status_report in plan:
        if not status_report:
            continue
        for name in split_names(audience):
            key = name.lower()
            if key in seen:
                continue
            seen.add(key)
            known, role, organisation = register.get(key, (name, "", ""))
            out.append(Recipient(known, role, organisation, channel, frequency, key in register))
    return out


def pending_decisions(
    session: Session, project_id: int, today: date, register: Register | None = None
) -> list[PendingDecision]:
    """Decisions not taken yet (no date), the most urgent first: by needed-by date (none
    last), then code."""
    if register is None:
        register = _register(session, project_id)
    rows = session.execute(
        select(Decision.code, Decision.title, Decision.decided_by, Decision.needed_by).where(
            Decision.project_id == project_id, Decision.decided_on.is_(None)
        )
    )
    out = []
    for code, title, decided_by, needed_by in rows:
        who = (decided_by or "").strip()
        role = register.get(who.lower(), ("", "", ""))[1]
        late = (today - needed_by).days if needed_by is not None else 0
        out.append(PendingDecision(code, title, who, role, needed_by, max(late, 0)))
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
    rows = session.execute(
        select(
            ActionItem.code,
            ActionItem.title,
            ActionItem.owner,
            ActionItem.due,
            ActionItem.meeting_id,
        ).where(
            ActionItem.project_id == project_id,
            ActionItem.due.is_not(None),
            ActionItem.due < today,
            ActionItem.status.not_in(CLOSED_ACTION_STATUSES),
        )
    )
    out = [
        OverdueAction(
            code,
            title,
            owner,
            due,
            (today - due).days,
            codes.get(meeting_id, "") if meeting_id else "",
        )
        for code, title, owner, due, meeting_id in rows
        if due is not None  # the query excludes it; this says so to the type checker
    ]
    out.sort(key=lambda a: (-a.days_late, a.code))
    return out


def governance_facts(session: Session, project_id: int, today: date) -> GovernanceFacts:
    """The report's three governance blocks, reading each table once."""
    register = _register(session, project_id)
    plan = _plan(session, project_id)
    return GovernanceFacts(
        distribution_list(session, project_id, register, plan),
        pending_decisions(session, project_id, today, register),
        overdue_actions(session, project_id, today),
        bool(plan),
    )
