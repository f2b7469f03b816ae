"""The export reads a project's tasks and links once (services/documents/plan_rows.py): the
engine input built from those rows is the one ``scheduling.plan_input_for`` reads itself,
task for task and link for link, in the same order."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update

from infradesk.model import Project, Task
from infradesk.schedule.engine import PlanInput
from infradesk.services.documents.plan_rows import (
    TASK_COLUMNS,
    plan_input_of,
    plan_input_of_columns,
    read_plan_columns,
    read_plan_rows,
)
from infradesk.services.plan.scheduling import TASK_INPUT_COLUMNS, plan_input_for
from infradesk.store.workspace import Workspace


def _same_input(built: PlanInput, read: PlanInput) -> None:
    assert built.tasks == read.tasks
    assert built.links == read.links
    assert built.project_start == read.project_start
    assert built.status_date == read.status_date
    assert built.reschedule_after_status == read.reschedule_after_status


def _project_id(workspace: Workspace) -> int:
    with workspace.read_session() as session:
        found = session.scalar(select(Project.id))
    assert found is not None
    return found


def test_the_rows_give_plan_input_for_on_the_demo(demo_workspace: Workspace) -> None:
    project_id = _project_id(demo_workspace)
    with demo_workspace.read_session() as session:
        rows = read_plan_rows(session, project_id)
        assert len(rows.tasks) > 10 and len(rows.links) > 10
        _same_input(plan_input_of(session, project_id, rows), plan_input_for(session, project_id))
        columns = read_plan_columns(session, project_id)
        from_columns = plan_input_of_columns(session, project_id, columns, columns.by_position())
        _same_input(from_columns, plan_input_for(session, project_id))


def test_outline_order_flags_and_old_snet_are_kept(demo_workspace: Workspace) -> None:
    """Positions against the id order, a manual task, an elapsed one, the old
    start-no-earlier-than column and a leveling delay: every input the engine reads."""
    project_id = _project_id(demo_workspace)
    with demo_workspace.session() as session:
        ids = sorted(session.scalars(select(Task.id).where(Task.project_id == project_id)))
        session.execute(update(Task).where(Task.id.in_(ids)).values(position=Task.position * -1))
        session.execute(
            update(Task)
            .where(Task.id == ids[-1])
            .values(manual=True, elapsed=True, start_no_earlier_than=datetime(2026, 3, 2, 8))
        )
        session.execute(update(Task).where(Task.id == ids[-2]).values(leveling_delay_minutes=960))
    with demo_workspace.read_session() as session:
        built = plan_input_of(session, project_id, read_plan_rows(session, project_id))
        read = plan_input_for(session, project_id)
    _same_input(built, read)
    with demo_workspace.read_session() as session:
        columns = read_plan_columns(session, project_id)
        order = columns.by_position()
        _same_input(plan_input_of_columns(session, project_id, columns, order), read)
    last = next(task for task in built.tasks if task.id == ids[-1])
    assert last.manual and last.elapsed and last.constraint_type == "SNET"
    assert [task.id for task in built.tasks] != sorted(task.id for task in built.tasks)


def test_the_rows_hold_every_column_the_engine_reads() -> None:
    names = {column.name for column in TASK_COLUMNS}
    assert {column.element.name if hasattr(column, "element") else column.name
            for column in TASK_INPUT_COLUMNS} <= names  # fmt: skip
