"""Baselines in the window (issue 17): approving a change does not re-baseline unless asked,
a saved or chosen baseline reaches the chart and the variance columns at once, and
Project > Baselines… saves, renames, deletes and chooses, each undoable."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QInputDialog

from infradesk.services.plan.baselines import load_baselines
from infradesk.ui.gantt.outline_model import COLUMN_KEYS
from infradesk.ui.progress.baselines_dialog import BaselinesDialog
from infradesk.ui.risks.change_view import ApproveDialog


def names(window: Any) -> list[tuple[str, bool]]:
    """(name, current) of the shown project's baselines, as stored."""
    return [
        (b.name, b.current)
        for b in load_baselines(window.context.workspace, window.context.project_id)
    ]


def slipped_row(window: Any) -> int:
    """An outline row (not a summary) whose finish is later than the demo's baseline."""
    o = window.gantt_tab.model.outline
    return next(
        r
        for r in range(len(o))
        if not o.summary[r] and o.baseline_finish[r] and o.finish[r] > o.baseline_finish[r]
    )


def finish_variance(window: Any, row: int) -> str:
    """The "Finish var." cell of outline ``row`` as the Gantt table shows it."""
    model = window.gantt_tab.model
    index = model.index(model.view_rows.index(row), COLUMN_KEYS.index("finish_variance"))
    return str(index.data())


def baseline_right(window: Any, row: int) -> float:
    """The right edge of the grey baseline bar the chart draws under ``row``."""
    painter = window.gantt_tab.painter
    rect = painter.baseline_rect(row, window.gantt_tab.model.view_rows.index(row))
    assert rect is not None
    return rect.right()


def approve(window: Any, monkeypatch: pytest.MonkeyPatch, code: str, tick: bool) -> ApproveDialog:
    """Approve change request ``code`` through the Change requests view (the dialog as
    it opens, with the re-baseline box ticked when ``tick``)."""
    window.tabs.setCurrentWidget(window.risks_tab)  # it reads its logs as it comes in front
    view = window.risks_tab.changes
    view.select_id(next(r.id for r in view.model.rows if r.code == code))
    shown: list[ApproveDialog] = []

    def accept(dialog: ApproveDialog) -> int:
        shown.append(dialog)
        if tick:
            dialog.save_baseline.setChecked(True)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ApproveDialog, "exec", accept)
    view.approve()
    assert shown, "the approve dialog was not opened"
    return shown[0]


def test_approving_a_change_keeps_the_baseline_unless_asked(main_window, monkeypatch) -> None:
    row = slipped_row(main_window)
    variance = finish_variance(main_window, row)
    assert variance not in ("", "0d")
    dialog = approve(main_window, monkeypatch, "CR-002", tick=False)
    assert not dialog.save_baseline.isChecked() and not dialog.baseline_name.isEnabled()
    assert "stays compared with the baseline 'Approved plan'" in dialog.effect.text()
    assert names(main_window) == [("Approved plan", True)]
    assert finish_variance(main_window, row) == variance  # the change's slip stays visible
    dialog.save_baseline.setChecked(True)  # ticking says what would happen
    said = dialog.effect.text()
    assert "saved as a new baseline" in said and "'Approved plan' is kept" in said


def test_a_rebaseline_reaches_the_chart_and_the_variance_at_once(main_window, monkeypatch) -> None:
    row = slipped_row(main_window)
    painter = main_window.gantt_tab.painter
    finish_x = painter.x_of(main_window.gantt_tab.model.outline.finish[row])
    assert baseline_right(main_window, row) < finish_x
    approve(main_window, monkeypatch, "CR-002", tick=True)
    stored = names(main_window)
    assert stored[0] == ("Approved plan", False) and stored[1][1], stored
    # the same window, no restart: the grey bar ends where the task does, no variance left
    assert baseline_right(main_window, row) == pytest.approx(finish_x)
    assert finish_variance(main_window, row) == "0d"
    assert "compared with it ('Approved plan' is kept)" in main_window.statusBar().currentMessage()
    main_window.context.undo()  # the approval and its baseline go; the old comparison is back
    assert names(main_window) == [("Approved plan", True)]
    assert baseline_right(main_window, row) < finish_x


def test_project_menu_save_baseline_updates_the_chart(main_window, monkeypatch) -> None:
    row = slipped_row(main_window)
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("Week 49", True))
    main_window.progress.save_baseline_action.trigger()
    assert names(main_window) == [("Approved plan", False), ("Week 49", True)]
    assert finish_variance(main_window, row) == "0d"
    assert "Week 49" in main_window.gantt_tab.model.tooltip(row)


def open_dialog(main_window: Any, qtbot: Any) -> BaselinesDialog:
    texts = [a.text().replace("&", "") for a in main_window.project_menu.actions()]
    assert "Baselines…" in texts
    main_window.progress.baselines_action.trigger()
    dialog = main_window.progress.baselines_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def shown(dialog: BaselinesDialog) -> list[tuple[str, ...]]:
    table = dialog.table
    return [
        tuple(table.item(r, c).text() for c in range(table.columnCount()))
        for r in range(table.rowCount())
    ]


def test_baselines_dialog_saves_renames_chooses_and_deletes_with_undo(qtbot, main_window) -> None:
    dialog = open_dialog(main_window, qtbot)
    context = main_window.context
    row = slipped_row(main_window)
    slip = finish_variance(main_window, row)
    assert [(r[0], r[1], r[3]) for r in shown(dialog)] == [("●", "Approved plan", "60")]
    answers = iter(["Re-plan", "Approved plan", "Original"])
    dialog.ask_name = lambda _title, _label, _proposed: next(answers)

    assert dialog.save_new()  # saved and compared with at once
    assert [(r[0], r[1]) for r in shown(dialog)] == [("", "Approved plan"), ("●", "Re-plan")]
    assert finish_variance(main_window, row) == "0d"

    dialog.select_name("Re-plan")  # a name already taken is refused, nothing changes
    assert not dialog.rename_selected()
    assert "already has a baseline named 'Approved plan'" in dialog.message.text()
    dialog.select_name("Approved plan")
    assert dialog.rename_selected()
    assert [r[1] for r in shown(dialog)] == ["Original", "Re-plan"]
    context.undo()
    assert [r[1] for r in shown(dialog)] == ["Approved plan", "Re-plan"]

    dialog.select_name("Approved plan")
    assert dialog.compare_with_selected()
    assert names(main_window) == [("Approved plan", True), ("Re-plan", False)]
    assert finish_variance(main_window, row) == slip  # the chart compares with it again
    assert not dialog.compare_button.isEnabled()  # already the one compared with
    context.undo()
    assert names(main_window)[1] == ("Re-plan", True)
    assert finish_variance(main_window, row) == "0d"

    questions: list[str] = []

    def decline(_title: str, question: str) -> bool:
        questions.append(question)
        return False

    dialog.confirm = decline
    dialog.select_name("Re-plan")
    assert not dialog.delete_selected()  # declined: kept
    assert "'Approved plan', the latest" in questions[0] and "60 tasks" in questions[0]
    assert len(names(main_window)) == 2
    dialog.confirm = lambda _title, _question: True
    dialog.select_name("Re-plan")
    assert dialog.delete_selected()
    assert names(main_window) == [("Approved plan", True)]
    assert finish_variance(main_window, row) == slip
    context.undo()  # back with its dates, and compared with again
    assert names(main_window) == [("Approved plan", False), ("Re-plan", True)]
    assert shown(dialog)[1][3] == "60" and finish_variance(main_window, row) == "0d"
    context.undo()  # the save itself
    assert names(main_window) == [("Approved plan", True)]
    assert [r[1] for r in shown(dialog)] == ["Approved plan"]


def test_the_dialog_closes_with_another_project(qtbot, main_window) -> None:
    dialog = open_dialog(main_window, qtbot)
    main_window.context.set_project(None)
    assert main_window.progress.baselines_dialog is None
    assert not dialog.isVisible()
