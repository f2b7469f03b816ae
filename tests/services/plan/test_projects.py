"""Project commands apply, undo and redo exactly."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from infradesk.model import Dependency, Project, Risk, Task, Vendor
from infradesk.services.plan.projects import (
    CreateProject,
    DeleteProject,
    ProjectError,
    RenameProject,
    list_projects,
)
from infradesk.store.workspace import Workspace


def names(workspace: Workspace) -> list[str]:
    with workspace.session() as session:
        return [p.name for p in list_projects(session)]


def counts(workspace: Workspace) -> tuple[int, int, int, int]:
    with workspace.session() as session:
        return tuple(  # type: ignore[return-value]
            session.scalar(select(func.count()).select_from(model))
            for model in (Task, Dependency, Risk, Vendor)
        )


def test_create_undo_redo(workspace: Workspace) -> None:
    command = CreateProject("Network refresh")
    command.apply(workspace)
    assert names(workspace) == ["Network refresh"]
    with workspace.session() as session:
        project = session.get(Project, command.project_id)
        assert project is not None and project.calendar is not None
        assert project.start.weekday() == 0 and project.start.hour == 8
    command.revert(workspace)
    assert names(workspace) == []
    command.apply(workspace)
    assert names(workspace) == ["Network refresh"]


def test_rename_validates_and_undoes(workspace: Workspace) -> None:
    CreateProject("A").apply(workspace)
    second = CreateProject("B")
    second.apply(workspace)
    with pytest.raises(ProjectError, match="already a project named 'A'"):
        RenameProject(second.project_id, "A").apply(workspace)
    with pytest.raises(ProjectError, match="needs a name"):
        RenameProject(second.project_id, "   ").apply(workspace)
    rename = RenameProject(second.project_id, "Cloud landing zone")
    rename.apply(workspace)
    assert names(workspace) == ["A", "Cloud landing zone"]
    rename.revert(workspace)
    assert names(workspace) == ["A", "B"]


def test_delete_restores_everything_on_undo(demo_workspace: Workspace) -> None:
    before = counts(demo_workspace)
    assert before[0] == 60 and before[1] > 50 and before[2] >= 12 and before[3] >= 6
    with demo_workspace.session() as session:
        project = session.scalars(select(Project)).one()
        project_id, name = project.id, project.name
    delete = DeleteProject(project_id, name)
    delete.apply(demo_workspace)
    assert names(demo_workspace) == []
    assert counts(demo_workspace) == (0, 0, 0, 0)
    delete.revert(demo_workspace)
    assert names(demo_workspace) == [name]
    assert counts(demo_workspace) == before
    delete.apply(demo_workspace)  # redo
    assert counts(demo_workspace) == (0, 0, 0, 0)
