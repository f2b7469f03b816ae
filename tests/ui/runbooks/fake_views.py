"""RunbookView rows built by hand, for the widgets' tests and the bench (no workspace)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from infradesk.services.runbooks.rows import (
    RunbookSummary,
    RunbookView,
    RunSummary,
    ServiceOutage,
    StepRow,
    StepTiming,
)

PARIS = ZoneInfo("Europe/Paris")
ORIGIN = datetime(2026, 10, 24, 18, 0, tzinfo=PARIS)


def step(number: int, kind: str = "task", **values: object) -> StepRow:
    base: dict[str, object] = dict(
        id=number, code=f"1.{number:02d}", position=number, title=f"Step {number}", kind=kind,
        stream=("network", "storage", "apps", "comms", "db")[number % 5], owner="Ana",
        backup_owner="", duration_minutes=15, predecessors=f"1.{number - 1:02d}" if number > 1
        else "", fixed_time=None, fixed_time_zone="", notes="", command="", decision_maker="",
        criteria=(), audience="", message="", rollback_of="", point_of_no_return=False,
    )
    base.update(values)
    return StepRow(**base)  # type: ignore[arg-type]


def timing(row: StepRow, state: str = "waiting", late: int = 0, **values: object) -> StepTiming:
    start = ORIGIN + timedelta(minutes=15 * (row.position - 1))
    finish = start + timedelta(minutes=row.duration_minutes)
    base: dict[str, object] = dict(
        step_id=row.id, state=state, planned_start=start, planned_finish=finish,
        start=start, finish=finish + timedelta(minutes=late), actual_start=None,
        actual_finish=None, late_minutes=late, float_minutes=0, critical=True,
        skipped_reason="", decision="", decided_by="", decided_at=None, result="", comment="",
        issue_code="",
    )
    base.update(values)
    return StepTiming(**base)  # type: ignore[arg-type]


def view(
    steps: list[StepRow], timings: list[StepTiming] | None = None, run: RunSummary | None = None,
    now: datetime | None = None,
) -> RunbookView:
    timings = timings or [timing(s) for s in steps]
    end = max((t.planned_finish for t in timings if t.planned_finish), default=ORIGIN)
    summary = RunbookSummary(
        id=1, project_id=1, name="Cutover", task_id=None, task_name="", time_zone="Europe/Paris",
        window_start=ORIGIN, window_end=ORIGIN + timedelta(hours=12),
        outage_budget_minutes=240, change_request="", change_request_id=None,
        step_count=len(steps), streams=tuple(sorted({s.stream for s in steps})),
        runs=(run,) if run else (), notes="", lessons="",
    )
    return RunbookView(
        summary=summary, steps=tuple(steps), timings=tuple(timings), run=run,
        now=now or ORIGIN, origin=ORIGIN, planned_end=end,
        forecast_end=max((t.finish for t in timings if t.finish), default=ORIGIN),
        elapsed_minutes=0,
        services=(ServiceOutage(1, "ERP", 120, "1.02", "1.05", 60, 150, ORIGIN, None),),
        critical_path=tuple(s.id for s in steps), rollback_end=None, warnings=(),
    )


def run_summary(mode: str = "rehearsal") -> RunSummary:
    return RunSummary(id=1, name="Rehearsal 1", mode=mode, started=ORIGIN, finished=None,
                      recorded=0)


def big_view(count: int = 2000) -> RunbookView:
    """A runbook of ``count`` steps mid-run: the first third done, a few running, late ones."""
    steps = [step(n, "gate" if n % 97 == 0 else "task") for n in range(1, count + 1)]
    timings = []
    for row in steps:
        if row.position < count // 3:
            timings.append(timing(row, "done", actual_start=row and ORIGIN,
                                  actual_finish=ORIGIN))
        elif row.position < count // 3 + 6:
            timings.append(timing(row, "running", late=5 if row.position % 2 else 0))
        elif row.position < count // 3 + 12:
            timings.append(timing(row, "ready"))
        else:
            timings.append(timing(row, "waiting", late=3 if row.position % 7 == 0 else 0))
    return view(steps, timings, run_summary(), now=ORIGIN + timedelta(hours=3))
