"""Schedules past the calendar's range (issue 13): a located ``ScheduleRangeError`` naming the
task and the date, from the engine, the services and the CLI, never an ``OverflowError``."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from infradesk.errors import UserError
from infradesk.model import Project, Task
from infradesk.schedule.calendar import ScheduleRangeError, TimeAxis, WorkingCalendar
from infradesk.schedule.engine import LinkInput, PlanInput, Scheduler, TaskInput, schedule
from infradesk.services.plan.field_edits import UpdateTask
from infradesk.services.plan.outline_edits import InsertTask

START = datetime(2026, 1, 5, 8, 0)


def plan_of(*tasks: TaskInput, links: tuple[LinkInput, ...] = (), start=START) -> PlanInput:
    return PlanInput(start, tasks=list(tasks), links=list(links))


def refused(plan: PlanInput) -> str:
    begin = time.perf_counter()
    with pytest.raises(ScheduleRangeError) as caught:
        result = schedule(plan)
        for task in plan.tasks:  # dates are built lazily: touch them all
            result[task.id].computed_fields()
    assert time.perf_counter() - begin < 5
    assert isinstance(caught.value, UserError)
    return str(caught.value)


def test_a_huge_duration_names_the_task_and_the_last_day() -> None:
    message = refused(plan_of(TaskInput(1, duration_minutes=10**9, name="Lay fibre")))
    assert message == (
        "Task 'Lay fibre' would finish after 31 Dec 2199, beyond the calendar's range; "
        "check its duration"
    )


def test_the_task_that_leaves_the_range_is_named_not_its_successor() -> None:
    message = refused(
        plan_of(
            TaskInput(1, duration_minutes=480, name="Order"),
            TaskInput(2, duration_minutes=10**9, name="Wait for Godot"),
            TaskInput(3, duration_minutes=480, name="Install"),
            links=(LinkInput(1, 2), LinkInput(2, 3)),
        )
    )
    assert "'Wait for Godot' would finish after 31 Dec 2199" in message


def test_a_huge_lag_names_the_successor() -> None:
    message = refused(
        plan_of(
            TaskInput(1, duration_minutes=480, name="A"),
            TaskInput(2, duration_minutes=480, name="B"),
            links=(LinkInput(1, 2, "FS", 10**9),),
        )
    )
    assert message.startswith("Task 'B' would start after 31 Dec 2199")
    assert "lags" in message


@pytest.mark.parametrize(
    ("task", "expected"),
    [
        (
            TaskInput(
                1, duration_minutes=480, start_no_earlier_than=datetime(9999, 12, 30, 8), name="Far"
            ),
            "Task 'Far' has its start-no-earlier-than on 30 Dec 9999, outside the calendar's "
            "range (1 Jan 1900 to 31 Dec 2199)",
        ),
        (
            TaskInput(1, duration_minutes=480, deadline=datetime(1, 1, 1), name="Old"),
            "Task 'Old' has its deadline on 1 Jan 1, outside the calendar's range",
        ),
        (
            TaskInput(1, duration_minutes=480, deadline=datetime(9999, 12, 31), name="Late"),
            "Task 'Late' has its deadline on 31 Dec 9999",
        ),
        (
            TaskInput(1, duration_minutes=10**7, deadline=datetime(1901, 1, 1), name="Early"),
            "Task 'Early' would have to start before 1 Jan 1900 to meet its deadline",
        ),
    ],
)
def test_dates_outside_the_range_are_refused_with_the_task(task: TaskInput, expected: str) -> None:
    assert expected in refused(plan_of(task))


@pytest.mark.parametrize("start", [datetime(1, 1, 2, 8), datetime(9999, 12, 1, 8)])
def test_a_project_start_outside_the_range_is_refused(start: datetime) -> None:
    message = refused(plan_of(TaskInput(1, duration_minutes=480, name="A"), start=start))
    assert message.startswith(f"The project start {start.day} {start:%b} {start.year} is outside")


def test_the_edges_of_the_range_still_schedule() -> None:
    first = schedule(
        plan_of(TaskInput(1, duration_minutes=480, name="A"), start=datetime(1900, 1, 1, 8))
    )
    assert first[1].finish == datetime(1900, 1, 1, 17)
    last = schedule(
        plan_of(TaskInput(1, duration_minutes=480, name="A"), start=datetime(2199, 12, 30, 8))
    )
    assert last[1].finish == datetime(2199, 12, 30, 17)
    assert last[1].late_start == datetime(2199, 12, 30, 8)
    long = schedule(plan_of(TaskInput(1, duration_minutes=2 * 10**7, name="Century")))
    assert long[1].finish.year == 2185


def test_the_axis_refuses_dates_beyond_its_table_quickly() -> None:
    axis = TimeAxis(WorkingCalendar(), START)
    begin = time.perf_counter()
    with pytest.raises(ScheduleRangeError, match="1 Jan 3000 is beyond the calendar's range"):
        axis.position_of(datetime(3000, 1, 1))
    with pytest.raises(ScheduleRangeError):
        axis.start_at(10**12)
    assert time.perf_counter() - begin < 5


def test_a_refused_edit_leaves_the_scheduler_usable() -> None:
    scheduler = Scheduler(plan_of(TaskInput(1, duration_minutes=480, name="A")))
    with pytest.raises(ScheduleRangeError, match="'A' would finish after 31 Dec 2199"):
        scheduler.update_task(TaskInput(1, duration_minutes=10**9, name="A"))
    assert scheduler.update_task(TaskInput(1, duration_minutes=960, name="A"))[
        1
    ].finish == datetime(2026, 1, 6, 17)


def test_the_service_refuses_the_edit_and_keeps_the_old_duration(workspace) -> None:
    with workspace.session() as s:
        project = Project(name="P", start=START)
        s.add(project)
        s.flush()
        pid = project.id
    insert = InsertTask(pid, None, "Lay fibre", 480)
    insert.apply(workspace)
    with pytest.raises(ScheduleRangeError, match="'Lay fibre' would finish after 31 Dec 2199"):
        UpdateTask(pid, insert.task_id, {"duration_minutes": 10**9}).apply(workspace)
    with workspace.session() as s:
        task = s.scalar(select(Task).where(Task.id == insert.task_id))
        assert (task.duration_minutes, task.finish) == (480, datetime(2026, 1, 5, 17))
    UpdateTask(pid, insert.task_id, {"duration_minutes": 960}).apply(workspace)  # still works


def test_the_cli_says_which_task_and_exits_2(tmp_path: Path) -> None:
    document = {
        "format": "infradesk",
        "version": 1,
        "projects": [
            {
                "name": "Far",
                "start": "2026-01-05T08:00",
                "tasks": [
                    {"id": 1, "name": "Lay fibre to Mars", "duration_minutes": 50_000_000},
                    {"id": 2, "name": "Cable", "duration_minutes": 480},
                ],
            }
        ],
    }
    source = tmp_path / "far.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    workspace = tmp_path / "ws.infradesk"
    run = subprocess.run(
        [sys.executable, "-m", "infradesk", "import", str(source), "--workspace", str(workspace)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    assert (
        "Task 'Lay fibre to Mars' would finish after 31 Dec 2199, beyond the calendar's range; "
        "check its duration"
    ) in run.stderr
