"""Report test data: a hand-built ReportData with every section filled, and a small plan
in a real workspace for the gathering tests."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from infradesk.model import Baseline, BaselineTask, Project, Risk, Task
from infradesk.report.data import (
    BudgetLineRow,
    BudgetSummary,
    ChangeRow,
    Changes,
    DeliveryRow,
    GanttData,
    GanttRow,
    IssueRow,
    MilestoneRow,
    NoticeRow,
    Rag,
    RagRating,
    ReportData,
    RiskRow,
    SpendRow,
    TaskLine,
    Trend,
)

HOSTILE = 'Zürich DC — 東京 <b>&amp; "quoted"'
AS_OF = date(2026, 3, 2)


def sample_report(n_done: int = 4) -> ReportData:
    t0 = datetime(2026, 1, 5, 8, 0)
    day = timedelta(days=1)
    gantt_rows = [
        GanttRow("Migration programme", t0, t0 + 90 * day, level=0, summary=True),
        GanttRow(
            "Build new hall",
            t0,
            t0 + 40 * day,
            level=1,
            summary=True,
            baseline_start=t0,
            baseline_finish=t0 + 35 * day,
        ),
        GanttRow(
            HOSTILE,
            t0 + 10 * day,
            t0 + 50 * day,
            level=2,
            critical=True,
            percent_complete=60,
            baseline_start=t0 + 10 * day,
            baseline_finish=t0 + 45 * day,
        ),
        GanttRow(
            "Racks delivered",
            t0 + 52 * day,
            t0 + 52 * day,
            level=2,
            milestone=True,
            critical=True,
            baseline_start=t0 + 45 * day,
            baseline_finish=t0 + 45 * day,
        ),
        GanttRow("Cutover weekend", t0 + 75 * day, t0 + 77 * day, level=1, critical=True),
    ]
    return ReportData(
        project="DC Migration Frankfurt",
        as_of=AS_OF,
        period_start=date(2026, 2, 24),
        period_end=AS_OF,
        manager="Dana Schmidt",
        overall=RagRating("overall", Rag.AMBER, Rag.AMBER, "Racks are late", trend=Trend.DOWN),
        dimensions=[
            RagRating(
                "schedule",
                Rag.AMBER,
                Rag.RED,
                "Vendor confirmed new date",
                "Milestone 'Racks delivered' slipped 7 days",
                Trend.DOWN,
            ),
            RagRating("cost", Rag.GREEN, Rag.GREEN, "", "CPI 1.02", Trend.SAME),
            RagRating("scope", Rag.GREEN, Rag.GREEN, "", "No pending change", Trend.UP),
            RagRating("risk", Rag.RED, Rag.RED, "", "2 critical risks open", Trend.NEW),
        ],
        executive_summary="The hall build is on track; rack delivery slipped one week. " * 3,
        achievements=["Power tests passed", HOSTILE],
        decisions_needed=["Approve weekend overtime for cutover"],
        help_needed=[],
        changes=Changes(
            previous_as_of=date(2026, 2, 23),
            new_risks=["R-007 Carrier strike"],
            closed_risks=["R-002 Permit delay"],
            milestones_moved=["Racks delivered: 23 Feb 2026 → 02 Mar 2026 (+7 d)"],
            changes_approved=["CR-003 Extra PDU"],
        ),
        milestones=[
            MilestoneRow("Kick-off", t0, t0, t0, 0, "Done"),
            MilestoneRow(
                "Racks delivered",
                t0 + 45 * day,
                t0 + 52 * day,
                None,
                7,
                "Slipped",
                slipped=True,
                moved_days=7,
            ),
            MilestoneRow("Go-live " + HOSTILE, t0 + 80 * day, t0 + 80 * day, None, 0, "On track"),
        ],
        done=[
            TaskLine(f"Install PDU {i}", "Ops team", t0, t0 + 50 * day, 100) for i in range(n_done)
        ],
        planned=[TaskLine("Cable racks", "Cabling Ltd", t0 + 60 * day, t0 + 70 * day, 0)],
        gantt=GanttData("DC Migration", gantt_rows, status_date=datetime(2026, 3, 2, 17)),
        risks=[
            RiskRow(
                "R-001",
                "Rack vendor insolvency",
                "Procurement",
                4,
                5,
                "open",
                trend=Trend.DOWN,
                previous_score=12,
            ),
            RiskRow("R-007", HOSTILE, "Dana", 3, 5, "open"),
            RiskRow(
                "R-004", "Firmware bug", "Ops", 2, 2, "open", trend=Trend.SAME, previous_score=4
            ),
        ],
        open_risk_count=3,
        heat_map=_heat([(4, 5), (3, 5), (2, 2)]),
        issues=[
            IssueRow(
                "I-001", "Badge access for vendor", "high", "Security", "open", date(2026, 3, 5)
            )
        ],
        issues_available=True,
        changes_pending=[ChangeRow("CR-004", "Second UPS", "pending", date(2026, 2, 20))],
        changes_decided=[
            ChangeRow(
                "CR-003",
                "Extra PDU",
                "approved",
                date(2026, 2, 10),
                date(2026, 2, 26),
                schedule_days=2,
                cost=Decimal("4000"),
            )
        ],
        change_requests_available=True,
        deliveries=[
            DeliveryRow(
                "RackCo",
                "42U racks x 20",
                date(2026, 2, 23),
                None,
                "ordered",
                late=True,
                days_late=7,
            )
        ],
        notices=[NoticeRow("Colo AG", "Old hall lease", date(2026, 6, 30), date(2026, 3, 31), 29)],
        spend=[SpendRow("RackCo", Decimal("120000"), Decimal("118000"), Decimal("60000"))],
        budget_lines=[
            BudgetLineRow(
                "hardware – Racks and PDUs", Decimal("100000"), Decimal("118000"), Decimal("60000")
            ),
        ],
        budget=BudgetSummary(
            "EUR",
            Decimal("500000"),
            Decimal("320000"),
            Decimal("210000"),
            Decimal("515000"),
            0.93,
            0.97,
            48.0,
            44.6,
        ),
    )


def _heat(cells: list[tuple[int, int]]) -> list[list[int]]:
    grid = [[0] * 5 for _ in range(5)]
    for p, i in cells:
        grid[p - 1][i - 1] += 1
    return grid


@pytest.fixture
def sample_data() -> ReportData:
    return sample_report()


def build_plan(session: Session, *, tasks: int = 0, name: str = "DC Migration") -> int:
    """A project with a phase, dated tasks, two milestones, a baseline and risks.

    Dates are placed around AS_OF (Monday 2 March 2026); ``tasks`` adds that many extra
    leaf tasks (for the big-plan tests).
    """
    t0 = datetime(2026, 2, 2, 8, 0)
    day = timedelta(days=1)
    project = Project(
        name=name,
        start=t0,
        manager="Dana Schmidt",
        currency="EUR",
        status_date=datetime(2026, 3, 2, 17, 0),
    )
    session.add(project)
    session.flush()
    phase = Task(
        project_id=project.id, name="Build phase", position=0, start=t0, finish=t0 + 60 * day
    )
    session.add(phase)
    session.flush()
    specs = [
        # name, start offset, finish offset, percent, milestone, owner
        ("Order racks", 0, 5, 100, False, "Procurement"),
        ("Install PDUs", 20, 27, 100, False, "Ops team"),  # finished 26 Feb: this period
        (HOSTILE, 25, 40, 10, False, "Zoë Ångström"),
        ("Cable racks", 30, 35, 0, False, "Cabling Ltd"),  # starts 4 Mar: next period
        ("Racks delivered", 21, 21, 0, True, "RackCo"),
        ("Go-live", 60, 60, 0, True, "Dana"),
    ]
    ids = {}
    for position, (task_name, a, b, pc, milestone, owner) in enumerate(specs):
        task = Task(
            project_id=project.id,
            parent_id=phase.id,
            position=position,
            name=task_name,
            start=t0 + a * day,
            finish=t0 + b * day,
            percent_complete=pc,
            milestone=milestone,
            owner=owner,
            duration_minutes=0 if milestone else (b - a) * 480,
        )
        session.add(task)
        session.flush()
        ids[task_name] = task.id
    for n in range(tasks):
        session.add(
            Task(
                project_id=project.id,
                parent_id=phase.id,
                position=100 + n,
                name=f"Bulk task {n}",
                start=t0 + (n % 50) * day,
                finish=t0 + (n % 50 + 3) * day,
                percent_complete=50,
                duration_minutes=3 * 480,
                owner="Bulk",
            )
        )
    baseline = Baseline(project_id=project.id, name="Baseline 1", created_at=t0)
    session.add(baseline)
    session.flush()
    for task_name, task_id in ids.items():
        task = session.get(Task, task_id)
        shift = -7 * day if task_name == "Racks delivered" else timedelta(0)
        session.add(
            BaselineTask(
                baseline_id=baseline.id,
                task_id=task_id,
                start=task.start + shift,
                finish=task.finish + shift,
                duration_minutes=task.duration_minutes,
            )
        )
    session.add_all(
        [
            Risk(
                project_id=project.id,
                code="R-001",
                title="Rack vendor insolvency",
                probability=4,
                impact=5,
                status="open",
                owner="Procurement",
            ),
            Risk(
                project_id=project.id,
                code="R-002",
                title="Permit delay",
                probability=2,
                impact=3,
                status="open",
            ),
            Risk(
                project_id=project.id,
                code="R-003",
                title=HOSTILE,
                probability=3,
                impact=4,
                status="open",
            ),
        ]
    )
    session.flush()
    return project.id
