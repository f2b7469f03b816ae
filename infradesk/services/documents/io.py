"""The whole interchange document (docs/json-format.md) <-> the workspace.

Every importer (JSON, Excel, MSPDI, GanttProject, Planner) produces a document; this module is
the single writer that puts one into the workspace, inside the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from infradesk import __version__
from infradesk.interchange.isodates import datetime_to_iso, iso_to_datetime
from infradesk.model import Project
from infradesk.schedule.calendar import CalendarError
from infradesk.schedule.engine import CycleError
from infradesk.services.documents import plan as doc_plan
from infradesk.services.documents import risks as doc_risks
from infradesk.services.documents import vendors as doc_vendors
from infradesk.services.documents.plan import DocumentError
from infradesk.services.plan import scheduling

FORMAT_NAME = "infradesk"
FORMAT_VERSION = 1

SectionExporter = Callable[[Session, Project, dict[int, int]], dict[str, Any]]
SectionImporter = Callable[[Session, Project, dict[str, Any], dict[int, int], str], None]

# Each domain contributes its own part of a project document (risks, vendors...).
SECTION_EXPORTERS: list[SectionExporter] = [doc_risks.export_risks, doc_vendors.export_vendors]
SECTION_IMPORTERS: list[SectionImporter] = [doc_risks.import_risks, doc_vendors.import_vendors]


def export_project(session: Session, project: Project, computed: bool = True) -> dict[str, Any]:
    fields = scheduling.computed_fields(session, project.id) if computed else None
    plan, doc_ids = doc_plan.export_plan(session, project, fields)
    document: dict[str, Any] = {
        "name": project.name,
        "currency": project.currency,
        "start": datetime_to_iso(project.start),
        "status_date": datetime_to_iso(project.status_date),
        "manager": project.manager,
        "description": project.description,
        **plan,
    }
    for exporter in SECTION_EXPORTERS:
        document.update(exporter(session, project, doc_ids))
    return document


def export_document(
    session: Session, project_names: list[str] | None = None, computed: bool = True
) -> dict[str, Any]:
    """The workspace (or the named projects) as an interchange document."""
    query = select(Project).order_by(Project.name)
    if project_names:
        query = query.where(Project.name.in_(project_names))
    projects = list(session.scalars(query))
    if project_names:
        missing = set(project_names) - {p.name for p in projects}
        if missing:
            raise DocumentError(f"No project named {', '.join(sorted(missing))!r} here")
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "generator": f"InfraDesk {__version__}",
        "projects": [export_project(session, project, computed) for project in projects],
    }


def check_document(document: Any) -> None:
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise DocumentError('This is not an InfraDesk document (no "format": "infradesk").')
    version = document.get("version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise DocumentError(
            f"This document is format version {version}; this InfraDesk reads up to "
            f"version {FORMAT_VERSION}."
        )
    if not isinstance(document.get("projects"), list):
        raise DocumentError('"projects" must be a list.')


def unique_project_name(session: Session, wanted: str) -> str:
    taken = set(session.scalars(select(Project.name)))
    name, number = wanted.strip() or "Imported project", 2
    candidate = name
    while candidate in taken:
        candidate = f"{name} ({number})"
        number += 1
    return candidate


def import_project(
    session: Session, data: dict[str, Any], where: str, name: str | None = None
) -> Project:
    """Create one project from its document part, schedule it, and return it."""
    start = iso_to_datetime(data.get("start"))
    if start is None:
        starts = [iso_to_datetime(t.get("start")) for t in data.get("tasks", []) if t.get("start")]
        start = min((s for s in starts if s), default=None) or datetime.now().replace(
            hour=8, minute=0, second=0, microsecond=0
        )
    project = Project(
        name=unique_project_name(session, name or str(data.get("name") or "")),
        currency=str(data.get("currency") or "EUR")[:3],
        start=start,
        status_date=iso_to_datetime(data.get("status_date")),
        manager=str(data.get("manager") or ""),
        description=str(data.get("description") or ""),
    )
    session.add(project)
    session.flush()
    try:
        doc_plan.import_calendar(session, project, data.get("calendar"))
    except CalendarError as error:
        raise DocumentError(f"{where}.calendar: {error}") from error
    task_ids = doc_plan.import_plan(session, project, data, where)
    for importer in SECTION_IMPORTERS:
        importer(session, project, data, task_ids, where)
    try:
        scheduling.reschedule(session, project.id)
    except (CycleError, CalendarError) as error:
        raise DocumentError(f"{where} ('{project.name}'): {error}") from error
    return project


def import_document(
    session: Session, document: dict[str, Any], project_name: str | None = None
) -> list[int]:
    """Write every project of ``document`` as a new project; returns their ids.

    Runs inside the caller's transaction, so a DocumentError part-way leaves nothing behind.
    """
    check_document(document)
    ids = []
    for index, data in enumerate(document["projects"]):
        if not isinstance(data, dict):
            raise DocumentError(f"projects[{index}] must be an object")
        name = project_name if project_name and index == 0 else None
        ids.append(import_project(session, data, f"projects[{index}]", name).id)
    return ids
