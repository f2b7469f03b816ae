"""What the main window, the dialogs and the import wizard read about projects, each call in
one read transaction of the workspace (the UI never holds a session)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from infradesk.interchange.document import Project as DocumentProject
from infradesk.model import Project
from infradesk.services.documents.update import UpdatePlan, plan_update
from infradesk.services.plan.projects import ProjectSummary, count_tasks, list_projects
from infradesk.store.workspace import Workspace


def project_list(workspace: Workspace) -> list[ProjectSummary]:
    """The workspace's projects (id and name), as the project selector lists them."""
    with workspace.read_session() as session:
        return list_projects(session)


def task_count(workspace: Workspace, project_id: int) -> int:
    with workspace.read_session() as session:
        return count_tasks(session, project_id)


def project_name(workspace: Workspace, project_id: int) -> str | None:
    """The project's name, or None when there is no such project."""
    with workspace.read_session() as session:
        return session.scalar(select(Project.name).where(Project.id == project_id))


def project_currency(workspace: Workspace, project_id: int) -> str:
    """The project's currency code ("" when there is no such project)."""
    with workspace.read_session() as session:
        return session.scalar(select(Project.currency).where(Project.id == project_id)) or ""


def update_plan_of(
    workspace: Workspace, project_id: int, project_doc: DocumentProject | dict[str, Any]
) -> UpdatePlan:
    """What updating ``project_id`` from an imported project would change (writes nothing)."""
    with workspace.read_session() as session:
        return plan_update(session, project_id, project_doc)
