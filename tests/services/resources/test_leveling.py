"""Assistive leveling over a real workspace: proposals, accept as one undo step, clear."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from sqlalchemy import select

from infradesk.model import Assignment, BaseCalendar, Dependency, Project, Resource, Task
from infradesk.progress import Cancelled, ProgressHandle
from infradesk.services.plan.scheduling import reschedule
from infradesk.services.resources.leveling import (
    ApplyLeveling,
    ClearLeveling,
    Proposal,
    day_range,
    leveled_task_count,
    preview_leveling,
    propose_leveling,
)
from infradesk.store.workspace import Workspace
from tests.rows import content, undone_tables

START = datetime(2026, 1, 5, 8, 0)  # a Monday


def dump(workspace: Workspace) -> dict[str, list[tuple[Any, ...]]]:
    with workspace.session() as session:
        return {
            table.name: [tuple(r) for r in session.execute(content(table))]
            for table in undone_tables()
        }


def make_plan(workspace: Workspace, *tasks: tuple[str, int, float], person: str = "Storage admin"
              ) -> tuple[int, dict[str, int]]:
    """A project whose ``tasks`` (name, days, units) all use one 100% person, in parallel."""
    with workspace.session() as session:
        project = Project(name="DC migration", start=START)
        session.add(project)
        resource = Resource(name=person, max_units=1.0)
        session.add(resource)
        session.flush()
        ids = {}
        for position, (name, days, units) in enumerate(tasks):
            task = Task(
                project_id=project.id, name=name, duration_minutes=days * 480, position=position
            )
            session.add(task)
            session.flush()
            session.add(Assignment(task_id=task.id, resource_id=resource.id, units=units))
            ids[name] = task.id
        session.flush()
        reschedule(session, project.id)
        return project.id, ids


def dates(workspace: Workspace) -> dict[int, tuple[datetime, datetime]]:
    with workspace.session() as session:
        return {t: (s, f) for t, s, f in session.execute(select(Task.id, Task.start, Task.finish))}


def test_two_parallel_tasks_of_one_person_one_waits_for_the_other(workspace: Workspace) -> None:
    project_id, ids = make_plan(workspace, ("Storage zoning", 2, 1.0), ("Switch config", 3, 1.0))
    with workspace.session() as session:
        proposals = propose_leveling(session, [project_id])
    assert len(proposals) == 1
    (proposal,) = proposals
    # the shorter task has a day of float: most slack moves first, by the other's duration
    assert proposal.task_id == ids["Storage zoning"]
    assert proposal.delay_minutes == 3 * 480
    assert proposal.text == "Delay 1 Storage zoning by 3d: Storage admin is at 200% on 5-6 Jan"
    assert (proposal.start, proposal.finish) == (datetime(2026, 1, 8, 8), datetime(2026, 1, 9, 17))
    assert proposal.slack == "beyond float"


def test_equal_tasks_the_higher_id_moves(workspace: Workspace) -> None:
    project_id, ids = make_plan(workspace, ("Storage zoning", 2, 1.0), ("Switch config", 2, 1.0))
    with workspace.session() as session:
        (proposal,) = propose_leveling(session, [project_id])
    assert proposal.task_id == ids["Switch config"]
    assert proposal.text == "Delay 2 Switch config by 2d: Storage admin is at 200% on 5-6 Jan"


def test_half_time_tasks_of_a_full_time_person_need_no_leveling(workspace: Workspace) -> None:
    project_id, _ids = make_plan(workspace, ("A", 2, 0.5), ("B", 3, 0.5))
    with workspace.session() as session:
        assert propose_leveling(session, [project_id]) == []


def test_accept_moves_the_task_and_one_undo_restores_every_row(workspace: Workspace) -> None:
    project_id, ids = make_plan(workspace, ("Storage zoning", 2, 1.0), ("Switch config", 3, 1.0))
    before = dump(workspace)
    with workspace.session() as session:
        proposals = propose_leveling(session, [project_id])
    command = ApplyLeveling(proposals)
    command.apply(workspace)
    moved = dates(workspace)[ids["Storage zoning"]]
    assert moved == (datetime(2026, 1, 8, 8, 0), datetime(2026, 1, 9, 17, 0))
    with workspace.session() as session:
        assert session.get(Task, ids["Storage zoning"]).leveling_delay_minutes == 3 * 480
        # leveled: nothing left to propose
        assert propose_leveling(session, [project_id]) == []
    command.revert(workspace)
    assert dump(workspace) == before
    command.apply(workspace)  # redo
    assert dates(workspace)[ids["Storage zoning"]] == moved


def test_delays_push_successors_and_the_ghost_dates_say_where(workspace: Workspace) -> None:
    project_id, ids = make_plan(workspace, ("Zoning", 2, 1.0), ("Cabling", 1, 1.0))
    with workspace.session() as session:
        after = Task(project_id=project_id, name="Test", duration_minutes=480, position=9)
        session.add(after)
        session.flush()
        session.add(
            Dependency(project_id=project_id, predecessor_id=ids["Cabling"], successor_id=after.id)
        )
        session.flush()
        reschedule(session, project_id)
        test_id = after.id
        preview = preview_leveling(session, [project_id])
    # both critical, same start: the higher ID (Cabling) waits for Zoning, and Test follows
    assert [p.task_id for p in preview.proposals] == [ids["Cabling"]]
    assert preview.moved[ids["Cabling"]] == (datetime(2026, 1, 7, 8), datetime(2026, 1, 7, 17))
    assert preview.moved[test_id] == (datetime(2026, 1, 8, 8, 0), datetime(2026, 1, 8, 17, 0))
    ApplyLeveling(preview.proposals).apply(workspace)
    assert dates(workspace)[test_id] == preview.moved[test_id]


def test_started_and_priority_1000_tasks_are_never_delayed(workspace: Workspace) -> None:
    project_id, ids = make_plan(workspace, ("Running", 2, 1.0), ("Pinned", 2, 1.0),
                                ("Free", 2, 1.0))
    with workspace.session() as session:
        session.get(Task, ids["Running"]).actual_start = START
        session.get(Task, ids["Pinned"]).priority = 1000
        session.flush()
        reschedule(session, project_id)
        proposals = propose_leveling(session, [project_id])
    assert [p.task_id for p in proposals] == [ids["Free"]]
    assert proposals[0].peak_percent == 300


def test_lower_priority_moves_first(workspace: Workspace) -> None:
    project_id, ids = make_plan(workspace, ("Important", 2, 1.0), ("Routine", 2, 1.0))
    with workspace.session() as session:
        session.get(Task, ids["Important"]).priority = 100
        session.get(Task, ids["Routine"]).priority = 900
        session.flush()
        proposals = propose_leveling(session, [project_id])
    assert [p.task_id for p in proposals] == [ids["Important"]]


def test_clear_leveling_zeroes_delays_and_undo_brings_them_back(workspace: Workspace) -> None:
    project_id, _ids = make_plan(workspace, ("Storage zoning", 2, 1.0), ("Switch config", 3, 1.0))
    start = dates(workspace)
    with workspace.session() as session:
        proposals = propose_leveling(session, [project_id])
    ApplyLeveling(proposals).apply(workspace)
    leveled = dump(workspace)
    with workspace.session() as session:
        assert leveled_task_count(session, [project_id]) == 1
    clear = ClearLeveling([project_id])
    clear.apply(workspace)
    assert dates(workspace) == start
    with workspace.session() as session:
        assert leveled_task_count(session, [project_id]) == 0
    clear.revert(workspace)
    assert dump(workspace) == leveled


def test_other_projects_load_counts_but_never_moves(workspace: Workspace) -> None:
    first, ids = make_plan(workspace, ("Zoning", 2, 1.0))
    with workspace.session() as session:
        other = Project(name="Office move", start=START)
        session.add(other)
        session.flush()
        theirs = Task(project_id=other.id, name="Their zoning", duration_minutes=960)
        session.add(theirs)
        session.flush()
        person = session.scalars(select(Resource)).one()
        session.add(Assignment(task_id=theirs.id, resource_id=person.id, units=1.0))
        session.flush()
        reschedule(session, other.id)
        proposals = propose_leveling(session, [first])
    assert [p.task_id for p in proposals] == [ids["Zoning"]]


def test_cancel_stops_the_proposal(workspace: Workspace) -> None:
    project_id, _ids = make_plan(workspace, ("A", 2, 1.0), ("B", 2, 1.0))
    handle = ProgressHandle()
    handle.cancel()
    with workspace.session() as session, pytest.raises(Cancelled):
        propose_leveling(session, [project_id], handle)


def test_accepting_a_proposal_for_a_deleted_task_changes_nothing(workspace: Workspace) -> None:
    project_id, _ids = make_plan(workspace, ("A", 2, 1.0), ("B", 2, 1.0))
    with workspace.session() as session:
        proposals = propose_leveling(session, [project_id])
        session.delete(session.get(Task, proposals[0].task_id))
    before = dump(workspace)
    from infradesk.errors import UserError

    with pytest.raises(UserError, match="no longer exists"):
        ApplyLeveling(proposals).apply(workspace)
    assert dump(workspace) == before


@pytest.mark.parametrize(
    ("first", "last", "text"),
    [
        (date(2026, 1, 14), date(2026, 1, 14), "14 Jan"),
        (date(2026, 1, 14), date(2026, 1, 15), "14-15 Jan"),
        (date(2026, 1, 30), date(2026, 2, 2), "30 Jan-2 Feb"),
        (date(2026, 12, 30), date(2027, 1, 4), "30 Dec 2026-4 Jan 2027"),
    ],
)
def test_day_ranges_read_like_a_pm_writes_them(first: date, last: date, text: str) -> None:
    assert day_range(first, last) == text


def test_proposal_text() -> None:
    proposal = Proposal(
        1, 1, "DC", "3.4", "Storage zoning", 960, "2d", "the storage admin", 150,
        date(2026, 1, 14), date(2026, 1, 15), START, START, "beyond float",
    )  # fmt: skip
    assert proposal.text == (
        "Delay 3.4 Storage zoning by 2d: the storage admin is at 150% on 14-15 Jan"
    )


def test_the_gantts_plan_keeps_the_leveling_delay(workspace: Workspace) -> None:
    """The Gantt reschedules from its outline: the delay must be in that plan too."""
    from infradesk.schedule.engine import schedule
    from infradesk.services.plan.outline import load_outline

    project_id, ids = make_plan(workspace, ("Storage zoning", 2, 1.0), ("Switch config", 3, 1.0))
    with workspace.session() as session:
        proposals = propose_leveling(session, [project_id])
    ApplyLeveling(proposals).apply(workspace)
    with workspace.session() as session:
        outline = load_outline(session, project_id)
    result = schedule(outline.plan_input())
    assert result[ids["Storage zoning"]].early_start == datetime(2026, 1, 8, 8)
    assert dates(workspace)[ids["Storage zoning"]][0] == datetime(2026, 1, 8, 8)


def test_a_part_time_persons_free_days_carry_no_load_and_the_proposal_skips_them(
    workspace: Workspace,
) -> None:
    """The storage admin works Mon-Wed. Two 2-day tasks on Mon-Tue overload them; the one that
    waits starts Wednesday and, their Thursday and Friday being free, ends the next Monday,
    as the engine places it once accepted (and nothing is then overloaded on those days)."""
    project_id, ids = make_plan(workspace, ("Storage zoning", 2, 1.0), ("Switch config", 2, 1.0))
    with workspace.session() as session:
        week = BaseCalendar(
            name="Part time Mon-Wed", working_weekdays="0,1,2",
            working_hours="08:00-12:00,13:00-17:00",
        )  # fmt: skip
        session.add(week)
        session.flush()
        admin = session.scalars(select(Resource)).one()
        admin.calendar_id = week.id
        session.flush()
        reschedule(session, project_id)
        proposals = propose_leveling(session, [project_id])
    (proposal,) = proposals
    assert proposal.task_id == ids["Switch config"]  # equal tasks: the higher ID moves
    assert (proposal.start, proposal.finish) == (datetime(2026, 1, 7, 8), datetime(2026, 1, 12, 17))
    assert (proposal.first_day, proposal.last_day) == (date(2026, 1, 5), date(2026, 1, 6))
    ApplyLeveling(proposals).apply(workspace)
    assert dates(workspace)[ids["Switch config"]] == (proposal.start, proposal.finish)
    with workspace.session() as session:
        assert propose_leveling(session, [project_id]) == []
