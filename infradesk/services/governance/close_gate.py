"""The close gate: a project's close milestone cannot be marked done while an item of its
operational acceptance checklist is open (issue 20).

The gate is checked by :meth:`infradesk.services.commands.Command.apply` for every command,
whatever the path (a Gantt cell, the progress dialog, Update Tasks, a runbook's actuals, an
import): it reads the task rows the command touched from the row journal, so a command that
marks no task done costs one scan of its journal and no query. A command may carry a
:class:`CloseOverride` (``command.close_override``): then the milestone closes anyway and the
override is logged as a decision of the project, in the same transaction (undo removes both).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from infradesk.errors import UserError
from infradesk.model import Decision, HandoverItem, Project, Task
from infradesk.services import row_journal
from infradesk.services.risks.commands import next_code
from infradesk.services.risks.fields import CLOSED_HANDOVER_STATUSES, DECISION
from infradesk.services.row_journal import Images

OVERRIDE_TITLE = "Project closed with open acceptance items"
_LISTED = 6  # open items named in a refusal; the rest are counted


@dataclass(frozen=True)
class CloseOverride:
    """Close anyway: who decided it, why, and on which day (None: today)."""

    reason: str
    decided_by: str
    on: date | None = None


class HandoverGateError(UserError):
    """The close milestone was to be marked done while acceptance items are open; nothing
    was changed. ``open_items`` are (code, title) pairs; a UI may offer to close anyway."""

    def __init__(
        self,
        message: str,
        project_id: int,
        task_id: int,
        task_name: str,
        open_items: Sequence[tuple[str, str]],
    ) -> None:
        super().__init__(message)
        self.project_id = project_id
        self.task_id = task_id
        self.task_name = task_name
        self.open_items = tuple(open_items)


def is_done(percent_complete: float | None, actual_finish: Any) -> bool:
    return (percent_complete or 0) >= 100 or actual_finish is not None


def close_task_id(session: Session, project_id: int, before: Images | None = None) -> int | None:
    """The project's close milestone: the one the PM chose (when it still exists), else
    the milestone that finishes last (None: the project has no milestone).

    ``before``: a command's journal; the latest milestone is then the one *before* the
    command (an actual finish recorded on the last milestone may move it before another)."""
    chosen = session.scalar(select(Project.close_task_id).where(Project.id == project_id))
    if chosen is not None:
        exists = session.scalar(
            select(Task.id).where(Task.id == chosen, Task.project_id == project_id)
        )
        if exists is not None:
            return chosen
    if before is None:
        return session.scalar(
            select(Task.id)
            .where(Task.project_id == project_id, Task.milestone.is_(True))
            .order_by(Task.finish.desc(), Task.position.desc(), Task.id.desc())
            .limit(1)
        )
    found: dict[int, tuple[Any, int, int]] = {
        task_id: (finish, position, task_id)
        for task_id, finish, position in session.execute(
            select(Task.id, Task.finish, Task.position).where(
                Task.project_id == project_id, Task.milestone.is_(True)
            )
        )
    }
    for (name, task_id), image in before.items():
        if name != "task":
            continue
        if image is None:  # added by the command: not there before
            found.pop(task_id, None)
            continue
        was = row_journal.values("task", image)
        if was["project_id"] != project_id or not was["milestone"]:
            found.pop(task_id, None)
        else:
            found[task_id] = (was["finish"], was["position"], task_id)
    dated = [key for key in found.values() if key[0] is not None]
    return max(dated)[2] if dated else None


def open_items(session: Session, project_id: int) -> list[tuple[str, str]]:
    """The open acceptance items as (code, title), in checklist order."""
    rows = session.execute(
        select(HandoverItem.code, HandoverItem.title)
        .where(
            HandoverItem.project_id == project_id,
            HandoverItem.status.not_in(CLOSED_HANDOVER_STATUSES),
        )
        .order_by(HandoverItem.position, HandoverItem.code)
    )
    return [(code, title) for code, title in rows]


def items_text(items: Sequence[tuple[str, str]], limit: int | None = _LISTED) -> str:
    shown = items if limit is None else items[:limit]
    text = ", ".join(f"{code} {title}" for code, title in shown)
    if limit is not None and len(items) > limit:
        text += f" and {len(items) - limit} more"
    return text


def refusal(task_name: str, items: Sequence[tuple[str, str]]) -> str:
    count = len(items)
    noun = "acceptance item is" if count == 1 else "acceptance items are"
    return (
        f"Handover: {count} {noun} open: {items_text(items)}. "
        f"'{task_name}' is the project's close milestone and cannot be marked done until "
        "they are signed off or marked not applicable (Governance › Handover), "
        "or close anyway (the override is logged as a decision)."
    )


@cache
def _positions() -> tuple[int, int, int, int]:
    names = row_journal.columns("task")
    return (
        names.index("project_id"),
        names.index("percent_complete"),
        names.index("actual_finish"),
        names.index("milestone"),
    )


_MILESTONE = -1  # in a project's candidates: one of them was a milestone


def _not_done_before(before: Images) -> dict[int, set[int]]:
    """Per project, the touched tasks that existed and were not done before the command
    (with :data:`_MILESTONE` when one of them was a milestone)."""
    project_at, percent_at, finish_at, milestone_at = _positions()
    found: dict[int, set[int]] = {}
    for (name, row_id), image in before.items():
        if name != "task" or image is None:
            continue
        if not is_done(image[percent_at], image[finish_at]):
            found.setdefault(image[project_at], set()).add(row_id)
            if image[milestone_at]:
                found[image[project_at]].add(_MILESTONE)
    return found


def check(session: Session, before: Images, override: CloseOverride | None) -> bool:
    """Refuse (:class:`HandoverGateError`) when the command that journaled ``before`` marked
    a project's close milestone done while acceptance items are open; with ``override``,
    log the decision instead. Returns True when a decision row was added."""
    candidates = _not_done_before(before)
    if not candidates:
        return False
    with_open = set(
        session.scalars(
            select(HandoverItem.project_id)
            .where(
                HandoverItem.project_id.in_(candidates),
                HandoverItem.status.not_in(CLOSED_HANDOVER_STATUSES),
            )
            .distinct()
        )
    )
    logged = False
    for project_id in sorted(with_open):
        chosen = session.scalar(select(Project.close_task_id).where(Project.id == project_id))
        if chosen not in candidates[project_id] and _MILESTONE not in candidates[project_id]:
            continue  # no milestone touched: the latest milestone cannot be among them
        task_id = close_task_id(session, project_id, before)
        if task_id is None or task_id not in candidates[project_id]:
            continue
        row = session.execute(
            select(Task.name, Task.percent_complete, Task.actual_finish).where(Task.id == task_id)
        ).one()
        if not is_done(row.percent_complete, row.actual_finish):
            continue
        items = open_items(session, project_id)
        if override is None:
            raise HandoverGateError(refusal(row.name, items), project_id, task_id, row.name, items)
        log_override(session, project_id, row.name, items, override)
        logged = True
    return logged


def log_override(
    session: Session,
    project_id: int,
    task_name: str,
    items: Sequence[tuple[str, str]],
    override: CloseOverride,
) -> Decision:
    """The decision that records a close despite open items (D-nnn, decided today)."""
    reason = override.reason.strip()
    decided_by = override.decided_by.strip()
    if not reason:
        raise UserError("Close anyway: give the reason for closing with open acceptance items.")
    if not decided_by:
        raise UserError("Close anyway: give the name of who decides to close.")
    lines = [reason, "", f"Close milestone: {task_name}", "Open acceptance items:"]
    lines += [f"- {code} {title}" for code, title in items]
    decision = Decision(
        project_id=project_id,
        code=next_code(session, DECISION, project_id),
        title=OVERRIDE_TITLE,
        decided_on=override.on or date.today(),
        decided_by=decided_by[:200],
        rationale="\n".join(lines),
    )
    session.add(decision)
    session.flush()
    return decision


def open_count(session: Session, project_id: int) -> int:
    return int(
        session.scalar(
            select(func.count(HandoverItem.id)).where(
                HandoverItem.project_id == project_id,
                HandoverItem.status.not_in(CLOSED_HANDOVER_STATUSES),
            )
        )
        or 0
    )


@contextmanager
def guarded(
    session: Session, project_id: int, override: CloseOverride | None = None
) -> Iterator[None]:
    """The gate around writes made outside a command (the CLI's ``import --update``): the
    block's writes must not mark the close milestone done while items are open."""
    task_id = close_task_id(session, project_id)
    was_done = True
    if task_id is not None:
        was = session.execute(
            select(Task.percent_complete, Task.actual_finish).where(Task.id == task_id)
        ).one()
        was_done = is_done(was.percent_complete, was.actual_finish)
    yield
    if was_done or task_id is None:
        return
    session.flush()
    row = session.execute(
        select(Task.name, Task.percent_complete, Task.actual_finish).where(Task.id == task_id)
    ).one_or_none()
    if row is None or not is_done(row.percent_complete, row.actual_finish):
        return
    items = open_items(session, project_id)
    if not items:
        return
    if override is None:
        raise HandoverGateError(refusal(row.name, items), project_id, task_id, row.name, items)
    log_override(session, project_id, row.name, items, override)
