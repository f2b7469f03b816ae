"""The export's one read of a project's tasks and links, and the engine input made from the
same rows.

A 100,000-task export used to read every task twice: once for the engine's input
(``scheduling.plan_input_for``) and once for the document. Here the rows are read once, as
columns straight from the driver (``read_columns``), and both are built from them: the engine
input as ``scheduling.task_inputs`` / ``link_inputs`` build it (same values, same order), the
document's tasks by ``plan.export_plan`` (from rows) or ``task_table`` (the JSON export, from
the columns: :func:`read_plan_columns`, :func:`plan_input_of_columns`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import repeat
from operator import itemgetter
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from infradesk.model import Dependency, Task
from infradesk.schedule.engine import LinkInput, PlanInput, TaskInput
from infradesk.schedule.input_columns import link_inputs_of_columns, task_inputs_of_columns
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


@dataclass(frozen=True)
class PlanColumns:
    """A project's tasks as one list per ``TASK_COLUMNS`` entry (in storage order) and its
    links as one list per ``LINK_COLUMNS`` entry."""

    tasks: list[list[Any]]
    links: list[list[Any]]

    def by_position(self) -> list[int]:
        """The task rows' indexes in ``ORDER BY position, id`` (the engine's task order)."""
        ids, positions = self.tasks[_ID], self.tasks[_POSITION]
        keys = list(zip(positions, ids, strict=True))
        return sorted(range(len(ids)), key=keys.__getitem__)


def read_plan_columns(session: Session, project_id: int) -> PlanColumns:
    """Every task and link of the project, read once, as columns."""
    connection = session.connection()
    tasks = read_columns(connection, select(*TASK_COLUMNS).where(Task.project_id == project_id))
    links = read_columns(
        connection, select(*LINK_COLUMNS).where(Dependency.project_id == project_id)
    )
    return PlanColumns(tasks, links)


def read_plan_rows(session: Session, project_id: int) -> PlanRows:
    """Every task and link of the project, read once."""
    columns = read_plan_columns(session, project_id)
    return PlanRows(
        list(zip(*columns.tasks, strict=True)), list(zip(*columns.links, strict=True))
    )


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


def _converted(values: list[Any], convert: Any) -> list[Any]:
    """``convert`` of each value, once per distinct value (for conversions whose result is
    the same for equal values: ints, floats and flags normalised)."""
    table = {value: convert(value) for value in set(values)}
    return list(map(table.__getitem__, values))


def _whole_minutes(value: Any) -> int:
    return max(0, int(value or 0))


def _percent(value: Any) -> float:
    return float(value or 0.0)


def columns_engine_tasks(
    columns: PlanColumns, order: Sequence[int], gates: Mapping[int, datetime]
) -> list[TaskInput]:
    """:func:`engine_tasks` from the columns: ``scheduling.task_input`` of each task row, in
    ``order`` (``PlanColumns.by_position``), built column by column in storage order."""
    (ids, parents, _position, names, starts, _finish, durations, percents, milestones,
     _owner, _notes, constraints, constraint_dates, deadlines, production, _ref,
     actual_starts, actual_finishes, _cost, _actual_cost, _estimated, manuals, elapsed,
     _priority, _task_type, _calendar, delays, old_snets) = columns.tasks  # fmt: skip
    if any(old_snets) or any(map(gates.__contains__, ids)):
        kinds, moments = [], []
        for task_id, kind, moment, old in zip(
            ids, constraints, constraint_dates, old_snets, strict=True
        ):
            kind, moment = scheduling.gated_constraint(
                *scheduling.constraint_of(kind, moment, old), gates.get(task_id)
            )
            kinds.append(kind)
            moments.append(moment)
    else:  # constraint_of without the old column, no gate to apply
        kinds, moments = _converted(constraints, _kind), constraint_dates
    count = len(ids)
    tasks = task_inputs_of_columns(  # list(map(TaskInput, ...)) without its __init__ cost
        count,
        ids,
        parents,
        _converted(durations, _whole_minutes),
        map(bool, milestones),
        repeat(None, count),
        deadlines,
        map(bool, production),
        _converted(percents, _percent),
        [name or "" for name in names],
        kinds,
        moments,
        actual_starts,
        actual_finishes,
        map(bool, manuals),
        # a manual task's stored start is the user's
        [start if manual else None for start, manual in zip(starts, manuals, strict=True)],
        map(bool, elapsed),
        repeat(None, count),
        _converted(delays, _whole_minutes),
    )
    return list(map(tasks.__getitem__, order))


def columns_engine_links(columns: PlanColumns) -> list[LinkInput]:
    """:func:`engine_links` from the columns."""
    predecessors, successors, kinds, lags = columns.links
    return link_inputs_of_columns(  # list(map(LinkInput, ...)) without its __init__ cost
        len(predecessors),
        predecessors,
        successors,
        _converted(kinds, _link_kind),
        _converted(lags, _lag),
    )


def _link_kind(kind: str | None) -> str:
    return (kind or "FS").upper()


def _lag(lag: Any) -> int:
    return int(lag or 0)


def _kind(constraint_type: str | None) -> str:
    return (constraint_type or "ASAP").upper()


def plan_input_of_columns(
    session: Session, project_id: int, columns: PlanColumns, order: Sequence[int]
) -> PlanInput:
    """``scheduling.plan_input_for`` built from columns already read (``order``: their
    ``by_position``)."""
    return scheduling.plan_input_from(
        session,
        project_id,
        lambda gates: columns_engine_tasks(columns, order, gates),
        lambda: columns_engine_links(columns),
    )
