"""The bridge call's header: a big clock in the runbook's zone, the elapsed time against the
plan, the forecast end against the window, and each service's outage against its RTO.

:meth:`ClockPanel.tick` runs every second and touches only the clock and the elapsed line;
:meth:`ClockPanel.show_view` fills the rest after each click."""

from __future__ import annotations

from datetime import datetime, tzinfo

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from infradesk.services.runbooks.rows import RunbookView, ServiceOutage
from infradesk.ui import theme
from infradesk.ui.runbooks.text import clock_text, day_time_text, delta_text, minutes_text

SERVICE_COLUMNS = ("Service", "RTO", "Planned", "Forecast RTA", "Down", "Up")


def elapsed_text(view: RunbookView, now: datetime) -> str:
    """"Elapsed 2h10 of 12h40 planned" (before the start: "Starts in 35m")."""
    minutes = int((now - view.origin).total_seconds() // 60)
    total = int((view.planned_end - view.origin).total_seconds() // 60)
    if minutes < 0:
        return f"Starts in {minutes_text(-minutes)} · {minutes_text(total)} planned"
    return f"Elapsed {minutes_text(minutes)} of {minutes_text(total)} planned"


def forecast_text(view: RunbookView) -> tuple[str, bool]:
    """The forecast end against the plan and the window; True when past the window end."""
    reference = view.origin
    slip = int((view.forecast_end - view.planned_end).total_seconds() // 60)
    text = f"Forecast end {clock_text(view.forecast_end, reference)} ({delta_text(slip)} vs plan)"
    window_end = view.summary.window_end
    over = window_end is not None and view.forecast_end > window_end
    if window_end is not None:
        text += f" · window ends {clock_text(window_end, reference)}"
        if over:
            late = int((view.forecast_end - window_end).total_seconds() // 60)
            text += f": {minutes_text(late)} over"
    return text, over


def rollback_text(view: RunbookView) -> str:
    if view.rollback_end is None:
        return ""
    end = clock_text(view.rollback_end, view.origin)
    return f"If the next gate says no-go, the rollback ends {end}"


class ClockPanel(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clockPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.zone: tzinfo | None = None
        self.view: RunbookView | None = None
        self.clock = QLabel("--:--:--")
        self.clock.setObjectName("bigClock")
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSize(34)
        font.setWeight(QFont.Weight.Bold)
        self.clock.setFont(font)
        self.clock.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.clock.setMinimumWidth(self.clock.fontMetrics().horizontalAdvance("00:00:00") + 8)
        self.zone_label = QLabel()
        self.zone_label.setObjectName("clockZone")
        theme.text_color(self.zone_label, lambda t: t.muted)
        self.run_label = QLabel()
        self.run_label.setObjectName("runLabel")
        self.run_label.setStyleSheet("font-weight: 600;")
        self.elapsed = QLabel()
        self.elapsed.setObjectName("elapsed")
        self.forecast = QLabel()
        self.forecast.setObjectName("forecastEnd")
        self.rollback = QLabel()
        self.rollback.setObjectName("rollbackEnd")
        theme.text_color(self.rollback, lambda t: t.muted)
        self.counts = QLabel()
        self.counts.setObjectName("liveCounts")
        for label in (self.elapsed, self.forecast, self.rollback, self.counts, self.run_label):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        clock_box = QVBoxLayout()
        clock_box.setSpacing(0)
        clock_box.addWidget(self.clock)
        clock_box.addWidget(self.zone_label)
        facts = QVBoxLayout()
        facts.setSpacing(2)
        for label in (self.run_label, self.elapsed, self.forecast, self.rollback, self.counts):
            facts.addWidget(label)
        facts.addStretch(1)

        self.services = QTableWidget(0, len(SERVICE_COLUMNS))
        self.services.setObjectName("serviceOutages")
        self.services.setHorizontalHeaderLabels(list(SERVICE_COLUMNS))
        self.services.verticalHeader().hide()
        self.services.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.services.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.services.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self.services.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.services.verticalHeader().setDefaultSectionSize(22)
        self.services.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        self.services.setMinimumWidth(420)

        layout = QGridLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        top = QHBoxLayout()
        top.addLayout(clock_box)
        top.addSpacing(18)
        top.addLayout(facts, 1)
        layout.addLayout(top, 0, 0)
        layout.addWidget(self.services, 0, 1)
        layout.setColumnStretch(0, 3)
        layout.setColumnStretch(1, 2)

    # ------------------------------------------------------------------ each second
    def tick(self, now: datetime) -> None:
        """Only the clock and the elapsed line (nothing is read)."""
        if self.zone is None:
            self.clock.setText("--:--:--")
            return
        local = now.astimezone(self.zone)
        self.clock.setText(local.strftime("%H:%M:%S"))
        if self.view is not None:
            self.elapsed.setText(elapsed_text(self.view, now))

    # ------------------------------------------------------------------ each click
    def show_view(self, view: RunbookView | None, now: datetime, counts: str) -> None:
        self.view = view
        if view is None:
            self.zone = None
            for label in (self.zone_label, self.elapsed, self.forecast, self.rollback,
                          self.counts, self.run_label):
                label.clear()
            self.services.setRowCount(0)
            self.tick(now)
            return
        self.zone = view.origin.tzinfo  # the runbook's zone, as the service resolved it
        local = now.astimezone(self.zone)
        self.zone_label.setText(f"{local.strftime('%a %d %b')} · {local.tzname()} "
                                f"({view.summary.time_zone})")
        run = view.run
        if run is None:
            self.run_label.setText("The plan (no run started)")
        else:
            mode = "LIVE RUN" if run.mode == "live" else "Rehearsal"
            started = f", started {day_time_text(run.started)}" if run.started else ""
            self.run_label.setText(f"{mode}: {run.name}{started}")
        text, over = forecast_text(view)
        self.forecast.setText(text)
        theme.text_color(self.forecast, (lambda t: t.bad) if over else (lambda t: t.text),
                         "font-weight: 600;" if over else "")
        self.rollback.setText(rollback_text(view))
        self.rollback.setVisible(bool(self.rollback.text()))
        self.counts.setText(counts)
        self._fill_services(view.services)
        self.tick(now)

    def _fill_services(self, services: tuple[ServiceOutage, ...]) -> None:
        table = self.services
        table.setRowCount(len(services))
        bad = theme.current().bad
        reference = self.view.origin if self.view is not None else None
        for row, service in enumerate(services):
            values = (
                service.name,
                minutes_text(service.rto_minutes) if service.rto_minutes else "",
                minutes_text(service.planned_minutes),
                minutes_text(service.forecast_minutes),
                clock_text(service.down_at, reference),
                clock_text(service.up_at, reference),
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if service.over_rto and column in (0, 3):
                    item.setForeground(bad)
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                if service.over_rto:
                    item.setToolTip(
                        f"Forecast outage {minutes_text(service.forecast_minutes)} is over "
                        f"the RTO of {minutes_text(service.rto_minutes)}"
                    )
                table.setItem(row, column, item)
        table.setVisible(bool(services))
        rows = min(len(services), 5)  # the table as tall as its rows (a scroll bar past 5)
        frame = 2 * table.frameWidth()
        table.setFixedHeight(table.horizontalHeader().height() + rows * 22 + frame)
