"""The Vendors tab: vendors and their contracts (the full view arrives with the Vendors issue)."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QTableView, QVBoxLayout, QWidget
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from infradesk.model import Vendor
from infradesk.ui.context import AppContext
from infradesk.ui.record_table import RecordTableModel

COLUMNS = [
    ("Vendor", lambda v: v.name),
    ("Category", lambda v: v.category),
    ("Contracts", lambda v: len(v.contracts)),
    ("Contract value", lambda v: f"{sum(c.value for c in v.contracts):,.2f}"),
    ("Deliveries", lambda v: len(v.deliverables)),
    ("Notes", lambda v: v.notes),
]


class VendorsTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.model = RecordTableModel(COLUMNS)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        context.projectChanged.connect(lambda _id: self.reload())
        context.dataChanged.connect(lambda affects, _id: self.reload())

    def reload(self) -> None:
        records = []
        if self.context.project_id is not None:
            with self.context.workspace.session() as session:
                records = list(
                    session.scalars(
                        select(Vendor)
                        .where(Vendor.project_id == self.context.project_id)
                        .options(selectinload(Vendor.contracts), selectinload(Vendor.deliverables))
                        .order_by(Vendor.name)
                    )
                )
        self.model.set_records(records)
