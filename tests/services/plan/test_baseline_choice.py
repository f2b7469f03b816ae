"""The current baseline (issue 17): one per project that the outline, the weekly report and
earned value compare with; saving makes the new one current and keeps the others; choose,
rename and delete are undoable commands, each in one transaction."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from infradesk.model import Baseline, BaselineTask, ChangeRequest, Project
from infradesk.services.plan.baselines import (
    BaselineError,
    ChooseBaseline,
    DeleteBaseline,
    RenameBaseline,
    SaveBaseline,
    current_baseline_id,
    load_baselines,
)
from infradesk.services.plan.earned_value import earned_value_view
from infradesk.services.plan.outline import load_outline
from infradesk.services.risks.actions import ApproveChange
from tests.rows import content


def dump(workspace: Any) -> tuple[list[tuple[Any, ...]], ...]:
    """Every baseline row, baseline task row and change request row, as stored."""
    with workspace.session() as s:
        return tuple(
            sorted(tuple(r) for r in s.execute(content(table)))
            for table in (Baseline.__table__, BaselineTask.__table__, ChangeRequest.__table__)
        )


def demo(workspace: Any) -> int:
    with workspace.session() as s:
        project_id = s.scalar(select(Project.id))
        assert project_id is not None
        return project_id


def current(workspace: Any, project_id: int) -> str:
    """The name of the baseline the outline (the chart) compares with."""
    with workspace.read_session() as s:
        outline = load_outline(s, project_id)
        assert outline.baseline_name == next(
            b.name for b in load_baselines(workspace, project_id) if b.current
        )
        assert current_baseline_id(s, project_id) is not None
    view = earned_value_view(workspace, project_id, curve=False)
    assert view.baseline_name == outline.baseline_name  # earned value agrees with the chart
    return outline.baseline_name


def test_saving_makes_the_new_baseline_current_and_keeps_the_old(demo_workspace) -> None:
    pid = demo(demo_workspace)
    assert current(demo_workspace, pid) == "Approved plan"  # the demo's, chosen
    before = dump(demo_workspace)
    save = SaveBaseline(pid, "Week 49")
    save.apply(demo_workspace)
    assert current(demo_workspace, pid) == "Week 49"
    assert [b.name for b in load_baselines(demo_workspace, pid)] == ["Approved plan", "Week 49"]
    save.revert(demo_workspace)
    assert dump(demo_workspace) == before and current(demo_workspace, pid) == "Approved plan"


def test_approving_with_a_baseline_makes_it_current_and_undo_gives_back(demo_workspace) -> None:
    pid = demo(demo_workspace)
    with demo_workspace.session() as s:
        change = s.scalar(select(ChangeRequest.id).where(ChangeRequest.code == "CR-002"))
    before = dump(demo_workspace)
    approve = ApproveChange(pid, change, "CAB", baseline_name="After CR-002")
    approve.apply(demo_workspace)
    assert current(demo_workspace, pid) == "After CR-002"
    approve.revert(demo_workspace)
    assert dump(demo_workspace) == before and current(demo_workspace, pid) == "Approved plan"
    plain = ApproveChange(pid, change, "CAB")  # no baseline asked: the comparison stays
    plain.apply(demo_workspace)
    assert current(demo_workspace, pid) == "Approved plan"


def test_choose_rename_and_delete_are_exact_undo_steps(demo_workspace) -> None:
    pid = demo(demo_workspace)
    SaveBaseline(pid, "Re-plan").apply(demo_workspace)
    infos = {b.name: b.id for b in load_baselines(demo_workspace, pid)}
    for command, expected in (
        (ChooseBaseline(pid, infos["Approved plan"], "Approved plan"), "Approved plan"),
        (RenameBaseline(pid, infos["Re-plan"], "  After CR-003 "), "After CR-003"),
        (DeleteBaseline(pid, infos["Re-plan"], "Re-plan"), "Approved plan"),
    ):
        before = dump(demo_workspace)
        command.apply(demo_workspace)
        assert current(demo_workspace, pid) == expected
        after = dump(demo_workspace)
        command.revert(demo_workspace)
        assert dump(demo_workspace) == before and current(demo_workspace, pid) == "Re-plan"
        command.apply(demo_workspace)  # redo: the same rows, same ids
        assert dump(demo_workspace) == after
        command.revert(demo_workspace)


def test_deleting_a_baseline_a_change_request_saved_restores_the_link(demo_workspace) -> None:
    pid = demo(demo_workspace)
    with demo_workspace.session() as s:
        change = s.scalar(select(ChangeRequest.id).where(ChangeRequest.code == "CR-002"))
    ApproveChange(pid, change, "CAB", baseline_name="After CR-002").apply(demo_workspace)
    saved = next(b for b in load_baselines(demo_workspace, pid) if b.name == "After CR-002")
    before = dump(demo_workspace)
    delete = DeleteBaseline(pid, saved.id, saved.name)
    delete.apply(demo_workspace)
    with demo_workspace.session() as s:
        assert s.get(ChangeRequest, change).baseline_id is None
        assert not s.scalars(select(BaselineTask).where(BaselineTask.baseline_id == saved.id)).all()
    assert current(demo_workspace, pid) == "Approved plan"  # the latest left
    delete.revert(demo_workspace)
    assert dump(demo_workspace) == before


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (lambda pid, ids: RenameBaseline(pid, ids["Re-plan"], "Approved plan"), "already has"),
        (lambda pid, ids: RenameBaseline(pid, ids["Re-plan"], " "), "needs a name"),
        (lambda pid, ids: DeleteBaseline(pid, 9999), "no longer exists"),
        (lambda pid, ids: ChooseBaseline(pid + 1, ids["Re-plan"]), "no longer exists"),
    ],
)
def test_refusals_change_nothing(demo_workspace, command, message) -> None:
    pid = demo(demo_workspace)
    SaveBaseline(pid, "Re-plan").apply(demo_workspace)
    ids = {b.name: b.id for b in load_baselines(demo_workspace, pid)}
    before = dump(demo_workspace)
    with pytest.raises(BaselineError, match=message):
        command(pid, ids).apply(demo_workspace)
    assert dump(demo_workspace) == before
