"""Tabs the user is not looking at (issue 22): the Risks and Governance tabs do not read their
logs on every change while another tab is in front; they read once when they come in front,
or when code asks them for their table, and then show the current data."""

from __future__ import annotations

from typing import Any

from infradesk.services.plan.field_edits import UpdateTask
from infradesk.services.risks.commands import CreateRecord
from infradesk.ui.main_window import MainWindow


def _add(window: Any, key: str, title: str) -> int:
    command = CreateRecord(key, window.context.project_id, {"title": title})
    window.context.execute(command)
    assert command.record_id is not None
    return command.record_id


def _edit_a_task(window: Any) -> None:
    outline = window.gantt_tab.model.outline
    row = next(r for r in range(len(outline.ids)) if not outline.summary[r])
    name = f"{outline.name[row]} (edited)"
    window.context.execute(UpdateTask(window.context.project_id, outline.ids[row], {"name": name}))


def _resets(model: Any) -> list[int]:
    counted: list[int] = []
    model.modelReset.connect(lambda: counted.append(1))
    return counted


def _titles(view: Any) -> set[str]:
    return {row.title for row in view.model.rows}


def test_a_hidden_risks_tab_waits_for_its_turn_then_shows_the_current_data(
    qtbot: Any, main_window: Any
) -> None:
    window = main_window
    tab = window.risks_tab
    window.tabs.setCurrentWidget(window.gantt_tab)
    resets = _resets(tab.risks.model)
    _edit_a_task(window)
    risk = _add(window, "risk", "Found while the Gantt was in front")
    assert resets == [] and tab.loading.stale
    assert risk not in {row.id for row in tab.risks.model.rows}

    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: "Found while the Gantt was in front" in _titles(tab.risks))
    assert len(resets) == 1 and not tab.loading.stale  # once, for all the changes
    assert tab.sub_tabs.tabText(0).startswith("Risks (")

    window.tabs.setCurrentWidget(window.gantt_tab)
    window.tabs.setCurrentWidget(tab)  # nothing changed meanwhile: nothing read again
    assert len(resets) == 1


def test_the_risks_tab_in_front_reloads_on_each_change_as_before(main_window: Any) -> None:
    window = main_window
    tab = window.risks_tab
    window.tabs.setCurrentWidget(tab)
    resets = _resets(tab.risks.model)
    _add(window, "risk", "Seen at once")
    assert "Seen at once" in _titles(tab.risks) and len(resets) == 1
    _edit_a_task(window)  # a task's edit can change a risk's linked tasks
    assert len(resets) == 2 and not tab.loading.stale


def test_a_hidden_governance_tab_loads_when_shown_or_asked_for_its_table(
    qtbot: Any, main_window: Any
) -> None:
    window = main_window
    tab = window.governance_tab
    window.tabs.setCurrentWidget(window.gantt_tab)
    resets = _resets(tab.action_log.model)
    _add(window, "action_item", "Book the loading dock")
    assert resets == [] and "Book the loading dock" not in _titles(tab.action_log)
    # code that asks for the tab's table gets it with the rows of now
    assert tab.current_table() is not None
    assert "Book the loading dock" in _titles(tab.action_log) and len(resets) == 1

    _add(window, "action_item", "Order the cages")
    assert len(resets) == 1
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: "Order the cages" in _titles(tab.action_log))
    assert len(resets) == 2


def test_a_tab_brought_in_front_of_a_window_not_shown_loads_too(
    qtbot: Any, demo_workspace: Any
) -> None:
    window = MainWindow(demo_workspace)  # built, never shown: no show event reaches the tabs
    qtbot.addWidget(window)
    _add(window, "risk", "Raised before anyone looked")
    assert "Raised before anyone looked" not in _titles(window.risks_tab.risks)
    window.tabs.setCurrentWidget(window.risks_tab)
    assert "Raised before anyone looked" in _titles(window.risks_tab.risks)
