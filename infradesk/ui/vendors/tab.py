"""The Vendors tab: attention panel on top, vendors on the left, the selected vendor's
contracts, orders and deliveries (and the project's budget) on the right.

Every edit goes through a service command on the undo stack. The tab reloads itself when
"vendors" or "tasks" change (deliveries show their task's start), deferred to the event loop so
a table is never reset in the middle of committing an edit.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from infradesk.errors import UserError
from infradesk.services.commands import Command
from infradesk.services.vendors.commands import (
    AddVendorRecord,
    DeleteVendorRecords,
    EditVendorField,
)
from infradesk.services.vendors.fields import ENTITIES, VENDOR_CATEGORIES
from infradesk.services.vendors.queries import AttentionItem
from infradesk.services.vendors.view import overview_view, vendor_detail_view
from infradesk.ui import theme
from infradesk.ui.context import AppContext
from infradesk.ui.table_keys import current_column
from infradesk.ui.vendors.attention import AttentionPanel
from infradesk.ui.vendors.budget import BudgetPanel
from infradesk.ui.vendors.columns import VENDOR_COLUMNS, vendor_style
from infradesk.ui.vendors.detail import VendorDetailPane
from infradesk.ui.vendors.figures import MoneyFigures
from infradesk.ui.vendors.record_model import ID_ROLE
from infradesk.ui.vendors.section import RecordSection

# "risks": an approved change request's cost impact is part of the budget
RELOAD_ON = frozenset({"vendors", "tasks", "projects", "risks"})
ALL_CATEGORIES = "All categories"


class VendorsTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("vendorsTab")
        self.context = context
        self.today: date | None = None  # tests pin the date; None = today
        self._reload_pending = False
        self._stale = False
        self._status_message = ""  # what this tab last put in the window's status bar
        self._counts: tuple[int, int] = (0, 0)  # vendors, attention items of the project

        self.attention = AttentionPanel()
        self.attention.itemActivated.connect(self.open_attention_item)

        # -- left: the vendor list with search and a category filter
        self.search = QLineEdit()
        self.search.setObjectName("vendorSearch")
        self.search.setPlaceholderText("Search vendors…")
        self.search.setClearButtonEnabled(True)
        self.category_filter = QComboBox()
        self.category_filter.setObjectName("vendorCategoryFilter")
        self.category_filter.addItems([ALL_CATEGORIES, *VENDOR_CATEGORIES])
        self.vendors = RecordSection(
            "vendor",
            VENDOR_COLUMNS,
            lambda record_id, field, value: self.edit("vendor", record_id, field, value),
            lambda row: vendor_style(row),
            noun="vendor",
        )
        self.vendors.table.setObjectName("vendorList")
        list_header = self.vendors.table.horizontalHeader()
        list_header.setStretchLastSection(False)
        list_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.vendors.hint.setText("")
        self.vendors.connect_actions(
            lambda: self.add("vendor", None), lambda ids: self.delete("vendor", ids)
        )
        self.vendors.table.selectionModel().currentRowChanged.connect(
            lambda *_: self._show_selected()
        )
        self.search.textChanged.connect(self._apply_vendor_filter)
        self.category_filter.currentIndexChanged.connect(self._apply_vendor_filter)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        filters.addWidget(self.category_filter, 1)
        left = QWidget()
        left.setMinimumWidth(360)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.vendors, 1)
        self.project_money = MoneyFigures(
            [
                ("budget", "Project budget"),
                ("committed", "Committed"),
                ("invoiced", "Invoiced"),
                ("paid", "Paid"),
            ],
            columns=2,
        )
        self.project_money.setObjectName("projectMoney")
        left_layout.addWidget(self.project_money)

        # -- right: the vendor's details and the project's budget
        self.detail = VendorDetailPane(self.edit)
        for entity, section in self.detail.sections.items():
            section.connect_actions(*self._section_actions(entity))
        self.budget = BudgetPanel(self.edit)
        self.budget.lines.connect_actions(
            lambda: self.add("budget", None), lambda ids: self.delete("budget", ids)
        )
        self.right_tabs = QTabWidget()
        self.right_tabs.setObjectName("vendorsRightTabs")
        self.right_tabs.addTab(self.detail, "Vendor")
        self.right_tabs.addTab(self.budget, "Project budget and spend")

        self.message = QLabel()
        self.message.setObjectName("vendorMessage")
        self.message.setWordWrap(True)
        theme.restyle(
            self.message,
            lambda t: f"background: {t.alert.name()}; color: {t.alert_text.name()};"
            f" border: 1px solid {t.alert_border.name()}; border-radius: 4px; padding: 4px 8px;",
        )
        self.message.hide()
        dismiss = QPushButton("Dismiss")
        dismiss.setFlat(True)
        dismiss.clicked.connect(self.message.hide)
        self._dismiss = dismiss
        dismiss.hide()

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("vendorsSplitter")
        splitter.addWidget(left)
        splitter.addWidget(self.right_tabs)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([590, 810])
        self.splitter = splitter

        message_row = QHBoxLayout()
        message_row.addWidget(self.message, 1)
        message_row.addWidget(dismiss)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        layout.addWidget(self.attention)
        layout.addLayout(message_row)
        layout.addWidget(splitter, 1)

        context.projectChanged.connect(lambda _id: self._reload_or_defer())
        context.workspaceChanged.connect(self._reload_or_defer)
        context.dataChanged.connect(self._on_data_changed)
        self.reload()

    # ------------------------------------------------------------------ loading
    def _on_data_changed(self, affects: Any, project_id: Any) -> None:
        if project_id not in (None, self.context.project_id):
            return
        if RELOAD_ON & set(affects or ()):
            self.schedule_reload()

    def _reload_or_defer(self) -> None:
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def schedule_reload(self) -> None:
        """Reload soon; while the tab is hidden (another tab is in front), only remember that
        a reload is due, so edits on the Gantt do not pay for the Vendors tab."""
        if not self.isVisible():
            self._stale = True
            return
        if not self._reload_pending:
            self._reload_pending = True
            QTimer.singleShot(0, self._deferred_reload)

    def _deferred_reload(self) -> None:
        if self._reload_pending:
            self.reload()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()
        else:
            self._show_status()

    def hideEvent(self, event: Any) -> None:
        """Take this tab's counts out of the status bar (another tab shows its own)."""
        super().hideEvent(event)
        bar = self._status_bar()
        if (
            bar is not None
            and self._status_message
            and bar.currentMessage() == self._status_message
        ):
            bar.clearMessage()

    def reload(self) -> None:
        self._reload_pending = False
        self._stale = False
        project_id = self.context.project_id
        rows: list[dict[str, Any]] = []
        items: list[AttentionItem] = []
        if project_id is not None:
            overview, choices = overview_view(self.context.workspace, project_id, self.today)
            rows = [self._vendor_row(r) for r in overview.rows]
            items = overview.attention
            self.budget.show_report(overview.spend, overview.budget)
            self.project_money.set_totals(overview.spend.project)
            self.budget.lines.model.ref_choices = choices
        else:
            self.budget.lines.set_rows([])
            self.project_money.set_totals([])
        self.attention.set_items(items)
        self._counts = (len(rows), len(items))
        current = self.detail.vendor_id
        column = current_column(self.vendors.table)  # the cell cursor stays in its column
        self.vendors.model.set_rows(rows)
        if rows:
            target = current if any(r["id"] == current for r in rows) else None
            if target is None:
                target = (
                    int(self.vendors.proxy.index(0, 0).data(ID_ROLE))
                    if (self.vendors.proxy.rowCount())
                    else rows[0]["id"]
                )
            self.select_vendor(target, column)
        self._show_selected()

    @staticmethod
    def _vendor_row(row: Any) -> dict[str, Any]:
        main = row.totals[0] if row.totals else None
        return {
            "id": row.id,
            "name": row.name,
            "category": row.category,
            "rating": row.rating,
            "committed": main.committed if main else None,
            "late": row.late or None,
            "due": row.due or None,
            "account_manager": row.account_manager,
            "attention": row.attention,
            "version": row.version,
        }

    def _show_selected(self) -> None:
        vendor_id = self.selected_vendor_id()
        project_id = self.context.project_id
        if vendor_id is None or project_id is None:
            self.detail.show_detail(None, {})
        else:
            detail, choices = vendor_detail_view(
                self.context.workspace, project_id, vendor_id, self.today
            )
            self.detail.show_detail(detail, choices)
        self._show_status()

    # ------------------------------------------------------------------ status bar
    def status_text(self) -> str:
        """The project's vendor counts and the selected vendor's, for the status bar."""
        if self.context.project_id is None:
            return "No project open"
        vendors, attention = self._counts
        parts = [f"{vendors} vendor{'s' if vendors != 1 else ''}"]
        parts.append(f"{attention} need{'s' if attention == 1 else ''} attention")
        detail = self.detail.detail
        if detail is not None:
            contracts, drafts = (
                len(detail.contracts),
                sum(1 for c in detail.contracts if c.get("draft")),
            )
            late = sum(1 for d in detail.deliverables if d["late"])
            selected = (
                f"{detail.vendor['name']}: {contracts} contract{'s' if contracts != 1 else ''}"
                + (f" ({drafts} draft)" if drafts else "")
                + f", {len(detail.orders)} order{'s' if len(detail.orders) != 1 else ''}"
                + f", {len(detail.deliverables)} "
                + f"deliver{'ies' if len(detail.deliverables) != 1 else 'y'}"
                + (f" ({late} late)" if late else "")
            )
            parts.append(selected)
        return " · ".join(parts)

    def _status_bar(self) -> Any:
        status_bar = getattr(self.window(), "statusBar", None)
        return status_bar() if callable(status_bar) else None

    def _show_status(self) -> None:
        """While the tab is shown, the status bar shows its counts (never another tab's)."""
        bar = self._status_bar()
        if bar is None or not self.isVisible():
            return
        self._status_message = self.status_text()
        bar.showMessage(self._status_message)

    # ------------------------------------------------------------------ selection
    def selected_vendor_id(self) -> int | None:
        index = self.vendors.table.selectionModel().currentIndex()
        if not index.isValid():
            return None
        value = index.siblingAtColumn(0).data(ID_ROLE)
        return int(value) if value is not None else None

    def select_vendor(self, vendor_id: int, column: int = 0) -> bool:
        source_row = self.vendors.model.row_of(vendor_id)
        if source_row < 0:
            return False
        cell = self.vendors.model.index(source_row, column)
        index = self.vendors.proxy.mapFromSource(cell)
        if not index.isValid():
            self.search.clear()
            self.category_filter.setCurrentIndex(0)
            index = self.vendors.proxy.mapFromSource(cell)
        self.vendors.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.vendors.table.scrollTo(index)
        return True

    def open_attention_item(self, item: AttentionItem) -> None:
        """Select the item's vendor, show the right sub-tab and select the record (a budget
        item shows the project's budget page)."""
        if item.entity == "budget":
            self.right_tabs.setCurrentWidget(self.budget)
            return
        self.right_tabs.setCurrentWidget(self.detail)
        self.detail.search.clear()
        if self.select_vendor(item.vendor_id):
            self._show_selected()
            self.detail.select_record(item.entity, item.record_id)

    def current_table(self) -> QTableView:
        """The vendor list (Insert there adds a vendor)."""
        return self.vendors.table

    def focus_table(self) -> None:
        """Give the keyboard to the vendor list (after a project switch)."""
        self.vendors.table.setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------------ filters
    def _apply_vendor_filter(self) -> None:
        category = self.category_filter.currentText()
        self.vendors.proxy.set_row_filter(
            None if category == ALL_CATEGORIES else (lambda row: row["category"] == category)
        )
        self.vendors.proxy.set_text(self.search.text())

    # ------------------------------------------------------------------ edits
    def _run(self, command: Command, typed: object | None = None) -> str | None:
        """Execute through the undo stack; a refusal (a bad value, a busy or read-only
        workspace, a record someone changed since: any UserError) is shown in the message
        bar and returned."""
        try:
            self.context.execute(command, typed=typed)
        except UserError as error:  # VendorEditError, a read-only or busy workspace
            self.show_error(str(error))
            return str(error)
        self.message.hide()
        self._dismiss.hide()
        return None

    def edit(self, entity: str, record_id: int, field: str, value: Any) -> str | None:
        project_id = self.context.project_id
        if project_id is None:
            return "No project is open."
        command = EditVendorField(project_id, entity, record_id, field, value)
        # refused if someone changed the record since the tab read it (StaleEditError)
        table = ENTITIES[entity].__tablename__
        command.expect(table, record_id, self.version_of(entity, record_id))
        return self._run(command, typed=value)

    def version_of(self, entity: str, record_id: int) -> int | None:
        """The version counter of a shown record (None: not shown, the edit expects none)."""
        rows: list[dict[str, Any]] = []
        detail = self.detail.detail
        if entity == "vendor" and detail is not None:
            rows.append(detail.vendor)  # the detail's own fields
        sections = {"vendor": self.vendors, "budget": self.budget.lines, **self.detail.sections}
        section = sections.get(entity)
        if section is not None:
            rows.extend(section.model.rows)
        for row in rows:
            if row.get("id") == record_id:
                version = row.get("version")
                return version if isinstance(version, int) else None
        return None

    def _section_actions(
        self, entity: str
    ) -> tuple[Callable[[], None], Callable[[list[int]], None]]:
        """Add and delete of one section of the vendor detail."""

        def add() -> None:
            self.add(entity, self.detail.vendor_id)

        def delete(ids: list[int]) -> None:
            self.delete(entity, ids)

        return add, delete

    def add(self, entity: str, parent_id: int | None) -> None:
        project_id = self.context.project_id
        if project_id is None:
            return
        if entity not in ("vendor", "budget") and parent_id is None:
            self.show_error("Select a vendor first.")
            return
        command = AddVendorRecord(project_id, entity, parent_id)
        if self._run(command) is None and command.record_id is not None:
            record_id = command.record_id
            QTimer.singleShot(0, lambda: self._select_new(entity, record_id))

    def _select_new(self, entity: str, record_id: int) -> None:
        if self._reload_pending:
            self.reload()
        if entity == "vendor":
            self.select_vendor(record_id)
            self._show_selected()
            self.detail.tabs.setCurrentIndex(0)
            self.detail.name_edit.setFocus()
            self.detail.name_edit.selectAll()
        elif entity == "budget":
            self.budget.lines.select_record(record_id)
        else:
            self.detail.select_record(entity, record_id)

    def delete(self, entity: str, ids: list[int]) -> None:
        project_id = self.context.project_id
        if project_id is None or not ids:
            return
        self._run(DeleteVendorRecords(project_id, entity, ids))

    def show_error(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
        self._dismiss.show()
