"""The demo's cutover runbook (issue 19): its shape, its links, its window and its rehearsal,
and the demo workspace that carries it."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from infradesk.interchange.json_runbooks import runbook_from_json
from infradesk.interchange.runbook_check import check_runbook
from infradesk.model import Project, Runbook, RunbookRun, RunbookStep, StepRecord, Task
from infradesk.schedule.runbook import RunbookCycleError, RunbookNetwork, StepInput
from infradesk.services.demo import runbook_content as rc
from infradesk.services.demo.pool import POOL
from infradesk.services.demo.seed import create_demo_project, demo_document

PARIS = ZoneInfo("Europe/Paris")
WINDOW = datetime(2027, 2, 26, 18, 0, tzinfo=PARIS)
# the last Saturday of October: the window's night is the one before the clocks go back
AUTUMN = datetime(2026, 10, 23, 18, 0, tzinfo=PARIS)


def runbook(window: datetime = WINDOW) -> dict[str, Any]:
    return rc.demo_runbook_json(window, 42, "CR-004")


def network(doc: dict[str, Any], window: datetime) -> tuple[RunbookNetwork, dict[str, int]]:
    keys = {step["code"]: index for index, step in enumerate(doc["steps"])}
    steps = [
        StepInput(
            key=keys[step["code"]],
            duration=step["duration_minutes"],
            predecessors=tuple(
                (keys[link["step"]], link["type"], link["lag_minutes"])
                for link in step["predecessors"]
            ),
            not_before=rc.fixed_minute(window, step["code"]),
            rollback_of=keys[step["rollback_of"]] if step["rollback_of"] else None,
            gate=step["kind"] == "gate",
        )
        for step in doc["steps"]
    ]
    return RunbookNetwork(steps), keys


def minutes(window: datetime, text: str) -> float:
    return (datetime.fromisoformat(text) - window).total_seconds() / 60


def test_shape() -> None:
    doc = runbook()
    steps = doc["steps"]
    assert 70 <= len(steps) <= 90
    assert {step["stream"] for step in steps} == set(rc.STREAMS) and len(rc.STREAMS) == 5
    gates = [step for step in steps if step["kind"] == "gate"]
    assert len(gates) == 1
    gate = gates[0]
    assert gate["decision_maker"] == "Alex Morgan" and 3 <= len(gate["criteria"]) <= 5
    rollback = [step for step in steps if step["kind"] == "rollback"]
    assert len(rollback) >= 5 and all(s["rollback_of"] == gate["code"] for s in rollback)
    kinds = {step["kind"] for step in steps}
    assert kinds == {"task", "gate", "validation", "communication", "rollback"}
    for step in steps:
        if step["kind"] == "communication":
            assert step["audience"] and step["message"], step["code"]
    fixed = [step for step in steps if step["fixed_time"]]
    assert 3 <= len(fixed) <= 4
    assert {step["fixed_time_zone"] for step in fixed} == {"CET", "UTC"}
    assert {s["name"] for s in doc["services"]} == {"ERP", "Email", "File shares"}
    # the JSON reader and the document's rules take it as it is
    check_runbook(runbook_from_json(doc, "runbook"), "runbook", {42}, {"CR-004"})


def test_point_of_no_return_follows_the_gate() -> None:
    doc = runbook()
    net, keys = network(doc, WINDOW)
    marked = [step["code"] for step in doc["steps"] if step["point_of_no_return"]]
    assert len(marked) == 1
    assert keys[marked[0]] in net.following(keys[rc.GATE])


def test_links_name_steps_and_do_not_loop() -> None:
    doc = runbook()
    codes = {step["code"] for step in doc["steps"]}
    for step in doc["steps"]:
        assert {link["step"] for link in step["predecessors"]} <= codes, step["code"]
    try:
        network(doc, WINDOW)
    except RunbookCycleError as error:  # pragma: no cover - the message names the loop
        pytest.fail(f"the demo runbook loops: {error.keys}")


def test_owners_are_the_demo_pool() -> None:
    names = {member.name for member in POOL if member.kind == "work"}
    for step in runbook()["steps"]:
        assert step["owner"] in names and step["backup_owner"] in names, step["code"]
        assert step["owner"] != step["backup_owner"], step["code"]


@pytest.mark.parametrize("window", [WINDOW, AUTUMN, datetime(2027, 7, 2, 18, tzinfo=PARIS)])
def test_plan_and_rollback_fit_the_window(window: datetime) -> None:
    doc = runbook(window)
    length = minutes(window, doc["window_end"])
    assert length == 28 * 60
    net, keys = network(doc, window)
    plan = net.plan()
    assert 20 * 60 <= plan.end <= length - 90  # contingency left before the window closes
    rollback_end = net.rollback_finish(keys[rc.GATE])
    assert rollback_end is not None and rollback_end <= length
    for name, rto, down, up in rc.SERVICES:
        outage = plan.finish[keys[up]] - plan.start[keys[down]]
        assert 0 < outage <= rto, name
        assert outage <= doc["outage_budget_minutes"]
    # the fixed times: the bridge at the window's start, the outage at midnight
    assert plan.start[keys["1.01"]] == 0 and plan.start[keys["2.01"]] == 6 * 60


def test_rehearsal_covers_every_forward_step_and_keeps_the_links() -> None:
    doc = runbook()
    (run,) = doc["runs"]
    assert run["mode"] == "rehearsal"
    started = datetime.fromisoformat(run["started"])
    assert (WINDOW - started).days == 14  # the default: two weeks before the window
    forward = {step["code"] for step in doc["steps"] if step["kind"] != "rollback"}
    records = {record["step"]: record for record in run["steps"]}
    assert set(records) == forward
    at = {
        code: (minutes(started, r["actual_start"]), minutes(started, r["actual_finish"]))
        for code, r in records.items()
    }
    for step in doc["steps"]:
        if step["code"] not in at:
            continue
        start, finish = at[step["code"]]
        assert start <= finish
        for link in step["predecessors"]:
            p_start, p_finish = at[link["step"]]
            before = p_start if link["type"] == "SS" else p_finish
            assert before + link["lag_minutes"] <= start, (step["code"], link)
    gate = records[rc.GATE]
    assert gate["decision"] == "go" and gate["decided_by"] == "Alex Morgan"
    results = [r["result"] for c, r in records.items() if "result" in r]
    assert results.count("fail") == 1 and results.count("pass") == len(results) - 1
    assert all(r.get("comment") for r in records.values() if r.get("result") == "fail")
    # the comparison has something to show: the final sync ran 90 minutes over
    sync = at["2.13"]
    planned = next(s["duration_minutes"] for s in doc["steps"] if s["code"] == "2.13")
    assert sync[1] - sync[0] == planned + 90


def test_demo_document_carries_the_runbook() -> None:
    document = demo_document(today=date(2026, 12, 5))
    project = document["projects"][0]
    (book,) = project["runbooks"]
    tasks = {task["id"]: task for task in project["tasks"]}
    assert tasks[book["task"]]["name"] == "Production cutover weekend"
    start = datetime.fromisoformat(book["window_start"])
    outage = datetime.fromisoformat(
        next(t for t in project["tasks"] if t["wbs"] == "5.2")["constraint_date"]
    )
    eve = outage.replace(hour=18) - timedelta(days=1)
    assert start.astimezone(PARIS).replace(tzinfo=None) == eve
    assert start.strftime("%a %H:%M") == "Fri 18:00"
    assert datetime.fromisoformat(book["window_end"]).strftime("%a %H:%M") == "Sat 22:00"


def test_seeded_workspace_has_the_runbook_and_its_rehearsal(workspace: Any) -> None:
    with workspace.session() as session:
        project_id = create_demo_project(session, date(2026, 12, 5))
        (book,) = session.scalars(select(Runbook).where(Runbook.project_id == project_id))
        task = session.get(Task, book.task_id)
        assert task is not None and task.name == "Production cutover weekend"
        steps = list(session.scalars(select(RunbookStep).where(RunbookStep.runbook_id == book.id)))
        assert len(steps) == len(rc.STEPS)
        (run,) = session.scalars(select(RunbookRun).where(RunbookRun.runbook_id == book.id))
        assert run.mode == "rehearsal"
        records = list(session.scalars(select(StepRecord).where(StepRecord.run_id == run.id)))
        assert len(records) == sum(1 for row in rc.STEPS if row[1] != "rollback")
        # the rehearsal is history: a Friday evening run over before the status date
        project = session.get(Project, project_id)
        assert project is not None and project.status_date is not None
        paris_start = _local(run.started)
        last = max(_local(r.actual_finish) for r in records if r.actual_finish is not None)
        assert paris_start.strftime("%a %H:%M") == "Fri 18:00"
        assert last < project.status_date
        # the window is the plan's cutover: it closes when the cutover does
        assert task.finish is not None and _local(book.window_end) == task.finish


def _local(stored: datetime | None) -> datetime:
    """A stored naive-UTC instant as the plan's naive wall-clock time (Europe/Paris)."""
    assert stored is not None
    return stored.replace(tzinfo=ZoneInfo("UTC")).astimezone(PARIS).replace(tzinfo=None)
