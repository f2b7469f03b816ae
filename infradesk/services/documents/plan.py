"""Tasks, links, calendar and baselines of one project <-> the typed interchange document."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from operator import attrgetter
from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from infradesk.interchange import document as d
from infradesk.interchange.document import DocumentError as DocumentError  # its home
from infradesk.model import (
    BaseCalendar,
    Baseline,
    BaselineTask,
    Calendar,
    CalendarDay,
    Dependency,
    FreezeWindow,
    Project,
    Task,
)
from infradesk.model.resource import TASK_TYPES
from infradesk.schedule.engine import ScheduleResult
from infradesk.services.bulk_insert import insert_columns, insert_rows, roomy_page_cache
from infradesk.services.documents.cross_links import export_external
from infradesk.services.documents.plan_rows import PlanRows
from infradesk.services.plan.calendar_text import (
    DEFAULT_HOURS,
    hours_from_text,
    hours_to_text,
    weekdays_from_text,
    weekdays_to_text,
)
from infradesk.store.ids import reserve_ids

LINK_TYPES = d.LINK_TYPES
# a mapped class's __table__ is a Table (SQLAlchemy declares it as a FromClause)
_TASKS = cast(Table, Task.__table__)
_LINKS = cast(Table, Dependency.__table__)
_BASELINE_TASKS = cast(Table, BaselineTask.__table__)
#: Rows per executemany of an import: a 100,000-task plan's rows are never all in memory.
INSERT_BATCH = 10_000
#: The columns of an imported task, link and baseline row, in the order of their tuples.
TASK_COLUMNS = (
    "id", "project_id", "parent_id", "position", "name", "duration_minutes", "start", "finish",
    "percent_complete", "milestone", "notes", "owner", "constraint_type", "constraint_date",
    "deadline", "production_change", "external_ref", "actual_start", "actual_finish", "cost",
    "actual_cost", "estimated", "manual", "elapsed", "priority", "task_type", "calendar_id",
    "leveling_delay_minutes",
)  # fmt: skip
LINK_COLUMNS = ("project_id", "predecessor_id", "successor_id", "type", "lag_minutes")
BASELINE_TASK_COLUMNS = ("baseline_id", "task_id", "start", "finish", "duration_minutes", "cost")


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


def _outline_rows(rows: Sequence[Sequence[Any]]) -> list[tuple[Sequence[Any], str]]:
    """:func:`outline_order` over rows of ``plan_rows.TASK_COLUMNS`` (id, parent id and
    position first): depth-first in sibling order, each with its WBS code."""
    children: dict[int | None, list[Sequence[Any]]] = {}
    for row in rows:
        children.setdefault(row[1], []).append(row)
    for siblings in children.values():
        siblings.sort(key=lambda row: (row[2], row[0]))
    ordered: list[tuple[Sequence[Any], str]] = []
    stack: list[tuple[Sequence[Any], str]] = [
        (row, str(i + 1)) for i, row in reversed(list(enumerate(children.get(None, []))))
    ]
    while stack:
        row, code = stack.pop()
        ordered.append((row, code))
        kids = children.get(row[0], [])
        stack.extend((kid, f"{code}.{i + 1}") for i, kid in reversed(list(enumerate(kids))))
    return ordered


def export_calendar(calendar: Calendar | None) -> d.Calendar:
    if calendar is None:
        return d.Calendar(working_hours=hours_from_text(DEFAULT_HOURS))
    return d.Calendar(
        working_weekdays=weekdays_from_text(calendar.working_weekdays),
        working_hours=hours_from_text(calendar.working_hours),
        holiday_country=calendar.holiday_country,
        holiday_region=calendar.holiday_region,
        holidays=tuple(
            d.Holiday(day.day, day.name) for day in calendar.days if day.kind == "holiday"
        ),
        exceptions=tuple(
            d.CalendarException(day.day, day.name, hours_from_text(day.working_hours or ""))
            for day in calendar.days
            if day.kind == "exception"
        ),
        freeze_windows=tuple(d.FreezeWindow(f.start, f.finish, f.name) for f in calendar.freezes),
    )


def export_plan(
    session: Session,
    project: Project,
    rows: PlanRows,
    computed: Mapping[int, d.ComputedSchedule] | None = None,
    assignments: Mapping[int, tuple[d.Assignment, ...]] | None = None,
) -> tuple[d.Calendar, tuple[d.Task, ...], tuple[d.Baseline, ...], dict[int, int]]:
    """The project's calendar, tasks and baselines as document records, plus db id -> doc id.

    ``rows``: the project's task and link rows (``read_plan_rows``, plain tuples read as
    columns: a 100,000-task plan is read in a fraction of the ORM's time), also what the
    caller scheduled; ``computed`` (database task id -> engine values) fills the tasks'
    export-only values; ``assignments`` (database task id -> its assignments) the tasks'
    resources."""
    task_rows = rows.tasks
    ordered = _outline_rows(task_rows)
    doc_ids = {row[0]: index + 1 for index, (row, _) in enumerate(ordered)}
    predecessors: dict[int, list[tuple[int, str | None, int]]] = {}
    for predecessor_id, successor_id, kind, lag in rows.links:
        predecessors.setdefault(successor_id, []).append((predecessor_id, kind, lag))
    used = {row[25] for row in task_rows if row[25] is not None}
    calendar_names: dict[int, str] = {}
    if used:
        for calendar_id, calendar_name in session.execute(
            select(BaseCalendar.id, BaseCalendar.name).where(BaseCalendar.id.in_(used))
        ):
            calendar_names[calendar_id] = calendar_name
    external = export_external(session, project.id)  # predecessors in other projects
    no_links: list[tuple[int, str | None, int]] = []
    # a handful of distinct stored spellings among 100,000 tasks: each read once
    constraint_types: dict[str | None, d.ConstraintType] = {}
    link_types: dict[str | None, d.LinkType] = {}
    task_docs = []
    for row, code in ordered:
        (task_id, parent_id, _position, name, start, finish, duration, percent, milestone,
         owner, notes, constraint, constraint_date, deadline, production_change,
         external_ref, actual_start, actual_finish, cost, actual_cost, estimated, manual,
         elapsed, priority, task_type, calendar_id, leveling_delay, _snet) = row  # fmt: skip
        links = predecessors.get(task_id, no_links)
        if len(links) > 1:  # most tasks have none or one
            links = sorted(links, key=lambda link: doc_ids[link[0]])
        task_docs.append(
            d.Task(
                id=doc_ids[task_id],
                wbs=code,
                name=name,
                parent=doc_ids[parent_id] if parent_id else None,
                start=start,
                finish=finish,
                duration_minutes=duration,
                percent_complete=percent,
                milestone=milestone,
                owner=owner,
                notes=notes,
                constraint_type=constraint_types.get(constraint)
                or constraint_types.setdefault(constraint, constraint_type_of(constraint)),
                constraint_date=constraint_date,
                deadline=deadline,
                production_change=production_change,
                external_ref=external_ref,
                predecessors=tuple(
                    d.Link(
                        doc_ids[other],
                        link_types.get(kind) or link_types.setdefault(kind, link_type_of(kind)),
                        lag,
                    )
                    for other, kind, lag in links
                ),
                actual_start=actual_start,
                actual_finish=actual_finish,
                cost=cost if cost is not None else d.ZERO,
                actual_cost=actual_cost if actual_cost is not None else d.ZERO,
                estimated=bool(estimated),
                manual=bool(manual),
                elapsed=bool(elapsed),
                computed=computed.get(task_id) if computed is not None else None,
                assignments=assignments.get(task_id, ()) if assignments is not None else (),
                priority=priority if priority is not None else d.DEFAULT_PRIORITY,
                task_type=task_type or "fixed_duration",
                calendar=calendar_names.get(calendar_id, "") if calendar_id else "",
                leveling_delay_minutes=leveling_delay or 0,
                external_predecessors=external.get(task_id, ()),
            )
        )
    baselines = export_baselines(session, project.id, doc_ids)
    return export_calendar(project.calendar), tuple(task_docs), baselines, doc_ids


def export_baselines(
    session: Session, project_id: int, doc_ids: Mapping[int, int]
) -> tuple[d.Baseline, ...]:
    """The project's baselines as document records (``doc_ids``: database task id ->
    document id; rows of tasks not exported are left out)."""
    baselines = []
    for baseline in session.scalars(
        select(Baseline).where(Baseline.project_id == project_id).order_by(Baseline.id)
    ):
        kept = sorted(
            (row for row in baseline.tasks if row.task_id in doc_ids),
            key=lambda row: doc_ids[row.task_id],
        )
        baselines.append(
            d.Baseline(
                name=baseline.name,
                created=baseline.created_at,
                tasks=tuple(
                    d.BaselineTask(
                        doc_ids[row.task_id],
                        row.start,
                        row.finish,
                        row.duration_minutes,
                        row.cost if row.cost is not None else d.ZERO,
                    )
                    for row in kept
                ),
                for_earned_value=bool(baseline.for_earned_value),
            )
        )
    return tuple(baselines)


def constraint_type_of(text: str | None) -> d.ConstraintType:
    """A stored constraint type as the document's (ASAP for none or an unknown one)."""
    return d.constraint_type(text or "ASAP") or "ASAP"


def link_type_of(text: str | None) -> d.LinkType:
    """A stored link type as the document's (FS for none or an unknown one)."""
    kind = (text or "FS").upper()
    for link_type in LINK_TYPES:
        if kind == link_type:
            return link_type
    return "FS"


# ---------------------------------------------------------------- import


def import_calendar(session: Session, project: Project, data: d.Calendar | None) -> Calendar:
    """Store the document's calendar (the default one for None); CalendarError when its
    hours cannot be used."""
    data = data or d.Calendar()
    calendar = Calendar(
        project_id=project.id,
        working_weekdays=weekdays_to_text(data.working_weekdays),
        working_hours=hours_to_text(data.working_hours or hours_from_text(DEFAULT_HOURS)),
        holiday_country=data.holiday_country,
        holiday_region=data.holiday_region,
    )
    for holiday in data.holidays:
        calendar.days.append(CalendarDay(day=holiday.date, kind="holiday", name=holiday.name))
    for exception in data.exceptions:
        calendar.days.append(
            CalendarDay(
                day=exception.date,
                kind="exception",
                name=exception.name,
                working_hours=hours_to_text(exception.working_hours),
            )
        )
    for freeze in data.freeze_windows:
        calendar.freezes.append(
            FreezeWindow(name=freeze.name, start=freeze.start, finish=freeze.finish)
        )
    session.add(calendar)
    session.flush()
    return calendar


def check_plan(data: d.Project, where: str) -> None:
    """Refuse what no project can hold, naming the place: an id used twice, a parent listed
    after its child, a link to no task or to the task itself."""
    seen: set[int] = set()
    for index, item in enumerate(data.tasks):
        here = f"{where}.tasks[{index}]"
        if item.id in seen:
            raise DocumentError(f"{here}.id: {item.id} is used twice")
        if not 0 <= item.priority <= 1000:
            raise DocumentError(f"{here}.priority: {item.priority} is not between 0 and 1000")
        if item.task_type not in TASK_TYPES:
            raise DocumentError(f"{here}.task_type: '{item.task_type}' is not one of "
                                f"{', '.join(TASK_TYPES)}")  # fmt: skip
        if item.leveling_delay_minutes < 0:
            raise DocumentError(
                f"{here}.leveling_delay_minutes: {item.leveling_delay_minutes} is below 0"
            )
        if item.parent is not None and item.parent not in seen:
            raise DocumentError(f"{here}.parent: task {item.parent} is not listed before its child")
        seen.add(item.id)
    for index, item in enumerate(data.tasks):
        for number, link in enumerate(item.predecessors):
            here = f"{where}.tasks[{index}].predecessors[{number}]"
            if link.task not in seen:
                raise DocumentError(f"{here}.task: there is no task {link.task}")
            if link.task == item.id:
                raise DocumentError(f"{here}: a task cannot depend on itself")


def import_plan(
    session: Session,
    project: Project,
    data: d.Project,
    where: str,
    scheduled: ScheduleResult | None = None,
    calendars: Mapping[int, int] | None = None,
    owners: Mapping[int, str] | None = None,
    *,
    checked: bool = False,
    dates: Mapping[int, tuple[datetime, datetime]] | None = None,
) -> dict[int, int]:
    """Insert tasks, links and baselines; return doc id -> db id. ``calendars``: document
    task id -> the base calendar it runs on; ``owners``: the owners that replace the
    document's text (the primary assignees); ``checked``: :func:`check_plan` has passed;
    ``dates``: ``scheduled.start_finish()`` when the caller has it already.

    ``scheduled`` (the engine's run over ``data``, by document id) gives every task its
    computed start and finish, and summaries their rolled-up duration and progress, as they
    are inserted: nothing is rescheduled afterwards. Without it the file's dates are stored.
    Bulk inserts keep a 10,000-task plan fast: ids are assigned here so parents need no
    round trip."""
    if not checked:
        check_plan(data, where)
    with roomy_page_cache(session, len(data.tasks)):
        return _import_plan(session, project, data, scheduled, calendars, owners, dates)


def _import_plan(
    session: Session,
    project: Project,
    data: d.Project,
    scheduled: ScheduleResult | None,
    calendars: Mapping[int, int] | None,
    owners: Mapping[int, str] | None,
    dates: Mapping[int, tuple[datetime, datetime]] | None,
) -> dict[int, int]:
    tasks = data.tasks
    new_ids = reserve_ids(session, _TASKS, len(tasks))
    id_map = dict(zip(map(_DOC_ID, tasks), new_ids, strict=True))
    if dates is None:
        dates = scheduled.start_finish() if scheduled is not None else {}
    rolled = _rolled_up(tasks, scheduled) if scheduled is not None else {}
    positions: dict[int | None, int] = {}
    for first in range(0, len(tasks), INSERT_BATCH):  # a parent is in this batch or before
        columns = _task_columns(
            tasks[first : first + INSERT_BATCH],
            new_ids[first : first + INSERT_BATCH],
            project.id,
            id_map,
            positions,
            dates if scheduled is not None else None,
            rolled,
            owners or {},
            calendars or {},
        )
        insert_columns(session, _TASKS, TASK_COLUMNS, columns)
    project_id = project.id
    links: list[tuple[Any, ...]] = []
    for item in data.tasks:
        successor = id_map[item.id]
        seen: set[int] = set()
        for link in item.predecessors:
            predecessor = id_map[link.task]
            if predecessor in seen:
                continue
            seen.add(predecessor)
            links.append((project_id, predecessor, successor, link.type, link.lag_minutes))
            if len(links) == INSERT_BATCH:
                insert_rows(session, _LINKS, LINK_COLUMNS, links)
                links = []
    insert_rows(session, _LINKS, LINK_COLUMNS, links)
    for number, baseline_doc in enumerate(data.baselines):
        baseline = Baseline(
            project_id=project.id,
            name=baseline_doc.name or f"Baseline {number + 1}",
            created_at=baseline_doc.created or project.created_at,
            for_earned_value=baseline_doc.for_earned_value,
        )
        session.add(baseline)
        session.flush()
        baseline_rows = [
            (baseline.id, id_map[row.task], row.start, row.finish, row.duration_minutes,
             row.cost)
            for row in baseline_doc.tasks
            if row.task in id_map
        ]  # fmt: skip
        insert_rows(session, _BASELINE_TASKS, BASELINE_TASK_COLUMNS, baseline_rows)
    return id_map


#: The document task's fields a task row is made of, read at once (``_task_columns``).
_ROW_FIELDS = attrgetter(
    "id", "parent", "name", "duration_minutes", "start", "finish", "percent_complete",
    "milestone", "notes", "owner", "constraint_type", "constraint_date", "deadline",
    "production_change", "external_ref", "actual_start", "actual_finish", "cost",
    "actual_cost", "estimated", "manual", "elapsed", "priority", "task_type",
    "leveling_delay_minutes",
)  # fmt: skip
_DOC_ID = attrgetter("id")


def _rolled_up(tasks: Sequence[d.Task], scheduled: ScheduleResult) -> dict[int, tuple[int, float]]:
    """Document id -> the rolled-up duration and progress of each summary the engine made
    (only a task that is some task's parent can be one)."""
    rolled: dict[int, tuple[int, float]] = {}
    for parent in {task.parent for task in tasks if task.parent is not None}:
        if scheduled.is_summary(parent):  # its entry's values, without building entries
            duration, percent = scheduled.duration_and_percent(parent)
            rolled[parent] = (duration, round(percent, 2))
    return rolled


def _task_columns(
    tasks: Sequence[d.Task],
    ids: Sequence[int],
    project_id: int,
    id_map: Mapping[int, int],
    positions: dict[int | None, int],
    dates: Mapping[int, tuple[datetime, datetime]] | None,
    rolled: Mapping[int, tuple[int, float]],
    owners: Mapping[int, str],
    calendars: Mapping[int, int],
) -> list[Sequence[Any]]:
    """The values of :data:`TASK_COLUMNS` of the rows of ``tasks`` (``ids``: their new ids),
    column by column: each task's fields read in one C pass. ``positions`` counts the
    children of each parent so far (kept across batches); ``dates``: the computed start and
    finish of each task (None: the file's are stored); ``rolled``: summaries' rolled-up
    duration and progress."""
    count = len(tasks)
    (docs, parents, names, durations, starts, finishes, percents, milestones, notes, owner_texts,
     kinds, moments, deadlines, production, refs, actual_starts, actual_finishes, costs,
     actual_costs, estimated, manual, elapsed, priorities, task_types,
     delays) = zip(*map(_ROW_FIELDS, tasks), strict=True)  # fmt: skip
    parent_ids = [id_map[parent] if parent is not None else None for parent in parents]
    sibling_positions = []
    for parent_id in parent_ids:
        position = positions.get(parent_id, 0)
        positions[parent_id] = position + 1
        sibling_positions.append(position)
    percent_column = [float(percent or 0) for percent in percents]
    duration_column: Sequence[int] = durations
    if dates is not None:
        computed = list(map(dates.__getitem__, docs))
        starts = tuple(start for start, _ in computed)
        finishes = tuple(finish for _, finish in computed)
        if rolled:
            duration_column = list(durations)
            for index, doc_id in enumerate(docs):
                summary = rolled.get(doc_id)
                if summary is not None:
                    duration_column[index], percent_column[index] = summary
    return [
        ids, [project_id] * count, parent_ids, sibling_positions, names, duration_column,
        starts, finishes, percent_column, milestones, notes,
        [owners.get(doc_id, text) for doc_id, text in zip(docs, owner_texts, strict=True)]
        if owners else owner_texts,
        kinds, moments, deadlines, production, refs, actual_starts, actual_finishes, costs,
        actual_costs, estimated, manual, elapsed, priorities, task_types,
        list(map(calendars.get, docs)) if calendars else [None] * count, delays,
    ]  # fmt: skip
