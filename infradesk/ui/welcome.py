"""The welcome page shown instead of empty tabs while the workspace holds no project.

It offers the three ways to start (the demo project, an Excel plan, a blank project) and the
recently used workspaces. ``install_welcome(window)`` puts it into the main window's central
area; from then on the page appears by itself whenever the workspace has no project.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QIcon, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from infradesk import APP_NAME
from infradesk.errors import UserError
from infradesk.services.demo.commands import CreateDemoProject
from infradesk.services.preferences import create_project_command
from infradesk.store.inspection import WorkspaceError
from infradesk.store.location import ServerAddress, is_server_url
from infradesk.ui.settings import location_key

if TYPE_CHECKING:
    from infradesk.ui.main_window import MainWindow

EXCEL_ACTION_NAMES = ("importExcel", "importExcelAction")
"""objectNames of the File > Import action for Excel plans (infradesk.ui.import_wizard uses the
first); an import action whose text mentions Excel is found too."""


def find_excel_import_action(window: MainWindow) -> QAction | None:
    """The main window's File > Import action for Excel plans, when a feature added one."""
    for action in window.import_menu.actions():
        if action.objectName() in EXCEL_ACTION_NAMES:
            return action
    for action in window.import_menu.actions():
        if "excel" in action.text().replace("&", "").lower() and action.isEnabled():
            return action
    return None


class WelcomePage(QWidget):
    """A calm, centred start page; every button calls the main window's own actions."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window_ = window
        self.setObjectName("welcomePage")

        title = QLabel(f"Welcome to {APP_NAME}")
        title.setObjectName("welcomeTitle")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        title.setFont(font)
        self.workspace_label = QLabel()
        self.workspace_label.setObjectName("welcomeWorkspace")
        self.workspace_label.setWordWrap(True)
        self.workspace_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.demo_button = self._button(
            "Open the demo project",
            "A realistic data-center migration with phases, a cutover weekend, risks and "
            "vendors — the quickest way to see what InfraDesk does.",
            "welcomeDemo",
            self.open_demo,
        )
        self.import_button = self._button(
            "Import a plan…",
            "Bring in a plan from Excel, CSV, MS Project XML, GanttProject or Planner; you "
            "check what will be created before anything is written.",
            "welcomeImport",
            self.import_excel,
        )
        self.blank_button = self._button(
            "Create a blank project…",
            "Start from an empty plan with the currency and holidays chosen in Edit > Settings.",
            "welcomeBlank",
            self.create_blank,
        )

        self.recent_list = QListWidget()
        self.recent_list.setObjectName("welcomeRecent")
        self.recent_list.setFrameShape(QFrame.Shape.NoFrame)
        self.recent_list.setSpacing(2)
        self.recent_list.itemActivated.connect(self._open_recent)
        self.recent_title = QLabel("<b>Recent workspaces</b>")
        open_other = QPushButton("Open another workspace…")
        open_other.setObjectName("welcomeOpen")
        open_other.clicked.connect(window.open_workspace_dialog)
        hint = QLabel("Press F1 for the user guide · Ctrl+, for settings")
        hint.setObjectName("welcomeHint")
        hint.setEnabled(False)

        column = QVBoxLayout()
        column.setSpacing(10)
        header = QHBoxLayout()
        icon = QLabel()
        app_icon = window.windowIcon()
        if not app_icon.isNull():
            icon.setPixmap(app_icon.pixmap(QSize(64, 64)))
        header.addWidget(icon)
        header_text = QVBoxLayout()
        header_text.addWidget(title)
        header_text.addWidget(self.workspace_label)
        header.addLayout(header_text, 1)
        column.addLayout(header)
        column.addSpacing(12)
        for button in (self.demo_button, self.import_button, self.blank_button):
            column.addWidget(button)
        column.addSpacing(12)
        column.addWidget(self.recent_title)
        column.addWidget(self.recent_list)
        column.addWidget(open_other, 0, Qt.AlignmentFlag.AlignLeft)
        column.addSpacing(8)
        column.addWidget(hint)

        panel = QWidget()
        panel.setLayout(column)
        panel.setMaximumWidth(620)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        inner = QVBoxLayout()
        inner.addStretch(1)
        inner.addWidget(panel)
        inner.addStretch(2)
        outer.addLayout(inner, 3)
        outer.addStretch(1)
        self.refresh()

    def _button(
        self, text: str, detail: str, name: str, slot: Callable[[], object]
    ) -> QPushButton:
        """A large button with a bold title and a wrapped, quieter explanation."""
        button = QPushButton()
        button.setObjectName(name)
        button.setAccessibleName(text)
        button.setAccessibleDescription(detail)
        button.setToolTip(detail)
        title = QLabel(f"<b>{text}</b>")
        explanation = QLabel(detail)
        explanation.setWordWrap(True)
        for label in (title, explanation):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        inner = QVBoxLayout(button)
        inner.setContentsMargins(16, 10, 16, 10)
        inner.setSpacing(2)
        inner.addWidget(title)
        inner.addWidget(explanation)
        button.setMinimumHeight(84)  # room for the title and two lines of explanation
        button.clicked.connect(slot)
        return button

    # ------------------------------------------------------------------ state
    def refresh(self) -> None:
        """Re-read the recent workspaces and whether an Excel importer is available."""
        window = self.window_
        self.workspace_label.setText(
            f"The workspace <b>{html.escape(window.workspace.title)}</b> holds no project yet. "
            "How would you like to start?"
        )
        self.import_button.setVisible(find_excel_import_action(window) is not None)
        current = location_key(window.workspace.location)
        self.recent_list.clear()
        for path in window.settings.recent_files():
            if path == current:
                continue
            if is_server_url(path):  # a team workspace: "dbname on host", the URL as tip
                item = QListWidgetItem(QIcon(), f"{server_title(path)}  —  team workspace")
                item.setData(Qt.ItemDataRole.UserRole, path)
                item.setToolTip(path)
                self.recent_list.addItem(item)
                continue
            item = QListWidgetItem(QIcon(), f"{Path(path).name}  —  {Path(path).parent}")
            item.setData(Qt.ItemDataRole.UserRole, path)
            item.setToolTip(path)
            if not Path(path).exists():
                item.setText(item.text() + "  (missing)")
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.recent_list.addItem(item)
        has_recent = self.recent_list.count() > 0
        self.recent_title.setVisible(has_recent)
        self.recent_list.setVisible(has_recent)
        if has_recent:  # as tall as its rows (up to six), no empty box below them
            rows = min(self.recent_list.count(), 6)
            row_height = self.recent_list.sizeHintForRow(0) + 2 * self.recent_list.spacing()
            frame = 2 * self.recent_list.frameWidth()
            self.recent_list.setFixedHeight(rows * row_height + frame + 4)

    def showEvent(self, event: QShowEvent) -> None:
        self.refresh()
        super().showEvent(event)

    # ------------------------------------------------------------------ actions
    def open_demo(self) -> None:
        """Add the demo project to the current workspace and show it (Edit > Undo removes
        it again; the context's change notice selects the new project)."""
        window = self.window_
        try:
            window.context.execute(CreateDemoProject())
        except (UserError, OSError) as error:  # read-only, busy; the demo file unreadable
            QMessageBox.critical(window, "Demo project", f"Cannot create the demo: {error}")

    def create_blank(self) -> None:
        """Ask for a name; create an empty project with the preferred currency and holidays."""
        window = self.window_
        name, ok = QInputDialog.getText(window, "New Project", "Project name:")
        if not ok or not name.strip():
            return
        command = create_project_command(name.strip(), window.settings.preferences())
        window._run(command, "New Project")

    def import_excel(self) -> None:
        action = find_excel_import_action(self.window_)
        if action is not None:
            action.trigger()

    def _open_recent(self, item: QListWidgetItem) -> None:
        path = item.data(Qt.ItemDataRole.UserRole)
        if path:
            self.window_.open_location(str(path))


class WelcomeSwitcher:
    """Keeps the central stack on the tabs, or on the welcome page when there is no project."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        tabs = window.takeCentralWidget()
        assert tabs is not None, "the main window's tabs are its central widget"
        self.tabs: QWidget = tabs
        self.page = WelcomePage(window)
        self.stack = QStackedWidget()
        self.stack.setObjectName("centralStack")
        self.stack.addWidget(self.tabs)
        self.stack.addWidget(self.page)
        window.setCentralWidget(self.stack)
        context = window.context
        context.projectChanged.connect(self.update)
        context.workspaceChanged.connect(self.update)
        context.dataChanged.connect(self.update)
        self.update()

    def showing_welcome(self) -> bool:
        return self.stack.currentWidget() is self.page

    def update(self, *_args: object) -> None:
        empty = self.window.project_selector.count() == 0
        self.stack.setCurrentWidget(self.page if empty else self.tabs)
        if empty:
            self.page.refresh()


def install_welcome(window: MainWindow) -> WelcomeSwitcher:
    """Wrap the window's central tabs in a stack with the welcome page."""
    return WelcomeSwitcher(window)


def server_title(url: str) -> str:
    """``dbname on host`` for a recent team workspace URL (the URL itself if unreadable)."""
    try:
        return ServerAddress.parse(url).title
    except WorkspaceError:
        return url
