"""The Cost tab shows the figures it is given and draws the S-curve where the figures say."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from PySide6.QtGui import QColor

from infradesk.ui.context import AppContext
from infradesk.ui.progress.cost_tab import FIGURES, CostData, CostTab
from infradesk.ui.progress.scurve import SERIES, CurvePoint, series_color, short_money

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
    colors = {key: series_color(key) for key, _title in SERIES}
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


def test_the_cost_tab_of_the_demo_shows_what_the_service_gives(qtbot, main_window) -> None:
    from infradesk.services.plan.earned_value import earned_value_view
    from infradesk.ui.progress.cost_figures import money, ratio

    context = main_window.context
    main_window.progress.cost_action.trigger()
    tab = main_window.progress.cost_tab
    assert main_window.tabs.currentWidget() is tab
    view = earned_value_view(context.workspace, context.project_id)
    qtbot.waitUntil(lambda: tab.values["bac"].text() != "—" or view.figures is None)
    if view.figures is None:
        assert view.message and view.message in tab.note.text()
        return
    p = view.figures.project
    currency = tab.data.currency
    assert tab.values["bac"].text() == money(p.bac, currency)
    assert tab.values["ac"].text() == money(p.ac, currency)
    assert tab.values["cpi"].text() == ratio(p.cpi)
    assert tab.values["spi"].text() == ratio(p.spi)
    assert len(tab.chart.points) == len(view.curve)
    # an edit of progress refreshes the shown tab
    gantt = main_window.gantt_tab
    o = gantt.model.outline
    r = next(i for i in range(len(o)) if not o.summary[i] and 0 < o.percent[i] < 100)
    from infradesk.services.plan.progress_edits import MarkDoneAsPlanned

    context.execute(MarkDoneAsPlanned(context.project_id, [o.ids[r]]))
    after = earned_value_view(context.workspace, context.project_id).figures
    assert after is not None
    qtbot.waitUntil(lambda: tab.values["ev"].text() == money(after.project.ev, currency))


def test_spi_and_cpi_columns_come_from_the_service(qtbot, main_window) -> None:
    from infradesk.services.plan.earned_value import earned_value_view
    from infradesk.ui.gantt.outline_model import COLUMN_KEYS

    gantt = main_window.gantt_tab
    assert gantt.model.evm == {}  # not read while the columns are hidden
    gantt.table.show_column(COLUMN_KEYS.index("cpi"), True)
    view = earned_value_view(main_window.context.workspace, main_window.context.project_id)
    if view.figures is None:
        return
    o = gantt.model.outline
    r = next(i for i in range(len(o)) if view.figures.tasks.get(o.ids[i]) is not None
             and view.figures.tasks[o.ids[i]].cpi is not None)  # fmt: skip
    index = gantt.model.index(gantt.model.view_rows.index(r), COLUMN_KEYS.index("cpi"))
    shown = gantt.model.data(index)
    assert shown == f"{view.figures.tasks[o.ids[r]].cpi:.2f}"
