"""The import wizard's list of the records a file brings besides tasks: risks, issues,
assumptions, dependencies, decisions, change requests and vendors, grouped under headings.

A risk register or a RAID-only workbook has no task tree to preview; this list shows what
Finish will write instead (the rows come from ``services.documents.preview``)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from infradesk.services.documents.preview import PreviewGroup


class RecordsPreview(QTreeWidget):
    """One top-level item per section (``Dependencies (6)``), one child per record."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("previewRecordsTree")
        self.setHeaderLabels(["ID", "Record", "Details"])
        self.setRootIsDecorated(True)
        self.setAlternatingRowColors(True)
        self.setUniformRowHeights(True)

    def show_groups(self, groups: Sequence[PreviewGroup]) -> None:
        self.clear()
        bold = QFont(self.font())
        bold.setBold(True)
        for group in groups:
            heading = QTreeWidgetItem(self, [group.title])
            heading.setFirstColumnSpanned(True)  # the heading reads across the columns
            heading.setFont(0, bold)
            for record in group.records:
                QTreeWidgetItem(heading, [record.code, record.text, record.details])
        self.expandAll()
        self.setColumnWidth(0, 96)  # room for the indented codes (D-001, CR-001)
        self.setColumnWidth(1, 460)

    def sections(self) -> list[str]:
        """The headings shown, for tests and the accessibility tree."""
        items = (self.topLevelItem(n) for n in range(self.topLevelItemCount()))
        return [item.text(0) for item in items if item is not None]
