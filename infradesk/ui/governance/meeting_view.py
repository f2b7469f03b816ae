"""The meeting log: date, chair, attendees (picked from the stakeholders and the resource pool
or typed), minutes, and what came out of each meeting. The preview under the table lists the
decisions taken and the actions raised there; "New decision from this meeting" and "New
action from this meeting" add one already tied to it."""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtWidgets import QPushButton, QWidget

from infradesk.services.governance import logs, views
from infradesk.services.governance.actions import CreateAction
from infradesk.services.risks.commands import CreateRecord
from infradesk.services.risks.fields import ACTION_ITEM, DECISION, MEETING, Entity
from infradesk.services.risks.view import change_options, load_choices
from infradesk.ui import theme
from infradesk.ui.context import AppContext
from infradesk.ui.governance.columns import MEETING_COLUMNS
from infradesk.ui.governance.meeting_dialog import MeetingDialog
from infradesk.ui.risks.editors import editor_value
from infradesk.ui.risks.log_view import RaidLogView
from infradesk.ui.risks.record_dialog import RecordDialog


def dialog_values(dialog: RecordDialog) -> dict[str, Any]:
    """Every field the user filled in (empty ones get the log's defaults); the headline
    always, so an empty one is refused with its name."""
    headline = dialog.spec.fields[0].name
    values = {name: editor_value(editor) for name, editor in dialog.editors.items()}
    return {k: v for k, v in values.items() if v not in (None, "") or k == headline}


class MeetingLogView(RaidLogView):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            context, MEETING, MEETING_COLUMNS, logs.load_meetings, open_filter=False, parent=parent
        )
        self.new_decision_button = QPushButton("New decision from this meeting")
        self.new_decision_button.setObjectName("newDecisionFromMeeting")
        self.new_decision_button.setToolTip(
            "Record a decision taken in the selected meeting (it goes to the Decisions log)"
        )
        self.new_decision_button.clicked.connect(lambda: self.new_decision())
        self.new_action_button = QPushButton("New action from this meeting")
        self.new_action_button.setObjectName("newActionFromMeeting")
        self.new_action_button.setToolTip("Raise an action in the selected meeting")
        self.new_action_button.clicked.connect(lambda: self.new_action())
        self.add_tool(self.new_decision_button)
        self.add_tool(self.new_action_button)
        self.selectionChangedTo.connect(self._enable)
        self._enable(None)

    def _enable(self, row: Any) -> None:
        for button in (self.new_decision_button, self.new_action_button):
            button.setEnabled(row is not None)

    def context_actions(self) -> list[tuple[str, Any]]:
        return [
            *super().context_actions(),
            ("New decision from this meeting", self.new_decision),
            ("New action from this meeting", self.new_action),
        ]

    # --------------------------------------------------------------------------- details
    def open_details(self, dialog: RecordDialog | None = None) -> None:
        row = self.current_row()
        if row is None or self.project_id is None:
            return
        people = views.read_attendees(self.context.workspace, self.project_id)
        dialog = dialog or MeetingDialog(
            f"{row.code} — Meeting", self.dialog_values(row), people, self
        )
        if dialog.exec() != RecordDialog.DialogCode.Accepted:
            return
        self.apply_dialog(row.id, dialog.changes(), {})

    def _show_preview(self, row: Any) -> None:
        if self.preview is None:
            return
        if row is None or self.project_id is None:
            self.preview.setHtml("")
            return
        outcome = views.read_outcome(self.context.workspace, self.project_id, row.id)
        muted = theme.current().inactive.name()
        late = theme.current().bad.name()
        e = html.escape
        when = row.held_on.isoformat() if row.held_on else "no date"
        parts = [
            f"<p style='margin:2px 0'><b>{e(row.code)} {e(row.title)}</b> · {e(row.kind)} · "
            f"{when}" + (f" · chair {e(row.chair)}" if row.chair else "") + "</p>",
            f"<p style='margin:2px 0'><b>Attendees:</b> {e(row.attendees) or '–'}</p>",
        ]
        if row.minutes:
            minutes = e(row.minutes).replace("\n", "<br>")
            parts.append(f"<p style='margin:2px 0'><b>Minutes:</b> {minutes}</p>")
        parts.append("<p style='margin:4px 0 0 0'><b>Decisions</b></p>")
        if not outcome.decisions:
            parts.append(f"<p style='color:{muted};margin:0'>None recorded.</p>")
        for d in outcome.decisions:
            if d.decided_on is not None:
                who = f" by {e(d.decided_by)}" if d.decided_by else ""
                state = f"decided {d.decided_on.isoformat()}{who}"
            else:
                who = f"{e(d.decided_by)} to decide" if d.decided_by else "nobody named to decide"
                when = f" by {d.needed_by.isoformat()}" if d.needed_by else ""
                state = f"<span style='color:{late}'>pending</span>: {who}{when}"
            parts.append(f"<p style='margin:0'>{e(d.code)} {e(d.title)} — {state}</p>")
        parts.append("<p style='margin:4px 0 0 0'><b>Actions</b></p>")
        if not outcome.actions:
            parts.append(f"<p style='color:{muted};margin:0'>None raised.</p>")
        for a in outcome.actions:
            due = f", due {a.due.isoformat()}" if a.due else ""
            owner = e(a.owner) or "no owner"
            parts.append(
                f"<p style='margin:0'>{e(a.code)} {e(a.title)} — {owner}{due} ({e(a.status)})</p>"
            )
        self.preview.setHtml("".join(parts))

    # --------------------------------------------------------------------------- outcome
    def _new_from_meeting(
        self, spec: Entity, defaults: dict[str, Any], options: dict[str, Any]
    ) -> tuple[RecordDialog, dict[str, Any]] | None:
        row = self.current_row()
        if row is None or self.project_id is None:
            return None
        choices: dict[str, Sequence[Any]] = dict(
            load_choices(self.context.workspace, self.project_id, options)
        )
        dialog = RecordDialog(
            spec,
            f"New {spec.singular.lower()} from {row.code} {row.title}",
            defaults,
            choices=choices,
            parent=self,
        )
        dialog.setObjectName(f"new_{spec.key}_dialog")
        if dialog.exec() != RecordDialog.DialogCode.Accepted:
            return None
        return dialog, dialog_values(dialog)

    def new_decision(self) -> str | None:
        """A decision taken in the selected meeting: dated the meeting's day."""
        row = self.current_row()
        if row is None or self.project_id is None:
            return None
        defaults = {"meeting_id": row.id, "decided_on": row.held_on, "decided_by": row.chair}
        found = self._new_from_meeting(
            DECISION,
            defaults,
            {"meeting_id": logs.meeting_options, "change_id": change_options},
        )
        if found is None:
            return None
        command = CreateRecord(DECISION.key, self.project_id, found[1])
        refused = self.run(command)
        if refused is None:
            self.message(f"{command.code} added to the Decisions log (Risks tab).")
            self._show_preview(self.current_row())
        return refused

    def new_action(self) -> str | None:
        """An action raised in the selected meeting: raised on the meeting's day."""
        row = self.current_row()
        if row is None or self.project_id is None:
            return None
        defaults = {
            "meeting_id": row.id,
            "raised": row.held_on or date.today(),
            "status": "open",
        }
        found = self._new_from_meeting(ACTION_ITEM, defaults, {"meeting_id": logs.meeting_options})
        if found is None:
            return None
        command = CreateAction(self.project_id, found[1])
        refused = self.run(command)
        if refused is None:
            self.message(f"{command.code} added to the action log.")
            self._show_preview(self.current_row())
        return refused
