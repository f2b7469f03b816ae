"""The Risks tab: the risk register (the full RAID log arrives with the Risks issue)."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QTableView, QVBoxLayout, QWidget
from sqlalchemy import select

from infradesk.model import Risk
from infradesk.ui.context import AppContext
from infradesk.ui.record_table import RecordTableModel

COLUMNS = [
    ("ID", lambda r: r.code),
    ("Title", lambda r: r.title),
    ("Category", lambda r: r.category),
    ("Owner", lambda r: r.owner),
    ("P", lambda r: r.probability),
    ("I", lambda r: r.impact),
    ("Score", lambda r: r.score),
    ("Response", lambda r: r.response),
    ("Status", lambda r: r.status),
]


class RisksTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.model = RecordTableModel(COLUMNS)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
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
                        select(Risk)
                        .where(Risk.project_id == self.context.project_id)
                        .order_by(Risk.code)
                    )
                )
        self.model.set_records(records)
