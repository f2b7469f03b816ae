"""Baseline cost, the earned-value baseline and the earned-value service on a small project
whose figures are computed by hand below.

The plan (task_plan.plan): Mon 2026-03-02 08:00, 08-12/13-17 Mon-Fri; Phase(A, B, C), D;
A -> B FS. A: Mon-Tue (cost 1000), B: Wed-Thu (2000), C: Mon-Tue (500), D: Mon (no cost).
The baseline is saved before any progress. As of Wed 2026-03-04 17:00:
  A done (AC 1200), B 25 % (own AC 300 + an invoice of 400 on it), C not started (an invoice
  of 250 on it: paid in advance, not a cost of work performed).
  PV = A 1000 + B 2000 x 480/960 + C 500 = 2500; EV = 1000 + 500 = 1500;
  AC = 1200 + 700 = 1900; BAC = 3500; SPI = 0.6; CPI = 1500/1900; EAC = 3500 x 1900/1500.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest
from sqlalchemy import select, update

from infradesk.model import Baseline, BaselineTask, PurchaseOrder, Vendor
from infradesk.services.plan.baselines import (
    ChooseBaseline,
    SaveBaseline,
    current_baseline_id,
)
from infradesk.services.plan.earned_value import earned_value_view
from infradesk.services.plan.field_edits import UpdateTask
from infradesk.services.plan.progress_edits import MarkDoneAsPlanned, SetPercentComplete

D = datetime
STATUS = D(2026, 3, 4, 17)


def costs(workspace, pid, ids) -> None:
    for name, cost in (("A", 1000), ("B", 2000), ("C", 500), ("Phase", 99)):
        UpdateTask(pid, ids[name], {"cost": Decimal(cost)}).apply(workspace)


def baseline_costs(workspace, baseline_id) -> dict[int, Decimal]:
    with workspace.session() as s:
        return dict(
            s.execute(
                select(BaselineTask.task_id, BaselineTask.cost).where(
                    BaselineTask.baseline_id == baseline_id
                )
            ).all()
        )


def test_a_baseline_saves_cost_and_a_summary_the_sum_of_its_tasks(workspace, plan) -> None:
    pid, ids = plan
    costs(workspace, pid, ids)
    save = SaveBaseline(pid, "Approved")
    save.apply(workspace)
    assert save.baseline_id is not None
    saved = baseline_costs(workspace, save.baseline_id)
    assert saved[ids["A"]] == Decimal(1000) and saved[ids["D"]] == 0
    assert saved[ids["Phase"]] == Decimal(3500)  # its own 99 is not added


def test_the_earned_value_baseline_is_chosen_or_the_latest(workspace, plan) -> None:
    pid, _ = plan
    first, second = SaveBaseline(pid, "First"), SaveBaseline(pid, "Second")
    first.apply(workspace)
    with workspace.session() as s:  # created a minute apart
        s.execute(
            update(Baseline)
            .where(Baseline.id == first.baseline_id)
            .values(created_at=D(2026, 3, 1, 9))
        )
    second.apply(workspace)
    with workspace.session() as s:
        assert current_baseline_id(s, pid) == second.baseline_id
    choose = ChooseBaseline(pid, first.baseline_id)
    choose.apply(workspace)
    with workspace.session() as s:
        assert current_baseline_id(s, pid) == first.baseline_id
    choose.revert(workspace)
    with workspace.session() as s:
        assert current_baseline_id(s, pid) == second.baseline_id
        # saving made the new one current: undoing the choice gives it back
        assert list(s.scalars(select(Baseline.id).where(Baseline.for_earned_value))) == [
            second.baseline_id
        ]


def test_earned_value_of_a_hand_computed_project(workspace, plan) -> None:
    pid, ids = plan
    costs(workspace, pid, ids)
    SaveBaseline(pid, "Approved").apply(workspace)
    MarkDoneAsPlanned(pid, [ids["A"]]).apply(workspace)
    UpdateTask(pid, ids["A"], {"actual_cost": Decimal(1200)}).apply(workspace)
    SetPercentComplete(pid, [ids["B"]], 25).apply(workspace)
    UpdateTask(pid, ids["B"], {"actual_cost": Decimal(300)}).apply(workspace)
    with workspace.session() as s:
        vendor = Vendor(project_id=pid, name="Racks Ltd")
        s.add(vendor)
        s.flush()
        s.add_all(
            [
                PurchaseOrder(vendor_id=vendor.id, task_id=ids["B"], invoiced=Decimal(400)),
                PurchaseOrder(vendor_id=vendor.id, task_id=ids["C"], invoiced=Decimal(250)),
            ]
        )
    view = earned_value_view(workspace, pid, STATUS)
    assert view.baseline_name == "Approved" and view.figures is not None
    project = view.figures.project
    assert (project.bac, project.pv, project.ev, project.ac) == (3500, 2500, 1500, 1900)
    assert project.spi == pytest.approx(0.6)
    assert project.cpi == pytest.approx(1500 / 1900)
    assert project.eac == Decimal(3500) * 1900 / 1500
    assert view.invoiced_not_counted == Decimal(250)  # C has not started: not AC
    b = view.figures.tasks[ids["B"]]
    assert (b.pv, b.ev, b.ac) == (1000, 500, 700)
    assert view.figures.tasks[ids["C"]].ac == 0
    phase = view.figures.tasks[ids["Phase"]]
    assert (phase.bac, phase.ac) == (3500, 1900)
    assert view.curve and view.curve[-1].pv == 3500
    # once C starts, its invoice is a cost of the work
    SetPercentComplete(pid, [ids["C"]], 10).apply(workspace)
    later = earned_value_view(workspace, pid, STATUS, curve=False)
    assert later.figures is not None and later.figures.project.ac == 2150
    assert later.invoiced_not_counted == 0


def test_without_a_baseline_the_service_says_what_to_do(workspace, plan) -> None:
    pid, _ = plan
    view = earned_value_view(workspace, pid, STATUS)
    assert view.figures is None and "Save a baseline first" in view.message
