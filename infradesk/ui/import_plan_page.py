"""The import wizard's first page for a plan file (MS Project XML, GanttProject, Planner, JSON).

Such files need no column mapping: this page says what the file is and holds, what will not be
imported, and (for a JSON export of several projects) which project to take. Its ``nextId``
jumps straight to the preview.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from infradesk.ui.import_formats import format_name, narrowed, plural, summarise_project

if TYPE_CHECKING:
    from infradesk.ui.import_wizard import ImportWizard


class PlanFilePage(QWizardPage):
    """What the file is (format, tasks, links, calendar) before the preview."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wizard_ = wizard
        self.setTitle("About this file")
        self.headline = QLabel()
        self.headline.setObjectName("planHeadline")
        self.headline.setWordWrap(True)
        font = self.headline.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.headline.setFont(font)
        self.project = QComboBox()
        self.project.setObjectName("planProject")
        self.project.currentIndexChanged.connect(self._show_project)
        self.project_row = QWidget()
        choice = QHBoxLayout(self.project_row)
        choice.setContentsMargins(0, 0, 0, 0)
        choice.addWidget(QLabel("This file holds several projects. Import:"))
        choice.addWidget(self.project, 1)
        self.details = QFormLayout()
        self.details.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.details.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        details_box = QGroupBox("Contents")
        details_box.setLayout(self.details)
        self.notes = QLabel()
        self.notes.setObjectName("planNotes")
        self.notes.setWordWrap(True)
        self.notes.setTextFormat(Qt.TextFormat.RichText)
        self.notes.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.notes_box = QGroupBox("Good to know")
        notes_layout = QVBoxLayout(self.notes_box)
        notes_layout.addWidget(self.notes)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.project_row)
        layout.addWidget(details_box)
        layout.addWidget(self.notes_box)
        layout.addStretch(1)
        self.fields: dict[str, QLabel] = {}  # "Tasks", "Links", "Calendar"... -> shown value

    def initializePage(self) -> None:
        read = self.wizard_.plan_read
        assert read is not None
        result = read.result
        self.setSubTitle(
            f"{self.wizard_.path.name} — {format_name(self.wizard_.path)}. "
            "Nothing has been written yet."
        )
        projects: list[dict[str, Any]] = read.shape.get("projects") or []
        self.project.blockSignals(True)
        self.project.clear()
        for index, project in enumerate(projects):
            tasks = len(project.get("tasks") or [])
            name = project.get("name") or f"Project {index + 1}"
            self.project.addItem(f"{name} ({plural(tasks, 'task')})", index)
        self.project.blockSignals(False)
        self.project_row.setVisible(len(projects) > 1)
        self._show_project()
        lines = [html.escape(note) for note in result.notes]
        problems = result.problems
        if problems:
            counts = []
            for severity in ("error", "warning", "info"):
                found = sum(1 for p in problems if p.severity == severity)
                if found:
                    counts.append(plural(found, severity).replace("infos", "notes"))
            lines.append(f"{', '.join(counts)} — listed, with where, on the next page.")
        self.notes.setText("<ul style='margin-left:-20px'>"
                           + "".join(f"<li>{line}</li>" for line in lines) + "</ul>")  # fmt: skip
        self.notes_box.setVisible(bool(lines))

    def _show_project(self) -> None:
        read = self.wizard_.plan_read
        if read is None or not read.shape.get("projects"):
            return
        index = max(self.project.currentIndex(), 0)
        summary = summarise_project(self.wizard_.path, read.shape["projects"][index])
        self.headline.setText(summary.headline)
        while self.details.rowCount():
            self.details.removeRow(0)
        self.fields = {}
        for label, value in summary.rows:
            field = QLabel(value)  # one line each: wrapped labels in a form get cut short
            field.setToolTip(value)
            field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.details.addRow(f"{label}:", field)
            self.fields[label] = field

    def validatePage(self) -> bool:
        read = self.wizard_.plan_read
        assert read is not None
        self.wizard_.import_result = narrowed(read.result, max(self.project.currentIndex(), 0))
        return True

    def nextId(self) -> int:
        """Plan files need no column mapping: straight on to the preview."""
        return self.wizard_.PREVIEW_PAGE
