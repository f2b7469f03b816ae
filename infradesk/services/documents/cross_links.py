"""Cross-project predecessors in documents (issue 20).

In the JSON format a predecessor that names a project is a task of that project:
``{"project": "Wave 2", "task": 14, "type": "FS", "lag_minutes": 0}``. ``task`` is the task's
id in that project's part of the same document or, when the document does not hold the
project, its row number in the workspace's project (the id an export writes). The links are
stored once every project of the document is (a link may point forward), then the successors'
projects are rescheduled.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, aliased

from infradesk.interchange import document as d
from infradesk.interchange.document import DocumentError
from infradesk.model import CrossLink, Project, Task
from infradesk.services.plan.cross_links import wbs_codes
from infradesk.services.plan.propagation import topological
from infradesk.services.plan.scheduling import reschedule

_Pred = aliased(Task)
_LINK_TYPES: dict[str, d.LinkType] = {"FS": "FS", "SS": "SS", "FF": "FF", "SF": "SF"}


def export_external(session: Session, project_id: int) -> dict[int, tuple[d.ExternalLink, ...]]:
    """Per task of the project (database id), its predecessors in other projects, each named
    by project and row number (the id that project's export gives the task)."""
    rows = session.execute(
        select(
            CrossLink.successor_id,
            CrossLink.predecessor_id,
            CrossLink.type,
            CrossLink.lag_minutes,
            _Pred.project_id,
            Project.name,
        )
        .join(_Pred, _Pred.id == CrossLink.predecessor_id)
        .join(Project, Project.id == _Pred.project_id)
        .where(CrossLink.successor_id.in_(select(Task.id).where(Task.project_id == project_id)))
        .order_by(CrossLink.id)
    ).all()
    numbers: dict[int, dict[int, int]] = {}
    found: dict[int, list[d.ExternalLink]] = {}
    for succ, pred, kind, lag, other, name in rows:
        if other == project_id:
            continue
        if other not in numbers:
            numbers[other] = {t: i + 1 for i, t in enumerate(wbs_codes(session, other))}
        link_type = _LINK_TYPES.get((kind or "FS").upper(), "FS")
        found.setdefault(succ, []).append(
            d.ExternalLink(name, numbers[other][pred], link_type, int(lag or 0))
        )
    return {succ: tuple(links) for succ, links in found.items()}


def import_external(
    session: Session, document: d.Document, project_ids: Sequence[int]
) -> list[int]:
    """Store the document's cross-project predecessors (``project_ids``: the stored project
    of each document project, by index) and reschedule the projects they enter; returns
    those projects' ids. A missing project or task, or a loop, is a located DocumentError."""
    if not any(t.external_predecessors for p in document.projects for t in p.tasks):
        return []
    by_name: dict[str, int] = {}
    doc_ids: dict[int, dict[int, int]] = {}  # stored project -> document task id -> db id
    for index, data in enumerate(document.projects):
        stored = project_ids[index]
        by_name.setdefault(data.name, stored)
        db_ids = list(
            session.scalars(select(Task.id).where(Task.project_id == stored).order_by(Task.id))
        )
        doc_ids[stored] = {t.id: db_ids[i] for i, t in enumerate(data.tasks) if i < len(db_ids)}
    entered: set[int] = set()
    for index, data in enumerate(document.projects):
        stored = project_ids[index]
        for number, task in enumerate(data.tasks):
            for link in task.external_predecessors:
                here = f"projects[{index}].tasks[{number}].predecessors[{link.index}]"
                pred = _resolve(session, link, here, by_name, doc_ids)
                successor = doc_ids[stored][task.id]
                if _project_of(session, pred) == stored:
                    raise DocumentError(
                        f"{here}.project: '{link.project}' is this task's own project; "
                        "leave the project out"
                    )
                # lazy: needed only for links to other projects; 0.1 s of every import's start
                from infradesk.services.plan.cross_link_edits import (
                    CrossProjectLoop,
                    check_cross_link,
                )

                try:
                    check_cross_link(session, pred, successor)
                except CrossProjectLoop as error:
                    raise DocumentError(f"{here}: {error}") from error
                session.execute(
                    insert(CrossLink).values(
                        predecessor_id=pred,
                        successor_id=successor,
                        type=link.type,
                        lag_minutes=link.lag_minutes,
                    )
                )
                entered.add(stored)
    session.flush()
    order = topological({}, [], sorted(entered))
    for project_id in order:
        reschedule(session, project_id)  # and, through it, the projects downstream
    return order


def _project_of(session: Session, task_id: int) -> int | None:
    return session.scalar(select(Task.project_id).where(Task.id == task_id))


def _resolve(
    session: Session,
    link: d.ExternalLink,
    here: str,
    by_name: dict[str, int],
    doc_ids: dict[int, dict[int, int]],
) -> int:
    """The database id of the external predecessor ``link`` names."""
    other = by_name.get(link.project)
    if other is not None:
        found = doc_ids[other].get(link.task)
        if found is None:
            raise DocumentError(f"{here}.task: project '{link.project}' has no task {link.task}")
        return found
    other = session.scalar(select(Project.id).where(Project.name == link.project))
    if other is None:
        raise DocumentError(f"{here}.project: there is no project '{link.project}'")
    rows = list(wbs_codes(session, other))
    if not 1 <= link.task <= len(rows):
        raise DocumentError(f"{here}.task: project '{link.project}' has no task {link.task}")
    return rows[link.task - 1]
