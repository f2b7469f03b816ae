"""The report tells the truth (issue 15): what is done, late and planned comes from the actual
dates at the status date; the summary follows the rating the PM chose.

Each test builds a small plan in a real workspace with the dates written by hand, so every
expectation can be checked on a calendar.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from infradesk import model
from infradesk.report.data import Rag
from infradesk.services.status import rules
from infradesk.services.status.facts import (
    collect_facts,
    done_lines,
    late_rows,
    milestone_rows,
    planned_lines,
)
from infradesk.services.status.report import gather_report_data

STATUS = datetime(2026, 12, 4, 17, 0)  # a Friday
AS_OF = STATUS.date()
PERIOD = (date(2026, 11, 28), AS_OF)
T0 = datetime(2026, 10, 12, 8, 0)
DAY = timedelta(days=1)


def _plan(session) -> int:
    """Tasks in every progress state around the status date, with a baseline."""
    project = model.Project(name="Truth", currency="EUR", start=T0, status_date=STATUS)
    session.add(project)
    session.flush()
    specs = [
        # name, start, finish, percent, actual start, actual finish, baseline (start, finish)
        # finished in October; its stored finish lies in the period (old data): not done now
        ("October work", T0, T0 + 52 * DAY, 100, T0, T0 + 10 * DAY, (T0, T0 + 10 * DAY)),
        # finished on Wednesday of the period
        ("Wednesday work", T0 + 40 * DAY, T0 + 51 * DAY, 100, T0 + 40 * DAY, T0 + 51 * DAY, None),
        # 80 % done: started in November, its finish pushed past the status date
        ("Eighty percent", T0 + 63 * DAY, T0 + 66 * DAY, 80, T0 + 35 * DAY, None, None),
        # should have started on 4 Dec 08:00 (baseline) and did not
        (
            "Not started",
            STATUS + DAY,
            STATUS + 3 * DAY,
            0,
            None,
            None,
            (T0 + 53 * DAY, T0 + 55 * DAY),
        ),
        # should have finished on 1 Dec (baseline), 40 % done
        (
            "Behind",
            T0 + 45 * DAY,
            STATUS + 2 * DAY,
            40,
            T0 + 45 * DAY,
            None,
            (T0 + 45 * DAY, T0 + 50 * DAY),
        ),
        # starts next week as planned
        ("Next week", STATUS + 3 * DAY, STATUS + 5 * DAY, 0, None, None, None),
    ]
    baseline = model.Baseline(project_id=project.id, name="Plan", created_at=T0)
    session.add(baseline)
    session.flush()
    for position, (name, start, finish, pc, a_start, a_finish, base) in enumerate(specs):
        task = model.Task(
            project_id=project.id,
            position=position,
            name=name,
            start=start,
            finish=finish,
            percent_complete=pc,
            actual_start=a_start,
            actual_finish=a_finish,
            duration_minutes=480,
        )
        session.add(task)
        session.flush()
        b_start, b_finish = base or (start, finish)
        session.add(
            model.BaselineTask(
                baseline_id=baseline.id,
                task_id=task.id,
                start=b_start,
                finish=b_finish,
                duration_minutes=480,
            )
        )
    session.flush()
    return project.id


def test_done_this_period_is_an_actual_finish_inside_it(workspace) -> None:
    with workspace.session() as session:
        facts = collect_facts(session, _plan(session), AS_OF)
    assert [line.name for line in done_lines(facts, *PERIOD)] == ["Wednesday work"]


def test_late_is_what_should_have_started_or_finished_by_the_status_date(workspace) -> None:
    with workspace.session() as session:
        facts = collect_facts(session, _plan(session), AS_OF)
    late = {row.name: row.should for row in late_rows(facts)}
    assert late == {"Not started": "start", "Behind": "finish"}


def test_started_work_is_never_listed_as_starting_in_the_future(workspace) -> None:
    with workspace.session() as session:
        facts = collect_facts(session, _plan(session), AS_OF)
    planned = {line.name: line for line in planned_lines(facts)}
    eighty = planned["Eighty percent"]
    assert eighty.in_progress and eighty.start == T0 + 35 * DAY  # its actual start
    assert not planned["Next week"].in_progress
    assert "October work" not in planned and "Wednesday work" not in planned
    for line in planned.values():  # nothing finished, nothing "starting" in the past
        assert line.in_progress or (line.start is not None and line.start > STATUS)


def test_milestone_actual_is_its_actual_finish(workspace) -> None:
    with workspace.session() as session:
        pid = _plan(session)
        session.add(
            model.Task(
                project_id=pid,
                position=9,
                name="Gate",
                milestone=True,
                start=STATUS + 4 * DAY,  # stored date moved after the fact
                finish=STATUS + 4 * DAY,
                percent_complete=100,
                actual_start=T0 + 30 * DAY,
                actual_finish=T0 + 30 * DAY,
            )
        )
        session.flush()
        facts = collect_facts(session, pid, AS_OF)
    row = next(m for m in milestone_rows(facts) if m.name == "Gate")
    assert row.actual == T0 + 30 * DAY and row.status == "Done"


def test_summary_follows_the_chosen_overall_rating(workspace) -> None:
    """Issue 15: "Overall status is red" was printed under an Amber rating."""
    with workspace.session() as session:
        pid = _plan(session)
        draft = rules.draft_status(session, pid, AS_OF)
        suggested = draft.overall.suggested
        chosen = Rag.GREEN if suggested is not Rag.GREEN else Rag.AMBER
        assert draft.executive_summary.startswith(f"Overall status is {suggested.label.lower()}.")
        draft.overall.rag = chosen
        draft.overall.justification = "Steering committee accepted the recovery plan."
        rules.save_status(session, pid, draft)
        saved = session.query(model.StatusUpdate).filter_by(project_id=pid).one()
        assert saved.executive_summary.startswith(f"Overall status is {chosen.label.lower()}.")
        # an update saved before the fix still carries the old sentence: the report aligns it
        saved.executive_summary = f"Overall status is {suggested.label.lower()}. Rest stays."
        session.flush()
        data = gather_report_data(session, pid, AS_OF)
    assert data.overall.rag is chosen
    assert data.executive_summary == f"Overall status is {chosen.label.lower()}. Rest stays."


def test_cpi_never_counts_invoices_of_work_not_done(workspace) -> None:
    """An order naming a task that has not started is an advance, not a cost of work."""
    with workspace.session() as session:
        pid = _plan(session)
        tasks = {t.name: t for t in session.query(model.Task).filter_by(project_id=pid)}
        for task in tasks.values():
            task.cost = Decimal("1000")
        for row in session.query(model.BaselineTask):
            row.cost = Decimal("1000")
        tasks["Wednesday work"].actual_cost = Decimal("1000")
        vendor = model.Vendor(project_id=pid, name="Prepaid Ltd")
        session.add(vendor)
        session.flush()
        session.add(
            model.PurchaseOrder(
                vendor_id=vendor.id,
                task_id=tasks["Next week"].id,
                number="PO-9",
                amount=Decimal("50000"),
                invoiced=Decimal("50000"),
                currency="EUR",
            )
        )
        session.flush()
        facts = collect_facts(session, pid, AS_OF)
    ev = facts.earned_value
    assert ev is not None
    assert ev.ac == Decimal("1000")  # the 50,000 paid ahead is not in AC
    assert facts.budget.cpi is not None and facts.budget.cpi > 1  # EV 3,200+ / AC 1,000
    assert any("not counted as actual cost" in note for note in facts.budget.notes)
