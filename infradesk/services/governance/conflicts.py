"""Change conflicts as ServiceNow finds them: a pure function over plain inputs.

A piece of production work (a change request's window, or a task flagged production change
that no change request implements) is flagged when it

- runs inside a freeze or blackout window (the workspace's shared ones, its project's own, or
  a freeze of the project calendar) that concerns one of its services;
- falls outside every maintenance window of its services, when such windows exist;
- overlaps another change (of any project) on a service both name;
- needs a person who is booked then (assigned to another task, or implementing another
  change at the same time);
- is a normal change scheduled before its CAB review (its CAB date, or the next CAB meeting).

Services are compared case-insensitively; an empty set means "all services" for windows (a
window without services concerns every service, work without services touches every one).
Two changes only collide on a service both name. Instants are naive local date-times; every
interval is half-open ``[start, finish)``, so a window 22:00-02:00 across midnight simply
runs into the next day and one that ends when the work starts does not touch it.

The cost is O(windows x work + changes^2 + bookings of the people involved): bookings are
grouped by person and sorted once.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

FREEZE_KINDS = frozenset({"freeze", "blackout"})
#: classes a CAB need not review before the work (a standard change is pre-approved, an
#: emergency change goes to the emergency CAB)
CAB_EXEMPT = frozenset({"standard", "emergency"})
REVIEWED_OUTCOMES = frozenset({"approved", "approved with conditions"})
#: at most this many bookings are named per person (the rest are counted)
MAX_NAMED = 3


def split_names(text: str) -> frozenset[str]:
    """A comma (or semicolon) list as a set of lower-case names, blanks dropped."""
    return frozenset(
        part.strip().lower() for part in text.replace(";", ",").split(",") if part.strip()
    )


@dataclass(frozen=True)
class Window:
    """A freeze, blackout, maintenance window or CAB meeting. ``project_id`` None: shared by
    the workspace. ``origin`` says where it comes from in messages ("shared", "project",
    "calendar")."""

    name: str
    kind: str
    start: datetime
    finish: datetime  # exclusive
    services: frozenset[str] = frozenset()
    project_id: int | None = None
    origin: str = "shared"

    def applies_to(self, project_id: int) -> bool:
        return self.project_id is None or self.project_id == project_id


@dataclass(frozen=True)
class Work:
    """A change request or a production-change task, scheduled in ``[start, finish)``.

    ``key`` is ("change", id) or ("task", id); ``people`` the lower-case names who do it;
    ``own_tasks`` the task ids that are this work itself (a change's implementing task), so
    their bookings do not count against it. ``needs_cab``: a normal change (CAB required or
    class normal, not standard or emergency) not yet approved by a CAB."""

    key: tuple[str, int]
    project_id: int
    label: str
    start: datetime
    finish: datetime
    services: frozenset[str] = frozenset()
    people: frozenset[str] = frozenset()
    own_tasks: frozenset[int] = frozenset()
    needs_cab: bool = False
    cab_date: date | None = None
    requested: date | None = None


class Booking(NamedTuple):
    """A person busy on a task (an assignment) in ``[start, finish)``. A tuple, so a list of
    them sorts by person and start in C (the loader hands them in that order already)."""

    person: str  # lower case
    start: datetime
    finish: datetime
    task_id: int
    label: str


@dataclass(frozen=True)
class Conflict:
    """One reason a piece of work is flagged. ``rule``: freeze, maintenance, overlap,
    person or cab."""

    rule: str
    message: str


@dataclass
class ConflictInput:
    """Everything the rules look at; ``people`` maps a lower-case name to how it is shown."""

    work: Sequence[Work]
    windows: Sequence[Window] = ()
    bookings: Sequence[Booking] = ()
    today: date = field(default_factory=date.today)
    people: dict[str, str] = field(default_factory=dict)
    services: dict[str, str] = field(default_factory=dict)  # lower case -> as typed
    # the bookings come sorted by (person, start) already (the loader's ORDER BY): no sort
    bookings_sorted: bool = False


def when(start: datetime, finish: datetime) -> str:
    """``2026-12-05 22:00 – 12-06 02:00`` (the finish without its year, or only its time on
    the same day)."""
    left = start.strftime("%Y-%m-%d %H:%M")
    if finish.date() == start.date():
        return f"{left}–{finish:%H:%M}"
    if finish.year == start.year:
        return f"{left} – {finish:%m-%d %H:%M}"
    return f"{left} – {finish:%Y-%m-%d %H:%M}"


def _services_text(services: frozenset[str], names: dict[str, str]) -> str:
    """The services as the user typed them (``names``), or "all services"."""
    return ", ".join(sorted(names.get(s, s) for s in services)) if services else "all services"


def _touches(window: Window, work: Work) -> bool:
    """The window concerns a service the work touches ("" on either side: all)."""
    return not window.services or not work.services or bool(window.services & work.services)


def _overlaps(a_start: datetime, a_finish: datetime, b_start: datetime, b_finish: datetime) -> bool:
    return a_start < b_finish and b_start < a_finish


def find_conflicts(data: ConflictInput) -> dict[tuple[str, int], list[Conflict]]:
    """The conflicts of each piece of work that has any (work without conflicts is absent)."""
    found: dict[tuple[str, int], list[Conflict]] = defaultdict(list)
    by_project: dict[int | None, list[Window]] = defaultdict(list)
    for window in sorted(data.windows, key=lambda w: w.start):
        by_project[window.project_id].append(window)
    for work in data.work:
        mine = by_project.get(None, []) + by_project.get(work.project_id, [])
        out = found[work.key]
        freezes = [w for w in mine if w.kind in FREEZE_KINDS]
        out.extend(_freeze_conflicts(work, freezes, data.services))
        maintenance = [w for w in mine if w.kind == "maintenance"]
        out.extend(_maintenance_conflicts(work, maintenance, data.services))
        out.extend(_cab_conflicts(work, [w for w in mine if w.kind == "cab"], data.today))
    _overlap_conflicts(data.work, found, data.services)
    _people_conflicts(data, found)
    return {key: conflicts for key, conflicts in found.items() if conflicts}


def _freeze_conflicts(
    work: Work, freezes: Iterable[Window], names: dict[str, str]
) -> list[Conflict]:
    out = []
    for window in freezes:
        if (
            window.applies_to(work.project_id)
            and _touches(window, work)
            and _overlaps(work.start, work.finish, window.start, window.finish)
        ):
            where = {"shared": "workspace", "project": "project", "calendar": "calendar"}.get(
                window.origin, window.origin
            )
            out.append(
                Conflict(
                    "freeze",
                    f"Inside {where} {window.kind} '{window.name}' "
                    f"({when(window.start, window.finish)}, "
                    f"{_services_text(window.services, names)})",
                )
            )
    return out


def _maintenance_conflicts(
    work: Work, maintenance: Iterable[Window], names: dict[str, str]
) -> list[Conflict]:
    mine = [w for w in maintenance if w.applies_to(work.project_id) and _touches(w, work)]
    if not mine or any(w.start <= work.start and work.finish <= w.finish for w in mine):
        return []
    later = [w for w in mine if w.start >= work.start]
    nearest = min(later, key=lambda w: w.start) if later else max(mine, key=lambda w: w.start)
    services = _services_text(work.services, names) if work.services else "its services"
    return [
        Conflict(
            "maintenance",
            f"Outside the maintenance windows for {services} "
            f"(nearest: '{nearest.name}' {when(nearest.start, nearest.finish)})",
        )
    ]


def _cab_conflicts(work: Work, cabs: Sequence[Window], today: date) -> list[Conflict]:
    if not work.needs_cab:
        return []
    if work.cab_date is not None:
        if work.start.date() < work.cab_date:
            return [
                Conflict(
                    "cab",
                    f"Scheduled before CAB review on {work.cab_date.isoformat()} "
                    f"(starts {work.start:%Y-%m-%d %H:%M})",
                )
            ]
        return []
    after = datetime.combine(max(today, work.requested or today), datetime.min.time())
    reviews = [w for w in cabs if w.applies_to(work.project_id) and w.start >= after]
    if not reviews:
        return [
            Conflict(
                "cab",
                "Needs CAB review, but no CAB date is set and no CAB meeting is planned",
            )
        ]
    review = reviews[0]
    if work.start < review.finish:
        return [
            Conflict(
                "cab",
                f"Scheduled before CAB review on {review.start:%Y-%m-%d} ('{review.name}'; "
                f"starts {work.start:%Y-%m-%d %H:%M})",
            )
        ]
    return []


def _overlap_conflicts(
    work: Sequence[Work], found: dict[tuple[str, int], list[Conflict]], names: dict[str, str]
) -> None:
    """Changes overlapping on a service both name (each side gets a message)."""
    by_service: dict[str, list[Work]] = defaultdict(list)
    for item in work:
        if item.key[0] == "change":
            for service in item.services:
                by_service[service].append(item)
    pairs: dict[tuple[tuple[str, int], tuple[str, int]], set[str]] = defaultdict(set)
    for service, items in by_service.items():
        items.sort(key=lambda w: w.start)
        for n, first in enumerate(items):
            for second in items[n + 1 :]:
                if second.start >= first.finish:
                    break
                pairs[(first.key, second.key)].add(service)
    index = {item.key: item for item in work}
    for (a_key, b_key), services in pairs.items():
        a, b = index[a_key], index[b_key]
        shared = ", ".join(sorted(names.get(s, s) for s in services))
        for this, other in ((a, b), (b, a)):
            found[this.key].append(
                Conflict(
                    "overlap",
                    f"Overlaps {other.label} on {shared} ({when(other.start, other.finish)})",
                )
            )


def _people_conflicts(data: ConflictInput, found: dict[tuple[str, int], list[Conflict]]) -> None:
    """A person of the work busy on another task or another change at the same time.

    The bookings are sorted by (person, start) (unless they come sorted); a piece of work
    looks only at its person's bookings that start before its finish (two bisections)."""
    tasks = list(data.bookings) if data.bookings_sorted else sorted(data.bookings)
    changes = sorted(
        Booking(person, item.start, item.finish, -item.key[1], item.label)
        for item in data.work
        if item.key[0] == "change"
        for person in item.people
    )
    for item in data.work:
        own = set(item.own_tasks)
        own.add(-item.key[1] if item.key[0] == "change" else item.key[1])
        for person in sorted(item.people):
            clashes = _overlapping(tasks, person, item, own) + _overlapping(
                changes, person, item, own
            )
            if not clashes:
                continue
            clashes.sort()
            shown = data.people.get(person, person)
            named = "; ".join(f"{b.label} {when(b.start, b.finish)}" for b in clashes[:MAX_NAMED])
            more = f" and {len(clashes) - MAX_NAMED} more" if len(clashes) > MAX_NAMED else ""
            found[item.key].append(Conflict("person", f"{shown} is booked then: {named}{more}"))


def _overlapping(bookings: list[Booking], person: str, item: Work, own: set[int]) -> list[Booking]:
    """``person``'s bookings of the sorted ``bookings`` overlapping ``item``, not its own."""
    if not bookings:
        return []
    low = bisect.bisect_left(bookings, (person,))
    high = bisect.bisect_left(bookings, (person, item.finish))
    return [b for b in bookings[low:high] if b.finish > item.start and b.task_id not in own]
