"""Project > Project Settings…: the limits the status update and the report judge the schedule
and cost RAG suggestions by, stored per project (``services.status.thresholds``).

Each measure has an amber and a red limit in a spin box that says how it is read ("below 0.95",
"more than 10 days"); VAC / BAC and forecast / budget are shown in percent. A red limit that is
not beyond the amber one is named under the table and OK stays off until it is fixed. OK saves
one undoable command (nothing when no value changed); a value the user did not touch is kept
exactly as stored, whatever the spin box rounds it to.

The status date and the option to reschedule uncompleted work after it stay in Project >
Status Date…, where the weekly update sets them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from infradesk.errors import UserError
from infradesk.services.status.rules import DEFAULT_RULES, RagRules
from infradesk.services.status.thresholds import (
    SaveThresholds,
    threshold_problems,
    thresholds_view,
)
from infradesk.ui import theme
from infradesk.ui.context import AppContext

if TYPE_CHECKING:
    from infradesk.ui.main_window import MainWindow


@dataclass(frozen=True, slots=True)
class Measure:
    """One row of the page: a pair of ``RagRules`` fields and how their spin boxes read."""

    label: str  # with the mnemonic
    amber: str
    red: str
    amber_prefix: str
    red_prefix: str
    suffix: str
    scale: float  # shown = stored x scale
    decimals: int
    low: float  # the range shown
    high: float
    step: float
    meaning: str


MEASURES = (
    Measure(
        "&Milestone slip", "schedule_amber_days", "schedule_red_days",
        "at least ", "more than ", " days", 1, 0, 1, 365, 1,
        "The worst open milestone's slip against the baseline, in calendar days; an overdue "
        "milestone is always red.",
    ),
    Measure(
        "S&PI(t)", "spi_amber", "spi_red", "below ", "below ", "", 1, 2, 0.1, 1.5, 0.01,
        "Schedule performance by earned schedule (SPI when there is no earned schedule).",
    ),
    Measure(
        "&CPI", "cpi_amber", "cpi_red", "below ", "below ", "", 1, 2, 0.1, 1.5, 0.01,
        "Cost performance: earned value / actual cost of the work done.",
    ),
    Measure(
        "&VAC / BAC", "vac_amber", "vac_red", "below ", "below ", " %", 100, 1, -100, 0, 1,
        "Variance at completion as a share of the budget at completion (-2 %: a 2 % overrun).",
    ),
    Measure(
        "&Forecast / budget", "forecast_amber", "forecast_red", "above ", "above ", " %",
        100, 1, 50, 500, 1,
        "The budget lines' forecast at completion (committed orders when there is no "
        "forecast) against the budget.",
    ),
)  # fmt: skip


def _day_suffix(spin: QDoubleSpinBox, value: float) -> None:
    spin.setSuffix(" day" if value == 1 else " days")


def shown(measure: Measure, value: float) -> float:
    """A stored threshold as its spin box shows it."""
    return round(value * measure.scale, measure.decimals)


class ProjectSettingsDialog(QDialog):
    """Edit the current project's RAG thresholds; OK saves them as one undo step."""

    def __init__(
        self,
        context: AppContext,
        project_id: int,
        project_name: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("projectSettingsDialog")
        title = "Project Settings"
        self.setWindowTitle(f"{title} — {project_name}" if project_name else title)
        self.context = context
        self.project_id = project_id
        self.stored = thresholds_view(context.workspace, project_id)
        self._base = self.stored  # what an untouched spin box stands for
        self.spins: dict[str, QDoubleSpinBox] = {}
        self.labels: dict[str, QLabel] = {}  # by the red field's name

        intro = QLabel(
            "The status update (Project > Status Update…) and the status report suggest the "
            "schedule and cost ratings from these limits. A measure past its amber limit makes "
            "the rating amber, past its red limit red; the worst measure decides."
        )
        intro.setWordWrap(True)
        group = QGroupBox("RAG thresholds")
        grid = QGridLayout(group)
        grid.addWidget(QLabel("<b>Amber when</b>"), 0, 1)
        grid.addWidget(QLabel("<b>Red when</b>"), 0, 2)
        for row, measure in enumerate(MEASURES, start=1):
            amber = self._spin(measure, measure.amber, measure.amber_prefix, "amber")
            red = self._spin(measure, measure.red, measure.red_prefix, "red")
            label = QLabel(measure.label)
            label.setBuddy(amber)
            label.setToolTip(measure.meaning)
            self.labels[measure.red] = label
            grid.addWidget(label, row, 0)
            grid.addWidget(amber, row, 1)
            grid.addWidget(red, row, 2)
        grid.setColumnStretch(3, 1)
        note = QLabel(
            "Schedule: milestone slip and SPI(t). Cost: CPI, VAC / BAC and forecast / budget. "
            "The status date is set with Project > Status Date…"
        )
        note.setWordWrap(True)
        theme.text_color(note, lambda t: t.muted)
        self.error = QLabel()
        self.error.setObjectName("thresholdsError")
        theme.text_color(self.error, lambda t: t.error)
        self.error.setWordWrap(True)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.defaults_button = self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        self.defaults_button.setText("&Restore Defaults")
        self.defaults_button.setAutoDefault(False)
        self.defaults_button.clicked.connect(self.restore_defaults)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        self.setMinimumWidth(540)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(group)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._show(self.stored)
        self.spins[MEASURES[0].amber].setFocus()

    def _spin(self, measure: Measure, name: str, prefix: str, colour: str) -> QDoubleSpinBox:
        spin = QDoubleSpinBox(self)
        spin.setObjectName(name)
        spin.setAccessibleName(f"{measure.label.replace('&', '')}: {colour} {prefix.strip()}")
        spin.setToolTip(measure.meaning)
        spin.setDecimals(measure.decimals)
        spin.setRange(measure.low, measure.high)
        spin.setSingleStep(measure.step)
        spin.setPrefix(prefix)
        spin.setSuffix(measure.suffix)
        spin.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToNearestValue)
        spin.setMinimumWidth(140)
        spin.valueChanged.connect(lambda _value: self._check())
        if measure.suffix == " days":  # "at least 1 day", "more than 10 days"
            spin.valueChanged.connect(lambda value: _day_suffix(spin, value))
        self.spins[name] = spin
        return spin

    def _show(self, rules: RagRules) -> None:
        for measure in MEASURES:
            for name in (measure.amber, measure.red):
                spin = self.spins[name]
                spin.blockSignals(True)
                spin.setValue(shown(measure, getattr(rules, name)))
                spin.blockSignals(False)
                if measure.suffix == " days":
                    _day_suffix(spin, spin.value())
        self._check()

    def rules(self) -> RagRules:
        """The thresholds the page holds (an untouched value exactly as it was)."""
        values: dict[str, Any] = {}  # int days and float ratios, as ``RagRules`` types them
        for measure in MEASURES:
            for name in (measure.amber, measure.red):
                value = self.spins[name].value()
                before = getattr(self._base, name)
                if value == shown(measure, before):
                    values[name] = before
                elif measure.decimals == 0:
                    values[name] = int(value)
                else:
                    values[name] = round(value / measure.scale, measure.decimals + 2)
        return replace(self._base, **values)

    def _check(self) -> None:
        problems = threshold_problems(self.rules())
        wrong = {name for name, _message in problems}
        for name, label in self.labels.items():
            if name in wrong:
                theme.text_color(label, lambda t: t.error)
            else:
                theme.restyle(label, lambda _t: "")
        self.error.setText("\n".join(message for _name, message in problems))
        self.ok_button.setEnabled(not problems)

    def restore_defaults(self) -> None:
        """Show the defaults (saved only with OK)."""
        self._base = DEFAULT_RULES
        self._show(DEFAULT_RULES)

    def save(self) -> None:
        """Save the thresholds (one undo step; none when nothing changed) and close."""
        rules = self.rules()
        if rules != self.stored:
            try:
                self.context.execute(SaveThresholds(self.project_id, rules))
            except UserError as error:  # a red limit not beyond amber, a read-only workspace
                QMessageBox.warning(self, "Project Settings", str(error))
                return
        self.accept()


def install_project_settings(window: MainWindow) -> QAction:
    """Put Project > Project Settings… after Delete Project… in ``window``'s Project menu."""
    context = window.context
    action = QAction("Pro&ject Settings…", window)
    action.setObjectName("projectSettings")
    action.setStatusTip("The limits of the schedule and cost RAG suggestions of this project")

    def show() -> None:
        if context.project_id is None:
            QMessageBox.information(window, "InfraDesk", "Open or create a project first.")
            return
        name = window.current_project_name()
        ProjectSettingsDialog(context, context.project_id, name, window).exec()

    action.triggered.connect(show)
    actions = window.project_menu.actions()
    after = actions.index(window.delete_action) + 1
    if after < len(actions):
        window.project_menu.insertAction(actions[after], action)
    else:
        window.project_menu.addAction(action)
    return action
