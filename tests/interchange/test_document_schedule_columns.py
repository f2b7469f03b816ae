"""The engine input of a document built in columns (``document_schedule.task_inputs``, issue
22: a 100,000-task import) is the one built task by task (``task_input``): every field of
every task, with gates, task clocks, manual starts, negative durations and delays."""

from __future__ import annotations

from datetime import date, datetime

from infradesk.interchange import document as d
from infradesk.interchange.document_schedule import (
    DocumentPool,
    delivery_gates,
    plan_input,
    task_clocks,
    task_input,
    task_inputs,
    task_order,
    working_calendar,
)
from infradesk.interchange.json_document import document_from_json
from infradesk.schedule.plan import TaskInput
from infradesk.services.demo.seed import demo_document

MONDAY = datetime(2026, 3, 2, 8)
#: [SNET?][MFO?] -> the constraint type of a varied task
KINDS: tuple[tuple[d.ConstraintType, d.ConstraintType], ...] = (("ASAP", "MFO"), ("SNET", "SNET"))


def varied_tasks() -> tuple[d.Task, ...]:
    """Tasks with every field an input reads set some other way: a summary and its children
    listed apart, manual starts, gated and constrained tasks, negative durations and delays,
    percentages of None, a task calendar."""
    tasks: list[d.Task] = [d.Task(1, "Phase"), d.Task(2, "Other phase")]
    for number in range(3, 40):
        tasks.append(
            d.Task(
                number,
                f"Task {number}",
                parent=1 if number % 3 else 2,
                start=MONDAY.replace(day=2 + number % 5) if number % 4 else None,
                duration_minutes=-60 if number % 11 == 0 else number * 30,
                percent_complete=None if number % 13 == 0 else number % 100,  # type: ignore[arg-type]  # a reader's None
                milestone=number % 7 == 0,
                constraint_type=KINDS[number % 5 == 0][number % 6 == 0],
                constraint_date=MONDAY if number % 5 == 0 or number % 6 == 0 else None,
                deadline=MONDAY.replace(day=20) if number % 8 == 0 else None,
                production_change=number % 9 == 0,
                actual_start=MONDAY if number % 10 == 0 else None,
                actual_finish=MONDAY.replace(hour=12) if number % 20 == 0 else None,
                manual=number % 4 == 1,
                elapsed=number % 12 == 0,
                leveling_delay_minutes=-30 if number % 14 == 0 else number % 3 * 60,
                calendar="Night" if number % 15 == 0 else "",
                predecessors=(d.Link(number - 1),) if number > 3 else (),
            )
        )
    return tuple(tasks)


def varied_document() -> d.Document:
    tasks = varied_tasks()
    deliveries = tuple(
        d.Delivery(f"crate {n}", promised=date(2026, 3, 4 + n), task=n, status="ordered")
        for n in (5, 6, 9, 10)
    )
    project = d.Project(
        name="Varied",
        start=MONDAY,
        tasks=tasks,
        vendors=(d.Vendor("Acme", deliverables=deliveries),),
    )
    night = d.BaseCalendar("Night", working_hours=((1320, 1440),))
    return d.Document(projects=(project,), base_calendars=(night,))


def one_by_one(document: d.Document, project: d.Project) -> list[TaskInput]:
    calendar = working_calendar(project.calendar)
    gates = delivery_gates(project, calendar)
    clocks = task_clocks(project, DocumentPool.of(document))
    return [
        task_input(task, gates.get(task.id), clocks.get(task.id))
        for _position, task in task_order(project.tasks)
    ]


def test_columns_give_the_inputs_built_one_by_one() -> None:
    document = varied_document()
    project = document.projects[0]
    calendar = working_calendar(project.calendar)
    gates = delivery_gates(project, calendar)
    clocks = task_clocks(project, DocumentPool.of(document))
    assert gates and clocks  # the test reaches both
    ordered = [task for _position, task in task_order(project.tasks)]
    made = task_inputs(ordered, gates, clocks)
    expected = one_by_one(document, project)
    assert made == expected
    for mine, theirs in zip(made, expected, strict=True):  # and each field of the same type
        assert [type(getattr(mine, f)) for f in mine.__slots__] == [
            type(getattr(theirs, f)) for f in theirs.__slots__
        ]
    planned = plan_input(project, MONDAY, calendar, DocumentPool.of(document))
    assert list(planned.tasks) == expected
    assert task_inputs([], {}, {}) == []


def test_columns_match_on_the_demo() -> None:
    document = document_from_json(demo_document())
    for project in document.projects:
        calendar = working_calendar(project.calendar)
        planned = plan_input(project, MONDAY, calendar, DocumentPool.of(document))
        assert list(planned.tasks) == one_by_one(document, project)
        assert len(planned.tasks) > 10


def test_task_order_lists_siblings_by_position_then_document_order() -> None:
    tasks = varied_tasks()
    positions: dict[int | None, int] = {}
    numbered = []
    for index, task in enumerate(tasks):
        position = positions.get(task.parent, 0)
        positions[task.parent] = position + 1
        numbered.append((position, index, task))
    expected = [(position, task) for position, _, task in sorted(numbered, key=lambda x: x[:2])]
    assert task_order(tasks) == expected
    assert [task.id for _, task in task_order(tasks)][:4] == [1, 3, 4, 2]  # first children
