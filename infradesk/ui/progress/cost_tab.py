"""The Cost tab: the project's earned-value figures as of the status date and the S-curve.

A tab of its own rather than a section of the Vendors tab's budget page: earned value is
about the plan's work (each task's cost, progress and baseline) and moves with every progress
update in the Gantt, while the budget page is about vendors' contracts and orders; the S-curve
also needs the room. The tab shows plain figures (:class:`CostData`); ``loader`` gets them
from the earned-value service for the current project.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from infradesk.services.changes import Changes
from infradesk.ui import theme
from infradesk.ui.context import AppContext
from infradesk.ui.progress.scurve import CurvePoint, SCurveChart

# key, title, what it means (the tooltip)
FIGURES: tuple[tuple[str, str, str], ...] = (
    ("bac", "BAC", "Budget at completion: the baseline cost of all the work"),
    ("pv", "PV", "Planned value: the baseline cost of the work planned by the status date"),
    ("ev", "EV", "Earned value: the baseline cost of the work done (cost × % complete)"),
    ("ac", "AC", "Actual cost of the work done"),
    ("sv", "SV", "Schedule variance: EV − PV (negative: behind plan)"),
    ("cv", "CV", "Cost variance: EV − AC (negative: over budget)"),
    ("spi", "SPI", "Schedule performance index: EV / PV"),
    ("cpi", "CPI", "Cost performance index: EV / AC"),
    ("eac", "EAC", "Estimate at completion: BAC / CPI"),
    ("etc", "ETC", "Estimate to complete: EAC − AC"),
    ("vac", "VAC", "Variance at completion: BAC − EAC"),
    ("tcpi", "TCPI", "To-complete performance index: (BAC − EV) / (BAC − AC)"),
    ("es", "ES", "Earned schedule: the time by which the baseline planned today's EV"),
    ("spi_t", "SPI(t)", "Schedule performance index in time: ES / actual time"),
    ("forecast", "Forecast finish", "The finish forecast by earned schedule"),
)


@dataclass(frozen=True)
class CostData:
    """What the tab shows: each figure as text by key, the S-curve and a note."""

    figures: dict[str, str] = field(default_factory=dict)
    curve: list[CurvePoint] = field(default_factory=list)
    status_date: datetime | None = None
    currency: str = ""
    note: str = ""  # why figures are missing (no baseline, no costs), or ""
    budget: str = ""  # budget, contracted, committed (services.vendors.money's rules)
    budget_warning: str = ""  # contracts or orders over the budget, or ""


class CostTab(QWidget):
    def __init__(
        self,
        context: AppContext,
        loader: Callable[[AppContext, int], CostData],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.loader = loader
        self.data = CostData()
        self.values: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        columns = 5
        for index, (key, title, tip) in enumerate(FIGURES):
            box = QFrame()
            box.setFrameShape(QFrame.Shape.StyledPanel)
            box.setToolTip(tip)
            inner = QVBoxLayout(box)
            inner.setContentsMargins(8, 4, 8, 4)
            name = QLabel(title)
            theme.text_color(name, lambda t: t.muted)
            value = QLabel("—")
            value.setObjectName(f"evm_{key}")
            value.setStyleSheet("font-size: 15px; font-weight: 600;")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            inner.addWidget(name)
            inner.addWidget(value)
            self.values[key] = value
            grid.addWidget(box, index // columns, index % columns)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-weight: 600;")
        self.note = QLabel()
        self.note.setWordWrap(True)
        theme.text_color(self.note, lambda t: t.warn)
        self.chart = SCurveChart()
        self.budget = QLabel()
        self.budget.setObjectName("costBudget")
        self.budget.setWordWrap(True)
        self.budget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.budget_warning = QLabel()
        self.budget_warning.setObjectName("costBudgetWarning")
        self.budget_warning.setStyleSheet("font-weight: 600;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.budget)
        layout.addWidget(self.budget_warning)
        layout.addLayout(grid)
        layout.addWidget(self.note)
        layout.addWidget(self.chart, 1)
        self._stale = True
        context.projectChanged.connect(lambda _id: self.mark_stale())
        context.changed.connect(self._on_changed)

    def _on_changed(self, changes: Changes) -> None:
        # "risks": an approved change request's cost impact is part of the budget
        if changes.touches("tasks", "projects", "baselines", "vendors", "risks"):
            self.mark_stale()

    def mark_stale(self) -> None:
        """Reload now when shown, else when next shown (the figures cost a query)."""
        self._stale = True
        if self.isVisible():
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def reload(self) -> None:
        self._stale = False
        project_id = self.context.project_id
        self.show_data(CostData() if project_id is None else self.loader(self.context, project_id))

    def show_data(self, data: CostData) -> None:
        self.data = data
        for key, label in self.values.items():
            label.setText(data.figures.get(key, "—"))
        status = f" as of {data.status_date:%a %d %b %Y %H:%M}" if data.status_date else ""
        self.heading.setText(f"Earned value{status}")
        self.note.setText(data.note)
        self.note.setVisible(bool(data.note))
        self.budget.setText(data.budget)
        self.budget.setVisible(bool(data.budget))
        self.budget_warning.setText(data.budget_warning)
        self.budget_warning.setVisible(bool(data.budget_warning))
        self.chart.set_curve(data.curve, data.status_date, data.currency)
