"""The live view's step list: a light model over the rows of one :class:`RunbookView`.

The filter picks which steps are listed (Now: running, then startable, with the gates
awaiting a decision; Late; Gates; All). A new view after a click replaces the rows: when the
same steps are listed in the same order, only the rows whose timing changed are repainted
(no reset, the selection stays); otherwise the list is reset, which for the short lists of
the bridge call costs nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from infradesk.services.runbooks.rows import RunbookView, StepRow, StepTiming
from infradesk.ui.record_model_base import ID_ROLE
from infradesk.ui.runbooks.kinds import (
    STATE_LABELS,
    kind_icon,
    kind_label,
    state_background,
    state_foreground,
)
from infradesk.ui.runbooks.plan_model import bold_font, display_order
from infradesk.ui.runbooks.text import clock_text, minutes_text

Index = QModelIndex | QPersistentModelIndex
FILTERS = ("now", "late", "gates", "all")
FILTER_LABELS = {"now": "Now", "late": "Late", "gates": "Gates", "all": "All steps"}
STATE_ROLE = Qt.ItemDataRole.UserRole + 20
TIME_COLUMNS = (6, 7)  # actual start, actual finish: double-click edits them


@dataclass(frozen=True, slots=True)
class LiveColumn:
    title: str
    tip: str = ""
    width: int = 90


LIVE_COLUMNS = (
    LiveColumn("ID", width=60),
    LiveColumn("Step", width=280),
    LiveColumn("Stream", width=90),
    LiveColumn("Owner", width=110),
    LiveColumn("State", "Running, ready to start, waiting, done, skipped", width=130),
    LiveColumn("Planned", "Planned start – finish", width=130),
    LiveColumn("Started", "Actual start (F2 or double-click to correct)", width=70),
    LiveColumn("Finished", "Actual finish (F2 or double-click to correct)", width=70),
    LiveColumn("Forecast", "Forecast start – finish at this click", width=130),
    LiveColumn("Late", "Forecast finish after the planned finish", width=60),
    LiveColumn("Note", "Skip reason, gate decision, validation result", width=220),
)


def awaiting_decision(step: StepRow, timing: StepTiming) -> bool:
    return step.kind == "gate" and not timing.decision and timing.state in ("ready", "running")


def listed(view: RunbookView, which: str) -> list[int]:
    """Indices into ``view.steps`` of the steps the filter ``which`` lists, in order."""
    steps, timings = view.steps, view.timings
    if which == "all":
        return display_order(steps)
    if which == "late":
        chosen = [i for i, t in enumerate(timings)
                  if t.late_minutes > 0 and t.state in ("running", "ready", "waiting")]
    elif which == "gates":
        chosen = [i for i, s in enumerate(steps) if s.kind == "gate"
                  and timings[i].state != "inactive"]
    else:  # now
        chosen = [i for i, t in enumerate(timings) if t.state in ("running", "ready")]
    rank = {"running": 0, "ready": 1}
    origin = view.origin
    chosen.sort(key=lambda i: (rank.get(timings[i].state, 2), timings[i].start or origin,
                               steps[i].position))
    return chosen


def state_text(step: StepRow, timing: StepTiming) -> str:
    if awaiting_decision(step, timing):
        return "Awaiting decision"
    return STATE_LABELS.get(timing.state, timing.state)


def note_text(step: StepRow, timing: StepTiming) -> str:
    if timing.skipped_reason:
        return f"Skipped: {timing.skipped_reason}"
    if timing.decision:
        word = "Go" if timing.decision == "go" else "No-go"
        when = clock_text(timing.decided_at)
        by = f" by {timing.decided_by}" if timing.decided_by else ""
        return f"{word}{by}" + (f" at {when}" if when else "")
    if timing.result:
        words = {"pass": "Passed", "fail": "Failed", "not_tested": "Not tested"}
        text = words.get(timing.result, timing.result)
        if timing.comment:
            text += f": {timing.comment}"
        if timing.issue_code:
            text += f" (issue {timing.issue_code})"
        return text
    if step.kind == "gate" and step.decision_maker:
        return f"Decision by {step.decision_maker}"
    return ""


class LiveModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.view: RunbookView | None = None
        self.filter = "now"
        self.order: list[int] = []  # indices into view.steps
        self.reference: datetime | None = None

    # ------------------------------------------------------------------ rows
    def set_view(self, view: RunbookView | None, which: str | None = None) -> None:
        """Show ``view`` listed by ``which`` (default: the current filter)."""
        which = which or self.filter
        order = listed(view, which) if view is not None else []
        old_view, old_order = self.view, self.order
        same = (
            old_view is not None and view is not None and which == self.filter
            and len(order) == len(old_order)
            and all(view.steps[i].id == old_view.steps[j].id
                    for i, j in zip(order, old_order, strict=True))
        )
        if not same:
            self.beginResetModel()
            self.view, self.filter, self.order = view, which, order
            self.reference = view.origin if view is not None else None
            self.endResetModel()
            return
        assert view is not None and old_view is not None
        self.view, self.order = view, order
        self.reference = view.origin
        self._repaint_changed(old_view, old_order, view, order)

    def _repaint_changed(
        self, old: RunbookView, old_order: Sequence[int], new: RunbookView, order: Sequence[int]
    ) -> None:
        """dataChanged over the runs of rows whose step or timing differ."""
        last = len(LIVE_COLUMNS) - 1
        first: int | None = None
        for row, (i, j) in enumerate(zip(order, old_order, strict=True)):
            changed = new.timings[i] != old.timings[j] or new.steps[i] != old.steps[j]
            if changed and first is None:
                first = row
            elif not changed and first is not None:
                self.dataChanged.emit(self.index(first, 0), self.index(row - 1, last))
                first = None
        if first is not None:
            self.dataChanged.emit(self.index(first, 0), self.index(len(order) - 1, last))

    def pair(self, row: int) -> tuple[StepRow, StepTiming] | None:
        if self.view is None or not 0 <= row < len(self.order):
            return None
        i = self.order[row]
        return self.view.steps[i], self.view.timings[i]

    def row_of(self, step_id: int) -> int:
        if self.view is None:
            return -1
        for row, i in enumerate(self.order):
            if self.view.steps[i].id == step_id:
                return row
        return -1

    # ------------------------------------------------------------------ Qt
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.order)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(LIVE_COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(LIVE_COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return LIVE_COLUMNS[section].title
        if role == Qt.ItemDataRole.ToolTipRole:
            return LIVE_COLUMNS[section].tip or None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        pair = self.pair(index.row()) if index.isValid() else None
        if pair is None:
            return None
        step, timing = pair
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(step, timing, column)
        if role == ID_ROLE:
            return step.id
        if role == STATE_ROLE:
            return timing.state
        late = timing.late_minutes > 0
        if role == Qt.ItemDataRole.ForegroundRole:
            return state_foreground(timing.state, late)
        if role == Qt.ItemDataRole.BackgroundRole:
            return state_background(timing.state, late)
        if role == Qt.ItemDataRole.DecorationRole and column == 1:
            return kind_icon(step.kind)
        if role == Qt.ItemDataRole.FontRole and (
            timing.state == "running" or awaiting_decision(step, timing)
        ):
            return bold_font()
        if role == Qt.ItemDataRole.ToolTipRole and column == 1:
            lines = [kind_label(step.kind)]
            if step.command:
                lines.append(step.command)
            if step.notes:
                lines.append(step.notes)
            return "\n".join(lines)
        return None

    def _display(self, step: StepRow, timing: StepTiming, column: int) -> str:
        ref = self.reference
        if column == 0:
            return step.code
        if column == 1:
            return f"↳ {step.title}" if step.rollback_of else step.title
        if column == 2:
            return step.stream
        if column == 3:
            return step.owner
        if column == 4:
            return state_text(step, timing)
        if column == 5:
            return _span(timing.planned_start, timing.planned_finish, ref)
        if column == 6:
            return clock_text(timing.actual_start, ref)
        if column == 7:
            return clock_text(timing.actual_finish, ref)
        if column == 8:
            return _span(timing.start, timing.finish, ref)
        if column == 9:
            return f"+{minutes_text(timing.late_minutes)}" if timing.late_minutes > 0 else ""
        if column == 10:
            return note_text(step, timing)
        return ""


def _span(start: datetime | None, finish: datetime | None, reference: datetime | None) -> str:
    if start is None:
        return ""
    if finish is not None and finish.date() == start.date():
        return f"{clock_text(start, reference)}–{finish.strftime('%H:%M')}"
    return f"{clock_text(start, reference)}–{clock_text(finish, reference)}"
