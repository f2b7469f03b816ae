from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy.orm import Session

from infradesk.model import Dependency, Project, Task
from infradesk.services.plan.baselines import (
    BaselineError,
    SaveBaseline,
    baseline_variance,
    delete_baseline,
    find_baseline,
    list_baselines,
    save_baseline,
)
from infradesk.services.plan.scheduling import reschedule

START = datetime(2026, 1, 5, 8, 0)


@pytest.fixture
def project(session: Session) -> Project:
    project = Project(name="Migration", start=START)
    session.add(project)
    session.flush()
    a = Task(project_id=project.id, name="Design", duration_minutes=960)
    b = Task(project_id=project.id, name="Build", duration_minutes=480)
    session.add_all([a, b])
    session.flush()
    session.add(Dependency(project_id=project.id, predecessor_id=a.id, successor_id=b.id))
    session.flush()
    reschedule(session, project.id)
    return project


def tasks_by_name(session: Session, project: Project) -> dict[str, Task]:
    return {t.name: t for t in session.query(Task).filter_by(project_id=project.id)}


def test_save_several_baselines_and_list_them(session: Session, project: Project) -> None:
    first = save_baseline(session, project.id, " Plan of record ", datetime(2026, 1, 2, 9, 0))
    save_baseline(session, project.id, "After kick-off")
    infos = list_baselines(session, project.id)
    assert [(i.name, i.task_count) for i in infos] == [("Plan of record", 2), ("After kick-off", 2)]
    assert infos[0].created_at == datetime(2026, 1, 2, 9, 0)
    assert find_baseline(session, project.id, "Plan of record").id == first.id
    build = tasks_by_name(session, project)["Build"]
    row = next(r for r in first.tasks if r.task_id == build.id)
    assert (row.start, row.finish, row.duration_minutes) == (
        datetime(2026, 1, 7, 8, 0),
        datetime(2026, 1, 7, 17, 0),
        480,
    )


@pytest.mark.parametrize(
    ("name", "message"),
    [("  ", "needs a name"), ("x" * 201, "at most 200"), ("Plan", "already has a baseline")],
)
def test_bad_names_are_refused(session: Session, project: Project, name: str, message: str) -> None:
    save_baseline(session, project.id, "Plan")
    with pytest.raises(BaselineError, match=message):
        save_baseline(session, project.id, name)


def test_variance_in_working_days(session: Session, project: Project) -> None:
    baseline = save_baseline(session, project.id, "Plan")
    tasks = tasks_by_name(session, project)
    tasks["Design"].duration_minutes = 960 + 3 * 480 + 240  # slips Build over the weekend
    session.flush()
    reschedule(session, project.id)
    late = Task(project_id=project.id, name="Added later", duration_minutes=60)
    session.add(late)
    session.flush()
    reschedule(session, project.id)
    variance = baseline_variance(session, project.id, baseline.id)
    build = variance[tasks["Build"].id]
    assert build.baseline_start == datetime(2026, 1, 7, 8, 0)
    assert build.start == datetime(2026, 1, 12, 13, 0)  # Monday after lunch
    assert build.start_days == 3.5  # working days, not the 5 calendar days
    assert build.finish_days == 3.5
    assert build.duration_days == 0
    design = variance[tasks["Design"].id]
    assert (design.start_days, design.finish_days, design.duration_days) == (0, 3.5, 3.5)
    assert not variance[late.id].in_baseline
    assert variance[late.id].start_days is None


def test_variance_needs_a_baseline_of_this_project(session: Session, project: Project) -> None:
    other = Project(name="Other", start=START)
    session.add(other)
    session.flush()
    baseline = save_baseline(session, other.id, "Theirs")
    with pytest.raises(BaselineError, match="does not belong"):
        baseline_variance(session, project.id, baseline.id)


def test_save_baseline_command_undo(session: Session, project: Project) -> None:
    command = SaveBaseline(project.id, "Plan")
    command.do(session)
    assert [b.name for b in list_baselines(session, project.id)] == ["Plan"]
    command.undo(session)
    assert list_baselines(session, project.id) == []
    baseline = save_baseline(session, project.id, "Again")
    delete_baseline(session, baseline.id)
    assert list_baselines(session, project.id) == []
