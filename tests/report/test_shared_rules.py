"""The report and the Risks / Vendors tabs share their rules: checked on the demo project.

Bands come from the project's risk settings, the vendor windows are 14 days (deliveries) and
60 days (notice deadlines), money comes from ``vendor_money.spend_report``; every test reads
the rendered PDF back with pypdf.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pypdf
import pytest
from sqlalchemy import select

from infradesk import model
from infradesk.report.data import ReportOptions
from infradesk.report.status_report import fmt_money, render_status_report
from infradesk.services.demo.seed import create_demo_project
from infradesk.services.risks import queries as risks
from infradesk.services.risks.scoring import ScoringSettings, load_settings, save_settings
from infradesk.services.status.facts import default_as_of
from infradesk.services.status.report import gather_report_data
from infradesk.services.vendors import money as vendor_money
from infradesk.services.vendors import queries as vendors
from infradesk.services.vendors.dates import add_months, notice_deadline

DEMO_TODAY = date(2026, 11, 23)


def pdf_text(path: Path) -> str:
    pages = pypdf.PdfReader(path).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split()).replace("\u202f", " ")


def render(data, tmp_path: Path, name: str = "report.pdf", **options: object) -> str:
    target = tmp_path / name
    render_status_report(data, target, ReportOptions(**options))
    return pdf_text(target)


@pytest.fixture
def demo(workspace):
    """(workspace, project id, as-of date) of the demo project."""
    with workspace.session() as session:
        pid = create_demo_project(session, today=DEMO_TODAY)
        as_of = default_as_of(session, pid)
    return workspace, pid, as_of


def money(value: Decimal, currency: str) -> str:
    return fmt_money(value, currency).replace("\u202f", " ")


def risk_line(data) -> str:
    counts = [
        f"{sum(1 for r in data.risks if r.band == band)} {band}"
        for band in ("critical", "high", "medium", "low")
    ]
    return f"Open risks {data.open_risk_count}: " + " · ".join(counts)


def test_bands_come_from_the_project_settings(demo, tmp_path: Path) -> None:
    workspace, pid, as_of = demo
    with workspace.session() as session:
        default = gather_report_data(session, pid, as_of)
        tab = {r.code: r for r in risks.load_risks(session, pid, as_of)}
        save_settings(session, pid, ScoringSettings(low_max=2, medium_max=5, high_max=8))
        custom = gather_report_data(session, pid, as_of)
        settings = load_settings(session, pid)

    # default bands: 1-4 low, 5-9 medium, 10-15 high, 16-25 critical, exactly as the tab
    assert {r.code: r.band for r in default.risks} == {
        code: row.band for code, row in tab.items() if row.is_open
    }
    by_score = {r.score: r.band for r in default.risks}
    assert by_score[16] == "critical" and by_score[15] == "high" and by_score[9] == "medium"
    assert default.cell_band(3, 5) == "high" and default.cell_band(4, 4) == "critical"
    risk = next(d for d in default.dimensions if d.dimension == "risk")
    assert "1 critical (score 16+) and 5 high (10–15)" in risk.reason

    # custom bands change the rows, the heat map, the legend and the RAG rule alike
    assert all(r.band == settings.band(r.score) for r in custom.risks)
    assert [custom.cell_band(1, 4), custom.cell_band(2, 3), custom.cell_band(3, 3)] == [
        "medium",
        "high",
        "critical",
    ]
    critical = sum(1 for r in custom.risks if r.band == "critical")
    assert critical > 1
    risk = next(d for d in custom.dimensions if d.dimension == "risk")
    assert risk.reason.startswith(f"{critical} critical (score 9+)")
    assert risk.suggested.value == "red"

    text = render(default, tmp_path, "default.pdf")
    assert "Score bands: low 1–4, medium 5–9, high 10–15, critical 16–25." in text
    assert risk_line(default) in text
    text = render(custom, tmp_path, "custom.pdf")
    assert "Score bands: low 1–2, medium 3–5, high 6–8, critical 9–25." in text
    assert risk_line(custom) in text


def test_risks_section_agrees_with_the_risks_tab(demo, tmp_path: Path) -> None:
    workspace, pid, as_of = demo
    with workspace.session() as session:
        data = gather_report_data(session, pid, as_of)
        top = risks.top_risks(session, pid, limit=10, today=as_of)
        exposure = risks.exposure(risks.load_risks(session, pid, as_of))
        heat = risks.heat_map(session, pid)
        issues = risks.open_issues_by_priority(session, pid)
        awaiting = risks.changes_awaiting_decision(session, pid)
        decided = risks.changes_decided_since(session, pid, data.period_start)

    assert [r.code for r in data.risks[:10]] == [r.code for r in top]
    assert data.open_risk_count == exposure.open_risks
    assert data.exposure is not None
    assert data.exposure.threat_emv == exposure.threat_emv > 0
    assert data.exposure.schedule_days == exposure.schedule_days > 0
    assert all(data.heat_count(p, i) == heat.count(p, i) for p in range(1, 6) for i in range(1, 6))
    assert [i.code for i in data.issues] == [i.code for i in issues.issues]
    assert data.issue_counts == issues.counts
    assert [c.code for c in data.changes_pending] == [c.code for c in awaiting]
    assert [c.code for c in data.changes_decided] == [
        c.code for c in decided if c.decision_date and c.decision_date <= as_of
    ]

    text = render(data, tmp_path)
    assert f"Threat exposure (EMV) {money(exposure.threat_emv, data.currency)}" in text
    assert f"{exposure.schedule_days:.1f} days weighted" in text
    for row in top:
        assert row.code in text
    for change in awaiting:
        assert change.code in text


def _month_end(day: date) -> date:
    return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


def test_vendor_windows_are_14_and_60_days(demo, tmp_path: Path) -> None:
    workspace, pid, as_of = demo
    with workspace.session() as session:
        vendor = session.scalars(select(model.Vendor).where(model.Vendor.project_id == pid)).first()
        assert vendor is not None
        for offset in (14, 15):
            session.add(
                model.Deliverable(
                    vendor_id=vendor.id,
                    description=f"Probe delivery day {offset}",
                    promised=as_of + timedelta(days=offset),
                )
            )
        for offset in (60, 61):
            session.add(
                model.Contract(
                    vendor_id=vendor.id,
                    number=f"PROBE-{offset}",
                    title="Probe support",
                    end=as_of + timedelta(days=offset + 30),
                    notice_days=30,
                )
            )
        # end-of-month arithmetic: a contract ending on a month's last day, one month notice
        deadline = _month_end(as_of + timedelta(days=31))
        end = add_months(deadline, 1)
        session.add(
            model.Contract(
                vendor_id=vendor.id,
                number="PROBE-EOM",
                title="Month-end lease",
                end=end,
                notice_months=1,
            )
        )
        session.flush()
        data = gather_report_data(session, pid, as_of)
        due = vendors.deliveries_due(session, pid, as_of, days=14)
        notices = vendors.notice_deadlines(session, pid, as_of, days=60)
        spend = vendor_money.spend_report(session, pid)

    assert [(d.vendor, d.description) for d in data.deliveries] == [
        (d.vendor, d.description) for d in due
    ]
    assert any(d.late for d in data.deliveries)  # the demo has late deliveries
    assert all(d.late or d.promised <= as_of + timedelta(days=14) for d in data.deliveries)
    descriptions = {d.description for d in data.deliveries}
    assert "Probe delivery day 14" in descriptions
    assert "Probe delivery day 15" not in descriptions

    by_contract = {n.contract: n for n in data.notices}
    assert len(data.notices) == len(notices)
    assert by_contract["PROBE-60 · Probe support"].days_left == 60
    assert not any(c.startswith("PROBE-61") for c in by_contract)
    month_end = by_contract["PROBE-EOM · Month-end lease"]
    assert month_end.notice_by == notice_deadline(end, 1) == deadline

    text = render(data, tmp_path)
    assert "Deliveries late or due within 14 days" in text
    assert "Contract notice deadlines within 60 days" in text
    assert "Probe delivery day 14" in text and "Probe delivery day 15" not in text
    assert "PROBE-60" in text and "PROBE-61" not in text
    assert deadline.strftime("%d %b %Y") in text

    # money: the budget section shows the Vendors tab's totals
    main = next(t for t in spend.project if t.currency == data.currency)
    assert data.budget.budget == main.budget > 0
    assert data.budget.committed == main.committed
    assert data.budget.actual == main.invoiced
    assert data.budget.paid == main.paid
    assert data.budget.forecast is not None and data.budget.forecast >= main.committed
    for value in (main.budget, main.committed, main.invoiced, main.paid):
        assert money(value, data.currency) in text


def test_empty_sections_say_why(workspace, tmp_path: Path) -> None:
    with workspace.session() as session:
        project = model.Project(name="Empty", currency="EUR", start=datetime(2026, 11, 2, 8))
        session.add(project)
        session.flush()
        data = gather_report_data(session, project.id, DEMO_TODAY)
    assert data.budget.spi is None and data.budget.cpi is None
    text = render(data, tmp_path)
    assert "No open risks are recorded" in text
    assert "No vendor is recorded for this project" in text
    assert "Forecast at completion not shown: no budget is recorded" in text
    assert "Earned value not shown: no baseline has been saved" in text
