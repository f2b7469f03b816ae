"""Assignments read and written without a command: the Assigned cell's texts, the rows the
other views and the exporters read, and the writes the commands (and importers) build on.

It sits below the commands (``assignments.py``) and the task edits (``plan.field_edits``),
which both call it: the owner field sets the primary assignment, a new duration reworks the
task's assignments. Rows are written with SQLAlchemy Core, as the task edits do (no ORM object
goes stale). The pool is read through a small query of its own (a few hundred rows) so names
are matched as the user reads them: trimmed, ignoring case (``str.casefold``, not SQLite's
ASCII-only ``lower``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple, cast

from sqlalchemy import Table, bindparam, delete, exists, insert, select, update
from sqlalchemy.orm import Session

from infradesk.interchange.assignment_text import (
    AssignmentSpec,
    AssignmentTextError,
    format_assignment,
)
from infradesk.model import Assignment, Resource, Task
from infradesk.services.plan.errors import TaskEditError
from infradesk.services.resources.costs import ZERO, assignment_cost
from infradesk.services.resources.work import Load, after_duration, reconcile, work_of

_TABLE = cast(Table, Assignment.__table__)  # declared as a FromClause by the ORM
_PAIR = (_TABLE.c.task_id == bindparam("b_task")) & (
    _TABLE.c.resource_id == bindparam("b_resource")
)


@dataclass(frozen=True)
class AssignmentRow:
    """One assignment as the views and exporters read it (units: 1.0 = 100%, or a material's
    quantity; work in working minutes)."""

    task_id: int
    resource_id: int
    resource_name: str
    units: float
    work_minutes: int
    cost: Decimal
    position: int
    kind: str = "work"
    material_label: str = ""


@dataclass(frozen=True)
class AssignedState:
    """What the Gantt shows of one task's assignments: the Assigned cell, the names (for the
    filter and the bars) and their cost (added to the fixed cost)."""

    text: str = ""
    names: tuple[str, ...] = ()
    cost: Decimal = ZERO
    work_minutes: int = 0  # the people's and crews' work (MS Project's Work field)


@dataclass(frozen=True)
class _PoolEntry:
    id: int
    name: str
    kind: str
    material_label: str
    rate_per_hour: Decimal
    cost_per_use: Decimal


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _pool(session: Session) -> dict[str, _PoolEntry]:
    return {
        _key(row.name): _PoolEntry(
            row.id,
            row.name,
            row.kind,
            row.material_label or "",
            row.rate_per_hour or ZERO,
            row.cost_per_use or ZERO,
        )
        for row in session.execute(
            select(
                Resource.id,
                Resource.name,
                Resource.kind,
                Resource.material_label,
                Resource.rate_per_hour,
                Resource.cost_per_use,
            )
        )
    }


def _create(session: Session, name: str, kind: str = "work", label: str = "") -> _PoolEntry:
    """A new resource of the pool (MS Project creates one for a name typed in an assignment)."""
    name = " ".join(name.split())
    if len(name) > 200:
        raise AssignmentTextError(f"'{name[:40]}…': a resource name has at most 200 characters")
    new_id = session.execute(
        insert(Resource).values(name=name, kind=kind, material_label=label).returning(Resource.id)
    ).scalar_one()
    return _PoolEntry(new_id, name, kind, label, ZERO, ZERO)


# ---------------------------------------------------------------------------------- reading


_ROW_COLUMNS = (
    Assignment.task_id,
    Assignment.resource_id,
    Resource.name,
    Assignment.units,
    Assignment.work_minutes,
    Assignment.cost,
    Assignment.position,
    Resource.kind,
    Resource.material_label,
)


def _rows(session: Session, where: Any) -> list[AssignmentRow]:
    return [
        AssignmentRow(
            r[0],
            r[1],
            r[2],
            float(r[3]),
            int(r[4] or 0),
            r[5] or ZERO,
            int(r[6]),
            r[7],
            r[8] or "",
        )
        for r in session.execute(
            select(*_ROW_COLUMNS)
            .join(Resource, Resource.id == Assignment.resource_id)
            .where(where)
            .order_by(Assignment.task_id, Assignment.position, Assignment.id)
        )
    ]


def assignments_of_project(session: Session, project_id: int) -> list[AssignmentRow]:
    """Every assignment of the project's tasks, by task then position (primary first)."""
    in_project = select(Task.id).where(Task.project_id == project_id)
    return _rows(session, Assignment.task_id.in_(in_project))


def assignments_of_task(session: Session, task_id: int) -> list[AssignmentRow]:
    """One task's assignments, primary first."""
    return _rows(session, Assignment.task_id == task_id)


def assignment_text(rows: Iterable[AssignmentRow]) -> str:
    """The Assigned cell of one task's rows (in position order)."""
    return "; ".join(
        format_assignment(
            r.resource_name, r.units, material=r.kind == "material", label=r.material_label
        )
        for r in rows
    )


def _states(rows: Iterable[AssignmentRow]) -> dict[int, AssignedState]:
    by_task: dict[int, list[AssignmentRow]] = {}
    for row in rows:
        by_task.setdefault(row.task_id, []).append(row)
    return {
        task_id: AssignedState(
            assignment_text(found),
            tuple(r.resource_name for r in found),
            sum((r.cost for r in found), ZERO),
            sum(r.work_minutes for r in found if r.kind == "work"),
        )
        for task_id, found in by_task.items()
    }


def assigned_texts(session: Session, project_id: int) -> dict[int, str]:
    """Task id -> its Assigned cell text, for the tasks of the project that have any."""
    return {t: s.text for t, s in _states(assignments_of_project(session, project_id)).items()}


def assigned_states(session: Session, project_id: int) -> dict[int, AssignedState]:
    """Task id -> what the Gantt shows of its assignments (tasks without any are left out).

    The Gantt's load path: plain tuples (no row objects), each resource's part of the text
    formatted once per distinct units, costs summed in Decimal per task."""
    in_project = select(Task.id).where(Task.project_id == project_id)
    rows = session.execute(
        select(
            Assignment.task_id,
            Resource.name,
            Resource.kind,
            Resource.material_label,
            Assignment.units,
            Assignment.cost,
            Assignment.work_minutes,
        )
        .join(Resource, Resource.id == Assignment.resource_id)
        .where(Assignment.task_id.in_(in_project))
        .order_by(Assignment.task_id, Assignment.position, Assignment.id)
    )
    parts: dict[tuple[str, str, str, float], str] = {}
    by_task: dict[int, tuple[list[str], list[str], list[Decimal], list[int]]] = {}
    for task_id, name, kind, label, units, cost, work in rows:
        key = (name, kind, label or "", units)
        part = parts.get(key)
        if part is None:
            part = parts[key] = format_assignment(
                name, float(units), material=kind == "material", label=label or ""
            )
        found = by_task.get(task_id)
        if found is None:
            found = by_task[task_id] = ([], [], [], [])
        found[0].append(part)
        found[1].append(name)
        found[2].append(cost or ZERO)
        if kind == "work":
            found[3].append(int(work or 0))
    return {
        task_id: AssignedState("; ".join(texts), tuple(names), sum(costs, ZERO), sum(works))
        for task_id, (texts, names, costs, works) in by_task.items()
    }


def assigned_states_of(session: Session, task_ids: Iterable[int]) -> dict[int, AssignedState]:
    """As :func:`assigned_states` for some tasks; a task without assignments maps to an
    empty state (an edit that removed them must say so)."""
    wanted = list(task_ids)
    found = _states(_rows(session, Assignment.task_id.in_(wanted)))
    return {task_id: found.get(task_id, AssignedState()) for task_id in wanted}


# ---------------------------------------------------------------------------------- writing


def _task(session: Session, task_id: int) -> Any:
    row = session.execute(
        select(Task.name, Task.duration_minutes, Task.task_type, Task.milestone).where(
            Task.id == task_id
        )
    ).one_or_none()
    if row is None:
        raise TaskEditError("That task no longer exists.")
    return row


def is_summary(session: Session, task_id: int) -> bool:
    return bool(session.scalar(select(exists().where(Task.parent_id == task_id))))


def _units(spec: AssignmentSpec, resource: _PoolEntry, part: str) -> float:
    if resource.kind == "material":
        if spec.percent:
            label = f" {resource.material_label}" if resource.material_label else ""
            raise AssignmentTextError(
                f"'{part}': {resource.name} is a material: give a quantity, like "
                f"{resource.name}[200{label}], not a percentage"
            )
        return spec.quantity()
    if resource.kind == "cost":
        if spec.value is not None:
            raise AssignmentTextError(
                f"'{part}': {resource.name} is a cost resource: it takes no units; write its "
                "name alone"
            )
        return 1.0
    if spec.label:
        raise AssignmentTextError(
            f"'{part}': {resource.name} is a person or crew: give units as a percentage, like "
            f"{resource.name}[50%]"
        )
    return spec.work_units()


def _part(spec: AssignmentSpec) -> str:
    if spec.value is None:
        return spec.name
    suffix = "%" if spec.percent else (f" {spec.label}" if spec.label else "")
    return f"{spec.name}[{spec.value:g}{suffix}]"


class CreatedResource(NamedTuple):
    """A resource an assignment created (a name the pool did not know)."""

    id: int
    name: str


def set_assignments(
    session: Session, task_id: int, specs: Sequence[AssignmentSpec]
) -> list[CreatedResource]:
    """Make the task's assignments exactly ``specs`` (in order: the first is the primary, whose
    name becomes ``Task.owner``). Unknown names become work resources (materials when a unit
    label is given, ``Fibre[200 m]``); work follows the task type (:mod:`.work`), which may
    change the task's duration; costs are computed. Returns the resources it created.
    Refuses a summary task and units that do not fit the resource's kind."""
    task = _task(session, task_id)
    if specs and is_summary(session, task_id):
        raise TaskEditError(
            f"'{task.name}' is a summary task: assign resources to its subtasks (its work rolls "
            "up from them)"
        )
    pool = _pool(session)
    created: list[CreatedResource] = []
    chosen: list[tuple[_PoolEntry, float]] = []
    for spec in specs:
        resource = pool.get(_key(spec.name))
        if resource is None:
            kind = "material" if spec.label else "work"
            resource = _create(session, spec.name, kind, spec.label)
            pool[_key(spec.name)] = resource
            created.append(CreatedResource(resource.id, resource.name))
        chosen.append((resource, _units(spec, resource, _part(spec))))
    existing = {r.resource_id: r for r in assignments_of_task(session, task_id)}
    duration = int(task.duration_minutes or 0)
    task_type = task.task_type or "fixed_duration"
    working = [(r.id, units) for r, units in chosen if r.kind == "work"]
    old_loads = {
        rid: Load(row.units, row.work_minutes)
        for rid, row in existing.items()
        if row.kind == "work" and any(rid == w for w, _ in working)
    }
    new_duration, loads = reconcile(task_type, duration, old_loads, working)
    work = {rid: load for (rid, _), load in zip(working, loads, strict=True)}
    kept = {r.id for r, _ in chosen}
    gone = [rid for rid in existing if rid not in kept]
    if gone:
        session.execute(
            delete(Assignment).where(
                Assignment.task_id == task_id, Assignment.resource_id.in_(gone)
            )
        )
    updates: list[dict[str, Any]] = []
    inserts: list[dict[str, Any]] = []
    for position, (resource, units) in enumerate(chosen):
        load = work.get(resource.id)
        minutes = load.work if load is not None else 0
        units = load.units if load is not None else units
        values = {
            "units": units,
            "work_minutes": minutes,
            "cost": assignment_cost(
                resource.kind, units, minutes, resource.rate_per_hour, resource.cost_per_use
            ),
            "position": position,
        }
        if resource.id in existing:
            updates.append({"b_task": task_id, "b_resource": resource.id, **values})
        else:
            inserts.append({"task_id": task_id, "resource_id": resource.id, **values})
    if updates:
        _update_by_pair(session, updates)
    if inserts:
        session.execute(insert(Assignment), inserts)
    task_values: dict[str, Any] = {"owner": chosen[0][0].name if chosen else ""}
    if new_duration != duration:
        task_values["duration_minutes"] = new_duration
        task_values["milestone"] = new_duration == 0
    session.execute(update(Task).where(Task.id == task_id).values(task_values))
    return created


def _update_by_pair(session: Session, rows: list[dict[str, Any]]) -> None:
    _many(
        session,
        update(_TABLE)
        .where(_PAIR)
        .values(
            units=bindparam("units"),
            work_minutes=bindparam("work_minutes"),
            cost=bindparam("cost"),
            position=bindparam("position"),
        ),
        rows,
    )


def set_primary(session: Session, task_id: int, name: str) -> tuple[str, list[int]]:
    """The Owner field was set to ``name``: make that resource the primary assignee (created
    as a work resource when unknown; moved to the front when already assigned; else it takes
    the primary's place, keeping its units). An empty name removes the primary assignment.
    Returns the owner text to store (the resource's own spelling) and the ids of the resources
    it created. A summary task's owner stays a plain text (summaries take no assignments)."""
    name = " ".join((name or "").split())
    if is_summary(session, task_id):
        return name, []
    task = _task(session, task_id)
    rows = assignments_of_task(session, task_id)
    primary = next((r for r in rows if r.position == 0), None)
    if not name:
        if primary is not None:
            session.execute(
                delete(Assignment).where(
                    Assignment.task_id == task_id, Assignment.resource_id == primary.resource_id
                )
            )
        return "", []
    pool = _pool(session)
    created: list[int] = []
    resource = pool.get(_key(name))
    if resource is None:
        resource = _create(session, name)
        created.append(resource.id)
    mine = next((r for r in rows if r.resource_id == resource.id), None)
    if mine is not None:
        if mine.position != 0:
            moves = [{"b_task": task_id, "b_resource": resource.id, "position": 0}]
            if primary is not None:
                moves.append(
                    {
                        "b_task": task_id,
                        "b_resource": primary.resource_id,
                        "position": mine.position,
                    }
                )
            _move(session, moves)
        return resource.name, created
    duration = int(task.duration_minutes or 0)
    units = primary.units if primary is not None and primary.kind == resource.kind else 1.0
    minutes = work_of(duration, units) if resource.kind == "work" else 0
    if primary is not None and primary.kind == resource.kind == "work":
        minutes = primary.work_minutes
    values = {
        "resource_id": resource.id,
        "units": units,
        "work_minutes": minutes,
        "cost": assignment_cost(
            resource.kind, units, minutes, resource.rate_per_hour, resource.cost_per_use
        ),
        "position": 0,
    }
    if primary is None:
        session.execute(insert(Assignment).values(task_id=task_id, **values))
    else:
        session.execute(
            update(Assignment)
            .where(Assignment.task_id == task_id, Assignment.resource_id == primary.resource_id)
            .values(values)
        )
    return resource.name, created


def _move(session: Session, moves: list[dict[str, Any]]) -> None:
    _many(
        session,
        update(_TABLE)
        .where(_PAIR)
        .values(position=bindparam("position")),
        moves,
    )


_REWORK_COLUMNS = (
    Assignment.id,
    Assignment.units,
    Assignment.work_minutes,
    Assignment.cost,
    Resource.kind,
    Resource.rate_per_hour,
    Resource.cost_per_use,
)


def rework_for_duration(session: Session, task_id: int, duration: int) -> list[dict[str, Any]]:
    """The task's duration became ``duration``: its work assignments follow by the task type
    (:func:`.work.after_duration`) and are costed again, in one UPDATE. Returns the rows as they
    were (for :func:`restore_assignments`); nothing is written for a task without any."""
    rows = session.execute(
        select(*_REWORK_COLUMNS, Task.task_type)
        .join(Resource, Resource.id == Assignment.resource_id)
        .join(Task, Task.id == Assignment.task_id)
        .where(Assignment.task_id == task_id, Resource.kind == "work")
    ).all()
    if not rows:
        return []
    task_type = rows[0].task_type or "fixed_duration"
    loads = after_duration(task_type, duration, [Load(r.units, r.work_minutes) for r in rows])
    old = [
        {"b_id": r.id, "units": r.units, "work_minutes": r.work_minutes, "cost": r.cost}
        for r in rows
    ]
    new = [
        {
            "b_id": r.id,
            "units": load.units,
            "work_minutes": load.work,
            "cost": assignment_cost(
                r.kind, load.units, load.work, r.rate_per_hour, r.cost_per_use
            ),
        }
        for r, load in zip(rows, loads, strict=True)
    ]
    restore_assignments(session, new)
    return old


def restore_assignments(session: Session, rows: list[dict[str, Any]]) -> None:
    """Write units, work and cost of assignments by id (``b_id``), in one statement."""
    if not rows:
        return
    _many(
        session,
        update(_TABLE)
        .where(_TABLE.c.id == bindparam("b_id"))
        .values(
            units=bindparam("units"),
            work_minutes=bindparam("work_minutes"),
            cost=bindparam("cost"),
        ),
        rows,
    )


def _many(session: Session, statement: Any, rows: list[dict[str, Any]]) -> None:
    """One UPDATE run for every row (Core on the session's connection: the ORM's bulk
    update by primary key does not take a WHERE of our own)."""
    session.connection().execute(statement, rows)


def snapshot_assignments(session: Session, task_id: int) -> list[dict[str, Any]]:
    """The task's assignment rows as they are, every column (for :func:`put_back`)."""
    rows = session.execute(select(_TABLE).where(_TABLE.c.task_id == task_id))
    return [dict(r._mapping) for r in rows]


def put_back(
    session: Session, task_id: int, rows: list[dict[str, Any]], created: Iterable[int] = ()
) -> None:
    """The task's assignments exactly ``rows`` again (same ids); the resources ``created``
    by the edit removed."""
    session.execute(delete(Assignment).where(Assignment.task_id == task_id))
    if rows:
        session.connection().execute(insert(_TABLE), rows)
    drop = list(created)
    if drop:
        session.execute(delete(Resource).where(Resource.id.in_(drop)))
