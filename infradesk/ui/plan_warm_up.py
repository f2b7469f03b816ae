"""The shown project's plan warmed on a worker thread once the window is painted, and after
every project switch (:func:`infradesk.services.plan.incremental.warm_scheduler`), so that
the first edit does not pay for building the plan and checking the stored dates.

The worker reads through a read session of its own and shares only ``incremental``'s cache
of kept plans, under its lock. Back on the GUI thread the kept plan's schedule is announced
(``warmed``) so that the Gantt holds the result the first edit compares with. An edit made
before the worker is done runs exactly as without it (its plan is kept; the worker leaves it
alone). Before the workspace or the project changes, and when the window closes, the worker is
waited for and its finding dropped, so that no read of a workspace outlives it.
"""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

from infradesk.logging_setup import get_logger
from infradesk.schedule.passes import gc_paused
from infradesk.services.plan import incremental
from infradesk.store.workspace import Workspace
from infradesk.ui.context import AppContext

log = get_logger(__name__)


class PlanWarmUp(QObject):
    # (round, workspace, project id, None | Exception), from the worker to the GUI thread
    # (a queued connection)
    _found = Signal(object)
    # project id, whether the kept plan is synced with the store, its ScheduleResult
    warmed = Signal(int, bool, object)

    def __init__(self, context: AppContext, window: QObject) -> None:
        super().__init__(context)
        self.context = context
        self._thread: threading.Thread | None = None
        self._round = 0  # a finding of an older round is dropped
        self._pending = False  # a worker started and its finding not yet taken
        self._found.connect(self._take)
        context.projectChanged.connect(self.start)  # after the Gantt loaded the project
        context.leaving.connect(self.stop)
        context.before_edit.append(self.settle)
        self._window = window
        window.installEventFilter(self)  # the first warm-up waits for the first paint

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            self._pending = True  # busy from now: the worker starts once the paint is done
            number = self._round
            QTimer.singleShot(0, self, lambda: self._start_after_paint(number))
        return False

    def _start_after_paint(self, number: int) -> None:
        if number == self._round:  # not stopped, nor started for a switch, meanwhile
            self.start(self.context.project_id)

    def busy(self) -> bool:
        """A worker is running, or its finding is not taken yet."""
        return self._pending

    def start(self, project_id: int | None) -> None:
        """Warm ``project_id``'s plan in the background (after stopping any other warm-up)."""
        self.stop()
        if project_id is None:
            return
        workspace = self.context.workspace
        self._round += 1
        number = self._round
        # the rows the Gantt just read: the plan is built from them while they are current
        loaded = self.context.loaded_outline
        outline = loaded if loaded is not None and loaded.project_id == project_id else None

        def work() -> None:
            failed: Exception | None = None
            try:
                # the collector paused throughout (a pause per step would leave a sweep over
                # the plan's million new objects after each), and the kept plan frozen out of
                # its later sweeps as the Gantt freezes what it holds (ui/gantt/outline_model)
                with gc_paused():
                    incremental.warm_scheduler(workspace, project_id, outline)
                    gc.freeze()
            except Exception as error:  # a cycle, a closed workspace: an edit says it as today
                failed = error
            self._found.emit((number, workspace, project_id, failed))

        self._pending = True
        self._thread = threading.Thread(target=work, name="plan-warm-up", daemon=True)
        self._thread.start()

    def settle(self) -> None:
        """An edit is about to run: let a running worker finish first. Its plan is then kept
        where the edit looks for it, so the edit patches it instead of building the same plan
        beside the worker (on 100,000 tasks the two would share the CPU for seconds). Its
        finding is still taken when its signal arrives."""
        thread = self._thread
        if thread is not None and thread.is_alive():
            thread.join()

    def stop(self) -> None:
        """Wait for a running worker and drop its finding."""
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join()
        self._round += 1
        self._pending = False

    def _take(self, found: tuple[int, Workspace, int, Exception | None]) -> None:
        number, workspace, project_id, failed = found
        if number != self._round or workspace is not self.context.workspace:
            return
        self._thread = None
        self._pending = False
        if failed is not None:
            log.info("warming project %s's plan failed: %s", project_id, failed)
            return
        kept = incremental.kept_schedule(workspace, project_id)
        if kept is None or not len(kept.result):
            return  # nothing to schedule
        self.warmed.emit(project_id, kept.synced, kept.result)
