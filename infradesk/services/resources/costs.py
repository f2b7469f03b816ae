"""What assignments cost, and a task's planned cost: its fixed cost + its assignments' costs.

The planned cost is read in three places, all through :func:`planned_costs` or
:func:`assigned_costs`: the Gantt's Cost column (``plan.outline``), a baseline's cost (hence
earned value's BAC and PV, ``plan.baselines``) and the weekly report's budget
(``status.facts``). ``Task.cost`` stays the fixed cost the user typed; ``Assignment.cost`` is
kept up to date when work or rates change, so the readers never need the rates.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from infradesk.model import Assignment, Resource, Task
from infradesk.services.bulk import update_by_id

CENT = Decimal("0.01")
ZERO = Decimal(0)


def _decimal(value: object) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value or 0))


def assignment_cost(
    kind: str, units: float, work_minutes: int, rate_per_hour: object, cost_per_use: object
) -> Decimal:
    """A person's or crew's: work hours x rate + cost per use; a material's: quantity x rate
    (its rate is per unit) + cost per use; a cost resource's: its cost per use."""
    rate, per_use = _decimal(rate_per_hour), _decimal(cost_per_use)
    if kind == "cost":
        amount = per_use
    elif kind == "material":
        amount = Decimal(str(units)) * rate + per_use
    else:
        amount = Decimal(int(work_minutes)) / 60 * rate + per_use
    return amount.quantize(CENT)


def recost_assignments(session: Session, resource_ids: Iterable[int]) -> set[int]:
    """Compute again the cost of every assignment of ``resource_ids`` (their rates changed);
    returns the tasks whose planned cost changed."""
    wanted = list(set(resource_ids))
    if not wanted:
        return set()
    rows = session.execute(
        select(
            Assignment.id,
            Assignment.task_id,
            Assignment.units,
            Assignment.work_minutes,
            Assignment.cost,
            Resource.kind,
            Resource.rate_per_hour,
            Resource.cost_per_use,
        )
        .join(Resource, Resource.id == Assignment.resource_id)
        .where(Assignment.resource_id.in_(wanted))
    ).all()
    changed: list[dict[str, object]] = []
    tasks: set[int] = set()
    for row in rows:
        cost = assignment_cost(
            row.kind, row.units, row.work_minutes, row.rate_per_hour, row.cost_per_use
        )
        if cost != _decimal(row.cost):
            changed.append({"id": row.id, "cost": cost})
            tasks.add(row.task_id)
    if changed:
        update_by_id(session, Assignment, changed)
    return tasks


def assigned_costs(session: Session, project_id: int) -> dict[int, Decimal]:
    """Per task of the project with assignments, the sum of their costs (exact, in Decimal)."""
    totals: dict[int, Decimal] = {}
    for task_id, cost in session.execute(
        select(Assignment.task_id, Assignment.cost)
        .join(Task, Task.id == Assignment.task_id)
        .where(Task.project_id == project_id)
    ):
        totals[task_id] = totals.get(task_id, ZERO) + _decimal(cost)
    return totals


def planned_costs(session: Session, project_id: int) -> dict[int, Decimal]:
    """Per task of the project, its planned cost: fixed cost + assignment costs (a summary's
    own, not rolled up: its readers roll up from the tasks)."""
    assigned = assigned_costs(session, project_id)
    return {
        task_id: _decimal(fixed) + assigned.get(task_id, ZERO)
        for task_id, fixed in session.execute(
            select(Task.id, Task.cost).where(Task.project_id == project_id)
        )
    }
