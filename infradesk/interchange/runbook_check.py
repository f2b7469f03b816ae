"""The rules a runbook of the interchange document obeys, checked once for every source.

The JSON reader runs :func:`check_runbooks` when it has read a project, and the storing side
runs it again before writing (a typed document may come from anywhere). Each broken rule is a
:class:`DocumentError` naming its JSON path (``projects[0].runbooks[1].steps[3].rollback_of``).
Loops between steps are not checked here: they are the runbook engine's to report.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import datetime

from infradesk.interchange import runbook_document as rb
from infradesk.interchange.document import DocumentError
from infradesk.interchange.json_schema import FIRST_YEAR, LAST_YEAR, MAX_MINUTES
from infradesk.interchange.runbook_zones import UnknownZone, zone

LINK_TYPES = ("FS", "SS", "FF", "SF")
MAX_CODE = 20  # the store's columns
MAX_NAME = 200


def _fail(where: str, message: str) -> DocumentError:
    return DocumentError(f"{where}: {message}")


def check_zone(name: str, where: str) -> None:
    try:
        zone(name)
    except UnknownZone as error:
        raise _fail(where, str(error)) from None


def check_minutes(value: int, where: str, *, negative: bool = False) -> None:
    low = -MAX_MINUTES if negative else 0
    if not low <= value <= MAX_MINUTES:
        raise _fail(where, f"{value} is not between {low} and {MAX_MINUTES} minutes")


def check_year(value: datetime | None, where: str) -> None:
    if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise _fail(where, f"{value:%Y-%m-%d} is outside the years {FIRST_YEAR}-{LAST_YEAR}")


def _known(code: str, codes: Collection[str], where: str) -> None:
    if code and code not in codes:
        raise _fail(where, f"there is no step '{code}' in this runbook")


def check_runbooks(
    runbooks: Iterable[rb.Runbook],
    where: str,
    task_ids: Collection[int] | None = None,
    change_requests: Collection[str] | None = None,
) -> None:
    """Check a project's runbooks (``where``: the project's path). ``task_ids`` and
    ``change_requests``: the project's task ids and change request codes, which a runbook's
    ``task`` and ``change_request`` must name (None: not checked)."""
    names: set[str] = set()
    for index, runbook in enumerate(runbooks):
        here = f"{where}.runbooks[{index}]"
        key = runbook.name.strip().casefold()
        if not key:
            raise _fail(f"{here}.name", "a runbook needs a name")
        if len(runbook.name) > MAX_NAME:
            raise _fail(f"{here}.name", f"is longer than {MAX_NAME} characters")
        if key in names:
            raise _fail(f"{here}.name", f"a second runbook named '{runbook.name}'")
        names.add(key)
        check_runbook(runbook, here, task_ids, change_requests)


def check_runbook(
    runbook: rb.Runbook,
    here: str,
    task_ids: Collection[int] | None = None,
    change_requests: Collection[str] | None = None,
) -> None:
    """Check one runbook (``here``: its path); see :func:`check_runbooks`."""
    check_zone(runbook.time_zone, f"{here}.time_zone")
    if runbook.task is not None and task_ids is not None and runbook.task not in task_ids:
        raise _fail(f"{here}.task", f"there is no task {runbook.task} in this project")
    if (
        runbook.change_request
        and change_requests is not None
        and runbook.change_request not in change_requests
    ):
        raise _fail(
            f"{here}.change_request",
            f"there is no change request '{runbook.change_request}' in this project",
        )
    for key in ("window_start", "window_end"):
        value = getattr(runbook, key)
        if value is not None and value.tzinfo is None:
            raise _fail(f"{here}.{key}", "an instant needs its time zone")
        check_year(value, f"{here}.{key}")
    if (
        runbook.window_start is not None
        and runbook.window_end is not None
        and runbook.window_end.timestamp() < runbook.window_start.timestamp()
    ):  # timestamps: aware times of one zone compare as wall clocks
        raise _fail(f"{here}.window_end", "the window ends before it starts")
    if runbook.outage_budget_minutes is not None:
        check_minutes(runbook.outage_budget_minutes, f"{here}.outage_budget_minutes")
    kinds = _check_steps(runbook.steps, here)
    for index, service in enumerate(runbook.services):
        there = f"{here}.services[{index}]"
        if not service.name.strip():
            raise _fail(f"{there}.name", "a service needs a name")
        check_minutes(service.rto_minutes, f"{there}.rto_minutes")
        _known(service.down_step, kinds, f"{there}.down_step")
        _known(service.up_step, kinds, f"{there}.up_step")
    for index, run in enumerate(runbook.runs):
        _check_run(run, f"{here}.runs[{index}]", kinds)


def _check_steps(steps: Iterable[rb.RunbookStep], here: str) -> dict[str, str]:
    """The steps' rules; returns code -> kind."""
    kinds: dict[str, str] = {}
    listed = list(steps)
    for index, step in enumerate(listed):
        there = f"{here}.steps[{index}]"
        code = step.code
        if not code.strip():
            raise _fail(f"{there}.code", "a step needs a code")
        if len(code) > MAX_CODE:
            raise _fail(f"{there}.code", f"'{code[:30]}' is longer than {MAX_CODE} characters")
        if code in kinds:
            raise _fail(f"{there}.code", f"a second step '{code}'")
        if step.kind not in rb.STEP_KINDS:
            raise _fail(f"{there}.kind", f"'{step.kind}' is not one of {', '.join(rb.STEP_KINDS)}")
        kinds[code] = step.kind
    for index, step in enumerate(listed):
        there = f"{here}.steps[{index}]"
        check_minutes(step.duration_minutes, f"{there}.duration_minutes")
        if step.fixed_time_zone:
            check_zone(step.fixed_time_zone, f"{there}.fixed_time_zone")
        if step.fixed_time is not None:
            if step.fixed_time.tzinfo is not None:
                raise _fail(f"{there}.fixed_time", "a fixed time is a wall-clock time "
                            "(its zone is fixed_time_zone)")  # fmt: skip
            check_year(step.fixed_time, f"{there}.fixed_time")
        seen: set[str] = set()
        for number, link in enumerate(step.predecessors):
            at = f"{there}.predecessors[{number}]"
            _known(link.step, kinds, f"{at}.step")
            if not link.step:
                raise _fail(f"{at}.step", "a predecessor needs a step code")
            if link.step == step.code:
                raise _fail(f"{at}.step", f"step '{step.code}' cannot precede itself")
            if link.step in seen:
                raise _fail(f"{at}.step", f"'{link.step}' is listed twice")
            seen.add(link.step)
            if link.type not in LINK_TYPES:
                raise _fail(f"{at}.type", f"'{link.type}' is not one of {', '.join(LINK_TYPES)}")
            check_minutes(link.lag_minutes, f"{at}.lag_minutes", negative=True)
        if step.rollback_of:
            _known(step.rollback_of, kinds, f"{there}.rollback_of")
            if kinds[step.rollback_of] != "gate":
                raise _fail(f"{there}.rollback_of", f"step '{step.rollback_of}' is not a gate")
            if step.kind != "rollback":
                raise _fail(f"{there}.rollback_of", "only a rollback step belongs to a gate's "
                            "rollback path")  # fmt: skip
        elif step.kind == "rollback":
            raise _fail(f"{there}.rollback_of", "a rollback step names the gate whose "
                        "rollback path it belongs to")  # fmt: skip
    return kinds


def _check_run(run: rb.RunbookRun, there: str, kinds: dict[str, str]) -> None:
    if not run.name.strip():
        raise _fail(f"{there}.name", "a run needs a name")
    if run.mode not in rb.RUN_MODES:
        raise _fail(f"{there}.mode", f"'{run.mode}' is not one of {', '.join(rb.RUN_MODES)}")
    _instant(run.started, f"{there}.started")
    seen: set[str] = set()
    for index, actual in enumerate(run.steps):
        at = f"{there}.steps[{index}]"
        _known(actual.step, kinds, f"{at}.step")
        if not actual.step:
            raise _fail(f"{at}.step", "a step record needs a step code")
        if actual.step in seen:
            raise _fail(f"{at}.step", f"step '{actual.step}' is recorded twice in this run")
        seen.add(actual.step)
        for key in ("actual_start", "actual_finish", "decided_at"):
            _instant(getattr(actual, key), f"{at}.{key}")
        if (
            actual.actual_start is not None
            and actual.actual_finish is not None
            and actual.actual_finish.timestamp() < actual.actual_start.timestamp()
        ):
            raise _fail(f"{at}.actual_finish", "the step finishes before it starts")
        if actual.decision is not None and actual.decision not in rb.GATE_DECISIONS:
            raise _fail(f"{at}.decision", f"'{actual.decision}' is not go or no-go")
        if actual.result is not None and actual.result not in rb.VALIDATION_RESULTS:
            wanted = ", ".join(rb.VALIDATION_RESULTS)
            raise _fail(f"{at}.result", f"'{actual.result}' is not one of {wanted}")


def _instant(value: datetime | None, where: str) -> None:
    if value is not None and value.tzinfo is None:
        raise _fail(where, "an instant needs its time zone")
    check_year(value, where)
