"""The Handover sub-tab on the demo: create from template (twice adds nothing), sign off with
undo, a "done" without sign-off refused, the template editor, the close milestone choice,
"Close project…" through the gate, and the Close anyway dialog."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog
from sqlalchemy import delete

from infradesk.model import HandoverItem, HandoverTemplateItem
from infradesk.services.governance import handover as h
from infradesk.services.governance.close_gate import HandoverGateError
from infradesk.ui.governance.close_anyway import CloseAnywayDialog
from infradesk.ui.governance.handover_template_dialog import TemplateDialog


def open_view(main_window):
    """The Handover sub-tab, with the demo's checklist and its template taken away (the
    tests start from the default template and an empty checklist)."""
    with main_window.context.workspace.session() as session:
        session.execute(delete(HandoverItem))
        session.execute(delete(HandoverTemplateItem))
    tab = main_window.governance_tab
    main_window.tabs.setCurrentWidget(tab)
    tab.sub_tabs.setCurrentWidget(tab.handover)
    tab.handover.reload()
    return tab.handover


def ours(view) -> dict[str, object]:
    return {r.title: r for r in view.model.rows}


def test_create_sign_off_and_undo(qtbot, main_window) -> None:
    view = open_view(main_window)
    context = main_window.context
    had = len(view.model.rows)
    assert had == 0
    view.from_template.click()
    rows = ours(view)
    assert "Monitoring live" in rows and "Knowledge transfer sessions held" in rows
    added = len(view.model.rows) - had
    assert added == len(h.DEFAULT_TEMPLATE)
    view.from_template.click()  # idempotent: refused, nothing added
    assert "already holds every item" in view.error_label.text()
    assert len(view.model.rows) == had + added

    monitoring = rows["Monitoring live"]
    # done needs a sign-off: refused inline, with the item named
    refusal = view.edit(monitoring.id, "status", "done")
    assert refusal is not None and "Monitoring live: an item is done when" in refusal
    assert ours(view)["Monitoring live"].status == "open"

    view.select_id(monitoring.id)
    assert view.sign_off("Olivia Ops") is None
    signed = ours(view)["Monitoring live"]
    assert (signed.status, signed.signed_off_by) == ("done", "Olivia Ops")
    assert f"{view.state.signed_off} of {view.state.total} signed off" in (
        view.progress_label.text()
    )
    assert view.progress.value() == view.state.closed
    context.undo()
    assert ours(view)["Monitoring live"].signed_off_by == ""
    assert ours(view)["Monitoring live"].status == "open"


def test_template_editor_saves_one_undoable_step(qtbot, main_window) -> None:
    view = open_view(main_window)
    dialog = TemplateDialog(h.template_of(main_window.context.workspace), view)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == len(h.DEFAULT_TEMPLATE)
    dialog.table.selectRow(1)
    dialog.move_line(-1)  # Monitoring live first
    dialog.table.selectRow(dialog.table.rowCount() - 1)
    dialog.add_line()
    dialog.table.item(dialog.table.rowCount() - 1, 1).setText("Pen test passed")
    dialog.table.selectRow(2)
    dialog.delete_lines()  # Logging live
    QTimer.singleShot(0, dialog.accept)
    view.edit_template(dialog)
    titles = [x.title for x in h.template_of(main_window.context.workspace)]
    assert titles[:2] == ["Monitoring live", "Runbooks tested by operations"]
    assert titles[-1] == "Pen test passed" and "Logging live" not in titles
    assert main_window.context.undo_stack.undoText() == "Edit acceptance template"
    main_window.context.undo()
    assert h.template_of(main_window.context.workspace) == list(h.DEFAULT_TEMPLATE)


def test_close_milestone_choice_and_close_project_through_the_gate(qtbot, main_window) -> None:
    view = open_view(main_window)
    context = main_window.context
    view.from_template.click()
    assert view.close_task.count() > 1
    assert view.close_task.currentIndex() == 0  # the latest milestone
    latest = view.state.close_task_name
    assert latest in view.close_task.itemText(0)
    chosen = 1 if view.close_task.itemData(1) != view.state.close_task_id else 2
    view.close_task.setCurrentIndex(chosen)
    view.close_task.activated.emit(chosen)
    assert view.state.close_chosen
    assert view.state.close_task_id == view.close_task.itemData(chosen)
    assert view.state.close_task_name in view.gate_label.text()
    context.undo()
    assert not view.state.close_chosen and view.state.close_task_name == latest

    offered: list[HandoverGateError] = []
    context.ask_close_override = lambda refusal: offered.append(refusal)
    view.close_button.click()
    assert offered and offered[0].task_name == latest
    assert view.error_label.text().startswith("⚠ Handover:")
    assert not view.state.close_done


def test_close_anyway_dialog_needs_a_reason_and_a_name(qtbot) -> None:
    refusal = HandoverGateError("x", 1, 2, "Project closed", [("OA-002", "Monitoring live")])
    dialog = CloseAnywayDialog(refusal)
    qtbot.addWidget(dialog)
    assert dialog.items.count() == 1 and dialog.items.item(0).text() == "OA-002  Monitoring live"
    dialog.decided_by.setText("Pat")
    assert not dialog.close_button.isEnabled()
    dialog.reason.setPlainText("Sponsor accepts the risk")
    assert dialog.close_button.isEnabled()
    dialog.decided_by.setText(" ")
    assert not dialog.close_button.isEnabled()
    dialog.decided_by.setText("Pat")
    override = dialog.override()
    assert (override.reason, override.decided_by) == ("Sponsor accepts the risk", "Pat")
    assert dialog.result() != QDialog.DialogCode.Accepted
