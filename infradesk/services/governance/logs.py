"""The rows of the governance logs, as plain data for the views, the report and the exports.

Each loader takes ``(session, project_id)`` like the RAID loaders
(:data:`infradesk.services.risks.view.Loader`), so the generic log view shows them and the
generic commands (:mod:`infradesk.services.risks.commands`) edit them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from infradesk.model import ActionItem, CommsItem, HandoverItem, Meeting, Stakeholder
from infradesk.services.risks.fields import (
    CLOSED_ACTION_STATUSES,
    CLOSED_HANDOVER_STATUSES,
)


@dataclass(frozen=True)
class MeetingRow:
    id: int
    code: str
    title: str
    kind: str
    held_on: date | None
    chair: str
    attendees: str
    minutes: str


@dataclass(frozen=True)
class ActionRow:
    id: int
    code: str
    title: str
    owner: str
    raised: date | None
    due: date | None
    status: str
    closed: date | None
    meeting_id: int | None
    meeting_code: str
    notes: str
    today: date

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED_ACTION_STATUSES

    @property
    def overdue(self) -> bool:
        return self.is_open and self.due is not None and self.due < self.today


@dataclass(frozen=True)
class StakeholderRow:
    id: int
    code: str
    name: str
    role: str
    organisation: str
    power: int
    interest: int
    attitude: str
    contact: str
    needs: str

    @property
    def quadrant(self) -> str:
        """Mendelow's grid: manage closely, keep satisfied, keep informed, monitor."""
        high_power, high_interest = self.power >= 3, self.interest >= 3
        if high_power and high_interest:
            return "manage closely"
        if high_power:
            return "keep satisfied"
        if high_interest:
            return "keep informed"
        return "monitor"


@dataclass(frozen=True)
class CommsRow:
    id: int
    code: str
    content: str
    audience: str
    frequency: str
    channel: str
    owner: str
    status_report: bool
    notes: str


@dataclass(frozen=True)
class HandoverRow:
    id: int
    code: str
    position: int
    category: str
    title: str
    owner: str
    status: str
    evidence: str
    signed_off_by: str
    signed_off_on: date | None
    notes: str

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED_HANDOVER_STATUSES


def load_meetings(session: Session, project_id: int) -> list[MeetingRow]:
    rows = session.scalars(
        select(Meeting).where(Meeting.project_id == project_id).order_by(Meeting.code)
    )
    return [
        MeetingRow(m.id, m.code, m.title, m.kind, m.held_on, m.chair, m.attendees, m.minutes)
        for m in rows
    ]


def meeting_options(session: Session, project_id: int) -> list[tuple[int, str]]:
    """The project's meetings as (id, "M-001  title") choices."""
    rows = session.execute(
        select(Meeting.id, Meeting.code, Meeting.title)
        .where(Meeting.project_id == project_id)
        .order_by(Meeting.code)
    )
    return [(i, f"{code}  {title}") for i, code, title in rows]


def load_actions(session: Session, project_id: int, today: date | None = None) -> list[ActionRow]:
    today = today or date.today()
    codes: dict[int, str] = {
        meeting_id: code
        for meeting_id, code in session.execute(
            select(Meeting.id, Meeting.code).where(Meeting.project_id == project_id)
        )
    }
    rows = session.scalars(
        select(ActionItem).where(ActionItem.project_id == project_id).order_by(ActionItem.code)
    )
    return [
        ActionRow(
            a.id,
            a.code,
            a.title,
            a.owner,
            a.raised,
            a.due,
            a.status,
            a.closed,
            a.meeting_id,
            codes.get(a.meeting_id, "") if a.meeting_id else "",
            a.notes,
            today,
        )
        for a in rows
    ]


def load_stakeholders(session: Session, project_id: int) -> list[StakeholderRow]:
    rows = session.scalars(
        select(Stakeholder).where(Stakeholder.project_id == project_id).order_by(Stakeholder.code)
    )
    return [
        StakeholderRow(
            s.id,
            s.code,
            s.name,
            s.role,
            s.organisation,
            s.power,
            s.interest,
            s.attitude,
            s.contact,
            s.needs,
        )
        for s in rows
    ]


def load_comms(session: Session, project_id: int) -> list[CommsRow]:
    rows = session.scalars(
        select(CommsItem).where(CommsItem.project_id == project_id).order_by(CommsItem.code)
    )
    return [
        CommsRow(
            c.id,
            c.code,
            c.content,
            c.audience,
            c.frequency,
            c.channel,
            c.owner,
            c.status_report,
            c.notes,
        )
        for c in rows
    ]


def load_handover(session: Session, project_id: int) -> list[HandoverRow]:
    rows = session.scalars(
        select(HandoverItem)
        .where(HandoverItem.project_id == project_id)
        .order_by(HandoverItem.position, HandoverItem.code)
    )
    return [
        HandoverRow(
            h.id,
            h.code,
            h.position,
            h.category,
            h.title,
            h.owner,
            h.status,
            h.evidence,
            h.signed_off_by,
            h.signed_off_on,
            h.notes,
        )
        for h in rows
    ]
