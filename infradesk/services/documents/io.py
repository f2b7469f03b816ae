"""The whole interchange document <-> the workspace.

Every importer (JSON, Excel, MSPDI, GanttProject, Planner) produces a typed
:class:`~infradesk.interchange.document.Document`; this module is the single writer that puts
one into the workspace, inside the caller's transaction, and the reader that exports one.

An import runs the schedule engine once per project: over the document itself, before its
rows are written, so the tasks are inserted with their computed dates (a reader that already
ran it to check the file's dates hands that run over in ``ImportResult.schedules``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from infradesk import __version__
from infradesk.interchange import document as d
from infradesk.interchange.document_schedule import (
    DocumentPool,
    DocumentSchedule,
    plan_input,
    task_clocks,
    working_calendar,
)
from infradesk.interchange.json_document import as_document, document_to_json
from infradesk.model import Project
from infradesk.schedule.calendar import CalendarError
from infradesk.schedule.engine import CycleError, ScheduleResult, schedule
from infradesk.schedule.passes import gc_paused
from infradesk.services.documents import governance as doc_governance
from infradesk.services.documents import plan as doc_plan
from infradesk.services.documents import resources as doc_resources
from infradesk.services.documents import risks as doc_risks
from infradesk.services.documents import runbooks as doc_runbooks
from infradesk.services.documents import vendors as doc_vendors
from infradesk.services.documents.cross_links import import_external
from infradesk.services.documents.plan import DocumentError
from infradesk.services.documents.plan_rows import PlanRows, plan_input_of, read_plan_rows

FORMAT_NAME = d.FORMAT_NAME
FORMAT_VERSION = d.FORMAT_VERSION


# ---------------------------------------------------------------- export


def _computed(session: Session, project_id: int, rows: PlanRows) -> dict[int, d.ComputedSchedule]:
    """Database task id -> what the engine computes for it (the export's computed values),
    from the rows the export has read."""
    result = schedule(plan_input_of(session, project_id, rows))
    return {  # items(): every entry built at once (ScheduleResult.build_all)
        task_id: d.ComputedSchedule(
            task.early_start,
            task.early_finish,
            task.late_start,
            task.late_finish,
            task.total_float_minutes,
            task.free_float_minutes,
            task.critical,
        )
        for task_id, task in result.items()
    }


def _earned_value(session: Session, project_id: int) -> d.EarnedValue | None:
    """The project's earned value as of its (effective) status date against its earned-value
    baseline, as the export writes it; None without a baseline."""
    # lazy: only the export reports earned value; an import never loads it (~15 ms)
    from infradesk.services.plan.earned_value import earned_value_in

    view = earned_value_in(session, project_id)
    figures = view.figures
    if figures is None:
        return None
    total = figures.project
    timing = figures.schedule
    return d.EarnedValue(
        status_date=view.status_date,
        baseline=view.baseline_name,
        bac=total.bac,
        pv=total.pv,
        ev=total.ev,
        ac=total.ac,
        sv=total.sv,
        cv=total.cv,
        spi=total.spi,
        cpi=total.cpi,
        eac=total.eac,
        etc=total.etc,
        vac=total.vac,
        tcpi=total.tcpi,
        es=timing.earned_schedule if timing is not None else None,
        spi_t=timing.spi_t if timing is not None else None,
        forecast_finish=timing.forecast_finish if timing is not None else None,
    )


def export_project(session: Session, project: Project, computed: bool = True) -> d.Project:
    """One stored project as a document project (``computed``: with the engine's values and
    the earned value)."""
    rows = read_plan_rows(session, project.id)  # once, for the engine and the document
    values = _computed(session, project.id, rows) if computed else None
    assignments = doc_resources.assignments_by_task(session, project.id)
    calendar, tasks, baselines, doc_ids = doc_plan.export_plan(
        session, project, rows, values, assignments
    )
    return project_document(session, project, calendar, tasks, baselines, doc_ids, computed)


def project_document(
    session: Session,
    project: Project,
    calendar: d.Calendar,
    tasks: tuple[d.Task, ...],
    baselines: tuple[d.Baseline, ...],
    doc_ids: dict[int, int],
    computed: bool,
) -> d.Project:
    """The document project of ``project`` around its exported plan (``doc_ids``: database
    task id -> document id): its RAID logs, vendors, runbooks, governance and (``computed``)
    earned value read here."""
    raid = doc_risks.export_risks(session, project, doc_ids)
    vendors, budget = doc_vendors.export_vendors(session, project, doc_ids)
    return d.Project(
        name=project.name,
        currency=project.currency,
        start=project.start,
        status_date=project.status_date,
        reschedule_after_status=bool(project.reschedule_after_status),
        manager=project.manager,
        description=project.description,
        calendar=calendar,
        tasks=tasks,
        baselines=baselines,
        risks=raid.risks,
        issues=raid.issues,
        assumptions=raid.assumptions,
        change_requests=raid.change_requests,
        decisions=raid.decisions,
        risk_settings=raid.risk_settings,
        dependencies=raid.dependencies,
        vendors=vendors,
        budget=budget,
        earned_value=_earned_value(session, project.id) if computed else None,
        runbooks=doc_runbooks.export_runbooks(session, project, doc_ids),
        **doc_governance.export_governance(session, project),
    )


def exported_projects(session: Session, project_names: list[str] | None) -> list[Project]:
    """The workspace's projects by name (only those named, when names are given); a
    DocumentError names those missing."""
    query = select(Project).order_by(Project.name)
    if project_names:
        query = query.where(Project.name.in_(project_names))
    projects = list(session.scalars(query))
    if project_names:
        missing = set(project_names) - {p.name for p in projects}
        if missing:
            raise DocumentError(f"No project named {', '.join(sorted(missing))!r} here")
    return projects


def workspace_around(
    session: Session, projects: list[Project], exported: tuple[d.Project, ...]
) -> d.Document:
    """The document of the exported ``projects``: with the resources and base calendars
    they use and the workspace's shared governance records."""
    resources, base_calendars = doc_resources.export_pool(session, (p.id for p in projects))
    windows, template = doc_governance.export_shared(session)
    return d.Document(
        projects=exported,
        generator=f"InfraDesk {__version__}",
        resources=resources,
        base_calendars=base_calendars,
        change_windows=windows,
        handover_template=template,
    )


def workspace_document(
    session: Session, project_names: list[str] | None = None, computed: bool = True
) -> d.Document:
    """The workspace (or the named projects) as a typed document."""
    projects = exported_projects(session, project_names)
    with gc_paused():  # ~40 objects per task and no cycles: collections would only cost time
        exported = tuple(export_project(session, project, computed) for project in projects)
    return workspace_around(session, projects, exported)


def export_document(
    session: Session, project_names: list[str] | None = None, computed: bool = True
) -> dict[str, Any]:
    """The workspace (or the named projects) as the JSON value of the interchange format."""
    return document_to_json(workspace_document(session, project_names, computed))


# ---------------------------------------------------------------- import


def check_document(document: Any) -> None:
    """Refuse what is not an interchange document (typed, or in its JSON shape)."""
    if isinstance(document, d.Document):
        if document.version > FORMAT_VERSION:
            raise DocumentError(
                f"This document is format version {document.version}; this InfraDesk reads "
                f"up to version {FORMAT_VERSION}."
            )
        return
    as_document(document)


def unique_project_name(session: Session, wanted: str) -> str:
    taken = set(session.scalars(select(Project.name)))
    name, number = wanted.strip() or "Imported project", 2
    candidate = name
    while candidate in taken:
        candidate = f"{name} ({number})"
        number += 1
    return candidate


def _start(data: d.Project) -> datetime:
    if data.start is not None:
        return data.start
    starts = [t.start for t in data.tasks if t.start is not None]
    return min(starts, default=None) or datetime.now().replace(
        hour=8, minute=0, second=0, microsecond=0
    )


def _schedule(
    data: d.Project,
    start: datetime,
    checked: DocumentSchedule | None,
    pool: DocumentPool | None = None,
) -> ScheduleResult | Exception:
    """The engine's run over ``data`` (the reader's when it fits), or the error that
    prevents it (raised by the caller once the rest of the document has been checked)."""
    try:
        if checked is not None and checked.project is data and checked.plan.project_start == start:
            # the reader's run over this very project (``fits`` without building the input
            # again); the task calendars the import stores must still be usable
            if pool is not None:
                task_clocks(data, pool)
            return checked.result
        plan = plan_input(data, start, working_calendar(data.calendar), pool)
        if checked is not None and checked.fits(data, plan):
            return checked.result
        return schedule(plan)
    except (CycleError, CalendarError, ValueError) as error:  # ValueError: no common time
        return error


def import_project(
    session: Session,
    data: d.Project,
    where: str,
    name: str | None = None,
    checked: DocumentSchedule | None = None,
    pool: doc_resources.ImportedPool | None = None,
) -> Project:
    """Create one scheduled project from its document part and return it; ``pool`` (the
    document's resources matched with the workspace's) gives its tasks their assignments and
    their owners (the primary assignees)."""
    start = _start(data)
    project = Project(
        name=unique_project_name(session, name or data.name),
        currency=(data.currency or "EUR")[:3],
        start=start,
        status_date=data.status_date,
        reschedule_after_status=data.reschedule_after_status,
        manager=data.manager,
        description=data.description,
    )
    session.add(project)
    session.flush()
    try:
        doc_plan.import_calendar(session, project, data.calendar)
    except CalendarError as error:
        raise DocumentError(f"{where}.calendar: {error}") from error
    doc_plan.check_plan(data, where)
    calendars = doc_resources.task_calendars(data, pool, where) if pool is not None else {}
    scheduled = _schedule(data, start, checked, pool.document if pool is not None else None)
    reused = checked is not None and scheduled is checked.result  # with its dates
    task_ids = doc_plan.import_plan(
        session,
        project,
        data,
        where,
        scheduled if isinstance(scheduled, ScheduleResult) else None,
        calendars,
        doc_resources.owners(data, pool) if pool is not None else None,
        checked=True,
        dates=checked.start_finish() if reused and checked is not None else None,
    )
    if pool is not None:
        rolled = (
            {t.id: scheduled.duration_and_percent(t.id)[0] for t in data.tasks
             if scheduled.is_summary(t.id)}
            if isinstance(scheduled, ScheduleResult) else None
        )  # fmt: skip
        doc_resources.import_assignments(session, data, task_ids, pool, where, rolled)
    meetings = doc_governance.import_governance(session, project, data, where)
    doc_risks.import_risks(session, project, data, task_ids, where, meetings)
    doc_vendors.import_vendors(session, project, data, task_ids, where)
    doc_runbooks.import_runbooks(session, project, data, task_ids, pool, where)
    if isinstance(scheduled, Exception):
        raise DocumentError(f"{where} ('{project.name}'): {scheduled}") from scheduled
    return project


def import_document(
    session: Session,
    document: d.Document | Mapping[str, Any],
    project_name: str | None = None,
    schedules: Mapping[int, DocumentSchedule] | None = None,
) -> list[int]:
    """Write every project of ``document`` as a new project; returns their ids.

    ``document`` is typed, or the JSON shape (converted at the JSON edge, errors located).
    ``schedules`` are engine runs a reader made over the same projects (by index), reused.
    Runs inside the caller's transaction, so a DocumentError part-way leaves nothing behind.
    """
    return import_document_pool(session, document, project_name, schedules)[0]


def import_document_pool(
    session: Session,
    document: d.Document | Mapping[str, Any],
    project_name: str | None = None,
    schedules: Mapping[int, DocumentSchedule] | None = None,
) -> tuple[list[int], doc_resources.ImportedPool]:
    """:func:`import_document`, also returning the resources (and base calendars) the import
    matched and created: undoing the import removes the created ones."""
    typed = as_document(document)
    check_document(typed)
    pool = doc_resources.import_pool(session, typed)
    shared = doc_governance.import_shared(session, typed)
    pool.created_windows, pool.created_template_items = shared.windows, shared.template_items
    ids = []
    with gc_paused():  # the engine input, its run and the rows: many objects, few cycles
        for index, data in enumerate(typed.projects):
            name = project_name if project_name and index == 0 else None
            checked = (schedules or {}).get(index)
            project = import_project(session, data, f"projects[{index}]", name, checked, pool)
            ids.append(project.id)
    import_external(session, typed, ids)  # cross-project links, once every project is stored
    doc_resources.link_vendors(session, pool)
    return ids, pool

