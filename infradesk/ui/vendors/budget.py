"""The project's money: budget lines (editable) and contract value / committed / invoiced /
paid per vendor against them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QSplitter, QVBoxLayout, QWidget

from infradesk.services.vendors.money import SpendReport, budget_warnings, format_totals
from infradesk.ui import theme
from infradesk.ui.vendors.columns import BUDGET_COLUMNS, SPEND_COLUMNS, budget_style
from infradesk.ui.vendors.figures import MoneyFigures
from infradesk.ui.vendors.record_model import RecordTableModel
from infradesk.ui.vendors.section import RecordSection, make_table


class BudgetPanel(QWidget):
    def __init__(
        self, edit: Callable[[str, int, str, Any], str | None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.figures = MoneyFigures(
            [
                ("budget", "Budget"),
                ("contract_value", "Contract value"),
                ("committed", "Committed"),
                ("invoiced", "Invoiced"),
                ("paid", "Paid"),
                ("remaining_budget", "Budget left"),
            ],
            columns=3,
        )
        self.lines = RecordSection(
            "budget",
            BUDGET_COLUMNS,
            lambda record_id, field, value: edit("budget", record_id, field, value),
            budget_style,
            noun="budget line",
            hint="Orders are charged to the budget line chosen on each purchase order",
        )
        self.spend_model = RecordTableModel(SPEND_COLUMNS)
        self.spend_table, self.spend_proxy = make_table(self.spend_model, "spend")
        self.spend_table.setObjectName("spendTable")
        self.unbudgeted = QLabel()
        self.unbudgeted.setObjectName("unbudgeted")
        theme.text_color(self.unbudgeted, lambda t: t.warn)
        spend = QWidget()
        spend_layout = QVBoxLayout(spend)
        spend_layout.setContentsMargins(6, 6, 6, 6)
        title = QLabel("Spend by vendor")
        title.setStyleSheet("font-weight: 600;")
        spend_layout.addWidget(title)
        spend_layout.addWidget(self.spend_table, 1)
        spend_layout.addWidget(self.unbudgeted)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.lines)
        splitter.addWidget(spend)
        self.search = QLineEdit()
        self.search.setObjectName("budgetSearch")
        self.search.setPlaceholderText("Filter budget lines and vendors…")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(300)
        self.search.textChanged.connect(self.set_filter)
        heading = QLabel("Budget and spend of the project")
        heading.setStyleSheet("font-size: 17px; font-weight: 600;")
        heading_row = QHBoxLayout()
        heading_row.addWidget(heading, 1)
        heading_row.addWidget(self.search)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(heading_row)
        layout.addWidget(self.figures)
        layout.addWidget(splitter, 1)

    def show_report(self, report: SpendReport, lines: list[dict[str, Any]]) -> None:
        self.figures.set_totals(report.project)
        warnings = budget_warnings(report)
        for name in ("contract_value", "committed"):  # the figure that exceeds the budget
            card = self.figures.cards[name]
            over = [w for w in warnings if w.by_contracts == (name == "contract_value")]
            if over:
                card.value.setStyleSheet(f"color: {theme.current().bad.name()};")
            card.setToolTip("\n".join(f"{w.title}: {w.detail}" for w in over))
        self.lines.set_rows(lines)
        rows: list[dict[str, Any]] = []
        for vendor in report.vendors:
            for totals in vendor.totals or []:
                rows.append(
                    {
                        "id": len(rows) + 1,
                        "name": vendor.name,
                        "currency": totals.currency,
                        "contract_value": totals.contract_value,
                        "committed": totals.committed,
                        "invoiced": totals.invoiced,
                        "paid": totals.paid,
                    }
                )
        self.spend_model.set_rows(rows)
        text = format_totals(report.unbudgeted_committed, "committed")
        self.unbudgeted.setText(f"Committed without a budget line: {text}" if text else "")

    def set_filter(self, text: str) -> None:
        self.lines.set_filter(text)
        self.spend_proxy.set_text(text)
