"""A table of one kind of record with Add / Delete buttons, sorting and a text filter."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from infradesk.ui import theme
from infradesk.ui.keep_edit import KeepEditTableView
from infradesk.ui.row_actions import RowActions, plural
from infradesk.ui.table_keys import current_column
from infradesk.ui.vendors.delegate import FieldDelegate
from infradesk.ui.vendors.record_model import (
    ID_ROLE,
    SORT_ROLE,
    Column,
    EditHandler,
    RecordTableModel,
    RowStyle,
)


class RecordProxy(QSortFilterProxyModel):
    """Sorts by each column's sort value; filters on any displayed text and, optionally, a
    predicate over the row dict (e.g. a category)."""

    def __init__(self) -> None:
        super().__init__()
        self.row_filter: Callable[[dict[str, Any]], bool] | None = None
        self.setSortRole(SORT_ROLE)
        self.setFilterKeyColumn(-1)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_text(self, text: str) -> None:
        self.setFilterFixedString(text.strip())

    def set_row_filter(self, predicate: Callable[[dict[str, Any]], bool] | None) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.9; invalidateFilter is deprecated
            self.beginFilterChange()
            self.row_filter = predicate
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            self.row_filter = predicate
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Any) -> bool:
        model = self.sourceModel()
        if (
            self.row_filter is not None
            and isinstance(model, RecordTableModel)
            and not self.row_filter(model.rows[source_row])
        ):
            return False
        return super().filterAcceptsRow(source_row, source_parent)


def make_table(model: RecordTableModel, entity: str) -> tuple[KeepEditTableView, RecordProxy]:
    """A sortable, filterable table over ``model`` whose refused edits keep the typed value."""
    proxy = RecordProxy()
    proxy.setSourceModel(model)
    table = KeepEditTableView()
    model.editRefused.connect(table.refuse_edit)
    table.setModel(proxy)
    table.setItemDelegate(FieldDelegate(entity, table))
    table.setSortingEnabled(True)
    table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    table.setAlternatingRowColors(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(
        QAbstractItemView.EditTrigger.DoubleClicked
        | QAbstractItemView.EditTrigger.EditKeyPressed
        | QAbstractItemView.EditTrigger.AnyKeyPressed
    )
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(26)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    for number, column in enumerate(model.columns):
        table.setColumnWidth(number, column.width)
    return table, proxy


class RecordSection(QWidget):
    """Title, Add/Delete buttons and the table of one entity."""

    addRequested = Signal()
    deleteRequested = Signal(list)  # record ids

    def __init__(
        self,
        entity: str,
        columns: Sequence[Column],
        edit_handler: EditHandler,
        row_style: RowStyle | None = None,
        noun: str = "record",
        hint: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.entity = entity
        self.model = RecordTableModel(columns, edit_handler, row_style)
        self.table, self.proxy = make_table(self.model, entity)
        self.table.setObjectName(f"{entity}Table")
        self.row_actions = RowActions(
            self.table,
            noun,
            self.addRequested.emit,
            self.selected_ids,
            self.deleteRequested.emit,
            insert_text=f"&Add {noun}",
        )
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.add_button = QPushButton(f"Add {noun}")
        self.add_button.setObjectName(f"add_{entity}")
        self.add_button.setToolTip(f"Add a {noun} (Insert)")
        self.delete_button = QPushButton("Delete")
        self.delete_button.setObjectName(f"delete_{entity}")
        self.delete_button.setToolTip(f"Delete the selected {plural(noun)} (Delete)")
        self.delete_button.setEnabled(False)
        self.hint = QLabel(hint)
        self.hint.setObjectName("sectionHint")
        theme.text_color(self.hint, lambda t: t.muted)
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.hint, 1)
        bar.addWidget(self.add_button)
        bar.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.add_button.clicked.connect(self.addRequested)
        self.delete_button.clicked.connect(self.row_actions.ask_delete)
        self.table.selectionModel().selectionChanged.connect(
            lambda *_: self.delete_button.setEnabled(bool(self.selected_ids()))
        )

    def set_rows(self, rows: Sequence[dict[str, Any]]) -> None:
        selected = self.selected_ids()
        column = current_column(self.table)  # the cell cursor stays in its column
        self.model.set_rows(rows)
        self.delete_button.setEnabled(False)
        if selected:
            self.select_record(selected[0], scroll=False, column=column)

    def set_filter(self, text: str) -> None:
        self.proxy.set_text(text)

    def selected_ids(self) -> list[int]:
        rows = self.table.selectionModel().selectedRows()
        return sorted({int(index.data(ID_ROLE)) for index in rows})

    def select_record(self, record_id: int, scroll: bool = True, column: int = 0) -> bool:
        source_row = self.model.row_of(record_id)
        if source_row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(source_row, column))
        if not index.isValid():  # hidden by the filter
            self.proxy.set_text("")
            index = self.proxy.mapFromSource(self.model.index(source_row, column))
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        if scroll:
            self.table.scrollTo(index)
        return True

    def connect_actions(self, add: Callable[[], None], delete: Callable[[list[int]], None]) -> None:
        self.addRequested.connect(add)
        self.deleteRequested.connect(delete)
