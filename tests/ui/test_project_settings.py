"""Project > Project Settings…: the RAG thresholds of the project, edited in spin boxes, checked
inline, saved as one undo step, and used at once by the status dialog and the report."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox
from sqlalchemy import select

from infradesk import model
from infradesk.report.data import Rag
from infradesk.services.status.report import gather_report_data
from infradesk.services.status.rules import DEFAULT_RULES
from infradesk.services.status.thresholds import SaveThresholds, thresholds_view
from infradesk.services.status.view import default_report_date
from infradesk.store.busy import BUSY_MESSAGE
from infradesk.ui.context import AppContext
from infradesk.ui.project_settings_dialog import MEASURES, ProjectSettingsDialog, shown
from infradesk.ui.status_dialog import StatusDialog
from tests.ui.test_edit_refusals import another_writer, short_busy_timeout  # noqa: F401


def _dialog(qtbot, window) -> ProjectSettingsDialog:
    context = window.context
    dialog = ProjectSettingsDialog(context, context.project_id, window.current_project_name())
    qtbot.addWidget(dialog)
    return dialog


def _report_cost(window) -> tuple[Rag, float]:
    """The report's cost suggestion for the demo and the CPI it judged."""
    workspace, pid = window.context.workspace, window.context.project_id
    with workspace.read_session() as session:
        data = gather_report_data(session, pid, default_report_date(workspace, pid))
    cost = next(d for d in data.dimensions if d.dimension == "cost")
    assert data.budget.cpi is not None
    return cost.suggested, data.budget.cpi


def _dialog_cost(window) -> Rag:
    """What the status dialog, opened now, suggests for cost."""
    dialog = StatusDialog(window.context, window.context.project_id, parent=window)
    try:
        return dialog.rows["cost"].suggested
    finally:
        dialog.deleteLater()


def test_the_project_menu_opens_project_settings(main_window) -> None:
    texts = [a.text() for a in main_window.project_menu.actions()]
    assert texts.index("Pro&ject Settings…") == texts.index("&Delete Project…") + 1
    mnemonics = [t[t.index("&") + 1].lower() for t in texts if "&" in t]
    assert mnemonics.count("j") == 1  # Alt+P, J reaches it


def test_the_page_shows_the_stored_thresholds_in_the_units_it_names(qtbot, main_window) -> None:
    pid = main_window.context.project_id
    stored = replace(DEFAULT_RULES, vac_amber=-0.05, schedule_red_days=15)
    SaveThresholds(pid, stored).apply(main_window.context.workspace)
    dialog = _dialog(qtbot, main_window)
    spins = dialog.spins
    assert spins["vac_amber"].value() == -5.0 and spins["vac_amber"].suffix() == " %"
    assert spins["forecast_red"].value() == 110.0  # 1.10 of the budget
    assert spins["schedule_red_days"].text() == "more than 15 days"
    assert spins["schedule_amber_days"].text() == "at least 1 day"
    assert spins["cpi_amber"].text() == "below 0.95"
    assert dialog.rules() == stored
    assert len(spins) == 2 * len(MEASURES) == 10


def test_red_not_beyond_amber_is_named_inline_and_blocks_ok(qtbot, main_window) -> None:
    dialog = _dialog(qtbot, main_window)
    assert dialog.error.text() == "" and dialog.ok_button.isEnabled()
    dialog.spins["cpi_red"].setValue(0.97)
    assert "red threshold of CPI (0.97) must not be above the amber one (0.95)" in (
        dialog.error.text()
    )
    assert not dialog.ok_button.isEnabled()
    dialog.spins["vac_red"].setValue(-1.0)  # a second problem is listed too
    assert "VAC / BAC (-1 %)" in dialog.error.text()
    dialog.spins["cpi_red"].setValue(0.95)  # equal: allowed (no amber band)
    dialog.spins["vac_red"].setValue(-2.0)
    assert dialog.error.text() == "" and dialog.ok_button.isEnabled()


def test_restore_defaults_shows_the_defaults_and_ok_saves_them(qtbot, main_window) -> None:
    context = main_window.context
    pid = context.project_id
    lenient = replace(DEFAULT_RULES, cpi_amber=0.955, spi_red=0.7)
    SaveThresholds(pid, lenient).apply(context.workspace)
    dialog = _dialog(qtbot, main_window)
    dialog.spins["forecast_amber"].setValue(120.0)
    dialog.restore_defaults()
    for measure in MEASURES:
        for name in (measure.amber, measure.red):
            assert dialog.spins[name].value() == shown(measure, getattr(DEFAULT_RULES, name))
    assert dialog.rules() == DEFAULT_RULES  # 0.955 shown as 0.96 is not kept after a restore
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert thresholds_view(context.workspace, pid) == DEFAULT_RULES


def test_an_untouched_value_is_kept_exactly_and_no_change_saves_nothing(
    qtbot, main_window
) -> None:
    context = main_window.context
    pid = context.project_id
    precise = replace(DEFAULT_RULES, cpi_amber=0.956)  # the spin box shows 0.96
    SaveThresholds(pid, precise).apply(context.workspace)
    count = context.undo_stack.count()
    dialog = _dialog(qtbot, main_window)
    assert dialog.spins["cpi_amber"].value() == 0.96
    dialog.save()
    assert context.undo_stack.count() == count  # nothing changed: no undo step
    dialog = _dialog(qtbot, main_window)
    dialog.spins["spi_amber"].setValue(0.9)
    dialog.save()
    assert thresholds_view(context.workspace, pid) == replace(precise, spi_amber=0.9)


def test_new_cpi_limits_recolour_the_demo_at_once_and_ctrl_z_restores(
    qtbot, main_window
) -> None:
    context = main_window.context
    pid = context.project_id
    before_rag, cpi = _report_cost(main_window)
    assert before_rag is Rag.AMBER  # the demo: CPI a little below 0.95
    assert _dialog_cost(main_window) is Rag.AMBER
    dialog = _dialog(qtbot, main_window)
    amber = round(cpi + 0.03, 2)  # the demo's CPI is now below the red limit
    dialog.spins["cpi_amber"].setValue(amber)
    dialog.spins["cpi_red"].setValue(amber - 0.01)
    dialog.save()
    assert context.undo_stack.undoText() == "Change RAG thresholds"
    assert thresholds_view(context.workspace, pid).cpi_amber == amber
    assert _report_cost(main_window)[0] is Rag.RED
    assert _dialog_cost(main_window) is Rag.RED

    main_window.activateWindow()
    qtbot.waitUntil(main_window.isActiveWindow)
    qtbot.keyClick(main_window.gantt_tab, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: thresholds_view(context.workspace, pid) == DEFAULT_RULES)
    assert _report_cost(main_window)[0] is Rag.AMBER
    assert _dialog_cost(main_window) is Rag.AMBER
    main_window.context.redo()
    assert thresholds_view(context.workspace, pid).cpi_red == amber - 0.01


def test_the_page_is_used_from_the_keyboard(qtbot, main_window) -> None:
    """Alt+C reaches CPI's amber limit, typing replaces it, Tab moves to its red limit, Enter
    saves; Esc closes without saving."""
    context = main_window.context
    pid = context.project_id
    dialog = _dialog(qtbot, main_window)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    amber = dialog.spins["cpi_amber"]
    qtbot.waitUntil(amber.hasFocus)
    qtbot.keyClick(amber, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(amber, "0.9")
    qtbot.keyClick(amber, Qt.Key.Key_Tab)
    red = dialog.spins["cpi_red"]
    assert red.hasFocus()
    qtbot.keyClick(red, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(red, "0.8")
    qtbot.keyClick(red, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
    assert thresholds_view(context.workspace, pid) == replace(
        DEFAULT_RULES, cpi_amber=0.9, cpi_red=0.8
    )

    dialog = _dialog(qtbot, main_window)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.spins["spi_amber"].setValue(1.2)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert thresholds_view(context.workspace, pid).spi_amber == DEFAULT_RULES.spi_amber


@pytest.mark.usefixtures("short_busy_timeout")  # before the workspace opens
def test_a_busy_workspace_is_explained_and_the_page_stays_open(
    qtbot, demo_workspace, monkeypatch
) -> None:
    messages: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda parent, title, text, *a: messages.append((title, text))
    )
    context = AppContext(demo_workspace)
    with demo_workspace.read_session() as session:
        pid = session.scalars(select(model.Project.id)).one()
    dialog = ProjectSettingsDialog(context, pid)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.spins["cpi_amber"].setValue(0.99)
    with another_writer(demo_workspace.path):
        dialog.save()
    assert messages == [("Project Settings", BUSY_MESSAGE)]
    assert dialog.isVisible() and dialog.spins["cpi_amber"].value() == 0.99
    assert thresholds_view(demo_workspace, pid) == DEFAULT_RULES
    assert context.undo_stack.count() == 0
    dialog.save()  # the other program is done: OK works now
    assert thresholds_view(demo_workspace, pid).cpi_amber == 0.99
