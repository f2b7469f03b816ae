"""File > Import > Import Plan…: a wizard from any plan file to a new or updated project.

Workbooks and CSV: the sheets found and what each holds -> the column mapping per sheet
(editable, with sample values) -> a preview of the task tree and records with every problem by
``Sheet!Cell`` -> import into a new project or update an existing one (with the counts of
updated, new and unchanged rows). MS Project XML, GanttProject, Planner and JSON files: what the
file is and holds (``import_plan_page``) -> the same preview -> the same target page; the
column page is skipped by page id. Nothing is written before Finish; then everything is written
in one transaction as one undo step.

Reading the file (``import_reading.read_for_wizard``), checking a workbook's rows with the
mapping (the column page's Next, ``import_reading.check_rows``) and the write (Finish,
``operations.run_command``) run off the GUI thread through ``ui/operations.py``: a progress
dialog after 300 ms, Cancel where the work can stop, a UserError shown as a message.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QBrush, QColor, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QRadioButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from infradesk.errors import UserError
from infradesk.interchange.document import Project as DocumentProject
from infradesk.interchange.excel import SheetAnalysis, WorkbookAnalysis
from infradesk.interchange.excel.vocabulary import KIND_BY_KEY, KINDS
from infradesk.interchange.problems import ImportResult
from infradesk.interchange.sheet_hint import worded_notes
from infradesk.services.changes import Changes
from infradesk.services.commands import Command
from infradesk.services.documents.preview import (
    found_text,
    new_project_text,
    preview_records,
    preview_tasks,
)
from infradesk.services.documents.update import (
    ImportDocumentCommand,
    UpdatePlan,
    UpdateProjectCommand,
)
from infradesk.services.plan.project_view import project_list, update_plan_of
from infradesk.ui import theme
from infradesk.ui.context import AppContext
from infradesk.ui.import_formats import (
    FILE_FILTER,
    SUFFIXES,
)
from infradesk.ui.import_plan_page import PlanFilePage
from infradesk.ui.import_reading import (
    FileRead,
    PlanFileRead,
    check_rows,
    read_for_wizard,
    reading_label,
)
from infradesk.ui.import_records_preview import RecordsPreview
from infradesk.ui.operations import Operation, run_command

if TYPE_CHECKING:
    from infradesk.ui.main_window import MainWindow

__all__ = [
    "FILE_FILTER",
    "SUFFIXES",
    "ImportLaunch",
    "ImportWizard",
    "install_import_actions",
    "run_import_wizard",
]

NOT_IMPORTED = "(not imported)"


def severity_colour(severity: str) -> QColor | None:
    """The current theme's text colour of an error, a warning or a note."""
    colors = theme.current()
    return {"error": colors.bad, "warning": colors.warn, "note": colors.muted}.get(severity)


# ---------------------------------------------------------------- pages


class SheetsPage(QWizardPage):
    """The sheets found, what each holds (editable) and whether it is imported."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wizard_ = wizard
        self.setTitle("Sheets")
        self.setSubTitle("What each sheet holds. Untick a sheet or change its kind if needed.")
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("sheetsTable")
        self.table.setHorizontalHeaderLabels(["Import", "Sheet", "Holds", "Found"])
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.question = QLabel()  # several plans of about the same completeness: which one?
        self.question.setObjectName("planQuestion")
        self.question.setWordWrap(True)
        theme.text_color(self.question, lambda t: t.warn, "font-weight: bold;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.question)
        layout.addWidget(self.table)
        layout.addWidget(self.notes)

    def initializePage(self) -> None:
        analysis = self.wizard_.analysis
        self.table.setRowCount(0)
        if analysis is None:
            return
        for sheet in analysis.sheets:
            row = self.table.rowCount()
            self.table.insertRow(row)
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            imported = sheet.kind is not None and sheet.selected
            check.setCheckState(Qt.CheckState.Checked if imported else Qt.CheckState.Unchecked)
            self.table.setItem(row, 0, check)
            self.table.setItem(row, 1, _readonly(sheet.name))
            combo = QComboBox()
            combo.addItem("(ignored)", None)
            if sheet.kind == "settings":
                combo.addItem("project settings", "settings")
            for kind in KINDS:
                combo.addItem(kind.label, kind.key)
            combo.setCurrentIndex(max(combo.findData(sheet.kind), 0))
            combo.setEnabled(sheet.table is not None or sheet.kind == "settings")
            combo.currentIndexChanged.connect(lambda _i, n=sheet.name, c=combo: self._kind(n, c))
            self.table.setCellWidget(row, 2, combo)
            self.table.setItem(row, 3, _readonly(_found_text(analysis, sheet)))
        self.table.resizeColumnsToContents()
        self.notes.setText("\n".join(worded_notes(analysis.notes, _tick_above)))
        choice = analysis.plan_choice
        self.question.setVisible(choice is not None and choice.uncertain)
        if choice is not None and choice.uncertain:
            self.question.setText(
                f"Which sheet is the plan? {choice.reason}. '{choice.chosen}' is ticked as the "
                "best guess: tick the plan to import (one task sheet) and go on."
            )

    def _kind(self, name: str, combo: QComboBox) -> None:
        assert self.wizard_.analysis is not None
        sheet = self.wizard_.analysis.sheet(name)
        sheet.remap(combo.currentData())
        row = next(r for r in range(self.table.rowCount()) if self._cell(r, 1).text() == name)
        self._cell(row, 0).setCheckState(
            Qt.CheckState.Checked if sheet.kind else Qt.CheckState.Unchecked
        )

    def _cell(self, row: int, column: int) -> QTableWidgetItem:
        item = self.table.item(row, column)
        assert item is not None  # every cell is filled in initializePage
        return item

    def validatePage(self) -> bool:
        analysis = self.wizard_.analysis
        assert analysis is not None
        for row, sheet in enumerate(analysis.sheets):
            sheet.selected = self._cell(row, 0).checkState() == Qt.CheckState.Checked
            if sheet.selected and sheet.kind is None:
                sheet.selected = False
        if not any(s.selected and s.kind for s in analysis.sheets):
            QMessageBox.warning(self, "Import", "Choose at least one sheet to import.")
            return False
        plans = [s.name for s in analysis.sheets if s.selected and s.kind == "tasks"]
        if len(plans) > 1:
            QMessageBox.warning(
                self,
                "Import",
                "A project has one plan: tick only one of the task sheets "
                f"({', '.join(repr(name) for name in plans)}).",
            )
            return False
        return True


def _sheet_names(others: tuple[str, ...]) -> str:
    return " or ".join(f"'{name}'" for name in others)


def _tick_above(others: tuple[str, ...]) -> str:
    """The Sheets page's way to choose another plan (the CLI's is ``--sheet``)."""
    return (
        f"To import {_sheet_names(others)} instead, tick it in the Import column above "
        "and untick the plan ticked now."
    )


def _tick_on_sheets_page(others: tuple[str, ...]) -> str:
    """The same, said on the preview page."""
    return f"To import {_sheet_names(others)} instead, go Back to the Sheets page and tick it."


def _found_text(analysis: WorkbookAnalysis, sheet: SheetAnalysis) -> str:
    """The Found column: what the sheet holds, where, and for a plan among several its
    measure (the most complete one is preselected)."""
    found = sheet.reason
    if sheet.header_row:
        found += f" — header row {sheet.header_row}, {sheet.rows} rows"
    choice = analysis.plan_choice
    if choice is not None and sheet.kind == "tasks":
        measured = next((c for c in choice.candidates if c.sheet == sheet.name), None)
        if measured is not None:
            best = " (the most complete)" if sheet.name == choice.chosen else ""
            found += (
                f"; {measured.tasks} tasks, {measured.columns} columns, {measured.links} links, "
                f"{measured.dates} dates{best}"
            )
    return found


class MappingPage(QWizardPage):
    """Per sheet: every column, the field it is read into (editable) and sample values."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wizard_ = wizard
        self.setTitle("Columns")
        self.setSubTitle("How each column is read. Change a field with its drop-down.")
        self.tabs = QTabWidget()
        self.tabs.setObjectName("mappingTabs")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

    def initializePage(self) -> None:
        self.tabs.clear()
        analysis = self.wizard_.analysis
        assert analysis is not None
        for sheet in analysis.sheets:
            if not sheet.selected or sheet.kind in (None, "settings"):
                continue
            kind = KIND_BY_KEY[sheet.kind]
            table = QTableWidget(len(sheet.columns), 4)
            table.setObjectName(f"mapping:{sheet.name}")
            table.setHorizontalHeaderLabels(["Column", "Header", "Read as", "Sample values"])
            table.verticalHeader().hide()
            table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
            for row, column in enumerate(sheet.columns):
                table.setItem(row, 0, _readonly(column.letter))
                table.setItem(row, 1, _readonly(column.header))
                combo = QComboBox()
                combo.addItem(NOT_IMPORTED, None)
                for spec in kind.fields:
                    combo.addItem(spec.label, spec.key)
                combo.setCurrentIndex(max(combo.findData(column.field), 0))
                combo.currentIndexChanged.connect(
                    lambda _i, s=sheet.name, letter=column.letter, c=combo: self._field(
                        s, letter, c
                    )
                )
                table.setCellWidget(row, 2, combo)
                samples = " | ".join(column.samples)
                if column.note and not column.field:
                    samples = f"{samples}   ({column.note})" if samples else f"({column.note})"
                table.setItem(row, 3, _readonly(samples))
            table.resizeColumnsToContents()
            self.tabs.addTab(table, sheet.name)

    def _field(self, sheet: str, letter: str, combo: QComboBox) -> None:
        self.wizard_.overrides.setdefault(sheet, {})[letter] = combo.currentData()

    def validatePage(self) -> bool:
        """Next: True once the rows were checked with this mapping; otherwise start the check
        off the GUI thread (progress, Cancel) and go on to the preview when it is done."""
        return self.wizard_.check_rows()


class PreviewPage(QWizardPage):
    """The task tree, the record counts and every problem, before anything is written."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wizard_ = wizard
        self.setTitle("Preview")
        self.tree = QTreeWidget()
        self.tree.setObjectName("previewTree")
        self.tree.setHeaderLabels(["WBS", "Name", "Duration", "Start", "Finish", "Predecessors"])
        self.record_list = RecordsPreview()  # what a register or RAID workbook brings
        self.records = QLabel()
        self.records.setObjectName("previewRecords")
        self.problems = QListWidget()
        self.problems.setObjectName("previewProblems")
        self.problems.setWordWrap(True)
        self.problems.setResizeMode(QListWidget.ResizeMode.Adjust)
        splitter = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.tree)
        top_layout.addWidget(self.record_list)
        top_layout.addWidget(self.records)
        splitter.addWidget(top)
        splitter.addWidget(self.problems)
        splitter.setStretchFactor(0, 3)  # the plan gets most of the room, problems the rest
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def initializePage(self) -> None:
        result = self.wizard_.import_result
        self.tree.clear()
        self.problems.clear()
        if result is None:
            return
        project = self.wizard_.project()
        if project is None:
            return
        items: dict[int, QTreeWidgetItem] = {}
        for task in preview_tasks(project):
            values = [task.wbs, task.name, task.duration, task.start, task.finish,
                      task.predecessors]  # fmt: skip
            parent = items.get(task.parent) if task.parent is not None else None
            items[task.id] = QTreeWidgetItem(parent or self.tree, values)
        self.tree.expandToDepth(1)
        for column in range(self.tree.columnCount() - 1):
            self.tree.resizeColumnToContents(column)
            self.tree.setColumnWidth(column, min(self.tree.columnWidth(column) + 12, 420))
        groups = preview_records(project)
        self.record_list.show_groups(groups)
        # a file without tasks (a risk register, a RAID log) shows its records, not an
        # empty task tree; a plan with records shows both
        self.tree.setVisible(bool(project.tasks) or not groups)
        self.record_list.setVisible(bool(groups))
        errors, warnings = len(result.errors), len(result.warnings)
        self.records.setText(
            f"Found: {found_text(project)}. {errors} error(s), {warnings} warning(s)."
        )
        for problem in result.problems:
            item = QListWidgetItem(f"{problem.severity}: {problem}")
            colour = severity_colour(problem.severity)
            if colour is not None:
                item.setForeground(QBrush(colour))
            self.problems.addItem(item)
        for note in worded_notes(result.notes, _tick_on_sheets_page):
            item = QListWidgetItem(f"note: {note}")
            item.setForeground(QBrush(theme.current().muted))
            self.problems.addItem(item)
        self.setSubTitle(
            "Rows with errors are imported without the values that could not be read."
            if errors
            else "Nothing has been written yet."
        )


class TargetPage(QWizardPage):
    """New project or update of an existing one, with the counts before confirming."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wizard_ = wizard
        self.setTitle("Import into")
        self.setSubTitle(
            "Nothing is written until you click Finish; one Undo takes the whole import back."
        )
        self.new_button = QRadioButton("A new project named")
        self.new_button.setObjectName("targetNew")
        self.update_button = QRadioButton("Update the existing project")
        self.update_button.setObjectName("targetUpdate")
        self.group = QButtonGroup(self)
        self.group.addButton(self.new_button)
        self.group.addButton(self.update_button)
        self.name = QLineEdit()
        self.name.setObjectName("targetName")
        self.project = QComboBox()
        self.project.setObjectName("targetProject")
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setObjectName("updateSummary")
        self.summary.setWordWrap(True)
        grid = QGridLayout(self)
        grid.addWidget(self.new_button, 0, 0)
        grid.addWidget(self.name, 0, 1)
        grid.addWidget(self.update_button, 1, 0)
        grid.addWidget(self.project, 1, 1)
        grid.addWidget(self.summary, 2, 0, 1, 2)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(3, 1)
        grid.setVerticalSpacing(10)
        self.new_button.toggled.connect(self._refresh)
        self.name.textChanged.connect(self._refresh_new)
        self.project.currentIndexChanged.connect(self._refresh)
        self.plan: UpdatePlan | None = None

    def initializePage(self) -> None:
        imported = self.wizard_.project()
        assert imported is not None
        self.name.setText(imported.name)
        self.project.clear()
        for project in project_list(self.wizard_.context.workspace):
            self.project.addItem(project.name, project.id)
        self.update_button.setEnabled(self.project.count() > 0)
        current = self.project.findData(self.wizard_.context.project_id)
        if current >= 0:
            self.project.setCurrentIndex(current)
        self.new_button.setChecked(True)
        self._refresh()

    def _refresh_new(self) -> None:
        if self.new_button.isChecked():
            self._refresh()

    def _refresh(self) -> None:
        self.name.setEnabled(self.new_button.isChecked())
        self.project.setEnabled(self.update_button.isChecked())
        self.plan = None
        project_doc = self.wizard_.project()
        if project_doc is None:
            return
        if self.new_button.isChecked():
            text = new_project_text(project_doc)
            wanted = self.name.text().strip()
            if self.project.findText(wanted) >= 0:
                text += (
                    f"<br><br>A project named '{html.escape(wanted)}' already exists: the new one "
                    "gets a number after its name. To bring that project up to date instead, "
                    "choose <i>Update the existing project</i>."
                )
            self.summary.setText(text)
            return
        project_id = self.project.currentData()
        if project_id is None:
            return
        self.plan = update_plan_of(self.wizard_.context.workspace, project_id, project_doc)
        self.summary.setText(html.escape(self.plan.summary()).replace("\n", "<br>"))

    def validatePage(self) -> bool:
        return self.wizard_.commit(self)


# ---------------------------------------------------------------- the wizard


class ImportWizard(QWizard):
    """Sheets -> columns -> preview -> target for workbooks; file -> preview -> target else.

    Opened by :func:`run_import_wizard` once the file was read (``read``); Finish writes
    through ``operations.run_command`` and the wizard closes when the write succeeded.
    """

    SOURCE_PAGE, MAPPING_PAGE, PREVIEW_PAGE, TARGET_PAGE = range(4)

    def __init__(self, context: AppContext, read: FileRead, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importWizard")
        self.setWindowTitle(f"Import {read.path.name}")
        self.context = context
        self.path = read.path
        self.plan_file = isinstance(read, PlanFileRead)
        self.analysis: WorkbookAnalysis | None = None
        self.plan_read: PlanFileRead | None = None  # a plan file as read, all its projects
        self.import_result: ImportResult | None = None  # what the preview shows, Finish writes
        self.overrides: dict[str, dict[str, Any]] = {}
        self.imported_project_id: int | None = None
        self.checking: Operation[ImportResult] | None = None  # the column page's Next
        self.rows_checked = False
        self.writing: Operation[tuple[Command, Changes]] | None = None  # Finish's write
        self.written = False
        self.message: QMessageBox | None = None  # the last refusal shown
        self.plan_page: PlanFilePage | None = None
        self.sheets_page: SheetsPage | None = None
        self.mapping_page: MappingPage | None = None
        if isinstance(read, PlanFileRead):
            self.plan_read = read
            self.import_result = read.result
            self.plan_page = PlanFilePage(self)
            self.setPage(self.SOURCE_PAGE, self.plan_page)
        else:
            self.analysis = read.analysis
            self.sheets_page = SheetsPage(self)
            self.mapping_page = MappingPage(self)
            self.setPage(self.SOURCE_PAGE, self.sheets_page)
            self.setPage(self.MAPPING_PAGE, self.mapping_page)
        self.preview_page = PreviewPage(self)
        self.target_page = TargetPage(self)
        self.setPage(self.PREVIEW_PAGE, self.preview_page)
        self.setPage(self.TARGET_PAGE, self.target_page)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.resize(960, 640)

    def check_rows(self) -> bool:
        """A workbook's rows read with the mapping into the document the preview shows (the
        column page's Next). True once checked; else the check starts in an Operation and
        returns False: when it succeeded the wizard goes on to the preview itself, a refusal
        or Cancel leaves it on the column page."""
        if self.rows_checked:
            self.rows_checked = False  # a Back and a Next again check the mapping again
            return True
        if self.checking is not None:
            return False
        analysis = self.analysis
        assert analysis is not None
        overrides = self.overrides
        self.setEnabled(False)
        self.checking = Operation(
            self,
            lambda progress: check_rows(analysis, overrides, progress),
            title="Import",
            label="Checking rows…",
            success=self._rows_checked,
            failure=self._rows_refused,
            cancelled=self._rows_not_checked,
        ).run()
        return False

    def _rows_checked(self, result: ImportResult) -> None:
        self._rows_not_checked()
        self.import_result = result
        self.overrides = {}  # applied to the analysis, which now holds them
        self.rows_checked = True
        self.next()

    def _rows_refused(self, error: UserError) -> None:
        self._rows_not_checked()
        self.message = show_refusal(self, "Cannot import", str(error))

    def _rows_not_checked(self) -> None:
        self.checking = None
        self.setEnabled(True)

    def project(self) -> DocumentProject | None:
        """The first project of what the preview shows and Finish writes (typed)."""
        if self.import_result is None:
            return None
        projects = self.import_result.document.projects
        return projects[0] if projects else None

    def commit(self, page: TargetPage) -> bool:
        """Finish: True once the write succeeded (the wizard may close). Otherwise start the
        write (one transaction, one undo step) off the GUI thread and return False; when it
        succeeded the wizard closes itself, a refusal is shown and everything chosen stays."""
        if self.written:
            return True
        result = self.import_result
        if result is None or self.writing is not None:
            return False
        if result.errors:
            answer = QMessageBox.question(
                self,
                "Import with problems?",
                f"{len(result.errors)} value(s) could not be read (see the preview). "
                "Import the rest anyway?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        try:
            command = self._command(page, result)
        except UserError as error:  # the document does not convert: nothing written
            self._refused(error)
            return False
        self.setEnabled(False)  # no second Finish, no Back, while the write runs
        self.writing = run_command(
            self,
            self.context,
            command,
            title="Import",
            label=f"Writing {self.path.name}…",
            success=self._written,
            failure=self._refused,
        )
        return False

    def _command(self, page: TargetPage, result: ImportResult) -> ImportCommand:
        document = result.document
        if page.new_button.isChecked():
            command: ImportCommand = ImportDocumentCommand(
                document, page.name.text().strip(), schedules=result.schedules
            )
            command.text = f"Import {self.path.name}"
        else:
            command = UpdateProjectCommand(
                page.project.currentData(), document.projects[0], document
            )
            command.text = f"Update from {self.path.name}"
        return command

    def _written(self, command: Command) -> None:
        self.writing = None
        self.setEnabled(True)
        assert isinstance(command, ImportDocumentCommand | UpdateProjectCommand)
        self.imported_project_id = command.project_id
        self.written = True
        self.accept()  # validates the target page again, which now says yes

    def _refused(self, error: UserError) -> None:
        """A refused write (DocumentError, busy, read-only...): nothing was written."""
        self.writing = None
        self.setEnabled(True)
        self.message = show_refusal(self, "Import failed", f"Nothing was imported: {error}")


ImportCommand = ImportDocumentCommand | UpdateProjectCommand


def show_refusal(parent: QWidget | None, title: str, text: str) -> QMessageBox:
    """A warning that does not block (no nested event loop); it deletes itself when closed."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("importRefusal")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    box.raise_()  # on top and focused: its OK (or Enter) answers at once
    box.activateWindow()
    return box


@dataclass(eq=False)
class ImportLaunch:
    """File > Import started on one file: the read (an Operation) and, once it succeeded,
    the wizard it opened. ``refusal`` is the message shown when the file cannot be used."""

    path: Path
    reading: Operation[FileRead]
    wizard: ImportWizard | None = None
    refusal: QMessageBox | None = None

    @property
    def done(self) -> bool:
        """The read ended: the wizard is open, or the file was refused, or Cancel pressed."""
        return self.reading.done


def run_import_wizard(
    window: MainWindow,
    path: Path | None = None,
    *,
    opened: Callable[[ImportWizard], object] | None = None,
) -> ImportLaunch | None:
    """Ask for a file (unless given) and read it off the GUI thread (progress, Cancel); when
    the read succeeded the wizard opens and ``opened(wizard)`` is called. Returns at once:
    None when no file was chosen, else the launch (its ``wizard`` is set once open)."""
    context = window.context
    if path is None:
        chosen, _ = QFileDialog.getOpenFileName(window, "Import Plan", "", FILE_FILTER)
        if not chosen:
            return None
        path = Path(chosen)
    file = path

    def open_wizard(read: FileRead) -> None:
        wizard = ImportWizard(context, read, window)
        launch.wizard = wizard
        wizard.open()
        if opened is not None:
            opened(wizard)

    def refuse(error: UserError) -> None:
        launch.refusal = show_refusal(window, "Cannot import", str(error))

    reading = Operation(
        window,
        lambda progress: read_for_wizard(file, progress),
        title="Import",
        label=reading_label(file),
        success=open_wizard,
        failure=refuse,
    )
    launch = ImportLaunch(file, reading)
    reading.run()
    return launch


class _DropFilter(QObject):
    """Dropping a plan file (any importable type) on the main window starts the wizard."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)  # the window owns it (and keeps it alive)
        self.setObjectName("importDropFilter")
        self.window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.DragEnter:
            drag = cast(QDragEnterEvent, event)  # the event of that type
            if _dropped_file(drag) is not None:
                drag.acceptProposedAction()
                return True
        elif event.type() == QEvent.Type.Drop:
            drop = cast(QDropEvent, event)
            path = _dropped_file(drop)
            if path is not None:
                drop.acceptProposedAction()
                run_import_wizard(self.window, path)
                return True
        return False


def _dropped_file(event: QDropEvent | QDragEnterEvent) -> Path | None:
    mime = event.mimeData()
    if not mime.hasUrls():
        return None
    for url in mime.urls():
        if url.isLocalFile() and Path(url.toLocalFile()).suffix.lower() in SUFFIXES:
            return Path(url.toLocalFile())
    return None


def install_import_actions(window: MainWindow) -> QAction:
    """File > Import > Import Plan… and drag-and-drop of such files onto the window.

    The object name stays ``importExcel``: the welcome screen finds the action by it.
    """
    action = QAction("Import &Plan…", window)
    action.setObjectName("importExcel")
    action.setShortcut("Ctrl+I")
    action.setStatusTip(
        "Import a plan (Excel, CSV, MS Project XML, GanttProject, Planner or InfraDesk JSON), "
        "a risk register, RAID log or vendor list"
    )
    action.triggered.connect(lambda _checked=False: run_import_wizard(window))
    window.add_import_action(action)
    window.setAcceptDrops(True)
    window.installEventFilter(_DropFilter(window))
    return action


def _readonly(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item
