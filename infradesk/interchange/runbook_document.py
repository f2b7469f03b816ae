"""The cutover runbook in the interchange document (issue 19): a project's ``runbooks``, each
with its steps, the services whose outage it measures and its recorded runs.

Time conventions, which differ from the plan's on purpose: a cutover weekend crosses time
zones and daylight-saving changes, so every *instant* of a runbook (the window, a step's actual
start and finish, a gate's decision time) is an aware ``datetime`` (any zone; the store keeps
UTC). A step's ``fixed_time`` is what the PM wrote: a wall-clock time (naive) in
``fixed_time_zone`` ("" = the runbook's ``time_zone``), e.g. "DNS TTL lowered at 18:00 CET".
Durations and lags are elapsed minutes: a runbook runs round the clock.

References use the document's own keys: a link and a rollback step name step ``code``s, a
runbook's ``task`` is a document task id, its ``change_request`` a change request code, an
``owner`` a resource name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

StepKind = Literal["task", "gate", "validation", "communication", "rollback"]
STEP_KINDS: tuple[StepKind, ...] = ("task", "gate", "validation", "communication", "rollback")
RunMode = Literal["rehearsal", "live"]
RUN_MODES: tuple[RunMode, ...] = ("rehearsal", "live")
RunbookLinkType = Literal["FS", "SS", "FF", "SF"]
# a gate's decision: go on with the forward path, or switch to the rollback path
GateDecision = Literal["go", "no-go"]
GATE_DECISIONS: tuple[GateDecision, ...] = ("go", "no-go")
# a validation's result
ValidationResult = Literal["pass", "fail", "not_tested"]
VALIDATION_RESULTS: tuple[ValidationResult, ...] = ("pass", "fail", "not_tested")


@dataclass(frozen=True, slots=True)
class RunbookLink:
    """A predecessor of a step: the predecessor's ``code``, the link type and the lag in
    elapsed minutes (may be negative)."""

    step: str
    type: RunbookLinkType = "FS"
    lag_minutes: int = 0


@dataclass(frozen=True, slots=True)
class RunbookStep:
    """One step, in runbook order. ``kind``:

    - ``task``: work to do (``command``: the exact command or check to run);
    - ``gate``: a go/no-go decision by ``decision_maker`` against ``criteria``;
    - ``validation``: a check recorded as pass / fail / not tested;
    - ``communication``: ``audience`` is told ``message``;
    - ``rollback``: a step of the rollback path of the gate ``rollback_of``, run only when
      that gate decides no-go.

    ``point_of_no_return`` marks the step after which rollback becomes a forward fix.
    """

    code: str
    title: str = ""
    kind: StepKind = "task"
    stream: str = ""
    owner: str = ""
    backup_owner: str = ""
    duration_minutes: int = 0
    predecessors: tuple[RunbookLink, ...] = ()
    fixed_time: datetime | None = None
    fixed_time_zone: str = ""
    notes: str = ""
    command: str = ""
    decision_maker: str = ""
    criteria: tuple[str, ...] = ()
    audience: str = ""
    message: str = ""
    rollback_of: str = ""
    point_of_no_return: bool = False


@dataclass(frozen=True, slots=True)
class RunbookService:
    """A service the cutover takes down: its outage runs from the start of ``down_step`` to
    the finish of ``up_step`` (step codes) and must stay within ``rto_minutes``."""

    name: str
    rto_minutes: int = 0
    down_step: str = ""
    up_step: str = ""


@dataclass(frozen=True, slots=True)
class StepActual:
    """What one run recorded for one step (aware instants)."""

    step: str
    actual_start: datetime | None = None
    actual_finish: datetime | None = None
    skipped_reason: str = ""
    decision: GateDecision | None = None
    decided_by: str = ""
    decided_at: datetime | None = None
    result: ValidationResult | None = None
    comment: str = ""


@dataclass(frozen=True, slots=True)
class RunbookRun:
    """A rehearsal or the live run; every run is kept for the comparison."""

    name: str
    mode: RunMode = "rehearsal"
    started: datetime | None = None
    steps: tuple[StepActual, ...] = ()


@dataclass(frozen=True, slots=True)
class Runbook:
    """A project's cutover runbook. ``task``: the plan task it drives (its actual start and
    finish come from the live run); ``window_start``/``window_end``: the maintenance window
    (aware); ``outage_budget_minutes``: the total outage allowed (None: not set)."""

    name: str
    task: int | None = None
    time_zone: str = "UTC"
    window_start: datetime | None = None
    window_end: datetime | None = None
    outage_budget_minutes: int | None = None
    change_request: str = ""
    notes: str = ""
    lessons: str = ""
    steps: tuple[RunbookStep, ...] = ()
    services: tuple[RunbookService, ...] = ()
    runs: tuple[RunbookRun, ...] = ()
