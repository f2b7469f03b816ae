"""The detail dialog of a change request: the request on one page, what a CAB asks for on a
second ("Change control": class, CAB, window, services, implementer, the plan task that does it,
the plans and the analysis), with the window's conflicts shown on top of it.

It answers like :class:`~infradesk.ui.risks.record_dialog.RecordDialog` (``changes()``,
``link_changes()``), so the log view applies it the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from infradesk.services.risks.fields import CHANGE
from infradesk.ui import theme
from infradesk.ui.risks.editors import make_editor, set_editor_value
from infradesk.ui.risks.record_dialog import EditsDialog, LinkList

#: the fields of the "Change control" page, short ones then texts
CONTROL_FIELDS = (
    "itil_class",
    "cab_required",
    "cab_date",
    "cab_outcome",
    "window_start",
    "window_finish",
    "services",
    "implementer",
    "task_id",
)
CONTROL_TEXTS = ("implementation_plan", "backout_plan", "test_plan", "risk_analysis")
HINTS = {
    "itil_class": "Standard: pre-approved; normal: reviewed by the CAB; emergency: ECAB",
    "services": "Comma list, e.g. SAN, Email; empty = all services",
    "implementer": "A person of the resource pool: a booking at the same time is a conflict",
    "task_id": "The plan task that carries out the change (its dates if no window is set)",
    "window_start": "YYYY-MM-DD HH:MM, local time",
    "window_finish": "YYYY-MM-DD HH:MM; a window across midnight ends the next day",
}


class ChangeDialog(EditsDialog):
    """Edit every field of a change request; ``changes()`` returns only what changed."""

    def __init__(
        self,
        title: str,
        values: dict[str, Any],
        links: dict[str, tuple[Sequence[tuple[int, str]], set[int]]] | None = None,
        choices: dict[str, Sequence[Any]] | None = None,
        conflicts: Sequence[str] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.spec = CHANGE
        self.initial = dict(values)
        self.editors: dict[str, QWidget] = {}
        self.link_lists: dict[str, LinkList] = {}
        self.initial_links: dict[str, set[int]] = {}
        for field in CHANGE.fields:
            editor = make_editor(field, self, (choices or {}).get(field.name, ()))
            editor.setObjectName(f"field_{field.name}")
            set_editor_value(editor, values.get(field.name))
            if field.name in HINTS:
                editor.setToolTip(HINTS[field.name])
            self.editors[field.name] = editor

        self.tabs = QTabWidget()
        self.tabs.setObjectName("changeTabs")
        self.tabs.addTab(self._request_page(links or {}), "Request")
        self.tabs.addTab(self._control_page(conflicts), "Change control")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        head = QFormLayout()
        head.addRow(CHANGE.field("title").label, self.editors["title"])
        layout.addLayout(head)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        QShortcut(QKeySequence("Ctrl+PgDown"), self, lambda: self._turn(1))
        QShortcut(QKeySequence("Ctrl+PgUp"), self, lambda: self._turn(-1))
        self.resize(900, 640)

    def _turn(self, step: int) -> None:
        self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % self.tabs.count())

    def _request_page(
        self, links: dict[str, tuple[Sequence[tuple[int, str]], set[int]]]
    ) -> QWidget:
        page = QWidget()
        form = QFormLayout()
        taken = {"title", "description", *CONTROL_FIELDS, *CONTROL_TEXTS}
        for field in CHANGE.fields:
            if field.name not in taken:
                form.addRow(field.label, self.editors[field.name])
        left = QVBoxLayout()
        left.addLayout(form)
        for name, (options, checked) in links.items():
            group = QGroupBox(name)
            group_layout = QVBoxLayout(group)
            linked = LinkList(options, checked)
            linked.setObjectName(f"links_{name}")
            group_layout.addWidget(linked)
            self.link_lists[name] = linked
            self.initial_links[name] = set(checked)
            left.addWidget(group)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(QLabel(CHANGE.field("description").label))
        right.addWidget(self.editors["description"], 1)
        columns = QHBoxLayout(page)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        return page

    def _control_page(self, conflicts: Sequence[str]) -> QWidget:
        page = QWidget()
        outer = QVBoxLayout(page)
        self.conflict_label = QLabel()
        self.conflict_label.setObjectName("changeConflicts")
        self.conflict_label.setWordWrap(True)
        self.conflict_label.setTextFormat(Qt.TextFormat.PlainText)
        if conflicts:
            self.conflict_label.setText(
                f"{len(conflicts)} conflict{'s' if len(conflicts) != 1 else ''} "
                "(as saved):\n" + "\n".join(f"• {c}" for c in conflicts)
            )
            colors = theme.current()
            self.conflict_label.setStyleSheet(
                f"QLabel {{ background: {colors.bad_tint.name()}; color: {colors.bad.name()};"
                " padding: 6px; font-weight: 600; }"
            )
        else:
            self.conflict_label.setText(
                "No conflicts with the change calendar, other changes or bookings (as saved)."
            )
        outer.addWidget(self.conflict_label)
        body = QHBoxLayout()
        form = QFormLayout()
        for name in CONTROL_FIELDS:
            form.addRow(CHANGE.field(name).label, self.editors[name])
        body.addLayout(form, 1)
        texts = QVBoxLayout()
        for name in CONTROL_TEXTS:
            texts.addWidget(QLabel(CHANGE.field(name).label))
            texts.addWidget(self.editors[name], 1)
        body.addLayout(texts, 2)
        outer.addLayout(body, 1)
        return page
