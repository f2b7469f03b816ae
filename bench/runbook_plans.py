"""A big runbook stored in a workspace, for the runbook benches and screenshots.

``create_big_runbook(session, project_id, steps, origin)``: ``steps`` steps in five streams
(each step follows the previous one of its stream, every tenth also waits for the other
streams' last step), a go/no-go gate every 200 steps with a three-step rollback path, the
point of no return after the first gate, three services with their RTO; ``origin`` (aware
UTC) is the window's start. ``record_rehearsal`` records a rehearsal up to ``now``: every
step planned to finish by then done at its planned times, those planned to be running
started, some late.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from infradesk.model.runbook import (
    Runbook,
    RunbookLink,
    RunbookRun,
    RunbookService,
    RunbookStep,
    StepRecord,
)
from infradesk.services.runbooks.view import view_in

STREAMS = ("network", "storage", "apps", "database", "comms")


def naive_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


def create_big_runbook(session: Session, project_id: int, steps: int, origin: datetime) -> int:
    runbook = Runbook(
        project_id=project_id, name=f"Cutover ({steps} steps)", time_zone="Europe/Paris",
        window_start=naive_utc(origin),
        window_end=naive_utc(origin + timedelta(minutes=steps * 4)),
        outage_budget_minutes=steps * 2,
    )  # fmt: skip
    session.add(runbook)
    session.flush()
    rows = []
    gate_codes = []
    for n in range(steps):
        kind = "task"
        if n % 200 == 150:
            kind = "gate"
        elif n % 17 == 5:
            kind = "validation"
        elif n % 23 == 7:
            kind = "communication"
        code = f"{n // 100 + 1}.{n % 100:02d}"
        if kind == "gate":
            gate_codes.append(n)
        rows.append({
            "runbook_id": runbook.id, "code": code, "position": n * 10,
            "title": f"{STREAMS[n % 5].title()} step {n + 1}", "kind": kind,
            "stream": STREAMS[n % 5], "duration_minutes": 5 + (n * 7) % 25,
            "decision_maker": "CAB chair" if kind == "gate" else "",
            "point_of_no_return": n == 160,
        })  # fmt: skip
    session.execute(insert(RunbookStep), rows)
    ids = list(session.scalars(
        select(RunbookStep.id).where(RunbookStep.runbook_id == runbook.id)
        .order_by(RunbookStep.position)
    ))  # fmt: skip
    links = []
    for n in range(5, steps):
        links.append({"step_id": ids[n], "predecessor_id": ids[n - 5], "link_type": "FS",
                      "lag_minutes": 0})
        if n % 10 == 0:
            for back in range(1, 5):
                links.append({"step_id": ids[n], "predecessor_id": ids[n - back],
                              "link_type": "FS", "lag_minutes": 0})
    session.execute(insert(RunbookLink), links)
    rollback = []
    for number, n in enumerate(gate_codes):
        for k in range(3):
            rollback.append({
                "runbook_id": runbook.id, "code": f"RB{number + 1}.{k + 1}",
                "position": n * 10 + k + 1, "title": f"Roll back, part {k + 1}",
                "kind": "rollback", "stream": STREAMS[k], "duration_minutes": 20,
                "rollback_of_id": ids[n],
            })  # fmt: skip
    if rollback:
        session.execute(insert(RunbookStep), rollback)
    services = [("ERP", 240, 2, steps // 2), ("E-mail", 120, 3, steps // 4),
                ("Web shop", 60, 4, steps // 8)]
    session.execute(insert(RunbookService), [
        {"runbook_id": runbook.id, "name": name, "rto_minutes": rto,
         "down_step_id": ids[down], "up_step_id": ids[up]}
        for name, rto, down, up in services
    ])  # fmt: skip
    session.flush()
    return runbook.id


def record_rehearsal(session: Session, runbook_id: int, origin: datetime, now: datetime) -> int:
    """A rehearsal started at ``origin``, recorded as if every click came at its planned
    time until ``now`` (every 13th step 7 minutes late to finish)."""
    run = RunbookRun(runbook_id=runbook_id, name="Rehearsal 1", mode="rehearsal",
                     started=naive_utc(origin))
    session.add(run)
    session.flush()
    plan = view_in(session, runbook_id, None, origin)
    records = []
    for step, timing in zip(plan.steps, plan.timings, strict=True):
        start, finish = timing.planned_start, timing.planned_finish
        if start is None or finish is None or start > now or step.kind == "rollback":
            continue
        late = 7 if step.position % 13 == 0 else 0
        finish = finish + timedelta(minutes=late)
        record = {"run_id": run.id, "step_id": step.id, "actual_start": naive_utc(start),
                  "actual_finish": naive_utc(finish) if finish <= now else None}
        if step.kind == "gate" and finish <= now:
            record.update(decision="go", decided_by="CAB chair", decided_at=naive_utc(finish))
        if step.kind == "validation" and finish <= now:
            record.update(result="pass")
        records.append(record)
    if records:
        session.execute(insert(StepRecord), records)
    return run.id
