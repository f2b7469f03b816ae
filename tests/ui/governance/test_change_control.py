"""The change log shows each change's conflicts (column, tooltip, red tint, preview, dialog),
and the change calendar adds, edits and deletes windows through the undo stack."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit

from infradesk.services.governance.windows import load_windows
from infradesk.ui import theme
from infradesk.ui.context import AppContext
from infradesk.ui.governance.windows_dialog import ChangeCalendarDialog, WindowEditor
from infradesk.ui.risks.change_dialog import ChangeDialog
from infradesk.ui.risks.tab import RisksTab
from tests.services.governance.conflict_scenario import Scenario, build


@pytest.fixture
def scene(qtbot, workspace) -> Iterator[tuple[RisksTab, Scenario]]:
    scenario = build(workspace)
    context = AppContext(workspace)
    tab = RisksTab(context)
    qtbot.addWidget(tab)
    tab.resize(1500, 800)
    tab.show()
    context.set_project(scenario.core)
    tab.sub_tabs.setCurrentWidget(tab.changes)
    yield tab, scenario


def cell(view: Any, code: str, title: str, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
    column = next(n for n, c in enumerate(view.model.columns) if c.title == title)
    for row in range(view.proxy.rowCount()):
        if view.proxy.index(row, 0).data() == code:
            return view.proxy.index(row, column).data(role)
    raise AssertionError(f"{code} is not shown")


def select(view: Any, code: str) -> None:
    for row in range(view.proxy.rowCount()):
        if view.proxy.index(row, 0).data() == code:
            view.table.setCurrentIndex(view.proxy.index(row, 0))
            view.table.selectRow(row)
            return
    raise AssertionError(code)


def test_the_conflicts_column_counts_tints_and_explains(scene) -> None:
    tab, _s = scene
    view = tab.changes
    assert cell(view, "CR-001", "Conflicts") == "3"
    assert cell(view, "CR-002", "Conflicts") == ""
    tip = cell(view, "CR-001", "Conflicts", Qt.ItemDataRole.ToolTipRole)
    assert "Scheduled before CAB review on 2026-12-11" in tip
    assert "Overlaps CR-001 (Wave 2) on SAN" in tip
    assert "Anna Ng is booked then: task 'Rack install' (Wave 2)" in tip
    brush = cell(view, "CR-001", "Conflicts", Qt.ItemDataRole.BackgroundRole)
    assert brush.color() == theme.current().bad_tint
    assert cell(view, "CR-002", "Conflicts", Qt.ItemDataRole.BackgroundRole) is None
    assert cell(view, "CR-001", "Window start") == "2026-12-10 10:00"
    assert cell(view, "CR-001", "CAB") == "2026-12-11"
    assert cell(view, "CR-001", "ITIL type") == "normal"
    assert "1 with conflicts" in view.counts_text()
    select(view, "CR-001")
    preview = view.preview.toPlainText()
    assert "3 conflicts:" in preview and "Anna Ng is booked then" in preview


def test_moving_the_window_inline_clears_conflicts_and_undo_brings_them_back(scene) -> None:
    tab, _s = scene
    view = tab.changes
    column = next(n for n, c in enumerate(view.model.columns) if c.title == "Window start")
    for row in range(view.proxy.rowCount()):
        if view.proxy.index(row, 0).data() == "CR-001":
            assert view.proxy.setData(view.proxy.index(row, column), "2026-12-12 08:00")
    end = next(n for n, c in enumerate(view.model.columns) if c.title == "Window end")
    for row in range(view.proxy.rowCount()):
        if view.proxy.index(row, 0).data() == "CR-001":
            assert view.proxy.setData(view.proxy.index(row, end), "2026-12-12 10:00")
    assert cell(view, "CR-001", "Conflicts") == ""
    tab.context.undo_stack.undo()
    tab.context.undo_stack.undo()
    assert cell(view, "CR-001", "Conflicts") == "3"


def test_the_change_dialog_groups_the_cab_fields_and_edits_them(scene, monkeypatch) -> None:
    tab, s = scene
    view = tab.changes
    select(view, "CR-001")
    opened: list[ChangeDialog] = []

    def accept(dialog: ChangeDialog) -> int:
        opened.append(dialog)
        assert dialog.tabs.tabText(1) == "Change control"
        assert dialog.conflict_label.text().startswith("3 conflicts (as saved):")
        # the plan task picker offers the project's tasks
        picker = dialog.editors["task_id"]
        labels = [picker.itemText(i) for i in range(picker.count())]
        assert any("Cutover SAN" in label for label in labels)
        picker.setCurrentIndex(next(i for i, t in enumerate(labels) if "Cutover SAN" in t))
        dialog.editors["cab_outcome"].setCurrentIndex(
            dialog.editors["cab_outcome"].findData("approved")
        )
        backout = dialog.editors["backout_plan"]
        backout.setPlainText("Roll back to firmware 4.2")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ChangeDialog, "exec", accept)
    view.open_details()
    assert opened
    assert set(opened[0].changes()) == {"task_id", "cab_outcome", "backout_plan"}
    row = next(r for r in view.model.rows if r.code == "CR-001")
    assert row.task_id == s.cutover and row.cab_outcome == "approved"
    assert row.backout_plan == "Roll back to firmware 4.2"
    # reviewed by the CAB: the CAB rule is satisfied; the other two remain
    assert cell(view, "CR-001", "Conflicts") == "2"
    tab.context.undo_stack.undo()
    row = next(r for r in view.model.rows if r.code == "CR-001")
    assert row.task_id is None and row.backout_plan == ""
    assert cell(view, "CR-001", "Conflicts") == "3"


def test_a_task_of_another_project_is_refused_as_plan_task(scene) -> None:
    tab, s = scene
    view = tab.changes
    row = next(r for r in view.model.rows if r.code == "CR-001")
    refusal = view.apply_dialog(row.id, {"task_id": s.rack}, {})
    assert refusal is not None and "Plan task" in refusal


def _fill(editor: WindowEditor, **values: str) -> None:
    for name, text in values.items():
        widget = getattr(editor, name)
        if isinstance(widget, QLineEdit):
            widget.setText(text)
        else:
            widget.setCurrentIndex(widget.findData(text))


def test_the_calendar_adds_a_shared_freeze_that_flags_changes_and_undoes(
    scene, qtbot, monkeypatch
) -> None:
    tab, s = scene
    dialog = ChangeCalendarDialog(tab.context, "Core")
    qtbot.addWidget(dialog)
    monkeypatch.setattr(WindowEditor, "exec", lambda self: self.accept() or 0)

    bad = dialog.editor("New change window", None)
    _fill(bad, name="Oops", start="2026-12-10 22:00", finish="2026-12-10 02:00")
    dialog.add_window(bad)
    assert not bad.error.isHidden() and "is not after the start" in bad.error.text()
    assert dialog.table.rowCount() == 0

    editor = dialog.editor("New change window", None)
    _fill(
        editor,
        name="SAN freeze",
        kind="freeze",
        scope="shared",
        start="2026-12-10 00:00",
        finish="2026-12-11 00:00",
        services="SAN",
    )
    dialog.add_window(editor)
    assert dialog.table.rowCount() == 1
    assert [dialog.table.item(0, c).text() for c in range(6)] == [
        "Shared",
        "SAN freeze",
        "freeze",
        "2026-12-10 00:00",
        "2026-12-11 00:00",
        "SAN",
    ]
    qtbot.waitUntil(lambda: cell(tab.changes, "CR-001", "Conflicts") == "4")
    tip = cell(tab.changes, "CR-001", "Conflicts", Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("• Inside workspace freeze 'SAN freeze'")

    dialog.table.selectRow(0)
    edit = dialog.editor("Edit", dialog.rows[0])
    _fill(edit, scope="project", services="Email")
    dialog.edit_window(edit)
    assert [r.project_id for r in load_windows(tab.context.workspace, s.core)] == [s.core]
    assert dialog.table.item(0, 0).text() == "Project"
    qtbot.waitUntil(lambda: cell(tab.changes, "CR-001", "Conflicts") == "3")

    tab.context.undo_stack.undo()  # the edit
    assert dialog.table.item(0, 0).text() == "Shared"
    dialog.table.selectRow(0)
    dialog.delete_windows(confirm=False)
    assert dialog.table.rowCount() == 0
    tab.context.undo_stack.undo()  # the delete
    assert dialog.table.rowCount() == 1
    tab.context.undo_stack.undo()  # the add
    assert dialog.table.rowCount() == 0
    qtbot.waitUntil(lambda: cell(tab.changes, "CR-001", "Conflicts") == "3")


def test_the_change_calendar_is_in_the_project_menu(main_window) -> None:
    action = main_window.change_calendar_action
    assert action in main_window.project_menu.actions()
    assert action.shortcut().toString() == "Ctrl+Shift+K"
