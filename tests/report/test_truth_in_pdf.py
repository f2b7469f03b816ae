"""Consistency rules of the weekly report (issue 15), on the demo and on generated projects:
the summary agrees with the chosen rating, the figures in the text are the ones in the tables
(the PDF read back with pypdf), and the demo's first report is a plausible, real one.
"""

from __future__ import annotations

import itertools
import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pypdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from infradesk import model
from infradesk.report.data import Rag, ReportData
from infradesk.report.format import fmt_date
from infradesk.report.status_report import render_status_report
from infradesk.services.demo.seed import create_demo_project, demo_document
from infradesk.services.status.facts import default_as_of
from infradesk.services.status.report import gather_report_data
from infradesk.services.status.rules import DEFAULT_RULES

DEMO_TODAY = date(2026, 11, 25)  # a Wednesday: the demo's status date is Friday 20 Nov


def pdf_text(path: Path) -> str:
    pages = pypdf.PdfReader(path).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split()).replace("\u202f", " ")


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory: pytest.TempPathFactory):
    """The demo's first report: (data, PDF text, the tasks as rows, its status date)."""
    from infradesk.store.workspace import Workspace

    folder = tmp_path_factory.mktemp("demo")
    workspace = Workspace.create(folder / "demo.infradesk")
    try:
        with workspace.session() as session:
            pid = create_demo_project(session, today=DEMO_TODAY)
            data = gather_report_data(session, pid, default_as_of(session, pid))
            project = session.get(model.Project, pid)
            assert project is not None and project.status_date is not None
            status = project.status_date
            rows = list(session.scalars(select(model.Task).where(model.Task.project_id == pid)))
            parents = {t.parent_id for t in rows}
            tasks = [
                (t.name, t.start, t.finish, t.percent_complete, t.actual_start, t.actual_finish)
                for t in rows
                if t.id not in parents
            ]
    finally:
        workspace.close()
    target = folder / "report.pdf"
    render_status_report(data, target)
    return data, pdf_text(target), tasks, status


def test_demo_figures_are_plausible(demo_report) -> None:
    data, _, _, status = demo_report
    ev = data.earned_value
    assert status == datetime(2026, 11, 20, 17, 0) and data.as_of == status.date()
    assert ev is not None and not ev.by_work and ev.baseline == "Approved plan"
    for index in (ev.spi, ev.cpi, ev.spi_t):
        assert index is not None and 0.8 <= index <= 1.1
    assert (data.budget.spi, data.budget.cpi) == (ev.spi, ev.cpi)
    assert 1 <= len(data.late) <= 5


def test_demo_schedule_rating_agrees_with_spi_t(demo_report) -> None:
    data, _, _, _ = demo_report
    ev = data.earned_value
    assert ev is not None and ev.spi_t is not None
    schedule = next(d for d in data.dimensions if d.dimension == "schedule")
    assert f"SPI(t) {ev.spi_t:.2f}" in schedule.reason
    floor = (
        Rag.RED
        if ev.spi_t < DEFAULT_RULES.spi_red
        else Rag.AMBER
        if ev.spi_t < DEFAULT_RULES.spi_amber
        else Rag.GREEN
    )
    assert schedule.suggested.rank >= floor.rank
    if ev.spi_t >= DEFAULT_RULES.spi_amber:  # then only a milestone slip may make it worse
        assert schedule.rag is Rag.GREEN or "milestone" in schedule.reason.lower()


def test_demo_has_no_finished_work_in_the_future(demo_report) -> None:
    _, _, tasks, status = demo_report
    for name, start, finish, percent, actual_start, actual_finish in tasks:
        if percent >= 100:
            assert actual_finish is not None and actual_finish <= status, name
            assert finish == actual_finish, name
        if percent > 0:
            assert actual_start is not None and actual_start <= status, name
        else:  # not started: never scheduled before the status date
            assert actual_start is None and start is not None and start >= status, name


@pytest.mark.parametrize("offset", range(7))
def test_demo_status_date_is_the_latest_friday_whatever_the_weekday(offset: int) -> None:
    today = date(2026, 11, 23) + timedelta(days=offset)  # Monday .. Sunday
    status = datetime.fromisoformat(demo_document(today=today)["projects"][0]["status_date"])
    assert status.weekday() == 4 and status.hour == 17
    assert today - timedelta(days=7) < status.date() <= today


def summary_matches_tables(data: ReportData) -> None:
    """Every figure the summary states is the one the data's tables hold."""
    text = data.executive_summary
    assert text.startswith(f"Overall status is {data.overall.rag.label.lower()}.")
    finished = re.search(r"(\d+) tasks? (?:were|was) finished this period", text)
    assert finished is not None and int(finished.group(1)) == len(data.done)
    late = re.search(r"(\d+) tasks? (?:are|is) late", text)
    assert (int(late.group(1)) if late else 0) == len(data.late)
    ev = data.earned_value
    if ev is not None and ev.spi_t is not None:
        assert f"SPI(t) {ev.spi_t:.2f}" in text
    if data.budget.spi is not None:
        assert f"SPI {data.budget.spi:.2f}" in text
    if data.budget.cpi is not None:
        assert f"CPI {data.budget.cpi:.2f}" in text
    upcoming = [m for m in data.milestones if m.actual is None]
    if upcoming and upcoming[0].forecast is not None:
        assert f"{upcoming[0].name}, forecast {fmt_date(upcoming[0].forecast)}" in text


def test_demo_text_agrees_with_the_tables_in_the_pdf(demo_report) -> None:
    data, pdf, _, _ = demo_report
    summary_matches_tables(data)
    ev = data.earned_value
    assert ev is not None and ev.spi is not None and ev.cpi is not None and ev.spi_t is not None
    stated = re.search(r"Earned value: SPI\(t\) (\d\.\d\d), SPI (\d\.\d\d), CPI (\d\.\d\d)\.", pdf)
    assert stated is not None, "summary figures not found in the PDF"
    grid = re.search(
        r"SPI \(EV / PV\) CPI \(EV / AC\) \S+ \S+ EUR \S+ \S+ EUR (\d\.\d\d) (\d\.\d\d)", pdf
    )
    schedule = re.search(r"Forecast finish \(ES\) \S+ d \S+ d (\d\.\d\d)", pdf)
    assert grid is not None and schedule is not None, "EVM table not found in the PDF"
    assert stated.groups() == (schedule.group(1), *grid.groups())
    budget = re.search(
        r"SPI \(schedule performance\) CPI \(cost performance\) .*? EUR .*? EUR (\d\.\d\d) ", pdf
    )
    assert budget is not None and budget.group(1) == stated.group(2)  # the budget table's SPI
    overall = re.search(r"Overall status (Red|Amber|Green)", pdf)
    assert overall is not None and f"Overall status is {overall.group(1).lower()}." in pdf
    for line in [*data.done, *data.late]:
        assert line.name in pdf
    nxt = next(m for m in data.milestones if m.actual is None)
    assert re.search(
        rf"Next milestone: {re.escape(nxt.name)}, forecast {fmt_date(nxt.forecast)}", pdf
    )
    assert re.search(
        rf"{re.escape(nxt.name)} {fmt_date(nxt.baseline)} {fmt_date(nxt.forecast)}", pdf
    ), "the milestone table shows another forecast"


# ------------------------------------------------------------------------ generated projects

STATUS = datetime(2026, 12, 4, 17, 0)
NUMBERS = itertools.count(1)  # project names are unique in a workspace
T0 = datetime(2026, 10, 5, 8, 0)


@st.composite
def plans(draw: st.DrawFn) -> list[tuple[int, int, int, int, int]]:
    """Tasks as (start day, length in days, percent, cost, actual cost per cent)."""
    count = draw(st.integers(1, 8))
    return [
        (
            draw(st.integers(0, 80)),
            draw(st.integers(1, 15)),
            draw(st.sampled_from([0, 0, 25, 50, 100, 100])),
            draw(st.integers(0, 5)) * 1000,
            draw(st.integers(5, 15)) * 10,
        )
        for _ in range(count)
    ]


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(plan=plans(), chosen=st.sampled_from([None, Rag.GREEN, Rag.AMBER, Rag.RED]))
def test_generated_reports_agree_with_themselves(workspace, plan, chosen) -> None:
    day = timedelta(days=1)
    with workspace.session() as session:
        name = f"Generated {next(NUMBERS)}"
        project = model.Project(name=name, currency="EUR", start=T0, status_date=STATUS)
        session.add(project)
        session.flush()
        baseline = model.Baseline(project_id=project.id, name="B", created_at=T0)
        session.add(baseline)
        session.flush()
        for position, (offset, length, percent, cost, rate) in enumerate(plan):
            start, finish = T0 + offset * day, T0 + (offset + length) * day
            if percent and start > STATUS:  # progress only on work that could have started
                percent = 0
            if percent >= 100 and finish > STATUS:
                percent = 50
            task = model.Task(
                project_id=project.id,
                position=position,
                name=f"Task {position}",
                start=start if percent else max(start, STATUS),
                finish=finish if percent else max(finish, STATUS + length * day),
                duration_minutes=length * 480,
                percent_complete=percent,
                actual_start=start if percent else None,
                actual_finish=finish if percent >= 100 else None,
                cost=Decimal(cost),
                actual_cost=Decimal(cost * percent * rate) / Decimal(10000),
            )
            session.add(task)
            session.flush()
            session.add(
                model.BaselineTask(
                    baseline_id=baseline.id,
                    task_id=task.id,
                    start=start,
                    finish=finish,
                    duration_minutes=length * 480,
                    cost=Decimal(cost),
                )
            )
        if chosen is not None:
            session.add(
                model.StatusUpdate(
                    project_id=project.id,
                    as_of=STATUS.date(),
                    overall_rag=chosen.value,
                    executive_summary="Overall status is red. Saved before the fix.",
                )
            )
        session.flush()
        data = gather_report_data(session, project.id, STATUS.date())
    moment = STATUS
    for line in data.done:
        assert line.finish is not None and line.finish <= moment
    finished = {line.name for line in data.done}
    assert not finished & {line.name for line in data.planned}
    assert not finished & {row.name for row in data.late}
    ev = data.earned_value
    if ev is not None and not ev.by_work and ev.ac > 0 and ev.ev > 0:
        assert data.budget.cpi == pytest.approx(float(ev.ev / ev.ac))
    if chosen is None:
        summary_matches_tables(data)
    else:
        assert data.overall.rag is chosen
        assert data.executive_summary.startswith(f"Overall status is {chosen.label.lower()}.")


def test_the_report_and_the_cost_tab_show_the_same_earned_value(tmp_path: Path) -> None:
    """The report (services/status/evm.py, from the tables it reads once) and the Cost tab
    (services/plan/earned_value.py) measure the demo against the same baseline, status date
    and actual cost."""
    from infradesk.services.plan.earned_value import earned_value_view
    from infradesk.store.workspace import Workspace

    workspace = Workspace.create(tmp_path / "demo.infradesk")
    try:
        with workspace.session() as session:
            pid = create_demo_project(session, today=DEMO_TODAY)
        with workspace.read_session() as session:
            data = gather_report_data(session, pid, default_as_of(session, pid))
        view = earned_value_view(workspace, pid)
    finally:
        workspace.close()
    ev, figures = data.earned_value, view.figures
    assert ev is not None and figures is not None and figures.schedule is not None
    assert view.status_date == ev.status_date and view.baseline_name == ev.baseline
    project = figures.project
    assert (ev.bac, ev.pv, ev.ev, ev.ac) == (project.bac, project.pv, project.ev, project.ac)
    assert ev.spi_t == pytest.approx(figures.schedule.spi_t)
    assert [(p.at, p.pv, p.ev, p.ac) for p in ev.curve] == [
        (p.at, p.pv, p.ev, p.ac) for p in view.curve
    ]
