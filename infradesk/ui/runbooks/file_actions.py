"""The Runbooks tab's file menu: import a cutover checklist (.xlsx/.csv) as a new runbook,
export the runbook shown to Excel, its bridge sheets (one PDF per stream) and the
post-implementation report of a run. Files are read and written off the GUI thread
(:class:`~infradesk.ui.operations.Operation`); a refusal is shown as a message."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QToolButton, QWidget

from infradesk.progress import Progress
from infradesk.ui.operations import Operation

if TYPE_CHECKING:
    from infradesk.ui.runbooks.tab import RunbooksTab

MAX_PROBLEMS = 12


def safe_name(text: str) -> str:
    return "".join(c if c.isalnum() or c in " -_." else "_" for c in text).strip() or "runbook"


class FileActions:
    """The actions and the tool button that lists them."""

    def __init__(self, tab: RunbooksTab) -> None:
        self.tab = tab
        self.import_action = self._action("&Import checklist…", self.import_checklist,
                                          "A cutover checklist (.xlsx or .csv) as a new runbook")
        self.excel_action = self._action("Export to &Excel…", self.export_excel,
                                         "The runbook with its planned times and runs (.xlsx)")
        self.bridge_action = self._action(
            "&Bridge sheets (PDF)…", self.export_bridge_sheets,
            "One printable sheet per stream, with check boxes, for the data hall",
        )
        self.pir_action = self._action(
            "&Post-implementation report (PDF)…", self.export_pir,
            "Planned vs actual, gates, validations, RTA vs RTO and lessons of the run shown",
        )
        self.menu = QMenu(tab)
        for action in (self.import_action, None, self.excel_action, self.bridge_action,
                       self.pir_action):
            if action is None:
                self.menu.addSeparator()
            else:
                self.menu.addAction(action)
        self.button = QToolButton()
        self.button.setObjectName("runbookFiles")
        self.button.setText("Files")
        self.button.setToolTip("Import a checklist, export to Excel, bridge sheets, the PIR")
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.button.setMenu(self.menu)
        self.menu.aboutToShow.connect(self.update)
        self.last_operation: Operation[object] | None = None

    def _action(self, text: str, slot: Callable[[], object], tip: str) -> QAction:
        action = QAction(text, self.tab)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def update(self) -> None:
        tab = self.tab
        has = tab.runbook_id() is not None
        self.import_action.setEnabled(tab.context.project_id is not None)
        self.excel_action.setEnabled(has)
        self.bridge_action.setEnabled(has)
        self.pir_action.setEnabled(has and tab.live.run_id() is not None)
        self.pir_action.setText(
            "&Post-implementation report (PDF)…" if tab.live.run_id() is not None
            else "&Post-implementation report (PDF)… (choose a run on the Live page)"
        )

    # ------------------------------------------------------------------ helpers
    def _folder(self) -> str:
        workspace = self.tab.context.workspace
        return str(Path.home() if workspace.is_server else workspace.path.parent)

    def _said(self, text: str) -> None:
        bar = getattr(self.tab.window(), "statusBar", None)
        if callable(bar):
            bar().showMessage(text, 10000)

    def _run(self, work: Callable[[Progress], object], title: str,
             success: Callable[[object], object]) -> Operation[object]:
        operation: Operation[object] = Operation(
            self.tab.window(), work, title=title, label=f"{title}…", success=success
        )
        self.last_operation = operation
        return operation.run()

    # ------------------------------------------------------------------ exports
    def export_excel(self, path: Path | None = None) -> Operation[object] | None:
        summary, runbook_id = self.tab.summary(), self.tab.runbook_id()
        if summary is None or runbook_id is None:
            return None
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self.tab, "Export runbook to Excel",
                str(Path(self._folder()) / f"{safe_name(summary.name)}.xlsx"),
                "Excel workbooks (*.xlsx)",
            )
            if not chosen:
                return None
            path = Path(chosen)
        # lazy: openpyxl and reportlab load when a runbook file is first written or read, not
        # with the window (issue 22)
        from infradesk.services.runbooks.files import write_runbook_xlsx

        workspace, target = self.tab.context.workspace, path
        return self._run(lambda _p: write_runbook_xlsx(workspace, runbook_id, target),
                         "Export runbook", lambda written: self._said(f"Saved {written}"))

    def export_bridge_sheets(self, folder: Path | None = None) -> Operation[object] | None:
        runbook_id = self.tab.runbook_id()
        if runbook_id is None:
            return None
        if folder is None:
            chosen = QFileDialog.getExistingDirectory(
                self.tab, "Folder for the bridge sheets (one PDF per stream)", self._folder()
            )
            if not chosen:
                return None
            folder = Path(chosen)
        # lazy: see export_excel
        from infradesk.services.runbooks.reports import write_bridge_sheets

        workspace, run_id, target = self.tab.context.workspace, self.tab.live.run_id(), folder

        def written(paths: object) -> None:
            count = len(paths) if isinstance(paths, list) else 0
            self._said(f"Saved {count} bridge sheet{'s' if count != 1 else ''} in {target}")

        return self._run(lambda _p: write_bridge_sheets(workspace, runbook_id, target, run_id),
                         "Bridge sheets", written)

    def export_pir(self, path: Path | None = None) -> Operation[object] | None:
        summary, run_id = self.tab.summary(), self.tab.live.run_id()
        if summary is None or run_id is None:
            return None
        if path is None:
            run = next((r for r in summary.runs if r.id == run_id), None)
            name = f"PIR {summary.name} {run.name if run else ''}"
            chosen, _ = QFileDialog.getSaveFileName(
                self.tab, "Post-implementation report",
                str(Path(self._folder()) / f"{safe_name(name)}.pdf"), "PDF files (*.pdf)",
            )
            if not chosen:
                return None
            path = Path(chosen)
        # lazy: see export_excel
        from infradesk.services.runbooks.reports import write_pir

        workspace, runbook_id, target = self.tab.context.workspace, summary.id, path
        return self._run(lambda _p: write_pir(workspace, runbook_id, run_id, target),
                         "Post-implementation report",
                         lambda written: self._said(f"Saved {written}"))

    # ------------------------------------------------------------------ import
    def import_checklist(self, path: Path | None = None) -> Operation[object] | None:
        project_id = self.tab.context.project_id
        if project_id is None:
            return None
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(
                self.tab, "Import a cutover checklist", self._folder(),
                "Checklists (*.xlsx *.xlsm *.csv);;All files (*)",
            )
            if not chosen:
                return None
            path = Path(chosen)
        summary = self.tab.summary()
        zone = summary.time_zone if summary is not None else "UTC"
        source = path
        # lazy: see export_excel
        from infradesk.services.runbooks.files import read_checklist

        return self._run(lambda _p: read_checklist(source, source.stem, zone),
                         "Import checklist",
                         lambda result: self._store(project_id, source, result))

    def _store(self, project_id: int, path: Path, result: object) -> QWidget | None:
        errors = getattr(result, "errors", [])
        runbook = getattr(result, "runbook", None)
        if errors or runbook is None:
            lines = [str(problem) for problem in errors[:MAX_PROBLEMS]]
            if len(errors) > MAX_PROBLEMS:
                lines.append(f"… and {len(errors) - MAX_PROBLEMS} more")
            box = QMessageBox(QMessageBox.Icon.Warning, "Import checklist",
                              f"{path.name} was not imported: fix these and import again.",
                              QMessageBox.StandardButton.Ok, self.tab.window())
            box.setObjectName("checklistProblems")
            box.setDetailedText("\n".join(lines))
            box.setInformativeText("\n".join(lines[:4]))
            box.open()
            return box
        # lazy: see export_excel
        from infradesk.services.runbooks.files import ImportRunbook

        command = ImportRunbook(project_id, runbook)
        if self.tab.run(command) and command.runbook_id is not None:
            self.tab.reload()
            self.tab.select_runbook(command.runbook_id)
            notes = getattr(result, "notes", [])
            self._said(f"Imported {path.name}" + (f": {notes[0]}" if notes else ""))
        return None
