"""A project's cutover runbooks (issue 19) of an interchange document <-> the workspace.

Written with the project's tasks and RAID log, in the import's transaction (so undoing the
import removes them with the project). References resolve on the way in: the runbook's
``task`` (a document task id) through the import's task ids, its ``change_request`` by code
among the project's change requests, a step's owner and backup owner by name in the resource
pool (:func:`resources.import_pool` matched or created them as it does a task's owner text).
Instants are stored as naive UTC and exported aware, in the runbook's zone; a fixed time is
stored as written, with its zone text.

An update from a file (:func:`replace_runbooks`) replaces the project's runbooks of the same
names (runs included: the file is the reference) and adds the others; runbooks the file does
not name are kept.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from infradesk.interchange import document as d
from infradesk.interchange import runbook_document as rb
from infradesk.interchange.document import resource_key
from infradesk.interchange.runbook_check import check_runbooks
from infradesk.interchange.runbook_zones import from_utc, to_utc
from infradesk.model import (
    ChangeRequest,
    Project,
    Resource,
    Runbook,
    RunbookLink,
    RunbookRun,
    RunbookService,
    RunbookStep,
    StepRecord,
)
from infradesk.services.documents.resources import ImportedPool

# ---------------------------------------------------------------- import


def _utc(value: datetime | None) -> datetime | None:
    return to_utc(value) if value is not None else None


def import_runbooks(
    session: Session,
    project: Project,
    data: d.Project,
    task_ids: Mapping[int, int],
    pool: ImportedPool | None,
    where: str,
) -> list[int]:
    """Write the runbooks of one project document (``task_ids``: document id -> task id;
    ``pool``: the import's resource pool, which knows every owner name). Returns their ids."""
    if not data.runbooks:
        return []
    crs: dict[str, int] = {
        code: cid
        for code, cid in session.execute(
            select(ChangeRequest.code, ChangeRequest.id).where(
                ChangeRequest.project_id == project.id
            )
        )
    }  # the document's change requests are stored by now
    check_runbooks(data.runbooks, where, set(task_ids), set(crs))
    owners = _owner_ids(session, pool)
    first = session.scalar(
        select(Runbook.position).where(Runbook.project_id == project.id)
        .order_by(Runbook.position.desc()).limit(1)
    )  # fmt: skip
    start = 0 if first is None else first + 1
    return [
        _import_one(session, project, runbook, start + index, task_ids, crs, owners)
        for index, runbook in enumerate(data.runbooks)
    ]


def _owner_ids(session: Session, pool: ImportedPool | None) -> dict[str, int]:
    if pool is not None and pool.entries:
        return {key: entry.id for key, entry in pool.entries.items()}
    rows = session.execute(select(Resource.id, Resource.name))
    return {resource_key(name): rid for rid, name in rows}


def _import_one(
    session: Session,
    project: Project,
    runbook: rb.Runbook,
    position: int,
    task_ids: Mapping[int, int],
    crs: Mapping[str, int],
    owners: Mapping[str, int],
) -> int:
    row = Runbook(
        project_id=project.id,
        task_id=task_ids.get(runbook.task) if runbook.task is not None else None,
        name=runbook.name.strip(),
        position=position,
        time_zone=runbook.time_zone,
        window_start=_utc(runbook.window_start),
        window_end=_utc(runbook.window_end),
        outage_budget_minutes=runbook.outage_budget_minutes,
        change_request_id=crs.get(runbook.change_request) if runbook.change_request else None,
        notes=runbook.notes,
        lessons=runbook.lessons,
    )
    session.add(row)
    session.flush()
    steps: dict[str, RunbookStep] = {}
    for index, step in enumerate(runbook.steps):
        steps[step.code] = RunbookStep(
            runbook_id=row.id,
            code=step.code,
            position=index,
            title=step.title,
            kind=step.kind,
            stream=step.stream,
            owner_id=owners.get(resource_key(step.owner)) if step.owner.strip() else None,
            backup_owner_id=(
                owners.get(resource_key(step.backup_owner)) if step.backup_owner.strip() else None
            ),
            duration_minutes=step.duration_minutes,
            fixed_time=step.fixed_time,
            fixed_time_zone=step.fixed_time_zone,
            notes=step.notes,
            command=step.command,
            decision_maker=step.decision_maker,
            criteria="\n".join(step.criteria),
            audience=step.audience,
            message=step.message,
            point_of_no_return=step.point_of_no_return,
        )
    session.add_all(steps.values())
    session.flush()
    for step in runbook.steps:
        stored = steps[step.code]
        if step.rollback_of:
            stored.rollback_of_id = steps[step.rollback_of].id
        session.add_all(
            RunbookLink(
                step_id=stored.id,
                predecessor_id=steps[link.step].id,
                link_type=link.type,
                lag_minutes=link.lag_minutes,
            )
            for link in step.predecessors
        )
    session.add_all(
        RunbookService(
            runbook_id=row.id,
            name=service.name,
            rto_minutes=service.rto_minutes,
            down_step_id=steps[service.down_step].id if service.down_step else None,
            up_step_id=steps[service.up_step].id if service.up_step else None,
        )
        for service in runbook.services
    )
    for run in runbook.runs:
        stored_run = RunbookRun(
            runbook_id=row.id, name=run.name, mode=run.mode, started=_utc(run.started)
        )
        session.add(stored_run)
        session.flush()
        session.add_all(
            StepRecord(
                run_id=stored_run.id,
                step_id=steps[actual.step].id,
                actual_start=_utc(actual.actual_start),
                actual_finish=_utc(actual.actual_finish),
                skipped_reason=actual.skipped_reason,
                decision=actual.decision or "",
                decided_by=actual.decided_by,
                decided_at=_utc(actual.decided_at),
                result=actual.result or "",
                comment=actual.comment,
            )
            for actual in run.steps
        )
    session.flush()
    return row.id


def replace_runbooks(
    session: Session,
    project: Project,
    data: d.Project,
    task_ids: Mapping[int, int],
    pool: ImportedPool | None,
    where: str,
) -> list[str]:
    """An update from a file: the project's runbooks named like one of ``data``'s (case
    ignored) are deleted, then ``data``'s are written. Returns the replaced names."""
    if not data.runbooks:
        return []
    wanted = {runbook.name.strip().casefold() for runbook in data.runbooks}
    replaced = [
        (rid, name)
        for rid, name in session.execute(
            select(Runbook.id, Runbook.name).where(Runbook.project_id == project.id)
        )
        if name.strip().casefold() in wanted
    ]
    if replaced:
        session.execute(delete(Runbook).where(Runbook.id.in_([rid for rid, _ in replaced])))
        session.flush()
    import_runbooks(session, project, data, task_ids, pool, where)
    return [name for _rid, name in replaced]


# ---------------------------------------------------------------- export


def export_runbooks(
    session: Session, project: Project, doc_ids: Mapping[int, int]
) -> tuple[rb.Runbook, ...]:
    """The project's runbooks as document records (``doc_ids``: task id -> document id)."""
    runbooks = list(
        session.scalars(
            select(Runbook).where(Runbook.project_id == project.id)
            .order_by(Runbook.position, Runbook.id)
        )
    )  # fmt: skip
    if not runbooks:
        return ()
    ids = [r.id for r in runbooks]
    crs: dict[int, str] = {
        cid: code
        for cid, code in session.execute(
            select(ChangeRequest.id, ChangeRequest.code).where(
                ChangeRequest.project_id == project.id
            )
        )
    }
    names: dict[int, str] = {
        rid: name for rid, name in session.execute(select(Resource.id, Resource.name))
    }
    steps: dict[int, list[RunbookStep]] = {}
    for step in session.scalars(
        select(RunbookStep).where(RunbookStep.runbook_id.in_(ids))
        .order_by(RunbookStep.position, RunbookStep.id)
    ):  # fmt: skip
        steps.setdefault(step.runbook_id, []).append(step)
    codes = {step.id: step.code for rows in steps.values() for step in rows}
    links: dict[int, list[rb.RunbookLink]] = {}
    for link in session.scalars(
        select(RunbookLink).where(RunbookLink.step_id.in_(codes)).order_by(RunbookLink.id)
    ):
        links.setdefault(link.step_id, []).append(
            rb.RunbookLink(codes[link.predecessor_id], _link_type(link.link_type),
                           link.lag_minutes)
        )  # fmt: skip
    services: dict[int, list[RunbookService]] = {}
    for service in session.scalars(
        select(RunbookService).where(RunbookService.runbook_id.in_(ids))
        .order_by(RunbookService.id)
    ):  # fmt: skip
        services.setdefault(service.runbook_id, []).append(service)
    runs: dict[int, list[RunbookRun]] = {}
    for run in session.scalars(
        select(RunbookRun).where(RunbookRun.runbook_id.in_(ids)).order_by(RunbookRun.id)
    ):
        runs.setdefault(run.runbook_id, []).append(run)
    records: dict[int, list[StepRecord]] = {}
    run_ids = [run.id for rows in runs.values() for run in rows]
    for record in session.scalars(
        select(StepRecord).where(StepRecord.run_id.in_(run_ids)).order_by(StepRecord.id)
    ):
        records.setdefault(record.run_id, []).append(record)
    position = {step.id: step.position for rows in steps.values() for step in rows}
    found = []
    for runbook in runbooks:
        zone_name = runbook.time_zone

        def instant(value: datetime | None, zone_name: str = zone_name) -> datetime | None:
            return from_utc(value, zone_name) if value is not None else None

        found.append(
            rb.Runbook(
                name=runbook.name,
                task=doc_ids.get(runbook.task_id) if runbook.task_id is not None else None,
                time_zone=zone_name,
                window_start=instant(runbook.window_start),
                window_end=instant(runbook.window_end),
                outage_budget_minutes=runbook.outage_budget_minutes,
                change_request=_name(crs, runbook.change_request_id),
                notes=runbook.notes,
                lessons=runbook.lessons,
                steps=tuple(
                    _step_record(step, names, codes, links.get(step.id, []))
                    for step in steps.get(runbook.id, [])
                ),
                services=tuple(
                    rb.RunbookService(
                        name=service.name,
                        rto_minutes=service.rto_minutes,
                        down_step=_name(codes, service.down_step_id),
                        up_step=_name(codes, service.up_step_id),
                    )
                    for service in services.get(runbook.id, [])
                ),
                runs=tuple(
                    rb.RunbookRun(
                        name=run.name,
                        mode="live" if run.mode == "live" else "rehearsal",
                        started=instant(run.started),
                        steps=tuple(
                            _actual(record, codes, instant)
                            for record in sorted(
                                records.get(run.id, []),
                                key=lambda r: (position.get(r.step_id, 0), r.id),
                            )
                        ),
                    )
                    for run in runs.get(runbook.id, [])
                ),
            )
        )
    return tuple(found)


def _name(names: Mapping[int, str], key: int | None) -> str:
    return names.get(key, "") if key is not None else ""


def _link_type(text: str) -> rb.RunbookLinkType:
    for kind in ("FS", "SS", "FF", "SF"):
        if text == kind:
            return kind
    return "FS"


def _step_kind(text: str) -> rb.StepKind:
    for kind in rb.STEP_KINDS:
        if text == kind:
            return kind
    return "task"


def _step_record(
    step: RunbookStep,
    names: Mapping[int, str],
    codes: Mapping[int, str],
    links: list[rb.RunbookLink],
) -> rb.RunbookStep:
    return rb.RunbookStep(
        code=step.code,
        title=step.title,
        kind=_step_kind(step.kind),
        stream=step.stream,
        owner=_name(names, step.owner_id),
        backup_owner=_name(names, step.backup_owner_id),
        duration_minutes=step.duration_minutes,
        predecessors=tuple(links),
        fixed_time=step.fixed_time,
        fixed_time_zone=step.fixed_time_zone,
        notes=step.notes,
        command=step.command,
        decision_maker=step.decision_maker,
        criteria=tuple(line for line in step.criteria.splitlines() if line.strip()),
        audience=step.audience,
        message=step.message,
        rollback_of=_name(codes, step.rollback_of_id),
        point_of_no_return=bool(step.point_of_no_return),
    )


def _actual(
    record: StepRecord,
    codes: Mapping[int, str],
    instant: Callable[[datetime | None], datetime | None],
) -> rb.StepActual:
    decision: rb.GateDecision | None = (
        "go" if record.decision == "go" else "no-go" if record.decision == "no-go" else None
    )
    result: rb.ValidationResult | None = None
    for value in rb.VALIDATION_RESULTS:
        if record.result == value:
            result = value
    return rb.StepActual(
        step=codes[record.step_id],
        actual_start=instant(record.actual_start),
        actual_finish=instant(record.actual_finish),
        skipped_reason=record.skipped_reason,
        decision=decision,
        decided_by=record.decided_by,
        decided_at=instant(record.decided_at),
        result=result,
        comment=record.comment,
    )
