"""Issue 15's two gaps between the Cost tab and the report, on the hand-computed plan of
``test_earned_value_service`` (Phase(A, B, C), D; A Mon-Tue 1000, B Wed-Thu 2000, C Mon-Tue
500; 08-12/13-17 Mon-Fri from Mon 2026-03-02):

* an invoice of a purchase order that names a SUMMARY task counts in that summary's and the
  project's actual cost once the summary's work has started (before that it is money paid
  ahead of the work, left out like any other), and CPI and EAC follow from that AC;
* without a stored status date, the report's earned value and the Cost tab's are measured at
  the same moment (``earned_value.measured_moment``), so they show the same figures.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select, text

from infradesk.model import PurchaseOrder, Task, Vendor
from infradesk.schedule.calendar import WorkingCalendar
from infradesk.schedule.earned_value import EvmTask, earned_value, s_curve
from infradesk.services.plan.baselines import SaveBaseline
from infradesk.services.plan.earned_value import (
    earned_value_in,
    earned_value_view,
    evm_columns,
    measured_moment,
)
from infradesk.services.plan.field_edits import UpdateTask
from infradesk.services.plan.progress_edits import MarkDoneAsPlanned, SetPercentComplete
from infradesk.services.plan.scheduling import calendar_of
from infradesk.services.plan.status_date import SetStatusDate
from infradesk.services.status.facts import collect_facts
from tests.services.plan.test_earned_value_service import STATUS, costs

D = datetime


def evm_tasks(session, project_id: int, baseline_id: int | None) -> tuple[list[EvmTask], Decimal]:
    """The service's columns as one ``EvmTask`` per task: the per-task path the columns must
    agree with."""
    columns, not_counted = evm_columns(session, project_id, baseline_id)
    tasks = [
        EvmTask(*values)
        for values in zip(
            columns.ids, columns.parent_ids, columns.baseline_start, columns.baseline_finish,
            columns.baseline_cost, columns.percent_complete, columns.actual_cost,
            columns.summary, columns.actual_start, columns.actual_finish, list(columns.names),
            columns.invoiced, strict=True,
        )
    ]  # fmt: skip
    return tasks, not_counted


def _order(workspace, pid: int, task_id: int, invoiced: str, currency: str = "EUR") -> None:
    with workspace.session() as s:
        vendor = Vendor(project_id=pid, name=f"Vendor {invoiced} {currency}")
        s.add(vendor)
        s.flush()
        s.add(
            PurchaseOrder(
                vendor_id=vendor.id, task_id=task_id, invoiced=Decimal(invoiced), currency=currency
            )
        )


def _progressed(workspace, plan) -> tuple[int, dict[str, int]]:
    pid, ids = plan
    costs(workspace, pid, ids)
    SaveBaseline(pid, "Approved").apply(workspace)
    return pid, ids


def test_an_invoice_naming_a_summary_counts_once_its_work_started(workspace, plan) -> None:
    pid, ids = _progressed(workspace, plan)
    _order(workspace, pid, ids["Phase"], "600")
    _order(workspace, pid, ids["Phase"], "0.10")
    _order(workspace, pid, ids["Phase"], "0.20")
    _order(workspace, pid, ids["Phase"], "999", currency="USD")  # another currency: not summed
    # nothing has started: the invoices are paid ahead of the work
    ahead = earned_value_view(workspace, pid, STATUS, curve=False)
    assert ahead.figures is not None
    assert ahead.figures.project.ac == 0 and ahead.figures.tasks[ids["Phase"]].ac == 0
    assert ahead.invoiced_not_counted == Decimal("600.30")
    # A is done (AC 1200): the phase's work has started, its invoices are a cost of work
    MarkDoneAsPlanned(pid, [ids["A"]]).apply(workspace)
    UpdateTask(pid, ids["A"], {"actual_cost": Decimal(1200)}).apply(workspace)
    view = earned_value_view(workspace, pid, STATUS)
    assert view.figures is not None and view.invoiced_not_counted == 0
    phase, project = view.figures.tasks[ids["Phase"]], view.figures.project
    assert view.figures.tasks[ids["A"]].ac == 1200
    assert phase.ac == Decimal("1800.30") == project.ac  # 0.1 + 0.2 summed exactly
    assert project.ev == 1000 and project.cpi == pytest.approx(1000 / 1800.30)
    assert project.eac == Decimal(3500) * Decimal("1800.30") / 1000
    assert max(p.ac for p in view.curve if p.ac is not None) == Decimal("1800.30")
    # the report counts the same
    with workspace.read_session() as s:
        facts = collect_facts(s, pid, STATUS.date())
    assert facts.earned_value is not None
    assert facts.earned_value.ac == Decimal("1800.30")
    assert facts.earned_value.cpi == pytest.approx(project.cpi)


def test_a_summary_invoice_adds_to_its_children_in_the_pure_figures() -> None:
    calendar = WorkingCalendar()
    tasks = [
        EvmTask(1, None, summary=True, invoiced=Decimal(50)),
        EvmTask(2, 1, D(2026, 3, 2, 8), D(2026, 3, 2, 17), Decimal(100), 100, Decimal(80)),
        EvmTask(3, None, summary=True, invoiced=Decimal(7)),  # flagged, without children
    ]
    result = earned_value(tasks, D(2026, 3, 3, 17), calendar)
    assert result.tasks[1].ac == 130 and result.tasks[2].ac == 80 and result.tasks[3].ac == 7
    assert result.project.ac == 137


def test_report_and_cost_tab_measure_at_the_same_moment_without_a_status_date(
    workspace, plan
) -> None:
    pid, ids = _progressed(workspace, plan)
    MarkDoneAsPlanned(pid, [ids["A"]]).apply(workspace)
    SetPercentComplete(pid, [ids["B"]], 25).apply(workspace)
    SetStatusDate(pid, None).apply(workspace)
    now = D(2026, 3, 4, 10, 30, 12)  # B (Wed-Thu) is under way: PV depends on the hour
    with workspace.read_session() as s:
        cost_tab = earned_value_in(s, pid, now=now)
        facts = collect_facts(s, pid, now.date(), now=now)
    assert cost_tab.status_date == facts.moment == D(2026, 3, 4, 10, 30)
    report = facts.earned_value
    assert report is not None and cost_tab.figures is not None
    figures = cost_tab.figures.project
    assert (report.bac, report.pv, report.ev, report.ac) == (
        figures.bac,
        figures.pv,
        figures.ev,
        figures.ac,
    )
    assert report.pv == Decimal(1000 + 500) + Decimal(2000) * 150 / 960  # A, C done; B 2.5 h
    assert (report.spi, report.cpi, report.eac) == (figures.spi, figures.cpi, figures.eac)
    schedule = cost_tab.figures.schedule
    assert schedule is not None and report.spi_t == schedule.spi_t
    assert (report.baseline_finish, report.forecast_finish) == (
        schedule.baseline_finish,
        schedule.forecast_finish,
    )


def test_the_moment_progress_is_measured_at() -> None:
    calendar = WorkingCalendar()
    stored = D(2026, 3, 4, 12)
    now = D(2026, 3, 7, 11)  # a Saturday: working time ended on Friday 17:00
    assert measured_moment(None, calendar, None, now) == D(2026, 3, 6, 17)
    assert measured_moment(None, calendar, now.date(), now) == D(2026, 3, 6, 17)
    assert measured_moment(None, calendar, date(2026, 3, 2), now) == D(2026, 3, 2, 23, 59)
    assert measured_moment(stored, calendar, None, now) == stored
    assert measured_moment(stored, calendar, stored.date(), now) == stored
    assert measured_moment(stored, calendar, date(2026, 3, 5), now) == D(2026, 3, 5, 23, 59)


@pytest.mark.parametrize("all_done", [False, True])
def test_the_columns_read_give_what_one_task_object_each_gives(workspace, plan, all_done) -> None:
    """The service reads columns (positions, lazily read actual dates); the same rows as
    :class:`EvmTask` objects with date-times give the same figures, schedule and curve."""
    pid, ids = _progressed(workspace, plan)
    _order(workspace, pid, ids["Phase"], "300")
    _order(workspace, pid, ids["C"], "120")
    MarkDoneAsPlanned(pid, [ids["A"]] + ([ids["B"], ids["C"], ids["D"]] if all_done else [])).apply(
        workspace
    )
    UpdateTask(pid, ids["A"], {"actual_cost": Decimal("1234.56")}).apply(workspace)
    status = D(2026, 3, 6, 17) if all_done else STATUS
    with workspace.read_session() as s:
        view = earned_value_in(s, pid, status, curve=True)
        tasks, not_counted = evm_tasks(s, pid, view.baseline_id)
        calendar = calendar_of(s, pid)
    assert view.figures is not None and not_counted == view.invoiced_not_counted
    expected = earned_value(tasks, status, calendar)
    assert dict(view.figures.tasks) == dict(expected.tasks)
    assert view.figures.project == expected.project
    assert view.figures.schedule == expected.schedule
    assert view.curve == s_curve(tasks, status, calendar)
    if all_done:  # the actual time stops at the last actual finish, read on demand
        assert expected.schedule is not None
        assert expected.schedule.actual_time < calendar.minutes_per_day * 5


def test_an_amount_stored_with_more_decimals_reads_as_the_report_reads_it(workspace, plan) -> None:
    """Written around the app (a script, an old import), 1234.561 in a two-decimal column is
    read to the cent by the model and the report; the Cost tab reads the same cents."""
    pid, ids = _progressed(workspace, plan)
    MarkDoneAsPlanned(pid, [ids["A"]]).apply(workspace)
    with workspace.session() as s:
        s.execute(text("UPDATE task SET actual_cost = 1234.561 WHERE id = :t"), {"t": ids["A"]})
        s.execute(
            text("UPDATE baseline_task SET cost = 999.995 WHERE task_id = :t"), {"t": ids["A"]}
        )
    _order(workspace, pid, ids["A"], "10")
    with workspace.session() as s:
        s.execute(text("UPDATE purchase_order SET invoiced = 10.004"))
    with workspace.read_session() as s:
        view = earned_value_in(s, pid, STATUS)
        facts = collect_facts(s, pid, STATUS.date())
    assert view.figures is not None and facts.earned_value is not None
    a = view.figures.tasks[ids["A"]]
    with workspace.read_session() as s:  # what the model reads: Numeric(14, 2)
        own = s.scalar(select(Task.actual_cost).where(Task.id == ids["A"]))
        paid = s.scalar(select(PurchaseOrder.invoiced))
    assert a.bac == Decimal("1000.00") and a.ac == own + paid == Decimal("1244.56")
    report = facts.earned_value
    project = view.figures.project
    assert (report.bac, report.ev, report.ac) == (project.bac, project.ev, project.ac)
