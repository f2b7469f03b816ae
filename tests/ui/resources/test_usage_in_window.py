"""The usage view inside the Resources tab: a double-clicked cell's task opens in the Gantt,
selected and in view, in its own project."""

from __future__ import annotations

from sqlalchemy import select

from infradesk.model import Task
from infradesk.ui.main_window import MainWindow


def test_usage_is_a_page_of_the_resources_tab(main_window: MainWindow) -> None:
    tab = main_window.resources_tab
    titles = [tab.tabText(i) for i in range(tab.count())]
    assert titles == ["Sheet", "Usage"]
    assert tab.widget(1) is main_window.usage_view


def test_a_usage_task_opens_in_the_gantt(main_window: MainWindow, qtbot) -> None:
    with main_window.workspace.session() as session:
        task = session.scalars(
            select(Task).where(Task.name.like("%ut%")).order_by(Task.id.desc())
        ).first()
        assert task is not None
        task_id, project_id = task.id, task.project_id
    main_window.tabs.setCurrentWidget(main_window.resources_tab)
    main_window.resources_tab.setCurrentIndex(1)
    main_window.usage_view.taskActivated.emit(project_id, task_id)
    qtbot.waitUntil(lambda: main_window.tabs.currentWidget() is main_window.gantt_tab)
    assert main_window.gantt_tab.selected_task_ids() == [task_id]
    assert main_window.context.project_id == project_id
