"""Assignment costs, and the planned cost (fixed + assignments) every reader agrees on."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import select, update

from infradesk.model import Assignment, BaselineTask, Resource, Task
from infradesk.services.plan.baselines import save_baseline
from infradesk.services.plan.earned_value import earned_value_in
from infradesk.services.plan.field_edits import UpdateTask
from infradesk.services.plan.outline import load_outline
from infradesk.services.resources.assignments import SetAssignments, recost_assignments
from infradesk.services.resources.costs import assignment_cost, planned_costs
from infradesk.services.status import facts as status_facts
from tests.services.plan.task_plan import plan

__all__ = ["plan"]


def test_what_an_assignment_costs() -> None:
    # a person: 16 h x 50.00 + 20.00 per use
    assert assignment_cost("work", 1.0, 960, Decimal("50"), Decimal("20")) == Decimal("820.00")
    # a material: 200 m x 1.25 (its rate is per unit) + 10.00 delivery
    assert assignment_cost("material", 200.0, 0, Decimal("1.25"), Decimal("10")) == Decimal(
        "260.00"
    )
    # a cost resource: its cost per use
    assert assignment_cost("cost", 1.0, 0, Decimal("99"), Decimal("300")) == Decimal("300.00")
    # to the cent: 7 min at 10.00/h
    assert assignment_cost("work", 1.0, 7, Decimal("10"), Decimal(0)) == Decimal("1.17")


def _pool(workspace) -> None:
    with workspace.session() as s:
        s.add_all(
            [
                Resource(name="Alice", rate_per_hour=Decimal("50"), cost_per_use=Decimal("20")),
                Resource(name="Fibre", kind="material", rate_per_hour=Decimal("1.25")),
                Resource(name="Travel", kind="cost", cost_per_use=Decimal("300")),
            ]
        )


def _costs(workspace, task_id: int) -> dict[str, Decimal]:
    with workspace.session() as s:
        return dict(
            s.execute(
                select(Resource.name, Assignment.cost)
                .join(Resource, Resource.id == Assignment.resource_id)
                .where(Assignment.task_id == task_id)
            ).all()
        )


def test_assignments_are_costed_when_made_and_when_work_changes(workspace, plan) -> None:
    pid, ids = plan
    _pool(workspace)
    SetAssignments(pid, ids["A"], "Alice[50%]; Fibre[200 m]; Travel").apply(workspace)
    # A lasts 2 days: Alice works 8 h at 50 % -> 8 x 50 + 20
    assert _costs(workspace, ids["A"]) == {
        "Alice": Decimal("420.00"),
        "Fibre": Decimal("250.00"),
        "Travel": Decimal("300.00"),
    }
    edit = UpdateTask(pid, ids["A"], {"duration_minutes": 4 * 480})  # work doubles
    changes = edit.apply(workspace)
    assert _costs(workspace, ids["A"])["Alice"] == Decimal("820.00")
    assert changes.assigned is not None and changes.assigned[ids["A"]].cost == Decimal("1370.00")
    edit.revert(workspace)
    assert _costs(workspace, ids["A"])["Alice"] == Decimal("420.00")


def test_a_new_rate_costs_the_assignments_again(workspace, plan) -> None:
    pid, ids = plan
    _pool(workspace)
    SetAssignments(pid, ids["A"], "Alice").apply(workspace)
    SetAssignments(pid, ids["B"], "Travel").apply(workspace)
    with workspace.session() as s:
        alice = s.scalar(select(Resource).where(Resource.name == "Alice"))
        alice.rate_per_hour = Decimal("100")
        s.flush()
        assert recost_assignments(s, [alice.id]) == {ids["A"]}
        assert recost_assignments(s, [alice.id]) == set()  # nothing left to change
    assert _costs(workspace, ids["A"]) == {"Alice": Decimal("1620.00")}  # 16 h x 100 + 20


def test_every_reader_of_the_planned_cost_adds_the_assignments(workspace, plan) -> None:
    """The Gantt's Cost column, a baseline's cost (earned value's BAC) and the report's facts
    all read fixed cost + assignment costs."""
    pid, ids = plan
    _pool(workspace)
    with workspace.session() as s:
        s.execute(update(Task).where(Task.id == ids["A"]).values(cost=Decimal("1000")))
    SetAssignments(pid, ids["A"], "Alice").apply(workspace)  # 16 h x 50 + 20 = 820
    SetAssignments(pid, ids["D"], "Travel").apply(workspace)  # 300
    with workspace.session() as s:
        planned = planned_costs(s, pid)
        assert planned[ids["A"]] == Decimal("1820.00")
        assert planned[ids["D"]] == Decimal("300.00")
        outline = load_outline(s, pid)
        a, phase = outline.row_of[ids["A"]], outline.row_of[ids["Phase"]]
        assert outline.cost[a] == Decimal("1820.00")
        assert outline.fixed_cost(a) == Decimal("1000.00")  # what the Cost cell edits
        assert outline.cost[phase] == Decimal("1820.00")  # the summary rolls it up
        assert outline.assigned[a] == "Alice"
        baseline = save_baseline(s, pid, "Plan")
        saved = dict(
            s.execute(
                select(BaselineTask.task_id, BaselineTask.cost).where(
                    BaselineTask.baseline_id == baseline.id
                )
            ).all()
        )
        assert saved[ids["A"]] == Decimal("1820.00") and saved[ids["Phase"]] == Decimal("1820.00")
        view = earned_value_in(s, pid, datetime(2026, 6, 1, 8, 0), curve=False)
        assert view.figures is not None
        assert view.figures.project.bac == Decimal("2120.00")  # 1820 + 300
        plan_facts = status_facts._load_tasks(s, pid)
        assert plan_facts.facts[ids["A"]].cost == Decimal("1820.00")
    # the Cost cell's edit keeps the assignments' part
    UpdateTask(pid, ids["A"], {"cost": Decimal("500")}).apply(workspace)
    with workspace.session() as s:
        assert planned_costs(s, pid)[ids["A"]] == Decimal("1320.00")


def test_the_sheet_rate_edit_costs_again_and_undo_restores(workspace, plan) -> None:
    from infradesk.services.resources.commands import EditResourceField

    pid, ids = plan
    _pool(workspace)
    SetAssignments(pid, ids["A"], "Alice").apply(workspace)
    before = _costs(workspace, ids["A"])
    with workspace.read_session() as s:
        alice_id = s.scalar(select(Resource.id).where(Resource.name == "Alice"))
    edit = EditResourceField(alice_id, "rate_per_hour", "100")
    changes = edit.apply(workspace)
    assert changes.touches("tasks")  # the Gantt's Cost column shows the new planned cost
    assert _costs(workspace, ids["A"]) == {"Alice": Decimal("1620.00")}  # 16 h x 100 + 20
    edit.revert(workspace)
    assert _costs(workspace, ids["A"]) == before
