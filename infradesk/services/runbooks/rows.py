"""What the runbook views and reports get: plain rows, no ORM, no Qt.

Instants are aware ``datetime``s in the runbook's time zone (the store keeps UTC); a step's
``fixed_time`` stays the wall-clock time the PM wrote, in its own zone. Minutes are elapsed
minutes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from infradesk.schedule.runbook import StepState


@dataclass(frozen=True, slots=True)
class RunSummary:
    """One run: a rehearsal or the live run; ``recorded``: steps with a record."""

    id: int
    name: str
    mode: str  # rehearsal / live
    started: datetime | None
    finished: datetime | None  # the last finish, once every active step is done
    recorded: int


@dataclass(frozen=True, slots=True)
class RunbookSummary:
    id: int
    project_id: int
    name: str
    task_id: int | None
    task_name: str
    time_zone: str
    window_start: datetime | None
    window_end: datetime | None
    outage_budget_minutes: int | None
    change_request: str  # its code, "" when none
    change_request_id: int | None
    step_count: int
    streams: tuple[str, ...]
    runs: tuple[RunSummary, ...]
    notes: str
    lessons: str


@dataclass(frozen=True, slots=True)
class StepRow:
    """A step as the plan table shows it; ``predecessors`` as text (``1.01, 1.02SS+10``)."""

    id: int
    code: str
    position: int
    title: str
    kind: str
    stream: str
    owner: str
    backup_owner: str
    duration_minutes: int
    predecessors: str
    fixed_time: datetime | None
    fixed_time_zone: str
    notes: str
    command: str
    decision_maker: str
    criteria: tuple[str, ...]
    audience: str
    message: str
    rollback_of: str  # the gate's code, "" on the forward path
    point_of_no_return: bool


@dataclass(frozen=True, slots=True)
class StepTiming:
    """A step's times in the view's run (or the plan): planned, forecast (``start``,
    ``finish``: None when the step does not run on the branch taken) and recorded."""

    step_id: int
    state: StepState
    planned_start: datetime | None
    planned_finish: datetime | None
    start: datetime | None
    finish: datetime | None
    actual_start: datetime | None
    actual_finish: datetime | None
    late_minutes: int  # forecast finish - planned finish; > 0 late
    float_minutes: int
    critical: bool
    skipped_reason: str
    decision: str  # go / no-go / ""
    decided_by: str
    decided_at: datetime | None
    result: str  # pass / fail / not_tested / ""
    comment: str
    issue_code: str


@dataclass(frozen=True, slots=True)
class ServiceOutage:
    """A service's outage: planned and forecast (RTA) minutes against its RTO."""

    id: int
    name: str
    rto_minutes: int
    down_step: str
    up_step: str
    planned_minutes: int | None
    forecast_minutes: int | None
    down_at: datetime | None
    up_at: datetime | None

    @property
    def over_rto(self) -> bool:
        return (
            self.rto_minutes > 0
            and self.forecast_minutes is not None
            and self.forecast_minutes > self.rto_minutes
        )


@dataclass(frozen=True, slots=True)
class RunbookView:
    """A runbook with the times of one run (``run`` None: the plan) at ``now``."""

    summary: RunbookSummary
    steps: tuple[StepRow, ...]
    timings: tuple[StepTiming, ...]  # parallel to ``steps``
    run: RunSummary | None
    now: datetime
    origin: datetime  # minute 0: the window start (plan, live) or the rehearsal's start
    planned_end: datetime
    forecast_end: datetime
    elapsed_minutes: int  # now - origin (0 before the start)
    services: tuple[ServiceOutage, ...]
    critical_path: tuple[int, ...]  # step ids in start order
    rollback_end: datetime | None  # if the next undecided gate said no-go
    warnings: tuple[str, ...]  # the window against freezes, the window end, the budget

    def timing_of(self, step_id: int) -> StepTiming:
        for timing in self.timings:
            if timing.step_id == step_id:
                return timing
        raise KeyError(step_id)

    def with_state(self, *states: str) -> list[tuple[StepRow, StepTiming]]:
        """The steps in one of ``states`` (``ready``: startable now), in start order."""
        chosen = [(s, t) for s, t in zip(self.steps, self.timings, strict=True)
                  if t.state in states]
        chosen.sort(key=lambda pair: (pair[1].start or self.origin, pair[0].position))
        return chosen

    @property
    def late(self) -> list[tuple[StepRow, StepTiming]]:
        """Steps not done yet that will finish after their planned finish."""
        return [
            (s, t) for s, t in zip(self.steps, self.timings, strict=True)
            if t.late_minutes > 0 and t.state in ("running", "ready", "waiting")
        ]


@dataclass(frozen=True, slots=True)
class ComparedStep:
    """One step across the plan and every run: minutes from the origin and durations."""

    step_id: int
    code: str
    title: str
    stream: str
    planned_offset: int
    planned_minutes: int
    offsets: tuple[int | None, ...]  # per run: actual start - run origin
    minutes: tuple[int | None, ...]  # per run: actual duration (None: not recorded)


@dataclass(frozen=True, slots=True)
class ComparedStream:
    stream: str
    planned_minutes: int  # first planned start to last planned finish of the stream
    minutes: tuple[int | None, ...]  # per run, the same span as recorded


@dataclass(frozen=True, slots=True)
class RunComparison:
    """Planned vs each run (rehearsal 1, rehearsal 2, live...), per step and per stream."""

    runs: tuple[RunSummary, ...]
    steps: tuple[ComparedStep, ...]
    streams: tuple[ComparedStream, ...]
    planned_total: int
    totals: tuple[int | None, ...]
