"""The JSON export of a workspace, written from its stored columns (issue 22).

``infradesk export`` to JSON used to build the whole typed document first: a frozen
``d.Task`` per task and a ``ComputedSchedule`` from a full ``TaskSchedule`` entry per task,
most of a 100,000-task export's time. Here each project's tasks are read once as columns,
scheduled once, and handed to the writer as columns (``task_table``), their computed values
taken from the engine's positions as columns (``schedule.computed_columns``); the rest of
the document (calendars, baselines, RAID logs, vendors, runbooks, governance) is built as
``io.workspace_document`` builds it. The text is the one
``json_task_text.document_text(workspace_document(...))`` gives (tests compare both).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from infradesk.interchange import document as d
from infradesk.interchange.json_task_text import document_text_parts
from infradesk.interchange.task_columns import TaskColumns
from infradesk.model import Project
from infradesk.schedule.engine import schedule
from infradesk.schedule.gc_pause import gc_paused
from infradesk.services.documents import plan as doc_plan
from infradesk.services.documents import resources as doc_resources
from infradesk.services.documents.io import exported_projects, project_document, workspace_around
from infradesk.services.documents.plan_rows import plan_input_of_columns, read_plan_columns
from infradesk.services.documents.task_table import outline_rows, task_table


def project_with_table(
    session: Session, project: Project, computed: bool = True
) -> tuple[d.Project, TaskColumns]:
    """``io.export_project`` with the tasks as columns (the document project's ``tasks``
    left empty)."""
    columns = read_plan_columns(session, project.id)  # once, for the engine and the text
    order = columns.by_position()
    outline = outline_rows(columns, order)
    # the engine's values do not depend on its tasks' order, only on each summary's children
    # in order, alike in both: given in document order (when that holds every task), the
    # engine reads its lists front to back and its columns come in the document's order
    engine_order = outline[0] if len(outline[0]) == len(order) else order
    result = (
        schedule(plan_input_of_columns(session, project.id, columns, engine_order))
        if computed
        else None
    )
    assignments = doc_resources.assignments_by_task(session, project.id)
    table, doc_ids = task_table(session, project.id, columns, outline, result, assignments)
    baselines = doc_plan.export_baselines(session, project.id, doc_ids)
    calendar = doc_plan.export_calendar(project.calendar)
    exported = project_document(session, project, calendar, (), baselines, doc_ids, computed)
    return exported, table


def workspace_tables(
    session: Session, project_names: list[str] | None = None, computed: bool = True
) -> tuple[d.Document, list[TaskColumns]]:
    """The workspace (or the named projects) as a document without tasks, and each
    project's tasks as columns (in the document's project order)."""
    projects = exported_projects(session, project_names)
    with gc_paused():  # a dozen lists of 100,000 entries per plan and no cycles
        parts = [project_with_table(session, project, computed) for project in projects]
    document = workspace_around(session, projects, tuple(project for project, _ in parts))
    return document, [table for _, table in parts]


def workspace_json(
    session: Session, project_names: list[str] | None = None, computed: bool = True
) -> tuple[list[str], int]:
    """The workspace (or the named projects) as the interchange format's JSON text in parts
    to be written one after the other (``document_text(workspace_document(session,
    project_names, computed))``), and the number of projects in it."""
    # one pause for the whole: its objects (a few hundred thousand per 100,000-task plan,
    # no cycles) are all gone when it ends, else the first collection after a pause would
    # walk every one still held
    with gc_paused():
        document, tables = workspace_tables(session, project_names, computed)
        parts = document_text_parts(document, tables)
        count = len(document.projects)
        del document, tables
    return parts, count
