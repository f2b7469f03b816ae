"""RAG suggestion rules, saved snapshots, trends and "what changed" on a real workspace."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import delete, inspect, select

from infradesk.errors import UserError
from infradesk.model import Project, Risk, StatusUpdate, Task
from infradesk.report.data import BudgetSummary, ChangeRow, Rag, RiskRow, Trend
from infradesk.services.risks.commands import record_history
from infradesk.services.risks.scoring import ScoringSettings
from infradesk.services.status import rules as status
from infradesk.services.status.facts import (
    ProjectFacts,
    TaskFact,
    collect_facts,
    gather_gantt_data,
)
from infradesk.services.status.report import gather_report_data
from infradesk.store.workspace import Workspace
from tests.report.conftest import AS_OF, HOSTILE, build_plan


def facts(**changes: object) -> ProjectFacts:
    base = ProjectFacts(
        project_id=1,
        name="P",
        manager="",
        currency="EUR",
        as_of=AS_OF,
        status_date=None,
        tasks=[],
        has_baseline=True,
        risks=[],
        issues=None,
        changes=None,
    )
    return replace(base, **changes)


def milestone(slip_days: int, *, done: bool = False, deadline_days: int | None = None) -> TaskFact:
    baseline = datetime(2026, 4, 1, 17)
    forecast = baseline + timedelta(days=slip_days)
    return TaskFact(
        id=slip_days + 1000,
        parent_id=None,
        name=f"M{slip_days}",
        owner="",
        start=forecast,
        finish=forecast,
        percent_complete=100 if done else 0,
        milestone=True,
        duration_minutes=0,
        deadline=None if deadline_days is None else baseline + timedelta(days=deadline_days),
        baseline_start=baseline,
        baseline_finish=baseline,
    )


@pytest.mark.parametrize(
    ("slip", "spi", "expected"),
    [
        (0, None, Rag.GREEN),
        (3, None, Rag.AMBER),
        (11, None, Rag.RED),
        (0, 0.9, Rag.AMBER),
        (0, 0.8, Rag.RED),
        (0, 1.0, Rag.GREEN),
        (10, 0.99, Rag.AMBER),
    ],
)
def test_schedule_rule(slip: int, spi: float | None, expected: Rag) -> None:
    rag, reason = status.suggest_schedule(
        facts(tasks=[milestone(slip)], budget=BudgetSummary(spi=spi))
    )
    assert rag is expected, reason
    if slip:
        assert f"{slip} d behind baseline" in reason


def test_schedule_rule_ignores_finished_milestones_and_flags_deadlines() -> None:
    assert status.suggest_schedule(facts(tasks=[milestone(20, done=True)]))[0] is Rag.GREEN
    rag, reason = status.suggest_schedule(facts(tasks=[milestone(0, deadline_days=-2)]))
    assert rag is Rag.AMBER and "deadline" in reason


def test_schedule_rule_overdue_milestone_is_red() -> None:
    overdue = milestone(0)
    overdue.finish = overdue.start = datetime(2026, 2, 20, 17)
    overdue.baseline_finish = overdue.finish
    assert status.suggest_schedule(facts(tasks=[overdue]))[0] is Rag.RED


@pytest.mark.parametrize(
    ("budget", "forecast", "cpi", "expected"),
    [
        (None, None, None, Rag.NONE),
        (100, 100, 1.0, Rag.GREEN),
        (100, 105, 0.96, Rag.AMBER),
        (100, 100, 0.93, Rag.AMBER),
        (100, 115, 1.0, Rag.RED),
        (100, 100, 0.85, Rag.RED),
    ],
)
def test_cost_rule(
    budget: int | None, forecast: int | None, cpi: float | None, expected: Rag
) -> None:
    from decimal import Decimal

    money = BudgetSummary(
        budget=None if budget is None else Decimal(budget),
        forecast=None if forecast is None else Decimal(forecast),
        cpi=cpi,
    )
    assert status.suggest_cost(facts(budget=money))[0] is expected


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ([], Rag.GREEN),
        ([12], Rag.GREEN),
        ([12, 10], Rag.AMBER),
        ([16], Rag.AMBER),
        ([16, 20], Rag.RED),
        ([16, 12, 12, 10], Rag.RED),
        ([15, 12], Rag.AMBER),
        ([4, 6, 9, 8], Rag.GREEN),
    ],
)
def test_risk_rule_counts_high_and_critical(scores: list[int], expected: Rag) -> None:
    risks = [RiskRow(f"R{i}", "t", "", s, 1, "open") for i, s in enumerate(scores)]
    # a closed critical risk never counts
    risks.append(RiskRow("RX", "closed", "", 5, 5, "closed"))
    assert status.suggest_risk(facts(risks=risks))[0] is expected


def test_risk_rule_uses_the_project_bands() -> None:
    risks = [RiskRow("R1", "t", "", 13, 1, "open")]
    assert status.suggest_risk(facts(risks=risks))[0] is Rag.GREEN  # high by default
    custom = ScoringSettings(low_max=3, medium_max=6, high_max=12)
    assert status.suggest_risk(facts(risks=risks, settings=custom))[0] is Rag.AMBER
    # a band the gatherer set (from the settings) wins over the score
    banded = [RiskRow("R1", "t", "", 2, 2, "open", band="critical")] * 2
    assert status.suggest_risk(facts(risks=banded))[0] is Rag.RED


def test_scope_rule() -> None:
    assert status.suggest_scope(facts(), AS_OF)[0] is Rag.NONE
    assert status.suggest_scope(facts(changes=[]), AS_OF)[0] is Rag.GREEN
    old = ChangeRow("CR-1", "x", "submitted", requested=AS_OF - timedelta(days=30))
    assert status.suggest_scope(facts(changes=[old]), AS_OF)[0] is Rag.AMBER
    # the Risks tab's vocabulary: "approved" is decided, never awaiting
    decided = replace(old, status="approved")
    assert status.suggest_scope(facts(changes=[decided]), AS_OF)[0] is Rag.GREEN
    many = [ChangeRow(f"CR-{i}", "x", "pending decision", requested=AS_OF) for i in range(5)]
    assert status.suggest_scope(facts(changes=many), AS_OF)[0] is Rag.RED


def test_overall_is_the_worst_dimension() -> None:
    ratings = status.suggest_ratings(
        facts(tasks=[milestone(3)], risks=[RiskRow("R", "t", "", 5, 5, "open")] * 2), AS_OF
    )
    assert ratings["schedule"].rag is Rag.AMBER and ratings["risk"].rag is Rag.RED
    assert ratings["overall"].rag is Rag.RED and "risk" in ratings["overall"].reason


def test_trend() -> None:
    assert status.trend(Rag.GREEN, Rag.AMBER) is Trend.UP
    assert status.trend(Rag.RED, Rag.AMBER) is Trend.DOWN
    assert status.trend(Rag.AMBER, Rag.AMBER) is Trend.SAME
    assert status.trend(Rag.AMBER, None) is Trend.NEW


def test_migration_creates_the_status_table(workspace) -> None:
    assert "status_update" in inspect(workspace.engine).get_table_names()


def test_facts_from_the_database(workspace) -> None:
    with workspace.session() as session:
        pid = build_plan(session)
        found = collect_facts(session, pid, AS_OF)
    names = [t.name for t in found.tasks]
    assert names[0] == "Build phase" and found.tasks[0].summary
    assert found.tasks[1].wbs == "1.1" and found.tasks[1].level == 1
    assert found.has_baseline and len(found.milestones) == 2
    assert found.budget.spi is not None and found.budget.spi < 1  # HOSTILE task is behind
    assert any("no budget" in note.lower() for note in found.budget.notes)


def test_report_data_sections_match_the_plan(workspace) -> None:
    with workspace.session() as session:
        pid = build_plan(session)
        data = gather_report_data(session, pid, AS_OF)
    assert data.project == "DC Migration" and data.manager == "Dana Schmidt"
    assert (data.period_start, data.period_end) == (date(2026, 2, 24), AS_OF)
    racks = next(m for m in data.milestones if m.name == "Racks delivered")
    assert racks.variance_days == 7 and racks.slipped and racks.status == "Overdue"
    assert [t.name for t in data.done] == ["Install PDUs"]
    assert "Cable racks" in [t.name for t in data.planned]
    assert HOSTILE in [t.name for t in data.planned]  # due 14 Mar, inside two weeks
    assert data.risks[0].code == "R-001" and data.heat_count(4, 5) == 1
    assert data.dimensions[0].rag is Rag.RED  # schedule: an overdue milestone
    assert data.overall.rag is Rag.RED and data.overall.trend is Trend.NEW
    assert data.gantt is not None and data.gantt.rows[0].name == "Build phase"
    assert any(row.milestone for row in data.gantt.rows)
    assert data.executive_summary.startswith("Overall status is red.")
    assert len(data.executive_summary.split()) <= status.SUMMARY_WORDS


def test_override_needs_a_one_line_justification(workspace) -> None:
    with workspace.session() as session:
        pid = build_plan(session)
        draft = status.draft_status(session, pid, AS_OF)
        draft.dimensions["schedule"].rag = Rag.AMBER
        with pytest.raises(status.StatusError, match="justification"):
            status.save_status(session, pid, draft)
        draft.dimensions["schedule"].justification = "line one\nline two"
        with pytest.raises(status.StatusError, match="one line"):
            status.save_status(session, pid, draft)
        draft.dimensions["schedule"].justification = "Vendor confirmed a recovery plan"
        status.save_status(session, pid, draft)
        again = status.draft_status(session, pid, AS_OF)
    assert again.saved_id is not None
    assert again.dimensions["schedule"].rag is Rag.AMBER
    assert again.dimensions["schedule"].suggested is Rag.RED


def test_next_report_shows_trends_and_what_changed(workspace) -> None:
    with workspace.session() as session:
        pid = build_plan(session)
        draft = status.draft_status(session, pid, AS_OF)
        draft.decisions_needed = ["Approve overtime"]
        status.save_status(session, pid, draft)
        assert session.scalar(select(StatusUpdate.as_of)) == AS_OF
        for risk in session.scalars(select(Risk)):  # the Risks tab records every edit
            record_history(session, risk, AS_OF - timedelta(days=3))

        # a week passes: a risk closes, one appears, one worsens, a milestone moves
        session.scalar(select(Risk).where(Risk.code == "R-002")).status = "closed"
        session.scalar(select(Risk).where(Risk.code == "R-001")).probability = 2
        session.scalar(select(Risk).where(Risk.code == "R-003")).impact = 5
        session.add(
            Risk(
                project_id=pid,
                code="R-009",
                title="Carrier strike",
                probability=3,
                impact=3,
                status="open",
                raised=AS_OF + timedelta(days=2),
            )
        )
        session.flush()
        for risk in session.scalars(select(Risk)):
            record_history(session, risk, AS_OF + timedelta(days=2))
        go_live = session.scalar(select(Task).where(Task.name == "Go-live"))
        go_live.start = go_live.finish = go_live.finish + timedelta(days=5)
        racks = session.scalar(select(Task).where(Task.name == "Racks delivered"))
        racks.percent_complete = 100
        session.flush()
        data = gather_report_data(session, pid, AS_OF + timedelta(days=7))

    assert data.changes.previous_as_of == AS_OF
    assert data.period_start == AS_OF + timedelta(days=1)
    assert any("R-009" in item for item in data.changes.new_risks)
    assert any("R-002" in item for item in data.changes.closed_risks)
    assert any(
        item.startswith("Go-live") and "+5 d" in item for item in data.changes.milestones_moved
    )
    go_live_row = next(m for m in data.milestones if m.name == "Go-live")
    assert go_live_row.moved_days == 5
    by_code = {r.code: r for r in data.risks}
    assert by_code["R-001"].trend is Trend.UP and by_code["R-001"].previous_score == 20
    assert by_code["R-003"].trend is Trend.DOWN
    assert by_code["R-009"].trend is Trend.NEW
    # risk: one critical (R-001, 20) before -> amber; now two high (R-003 15, R-001 10)
    risk = next(d for d in data.dimensions if d.dimension == "risk")
    assert risk.rag is Rag.AMBER and risk.trend is Trend.SAME
    schedule = next(d for d in data.dimensions if d.dimension == "schedule")
    assert schedule.rag is Rag.RED and schedule.trend is Trend.SAME  # SPI stays below 0.85


def test_list_updates_newest_first(workspace) -> None:
    with workspace.session() as session:
        pid = build_plan(session)
        for offset in (0, 7):
            draft = status.draft_status(session, pid, AS_OF + timedelta(days=offset))
            status.save_status(session, pid, draft)
        updates = status.list_updates(session, pid)
    assert [a for a, _ in updates] == [AS_OF + timedelta(days=7), AS_OF]


def test_save_command_is_undoable(workspace) -> None:
    with workspace.session() as session:
        pid = build_plan(session)
        draft = status.draft_status(session, pid, AS_OF)
    draft.executive_summary = "First version"
    first = status.SaveStatusUpdate(pid, draft)
    first.apply(workspace)
    draft.executive_summary = "Second version"
    second = status.SaveStatusUpdate(pid, draft)
    second.apply(workspace)
    with workspace.session() as session:
        assert session.scalar(select(StatusUpdate.executive_summary)) == "Second version"
    second.revert(workspace)
    with workspace.session() as session:
        assert session.scalar(select(StatusUpdate.executive_summary)) == "First version"
    first.revert(workspace)
    with workspace.session() as session:
        assert session.scalar(select(StatusUpdate.id)) is None
    draft.dimensions["risk"].rag = Rag.GREEN  # the data says red: needs a justification
    with pytest.raises(status.StatusError):
        status.SaveStatusUpdate(pid, draft)


@pytest.mark.sqlite_only("downgrades the file with the SQLite migrations")
def test_status_migration_downgrades_and_upgrades(workspace) -> None:
    from alembic import command

    from infradesk.store.migrate import (
        alembic_config,
        current_revision,
        head_revision,
        upgrade_to_head,
    )

    config = alembic_config()
    with workspace.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0004_vendors")
    assert "status_update" not in inspect(workspace.engine).get_table_names()
    upgrade_to_head(workspace.engine)
    assert current_revision(workspace.engine) == head_revision()
    columns = {c["name"] for c in inspect(workspace.engine).get_columns("status_update")}
    assert {c.name for c in StatusUpdate.__table__.columns} == columns


def test_an_empty_project_gets_a_report(workspace, tmp_path) -> None:
    import pypdf

    from infradesk.model import Project
    from infradesk.report.status_report import render_status_report

    with workspace.session() as session:
        project = Project(name=HOSTILE, start=datetime(2026, 1, 5, 8))
        session.add(project)
        session.flush()
        data = gather_report_data(session, project.id, AS_OF)
    assert data.dimensions[0].rag is Rag.NONE  # schedule: nothing planned yet
    assert data.overall.rag is Rag.GREEN  # no risk, no pending change
    assert data.milestones == [] and data.gantt is not None and data.gantt.rows == []
    target = tmp_path / "empty.pdf"
    render_status_report(data, target)
    reader = pypdf.PdfReader(target)
    first = reader.pages[0].extract_text()
    assert first.count(HOSTILE) >= 2  # running header and title, printed literally
    assert "The plan has no milestones." in " ".join(p.extract_text() for p in reader.pages)


def test_unknown_project_is_reported(workspace) -> None:
    with workspace.session() as session, pytest.raises(LookupError, match="no project"):
        gather_report_data(session, 999, AS_OF)


def test_a_project_deleted_by_another_program_is_a_user_error(workspace) -> None:
    """Another window deleted the project this report or Gantt export is about: the user is
    told so (a UserError, shown as a message), it is no internal error with a crash log."""
    with workspace.session() as session:
        project_id = build_plan(session)
    other = Workspace.open_location(workspace.location)  # another program, same workspace
    try:
        with other.session() as session:
            session.execute(delete(Project).where(Project.id == project_id))
    finally:
        other.close()
    with workspace.session() as session:
        for gather in (
            lambda: gather_report_data(session, project_id, AS_OF),
            lambda: gather_gantt_data(session, project_id),
        ):
            with pytest.raises(UserError, match=f"no project with id {project_id} in this"):
                gather()
