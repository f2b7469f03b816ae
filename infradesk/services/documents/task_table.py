"""A project's tasks as the JSON export writes them, straight from its stored columns.

``plan.export_plan`` builds a frozen ``d.Task`` per task (a 100,000-task plan: 0.7 s before a
character is written). The JSON export needs only their values, column by column
(:class:`~infradesk.interchange.task_columns.TaskColumns`): here each column is taken from
the stored columns in document order with the conversions ``export_plan`` applies to each
field, so the text is the same (``tests/services/documents/test_json_export.py`` compares
both exports of plans with every kind of field)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import repeat
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from infradesk.interchange import document as d
from infradesk.interchange.task_columns import ComputedColumns, LinkRow, TaskColumns
from infradesk.model import BaseCalendar
from infradesk.schedule.computed_columns import computed_columns
from infradesk.schedule.engine import ScheduleResult
from infradesk.services.documents.cross_links import export_external
from infradesk.services.documents.plan import constraint_type_of, link_type_of
from infradesk.services.documents.plan_rows import PlanColumns


def outline_rows(columns: PlanColumns, order: Sequence[int]) -> tuple[list[int], list[str]]:
    """The task rows depth-first in sibling order (``order``: the rows by position and id)
    with their WBS codes (``1.2.3``), as ``plan.outline_order`` gives them: a row whose
    parent is not reached from the top is left out."""
    ids, parents = columns.tasks[0], columns.tasks[1]
    children: dict[int | None, list[int]] = {}
    for row in order:
        children.setdefault(parents[row], []).append(row)
    rows: list[int] = []
    codes: list[str] = []
    top = children.get(None, [])
    stack = list(zip(reversed(top), map(str, range(len(top), 0, -1)), strict=True))
    while stack:
        row, code = stack.pop()
        rows.append(row)
        codes.append(code)
        kids = children.get(ids[row])
        if kids:
            prefix = code + "."
            numbers = map(prefix.__add__, map(str, range(len(kids), 0, -1)))
            stack.extend(zip(reversed(kids), numbers, strict=True))
    return rows, codes


def task_table(
    session: Session,
    project_id: int,
    columns: PlanColumns,
    outline: tuple[list[int], list[str]],
    result: ScheduleResult | None,
    assignments: Mapping[int, tuple[d.Assignment, ...]],
) -> tuple[TaskColumns, dict[int, int]]:
    """The project's tasks in document order as columns (``outline``: their
    :func:`outline_rows`; ``result``: the engine's run over them, for the computed values;
    None: without), and database id -> document id."""
    rows, codes = outline
    (ids, parents, _position, names, starts, finishes, durations, percents, milestones,
     owners, notes, constraints, constraint_dates, deadlines, production, refs,
     actual_starts, actual_finishes, costs, actual_costs, estimated, manuals, elapsed,
     priorities, task_types, calendar_ids, delays, _old_snet) = (
        columns.tasks
        if rows == list(range(len(columns.tasks[0])))  # stored in outline order (usual)
        else [list(map(column.__getitem__, rows)) for column in columns.tasks]
    )  # fmt: skip
    count = len(rows)
    doc_ids = dict(zip(ids, range(1, count + 1), strict=True))
    calendar_names = _calendar_names(session, calendar_ids)
    external = export_external(session, project_id)  # predecessors in other projects
    kinds = _each_once(constraints, constraint_type_of)
    table = TaskColumns(
        id=range(1, count + 1),
        wbs=codes,
        name=names,
        # a few thousand summaries among 100,000 tasks: each looked up once
        parent=_each_once(parents, lambda parent: doc_ids[parent] if parent else None),
        start=starts,
        finish=finishes,
        duration_minutes=durations,
        percent_complete=percents,
        milestone=milestones,
        owner=owners,
        notes=notes,
        constraint_type=kinds,
        constraint_date=constraint_dates,
        start_no_earlier_than=[  # d.Task.start_no_earlier_than
            moment if kind == "SNET" else None
            for kind, moment in zip(kinds, constraint_dates, strict=True)
        ]
        if "SNET" in kinds
        else [None] * count,
        deadline=deadlines,
        production_change=production,
        external_ref=refs,
        actual_start=actual_starts,
        actual_finish=actual_finishes,
        cost=_or_default(costs, d.ZERO),
        actual_cost=_or_default(actual_costs, d.ZERO),
        estimated=_flags(estimated),
        manual=_flags(manuals),
        elapsed=_flags(elapsed),
        predecessors=_predecessors(columns.links, ids, doc_ids),
        external_predecessors=[external.get(task_id, ()) for task_id in ids]
        if external
        else [()] * count,
        priority=_or_default(priorities, d.DEFAULT_PRIORITY),
        task_type=task_types
        if None not in task_types and "" not in task_types
        else [value or "fixed_duration" for value in task_types],
        calendar=[calendar_names.get(value, "") if value else "" for value in calendar_ids]
        if any(calendar_ids)
        else [""] * count,
        leveling_delay_minutes=delays
        if set(map(type, delays)) == {int}
        else [value or 0 for value in delays],
        assignments=[assignments.get(task_id, ()) for task_id in ids]
        if assignments
        else [()] * count,
        computed=_computed(result, ids) if result is not None else None,
    )
    return table, doc_ids


def _or_default(values: list[Any], default: Any) -> list[Any]:
    """Each value, ``default`` for None (the column itself when it holds no None)."""
    if None not in values:
        return values
    return [default if value is None else value for value in values]


def _flags(values: list[Any]) -> list[bool]:
    """``bool`` of each value (the column itself when it holds flags only)."""
    return values if set(map(type, values)) <= {bool} else list(map(bool, values))


def _each_once(values: list[Any], convert: Any) -> list[Any]:
    """``convert`` of each value, once per distinct value (ids and texts: equal values are
    alike)."""
    table = {value: convert(value) for value in set(values)}
    return list(map(table.__getitem__, values))


def _calendar_names(session: Session, calendar_ids: list[int | None]) -> dict[int, str]:
    used = set(calendar_ids)
    used.discard(None)
    if not used:
        return {}
    query = select(BaseCalendar.id, BaseCalendar.name).where(BaseCalendar.id.in_(used))
    return {calendar_id: name for calendar_id, name in session.execute(query)}


def _predecessors(
    links: list[list[Any]], ids: list[int], doc_ids: Mapping[int, int]
) -> list[Sequence[LinkRow]]:
    """Each task's links within the project (in ``ids`` order) as ``plan.export_plan`` gives
    them: by the predecessor's document id, each type read once."""
    predecessors, successors, kinds, lags = links
    types = {kind: link_type_of(kind) for kind in set(kinds)}
    documented = list(map(doc_ids.get, predecessors))
    if None in documented:  # a predecessor not exported (not reached from the outline's top)
        exported = set(ids)
        for predecessor, successor, doc_id in zip(
            predecessors, successors, documented, strict=True
        ):
            if doc_id is None and successor in exported:  # export_plan: a KeyError too
                raise KeyError(predecessor)
        kept = [k for k, doc_id in enumerate(documented) if doc_id is not None]
        documented, successors, kinds, lags = (
            [column[k] for k in kept] for column in (documented, successors, kinds, lags)
        )
    rows = zip(cast(list[int], documented), map(types.__getitem__, kinds), lags, strict=True)
    by_successor: dict[int, list[LinkRow]] = {}
    for successor, row in zip(successors, rows, strict=True):
        found = by_successor.get(successor)
        if found is None:
            by_successor[successor] = [row]
        else:
            found.append(row)
    for found in by_successor.values():
        if len(found) > 1:  # most tasks have none or one
            found.sort(key=_first)
    none: tuple[LinkRow, ...] = ()
    return list(map(by_successor.get, ids, repeat(none)))


def _first(row: LinkRow) -> int:
    return row[0]


def _computed(result: ScheduleResult, ids: list[int]) -> ComputedColumns:
    values = computed_columns(result, ids)
    return ComputedColumns(*values)
