"""The Cost tab shows the figures it is given and draws the S-curve where the figures say."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from PySide6.QtGui import QColor

from infradesk.ui.context import AppContext
from infradesk.ui.progress.cost_tab import FIGURES, CostData, CostTab
from infradesk.ui.progress.scurve import SERIES, CurvePoint, short_money

STATUS = datetime(2026, 3, 16, 17, 0)


def curve() -> list[CurvePoint]:
    """Ten weeks: PV 10k a week; EV and AC known until the status date (week 3)."""
    points = []
    for week in range(10):
        at = datetime(2026, 3, 2, 8, 0) + timedelta(weeks=week)
        known = at <= STATUS
        points.append(
            CurvePoint(
                at,
                Decimal(10_000 * week),
                Decimal(8_000 * week) if known else None,
                Decimal(9_500 * week) if known else None,
            )
        )
    return points


def test_the_cost_tab_shows_the_figures_and_the_curve(qtbot, workspace) -> None:
    context = AppContext(workspace)
    figures = {key: f"{key}-value" for key, _title, _tip in FIGURES}
    data = CostData(figures, curve(), STATUS, "EUR", "")
    tab = CostTab(context, lambda _context, _project: data)
    qtbot.addWidget(tab)
    tab.resize(1000, 700)
    tab.show()
    qtbot.waitExposed(tab)
    tab.show_data(data)
    for key, _title, _tip in FIGURES:
        assert tab.values[key].text() == f"{key}-value"
    assert "16 Mar 2026" in tab.heading.text()
    assert not tab.note.isVisible()
    chart = tab.chart
    image = chart.grab().toImage()
    colors = {key: color for key, _title, color in SERIES}
    # PV runs to the end, EV and AC stop at the status date
    assert chart.point_at(9, "pv") is not None
    assert chart.point_at(3, "ev") is None and chart.point_at(2, "ev") is not None
    ev, ac, pv = chart.point_at(1, "ev"), chart.point_at(1, "ac"), chart.point_at(1, "pv")
    assert pv.y() < ac.y() < ev.y()  # a higher amount is higher up
    for key, where in (("ev", ev), ("ac", ac)):
        near = [
            image.pixelColor(round(where.x()) + dx, round(where.y()) + dy)
            for dx in (-1, 0, 1)
            for dy in (-1, 0, 1)
        ]
        assert any(_close(c, colors[key]) for c in near), key
    assert short_money(1_234_567) == "1.2M" and short_money(12_500) == "12k"


def test_the_cost_tab_says_why_figures_are_missing(qtbot, workspace) -> None:
    context = AppContext(workspace)
    tab = CostTab(
        context, lambda _c, _p: CostData(note="Save a baseline with costs to see earned value.")
    )
    qtbot.addWidget(tab)
    tab.show()
    tab.show_data(tab.loader(context, 1))
    assert tab.note.isVisible() and "baseline" in tab.note.text()
    assert tab.values["cpi"].text() == "—"


def _close(a: QColor, b: QColor) -> bool:
    return max(abs(a.red() - b.red()), abs(a.green() - b.green()), abs(a.blue() - b.blue())) < 60


def test_the_figures_of_an_earned_value_run_are_written_as_the_tab_shows_them() -> None:
    from infradesk.schedule.calendar import WorkingCalendar
    from infradesk.schedule.earned_value import EvmTask, earned_value, s_curve
    from infradesk.ui.progress.cost_figures import cost_data

    tasks = [
        EvmTask(1, None, datetime(2026, 3, 2, 8), datetime(2026, 3, 13, 17), Decimal(10_000),
                50, Decimal(6_000)),
        EvmTask(2, None, datetime(2026, 3, 16, 8), datetime(2026, 3, 27, 17), Decimal(20_000)),
    ]  # fmt: skip
    calendar = WorkingCalendar()
    ev = earned_value(tasks, STATUS, calendar)
    data = cost_data(ev, s_curve(tasks, STATUS, calendar), "EUR", calendar.minutes_per_day)
    p = ev.project
    assert data.figures["bac"] == "30,000 EUR" and p.bac == 30_000
    assert data.figures["ev"] == f"{p.ev:,.0f} EUR" and data.figures["ac"] == "6,000 EUR"
    assert data.figures["cpi"] == f"{p.cpi:.2f}" and data.figures["spi"] == f"{p.spi:.2f}"
    assert data.figures["vac"] == f"{p.vac:,.0f} EUR"
    assert ev.schedule is not None and data.figures["spi_t"] == f"{ev.schedule.spi_t:.2f}"
    assert data.curve and data.curve[-1].pv == 30_000
    assert cost_data(None, [], "EUR", 480, "No baseline.").note == "No baseline."
