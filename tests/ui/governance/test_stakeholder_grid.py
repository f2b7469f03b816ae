"""The power/interest grid beside the stakeholder register: places, selection both ways,
tooltips, and a drag that changes power and interest in one undoable edit."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt

from infradesk.services.risks.commands import CreateRecord
from infradesk.ui.governance.stakeholder_grid import axis_fraction, level_at


def _add(window: Any, **values: Any) -> int:
    command = CreateRecord("stakeholder", window.context.project_id, values)
    window.context.execute(command)
    assert command.record_id is not None
    return command.record_id


@pytest.fixture
def view(main_window: Any, qtbot: Any) -> Any:
    tab = main_window.governance_tab
    main_window.tabs.setCurrentWidget(tab)
    tab.sub_tabs.setCurrentWidget(tab.stakeholders)
    qtbot.waitExposed(tab.stakeholders.grid)
    return tab.stakeholders


def _chip(view: Any, record_id: int) -> Any:
    (chip,) = [c for c in view.grid.layout_chips() if c.row.id == record_id]
    return chip


def test_levels_and_places_round_trip() -> None:
    assert [level_at(axis_fraction(v)) for v in range(1, 6)] == [1, 2, 3, 4, 5]
    assert axis_fraction(2) < 0.5 < axis_fraction(3)


def test_the_grid_sits_beside_the_register_and_places_each_name(
    main_window: Any, view: Any
) -> None:
    sponsor = _add(main_window, name="Maria Zeller", power=5, interest=5, attitude="champion")
    auditor = _add(main_window, name="Ivo Audit", power=4, interest=1, attitude="critic")
    users = _add(main_window, name="Branch users", power=1, interest=4, attitude="neutral")
    assert view.splitter.indexOf(view.grid) == 1 and view.splitter.indexOf(view.table) == -1
    grid = view.grid.grid_rect()
    centre = grid.center()
    s, a, u = _chip(view, sponsor), _chip(view, auditor), _chip(view, users)
    # manage closely: top right; keep satisfied: top left; keep informed: bottom right
    assert s.rect.center().x() > centre.x() and s.rect.center().y() < centre.y()
    assert a.rect.center().x() < centre.x() and a.rect.center().y() < centre.y()
    assert u.rect.center().x() > centre.x() and u.rect.center().y() > centre.y()
    assert view.grid.describe(a.row) == (
        f"{a.row.code} Ivo Audit\nPower 4, interest 1: keep satisfied\nAttitude: critic"
    )


def test_click_selects_the_row_and_a_row_selects_the_chip(
    main_window: Any, view: Any, qtbot: Any
) -> None:
    one = _add(main_window, name="Tom Berg", power=2, interest=2)
    two = _add(main_window, name="Ana Lopez", power=4, interest=4)
    chip = _chip(view, two)
    qtbot.mouseClick(view.grid, Qt.MouseButton.LeftButton, pos=chip.rect.center().toPoint())
    assert view.current_row().id == two
    assert view.grid.selected == two
    view.select_id(one)
    assert view.grid.selected == one


def test_dragging_a_name_changes_power_and_interest_undoably(
    main_window: Any, view: Any, qtbot: Any
) -> None:
    moved = _add(main_window, name="Carl Facilities", power=2, interest=2, attitude="blocker")
    start = _chip(view, moved).rect.center().toPoint()
    target = view.grid.point_of(5, 4).toPoint()
    qtbot.mousePress(view.grid, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(view.grid, QPoint(start.x() + 10, start.y() - 10))
    qtbot.mouseMove(view.grid, target)
    qtbot.mouseRelease(view.grid, Qt.MouseButton.LeftButton, pos=target)
    (row,) = [r for r in view.model.rows if r.id == moved]
    assert (row.power, row.interest, row.quadrant) == (5, 4, "manage closely")
    assert main_window.context.undo_stack.undoText() == (
        "Move stakeholder on the power/interest grid"
    )
    main_window.context.undo_stack.undo()
    (row,) = [r for r in view.model.rows if r.id == moved]
    assert (row.power, row.interest) == (2, 2)


def test_a_click_without_moving_changes_nothing(main_window: Any, view: Any, qtbot: Any) -> None:
    still = _add(main_window, name="Dora Still", power=3, interest=3)
    depth = main_window.context.undo_stack.count()
    point = _chip(view, still).rect.center().toPoint()
    qtbot.mousePress(view.grid, Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseRelease(view.grid, Qt.MouseButton.LeftButton, pos=point)
    assert main_window.context.undo_stack.count() == depth
