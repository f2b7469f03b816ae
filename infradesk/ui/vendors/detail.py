"""The right-hand side: one vendor's details (form, contacts, scores, contracts, orders,
deliveries) and the project's budget, as sub-tabs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from infradesk.services.vendors.fields import VENDOR_CATEGORIES
from infradesk.services.vendors.queries import VendorDetail
from infradesk.ui import theme
from infradesk.ui.vendors.columns import (
    CONTACT_COLUMNS,
    CONTRACT_COLUMNS,
    DELIVERY_COLUMNS,
    ORDER_COLUMNS,
    SCORE_COLUMNS,
    contract_style,
    delivery_flag,
    delivery_style,
    order_style,
)
from infradesk.ui.vendors.figures import MoneyFigures
from infradesk.ui.vendors.section import RecordSection

EditFn = Callable[[str, int, str, Any], str | None]
TAB_OF_ENTITY = {"contact": 0, "score": 0, "contract": 1, "order": 2, "deliverable": 3}
TAB_TITLES = ("Overview", "Contracts", "Purchase orders", "Deliveries")


class PlainNotes(QPlainTextEdit):
    """Notes that commit when focus leaves (like a line edit's editingFinished)."""

    def __init__(self, on_done: Callable[[], None]) -> None:
        super().__init__()
        self._on_done = on_done

    def focusOutEvent(self, event: Any) -> None:
        super().focusOutEvent(event)
        self._on_done()


class VendorDetailPane(QWidget):
    def __init__(self, edit: EditFn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = edit
        self.vendor_id: int | None = None
        self.detail: VendorDetail | None = None

        self.heading = QLabel("No vendor selected")
        self.heading.setObjectName("vendorHeading")
        self.heading.setStyleSheet("font-size: 17px; font-weight: 600;")
        self.subheading = QLabel()
        self.subheading.setObjectName("vendorSubheading")
        theme.text_color(self.subheading, lambda t: t.muted)
        self.figures = MoneyFigures(
            [
                ("contract_value", "Contract value"),
                ("committed", "Committed"),
                ("invoiced", "Invoiced"),
                ("paid", "Paid"),
            ]
        )

        # -- overview: the vendor's own fields and contacts, and performance scores
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("vendorName")
        self.category_combo = QComboBox()
        self.category_combo.setObjectName("vendorCategory")
        self.category_combo.addItems(list(VENDOR_CATEGORIES))
        self.account_edit = QLineEdit()
        self.account_edit.setObjectName("vendorAccount")
        self.website_edit = QLineEdit()
        self.website_edit.setObjectName("vendorWebsite")
        self.website_edit.setPlaceholderText("https://")
        self.notes_edit = PlainNotes(lambda: self._commit("notes", self.notes_edit.toPlainText()))
        self.notes_edit.setObjectName("vendorNotes")
        self.notes_edit.setMaximumHeight(52)
        form = QGridLayout()
        form.setHorizontalSpacing(10)
        form.setVerticalSpacing(6)
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for row, (label_a, widget_a, label_b, widget_b) in enumerate(
            [
                ("Name", self.name_edit, "Category", self.category_combo),
                ("Account number", self.account_edit, "Website", self.website_edit),
            ]
        ):
            form.addWidget(QLabel(label_a), row, 0, right)
            form.addWidget(widget_a, row, 1)
            form.addWidget(QLabel(label_b), row, 2, right)
            form.addWidget(widget_b, row, 3)
        form.addWidget(
            QLabel("Notes"), 2, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop
        )
        form.addWidget(self.notes_edit, 2, 1, 1, 3)
        form.setColumnStretch(1, 1)
        form.setColumnStretch(3, 1)
        form_box = QGroupBox("Vendor")
        form_box.setLayout(form)
        self.name_edit.editingFinished.connect(lambda: self._commit("name", self.name_edit.text()))
        self.account_edit.editingFinished.connect(
            lambda: self._commit("account_number", self.account_edit.text())
        )
        self.website_edit.editingFinished.connect(
            lambda: self._commit("website", self.website_edit.text())
        )
        self.category_combo.activated.connect(
            lambda _i: self._commit("category", self.category_combo.currentText())
        )

        def handler(entity: str) -> Callable[[int, str, Any], str | None]:
            return lambda record_id, field, value: self.edit(entity, record_id, field, value)

        self.contacts = RecordSection(
            "contact", CONTACT_COLUMNS, handler("contact"), noun="contact", hint="Contacts"
        )
        self.scores = RecordSection(
            "score",
            SCORE_COLUMNS,
            handler("score"),
            noun="score",
            hint="Performance scores, 1 (poor) to 5 (excellent); the rating is their mean",
        )
        self.contracts = RecordSection(
            "contract",
            CONTRACT_COLUMNS,
            handler("contract"),
            contract_style,
            noun="contract",
            hint="Notice period as 90d, 3 months or 6w; the notice deadline follows from the end",
        )
        self.orders = RecordSection(
            "order", ORDER_COLUMNS, handler("order"), order_style, noun="order", hint=""
        )
        self.deliveries = RecordSection(
            "deliverable",
            DELIVERY_COLUMNS,
            handler("deliverable"),
            delivery_style,
            noun="delivery",
            hint="A delivery linked to a task gates it: the task cannot start before the "
            "promised (or actual) date",
        )
        top = QHBoxLayout()
        top.addWidget(form_box, 2)
        lower = QSplitter(Qt.Orientation.Vertical)
        lower.addWidget(self.contacts)
        lower.addWidget(self.scores)
        overview = QWidget()
        overview_layout = QVBoxLayout(overview)
        overview_layout.setContentsMargins(6, 6, 6, 6)
        overview_layout.addLayout(top)
        overview_layout.addWidget(lower, 1)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("vendorDetailTabs")
        self.tabs.setDocumentMode(True)
        for page, title in zip(
            (overview, self.contracts, self.orders, self.deliveries), TAB_TITLES, strict=True
        ):
            self.tabs.addTab(page, title)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        self.search = QLineEdit()
        self.search.setObjectName("detailSearch")
        self.search.setPlaceholderText("Filter contacts, contracts, orders, deliveries…")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(300)
        self.search.textChanged.connect(self.set_filter)
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self.heading)
        titles.addWidget(self.subheading)
        heading_row = QHBoxLayout()
        heading_row.addLayout(titles, 1)
        heading_row.addWidget(self.search, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(heading_row)
        layout.addWidget(self.figures)
        layout.addWidget(self.tabs, 1)
        self.sections = {
            "contact": self.contacts,
            "score": self.scores,
            "contract": self.contracts,
            "order": self.orders,
            "deliverable": self.deliveries,
        }
        self.setEnabled(False)

    # ------------------------------------------------------------------ data
    def show_detail(
        self, detail: VendorDetail | None, choices: dict[str, list[tuple[int, str]]]
    ) -> None:
        self.detail = detail
        self.vendor_id = detail.vendor["id"] if detail else None
        self.setEnabled(detail is not None)
        if detail is None:
            self.heading.setText("No vendor selected")
            self.subheading.setText("Select a vendor on the left, or add one.")
            self.figures.set_totals([])
            for section in self.sections.values():
                section.set_rows([])
            for number, title in enumerate(TAB_TITLES):  # no stale "Contracts (1)"
                self.tabs.setTabText(number, title)
            for widget in (self.name_edit, self.account_edit, self.website_edit):
                widget.setText("")
            self.notes_edit.setPlainText("")
            return
        vendor = detail.vendor
        self.heading.setText(vendor["name"])
        manager = next((c["name"] for c in detail.contacts if c["account_manager"]), "")
        rating = (
            f"rating {'★' * round(detail.rating)}{'☆' * (5 - round(detail.rating))} "
            f"{detail.rating:.1f}"
            if detail.rating is not None
            else "not rated yet"
        )
        parts = [vendor["category"], rating]
        if manager:
            parts.append(f"account manager {manager}")
        if vendor["account_number"]:
            parts.append(f"account {vendor['account_number']}")
        self.subheading.setText("  ·  ".join(parts))
        self.figures.set_totals(detail.totals)
        self.name_edit.setText(vendor["name"])
        self.category_combo.setCurrentText(vendor["category"])
        self.account_edit.setText(vendor["account_number"])
        self.website_edit.setText(vendor["website"])
        if self.notes_edit.toPlainText() != vendor["notes"]:
            self.notes_edit.setPlainText(vendor["notes"])
        for row in detail.deliverables:
            row["flag"] = delivery_flag(row)
        for row in detail.contracts:
            row["muted"] = row.get("draft", False)
        for section in self.sections.values():
            section.model.ref_choices = choices
        self.contacts.set_rows(detail.contacts)
        self.scores.set_rows(detail.scores)
        self.contracts.set_rows(detail.contracts)
        self.orders.set_rows(detail.orders)
        self.deliveries.set_rows(detail.deliverables)
        count = len(detail.contracts), len(detail.orders), len(detail.deliverables)
        drafts = sum(1 for c in detail.contracts if c.get("draft"))
        self.tabs.setTabText(
            1, f"Contracts ({count[0]})" + (f" · {drafts} draft" if drafts else "")
        )
        self.tabs.setTabText(2, f"Purchase orders ({count[1]})")
        late = sum(1 for d in detail.deliverables if d["late"])
        self.tabs.setTabText(3, f"Deliveries ({count[2]})" + (f" · {late} late" if late else ""))

    def set_filter(self, text: str) -> None:
        for section in self.sections.values():
            section.set_filter(text)

    def select_record(self, entity: str, record_id: int) -> bool:
        section = self.sections.get(entity)
        if section is None:
            return False
        self.tabs.setCurrentIndex(TAB_OF_ENTITY[entity])
        return section.select_record(record_id)

    def _commit(self, field: str, value: str) -> None:
        if self.detail is None or self.vendor_id is None:
            return
        current = self.detail.vendor.get(field)
        if (current or "") == value.strip() or (field == "notes" and current == value):
            return
        if self.edit("vendor", self.vendor_id, field, value) is None:
            return
        # Refused (the message bar says why). A typed text stays in its field so that it can
        # be corrected or saved again with Enter; a chosen category shows what is saved.
        if field == "category":
            self.show_detail(self.detail, self.contracts.model.ref_choices)
