"""The shown project's plan is warmed on a worker thread once the window is painted; the first
edit then patches it (issue 22)."""

from __future__ import annotations

import threading

from infradesk.services.changes import Changes
from infradesk.services.plan import incremental
from infradesk.services.plan.field_edits import UpdateTask
from infradesk.services.plan.project_view import project_list
from infradesk.services.plan.projects import CreateProject
from infradesk.store.workspace import Workspace
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



def test_an_edit_during_the_warm_up_waits_for_it_and_patches_its_plan(
    main_window: MainWindow, qtbot, monkeypatch
) -> None:
    """An edit made while the worker builds the plan does not build one of its own beside it:
    it waits for the worker and patches what it kept."""
    warm_up = main_window.plan_warm_up
    qtbot.waitUntil(lambda: not warm_up.busy() and main_window.context.project_id is not None)
    project_id = main_window.context.project_id
    assert project_id is not None
    # the worker holds until the edit starts: the edit surely comes while it is busy
    edit_started = threading.Event()
    warm = incremental.warm_scheduler

    def held_until_the_edit(workspace: Workspace, pid: int, outline: object = None) -> bool:
        assert edit_started.wait(30)
        return warm(workspace, pid, outline)

    monkeypatch.setattr(incremental, "warm_scheduler", held_until_the_edit)
    worker_alive_at_edit: list[bool] = []
    hooks = main_window.context.before_edit
    hooks.insert(0, edit_started.set)

    def note_the_worker() -> None:
        running = warm_up._thread
        worker_alive_at_edit.append(running is not None and running.is_alive())

    hooks.append(note_the_worker)
    incremental.forget()  # as just opened: no plan kept
    warm_up.start(project_id)
    seen: list[Changes] = []
    main_window.context.changed.connect(seen.append)
    main_window.context.execute(
        UpdateTask(project_id, first_leaf(main_window), {"duration_minutes": 2400})
    )
    assert worker_alive_at_edit == [False]  # the edit ran after the worker finished
    assert seen and seen[-1].rescheduled_ids is not None  # the worker's plan, patched
    qtbot.waitUntil(lambda: not warm_up.busy())
    kept = incremental.kept_schedule(main_window.workspace, project_id)
    assert kept is not None and main_window.gantt_tab.model.outline.result is kept.result
