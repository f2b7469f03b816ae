"""Undoable edits of runbooks, and the clicks of a run.

Each command is one transaction (:class:`~infradesk.services.commands.Command`), so every
click of a live run is committed the moment it is made and survives a crash or a power cut.
Undo needs no code of its own here: the row journal puts every row the command touched back
to its exact image (same ids), cascades included. The one exception is the plan task a live
run drives: its actual dates move with the run, through the plan's own progress edit, whose
undo also reschedules the project.
"""

from __future__ import annotations

import contextlib
import os
import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, ClassVar

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from infradesk.interchange.runbook_document import (
    GATE_DECISIONS,
    RUN_MODES,
    STEP_KINDS,
    VALIDATION_RESULTS,
)
from infradesk.model import ChangeRequest, Issue, Resource, Task
from infradesk.model.runbook import (
    Runbook,
    RunbookLink,
    RunbookRun,
    RunbookService,
    RunbookStep,
    StepRecord,
)
from infradesk.schedule.runbook import RunbookCycleError
from infradesk.services.changes import Changes
from infradesk.services.commands import Command
from infradesk.services.plan.progress_edits import SetActualDates
from infradesk.services.risks.commands import next_code
from infradesk.services.risks.fields import entity
from infradesk.services.row_journal import Images
from infradesk.services.runbooks import clock
from infradesk.services.runbooks.errors import RunbookEditError
from infradesk.services.runbooks.loading import LoadedRunbook, load, origin_of, records
from infradesk.services.runbooks.text import (
    parse_fixed_time,
    parse_links,
    parse_minutes,
    parse_yes_no,
)
from infradesk.services.runbooks.view import actuals_of, summary_of

RUNBOOKS = frozenset({"runbooks"})
RUNBOOK_FIELDS = (
    "name", "task_id", "time_zone", "window_start", "window_end", "outage_budget_minutes",
    "change_request_id", "notes", "lessons",
)  # fmt: skip
STEP_FIELDS = (
    "code", "title", "kind", "stream", "owner", "backup_owner", "duration", "predecessors",
    "fixed_time", "fixed_time_zone", "notes", "command", "decision_maker", "criteria",
    "audience", "message", "rollback_of", "point_of_no_return",
)  # fmt: skip
_TEXT_LIMITS = {"title": 500, "stream": 100, "decision_maker": 200, "audience": 500}
_NUMBER = re.compile(r"(\d+)(\D*)$")


def local_zone_name() -> str:
    """The machine's IANA zone (TZ, else /etc/localtime's link), UTC when unknown."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    with contextlib.suppress(OSError, IndexError):
        candidates.append(str(Path("/etc/localtime").resolve()).split("zoneinfo/", 1)[1])
    for name in candidates:
        if name:
            try:
                clock.zone(name)
                return name
            except RunbookEditError:
                continue
    return "UTC"


class RunbookCommand(Command):
    """An edit of one runbook; finds its project when it runs."""

    affects: ClassVar[frozenset[str]] = RUNBOOKS

    def undo(self, session: Session) -> None:
        """Nothing to do: the journal restores every touched row exactly."""

    def _runbook(self, session: Session, runbook_id: int) -> Runbook:
        runbook = session.get(Runbook, runbook_id)
        if runbook is None:
            raise RunbookEditError("That runbook no longer exists.")
        self.project_id = runbook.project_id
        return runbook

    def _step(self, session: Session, step_id: int) -> RunbookStep:
        step = session.get(RunbookStep, step_id)
        if step is None:
            raise RunbookEditError("That step no longer exists.")
        self._runbook(session, step.runbook_id)
        return step


# --------------------------------------------------------------------------- runbooks


class AddRunbook(RunbookCommand):
    """A new runbook in a project, linked to ``task_id`` (its window then starts and ends
    with the task's scheduled dates)."""

    def __init__(self, project_id: int, name: str, task_id: int | None = None,
                 time_zone: str | None = None) -> None:
        self.project_id = project_id
        self.name = name.strip()
        self.task_id = task_id
        self.time_zone = time_zone or local_zone_name()
        self.runbook_id: int | None = None
        self.text = f"Add runbook '{self.name}'"

    def do(self, session: Session) -> None:
        if not self.name:
            raise RunbookEditError("Give the runbook a name.")
        where = clock.zone(self.time_zone)
        position = session.scalar(
            select(func.coalesce(func.max(Runbook.position), -1)).where(
                Runbook.project_id == self.project_id
            )
        )
        runbook = Runbook(
            project_id=self.project_id, name=self.name[:200], position=int(position or 0) + 1,
            time_zone=self.time_zone,
        )  # fmt: skip
        if self.task_id is not None:
            task = _project_task(session, runbook.project_id, self.task_id)
            runbook.task_id = task.id
            if task.start is not None:
                runbook.window_start = clock.utc_naive(task.start, where)
            if task.finish is not None:
                runbook.window_end = clock.utc_naive(task.finish, where)
        session.add(runbook)
        session.flush()
        self.runbook_id = runbook.id


def _project_task(session: Session, project_id: int, task_id: int) -> Task:
    """The task a runbook drives, a task of its project. A live run writes the actual start
    and finish of a task; a summary's come from its subtasks, so a runbook linked to a
    summary (a cutover phase) takes its window from it and leaves the actuals to the PM."""
    task = session.get(Task, task_id)
    if task is None or task.project_id != project_id:
        raise RunbookEditError("That task is not in this runbook's project.")
    return task


def _is_summary(session: Session, task_id: int) -> bool:
    return session.scalar(select(Task.id).where(Task.parent_id == task_id).limit(1)) is not None


class UpdateRunbook(RunbookCommand):
    """One field of a runbook (:data:`RUNBOOK_FIELDS`); instants are aware (a naive one is
    read in the runbook's zone)."""

    def __init__(self, runbook_id: int, field: str, value: Any) -> None:
        if field not in RUNBOOK_FIELDS:
            raise RunbookEditError(f"A runbook has no field '{field}'.")
        self.runbook_id = runbook_id
        self.field = field
        self.value = value
        self.text = f"Edit runbook {field.replace('_', ' ')}"

    def do(self, session: Session) -> None:
        runbook = self._runbook(session, self.runbook_id)
        value = self.value
        field = self.field
        if field == "name":
            value = str(value).strip()[:200]
            if not value:
                raise RunbookEditError("A runbook needs a name.")
        elif field == "time_zone":
            value = str(value).strip()
            clock.zone(value)
        elif field in ("window_start", "window_end"):
            value = clock.utc_naive(value, clock.zone(runbook.time_zone)) if value else None
            start = value if field == "window_start" else runbook.window_start
            end = value if field == "window_end" else runbook.window_end
            if start is not None and end is not None and end <= start:
                raise RunbookEditError("The window must end after it starts.")
        elif field == "outage_budget_minutes":
            value = parse_minutes(str(value), "Outage budget") if value not in (None, "") else None
        elif field == "task_id" and value is not None:
            value = _project_task(session, runbook.project_id, int(value)).id
        elif field == "change_request_id" and value is not None:
            change = session.get(ChangeRequest, int(value))
            if change is None or change.project_id != runbook.project_id:
                raise RunbookEditError("That change request is not in this project.")
        elif field in ("notes", "lessons"):
            value = str(value)
        setattr(runbook, field, value)


class DeleteRunbook(RunbookCommand):
    def __init__(self, runbook_id: int) -> None:
        self.runbook_id = runbook_id
        self.text = "Delete runbook"

    def do(self, session: Session) -> None:
        runbook = self._runbook(session, self.runbook_id)
        self.text = f"Delete runbook '{runbook.name}'"
        session.execute(delete(Runbook).where(Runbook.id == self.runbook_id))
        session.expire_all()


# --------------------------------------------------------------------------- steps


def _next_step_code(taken: set[str], after: str | None) -> str:
    """The code after ``after`` (1.05 -> 1.06, keeping the width), the first free one."""
    base = after or "0"
    match = _NUMBER.search(base)
    if match is None:
        base, match = base + "1", _NUMBER.search(base + "1")
    assert match is not None
    stem, digits, tail = base[: match.start(1)], match.group(1), match.group(2)
    number = int(digits)
    lowered = {t.lower() for t in taken}
    while True:
        number += 1
        code = f"{stem}{number:0{len(digits)}d}{tail}"
        if code.lower() not in lowered:
            return code


class AddStep(RunbookCommand):
    """A step after ``after_step_id`` (at the end when None), with ``values`` (field ->
    text, as :class:`UpdateStep` reads them)."""

    def __init__(self, runbook_id: int, after_step_id: int | None = None,
                 values: dict[str, str] | None = None) -> None:
        self.runbook_id = runbook_id
        self.after_step_id = after_step_id
        self.values = dict(values or {})
        self.step_id: int | None = None
        self.text = "Add step"

    def do(self, session: Session) -> None:
        self._runbook(session, self.runbook_id)
        rows = session.execute(
            select(RunbookStep.id, RunbookStep.code, RunbookStep.position)
            .where(RunbookStep.runbook_id == self.runbook_id)
            .order_by(RunbookStep.position, RunbookStep.id)
        ).all()
        after = next((r for r in rows if r.id == self.after_step_id), None)
        if after is None and rows:
            after = rows[-1]
        position = after.position + 1 if after is not None else 0
        session.execute(
            update(RunbookStep)
            .where(RunbookStep.runbook_id == self.runbook_id, RunbookStep.position >= position)
            .values(position=RunbookStep.position + 1)
        )
        values = dict(self.values)  # a redo runs this again: keep the command's own values
        code = values.pop("code", "").strip() or _next_step_code(
            {r.code for r in rows}, after.code if after is not None else None
        )
        step = RunbookStep(
            runbook_id=self.runbook_id, code=code, position=position, duration_minutes=0
        )
        _check_code(session, self.runbook_id, code, None)
        session.add(step)
        session.flush()
        self.step_id = step.id
        for field, text in values.items():
            set_step_field(session, step, field, text)
        session.flush()


def _check_code(session: Session, runbook_id: int, code: str, step_id: int | None) -> str:
    code = code.strip()
    if not code:
        raise RunbookEditError("A step needs an ID.")
    if len(code) > 20:
        raise RunbookEditError(f"Step ID '{code}' is longer than 20 characters.")
    clash = session.scalar(
        select(RunbookStep.id).where(
            RunbookStep.runbook_id == runbook_id,
            func.lower(RunbookStep.code) == code.lower(),
            RunbookStep.id != (step_id or -1),
        )
    )
    if clash is not None:
        raise RunbookEditError(f"Another step already has the ID '{code}'.")
    return code


def _resource_id(session: Session, name: str) -> int | None:
    text = name.strip()
    if not text:
        return None
    found = session.scalar(select(Resource.id).where(func.lower(Resource.name) == text.lower()))
    if found is None:
        raise RunbookEditError(
            f"No one named '{text}' in the resource pool: add them in the Resources tab first."
        )
    return found


def set_step_field(session: Session, step: RunbookStep, field: str, text: str) -> None:
    """Parse ``text`` for ``field`` and set it on ``step``, or refuse with the reason."""
    text = "" if text is None else str(text)
    if field == "code":
        step.code = _check_code(session, step.runbook_id, text, step.id)
    elif field == "kind":
        kind = text.strip().lower().replace("go/no-go", "gate") or "task"
        if kind not in STEP_KINDS:
            raise RunbookEditError(f"Kind '{text}' is not one of {', '.join(STEP_KINDS)}.")
        if step.kind == "gate" and kind != "gate" and _has_rollback_path(session, step.id):
            raise RunbookEditError(
                f"Step {step.code} has a rollback path: move its rollback steps first."
            )
        step.kind = kind
    elif field in ("owner", "backup_owner"):
        setattr(step, f"{field}_id", _resource_id(session, text))
    elif field == "duration":
        step.duration_minutes = parse_minutes(text)
    elif field == "predecessors":
        _set_links(session, step, text)
    elif field == "fixed_time":
        runbook = session.get(Runbook, step.runbook_id)
        assert runbook is not None
        where = clock.zone(runbook.time_zone)
        step.fixed_time = parse_fixed_time(text, clock.shown(runbook.window_start, where))
    elif field == "fixed_time_zone":
        if text.strip():
            clock.zone(text)
        step.fixed_time_zone = text.strip()
    elif field == "criteria":
        step.criteria = "\n".join(line.strip() for line in text.splitlines() if line.strip())
    elif field == "rollback_of":
        step.rollback_of_id = _gate_id(session, step, text)
        _check_no_cycle(session, step.runbook_id)
    elif field == "point_of_no_return":
        flag = parse_yes_no(text)
        if flag:
            session.execute(
                update(RunbookStep)
                .where(RunbookStep.runbook_id == step.runbook_id, RunbookStep.id != step.id)
                .values(point_of_no_return=False)
            )
        step.point_of_no_return = flag
    elif field in ("title", "stream", "notes", "command", "decision_maker", "audience",
                   "message"):
        value = text.strip() if field in _TEXT_LIMITS else text
        limit = _TEXT_LIMITS.get(field)
        if limit is not None and len(value) > limit:
            raise RunbookEditError(f"The {field.replace('_', ' ')} is longer than {limit}.")
        setattr(step, field, value)
    else:
        raise RunbookEditError(f"A step has no field '{field}'.")


def _has_rollback_path(session: Session, step_id: int) -> bool:
    return session.scalar(
        select(RunbookStep.id).where(RunbookStep.rollback_of_id == step_id).limit(1)
    ) is not None


def _gate_id(session: Session, step: RunbookStep, text: str) -> int | None:
    code = text.strip()
    if not code:
        return None
    gate = session.execute(
        select(RunbookStep.id, RunbookStep.kind).where(
            RunbookStep.runbook_id == step.runbook_id,
            func.lower(RunbookStep.code) == code.lower(),
        )
    ).first()
    if gate is None:
        raise RunbookEditError(f"No step has the ID '{code}'.")
    if gate.kind != "gate":
        raise RunbookEditError(f"Step {code} is not a go/no-go gate.")
    if gate.id == step.id:
        raise RunbookEditError("A gate cannot be on its own rollback path.")
    return int(gate.id)


def _codes(session: Session, runbook_id: int) -> dict[str, int]:
    return dict(
        session.execute(
            select(RunbookStep.code, RunbookStep.id).where(RunbookStep.runbook_id == runbook_id)
        ).all()
    )


def _set_links(session: Session, step: RunbookStep, text: str) -> None:
    codes = _codes(session, step.runbook_id)
    links = parse_links(text, codes)
    if any(p == step.id for p, _t, _l in links):
        raise RunbookEditError(f"Step {step.code} cannot come after itself.")
    session.execute(delete(RunbookLink).where(RunbookLink.step_id == step.id))
    if links:
        session.execute(
            insert(RunbookLink),
            [
                {"step_id": step.id, "predecessor_id": p, "link_type": t, "lag_minutes": lag}
                for p, t, lag in links
            ],
        )
    _check_no_cycle(session, step.runbook_id)


def _check_no_cycle(session: Session, runbook_id: int) -> None:
    """Refuse links that loop, naming the loop."""
    session.flush()
    loaded = load(session, runbook_id)
    try:
        loaded.network()
    except RunbookCycleError as error:
        names = loaded.codes
        loop = " → ".join(names.get(k, "?") for k in [*error.keys, error.keys[0]])
        raise RunbookEditError(f"These links would make a loop: {loop}.") from None


class UpdateStep(RunbookCommand):
    """One field of a step, typed as text (:data:`STEP_FIELDS`)."""

    def __init__(self, step_id: int, field: str, text: str) -> None:
        if field not in STEP_FIELDS:
            raise RunbookEditError(f"A step has no field '{field}'.")
        self.step_id = step_id
        self.field = field
        self.value = text
        self.text = f"Edit step {field.replace('_', ' ')}"

    def do(self, session: Session) -> None:
        step = self._step(session, self.step_id)
        set_step_field(session, step, self.field, self.value)
        session.flush()


class DeleteSteps(RunbookCommand):
    """Delete steps with their links and their records in every run (undo brings all back)."""

    def __init__(self, step_ids: list[int]) -> None:
        if not step_ids:
            raise RunbookEditError("Select the steps to delete first.")
        self.step_ids = list(step_ids)
        self.text = "Delete step" if len(step_ids) == 1 else f"Delete {len(step_ids)} steps"

    def do(self, session: Session) -> None:
        self._step(session, self.step_ids[0])
        session.execute(delete(RunbookStep).where(RunbookStep.id.in_(self.step_ids)))
        session.expire_all()


# --------------------------------------------------------------------------- services


class SetService(RunbookCommand):
    """Add (``service_id`` None) or change a service with its RTO and outage steps."""

    def __init__(self, runbook_id: int, service_id: int | None, name: str, rto_minutes: int,
                 down_step_id: int | None, up_step_id: int | None) -> None:
        self.runbook_id = runbook_id
        self.service_id = service_id
        self.values: dict[str, Any] = {
            "name": name.strip(), "rto_minutes": int(rto_minutes),
            "down_step_id": down_step_id, "up_step_id": up_step_id,
        }  # fmt: skip
        self.text = "Add service" if service_id is None else "Edit service"

    def do(self, session: Session) -> None:
        self._runbook(session, self.runbook_id)
        if not self.values["name"]:
            raise RunbookEditError("Name the service.")
        if self.values["rto_minutes"] < 0:
            raise RunbookEditError("An RTO cannot be negative.")
        for key in ("down_step_id", "up_step_id"):
            step_id = self.values[key]
            if step_id is not None:
                step = session.get(RunbookStep, step_id)
                if step is None or step.runbook_id != self.runbook_id:
                    raise RunbookEditError("That step is not in this runbook.")
        if self.service_id is None:
            service = RunbookService(runbook_id=self.runbook_id, **self.values)
            session.add(service)
            session.flush()
            self.service_id = service.id
        else:
            session.execute(
                update(RunbookService)
                .where(RunbookService.id == self.service_id)
                .values(**self.values)
            )


class DeleteService(RunbookCommand):
    def __init__(self, service_id: int) -> None:
        self.service_id = service_id
        self.text = "Delete service"

    def do(self, session: Session) -> None:
        service = session.get(RunbookService, self.service_id)
        if service is None:
            raise RunbookEditError("That service no longer exists.")
        self._runbook(session, service.runbook_id)
        session.delete(service)


# --------------------------------------------------------------------------- runs


class StartRun(RunbookCommand):
    """A new rehearsal or the live run (one per runbook), started at ``started``."""

    def __init__(self, runbook_id: int, mode: str, name: str | None = None,
                 started: datetime | None = None) -> None:
        if mode not in RUN_MODES:
            raise RunbookEditError(f"A run is a rehearsal or live, not '{mode}'.")
        self.runbook_id = runbook_id
        self.mode = mode
        self.name = (name or "").strip()
        self.started = started
        self.run_id: int | None = None
        self.text = "Start live run" if mode == "live" else "Start rehearsal"

    def do(self, session: Session) -> None:
        runbook = self._runbook(session, self.runbook_id)
        runs = session.execute(
            select(RunbookRun.mode, RunbookRun.name).where(RunbookRun.runbook_id == runbook.id)
        ).all()
        if self.mode == "live" and any(mode == "live" for mode, _n in runs):
            raise RunbookEditError("This runbook already has its live run.")
        name = self.name
        if not name:
            count = sum(1 for mode, _n in runs if mode == "rehearsal")
            name = "Live" if self.mode == "live" else f"Rehearsal {count + 1}"
        where = clock.zone(runbook.time_zone)
        started = clock.utc_naive(self.started, where) if self.started else clock.now_utc()
        run = RunbookRun(runbook_id=runbook.id, name=name[:200], mode=self.mode, started=started)
        session.add(run)
        session.flush()
        self.run_id = run.id


class RunClick(RunbookCommand):
    """A click of a run on one step: writes the step's record, then (live run) moves the
    plan task's actual dates to the run's first start and last finish."""

    def __init__(self, run_id: int, step_id: int, text: str) -> None:
        self.run_id = run_id
        self.step_id = step_id
        self.text = text
        self._task_edit: SetActualDates | None = None

    def do(self, session: Session) -> None:
        run = session.get(RunbookRun, self.run_id)
        if run is None:
            raise RunbookEditError("That run no longer exists.")
        step = self._step(session, self.step_id)
        if step.runbook_id != run.runbook_id:
            raise RunbookEditError("That step is not in this run's runbook.")
        runbook = session.get(Runbook, run.runbook_id)
        assert runbook is not None  # a run's runbook exists (foreign key)
        self.where = clock.zone(runbook.time_zone)
        self._read: LoadedRunbook | None = None
        record = session.scalar(
            select(StepRecord).where(StepRecord.run_id == run.id, StepRecord.step_id == step.id)
        )
        self.record(session, run, step, record)
        session.flush()
        self._task_edit = None
        if run.mode == "live":
            self._sync_task(session, run)

    def record(self, session: Session, run: RunbookRun, step: RunbookStep,
               record: StepRecord | None) -> None:
        raise NotImplementedError

    def undo(self, session: Session) -> None:
        if self._task_edit is not None:
            self._task_edit.undo(session)

    def what_changed(self, rows: Images) -> Changes:
        kinds = {"runbooks", "tasks"} if self._task_edit is not None else {"runbooks"}
        return Changes(frozenset(kinds), self.project_id)

    def _new_record(self, session: Session, run: RunbookRun, step: RunbookStep) -> StepRecord:
        record = StepRecord(run_id=run.id, step_id=step.id)
        session.add(record)
        return record

    def _state(self, session: Session, run: RunbookRun, step: RunbookStep, at: datetime) -> str:
        """The step's state in the run at ``at`` (naive UTC): the clock's forecast alone."""
        loaded = self._loaded(session, run)
        network = loaded.network()
        origin = origin_of(loaded, run, at)
        actuals = actuals_of(origin, records(session, run.id))
        timing = network.forecast(actuals, clock.minutes_between(origin, at))
        return timing.state[network.index[step.id]]

    def _loaded(self, session: Session, run: RunbookRun) -> LoadedRunbook:
        """The runbook read once per click (a click changes records, not the runbook)."""
        if self._read is None:
            self._read = load(session, run.runbook_id)
        return self._read

    def _sync_task(self, session: Session, run: RunbookRun) -> None:
        runbook = session.get(Runbook, run.runbook_id)
        assert runbook is not None
        if runbook.task_id is None:
            return
        task = session.get(Task, runbook.task_id)
        if task is None or _is_summary(session, task.id):
            return  # a summary's actuals are its subtasks'

        found = records(session, run.id)
        starts = [r.actual_start for r in found.values() if r.actual_start is not None]
        first = min(starts) if starts else None
        finish = None
        loaded = self._loaded(session, run)
        network = loaded.network()
        summary = summary_of(session, loaded, network, {run.id: found})
        finished = next(r.finished for r in summary.runs if r.id == run.id)
        if finished is not None:
            finish = finished.replace(tzinfo=None)
        shown_start = clock.shown(first, self.where)
        start = shown_start.replace(tzinfo=None) if shown_start is not None else None
        if start is None and finish is None:
            wanted: tuple[datetime | None, datetime | None] = (None, None)
        else:
            wanted = (start or finish, finish)
        if (task.actual_start, task.actual_finish) == wanted:
            return
        edit = SetActualDates(task.project_id, task.id, wanted[0], wanted[1],
                              text="Cutover actuals from the live run")
        edit.do(session)
        self._task_edit = edit


def _at(value: datetime, where: Any) -> datetime:
    return clock.utc_naive(value, where)


def _local_day(value: datetime, where: Any) -> date:
    """The day ``value`` falls on in the runbook's zone."""
    return _at(value, where).replace(tzinfo=UTC).astimezone(where).date()


class StepClick(RunClick):
    """Space on a step: start it when it has not started, finish it when it runs."""

    def __init__(self, run_id: int, step_id: int, at: datetime) -> None:
        super().__init__(run_id, step_id, "Start/finish step")
        self.at = at

    def record(self, session: Session, run: RunbookRun, step: RunbookStep,
               record: StepRecord | None) -> None:
        at = _at(self.at, self.where)
        if record is not None and (record.actual_finish is not None or record.skipped_reason):
            raise RunbookEditError(f"Step {step.code} is already done.")
        if record is not None and record.actual_start is not None:
            if step.kind == "gate":
                raise RunbookEditError(
                    f"Gate {step.code} ends with its decision: record Go or No-go."
                )
            if at < record.actual_start:
                raise RunbookEditError(f"Step {step.code} cannot finish before it started.")
            record.actual_finish = at
            self.text = f"Finish {step.code}"
            return
        state = self._state(session, run, step, at)
        if state == "inactive":
            raise RunbookEditError(f"Step {step.code} is not on the path this run took.")
        if state == "waiting":
            # with every link met, only a fixed time or a lag is ahead: the bridge may start it
            waiting = self._waiting_for(session, step, run)
            if waiting:
                raise RunbookEditError(f"Step {step.code} waits for its predecessors ({waiting}).")
        record = record or self._new_record(session, run, step)
        record.actual_start = at
        self.text = f"Start {step.code}"

    def _waiting_for(self, session: Session, step: RunbookStep, run: RunbookRun) -> str:
        """The codes of the predecessors whose link is not met yet ("" when none)."""
        done = records(session, run.id)
        names = []
        for pred_id, code, kind in session.execute(
            select(RunbookLink.predecessor_id, RunbookStep.code, RunbookLink.link_type)
            .join(RunbookStep, RunbookStep.id == RunbookLink.predecessor_id)
            .where(RunbookLink.step_id == step.id)
        ):
            record = done.get(pred_id)
            finished = record is not None and (record.actual_finish or record.skipped_reason)
            started = record is not None and record.actual_start is not None
            if (kind in ("FS", "FF") and not finished) or (kind in ("SS", "SF") and not started):
                names.append(code)
        return ", ".join(names)


class SetStepTimes(RunClick):
    """Correct a step's recorded start and finish (both None: not started)."""

    def __init__(self, run_id: int, step_id: int, actual_start: datetime | None,
                 actual_finish: datetime | None) -> None:
        super().__init__(run_id, step_id, "Edit step times")
        self.start = actual_start
        self.finish = actual_finish

    def record(self, session: Session, run: RunbookRun, step: RunbookStep,
               record: StepRecord | None) -> None:
        start = _at(self.start, self.where) if self.start else None
        finish = _at(self.finish, self.where) if self.finish else None
        if finish is not None and start is None:
            raise RunbookEditError("Give the start with the finish.")
        if start is not None and finish is not None and finish < start:
            raise RunbookEditError(f"Step {step.code} cannot finish before it started.")
        record = record or self._new_record(session, run, step)
        record.actual_start, record.actual_finish = start, finish
        self.text = f"Edit times of {step.code}"


class SkipStep(RunClick):
    """Skip a step, with the reason why (required)."""

    def __init__(self, run_id: int, step_id: int, reason: str, at: datetime) -> None:
        super().__init__(run_id, step_id, "Skip step")
        self.reason = reason.strip()
        self.at = at

    def record(self, session: Session, run: RunbookRun, step: RunbookStep,
               record: StepRecord | None) -> None:
        if not self.reason:
            raise RunbookEditError(f"Say why step {step.code} is skipped.")
        if step.kind == "gate":
            raise RunbookEditError(f"A gate is not skipped: record Go or No-go for {step.code}.")
        if record is not None and record.actual_finish is not None:
            raise RunbookEditError(f"Step {step.code} is already done.")
        record = record or self._new_record(session, run, step)
        record.skipped_reason = self.reason
        record.actual_finish = _at(self.at, self.where)
        self.text = f"Skip {step.code}"


class DecideGate(RunClick):
    """A gate's decision: go on, or no-go (switch to its rollback path)."""

    def __init__(self, run_id: int, step_id: int, decision: str, decided_by: str,
                 at: datetime) -> None:
        super().__init__(run_id, step_id, "Gate decision")
        if decision not in GATE_DECISIONS:
            raise RunbookEditError(f"A gate decides go or no-go, not '{decision}'.")
        self.decision = decision
        self.decided_by = decided_by.strip()
        self.at = at

    def record(self, session: Session, run: RunbookRun, step: RunbookStep,
               record: StepRecord | None) -> None:
        if step.kind != "gate":
            raise RunbookEditError(f"Step {step.code} is not a go/no-go gate.")
        by = self.decided_by or step.decision_maker
        if not by:
            raise RunbookEditError(f"Say who took the decision at {step.code}.")
        at = _at(self.at, self.where)
        record = record or self._new_record(session, run, step)
        record.decision = self.decision
        record.decided_by = by[:200]
        record.decided_at = at
        record.actual_start = record.actual_start or at
        record.actual_finish = at
        self.text = f"{step.code}: {self.decision.upper()}"


class RecordValidation(RunClick):
    """A validation's result; a failure may open an issue in the project's RAID log."""

    def __init__(self, run_id: int, step_id: int, result: str, comment: str, at: datetime,
                 open_issue: bool = False) -> None:
        super().__init__(run_id, step_id, "Record validation")
        if result not in VALIDATION_RESULTS:
            raise RunbookEditError(f"A validation passes, fails or is not tested, not '{result}'.")
        self.result = result
        self.comment = comment.strip()
        self.at = at
        self.open_issue = open_issue
        self.issue_code = ""

    def record(self, session: Session, run: RunbookRun, step: RunbookStep,
               record: StepRecord | None) -> None:
        at = _at(self.at, self.where)
        record = record or self._new_record(session, run, step)
        record.result = self.result
        record.comment = self.comment
        record.actual_start = record.actual_start or at
        record.actual_finish = record.actual_finish or at
        self.issue_code = ""
        if self.result == "fail" and self.open_issue:
            record.issue_id = self._open_issue(session, run, step)
        self.text = f"{step.code}: {self.result.replace('_', ' ')}"

    def _open_issue(self, session: Session, run: RunbookRun, step: RunbookStep) -> int:
        assert self.project_id is not None
        code = next_code(session, entity("issue"), self.project_id)
        owner = session.get(Resource, step.owner_id) if step.owner_id else None
        issue = Issue(
            project_id=self.project_id,
            code=code,
            title=f"Validation failed in {run.name}: {step.code} {step.title}"[:500],
            description=self.comment,
            category="technical",
            priority="high",
            severity="major",
            owner=owner.name if owner is not None else "",
            raised=_local_day(self.at, self.where),
            status="open",
        )
        session.add(issue)
        session.flush()
        self.issue_code = code
        return issue.id

    def what_changed(self, rows: Images) -> Changes:
        changes = super().what_changed(rows)
        if self.issue_code:
            return Changes(changes.kinds | {"risks"}, self.project_id)
        return changes


class ClearStep(RunClick):
    """Forget what a run recorded for a step."""

    def __init__(self, run_id: int, step_id: int) -> None:
        super().__init__(run_id, step_id, "Clear step")

    def record(self, session: Session, run: RunbookRun, step: RunbookStep,
               record: StepRecord | None) -> None:
        if record is not None:
            session.delete(record)
        self.text = f"Clear {step.code}"


__all__ = [
    "AddRunbook", "AddStep", "ClearStep", "DecideGate", "DeleteRunbook", "DeleteService",
    "DeleteSteps", "RecordValidation", "SetService", "SetStepTimes", "SkipStep", "StartRun",
    "StepClick", "UpdateRunbook", "UpdateStep",
]
