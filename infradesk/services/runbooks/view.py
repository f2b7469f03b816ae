"""What the runbook views read, each call in one read transaction: a runbook's steps with
the times of the plan or of one run, the runs compared, the pool's names."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session

from infradesk.model import Resource
from infradesk.model.runbook import Runbook
from infradesk.schedule.runbook import NO_GO, RunbookNetwork, StepActual, Timing
from infradesk.services.runbooks import clock
from infradesk.services.runbooks.loading import LoadedRunbook, load, origin_of, run_records
from infradesk.services.runbooks.rows import (
    ComparedStep,
    ComparedStream,
    RunbookSummary,
    RunbookView,
    RunComparison,
    RunSummary,
    ServiceOutage,
    StepRow,
    StepTiming,
)
from infradesk.services.runbooks.text import links_text
from infradesk.store.workspace import Workspace

Records = Mapping[int, Row[Any]]


def list_runbooks(workspace: Workspace, project_id: int) -> list[RunbookSummary]:
    """The project's runbooks, in their order."""
    with workspace.read_session() as session:
        ids = session.scalars(
            select(Runbook.id)
            .where(Runbook.project_id == project_id)
            .order_by(Runbook.position, Runbook.id)
        ).all()
        return [summary_of(session, load(session, i)) for i in ids]


def runbook_view(
    workspace: Workspace, runbook_id: int, run_id: int | None = None,
    now: datetime | None = None,
) -> RunbookView:  # fmt: skip
    """The runbook with the plan's times (``run_id`` None) or one run's forecast at ``now``
    (aware; default: the current time)."""
    with workspace.read_session() as session:
        return view_in(session, runbook_id, run_id, now)


def view_in(
    session: Session, runbook_id: int, run_id: int | None = None, now: datetime | None = None
) -> RunbookView:
    loaded = load(session, runbook_id)
    all_records = run_records(session, runbook_id)
    network = loaded.network()
    stamp = clock.utc_naive(now) if now is not None else clock.now_utc()
    summary = summary_of(session, loaded, network, all_records)
    run = next((r for r in loaded.runs if r.id == run_id), None) if run_id is not None else None
    return build_view(loaded, network, summary, run, all_records.get(run_id or -1, {}), stamp)


def summary_of(
    session: Session,
    loaded: LoadedRunbook,
    network: RunbookNetwork | None = None,
    all_records: Mapping[int, Records] | None = None,
) -> RunbookSummary:
    runbook = loaded.runbook
    if network is None:
        network = loaded.network()
    if all_records is None:
        all_records = run_records(session, runbook.id)
    where = loaded.where
    runs = tuple(
        run_summary(loaded, network, run, all_records.get(run.id, {})) for run in loaded.runs
    )
    streams = tuple(dict.fromkeys(row.stream for row in loaded.steps if row.stream))
    return RunbookSummary(
        id=runbook.id,
        project_id=runbook.project_id,
        name=runbook.name,
        task_id=runbook.task_id,
        task_name=loaded.task_name,
        time_zone=runbook.time_zone,
        window_start=clock.shown(runbook.window_start, where),
        window_end=clock.shown(runbook.window_end, where),
        outage_budget_minutes=runbook.outage_budget_minutes,
        change_request=loaded.change_code,
        change_request_id=runbook.change_request_id,
        step_count=len(loaded.steps),
        streams=streams,
        runs=runs,
        notes=runbook.notes,
        lessons=runbook.lessons,
    )


def actuals_of(origin: datetime, records: Records) -> dict[int, StepActual]:
    """A run's records as the clock's minutes from ``origin``."""
    found: dict[int, StepActual] = {}
    for step_id, record in records.items():
        start = record.actual_start
        finish = record.actual_finish
        found[step_id] = StepActual(
            start=clock.minutes_between(origin, start) if start is not None else None,
            finish=clock.minutes_between(origin, finish) if finish is not None else None,
            skipped=bool(record.skipped_reason),
            decision=record.decision or None,
        )
    return found


def run_summary(
    loaded: LoadedRunbook, network: RunbookNetwork, run: Row[Any], records: Records
) -> RunSummary:
    """A run with its finish: the last finish once every step it runs is done or skipped."""
    where = loaded.where
    finished = None
    if records and run.started is not None:
        origin = origin_of(loaded, run, run.started)
        actuals = actuals_of(origin, records)
        last = max(
            (a.finish for a in actuals.values() if a.finish is not None), default=None
        )
        if last is not None:
            timing = network.forecast(actuals, last)
            if all(s in ("done", "skipped", "inactive") for s in timing.state):
                finished = clock.at_minute(origin, timing.end, where)
    return RunSummary(
        id=run.id,
        name=run.name,
        mode=run.mode,
        started=clock.shown(run.started, where),
        finished=finished,
        recorded=len(records),
    )


_PLANS: WeakKeyDictionary[RunbookNetwork, tuple[Timing, dict[int, tuple[int, int]]]] = (
    WeakKeyDictionary()
)


def planned_timing(network: RunbookNetwork) -> tuple[Timing, dict[int, tuple[int, int]]]:
    """The plan (every gate says go) and, for rollback steps, their times on their gate's
    no-go branch: index -> (start, finish). Computed once per compiled network."""
    found = _PLANS.get(network)
    if found is None:
        found = _PLANS[network] = _planned_timing(network)
    return found


def _planned_timing(network: RunbookNetwork) -> tuple[Timing, dict[int, tuple[int, int]]]:
    plan = network.plan()
    rollback: dict[int, tuple[int, int]] = {}
    gates = {g for g in network.rollback_of if g is not None}
    for gate in gates:
        branch = network.plan({gate: NO_GO})
        for i, owner in enumerate(network.rollback_of):
            if owner == gate and branch.start[i] >= 0:
                rollback[i] = (branch.start[i], branch.finish[i])
    return plan, rollback


def build_view(
    loaded: LoadedRunbook,
    network: RunbookNetwork,
    summary: RunbookSummary,
    run: Any,
    records: Records,
    now: datetime,
) -> RunbookView:
    """The view of ``run`` (a run row or None: the plan) at ``now`` (naive UTC)."""
    where = loaded.where
    origin = origin_of(loaded, run, now)
    plan, rollback_plan = planned_timing(network)
    now_minute = clock.minutes_between(origin, now)
    timing = plan if run is None else network.forecast(actuals_of(origin, records), now_minute)

    rows = step_rows(loaded, network)
    timings: list[StepTiming] = []
    cache: dict[int, datetime] = {}

    def at(minutes: int) -> datetime:
        found = cache.get(minutes)
        if found is None:
            found = cache[minutes] = clock.at_minute(origin, minutes, where)
        return found

    for i, row in enumerate(loaded.steps):
        planned = (plan.start[i], plan.finish[i]) if plan.start[i] >= 0 else rollback_plan.get(i)
        running = timing.start[i] >= 0
        record = records.get(row.id)
        late = 0
        if running and planned is not None:
            late = timing.finish[i] - planned[1]
        timings.append(
            StepTiming(
                step_id=row.id,
                state=timing.state[i] if run is not None or running else "inactive",
                planned_start=at(planned[0]) if planned else None,
                planned_finish=at(planned[1]) if planned else None,
                start=at(timing.start[i]) if running else None,
                finish=at(timing.finish[i]) if running else None,
                actual_start=clock.shown(record.actual_start, where) if record else None,
                actual_finish=clock.shown(record.actual_finish, where) if record else None,
                late_minutes=late,
                float_minutes=timing.float_minutes[i],
                critical=timing.critical[i],
                skipped_reason=record.skipped_reason if record else "",
                decision=record.decision if record else "",
                decided_by=record.decided_by if record else "",
                decided_at=clock.shown(record.decided_at, where) if record else None,
                result=record.result if record else "",
                comment=record.comment if record else "",
                issue_code=(record.issue_code or "") if record else "",
            )
        )
    services = tuple(_outages(loaded, network, plan, timing, at))
    rollback_end = _next_rollback_end(loaded, network, timing, records, origin, now_minute, run)
    run_row = None
    if run is not None:
        run_row = next(r for r in summary.runs if r.id == run.id)
    return RunbookView(
        summary=summary,
        steps=rows,
        timings=tuple(timings),
        run=run_row,
        now=now.replace(tzinfo=UTC).astimezone(where),
        origin=at(0),
        planned_end=at(plan.end),
        forecast_end=at(timing.end),
        elapsed_minutes=max(0, now_minute) if run is not None else 0,
        services=services,
        # the plan's zero-float steps; a run's chain that really set its end
        critical_path=tuple(
            timing.critical_keys(network.keys) if run is None else network.driving_path(timing)
        ),
        rollback_end=at(rollback_end) if rollback_end is not None else None,
        warnings=tuple(warnings(loaded, summary, plan, timing, services, run is not None, at)),
    )


_ROWS: WeakKeyDictionary[RunbookNetwork, tuple[StepRow, ...]] = WeakKeyDictionary()


def step_rows(loaded: LoadedRunbook, network: RunbookNetwork) -> tuple[StepRow, ...]:
    """The plan table's rows, built once per compiled network (its shape includes them)."""
    found = _ROWS.get(network)
    if found is None:
        codes = loaded.codes
        preds = _links_by_step(loaded)
        found = _ROWS[network] = tuple(
            step_row(loaded, row, preds.get(row.id, ()), codes) for row in loaded.steps
        )
    return found


def _links_by_step(loaded: LoadedRunbook) -> dict[int, list[tuple[int, str, int]]]:
    found: dict[int, list[tuple[int, str, int]]] = {}
    for link in loaded.links:
        found.setdefault(link.step_id, []).append(
            (link.predecessor_id, link.link_type, link.lag_minutes)
        )
    return found


def step_row(
    loaded: LoadedRunbook,
    row: Row[Any],
    preds: Sequence[tuple[int, str, int]],
    codes: Mapping[int, str],
) -> StepRow:
    owners = loaded.owners
    return StepRow(
        id=row.id,
        code=row.code,
        position=row.position,
        title=row.title,
        kind=row.kind,
        stream=row.stream,
        owner=owners.get(row.owner_id, "") if row.owner_id is not None else "",
        backup_owner=(
            owners.get(row.backup_owner_id, "") if row.backup_owner_id is not None else ""
        ),
        duration_minutes=row.duration_minutes,
        predecessors=links_text([(codes.get(p, "?"), t, lag) for p, t, lag in preds]),
        fixed_time=row.fixed_time,
        fixed_time_zone=row.fixed_time_zone,
        notes=row.notes,
        command=row.command,
        decision_maker=row.decision_maker,
        criteria=tuple(line for line in row.criteria.splitlines() if line.strip()),
        audience=row.audience,
        message=row.message,
        rollback_of=codes.get(row.rollback_of_id, "") if row.rollback_of_id else "",
        point_of_no_return=bool(row.point_of_no_return),
    )


def _outages(
    loaded: LoadedRunbook, network: RunbookNetwork, plan: Timing, timing: Timing, at: Any
) -> list[ServiceOutage]:
    codes = loaded.codes
    found = []
    for service in loaded.services:
        down = network.index.get(service.down_step_id) if service.down_step_id else None
        up = network.index.get(service.up_step_id) if service.up_step_id else None
        planned = forecast = None
        down_at = up_at = None
        if down is not None and up is not None:
            if plan.start[down] >= 0 and plan.finish[up] >= 0:
                planned = plan.finish[up] - plan.start[down]
            if timing.start[down] >= 0 and timing.finish[up] >= 0:
                forecast = timing.finish[up] - timing.start[down]
                down_at, up_at = at(timing.start[down]), at(timing.finish[up])
        found.append(
            ServiceOutage(
                id=service.id,
                name=service.name,
                rto_minutes=service.rto_minutes,
                down_step=codes.get(service.down_step_id, "") if service.down_step_id else "",
                up_step=codes.get(service.up_step_id, "") if service.up_step_id else "",
                planned_minutes=planned,
                forecast_minutes=forecast,
                down_at=down_at,
                up_at=up_at,
            )
        )
    return found


def _next_rollback_end(
    loaded: LoadedRunbook,
    network: RunbookNetwork,
    timing: Timing,
    records: Records,
    origin: datetime,
    now_minute: int,
    run: Row[Any] | None,
) -> int | None:
    """When the runbook would end if the first gate still undecided said no-go."""
    gates = [
        i for i, row in enumerate(loaded.steps)
        if row.kind == "gate" and timing.start[i] >= 0
        and not (records.get(row.id) is not None and records[row.id].decision)
    ]  # fmt: skip
    gates.sort(key=lambda i: timing.start[i])
    for gate in gates:
        if gate in network.rollback_of:
            actuals = actuals_of(origin, records) if run is not None else None
            return network.rollback_finish(network.keys[gate], actuals, now_minute)
    return None


def warnings(
    loaded: LoadedRunbook,
    summary: RunbookSummary,
    plan: Timing,
    timing: Timing,
    services: Sequence[ServiceOutage],
    in_run: bool,
    at: Any,
) -> list[str]:
    """What the PM must look at: the window unset, too short, inside a change freeze or not
    approved; a service over its RTO; the outage budget overspent."""
    found = []
    start, end = summary.window_start, summary.window_end
    if start is None:
        found.append("No maintenance window is set: times count from now. Set it in Properties.")
    if end is not None:
        planned_end = at(plan.end)
        if planned_end > end:
            over = minutes_after(planned_end, end)
            found.append(f"The plan ends {over} min after the window closes ({_hm(end)}).")
        if in_run and timing.end != plan.end:
            forecast_end = at(timing.end)
            if forecast_end > end:
                over = minutes_after(forecast_end, end)
                found.append(f"Forecast: the run ends {over} min after the window closes.")
    if start is not None and end is not None:
        for name, first, last in loaded.freezes:
            if start.date() <= last and end.date() >= first:
                found.append(
                    f"The window falls in the change freeze '{name}' "
                    f"({first:%d %b} - {last:%d %b %Y})."
                )
    if loaded.change_code and loaded.change_status.lower() not in ("approved", "implemented",
                                                                    "closed"):
        found.append(
            f"Change {loaded.change_code} is '{loaded.change_status}', not approved yet."
        )
    for service in services:
        minutes = service.forecast_minutes if in_run else service.planned_minutes
        if service.rto_minutes and minutes is not None and minutes > service.rto_minutes:
            found.append(
                f"{service.name}: outage {minutes} min exceeds its RTO of "
                f"{service.rto_minutes} min."
            )
    budget = summary.outage_budget_minutes
    if budget:
        total = _total_outage(services, in_run)
        if total is not None and total > budget:
            found.append(f"Total outage {total} min exceeds the budget of {budget} min.")
    return found


def _total_outage(services: Sequence[ServiceOutage], in_run: bool) -> int | None:
    """The outage as the business feels it: from the first service down to the last up."""
    spans = [(s.down_at, s.up_at) for s in services if s.down_at and s.up_at]
    if not spans:
        return None
    return minutes_after(max(u for _d, u in spans if u), min(d for d, _u in spans if d))


def minutes_after(later: datetime, earlier: datetime) -> int:
    """Elapsed minutes between two aware instants. Compared in UTC: Python subtracts two
    times of the same zone by their wall clocks, an hour wrong across a DST change."""
    return int((later.astimezone(UTC) - earlier.astimezone(UTC)).total_seconds() // 60)


def _hm(moment: datetime) -> str:
    return f"{moment:%a %H:%M}"


# --------------------------------------------------------------------------- compare


def compare_runs(workspace: Workspace, runbook_id: int) -> RunComparison:
    """Planned vs every run, per step and per stream (minutes from each run's origin)."""
    with workspace.read_session() as session:
        loaded = load(session, runbook_id)
        all_records = run_records(session, runbook_id)
        network = loaded.network()
        summary = summary_of(session, loaded, network, all_records)
    plan, rollback_plan = planned_timing(network)
    runs = [r for r in loaded.runs if r.started is not None or all_records.get(r.id)]
    per_run: list[dict[int, StepActual]] = []
    for run in runs:
        records = all_records.get(run.id, {})
        origin = origin_of(loaded, run, run.started or clock.now_utc())
        per_run.append(actuals_of(origin, records))
    steps = []
    for i, row in enumerate(loaded.steps):
        planned = (plan.start[i], plan.finish[i]) if plan.start[i] >= 0 else rollback_plan.get(i)
        if planned is None:
            continue
        offsets = tuple(a[row.id].start if row.id in a else None for a in per_run)
        minutes = tuple(_span(a.get(row.id)) for a in per_run)
        steps.append(
            ComparedStep(row.id, row.code, row.title, row.stream, planned[0],
                         planned[1] - planned[0], offsets, minutes)
        )
    streams = []
    for stream in dict.fromkeys(s.stream for s in steps):
        mine = [s for s in steps if s.stream == stream]
        planned_span = max(s.planned_offset + s.planned_minutes for s in mine) - min(
            s.planned_offset for s in mine
        )
        spans = tuple(
            _run_span([a.get(s.step_id) for s in mine]) for a in per_run
        )
        streams.append(ComparedStream(stream, planned_span, spans))
    summaries = {s.id: s for s in summary.runs}
    return RunComparison(
        runs=tuple(summaries[r.id] for r in runs),
        steps=tuple(steps),
        streams=tuple(streams),
        planned_total=plan.end,
        totals=tuple(_run_span(list(a.values())) for a in per_run),
    )


def _span(actual: StepActual | None) -> int | None:
    if actual is None or actual.start is None or actual.finish is None:
        return None
    return actual.finish - actual.start


def _run_span(actuals: Sequence[StepActual | None]) -> int | None:
    starts = [a.start for a in actuals if a is not None and a.start is not None]
    finishes = [a.finish for a in actuals if a is not None and a.finish is not None]
    if not starts or not finishes:
        return None
    return max(finishes) - min(starts)


def pool_names(workspace: Workspace) -> list[str]:
    """The resource pool's names (owners of steps), sorted."""
    with workspace.read_session() as session:
        return list(session.scalars(select(Resource.name).order_by(func.lower(Resource.name))))
