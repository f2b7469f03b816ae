"""The governance records of issue 20 (meetings, the action log, the stakeholder register, the
communication plan, the operational acceptance checklist, change windows) <-> the typed
interchange document. See docs/json-format-governance.md.

Values are validated by the same field specs as the editors (services/risks/fields.py), so a
bad status in a file is refused with the message the table would give, located by its JSON
path. Actions (and decisions, see :mod:`risks`) name their meeting by code.

The workspace's shared change windows and its acceptance template are not a project's: an
import adds the ones the workspace does not have yet (an identical window or a template line of
the same title is kept as it is) and reports what it created, so that undo removes exactly
those.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from infradesk.interchange import document as d
from infradesk.model import (
    ActionItem,
    ChangeWindow,
    CommsItem,
    Decision,
    HandoverItem,
    HandoverTemplateItem,
    Meeting,
    Project,
    Stakeholder,
)
from infradesk.services.documents.plan import DocumentError
from infradesk.services.risks.fields import (
    ACTION_ITEM,
    COMMS_ITEM,
    HANDOVER_ITEM,
    MEETING,
    STAKEHOLDER,
    WINDOW_KINDS,
    Entity,
    RaidEditError,
    parse_value,
)

# (document section = d.Project field, log, model, record type), in import order: meetings
# first, the actions name them.
SECTIONS: tuple[tuple[str, Entity, Any, type[Any]], ...] = (
    ("meetings", MEETING, Meeting, d.Meeting),
    ("stakeholders", STAKEHOLDER, Stakeholder, d.Stakeholder),
    ("actions", ACTION_ITEM, ActionItem, d.ActionItem),
    ("communication_plan", COMMS_ITEM, CommsItem, d.CommsItem),
    ("handover", HANDOVER_ITEM, HandoverItem, d.HandoverItem),
)
_CODE_WIDTH = {"handover_item": 2}  # OA-01, like the template's numbering
_NAME_LIMIT = 200


# ---------------------------------------------------------------------------------- export


def _record(spec: Entity, row: Any, cls: type[Any], **extra: Any) -> Any:
    values: dict[str, Any] = {"code": row.code}
    for field in spec.fields:
        if field.kind != "ref":
            values[field.name] = getattr(row, field.name)
    return cls(**values, **extra)


def _rows(session: Session, model: Any, project_id: int) -> list[Any]:
    order = (model.position, model.id) if model is HandoverItem else (model.code,)
    query = select(model).where(model.project_id == project_id).order_by(*order)
    return list(session.scalars(query))


def meeting_codes(session: Session, project_id: int) -> dict[int, str]:
    """Meeting id -> code, for the records that name their meeting."""
    return dict(
        session.execute(
            select(Meeting.id, Meeting.code).where(Meeting.project_id == project_id)
        ).all()
    )


def _window(row: ChangeWindow) -> d.ChangeWindow:
    return d.ChangeWindow(
        name=row.name,
        kind=row.kind,
        start=row.start,
        finish=row.finish,
        services=row.services,
        notes=row.notes,
    )


def _windows(session: Session, project_id: int | None) -> tuple[d.ChangeWindow, ...]:
    owner = (
        ChangeWindow.project_id.is_(None)
        if project_id is None
        else ChangeWindow.project_id == project_id
    )
    query = select(ChangeWindow).where(owner).order_by(ChangeWindow.start, ChangeWindow.id)
    return tuple(_window(row) for row in session.scalars(query))


def export_governance(session: Session, project: Project) -> dict[str, Any]:
    """The project's governance records as ``d.Project`` keyword values."""
    codes = meeting_codes(session, project.id)
    out: dict[str, Any] = {}
    for section, spec, model, cls in SECTIONS:
        records = []
        for row in _rows(session, model, project.id):
            extra = {}
            if model is ActionItem:
                extra["meeting"] = codes.get(row.meeting_id) if row.meeting_id else None
            records.append(_record(spec, row, cls, **extra))
        out[section] = tuple(records)
    out["change_windows"] = _windows(session, project.id)
    return out


def export_shared(
    session: Session,
) -> tuple[tuple[d.ChangeWindow, ...], tuple[d.HandoverTemplateItem, ...]]:
    """The workspace's shared change windows and its acceptance checklist template."""
    template = tuple(
        d.HandoverTemplateItem(category=row.category, title=row.title, hint=row.hint)
        for row in session.scalars(
            select(HandoverTemplateItem).order_by(
                HandoverTemplateItem.position, HandoverTemplateItem.id
            )
        )
    )
    return _windows(session, None), template


# ---------------------------------------------------------------------------------- import


def values_of(spec: Entity, item: Any, where: str) -> dict[str, Any]:
    """Validated column values of one document record (only the fields it gives);
    DocumentError names the bad key."""
    given = getattr(item, "given", None)
    values: dict[str, Any] = {}
    for field in spec.fields:
        if field.kind == "ref" or (given is not None and field.name not in given):
            continue
        raw = getattr(item, field.name, None)
        if raw is None and field.kind != "date":
            continue
        try:
            values[field.name] = parse_value(field, raw)
        except RaidEditError as error:
            raise DocumentError(f"{where}.{field.name}: {error}") from error
    return values


def _required(spec: Entity, values: dict[str, Any], where: str) -> None:
    for field in spec.fields:
        if field.required and not str(values.get(field.name) or "").strip():
            raise DocumentError(f"{where}.{field.name} is missing")


def _next_code(prefix: str, width: int, taken: set[str]) -> str:
    numbers = [
        int(match.group(1))
        for code in taken
        if (match := re.fullmatch(re.escape(prefix) + r"(\d+)", code))
    ]
    return f"{prefix}{max(numbers, default=0) + 1:0{width}d}"


def _code(spec: Entity, code: str | None, taken: set[str], where: str) -> str:
    found = str(code or "").strip() or _next_code(spec.prefix, _CODE_WIDTH.get(spec.key, 3), taken)
    if found in taken:
        raise DocumentError(f"{where}.code: '{found}' is used twice")
    taken.add(found)
    return found


def meeting_ref(code: str | None, meetings: dict[str, int], where: str) -> int | None:
    """The id of the meeting a record names by ``code`` (None: no meeting)."""
    if not code:
        return None
    if code not in meetings:
        raise DocumentError(f"{where}.meeting: there is no meeting '{code}'")
    return meetings[code]


def project_meetings(session: Session, project_id: int) -> dict[str, int]:
    """Meeting code -> id of a stored project."""
    return {code: id_ for id_, code in meeting_codes(session, project_id).items()}


def import_governance(
    session: Session, project: Project, data: d.Project, where: str
) -> dict[str, int]:
    """Write the governance records of one project document next to what the project already
    has (a code in use is refused, a missing one numbered after the highest); returns the
    project's meeting code -> id (the decisions name meetings too)."""
    meetings = project_meetings(session, project.id)
    for section, spec, model, _cls in SECTIONS:
        items: Sequence[Any] = getattr(data, section)
        if not items:
            continue
        taken = set(session.scalars(select(model.code).where(model.project_id == project.id)))
        position = 0
        if model is HandoverItem:  # new items go after the checklist's last one
            last = select(func.max(HandoverItem.position))
            position = session.scalar(last.where(HandoverItem.project_id == project.id)) or 0
        rows = []
        for index, item in enumerate(items):
            here = f"{where}.{section}[{index}]"
            values = values_of(spec, item, here)
            _required(spec, values, here)
            row = model(project_id=project.id, code=_code(spec, item.code, taken, here), **values)
            if model is ActionItem:
                row.meeting_id = meeting_ref(item.meeting, meetings, here)
            if model is HandoverItem:
                position += 1
                row.position = position
            rows.append(row)
        session.add_all(rows)
        session.flush()
        if model is Meeting:
            meetings.update({row.code: row.id for row in rows})
    stored = {
        (w.name, w.kind, w.start, w.finish)
        for w in session.scalars(select(ChangeWindow).where(ChangeWindow.project_id == project.id))
    }
    for index, window in enumerate(data.change_windows):
        values = window_values(window, f"{where}.change_windows[{index}]")
        key = (values["name"], values["kind"], values["start"], values["finish"])
        if key not in stored:  # updating from the same file twice adds nothing
            stored.add(key)
            session.add(ChangeWindow(project_id=project.id, **values))
    session.flush()
    return meetings


def relink_meetings(
    session: Session, project: Project, data: d.Project, meetings: dict[str, int]
) -> None:
    """Updating a project: the stored actions and decisions the document matches by code take
    the meeting it names (when it gives one)."""
    models: tuple[tuple[str, Any], ...] = (("actions", ActionItem), ("decisions", Decision))
    for section, model in models:
        stored = {
            row.code: row
            for row in session.scalars(select(model).where(model.project_id == project.id))
        }
        for index, item in enumerate(getattr(data, section)):
            given = item.given
            row = stored.get(str(item.code or ""))
            if row is None or (given is not None and "meeting" not in given):
                continue
            row.meeting_id = meeting_ref(item.meeting, meetings, f"update.{section}[{index}]")
    session.flush()


def window_values(window: d.ChangeWindow, where: str) -> dict[str, Any]:
    """The checked column values of a change window."""
    name = str(window.name or "").strip()
    if not name:
        raise DocumentError(f"{where}.name is missing")
    kind = str(window.kind or "freeze").strip().lower()
    if kind not in WINDOW_KINDS:
        shown = ", ".join(WINDOW_KINDS)
        raise DocumentError(f"{where}.kind: '{window.kind}' is not one of {shown}")
    if window.start is None:
        raise DocumentError(f"{where}.start is missing")
    if window.finish is None:
        raise DocumentError(f"{where}.finish is missing")
    if window.finish <= window.start:
        raise DocumentError(
            f"{where}.finish: {_minute(window.finish)} is not after the start "
            f"{_minute(window.start)}"
        )
    return {
        "name": name[:_NAME_LIMIT],
        "kind": kind,
        "start": window.start.replace(second=0, microsecond=0),
        "finish": window.finish.replace(second=0, microsecond=0),
        "services": str(window.services or "").strip(),
        "notes": str(window.notes or ""),
    }


def _minute(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M")


@dataclasses.dataclass
class SharedCreated:
    """What importing a document's workspace-wide records created (undo removes them)."""

    windows: set[int] = dataclasses.field(default_factory=set)
    template_items: set[int] = dataclasses.field(default_factory=set)


def import_shared(session: Session, document: d.Document) -> SharedCreated:
    """Add the document's shared change windows and template lines the workspace lacks."""
    created = SharedCreated()
    known = {
        (w.name, w.kind, w.start, w.finish)
        for w in session.scalars(select(ChangeWindow).where(ChangeWindow.project_id.is_(None)))
    }
    for index, window in enumerate(document.change_windows):
        values = window_values(window, f"change_windows[{index}]")
        key = (values["name"], values["kind"], values["start"], values["finish"])
        if key in known:
            continue
        known.add(key)
        row = ChangeWindow(project_id=None, **values)
        session.add(row)
        session.flush()
        created.windows.add(row.id)
    titles = {
        title.strip().casefold() for title in session.scalars(select(HandoverTemplateItem.title))
    }
    position = len(titles)
    for index, line in enumerate(document.handover_template):
        title = str(line.title or "").strip()
        if not title:
            raise DocumentError(f"handover_template[{index}].title is missing")
        if title.casefold() in titles:
            continue
        titles.add(title.casefold())
        position += 1
        item = HandoverTemplateItem(
            position=position,
            category=str(line.category or "").strip()[:100],
            title=title[:500],
            hint=str(line.hint or ""),
        )
        session.add(item)
        session.flush()
        created.template_items.add(item.id)
    return created
