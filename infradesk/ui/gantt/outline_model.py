"""The task outline as a flat Qt table model over plain lists (no ORM object per row).

Rows shown are ``view_rows`` (outline rows that pass the filter). After an edit the model
takes the edit's :class:`~infradesk.services.plan.task_edit.TaskChanges`: the new schedule and
the own fields of the edited tasks, so nothing is read again; it signals ``dataChanged`` for
the rows whose fields, dates or floats moved. An indent or an outdent (rows in the same order)
updates the outline's lists in place; other structural edits reload.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont

from infradesk.errors import UserError
from infradesk.interchange.duration_marks import marked_text as duration_text
from infradesk.interchange.duration_marks import read_marked as read_duration_text
from infradesk.schedule.durations import (
    DurationError,
    entry_unit,
    format_days,
    format_duration,
    parse_duration,
)
from infradesk.schedule.early_moments import early_moments
from infradesk.schedule.engine import ScheduleResult
from infradesk.schedule.plan import DATED_CONSTRAINTS
from infradesk.services.plan.errors import TaskEditError
from infradesk.services.plan.external_text import SetPredecessorsText
from infradesk.services.plan.field_edits import UpdateTask
from infradesk.services.plan.link_edits import SetPredecessors
from infradesk.services.plan.outline import Outline, link_text
from infradesk.services.plan.predecessor_text import parse_predecessors
from infradesk.services.plan.progress import CONSTRAINT_NAMES
from infradesk.services.plan.progress import remaining_minutes as remaining_of
from infradesk.services.plan.schedule_mode import MoveManualTask
from infradesk.services.plan.task_edit import TaskChanges, TaskEdit
from infradesk.services.plan.view import load_outline_view, reload_outline_links
from infradesk.services.preferences import load_preferences
from infradesk.services.resources.assignments import SetAssignments
from infradesk.services.resources.fields import format_work as work_text
from infradesk.ui import theme
from infradesk.ui.context import AppContext
from infradesk.ui.progress.due import new_remaining
from infradesk.ui.settings import format_date

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    title: str
    key: str
    width: int
    editable: bool = False
    hidden: bool = False  # shown through View > Gantt chart > Columns or the header's menu


COLUMNS: tuple[Column, ...] = (
    Column("WBS", "wbs", 48),
    Column("Task name", "name", 250, True),
    Column("Duration", "duration", 62, True),
    Column("Start", "start", 118, True),
    Column("Finish", "finish", 118),
    Column("Predecessors", "predecessors", 92, True),
    Column("% Done", "percent", 54, True),
    Column("Owner", "owner", 130, True),
    # MS Project's Resource Names: ``Network engineer[50%]; Crew`` (issue 18)
    Column("Assigned", "assigned", 170, True),
    Column("Total float", "float", 72),
    Column("Remaining", "remaining", 70, True, hidden=True),
    Column("Actual start", "actual_start", 118, True, hidden=True),
    Column("Actual finish", "actual_finish", 118, True, hidden=True),
    Column("Cost", "cost", 90, True, hidden=True),
    Column("Actual cost", "actual_cost", 90, True, hidden=True),
    Column("SPI", "spi", 46, hidden=True),
    Column("CPI", "cpi", 46, hidden=True),
    Column("Constraint", "constraint_type", 76, True, hidden=True),
    Column("Constraint date", "constraint_date", 118, True, hidden=True),
    # against the baseline the plan is compared with (Project > Baselines...), as MS Project's
    # Baseline Start/Finish and Start/Finish Var.: working days, + later than the baseline
    Column("Baseline start", "baseline_start", 118, hidden=True),
    Column("Baseline finish", "baseline_finish", 118, hidden=True),
    Column("Start var.", "start_variance", 70, hidden=True),
    Column("Finish var.", "finish_variance", 74, hidden=True),
    # the assignments' work (people and crews), in hours as MS Project shows it; read-only:
    # work follows duration x units (issue 18)
    Column("Work", "work", 64, hidden=True),
)
VARIANCE_KEYS = {"start_variance": "start", "finish_variance": "finish"}
EVM_KEYS = frozenset({"spi", "cpi"})
COLUMN_KEYS = [c.key for c in COLUMNS]
COLUMN_TITLES = {c.key: c.title for c in COLUMNS}
FILTERS = ("all", "critical", "milestones", "late")
FILTER_TITLES = {
    "all": "All tasks",
    "critical": "Critical only",
    "milestones": "Milestones only",
    "late": "Late tasks",
}
# summaries: rolled up from their tasks, not editable
ROLLED_UP = frozenset(
    {"duration", "percent", "start", "remaining", "actual_start", "actual_finish", "cost",
     "actual_cost"}
)  # fmt: skip
RIGHT_ALIGNED = frozenset(
    {"duration", "percent", "float", "remaining", "cost", "actual_cost", "spi", "cpi",
     "start_variance", "finish_variance", "work"}
)  # fmt: skip
TASK_ID_ROLE = Qt.ItemDataRole.UserRole
# cells whose edit writes other rows than the task's own (links, assignments): such an edit
# does not expect the task's version (a rename by someone else does not stale it)
NOT_TASK_FIELDS = frozenset({"assigned", "predecessors"})
OUTLINE_ROW_ROLE = Qt.ItemDataRole.UserRole + 1
DEPTH_ROLE = Qt.ItemDataRole.UserRole + 2


def parse_money(text: str, what: str) -> Decimal:
    """A typed amount: ``1200``, ``1,200.50`` (as the cells show it), ``1 200,50`` (a decimal
    comma: one not followed by exactly three digits, the thousands of ``8,000``)."""
    value = text.strip().replace(" ", "").replace("\u00a0", "")
    if "," in value and "." not in value and len(value) - value.rindex(",") - 1 != 3:
        value = value.replace(",", ".")  # a decimal comma
    value = value.replace(",", "")
    try:
        amount = Decimal(value or "0")
    except InvalidOperation as error:
        raise TaskEditError(f"{what}: '{text}' is not an amount (e.g. 1200 or 1200.50).") from error
    if not amount.is_finite() or amount < 0:
        raise TaskEditError(f"{what}: '{text}' is not an amount of zero or more.")
    return amount


def parse_start(text: str) -> datetime:
    """A typed start: ``2026-03-02``, ``2026-03-02 08:00``, ``02.03.2026`` or ``02/03/2026``."""
    value = text.strip()
    for form in (
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d",
        "%d.%m.%Y %H:%M",
        "%d.%m.%Y",
        "%d/%m/%Y",
        "%a %d %b %y %H:%M",
        "%d %b %Y",
    ):
        try:
            moment = datetime.strptime(value, form)
        except ValueError:
            continue
        return moment
    raise TaskEditError(f"'{text}' is not a date (use YYYY-MM-DD or YYYY-MM-DD HH:MM).")


SCHEDULE_LATER_FROM = 20_000
"""Tasks from which a project opens on its stored dates and takes its schedule from the
background warm-up (see ``OutlineModel.schedule_later_from``): building it costs about as much
as reading the plan."""


class OutlineModel(QAbstractTableModel):
    """Flat rows with the outline depth in ``DEPTH_ROLE``; edits go through the context."""

    outlineReset = Signal()
    rowsRefreshed = Signal(int, int)  # first and last view row whose data changed
    # a typed value that was not saved (a bad value, a loop, a busy or read-only workspace):
    # setData says why here and returns False, never raising through Qt
    editRefused = Signal(str)

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.outline = Outline()
        self.date_format = "iso"
        self.duration_unit = "best"  # Settings > Durations in
        self.view_rows: list[int] = []
        self.filter = "all"
        self.owner_filter = ""
        self.markers_risks: dict[int, list[str]] = {}
        self.markers_deliveries: dict[int, list] = {}
        self.links_changed = False  # the last refresh changed links (the chart re-indexes)
        # the last refresh changed a task's resource names (the resource filter re-reads them)
        self.names_changed = False
        self.collapsed: set[int] = set()  # task ids of folded summaries
        # per task id: (SPI, CPI) from the earned-value service, when those columns are shown
        self.evm: dict[int, tuple[float | None, float | None]] = {}
        # a project opened with at least this many tasks shows its stored dates at once and
        # takes its schedule later (take_schedule: the main window's warm-up hands it over);
        # None: the schedule is always built as the outline loads
        self.schedule_later_from: int | None = None
        self._bold = QFont()
        self._bold.setBold(True)
        self._italic = QFont()
        self._italic.setItalic(True)

    # ------------------------------------------------------------------ loading
    def reload(self, schedule: ScheduleResult | None = None, *, opening: bool = False) -> None:
        """Read the current project's outline again (``schedule``: a result known to be
        the stored one, which spares computing it). ``opening``: the project was just chosen
        (a big one then waits for :meth:`take_schedule`, see ``schedule_later_from``)."""
        project_id = self.context.project_id
        preferences = load_preferences()
        self.date_format = preferences.date_format
        self.duration_unit = preferences.duration_unit
        self.beginResetModel()
        if project_id is None:
            self.outline = Outline()
        else:
            view = load_outline_view(
                self.context.workspace,
                project_id,
                schedule,
                schedule_below=self.schedule_later_from if opening else None,
            )
            self.outline = view.outline
            self.context.loaded_outline = view.outline  # the warm-up starts from it
            self.markers_risks = view.risk_markers
            self.markers_deliveries = view.delivery_markers
        self._apply_filter()
        self.endResetModel()
        # The outline is many small long-lived objects: keep them out of the cyclic
        # collector's full sweeps, which would otherwise add pauses to every later edit.
        gc.freeze()
        self.outlineReset.emit()

    def take_schedule(self, project_id: int, result: ScheduleResult) -> bool:
        """Hold ``result``, the project's schedule built in the background after it opened
        (from the same inputs as the one a load builds), when it fits the shown outline.
        Returns True when the outline was waiting for it (its floats, critical path and
        late-by-schedule flags appear: the views must repaint)."""
        o = self.outline
        if o.project_id != project_id or len(result) != len(o):
            return False
        held, waiting = o.result, o.schedule_pending
        if held is None and not waiting:
            return False  # shown without a schedule (no start, a loop): stays so
        if held is not None and not isinstance(result, type(held)):
            return False
        o.result, o.schedule_pending = result, False
        if not waiting:
            return False  # same floats and dates: the edits now compare with this one
        gc.freeze()  # the plan built on the worker: long-lived, as the outline (see reload)
        if self.filter in ("critical", "late"):  # the rows they keep depend on the schedule
            self.beginResetModel()
            self._apply_filter()
            self.endResetModel()
            self.outlineReset.emit()
        elif self.view_rows:
            last = self.index(len(self.view_rows) - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)  # the float column and its colour
            self.rowsRefreshed.emit(0, len(self.view_rows) - 1)
        return True

    def _date_text(self, value: datetime | None) -> str:
        """Start and finish as Settings > Date format says, after the weekday."""
        return f"{value:%a} {format_date(value, self.date_format)}" if value else ""

    def apply_changes(self, changes: TaskChanges) -> None:
        """Take a non-structural edit's changes: refresh changed rows only."""
        o = self.outline
        result = changes.schedule
        rows = changes.rows
        if self._reparent_in_place(changes):
            return
        if (
            changes.structural
            or result is None
            or rows is None
            or (o.result is None and not o.schedule_pending)
            or len(result) != len(o)
        ):
            self.reload(result)
            return
        known = changes.rescheduled_ids
        previous = o.result
        row_of = o.row_of
        if previous is None:
            # opened on the stored dates, the schedule still on its way (take_schedule): the
            # tasks whose dates differ from the shown ones moved; every row gets its floats
            start, finish = o.start, o.finish
            moved = {
                task_id
                for task_id, (new_start, new_finish) in result.start_finish().items()
                if (row := row_of.get(task_id)) is not None
                and (start[row] != new_start or finish[row] != new_finish)
            }
            shifted: Iterable[int] = moved
            changed_rows = set(range(len(o)))
        else:
            if known is not None and changes.compared_to is previous:
                moved = set(known)
            else:
                moved = set(result.changed_since(previous))
            shifted = dates_moved(result, previous, moved)
            changed_rows = {row_of[t] for t in moved if t in row_of}
        o.result, o.schedule_pending = result, False
        self._take_dates(result, (row for t in shifted if (row := row_of.get(t)) is not None))
        touched = [f.id for f in rows if f.id in row_of]
        self._take_versions(changes)
        self.links_changed = changes.links_changed
        if changes.links_changed:
            reload_outline_links(self.context.workspace, o)
        assigned = changes.assigned or {}
        for f in rows:
            row = row_of.get(f.id)
            if row is None:
                continue
            state = assigned.get(f.id)
            if state is not None and o.assigned:  # before the costs: they add its cost
                changed_rows.update(
                    o.set_assigned(row, state.text, state.names, state.cost, state.work_minutes)
                )
            o.name[row], o.duration[row] = f.name, f.duration_minutes
            o.percent[row], o.milestone[row] = f.percent_complete, f.milestone
            o.owner[row] = f.owner or ""
            o.deadline[row], o.production[row] = f.deadline, f.production_change
            o.actual_start[row], o.actual_finish[row] = f.actual_start, f.actual_finish
            o.constraint_type[row], o.constraint_date[row] = f.constraint_type, f.constraint_date
            o.snet[row] = f.constraint_date if f.constraint_type == "SNET" else None
            changed_rows.update(o.set_flags(row, f.estimated, f.manual, f.elapsed))
            changed_rows.update(o.set_costs(row, f.cost, f.actual_cost))  # and summaries above
            o.remaining[row] = remaining_of(o.duration[row], o.percent[row])
            if o.summary[row]:  # rolled up by the engine, whatever was stored
                sched = result[f.id]
                self._roll_up(row, sched.duration_minutes, sched.percent_complete)
            changed_rows.add(row)
        if changes.links_changed:
            changed_rows.update(range(len(o)))
        # roll-ups above the edited tasks (percent done changes no date)
        for task_id in touched:
            parent = o.parent[row_of[task_id]]
            while parent >= 0:
                sched = result[o.ids[parent]]
                self._roll_up(parent, sched.duration_minutes, sched.percent_complete)
                changed_rows.add(parent)
                parent = o.parent[parent]
        if not self._refilter():
            self._refresh_rows(changed_rows)

    def _refilter(self) -> bool:
        """Rebuild the view rows when rows now pass or fail the filter differently (a model
        reset); False when the view rows stay."""
        if (
            self.filter == "all"
            and not self.owner_filter
            and not self.collapsed
            and len(self.view_rows) == len(self.outline)
        ):
            return False  # every row shown, and still (no list of 100,000 rows made to see it)
        new_view = self._filtered_rows()
        if new_view == self.view_rows:
            return False
        self.beginResetModel()
        self.view_rows = new_view
        self.endResetModel()
        self.outlineReset.emit()
        return True

    def _refresh_rows(self, rows: set[int]) -> None:
        """Signal the band of view rows that shows the given outline rows."""
        if len(self.view_rows) == len(self.outline):  # every row shown, in order
            views = list(rows)
        else:
            view_of = {row: v for v, row in enumerate(self.view_rows)}
            views = [view_of[r] for r in rows if r in view_of]
        if views:
            first, last = min(views), max(views)
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))
            self.rowsRefreshed.emit(first, last)

    def _reparent_in_place(self, changes: TaskChanges) -> bool:
        """An edit that gave tasks new parents and kept the rows in order (indent, outdent):
        the outline's lists updated in place, the new dates taken from the schedule and the
        rows that changed repainted. False when it must reload instead."""
        o, result = self.outline, changes.schedule
        self.names_changed = False
        if (
            not changes.structural
            or changes.reparented is None
            or result is None
            or o.result is None
            or len(result) != len(o)
        ):
            return False
        network = result.network
        new_parents: dict[int, int | None] = {}
        for task_id in changes.reparented:
            i = network.index.get(task_id)
            if i is None:
                return False
            up = network.parent[i]
            new_parents[task_id] = network.ids[up] if up >= 0 else None
        own = {f.id: f for f in changes.rows or ()}
        rows = [o.row_of[t] for t in new_parents if t in o.row_of]
        names = [o.resource_names[r] for r in rows] if o.resource_names else []
        done = o.reparent(new_parents, own, changes.assigned)
        if done is None:
            return False
        self.names_changed = bool(names) and names != [o.resource_names[r] for r in rows]
        renumbered, rolled = done
        previous = o.result
        if previous is None:  # checked above; says so to the type checker
            return False
        known = changes.rescheduled_ids
        if known is not None and changes.compared_to is previous:
            moved = set(known)
        else:
            moved = set(result.changed_since(previous))
        o.result = result
        row_of = o.row_of
        changed_rows = set(rolled)
        changed_rows.update(row_of[t] for t in moved if t in row_of)
        dated = set(rolled)
        dated.update(row_of[t] for t in dates_moved(result, previous, moved) if t in row_of)
        self._take_dates(result, dated)
        self._take_versions(changes)
        self.links_changed = False
        if not self._refilter():
            changed_rows.update((renumbered.start, renumbered.stop - 1))
            self._refresh_rows(changed_rows)
        return True

    def _take_versions(self, changes: TaskChanges) -> None:
        """The version counters of the rows an edit wrote, as it committed them (the rows are
        refreshed in place, not read again), so that the next edit of one of them expects
        the right version."""
        o = self.outline
        if changes.versions is None or len(o.version) != len(o):
            return
        row_of = o.row_of
        for (table, task_id), version in changes.versions.items():
            row = row_of.get(task_id) if table == "task" else None
            if row is not None:
                o.version[row] = version

    def _take_dates(self, result: ScheduleResult, rows: Iterable[int]) -> None:
        """The rows' shown dates (and summaries' roll-ups) from ``result``, without building
        the summaries' whole entries (:func:`early_moments`): when an edit moves the
        project's finish, every summary's late dates move, and building them would build
        most of the plan's entries."""
        o = self.outline
        memo: dict[int, tuple[datetime, datetime]] = {}
        for row in rows:
            task_id = o.ids[row]
            o.start[row], o.finish[row] = early_moments(result, task_id, memo)
            if o.summary[row]:
                self._roll_up(row, *result.duration_and_percent(task_id))

    def _roll_up(self, row: int, duration: int, percent: float) -> None:
        """A summary's duration and % complete from the engine, and its remaining work."""
        o = self.outline
        o.duration[row], o.percent[row] = duration, round(percent, 2)
        o.remaining[row] = remaining_of(duration, o.percent[row])

    # ------------------------------------------------------------------ filters
    def set_filter(self, name: str, owner: str = "") -> None:
        if name not in FILTERS:
            raise ValueError(f"unknown filter {name}")
        self.filter, self.owner_filter = name, owner
        self.beginResetModel()
        self._apply_filter()
        self.endResetModel()
        self.outlineReset.emit()

    def _apply_filter(self) -> None:
        self.view_rows = self._filtered_rows()

    def _filtered_rows(self) -> list[int]:
        rows = self._matching_rows()
        if not self.collapsed:
            return rows
        o = self.outline
        hidden = [False] * len(o)
        for r, p in enumerate(o.parent):  # parents come before their children
            hidden[r] = p >= 0 and (hidden[p] or o.ids[p] in self.collapsed)
        return [r for r in rows if not hidden[r]]

    def toggle_collapsed(self, row: int) -> None:
        """Fold or unfold the summary at outline ``row``."""
        task_id = self.outline.ids[row]
        if not self.outline.summary[row]:
            return
        self.collapsed ^= {task_id}
        self.beginResetModel()
        self._apply_filter()
        self.endResetModel()
        self.outlineReset.emit()

    def set_all_collapsed(self, collapsed: bool) -> None:
        o = self.outline
        self.collapsed = {o.ids[r] for r in range(len(o)) if o.summary[r]} if collapsed else set()
        self.beginResetModel()
        self._apply_filter()
        self.endResetModel()
        self.outlineReset.emit()

    def _matching_rows(self) -> list[int]:
        o = self.outline
        count = len(o)
        keep = None
        if self.filter == "critical":
            keep = [o.critical(r) and not o.summary[r] for r in range(count)]
        elif self.filter == "milestones":
            keep = [
                not o.summary[r] and (o.milestone[r] or o.duration[r] == 0) for r in range(count)
            ]
        elif self.filter == "late":
            keep = [
                o.late(r)
                or (o.result is not None and o.ids[r] in o.result and self._late_by_schedule(r))
                for r in range(count)
            ]
        if self.owner_filter:  # a resource: the tasks it is assigned to (or owns, a summary)
            owner = self.owner_filter.casefold()
            names = o.resource_names or [()] * count
            by_owner = [
                o.owner[r].casefold() == owner or any(n.casefold() == owner for n in names[r])
                for r in range(count)
            ]
            keep = (
                by_owner if keep is None else [a and b for a, b in zip(keep, by_owner, strict=True)]
            )
        if keep is None:
            return list(range(count))
        # keep the summaries above kept rows, so the outline still reads
        for r in range(count - 1, -1, -1):
            if keep[r] and o.parent[r] >= 0:
                keep[o.parent[r]] = True
        return [r for r in range(count) if keep[r]]

    def _late_by_schedule(self, row: int) -> bool:
        o = self.outline
        status = o.status_date or datetime.now()
        finish = o.finish[row]
        # behind: should be finished by the status date but is not 100 % done
        return (
            not o.summary[row] and finish is not None and finish < status and o.percent[row] < 100
        )

    def owners(self) -> list[str]:
        """The names the resource filter offers: every assigned resource and owner."""
        o = self.outline
        names: dict[str, str] = {}
        # each distinct value once, in the order first met (dict.fromkeys: a C loop over the
        # rows), so the first spelling of a name still wins
        for found in (*dict.fromkeys(o.resource_names), *((n,) for n in dict.fromkeys(o.owner))):
            for name in found:
                if name:
                    names.setdefault(name.casefold(), name)
        return sorted(names.values(), key=str.casefold)

    # ------------------------------------------------------------------ Qt model API
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.view_rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal:
                return COLUMNS[section].title
            return str(self.view_rows[section] + 1) if section < len(self.view_rows) else None
        if role == Qt.ItemDataRole.TextAlignmentRole and orientation == Qt.Orientation.Horizontal:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        flags = (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemIsDropEnabled
        )
        column = COLUMNS[index.column()]
        row = self.view_rows[index.row()]
        if column.editable and not (self.outline.summary[row] and column.key in ROLLED_UP):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def text(self, row: int, key: str) -> str:
        o = self.outline
        mpd = o.minutes_per_day
        if key == "wbs":
            return o.wbs[row]
        if key == "name":
            return o.name[row]
        if key == "duration":  # with MS Project's marks: 5d? estimated, 3ed elapsed
            return duration_text(
                o.duration[row],
                mpd,
                estimated=o.shows_estimated(row),
                elapsed=o.elapsed[row] and not o.summary[row],
                unit=self.duration_unit,
            )
        if key in ("start", "finish"):
            value = o.start[row] if key == "start" else o.finish[row]
            return self._date_text(value)
        if key == "percent":
            return f"{o.percent[row]:.0f}%"
        if key == "predecessors":
            return o.predecessors[row]
        if key == "owner":
            return o.owner[row]
        if key == "assigned":
            return o.assigned[row] if o.assigned else ""
        if key == "float":
            total_float = o.total_float(row)
            return "" if total_float is None else format_days(total_float, mpd)
        if key == "remaining":
            left = o.remaining[row]  # a summary's is a roll-up of working time
            elapsed = o.elapsed[row] and not o.summary[row]  # a task's own in its units
            return duration_text(left, mpd, elapsed=elapsed, unit=self.duration_unit)
        if key in ("actual_start", "actual_finish", "constraint_date", "baseline_start",
                   "baseline_finish"):  # fmt: skip
            return self._date_text(getattr(o, key)[row])
        if key in VARIANCE_KEYS:
            minutes = o.variance(row, VARIANCE_KEYS[key])
            return "" if minutes is None else format_days(minutes, mpd)
        if key in ("cost", "actual_cost"):
            return f"{getattr(o, key)[row]:,.2f}"  # a summary's: the sum of its tasks'
        if key == "work":
            return work_text(o.work[row]) if o.work else ""
        if key == "constraint_type":
            return o.constraint_type[row]
        if key in EVM_KEYS:
            figures = self.evm.get(o.ids[row])
            index = None if figures is None else figures[0 if key == "spi" else 1]
            return "" if index is None else f"{index:.2f}"
        return ""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.view_rows[index.row()]
        key = COLUMNS[index.column()].key
        o = self.outline
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            text = self.text(row, key)
            if role == Qt.ItemDataRole.EditRole and key == "percent":
                return text.rstrip("%")
            if role == Qt.ItemDataRole.EditRole:
                return self.edit_text(row, key, text)
            return text
        if role == TASK_ID_ROLE:
            return o.ids[row]
        if role == OUTLINE_ROW_ROLE:
            return row
        if role == DEPTH_ROLE:
            return o.depth[row]
        if role == Qt.ItemDataRole.FontRole:
            if o.summary[row]:
                return self._bold
            if key == "start" and o.constraint_type[row] != "ASAP":
                return self._italic
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if key == "float" and o.critical(row):
                return theme.current().error
            if key == "finish" and o.late(row):
                return theme.current().error
            if key in VARIANCE_KEYS and (o.variance(row, VARIANCE_KEYS[key]) or 0) > 0:
                return theme.current().error  # later than the baseline
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and key in RIGHT_ALIGNED:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row)
        return None

    def edit_text(self, row: int, key: str, shown: str) -> str:
        """What a cell's editor opens with (dates in a form ``parse_start`` reads back)."""
        o = self.outline
        if key in ("start", "actual_start", "actual_finish", "constraint_date"):
            value = o.start[row] if key == "start" else getattr(o, key)[row]
            return value.strftime("%Y-%m-%d %H:%M") if value else ""
        if key == "cost":  # the fixed cost: the assignments' is computed
            return f"{o.fixed_cost(row):.2f}"
        if key == "actual_cost":
            return f"{o.own_actual_cost[row]:.2f}"  # invoiced orders add to it (tooltip)
        return shown

    def tooltip(self, row: int) -> str:
        o = self.outline
        mpd = o.minutes_per_day
        lines = [f"<b>{o.wbs[row]} {_escape(o.name[row])}</b>"]
        if o.start[row]:
            lines.append(f"Start: {o.start[row]:%a %d %b %Y %H:%M}")
        if o.finish[row]:
            lines.append(f"Finish: {o.finish[row]:%a %d %b %Y %H:%M}")
        lines.append(f"Duration: {self.text(row, 'duration')}")
        if o.assigned and o.assigned[row]:
            lines.append(f"Assigned: {_escape(o.assigned[row])}")
        if o.baseline_finish[row]:
            lines.append(
                f"Baseline '{_escape(o.baseline_name)}' finish: "
                f"{o.baseline_finish[row]:%a %d %b %Y %H:%M} "
                f"(variance {self.text(row, 'finish_variance')})"
            )
        lines.extend(flag_lines(o, row))
        tf = o.total_float(row)
        if tf is not None:
            lines.append(
                f"Total float: {format_days(tf, mpd)}" + (" (critical)" if tf <= 0 else "")
            )
        if o.actual_start[row]:
            lines.append(f"Actual start: {o.actual_start[row]:%a %d %b %Y %H:%M}")
        if o.actual_finish[row]:
            lines.append(f"Actual finish: {o.actual_finish[row]:%a %d %b %Y %H:%M}")
        constraint, moment = o.constraint_type[row], o.constraint_date[row]
        if constraint != "ASAP":
            when = f" {moment:%a %d %b %Y %H:%M}" if moment else ""
            lines.append(f"Constraint: {CONSTRAINT_NAMES.get(constraint, constraint)}{when}")
        if o.summary[row]:
            if o.cost[row] or o.actual_cost[row]:
                lines.append(
                    f"Cost {o.cost[row]:,.2f}, actual cost {o.actual_cost[row]:,.2f}:"
                    " the sums of its tasks'"
                )
            if o.invoiced_cost[row]:
                lines.append(
                    f"Invoices naming the summary itself ({o.invoiced_cost[row]:,.2f}) are not"
                    " counted: name one of its tasks"
                )
        elif o.assigned_cost and o.assigned_cost[row]:
            lines.append(
                f"Cost {o.cost[row]:,.2f}: {o.fixed_cost(row):,.2f} fixed"
                f" + {o.assigned_cost[row]:,.2f} for its resources"
            )
        if not o.summary[row] and o.invoiced_cost[row]:
            lines.append(
                f"Actual cost {o.actual_cost[row]:,.2f}: {o.own_actual_cost[row]:,.2f} recorded"
                f" + {o.invoiced_cost[row]:,.2f} invoiced by purchase orders"
            )
        if o.deadline[row]:
            late = " — LATE" if o.late(row) else ""
            lines.append(f"Deadline: {o.deadline[row]:%a %d %b %Y}{late}")
        preds = [
            f"{o.wbs[o.row_of[p]]} {_escape(o.name[o.row_of[p]])} ({k}"
            + (f" {format_duration(lag, mpd)}" if lag else "")
            + ")"
            for p, s, k, lag in o.links
            if s == o.ids[row] and p in o.row_of
        ]
        succs = [
            f"{o.wbs[o.row_of[s]]} {_escape(o.name[o.row_of[s]])} ({k})"
            for p, s, k, _lag in o.links
            if p == o.ids[row] and s in o.row_of
        ]
        if preds:
            lines.append("After: " + "; ".join(preds))
        if succs:
            lines.append("Before: " + "; ".join(succs))
        risks = self.markers_risks.get(o.ids[row])
        if risks:
            lines.append("Risks: " + ", ".join(risks))
        for marker in self.markers_deliveries.get(o.ids[row], ()):
            late = " (late)" if getattr(marker, "late", False) else ""
            lines.append(f"Delivery {marker.date:%d %b}: {_escape(marker.description)}{late}")
        return "<br>".join(lines)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        project_id = self.context.project_id
        if project_id is None:
            return False
        row = self.view_rows[index.row()]
        key = COLUMNS[index.column()].key
        if str(value) == self.data(index, Qt.ItemDataRole.EditRole):
            return False
        try:
            command = self.command_for(project_id, row, key, value)
            if command is None:
                return False
            if key not in NOT_TASK_FIELDS and row < len(self.outline.version):
                # refused if someone changed the task since it was read (StaleEditError)
                command.expect("task", self.outline.ids[row], self.outline.version[row])
            self.context.execute(command, typed=value)
        except UserError as error:  # said at the cell by the table; the typed value is kept
            self.editRefused.emit(str(error))
            return False
        return True

    def command_for(self, project_id: int, row: int, key: str, value: Any) -> TaskEdit | None:
        """The edit a typed cell value asks for; raises TaskEditError when it cannot be read."""
        o = self.outline
        task_id = o.ids[row]
        text = str(value).strip()
        if key == "name":
            return UpdateTask(project_id, task_id, {"name": text}, "Rename task")
        if key == "owner":
            return UpdateTask(project_id, task_id, {"owner": text}, "Edit owner")
        if key == "assigned":  # a bad part is refused here, quoted, before anything runs
            return SetAssignments(project_id, task_id, text)
        if key == "duration":
            return self._duration_edit(project_id, row, text)
        if key == "percent":
            try:
                percent = float(text.rstrip("%").replace(",", "."))
            except ValueError as error:
                raise TaskEditError(f"'{text}' is not a percentage (0 to 100).") from error
            return UpdateTask(project_id, task_id, {"percent_complete": percent}, "Edit % done")
        if key == "start":
            if not text:
                return UpdateTask(
                    project_id,
                    task_id,
                    {"constraint_type": "ASAP", "constraint_date": None},
                    "Clear start constraint",
                )
            if o.manual[row]:  # a manual task's start is its own: it moves there
                return MoveManualTask(project_id, task_id, parse_start(text), "Edit start")
            return UpdateTask(
                project_id,
                task_id,
                {"constraint_type": "SNET", "constraint_date": parse_start(text)},
                "Edit start",
            )
        if key in ("actual_start", "actual_finish"):
            moment = parse_start(text) if text else None
            title = "Edit actual start" if key == "actual_start" else "Edit actual finish"
            return UpdateTask(project_id, task_id, {key: moment}, title)
        if key in ("cost", "actual_cost"):
            amount = parse_money(text, COLUMN_TITLES[key])
            return UpdateTask(project_id, task_id, {key: amount}, f"Edit {key.replace('_', ' ')}")
        if key == "constraint_type":
            kind = text.upper() or "ASAP"
            moment = o.constraint_date[row]
            if moment is None and kind in DATED_CONSTRAINTS:  # as MS Project: today's dates
                moment = o.finish[row] if kind in ("FNET", "FNLT", "MFO") else o.start[row]
            return UpdateTask(
                project_id,
                task_id,
                {"constraint_type": kind, "constraint_date": moment},
                "Edit constraint",
            )
        if key == "constraint_date":
            moment = parse_start(text) if text else None
            kind = o.constraint_type[row]
            if moment is None:
                kind = "ASAP"
            elif kind not in DATED_CONSTRAINTS:
                kind = "SNET"  # a date on an undated constraint: start no earlier than it
            return UpdateTask(
                project_id,
                task_id,
                {"constraint_type": kind, "constraint_date": moment},
                "Edit constraint date",
            )
        if key == "remaining":
            try:
                minutes = parse_duration(
                    text, o.minutes_per_day, default_unit=entry_unit(self.duration_unit)
                )
            except DurationError as error:
                raise TaskEditError(f"Remaining work: {error}") from error
            if minutes == o.remaining[row]:
                return None
            return new_remaining(o, row, minutes)
        if key == "predecessors":
            if "!" in text or "!" in o.predecessors[row]:  # a predecessor in another project
                return SetPredecessorsText(
                    project_id, task_id, text, o.ids, o.wbs, o.minutes_per_day
                )
            specs = parse_predecessors(text, o.ids, o.wbs, o.minutes_per_day, task_id)
            return SetPredecessors(project_id, task_id, specs)
        return None

    def _duration_edit(self, project_id: int, row: int, text: str) -> TaskEdit | None:
        """A typed duration; its marks set the task's flags as in MS Project (``5d?``
        estimated, ``3ed`` elapsed; a plain ``5d`` clears both)."""
        o = self.outline
        try:
            typed = read_duration_text(text, o.minutes_per_day, entry_unit(self.duration_unit))
        except DurationError as error:
            raise TaskEditError(str(error)) from error
        values: dict[str, Any] = {}
        if typed.minutes != o.duration[row]:
            values["duration_minutes"] = typed.minutes
        if typed.estimated != o.estimated[row]:
            values["estimated"] = typed.estimated
        if typed.elapsed != o.elapsed[row]:
            values["elapsed"] = typed.elapsed
        if not values:
            return None
        return UpdateTask(project_id, o.ids[row], values, "Edit duration")

    # ------------------------------------------------------------------ helpers
    def task_id(self, view_row: int) -> int:
        return self.outline.ids[self.view_rows[view_row]]

    def view_row_of_task(self, task_id: int) -> int | None:
        row = self.outline.row_of.get(task_id)
        if row is None:
            return None
        try:
            return self.view_rows.index(row)
        except ValueError:
            return None

    def predecessor_text(self, row: int) -> str:
        o = self.outline
        return "; ".join(
            link_text(o.row_of[p] + 1, k, lag, o.minutes_per_day)
            for p, s, k, lag in o.links
            if s == o.ids[row] and p in o.row_of
        )


MANUAL_TIP = "Manually scheduled: links do not move this task"
ESTIMATED_TIP = "Estimated duration (?): a guess to be confirmed"
ELAPSED_TIP = "Elapsed duration: counted on the 24-hour clock, nights and weekends included"


def dates_moved(
    result: ScheduleResult, previous: ScheduleResult, task_ids: Iterable[int]
) -> Iterator[int]:
    """The tasks among ``task_ids`` whose shown dates may have changed since ``previous``:
    those whose start or finish position moved, and every summary and zero-length task (its
    time of day may change with its links). The others moved only their floats (read from
    the result as they are painted), which spares building 100,000 date-times when an edit
    moves the project's finish."""
    if previous.network is not result.network and previous.network.ids != result.network.ids:
        yield from task_ids
        return
    for task_id in task_ids:
        new = result.positions(task_id)
        if (
            new[0] == new[1]
            or result.is_summary(task_id)
            or previous.positions(task_id)[:2] != new[:2]
        ):
            yield task_id


def flag_lines(o: Outline, row: int) -> list[str]:
    """The tooltip's lines for a task's MS Project flags (a summary's: its tasks' estimates)."""
    if o.summary[row]:
        count = o.estimated_below[row] if o.estimated_below else 0
        return [f"{count} task(s) below have an estimated duration (?)"] if count else []
    lines = []
    if o.manual[row]:
        start = o.start[row]
        when = f" (fixed start {start:%a %d %b %Y %H:%M})" if start else ""
        lines.append(f"<b>{MANUAL_TIP}</b>{when}")
    if o.estimated[row]:
        lines.append(ESTIMATED_TIP)
    if o.elapsed[row]:
        lines.append(ELAPSED_TIP)
    return lines


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
