"""Tasks, links, calendar and baselines of one project <-> the interchange document."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from infradesk.interchange.document import DocumentError as DocumentError  # its home
from infradesk.interchange.isodates import (
    date_to_iso,
    datetime_to_iso,
    iso_to_date,
    iso_to_datetime,
)
from infradesk.model import (
    Baseline,
    BaselineTask,
    Calendar,
    CalendarDay,
    Dependency,
    FreezeWindow,
    Project,
    Task,
)
from infradesk.schedule.durations import format_duration, parse_duration
from infradesk.services.plan.calendar_text import (
    DEFAULT_HOURS,
    hours_from_text,
    hours_to_text,
    minutes_per_day_of,
    weekdays_from_text,
    weekdays_to_text,
)

LINK_TYPES = ("FS", "SS", "FF", "SF")


# ---------------------------------------------------------------- export


def outline_order(tasks: list[Task]) -> list[tuple[Task, str]]:
    """Tasks depth-first in sibling order, each with its WBS code (``1.2.3``)."""
    children: dict[int | None, list[Task]] = {}
    for task in tasks:
        children.setdefault(task.parent_id, []).append(task)
    for siblings in children.values():
        siblings.sort(key=lambda t: (t.position, t.id))
    ordered: list[tuple[Task, str]] = []
    stack: list[tuple[Task, str]] = [
        (task, str(i + 1)) for i, task in reversed(list(enumerate(children.get(None, []))))
    ]
    while stack:
        task, code = stack.pop()
        ordered.append((task, code))
        kids = children.get(task.id, [])
        stack.extend((kid, f"{code}.{i + 1}") for i, kid in reversed(list(enumerate(kids))))
    return ordered


def export_calendar(calendar: Calendar | None) -> dict[str, Any]:
    if calendar is None:
        return {
            "working_weekdays": [0, 1, 2, 3, 4],
            "working_hours": hours_from_text(DEFAULT_HOURS),
            "holiday_country": None,
            "holiday_region": None,
            "holidays": [],
            "exceptions": [],
            "freeze_windows": [],
        }
    return {
        "working_weekdays": weekdays_from_text(calendar.working_weekdays),
        "working_hours": hours_from_text(calendar.working_hours),
        "holiday_country": calendar.holiday_country,
        "holiday_region": calendar.holiday_region,
        "holidays": [
            {"date": date_to_iso(day.day), "name": day.name}
            for day in calendar.days
            if day.kind == "holiday"
        ],
        "exceptions": [
            {
                "date": date_to_iso(day.day),
                "name": day.name,
                "working_hours": hours_from_text(day.working_hours),
            }
            for day in calendar.days
            if day.kind == "exception"
        ],
        "freeze_windows": [
            {"name": f.name, "start": date_to_iso(f.start), "finish": date_to_iso(f.finish)}
            for f in calendar.freezes
        ],
    }


def export_plan(
    session: Session, project: Project, computed: dict[int, dict[str, Any]] | None = None
) -> tuple[dict[str, Any], dict[int, int]]:
    """The project's calendar, tasks and baselines as document parts, plus db id -> doc id."""
    minutes_per_day = minutes_per_day_of(
        project.calendar.working_hours if project.calendar else DEFAULT_HOURS
    )
    tasks = list(session.scalars(select(Task).where(Task.project_id == project.id)))
    ordered = outline_order(tasks)
    doc_ids = {task.id: index + 1 for index, (task, _) in enumerate(ordered)}
    predecessors: dict[int, list[Dependency]] = {}
    for link in session.scalars(select(Dependency).where(Dependency.project_id == project.id)):
        predecessors.setdefault(link.successor_id, []).append(link)
    task_docs = []
    for task, code in ordered:
        links = sorted(predecessors.get(task.id, []), key=lambda ln: doc_ids[ln.predecessor_id])
        item: dict[str, Any] = {
            "id": doc_ids[task.id],
            "wbs": code,
            "name": task.name,
            "parent": doc_ids[task.parent_id] if task.parent_id else None,
            "start": datetime_to_iso(task.start),
            "finish": datetime_to_iso(task.finish),
            "duration": format_duration(task.duration_minutes, minutes_per_day),
            "duration_minutes": task.duration_minutes,
            "percent_complete": task.percent_complete,
            "milestone": task.milestone,
            "owner": task.owner,
            "notes": task.notes,
            "start_no_earlier_than": datetime_to_iso(task.start_no_earlier_than),
            "deadline": datetime_to_iso(task.deadline),
            "production_change": task.production_change,
            "external_ref": task.external_ref,
            "predecessors": [
                {
                    "task": doc_ids[link.predecessor_id],
                    "type": link.type,
                    "lag": format_duration(link.lag_minutes, minutes_per_day),
                    "lag_minutes": link.lag_minutes,
                }
                for link in links
            ],
        }
        if computed is not None and task.id in computed:
            item.update(computed[task.id])
        task_docs.append(item)
    baselines = []
    for baseline in session.scalars(
        select(Baseline).where(Baseline.project_id == project.id).order_by(Baseline.id)
    ):
        rows = sorted(
            (row for row in baseline.tasks if row.task_id in doc_ids),
            key=lambda row: doc_ids[row.task_id],
        )
        baselines.append(
            {
                "name": baseline.name,
                "created": datetime_to_iso(baseline.created_at),
                "tasks": [
                    {
                        "task": doc_ids[row.task_id],
                        "start": datetime_to_iso(row.start),
                        "finish": datetime_to_iso(row.finish),
                        "duration_minutes": row.duration_minutes,
                    }
                    for row in rows
                ],
            }
        )
    return (
        {"calendar": export_calendar(project.calendar), "tasks": task_docs, "baselines": baselines},
        doc_ids,
    )


# ---------------------------------------------------------------- import


def import_calendar(session: Session, project: Project, data: dict[str, Any] | None) -> Calendar:
    data = data or {}
    calendar = Calendar(
        project_id=project.id,
        working_weekdays=weekdays_to_text(data.get("working_weekdays", [0, 1, 2, 3, 4])),
        working_hours=hours_to_text(data.get("working_hours") or hours_from_text(DEFAULT_HOURS)),
        holiday_country=data.get("holiday_country"),
        holiday_region=data.get("holiday_region"),
    )
    for holiday in data.get("holidays", []):
        calendar.days.append(
            CalendarDay(
                day=iso_to_date(holiday["date"]), kind="holiday", name=holiday.get("name", "")
            )
        )
    for exception in data.get("exceptions", []):
        calendar.days.append(
            CalendarDay(
                day=iso_to_date(exception["date"]),
                kind="exception",
                name=exception.get("name", ""),
                working_hours=hours_to_text(exception.get("working_hours", [])),
            )
        )
    for freeze in data.get("freeze_windows", []):
        calendar.freezes.append(
            FreezeWindow(
                name=freeze.get("name", "Change freeze"),
                start=iso_to_date(freeze["start"]),
                finish=iso_to_date(freeze["finish"]),
            )
        )
    session.add(calendar)
    session.flush()
    return calendar


def task_duration(item: dict[str, Any], where: str, minutes_per_day: int) -> int:
    """A document task's working minutes: ``duration_minutes``, else ``duration``, else 1d
    (0 for a milestone)."""
    if item.get("duration_minutes") is not None:
        return int(item["duration_minutes"])
    if item.get("duration") not in (None, ""):
        try:
            return parse_duration(item["duration"], minutes_per_day)
        except ValueError as error:
            raise DocumentError(f"{where}.duration: {error}") from error
    return 0 if item.get("milestone") else minutes_per_day


def import_plan(
    session: Session, project: Project, data: dict[str, Any], where: str
) -> dict[int, int]:
    """Insert tasks, links and baselines; return doc id -> db id. Bulk inserts keep a
    10,000-task plan fast: ids are assigned here so parents need no round trip."""
    minutes_per_day = minutes_per_day_of(project.calendar.working_hours)
    next_id = (session.scalar(select(func.max(Task.id))) or 0) + 1
    id_map: dict[int, int] = {}
    positions: dict[int | None, int] = {}
    rows = []
    for index, item in enumerate(data.get("tasks", [])):
        here = f"{where}.tasks[{index}]"
        doc_id = item.get("id", index + 1)
        if doc_id in id_map:
            raise DocumentError(f"{here}.id: {doc_id} is used twice")
        parent_doc = item.get("parent")
        if parent_doc is not None and parent_doc not in id_map:
            raise DocumentError(f"{here}.parent: task {parent_doc} is not listed before its child")
        parent_id = id_map[parent_doc] if parent_doc is not None else None
        id_map[doc_id] = next_id
        position = positions.get(parent_id, 0)
        positions[parent_id] = position + 1
        duration = task_duration(item, here, minutes_per_day)
        rows.append(
            {
                "id": next_id,
                "project_id": project.id,
                "parent_id": parent_id,
                "position": position,
                "name": str(item.get("name", "")),
                "duration_minutes": duration,
                "start": iso_to_datetime(item.get("start")),
                "finish": iso_to_datetime(item.get("finish")),
                "percent_complete": float(item.get("percent_complete") or 0),
                "milestone": bool(item.get("milestone", duration == 0)),
                "notes": str(item.get("notes") or ""),
                "owner": str(item.get("owner") or ""),
                "start_no_earlier_than": iso_to_datetime(item.get("start_no_earlier_than")),
                "deadline": iso_to_datetime(item.get("deadline")),
                "production_change": bool(item.get("production_change", False)),
                "external_ref": str(item.get("external_ref") or ""),
            }
        )
        next_id += 1
    if rows:
        session.execute(insert(Task.__table__), rows)  # core executemany: no ORM bookkeeping
    links = []
    seen: set[tuple[int, int]] = set()
    for index, item in enumerate(data.get("tasks", [])):
        successor = id_map[item.get("id", index + 1)]
        for number, link in enumerate(item.get("predecessors", [])):
            here = f"{where}.tasks[{index}].predecessors[{number}]"
            if link.get("task") not in id_map:
                raise DocumentError(f"{here}.task: there is no task {link.get('task')}")
            kind = str(link.get("type", "FS")).upper()
            if kind not in LINK_TYPES:
                raise DocumentError(f"{here}.type: '{kind}' is not one of FS, SS, FF, SF")
            predecessor = id_map[link["task"]]
            if predecessor == successor:
                raise DocumentError(f"{here}: a task cannot depend on itself")
            if (predecessor, successor) in seen:
                continue
            seen.add((predecessor, successor))
            if link.get("lag_minutes") is not None:
                lag = int(link["lag_minutes"])
            else:
                lag = parse_duration(link.get("lag") or "0", minutes_per_day, allow_negative=True)
            links.append(
                {
                    "project_id": project.id,
                    "predecessor_id": predecessor,
                    "successor_id": successor,
                    "type": kind,
                    "lag_minutes": lag,
                }
            )
    if links:
        session.execute(insert(Dependency.__table__), links)
    for number, item in enumerate(data.get("baselines", [])):
        baseline = Baseline(
            project_id=project.id,
            name=item.get("name") or f"Baseline {number + 1}",
            created_at=iso_to_datetime(item.get("created")) or project.created_at,
        )
        session.add(baseline)
        session.flush()
        baseline_rows = [
            {
                "baseline_id": baseline.id,
                "task_id": id_map[row["task"]],
                "start": iso_to_datetime(row.get("start")),
                "finish": iso_to_datetime(row.get("finish")),
                "duration_minutes": int(row.get("duration_minutes") or 0),
            }
            for row in item.get("tasks", [])
            if row.get("task") in id_map
        ]
        if baseline_rows:
            session.execute(insert(BaselineTask.__table__), baseline_rows)
    return id_map
