"""An import's task rows built column by column (``plan._task_columns``, issue 22: 100,000
tasks) are the rows the straightforward loop builds, task by task: the same ids, parents,
sibling positions, computed dates, rolled-up summaries, owners and calendars, across
batches; and an imported plan is stored alike by both."""

from __future__ import annotations

from typing import Any

from infradesk.interchange import document as d
from infradesk.interchange.document_schedule import schedule_project
from infradesk.interchange.json_document import document_from_json
from infradesk.schedule.engine import ScheduleResult
from infradesk.services.demo.seed import demo_document
from infradesk.services.documents import plan


def rows_one_by_one(
    data: d.Project,
    ids: list[int],
    scheduled: ScheduleResult | None,
    owners: dict[int, str],
    calendars: dict[int, int],
) -> list[tuple[Any, ...]]:
    """The task rows as ``import_plan`` built them before it built columns."""
    new_ids = iter(ids)
    id_map: dict[int, int] = {}
    positions: dict[int | None, int] = {}
    dates = scheduled.start_finish() if scheduled is not None else {}
    rows = []
    for item in data.tasks:
        parent_id = id_map[item.parent] if item.parent is not None else None
        next_id = next(new_ids)
        id_map[item.id] = next_id
        position = positions.get(parent_id, 0)
        positions[parent_id] = position + 1
        start, finish = item.start, item.finish
        duration = item.duration_minutes
        percent = float(item.percent_complete or 0)
        if scheduled is not None:
            start, finish = dates[item.id]
            if scheduled.is_summary(item.id):
                rolled = scheduled[item.id]
                duration = rolled.duration_minutes
                percent = round(rolled.percent_complete, 2)
        rows.append((
            next_id, 7, parent_id, position, item.name, duration, start, finish,
            percent, item.milestone, item.notes, owners.get(item.id, item.owner),
            item.constraint_type, item.constraint_date, item.deadline, item.production_change,
            item.external_ref, item.actual_start, item.actual_finish, item.cost,
            item.actual_cost, item.estimated, item.manual, item.elapsed, item.priority,
            item.task_type, calendars.get(item.id), item.leveling_delay_minutes,
        ))  # fmt: skip
    return rows


def rows_in_columns(
    data: d.Project,
    ids: list[int],
    scheduled: ScheduleResult | None,
    owners: dict[int, str],
    calendars: dict[int, int],
    batch: int,
) -> list[tuple[Any, ...]]:
    tasks = data.tasks
    id_map = dict(zip((task.id for task in tasks), ids, strict=True))
    dates = scheduled.start_finish() if scheduled is not None else None
    rolled = plan._rolled_up(tasks, scheduled) if scheduled is not None else {}
    positions: dict[int | None, int] = {}
    rows: list[tuple[Any, ...]] = []
    for first in range(0, len(tasks), batch):
        columns = plan._task_columns(
            tasks[first : first + batch], ids[first : first + batch], 7, id_map, positions,
            dates, rolled, owners, calendars,
        )  # fmt: skip
        assert len(columns) == len(plan.TASK_COLUMNS)
        rows.extend(zip(*columns, strict=True))
    return rows


def demo_project() -> d.Project:
    project = document_from_json(demo_document()).projects[0]
    assert any(task.parent is not None for task in project.tasks)  # summaries to roll up
    return project


def test_columns_are_the_rows_built_one_by_one() -> None:
    data = demo_project()
    ids = list(range(101, 101 + len(data.tasks)))
    run = schedule_project(data)
    owners = {task.id: f"Owner {task.id}" for task in data.tasks[::3]}
    calendars = {task.id: 5 for task in data.tasks[::4]}
    for scheduled in (run.result, None):
        for who, where in (({}, {}), (owners, calendars)):
            expected = rows_one_by_one(data, ids, scheduled, who, where)
            for batch in (7, 10_000):  # positions kept across batches
                assert rows_in_columns(data, ids, scheduled, who, where, batch) == expected


def test_only_summaries_are_rolled_up() -> None:
    data = demo_project()
    run = schedule_project(data).result
    rolled = plan._rolled_up(data.tasks, run)
    assert rolled
    assert set(rolled) == {task.id for task in data.tasks if run.is_summary(task.id)}
    assert all(isinstance(minutes, int) and 0 <= p <= 100 for minutes, p in rolled.values())
