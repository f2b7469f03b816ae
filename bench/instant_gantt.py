"""The Gantt rows of the issue-22 table, in this process (offscreen Qt), as bench_gantt.py
drives the tab: open a workspace to the painted Gantt, the first edit after opening, a bar
dragged, and an indent on a plan in phases of 50 tasks and on a flat plan.

Each open is of a fresh copy of the stored workspace. The first edit comes after the event
loop has run for ``USER_PAUSE_S`` (a user's first reaction to the window, which is when work
started in the background at open would have run)."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from instant_fixtures import Fixtures
from instant_table import Cell, now, seconds_text
from PySide6.QtWidgets import QApplication

from infradesk.store.workspace import Workspace
from infradesk.ui.context import AppContext
from infradesk.ui.gantt.outline_model import SCHEDULE_LATER_FROM
from infradesk.ui.gantt.tab import GanttTab
from infradesk.ui.plan_warm_up import PlanWarmUp

USER_PAUSE_S = 2.0
DRAG_DAYS = (3, 5, 2, 4, 1)


class OpenTab:
    """A Gantt tab on a workspace file, shown and painted (1800 x 900) on entry, wired as the
    main window wires it: a big plan opens on its stored dates
    (``OutlineModel.schedule_later_from``) and its schedule is built by the warm-up that
    starts after the first paint (``PlanWarmUp``), which hands it to the Gantt."""

    def __init__(self, app: QApplication, path: Path, project_id: int) -> None:
        self.app = app
        started = now()
        self.workspace = Workspace.open(path)
        self.context = AppContext(self.workspace)
        self.tab = GanttTab(self.context)
        self.tab.model.schedule_later_from = SCHEDULE_LATER_FROM
        self.tab.resize(1800, 900)
        self.context.set_project(project_id)
        # as MainWindow: made after the project is chosen, started by the first paint
        self.warm_up = PlanWarmUp(self.context, self.tab)
        self.warm_up.warmed.connect(
            lambda project, _synced, result: self.tab.model.take_schedule(project, result)
        )
        self.tab.show()
        app.processEvents()
        self.tab.repaint()
        self.tab.chart.viewport().repaint()
        self.opened = now() - started

    def close(self) -> None:
        self.warm_up.stop()
        self.tab.close()
        self.tab.deleteLater()
        self.app.processEvents()
        self.workspace.close()

    def idle(self, seconds: float) -> None:
        """Run the event loop for ``seconds`` (timers and queued work included)."""
        until = time.perf_counter() + seconds
        while time.perf_counter() < until:
            self.app.processEvents()
            time.sleep(0.005)

    def warmed(self) -> None:
        """Run the event loop until the warm-up handed its schedule over (the indent rows
        measure the indent, not a wait for the warm-up)."""
        while self.warm_up.busy():
            self.app.processEvents()
            time.sleep(0.005)

    def middle_leaf(self, fraction: float = 0.5) -> int:
        """The id of the first leaf at or after ``fraction`` of the outline."""
        outline = self.tab.model.outline
        start = int(len(outline.ids) * fraction)
        row = next(r for r in range(start, len(outline.ids)) if not outline.summary[r])
        return outline.ids[row]

    def drag(self, task_id: int, days: int) -> float:
        """Seconds to drop the task's bar ``days`` later, reschedule and repaint the chart."""
        outline = self.tab.model.outline
        row = outline.row_of[task_id]
        start = outline.start[row]
        assert start is not None
        began = now()
        self.tab.tab_actions.bar_moved(row, start + timedelta(days=days))
        self.tab.chart.viewport().repaint()
        elapsed = now() - began
        outline = self.tab.model.outline
        if outline.constraint_date[outline.row_of[task_id]] != start + timedelta(days=days):
            raise RuntimeError(f"the drag was not applied: {self.tab.last_message!r}")
        return elapsed

    def indent(self, task_id: int) -> float | None:
        """Seconds to indent the task (the toolbar's Indent on it), repaint table and chart;
        None if the indent was refused (a link between the task and the one above it would
        become a loop through their new summary)."""
        outline = self.tab.model.outline
        depth = outline.depth[outline.row_of[task_id]]
        self.tab.select_tasks([task_id])
        began = now()
        self.tab.tab_actions.indent_selected()
        self.tab.chart.viewport().repaint()
        self.tab.table.viewport().repaint()
        elapsed = now() - began
        outline = self.tab.model.outline
        if outline.depth[outline.row_of[task_id]] != depth + 1:
            return None
        return elapsed


@dataclass
class Sessions:
    """Per size: open -> painted, the first edit after it, and later drags (seconds)."""

    opens: list[float] = field(default_factory=list)
    first_edits: list[float] = field(default_factory=list)
    drags: list[float] = field(default_factory=list)


class GanttRows:
    def __init__(self, app: QApplication, fixtures: Fixtures, repeat: int) -> None:
        self.app = app
        self.fixtures = fixtures
        self.repeat = repeat
        self._sessions: dict[int, Sessions] = {}

    def sessions(self, size: int) -> Sessions:
        """``repeat`` opens of fresh copies; each: painted, a pause, one drag (the first
        edit); the last one then drags a bar a few more times."""
        if size in self._sessions:
            return self._sessions[size]
        found = Sessions()
        for attempt in range(self.repeat):
            path, project_id = self.fixtures.copy("phased", size)
            opened = OpenTab(self.app, path, project_id)
            try:
                found.opens.append(opened.opened)
                opened.idle(USER_PAUSE_S)
                leaf = opened.middle_leaf()
                found.first_edits.append(opened.drag(leaf, 3))
                if attempt == self.repeat - 1:
                    found.drags = [
                        opened.drag(leaf, days) for days in DRAG_DAYS[: max(self.repeat, 3)]
                    ]
            finally:
                opened.close()
        self._sessions[size] = found
        return found

    def open_to_painted(self, size: int) -> Cell:
        median = statistics.median(self.sessions(size).opens)
        return Cell(seconds_text(median), median < 1.5)

    def first_edit(self, size: int) -> Cell:
        median = statistics.median(self.sessions(size).first_edits)
        return Cell(seconds_text(median), median < 0.050)

    def drag(self, size: int) -> Cell:
        median = statistics.median(self.sessions(size).drags)
        return Cell(seconds_text(median), median < 0.050)

    def indent(self, kind: str, size: int) -> Cell:
        """Indents of ``repeat`` different tasks spread over the plan, in one open tab."""
        path, project_id = self.fixtures.copy(kind, size)
        opened = OpenTab(self.app, path, project_id)
        try:
            opened.idle(0.2)
            opened.warmed()
            fractions = (0.5, 0.3, 0.7, 0.4, 0.6, 0.2, 0.8)[: self.repeat]
            times = [self._indent_near(opened, fraction) for fraction in fractions]
        finally:
            opened.close()
        median = statistics.median(times)
        return Cell(seconds_text(median), median < 0.100)

    @staticmethod
    def _indent_near(opened: OpenTab, fraction: float, tries: int = 10) -> float:
        """Seconds of the first indent allowed on a leaf at or after ``fraction`` of the
        outline whose row above is a leaf at the same depth (its previous sibling); a refused
        one (a link with that sibling) is not counted and the next leaf is tried."""
        outline = opened.tab.model.outline
        refused = 0
        for row in range(max(1, int(len(outline.ids) * fraction)), len(outline.ids)):
            if (
                outline.summary[row]
                or outline.summary[row - 1]
                or outline.depth[row - 1] != outline.depth[row]
                or outline.milestone[row - 1]
            ):
                continue
            seconds = opened.indent(outline.ids[row])
            if seconds is not None:
                return seconds
            refused += 1
            if refused == tries:
                break
            outline = opened.tab.model.outline
        raise RuntimeError(f"no indent allowed: {opened.tab.last_message!r}")
