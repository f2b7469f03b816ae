"""The portfolio rows on small real workspaces: every column, and agreement with each
project's own status (the dialog's draft and the weekly report's facts)."""

from __future__ import annotations

from datetime import date

import pytest

from infradesk.services.governance.portfolio import portfolio_rows, totals_of
from infradesk.services.status.facts import collect_facts
from infradesk.services.status.view import default_report_date, load_status_view
from infradesk.store.workspace import Workspace
from tests.services.governance.portfolio_workspace import AS_OF, build_portfolio


@pytest.fixture
def portfolio(workspace: Workspace) -> Workspace:
    build_portfolio(workspace)
    return workspace


def _by_name(workspace: Workspace) -> dict:
    return {row.name: row for row in portfolio_rows(workspace, today=AS_OF)}


def test_one_row_per_project_in_name_order(portfolio: Workspace) -> None:
    rows = portfolio_rows(portfolio, today=AS_OF)
    assert [r.name for r in rows] == ["Alpha", "Beta", "Gamma"]
    assert all(r.as_of == AS_OF for r in rows)


def test_ratings_agree_with_each_projects_own_status(portfolio: Workspace) -> None:
    for row in portfolio_rows(portfolio, today=AS_OF):
        view = load_status_view(portfolio, row.project_id, AS_OF)
        assert row.overall == view.draft.overall.rag.value, row.name


def test_slipped_milestone_critical_risks_and_overdue_actions(portfolio: Workspace) -> None:
    alpha = _by_name(portfolio)["Alpha"]
    assert alpha.overall == "red" and alpha.schedule == "red"
    assert alpha.next_milestone == "Go live"
    assert alpha.next_milestone_date == date(2026, 3, 20)
    assert alpha.slip_days == 12
    assert (alpha.critical_risks, alpha.high_risks) == (2, 0)  # the closed one is not counted
    assert alpha.overdue_actions == 1  # not the done one, not the one still to come
    assert not alpha.saved and alpha.trend == "new"


def test_indices_and_money_are_the_reports(portfolio: Workspace) -> None:
    rows = _by_name(portfolio)
    with portfolio.read_session() as session:
        for name in ("Alpha", "Beta"):
            facts = collect_facts(session, rows[name].project_id, AS_OF)
            assert facts.earned_value is not None and facts.earned_value.spi_t is not None
            assert rows[name].spi == pytest.approx(facts.earned_value.spi_t)
            assert rows[name].spi_label == "SPI(t)"
            assert rows[name].cpi == pytest.approx(facts.budget.cpi)
            assert rows[name].budget == facts.budget.budget
            assert rows[name].forecast == facts.budget.forecast
    assert rows["Alpha"].cpi is not None and rows["Alpha"].cpi < 1  # 600 spent for 500 earned
    assert rows["Beta"].budget == 50_000 and rows["Alpha"].budget is None


def test_a_saved_update_wins_and_gives_the_trend(portfolio: Workspace) -> None:
    beta = _by_name(portfolio)["Beta"]
    assert beta.saved and beta.overall == "amber"
    assert beta.trend == "up"  # red the week before


def test_freeze_windows_ahead(portfolio: Workspace) -> None:
    rows = _by_name(portfolio)
    alpha, beta, gamma = rows["Alpha"], rows["Beta"], rows["Gamma"]
    # the shared freeze (5 days) and Alpha's calendar freeze (10 days); never maintenance
    assert alpha.freezes_ahead == 2
    assert (alpha.next_freeze, alpha.next_freeze_start) == ("Shared freeze", date(2026, 3, 7))
    assert beta.freezes_ahead == 1  # its blackout in 40 days is beyond the look-ahead
    assert gamma.freezes_ahead == 1
    later = {r.name: r for r in portfolio_rows(portfolio, today=date(2026, 3, 14))}
    # the shared freeze has passed; Alpha's own is on (its last day); Beta's now in reach
    assert later["Alpha"].freezes_ahead == 1
    assert later["Alpha"].next_freeze == "Alpha year-end freeze"
    assert later["Beta"].freezes_ahead == 1 and later["Beta"].next_freeze == "Beta blackout"


def test_a_project_without_tasks(portfolio: Workspace) -> None:
    gamma = _by_name(portfolio)["Gamma"]
    assert gamma.next_milestone == "" and gamma.slip_days is None
    assert gamma.spi is None and gamma.cpi is None
    assert gamma.schedule == "none"


def test_totals(portfolio: Workspace) -> None:
    totals = totals_of(portfolio_rows(portfolio, today=AS_OF))
    assert totals.projects == 3
    assert totals.red + totals.amber + totals.green + totals.unrated == 3
    assert totals.red >= 1 and totals.amber >= 1
    assert totals.overdue_actions == 1 and totals.open_high_risks == 2
    assert "3 projects" in totals.text


def test_the_demo_agrees_with_its_status(demo_workspace: Workspace) -> None:
    rows = portfolio_rows(demo_workspace)
    assert rows
    for row in rows:
        as_of = default_report_date(demo_workspace, row.project_id)
        view = load_status_view(demo_workspace, row.project_id, as_of)
        assert row.overall == view.draft.overall.rag.value
        with demo_workspace.read_session() as session:
            facts = collect_facts(session, row.project_id, as_of)
        if facts.earned_value is not None and facts.earned_value.spi_t is not None:
            assert row.spi == pytest.approx(facts.earned_value.spi_t)
        assert row.cpi == pytest.approx(facts.budget.cpi)
        assert row.budget == facts.budget.budget and row.forecast == facts.budget.forecast


def test_an_empty_workspace(workspace: Workspace) -> None:
    assert portfolio_rows(workspace) == []
