"""Project > Status Date…: shows the effective status date, saves a chosen one and the
reschedule option as one undoable step; the Gantt's status line follows."""

from __future__ import annotations

from datetime import datetime

from infradesk.ui.progress.date_prompt import to_qt


def test_the_status_date_is_set_and_undone(qtbot, main_window) -> None:
    progress = main_window.progress
    gantt = main_window.gantt_tab
    outline = gantt.model.outline
    stored, option = outline.status_date, outline.reschedule_after_status
    dialog = progress.status_dialog(outline)
    assert dialog.use_now.isChecked() == (stored is None)
    assert dialog.reschedule.isChecked() == option
    shown = outline.status_date or outline.effective_status_date
    assert dialog.edit.dateTime() == to_qt(shown)
    assert progress.save_status_date(dialog) is False  # nothing changed: no undo step
    moment = datetime(2026, 12, 18, 17, 0)
    dialog.use_now.setChecked(False)
    dialog.edit.setDateTime(to_qt(moment))
    dialog.reschedule.setChecked(not option)
    assert progress.save_status_date(dialog)
    assert main_window.context.undo_stack.undoText() == "Set status date"
    outline = gantt.model.outline
    assert outline.status_date == moment
    assert outline.reschedule_after_status is (not option)
    assert gantt.painter.status_x() == gantt.painter.x_of(moment)
    main_window.context.undo()
    outline = gantt.model.outline
    assert outline.status_date == stored and outline.reschedule_after_status is option


def test_the_project_menu_has_the_weekly_update(main_window) -> None:
    texts = [a.text().replace("&", "") for a in main_window.project_menu.actions()]
    for entry in (
        "Status Date…",
        "Update Progress…",
        "Update work as complete through…",
        "Mark on track",
        "Save Baseline…",
    ):
        assert entry in texts
    assert main_window.progress.update_action.shortcut().toString() == "Ctrl+U"
