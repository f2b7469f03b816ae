"""Baselines: named copies of a project's dates, and the plan's variance against one.

Variance is measured in *working days* of the project calendar (positive = later than the
baseline), so a slip over a weekend counts what was really lost.

A project may keep many baselines; the plan is compared with one of them, its *current*
baseline (:func:`current_baseline_id`): the Gantt's grey bars and variance columns, the weekly
report and earned value all read that one. It is the baseline flagged on the ``baseline`` row
(the column is named ``for_earned_value`` for history; at most one per project is set), else
the latest. Saving a baseline makes the new one current and keeps the others; Project >
Baselines... chooses, renames and deletes them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Select, delete, func, insert, select, update
from sqlalchemy.orm import Session

from infradesk.errors import UserError
from infradesk.model import Baseline, BaselineTask, Project, Task
from infradesk.schedule.calendar import TimeAxis
from infradesk.services.commands import ProjectCommand
from infradesk.services.plan.scheduling import calendar_of
from infradesk.services.resources.costs import planned_costs
from infradesk.services.snapshot import (
    RowSnapshot,
    delete_rows,
    restore_snapshot,
    table_of,
    take_snapshot,
)
from infradesk.store.workspace import Workspace

MAX_NAME = 200


class BaselineError(UserError, ValueError):
    """A baseline operation was refused; the message is for the user."""


@dataclass(frozen=True)
class BaselineInfo:
    id: int
    name: str
    created_at: datetime
    task_count: int
    current: bool = False  # the plan is compared with this one (see current_baseline_id)


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


def _check_name(session: Session, project_id: int, name: str, renaming: int | None = None) -> str:
    """``name`` stripped, or a refusal (empty, too long, taken by another baseline than
    ``renaming``)."""
    name = name.strip()
    if not name:
        raise BaselineError("A baseline needs a name.")
    if len(name) > MAX_NAME:
        raise BaselineError(f"A baseline name has at most {MAX_NAME} characters.")
    clash = session.scalar(
        select(Baseline.id).where(Baseline.project_id == project_id, Baseline.name == name)
    )
    if clash is not None and clash != renaming:
        raise BaselineError(f"This project already has a baseline named '{name}'.")
    return name


def save_baseline(
    session: Session,
    project_id: int,
    name: str,
    created_at: datetime | None = None,
    current: bool = True,
) -> Baseline:
    """Store the project's current start, finish, duration and planned cost of every task
    under ``name``; when ``current`` the plan is compared with it from now on (the others
    are kept). A summary's cost is the sum of its subtasks' (its own cost field is
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
    planned = planned_costs(session, project_id)  # fixed + assignments (issue 18)
    costs = rolled_up_costs({t.id: (t.parent_id, planned.get(t.id, t.cost)) for t in tasks})
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
    if current:
        choose_baseline(session, project_id, baseline.id)
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


def current_baseline(project_id: int) -> Select[int, str]:
    """The id and name of the baseline the plan is compared with (chart, variance, weekly
    report, earned value): the one chosen, else the latest; no row when there is none."""
    return (
        select(Baseline.id, Baseline.name)
        .where(Baseline.project_id == project_id)
        .order_by(Baseline.for_earned_value.desc(), Baseline.created_at.desc(), Baseline.id.desc())
        .limit(1)
    )


def current_baseline_id(session: Session, project_id: int) -> int | None:
    """The id of :func:`current_baseline`; None when the project has no baseline."""
    found = session.execute(current_baseline(project_id)).first()
    return None if found is None else found.id


def chosen_baseline_ids(session: Session, project_id: int) -> list[int]:
    """The baselines flagged as chosen (one, or none when the latest is compared with)."""
    return list(
        session.scalars(
            select(Baseline.id).where(
                Baseline.project_id == project_id, Baseline.for_earned_value.is_(True)
            )
        )
    )


def choose_baseline(session: Session, project_id: int, baseline_id: int | None) -> None:
    """Compare the plan with ``baseline_id`` (None: with the latest)."""
    session.execute(
        update(Baseline)
        .where(Baseline.project_id == project_id)
        .values(for_earned_value=Baseline.id == baseline_id)
    )


def restore_choice(session: Session, project_id: int, chosen: list[int]) -> None:
    """Flag exactly ``chosen`` (as :func:`chosen_baseline_ids` read them before an edit)."""
    session.execute(
        update(Baseline)
        .where(Baseline.project_id == project_id)
        .values(for_earned_value=Baseline.id.in_(chosen))
    )


def _owned(session: Session, project_id: int, baseline_id: int) -> Baseline:
    baseline = session.get(Baseline, baseline_id)
    if baseline is None or baseline.project_id != project_id:
        raise BaselineError("That baseline no longer exists in this project.")
    return baseline


def list_baselines(session: Session, project_id: int) -> list[BaselineInfo]:
    counts = dict(
        session.execute(
            select(BaselineTask.baseline_id, func.count())
            .join(Baseline, Baseline.id == BaselineTask.baseline_id)
            .where(Baseline.project_id == project_id)
            .group_by(BaselineTask.baseline_id)
        ).all()
    )
    current = current_baseline_id(session, project_id)
    return [
        BaselineInfo(b.id, b.name, b.created_at, counts.get(b.id, 0), b.id == current)
        for b in session.scalars(
            select(Baseline).where(Baseline.project_id == project_id).order_by(Baseline.id)
        )
    ]


def load_baselines(workspace: Workspace, project_id: int) -> list[BaselineInfo]:
    """The project's baselines, oldest first, the current one marked (one read)."""
    with workspace.read_session() as session:
        return list_baselines(session, project_id)


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
    """Undoable "Save baseline as...": the new baseline becomes the current one; undo
    removes it and gives the comparison back to the one before."""

    affects = frozenset({"baselines"})

    def __init__(self, project_id: int, name: str) -> None:
        super().__init__(project_id, f"Save baseline '{name.strip()}'")
        self.name = name
        self.baseline_id: int | None = None
        self.chosen_before: list[int] = []

    def do(self, session: Session) -> None:
        self.chosen_before = chosen_baseline_ids(session, self.project_id)
        self.baseline_id = save_baseline(session, self.project_id, self.name).id

    def undo(self, session: Session) -> None:
        if self.baseline_id is not None:
            delete_baseline(session, self.baseline_id)
            self.baseline_id = None
        restore_choice(session, self.project_id, self.chosen_before)


class ChooseBaseline(ProjectCommand):
    """Compare the plan with another of its baselines (None: the latest, the default):
    the chart, the variance columns, the weekly report and earned value follow. Undoable."""

    affects = frozenset({"baselines"})

    def __init__(self, project_id: int, baseline_id: int | None, name: str = "") -> None:
        text = f"Compare with baseline '{name}'" if name else "Choose the current baseline"
        super().__init__(project_id, text)
        self.baseline_id = baseline_id
        self.old: list[int] = []

    def do(self, session: Session) -> None:
        if self.baseline_id is not None:
            _owned(session, self.project_id, self.baseline_id)
        self.old = chosen_baseline_ids(session, self.project_id)
        choose_baseline(session, self.project_id, self.baseline_id)

    def undo(self, session: Session) -> None:
        restore_choice(session, self.project_id, self.old)


class RenameBaseline(ProjectCommand):
    """Give a baseline another name (unique in its project). Undoable."""

    affects = frozenset({"baselines"})

    def __init__(self, project_id: int, baseline_id: int, name: str) -> None:
        super().__init__(project_id, f"Rename baseline to '{name.strip()}'")
        self.baseline_id = baseline_id
        self.name = name
        self.old_name = ""

    def do(self, session: Session) -> None:
        baseline = _owned(session, self.project_id, self.baseline_id)
        self.old_name = baseline.name
        baseline.name = _check_name(session, self.project_id, self.name, self.baseline_id)

    def undo(self, session: Session) -> None:
        _owned(session, self.project_id, self.baseline_id).name = self.old_name


class DeleteBaseline(ProjectCommand):
    """Delete a baseline and its task dates (a change request that saved it forgets it);
    when it was the current one, the plan is compared with the latest left. Undo puts it
    all back with the same ids."""

    affects = frozenset({"baselines", "risks"})

    def __init__(self, project_id: int, baseline_id: int, name: str = "") -> None:
        super().__init__(project_id, f"Delete baseline '{name}'" if name else "Delete baseline")
        self.baseline_id = baseline_id
        self.snapshot: RowSnapshot | None = None

    def do(self, session: Session) -> None:
        _owned(session, self.project_id, self.baseline_id)
        table = table_of(Baseline)
        self.snapshot = take_snapshot(session, table, {self.baseline_id})
        delete_rows(session, table, {self.baseline_id})

    def undo(self, session: Session) -> None:
        if self.snapshot is not None:
            restore_snapshot(session, self.snapshot)
