"""Change conflicts on the Gantt: a red "!" marker left of the bar of a production-change task
(or of a task that implements a change request) that conflicts with the change calendar,
another change or a booking; the reasons are added to the bar's tooltip.

Installed on a :class:`~infradesk.ui.gantt.tab.GanttTab` from outside its own code: it reads
the conflicts again when the project or workspace changes and after an edit that may change
them (the rules look across the workspace), and repaints. A Gantt edit of a task that cannot
change a conflict (not a production change, implementing no change, of nobody involved) reads
nothing: the edit path stays free of queries.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from infradesk.services.changes import Changes
from infradesk.services.governance.conflict_data import read_task_conflicts
from infradesk.services.plan.task_edit import TaskChanges

if TYPE_CHECKING:
    from infradesk.ui.gantt.tab import GanttTab

#: at most this many reasons in a bar's tooltip (the change log lists them all)
TIP_LINES = 6


class ConflictMarks:
    """Keeps ``tab.painter.markers.conflicts`` (task id -> reasons) current."""

    def __init__(self, tab: GanttTab) -> None:
        self.tab = tab
        self.by_task: dict[int, tuple[str, ...]] = {}
        self.watched: frozenset[int] = frozenset()
        self.people: frozenset[str] = frozenset()
        self._tooltip = tab.chart.tooltip_for
        tab.chart.tooltip_for = self.tooltip
        tab.context.projectChanged.connect(lambda _id: self.refresh())
        tab.context.workspaceChanged.connect(self.refresh)
        tab.context.changed.connect(self._on_changed)
        self.refresh()

    def _on_changed(self, changes: Changes) -> None:
        if not changes.touches("tasks", "risks", "resources", "projects"):
            return
        if isinstance(changes, TaskChanges) and not self._may_matter(changes):
            return
        self.refresh()

    def _may_matter(self, changes: TaskChanges) -> bool:
        """Whether a Gantt edit can change a conflict: it touched a watched task, flagged a
        production change, assigned someone involved, or did not say what it changed."""
        if changes.touches("risks", "resources", "projects"):
            return True
        for state in (changes.assigned or {}).values():  # someone involved (re)assigned
            if any(name.lower() in self.people for name in state.names):
                return True
        if changes.changed_ids is None or changes.rows is None:
            return True
        if any(row.production_change for row in changes.rows):
            return True
        interesting = self.watched | set(self.by_task)
        if changes.rescheduled_ids is None:  # unknown which moved
            return bool(interesting)
        touched = set(changes.changed_ids) | set(changes.rescheduled_ids)
        return bool(touched & interesting)

    def refresh(self) -> None:
        project_id = self.tab.context.project_id
        workspace = self.tab.context.workspace
        if project_id is None:
            found: dict[int, tuple[str, ...]] = {}
            self.watched, self.people = frozenset(), frozenset()
        else:
            marks = read_task_conflicts(workspace, project_id)
            found, self.watched, self.people = marks.messages, marks.watched, marks.people
        if found != self.by_task:
            self.by_task = found
            self.tab.painter.markers.conflicts = found
            self.tab.chart.viewport().update()

    def tooltip(self, row: int) -> str:
        text = self._tooltip(row) if self._tooltip is not None else ""
        outline = self.tab.painter.outline
        if not 0 <= row < len(outline.ids):
            return text
        reasons = self.by_task.get(outline.ids[row], ())
        if not reasons:
            return text
        shown = [f"• {html.escape(r)}" for r in reasons[:TIP_LINES]]
        if len(reasons) > TIP_LINES:
            shown.append(f"… and {len(reasons) - TIP_LINES} more (Risks > Change requests)")
        title = f"<b style='color:#b3261e'>Change conflicts ({len(reasons)}):</b>"
        return "<br>".join([text, title, *shown] if text else [title, *shown])


def install_conflict_marks(tab: GanttTab) -> ConflictMarks:
    return ConflictMarks(tab)
