"""Put the Portfolio tab into the main window: the last tab, View > Portfolio (Ctrl+8), and
File > Export > Portfolio report…; opening a row switches the project and shows the Gantt."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

from infradesk.ui.portfolio.tab import PortfolioTab

if TYPE_CHECKING:  # the window imports this module; no import back at run time
    from infradesk.ui.main_window import MainWindow


def install_portfolio(window: MainWindow) -> PortfolioTab:
    tab = PortfolioTab(window.context)
    tab.setObjectName("portfolioTab")
    window.tabs.addTab(tab, "&Portfolio")

    def open_project(project_id: int) -> None:
        selector = window.project_selector
        if selector.findData(project_id) < 0:  # a project made by another program just now
            window.reload_projects(prefer_id=project_id)
        selector.setCurrentIndex(selector.findData(project_id))
        window.tabs.setCurrentWidget(window.gantt_tab)
        window.focus_current_table()

    tab.projectActivated.connect(open_project)
    tab.reportWritten.connect(
        lambda path: window.statusBar().showMessage(f"Portfolio report saved to {path}", 8000)
    )
    show = QAction("&Portfolio", window)
    show.setShortcut(QKeySequence("Ctrl+8"))
    show.setToolTip("Every project of the workspace: ratings, indices, milestones, money, risks")
    show.triggered.connect(lambda: window.tabs.setCurrentWidget(tab))
    separator = next((a for a in window.view_menu.actions() if a.isSeparator()), None)
    if separator is not None:
        window.view_menu.insertAction(separator, show)
    else:
        window.view_menu.addAction(show)
    export = QAction("&Portfolio Report (PDF)…", window)
    export.setToolTip("A one-page overview of every project, then each one's executive page")
    export.triggered.connect(tab.choose_report)
    window.add_export_action(export)
    # the banner switched cell editing off before this tab existed: include its views
    window.read_only_banner.update_state()
    return tab
