"""Cross-project links: a task depending on a task of another project of the workspace.

How the successor's project schedules with them: each external predecessor's *stored* dates
(its own project's schedule) become a start-no-earlier-than *gate* on the successor, computed
per link type in the successor project's working time, exactly the bound an internal link of
that type and lag would give (the lag counts in the successor's calendar, as MS Project
counts it for external predecessors)::

    FS: start >= F_pred + lag           SS: start >= S_pred + lag
    FF: start >= F_pred + lag - d       SF: start >= S_pred + lag - d   (d: its duration)

The gates join the vendor delivery gates (:mod:`infradesk.services.vendors.gates`), so the
engine, the incremental rescheduler's fingerprint and the export all see them without a new
code path. A successor with a constraint other than ASAP/SNET keeps its constraint (like a
delivery gate: the PM pinned it by hand).

A slip propagates: :func:`propagate` reschedules every project downstream of a rescheduled
one, inside the caller's transaction (one undo restores them all).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session, aliased

from infradesk.model import CrossLink, Project, Task
from infradesk.schedule.calendar import WorkingCalendar, cached_axis

_Pred = aliased(Task)
_Succ = aliased(Task)


def _of_project(task: type[Task], project_id: int) -> ColumnElement[bool]:
    """``task`` (a link's end) is in the project, written so that the query walks the few
    cross links and looks each task up by id: compared as a plain column, SQLite walks the
    project's tasks through their project index instead and probes the links for each
    (16 ms per edit on 100,000 tasks, for a workspace with no cross link at all)."""
    return task.project_id + 0 == project_id


@dataclass(frozen=True)
class ExternalLink:
    """One cross link as the views show it: both tasks with their projects."""

    id: int
    predecessor_id: int
    successor_id: int
    type: str
    lag_minutes: int
    predecessor_project_id: int
    successor_project_id: int


def gate_of(
    calendar: WorkingCalendar,
    project_start: datetime,
    link_type: str,
    lag_minutes: int,
    pred_start: datetime,
    pred_finish: datetime,
    duration_minutes: int,
) -> datetime:
    """The earliest start a link of ``link_type`` from an external task on
    ``pred_start``-``pred_finish`` allows its successor (``duration_minutes`` long)."""
    axis = cached_axis(calendar, project_start.date())
    kind = (link_type or "FS").upper()
    anchor = pred_start if kind in ("SS", "SF") else pred_finish
    pos = axis.position_of(anchor) + int(lag_minutes or 0)
    if kind in ("FF", "SF"):
        pos -= max(0, int(duration_minutes or 0))
    return axis.start_at(pos)


def external_gates(
    session: Session,
    project_id: int,
    calendar: WorkingCalendar,
    project_start: datetime | None = None,
) -> dict[int, datetime]:
    """Per task of the project with external predecessors, the latest start they allow."""
    rows = session.execute(
        select(
            CrossLink.successor_id,
            CrossLink.type,
            CrossLink.lag_minutes,
            _Pred.start,
            _Pred.finish,
            _Succ.duration_minutes,
        )
        .join(_Succ, _Succ.id == CrossLink.successor_id)
        .join(_Pred, _Pred.id == CrossLink.predecessor_id)
        .where(_of_project(_Succ, project_id), _Pred.project_id != project_id)
    ).all()
    if not rows:
        return {}
    if project_start is None:
        project_start = session.scalar(select(Project.start).where(Project.id == project_id))
        if project_start is None:
            return {}
    gates: dict[int, datetime] = {}
    for succ, kind, lag, start, finish, duration in rows:
        if start is None or finish is None:
            continue  # the predecessor's project was never scheduled
        gate = gate_of(calendar, project_start, kind, lag, start, finish, duration)
        if succ not in gates or gate > gates[succ]:
            gates[succ] = gate
    return gates


def merge_gates(*maps: Mapping[int, datetime]) -> dict[int, datetime]:
    """Several gate maps as one: the later date wins per task."""
    merged: dict[int, datetime] = {}
    for gates in maps:
        for task_id, moment in gates.items():
            if task_id not in merged or moment > merged[task_id]:
                merged[task_id] = moment
    return merged


def project_graph(session: Session) -> dict[int, set[int]]:
    """Per project, the projects holding successors of its tasks (across cross links)."""
    graph: dict[int, set[int]] = {}
    for pred_project, succ_project in session.execute(
        select(_Pred.project_id, _Succ.project_id)
        .select_from(CrossLink)
        .join(_Pred, _Pred.id == CrossLink.predecessor_id)
        .join(_Succ, _Succ.id == CrossLink.successor_id)
        .distinct()
    ):
        if pred_project != succ_project:
            graph.setdefault(pred_project, set()).add(succ_project)
    return graph


def downstream_of(graph: Mapping[int, set[int]], project_ids: Iterable[int]) -> list[int]:
    """The projects reachable from ``project_ids`` (not themselves), nearest first."""
    start = list(project_ids)
    seen = set(start)
    order: list[int] = []
    queue = deque(start)
    while queue:
        for nxt in sorted(graph.get(queue.popleft(), ())):
            if nxt not in seen:
                seen.add(nxt)
                order.append(nxt)
                queue.append(nxt)
    return order


def successors_in(session: Session, project_id: int, from_project: int) -> list[int]:
    """The tasks of ``project_id`` with a predecessor in ``from_project``."""
    return list(
        session.scalars(
            select(CrossLink.successor_id)
            .join(_Succ, _Succ.id == CrossLink.successor_id)
            .join(_Pred, _Pred.id == CrossLink.predecessor_id)
            .where(_of_project(_Succ, project_id), _of_project(_Pred, from_project))
            .distinct()
        )
    )


def cross_predecessor_ids(session: Session, project_id: int) -> set[int]:
    """The tasks of ``project_id`` that have successors in other projects."""
    return set(
        session.scalars(
            select(CrossLink.predecessor_id)
            .join(_Pred, _Pred.id == CrossLink.predecessor_id)
            .where(_of_project(_Pred, project_id))
        )
    )


def links_of_project(session: Session, project_id: int) -> list[ExternalLink]:
    """The cross links touching the project (as predecessor or as successor side)."""
    rows = session.execute(
        select(
            CrossLink.id,
            CrossLink.predecessor_id,
            CrossLink.successor_id,
            CrossLink.type,
            CrossLink.lag_minutes,
            _Pred.project_id,
            _Succ.project_id,
        )
        .join(_Pred, _Pred.id == CrossLink.predecessor_id)
        .join(_Succ, _Succ.id == CrossLink.successor_id)
        .where(_of_project(_Pred, project_id) | _of_project(_Succ, project_id))
        .order_by(CrossLink.id)
    ).all()
    return [ExternalLink(*row) for row in rows]


def has_external_predecessors(session: Session, project_id: int) -> bool:
    """Whether a task of the project depends on a task of another project (one indexed probe
    per call: the incremental rescheduler asks before every edit)."""
    return (
        session.scalar(
            select(CrossLink.id)
            .join(_Succ, _Succ.id == CrossLink.successor_id)
            .where(_of_project(_Succ, project_id))
            .limit(1)
        )
        is not None
    )


def has_cross_successors(session: Session, project_id: int) -> bool:
    """Whether a task of another project depends on a task of this one."""
    return (
        session.scalar(
            select(CrossLink.id)
            .join(_Pred, _Pred.id == CrossLink.predecessor_id)
            .where(_of_project(_Pred, project_id))
            .limit(1)
        )
        is not None
    )


def wbs_codes(session: Session, project_id: int) -> dict[int, str]:
    """Per task of the project, its outline (WBS) code like ``1.2``, in row order (the
    Gantt's row numbers are the positions in this dict, from 1)."""
    children: dict[int | None, list[int]] = {}
    for task_id, parent_id in session.execute(
        select(Task.id, Task.parent_id)
        .where(Task.project_id == project_id)
        .order_by(Task.position, Task.id)
    ):
        children.setdefault(parent_id, []).append(task_id)
    known = {t for kids in children.values() for t in kids}
    codes: dict[int, str] = {}
    roots = children.get(None, []) + [
        t for key, kids in children.items() if key is not None and key not in known for t in kids
    ]
    stack = [(t, str(i + 1)) for i, t in reversed(list(enumerate(roots)))]
    while stack:  # depth first, in outline order: the dict's order is the rows' order
        task_id, code = stack.pop()
        codes[task_id] = code
        kids = children.get(task_id, [])
        stack.extend((kid, f"{code}.{i + 1}") for i, kid in reversed(list(enumerate(kids))))
    return codes


@dataclass(frozen=True)
class ExternalBar:
    """A task of another project linked to ``task_id`` of the shown one, as the Gantt draws
    it (greyed, read-only): ``incoming`` when it is ``task_id``'s predecessor, else its
    successor."""

    task_id: int
    other_id: int
    project: str
    name: str
    start: datetime | None
    finish: datetime | None
    milestone: bool
    type: str
    incoming: bool

    @property
    def label(self) -> str:
        return f"{self.project}: {self.name}"


def external_bars(session: Session, project_id: int) -> dict[int, list[ExternalBar]]:
    """Per task of the project, the external tasks linked to it (both directions)."""
    found: dict[int, list[ExternalBar]] = {}
    for link in links_of_project(session, project_id):
        incoming = link.successor_project_id == project_id
        mine, other = (
            (link.successor_id, link.predecessor_id)
            if incoming
            else (link.predecessor_id, link.successor_id)
        )
        row = session.execute(
            select(
                Task.name,
                Task.start,
                Task.finish,
                Task.milestone,
                Task.duration_minutes,
                Project.name,
            )
            .join(Project, Project.id == Task.project_id)
            .where(Task.id == other)
        ).one_or_none()
        if row is None:
            continue
        name, start, finish, milestone, duration, project = row
        found.setdefault(mine, []).append(
            ExternalBar(
                mine,
                other,
                project,
                name or "",
                start,
                finish,
                bool(milestone) or not duration,
                (link.type or "FS").upper(),
                incoming,
            )
        )
    return found


def touches_other_projects(session: Session, project_id: int) -> bool:
    """Whether the project has cross links (either way): only then may a link inside it
    close a loop through another project."""
    return has_external_predecessors(session, project_id) or has_cross_successors(
        session, project_id
    )
