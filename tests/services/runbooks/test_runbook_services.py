"""Runbooks through the services on a real workspace (issue 19): typing the plan, the
forecast of a run after each click, the gate's branches, skip reasons, failed validations,
the live run driving its plan task, fixed times across the October DST change, undo."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from infradesk.model import Issue, Task
from infradesk.model.runbook import StepRecord
from infradesk.services.runbooks.commands import (
    AddStep,
    DecideGate,
    DeleteSteps,
    RecordValidation,
    SkipStep,
    StartRun,
    StepClick,
    UpdateStep,
)
from infradesk.services.runbooks.errors import RunbookEditError
from infradesk.services.runbooks.view import compare_runs, list_runbooks, runbook_view
from infradesk.store.workspace import Workspace
from tests.services.runbooks.helpers import (
    PARIS,
    WINDOW,
    build_runbook,
    cutover_task,
    project_id_of,
)


def _ids(workspace: Workspace, runbook_id: int) -> dict[str, int]:
    return {s.code: s.id for s in runbook_view(workspace, runbook_id).steps}


def _start_run(workspace: Workspace, runbook_id: int, mode: str = "rehearsal",
               started: datetime = WINDOW) -> int:
    command = StartRun(runbook_id, mode, started=started)
    command.apply(workspace)
    assert command.run_id is not None
    return command.run_id


def _click(workspace: Workspace, run_id: int, step_id: int, minute: int,
           origin: datetime = WINDOW) -> None:
    StepClick(run_id, step_id, origin + timedelta(minutes=minute)).apply(workspace)


def test_the_plan_reads_back_with_its_times_in_the_runbook_zone(demo_workspace) -> None:
    project = project_id_of(demo_workspace)
    runbook_id = build_runbook(demo_workspace, project)
    view = runbook_view(demo_workspace, runbook_id)
    rows = {s.code: s for s in view.steps}
    assert [s.code for s in view.steps] == ["1", "2", "3", "4", "5", "6", "7", "R1", "R2"]
    assert rows["5"].predecessors == "4" and rows["5"].point_of_no_return
    assert rows["R1"].rollback_of == "4"
    timing = {s.code: t for s, t in zip(view.steps, view.timings, strict=True)}
    assert timing["1"].planned_start == WINDOW
    assert timing["7"].planned_finish == WINDOW + timedelta(minutes=160)
    assert timing["7"].planned_finish.tzinfo is not None
    # the rollback path is planned on its gate's no-go branch
    assert timing["R1"].planned_start == WINDOW + timedelta(minutes=95)
    assert view.planned_end == WINDOW + timedelta(minutes=160)
    assert view.critical_path == tuple(rows[c].id for c in ["1", "2", "3", "4", "5", "6", "7"])
    # the window closes at 23:59: the PM is told the plan does not fit
    assert any("41 min after the window closes" in w for w in view.warnings)
    (service,) = view.services
    assert (service.name, service.planned_minutes, service.rto_minutes) == ("ERP", 155, 150)
    assert any("ERP: outage 155 min exceeds its RTO of 150 min" in w for w in view.warnings)
    (summary,) = [s for s in list_runbooks(demo_workspace, project) if s.id == runbook_id]
    assert summary.streams == ("Comms", "Apps", "Storage", "Network")
    assert summary.step_count == 9


def test_bad_input_is_refused_with_the_reason_and_changes_nothing(demo_workspace) -> None:
    runbook_id = build_runbook(demo_workspace, project_id_of(demo_workspace))
    ids = _ids(demo_workspace, runbook_id)
    cases = [
        ("duration", "an hour", "not a duration"),
        ("predecessors", "9", "names no step"),
        ("predecessors", "7", "loop: "),
        ("kind", "meeting", "not one of"),
        ("owner", "Nobody Known", "resource pool"),
        ("rollback_of", "3", "not a go/no-go gate"),
        ("code", "2", "already has the ID"),
        ("fixed_time_zone", "Mars/Olympus", "Unknown time zone"),
    ]
    before = runbook_view(demo_workspace, runbook_id)
    for field, text, message in cases:
        with pytest.raises(RunbookEditError, match=message):
            UpdateStep(ids["3"], field, text).apply(demo_workspace)
    assert runbook_view(demo_workspace, runbook_id).steps == before.steps


def test_space_starts_then_finishes_and_the_forecast_follows(demo_workspace) -> None:
    runbook_id = build_runbook(demo_workspace, project_id_of(demo_workspace))
    ids = _ids(demo_workspace, runbook_id)
    run = _start_run(demo_workspace, runbook_id)
    _click(demo_workspace, run, ids["1"], 0)
    _click(demo_workspace, run, ids["1"], 5)
    with pytest.raises(RunbookEditError, match="waits for its predecessors \\(2\\)"):
        _click(demo_workspace, run, ids["3"], 6)
    _click(demo_workspace, run, ids["2"], 6)
    view = runbook_view(demo_workspace, runbook_id, run, now=WINDOW + timedelta(minutes=50))
    timing = {s.code: t for s, t in zip(view.steps, view.timings, strict=True)}
    assert timing["1"].state == "done"
    assert timing["2"].state == "running"  # planned 20 min, running for 44 now
    assert timing["2"].finish == WINDOW + timedelta(minutes=50)
    assert timing["2"].late_minutes == 25
    assert [s.code for s, _t in view.late] == ["2", "3", "4", "5", "6", "7"]
    assert view.forecast_end == WINDOW + timedelta(minutes=185)
    assert view.elapsed_minutes == 50
    with pytest.raises(RunbookEditError, match="already done"):
        _click(demo_workspace, run, ids["1"], 51)


def test_a_no_go_switches_the_forecast_to_the_rollback_path(demo_workspace) -> None:
    runbook_id = build_runbook(demo_workspace, project_id_of(demo_workspace))
    ids = _ids(demo_workspace, runbook_id)
    run = _start_run(demo_workspace, runbook_id)
    for code, start, finish in [("1", 0, 5), ("2", 5, 25), ("3", 25, 85)]:
        _click(demo_workspace, run, ids[code], start)
        _click(demo_workspace, run, ids[code], finish)
    plan_view = runbook_view(demo_workspace, runbook_id, run, now=WINDOW + timedelta(minutes=85))
    assert plan_view.rollback_end == WINDOW + timedelta(minutes=85 + 10 + 30 + 5)
    DecideGate(run, ids["4"], "no-go", "", WINDOW + timedelta(minutes=90)).apply(demo_workspace)
    view = runbook_view(demo_workspace, runbook_id, run, now=WINDOW + timedelta(minutes=90))
    timing = {s.code: t for s, t in zip(view.steps, view.timings, strict=True)}
    assert timing["4"].decision == "no-go" and timing["4"].decided_by == "Sponsor"
    assert timing["5"].state == "inactive" and timing["5"].start is None
    assert timing["R1"].state == "ready"
    assert view.forecast_end == WINDOW + timedelta(minutes=90 + 30 + 5)
    with pytest.raises(RunbookEditError, match="not on the path this run took"):
        _click(demo_workspace, run, ids["5"], 91)
    (service,) = view.services
    assert service.forecast_minutes is None  # the ERP does not come up on the new side


def test_skip_needs_a_reason_and_a_failed_validation_opens_an_issue(demo_workspace) -> None:
    project = project_id_of(demo_workspace)
    runbook_id = build_runbook(demo_workspace, project)
    ids = _ids(demo_workspace, runbook_id)
    run = _start_run(demo_workspace, runbook_id)
    with pytest.raises(RunbookEditError, match="Say why step 1 is skipped"):
        SkipStep(run, ids["1"], "  ", WINDOW).apply(demo_workspace)
    SkipStep(run, ids["1"], "Announced by e-mail already", WINDOW).apply(demo_workspace)
    failed = RecordValidation(
        run, ids["6"], "fail", "Login page returns 502", WINDOW + timedelta(minutes=3),
        open_issue=True,
    )
    changes = failed.apply(demo_workspace)
    assert failed.issue_code and changes.touches("risks")
    with demo_workspace.read_session() as session:
        issue = session.scalars(select(Issue).where(Issue.code == failed.issue_code)).one()
        assert "Smoke test" in issue.title and issue.description == "Login page returns 502"
    view = runbook_view(demo_workspace, runbook_id, run, now=WINDOW + timedelta(minutes=5))
    timing = {s.code: t for s, t in zip(view.steps, view.timings, strict=True)}
    assert timing["1"].state == "skipped"
    assert timing["1"].skipped_reason == "Announced by e-mail already"
    assert (timing["6"].result, timing["6"].issue_code) == ("fail", failed.issue_code)
    failed.revert(demo_workspace)  # undo removes the issue with the result
    with demo_workspace.read_session() as session:
        assert session.scalar(select(Issue.id).where(Issue.code == failed.issue_code)) is None


def test_the_live_run_drives_its_plan_task_and_undo_restores_it(demo_workspace) -> None:
    project = project_id_of(demo_workspace)
    task_id = cutover_task(demo_workspace, project)
    runbook_id = build_runbook(demo_workspace, project, task_id=task_id)
    ids = _ids(demo_workspace, runbook_id)
    with demo_workspace.read_session() as session:
        task = session.get(Task, task_id)
        assert task is not None
        before = (task.actual_start, task.actual_finish, task.start, task.finish)
    run = _start_run(demo_workspace, runbook_id, "live")
    with pytest.raises(RunbookEditError, match="already has its live run"):
        StartRun(runbook_id, "live").apply(demo_workspace)
    first = StepClick(run, ids["1"], WINDOW + timedelta(minutes=2))
    changes = first.apply(demo_workspace)
    assert changes.touches("tasks")
    with demo_workspace.read_session() as session:
        task = session.get(Task, task_id)
        assert task is not None
        assert task.actual_start == datetime(2026, 10, 24, 22, 2)  # the runbook's wall clock
        assert task.actual_finish is None
    first.revert(demo_workspace)
    with demo_workspace.read_session() as session:
        task = session.get(Task, task_id)
        assert task is not None
        assert (task.actual_start, task.actual_finish, task.start, task.finish) == before
        assert session.scalar(select(StepRecord.id).where(StepRecord.run_id == run)) is None


def test_a_fixed_time_across_the_october_dst_change(demo_workspace) -> None:
    """The window opens Saturday 22:00 CEST; at 03:00 CEST the clocks go back to 02:00 CET.
    A step fixed at 02:30 is ambiguous: it is the first 02:30 (CEST, 00:30 UTC), 150
    minutes after the start, and a step fixed at 04:00 CET is 06:00 - 03:00 UTC... 360
    minutes after the start, not 300 as the wall clocks suggest."""
    runbook_id = build_runbook(demo_workspace, project_id_of(demo_workspace))
    ids = _ids(demo_workspace, runbook_id)
    UpdateStep(ids["1"], "fixed_time", "02:30").apply(demo_workspace)
    UpdateStep(ids["R1"], "predecessors", "").apply(demo_workspace)
    UpdateStep(ids["2"], "fixed_time", "2026-10-25 04:00").apply(demo_workspace)
    UpdateStep(ids["2"], "fixed_time_zone", "CET").apply(demo_workspace)
    UpdateStep(ids["3"], "fixed_time", "2026-10-25 03:00").apply(demo_workspace)
    UpdateStep(ids["3"], "fixed_time_zone", "UTC").apply(demo_workspace)
    view = runbook_view(demo_workspace, runbook_id)
    timing = {s.code: t for s, t in zip(view.steps, view.timings, strict=True)}
    one = timing["1"].planned_start
    assert one is not None and one.astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert one.utcoffset() == timedelta(hours=2)  # still summer time
    two = timing["2"].planned_start
    assert two is not None and two.astimezone(UTC) == datetime(2026, 10, 25, 3, 0, tzinfo=UTC)
    assert two.utcoffset() == timedelta(hours=1)  # winter time
    assert two - WINDOW == timedelta(minutes=360)
    three = timing["3"].planned_start  # 03:00 UTC is 04:00 CET too, and 2 ends at 03:20 UTC
    assert three is not None and three.astimezone(UTC) == datetime(2026, 10, 25, 3, 20, tzinfo=UTC)
    assert str(view.steps[0].fixed_time) == "2026-10-25 02:30:00"


def test_the_rehearsals_compare_with_the_plan(demo_workspace) -> None:
    runbook_id = build_runbook(demo_workspace, project_id_of(demo_workspace))
    ids = _ids(demo_workspace, runbook_id)
    rehearsal_day = datetime(2026, 10, 10, 20, 0, tzinfo=PARIS)
    run = _start_run(demo_workspace, runbook_id, started=rehearsal_day)
    for code, start, finish in [("1", 0, 5), ("2", 5, 40), ("3", 40, 130)]:
        _click(demo_workspace, run, ids[code], start, rehearsal_day)
        _click(demo_workspace, run, ids[code], finish, rehearsal_day)
    comparison = compare_runs(demo_workspace, runbook_id)
    assert [r.name for r in comparison.runs] == ["Rehearsal 1"]
    steps = {s.code: s for s in comparison.steps}
    assert (steps["2"].planned_minutes, steps["2"].minutes) == (20, (35,))
    assert (steps["3"].planned_offset, steps["3"].offsets) == (25, (40,))
    streams = {s.stream: s for s in comparison.streams}
    assert streams["Storage"].minutes == (90,)
    assert comparison.totals == (130,)
    assert comparison.planned_total == 160


def test_deleting_steps_takes_their_records_and_undo_brings_all_back(demo_workspace) -> None:
    runbook_id = build_runbook(demo_workspace, project_id_of(demo_workspace))
    ids = _ids(demo_workspace, runbook_id)
    run = _start_run(demo_workspace, runbook_id)
    _click(demo_workspace, run, ids["1"], 0)
    before = runbook_view(demo_workspace, runbook_id, run, now=WINDOW)
    delete = DeleteSteps([ids["1"], ids["4"]])
    delete.apply(demo_workspace)
    after = runbook_view(demo_workspace, runbook_id, run, now=WINDOW)
    assert [s.code for s in after.steps] == ["2", "3", "5", "6", "7", "R1", "R2"]
    delete.revert(demo_workspace)
    again = runbook_view(demo_workspace, runbook_id, run, now=WINDOW)
    assert again.steps == before.steps and again.timings == before.timings


def test_a_live_run_linked_to_a_summary_leaves_its_subtasks_alone(demo_workspace) -> None:
    """A summary's actual dates are its subtasks': the run does not invent them."""
    project = project_id_of(demo_workspace)
    with demo_workspace.read_session() as session:
        summary = session.scalar(
            select(Task.id).where(Task.project_id == project, Task.parent_id.is_(None))
        )
        leaves_before = session.execute(
            select(Task.id, Task.actual_start).where(Task.project_id == project)
        ).all()
    runbook_id = build_runbook(demo_workspace, project, task_id=summary)
    ids = _ids(demo_workspace, runbook_id)
    run = _start_run(demo_workspace, runbook_id, "live")
    changes = StepClick(run, ids["1"], WINDOW).apply(demo_workspace)
    assert not changes.touches("tasks")
    with demo_workspace.read_session() as session:
        assert session.execute(
            select(Task.id, Task.actual_start).where(Task.project_id == project)
        ).all() == leaves_before


def test_undo_and_redo_of_an_added_step_keep_its_id_and_code(demo_workspace) -> None:
    runbook_id = build_runbook(demo_workspace, project_id_of(demo_workspace))
    add = AddStep(runbook_id, values={"code": "8", "title": "Hypercare", "duration": "1h"})
    add.apply(demo_workspace)
    first = runbook_view(demo_workspace, runbook_id).steps[-1]
    add.revert(demo_workspace)
    assert "8" not in [s.code for s in runbook_view(demo_workspace, runbook_id).steps]
    add.apply(demo_workspace)  # redo
    again = runbook_view(demo_workspace, runbook_id).steps[-1]
    assert (again.id, again.code, again.title, again.duration_minutes) == (
        first.id, "8", "Hypercare", 60)
