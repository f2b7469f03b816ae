"""Change requests: the log plus approve (optionally saving a new baseline) and reject.

Approving does not re-baseline unless asked: the plan stays compared with its current
baseline, so the variance the change caused stays visible. When the box is ticked the dialog
says what happens (a new baseline, compared with from now on; the old one kept)."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from infradesk.services.governance.change_log import load_changes_with_conflicts
from infradesk.services.plan.baselines import load_baselines
from infradesk.services.risks.actions import ApproveChange
from infradesk.services.risks.commands import EditRecord
from infradesk.services.risks.fields import AWAITING_CHANGE_STATUSES, CHANGE
from infradesk.services.risks.view import CHANGE_ISSUES, CHANGE_RISKS, load_choices, task_options
from infradesk.ui import theme
from infradesk.ui.context import AppContext
from infradesk.ui.risks.change_columns import CHANGE_LOG_COLUMNS
from infradesk.ui.risks.change_dialog import ChangeDialog
from infradesk.ui.risks.log_view import LinkSpec, RaidLogView


class ApproveDialog(QDialog):
    """Approver, "save a new baseline" (off by default) with what it does, decision log.

    ``current_baseline``: the name of the baseline the plan is compared with now ("" when
    the project has none)."""

    def __init__(
        self,
        code: str,
        approver: str,
        parent: QWidget | None = None,
        current_baseline: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Approve {code}")
        self.current_baseline = current_baseline
        self.approver = QLineEdit(approver)
        self.approver.setObjectName("approverField")
        self.save_baseline = QCheckBox("Save the plan as a new baseline (re-baseline)")
        self.save_baseline.setObjectName("saveBaseline")
        self.save_baseline.setChecked(False)
        self.baseline_name = QLineEdit(f"After {code} ({date.today().isoformat()})")
        self.baseline_name.setObjectName("baselineName")
        self.baseline_name.setEnabled(False)
        self.effect = QLabel()
        self.effect.setObjectName("baselineEffect")
        self.effect.setWordWrap(True)
        self.effect.setMinimumWidth(420)
        self.save_baseline.toggled.connect(self.baseline_name.setEnabled)
        self.save_baseline.toggled.connect(lambda _on: self._show_effect())
        self.log_decision = QCheckBox("Record the decision in the decision log")
        self.log_decision.setChecked(True)
        form = QFormLayout(self)
        form.addRow("Approver", self.approver)
        form.addRow(self.save_baseline)
        form.addRow("Baseline name", self.baseline_name)
        form.addRow(self.effect)
        form.addRow(self.log_decision)
        self._show_effect()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _show_effect(self) -> None:
        """Say what the baseline box does, ticked or not."""
        old = self.current_baseline
        if not self.save_baseline.isChecked():
            self.effect.setText(
                f"The plan stays compared with the baseline '{old}': the chart and the weekly "
                "report keep showing what this change moved."
                if old
                else "The project has no baseline: nothing is compared yet."
            )
            return
        kept = (
            f" The baseline '{old}' is kept: Project > Baselines… compares with it again."
            if old
            else ""
        )
        self.effect.setText(
            "The plan as it stands is saved as a new baseline, and the chart, the variance "
            f"columns and the weekly report compare with it from now on.{kept}"
        )


class ChangeLogView(RaidLogView):
    """The change log with the CAB columns and each change's conflicts (a Conflicts column
    tinted red, with the reasons as its tooltip and in the preview under the table)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            context,
            CHANGE,
            CHANGE_LOG_COLUMNS,
            load_changes_with_conflicts,
            links=[
                LinkSpec("Linked risks", CHANGE_RISKS, _risk_ids),
                LinkSpec("Linked issues", CHANGE_ISSUES, _issue_ids),
            ],
            refs={"task_id": task_options},
            parent=parent,
        )
        self.approve_button = QPushButton("Approve…")
        self.approve_button.setObjectName("approveButton")
        self.approve_button.setToolTip(
            "Approve; optionally re-baseline (save a new baseline) in the same step"
        )
        self.approve_button.clicked.connect(lambda: self.approve())
        self.reject_button = QPushButton("Reject")
        self.reject_button.clicked.connect(self.reject)
        self.add_tool(self.approve_button)
        self.add_tool(self.reject_button)

    def counts_text(self) -> str:
        awaiting = sum(1 for c in self.model.rows if c.status in AWAITING_CHANGE_STATUSES)
        flagged = sum(1 for c in self.model.rows if c.conflicts)
        text = f"{super().counts_text()} · {awaiting} awaiting decision"
        return f"{text} · {flagged} with conflicts" if flagged else text

    def open_details(self, dialog: Any = None) -> None:
        """The change dialog: the request, and a "Change control" page with the conflicts."""
        row = self.current_row()
        if row is None or self.project_id is None:
            return
        if dialog is None:
            found = load_choices(
                self.context.workspace,
                self.project_id,
                {
                    **{f"link:{link.title}": link.kind.options for link in self.links},
                    **self.refs,
                },
            )
            links: dict[str, tuple[Sequence[tuple[int, str]], set[int]]] = {
                link.title: (found[f"link:{link.title}"], set(link.current(row)))
                for link in self.links
            }
            dialog = ChangeDialog(
                f"{row.code} — {CHANGE.singular}",
                self.dialog_values(row),
                links,
                {name: found[name] for name in self.refs},
                row.conflicts,
                self,
            )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.apply_dialog(row.id, dialog.changes(), dialog.link_changes())

    def _show_preview(self, row: Any) -> None:
        """The long texts, then the change's conflicts in red."""
        super()._show_preview(row)
        if self.preview is None or row is None:
            return
        colors = theme.current()
        window = ""
        if row.window_start is not None and row.window_finish is not None:
            window = (
                f"<p style='margin:2px 0'><b>Window:</b> {row.window_start:%Y-%m-%d %H:%M} – "
                f"{row.window_finish:%Y-%m-%d %H:%M}"
                + (f" · <b>Services:</b> {html.escape(row.services)}" if row.services else "")
                + "</p>"
            )
        if row.conflicts:
            items = "".join(f"<li>{html.escape(c)}</li>" for c in row.conflicts)
            conflicts = (
                f"<p style='margin:4px 0 0 0; color:{colors.bad.name()}'><b>"
                f"{len(row.conflicts)} conflict{'s' if len(row.conflicts) != 1 else ''}:"
                f"</b></p><ul style='margin:0; color:{colors.bad.name()}'>{items}</ul>"
            )
        else:
            conflicts = ""
        if window or conflicts:
            self.preview.append(window + conflicts)

    def context_actions(self) -> list[tuple[str, Callable[[], None]]]:
        return [*super().context_actions(), ("Approve…", self.approve), ("Reject", self.reject)]

    def approve(self, dialog: ApproveDialog | None = None) -> None:
        row = self.current_row()
        if row is None or self.project_id is None:
            return
        current = next(
            (b.name for b in load_baselines(self.context.workspace, self.project_id) if b.current),
            "",
        )
        dialog = dialog or ApproveDialog(row.code, row.approver, self, current)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        command = ApproveChange(
            self.project_id,
            row.id,
            dialog.approver.text(),
            baseline_name=dialog.baseline_name.text() if dialog.save_baseline.isChecked() else None,
            log_decision=dialog.log_decision.isChecked(),
        )
        if self.run(command) is None:
            saved = (
                f"; the plan is saved as baseline '{command.baseline_name}' and compared with it"
                + (f" ('{current}' is kept)" if current else "")
                if command.baseline_id
                else ""
            )
            self.message(f"{row.code} approved{saved}")

    def reject(self) -> None:
        row = self.current_row()
        if row is None or self.project_id is None:
            return
        self.run(
            EditRecord(
                CHANGE.key,
                self.project_id,
                row.id,
                {"status": "rejected", "decision_date": date.today()},
            )
        )


def _risk_ids(row: Any) -> tuple[int, ...]:
    return row.risk_ids


def _issue_ids(row: Any) -> tuple[int, ...]:
    return row.issue_ids
