"""A meeting and what came out of it: the decisions taken and the actions raised there, and
the people who can be picked as attendees (the project's stakeholders and the resource pool).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from infradesk.model import ActionItem, Decision, Resource, Stakeholder
from infradesk.services.risks.fields import CLOSED_ACTION_STATUSES


@dataclass(frozen=True)
class MeetingDecision:
    id: int
    code: str
    title: str
    decided_on: date | None
    decided_by: str
    needed_by: date | None

    @property
    def pending(self) -> bool:
        return self.decided_on is None


@dataclass(frozen=True)
class MeetingAction:
    id: int
    code: str
    title: str
    owner: str
    due: date | None
    status: str

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED_ACTION_STATUSES


@dataclass(frozen=True)
class MeetingOutcome:
    """The decisions and actions tied to one meeting, in code order."""

    decisions: list[MeetingDecision]
    actions: list[MeetingAction]


@dataclass(frozen=True)
class Attendee:
    """Someone who can attend: ``source`` is "stakeholder" or "resource"; ``detail`` their
    role (and organisation or team)."""

    name: str
    source: str
    detail: str


def meeting_outcome(session: Session, project_id: int, meeting_id: int) -> MeetingOutcome:
    decisions = session.scalars(
        select(Decision)
        .where(Decision.project_id == project_id, Decision.meeting_id == meeting_id)
        .order_by(Decision.code)
    )
    actions = session.scalars(
        select(ActionItem)
        .where(ActionItem.project_id == project_id, ActionItem.meeting_id == meeting_id)
        .order_by(ActionItem.code)
    )
    return MeetingOutcome(
        [
            MeetingDecision(d.id, d.code, d.title, d.decided_on, d.decided_by, d.needed_by)
            for d in decisions
        ],
        [MeetingAction(a.id, a.code, a.title, a.owner, a.due, a.status) for a in actions],
    )


def attendee_options(session: Session, project_id: int) -> list[Attendee]:
    """The project's stakeholders (register order), then the people of the resource pool not
    already named (work resources only: a material does not attend a meeting)."""
    out: list[Attendee] = []
    seen: set[str] = set()
    for s in session.scalars(
        select(Stakeholder).where(Stakeholder.project_id == project_id).order_by(Stakeholder.code)
    ):
        name = s.name.strip()
        if name and name.lower() not in seen:
            seen.add(name.lower())
            detail = ", ".join(part for part in (s.role, s.organisation) if part)
            out.append(Attendee(name, "stakeholder", detail))
    for r in session.scalars(
        select(Resource).where(Resource.kind == "work").order_by(Resource.name)
    ):
        name = r.name.strip()
        if name and name.lower() not in seen:
            seen.add(name.lower())
            detail = ", ".join(part for part in (r.role, r.team) if part)
            out.append(Attendee(name, "resource", detail))
    return out


def split_names(text: str) -> list[str]:
    """A comma (or semicolon, or line) separated list of names, trimmed, without repeats."""
    names: list[str] = []
    seen: set[str] = set()
    for part in text.replace(";", ",").replace("\n", ",").split(","):
        name = part.strip()
        if name and name.lower() not in seen:
            seen.add(name.lower())
            names.append(name)
    return names


def join_names(names: Iterable[str]) -> str:
    return ", ".join(split_names(", ".join(names)))
