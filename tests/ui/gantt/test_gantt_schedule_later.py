"""A big project opens on its stored dates; its schedule comes from the window's background
warm-up and then shows its floats and critical path (issue 22)."""

from __future__ import annotations

from datetime import timedelta

from infradesk.services.plan.project_view import project_list
from infradesk.services.plan.projects import CreateProject
from infradesk.services.plan.view import load_outline_view
from infradesk.ui.gantt.outline_model import COLUMNS
from infradesk.ui.main_window import MainWindow


def reopen_later(window: MainWindow, qtbot) -> int:
    """Show another project, then the demo again with every plan "big"."""
    qtbot.waitUntil(lambda: not window.plan_warm_up.busy())
    demo = window.context.project_id
    assert demo is not None
    window.context.execute(CreateProject("Other"))
    other = next(p.id for p in project_list(window.workspace) if p.name == "Other")
    window._select_project(other)
    qtbot.waitUntil(lambda: not window.plan_warm_up.busy())
    window.gantt_tab.model.schedule_later_from = 1
    return demo


def test_the_schedule_arrives_after_the_stored_dates(main_window: MainWindow, qtbot) -> None:
    tab = main_window.gantt_tab
    scheduled = tab.model.outline
    assert scheduled.result is not None  # the demo is small: scheduled as it loads
    critical = [r for r in range(len(scheduled)) if scheduled.critical(r)]
    assert critical
    demo = reopen_later(main_window, qtbot)
    with qtbot.waitSignal(main_window.plan_warm_up.warmed, timeout=30_000):
        main_window._select_project(demo)
        outline = tab.model.outline
        assert outline.result is None and outline.schedule_pending
        assert (outline.start, outline.finish) == (scheduled.start, scheduled.finish)
        assert not any(tab.painter.is_critical(r) for r in critical)
        cell = tab.model.index(
            tab.model.view_rows.index(critical[0]),
            next(i for i, column in enumerate(COLUMNS) if column.key == "float"),
        )
        assert not cell.data()
    assert outline.result is not None and not outline.schedule_pending
    assert [r for r in range(len(outline)) if outline.critical(r)] == critical
    assert all(tab.painter.is_critical(r) for r in critical)
    assert cell.data()


def test_a_critical_filter_is_applied_again_when_it_arrives(
    main_window: MainWindow, qtbot
) -> None:
    tab = main_window.gantt_tab
    tab.set_filter("critical")
    kept = list(tab.model.view_rows)
    assert kept and len(kept) < len(tab.model.outline)
    demo = reopen_later(main_window, qtbot)
    with qtbot.waitSignal(main_window.plan_warm_up.warmed, timeout=30_000):
        main_window._select_project(demo)
        assert tab.model.view_rows == []  # nothing is known critical yet
    assert tab.model.view_rows == kept


def test_an_edit_before_the_schedule_arrives_updates_in_place(main_window: MainWindow, qtbot):
    tab = main_window.gantt_tab
    demo = reopen_later(main_window, qtbot)
    with qtbot.waitSignal(main_window.plan_warm_up.warmed, timeout=30_000):
        main_window._select_project(demo)
        outline = tab.model.outline
        assert outline.schedule_pending
        leaf = next(
            r
            for r in range(len(outline))
            if not outline.summary[r] and outline.actual_start[r] is None and outline.duration[r]
        )
        start = outline.start[leaf]
        assert start is not None
        tab.tab_actions.bar_moved(leaf, start + timedelta(days=7))
        # the rows that moved were taken in place (no reload), with the edit's schedule
        assert tab.model.outline is outline
        assert outline.result is not None and not outline.schedule_pending
        fresh = load_outline_view(main_window.workspace, demo).outline
        assert (outline.start, outline.finish) == (fresh.start, fresh.finish)
        assert outline.start[leaf] != start
        assert [outline.total_float(r) for r in range(len(outline))] == [
            fresh.total_float(r) for r in range(len(fresh))
        ]
    assert tab.model.outline is outline and outline.result is not None


def test_the_link_index_holds_every_shown_link_both_ways(main_window: MainWindow) -> None:
    outline = main_window.gantt_tab.model.outline
    index = outline.row_links()
    row_of = outline.row_of
    rows = range(len(outline))
    into = sorted((s, p, k) for s in rows for p, k, _lag in index.into(s))
    out_of = sorted((s, p, k) for p in rows for s, k in index.out_of(p))
    expected = sorted((row_of[s], row_of[p], k) for p, s, k, _lag in outline.links)
    assert outline.links and into == out_of == expected


def test_the_warm_up_builds_the_plan_from_the_rows_the_gantt_read(
    main_window: MainWindow, qtbot
) -> None:
    tab = main_window.gantt_tab
    demo = reopen_later(main_window, qtbot)
    with qtbot.waitSignal(main_window.plan_warm_up.warmed, timeout=30_000) as warmed:
        main_window._select_project(demo)
        read = tab.model.outline
        assert main_window.context.loaded_outline is read  # what the worker starts from
        assert read.data_version is not None  # a file: its data version vouches for the rows
    _project, synced, result = warmed.args
    assert synced  # the stored dates were checked on those rows and are the plan's
    assert tab.model.outline is read and read.result is result
