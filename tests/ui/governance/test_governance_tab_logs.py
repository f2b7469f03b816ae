"""The Governance tab's action log, meetings and communication plan, driven like a user:
overdue actions highlighted and counted, done stamps the closed date (undo clears it), the
attention strip, meetings with attendees picked from stakeholders and the resource pool, and
decisions and actions added from a meeting."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush

from infradesk.services.risks.commands import CreateRecord
from infradesk.ui.risks.raid_model import ID_ROLE
from infradesk.ui.risks.record_dialog import RecordDialog

TODAY = date.today()


def _add(window: Any, key: str, **values: Any) -> int:
    command = CreateRecord(key, window.context.project_id, values)
    window.context.execute(command)
    assert command.record_id is not None
    return command.record_id


def _mine(view: Any, ids: set[int]) -> list[Any]:
    return [row for row in view.model.rows if row.id in ids]


def _cell(view: Any, record_id: int, title: str) -> Any:
    column = next(n for n, c in enumerate(view.model.columns) if c.title == title)
    for row in range(view.proxy.rowCount()):
        index = view.proxy.index(row, column)
        if index.data(ID_ROLE) == record_id:
            return index
    raise AssertionError(f"record {record_id} not shown")


@pytest.fixture
def tab(main_window: Any) -> Any:
    main_window.tabs.setCurrentWidget(main_window.governance_tab)
    return main_window.governance_tab


def test_overdue_actions_are_highlighted_counted_and_in_the_attention_strip(
    main_window: Any, tab: Any
) -> None:
    late = _add(
        main_window,
        "action_item",
        title="Send the rack layout",
        owner="Ana",
        due=TODAY - timedelta(days=3),
    )
    later = _add(
        main_window,
        "action_item",
        title="Order patch cables",
        owner="Bo",
        due=TODAY + timedelta(days=5),
    )
    view = tab.action_log
    rows = {r.id: r for r in _mine(view, {late, later})}
    assert rows[late].overdue and not rows[later].overdue
    due_late, due_ok = _cell(view, late, "Due"), _cell(view, later, "Due")
    assert isinstance(due_late.data(Qt.ItemDataRole.BackgroundRole), QBrush)
    assert due_ok.data(Qt.ItemDataRole.BackgroundRole) is None
    overdue = view.overdue_count()
    assert overdue >= 1 and f"{overdue} overdue" in view.counts_text()
    assert "overdue" in tab.sub_tabs.tabText(0)
    assert tab.attention.isVisibleTo(tab)
    texts = [t for t in tab.attention.texts() if "Send the rack layout" in t]
    assert texts == [
        f"Overdue action {rows[late].code} Send the rack layout — Ana, due "
        f"{(TODAY - timedelta(days=3)).isoformat()} (3 days late)"
    ]
    assert not any("Order patch cables" in t for t in tab.attention.texts())
    # clicking the entry shows the action
    tab.sub_tabs.setCurrentWidget(tab.meetings)
    tab.attention.actionActivated.emit(rows[late].code)
    assert tab.sub_tabs.currentWidget() is view
    assert view.current_row().id == late


def test_done_sets_the_closed_date_undo_clears_it_and_open_only_hides_it(
    main_window: Any, tab: Any
) -> None:
    action = _add(
        main_window,
        "action_item",
        title="Label the new racks",
        owner="Ana",
        due=TODAY - timedelta(days=1),
    )
    view = tab.action_log
    view.select_id(action)
    status = _cell(view, action, "Status")
    assert view.proxy.setData(status, "done", Qt.ItemDataRole.EditRole)
    (row,) = _mine(view, {action})
    assert (row.status, row.closed) == ("done", TODAY)
    assert not row.overdue
    assert not any("Label the new racks" in t for t in tab.attention.texts())
    view.open_only.setChecked(True)
    assert all(view.proxy.index(n, 0).data(ID_ROLE) != action for n in range(view.proxy.rowCount()))
    view.open_only.setChecked(False)
    main_window.context.undo_stack.undo()
    (row,) = _mine(view, {action})
    assert (row.status, row.closed) == ("open", None)
    assert any("Label the new racks" in t for t in tab.attention.texts())


def test_insert_adds_an_action_raised_today(main_window: Any, tab: Any, qtbot: Any) -> None:
    view = tab.action_log
    before = {r.id for r in view.model.rows}
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Insert)
    qtbot.waitUntil(lambda: len(view.model.rows) == len(before) + 1)
    (new,) = [r for r in view.model.rows if r.id not in before]
    assert (new.title, new.status, new.raised) == ("New action", "open", TODAY)


def test_insert_adds_a_stakeholder_and_a_communication_line(main_window: Any, tab: Any) -> None:
    for view, headline in ((tab.stakeholders, "name"), (tab.comms, "content")):
        before = {r.id for r in view.model.rows}
        view.new_record()
        assert not view.error_label.isVisibleTo(view), view.error_label.text()
        (new,) = [r for r in view.model.rows if r.id not in before]
        assert getattr(new, headline) == f"New {view.entity.singular.lower()}"


def test_meeting_attendees_from_stakeholders_and_the_pool(
    main_window: Any, tab: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from infradesk.ui.governance.meeting_dialog import MeetingDialog

    _add(main_window, "stakeholder", name="Maria Zeller", role="Sponsor", organisation="Finance")
    meeting = _add(
        main_window,
        "meeting",
        title="Steering committee 7",
        held_on=date(2026, 3, 4),
        attendees="Guest Speaker",
    )
    view = tab.meetings
    tab.sub_tabs.setCurrentWidget(view)
    view.select_id(meeting)

    def accept(dialog: MeetingDialog) -> int:
        names = [
            dialog.people.item(n).data(Qt.ItemDataRole.UserRole)
            for n in range(dialog.people.count())
        ]
        assert "Maria Zeller" in names
        pool = [
            n
            for n in range(dialog.people.count())
            if dialog.people.item(n).text().endswith("(resource pool)")
        ]
        assert pool, "the demo's resource pool is offered"
        resource = dialog.people.item(pool[0]).data(Qt.ItemDataRole.UserRole)
        dialog.set_picked("Maria Zeller", True)
        dialog.set_picked(resource, True)
        assert dialog.attendees_text.toPlainText() == f"Guest Speaker, Maria Zeller, {resource}"
        dialog.set_picked(resource, False)
        dialog.attendees_text.setPlainText("Guest Speaker, maria zeller")  # typed: ticks her
        assert dialog.item_named("Maria Zeller").checkState() == Qt.CheckState.Checked
        dialog.attendees_text.setPlainText("Guest Speaker, Maria Zeller")
        return RecordDialog.DialogCode.Accepted

    monkeypatch.setattr(MeetingDialog, "exec", accept)
    view.open_details()
    (row,) = _mine(view, {meeting})
    assert row.attendees == "Guest Speaker, Maria Zeller"
    main_window.context.undo_stack.undo()
    (row,) = _mine(view, {meeting})
    assert row.attendees == "Guest Speaker"


def test_decision_and_action_from_a_meeting(
    main_window: Any, tab: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting = _add(
        main_window,
        "meeting",
        title="Cutover go/no-go",
        held_on=date(2026, 3, 6),
        chair="Maria Zeller",
    )
    view = tab.meetings
    tab.sub_tabs.setCurrentWidget(view)
    view.select_id(meeting)
    assert view.new_decision_button.isEnabled()

    def fill(title: str, **more: Any):
        def accept(dialog: RecordDialog) -> int:
            dialog.editors[dialog.spec.fields[0].name].setText(title)
            for name, value in more.items():
                dialog.editors[name].setText(value)
            return RecordDialog.DialogCode.Accepted

        return accept

    monkeypatch.setattr(RecordDialog, "exec", fill("Go for the cutover weekend"))
    assert view.new_decision() is None
    monkeypatch.setattr(RecordDialog, "exec", fill("Tell the service desk", owner="Ana"))
    assert view.new_action() is None

    decisions = main_window.risks_tab.decisions
    decisions.reload()
    (decision,) = [d for d in decisions.model.rows if d.title == "Go for the cutover weekend"]
    assert (decision.meeting_id, decision.decided_on, decision.decided_by) == (
        meeting,
        date(2026, 3, 6),
        "Maria Zeller",
    )
    (action,) = [a for a in tab.action_log.model.rows if a.title == "Tell the service desk"]
    assert (action.meeting_id, action.owner, action.raised) == (meeting, "Ana", date(2026, 3, 6))
    view.select_id(meeting)
    preview = view.preview.toPlainText()
    assert "Go for the cutover weekend" in preview and "Tell the service desk" in preview
    # an empty title is refused with its name, nothing added
    count = len(tab.action_log.model.rows)
    monkeypatch.setattr(RecordDialog, "exec", fill(""))
    assert view.new_action() == "Action cannot be empty."
    assert len(tab.action_log.model.rows) == count


def test_the_decisions_log_shows_needed_by_meeting_and_pending(main_window: Any, tab: Any) -> None:
    meeting = _add(main_window, "meeting", title="Steering 9")
    pending = _add(
        main_window,
        "decision",
        title="Second cutover weekend?",
        decided_by="Maria Zeller",
        needed_by=TODAY - timedelta(days=2),
        meeting_id=meeting,
    )
    taken = _add(
        main_window, "decision", title="Use the north hall", decided_on=TODAY, meeting_id=meeting
    )
    # the Risks tab reads the logs changed while it was hidden as it comes in front
    main_window.tabs.setCurrentWidget(main_window.risks_tab)
    view = main_window.risks_tab.decisions
    titles = [c.title for c in view.model.columns]
    assert {"Needed by", "Meeting", "State"} <= set(titles)
    (meeting_row,) = _mine(tab.meetings, {meeting})
    assert _cell(view, pending, "Meeting").data() == meeting_row.code
    assert _cell(view, pending, "State").data() == "pending"
    assert "Maria Zeller must decide" in _cell(view, pending, "Needed by").data(
        Qt.ItemDataRole.ToolTipRole
    )
    assert isinstance(
        _cell(view, pending, "Needed by").data(Qt.ItemDataRole.BackgroundRole), QBrush
    )
    assert view.open_only.text() == "Pending only" and view.open_only.isVisibleTo(view)
    view.open_only.setChecked(True)
    shown = {view.proxy.index(n, 0).data(ID_ROLE) for n in range(view.proxy.rowCount())}
    assert pending in shown and taken not in shown
    assert any("Second cutover weekend?" in t for t in tab.attention.texts())


def test_the_communication_plan_names_the_distribution(main_window: Any, tab: Any) -> None:
    _add(main_window, "stakeholder", name="Jon Oltmann", role="Head of operations")
    _add(
        main_window,
        "comms_item",
        content="Weekly status report",
        audience="Jon Oltmann, cfo",
        status_report=True,
    )
    text = tab.comms.distribution.text()
    assert "Jon Oltmann (Head of operations)" in text
    assert "cfo (not in the register)" in text
