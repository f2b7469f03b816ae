"""A runbook read from the store in a handful of Core queries (no ORM objects: a 2,000-step
runbook opens in milliseconds), and its steps compiled for the clock."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Row, select
from sqlalchemy.orm import Session, aliased

from infradesk.model import ChangeRequest, FreezeWindow, Resource, Task
from infradesk.model.project import Calendar
from infradesk.model.risk import Issue
from infradesk.model.runbook import (
    Runbook,
    RunbookLink,
    RunbookRun,
    RunbookService,
    RunbookStep,
    StepRecord,
)
from infradesk.schedule.runbook import RunbookNetwork, StepInput
from infradesk.services.runbooks import clock
from infradesk.services.runbooks.errors import RunbookEditError

# compiled runbooks by shape, the most recent last (a few runbooks open in a session)
_NETWORKS: OrderedDict[tuple[Any, ...], RunbookNetwork] = OrderedDict()
_KEEP = 4


@dataclass(frozen=True, slots=True)
class LinkRow:
    step_id: int
    predecessor_id: int
    link_type: str
    lag_minutes: int


@dataclass(slots=True)
class LoadedRunbook:
    """Everything one runbook's views need, as read in one read transaction."""

    runbook: Row[Any]
    where: ZoneInfo
    task_name: str
    change_code: str
    change_status: str
    steps: list[Row[Any]]
    owners: dict[int, str]  # resource id -> name
    links: list[LinkRow]
    services: list[Row[Any]]
    runs: list[Row[Any]]
    freezes: list[tuple[str, date, date]]

    @property
    def codes(self) -> dict[int, str]:
        return {row.id: row.code for row in self.steps}

    @property
    def shape(self) -> tuple[Any, ...]:
        """Everything the plan depends on (not the runs): equal shapes plan the same, so a
        run's click, which changes only records, reuses the compiled steps and the plan."""
        runbook = self.runbook
        return (
            runbook.id, runbook.window_start, runbook.time_zone, tuple(self.steps),
            tuple(self.links), tuple(sorted(self.owners.items())),
        )  # fmt: skip

    def network(self) -> RunbookNetwork:
        """The steps compiled for the clock (reused while the runbook's shape is the same)."""
        key = self.shape
        found = _NETWORKS.get(key)
        if found is None:
            found = self._compile()
            _NETWORKS[key] = found
            while len(_NETWORKS) > _KEEP:
                _NETWORKS.popitem(last=False)
        else:
            _NETWORKS.move_to_end(key)
        return found

    def _compile(self) -> RunbookNetwork:
        """The steps for the clock: fixed times as minutes after the window's start."""
        preds: dict[int, list[tuple[int, str, int]]] = {}
        for link in self.links:
            preds.setdefault(link.step_id, []).append(
                (link.predecessor_id, link.link_type, link.lag_minutes)
            )
        window = self.runbook.window_start
        inputs = []
        for row in self.steps:
            not_before = None
            if row.fixed_time is not None and window is not None:
                at = clock.wall_clock_utc(row.fixed_time, row.fixed_time_zone, self.where)
                not_before = clock.minutes_between(window, at)
            inputs.append(
                StepInput(
                    key=row.id,
                    duration=row.duration_minutes,
                    predecessors=tuple(preds.get(row.id, ())),
                    not_before=not_before,
                    rollback_of=row.rollback_of_id,
                    gate=row.kind == "gate",
                )
            )
        return RunbookNetwork(inputs)


def runbook_row(session: Session, runbook_id: int) -> Row[Any]:
    row = session.execute(
        select(*Runbook.__table__.columns).where(Runbook.id == runbook_id)
    ).first()
    if row is None:
        raise RunbookEditError("That runbook no longer exists.")
    return row


def load(session: Session, runbook_id: int) -> LoadedRunbook:
    """Read one runbook whole."""
    runbook = runbook_row(session, runbook_id)
    where = clock.zone(runbook.time_zone or "UTC")
    task_name = ""
    if runbook.task_id is not None:
        task_name = session.scalar(select(Task.name).where(Task.id == runbook.task_id)) or ""
    change_code = change_status = ""
    if runbook.change_request_id is not None:
        found = session.execute(
            select(ChangeRequest.code, ChangeRequest.status).where(
                ChangeRequest.id == runbook.change_request_id
            )
        ).first()
        if found is not None:
            change_code, change_status = found
    steps = list(
        session.execute(
            select(*RunbookStep.__table__.columns)
            .where(RunbookStep.runbook_id == runbook_id)
            .order_by(RunbookStep.position, RunbookStep.id)
        )
    )
    step = aliased(RunbookStep)
    links = [
        LinkRow(*row)
        for row in session.execute(
            select(
                RunbookLink.step_id,
                RunbookLink.predecessor_id,
                RunbookLink.link_type,
                RunbookLink.lag_minutes,
            )
            .join(step, step.id == RunbookLink.step_id)
            .where(step.runbook_id == runbook_id)
            .order_by(RunbookLink.id)
        )
    ]
    owner_ids = {r.owner_id for r in steps} | {r.backup_owner_id for r in steps}
    owner_ids.discard(None)
    owners: dict[int, str] = {}
    if owner_ids:
        owners = dict(
            session.execute(select(Resource.id, Resource.name).where(Resource.id.in_(owner_ids)))

            .all()
        )
    services = list(
        session.execute(
            select(*RunbookService.__table__.columns)
            .where(RunbookService.runbook_id == runbook_id)
            .order_by(RunbookService.id)
        )
    )
    runs = list(
        session.execute(
            select(*RunbookRun.__table__.columns)
            .where(RunbookRun.runbook_id == runbook_id)
            .order_by(RunbookRun.id)
        )
    )
    freezes = [
        (name, start, finish)
        for name, start, finish in session.execute(
            select(FreezeWindow.name, FreezeWindow.start, FreezeWindow.finish)
            .join(Calendar, Calendar.id == FreezeWindow.calendar_id)
            .where(Calendar.project_id == runbook.project_id)
        )
    ]
    return LoadedRunbook(
        runbook, where, task_name, change_code, change_status, steps, owners, links, services,
        runs, freezes,
    )  # fmt: skip


def records(session: Session, run_id: int) -> dict[int, Any]:
    """A run's records by step id, with the code of the issue each opened."""
    rows = session.execute(
        select(*StepRecord.__table__.columns, Issue.code.label("issue_code"))
        .outerjoin(Issue, Issue.id == StepRecord.issue_id)
        .where(StepRecord.run_id == run_id)
    )
    return {row.step_id: row for row in rows}


def run_records(session: Session, runbook_id: int) -> Mapping[int, dict[int, Any]]:
    """Every run's records of a runbook: run id -> step id -> record."""
    found: dict[int, dict[int, Any]] = {}
    run = aliased(RunbookRun)
    rows = session.execute(
        select(*StepRecord.__table__.columns, Issue.code.label("issue_code"))
        .join(run, run.id == StepRecord.run_id)
        .outerjoin(Issue, Issue.id == StepRecord.issue_id)
        .where(run.runbook_id == runbook_id)
    )
    for row in rows:
        found.setdefault(row.run_id, {})[row.step_id] = row
    return found


def origin_of(loaded: LoadedRunbook, run: Any, now: datetime) -> datetime:
    """Minute 0 (naive UTC): the window's start for the plan and a live run, a rehearsal's
    own start (it runs on another day); the run's or now's start when no window is set."""
    window = loaded.runbook.window_start
    own_start = run is not None and (run.mode == "rehearsal" or window is None)
    if own_start and run.started is not None:
        return run.started
    if window is not None:
        return window
    return now.replace(second=0)
