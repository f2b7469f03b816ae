"""Conflicts read from a real workspace, and the undoable edits of the change calendar."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from infradesk.model import ChangeWindow, Task
from infradesk.services.governance.conflict_data import read_conflicts
from infradesk.services.governance.windows import (
    AddWindow,
    DeleteWindows,
    EditWindow,
    WindowEditError,
    load_windows,
)
from infradesk.services.plan.scheduling import reschedule
from tests.services.governance.conflict_scenario import build, dt

TODAY = date(2026, 12, 1)


def test_every_rule_read_from_the_workspace(workspace) -> None:
    s = build(workspace)
    found = read_conflicts(workspace, TODAY)
    core = found.of_change(s.cr_core)
    assert core == (
        "Scheduled before CAB review on 2026-12-11 (starts 2026-12-10 10:00)",
        "Overlaps CR-001 (Wave 2) on SAN (2026-12-10 12:00–16:00)",
        "Anna Ng is booked then: task 'Rack install' (Wave 2) 2026-12-10 08:00–17:00",
    )
    # a standard change is exempt from the CAB rule; it still collides on SAN
    assert found.of_change(s.cr_wave) == ("Overlaps CR-001 (Core) on SAN (2026-12-10 10:00–14:00)",)
    assert found.of_change(s.cr_clean) == ()
    # the production-change task inside the project calendar's freeze (last day included)
    assert found.of_task(s.cutover) == (
        "Inside calendar freeze 'Audit freeze' (2026-12-24 00:00 – 12-27 00:00, all services)",
    )
    assert found.task_messages(s.core) == {s.cutover: found.of_task(s.cutover)}
    assert [r.label for r in found.for_project(s.core)] == ["CR-001", "Cutover SAN"]


def test_a_change_implemented_by_a_task_takes_its_dates_and_marks_it(workspace) -> None:
    s = build(workspace)
    with workspace.session() as session:
        from infradesk.model import ChangeRequest

        change = session.get(ChangeRequest, s.cr_clean)
        change.window_start = change.window_finish = None
        change.task_id = s.cutover  # the cutover task implements it
    found = read_conflicts(workspace, TODAY)
    assert found.of_change(s.cr_clean)[0].startswith("Inside calendar freeze 'Audit freeze'")
    assert found.of_task(s.cutover) == ()  # the change speaks for its task now
    assert found.task_messages(s.core)[s.cutover][0].startswith("CR-002: Inside")


def test_rejected_changes_are_not_checked(workspace) -> None:
    s = build(workspace)
    with workspace.session() as session:
        from infradesk.model import ChangeRequest

        session.get(ChangeRequest, s.cr_wave).status = "rejected"
    found = read_conflicts(workspace, TODAY)
    assert found.of_change(s.cr_wave) == ()
    assert not any("Overlaps" in m for m in found.of_change(s.cr_core))


def _schedule_all(workspace, s) -> None:
    with workspace.session() as session:
        reschedule(session, s.core)
        reschedule(session, s.wave)


def _task_dates(workspace) -> dict[int, tuple]:
    with workspace.read_session() as session:
        return {t.id: (t.start, t.finish) for t in session.scalars(select(Task))}


def test_a_shared_freeze_flags_both_projects_and_undo_restores_exactly(workspace) -> None:
    s = build(workspace)
    found = read_conflicts(workspace, TODAY)
    assert not any("SAN freeze" in m for m in found.of_change(s.cr_core))
    _schedule_all(workspace, s)
    before = _task_dates(workspace)
    command = AddWindow(
        {
            "name": "SAN freeze",
            "kind": "freeze",
            "start": "2026-12-10 00:00",
            "finish": "2026-12-11 00:00",
            "services": "SAN ; ",
            "project_id": None,
        },
        project_id=s.core,
    )
    changes = command.apply(workspace)
    assert changes.touches("tasks")  # the Gantt redraws
    assert command.rescheduled == [s.core, s.wave]  # a shared freeze: every plan
    rows = load_windows(workspace, s.wave)
    assert [(r.name, r.shared, r.services, r.when) for r in rows] == [
        ("SAN freeze", True, "SAN", "2026-12-10 00:00 – 12-11 00:00")
    ]
    found = read_conflicts(workspace, TODAY)
    assert found.of_change(s.cr_core)[0].startswith("Inside workspace freeze 'SAN freeze'")
    assert found.of_change(s.cr_wave)[0].startswith("Inside workspace freeze 'SAN freeze'")
    command.revert(workspace)
    assert load_windows(workspace, s.core) == []
    assert _task_dates(workspace) == before
    command.apply(workspace)  # redo puts the same row back
    assert [r.id for r in load_windows(workspace, None)] == [command.window_id]


def test_a_project_window_is_seen_by_its_project_only(workspace) -> None:
    s = build(workspace)
    AddWindow(
        {
            "name": "Wave freeze",
            "kind": "blackout",
            "start": dt("2026-12-10 15:00"),
            "finish": dt("2026-12-10 18:00"),
            "project_id": s.wave,
        }
    ).apply(workspace)
    assert [r.name for r in load_windows(workspace, s.wave)] == ["Wave freeze"]
    assert load_windows(workspace, s.core) == []
    found = read_conflicts(workspace, TODAY)
    assert found.of_change(s.cr_wave)[0].startswith("Inside project blackout 'Wave freeze'")
    assert not any("Wave freeze" in m for m in found.of_change(s.cr_core))


def test_edit_and_delete_windows_with_undo(workspace) -> None:
    s = build(workspace)
    add = AddWindow(
        {
            "name": "Maint",
            "kind": "maintenance",
            "start": "2026-12-10 09:00",
            "finish": "2026-12-10 15:00",
            "services": "SAN",
        }
    )
    add.apply(workspace)
    assert add.window_id is not None
    found = read_conflicts(workspace, TODAY)
    assert found.of_change(s.cr_wave)[0].startswith("Outside the maintenance windows")
    edit = EditWindow(add.window_id, {"finish": "2026-12-10 18:00", "name": "Long maint"})
    edit.apply(workspace)
    assert [r.name for r in load_windows(workspace, None)] == ["Long maint"]
    assert not any(
        "maintenance" in m for m in read_conflicts(workspace, TODAY).of_change(s.cr_wave)
    )
    edit.revert(workspace)
    assert [(r.name, r.finish) for r in load_windows(workspace, None)] == [
        ("Maint", dt("2026-12-10 15:00"))
    ]
    delete = DeleteWindows({add.window_id})
    delete.apply(workspace)
    assert load_windows(workspace, None) == []
    delete.revert(workspace)
    assert [r.id for r in load_windows(workspace, None)] == [add.window_id]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"name": "", "start": "2026-12-10 00:00", "finish": "2026-12-11 00:00"}, "Name"),
        ({"name": "x", "start": "tomorrow", "finish": "2026-12-11 00:00"}, "Start: 'tomorrow'"),
        (
            {"name": "x", "start": "2026-12-10 22:00", "finish": "2026-12-10 02:00"},
            "End: 2026-12-10 02:00 is not after the start",
        ),
        (
            {
                "name": "x",
                "kind": "party",
                "start": "2026-12-10 00:00",
                "finish": "2026-12-11 00:00",
            },
            "Kind: 'party'",
        ),
    ],
)
def test_bad_windows_are_refused_and_nothing_changes(workspace, values, message) -> None:
    build(workspace)
    with pytest.raises(WindowEditError, match=message):
        AddWindow(values).apply(workspace)
    with workspace.read_session() as session:
        assert session.scalars(select(ChangeWindow)).all() == []


def test_a_shared_freeze_in_the_demo_reschedules_and_undoes(demo_workspace) -> None:
    before = _task_dates(demo_workspace)
    command = AddWindow(
        {"name": "Freeze", "start": "2026-01-01 00:00", "finish": "2027-12-31 00:00"}
    )
    command.apply(demo_workspace)
    assert command.rescheduled
    command.revert(demo_workspace)
    assert _task_dates(demo_workspace) == before


def test_one_project_and_the_whole_workspace_agree(workspace) -> None:
    s = build(workspace)
    with workspace.session() as session:
        from infradesk.model import ChangeRequest

        session.get(ChangeRequest, s.cr_wave).implementer = "Anna Ng"  # Anna on both changes
    from infradesk.services.governance.conflict_data import workspace_conflicts

    with workspace.read_session() as session:
        whole = workspace_conflicts(session, TODAY)
        wave = workspace_conflicts(session, TODAY, s.wave)
        core = workspace_conflicts(session, TODAY, s.core)
    assert [r.project_id for r in wave.rows] == [s.wave]
    assert wave.of_change(s.cr_wave) == whole.of_change(s.cr_wave)
    assert core.of_change(s.cr_core) == whole.of_change(s.cr_core)
    assert any(
        "Anna Ng is booked then: task 'Rack install' (Wave 2)" in m and "CR-001 (Core)" in m
        for m in whole.of_change(s.cr_wave)
    ), whole.of_change(s.cr_wave)
