"""Baselines: named copies of a project's dates, and the plan's variance against one.

Variance is measured in *working days* of the project calendar (positive = later than the
baseline), so a slip over a weekend counts what was really lost.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from infradesk.errors import UserError
from infradesk.model import Baseline, BaselineTask, Project, Task
from infradesk.schedule.calendar import TimeAxis
from infradesk.services.commands import ProjectCommand
from infradesk.services.plan.scheduling import calendar_of

MAX_NAME = 200


class BaselineError(UserError, ValueError):
    """A baseline operation was refused; the message is for the user."""


@dataclass(frozen=True)
class BaselineInfo:
    id: int
    name: str
    created_at: datetime
    task_count: int


@dataclass(frozen=True)
class TaskVariance:
    """One task against a baseline. Day counts are working days (None when a date is
    missing on either side, e.g. a task added after the baseline was saved)."""

    task_id: int
    baseline_start: datetime | None
    baseline_finish: datetime | None
    start: datetime | None
    finish: datetime | None
    start_days: float | None
    finish_days: float | None
    duration_days: float | None  # current duration minus baselined duration

    @property
    def in_baseline(self) -> bool:
        return self.baseline_start is not None or self.baseline_finish is not None


def _check_name(session: Session, project_id: int, name: str) -> str:
    name = name.strip()
    if not name:
        raise BaselineError("A baseline needs a name.")
    if len(name) > MAX_NAME:
        raise BaselineError(f"A baseline name has at most {MAX_NAME} characters.")
    clash = session.scalar(
        select(Baseline.id).where(Baseline.project_id == project_id, Baseline.name == name)
    )
    if clash is not None:
        raise BaselineError(f"This project already has a baseline named '{name}'.")
    return name


def save_baseline(
    session: Session, project_id: int, name: str, created_at: datetime | None = None
) -> Baseline:
    """Store the project's current start, finish, duration and planned cost of every task
    under ``name``. A summary's cost is the sum of its subtasks' (its own cost field is
    ignored: imported plans store the roll-up there, which would count twice)."""
    if session.get(Project, project_id) is None:
        raise BaselineError(f"There is no project with id {project_id}.")
    name = _check_name(session, project_id, name)
    baseline = Baseline(
        project_id=project_id,
        name=name,
        created_at=created_at or datetime.now().replace(second=0, microsecond=0),
    )
    session.add(baseline)
    session.flush()
    tasks = session.execute(
        select(
            Task.id, Task.parent_id, Task.start, Task.finish, Task.duration_minutes, Task.cost
        ).where(Task.project_id == project_id)
    ).all()
    costs = rolled_up_costs({t.id: (t.parent_id, t.cost) for t in tasks})
    rows = [
        {
            "baseline_id": baseline.id,
            "task_id": t.id,
            "start": t.start,
            "finish": t.finish,
            "duration_minutes": t.duration_minutes,
            "cost": costs[t.id],
        }
        for t in tasks
    ]
    if rows:
        session.execute(insert(BaselineTask), rows)
    session.expire(baseline, ["tasks"])
    return baseline


def rolled_up_costs(
    tasks: Mapping[int, tuple[int | None, Decimal | None]],
) -> dict[int, Decimal]:
    """Per task id (-> parent id, own cost) its cost: its own for a task without children,
    the sum of its children's for a summary."""
    children: dict[int, list[int]] = {}
    for task_id, (parent_id, _) in tasks.items():
        if parent_id is not None and parent_id in tasks:
            children.setdefault(parent_id, []).append(task_id)
    result: dict[int, Decimal] = {}
    for root in tasks:
        if root in result:
            continue
        stack = [(root, False)]
        while stack:  # post-order without recursion (outlines may be deep)
            task_id, expanded = stack.pop()
            kids = children.get(task_id)
            if not kids:
                result[task_id] = tasks[task_id][1] or Decimal(0)
            elif expanded:
                result[task_id] = sum((result[k] for k in kids), Decimal(0))
            else:
                stack.append((task_id, True))
                stack.extend((k, False) for k in kids if k not in result)
    return result


def earned_value_baseline_id(session: Session, project_id: int) -> int | None:
    """The baseline earned value is measured against: the one chosen for it, else the
    latest; None when the project has none."""
    return session.scalar(
        select(Baseline.id)
        .where(Baseline.project_id == project_id)
        .order_by(Baseline.for_earned_value.desc(), Baseline.created_at.desc(), Baseline.id.desc())
        .limit(1)
    )


def list_baselines(session: Session, project_id: int) -> list[BaselineInfo]:
    counts = dict(
        session.execute(
            select(BaselineTask.baseline_id, func.count())
            .join(Baseline, Baseline.id == BaselineTask.baseline_id)
            .where(Baseline.project_id == project_id)
            .group_by(BaselineTask.baseline_id)
        ).all()
    )
    return [
        BaselineInfo(b.id, b.name, b.created_at, counts.get(b.id, 0))
        for b in session.scalars(
            select(Baseline).where(Baseline.project_id == project_id).order_by(Baseline.id)
        )
    ]


def find_baseline(session: Session, project_id: int, name: str) -> Baseline:
    baseline = session.scalar(
        select(Baseline).where(Baseline.project_id == project_id, Baseline.name == name)
    )
    if baseline is None:
        raise BaselineError(f"This project has no baseline named '{name}'.")
    return baseline


def delete_baseline(session: Session, baseline_id: int) -> None:
    session.execute(delete(BaselineTask).where(BaselineTask.baseline_id == baseline_id))
    session.execute(delete(Baseline).where(Baseline.id == baseline_id))


def variance_between(
    axis: TimeAxis,
    minutes_per_day: int,
    current: Mapping[int, tuple[datetime | None, datetime | None, int]],
    baseline: Mapping[int, tuple[datetime | None, datetime | None, int]],
) -> dict[int, TaskVariance]:
    """Per task of ``current`` (id -> start, finish, duration minutes) its variance against
    ``baseline`` (same shape). Pure: no database."""

    def days(now: datetime | None, then: datetime | None) -> float | None:
        if now is None or then is None:
            return None
        return round((axis.position_of(now) - axis.position_of(then)) / minutes_per_day, 4)

    result: dict[int, TaskVariance] = {}
    for task_id, (start, finish, duration) in current.items():
        then_start, then_finish, then_duration = baseline.get(task_id, (None, None, None))
        result[task_id] = TaskVariance(
            task_id=task_id,
            baseline_start=then_start,
            baseline_finish=then_finish,
            start=start,
            finish=finish,
            start_days=days(start, then_start),
            finish_days=days(finish, then_finish),
            duration_days=(
                None
                if then_duration is None or task_id not in baseline
                else round((duration - then_duration) / minutes_per_day, 4)
            ),
        )
    return result


def baseline_variance(
    session: Session, project_id: int, baseline_id: int
) -> dict[int, TaskVariance]:
    """Variance of every task of the project against one of its baselines."""
    baseline = session.get(Baseline, baseline_id)
    if baseline is None or baseline.project_id != project_id:
        raise BaselineError("That baseline does not belong to this project.")
    project_start = session.scalar(select(Project.start).where(Project.id == project_id))
    if project_start is None:
        raise BaselineError("That project no longer exists.")
    calendar = calendar_of(session, project_id)
    axis = TimeAxis(calendar, project_start)
    current = {
        task_id: (start, finish, duration)
        for task_id, start, finish, duration in session.execute(
            select(Task.id, Task.start, Task.finish, Task.duration_minutes).where(
                Task.project_id == project_id
            )
        )
    }
    saved = {
        task_id: (start, finish, duration)
        for task_id, start, finish, duration in session.execute(
            select(
                BaselineTask.task_id,
                BaselineTask.start,
                BaselineTask.finish,
                BaselineTask.duration_minutes,
            ).where(BaselineTask.baseline_id == baseline_id)
        )
    }
    return variance_between(axis, calendar.minutes_per_day, current, saved)


class SaveBaseline(ProjectCommand):
    """Undoable "Save baseline as..."."""

    affects = frozenset({"baselines"})

    def __init__(self, project_id: int, name: str) -> None:
        super().__init__(project_id, f"Save baseline '{name.strip()}'")
        self.name = name
        self.baseline_id: int | None = None

    def do(self, session: Session) -> None:
        self.baseline_id = save_baseline(session, self.project_id, self.name).id

    def undo(self, session: Session) -> None:
        if self.baseline_id is not None:
            delete_baseline(session, self.baseline_id)
            self.baseline_id = None


class SetEarnedValueBaseline(ProjectCommand):
    """Choose the baseline earned value is measured against (None: the latest, the
    default). Undoable."""

    affects = frozenset({"baselines"})

    def __init__(self, project_id: int, baseline_id: int | None) -> None:
        super().__init__(project_id, "Choose the earned-value baseline")
        self.baseline_id = baseline_id
        self.old: list[int] = []

    def do(self, session: Session) -> None:
        if self.baseline_id is not None:
            owner = session.scalar(
                select(Baseline.project_id).where(Baseline.id == self.baseline_id)
            )
            if owner != self.project_id:
                raise BaselineError("That baseline does not belong to this project.")
        self.old = list(
            session.scalars(
                select(Baseline.id).where(
                    Baseline.project_id == self.project_id, Baseline.for_earned_value.is_(True)
                )
            )
        )
        session.execute(
            update(Baseline)
            .where(Baseline.project_id == self.project_id)
            .values(for_earned_value=Baseline.id == self.baseline_id)
        )

    def undo(self, session: Session) -> None:
        session.execute(
            update(Baseline)
            .where(Baseline.project_id == self.project_id)
            .values(for_earned_value=Baseline.id.in_(self.old))
        )
