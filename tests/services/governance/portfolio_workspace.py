"""A small real portfolio: three projects whose rows are known by construction.

- Alpha: a milestone 12 days behind its baseline (schedule red), two critical risks, actions
  (one open and overdue, one done and overdue, one open and not due), a change freeze of its
  own calendar in 10 days; tasks with costs and progress (SPI and CPI).
- Beta: on baseline, a budget line; a saved status update (amber) for its reporting date and
  a red one the week before (trend: better); a blackout of its own 40 days ahead (outside the
  30-day look-ahead).
- Gamma: no task at all.
The workspace shares a freeze window 5 days ahead (every project sees it).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from infradesk.model import (
    Baseline,
    BaselineTask,
    BudgetLine,
    Calendar,
    FreezeWindow,
    Project,
    Risk,
    StatusUpdate,
    Task,
)
from infradesk.model.governance import ActionItem, ChangeWindow
from infradesk.store.workspace import Workspace

AS_OF = date(2026, 3, 2)
STATUS = datetime(2026, 3, 2, 17, 0)
T0 = datetime(2026, 2, 2, 8, 0)


def _plan(session, project: Project, slip_days: int, percent_done: float) -> None:
    """A summary with two work tasks (cost 1000 each) and a milestone; a baseline whose
    milestone is ``slip_days`` earlier than the plan."""
    phase = Task(
        project_id=project.id,
        name="Phase",
        position=0,
        start=T0,
        finish=T0 + timedelta(days=30),
        duration_minutes=0,
    )
    session.add(phase)
    session.flush()
    work = [
        Task(
            project_id=project.id,
            parent_id=phase.id,
            position=n + 1,
            name=f"Work {n + 1}",
            start=T0 + timedelta(days=7 * n),
            finish=T0 + timedelta(days=7 * n + 4),
            duration_minutes=5 * 480,
            cost=Decimal(1000),
            percent_complete=percent_done if n == 0 else 0.0,
            actual_start=T0 if n == 0 and percent_done else None,
            actual_cost=Decimal(600) if n == 0 and percent_done else Decimal(0),
        )
        for n in range(2)
    ]
    milestone_finish = datetime(2026, 3, 20, 17, 0)
    milestone = Task(
        project_id=project.id,
        parent_id=phase.id,
        position=3,
        name="Go live",
        start=milestone_finish,
        finish=milestone_finish,
        duration_minutes=0,
        milestone=True,
    )
    session.add_all([*work, milestone])
    session.flush()
    baseline = Baseline(project_id=project.id, name="B1", created_at=T0)
    session.add(baseline)
    session.flush()
    for task in [phase, *work]:
        session.add(
            BaselineTask(
                baseline_id=baseline.id,
                task_id=task.id,
                start=task.start,
                finish=task.finish,
                duration_minutes=task.duration_minutes,
                cost=task.cost,
            )
        )
    planned = milestone_finish - timedelta(days=slip_days)
    session.add(
        BaselineTask(
            baseline_id=baseline.id,
            task_id=milestone.id,
            start=planned,
            finish=planned,
            duration_minutes=0,
            cost=Decimal(0),
        )
    )


def build_portfolio(workspace: Workspace) -> dict[str, int]:
    """The three projects; returns name -> project id."""
    with workspace.session() as session:
        ids = {}
        for name in ("Alpha", "Beta", "Gamma"):
            project = Project(name=name, start=T0, status_date=STATUS, manager=f"PM {name}")
            session.add(project)
            session.flush()
            ids[name] = project.id
        alpha = session.get(Project, ids["Alpha"])
        beta = session.get(Project, ids["Beta"])
        assert alpha is not None and beta is not None
        _plan(session, alpha, slip_days=12, percent_done=50.0)
        _plan(session, beta, slip_days=0, percent_done=100.0)
        session.add_all(
            Risk(
                project_id=alpha.id,
                code=f"R-00{n}",
                title=f"Critical {n}",
                probability=5,
                impact=4,
                status="open",
            )
            for n in (1, 2)
        )
        session.add(
            Risk(
                project_id=alpha.id,
                code="R-003",
                title="Closed one",
                probability=5,
                impact=5,
                status="closed",
            )
        )
        session.add_all(
            [
                ActionItem(
                    project_id=alpha.id,
                    code="AC-001",
                    title="Overdue",
                    owner="Kim",
                    due=AS_OF - timedelta(days=3),
                    status="open",
                ),
                ActionItem(
                    project_id=alpha.id,
                    code="AC-002",
                    title="Done late",
                    owner="Kim",
                    due=AS_OF - timedelta(days=9),
                    status="done",
                ),
                ActionItem(
                    project_id=alpha.id,
                    code="AC-003",
                    title="Not due",
                    owner="Kim",
                    due=AS_OF + timedelta(days=3),
                    status="in progress",
                ),
            ]
        )
        calendar = Calendar(project_id=alpha.id)
        session.add(calendar)
        session.flush()
        session.add(
            FreezeWindow(
                calendar_id=calendar.id,
                name="Alpha year-end freeze",
                start=AS_OF + timedelta(days=10),
                finish=AS_OF + timedelta(days=12),
            )
        )
        session.add(BudgetLine(project_id=beta.id, category="labour", amount=Decimal(50_000)))
        session.add(
            ChangeWindow(
                project_id=beta.id,
                name="Beta blackout",
                kind="blackout",
                start=STATUS + timedelta(days=40),
                finish=STATUS + timedelta(days=41),
            )
        )
        session.add(
            ChangeWindow(
                project_id=None,
                name="Shared freeze",
                kind="freeze",
                start=datetime.combine(AS_OF + timedelta(days=5), datetime.min.time()),
                finish=datetime.combine(AS_OF + timedelta(days=7), datetime.min.time()),
            )
        )
        session.add(
            ChangeWindow(
                project_id=None,
                name="Maintenance",
                kind="maintenance",
                start=STATUS + timedelta(days=1),
                finish=STATUS + timedelta(days=2),
            )
        )
        session.add_all(
            [
                StatusUpdate(
                    project_id=beta.id, as_of=AS_OF - timedelta(days=7), overall_rag="red"
                ),
                StatusUpdate(
                    project_id=beta.id,
                    as_of=AS_OF,
                    overall_rag="amber",
                    overall_note="Recovering after the red week",
                ),
            ]
        )
    return ids
