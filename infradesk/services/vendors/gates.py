"""Vendor deliveries seen from the plan: the gates the scheduler honours and the Gantt's markers.

A delivery linked to a task *gates* it: the task cannot start before the delivery's actual date
(once delivered) or else its promised date, at the start of that working day. The scheduler
treats the gate as a start-no-earlier-than (combined with the task's own constraint by max).

The working calendar is an argument: this module reads only the deliveries, so the scheduling
service (which owns the calendar) can import it without a circle.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from infradesk.model import Deliverable, Vendor
from infradesk.schedule.calendar import WorkingCalendar

CLOSED_DELIVERY_STATUSES = frozenset({"delivered", "cancelled"})


class GatingRow(NamedTuple):
    """A delivery linked to a task, as plain values."""

    task_id: int
    promised: date | None
    actual: date | None
    status: str
    description: str
    deliverable_id: int
    vendor: str


def is_late(deliverable: Deliverable, today: date) -> bool:
    """Past its promised date, not delivered (no actual date) and not cancelled."""
    return (
        deliverable.actual is None
        and deliverable.promised is not None
        and deliverable.promised < today
        and deliverable.status not in CLOSED_DELIVERY_STATUSES
    )


def day_start(calendar: WorkingCalendar, day: date) -> datetime:
    """The first working minute of ``day`` (midnight on a day off: the engine then moves the
    task to the next working minute)."""
    intervals = calendar.day_intervals(day)
    if not intervals:
        return datetime.combine(day, time(0, 0))
    return datetime.combine(day, time(0, 0)) + timedelta(minutes=intervals[0][0])


def gating_rows(session: Session, project_id: int) -> list[GatingRow]:
    """The project's deliveries linked to a task, in id order."""
    rows = session.execute(
        select(
            Deliverable.task_id,
            Deliverable.promised,
            Deliverable.actual,
            Deliverable.status,
            Deliverable.description,
            Deliverable.id,
            Vendor.name,
        )
        .join(Vendor, Deliverable.vendor_id == Vendor.id)
        .where(Vendor.project_id == project_id, Deliverable.task_id.is_not(None))
        .order_by(Deliverable.id)
    )
    return [
        GatingRow(task_id, promised, actual, status, description, deliverable_id, vendor)
        for task_id, promised, actual, status, description, deliverable_id, vendor in rows
        if task_id is not None  # always true (the query keeps linked deliveries): narrows
    ]


def gating_rows_of(vendors: Iterable[Vendor]) -> list[GatingRow]:
    """The same rows as :func:`gating_rows`, from vendors loaded with their deliverables."""
    rows = [
        GatingRow(d.task_id, d.promised, d.actual, d.status, d.description, d.id, vendor.name)
        for vendor in vendors
        for d in vendor.deliverables
        if d.task_id is not None
    ]
    rows.sort(key=lambda row: row.deliverable_id)
    return rows


def gates_of(rows: Iterable[GatingRow], calendar: WorkingCalendar) -> dict[int, datetime]:
    """Task id -> the earliest start its deliveries allow (the latest of their gate days, at
    the calendar's day start). Tasks without gating deliveries are absent."""
    gates: dict[int, datetime] = {}
    for row in rows:
        if row.status == "cancelled":
            continue
        day = row.actual or row.promised
        if day is None:
            continue
        moment = day_start(calendar, day)
        if row.task_id not in gates or moment > gates[row.task_id]:
            gates[row.task_id] = moment
    return gates


def delivery_gates(
    session: Session, project_id: int, calendar: WorkingCalendar
) -> dict[int, datetime]:
    """The gates of the project's deliveries under ``calendar`` (see :func:`gates_of`)."""
    return gates_of(gating_rows(session, project_id), calendar)


@dataclass(frozen=True)
class DeliveryMarker:
    """A delivery drawn on its task's Gantt row."""

    date: date
    description: str
    late: bool
    delivered: bool = False
    vendor: str = ""
    deliverable_id: int = 0


def delivery_markers(
    session: Session, project_id: int, today: date | None = None
) -> dict[int, list[DeliveryMarker]]:
    """Task id -> its deliveries (gate day, what, late flag), in date order."""
    today = today or date.today()
    markers: dict[int, list[DeliveryMarker]] = {}
    for row in gating_rows(session, project_id):
        day = row.actual or row.promised
        if row.status == "cancelled" or day is None:
            continue
        late = (
            row.actual is None
            and row.promised is not None
            and row.promised < today
            and row.status not in CLOSED_DELIVERY_STATUSES
        )
        markers.setdefault(row.task_id, []).append(
            DeliveryMarker(
                date=day,
                description=row.description,
                late=late,
                delivered=row.actual is not None or row.status == "delivered",
                vendor=row.vendor,
                deliverable_id=row.deliverable_id,
            )
        )
    for items in markers.values():
        items.sort(key=lambda m: (m.date, m.deliverable_id))
    return markers


__all__ = [
    "CLOSED_DELIVERY_STATUSES",
    "DeliveryMarker",
    "GatingRow",
    "day_start",
    "delivery_gates",
    "delivery_markers",
    "gates_of",
    "gating_rows",
    "gating_rows_of",
    "is_late",
]
