"""The Compare page: the plan against every run (rehearsal 1, rehearsal 2, live…), per step
and per stream, from ``compare_runs``. A run's duration longer than planned is red, shorter
green; its start offset is shown as T+minutes from the run's own start."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from infradesk.services.runbooks.rows import RunComparison
from infradesk.ui import theme
from infradesk.ui.runbooks.text import delta_text, minutes_text, offset_text

Index = QModelIndex | QPersistentModelIndex
TOLERANCE = 0  # minutes of difference still shown as "as planned"


def difference_colour(planned: int, actual: int | None) -> Any:
    if actual is None or abs(actual - planned) <= TOLERANCE:
        return None
    return theme.current().bad if actual > planned else theme.current().good


class _CompareModel(QAbstractTableModel):
    """Rows of (label columns, planned minutes, per-run minutes); per run two columns:
    the value and its difference with the plan."""

    def __init__(self, labels: tuple[str, ...]) -> None:
        super().__init__()
        self.labels = labels
        self.runs: list[str] = []
        self.rows: list[tuple[tuple[str, ...], int, tuple[int | None, ...], str]] = []

    def set_rows(
        self, runs: list[str], rows: list[tuple[tuple[str, ...], int, tuple[int | None, ...], str]]
    ) -> None:
        self.beginResetModel()
        self.runs, self.rows = runs, rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.labels) + 1 + 2 * len(self.runs)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        fixed = len(self.labels)
        if section < fixed:
            return self.labels[section]
        if section == fixed:
            return "Planned"
        run, second = divmod(section - fixed - 1, 2)
        if run >= len(self.runs):
            return None
        return "Δ" if second else self.runs[run]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        labels, planned, values, tip = self.rows[index.row()]
        column, fixed = index.column(), len(self.labels)
        if column < fixed:
            if role == Qt.ItemDataRole.DisplayRole:
                return labels[column]
            if role == Qt.ItemDataRole.ToolTipRole and tip:
                return tip
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if column == fixed:
            return minutes_text(planned) if role == Qt.ItemDataRole.DisplayRole else None
        run, second = divmod(column - fixed - 1, 2)
        if run >= len(values):
            return None
        value = values[run]
        if role == Qt.ItemDataRole.DisplayRole:
            if value is None:
                return "—" if not second else ""
            return delta_text(value - planned) if second else minutes_text(value)
        if role == Qt.ItemDataRole.ForegroundRole and second:
            return difference_colour(planned, value)
        return None


class ComparePage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("runbookCompare")
        self.totals = QLabel()
        self.totals.setObjectName("compareTotals")
        self.totals.setWordWrap(True)
        self.steps_model = _CompareModel(("ID", "Step", "Stream", "Planned start"))
        self.streams_model = _CompareModel(("Stream",))
        self.steps = self._table(self.steps_model, "compareSteps")
        self.streams = self._table(self.streams_model, "compareStreams")
        self.steps.setColumnWidth(0, 60)
        self.steps.setColumnWidth(1, 260)
        splitter = QSplitter(Qt.Orientation.Vertical)
        for title, table in (("Per stream (first start to last finish)", self.streams),
                             ("Per step (durations)", self.steps)):
            box = QWidget()
            inner = QVBoxLayout(box)
            inner.setContentsMargins(0, 0, 0, 0)
            heading = QLabel(f"<b>{title}</b>")
            inner.addWidget(heading)
            inner.addWidget(table, 1)
            splitter.addWidget(box)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 4)
        layout.addWidget(self.totals)
        layout.addWidget(splitter, 1)

    @staticmethod
    def _table(model: _CompareModel, name: str) -> QTableView:
        table = QTableView()
        table.setObjectName(name)
        table.setModel(model)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(24)
        table.setAlternatingRowColors(True)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        return table

    def show_comparison(self, comparison: RunComparison | None) -> None:
        if comparison is None:
            self.totals.setText("")
            self.steps_model.set_rows([], [])
            self.streams_model.set_rows([], [])
            return
        runs = [run.name if run.finished is not None else f"{run.name} (so far)"
                for run in comparison.runs]
        self.steps_model.set_rows(runs, [
            ((s.code, s.title, s.stream, offset_text(s.planned_offset)), s.planned_minutes,
             s.minutes, _offsets_tip(runs, s.offsets))
            for s in comparison.steps
        ])
        self.streams_model.set_rows(runs, [
            ((s.stream or "(no stream)",), s.planned_minutes, s.minutes, "")
            for s in comparison.streams
        ])
        if not runs:
            self.totals.setText("No run recorded yet: start a rehearsal on the Live page to "
                                "compare it with the plan here.")
            return
        parts = [f"Planned {minutes_text(comparison.planned_total)}"]
        for name, total in zip(runs, comparison.totals, strict=True):
            if total is None:
                parts.append(f"{name}: not finished")
            elif name.endswith("(so far)"):
                parts.append(f"{name}: {minutes_text(total)}")
            else:
                parts.append(f"{name}: {minutes_text(total)} "
                             f"({delta_text(total - comparison.planned_total)})")
        self.totals.setText(" · ".join(parts))


def _offsets_tip(runs: list[str], offsets: tuple[int | None, ...]) -> str:
    lines = [f"{name} started it at {offset_text(offset)}" for name, offset
             in zip(runs, offsets, strict=True) if offset is not None]
    return "\n".join(lines)
