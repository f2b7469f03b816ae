"""The JSON edge of the interchange document: JSON values <-> :mod:`document` types.

``document_from_json`` turns a parsed JSON value (the shape of docs/json-format.md) into a
:class:`~infradesk.interchange.document.Document`: ISO text becomes ``datetime``/``date``,
``"5d"``/``"-4h"`` become working minutes of the project's calendar (a ``*_minutes`` value wins
when present), ``"08:00"`` pairs become minutes of the day, money strings become ``Decimal``.
A value that cannot be converted raises :class:`DocumentError` naming its JSON path
(``projects[0].tasks[3].duration: '5x' is not a duration``). Referential rules (a parent listed
after its child, a link to a missing task) are the storing side's: they hold for every reader.

``document_to_json`` writes the export's shape back, computed fields included. The two are
inverse on every document InfraDesk writes: ``document_to_json(document_from_json(x)) == x``.

It also accepts the dicts of readers not converted to the types yet (values may already be
``datetime``, ``date`` or ``Decimal`` there), so they can go through the same storing side.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from infradesk.interchange import document as d
from infradesk.interchange.document import DocumentError
from infradesk.interchange.duration_marks import MarkedDuration, marked_text, read_marked
from infradesk.interchange.isodates import datetime_to_iso as datetime_text
from infradesk.interchange.json_runbooks import runbooks_from_json, runbooks_to_json
from infradesk.schedule.calendar import CalendarError, format_clock, parse_clock
from infradesk.schedule.durations import DurationError, format_duration, parse_duration
from infradesk.schedule.passes import gc_paused

ISO_MINUTES = "%Y-%m-%dT%H:%M"
_TASK_KEYS = {"duration": "duration_minutes"}  # JSON key -> Task field, where they differ
_LINK_TYPES: dict[str, d.LinkType] = {kind: kind for kind in d.LINK_TYPES}
# MS Project's marks in a duration text: "5d?" (estimated), "3ed" (elapsed)
_ELAPSED_MARK = re.compile(r"\d\s*e\s*[a-z]", re.IGNORECASE)
_MARKS = re.compile(r"\?\s*$|\d\s*e\s*[a-z]", re.IGNORECASE)
# Export-only values: read back when they are well formed (so a round trip is exact), never
# a reason to refuse a document.
_COMPUTED_TASK_KEYS = (
    "early_start",
    "early_finish",
    "late_start",
    "late_finish",
    "total_float_minutes",
    "free_float_minutes",
    "critical",
)


# ---------------------------------------------------------------------------- scalar values


def _fail(path: str, message: str) -> DocumentError:
    return DocumentError(f"{path}: {message}")


def to_datetime(value: Any, path: str) -> datetime | None:
    """``2026-01-05T08:00`` (seconds and a bare date accepted) to the minute, or None."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.replace(second=0, microsecond=0, tzinfo=None)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.strip())
        except ValueError:
            pass
        else:
            return parsed.replace(second=0, microsecond=0, tzinfo=None)
    raise _fail(path, f"{value!r} is not a date-time (YYYY-MM-DDTHH:MM)")


def to_date(value: Any, path: str) -> date | None:
    """``2026-01-05`` (anything after the tenth character ignored), or None."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    raise _fail(path, f"{value!r} is not a date (YYYY-MM-DD)")


def to_int(value: Any, path: str) -> int | None:
    """A whole number (``3``, ``"3"``, ``3.0``), or None when not given."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise _fail(path, f"{value!r} is not a whole number")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            pass
    raise _fail(path, f"{value!r} is not a whole number")


def to_money(value: Any, path: str) -> Decimal | None:
    """A decimal amount (``"212500.00"``, ``"1,000"``, a number), or None when not given."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise _fail(path, f"{value!r} is not an amount")
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, float):
        amount = Decimal(repr(value))
    elif isinstance(value, int):
        amount = Decimal(value)
    else:
        try:
            amount = Decimal(str(value).replace(",", "").replace(" ", ""))
        except InvalidOperation:
            raise _fail(path, f"'{value}' is not an amount") from None
    if not amount.is_finite():
        raise _fail(path, f"'{value}' is not an amount")
    return amount


def to_percent(value: Any, path: str) -> Decimal | None:
    """A percentage such as an SLA's availability (``"99.95"``, ``"99.95%"``)."""
    if value is None or value == "":
        return None
    return to_money(str(value).strip().rstrip("%") if isinstance(value, str) else value, path)


def to_bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "yes", "true", "x", "done", "y")
    return bool(value)


def to_text(value: Any) -> str | None:
    return None if value is None else str(value)


def to_ref(value: Any) -> int | None:
    """An ``id`` reference (contract, order, budget line); anything else refers to nothing."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return None


def money_text(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(Decimal("0.01")))


def hours_json(hours: d.Hours) -> list[list[str]]:
    return [[format_clock(start), format_clock(end)] for start, end in hours]


# ---------------------------------------------------------------------------- containers


def _object(value: Any, path: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _fail(path, "must be an object") if path else DocumentError("must be an object")
    return value


def _list(data: Mapping[str, Any], key: str, path: str) -> list[Any]:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        raise DocumentError(f"{path}.{key} must be a list".lstrip("."))
    return list(value)


def _objects(data: Mapping[str, Any], key: str, path: str) -> list[tuple[Mapping[str, Any], str]]:
    """The objects of the list ``key``, each with its path."""
    found = []
    for index, item in enumerate(_list(data, key, path)):
        where = f"{path}.{key}[{index}]".lstrip(".")  # no path: a top-level list
        if not isinstance(item, Mapping):
            raise DocumentError(f"{where} must be an object")
        found.append((item, where))
    return found


# ---------------------------------------------------------------------------- records
# RAID and vendor records are read and written field by field from their dataclass: the
# annotation says how a JSON value converts. Fields named in SKIP are handled by hand.

_SCALAR_READERS: dict[str, Callable[[Any, str], Any]] = {
    "str | None": lambda value, _path: to_text(value),
    "str": lambda value, _path: "" if value is None else str(value),
    "int | None": to_int,
    "date | None": to_date,
    "datetime | None": to_datetime,
    "Decimal | None": to_money,
    "bool | None": lambda value, _path: None if value is None else to_bool(value),
    "bool": lambda value, _path: to_bool(value),
}
_SKIP = {"computed", "tasks", "actions", "history", "risks", "issues", "sla", "late", "given"}
_LABELLED = {
    d.Risk,
    d.RiskAction,
    d.Issue,
    d.Assumption,
    d.ChangeRequest,
    d.Decision,
    d.Meeting,
    d.ActionItem,
    d.Stakeholder,
    d.CommsItem,
    d.HandoverItem,
    d.ChangeWindow,
}
_SKIP_BY_TYPE: dict[type, set[str]] = {
    d.Contract: {"notice_deadline"},
    d.Delivery: {"task"},
    d.PurchaseOrder: {"task"},
}


_FIELD_NAMES: dict[type[Any], frozenset[str]] = {}


def _field_names(cls: type[Any]) -> frozenset[str]:
    """The field names of a record type (computed once per type: this runs per task)."""
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = frozenset(field.name for field in dataclasses.fields(cls))
    return names


def _record(cls: type[Any], data: Mapping[str, Any], path: str, **extra: Any) -> Any:
    """An instance of the record dataclass ``cls`` from its JSON object."""
    values: dict[str, Any] = {}
    skip = _SKIP | _SKIP_BY_TYPE.get(cls, set())
    names = _field_names(cls)
    for field in dataclasses.fields(cls):
        if field.name in skip or field.name in extra or field.name not in data:
            continue
        kind = str(field.type)
        if kind in ("int | None",) and field.name in ("id", "contract", "budget_line", "order"):
            values[field.name] = to_ref(data[field.name])
            continue
        reader = _SCALAR_READERS.get(kind)
        if reader is None:  # pragma: no cover - a new field type needs a reader here
            raise TypeError(f"{cls.__name__}.{field.name}: no JSON reader for {kind}")
        where = f"{path}.{field.name}"
        try:
            values[field.name] = reader(data[field.name], where)
        except DocumentError as error:
            if cls not in _LABELLED:
                raise
            # the RAID log's messages name the field as its editor does ("Due: ...")
            label = field.name.replace("_", " ").capitalize()
            raise DocumentError(f"{where}: {label}: {str(error)[len(where) + 2 :]}") from None
    if "given" in names and "given" not in extra:
        values["given"] = frozenset(key for key in data if key in names)
    return cls(**values, **extra)


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.strftime(ISO_MINUTES)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return money_text(value)
    if isinstance(value, tuple):
        return [_json_value(item) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _record_json(value)
    return value


def _record_json(record: Any) -> dict[str, Any]:
    """The JSON object of a record: fields not given (None) are left out, except dates and
    references, which the export always writes (``null`` when empty)."""
    out: dict[str, Any] = {}
    for field in dataclasses.fields(record):
        if field.name == "given":
            continue
        value = getattr(record, field.name)
        if value is None and not (str(field.type).startswith("date") or field.name in _REFS):
            continue
        if isinstance(value, d.RiskComputed):
            out.update(score=value.score, band=value.band, emv=money_text(value.emv))
            continue
        out[field.name] = _json_value(value)
    return out


_REFS = {"contract", "budget_line", "order", "task", "risk", "change", "baseline"}


# ---------------------------------------------------------------------------- from JSON


def document_from_json(value: Any) -> d.Document:
    """The typed document of a parsed JSON document; raises DocumentError saying where."""
    if not isinstance(value, Mapping) or value.get("format") != d.FORMAT_NAME:
        raise DocumentError('This is not an InfraDesk document (no "format": "infradesk").')
    version = value.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version > d.FORMAT_VERSION:
        raise DocumentError(
            f"This document is format version {version}; this InfraDesk reads up to "
            f"version {d.FORMAT_VERSION}."
        )
    if not isinstance(value.get("projects"), list | tuple):
        raise DocumentError('"projects" must be a list.')
    projects = []
    for index, data in enumerate(value["projects"]):
        where = f"projects[{index}]"
        if not isinstance(data, Mapping):
            raise DocumentError(f"{where} must be an object")
        projects.append(project_from_json(data, where))
    return d.Document(
        projects=tuple(projects),
        generator=str(value.get("generator") or ""),
        version=version,
        resources=tuple(
            resource_from_json(item, here) for item, here in _objects(value, "resources", "")
        ),
        base_calendars=tuple(
            base_calendar_from_json(item, here)
            for item, here in _objects(value, "base_calendars", "")
        ),
        change_windows=tuple(
            _record(d.ChangeWindow, item, here)
            for item, here in _objects(value, "change_windows", "")
        ),
        handover_template=tuple(
            _record(d.HandoverTemplateItem, item, here)
            for item, here in _objects(value, "handover_template", "")
        ),
    )


def to_number(value: Any, path: str) -> float | None:
    """A finite number (``0.5``, ``"0.5"``), or None when not given."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise _fail(path, f"{value!r} is not a number")
    number: float | None = None
    if isinstance(value, int | float | Decimal):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            number = None
    if number is None or number != number or number in (float("inf"), float("-inf")):
        raise _fail(path, f"{value!r} is not a number")
    return number


def resource_from_json(item: Mapping[str, Any], path: str) -> d.Resource:
    """A pool resource (docs/json-format.md, Resources); the name is required."""
    name = str(item.get("name") or "").strip()
    if not name:
        raise DocumentError(f"{path}.name is missing")
    kind = str(item.get("kind") or "work").strip().lower()
    if kind not in d.RESOURCE_KINDS:
        raise DocumentError(f"{path}.kind: '{kind}' is not one of {', '.join(d.RESOURCE_KINDS)}")
    days = []
    for day, here in _objects(item, "days", path):
        day_kind = str(day.get("kind") or "leave").strip().lower()
        if day_kind not in ("leave", "exception"):
            raise DocumentError(f"{here}.kind: '{day_kind}' is not leave or exception")
        days.append(
            d.ResourceDay(
                date=_required_date(day, "date", here),
                kind="exception" if day_kind == "exception" else "leave",
                name=str(day.get("name") or ""),
                working_hours=_hours(day.get("working_hours") or [], f"{here}.working_hours"),
            )
        )
    units = to_number(item.get("max_units"), f"{path}.max_units")
    return d.Resource(
        name=name,
        kind=kind,
        role=str(item.get("role") or ""),
        email=str(item.get("email") or ""),
        team=str(item.get("team") or ""),
        vendor=str(item.get("vendor") or ""),
        max_units=1.0 if units is None else units,
        rate_per_hour=to_money(item.get("rate_per_hour"), f"{path}.rate_per_hour") or d.ZERO,
        cost_per_use=to_money(item.get("cost_per_use"), f"{path}.cost_per_use") or d.ZERO,
        material_label=str(item.get("material_label") or ""),
        calendar=str(item.get("calendar") or ""),
        notes=str(item.get("notes") or ""),
        days=tuple(days),
    )


def base_calendar_from_json(item: Mapping[str, Any], path: str) -> d.BaseCalendar:
    """A named working week of the workspace (``base_calendars``)."""
    name = str(item.get("name") or "").strip()
    if not name:
        raise DocumentError(f"{path}.name is missing")
    week = calendar_from_json(
        {key: item[key] for key in ("working_weekdays", "working_hours") if key in item}, path
    )
    return d.BaseCalendar(name, week.working_weekdays, week.working_hours)


def assignments_from_json(item: Mapping[str, Any], path: str) -> tuple[d.Assignment, ...]:
    """A task's ``assignments``: resource names with units (a fraction, or a material's
    quantity), and the work and cost when the file states them."""
    found = []
    for entry, here in _objects(item, "assignments", path):
        name = str(entry.get("resource") or "").strip()
        if not name:
            raise DocumentError(f"{here}.resource is missing")
        units = to_number(entry.get("units"), f"{here}.units")
        found.append(
            d.Assignment(
                resource=name,
                units=1.0 if units is None else units,
                work_minutes=to_int(entry.get("work_minutes"), f"{here}.work_minutes"),
                cost=to_money(entry.get("cost"), f"{here}.cost"),
            )
        )
    return tuple(found)


def as_document(value: d.Document | Mapping[str, Any]) -> d.Document:
    """``value`` itself when typed, else the typed form of a reader's dict document."""
    return value if isinstance(value, d.Document) else document_from_json(value)


def project_from_json(data: Mapping[str, Any], where: str) -> d.Project:
    calendar = (
        calendar_from_json(data["calendar"], f"{where}.calendar") if data.get("calendar") else None
    )
    per_day = calendar.minutes_per_day if calendar else d.DEFAULT_MINUTES_PER_DAY
    project = d.Project(
        name=str(data.get("name") or ""),
        currency=str(data.get("currency") or "EUR"),
        start=to_datetime(data.get("start"), f"{where}.start"),
        status_date=to_datetime(data.get("status_date"), f"{where}.status_date"),
        reschedule_after_status=to_bool(data.get("reschedule_after_status", True)),
        manager=str(data.get("manager") or ""),
        description=str(data.get("description") or ""),
        calendar=calendar,
        tasks=d.recorded_progress(
            tuple(
                task_from_json(item, here, index, per_day)
                for index, (item, here) in enumerate(_objects(data, "tasks", where))
            )
        ),
        baselines=tuple(
            baseline_from_json(item, here) for item, here in _objects(data, "baselines", where)
        ),
        risks=tuple(risk_from_json(item, here) for item, here in _objects(data, "risks", where)),
        issues=tuple(
            _record(d.Issue, item, here, tasks=_task_refs(item, here))
            for item, here in _objects(data, "issues", where)
        ),
        assumptions=tuple(
            _record(d.Assumption, item, here) for item, here in _objects(data, "assumptions", where)
        ),
        change_requests=tuple(
            _record(
                d.ChangeRequest,
                item,
                here,
                risks=_codes(item, "risks", here),
                issues=_codes(item, "issues", here),
            )
            for item, here in _objects(data, "change_requests", where)
        ),
        decisions=tuple(
            _record(d.Decision, item, here) for item, here in _objects(data, "decisions", where)
        ),
        risk_settings=risk_settings_from_json(data.get("risk_settings"), where),
        dependencies=tuple(
            _record(d.ExternalDependency, item, here)
            for item, here in _objects(data, "dependencies_external", where)
        ),
        vendors=tuple(
            vendor_from_json(item, here) for item, here in _objects(data, "vendors", where)
        ),
        budget=tuple(
            _record(d.BudgetLine, item, here) for item, here in _objects(data, "budget", where)
        ),
        earned_value=_earned_value(data.get("earned_value")),
        **governance_from_json(data, where),
    )
    if not data.get("runbooks"):
        return project
    return dataclasses.replace(
        project,
        runbooks=runbooks_from_json(
            data,
            where,
            {task.id for task in project.tasks},
            {cr.code for cr in project.change_requests if cr.code},
        ),
    )


def _hours(value: Any, path: str) -> d.Hours:
    if not isinstance(value, list | tuple):
        raise DocumentError(f"{path} must be a list of [start, end] pairs")
    pairs = []
    for index, pair in enumerate(value):
        here = f"{path}[{index}]"
        if isinstance(pair, str) and "-" in pair:  # "08:00-12:00" from a spreadsheet
            pair = pair.split("-", 1)
        if not isinstance(pair, list | tuple) or len(pair) != 2:
            raise DocumentError(f'{here} must be a [start, end] pair such as ["08:00", "12:00"]')
        try:
            pairs.append(
                (
                    pair[0] if isinstance(pair[0], int) else parse_clock(str(pair[0])),
                    pair[1] if isinstance(pair[1], int) else parse_clock(str(pair[1])),
                )
            )
        except CalendarError as error:
            raise DocumentError(f"{here}: {error}") from error
    return tuple(pairs)


def calendar_from_json(value: Any, path: str) -> d.Calendar:
    data = _object(value, path)
    weekdays = data.get("working_weekdays", list(d.DEFAULT_WEEKDAYS))
    if not isinstance(weekdays, list | tuple):
        raise DocumentError(f"{path}.working_weekdays must be a list of weekday numbers")
    days = []
    for index, day in enumerate(weekdays):
        number = to_int(day, f"{path}.working_weekdays[{index}]")
        if number is not None:
            days.append(number)
    hours = data.get("working_hours")
    holidays, exceptions, freezes = [], [], []
    for item, here in _objects(data, "holidays", path):
        holidays.append(d.Holiday(_required_date(item, "date", here), str(item.get("name") or "")))
    for item, here in _objects(data, "exceptions", path):
        exceptions.append(
            d.CalendarException(
                _required_date(item, "date", here),
                str(item.get("name") or ""),
                _hours(item.get("working_hours") or [], f"{here}.working_hours"),
            )
        )
    for item, here in _objects(data, "freeze_windows", path):
        freezes.append(
            d.FreezeWindow(
                _required_date(item, "start", here),
                _required_date(item, "finish", here),
                str(item.get("name", "Change freeze")),
            )
        )
    return d.Calendar(
        working_weekdays=tuple(days),
        working_hours=_hours(hours, f"{path}.working_hours") if hours else d.DEFAULT_WORKING_HOURS,
        holiday_country=to_text(data.get("holiday_country")),
        holiday_region=to_text(data.get("holiday_region")),
        holidays=tuple(holidays),
        exceptions=tuple(exceptions),
        freeze_windows=tuple(freezes),
    )


def _required_date(item: Mapping[str, Any], key: str, path: str) -> date:
    found = to_date(item.get(key), f"{path}.{key}")
    if found is None:
        raise DocumentError(f"{path}.{key} is missing")
    return found


def _minutes(
    item: Mapping[str, Any], key: str, path: str, per_day: int, negative: bool
) -> int | None:
    """``key_minutes`` when given, else the text ``key`` in working minutes, else None."""
    if item.get(f"{key}_minutes") is not None:
        value = item[f"{key}_minutes"]
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        number = to_int(value, f"{path}.{key}_minutes")
        return number
    text = item.get(key)
    if text is None or text == "":
        return None
    try:
        return parse_duration(text, per_day, allow_negative=negative)
    except DurationError as error:
        raise DocumentError(f"{path}.{key}: {error}") from error


def task_from_json(item: Mapping[str, Any], path: str, index: int, per_day: int) -> d.Task:
    marked = _marked_duration(item, path, per_day)
    if marked is not None and item.get("duration_minutes") is None:
        duration: int | None = marked.minutes  # "3ed": wall-clock minutes, not working days
    else:
        duration = _minutes(item, "duration", path, per_day, negative=False)
    if duration is None:
        duration = 0 if item.get("milestone") else per_day
    links = []
    external = []
    for number, (link, here) in enumerate(_objects(item, "predecessors", path)):
        kind = str(link.get("type") or "FS").upper()
        link_type = _LINK_TYPES.get(kind)
        if link_type is None:
            raise DocumentError(f"{here}.type: '{kind}' is not one of FS, SS, FF, SF")
        ref = link.get("task")
        task = to_ref(ref)
        if task is None:
            raise DocumentError(f"{here}.task: there is no task {ref}")
        lag = _minutes(link, "lag", here, per_day, negative=True)
        other = link.get("project")
        if other is not None and str(other).strip():  # a task of another project (issue 20)
            external.append(d.ExternalLink(str(other).strip(), task, link_type, lag or 0, number))
        else:
            links.append(d.Link(task, link_type, lag or 0))
    task_id = item.get("id", index + 1)
    parent = item.get("parent")
    percent = _percent(item.get("percent_complete"), f"{path}.percent_complete")
    remaining = to_int(item.get("remaining_minutes"), f"{path}.remaining_minutes")
    if remaining is not None and remaining < 0:
        raise DocumentError(f"{path}.remaining_minutes: {remaining} is below 0")
    duration, percent = d.with_remaining(duration, percent, remaining)
    actual_start = to_datetime(item.get("actual_start"), f"{path}.actual_start")
    actual_finish = to_datetime(item.get("actual_finish"), f"{path}.actual_finish")
    if actual_start and actual_finish and actual_finish < actual_start:
        raise DocumentError(
            f"{path}.actual_finish: {actual_finish:%Y-%m-%dT%H:%M} is before the actual start "
            f"{actual_start:%Y-%m-%dT%H:%M}"
        )
    kind, moment = _constraint(item, path)
    return d.Task(
        id=_id(task_id, f"{path}.id"),
        name=str(item.get("name") or ""),
        wbs=str(item.get("wbs") or ""),
        parent=None if parent is None else _id(parent, f"{path}.parent"),
        start=to_datetime(item.get("start"), f"{path}.start"),
        finish=to_datetime(item.get("finish"), f"{path}.finish"),
        duration_minutes=duration,
        percent_complete=percent,
        milestone=to_bool(item.get("milestone", duration == 0)),
        owner=str(item.get("owner") or ""),
        notes=str(item.get("notes") or ""),
        constraint_type=kind,
        constraint_date=moment,
        deadline=to_datetime(item.get("deadline"), f"{path}.deadline"),
        production_change=to_bool(item.get("production_change", False)),
        external_ref=str(item.get("external_ref") or ""),
        predecessors=tuple(links),
        external_predecessors=tuple(external),
        actual_start=actual_start,
        actual_finish=actual_finish,
        remaining_minutes=remaining,
        cost=to_money(item.get("cost"), f"{path}.cost") or d.ZERO,
        actual_cost=to_money(item.get("actual_cost"), f"{path}.actual_cost") or d.ZERO,
        estimated=_flag(item, "estimated", path, marked is not None and marked.estimated),
        manual=_flag(item, "manual", path, False),
        elapsed=_flag(item, "elapsed", path, marked is not None and marked.elapsed),
        computed=_computed_schedule(item),
        given=_task_given(item),
        assignments=assignments_from_json(item, path),
        **_scheduling_fields(item, path),
    )


def _scheduling_fields(item: Mapping[str, Any], path: str) -> dict[str, Any]:
    """Priority, task type, task calendar and leveling delay (issue 18), when given."""
    found: dict[str, Any] = {}
    priority = to_int(item.get("priority"), f"{path}.priority")
    if priority is not None:
        if not 0 <= priority <= 1000:
            raise DocumentError(f"{path}.priority: {priority} is not between 0 and 1000")
        found["priority"] = priority
    kind = item.get("task_type")
    if kind is not None and kind != "":
        text = str(kind).strip().lower().replace(" ", "_")
        if text not in d.TASK_TYPES:
            raise DocumentError(
                f"{path}.task_type: '{kind}' is not one of {', '.join(d.TASK_TYPES)}"
            )
        found["task_type"] = text
    if item.get("calendar"):
        found["calendar"] = str(item["calendar"]).strip()
    delay = to_int(item.get("leveling_delay_minutes"), f"{path}.leveling_delay_minutes")
    if delay is not None:
        if delay < 0:
            raise DocumentError(f"{path}.leveling_delay_minutes: {delay} is below 0")
        found["leveling_delay_minutes"] = delay
    return found


def _marked_duration(item: Mapping[str, Any], path: str, per_day: int) -> MarkedDuration | None:
    """The ``duration`` text with MS Project's marks (``5d?``, ``3ed``), when it has one."""
    text = item.get("duration")
    if not isinstance(text, str) or not _MARKS.search(text):
        return None
    try:
        return read_marked(text, per_day)
    except DurationError as error:
        raise DocumentError(f"{path}.duration: {error}") from error


def _flag(item: Mapping[str, Any], key: str, path: str, marked: bool) -> bool:
    """A task flag: true or false (null or absent: what the duration text's mark says)."""
    value = item.get(key)
    if value is None:
        return marked
    if not isinstance(value, bool):
        raise DocumentError(f"{path}.{key}: {value!r} is not true or false")
    return value


def _task_given(item: Mapping[str, Any]) -> frozenset[str]:
    """The Task fields a JSON task gives (``start_no_earlier_than`` gives the constraint; a
    marked duration text gives the flag it marks)."""
    keys = {_TASK_KEYS.get(key, key) for key in item}
    text = item.get("duration")
    if isinstance(text, str) and _MARKS.search(text):
        keys |= {"estimated"} if "?" in text else set()
        keys |= {"elapsed"} if _ELAPSED_MARK.search(text) else set()
    if "start_no_earlier_than" in keys:
        keys |= {"constraint_type", "constraint_date"}
    if "remaining_minutes" in keys:
        keys |= {"duration_minutes", "percent_complete"}
    return frozenset(keys) & _field_names(d.Task)


def _percent(value: Any, path: str) -> float:
    """A percent complete, 0..100 (0 when not given)."""
    if value is None or value == "":
        return 0.0
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise _fail(path, f"{value!r} is not a percentage")
    try:
        number = float(value)
    except ValueError:
        raise _fail(path, f"{value!r} is not a percentage") from None
    if not 0 <= number <= 100:  # also refuses NaN
        raise _fail(path, f"{value!r} is not between 0 and 100")
    return number


def _constraint(item: Mapping[str, Any], path: str) -> tuple[d.ConstraintType, datetime | None]:
    """The task's constraint: ``constraint_type`` with ``constraint_date``; an older
    document's ``start_no_earlier_than`` is an SNET constraint (used when no type is given,
    or as the date of an SNET without one)."""
    snet = to_datetime(item.get("start_no_earlier_than"), f"{path}.start_no_earlier_than")
    moment = to_datetime(item.get("constraint_date"), f"{path}.constraint_date")
    text = item.get("constraint_type")
    if text is None or text == "":
        return ("SNET", snet) if snet is not None else ("ASAP", None)
    kind = d.constraint_type(str(text))
    if kind is None:
        raise DocumentError(
            f"{path}.constraint_type: {str(text)!r} is not one of {', '.join(d.CONSTRAINT_TYPES)}"
        )
    if kind == "SNET" and moment is None:
        moment = snet
    if kind in d.DATED_CONSTRAINTS and moment is None:
        raise DocumentError(f"{path}.constraint_date: a {kind} constraint needs a date")
    if kind in ("ASAP", "ALAP"):
        return kind, None
    return kind, moment


def _earned_value(value: Any) -> d.EarnedValue | None:
    """The export's earned-value figures read back when well formed (ignored otherwise)."""
    if not isinstance(value, Mapping):
        return None
    try:
        status = to_datetime(value.get("status_date"), "status_date")
        money = {key: to_money(value.get(key), key) for key in _EV_MONEY}
        ratios = {key: _ratio(value.get(key)) for key in _EV_RATIOS}
        forecast = to_datetime(value.get("forecast_finish"), "forecast_finish")
    except DocumentError:
        return None
    if status is None or any(money[key] is None for key in ("bac", "pv", "ev", "ac", "sv", "cv")):
        return None
    return d.EarnedValue(
        status_date=status,
        baseline=str(value.get("baseline") or ""),
        bac=money["bac"] or d.ZERO,
        pv=money["pv"] or d.ZERO,
        ev=money["ev"] or d.ZERO,
        ac=money["ac"] or d.ZERO,
        sv=money["sv"] or d.ZERO,
        cv=money["cv"] or d.ZERO,
        spi=ratios["spi"],
        cpi=ratios["cpi"],
        eac=money["eac"],
        etc=money["etc"],
        vac=money["vac"],
        tcpi=ratios["tcpi"],
        es=ratios["es"],
        spi_t=ratios["spi_t"],
        forecast_finish=forecast,
    )


_EV_MONEY = ("bac", "pv", "ev", "ac", "sv", "cv", "eac", "etc", "vac")
_EV_RATIOS = ("spi", "cpi", "tcpi", "es", "spi_t")


def _ratio(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _id(value: Any, path: str) -> int:
    number = to_int(value, path)
    if number is None:
        raise DocumentError(f"{path} is missing")
    return number


def _computed_schedule(item: Mapping[str, Any]) -> d.ComputedSchedule | None:
    if not all(key in item for key in _COMPUTED_TASK_KEYS):
        return None
    try:
        es, ef, ls, lf = (to_datetime(item[key], key) for key in _COMPUTED_TASK_KEYS[:4])
        total, free = (to_int(item[key], key) for key in _COMPUTED_TASK_KEYS[4:6])
    except DocumentError:
        return None
    if es is None or ef is None or ls is None or lf is None or total is None or free is None:
        return None
    return d.ComputedSchedule(es, ef, ls, lf, total, free, bool(item["critical"]))


def baseline_from_json(item: Mapping[str, Any], path: str) -> d.Baseline:
    rows = []
    for row, here in _objects(item, "tasks", path):
        task = to_ref(row.get("task"))
        if task is None:
            continue  # a row for no task is dropped when stored, as before
        rows.append(
            d.BaselineTask(
                task=task,
                start=to_datetime(row.get("start"), f"{here}.start"),
                finish=to_datetime(row.get("finish"), f"{here}.finish"),
                duration_minutes=to_int(
                    row.get("duration_minutes") or 0, f"{here}.duration_minutes"
                )
                or 0,
                cost=to_money(row.get("cost"), f"{here}.cost") or d.ZERO,
            )
        )
    return d.Baseline(
        name=str(item.get("name") or ""),
        created=to_datetime(item.get("created"), f"{path}.created"),
        tasks=tuple(rows),
        for_earned_value=to_bool(item.get("for_earned_value", False)),
    )


def _order_task(order: Mapping[str, Any], path: str) -> int | None:
    """The document task a purchase order pays for (None when not given)."""
    ref = order.get("task")
    if ref is None or ref == "":
        return None
    task = to_ref(ref) if not isinstance(ref, str) else None
    if task is None:
        raise DocumentError(f"{path}.task: there is no task with id {ref}")
    return task


def _task_refs(item: Mapping[str, Any], path: str) -> tuple[int, ...]:
    refs = []
    for index, ref in enumerate(_list(item, "tasks", path)):
        task = to_ref(ref) if not isinstance(ref, str) else None
        if task is None:
            raise DocumentError(f"{path}.tasks[{index}]: there is no task {ref!r}")
        refs.append(task)
    return tuple(refs)


def _codes(item: Mapping[str, Any], key: str, path: str) -> tuple[str, ...]:
    return tuple(str(code) for code in _list(item, key, path))


def risk_from_json(item: Mapping[str, Any], path: str) -> d.Risk:
    history = []
    for entry, here in _objects(item, "history", path):
        history.append(_record(d.RiskHistoryEntry, entry, here))
    computed = None
    if all(key in item for key in ("score", "band", "emv")):
        try:
            score, emv = to_int(item["score"], "score"), to_money(item["emv"], "emv")
        except DocumentError:
            score = emv = None
        if score is not None and emv is not None:
            computed = d.RiskComputed(score, str(item["band"]), emv)
    return _record(
        d.Risk,
        item,
        path,
        tasks=_task_refs(item, path),
        actions=tuple(
            _record(d.RiskAction, action, here) for action, here in _objects(item, "actions", path)
        ),
        history=tuple(history),
        computed=computed,
    )


def risk_settings_from_json(value: Any, where: str) -> d.RiskSettings | None:
    if not value:
        return None
    path = f"{where}.risk_settings"
    if not isinstance(value, Mapping):
        raise DocumentError(f"{path} must be an object")
    bands = value.get("bands") or {}
    if not isinstance(bands, Mapping):
        raise DocumentError(f"{path}.bands must be an object")
    defaults = d.RiskBands()
    return d.RiskSettings(
        bands=d.RiskBands(
            *(
                _default(to_int(bands.get(key), f"{path}.bands.{key}"), getattr(defaults, key))
                for key in ("low_max", "medium_max", "high_max")
            )
        ),
        probability_percents=tuple(
            _id(p, f"{path}.probability_percents[{i}]")
            for i, p in enumerate(_list(value, "probability_percents", path))
        ),
        categories=tuple(str(c) for c in _list(value, "categories", path)),
    )


def _default(value: int | None, default: int) -> int:
    return default if value is None else value


def vendor_from_json(item: Mapping[str, Any], path: str) -> d.Vendor:
    contracts = []
    for contract, here in _objects(item, "contracts", path):
        sla = contract.get("sla")
        sla_value = d.Sla()
        if isinstance(sla, Mapping):
            sla_value = d.Sla(
                availability=to_percent(sla.get("availability"), f"{here}.sla.availability"),
                response=str(sla.get("response") or ""),
                resolution=str(sla.get("resolution") or ""),
            )
        deadline = None
        if "notice_deadline" in contract:
            try:
                deadline = to_date(contract["notice_deadline"], "notice_deadline")
            except DocumentError:
                deadline = None
        contracts.append(
            _record(d.Contract, contract, here, sla=sla_value, notice_deadline=deadline)
        )
    deliveries = []
    for delivery, here in _objects(item, "deliverables", path):
        ref = delivery.get("task")
        task = None
        if ref is not None:
            task = to_ref(ref) if not isinstance(ref, str) else None
            if task is None:
                raise DocumentError(f"{here}.task: there is no task with id {ref}")
        late = delivery.get("late")
        deliveries.append(
            _record(
                d.Delivery,
                delivery,
                here,
                task=task,
                late=late if isinstance(late, bool) else None,
            )
        )
    return _record(
        d.Vendor,
        item,
        path,
        contacts=tuple(_record(d.Contact, c, h) for c, h in _objects(item, "contacts", path)),
        scores=tuple(_record(d.VendorScore, s, h) for s, h in _objects(item, "scores", path)),
        contracts=tuple(contracts),
        orders=tuple(
            _record(d.PurchaseOrder, o, h, task=_order_task(o, h))
            for o, h in _objects(item, "orders", path)
        ),
        deliverables=tuple(deliveries),
    )


# ---------------------------------------------------------------------------- to JSON


#: How a project's tasks become their JSON value (given the project's index in the document
#: and the project).
TasksJson = Callable[[int, d.Project], Any]


def document_to_json(document: d.Document, tasks_json: TasksJson | None = None) -> dict[str, Any]:
    """The JSON value of ``document`` (the export's shape, computed fields included);
    ``tasks_json`` makes each project's task list instead of a dict per task (the export's
    text writes them straight, see ``json_task_text``)."""
    out: dict[str, Any] = {
        "format": d.FORMAT_NAME,
        "version": document.version,
        "generator": document.generator,
    }
    if document.base_calendars:
        out["base_calendars"] = [
            {
                "name": calendar.name,
                "working_weekdays": list(calendar.working_weekdays),
                "working_hours": hours_json(calendar.working_hours),
            }
            for calendar in document.base_calendars
        ]
    if document.resources:
        out["resources"] = [resource_to_json(resource) for resource in document.resources]
    with gc_paused():  # dozens of small objects per task and no cycles
        out["projects"] = [
            project_to_json(project, _tasks_of(index, tasks_json))
            for index, project in enumerate(document.projects)
        ]
    if document.change_windows:
        out["change_windows"] = [_record_json(item) for item in document.change_windows]
    if document.handover_template:
        out["handover_template"] = [_record_json(item) for item in document.handover_template]
    return out


def resource_to_json(resource: d.Resource) -> dict[str, Any]:
    return {
        "name": resource.name,
        "kind": resource.kind,
        "role": resource.role,
        "email": resource.email,
        "team": resource.team,
        "vendor": resource.vendor or None,
        "max_units": resource.max_units,
        "rate_per_hour": money_text(resource.rate_per_hour),
        "cost_per_use": money_text(resource.cost_per_use),
        "material_label": resource.material_label,
        "calendar": resource.calendar or None,
        "notes": resource.notes,
        "days": [
            {
                "date": day.date.isoformat(),
                "kind": day.kind,
                "name": day.name,
                "working_hours": hours_json(day.working_hours),
            }
            for day in resource.days
        ],
    }


def _tasks_of(index: int, tasks_json: TasksJson | None) -> Callable[[d.Project], Any] | None:
    """``tasks_json`` for the project at ``index``."""
    if tasks_json is None:
        return None
    return lambda project: tasks_json(index, project)


def project_to_json(
    project: d.Project, tasks_json: Callable[[d.Project], Any] | None = None
) -> dict[str, Any]:
    """The JSON value of ``project``; ``tasks_json`` makes its task list (else a dict per
    task)."""
    per_day = project.minutes_per_day
    out: dict[str, Any] = {
        "name": project.name,
        "currency": project.currency,
        "start": datetime_text(project.start),
        "status_date": datetime_text(project.status_date),
        "reschedule_after_status": project.reschedule_after_status,
        "manager": project.manager,
        "description": project.description,
    }
    if project.calendar is not None:
        out["calendar"] = calendar_to_json(project.calendar)
    if tasks_json is not None:
        out["tasks"] = tasks_json(project)
    else:
        out["tasks"] = [task_to_json(task, per_day) for task in project.tasks]
    out["baselines"] = [
        {
            "name": baseline.name,
            "created": datetime_text(baseline.created),
            "tasks": [
                {
                    "task": row.task,
                    "start": datetime_text(row.start),
                    "finish": datetime_text(row.finish),
                    "duration_minutes": row.duration_minutes,
                    "cost": money_text(row.cost),
                }
                for row in baseline.tasks
            ],
            "for_earned_value": baseline.for_earned_value,
        }
        for baseline in project.baselines
    ]
    out["risks"] = [_record_json(risk) for risk in project.risks]
    out["issues"] = [_record_json(issue) for issue in project.issues]
    out["assumptions"] = [_record_json(item) for item in project.assumptions]
    out["change_requests"] = [_record_json(item) for item in project.change_requests]
    out["decisions"] = [_record_json(item) for item in project.decisions]
    if project.risk_settings is not None:
        settings = project.risk_settings
        out["risk_settings"] = {
            "bands": dataclasses.asdict(settings.bands),
            "probability_percents": list(settings.probability_percents),
            "categories": list(settings.categories),
        }
    if project.dependencies:
        out["dependencies_external"] = [_record_json(item) for item in project.dependencies]
    out["vendors"] = [vendor_to_json(vendor) for vendor in project.vendors]
    out["budget"] = [_record_json(line) for line in project.budget]
    if project.earned_value is not None:
        out["earned_value"] = earned_value_to_json(project.earned_value)
    if project.runbooks:
        out["runbooks"] = runbooks_to_json(project.runbooks)
    out.update(governance_to_json(project))
    return out


# ---------------------------------------------------------------------------- governance
# Issue 20 (docs/json-format-governance.md): JSON key -> (Project field, record type). A list
# is written only when the project has records in it.

_GOVERNANCE: tuple[tuple[str, type[Any]], ...] = (
    ("meetings", d.Meeting),
    ("actions", d.ActionItem),
    ("stakeholders", d.Stakeholder),
    ("communication_plan", d.CommsItem),
    ("handover", d.HandoverItem),
    ("change_windows", d.ChangeWindow),
)


def governance_from_json(data: Mapping[str, Any], where: str) -> dict[str, Any]:
    """The governance records of a project's JSON object, as ``d.Project`` keyword values."""
    return {
        key: tuple(_record(cls, item, here) for item, here in _objects(data, key, where))
        for key, cls in _GOVERNANCE
    }


def governance_to_json(project: d.Project) -> dict[str, Any]:
    """The project's non-empty governance lists under their JSON keys."""
    out: dict[str, Any] = {}
    for key, _cls in _GOVERNANCE:
        records = getattr(project, key)
        if records:
            out[key] = [_record_json(record) for record in records]
    return out


def earned_value_to_json(figures: d.EarnedValue) -> dict[str, Any]:
    """Money as decimal strings (cents), ratios as numbers (4 decimals), ES in working
    minutes from the baseline start; a figure that cannot be computed is null."""
    out: dict[str, Any] = {
        "status_date": datetime_text(figures.status_date),
        "baseline": figures.baseline,
    }
    for key in ("bac", "pv", "ev", "ac", "sv", "cv"):
        out[key] = money_text(getattr(figures, key))
    out["spi"] = _rounded(figures.spi)
    out["cpi"] = _rounded(figures.cpi)
    for key in ("eac", "etc", "vac"):
        out[key] = money_text(getattr(figures, key))
    out["tcpi"] = _rounded(figures.tcpi)
    out["es"] = _rounded(figures.es)
    out["spi_t"] = _rounded(figures.spi_t)
    out["forecast_finish"] = datetime_text(figures.forecast_finish)
    return out


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def calendar_to_json(calendar: d.Calendar) -> dict[str, Any]:
    return {
        "working_weekdays": list(calendar.working_weekdays),
        "working_hours": hours_json(calendar.working_hours),
        "holiday_country": calendar.holiday_country,
        "holiday_region": calendar.holiday_region,
        "holidays": [{"date": h.date.isoformat(), "name": h.name} for h in calendar.holidays],
        "exceptions": [
            {
                "date": e.date.isoformat(),
                "name": e.name,
                "working_hours": hours_json(e.working_hours),
            }
            for e in calendar.exceptions
        ],
        "freeze_windows": [
            {"name": f.name, "start": f.start.isoformat(), "finish": f.finish.isoformat()}
            for f in calendar.freeze_windows
        ],
    }


def task_to_json(task: d.Task, per_day: int) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": task.id,
        "wbs": task.wbs,
        "name": task.name,
        "parent": task.parent,
        "start": datetime_text(task.start),
        "finish": datetime_text(task.finish),
        "duration": marked_text(
            task.duration_minutes, per_day, estimated=task.estimated, elapsed=task.elapsed
        ),
        "duration_minutes": task.duration_minutes,
        "percent_complete": task.percent_complete,
        "remaining_minutes": d.remaining_minutes(task.duration_minutes, task.percent_complete),
        "milestone": task.milestone,
        "owner": task.owner,
        "notes": task.notes,
        "constraint_type": task.constraint_type,
        "constraint_date": datetime_text(task.constraint_date),
        # written for readers older than constraint types (read back as SNET)
        "start_no_earlier_than": datetime_text(task.start_no_earlier_than),
        "deadline": datetime_text(task.deadline),
        "production_change": task.production_change,
        "external_ref": task.external_ref,
        "actual_start": datetime_text(task.actual_start),
        "actual_finish": datetime_text(task.actual_finish),
        "cost": money_text(task.cost),
        "actual_cost": money_text(task.actual_cost),
        "estimated": task.estimated,
        "manual": task.manual,
        "elapsed": task.elapsed,
        "predecessors": links_to_json(task, per_day),
    }
    # issue 18's scheduling fields, written when they are not the defaults
    if task.priority != d.DEFAULT_PRIORITY:
        out["priority"] = task.priority
    if task.task_type != "fixed_duration":
        out["task_type"] = task.task_type
    if task.calendar:
        out["calendar"] = task.calendar
    if task.leveling_delay_minutes:
        out["leveling_delay_minutes"] = task.leveling_delay_minutes
    if task.assignments:
        out["assignments"] = [assignment_to_json(item) for item in task.assignments]
    if task.computed is not None:
        computed = task.computed
        out.update(
            early_start=datetime_text(computed.early_start),
            early_finish=datetime_text(computed.early_finish),
            late_start=datetime_text(computed.late_start),
            late_finish=datetime_text(computed.late_finish),
            total_float_minutes=computed.total_float_minutes,
            free_float_minutes=computed.free_float_minutes,
            critical=computed.critical,
        )
    return out


def links_to_json(task: d.Task, per_day: int) -> list[dict[str, Any]]:
    """A task's predecessors, then its predecessors in other projects."""
    return link_dicts(
        [(link.task, link.type, link.lag_minutes) for link in task.predecessors],
        task.external_predecessors,
        per_day,
    )


def link_dicts(
    predecessors: Sequence[tuple[int, str, int]],
    external: Sequence[d.ExternalLink],
    per_day: int,
) -> list[dict[str, Any]]:
    """The JSON of links within the project ((document id, type, lag) each), then of links
    to other projects."""
    return [
        {
            "task": task,
            "type": kind,
            "lag": format_duration(lag, per_day),
            "lag_minutes": lag,
        }
        for task, kind, lag in predecessors
    ] + [
        {
            "project": link.project,
            "task": link.task,
            "type": link.type,
            "lag": format_duration(link.lag_minutes, per_day),
            "lag_minutes": link.lag_minutes,
        }
        for link in external
    ]


def assignment_to_json(item: d.Assignment) -> dict[str, Any]:
    out: dict[str, Any] = {"resource": item.resource, "units": item.units}
    if item.work_minutes is not None:
        out["work_minutes"] = item.work_minutes
    if item.cost is not None:
        out["cost"] = money_text(item.cost)
    return out


def vendor_to_json(vendor: d.Vendor) -> dict[str, Any]:
    out = _record_json(vendor)
    out["contracts"] = [_contract_json(contract) for contract in vendor.contracts]
    out["deliverables"] = [_delivery_json(item) for item in vendor.deliverables]
    return out


def _contract_json(contract: d.Contract) -> dict[str, Any]:
    out = _record_json(contract)
    out["sla"] = {
        "availability": None
        if contract.sla.availability is None
        else str(contract.sla.availability.normalize()),
        "response": contract.sla.response,
        "resolution": contract.sla.resolution,
    }
    # the export's key order: sla before status, notice_deadline last
    order = [f.name for f in dataclasses.fields(d.Contract)]
    return {key: out[key] for key in order if key in out}


def _delivery_json(delivery: d.Delivery) -> dict[str, Any]:
    out = _record_json(delivery)
    if delivery.late is None:
        out.pop("late", None)
    return out
