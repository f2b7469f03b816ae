"""File > Export Status Report… and Project > Status Update… in the main window. The dialogs
(and reportlab and PDFium behind the report's preview) are imported when first opened, not
with the window (issue 22)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox

if TYPE_CHECKING:  # main_window imports this module
    from infradesk.ui.main_window import MainWindow


def install_report_actions(window: MainWindow) -> tuple[QAction, QAction]:
    """Add File > Export status report… and Project > Status update… to the main window;
    return the two actions."""
    context = window.context

    def current_project() -> int | None:
        if context.project_id is None:
            QMessageBox.information(window, "InfraDesk", "Open or create a project first.")
        return context.project_id

    def show_report() -> None:
        project_id = current_project()
        if project_id is not None:
            # lazy: reportlab and PDFium load when the dialog first opens (issue 22)
            from infradesk.ui.report_dialog import ReportDialog

            ReportDialog(context, project_id, window).exec()

    def show_status() -> None:
        project_id = current_project()
        if project_id is not None:
            # lazy: opened on demand
            from infradesk.ui.status_dialog import StatusDialog

            StatusDialog(context, project_id, parent=window).exec()

    report_action = QAction("Export &Status Report…", window)
    report_action.setObjectName("exportStatusReport")
    report_action.setShortcut("Ctrl+Shift+P")
    report_action.setStatusTip("Write the weekly status report of the project as a PDF")
    report_action.triggered.connect(show_report)
    status_action = QAction("&Status Update…", window)
    status_action.setObjectName("statusUpdate")
    status_action.setShortcut("Ctrl+Shift+U")
    status_action.setStatusTip("Rate this week's status (RAG) and write the summary")
    status_action.triggered.connect(show_status)

    file_menu = window.file_menu
    tail = getattr(window, "_file_tail", None)
    if tail is not None:
        file_menu.insertAction(tail, report_action)
    else:
        file_menu.addAction(report_action)
    window.project_menu.addSeparator()
    window.project_menu.addAction(status_action)
    return report_action, status_action
