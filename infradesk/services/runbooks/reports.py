"""The runbook's PDFs (issue 19): the printed bridge sheets and the post-implementation
report, built from the runbook views and written atomically.

The hops: ``view.runbook_view`` / ``compare_runs`` (plain rows) -> ``bridge_data`` /
``pir_data`` here (the report layer's own plain data, ``report.runbook_data``) ->
``report.bridge_sheet`` / ``report.runbook_pir`` -> a temporary file beside the target,
renamed over it once complete, so a crash or a full disk never leaves half a PDF where the
last good one was.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import select

from infradesk.model import Project
from infradesk.model.risk import Issue
from infradesk.report.bridge_sheet import render_bridge_sheet, sheet_file_name, stream_name
from infradesk.report.runbook_data import (
    BridgeSheetData,
    PirData,
    PirGate,
    PirIssue,
    PirService,
    PirStep,
    PirStream,
    PirValidation,
    RunColumn,
    SheetStep,
)
from infradesk.report.runbook_format import add_minutes, minutes_between, utc
from infradesk.report.runbook_pir import render_pir
from infradesk.services.runbooks.errors import RunbookEditError
from infradesk.services.runbooks.rows import (
    RunbookView,
    RunComparison,
    ServiceOutage,
    StepRow,
    StepTiming,
)
from infradesk.services.runbooks.view import compare_runs, runbook_view
from infradesk.store.workspace import Workspace

STATUS = {
    "done": "done",
    "skipped": "skipped",
    "running": "running",
    "ready": "not started",
    "waiting": "not started",
    "inactive": "not run",
}
_LATER = datetime.max


# ---------------------------------------------------------------------- writing


def write_bridge_sheets(
    workspace: Workspace, runbook_id: int, folder: Path, run_id: int | None = None
) -> list[Path]:
    """One bridge sheet PDF per stream in ``folder`` (created when missing), in the order of
    the streams' first steps; the times are the plan's, or ``run_id``'s forecast."""
    data = bridge_data(workspace, runbook_id, run_id)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for stream in data.streams:
        path = folder / sheet_file_name(data.runbook, stream)
        write_atomically(path, partial(render_bridge_sheet, data, stream))
        written.append(path)
    return written


def write_pir(workspace: Workspace, runbook_id: int, run_id: int, path: Path) -> Path:
    """The post-implementation report of the run ``run_id`` as a PDF at ``path``."""
    data = pir_data(workspace, runbook_id, run_id)
    path = Path(path)
    write_atomically(path, partial(render_pir, data))
    return path


def write_atomically(path: Path, render: Callable[[str], None], suffix: str = ".pdf") -> None:
    """Let ``render`` write a temporary file in ``path``'s folder, then rename it over
    ``path`` (atomic on one file system); the temporary file goes on any failure."""
    handle, temporary = tempfile.mkstemp(prefix=".infradesk-", suffix=suffix, dir=path.parent)
    os.close(handle)
    try:
        render(temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# ---------------------------------------------------------------------- the bridge sheet


def bridge_data(
    workspace: Workspace, runbook_id: int, run_id: int | None = None,
    now: datetime | None = None,
) -> BridgeSheetData:  # fmt: skip
    """The bridge sheets' data: every step in planned order, timed by the plan or by the
    forecast of ``run_id`` (a re-print in the middle of the night)."""
    view = runbook_view(workspace, runbook_id, run_id, now)
    if not view.steps:
        raise RunbookEditError(f"The runbook '{view.summary.name}' has no steps to print.")
    steps = []
    for row, timing in _in_planned_order(view):
        start = timing.planned_start
        if run_id is not None and timing.start is not None:
            start = timing.start
        steps.append(
            SheetStep(
                code=row.code,
                title=row.title,
                kind=row.kind,
                stream=row.stream,
                owner=row.owner,
                backup_owner=row.backup_owner,
                planned_start=start,
                duration_minutes=row.duration_minutes,
                predecessors=row.predecessors,
                command=row.command,
                notes=row.notes,
                fixed_time=_fixed_time(row, view.summary.time_zone),
                decision_maker=row.decision_maker,
                criteria=row.criteria,
                audience=row.audience,
                message=row.message,
                rollback_of=row.rollback_of,
                point_of_no_return=row.point_of_no_return,
            )
        )
    summary = view.summary
    return BridgeSheetData(
        runbook=summary.name,
        project=_project_name(workspace, summary.project_id),
        time_zone=summary.time_zone,
        window_start=summary.window_start,
        window_end=summary.window_end,
        printed_at=view.now,
        steps=tuple(steps),
        run=view.run.name if view.run is not None else "",
    )


def _in_planned_order(view: RunbookView) -> list[tuple[StepRow, StepTiming]]:
    pairs = list(zip(view.steps, view.timings, strict=True))
    pairs.sort(key=lambda pair: (_key(pair[1].planned_start), pair[0].position))
    return pairs


def _key(moment: datetime | None) -> datetime:
    """Sortable: steps without a time go last."""
    return _LATER if moment is None else _utc_naive(moment)


def _utc_naive(moment: datetime) -> datetime:
    return utc(moment).replace(tzinfo=None)


def _on_rollback(row: StepRow) -> bool:
    return row.kind == "rollback" or bool(row.rollback_of)


def _fixed_time(row: StepRow, runbook_zone: str) -> str:
    if row.fixed_time is None:
        return ""
    return f"{row.fixed_time:%H:%M} {row.fixed_time_zone or runbook_zone}"


def _project_name(workspace: Workspace, project_id: int) -> str:
    with workspace.read_session() as session:
        return session.scalar(select(Project.name).where(Project.id == project_id)) or ""


# ---------------------------------------------------------------------- the PIR


def pir_data(
    workspace: Workspace, runbook_id: int, run_id: int, now: datetime | None = None
) -> PirData:
    """The post-implementation report's data of one run (at ``now`` for a run not finished:
    its forecast)."""
    view = runbook_view(workspace, runbook_id, run_id, now)
    run = view.run
    if run is None:
        raise RunbookEditError(f"The runbook '{view.summary.name}' has no run {run_id}.")
    plan = runbook_view(workspace, runbook_id, None, now)
    comparison = compare_runs(workspace, runbook_id)
    summary = view.summary
    # the forward path in planned order, then the rollback path (timed on its gate's no-go)
    pairs = sorted(_in_planned_order(view), key=lambda pair: _on_rollback(pair[0]))
    steps = tuple(_pir_step(row, timing, view) for row, timing in pairs)
    codes = {row.id: row.code for row in view.steps}
    window_start, window_end = summary.window_start, summary.window_end
    if run.mode == "rehearsal" and window_start is not None and window_end is not None:
        # a rehearsal runs on another day: its window is the live one's length from its start
        length = minutes_between(window_start, window_end) or 0
        window_start, window_end = view.origin, add_minutes(view.origin, length)
    actual_starts = [t.actual_start for t in view.timings if t.actual_start is not None]
    first_start = min(actual_starts, key=utc, default=None)
    return PirData(
        runbook=summary.name,
        project=_project_name(workspace, summary.project_id),
        run=run.name,
        mode=run.mode,
        time_zone=summary.time_zone,
        generated_at=view.now,
        window_start=window_start,
        window_end=window_end,
        planned_start=view.origin,
        planned_end=view.planned_end,
        actual_start=first_start,
        actual_end=run.finished,
        forecast_end=run.finished or view.forecast_end,
        outage_budget_minutes=summary.outage_budget_minutes,
        outage_minutes=total_outage(view.services),
        planned_outage_minutes=total_outage(plan.services),
        steps=steps,
        streams=tuple(_streams(pairs, steps)),
        critical_path=tuple(codes[i] for i in view.critical_path if i in codes),
        gates=tuple(_gates(pairs)),
        validations=tuple(_validations(pairs)),
        issues=tuple(_issues(workspace, summary.project_id, pairs)),
        services=tuple(_service(s, p) for s, p in zip(view.services, plan.services, strict=True)),
        lessons=summary.lessons,
        notes=summary.notes,
        warnings=view.warnings,
        **_comparison(comparison),
    )


def total_outage(services: Sequence[ServiceOutage]) -> int | None:
    """The outage as the business feels it: from the first service down to the last up
    (the rule of the views' budget warning)."""
    spans = [(s.down_at, s.up_at) for s in services if s.down_at and s.up_at]
    if not spans:
        return None
    first = min((down for down, _up in spans if down), key=utc)
    last = max((up for _down, up in spans if up), key=utc)
    return minutes_between(first, last)


def _pir_step(row: StepRow, timing: StepTiming, view: RunbookView) -> PirStep:
    status = STATUS.get(timing.state, timing.state)
    actual_minutes = minutes_between(timing.actual_start, timing.actual_finish)
    return PirStep(
        code=row.code,
        title=row.title,
        stream=row.stream,
        kind=row.kind,
        owner=row.owner,
        planned_start=timing.planned_start,
        planned_finish=timing.planned_finish,
        actual_start=timing.actual_start,
        actual_finish=timing.actual_finish,
        planned_minutes=row.duration_minutes,
        actual_minutes=actual_minutes,
        late_minutes=timing.late_minutes if status != "not run" else 0,
        status=status,
        skipped_reason=timing.skipped_reason,
        critical=row.id in view.critical_path,
    )


def _streams(
    pairs: list[tuple[StepRow, StepTiming]], steps: tuple[PirStep, ...]
) -> list[PirStream]:
    """Each stream's span: planned (its active steps) and as run (the forecast's times,
    the actual ones for every step done)."""
    found = []
    names = dict.fromkeys(row.stream for row, _t in pairs)
    for name in names:
        mine = [
            (row, timing, step)
            for (row, timing), step in zip(pairs, steps, strict=True)
            if row.stream == name and step.status != "not run"
        ]
        if not mine:
            continue
        planned = [(t.planned_start, t.planned_finish) for _r, t, _s in mine
                   if t.planned_start is not None and t.planned_finish is not None]
        ran = [(t.start, t.finish) for _r, t, _s in mine
               if t.start is not None and t.finish is not None]
        planned_end = max((f for _s, f in planned), key=utc, default=None)
        actual_end = max((f for _s, f in ran), key=utc, default=None)
        found.append(
            PirStream(
                stream=stream_name(name),
                steps=len(mine),
                done=sum(1 for *_rt, s in mine if s.status in ("done", "skipped")),
                late=sum(1 for *_rt, s in mine if s.late),
                planned_minutes=_span(planned) or 0,
                actual_minutes=_span(ran),
                planned_end=planned_end,
                actual_end=actual_end,
            )
        )
    return found


def _span(spans: Sequence[tuple[datetime, datetime]]) -> int | None:
    if not spans:
        return None
    first = min((start for start, _finish in spans), key=utc)
    last = max((finish for _start, finish in spans), key=utc)
    return minutes_between(first, last)


def _gates(pairs: list[tuple[StepRow, StepTiming]]) -> list[PirGate]:
    return [
        PirGate(
            code=row.code,
            title=row.title,
            decision_maker=row.decision_maker,
            criteria=row.criteria,
            decision=timing.decision,
            decided_by=timing.decided_by,
            decided_at=timing.decided_at,
            planned_at=timing.planned_start,
        )
        for row, timing in pairs
        if row.kind == "gate"
    ]


def _validations(pairs: list[tuple[StepRow, StepTiming]]) -> list[PirValidation]:
    return [
        PirValidation(
            code=row.code,
            title=row.title,
            result=timing.result,
            comment=timing.comment,
            at=timing.actual_finish or timing.actual_start,
            issue_code=timing.issue_code,
        )
        for row, timing in pairs
        if row.kind == "validation"
    ]


def _issues(
    workspace: Workspace, project_id: int, pairs: list[tuple[StepRow, StepTiming]]
) -> list[PirIssue]:
    raised = [(row, timing) for row, timing in pairs if timing.issue_code]
    if not raised:
        return []
    with workspace.read_session() as session:
        found = session.execute(
            select(Issue.code, Issue.title).where(
                Issue.project_id == project_id,
                Issue.code.in_([t.issue_code for _r, t in raised]),
            )
        )
        titles = {code: title for code, title in found}
    return [
        PirIssue(timing.issue_code, row.code, titles.get(timing.issue_code, row.title),
                 timing.comment)
        for row, timing in raised
    ]


def _service(run: ServiceOutage, plan: ServiceOutage) -> PirService:
    return PirService(
        name=run.name,
        rto_minutes=run.rto_minutes,
        planned_minutes=plan.planned_minutes,
        actual_minutes=run.forecast_minutes,
        down_at=run.down_at,
        up_at=run.up_at,
    )


def _comparison(comparison: RunComparison) -> dict[str, Any]:
    """The comparison of every run, per stream, as the PIR's fields."""
    streams = comparison.streams
    runs = tuple(
        RunColumn(
            name=run.name,
            minutes=tuple(stream.minutes[index] for stream in streams),
            total=comparison.totals[index],
        )
        for index, run in enumerate(comparison.runs)
    )
    return {
        "compared_streams": tuple(stream_name(s.stream) for s in streams),
        "planned_stream_minutes": tuple(s.planned_minutes for s in streams),
        "planned_total": comparison.planned_total,
        "compared_runs": runs,
    }


__all__ = [
    "bridge_data",
    "pir_data",
    "total_outage",
    "write_atomically",
    "write_bridge_sheets",
    "write_pir",
]
