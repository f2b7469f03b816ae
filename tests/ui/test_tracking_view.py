"""View > Tracking view: baseline against actual/forecast bars with the slip in working days,
drawn from the Gantt's outline and refreshed after an edit."""

from __future__ import annotations

from PySide6.QtCore import QPointF

from infradesk.schedule.calendar import cached_axis
from infradesk.ui.gantt.outline_model import COLUMN_KEYS
from infradesk.ui.progress.tracking import TrackingCanvas, tracking_rows


def test_the_tracking_view_shows_each_tasks_slip(qtbot, main_window) -> None:
    outline = main_window.gantt_tab.model.outline
    assert any(outline.baseline_finish), "the demo saves a baseline"
    window = main_window.progress.show_tracking()
    qtbot.waitExposed(window)
    canvas = window.canvas
    rows = canvas.rows
    assert len(rows) == len(outline)
    axis = cached_axis(outline.calendar, outline.project_start.date())
    slipped = [r for r in rows if r.slip_days and not r.summary]
    assert slipped, "the demo slips after its baseline"
    for r in rows:
        bf, f = outline.baseline_finish[r.row], outline.finish[r.row]
        if bf is None or f is None:
            assert r.slip_days is None
            continue
        assert r.slip_days == axis.working_minutes_between(bf, f) / outline.minutes_per_day
    late = max(slipped, key=lambda r: r.slip_days or 0)
    assert late.slip_text().startswith("+")
    index = rows.index(late)
    baseline, current = canvas.bars_of(index)
    assert baseline is not None and current is not None
    assert current.right() > baseline.right()  # the forecast bar ends later than planned
    image = canvas.grab().toImage()
    inside = current.center()
    assert image.pixelColor(round(inside.x()), round(inside.y())) in (
        TrackingCanvas.current,
        TrackingCanvas.done,
        TrackingCanvas.finished,
    )
    grey = image.pixelColor(round(baseline.center().x()), round(baseline.center().y()))
    assert grey == TrackingCanvas.baseline


def test_the_tracking_view_follows_an_edit(qtbot, main_window) -> None:
    tab = main_window.gantt_tab
    window = main_window.progress.show_tracking()
    o = tab.model.outline
    row = next(
        r
        for r in range(len(o))
        if not o.summary[r] and o.baseline_finish[r] and o.duration[r] and not o.percent[r]
    )  # not started: a longer duration moves its finish
    before = window.canvas.rows[row].slip_days
    view = tab.model.view_rows.index(row)
    longer = f"{o.duration[row] // o.minutes_per_day + 5}d"
    tab.model.setData(tab.model.index(view, COLUMN_KEYS.index("duration")), longer)
    qtbot.waitUntil(lambda: window.canvas.rows[row].slip_days == before + 5)
    main_window.context.undo()
    qtbot.waitUntil(lambda: window.canvas.rows[row].slip_days == before)


def test_rows_without_a_baseline_say_how_to_get_one(qtbot, main_window) -> None:
    o = main_window.gantt_tab.model.outline
    o.baseline_start = [None] * len(o)
    o.baseline_finish = [None] * len(o)
    assert all(r.slip_days is None for r in tracking_rows(o))
    window = main_window.progress.show_tracking()
    assert "Save Baseline" in window.legend.text()
    assert window.canvas.x_of(o.start[0]) == QPointF(window.canvas.x_of(o.start[0]), 0).x()
