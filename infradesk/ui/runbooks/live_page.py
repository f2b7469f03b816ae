"""The Live page, for the bridge call: which run, the big clock, what runs now and what is
late, and one key per gesture.

Space starts the selected step, or finishes it when it runs (the time is now); a running gate
asks for the decision and a running validation for its result. F2 or a double-click on a time
corrects the times. Skip asks for a reason. Every gesture is one command, committed at once;
its change notice reloads the view (``runbook_view`` at now), which is the recompute. The
one-second timer only repaints the clock and the elapsed time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QHideEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from infradesk.errors import UserError
from infradesk.services.commands import Command
from infradesk.services.runbooks.commands import (
    ClearStep,
    DecideGate,
    RecordValidation,
    SetStepTimes,
    SkipStep,
    StartRun,
    StepClick,
)
from infradesk.services.runbooks.rows import RunbookView, RunSummary, StepRow, StepTiming
from infradesk.services.runbooks.view import runbook_view
from infradesk.ui.context import AppContext
from infradesk.ui.record_model_base import ID_ROLE
from infradesk.ui.runbooks.banner import notice_label
from infradesk.ui.runbooks.clock_panel import ClockPanel
from infradesk.ui.runbooks.live_dialogs import (
    GateDialog,
    SkipDialog,
    TimesDialog,
    ValidationDialog,
)
from infradesk.ui.runbooks.live_model import (
    FILTER_LABELS,
    FILTERS,
    LIVE_COLUMNS,
    TIME_COLUMNS,
    LiveModel,
    awaiting_decision,
)
from infradesk.ui.runbooks.run_dialog import StartRunDialog
from infradesk.ui.runbooks.text import day_time_text

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def counts_text(view: RunbookView) -> str:
    """"3 running · 5 ready · 2 late · 1 gate awaiting a decision · 40 of 82 done"."""
    states = [t.state for t in view.timings]
    running, ready = states.count("running"), states.count("ready")
    done = states.count("done") + states.count("skipped")
    active = len(states) - states.count("inactive")
    late = len(view.late)
    gates = sum(1 for s, t in zip(view.steps, view.timings, strict=True)
                if awaiting_decision(s, t))
    parts = [f"{running} running", f"{ready} ready to start"]
    if late:
        parts.append(f"{late} late")
    if gates:
        parts.append(f"{gates} gate{'s' if gates != 1 else ''} awaiting a decision")
    parts.append(f"{done} of {active} done")
    return " · ".join(parts)


def run_label(run: RunSummary) -> str:
    mode = "Live" if run.mode == "live" else "Rehearsal"
    when = f" — {day_time_text(run.started)}" if run.started else ""
    return f"{run.name} ({mode}){when}" if mode.lower() not in run.name.lower() else (
        f"{run.name}{when}"
    )


class LivePage(QWidget):
    runStarted = Signal(int)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("runbookLive")
        self.context = context
        self.clock: Clock = utc_now
        self.runbook_id: int | None = None
        self.runs: tuple[RunSummary, ...] = ()
        self.view: RunbookView | None = None
        self.dialog: QWidget | None = None  # the open gesture dialog (tests read it)

        self.run_picker = QComboBox()
        self.run_picker.setObjectName("runPicker")
        self.run_picker.setMinimumContentsLength(30)
        self.run_picker.setToolTip("The run shown: a rehearsal or the live run")
        self.run_picker.currentIndexChanged.connect(lambda _n: self.reload())
        self.rehearsal_button = QPushButton("Start rehearsal…")
        self.rehearsal_button.setObjectName("startRehearsal")
        self.rehearsal_button.clicked.connect(lambda: self.ask_start_run("rehearsal"))
        self.live_button = QPushButton("Start live run…")
        self.live_button.setObjectName("startLive")
        self.live_button.clicked.connect(lambda: self.ask_start_run("live"))
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(QLabel("Run:"))
        top.addWidget(self.run_picker)
        top.addWidget(self.rehearsal_button)
        top.addWidget(self.live_button)
        top.addStretch(1)

        self.panel = ClockPanel()
        self.hint = notice_label("liveHint")
        self.error_label = notice_label("liveError", alert=True)

        self.filter_bar = QTabBar()
        self.filter_bar.setObjectName("liveFilter")
        self.filter_bar.setDrawBase(False)
        for key in FILTERS:
            self.filter_bar.addTab(FILTER_LABELS[key])
        self.filter_bar.currentChanged.connect(self._filter_changed)

        self.model = LiveModel()
        self.table = QTableView()
        self.table.setObjectName("liveSteps")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for number, column in enumerate(LIVE_COLUMNS):
            self.table.setColumnWidth(number, column.width)
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._enable())

        self.click_action = self._key_action("Start / finish", "Space", self.click_selected,
                                             "Start the selected step, or finish it (Space)")
        self.times_action = self._key_action("Edit times…", "F2", self.edit_times,
                                             "Correct the step's start and finish (F2)")
        self.skip_action = self._key_action("Skip…", "Ctrl+K", self.skip_selected,
                                            "Skip the step, with a reason (Ctrl+K)")
        self.gate_action = self._key_action("Decide gate…", "Ctrl+G", self.decide_selected,
                                            "Record the gate's go / no-go (Ctrl+G)")
        self.validation_action = self._key_action(
            "Record validation…", "Ctrl+Shift+V", self.validate_selected,
            "Pass, fail or not tested (Ctrl+Shift+V)",
        )
        self.clear_action = self._key_action("Clear record", None, self.clear_selected,
                                             "Forget what this run recorded for the step")
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, QPushButton] = {}
        for name, action in (
            ("click", self.click_action), ("times", self.times_action),
            ("skip", self.skip_action), ("gate", self.gate_action),
            ("validation", self.validation_action),
        ):
            key = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            button = QPushButton(f"{action.text()}  ({key})" if name == "click" else action.text())
            button.setObjectName(f"live_{name}")
            button.setToolTip(action.toolTip())
            button.clicked.connect(action.trigger)
            buttons.addWidget(button)
            self.buttons[name] = button
        buttons.addStretch(1)
        buttons.addWidget(self.filter_bar)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 4)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.panel)
        layout.addWidget(self.hint)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)

        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.tick)
        self._enable()

    def _key_action(
        self, text: str, key: str | None, slot: Callable[[], object], tip: str
    ) -> QAction:
        action = QAction(text, self.table)
        if key:
            action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.table.addAction(action)
        return action

    # ------------------------------------------------------------------ loading
    def set_runbook(self, runbook_id: int | None, runs: tuple[RunSummary, ...]) -> None:
        """The runbook shown and its runs (the tab calls it after each reload)."""
        changed = runbook_id != self.runbook_id
        previous = self.run_id()
        self.runbook_id, self.runs = runbook_id, runs
        self.run_picker.blockSignals(True)
        self.run_picker.clear()
        self.run_picker.addItem("The plan (no run)", None)
        for run in runs:
            self.run_picker.addItem(run_label(run), run.id)
        wanted = None if changed else previous
        if wanted is None and runs:
            live = [r for r in runs if r.mode == "live"]
            wanted = (live or list(runs))[-1].id
        index = self.run_picker.findData(wanted) if wanted is not None else 0
        self.run_picker.setCurrentIndex(max(0, index))
        self.run_picker.blockSignals(False)
        enabled = runbook_id is not None
        for widget in (self.run_picker, self.rehearsal_button, self.live_button):
            widget.setEnabled(enabled)

    def run_id(self) -> int | None:
        data = self.run_picker.currentData()
        return int(data) if data is not None else None

    def select_run(self, run_id: int) -> None:
        index = self.run_picker.findData(run_id)
        if index >= 0:
            self.run_picker.setCurrentIndex(index)

    def reload(self) -> None:
        """Read the view of the chosen run at now: the recompute after each click."""
        self.reload_view()

    def reload_view(self) -> RunbookView | None:
        """:meth:`reload`, returning the view read (None without a runbook)."""
        if self.runbook_id is None:
            self.show_view(None)
            return None
        view = runbook_view(self.context.workspace, self.runbook_id, self.run_id(), self.clock())
        self.show_view(view)
        return view

    def set_runbook_runs(self, runbook_id: int, view: RunbookView | None) -> None:
        """After a change: the run picker from ``view``'s runs, read again only when the
        chosen run is gone (an undone start)."""
        if view is None:
            return
        runs = view.summary.runs
        if tuple(r.id for r in runs) == tuple(r.id for r in self.runs):
            self.runs = runs
            return
        chosen = self.run_id()
        self.set_runbook(runbook_id, runs)
        if chosen is not None and self.run_id() != chosen:
            self.reload_view()

    def show_view(self, view: RunbookView | None) -> None:
        selected = self.current_id()
        self.view = view
        now = self.clock()
        self.model.set_view(view)
        self.panel.show_view(view, now, counts_text(view) if view is not None else "")
        if selected is not None and not self.table.currentIndex().isValid():
            self.select_step(selected)
        if view is None:
            self.hint.setText("Choose a runbook on the Plan page first.")
        elif view.run is None:
            self.hint.setText(
                "This is the plan. Start a rehearsal or the live run to record each step's "
                "times: Space starts the selected step and finishes it."
            )
        else:
            self.hint.setText("")
        self.hint.setVisible(bool(self.hint.text()))
        self._enable()

    def tick(self) -> None:
        self.panel.tick(self.clock())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.timer.start()
        self.tick()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.timer.stop()

    # ------------------------------------------------------------------ selection
    def _filter_changed(self, number: int) -> None:
        if 0 <= number < len(FILTERS):
            selected = self.current_id()
            self.model.set_view(self.view, FILTERS[number])
            if selected is not None:
                self.select_step(selected)

    def set_filter(self, key: str) -> None:
        self.filter_bar.setCurrentIndex(FILTERS.index(key))

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        return int(index.siblingAtColumn(0).data(ID_ROLE)) if index.isValid() else None

    def current(self) -> tuple[StepRow, StepTiming] | None:
        index = self.table.currentIndex()
        return self.model.pair(index.row()) if index.isValid() else None

    def select_step(self, step_id: int) -> bool:
        row = self.model.row_of(step_id)
        if row < 0:
            return False
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        return True

    def _enable(self) -> None:
        pair = self.current()
        in_run = self.view is not None and self.view.run is not None
        state = pair[1].state if pair else ""
        kind = pair[0].kind if pair else ""
        self.click_action.setEnabled(in_run and state in ("ready", "running", "waiting"))
        self.times_action.setEnabled(in_run and pair is not None and state != "inactive")
        self.skip_action.setEnabled(in_run and state in ("ready", "running", "waiting"))
        self.gate_action.setEnabled(in_run and kind == "gate" and state != "inactive")
        self.validation_action.setEnabled(in_run and kind == "validation"
                                          and state != "inactive")
        self.clear_action.setEnabled(in_run and state in ("running", "done", "skipped"))
        for name, action in (("click", self.click_action), ("times", self.times_action),
                             ("skip", self.skip_action), ("gate", self.gate_action),
                             ("validation", self.validation_action)):
            self.buttons[name].setEnabled(action.isEnabled())

    # ------------------------------------------------------------------ gestures
    def run(self, command: Command) -> bool:
        try:
            self.context.execute(command)
        except UserError as error:
            self.error_label.setText(f"⚠ {error}")
            self.error_label.show()
            return False
        self.error_label.hide()
        return True

    def _now_here(self) -> datetime:
        now = self.clock()
        zone = self.panel.zone
        return now.astimezone(zone) if zone is not None else now

    def click_selected(self) -> QWidget | None:
        """Space: start, or finish; a running gate or validation asks for its outcome."""
        pair, run_id = self.current(), self.run_id()
        if pair is None or run_id is None:
            return None
        step, timing = pair
        if timing.state == "running" and step.kind == "gate":
            return self.decide_selected()
        if timing.state == "running" and step.kind == "validation":
            return self.validate_selected()
        self.run(StepClick(run_id, step.id, self.clock()))
        return None

    def edit_times(self) -> QWidget | None:
        pair, run_id = self.current(), self.run_id()
        if pair is None or run_id is None:
            return None
        step, timing = pair
        dialog = TimesDialog(step, timing, self._now_here(), self.window())

        def done() -> None:
            start, finish = dialog.times()
            self.run(SetStepTimes(run_id, step.id, start, finish))

        return self._open(dialog, done)

    def skip_selected(self) -> QWidget | None:
        pair, run_id = self.current(), self.run_id()
        if pair is None or run_id is None:
            return None
        step = pair[0]
        dialog = SkipDialog(step, self._now_here(), self.window())

        def done() -> None:
            reason, at = dialog.answer()
            self.run(SkipStep(run_id, step.id, reason, at))

        return self._open(dialog, done)

    def decide_selected(self) -> QWidget | None:
        pair, run_id = self.current(), self.run_id()
        if pair is None or run_id is None or pair[0].kind != "gate":
            return None
        step = pair[0]
        dialog = GateDialog(step, self._now_here(), self.window())

        def done() -> None:
            decision, by, at = dialog.answer()
            self.run(DecideGate(run_id, step.id, decision, by, at))

        return self._open(dialog, done)

    def validate_selected(self) -> QWidget | None:
        pair, run_id = self.current(), self.run_id()
        if pair is None or run_id is None or pair[0].kind != "validation":
            return None
        step = pair[0]
        dialog = ValidationDialog(step, self._now_here(), self.window())

        def done() -> None:
            result, comment, at = dialog.answer()
            if result == "fail":
                self._ask_issue(step, result, comment, at, run_id)
            else:
                self.run(RecordValidation(run_id, step.id, result, comment, at))

        return self._open(dialog, done)

    def _ask_issue(
        self, step: StepRow, result: str, comment: str, at: datetime, run_id: int
    ) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Validation failed",
            "Open an issue in the RAID log?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self.window(),
        )
        box.setObjectName("openIssueQuestion")
        box.setInformativeText(f"{step.code} {step.title} failed. The issue names the step "
                               "and your comment.")
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered() -> None:
            yes = box.clickedButton() is box.button(QMessageBox.StandardButton.Yes)
            command = RecordValidation(run_id, step.id, result, comment, at, open_issue=yes)
            if self.run(command) and command.issue_code:
                window = self.window()
                bar = getattr(window, "statusBar", None)
                if callable(bar):
                    bar().showMessage(f"Issue {command.issue_code} opened in the RAID log", 8000)

        box.finished.connect(lambda _r: answered())
        self.dialog = box
        box.open()

    def clear_selected(self) -> None:
        pair, run_id = self.current(), self.run_id()
        if pair is not None and run_id is not None:
            self.run(ClearStep(run_id, pair[0].id))

    def _open(self, dialog: QWidget, done: Callable[[], None]) -> QWidget:
        dialog.accepted.connect(done)  # type: ignore[attr-defined]  # a QDialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()  # type: ignore[attr-defined]  # a QDialog: window-modal, not blocking
        return dialog

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.column() in TIME_COLUMNS:
            self.edit_times()

    # ------------------------------------------------------------------ runs
    def ask_start_run(self, mode: str) -> QWidget | None:
        if self.runbook_id is None:
            return None
        count = sum(1 for r in self.runs if r.mode == mode)
        name = f"Rehearsal {count + 1}" if mode == "rehearsal" else (
            "Live" if not count else f"Live {count + 1}"
        )
        runbook_id = self.runbook_id
        dialog = StartRunDialog(mode, name, self._now_here(), self.window())

        def done() -> None:
            run_name, started = dialog.answer()
            command = StartRun(runbook_id, mode, run_name, started)
            if self.run(command) and command.run_id is not None:
                self.runStarted.emit(command.run_id)

        return self._open(dialog, done)
