"""The export's one read of a project's tasks and links, and the engine input made from the
same rows.

A 100,000-task export used to read every task twice: once for the engine's input
(``scheduling.plan_input_for``) and once for the document. Here the rows are read once, as
columns straight from the driver (``read_columns``), and both are built from them: the engine
input as ``scheduling.task_inputs`` / ``link_inputs`` build it (same values, same order), the
document's tasks by ``plan.export_plan``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from infradesk.model import Dependency, Task
from infradesk.schedule.engine import LinkInput, PlanInput, TaskInput
from infradesk.services.plan import scheduling
from infradesk.store.columns import read_columns

# What the export reads of a task, in the order ``plan.export_plan`` unpacks it; the last
# column (the old start-no-earlier-than) only feeds the engine input.
TASK_COLUMNS = (
    Task.id,
    Task.parent_id,
    Task.position,
    Task.name,
    Task.start,
    Task.finish,
    Task.duration_minutes,
    Task.percent_complete,
    Task.milestone,
    Task.owner,
    Task.notes,
    Task.constraint_type,
    Task.constraint_date,
    Task.deadline,
    Task.production_change,
    Task.external_ref,
    Task.actual_start,
    Task.actual_finish,
    Task.cost,
    Task.actual_cost,
    Task.estimated,
    Task.manual,
    Task.elapsed,
    Task.priority,
    Task.task_type,
    Task.calendar_id,
    Task.leveling_delay_minutes,
    Task.start_no_earlier_than,
)
_ID, _POSITION = 0, 2
# scheduling.TASK_INPUT_COLUMNS as indexes into TASK_COLUMNS (task_input reads them so)
_INPUT_INDEXES = (0, 1, 6, 8, 27, 13, 14, 7, 3, 11, 12, 16, 17, 21, 4, 22, 26)
# (predecessor, successor, type, lag), the select of scheduling.link_inputs
LINK_COLUMNS = (
    Dependency.predecessor_id,
    Dependency.successor_id,
    Dependency.type,
    Dependency.lag_minutes,
)


@dataclass(frozen=True)
class PlanRows:
    """A project's task rows (tuples in ``TASK_COLUMNS`` order, as stored) and link rows
    (tuples in ``LINK_COLUMNS`` order)."""

    tasks: list[tuple[Any, ...]]
    links: list[tuple[Any, ...]]


def read_plan_rows(session: Session, project_id: int) -> PlanRows:
    """Every task and link of the project, read once."""
    connection = session.connection()
    tasks = read_columns(connection, select(*TASK_COLUMNS).where(Task.project_id == project_id))
    links = read_columns(
        connection, select(*LINK_COLUMNS).where(Dependency.project_id == project_id)
    )
    return PlanRows(list(zip(*tasks, strict=True)), list(zip(*links, strict=True)))


def engine_tasks(rows: Sequence[Sequence[Any]], gates: Mapping[int, datetime]) -> list[TaskInput]:
    """``scheduling.task_inputs`` over the rows: in ``ORDER BY position, id``, each row's
    values in ``TASK_INPUT_COLUMNS`` order."""
    ordered = sorted(rows, key=lambda row: (row[_POSITION], row[_ID]))
    pick = itemgetter(*_INPUT_INDEXES)
    return [scheduling.task_input(pick(row), gates) for row in ordered]


def engine_links(rows: Sequence[Sequence[Any]]) -> list[LinkInput]:
    """``scheduling.link_inputs`` over the rows."""
    return [LinkInput(p, s, (t or "FS").upper(), int(lag or 0)) for p, s, t, lag in rows]


def plan_input_of(session: Session, project_id: int, rows: PlanRows) -> PlanInput:
    """``scheduling.plan_input_for`` built from rows already read."""
    return scheduling.plan_input_from(
        session,
        project_id,
        lambda gates: engine_tasks(rows.tasks, gates),
        lambda: engine_links(rows.links),
    )
