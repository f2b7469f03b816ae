"""The outline table: indentation of names, outline keys (Tab, Shift+Tab, Alt+Up/Down;
Insert and Delete are the tab's row actions), Enter moving down, refusals shown without a
modal box, and rows moved by drag and drop."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QRectF,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QDropEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from infradesk.ui import theme
from infradesk.ui.gantt.outline_model import COLUMNS, DEPTH_ROLE, OUTLINE_ROW_ROLE
from infradesk.ui.gantt.painter import GanttPainter, Palette
from infradesk.ui.keep_edit import KeepEditTableView

INDENT = 16


MANUAL_MARK_WIDTH = 16


def paint_manual_mark(painter: QPainter, left: float, cy: float) -> None:
    """The Task name's mark of a manually scheduled task: a small teal bar with bracketed
    ends, as the chart draws it (MS Project shows a pin in its Task Mode column)."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    bar = QRectF(left + 2, cy - 2.5, 8, 5)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(Palette.manual)
    painter.drawRect(bar)
    pen = QPen(Palette.manual_edge, 1.5)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for path in GanttPainter.bracket_paths(bar.adjusted(0, 1, 0, -1)):
        painter.drawPath(path)
    painter.restore()


class NameDelegate(QStyledItemDelegate):
    """Draws the task name indented by its outline depth, with a triangle on summaries."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = option.widget
        style = widget.style() if widget else None
        if style is None:
            super().paint(painter, option, index)
            return
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, widget)
        depth = int(index.data(DEPTH_ROLE) or 0)
        model = index.model()
        row = index.data(OUTLINE_ROW_ROLE)
        # the table's model is always the Gantt's OutlineModel
        is_summary = bool(row is not None and model.outline.summary[row])  # type: ignore[attr-defined]
        indent = 6 + depth * INDENT
        rect: QRect = opt.rect
        if is_summary:
            from PySide6.QtCore import QPointF

            cx, cy = rect.left() + indent + 4, rect.center().y()
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(opt.palette.text())
            # the table's model is always the Gantt's OutlineModel
            folded = model.outline.ids[row] in model.collapsed  # type: ignore[attr-defined]
            points = (
                [QPointF(cx - 2, cy - 4), QPointF(cx - 2, cy + 4), QPointF(cx + 3, cy)]
                if folded
                else [QPointF(cx - 4, cy - 2), QPointF(cx + 4, cy - 2), QPointF(cx, cy + 3)]
            )
            painter.drawPolygon(QPolygonF(points))
            painter.restore()
        text_left = indent + 12
        # the table's model is always the Gantt's OutlineModel
        outline = model.outline  # type: ignore[attr-defined]
        if row is not None and outline.manual[row] and not is_summary:
            paint_manual_mark(painter, rect.left() + text_left, rect.center().y())
            text_left += MANUAL_MARK_WIDTH
        opt.rect = rect.adjusted(text_left, 0, 0, 0)
        opt.showDecorationSelected = False
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)


class GanttTable(KeepEditTableView):
    """The left half of the Gantt. A refused cell edit (the model's ``editRefused``, connected
    to :meth:`refuse_edit`) reopens the cell's editor with what was typed and says why under
    the cell."""

    indentRequested = Signal()
    outdentRequested = Signal()
    moveRequested = Signal(int)  # -1 up, +1 down
    rowsDropped = Signal(list, int)  # outline rows moved, target view row (-1: the end)
    foldRequested = Signal(int)  # outline row of a summary whose triangle was clicked
    columnsChanged = Signal()  # a column was shown or hidden

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setWordWrap(False)
        self.setShowGrid(True)
        self.setGridStyle(Qt.PenStyle.SolidLine)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setItemDelegateForColumn(1, NameDelegate(self))
        self.setAlternatingRowColors(True)  # the chart stripes the same rows
        self._follow_theme()
        theme.on_change(self._follow_theme)
        vertical = self.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setHighlightSections(False)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)

    def _follow_theme(self) -> None:
        """The chart's stripe and grid colours, again after each theme change. Both in the
        style sheet: a palette set beside a style sheet is put back to its first value when
        the sheet changes (light stripes under light text after a switch to Dark)."""
        self.setStyleSheet(
            f"QTableView {{ gridline-color: {Palette.grid.name()};"
            f" alternate-background-color: {Palette.stripe.name()}; }}"
        )

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        for column, spec in enumerate(COLUMNS):
            self.setColumnWidth(column, spec.width)
            self.setColumnHidden(column, spec.hidden)

    def fill_columns_menu(self, menu: QMenu) -> QMenu:
        """Fill ``menu`` with the columns, each checked when shown (the task name always is)."""
        menu.clear()
        for column, spec in enumerate(COLUMNS):
            if spec.key == "name":
                continue
            action = menu.addAction(spec.title)
            action.setCheckable(True)
            action.setChecked(not self.isColumnHidden(column))
            action.toggled.connect(lambda on, c=column: self.show_column(c, on))
        return menu

    def show_column(self, column: int, shown: bool) -> None:
        self.setColumnHidden(column, not shown)
        self.columnsChanged.emit()

    def shown_keys(self) -> set[str]:
        return {c.key for n, c in enumerate(COLUMNS) if not self.isColumnHidden(n)}

    def columns_menu(self) -> QMenu:
        return self.fill_columns_menu(QMenu("Co&lumns", self))

    def _header_menu(self, pos: QPoint) -> None:
        self.columns_menu().exec(self.horizontalHeader().mapToGlobal(pos))

    def set_row_height(self, height: int) -> None:
        vertical = self.verticalHeader()
        vertical.setMinimumSectionSize(height)
        vertical.setDefaultSectionSize(height)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        index = self.indexAt(event.position().toPoint())
        if index.isValid() and index.column() == 1:
            model = self.model()
            row = index.data(OUTLINE_ROW_ROLE)
            depth = int(index.data(DEPTH_ROLE) or 0)
            left = self.visualRect(index).left() + 6 + depth * INDENT
            # the table's model is always the Gantt's OutlineModel
            if model.outline.summary[row] and left - 2 <= event.position().x() <= left + 12:  # type: ignore[attr-defined]
                self.foldRequested.emit(row)
                return
        super().mousePressEvent(event)

    def editing(self) -> bool:
        return self.state() == QAbstractItemView.State.EditingState

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and not self.editing():
            # a KeyPress event is a QKeyEvent
            key = event.key()  # type: ignore[attr-defined]
            if key == Qt.Key.Key_Tab:
                self.indentRequested.emit()
                return True
            if key == Qt.Key.Key_Backtab:
                self.outdentRequested.emit()
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.editing():
            key, mods = event.key(), event.modifiers()
            # Insert and Delete are the row actions' keys (infradesk.ui.row_actions)
            if mods & Qt.KeyboardModifier.AltModifier and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                self.moveRequested.emit(-1 if key == Qt.Key.Key_Up else 1)
                return
        super().keyPressEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        if event.source() is not self:
            event.ignore()
            return
        rows = sorted({int(i.data(OUTLINE_ROW_ROLE)) for i in self.selectionModel().selectedRows()})
        target = self.indexAt(event.position().toPoint())
        view_row = target.row() if target.isValid() else -1
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.accept()
        if rows:
            self.rowsDropped.emit(rows, view_row)
