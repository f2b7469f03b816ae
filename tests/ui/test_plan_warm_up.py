"""The shown project's plan is warmed on a worker thread once the window is painted; the first
edit then patches it (issue 22)."""

from __future__ import annotations

from infradesk.services.changes import Changes
from infradesk.services.plan import incremental
from infradesk.services.plan.field_edits import UpdateTask
from infradesk.services.plan.project_view import project_list
from infradesk.services.plan.projects import CreateProject
from infradesk.ui.main_window import MainWindow


def first_leaf(window: MainWindow) -> int:
    outline = window.gantt_tab.model.outline
    return next(outline.ids[row] for row in range(len(outline)) if not outline.summary[row])


def test_the_first_edit_after_opening_patches_the_warmed_plan(main_window: MainWindow, qtbot):
    warm_up = main_window.plan_warm_up
    qtbot.waitUntil(lambda: not warm_up.busy() and main_window.context.project_id is not None)
    project_id = main_window.context.project_id
    assert project_id is not None
    kept = incremental.kept_schedule(main_window.workspace, project_id)
    assert kept is not None and kept.synced
    # the Gantt holds the kept plan's schedule: the edit's changes are compared with it
    assert main_window.gantt_tab.model.outline.result is kept.result
    seen: list[Changes] = []
    main_window.context.changed.connect(seen.append)
    main_window.context.execute(
        UpdateTask(project_id, first_leaf(main_window), {"duration_minutes": 2400})
    )
    assert seen and seen[-1].rescheduled_ids is not None  # patched, not rebuilt
    assert getattr(seen[-1], "compared_to", None) is kept.result


def test_the_gantt_takes_a_plan_the_warm_up_built(qtbot, demo_workspace) -> None:
    """When the plan the Gantt loaded is no longer kept (dropped from the cache), the worker
    builds another: the Gantt takes its result, the one the first edit compares with."""
    window = MainWindow(demo_workspace)
    qtbot.addWidget(window)
    project_id = window.context.project_id
    assert project_id is not None
    loaded = window.gantt_tab.model.outline.result
    incremental.forget()
    with qtbot.waitSignal(window.plan_warm_up.warmed, timeout=30_000):
        window.show()
    kept = incremental.kept_schedule(window.workspace, project_id)
    assert kept is not None and kept.synced and kept.result is not loaded
    assert window.gantt_tab.model.outline.result is kept.result
    seen: list[Changes] = []
    window.context.changed.connect(seen.append)
    window.context.execute(UpdateTask(project_id, first_leaf(window), {"duration_minutes": 2400}))
    assert seen and getattr(seen[-1], "compared_to", None) is kept.result


def test_a_window_never_shown_warms_nothing(qtbot, demo_workspace) -> None:
    window = MainWindow(demo_workspace)
    qtbot.addWidget(window)
    qtbot.wait(50)
    assert not window.plan_warm_up.busy() and window.plan_warm_up._thread is None


def test_switching_project_warms_the_new_one(main_window: MainWindow, qtbot) -> None:
    qtbot.waitUntil(lambda: not main_window.plan_warm_up.busy())
    demo = main_window.context.project_id
    main_window.context.execute(CreateProject("Empty"))  # shown: nothing to warm
    empty = next(p.id for p in project_list(main_window.workspace) if p.name == "Empty")
    with qtbot.assertNotEmitted(main_window.plan_warm_up.warmed):
        main_window._select_project(empty)
        assert main_window.context.project_id == empty
        qtbot.waitUntil(lambda: not main_window.plan_warm_up.busy())
    with qtbot.waitSignal(main_window.plan_warm_up.warmed, timeout=30_000) as warmed:
        main_window._select_project(demo)
    assert warmed.args is not None and warmed.args[0] == demo


def test_closing_waits_for_the_worker(main_window: MainWindow, qtbot) -> None:
    main_window.plan_warm_up.start(main_window.context.project_id)
    assert main_window.plan_warm_up.busy()
    main_window.close()
    assert not main_window.plan_warm_up.busy()
    assert main_window.plan_warm_up._thread is None
