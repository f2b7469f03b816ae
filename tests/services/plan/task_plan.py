"""A small stored plan and the checks the task edit tests share."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from infradesk.model import Dependency, Project, Task
from infradesk.services.changes import Changes
from infradesk.services.plan.link_edits import LinkTasks
from infradesk.services.plan.outline import load_outline
from infradesk.services.plan.outline_edits import InsertTask
from tests.rows import content


def dump(workspace) -> tuple:
    with workspace.session() as s:
        tasks = sorted(tuple(r) for r in s.execute(content(Task)))
        links = sorted(tuple(r) for r in s.execute(content(Dependency)))
    return tasks, links


def project_id(workspace) -> int:
    with workspace.session() as s:
        return s.scalar(select(Project.id))


def outline(workspace):
    with workspace.session() as s:
        return load_outline(s, project_id(workspace))


def check_exact_undo(workspace, command) -> Changes:
    """Apply, undo and redo ``command``; returns what the redo changed."""
    before = dump(workspace)
    command.apply(workspace)
    after = dump(workspace)
    assert after != before
    command.revert(workspace)
    assert dump(workspace) == before
    changes = command.apply(workspace)  # redo gives the same rows, same ids
    assert dump(workspace) == after
    return changes


@pytest.fixture
def plan(workspace):
    """A small plan: Phase(A, B, C), D; links A->B FS."""
    with workspace.session() as s:
        project = Project(name="P", start=datetime(2026, 3, 2, 8, 0))
        s.add(project)
        s.flush()
        pid = project.id
    names = {}
    for name, after in (("Phase", None), ("D", "Phase")):
        cmd = InsertTask(pid, names.get(after), name, 480)
        cmd.apply(workspace)
        names[name] = cmd.task_id
    for name, after, child in (("A", "Phase", True), ("B", "A", False), ("C", "B", False)):
        cmd = InsertTask(pid, names[after], name, 960, as_child=child)
        cmd.apply(workspace)
        names[name] = cmd.task_id
    LinkTasks(pid, names["A"], names["B"]).apply(workspace)
    return pid, names
