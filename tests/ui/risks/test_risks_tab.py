"""The Risks tab on the demo project: models, heat-map filter, inline edits and undo."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QDialog
from sqlalchemy import select

from infradesk.model import Baseline, Project, Risk
from infradesk.services.risks import queries as risk_service
from infradesk.ui.context import AppContext
from infradesk.ui.risks.change_view import ApproveDialog
from infradesk.ui.risks.raid_model import ID_ROLE
from infradesk.ui.risks.tab import RisksTab


@pytest.fixture
def tab(qtbot, demo_workspace) -> Iterator[RisksTab]:
    context = AppContext(demo_workspace)
    widget = RisksTab(context)
    qtbot.addWidget(widget)
    widget.resize(1400, 800)
    widget.show()
    with demo_workspace.session() as session:
        project_id = session.scalar(select(Project.id))
    context.set_project(project_id)
    yield widget


def column_of(view: Any, title: str) -> int:
    return next(n for n, c in enumerate(view.model.columns) if c.title == title)


def proxy_index(view: Any, code: str, title: str):
    for row in range(view.proxy.rowCount()):
        if view.proxy.index(row, 0).data() == code:
            return view.proxy.index(row, column_of(view, title))
    raise AssertionError(f"{code} is not shown")


def risk(tab: RisksTab, code: str) -> Risk:
    with tab.context.workspace.session() as session:
        found = session.scalar(select(Risk).where(Risk.code == code))
        assert found is not None
        return found


def test_every_item_model_passes_the_model_tester(tab: RisksTab, qtmodeltester) -> None:
    for _title, view in tab.views:
        assert view.model.rowCount() > 0
        qtmodeltester.check(view.model)
        qtmodeltester.check(view.proxy)
    tab.risks.select_id(risk(tab, "R-001").id)
    assert tab.risks.actions_model.rowCount() == 3
    qtmodeltester.check(tab.risks.actions_model)


def test_sub_views_show_the_demo_raid_log(tab: RisksTab) -> None:
    titles = [tab.sub_tabs.tabText(n) for n in range(tab.sub_tabs.count())]
    assert titles[0].startswith("Risks (13)") and titles[1].startswith("Issues (")
    assert "Change requests" in titles[2] and "Decisions" in titles[5]
    assert "awaiting decision" in tab.changes.counts_text()


def test_clicking_a_heat_map_cell_filters_the_table(tab: RisksTab, qtbot) -> None:
    view = tab.risks
    heat = view.heat_map
    assert heat.heat_map.count(3, 4) == 2
    qtbot.mouseClick(heat, Qt.MouseButton.LeftButton, pos=heat.cell_rect(3, 4).center().toPoint())
    shown = [view.proxy.index(r, 0).data() for r in range(view.proxy.rowCount())]
    assert sorted(shown) == ["R-003", "R-013"]
    assert "2 shown" in view.counts_text()
    assert "P 3 × I 4" in view.filter_label.text()
    qtbot.mouseClick(heat, Qt.MouseButton.LeftButton, pos=heat.cell_rect(3, 4).center().toPoint())
    assert view.proxy.rowCount() == 13


def test_residual_heat_map_filters_on_residual_ratings(tab: RisksTab, qtbot) -> None:
    view = tab.risks
    view.residual_button.setChecked(True)
    assert view.heat_map.heat_map.residual and view.heat_map.heat_map.unassessed > 0
    heat = view.heat_map
    qtbot.mouseClick(heat, Qt.MouseButton.LeftButton, pos=heat.cell_rect(2, 3).center().toPoint())
    shown = sorted(view.proxy.index(r, 0).data() for r in range(view.proxy.rowCount()))
    assert shown == ["R-001", "R-003"]
    view.inherent_button.setChecked(True)  # switching clears the cell filter
    assert view.proxy.cell is None and view.proxy.rowCount() == 13


def test_inline_edit_records_history_and_undoes(tab: RisksTab) -> None:
    view = tab.risks
    before = risk(tab, "R-005")
    with tab.context.workspace.session() as session:
        entries = len(risk_service.risk_timeline(session, before.id))
    assert view.proxy.setData(proxy_index(view, "R-005", "P"), 5)
    assert risk(tab, "R-005").probability == 5
    assert proxy_index(view, "R-005", "Score").data() == "15"
    with tab.context.workspace.session() as session:
        assert len(risk_service.risk_timeline(session, before.id)) == entries + 1
    tab.context.undo_stack.undo()
    assert risk(tab, "R-005").probability == before.probability
    assert proxy_index(view, "R-005", "Score").data() == str(before.score)
    tab.context.undo_stack.redo()
    assert risk(tab, "R-005").probability == 5


def test_a_bad_value_is_refused_with_a_message(tab: RisksTab) -> None:
    view = tab.risks
    assert not view.proxy.setData(proxy_index(view, "R-005", "Next review"), "next week")
    assert view.error_label.isVisible()
    assert "Next review: 'next week' is not a date" in view.error_label.text()
    assert tab.context.undo_stack.count() == 0


def test_editing_one_of_several_selected_rows_edits_them_all(tab: RisksTab) -> None:
    view = tab.risks
    selection = view.table.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for code in ("R-005", "R-010"):
        selection.select(proxy_index(view, code, "ID"), flags)
    assert "2 selected" in view.counts_text()
    assert view.proxy.setData(proxy_index(view, "R-010", "Owner"), "Dana")
    assert risk(tab, "R-005").owner == risk(tab, "R-010").owner == "Dana"
    assert tab.context.undo_stack.count() == 1
    tab.context.undo_stack.undo()
    assert risk(tab, "R-005").owner == "Alex Morgan" and risk(tab, "R-010").owner == "Lena Vogel"


def test_text_search_and_open_only(tab: RisksTab) -> None:
    view = tab.risks
    view.search.setText("wan circuit")
    assert [view.proxy.index(r, 0).data() for r in range(view.proxy.rowCount())] == ["R-003"]
    view.search.clear()
    view.open_only.setChecked(False)
    assert view.proxy.rowCount() == 15


def test_occurred_button_opens_a_linked_issue(tab: RisksTab, qtbot) -> None:
    issues_before = tab.issues.model.rowCount()
    tab.risks.select_id(risk(tab, "R-003").id)
    qtbot.mouseClick(tab.risks.occurred_button, Qt.MouseButton.LeftButton)
    assert tab.issues.model.rowCount() == issues_before + 1
    new_issue = tab.issues.model.rows[-1]
    assert new_issue.risk_code == "R-003" and new_issue.code == "I-006"
    assert risk(tab, "R-003").status == "occurred"
    tab.context.undo_stack.undo()
    assert tab.issues.model.rowCount() == issues_before
    assert risk(tab, "R-003").status == "assessed"


def test_status_occurred_typed_in_the_table_also_opens_an_issue(tab: RisksTab) -> None:
    view = tab.risks
    issues_before = tab.issues.model.rowCount()
    assert view.proxy.setData(proxy_index(view, "R-011", "Status"), "occurred")
    assert tab.issues.model.rowCount() == issues_before + 1


def test_response_actions_are_added_edited_and_undone(tab: RisksTab) -> None:
    view = tab.risks
    view.select_id(risk(tab, "R-005").id)
    assert view.actions_model.rowCount() == 0
    view.add_action()
    assert view.actions_model.rowCount() == 1
    done = view.actions_model.index(0, 0)
    assert view.actions_model.setData(done, True)
    assert view.actions_model.rows[0].done
    assert view.detail_tabs.tabText(1) == "Response actions (0 open)"
    tab.context.undo_stack.undo()
    tab.context.undo_stack.undo()
    assert view.actions_model.rowCount() == 0


def test_detail_dialog_changes_fields_and_links_in_one_step(tab: RisksTab) -> None:
    view = tab.risks
    target = risk(tab, "R-005")
    view.select_id(target.id)
    with tab.context.workspace.session() as session:
        from infradesk.model import Task

        task_ids = list(session.scalars(select(Task.id).order_by(Task.id)))[:2]
    assert (
        view.apply_dialog(
            target.id,
            {"cause": "Market", "contingency": "Contractor"},
            {"Linked tasks": set(task_ids)},
        )
        is None
    )
    row = next(r for r in view.model.rows if r.code == "R-005")
    assert row.cause == "Market" and set(row.task_ids) == set(task_ids)
    assert "Contingency" in view.summary.toPlainText()
    tab.context.undo_stack.undo()
    row = next(r for r in view.model.rows if r.code == "R-005")
    assert row.cause == "" and len(row.task_ids) == 1


def test_history_pane_shows_the_timeline(tab: RisksTab) -> None:
    tab.risks.select_id(risk(tab, "R-001").id)
    text = tab.risks.history.toPlainText()
    assert "probability 3 → 4" in text and "raised" in text


def test_new_and_delete_are_undoable(tab: RisksTab, qtbot) -> None:
    view = tab.assumptions
    count = view.model.rowCount()
    qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
    assert view.model.rowCount() == count + 1
    assert view.current_row().code == "A-005"
    view.table.selectRow(0)
    view.delete_selected()
    assert view.model.rowCount() == count
    tab.context.undo_stack.undo()
    tab.context.undo_stack.undo()
    assert view.model.rowCount() == count


def test_approving_a_change_saves_a_baseline(tab: RisksTab, monkeypatch) -> None:
    view = tab.changes
    code_column = 0
    for row in range(view.proxy.rowCount()):
        if view.proxy.index(row, code_column).data() == "CR-002":
            view.table.selectRow(row)
            view.table.setCurrentIndex(view.proxy.index(row, 0))
    record_id = view.current_row().id
    monkeypatch.setattr(ApproveDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    dialog = ApproveDialog("CR-002", "", view)
    dialog.approver.setText("CAB")
    dialog.save_baseline.setChecked(True)  # off by default: re-baselining is a choice
    dialog.baseline_name.setText("After CR-002")
    view.approve(dialog)
    row = next(r for r in view.model.rows if r.id == record_id)
    assert row.status == "approved" and row.approver == "CAB" and row.baseline_id
    assert tab.decisions.model.rows[-1].change_code == "CR-002"
    tab.context.undo_stack.undo()
    with tab.context.workspace.session() as session:
        assert session.scalar(select(Baseline).where(Baseline.name == "After CR-002")) is None
    assert next(r for r in view.model.rows if r.id == record_id).status == "pending decision"


def test_reload_keeps_the_selection(tab: RisksTab) -> None:
    view = tab.risks
    target = risk(tab, "R-004").id
    view.select_id(target)
    tab.reload()
    assert view.current_row().id == target
    assert view.table.selectionModel().selectedRows()[0].data(ID_ROLE) == target


def test_details_dialog_edits_long_text_and_the_linked_risk(tab: RisksTab, monkeypatch) -> None:
    from infradesk.ui.risks.record_dialog import RecordDialog

    view = tab.issues
    target = next(r for r in view.model.rows if r.code == "I-003")
    view.select_id(target.id)
    captured: list[RecordDialog] = []

    def accept(dialog: RecordDialog) -> int:
        captured.append(dialog)
        dialog.editors["resolution"].setPlainText("Second contractor booked")
        combo = dialog.editors["risk_id"]
        combo.setCurrentIndex(combo.findText("R-011", Qt.MatchFlag.MatchStartsWith))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(RecordDialog, "exec", accept)
    view.open_details()
    assert captured and "Linked tasks" in captured[0].link_lists
    row = next(r for r in view.model.rows if r.code == "I-003")
    assert row.resolution == "Second contractor booked" and row.risk_code == "R-011"
    assert tab.context.undo_stack.count() == 1
    tab.context.undo_stack.undo()
    row = next(r for r in view.model.rows if r.code == "I-003")
    assert row.resolution == "" and row.risk_code == ""


def test_scoring_settings_change_the_bands_and_undo(tab: RisksTab, monkeypatch) -> None:
    from infradesk.ui.risks.settings_dialog import ScoringDialog

    view = tab.risks
    assert proxy_index(view, "R-005", "Score").data() == "6"
    monkeypatch.setattr(ScoringDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    dialog = ScoringDialog(view.settings, view)
    dialog.low_max.setValue(2)
    dialog.medium_max.setValue(5)
    dialog.categories.setText("technical, vendor, facilities")
    view.edit_scoring(dialog)
    assert view.settings.band(6) == "high"
    assert next(r for r in view.model.rows if r.code == "R-005").band == "high"
    assert view.legend_labels["medium"].text() == "medium ≤5"
    assert "facilities" in view.delegate.choices_for["category"]
    tab.context.undo_stack.undo()
    assert view.settings.band(6) == "medium"


def test_inline_response_editor_offers_the_strategies_of_the_kind(tab: RisksTab) -> None:
    from PySide6.QtWidgets import QComboBox, QStyleOptionViewItem

    view = tab.risks
    for code, expected in (("R-012", "exploit"), ("R-001", "avoid")):
        index = proxy_index(view, code, "Response")
        editor = view.delegate.createEditor(view.table.viewport(), QStyleOptionViewItem(), index)
        assert isinstance(editor, QComboBox)
        items = [editor.itemData(n) for n in range(editor.count())]
        assert expected in items and len(items) == 5
        editor.deleteLater()


def test_category_filter(tab: RisksTab) -> None:
    view = tab.risks
    combo = view.category_filter
    combo.setCurrentIndex(combo.findData("vendor"))
    shown = sorted(view.proxy.index(r, 0).data() for r in range(view.proxy.rowCount()))
    assert shown == ["R-001", "R-003"]
    combo.setCurrentIndex(0)
    assert view.proxy.rowCount() == 13


def test_context_menus_offer_the_view_actions(tab: RisksTab) -> None:
    risk_texts = [text for text, _slot in tab.risks.context_actions()]
    change_texts = [text for text, _slot in tab.changes.context_actions()]
    assert risk_texts == ["Details…", "New risk", "Delete", "Occurred → issue"]
    assert change_texts[-2:] == ["Approve…", "Reject"]


def test_occurred_chosen_in_the_dialog_with_other_changes_opens_an_issue(tab: RisksTab) -> None:
    view = tab.risks
    target = risk(tab, "R-013")
    issues_before = tab.issues.model.rowCount()
    changes = {"status": "occurred", "effect": "Slow rollback"}
    assert view.apply_dialog(target.id, changes, {}) is None
    assert tab.issues.model.rowCount() == issues_before + 1
    assert risk(tab, "R-013").effect == "Slow rollback"
    tab.context.undo_stack.undo()
    assert tab.issues.model.rowCount() == issues_before
    assert risk(tab, "R-013").status == "response planned" and risk(tab, "R-013").effect == ""
