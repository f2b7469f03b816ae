"""The Handover sub-tab: the project's operational acceptance checklist (the generic log
table) under a header with the sign-off progress, the close milestone and the gate's state.

Tools: "Create from template" (adds the template's missing items), "Sign off…" (asks who
signs; the items become done), "Edit template…" (the workspace's template) and "Close
project…" (marks the close milestone done; the gate may offer to close anyway)."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from infradesk.errors import UserError
from infradesk.services.commands import Command
from infradesk.services.governance import handover as h
from infradesk.services.governance import logs
from infradesk.services.plan.progress_edits import MarkDoneAsPlanned
from infradesk.services.risks.fields import HANDOVER_ITEM
from infradesk.ui import theme
from infradesk.ui.context import AppContext
from infradesk.ui.governance.close_anyway import os_user
from infradesk.ui.governance.columns import HANDOVER_COLUMNS
from infradesk.ui.governance.handover_template_dialog import TemplateDialog
from infradesk.ui.risks.log_view import RaidLogView

_AUTO = -1  # the close milestone combo's "latest milestone" entry


class HandoverView(RaidLogView):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            context, HANDOVER_ITEM, HANDOVER_COLUMNS, logs.load_handover, parent=parent
        )
        self.state: h.HandoverState | None = None
        self.signer = os_user()  # the last name typed, offered again

        self.from_template = QPushButton("Create from template")
        self.from_template.setObjectName("fromTemplate")
        self.from_template.setToolTip(
            "Add the template's items this checklist does not hold yet (none twice)"
        )
        self.from_template.clicked.connect(self.create_from_template)
        self.sign_button = QPushButton("Sign off…")
        self.sign_button.setObjectName("signOff")
        self.sign_button.setToolTip("Record who accepts the selected items (Ctrl+Shift+O)")
        self.sign_button.clicked.connect(lambda: self.sign_off())
        self.template_button = QPushButton("Edit template…")
        self.template_button.setObjectName("editTemplate")
        self.template_button.setToolTip("The workspace's acceptance checklist template")
        self.template_button.clicked.connect(lambda: self.edit_template())
        for widget in (self.from_template, self.sign_button, self.template_button):
            self.add_tool(widget)
        sign = QShortcut(QKeySequence("Ctrl+Shift+O"), self, lambda: self.sign_off())
        sign.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)  # only in this view

        self.progress = QProgressBar()
        self.progress.setObjectName("handoverProgress")
        self.progress.setMinimumWidth(160)
        self.progress.setMaximumWidth(240)
        self.progress_label = QLabel()
        self.progress_label.setObjectName("handoverProgressLabel")
        self.close_task = QComboBox()
        self.close_task.setObjectName("closeTask")
        self.close_task.setMinimumWidth(240)
        self.close_task.setToolTip(
            "The task whose completion closes the project; it cannot be marked done while an "
            "acceptance item is open"
        )
        self.close_task.activated.connect(self._close_task_chosen)
        self.close_button = QPushButton("Close project…")
        self.close_button.setObjectName("closeProject")
        self.close_button.setToolTip("Mark the close milestone done (as planned)")
        self.close_button.clicked.connect(self.close_project)
        self.gate_label = QLabel()
        self.gate_label.setObjectName("gateLabel")
        self.gate_label.setWordWrap(True)
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 2)
        header.addWidget(self.progress_label)
        header.addWidget(self.progress)
        header.addSpacing(16)
        header.addWidget(QLabel("Close milestone:"))
        header.addWidget(self.close_task)
        header.addWidget(self.close_button)
        header.addSpacing(12)
        header.addWidget(self.gate_label, 1)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)  # RaidLogView's
        layout.insertLayout(0, header)
        # the close milestone's state and the contracts come from other tabs' edits
        context.dataChanged.connect(self._on_data_changed)

    def _on_data_changed(self, affects: frozenset[str], _project_id: int | None) -> None:
        if {"tasks", "vendors"} & set(affects) and self.isVisible():
            self._reload_header()
            self._selection_changed()  # the support item's contracts

    # --------------------------------------------------------------------------- loading
    def reload(self) -> None:
        super().reload()
        self._reload_header()

    def showEvent(self, event: QShowEvent) -> None:
        self._reload_header()  # edits of tasks while hidden are not followed
        super().showEvent(event)

    def _reload_header(self) -> None:
        pid = self.project_id
        state = None if pid is None else h.state_of(self.context.workspace, pid)
        self.state = state
        options = [] if pid is None else h.close_options_of(self.context.workspace, pid)
        self.close_task.blockSignals(True)
        self.close_task.clear()
        if state is not None:
            latest = "Latest milestone"
            if state.close_task_id is not None and not state.close_chosen:
                latest += f" ({state.close_task_name})"
            self.close_task.addItem(latest, _AUTO)
            for task_id, label in options:
                self.close_task.addItem(label, task_id)
            if state.close_chosen and self.close_task.findData(state.close_task_id) < 0:
                self.close_task.addItem(state.close_task_name, state.close_task_id)
            at = self.close_task.findData(state.close_task_id) if state.close_chosen else 0
            self.close_task.setCurrentIndex(max(at, 0))
        self.close_task.blockSignals(False)
        self.close_task.setEnabled(state is not None)
        total = state.total if state else 0
        closed = state.closed if state else 0
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(closed)
        self.progress.setFormat(f"{closed} of {total}" if total else "no checklist")
        if state is None:
            self.progress_label.setText("")
            self.gate_label.setText("")
        else:
            text = f"{state.signed_off} of {total} signed off"
            if state.not_applicable:
                text += f", {state.not_applicable} not applicable"
            self.progress_label.setText(text)
            self.gate_label.setText(state.gate_text)
            blocked = bool(state.open_items) and not state.close_done
            colour = (lambda t: t.bad) if blocked else (lambda t: t.good)
            theme.text_color(self.gate_label, colour, "font-weight: 600;")
        self.close_button.setEnabled(
            state is not None and state.close_task_id is not None and not state.close_done
        )
        self.sign_button.setEnabled(bool(self.model.rows))

    # --------------------------------------------------------------------------- actions
    def make_edit(self, record_id: int, changes: dict[str, Any]) -> Command:
        assert self.project_id is not None
        return h.EditHandoverItem(self.project_id, record_id, changes)

    def create_from_template(self) -> None:
        if self.project_id is None:
            return
        command = h.ApplyTemplate(self.project_id)
        if self.run(command) is None:
            count = len(command.added)
            self.message(f"{count} acceptance item{'s' if count != 1 else ''} added")

    def sign_off(self, name: str | None = None) -> str | None:
        """Sign off the selected items (or the current one); ``name`` None asks who signs."""
        ids = self.selected_ids()
        if not ids:
            row = self.current_row()
            ids = [row.id] if row is not None else []
        if not ids or self.project_id is None:
            self.show_error("Select the acceptance items to sign off first.")
            return "nothing selected"
        if name is None:
            count = len(ids)
            what = "the selected item" if count == 1 else f"the {count} selected items"
            name, ok = QInputDialog.getText(
                self, "Sign off", f"Who signs off {what}?", QLineEdit.EchoMode.Normal, self.signer
            )
            if not ok:
                return "cancelled"
        try:
            command = h.SignOff(self.project_id, ids, name)
        except UserError as error:
            self.show_error(str(error))
            return str(error)
        self.signer = name.strip()
        return self.run(command)

    def edit_template(self, dialog: TemplateDialog | None = None) -> None:
        dialog = dialog or TemplateDialog(h.template_of(self.context.workspace), self)
        if dialog.exec() != TemplateDialog.DialogCode.Accepted or not dialog.changed():
            return
        try:
            command = h.SetTemplate(dialog.lines())
        except UserError as error:
            self.show_error(str(error))
            return
        self.run(command)

    def _close_task_chosen(self, index: int) -> None:
        if self.project_id is None or self.state is None:
            return
        data = self.close_task.itemData(index)
        task_id = None if data == _AUTO else int(data)
        current = self.state.close_task_id if self.state.close_chosen else None
        if task_id != current:
            self.run(h.SetCloseTask(self.project_id, task_id))
        self._reload_header()

    def close_project(self) -> None:
        """Mark the close milestone done as planned; the gate may offer "Close anyway…"."""
        state = self.state
        if self.project_id is None or state is None or state.close_task_id is None:
            return
        self.run(MarkDoneAsPlanned(self.project_id, [state.close_task_id], "Close project"))

    def context_actions(self) -> list[tuple[str, Any]]:
        return [
            ("Sign off…", lambda: self.sign_off()),
            *super().context_actions(),
        ]

    # --------------------------------------------------------------------------- preview
    def _show_preview(self, row: Any) -> None:
        super()._show_preview(row)
        if self.preview is None or row is None or self.project_id is None:
            return
        if not h.is_support_item(row.title):
            return
        self.preview.setHtml(self.preview.toHtml() + self.contracts_html())

    def contracts_html(self) -> str:
        """The project's vendor contracts with SLAs and end dates, flagged ones in red."""
        assert self.project_id is not None
        feed = h.feed_of(self.context.workspace, self.project_id)
        bad = theme.current().bad.name()
        parts = ["<p style='margin:6px 0 2px 0'><b>Vendor contracts (Vendors tab)</b></p>"]
        if not feed.contracts:
            parts.append("<p>No vendor contract yet: add them on the Vendors tab.</p>")
            return "".join(parts)
        parts.append("<table cellspacing='0' cellpadding='2'>")
        parts.append(
            "<tr><th align='left'>Vendor</th><th align='left'>Contract</th>"
            "<th align='left'>Ends</th><th align='left'>SLA</th><th align='left'></th></tr>"
        )
        for c in feed.contracts:
            label = " ".join(x for x in (c.number, c.title) if x)
            ends = f"{c.end:%Y-%m-%d}" if c.end else "open-ended"
            warn = "; ".join(c.warnings)
            style = f" style='color:{bad}'" if c.warnings else ""
            parts.append(
                f"<tr{style}><td>{html.escape(c.vendor)}</td><td>{html.escape(label)}</td>"
                f"<td>{ends}</td><td>{html.escape(c.sla or '—')}</td>"
                f"<td>{'⚠ ' + html.escape(warn) if warn else ''}</td></tr>"
            )
        parts.append("</table>")
        if feed.compared_to:
            parts.append(f"<p>End dates checked against the {html.escape(feed.compared_to)}.</p>")
        else:
            parts.append(
                "<p>Write the early-life support dates in its item's evidence "
                "(e.g. 2026-05-04 to 2026-06-26) to check the end dates.</p>"
            )
        return "".join(parts)
