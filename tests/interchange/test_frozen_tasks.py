"""The XML readers' drafts frozen in columns (``xml_common.frozen_tasks``, issue 22: a
100,000-task MSPDI file) are the document tasks each draft's own ``freeze`` gives: every
field of every task, constraints and start-no-earlier-than dates included, across chunks."""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime, timedelta
from decimal import Decimal

from infradesk.interchange import document as d
from infradesk.interchange.xml_common import TaskDraft, frozen_tasks

MONDAY = datetime(2026, 3, 2, 8)
KINDS: tuple[d.ConstraintType, ...] = ("ASAP", "ALAP", "SNET", "MFO", "FNLT")


def drafts(count: int, constrained: bool) -> list[TaskDraft]:
    """Drafts with every field set some other way; ``constrained``: some have a constraint
    (with or without its date) or a start-no-earlier-than, else all are ASAP with stray
    constraint dates (which mean nothing)."""
    made = []
    for number in range(1, count + 1):
        when = MONDAY + timedelta(hours=number)
        draft = TaskDraft(
            id=number,
            name=f"Task {number}",
            wbs=f"1.{number}",
            parent=None if number % 10 == 1 else number - number % 10 + 1,
            start=when if number % 3 else None,
            finish=when + timedelta(hours=8) if number % 4 else None,
            duration_minutes=number * 15,
            percent_complete=number % 101,
            milestone=number % 9 == 0,
            owner="Ann" if number % 2 else "",
            notes="n" * (number % 3),
            deadline=when if number % 7 == 0 else None,
            production_change=number % 8 == 0,
            external_ref=str(number),
            predecessors=[d.Link(number - 1, "SS", 60)] if number > 1 else [],
            constraint_date=when if number % 5 == 0 else None,
            actual_start=when if number % 11 == 0 else None,
            actual_finish=when if number % 22 == 0 else None,
            cost=Decimal(number) / 4,
            actual_cost=Decimal("0.50") if number % 2 else d.ZERO,
            estimated=number % 6 == 0,
            manual=number % 12 == 0,
            elapsed=number % 13 == 0,
            assignments=[d.Assignment("Ann", 50.0)] if number % 5 == 0 else [],
            priority=number % 1000,
            task_type="fixed_work" if number % 4 == 0 else "fixed_duration",
            calendar="Night" if number % 15 == 0 else "",
            leveling_delay_minutes=number % 3,
        )
        if constrained:
            draft.constraint_type = KINDS[number % len(KINDS)]
            if number % 17 == 0:
                draft.constraint_type = "ASAP"
                draft.start_no_earlier_than = when
        made.append(draft)
    return made


def assert_frozen_alike(drafts: list[TaskDraft]) -> None:
    mine = frozen_tasks(drafts)
    theirs = tuple(draft.freeze() for draft in drafts)
    assert mine == theirs
    names = [f.name for f in fields(d.Task)]
    for task, expected in zip(mine, theirs, strict=True):
        assert type(task) is d.Task
        assert [type(getattr(task, n)) for n in names] == [
            type(getattr(expected, n)) for n in names
        ]


def test_columns_freeze_what_each_draft_freezes() -> None:
    for count in (0, 1, 63, 64, 1024, 2500):  # the constructor, one chunk, several
        for constrained in (False, True):
            assert_frozen_alike(drafts(count, constrained))


def test_constraints_and_start_no_earlier_than_are_the_drafts() -> None:
    made = frozen_tasks(drafts(200, constrained=True))
    kinds = {(task.constraint_type, task.constraint_date is None) for task in made}
    assert ("SNET", False) in kinds  # a start-no-earlier-than became SNET
    assert ("ASAP", True) in kinds  # a dated kind without its date constrains nothing
    plain = frozen_tasks(drafts(200, constrained=False))
    assert {task.constraint_date for task in plain} == {None}  # stray dates dropped
    assert isinstance(plain[5].predecessors, tuple) and plain[5].predecessors
