"""The RAG thresholds are stored per project (migration 0008) and judge the suggestions."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import Decimal

import pytest
from sqlalchemy import inspect

from infradesk import model
from infradesk.report.data import Rag
from infradesk.services.status.report import gather_report_data
from infradesk.services.status.rules import DEFAULT_RULES, StatusError, draft_status
from infradesk.services.status.thresholds import (
    SaveThresholds,
    check_rules,
    threshold_problems,
    thresholds_view,
)

STATUS = datetime(2026, 12, 4, 17, 0)
T0 = datetime(2026, 11, 2, 8, 0)


def _project(workspace) -> int:
    """One task, half done, that cost 20 % more than planned: CPI 0.83 (red by default)."""
    with workspace.session() as session:
        project = model.Project(name="Thresholds", currency="EUR", start=T0, status_date=STATUS)
        session.add(project)
        session.flush()
        task = model.Task(
            project_id=project.id,
            name="Build",
            start=T0,
            finish=datetime(2026, 12, 18, 17),
            duration_minutes=35 * 480,
            percent_complete=50,
            actual_start=T0,
            cost=Decimal("10000"),
            actual_cost=Decimal("6000"),
        )
        session.add(task)
        baseline = model.Baseline(project_id=project.id, name="B", created_at=T0)
        session.add(baseline)
        session.flush()
        session.add(
            model.BaselineTask(
                baseline_id=baseline.id,
                task_id=task.id,
                start=task.start,
                finish=task.finish,
                duration_minutes=task.duration_minutes,
                cost=Decimal("10000"),
            )
        )
        return project.id


def _cost(workspace, pid: int) -> Rag:
    with workspace.read_session() as session:
        data = gather_report_data(session, pid, STATUS.date())
        draft = draft_status(session, pid, STATUS.date())
    cost = next(d for d in data.dimensions if d.dimension == "cost")
    assert draft.dimensions["cost"].suggested is cost.suggested  # dialog and report agree
    return cost.suggested


def test_thresholds_are_stored_per_project_and_undoable(workspace) -> None:
    assert "status_thresholds" in inspect(workspace.engine).get_table_names()
    pid = _project(workspace)
    assert thresholds_view(workspace, pid) == DEFAULT_RULES
    assert _cost(workspace, pid) is Rag.RED  # CPI 0.83 < 0.90

    lenient = replace(DEFAULT_RULES, cpi_amber=0.85, cpi_red=0.80, vac_amber=-0.25, vac_red=-0.5)
    command = SaveThresholds(pid, lenient)
    command.apply(workspace)
    assert thresholds_view(workspace, pid) == lenient
    assert _cost(workspace, pid) is Rag.AMBER  # 0.83: below 0.85, above 0.80

    command.revert(workspace)
    assert thresholds_view(workspace, pid) == DEFAULT_RULES
    assert _cost(workspace, pid) is Rag.RED


def test_red_must_be_beyond_amber() -> None:
    with pytest.raises(StatusError, match="red threshold of CPI"):
        SaveThresholds(1, replace(DEFAULT_RULES, cpi_red=0.99))
    with pytest.raises(StatusError, match="milestone slip"):
        SaveThresholds(1, replace(DEFAULT_RULES, schedule_red_days=0))


def test_every_pair_out_of_order_is_named_as_the_settings_page_shows_it() -> None:
    rules = replace(DEFAULT_RULES, schedule_red_days=0, vac_red=-0.01, forecast_red=1.0)
    assert threshold_problems(rules) == [
        (
            "schedule_red_days",
            "The red threshold of milestone slip (0 days) must not be below the amber one "
            "(1 day).",
        ),
        (
            "vac_red",
            "The red threshold of VAC / BAC (-1 %) must not be above the amber one (-2 %).",
        ),
        (
            "forecast_red",
            "The red threshold of forecast / budget (100 %) must not be below the amber one "
            "(102 %).",
        ),
    ]
    equal = replace(DEFAULT_RULES, cpi_red=DEFAULT_RULES.cpi_amber)  # no amber band: allowed
    assert threshold_problems(equal) == []
    check_rules(equal)
