"""The Portfolio tab: every project of the workspace on one screen (issue 20).

A row per project with its overall RAG and trend, SPI(t), CPI, next milestone and slip, money,
open critical/high risks, overdue actions and freeze windows ahead (``services.governance.
portfolio``). Sort by any column, filter by text (Ctrl+F) or rating; double-click or Enter
opens the project in the Gantt (``projectActivated``). The rows are read when the tab is
shown and again after a change while it is in view (a hidden tab only notes that it is
stale), so fifty projects cost nothing until someone looks.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from infradesk.errors import UserError
from infradesk.progress import Progress
from infradesk.report.portfolio_data import totals_of
from infradesk.ui.context import AppContext
from infradesk.ui.operations import Operation
from infradesk.ui.portfolio.model import COLUMNS, ID_ROLE, PortfolioModel, PortfolioProxy

RATING_FILTERS: tuple[tuple[str, frozenset[str]], ...] = (
    ("All ratings", frozenset()),
    ("Red", frozenset({"red"})),
    ("Amber", frozenset({"amber"})),
    ("Green", frozenset({"green"})),
    ("Red or amber", frozenset({"red", "amber"})),
    ("Not rated", frozenset({"none"})),
)


def default_report_name(today: date) -> str:
    return f"Portfolio report {today.isoformat()}.pdf"


class PortfolioTable(QTableView):
    """Enter opens the current row's project, as a double-click does."""

    activatedRow = Signal(QModelIndex)

    def keyPressEvent(self, event: object) -> None:
        key = getattr(event, "key", lambda: None)()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activatedRow.emit(self.currentIndex())
            return
        super().keyPressEvent(event)  # type: ignore[arg-type]  # a QKeyEvent from Qt


class PortfolioTab(QWidget):
    projectActivated = Signal(int)  # the project to open
    reportWritten = Signal(object)  # the Path of a portfolio PDF just written

    def __init__(
        self, context: AppContext, parent: QWidget | None = None, today: date | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.today = today  # None: the real today (a test or the bench fixes it)
        self.stale = True
        self.error = ""
        self.report_operation: Operation[Path] | None = None
        self.model = PortfolioModel()
        self.proxy = PortfolioProxy()
        self.proxy.setSourceModel(self.model)
        self.table = PortfolioTable()
        self.table.setObjectName("portfolioTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for number, column in enumerate(COLUMNS):
            self.table.setColumnWidth(number, column.width)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(self._open)
        self.table.activatedRow.connect(self._open)

        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("portfolioFilter")
        self.filter_edit.setPlaceholderText("Filter projects, managers, milestones… (Ctrl+F)")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._filter_changed)
        self.rating_filter = QComboBox()
        self.rating_filter.setObjectName("portfolioRating")
        for title, _ in RATING_FILTERS:
            self.rating_filter.addItem(title)
        self.rating_filter.currentIndexChanged.connect(self._rating_changed)
        # its drop-down list is an item view too: never editable (the read-only workspace)
        self.rating_filter.view().setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.setToolTip("Read every project again (F5)")
        self.refresh_button.clicked.connect(self.refresh)
        self.report_button = QPushButton("Portfolio report…")
        self.report_button.setObjectName("portfolioReport")
        self.report_button.setToolTip(
            "A PDF: a one-page overview, then each project's executive page"
        )
        self.report_button.clicked.connect(self.choose_report)
        self.summary = QLabel()
        self.summary.setObjectName("portfolioSummary")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        bar = QHBoxLayout()
        bar.addWidget(QLabel("Filter:"))
        bar.addWidget(self.filter_edit, 1)
        bar.addWidget(self.rating_filter)
        bar.addWidget(self.refresh_button)
        bar.addWidget(self.report_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        # the tab's own keys: only while focus is inside it (the Gantt has its own Ctrl+F)
        for key, slot in (
            (QKeySequence.StandardKey.Find, self._focus_filter),
            (QKeySequence.StandardKey.Refresh, self.refresh),
        ):
            shortcut = QShortcut(key, self, slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

        context.dataChanged.connect(self._on_data_changed)
        context.workspaceChanged.connect(self._mark_stale)

    # ----------------------------------------------------------------- the rows

    @property
    def current_table(self) -> QTableView:
        return self.table

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.stale:
            self.refresh()

    def _mark_stale(self) -> None:
        self.stale = True
        if self.isVisible():
            self.refresh()

    def _on_data_changed(self, _affects: frozenset[str], _project_id: int | None) -> None:
        # any edit can move a rating (a task, a risk, an order, an action): read again
        self._mark_stale()

    def refresh(self) -> None:
        """Read every project's row (one read transaction) and show them."""
        # lazy: start-up cost (the status rules and earned value load with the first look)
        from infradesk.services.governance.portfolio import portfolio_rows

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            rows = portfolio_rows(self.context.workspace, today=self.today)
            self.error = ""
        except UserError as error:
            rows, self.error = [], str(error)
        finally:
            QApplication.restoreOverrideCursor()
        self.stale = False
        self.model.set_rows(rows)
        self._update_summary()

    def _update_summary(self) -> None:
        if self.error:
            self.summary.setText(f"The portfolio could not be read: {self.error}")
            return
        totals = totals_of(self.model.rows)
        shown = self.proxy.rowCount()
        text = totals.text
        if shown != totals.projects:
            text = f"Showing {shown} of {totals.projects} · " + text
        self.summary.setText(text)

    def _filter_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        self._update_summary()

    def _rating_changed(self, index: int) -> None:
        self.proxy.set_ratings(RATING_FILTERS[max(index, 0)][1])
        self._update_summary()

    def _focus_filter(self) -> None:
        self.filter_edit.setFocus()
        self.filter_edit.selectAll()

    def _open(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        project_id = index.siblingAtColumn(0).data(ID_ROLE)
        if project_id is not None:
            self.projectActivated.emit(int(project_id))

    def project_ids(self) -> list[int]:
        """The projects in the order shown (sorted and filtered)."""
        return [int(self.proxy.index(row, 0).data(ID_ROLE)) for row in range(self.proxy.rowCount())]

    # ----------------------------------------------------------------- the PDF

    def choose_report(self) -> None:
        today = self.today or date.today()
        path, _ = QFileDialog.getSaveFileName(
            self, "Save portfolio report as", default_report_name(today), "PDF (*.pdf)"
        )
        if path:
            self.export_report(Path(path if path.lower().endswith(".pdf") else path + ".pdf"))

    def export_report(self, target: Path) -> Operation[Path]:
        """Write the portfolio PDF to ``target`` off the GUI thread."""
        # lazy: start-up cost (reportlab and the report's sections load with the first PDF)
        from infradesk.services.governance.portfolio_report import write_portfolio_report

        workspace, today = self.context.workspace, self.today

        def write(progress: Progress) -> Path:
            progress.step("Writing the portfolio report…")
            return write_portfolio_report(workspace, target, today=today)

        self.report_button.setEnabled(False)
        self.report_operation = Operation(
            self,
            write,
            title="Portfolio report",
            label="Writing the portfolio report…",
            success=self._written,
            failure=self._refused,
            cancelled=lambda: self.report_button.setEnabled(True),
        ).run()
        return self.report_operation

    def _written(self, target: Path) -> None:
        self.report_button.setEnabled(True)
        self.summary.setText(f"Portfolio report saved to {target}")
        self.reportWritten.emit(target)

    def _refused(self, error: UserError) -> None:
        self.report_button.setEnabled(True)
        self.summary.setText(f"The portfolio report was not written: {error}")
