"""Score = P x I, bands (default and configured), expected monetary value."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from infradesk.services.risks import queries as risk_service
from infradesk.services.risks import scoring as rs

from .helpers import add, make_project


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (0, ""),
        (1, "low"),
        (4, "low"),
        (5, "medium"),
        (9, "medium"),
        (10, "high"),
        (15, "high"),
        (16, "critical"),
        (25, "critical"),
    ],
)
def test_default_bands(score: int, band: str) -> None:
    assert rs.DEFAULT_SETTINGS.band(score) == band


def test_configured_bands_move_the_limits() -> None:
    settings = rs.ScoringSettings(low_max=3, medium_max=7, high_max=12)
    assert [settings.band(s) for s in (3, 4, 7, 8, 12, 13)] == [
        "low",
        "medium",
        "medium",
        "high",
        "high",
        "critical",
    ]


def test_bands_must_rise() -> None:
    with pytest.raises(ValueError, match="Band limits must rise"):
        rs.ScoringSettings(low_max=9, medium_max=5, high_max=12)


@pytest.mark.parametrize(
    ("probability", "emv"),
    [(1, "1000.00"), (2, "3000.00"), (3, "5000.00"), (4, "7000.00"), (5, "9000.00")],
)
def test_emv_uses_the_probability_percent(probability: int, emv: str) -> None:
    assert rs.DEFAULT_SETTINGS.emv(probability, Decimal("10000")) == Decimal(emv)


def test_expected_days_weight_schedule_impact() -> None:
    assert rs.DEFAULT_SETTINGS.expected_days(4, 10) == Decimal("7.0")


def test_register_rows_carry_score_band_and_emv(workspace) -> None:
    project_id, _ = make_project(workspace)
    add(
        workspace,
        "risk",
        project_id,
        probability=4,
        impact=5,
        cost_impact="20000",
        schedule_impact_days=10,
    )
    add(
        workspace,
        "risk",
        project_id,
        probability=2,
        impact=2,
        cost_impact="5000",
        schedule_impact_days=4,
    )
    add(
        workspace,
        "risk",
        project_id,
        kind="opportunity",
        response="exploit",
        probability=3,
        impact=3,
        cost_impact="8000",
    )
    add(
        workspace, "risk", project_id, probability=5, impact=5, cost_impact="99999", status="closed"
    )
    with workspace.session() as session:
        rows = risk_service.load_risks(session, project_id)
    first = rows[0]
    assert (first.code, first.score, first.band, first.emv) == (
        "R-001",
        20,
        "critical",
        Decimal("14000.00"),
    )
    assert rows[1].band == "low" and rows[1].emv == Decimal("1500.00")
    exposure = risk_service.exposure(rows)
    assert exposure.threat_emv == Decimal("15500.00")  # closed risks do not count
    assert exposure.opportunity_emv == Decimal("4000.00")
    assert exposure.schedule_days == Decimal("8.2")  # 70% of 10 + 30% of 4
    assert exposure.worst_case_days == 14
    assert exposure.open_risks == 3


def test_project_settings_change_bands_and_emv(workspace) -> None:
    project_id, _ = make_project(workspace)
    add(workspace, "risk", project_id, probability=3, impact=3, cost_impact="1000")
    with workspace.session() as session:
        rs.save_settings(
            session,
            project_id,
            rs.ScoringSettings(low_max=2, medium_max=5, high_max=8, percents=(5, 25, 40, 60, 80)),
        )
    with workspace.session() as session:
        (row,) = risk_service.load_risks(session, project_id)
    assert row.band == "critical"
    assert row.emv == Decimal("400.00")


@given(
    p=st.integers(1, 5),
    i=st.integers(1, 5),
    cost=st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False),
)
def test_bands_rise_with_the_score_and_emv_never_exceeds_the_cost(
    p: int, i: int, cost: Decimal
) -> None:
    order = {"low": 0, "medium": 1, "high": 2, "critical": 3}
    settings = rs.DEFAULT_SETTINGS
    assert order[settings.band(p * i)] <= order[settings.band(min(p + 1, 5) * i)]
    emv = settings.emv(p, cost)
    assert Decimal(0) <= emv <= cost
