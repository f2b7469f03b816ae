"""Find (Ctrl+F, Enter) selects the task and scrolls the chart to it: down with the table to
its row, and sideways to its bar, wherever the chart was scrolled."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt


def bar_in_view(gantt, task_id: int) -> bool:
    o, chart = gantt.model.outline, gantt.chart
    row = o.row_of[task_id]
    rect = gantt.painter.bar_rect(row, gantt.model.view_rows.index(row))
    assert rect is not None
    view = QRectF(
        chart.horizontalScrollBar().value(),
        chart.verticalScrollBar().value(),
        chart.viewport().width(),
        chart.viewport().height(),
    )
    return view.contains(rect)


def find(qtbot, gantt, text: str) -> int:
    gantt.tab_actions.find_action.trigger()
    qtbot.keyClicks(gantt.find_edit, text)
    qtbot.keyClick(gantt.find_edit, Qt.Key.Key_Return)
    (found,) = gantt.selected_task_ids()
    return found


def test_find_scrolls_the_chart_to_the_found_bar(qtbot, main_window) -> None:
    main_window.resize(1400, 700)
    gantt = main_window.gantt_tab
    gantt.set_zoom("day")  # months of plan: far wider than the chart
    chart = gantt.chart
    assert chart.horizontalScrollBar().maximum() > 3 * chart.viewport().width()
    chart.horizontalScrollBar().setValue(0)
    gantt.table.verticalScrollBar().setValue(0)
    o = gantt.model.outline
    last = o.name[gantt.model.view_rows[-1]]
    found = find(qtbot, gantt, last)  # the last task: far right and below the fold
    assert o.name[o.row_of[found]] == last
    assert chart.verticalScrollBar().value() == gantt.table.verticalScrollBar().value() > 0
    assert bar_in_view(gantt, found)
    # and back to the first task from the far right
    first = o.name[gantt.model.view_rows[1]]
    gantt.find_edit.clear()
    found = find(qtbot, gantt, first)
    assert o.name[o.row_of[found]] == first
    assert bar_in_view(gantt, found)


def test_a_bar_already_in_view_does_not_move_the_chart(main_window) -> None:
    gantt = main_window.gantt_tab
    o, bar = gantt.model.outline, gantt.chart.horizontalScrollBar()
    bar.setValue(bar.maximum())
    middle = len(gantt.model.view_rows) // 2
    row = gantt.model.view_rows[middle]
    gantt.select_tasks([o.ids[row]])  # its row in view (the chart follows the table)
    assert gantt.chart.show_bar(row, middle)  # far off: the chart scrolls to it
    assert bar_in_view(gantt, o.ids[row])
    nudged = bar.value() - 10  # the bar is still in view, 10 px further right
    bar.setValue(nudged)
    assert bar_in_view(gantt, o.ids[row])
    gantt.chart.show_bar(row, middle)
    assert bar.value() == nudged  # nothing to do: the view stays where the user put it
