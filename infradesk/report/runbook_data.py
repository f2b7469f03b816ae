"""Plain data the runbook PDFs draw from: the bridge sheet and the post-implementation report
(issue 19).

Nothing here knows about the database or the services' rows: ``services.runbooks.reports``
builds these from the runbook views, and tests build them by hand. Instants are aware
``datetime``s (the renderer shows them in ``time_zone``, so a night across a daylight-saving
change prints the clock the people in the hall see); durations and variances are elapsed
minutes. Every text is the user's raw text; the renderers escape it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from infradesk.report.runbook_format import minutes_between

KINDS = ("task", "gate", "validation", "communication", "rollback")


@dataclass(frozen=True, slots=True)
class SheetStep:
    """One step of a bridge sheet. ``planned_start`` None: the step is not on the planned
    path (a rollback step runs only after a no-go)."""

    code: str
    title: str
    kind: str  # one of KINDS
    stream: str
    owner: str = ""
    backup_owner: str = ""
    planned_start: datetime | None = None
    duration_minutes: int = 0
    predecessors: str = ""  # as the plan table writes them: "1.01, 1.02SS+10"
    command: str = ""
    notes: str = ""
    fixed_time: str = ""  # the clock time the PM wrote, formatted ("18:00 Europe/London")
    decision_maker: str = ""
    criteria: tuple[str, ...] = ()
    audience: str = ""
    message: str = ""
    rollback_of: str = ""  # the gate's code; "" on the forward path
    point_of_no_return: bool = False


@dataclass(frozen=True, slots=True)
class BridgeSheetData:
    """A runbook for the printed bridge sheets: every step in planned order."""

    runbook: str
    project: str
    time_zone: str  # IANA name
    window_start: datetime | None
    window_end: datetime | None
    printed_at: datetime
    steps: tuple[SheetStep, ...]  # planned order (start, then position)
    run: str = ""  # the run whose forecast gives the times; "" = the plan

    @property
    def streams(self) -> tuple[str, ...]:
        """The streams in order of their first step."""
        seen: dict[str, None] = {}
        for step in self.steps:
            seen.setdefault(step.stream, None)
        return tuple(seen)


@dataclass(frozen=True, slots=True)
class PirStep:
    """One step planned against what the run recorded. ``status``: done, skipped, running,
    not started, or not run (the branch taken left it out)."""

    code: str
    title: str
    stream: str
    kind: str
    owner: str
    planned_start: datetime | None
    planned_finish: datetime | None
    actual_start: datetime | None
    actual_finish: datetime | None
    planned_minutes: int
    actual_minutes: int | None
    late_minutes: int  # actual (or forecast) finish - planned finish; > 0 late
    status: str
    skipped_reason: str = ""
    critical: bool = False

    @property
    def late(self) -> bool:
        return self.late_minutes > 0 and self.status != "not run"


@dataclass(frozen=True, slots=True)
class PirStream:
    """A stream's span (first start to last finish) planned and as it ran."""

    stream: str
    steps: int
    done: int
    late: int
    planned_minutes: int
    actual_minutes: int | None
    planned_end: datetime | None = None
    actual_end: datetime | None = None


@dataclass(frozen=True, slots=True)
class PirGate:
    code: str
    title: str
    decision_maker: str  # who the plan names
    criteria: tuple[str, ...]
    decision: str  # go / no-go / "" (not decided)
    decided_by: str
    decided_at: datetime | None
    planned_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class PirValidation:
    code: str
    title: str
    result: str  # pass / fail / not_tested / "" (not recorded)
    comment: str
    at: datetime | None
    issue_code: str = ""


@dataclass(frozen=True, slots=True)
class PirIssue:
    """An issue the run opened in the RAID log (from a failed validation)."""

    code: str
    step: str
    title: str
    comment: str = ""


@dataclass(frozen=True, slots=True)
class PirService:
    """A service's outage: planned, actual (RTA) and its objective (RTO), in minutes."""

    name: str
    rto_minutes: int
    planned_minutes: int | None
    actual_minutes: int | None
    down_at: datetime | None
    up_at: datetime | None

    @property
    def over_rto(self) -> bool:
        return (
            self.rto_minutes > 0
            and self.actual_minutes is not None
            and self.actual_minutes > self.rto_minutes
        )


@dataclass(frozen=True, slots=True)
class RunColumn:
    """One run in the comparison of runs: its name and per-stream minutes (parallel to
    :attr:`PirData.compared_streams`), its total."""

    name: str
    minutes: tuple[int | None, ...]
    total: int | None


@dataclass(frozen=True, slots=True)
class PirData:
    """Everything the post-implementation report of one run shows."""

    runbook: str
    project: str
    run: str  # "Live", "Rehearsal 2"
    mode: str  # live / rehearsal
    time_zone: str
    generated_at: datetime
    window_start: datetime | None  # the approved maintenance window
    window_end: datetime | None
    planned_start: datetime
    planned_end: datetime
    actual_start: datetime | None
    actual_end: datetime | None  # None while steps are still to run
    forecast_end: datetime  # the actual end once finished, else the forecast
    outage_budget_minutes: int | None
    outage_minutes: int | None  # time any service was down (union of the outages)
    planned_outage_minutes: int | None
    steps: tuple[PirStep, ...]  # planned order
    streams: tuple[PirStream, ...]
    critical_path: tuple[str, ...]  # step codes in start order, as the run went
    gates: tuple[PirGate, ...]
    validations: tuple[PirValidation, ...]
    issues: tuple[PirIssue, ...]
    services: tuple[PirService, ...]
    lessons: str = ""
    notes: str = ""
    warnings: tuple[str, ...] = ()
    compared_streams: tuple[str, ...] = ()  # the stream rows of the comparison of runs
    planned_stream_minutes: tuple[int, ...] = ()
    planned_total: int = 0
    compared_runs: tuple[RunColumn, ...] = ()

    @property
    def finished(self) -> bool:
        return self.actual_end is not None

    @property
    def late_minutes(self) -> int:
        """The (forecast) end against the planned end; > 0 late."""
        return minutes_between(self.planned_end, self.forecast_end) or 0

    def count(self, status: str) -> int:
        return sum(1 for step in self.steps if step.status == status)

    @property
    def failed(self) -> int:
        return sum(1 for v in self.validations if v.result == "fail")

    def step(self, code: str) -> PirStep | None:
        for step in self.steps:
            if step.code == code:
                return step
        return None
