"""The JSON edge of a project's cutover runbooks (issue 19; docs/json-format-runbooks.md).

Instants (the window, a run's start, a step's actuals, a gate's decision time) are ISO text
with their offset (``2026-10-24T18:00:00+02:00``); one written without an offset is read in
the runbook's ``time_zone`` (a time the fall-back repeats: its first occurrence; a time the
spring-forward skips: a located error). They are written in the runbook's zone with their
offset, to the second. A step's ``fixed_time`` is a wall-clock time (``2026-10-24T18:00``) in
``fixed_time_zone`` and travels as written. Every value that cannot be read is a
:class:`DocumentError` naming its JSON path; the runbook's rules (known step codes, a rollback
step under a gate...) are :mod:`runbook_check`'s.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from datetime import datetime
from typing import Any, TypeVar, cast

from infradesk.interchange import runbook_document as rb
from infradesk.interchange.document import DocumentError
from infradesk.interchange.runbook_check import check_runbooks
from infradesk.interchange.runbook_zones import NonexistentTime, UnknownZone, localize, zone

_T = TypeVar("_T")


def _fail(path: str, message: str) -> DocumentError:
    return DocumentError(f"{path}: {message}")


def _objects(data: Mapping[str, Any], key: str, path: str) -> list[tuple[Mapping[str, Any], str]]:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        raise _fail(f"{path}.{key}", "must be a list")
    found = []
    for index, item in enumerate(value):
        where = f"{path}.{key}[{index}]"
        if not isinstance(item, Mapping):
            raise _fail(where, "must be an object")
        found.append((item, where))
    return found


def _text(data: Mapping[str, Any], key: str, path: str) -> str:
    value = data.get(key)
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise _fail(f"{path}.{key}", f"{value!r} is not a text")
    return str(value)


def _int(data: Mapping[str, Any], key: str, path: str) -> int | None:
    value = data.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise _fail(f"{path}.{key}", f"{value!r} is not a whole number")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            pass
    raise _fail(f"{path}.{key}", f"{value!r} is not a whole number")


def _bool(data: Mapping[str, Any], key: str, path: str) -> bool:
    value = data.get(key)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise _fail(f"{path}.{key}", f"{value!r} is not true or false")
    return value


def _choice(data: Mapping[str, Any], key: str, path: str, allowed: tuple[_T, ...]) -> _T | None:
    value = data.get(key)
    if value is None or value == "":
        return None
    if value not in allowed:
        wanted = ", ".join(str(item) for item in allowed)
        raise _fail(f"{path}.{key}", f"{value!r} is not one of {wanted}")
    return cast(_T, value)


def _wall(value: Any, path: str) -> datetime | None:
    """ISO text -> a datetime as written (naive or aware), to the second."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.replace(microsecond=0)
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.strip()).replace(microsecond=0)
        except ValueError:
            pass
    raise _fail(path, f"{value!r} is not a date-time (YYYY-MM-DDTHH:MM, with its offset)")


def _instant(data: Mapping[str, Any], key: str, path: str, zone_name: str) -> datetime | None:
    where = f"{path}.{key}"
    value = _wall(data.get(key), where)
    if value is None or value.tzinfo is not None:
        return value
    try:
        return localize(value, zone_name)
    except (NonexistentTime, UnknownZone) as error:
        raise _fail(where, str(error)) from None


def _fixed_time(data: Mapping[str, Any], path: str) -> datetime | None:
    value = _wall(data.get("fixed_time"), f"{path}.fixed_time")
    if value is not None and value.tzinfo is not None:
        raise _fail(
            f"{path}.fixed_time",
            "a fixed time is a wall-clock time without an offset (its zone is fixed_time_zone)",
        )
    return value


# ---------------------------------------------------------------------------- from JSON


def runbooks_from_json(
    data: Mapping[str, Any],
    where: str,
    task_ids: Collection[int] | None = None,
    change_requests: Collection[str] | None = None,
) -> tuple[rb.Runbook, ...]:
    """The ``runbooks`` of a project's JSON object (``where``: the project's path), checked
    (:func:`runbook_check.check_runbooks`; ``task_ids`` and ``change_requests``: the project's,
    which a runbook's references must name)."""
    runbooks = tuple(
        runbook_from_json(item, here) for item, here in _objects(data, "runbooks", where)
    )
    check_runbooks(runbooks, where, task_ids, change_requests)
    return runbooks


def runbook_from_json(item: Mapping[str, Any], path: str) -> rb.Runbook:
    zone_name = _text(item, "time_zone", path).strip() or "UTC"
    try:
        localize(datetime(2000, 1, 1), zone_name)
    except UnknownZone as error:
        raise _fail(f"{path}.time_zone", str(error)) from None
    return rb.Runbook(
        name=_text(item, "name", path),
        task=_int(item, "task", path),
        time_zone=zone_name,
        window_start=_instant(item, "window_start", path, zone_name),
        window_end=_instant(item, "window_end", path, zone_name),
        outage_budget_minutes=_int(item, "outage_budget_minutes", path),
        change_request=_text(item, "change_request", path),
        notes=_text(item, "notes", path),
        lessons=_text(item, "lessons", path),
        steps=tuple(_step(step, here) for step, here in _objects(item, "steps", path)),
        services=tuple(_service(s, here) for s, here in _objects(item, "services", path)),
        runs=tuple(_run(run, here, zone_name) for run, here in _objects(item, "runs", path)),
    )


def _step(item: Mapping[str, Any], path: str) -> rb.RunbookStep:
    criteria = item.get("criteria")
    if criteria is None:
        criteria = []
    if isinstance(criteria, str):
        criteria = [line for line in criteria.splitlines() if line.strip()]
    if not isinstance(criteria, list | tuple) or not all(isinstance(c, str) for c in criteria):
        raise _fail(f"{path}.criteria", "must be a list of texts")
    return rb.RunbookStep(
        code=_text(item, "code", path).strip(),
        title=_text(item, "title", path),
        kind=_choice(item, "kind", path, rb.STEP_KINDS) or "task",
        stream=_text(item, "stream", path),
        owner=_text(item, "owner", path),
        backup_owner=_text(item, "backup_owner", path),
        duration_minutes=_int(item, "duration_minutes", path) or 0,
        predecessors=tuple(
            _link(link, here) for link, here in _objects(item, "predecessors", path)
        ),
        fixed_time=_fixed_time(item, path),
        fixed_time_zone=_text(item, "fixed_time_zone", path).strip(),
        notes=_text(item, "notes", path),
        command=_text(item, "command", path),
        decision_maker=_text(item, "decision_maker", path),
        criteria=tuple(criteria),
        audience=_text(item, "audience", path),
        message=_text(item, "message", path),
        rollback_of=_text(item, "rollback_of", path).strip(),
        point_of_no_return=_bool(item, "point_of_no_return", path),
    )


def _link(item: Mapping[str, Any], path: str) -> rb.RunbookLink:
    kind = _text(item, "type", path).strip().upper() or "FS"
    types: tuple[rb.RunbookLinkType, ...] = ("FS", "SS", "FF", "SF")
    if kind not in types:
        raise _fail(f"{path}.type", f"'{kind}' is not one of {', '.join(types)}")
    return rb.RunbookLink(
        step=_text(item, "step", path).strip(),
        type=kind,
        lag_minutes=_int(item, "lag_minutes", path) or 0,
    )


def _service(item: Mapping[str, Any], path: str) -> rb.RunbookService:
    return rb.RunbookService(
        name=_text(item, "name", path),
        rto_minutes=_int(item, "rto_minutes", path) or 0,
        down_step=_text(item, "down_step", path).strip(),
        up_step=_text(item, "up_step", path).strip(),
    )


def _run(item: Mapping[str, Any], path: str, zone_name: str) -> rb.RunbookRun:
    return rb.RunbookRun(
        name=_text(item, "name", path),
        mode=_choice(item, "mode", path, rb.RUN_MODES) or "rehearsal",
        started=_instant(item, "started", path, zone_name),
        steps=tuple(_actual(a, here, zone_name) for a, here in _objects(item, "steps", path)),
    )


def _actual(item: Mapping[str, Any], path: str, zone_name: str) -> rb.StepActual:
    return rb.StepActual(
        step=_text(item, "step", path).strip(),
        actual_start=_instant(item, "actual_start", path, zone_name),
        actual_finish=_instant(item, "actual_finish", path, zone_name),
        skipped_reason=_text(item, "skipped_reason", path),
        decision=_choice(item, "decision", path, rb.GATE_DECISIONS),
        decided_by=_text(item, "decided_by", path),
        decided_at=_instant(item, "decided_at", path, zone_name),
        result=_choice(item, "result", path, rb.VALIDATION_RESULTS),
        comment=_text(item, "comment", path),
    )


# ---------------------------------------------------------------------------- to JSON


def instant_text(value: datetime | None, zone_name: str) -> str | None:
    """An instant as the writer writes it: in the runbook's zone, with its offset."""
    if value is None:
        return None
    return value.astimezone(zone(zone_name)).isoformat(timespec="seconds")


def wall_text(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.isoformat(timespec="seconds" if value.second else "minutes")


def runbooks_to_json(runbooks: tuple[rb.Runbook, ...]) -> list[dict[str, Any]]:
    return [runbook_to_json(runbook) for runbook in runbooks]


def _put(out: dict[str, Any], key: str, value: Any, keep: Callable[[Any], bool] = bool) -> None:
    """Write ``key`` only when it says something (the writer leaves a step's fields of other
    kinds out)."""
    if keep(value):
        out[key] = value


def runbook_to_json(runbook: rb.Runbook) -> dict[str, Any]:
    zone_name = runbook.time_zone
    return {
        "name": runbook.name,
        "task": runbook.task,
        "time_zone": zone_name,
        "window_start": instant_text(runbook.window_start, zone_name),
        "window_end": instant_text(runbook.window_end, zone_name),
        "outage_budget_minutes": runbook.outage_budget_minutes,
        "change_request": runbook.change_request,
        "notes": runbook.notes,
        "lessons": runbook.lessons,
        "services": [
            {
                "name": service.name,
                "rto_minutes": service.rto_minutes,
                "down_step": service.down_step,
                "up_step": service.up_step,
            }
            for service in runbook.services
        ],
        "steps": [step_to_json(step) for step in runbook.steps],
        "runs": [
            {
                "name": run.name,
                "mode": run.mode,
                "started": instant_text(run.started, zone_name),
                "steps": [_actual_json(actual, zone_name) for actual in run.steps],
            }
            for run in runbook.runs
        ],
    }


def step_to_json(step: rb.RunbookStep) -> dict[str, Any]:
    out: dict[str, Any] = {
        "code": step.code,
        "title": step.title,
        "kind": step.kind,
        "stream": step.stream,
        "owner": step.owner,
        "backup_owner": step.backup_owner,
        "duration_minutes": step.duration_minutes,
        "predecessors": [
            {"step": link.step, "type": link.type, "lag_minutes": link.lag_minutes}
            for link in step.predecessors
        ],
        "fixed_time": wall_text(step.fixed_time),
        "fixed_time_zone": step.fixed_time_zone,
        "notes": step.notes,
        "command": step.command,
    }
    _put(out, "decision_maker", step.decision_maker)
    _put(out, "criteria", list(step.criteria))
    _put(out, "audience", step.audience)
    _put(out, "message", step.message)
    _put(out, "rollback_of", step.rollback_of)
    _put(out, "point_of_no_return", step.point_of_no_return)
    return out


def _actual_json(actual: rb.StepActual, zone_name: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "step": actual.step,
        "actual_start": instant_text(actual.actual_start, zone_name),
        "actual_finish": instant_text(actual.actual_finish, zone_name),
    }
    _put(out, "skipped_reason", actual.skipped_reason)
    _put(out, "decision", actual.decision)
    _put(out, "decided_by", actual.decided_by)
    _put(out, "decided_at", instant_text(actual.decided_at, zone_name))
    _put(out, "result", actual.result)
    _put(out, "comment", actual.comment)
    return out
