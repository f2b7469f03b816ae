"""Every command says what it changed: the Changes record of do, undo and redo."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from infradesk.model import Project, Task
from infradesk.services.changes import Changes
from infradesk.services.plan.field_edits import UpdateTask
from infradesk.services.plan.link_edits import LinkTasks
from infradesk.services.plan.outline_edits import DeleteTasks, InsertTask
from infradesk.services.plan.projects import RenameProject
from infradesk.services.plan.task_edit import TaskChanges


def make_plan(workspace) -> tuple[int, list[int]]:
    """A project with three one-day tasks linked A -> B; C unlinked."""
    with workspace.session() as s:
        project = Project(name="P", start=datetime(2026, 3, 2, 8, 0))
        s.add(project)
        s.flush()
        pid = project.id
    ids: list[int] = []
    for name in ("A", "B", "C"):
        insert = InsertTask(pid, ids[-1] if ids else None, name, 480)
        insert.apply(workspace)
        assert insert.task_id is not None
        ids.append(insert.task_id)
    LinkTasks(pid, ids[0], ids[1]).apply(workspace)
    return pid, ids


def test_a_field_edit_names_its_task_the_moved_ones_and_their_fields(workspace) -> None:
    pid, (a, b, _c) = make_plan(workspace)
    edit = UpdateTask(pid, a, {"duration_minutes": 960, "owner": "Kim"}, "Edit A")

    done = edit.apply(workspace)
    assert isinstance(done, TaskChanges)
    assert done.kinds == frozenset({"tasks"}) and done.project_id == pid
    assert done.changed_ids == {a} and not done.structural and done.precise
    assert done.rescheduled_ids is not None and b in done.rescheduled_ids
    assert done.schedule is not None and done.schedule[b].early_start == datetime(2026, 3, 4, 8)
    (fields,) = done.rows or ()
    assert (fields.id, fields.duration_minutes, fields.owner) == (a, 960, "Kim")

    undone = edit.revert(workspace)  # the same kinds and ids, the fields as they were
    assert isinstance(undone, TaskChanges) and undone.changed_ids == {a}
    (fields,) = undone.rows or ()
    assert (fields.duration_minutes, fields.owner) == (480, "")
    assert undone.schedule is not None
    assert undone.schedule[b].early_start == datetime(2026, 3, 3, 8)

    redone = edit.apply(workspace)
    assert redone.changed_ids == {a} and (redone.rows or ())[0].owner == "Kim"


def test_the_fields_come_from_the_journal_as_a_query_would_read_them(workspace) -> None:
    pid, (a, _b, _c) = make_plan(workspace)
    snet = datetime(2026, 3, 10, 8, 0)
    changes = UpdateTask(pid, a, {"start_no_earlier_than": snet, "milestone": True}).apply(
        workspace
    )
    assert isinstance(changes, TaskChanges)
    (fields,) = changes.rows or ()
    with workspace.read_session() as s:
        stored = s.execute(
            # the Gantt's start-no-earlier-than is stored as an SNET constraint (issue 15)
            select(Task.constraint_date, Task.milestone, Task.percent_complete).where(
                Task.id == a
            )
        ).one()
    assert (fields.start_no_earlier_than, fields.milestone, fields.percent_complete) == tuple(
        stored
    )
    assert isinstance(fields.start_no_earlier_than, datetime) and fields.milestone is True


def test_structural_edits_say_so_with_the_rows_they_touch(workspace) -> None:
    pid, (a, b, c) = make_plan(workspace)
    insert = InsertTask(pid, a, "New", 480)
    changes = insert.apply(workspace)
    assert isinstance(changes, TaskChanges) and changes.structural
    assert changes.changed_ids == {insert.task_id} and changes.focus_id == insert.task_id
    delete = DeleteTasks(pid, [b, c])
    assert delete.apply(workspace).changed_ids == {b, c}
    restored = delete.revert(workspace)
    assert restored.structural and restored.changed_ids == {b, c}


def test_other_commands_get_a_default_the_views_reload_from(workspace) -> None:
    pid, _ids = make_plan(workspace)
    changes = RenameProject(pid, "Renamed").apply(workspace)
    assert type(changes) is Changes
    assert changes == Changes(frozenset({"projects"}), pid)
    assert not changes.precise and changes.touches("projects", "tasks")
    assert not changes.touches("risks")
