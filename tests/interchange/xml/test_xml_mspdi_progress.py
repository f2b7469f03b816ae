"""Progress, constraints and costs in MS Project XML (issue 15): the writer and the reader
round-trip them exactly, every constraint type keeps MS Project's number, and a half-executed
plan keeps its actual dates when it is imported into a workspace (the engine does not move
finished work, whatever its links say)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from infradesk.interchange import document as d
from infradesk.interchange.json_document import project_to_json
from infradesk.interchange.mspdi import read_mspdi
from infradesk.interchange.mspdi.writer import write_mspdi
from infradesk.model import Task
from infradesk.services.documents.io import import_document
from infradesk.store.workspace import Workspace

PROGRESS_KEYS = (
    "duration_minutes", "percent_complete", "remaining_minutes", "actual_start",
    "actual_finish", "constraint_type", "constraint_date", "cost", "actual_cost",
)  # fmt: skip
NS = "{http://schemas.microsoft.com/project}"


def _tracked() -> d.Project:
    tasks = [
        d.Task(1, "Phase", wbs="1"),
        d.Task(
            2,
            "Survey",
            parent=1,
            start=datetime(2026, 3, 2, 9),
            finish=datetime(2026, 3, 4, 17),
            duration_minutes=1440,
            percent_complete=100.0,
            actual_start=datetime(2026, 3, 2, 9),
            actual_finish=datetime(2026, 3, 4, 17),
            cost=Decimal("1200.50"),
            actual_cost=Decimal("1350.00"),
        ),
        d.Task(
            3,
            "Install",
            parent=1,
            duration_minutes=2400,
            percent_complete=37.5,
            actual_start=datetime(2026, 3, 5, 9),
            cost=Decimal("5000.00"),
            actual_cost=Decimal("1800.25"),
            predecessors=(d.Link(2),),
        ),
    ]
    kinds: tuple[d.ConstraintType, ...] = ("ALAP", "SNET", "SNLT", "FNET", "FNLT", "MSO", "MFO")
    for number, kind in enumerate(kinds, start=4):
        moment = None if kind == "ALAP" else datetime(2026, 3, 16 + number, 9)
        tasks.append(
            d.Task(number, kind, duration_minutes=480, constraint_type=kind, constraint_date=moment)
        )
    return d.Project(
        name="Tracked",
        start=datetime(2026, 3, 2, 9),
        status_date=datetime(2026, 3, 6, 17),
        tasks=tuple(tasks),
        baselines=(
            d.Baseline(
                "Approved",
                tasks=(
                    d.BaselineTask(
                        2, datetime(2026, 3, 2, 9), datetime(2026, 3, 4, 17), 1440, Decimal("1000")
                    ),
                ),
            ),
        ),
    )


def _progress(project: d.Project) -> list[dict[str, object]]:
    tasks = project_to_json(project)["tasks"]
    return [{key: task[key] for key in ("name", *PROGRESS_KEYS)} for task in tasks]


def test_progress_constraints_and_costs_round_trip_exactly(tmp_path: Path) -> None:
    path = tmp_path / "tracked.xml"
    original = _tracked()
    write_mspdi(d.Document(projects=(original,)), path)
    result = read_mspdi(path)
    assert not [p for p in result.problems if p.severity == "error"], result.problems
    (back,) = result.document.projects
    assert back.status_date == original.status_date
    leaves = [row for row in _progress(original) if row["name"] != "Phase"]
    assert [row for row in _progress(back) if row["name"] != "Phase"] == leaves
    assert back.baselines[0].tasks[0].cost == Decimal("1000.00")
    text = path.read_text(encoding="utf-8")
    # MS Project's constraint numbers (MPXJ's ConstraintType: 0 ASAP ... 7 FNLT)
    for kind, code in (("ALAP", 1), ("MSO", 2), ("MFO", 3), ("SNET", 4), ("FNLT", 7)):
        assert f"<Name>{kind}</Name>" in text and f"<ConstraintType>{code}</ConstraintType>" in text
    assert "<Cost>120050</Cost>" in text and "<ActualCost>135000</ActualCost>" in text
    assert "<RemainingDuration>PT25H0M0S</RemainingDuration>" in text  # 2400 - 900 minutes


HALF_EXECUTED = """<?xml version="1.0" encoding="UTF-8"?>
<Project xmlns="http://schemas.microsoft.com/project">
  <Name>Half executed</Name><StartDate>2026-03-02T08:00:00</StartDate>
  <StatusDate>2026-03-11T17:00:00</StatusDate><MinutesPerDay>480</MinutesPerDay>
  <Tasks>
    <Task><UID>1</UID><ID>1</ID><Name>Order</Name><OutlineLevel>1</OutlineLevel>
      <Start>2026-03-02T08:00:00</Start><Finish>2026-03-03T17:00:00</Finish>
      <Duration>PT16H0M0S</Duration><PercentComplete>100</PercentComplete>
      <ActualStart>2026-03-02T08:00:00</ActualStart>
      <ActualFinish>2026-03-03T17:00:00</ActualFinish></Task>
    <Task><UID>2</UID><ID>2</ID><Name>Ship</Name><OutlineLevel>1</OutlineLevel>
      <Start>2026-03-02T08:00:00</Start><Finish>2026-03-06T17:00:00</Finish>
      <Duration>PT40H0M0S</Duration><PercentComplete>100</PercentComplete>
      <ActualStart>2026-03-02T08:00:00</ActualStart>
      <ActualFinish>2026-03-06T17:00:00</ActualFinish>
      <FixedCost>250000</FixedCost><ActualCost>260000</ActualCost>
      <PredecessorLink><PredecessorUID>1</PredecessorUID><Type>1</Type></PredecessorLink>
    </Task>
    <Task><UID>3</UID><ID>3</ID><Name>Install</Name><OutlineLevel>1</OutlineLevel>
      <Start>2026-03-09T08:00:00</Start><Finish>2026-03-13T17:00:00</Finish>
      <Duration>PT40H0M0S</Duration><PercentComplete>40</PercentComplete>
      <ActualStart>2026-03-09T08:00:00</ActualStart>
      <ActualDuration>PT16H0M0S</ActualDuration><RemainingDuration>PT24H0M0S</RemainingDuration>
      <PredecessorLink><PredecessorUID>2</PredecessorUID><Type>1</Type></PredecessorLink>
    </Task>
    <Task><UID>4</UID><ID>4</ID><Name>Test</Name><OutlineLevel>1</OutlineLevel>
      <Duration>PT8H0M0S</Duration>
      <PredecessorLink><PredecessorUID>3</PredecessorUID><Type>1</Type></PredecessorLink>
    </Task>
  </Tasks>
</Project>
"""


def test_a_half_executed_plan_keeps_its_actual_dates_in_the_workspace(
    make_file: Callable[[str, str], Path], workspace: Workspace
) -> None:
    # "Ship" really ran alongside "Order" (the link says after it): finished work stays put
    result = read_mspdi(make_file("half.xml", HALF_EXECUTED))
    assert not [p for p in result.problems if p.severity == "error"], result.problems
    with workspace.session() as session:
        import_document(session, result.document, schedules=result.schedules)
    with workspace.read_session() as session:
        rows = {t.name: t for t in session.scalars(select(Task))}
    assert (rows["Ship"].start, rows["Ship"].finish) == (
        datetime(2026, 3, 2, 8),
        datetime(2026, 3, 6, 17),
    )
    assert rows["Ship"].actual_cost == Decimal("2600.00") and rows["Ship"].cost == Decimal("2500")
    install = rows["Install"]
    assert install.start == datetime(2026, 3, 9, 8) and install.percent_complete == 40
    # 24 h remain after the status date (Wed 11 Mar 17:00): Thu, Fri, Mon
    assert install.finish == datetime(2026, 3, 16, 17)
    assert rows["Test"].start == datetime(2026, 3, 17, 8)


def test_a_real_ms_project_plan_keeps_its_actuals(real_plan: Callable[[str], Path]) -> None:
    """The shared real plans: every task MS Project recorded actuals for keeps them."""
    found = 0
    for name in ("legacy_sample1.xml", "task-links-project2019-mspdi.xml", "issue2659.xml"):
        path = real_plan(name)
        result = read_mspdi(path)
        (project,) = result.document.projects
        tasks = {task.external_ref: task for task in project.tasks}
        for uid, started in _tasks_with_actuals(path):
            found += 1
            assert tasks[uid].actual_start == started, (name, uid)
    if not found:
        pytest.skip("no shared MS Project plan records actual dates")


def _tasks_with_actuals(path: Path) -> list[tuple[str, datetime]]:
    from defusedxml import ElementTree as SafeET

    root = SafeET.parse(str(path)).getroot()
    found = []
    for task in root.iter(f"{NS}Task"):
        uid, started, summary = (task.findtext(f"{NS}{tag}") for tag in
                                 ("UID", "ActualStart", "Summary"))  # fmt: skip
        if uid and uid != "0" and started and summary != "1":
            found.append((uid, datetime.fromisoformat(started).replace(second=0)))
    return found


def test_an_actual_finish_before_the_actual_start_is_refused_with_its_task(
    make_file: Callable[[str, str], Path],
) -> None:
    broken = HALF_EXECUTED.replace(
        "<ActualFinish>2026-03-06T17:00:00</ActualFinish>",
        "<ActualFinish>2026-02-27T17:00:00</ActualFinish>",
    )
    result = read_mspdi(make_file("broken.xml", broken))
    errors = [p.message for p in result.problems if p.severity == "error"]
    assert errors == [
        "Task UID 2 'Ship': <ActualFinish> 2026-02-27T17:00 is before <ActualStart> "
        "2026-03-02T08:00."
    ]
