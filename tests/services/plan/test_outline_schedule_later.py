"""A big plan's outline can be read without building its schedule (issue 22): the Gantt opens
on the stored dates and takes the schedule from the background warm-up."""

from __future__ import annotations

from dataclasses import fields

from infradesk.services.plan.link_edits import LinkTasks
from infradesk.services.plan.outline import Outline, load_outline

SCHEDULE_ONLY = {"result", "schedule_pending", "effective_status_date"}


def read(workspace, pid: int, schedule_below: int | None) -> Outline:
    with workspace.read_session() as session:
        return load_outline(session, pid, schedule_below=schedule_below)


def test_a_plan_at_the_size_is_read_without_its_schedule(workspace, plan) -> None:
    pid, names = plan
    later = read(workspace, pid, schedule_below=len(names))
    assert later.result is None and later.schedule_pending
    now = read(workspace, pid, schedule_below=None)
    assert now.result is not None and not now.schedule_pending
    assert now.critical(now.row_of[names["A"]])  # what only the schedule tells
    assert not later.critical(later.row_of[names["A"]])
    # everything else is what a load with the schedule reads: the stored dates above all
    for field in fields(Outline):
        if field.name not in SCHEDULE_ONLY:
            assert getattr(later, field.name) == getattr(now, field.name), field.name
    assert later.start[later.row_of[names["B"]]] is not None


def test_a_smaller_plan_is_scheduled_as_it_loads(workspace, plan) -> None:
    pid, names = plan
    outline = read(workspace, pid, schedule_below=len(names) + 1)
    assert outline.result is not None and not outline.schedule_pending


def test_predecessor_texts_name_the_rows_of_the_links(workspace, plan) -> None:
    pid, names = plan
    LinkTasks(pid, names["B"], names["D"]).apply(workspace)
    outline = read(workspace, pid, schedule_below=0)
    row_of = outline.row_of
    assert outline.predecessors[row_of[names["B"]]] == str(row_of[names["A"]] + 1)
    assert outline.predecessors[row_of[names["D"]]] == str(row_of[names["B"]] + 1)
    assert outline.predecessors[row_of[names["A"]]] == ""
    assert len(outline.predecessors) == len(outline)
