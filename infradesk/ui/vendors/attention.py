"""The attention panel at the top of the Vendors tab: what is late, due, expiring or over."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from infradesk.services.vendors.queries import ATTENTION_LABELS, AttentionItem
from infradesk.ui import theme
from infradesk.ui.vendors.colors import ATTENTION_COLORS

Index = QModelIndex | QPersistentModelIndex
ITEM_ROLE = Qt.ItemDataRole.UserRole + 10
HEADERS = ("Attention", "Vendor", "Item", "Date")


def _dot(color: QColor, size: int = 12) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(color)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.end()
    return QIcon(pixmap)


class AttentionModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.items: list[AttentionItem] = []
        self._icons: dict[str, QIcon] = {}

    def set_items(self, items: Sequence[AttentionItem]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(HEADERS)
        ):
            return HEADERS[section]
        return None

    def _icon(self, kind: str) -> QIcon:
        colors = theme.current()
        key = f"{colors.name}/{kind}"
        if key not in self._icons:
            self._icons[key] = _dot(colors.attention.get(kind, colors.muted))
        return self._icons[key]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        item = self.items[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return item.label
            if column == 1:
                return item.vendor
            if column == 2:
                return item.title
            return item.day.strftime("%d %b %Y") if item.day else ""
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return self._icon(item.kind)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{item.title}\n{item.detail}"
        if role == Qt.ItemDataRole.ForegroundRole and item.draft:
            # about a draft contract: shown, greyed in the theme's placeholder colour
            return QBrush(QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText))
        if role == Qt.ItemDataRole.ForegroundRole and column == 0:
            return QBrush(theme.current().attention_text.get(item.kind, theme.current().muted))
        if role == Qt.ItemDataRole.FontRole and item.draft:
            font = QFont()
            font.setItalic(True)
            return font
        if role == ITEM_ROLE:
            return index.row()
        return None

    def item_at(self, row: int) -> AttentionItem | None:
        return self.items[row] if 0 <= row < len(self.items) else None


class AttentionPanel(QFrame):
    """A compact list; clicking an entry emits ``itemActivated`` with the AttentionItem."""

    itemActivated = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attentionPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.model = AttentionModel()
        self.title = QLabel()
        self.title.setObjectName("attentionTitle")
        self.title.setStyleSheet("font-weight: 600; font-size: 13px;")
        self.counts = QLabel()
        self.counts.setObjectName("attentionCounts")
        self.counts.setTextFormat(Qt.TextFormat.RichText)
        self.table = QTableView()
        self.table.setObjectName("attentionTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setIconSize(QSize(12, 12))
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(22)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Fixed)
        self.table.setColumnWidth(0, 175)
        self.table.setColumnWidth(1, 210)
        self.table.setColumnWidth(3, 100)
        self.table.setMaximumHeight(170)
        self.table.clicked.connect(self._clicked)
        self.table.activated.connect(self._clicked)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.counts)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.table)
        theme.on_change(self._recolor)

    def _recolor(self) -> None:
        """The counts line names its dots' colours: write it again in the new theme's."""
        self.set_items(list(self.model.items))

    def set_items(self, items: Sequence[AttentionItem]) -> None:
        self.model.set_items(items)
        total = len(items)
        self.title.setText(
            f"Needs attention ({total})" if total else "Nothing needs attention right now"
        )
        self.table.setVisible(bool(items))
        parts = []
        for kind, label in ATTENTION_LABELS.items():
            count = sum(1 for i in items if i.kind == kind)
            if count:
                color = ATTENTION_COLORS[kind].name()
                parts.append(f"<span style='color:{color}'>●</span> {label}: <b>{count}</b>")
        self.counts.setText("&nbsp;&nbsp;&nbsp;".join(parts))
        rows = min(max(total, 1), 6)
        header = self.table.horizontalHeader().sizeHint().height()
        self.table.setFixedHeight(header + rows * 22 + 2 * self.table.frameWidth())

    def _clicked(self, index: QModelIndex) -> None:
        item = self.model.item_at(index.row())
        if item is not None:
            self.itemActivated.emit(item)
