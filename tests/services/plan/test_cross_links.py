"""Cross-project links: the successor's project schedules with the external predecessor, a
slip propagates inside the same command, undo restores every project, loops are refused."""

from __future__ import annotations

from datetime import datetime
from itertools import pairwise

import pytest
from sqlalchemy import select

from infradesk.model import ChangeWindow, CrossLink, Dependency, Project, Task
from infradesk.services.plan.cross_link_edits import CrossProjectLoop, SetExternalPredecessors
from infradesk.services.plan.errors import TaskEditError
from infradesk.services.plan.external_text import SetPredecessorsText
from infradesk.services.plan.field_edits import UpdateTask
from infradesk.services.plan.link_edits import LinkTasks, SetPredecessors, UnlinkTasks
from infradesk.services.plan.outline import load_outline
from infradesk.services.plan.outline_edits import DeleteTasks, InsertTask
from infradesk.services.plan.projects import DeleteProject
from infradesk.services.plan.propagation import reschedule_all
from infradesk.services.plan.scheduling import reschedule
from infradesk.services.plan.task_edit import TaskChanges
from tests.rows import content


def _project(workspace, name: str, tasks: list[tuple[str, int]], start: datetime) -> tuple:
    """A project of chained tasks (FS); returns its id and the task ids by name."""
    with workspace.session() as s:
        project = Project(name=name, start=start)
        s.add(project)
        s.flush()
        pid = project.id
    ids: dict[str, int] = {}
    after = None
    for task_name, minutes in tasks:
        cmd = InsertTask(pid, after, task_name, minutes)
        cmd.apply(workspace)
        ids[task_name] = after = cmd.task_id
    names = [n for n, _m in tasks]
    for a, b in pairwise(names):
        LinkTasks(pid, ids[a], ids[b]).apply(workspace)
    return pid, ids


def _dates(workspace, task_id: int) -> tuple[datetime, datetime]:
    with workspace.session() as s:
        return s.execute(select(Task.start, Task.finish).where(Task.id == task_id)).one()


def _all_rows(workspace) -> tuple:
    with workspace.session() as s:
        tasks = sorted(tuple(r) for r in s.execute(content(Task)))
        links = sorted(tuple(r) for r in s.execute(content(Dependency)))
        cross = sorted(tuple(r) for r in s.execute(content(CrossLink)))
    return tasks, links, cross


@pytest.fixture
def two(workspace):
    """Wave 1 (Build 2d -> Cutover 1d) and Wave 2 (Prepare 1d -> Test 2d), both from Mon 2 Mar
    2026; Wave 2's Test has no external predecessor yet."""
    start = datetime(2026, 3, 2, 8, 0)
    a, a_ids = _project(workspace, "Wave 1", [("Build", 960), ("Cutover", 480)], start)
    b, b_ids = _project(workspace, "Wave 2", [("Prepare", 480), ("Test", 960)], start)
    return a, a_ids, b, b_ids


def test_a_slip_propagates_in_the_same_command_and_undo_restores_both(workspace, two) -> None:
    a, a_ids, b, b_ids = two
    SetExternalPredecessors(b, b_ids["Prepare"], [(a_ids["Cutover"], "FS", 0)]).apply(workspace)
    # Cutover finishes Wed 4 Mar 17:00: Prepare starts Thu 08:00, Test Fri 08:00
    assert _dates(workspace, b_ids["Prepare"])[0] == datetime(2026, 3, 5, 8, 0)
    assert _dates(workspace, b_ids["Test"])[0] == datetime(2026, 3, 6, 8, 0)
    before = _all_rows(workspace)
    edit = UpdateTask(a, a_ids["Build"], {"duration_minutes": 480 * 4})
    changes = edit.apply(workspace)
    assert isinstance(changes, TaskChanges)
    assert changes.other_project_ids == frozenset({b})
    assert changes.touches_project(b)
    # Build is 2 days longer: Cutover finishes Fri 6 Mar, Prepare Mon 9, Test Tue 10
    assert _dates(workspace, b_ids["Prepare"])[0] == datetime(2026, 3, 9, 8, 0)
    assert _dates(workspace, b_ids["Test"])[0] == datetime(2026, 3, 10, 8, 0)
    edit.revert(workspace)
    assert _all_rows(workspace) == before
    edit.apply(workspace)
    assert _dates(workspace, b_ids["Test"])[0] == datetime(2026, 3, 10, 8, 0)


@pytest.mark.parametrize(
    ("kind", "lag", "start"),
    [
        # Cutover runs Wed 4 Mar 08:00-17:00 (Build: Mon-Tue)
        ("FS", 0, datetime(2026, 3, 5, 8, 0)),
        ("FS", 960, datetime(2026, 3, 9, 8, 0)),  # +2d: Thu, Fri pass -> Mon
        ("FS", -240, datetime(2026, 3, 4, 13, 0)),  # -4h
        ("SS", 240, datetime(2026, 3, 4, 13, 0)),  # start + 4h
        ("FF", 0, datetime(2026, 3, 4, 8, 0)),  # Prepare (1d) finishes with Cutover
        ("FF", 480, datetime(2026, 3, 5, 8, 0)),
        ("SF", 480, datetime(2026, 3, 4, 8, 0)),  # finish >= start + 1d
        ("SF", 960, datetime(2026, 3, 5, 8, 0)),
    ],
)
def test_every_link_type_with_lag(workspace, two, kind: str, lag: int, start: datetime) -> None:
    _a, a_ids, b, b_ids = two
    SetExternalPredecessors(b, b_ids["Prepare"], [(a_ids["Cutover"], kind, lag)]).apply(workspace)
    assert _dates(workspace, b_ids["Prepare"])[0] == start


def test_the_same_bounds_as_an_internal_link(workspace, two) -> None:
    """An external link gives its successor the dates an internal link of that type would."""
    a, a_ids, b, b_ids = two
    SetExternalPredecessors(b, b_ids["Prepare"], [(a_ids["Build"], "SF", 720)]).apply(workspace)
    external = _dates(workspace, b_ids["Prepare"])
    inside = InsertTask(a, a_ids["Cutover"], "Twin", 480)
    inside.apply(workspace)
    LinkTasks(a, a_ids["Build"], inside.task_id, "SF", 720).apply(workspace)
    assert _dates(workspace, inside.task_id) == external


def test_a_loop_across_projects_is_refused_and_named(workspace, two) -> None:
    a, a_ids, b, b_ids = two
    SetExternalPredecessors(b, b_ids["Prepare"], [(a_ids["Build"], "FS", 0)]).apply(workspace)
    before = _all_rows(workspace)
    with pytest.raises(CrossProjectLoop) as error:
        SetExternalPredecessors(a, a_ids["Build"], [(b_ids["Test"], "FS", 0)]).apply(workspace)
    assert str(error.value).endswith(
        "Wave 2: 2 Test → Wave 1: 1 Build → Wave 2: 1 Prepare → Wave 2: 2 Test"
    )
    assert _all_rows(workspace) == before
    # linked both ways through tasks that form no loop: allowed, and both settle
    SetExternalPredecessors(a, a_ids["Cutover"], [(b_ids["Prepare"], "SS", 0)]).apply(workspace)
    assert _dates(workspace, a_ids["Cutover"])[0] >= _dates(workspace, b_ids["Prepare"])[0]


def test_an_external_predecessor_in_the_same_project_is_refused(workspace, two) -> None:
    a, a_ids, _b, _b_ids = two
    with pytest.raises(Exception, match="in this project"):
        SetExternalPredecessors(a, a_ids["Cutover"], [(a_ids["Build"], "FS", 0)]).apply(workspace)


def test_deleting_a_linked_task_cleans_the_link_and_undo_restores_it(workspace, two) -> None:
    a, a_ids, b, b_ids = two
    SetExternalPredecessors(b, b_ids["Prepare"], [(a_ids["Cutover"], "FS", 480)]).apply(workspace)
    before = _all_rows(workspace)
    delete = DeleteTasks(a, [a_ids["Cutover"]])
    changes = delete.apply(workspace)
    assert before[2] and not _all_rows(workspace)[2]
    assert changes.other_project_ids == frozenset({b})
    # without its external predecessor Prepare starts with its project
    assert _dates(workspace, b_ids["Prepare"])[0] == datetime(2026, 3, 2, 8, 0)
    delete.revert(workspace)
    assert _all_rows(workspace) == before


def test_a_full_reschedule_propagates_too(workspace, two) -> None:
    a, a_ids, b, b_ids = two
    SetExternalPredecessors(b, b_ids["Prepare"], [(a_ids["Cutover"], "FS", 0)]).apply(workspace)
    with workspace.session() as s:
        s.execute(
            Task.__table__.update()
            .where(Task.id == a_ids["Build"])
            .values(duration_minutes=480 * 3)
        )
        reschedule(s, a)
        s.commit()
    assert _dates(workspace, b_ids["Prepare"])[0] == datetime(2026, 3, 6, 8, 0)


def test_shared_freeze_windows_hold_production_changes(workspace, two) -> None:
    a, a_ids, _b, _b_ids = two
    UpdateTask(a, a_ids["Cutover"], {"production_change": True}).apply(workspace)
    with workspace.session() as s:
        s.add(
            ChangeWindow(
                project_id=None,
                name="Quarter-end freeze",
                kind="freeze",
                start=datetime(2026, 3, 4, 0, 0),
                finish=datetime(2026, 3, 6, 0, 0),  # exclusive: Wed and Thu
            )
        )
        s.add(  # a maintenance window does not freeze anything
            ChangeWindow(
                project_id=None,
                name="Sunday maintenance",
                kind="maintenance",
                start=datetime(2026, 3, 6, 0, 0),
                finish=datetime(2026, 3, 7, 0, 0),
            )
        )
        reschedule_all(s)
        s.commit()
    assert _dates(workspace, a_ids["Cutover"])[0] == datetime(2026, 3, 6, 8, 0)


def test_the_predecessors_cell_reads_and_shows_external_predecessors(workspace, two) -> None:
    a, a_ids, b, b_ids = two
    with workspace.session() as s:
        o = load_outline(s, b)
    test = b_ids["Test"]
    edit = SetPredecessorsText(b, test, "1; Wave 1!2FS+1d", o.ids, o.wbs, 480)
    before = _all_rows(workspace)
    changes = edit.apply(workspace)
    assert a in changes.other_project_ids  # Wave 1's Gantt shows the new external successor
    with workspace.session() as s:
        o = load_outline(s, b)
    assert o.predecessors[o.row_of[test]] == "1; Wave 1!2FS+1d"
    # Cutover finishes Wed 4 Mar 17:00; + 1d: Thu; Test starts Fri 08:00
    assert _dates(workspace, test)[0] == datetime(2026, 3, 6, 8, 0)
    edit.revert(workspace)
    assert _all_rows(workspace) == before
    for text, message in (
        ("Wave 9!1", "no project 'Wave 9'"),
        ("Wave 1!9", "'Wave 1' has no row 9"),
        ("Wave 1!1.4", "no task with WBS 1.4"),
        ("Wave 2!1", "this project"),
        ("Wave 1!1+zz", "not a duration"),
    ):
        with pytest.raises(TaskEditError, match=message):
            SetPredecessorsText(b, test, text, o.ids, o.wbs, 480).apply(workspace)
        assert _all_rows(workspace) == before
    # the WBS code works too, and clearing the cell removes the external link
    SetPredecessorsText(b, test, "Wave 1!1SS", o.ids, o.wbs, 480).apply(workspace)
    with workspace.session() as s:
        assert s.scalars(select(CrossLink.predecessor_id)).all() == [a_ids["Build"]]
    SetPredecessorsText(b, test, "1", o.ids, o.wbs, 480).apply(workspace)
    with workspace.session() as s:
        assert s.scalars(select(CrossLink.predecessor_id)).all() == []


def test_deleting_the_predecessors_project_frees_the_successor_and_undo_restores(
    workspace, two
) -> None:
    a, a_ids, b, b_ids = two
    SetExternalPredecessors(b, b_ids["Prepare"], [(a_ids["Cutover"], "FS", 0)]).apply(workspace)
    before = _all_rows(workspace)
    delete = DeleteProject(a, "Wave 1")
    delete.apply(workspace)
    assert not _all_rows(workspace)[2]
    assert _dates(workspace, b_ids["Prepare"])[0] == datetime(2026, 3, 2, 8, 0)
    delete.revert(workspace)
    assert _all_rows(workspace) == before


def test_an_internal_link_closing_a_loop_through_another_project_is_refused(workspace, two) -> None:
    a, a_ids, b, b_ids = two
    UnlinkTasks(a, [(a_ids["Build"], a_ids["Cutover"])]).apply(workspace)
    SetExternalPredecessors(b, b_ids["Prepare"], [(a_ids["Build"], "FS", 0)]).apply(workspace)
    SetExternalPredecessors(a, a_ids["Cutover"], [(b_ids["Test"], "FS", 0)]).apply(workspace)
    before = _all_rows(workspace)
    loop = (
        "Wave 1: 2 Cutover → Wave 1: 1 Build → Wave 2: 1 Prepare → Wave 2: 2 Test → "
        "Wave 1: 2 Cutover"
    )
    with pytest.raises(CrossProjectLoop) as error:
        LinkTasks(a, a_ids["Cutover"], a_ids["Build"]).apply(workspace)
    assert str(error.value).endswith(loop)
    with pytest.raises(CrossProjectLoop):
        SetPredecessors(a, a_ids["Build"], [(a_ids["Cutover"], "SS", 0)]).apply(workspace)
    assert _all_rows(workspace) == before
