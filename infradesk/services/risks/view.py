"""What the RAID log views (risks, issues, change requests, assumptions, decisions) read,
each call in one read transaction of the workspace: the views get plain rows and (id, label)
choices, never a session.

A view names its rows' loader (e.g. :func:`infradesk.services.risks.queries.load_issues`) and its
links (:data:`RISK_TASKS`...); the functions here open the transaction and call them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from infradesk.model import ChangeRequest, Issue, Risk, Task
from infradesk.model.base import Base
from infradesk.model.risk import ChangeIssue, ChangeRisk, IssueTask, RiskAction, RiskTask
from infradesk.services.documents.plan import outline_order
from infradesk.services.risks import queries as risk_service
from infradesk.services.risks import scoring as rs
from infradesk.services.risks.commands import parse_changes
from infradesk.services.risks.fields import entity
from infradesk.store.workspace import Workspace

Loader = Callable[[Session, int], Sequence[Any]]  # (session, project id) -> a log's rows
Options = Callable[[Session, int], list[tuple[int, str]]]  # (session, project id) -> choices


def task_options(session: Session, project_id: int) -> list[tuple[int, str]]:
    """The project's tasks as (id, "WBS  name"), in outline order."""
    tasks = list(session.scalars(select(Task).where(Task.project_id == project_id)))
    return [(task.id, f"{code}  {task.name}") for task, code in outline_order(tasks)]


def _coded(session: Session, model: Any, project_id: int) -> list[tuple[int, str]]:
    rows = session.execute(
        select(model.id, model.code, model.title).where(model.project_id == project_id)
    )
    return [(i, f"{code}  {title}") for i, code, title in sorted(rows, key=lambda r: r[1])]


def risk_options(session: Session, project_id: int) -> list[tuple[int, str]]:
    return _coded(session, Risk, project_id)


def change_options(session: Session, project_id: int) -> list[tuple[int, str]]:
    return _coded(session, ChangeRequest, project_id)


def issue_options(session: Session, project_id: int) -> list[tuple[int, str]]:
    return _coded(session, Issue, project_id)


@dataclass(frozen=True)
class LinkKind:
    """A link table between a record and others (a risk's tasks, a change's issues...)."""

    link_model: type[Base]
    owner_column: str
    other_column: str
    options: Options  # the records that may be linked


RISK_TASKS = LinkKind(RiskTask, "risk_id", "task_id", task_options)
ISSUE_TASKS = LinkKind(IssueTask, "issue_id", "task_id", task_options)
CHANGE_RISKS = LinkKind(ChangeRisk, "change_id", "risk_id", risk_options)
CHANGE_ISSUES = LinkKind(ChangeIssue, "change_id", "issue_id", issue_options)


def load_rows(workspace: Workspace, loader: Loader, project_id: int) -> Sequence[Any]:
    """The rows of one log."""
    with workspace.read_session() as session:
        return loader(session, project_id)


def load_choices(
    workspace: Workspace, project_id: int, options: Mapping[str, Options]
) -> dict[str, list[tuple[int, str]]]:
    """The (id, label) choices of each named option list, read in one transaction."""
    with workspace.read_session() as session:
        return {name: query(session, project_id) for name, query in options.items()}


def records_changed_by(
    workspace: Workspace, key: str, record_ids: Sequence[int], raw: dict[str, Any]
) -> list[int]:
    """The records of log ``key`` whose values ``raw`` would change (after validation;
    raises ``RaidEditError`` naming the first bad field)."""
    model = entity(key).model
    changed = []
    with workspace.read_session() as session:
        for record_id in record_ids:
            parsed = parse_changes(session, key, record_id, raw)
            record = session.get(model, record_id)
            if any(getattr(record, k) != v for k, v in parsed.items()):
                changed.append(record_id)
    return changed


def scoring_settings(workspace: Workspace, project_id: int) -> rs.ScoringSettings:
    with workspace.read_session() as session:
        return rs.load_settings(session, project_id)


def risk_detail(
    workspace: Workspace, risk_id: int
) -> tuple[list[RiskAction], list[risk_service.HistoryEntry]]:
    """A risk's response actions and the timeline of its history."""
    with workspace.read_session() as session:
        return risk_service.load_actions(session, risk_id), risk_service.risk_timeline(
            session, risk_id
        )
