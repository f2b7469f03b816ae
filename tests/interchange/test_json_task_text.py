"""The export's tasks written straight (``json_task_text``, issue 22) are the characters the
generic writer gives their ``task_to_json`` dicts: on the demo, the hostile texts, and tasks
with every optional field and odd values."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from infradesk.interchange import document as d
from infradesk.interchange.json_document import document_from_json, document_to_json, task_to_json
from infradesk.interchange.json_task_text import columns_text_parts, document_text, tasks_text
from infradesk.interchange.json_text import container_text, indented_json
from infradesk.interchange.task_columns import task_columns
from infradesk.services.demo.seed import demo_document

from .test_export_hostile_text import hostile_document

COMPUTED = d.ComputedSchedule(
    datetime(2026, 1, 5, 8), datetime(2026, 1, 6, 17), datetime(2026, 1, 7, 8),
    datetime(2026, 1, 8, 17), -480, 0, True,
)  # fmt: skip


def odd_tasks() -> list[d.Task]:
    plain = d.Task(id=1, name="Plain", duration_minutes=480)
    return [
        plain,
        dataclasses.replace(
            plain,
            id=2,
            wbs="1.2",
            name="Ünïcode \ud800 lone surrogate \"quoted\"\n",
            parent=1,
            start=datetime(2026, 1, 5, 8),
            finish=datetime(2026, 1, 9, 17, 30),
            percent_complete=33.5,
            milestone=True,
            notes="ø",
            constraint_type="MSO",
            constraint_date=datetime(2026, 1, 5, 8),
            deadline=datetime(999, 1, 1),
            production_change=True,
            actual_start=datetime(2026, 1, 5, 8),
            cost=Decimal("12.345"),
            actual_cost=Decimal("-1"),
            estimated=True,
            elapsed=True,
            manual=True,
            predecessors=(d.Link(1, "SS", -60), d.Link(3, "FF", 1440)),
            external_predecessors=(d.ExternalLink("Other", 4, "FS", 0),),
            priority=900,
            task_type="fixed_work",
            calendar="Night shift",
            leveling_delay_minutes=120,
            assignments=(
                d.Assignment("Ana", 0.5),
                d.Assignment("Bo", 1.0, work_minutes=960, cost=Decimal("100")),
            ),
            computed=COMPUTED,
        ),
        dataclasses.replace(
            plain,
            id=3,
            percent_complete=100.0,
            computed=COMPUTED,
            predecessors=(d.Link(1, "FS", 0), d.Link(2, "SF", 30)),
        ),
    ]


def generic(tasks: list[d.Task], per_day: int, level: int) -> str:
    """The tasks' dicts written by the generic writer at depth ``level``."""
    return container_text([task_to_json(task, per_day) for task in tasks], level)


@pytest.mark.parametrize("level", [0, 1, 3])
def test_odd_tasks_are_written_as_their_dicts(level: int) -> None:
    tasks = odd_tasks()
    assert tasks_text(tasks, 480, level) == generic(tasks, 480, level)
    assert tasks_text([], 480, level) == "[]"


@pytest.mark.parametrize("given", [demo_document(), hostile_document()])
def test_whole_documents_are_written_as_the_generic_writer_writes_them(given: object) -> None:
    document = document_from_json(given)
    assert document_text(document) == indented_json(document_to_json(document))


def test_values_equal_but_written_differently_are_not_shared() -> None:
    """The writer keeps the text of each distinct date, cost and lag: values that compare
    equal but are written differently (0 and -0, the same instant at two offsets, 1 and
    True) must each keep their own text."""
    plain = d.Task(id=1, name="Plain", duration_minutes=480)
    utc = datetime(2026, 1, 5, 8, tzinfo=UTC)
    later = datetime(2026, 1, 5, 9, tzinfo=timezone(timedelta(hours=1)))
    assert utc == later
    tasks = [
        dataclasses.replace(plain, cost=Decimal("0"), start=utc, milestone=True),
        dataclasses.replace(
            plain, id=2, cost=Decimal("-0"), start=later, milestone=1,  # type: ignore[arg-type]  # an int flag
            predecessors=(d.Link(1, "FS", 0),),
        ),
        dataclasses.replace(
            plain, id=3, cost=Decimal("0.00"), start=utc, predecessors=(d.Link(1, "FS", False),)  # type: ignore[arg-type]  # a bool lag
        ),
    ]
    text = tasks_text(tasks, 480, 1)
    assert text == generic(tasks, 480, 1)
    assert '"cost": "-0.00"' in text and '"start": "2026-01-05T09:00"' in text


def test_numbers_equal_but_written_differently_keep_their_texts() -> None:
    """0.0 and -0.0, 1 and 1.0 and True in one column, a few distinct values among many
    tasks (the columns' shared texts), and tasks with and without computed values."""
    plain = d.Task(id=1, name="Plain", duration_minutes=480)
    odd: list[object] = [0.0, -0.0, 1, 1.0, True, 0.0]
    tasks = [
        dataclasses.replace(
            plain,
            id=k + 1,
            percent_complete=odd[k % len(odd)],  # type: ignore[arg-type]  # odd kinds on purpose
            priority=odd[(k + 1) % len(odd)],  # type: ignore[arg-type]  # odd kinds on purpose
            computed=COMPUTED if k % 3 else None,
        )
        for k in range(60)
    ]
    text = tasks_text(tasks, 480, 1)
    assert text == generic(tasks, 480, 1)
    assert '"percent_complete": -0.0' in text and '"percent_complete": true' in text
    floats = [dataclasses.replace(task, percent_complete=-0.0 if k == 40 else 0.0)
              for k, task in enumerate(tasks)]  # fmt: skip
    text = tasks_text(floats, 480, 1)
    assert text == generic(floats, 480, 1) and text.count('"percent_complete": -0.0') == 1


def test_columns_of_one_object_are_written_as_each_row_is() -> None:
    """A column holding one object in every row is written once and repeated (unused
    optional fields); odd objects (-0.0, a signed zero cost, an aware date, True as a
    priority) stay theirs, and a column of equal but distinct objects is written row by row."""
    plain = d.Task(id=1, name="Plain", duration_minutes=480)
    aware = datetime(2026, 1, 5, 9, tzinfo=timezone(timedelta(hours=1)))
    signed = Decimal("-0.00")
    one = [
        dataclasses.replace(
            plain, id=k + 1, percent_complete=-0.0, cost=signed, deadline=aware,
            priority=True, notes="same",  # a flag as priority
        )
        for k in range(40)
    ]  # fmt: skip
    equal = [dataclasses.replace(t, notes="".join(["sa", "me"])) for t in one]
    zeros = [dataclasses.replace(t, percent_complete=0.0 if t.id == 1 else -0.0) for t in one]
    for tasks in (one, equal, zeros):
        text = tasks_text(tasks, 480, 2)
        assert text == generic(tasks, 480, 2)
    assert text.count('"percent_complete": -0.0') == 39 and text.count('"cost": "-0.00"') == 40


def test_the_parts_join_into_the_whole_text() -> None:
    tasks = odd_tasks() * 5
    whole = tasks_text(tasks, 480, 2)
    parts = columns_text_parts(task_columns(tasks), 480, 2, tasks_per_part=2)
    assert len(parts) == 8 and "".join(parts) == whole == generic(tasks, 480, 2)
