"""A runbook to and from files: a cutover checklist read from .xlsx/.csv into a project (one
undoable command), and one runbook written as a workbook with its planned times and runs."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from infradesk.interchange import document as d
from infradesk.interchange import runbook_document as rb
from infradesk.interchange.runbook_sheet import RunbookSheetResult, read_runbook_sheet
from infradesk.interchange.runbook_xlsx import write_runbook_workbook
from infradesk.model import Project, Resource
from infradesk.model.runbook import Runbook
from infradesk.services.documents.runbooks import export_runbooks, import_runbooks
from infradesk.services.runbooks.commands import RunbookCommand
from infradesk.services.runbooks.errors import RunbookEditError
from infradesk.services.runbooks.reports import write_atomically
from infradesk.services.runbooks.view import runbook_view
from infradesk.store.workspace import Workspace


def read_checklist(
    path: Path, name: str, time_zone: str, window_start: datetime | None = None
) -> RunbookSheetResult:
    """Read a cutover checklist (see :mod:`infradesk.interchange.runbook_sheet`); nothing is
    written. Raises :class:`~infradesk.interchange.problems.UnreadableFileError`."""
    return read_runbook_sheet(path, name=name, time_zone=time_zone, window_start=window_start)


class ImportRunbook(RunbookCommand):
    """Store a runbook read from a file in a project, as a new runbook (a name already used
    gets " (2)"); owners not in the pool join it as people, as an import's task owners do."""

    def __init__(self, project_id: int, runbook: rb.Runbook) -> None:
        self.project_id = project_id
        self.runbook = runbook
        self.runbook_id: int | None = None
        self.text = f"Import runbook '{runbook.name}'"

    def do(self, session: Session) -> None:
        project = session.get(Project, self.project_id)
        if project is None:
            raise RunbookEditError("That project no longer exists.")
        runbook = self.runbook
        taken = {
            n.casefold()
            for n in session.scalars(select(Runbook.name).where(Runbook.project_id == project.id))
        }
        name, number = runbook.name.strip() or "Runbook", 1
        while name.casefold() in taken:
            number += 1
            name = f"{runbook.name.strip()} ({number})"
        _add_missing_owners(session, runbook)
        data = d.Project(name=project.name, runbooks=(_renamed(runbook, name),))
        (self.runbook_id,) = import_runbooks(session, project, data, {}, None, runbook.time_zone)


def _renamed(runbook: rb.Runbook, name: str) -> rb.Runbook:
    return replace(runbook, name=name, task=None) if name != runbook.name else runbook


def _add_missing_owners(session: Session, runbook: rb.Runbook) -> None:
    names = {
        n.strip() for step in runbook.steps for n in (step.owner, step.backup_owner) if n.strip()
    }
    if not names:
        return
    known = {
        n.casefold() for n in session.scalars(
            select(Resource.name).where(func.lower(Resource.name).in_([n.lower() for n in names]))
        )
    }  # fmt: skip
    missing = sorted({n for n in names if n.casefold() not in known}, key=str.casefold)
    if missing:
        session.execute(insert(Resource), [{"name": n[:200], "kind": "work"} for n in missing])


def runbook_record(workspace: Workspace, runbook_id: int) -> rb.Runbook:
    """One runbook as an interchange record (steps, services, runs)."""
    with workspace.read_session() as session:
        row = session.get(Runbook, runbook_id)
        if row is None:
            raise RunbookEditError("That runbook no longer exists.")
        project = session.get(Project, row.project_id)
        assert project is not None
        position = [
            r for r in session.scalars(
                select(Runbook.id).where(Runbook.project_id == project.id)
                .order_by(Runbook.position, Runbook.id)
            )
        ].index(runbook_id)  # fmt: skip
        return export_runbooks(session, project, {})[position]


def write_runbook_xlsx(workspace: Workspace, runbook_id: int, path: Path) -> Path:
    """The runbook as a workbook (steps with their planned times, then every run), written
    atomically."""
    record = runbook_record(workspace, runbook_id)
    view = runbook_view(workspace, runbook_id)
    planned = {
        step.code: (timing.planned_start, timing.planned_finish)
        for step, timing in zip(view.steps, view.timings, strict=True)
        if timing.planned_start is not None and timing.planned_finish is not None
    }
    write_atomically(path, lambda temporary: write_runbook_workbook(
        record, Path(temporary), planned=planned
    ), suffix=".xlsx")
    return path
