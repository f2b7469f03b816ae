"""The plan table's model: one row per step of a :class:`RunbookView`, each cell typed into
as text and handed to :class:`~infradesk.services.runbooks.commands.UpdateStep` by the page.

Rollback steps are listed under their gate (indented, greyed); the point of no return is
marked in its Kind cell and drawn as a line under its row by
:class:`~infradesk.ui.runbooks.plan_delegate.PlanDelegate`. A new view with the same steps in
the same order only repaints (``dataChanged``): the editor and the cell cursor stay.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFont

from infradesk.services.runbooks.rows import RunbookView, StepRow, StepTiming
from infradesk.ui import theme
from infradesk.ui.record_model_base import ID_ROLE, Index, RecordModelBase
from infradesk.ui.runbooks.kinds import kind_icon, kind_label
from infradesk.ui.runbooks.text import clock_text, fixed_time_text, minutes_text

PONR_ROLE = Qt.ItemDataRole.UserRole + 10  # True on the point of no return's row
KIND_ROLE = Qt.ItemDataRole.UserRole + 11


@dataclass(frozen=True, slots=True)
class PlanColumn:
    title: str
    field: str | None  # UpdateStep's field; None: computed, read-only
    tip: str = ""
    editor: str = "text"  # text, kind, owner, stream, gate, zone
    width: int = 90


PLAN_COLUMNS: tuple[PlanColumn, ...] = (
    PlanColumn("ID", "code", "The step's ID, e.g. 1.01 (predecessors name it)", width=60),
    PlanColumn("Step", "title", "What is done", width=260),
    PlanColumn("Kind", "kind", "Task, go/no-go gate, validation, communication or rollback",
               editor="kind", width=185),
    PlanColumn("Stream", "stream", "Network, storage, apps, comms…", editor="stream"),
    PlanColumn("Owner", "owner", "From the resource pool", editor="owner", width=110),
    PlanColumn("Backup", "backup_owner", "The backup owner", editor="owner", width=110),
    PlanColumn("Duration", "duration", "Elapsed minutes: 45, 1h30, 90m", width=70),
    PlanColumn("Predecessors", "predecessors", "IDs with link type and lag: 1.01, 1.02SS+10",
               width=110),
    PlanColumn("Fixed time", "fixed_time", "Not before this clock time: 18:00 or "
               "2026-10-24 18:00 (empty: none)", width=95),
    PlanColumn("Zone", "fixed_time_zone", "The fixed time's zone (empty: the runbook's)",
               editor="zone", width=100),
    PlanColumn("Start", None, "Planned start, in the runbook's time zone", width=95),
    PlanColumn("Finish", None, "Planned finish, in the runbook's time zone", width=95),
    PlanColumn("Rollback of", "rollback_of", "The gate whose no-go runs this step",
               editor="gate", width=85),
    PlanColumn("Notes", "notes", width=160),
    PlanColumn("Command / check", "command", "The exact command or check to run", width=200),
)
COLUMN_OF = {column.field: number for number, column in enumerate(PLAN_COLUMNS) if column.field}

Row = tuple[StepRow, StepTiming]
EditHandler = Callable[[int, str, Any], str | None]


@cache
def bold_font() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


def display_order(steps: Sequence[StepRow]) -> list[int]:
    """Indices of ``steps`` in table order: runbook order, each gate followed by the
    rollback steps of its no-go path (a rollback step of an unknown gate stays in place)."""
    codes = {step.code for step in steps if step.kind == "gate"}
    under: dict[str, list[int]] = {}
    for number, step in enumerate(steps):
        if step.rollback_of and step.rollback_of in codes:
            under.setdefault(step.rollback_of, []).append(number)
    order: list[int] = []
    for number, step in enumerate(steps):
        if step.rollback_of and step.rollback_of in codes:
            continue
        order.append(number)
        if step.kind == "gate":
            order.extend(under.get(step.code, ()))
    return order


class PlanModel(RecordModelBase):
    """Rows are (StepRow, StepTiming) pairs; ``edit_handler(step id, field, text)``."""

    def __init__(self, edit_handler: EditHandler | None = None) -> None:
        super().__init__(PLAN_COLUMNS, edit_handler)
        self.view: RunbookView | None = None
        self.reference: datetime | None = None  # the day times are shown relative to

    # ------------------------------------------------------------------ rows
    def set_view(self, view: RunbookView | None) -> None:
        """Show ``view``; the same steps in the same order only repaint."""
        if view is None:
            self.view = None
            self.set_rows([])
            return
        order = display_order(view.steps)
        rows = [(view.steps[i], view.timings[i]) for i in order]
        same = [r[0].id for r in rows] == [r[0].id for r in self.rows]
        self.view = view
        self.reference = view.origin
        if same and rows:
            self.rows = rows
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(rows) - 1, len(self.columns) - 1)
            )
        else:
            self.set_rows(rows)

    def step_at(self, row: int) -> StepRow | None:
        return self.rows[row][0] if 0 <= row < len(self.rows) else None

    def row_of(self, step_id: int) -> int:
        for number, (step, _timing) in enumerate(self.rows):
            if step.id == step_id:
                return number
        return -1

    # ------------------------------------------------------------------ cells
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        cell = self.cell(index)
        if cell is None:
            return None
        (step, timing), column = cell
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(step, timing, column)
        if role == Qt.ItemDataRole.EditRole:
            return self._edit_text(step, column)
        if role == ID_ROLE:
            return step.id
        if role == PONR_ROLE:
            return step.point_of_no_return
        if role == KIND_ROLE:
            return step.kind
        if role == Qt.ItemDataRole.DecorationRole and column.field == "kind":
            return kind_icon(step.kind)
        if role == Qt.ItemDataRole.ForegroundRole:
            if step.rollback_of or timing.state == "inactive":
                return theme.current().inactive
            if column.field is None and timing.critical:
                return theme.current().bad
            return None
        if role == Qt.ItemDataRole.FontRole and step.kind == "gate" and column.field == "title":
            return bold_font()
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tip(step, timing, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.field in ("duration", None):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, step: StepRow, timing: StepTiming, column: PlanColumn) -> str:
        field = column.field
        if field is None:
            moment = timing.planned_start if column.title == "Start" else timing.planned_finish
            return clock_text(moment, self.reference)
        if field == "title":
            return f"    ↳ {step.title}" if step.rollback_of else step.title
        if field == "kind":
            label = kind_label(step.kind)
            return f"{label} · point of no return" if step.point_of_no_return else label
        if field == "duration":
            return minutes_text(step.duration_minutes)
        if field == "fixed_time":
            return clock_text(step.fixed_time, self.reference)
        return str(self._edit_text(step, column))

    @staticmethod
    def _edit_text(step: StepRow, column: PlanColumn) -> str:
        field = column.field
        if field == "duration":
            return minutes_text(step.duration_minutes)
        if field == "fixed_time":
            return fixed_time_text(step.fixed_time)
        if field is None:
            return ""
        value = getattr(step, field, "")
        return "" if value is None else str(value)

    def _tip(self, step: StepRow, timing: StepTiming, column: PlanColumn) -> str | None:
        if column.field == "kind" and step.point_of_no_return:
            return "Point of no return: after this step a rollback becomes a forward fix."
        if column.field == "kind" and step.kind == "gate":
            lines = [f"Decision by: {step.decision_maker or '(not named)'}"]
            lines += [f"• {line}" for line in step.criteria]
            return "\n".join(lines)
        if column.field == "kind" and step.kind == "communication":
            return f"Tell: {step.audience}\n{step.message}".strip()
        if column.field is None:
            tip = f"Float {minutes_text(timing.float_minutes)}"
            return tip + (" · on the critical path" if timing.critical else "")
        return column.tip or None

    def header_data(self, column: Any, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tip or None
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        cell = self.cell(index)
        if cell is None or role != Qt.ItemDataRole.EditRole:
            return False
        (step, _timing), column = cell
        if column.field is None:
            return False
        text = "" if value is None else str(value)
        if text == self._edit_text(step, column):
            return True  # nothing changed: no command, no undo step
        return self.hand_edit(step.id, column.field, text)

    def index_of(self, step_id: int, column: int = 0) -> QModelIndex:
        row = self.row_of(step_id)
        return self.index(row, column) if row >= 0 else QModelIndex()
