"""The risk register view: the table, the heat map with exposure beside it, and a detail pane
(summary, response actions, history) below."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from functools import partial
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from infradesk.services.commands import Command, CompositeCommand
from infradesk.services.plan.project_view import project_currency
from infradesk.services.risks import queries as risk_service
from infradesk.services.risks import scoring as rs
from infradesk.services.risks.actions import EditRiskSettings, RiskOccurred
from infradesk.services.risks.commands import CreateRecord, DeleteRecords, EditRecord
from infradesk.services.risks.fields import ACTION, RISK, RaidEditError
from infradesk.services.risks.view import RISK_TASKS, risk_detail, scoring_settings
from infradesk.ui import theme
from infradesk.ui.context import AppContext
from infradesk.ui.keep_edit import KeepEditTableView
from infradesk.ui.risks.colors import BAND_FILL
from infradesk.ui.risks.columns import ACTION_COLUMNS, RISK_COLUMNS
from infradesk.ui.risks.editors import FieldDelegate
from infradesk.ui.risks.filter_proxy import NOT_SCORED_CELL
from infradesk.ui.risks.heat_map import HeatMapWidget
from infradesk.ui.risks.log_view import LinkSpec, RaidLogView
from infradesk.ui.risks.raid_model import ID_ROLE, RaidTableModel
from infradesk.ui.risks.settings_dialog import ScoringDialog
from infradesk.ui.row_actions import RowActions


def _swatch_style(band: str, colors: theme.Theme) -> str:
    return f"background: {colors.band_fill[band].name()}; border: 1px solid {colors.axis.name()};"


class RiskRegisterView(RaidLogView):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        self.since = date.today() - timedelta(weeks=4)
        self.settings = rs.DEFAULT_SETTINGS
        super().__init__(
            context,
            RISK,
            RISK_COLUMNS,
            lambda s, p: risk_service.load_risks(s, p, since=self.since),
            links=[LinkSpec("Linked tasks", RISK_TASKS, lambda r: r.task_ids)],
            preview=False,
            parent=parent,
        )
        self.open_only.setChecked(True)
        self.occurred_button = QPushButton("Occurred → issue")
        self.occurred_button.setObjectName("occurredButton")
        self.occurred_button.setToolTip("Mark the risk as occurred and open a linked issue")
        self.occurred_button.clicked.connect(self.mark_occurred)
        self.add_tool(self.occurred_button)
        self.category_filter = QComboBox()
        self.category_filter.setObjectName("categoryFilter")
        self.category_filter.setToolTip("Show one category only")
        self.category_filter.currentIndexChanged.connect(self._category_changed)
        self.add_tool(QLabel("  Category"))
        self.add_tool(self.category_filter)
        self.add_tool(QLabel("  Trend since"))
        self.since_edit = QDateEdit(QDate(self.since.year, self.since.month, self.since.day))
        self.since_edit.setCalendarPopup(True)
        self.since_edit.setDisplayFormat("yyyy-MM-dd")
        self.since_edit.dateChanged.connect(self._since_changed)
        self.add_tool(self.since_edit)
        self.scoring_button = QPushButton("Scoring…")
        self.scoring_button.setToolTip("Band limits, probability percentages and categories")
        self.scoring_button.clicked.connect(lambda: self.edit_scoring())
        self.add_tool(self.scoring_button)

        # right: heat map, toggle, exposure
        self.heat_map = HeatMapWidget()
        self.heat_map.cellClicked.connect(self._cell_clicked)
        self.inherent_button = QRadioButton("Inherent")
        self.residual_button = QRadioButton("Residual")
        self.inherent_button.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.inherent_button)
        group.addButton(self.residual_button)
        self.residual_button.toggled.connect(lambda _on: self._mode_changed())
        self.not_scored_button = QPushButton()  # the open risks kept off the grid
        self.not_scored_button.setObjectName("notScoredButton")
        self.not_scored_button.setFlat(True)
        self.not_scored_button.setCheckable(True)
        self.not_scored_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.not_scored_button.clicked.connect(self._not_scored_clicked)
        self.filter_label = QLabel()
        self.filter_label.setObjectName("heatFilterLabel")
        self.filter_label.setWordWrap(True)
        self.exposure_label = QLabel()
        self.exposure_label.setObjectName("exposureLabel")
        self.exposure_label.setTextFormat(Qt.TextFormat.RichText)
        self.exposure_label.setWordWrap(True)
        side = QFrame()
        side.setObjectName("riskSidePanel")
        side.setFrameShape(QFrame.Shape.StyledPanel)
        side_layout = QVBoxLayout(side)
        title = QLabel("<b>Heat map</b> — open risks")
        toggle = QHBoxLayout()
        toggle.addWidget(self.inherent_button)
        toggle.addWidget(self.residual_button)
        toggle.addStretch(1)
        side_layout.addWidget(title)
        side_layout.addLayout(toggle)
        side_layout.addWidget(self.heat_map)
        side_layout.addWidget(self.not_scored_button, 0, Qt.AlignmentFlag.AlignLeft)
        side_layout.addWidget(self._legend())
        side_layout.addWidget(self.filter_label)
        side_layout.addWidget(self.exposure_label)
        side_layout.addStretch(1)
        side.setMinimumWidth(290)
        side.setMaximumWidth(360)

        # bottom: detail pane
        self.summary = QTextBrowser()
        self.summary.setObjectName("riskSummary")
        self.summary.setOpenLinks(False)
        self.actions_model = RaidTableModel(ACTION_COLUMNS, self.edit_action)
        self.actions_table = KeepEditTableView()
        self.actions_model.editRefused.connect(self.actions_table.refuse_edit)
        self.actions_table.setObjectName("actionsTable")
        self.actions_table.setModel(self.actions_model)
        self.actions_table.setItemDelegate(FieldDelegate(self))
        self.actions_table.verticalHeader().setVisible(False)
        self.actions_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.actions_table.horizontalHeader().setStretchLastSection(True)
        self.actions_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.Interactive
        )
        for number, column in enumerate(ACTION_COLUMNS):
            self.actions_table.setColumnWidth(number, column.width)
        self.action_rows = RowActions(
            self.actions_table,
            "action",
            self.add_action,
            self.selected_action_ids,
            self.remove_actions,
            insert_text="&Add action",
        )
        add_action = QPushButton("Add action")
        add_action.setToolTip("Add a response action to the selected risk (Insert)")
        add_action.clicked.connect(self.add_action)
        remove_action = QPushButton("Remove action")
        remove_action.setToolTip("Remove the selected actions (Delete)")
        remove_action.clicked.connect(self.action_rows.ask_delete)
        self.actions_table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        actions_page = QWidget()
        actions_layout = QVBoxLayout(actions_page)
        actions_layout.setContentsMargins(2, 2, 2, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(add_action)
        buttons.addWidget(remove_action)
        buttons.addStretch(1)
        actions_layout.addLayout(buttons)
        actions_layout.addWidget(self.actions_table)
        self.history = QTextBrowser()
        self.history.setObjectName("riskHistory")
        self.detail_tabs = QTabWidget()
        self.detail_tabs.setObjectName("riskDetailTabs")
        self.detail_tabs.addTab(self.summary, "Summary")
        self.detail_tabs.addTab(actions_page, "Response actions")
        self.detail_tabs.addTab(self.history, "History")

        self.body.removeWidget(self.table)
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.table)
        left.addWidget(self.detail_tabs)
        left.setStretchFactor(0, 3)
        left.setStretchFactor(1, 1)
        left.setSizes([520, 210])
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(side)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 0)
        self.body.addWidget(split, 1)
        self.selectionChangedTo.connect(self._show_detail)

    # --------------------------------------------------------------------------- side panel
    def _legend(self) -> QWidget:
        legend = QWidget()
        grid = QGridLayout(legend)
        grid.setContentsMargins(0, 0, 0, 0)
        self.legend_labels: dict[str, QLabel] = {}
        for n, band in enumerate(rs.BAND_NAMES):
            swatch = QLabel()
            swatch.setFixedSize(12, 12)
            theme.restyle(swatch, partial(_swatch_style, band))
            label = QLabel(band)
            self.legend_labels[band] = label
            grid.addWidget(swatch, n // 2, 2 * (n % 2))
            grid.addWidget(label, n // 2, 2 * (n % 2) + 1)
        return legend

    def _limits(self) -> dict[str, str]:
        s = self.settings
        return {
            "low": f"low ≤{s.low_max}",
            "medium": f"medium ≤{s.medium_max}",
            "high": f"high ≤{s.high_max}",
            "critical": f"critical >{s.high_max}",
        }

    def reload(self) -> None:
        if self.project_id is not None:
            self.settings = scoring_settings(self.context.workspace, self.project_id)
        self.delegate.choices_for["category"] = self.settings.categories
        super().reload()
        self._fill_categories()
        self._refresh_side()

    def _refresh_side(self) -> None:
        rows = self.model.rows
        residual = self.residual_button.isChecked()
        heat = risk_service.heat_map_from_rows(rows, residual)
        self.heat_map.set_data(heat, self.settings)
        cell = self.proxy.cell
        self.heat_map.set_selected(None if cell == NOT_SCORED_CELL else cell)
        self._show_not_scored(heat.unassessed, residual)
        for band, text in self._limits().items():
            self.legend_labels[band].setText(text)
        exposure = risk_service.exposure(rows)
        currency = self._currency()
        self.exposure_label.setText(
            "<table cellspacing='2'>"
            f"<tr><td>Threat exposure (EMV)</td><td align='right'><b>{currency} "
            f"{exposure.threat_emv:,.0f}</b></td></tr>"
            f"<tr><td>Opportunity value (EMV)</td><td align='right'>{currency} "
            f"{exposure.opportunity_emv:,.0f}</td></tr>"
            f"<tr><td>Schedule exposure</td><td align='right'><b>{exposure.schedule_days:.1f}"
            f" d</b></td></tr>"
            f"<tr><td>Worst case</td><td align='right'>{exposure.worst_case_days} d</td></tr>"
            "</table>"
        )
        self.exposure_label.setToolTip(
            "EMV = probability (10/30/50/70/90 %) × cost impact, summed over open threats: the "
            "contingency reserve to ask for. Schedule exposure weights each threat's working "
            "days by its probability."
        )
        if cell == NOT_SCORED_CELL:
            text = "Filtered to the risks off the grid — click the count again to clear."
        elif cell:
            text = f"Filtered to P {cell[0]} × I {cell[1]} — click the cell again to clear."
        else:
            text = "Click a cell to filter the table."
        self.filter_label.setText(text)

    def _show_not_scored(self, count: int, residual: bool) -> None:
        """The open risks the grid cannot place, counted beside it: not scored yet (inherent)
        or without a residual rating; a click shows only them."""
        button = self.not_scored_button
        label = "No residual rating" if residual else rs.NOT_SCORED
        button.setText(f"{label}: {count}")
        button.setVisible(count > 0)
        button.setChecked(self.proxy.cell == NOT_SCORED_CELL)
        button.setToolTip(
            f"{count} open risk(s) without a residual probability and impact are not on the "
            "residual map. Click to show only them."
            if residual
            else f"{count} open risk(s) have no probability or impact yet, so they are not on "
            "the map and count in no band. Click to show only them, then rate them."
        )

    def _not_scored_clicked(self) -> None:
        cell = None if self.proxy.cell == NOT_SCORED_CELL else NOT_SCORED_CELL
        self._cell_clicked(cell)

    def _currency(self) -> str:
        if self.project_id is None:
            return ""
        return project_currency(self.context.workspace, self.project_id)

    def _fill_categories(self) -> None:
        current = self.category_filter.currentData() or ""
        found = sorted({r.category for r in self.model.rows} | set(self.settings.categories))
        self.category_filter.blockSignals(True)
        self.category_filter.clear()
        self.category_filter.addItem("All", "")
        for category in found:
            self.category_filter.addItem(category, category)
        self.category_filter.setCurrentIndex(max(self.category_filter.findData(current), 0))
        self.category_filter.blockSignals(False)

    def _category_changed(self) -> None:
        self.proxy.set_category(self.category_filter.currentData() or "")
        self._update_counts()

    def _cell_clicked(self, cell: Any) -> None:
        self.proxy.set_cell(cell, self.residual_button.isChecked())
        self._refresh_side()
        self._update_counts()

    def _mode_changed(self) -> None:
        self.proxy.set_cell(None)
        self._refresh_side()
        self._update_counts()

    def _since_changed(self, value: QDate) -> None:
        self.since = date(value.year(), value.month(), value.day())
        self.reload()

    def counts_text(self) -> str:
        rows = [r for r in self.model.rows if r.is_open]
        bands = {b: sum(1 for r in rows if r.band == b) for b in ("critical", "high")}
        text = super().counts_text()
        overdue = sum(1 for r in rows if r.review_overdue or r.overdue_actions)
        extra = f" · {bands['critical']} critical, {bands['high']} high"
        not_scored = sum(1 for r in rows if not r.scored)
        if not_scored:
            extra += f", {not_scored} not scored"
        if overdue:
            extra += f" · {overdue} with overdue reviews or actions"
        return text + extra

    # --------------------------------------------------------------------------- edits
    def make_edit(self, record_id: int, changes: dict[str, Any]) -> Command:
        assert self.project_id is not None
        if changes.get("status") == "occurred":  # occurring opens the linked issue
            occurred = RiskOccurred(self.project_id, record_id)
            rest = {k: v for k, v in changes.items() if k != "status"}
            if not rest:
                return occurred
            edit = EditRecord(RISK.key, self.project_id, record_id, rest)
            return CompositeCommand("Edit risk; occurred → issue", [edit, occurred])
        return EditRecord(RISK.key, self.project_id, record_id, changes)

    def dialog_choices(self) -> dict[str, Sequence[str]]:
        row = self.current_row()
        kind = row.kind if row is not None else "threat"
        return {"response": rs.responses_for(kind), "category": self.settings.categories}

    def edit_scoring(self, dialog: ScoringDialog | None = None) -> None:
        if self.project_id is None:
            return
        dialog = dialog or ScoringDialog(self.settings, self)
        if dialog.exec() != ScoringDialog.DialogCode.Accepted:
            return
        settings = dialog.settings()
        if settings != self.settings:
            self.run(EditRiskSettings(self.project_id, settings))

    def context_actions(self) -> list[tuple[str, Callable[[], None]]]:
        return [*super().context_actions(), ("Occurred → issue", self.mark_occurred)]

    def mark_occurred(self) -> None:
        row = self.current_row()
        if row is None or self.project_id is None:
            return
        command = RiskOccurred(self.project_id, row.id)
        if self.run(command) is None:
            self.message(f"{row.code} occurred: issue {command.issue_code} opened and linked")

    # --------------------------------------------------------------------------- detail pane
    def _show_detail(self, row: Any) -> None:
        actions: list[Any] = []
        entries: list[risk_service.HistoryEntry] = []
        if row is not None:
            actions, entries = risk_detail(self.context.workspace, row.id)
        self.actions_model.set_rows(actions)
        self.summary.setHtml(self._summary_html(row) if row is not None else "")
        self.history.setHtml(self._history_html(row, entries) if row is not None else "")
        count = sum(1 for a in actions if not a.done)
        label = f"Response actions ({count} open)" if actions else "Response actions"
        self.detail_tabs.setTabText(1, label)

    def _summary_html(self, row: Any) -> str:
        def block(label: str, text: str) -> str:
            if not text:
                return ""
            body = html.escape(text).replace("\n", "<br>")
            return f"<p style='margin:2px 0'><b>{label}:</b> {body}</p>"

        fill = BAND_FILL.get(row.band)
        badge = (
            f"<span style='background:{fill.name()}; color:{theme.current().heat_text.name()};"
            f" padding:2px 6px'>&nbsp;{row.score} "
            f"{row.band}&nbsp;</span>"
            if fill
            else ""
        )
        if not row.scored:
            badge = f"<b>{rs.NOT_SCORED}</b> (no probability or impact yet)"
        parts = [
            f"<p style='margin:2px 0'><b>{html.escape(row.code)} {html.escape(row.title)}</b> "
            f"&nbsp;{badge} &nbsp;<i>{html.escape(row.kind)}, {html.escape(row.status)}, "
            f"response: {html.escape(row.response)}</i></p>",
            block("Cause", row.cause),
            block("Event", row.event),
            block("Effect", row.effect),
            block("Response plan", row.mitigation),
            block("Contingency", row.contingency),
            block("Trigger", row.trigger),
            block("Notes", row.description),
            block("Linked tasks", "; ".join(row.task_names)),
            block("Issues", ", ".join(row.issue_codes)),
        ]
        return "".join(parts)

    def _history_html(self, row: Any, entries: list[risk_service.HistoryEntry]) -> str:
        lines = [
            "<table cellspacing='0' cellpadding='3'><tr><th align='left'>Date</th>"
            "<th>P×I</th><th>Score</th><th>Residual</th><th align='left'>Status</th>"
            "<th align='left'>Change</th></tr>"
        ]
        previous: int | None = None
        for entry in entries:
            arrow = ""
            if previous is not None:
                arrow = "▲" if entry.score > previous else "▼" if entry.score < previous else ""
            previous = entry.score
            residual = (
                f"{entry.residual_probability}×{entry.residual_impact}"
                if entry.residual_probability and entry.residual_impact
                else "–"
            )
            scored = rs.is_scored(entry.probability, entry.impact)
            lines.append(
                f"<tr><td>{entry.changed_on.isoformat()}</td>"
                f"<td align='center'>"
                f"{f'{entry.probability}×{entry.impact}' if scored else '–'}</td>"
                f"<td align='center'>{entry.score if scored else 'not scored'} {arrow}</td>"
                f"<td align='center'>{residual}</td><td>{html.escape(entry.status)}</td>"
                f"<td>{html.escape(entry.note)}</td></tr>"
            )
        lines.append("</table>")
        return "".join(lines)

    # --------------------------------------------------------------------------- actions
    def edit_action(self, action_id: int, field: str, value: Any) -> str | None:
        if self.project_id is None:
            return "No project is open."
        return self.run(EditRecord(ACTION.key, self.project_id, action_id, {field: value}))

    def add_action(self) -> None:
        row = self.current_row()
        if row is None or self.project_id is None:
            self.show_error("Select a risk first.")
            return
        self.run(
            CreateRecord(
                ACTION.key,
                self.project_id,
                {"description": "New action", "owner": row.owner},
                parent_id=row.id,
            )
        )

    def selected_action_ids(self) -> list[int]:
        rows = self.actions_table.selectionModel().selectedRows()
        return sorted({index.data(ID_ROLE) for index in rows})

    def remove_action(self) -> None:
        """Remove the selected actions without asking (Delete and the button ask first)."""
        self.remove_actions(self.selected_action_ids())

    def remove_actions(self, ids: list[int]) -> None:
        if ids and self.project_id is not None:
            self.run(DeleteRecords(ACTION.key, self.project_id, set(ids)))


__all__ = ["RaidEditError", "RiskRegisterView"]
