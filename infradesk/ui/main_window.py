"""The main window: menus, the project selector and the Gantt / Risks / Vendors / Resources /
Runbooks tabs.

The desktop application starts it in two steps (issue 22): :meth:`MainWindow.starting` makes
the window's frame (its title, menu bar, status bar and an empty central area), which is shown
and painted at once; on the next turn of the event loop after that first paint,
:meth:`MainWindow.finish_start` opens the workspace and builds the tabs and menus. So this
module imports only Qt and light modules: everything that loads the database layer, the
schedule or the tabs is imported when the window is built. ``MainWindow(workspace)`` still
builds the whole window at once.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTabWidget,
    QToolBar,
    QWidget,
)

from infradesk import APP_NAME
from infradesk.errors import UserError
from infradesk.store.inspection import WorkspaceError
from infradesk.store.location import is_server_url
from infradesk.store.locations import WORKSPACE_SUFFIX
from infradesk.ui.settings import AppSettings

if TYPE_CHECKING:
    from infradesk.services.commands import Command
    from infradesk.store.workspace import Workspace
    from infradesk.ui.governance.windows_dialog import ChangeCalendarDialog
    from infradesk.ui.resources.leveling_dialog import LevelingDialog

WORKSPACE_FILTER = f"InfraDesk workspaces (*{WORKSPACE_SUFFIX});;All files (*)"
# the frame's menus until the window is built (the built window's titles, in its order)
FRAME_MENUS = ("&File", "&Edit", "&Project", "&Task", "&View", "&Help")
# the frame starts the build this long after show() at the latest, painted or not (a window
# that is never exposed must still open its workspace)
START_FALLBACK_MS = 1000


class MainWindow(QMainWindow):
    # The whole window is built (finish_start): the workspace is open, the tabs and menus are
    # there. Emitted by the two-step start only.
    started = Signal()
    # The two-step start failed (the window stays a frame): the opener's WorkspaceError, or
    # any exception raised by the start the frame ran after its paint.
    startFailed = Signal(object)

    def __init__(self, workspace: Workspace | None, settings: AppSettings | None = None) -> None:
        """The whole window on ``workspace``; with None, only its frame (see :meth:`starting`)."""
        super().__init__()
        self.settings = settings or AppSettings()
        self.setObjectName("mainWindow")
        self.resize(1400, 860)
        self._built = False
        self._opener: Callable[[], Workspace] | None = None
        self._frame_menus: list[QMenu] = []
        self._geometry_restored = False
        if workspace is not None:
            self._build(workspace)

    @classmethod
    def starting(
        cls, opener: Callable[[], Workspace], settings: AppSettings, message: str = ""
    ) -> MainWindow:
        """The window's frame, to show at once: title, menu bar, the status bar saying
        ``message``, an empty central area, the saved geometry. Once it has painted (or
        :data:`START_FALLBACK_MS` after it is shown), :meth:`finish_start` opens the
        workspace with ``opener`` and builds the window. ``opener`` may raise
        WorkspaceError: ``startFailed`` is then emitted with it."""
        window = cls(None, settings)
        window._opener = opener
        window.setWindowTitle(APP_NAME)
        bar = window.menuBar()
        for title in FRAME_MENUS:
            menu = bar.addMenu(title)
            menu.setEnabled(False)
            window._frame_menus.append(menu)
        placeholder = QWidget()
        placeholder.setObjectName("startingPlaceholder")
        window.setCentralWidget(placeholder)
        window.statusBar().showMessage(message or "Opening the workspace…")
        window._restore_geometry()
        window.installEventFilter(_StartAfterPaint(window))
        return window

    def is_built(self) -> bool:
        """Whether the workspace is open and the tabs are built: always, except for a frame
        from :meth:`starting` until :meth:`finish_start` succeeds."""
        return self._built

    def finish_start(self) -> bool:
        """Open the workspace and build the window now, if the two-step start has not yet;
        idempotent. Code that needs the window's contents before the start has finished
        (a file opened by the desktop at launch) calls it first. False if the opener failed
        (``startFailed`` was emitted) or the start was cancelled by closing the window."""
        opener, self._opener = self._opener, None
        if opener is None:
            return self._built
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            try:
                workspace = opener()
            except WorkspaceError as error:
                QGuiApplication.restoreOverrideCursor()
                self.startFailed.emit(error)
                QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
                return False
            self.menuBar().clear()
            for menu in self._frame_menus:
                menu.deleteLater()
            self._frame_menus = []
            self._build(workspace)
            self.statusBar().clearMessage()
            # the built window paints as a whole on the next turn (the plan's warm-up waits for
            # the window's own paint; an update() made while it is being built is lost)
            QTimer.singleShot(0, self, self.update)
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.started.emit()
        return True

    def _build(self, workspace: Workspace) -> None:
        """The whole window on ``workspace``: tabs, toolbar, menus, panels."""
        # lazy: the tabs and what they load are imported once the frame has painted (issue 22)
        from infradesk.ui.context import AppContext

        self.context = AppContext(workspace, self)
        # Connected before the tabs are built, so that after a project is deleted the window
        # switches project before any tab reloads.
        self.context.dataChanged.connect(self._on_data_changed)
        self._built = True
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self._build_tabs()
        # a tab left stale while another was in front reads its data as it comes in front,
        # before the History panel follows its selection (issue 22)
        self.tabs.currentChanged.connect(self._load_shown_tab)
        self.usage_view.taskActivated.connect(self.show_task_in_gantt)
        self.setCentralWidget(self.tabs)
        self._build_project_toolbar()
        self._build_menus()
        self._install_parts()

    def _build_tabs(self) -> None:
        # lazy: every tab is imported once the frame has painted (issue 22)
        from infradesk.ui.gantt.outline_model import SCHEDULE_LATER_FROM

        # lazy: see above
        from infradesk.ui.gantt.tab import GanttTab

        # lazy: see above
        from infradesk.ui.governance.tab import GovernanceTab

        # lazy: see above
        from infradesk.ui.resources.tab import ResourcesTab

        # lazy: see above
        from infradesk.ui.resources.usage_view import ResourceUsageView

        # lazy: see above
        from infradesk.ui.risks.tab import RisksTab

        # lazy: see above
        from infradesk.ui.runbooks.tab import RunbooksTab

        # lazy: see above
        from infradesk.ui.vendors.tab import VendorsTab

        self.gantt_tab = GanttTab(self.context)
        # a big plan opens on its stored dates; its schedule comes from the warm-up below
        self.gantt_tab.model.schedule_later_from = SCHEDULE_LATER_FROM
        self.risks_tab = RisksTab(self.context)
        self.vendors_tab = VendorsTab(self.context)
        self.resources_tab = ResourcesTab(self.context)  # the workspace's pool
        self.runbooks_tab = RunbooksTab(self.context)  # the project's cutover runbooks
        self.governance_tab = GovernanceTab(self.context)  # actions, meetings, stakeholders...
        self.tabs.addTab(self.gantt_tab, "&Gantt")
        self.tabs.addTab(self.risks_tab, "&Risks")
        self.tabs.addTab(self.vendors_tab, "&Vendors")
        self.tabs.addTab(self.resources_tab, "Reso&urces")
        self.tabs.addTab(self.runbooks_tab, "Run&books")
        self.tabs.addTab(self.governance_tab, "G&overnance")
        self.usage_view = ResourceUsageView(self.context)
        self.resources_tab.add_page(self.usage_view, "Usage")

    def _build_project_toolbar(self) -> None:
        self.project_selector = QComboBox()
        self.project_selector.setObjectName("projectSelector")
        self.project_selector.setMinimumContentsLength(32)
        self.project_selector.setToolTip("Project shown in the tabs (a workspace holds several)")
        self.project_selector.currentIndexChanged.connect(self._on_project_selected)
        toolbar = QToolBar("Project")
        toolbar.setObjectName("projectToolbar")
        toolbar.setMovable(False)
        toolbar.addWidget(QLabel(" Project: "))
        toolbar.addWidget(self.project_selector)
        self.addToolBar(toolbar)
        self.toolbar = toolbar

        self.status_label = QLabel()
        self.statusBar().addPermanentWidget(self.status_label)

    def _install_parts(self) -> None:
        """What later features add to the built window, in the order they depend on."""
        # lazy: built once the frame has painted (issue 22)
        from infradesk.ui.governance.windows_dialog import install_change_calendar

        # lazy: see above
        from infradesk.ui.history_panel import install_history

        # lazy: see above
        from infradesk.ui.plan_warm_up import PlanWarmUp

        # lazy: see above
        from infradesk.ui.portfolio.install import install_portfolio

        # lazy: see above
        from infradesk.ui.progress.install import install_progress_actions

        # lazy: see above
        from infradesk.ui.project_settings_dialog import install_project_settings

        # lazy: see above
        from infradesk.ui.view_state import install_view_state

        self.context.workspaceChanged.connect(self._on_workspace_changed)
        self.view_state = install_view_state(self)  # zoom, scroll, columns per project
        self._restore_geometry()
        self._restore_state()
        self._on_workspace_changed()
        # lazy: see above
        from infradesk.ui.welcome import install_welcome

        self.welcome = install_welcome(self)
        # lazy: see above
        from infradesk.ui.report_actions import install_report_actions

        self.report_action, self.status_action = install_report_actions(self)
        # lazy: see above
        from infradesk.ui.import_wizard import install_import_actions

        install_import_actions(self)
        # lazy: see above
        from infradesk.ui.workspace_watch import install_workspace_watch

        self.workspace_watch = install_workspace_watch(self, self.context)
        # lazy: see above
        from infradesk.ui.read_only_banner import install_read_only_banner

        self.read_only_banner = install_read_only_banner(self)
        self.progress = install_progress_actions(self)
        self.portfolio_tab = install_portfolio(self)  # the last tab: every project at once
        self.project_settings_action = install_project_settings(self)
        self.change_calendar_dialog: ChangeCalendarDialog | None = None  # the last one opened
        self.change_calendar_action = install_change_calendar(self)
        self.history_panel = install_history(self)  # View > History, File > Export > Audit
        # the shown project's plan checked in the background once the window is painted,
        # so that the first edit does not pay for it (issue 22)
        self.plan_warm_up = PlanWarmUp(self.context, self)
        self.plan_warm_up.warmed.connect(self._take_warm_schedule)
        self.focus_current_table()  # not the project selector: arrows work on the plan

    # ------------------------------------------------------------------ menus
    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcut: str | QKeySequence | QKeySequence.StandardKey | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        # lazy: built once the frame has painted (issue 22)
        from infradesk.ui.team_workspace import team_workspace_action

        bar = self.menuBar()
        self.file_menu = bar.addMenu("&File")
        self.file_menu.addAction(
            self._action(
                "&New Workspace…",
                self.new_workspace,
                QKeySequence.StandardKey.New,
                "Create an empty workspace file",
            )
        )
        self.file_menu.addAction(
            self._action(
                "&Open Workspace…", self.open_workspace_dialog, QKeySequence.StandardKey.Open
            )
        )
        self.open_team_action = team_workspace_action(self)
        self.file_menu.addAction(self.open_team_action)
        self.recent_menu = self.file_menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.file_menu.addAction(
            self._action("Save Workspace &As…", self.save_as, QKeySequence.StandardKey.SaveAs)
        )
        self.restore_action = self._action(
            "Restore from &backup…",
            self.restore_from_backup,
            tip="Put one of this workspace's backups back in place",
        )
        self.file_menu.addAction(self.restore_action)
        self.file_menu.addSeparator()
        self.import_menu = QMenu("&Import", self)
        self.export_menu = QMenu("&Export", self)
        self.file_menu.addMenu(self.import_menu)
        self.file_menu.addMenu(self.export_menu)
        self._file_tail = self.file_menu.addSeparator()
        self.file_menu.addAction(self._action("&Quit", self.close, QKeySequence.StandardKey.Quit))

        self.edit_menu = bar.addMenu("&Edit")
        # Undo and Redo go through the context: the stack moves only when the edit was
        # really reverted; a refused undo is shown (see _on_undo_refused).
        undo = self._action("&Undo", self.context.undo, QKeySequence.StandardKey.Undo)
        redo = self._action("&Redo", self.context.redo)
        redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        stack = self.context.undo_stack
        undo.setEnabled(stack.canUndo())
        redo.setEnabled(stack.canRedo())
        stack.canUndoChanged.connect(undo.setEnabled)
        stack.canRedoChanged.connect(redo.setEnabled)
        stack.undoTextChanged.connect(lambda text: undo.setText(f"&Undo {text}".strip()))
        stack.redoTextChanged.connect(lambda text: redo.setText(f"&Redo {text}".strip()))
        self.context.undoRefused.connect(self._on_undo_refused)
        self.undo_action, self.redo_action = undo, redo
        self.edit_menu.addAction(undo)
        self.edit_menu.addAction(redo)
        self.edit_menu.addSeparator()
        # lazy: see above
        from infradesk.ui.row_actions import edit_menu_actions

        self.new_row_action, self.delete_rows_action = edit_menu_actions(self, self.current_table)
        self.edit_menu.addAction(self.new_row_action)
        self.edit_menu.addAction(self.delete_rows_action)
        self.edit_menu.addSeparator()
        self.settings_action = self._action(
            "&Settings…", self.show_settings, QKeySequence("Ctrl+,"), "Name, page size, theme…"
        )
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.edit_menu.addAction(self.settings_action)

        self.project_menu = bar.addMenu("&Project")
        self.new_project_action = self._action(
            "&New Project…", self.new_project, QKeySequence("Ctrl+Shift+N")
        )
        self.project_menu.addAction(self.new_project_action)
        self.rename_action = self._action(
            "&Rename Project…", self.rename_project, QKeySequence("Ctrl+Shift+R")
        )
        self.delete_action = self._action("&Delete Project…", self.delete_project)
        self.project_menu.addAction(self.rename_action)
        self.project_menu.addAction(self.delete_action)
        self.project_menu.addSeparator()
        self.base_calendars_action = self._action(
            "Base &Calendars…",
            self.resources_tab.open_calendars,
            tip="Working weeks shared by resources and tasks (24 Hours, part time…)",
        )
        self.project_menu.addAction(self.base_calendars_action)
        self._add_leveling_actions()

        self.task_menu = self.gantt_tab.tab_actions.task_menu()  # the Gantt's selection
        bar.addMenu(self.task_menu)
        self.view_menu = bar.addMenu("&View")
        for number, title in enumerate(("&Gantt", "&Risks", "&Vendors")):
            self.view_menu.addAction(
                self._action(
                    title,
                    self._tab_shower(number),
                    QKeySequence(f"Ctrl+{number + 1}"),
                )
            )
        self.view_menu.addAction(
            self._action(
                "Reso&urces",
                lambda: self.tabs.setCurrentWidget(self.resources_tab),
                QKeySequence("Ctrl+5"),
                "The workspace's resource pool, shared by every project",
            )
        )
        self.view_menu.addAction(
            self._action(
                "Run&books",
                lambda: self.tabs.setCurrentWidget(self.runbooks_tab),
                QKeySequence("Ctrl+6"),
                "The project's cutover runbooks: plan, live run, rehearsal comparison",
            )
        )
        self.view_menu.addAction(
            self._action(
                "G&overnance",
                lambda: self.tabs.setCurrentWidget(self.governance_tab),
                QKeySequence("Ctrl+7"),
                "Actions, meetings, stakeholders, the communication plan and the handover",
            )
        )

        self.view_menu.addSeparator()
        self.view_menu.addMenu(self.gantt_tab.view_menu())
        for action in self.gantt_tab.export_actions():
            self.export_menu.addAction(action)

        self.help_menu = bar.addMenu("&Help")
        self.help_menu.addAction(
            self._action("&User Guide", self.show_user_guide, QKeySequence("F1"))
        )
        self.help_menu.addAction(self._action(f"&About {APP_NAME}", self.show_about))
        self._update_file_submenus()

    def add_import_action(self, action: QAction) -> None:
        """Later features add their importers here (File > Import)."""
        self.import_menu.addAction(action)
        self._update_file_submenus()

    def add_export_action(self, action: QAction) -> None:
        """Later features add their exports here (File > Export)."""
        self.export_menu.addAction(action)
        self._update_file_submenus()

    def _update_file_submenus(self) -> None:
        self.import_menu.menuAction().setVisible(not self.import_menu.isEmpty())
        self.export_menu.menuAction().setVisible(not self.export_menu.isEmpty())

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = self.settings.recent_files()
        for number, location in enumerate(files, start=1):
            action = self.recent_menu.addAction(f"&{number} {location}")
            action.triggered.connect(
                lambda _checked=False, where=location: self.open_location(where)
            )
        if not files:
            self.recent_menu.addAction("No recent workspaces").setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction("&Clear List", self.settings.clear_recent_files)

    # ------------------------------------------------------------------ workspace
    @property
    def workspace(self) -> Workspace:
        return self.context.workspace

    def open_location(self, location: str | Path) -> bool:
        """Open a recent entry: a workspace file, or a team workspace's URL (the same way as
        File > Open Team Workspace, asking before a schema upgrade)."""
        if is_server_url(str(location)):
            # lazy: the database layer is loaded once the frame has painted (issue 22)
            from infradesk.ui.team_workspace import open_team_workspace

            return open_team_workspace(self, str(location))
        return self.open_workspace(Path(location))

    def start_folder(self) -> str:
        """Where file dialogs start: the open file's folder; the home folder for a team
        workspace (it has no folder)."""
        if self.workspace.is_server:
            return str(Path.home())
        return str(self.workspace.path.parent)

    def open_workspace(self, path: Path) -> bool:
        """Switch to the workspace at ``path``; on failure explain why and keep the current one."""
        # lazy: the database layer is loaded once the frame has painted (issue 22)
        from infradesk.store.workspace import Workspace

        try:
            workspace = Workspace.open(path)
        except WorkspaceError as error:
            # lazy: shown on a failure only
            from infradesk.ui.restore_dialog import explain_open_failure

            explain_open_failure(self, path, error)
            return False
        if workspace.migration_backup is not None:
            self.statusBar().showMessage(
                f"Workspace upgraded; a backup was saved as {workspace.migration_backup.name}",
                10000,
            )
        self.context.set_workspace(workspace)
        return True

    def open_workspace_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Open Workspace", self.start_folder(), WORKSPACE_FILTER
        )
        if path:
            self.open_workspace(Path(path))

    def new_workspace(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "New Workspace", self.start_folder(), WORKSPACE_FILTER
        )
        if not path:
            return
        target = Path(path)
        if not target.suffix:
            target = target.with_suffix(WORKSPACE_SUFFIX)
        if not self.workspace.is_server and target.resolve() == self.workspace.path.resolve():
            QMessageBox.warning(self, "New Workspace", "That workspace is already open.")
            return
        # lazy: see open_workspace
        from infradesk.store.workspace import Workspace

        try:
            target.unlink(missing_ok=True)
            workspace = Workspace.create(target)
        except (OSError, WorkspaceError) as error:
            QMessageBox.critical(self, "Cannot create workspace", str(error))
            return
        self.context.set_workspace(workspace)

    def save_as(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Save Workspace As", self.start_folder(), WORKSPACE_FILTER
        )
        if not path:
            return
        target = Path(path)
        if not target.suffix:
            target = target.with_suffix(WORKSPACE_SUFFIX)
        self.save_workspace_as(target)

    def save_workspace_as(self, target: Path) -> bool:
        """Copy the open workspace (a file or a team workspace) to the file ``target`` and
        continue there, on the same project; on failure say why and keep the current one."""
        project_id = self.context.project_id
        copying = self.workspace.is_server  # every table over the network: may take a while
        if copying:
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            self.statusBar().showMessage(f"Copying {self.workspace.title} to {target.name}…")
        try:
            workspace = self.workspace.save_as(target)
        except (OSError, WorkspaceError) as error:
            QMessageBox.critical(self, "Cannot save workspace", str(error))
            return False
        finally:
            if copying:
                QGuiApplication.restoreOverrideCursor()
                self.statusBar().clearMessage()
        self.context.set_workspace(workspace)
        self._select_project(project_id)
        return True

    def _on_workspace_changed(self) -> None:
        location = self.workspace.location
        self.settings.add_recent_file(location)
        self.settings.set_last_workspace(location)
        self.restore_action.setEnabled(not self.workspace.is_server)
        self.restore_action.setStatusTip(
            "A team workspace has no backup files: its administrator restores it from pg_dump"
            if self.workspace.is_server
            else "Put one of this workspace's backups back in place"
        )
        self.reload_projects(prefer_name=self.settings.last_project(location))

    # ------------------------------------------------------------------ projects
    def reload_projects(self, prefer_id: int | None = None, prefer_name: str | None = None) -> None:
        # lazy: the database layer is loaded once the frame has painted (issue 22)
        from infradesk.services.plan.project_view import project_list

        projects = project_list(self.workspace)
        self.project_selector.blockSignals(True)
        self.project_selector.clear()
        for project in projects:
            self.project_selector.addItem(project.name, project.id)
        self.project_selector.blockSignals(False)
        target = prefer_id if prefer_id is not None else self.context.project_id
        index = self.project_selector.findData(target) if target is not None else -1
        if index < 0 and prefer_name:
            index = self.project_selector.findText(prefer_name)
        if index < 0 and projects:
            index = 0
        self.project_selector.setCurrentIndex(index)
        self._on_project_selected(index)

    def show_task_in_gantt(self, project_id: int, task_id: int) -> None:
        """Open a task's project in the Gantt with the task selected and in view."""
        self._select_project(project_id)
        self.tabs.setCurrentWidget(self.gantt_tab)
        if not self.gantt_tab.show_task(task_id):
            self.statusBar().showMessage(
                "That task is hidden in the Gantt (a collapsed summary or a filter).", 5000
            )

    def _select_project(self, project_id: int | None) -> None:
        index = self.project_selector.findData(project_id)
        if index >= 0:
            self.project_selector.setCurrentIndex(index)

    def _on_project_selected(self, index: int) -> None:
        project_id = self.project_selector.itemData(index) if index >= 0 else None
        if project_id is not None:
            self.settings.set_last_project(
                self.workspace.location, self.project_selector.itemText(index)
            )
        switched = project_id != self.context.project_id
        self.context.set_project(project_id)
        if switched:  # a project chosen or a workspace opened: the keyboard goes to its table
            self.focus_current_table()
        editable = project_id is not None and not self.workspace.read_only
        self.rename_action.setEnabled(editable)
        self.delete_action.setEnabled(editable)
        self._update_title()

    def _take_warm_schedule(self, project_id: int, _synced: bool, result: object) -> None:
        """The Gantt holds the schedule the edits will patch (the same dates and floats as the
        one it loaded, from the same inputs), so that the first edit repaints only the rows
        it moved instead of comparing every task with another schedule; a big plan that
        opened on its stored dates gets its floats and critical path from it."""
        # lazy: the schedule is loaded once the frame has painted (issue 22)
        from infradesk.schedule.engine import ScheduleResult

        if isinstance(result, ScheduleResult):
            self.gantt_tab.model.take_schedule(project_id, result)

    def _load_shown_tab(self, _index: int) -> None:
        load = getattr(self.tabs.currentWidget(), "load_if_stale", None)
        if callable(load):
            load()

    def current_table(self) -> QWidget | None:
        """The shown tab's table (the Gantt's outline, the Risks log, the vendor list)."""
        table = getattr(self.tabs.currentWidget(), "current_table", None)
        return table() if callable(table) else None

    def focus_current_table(self) -> None:
        """Give the keyboard to the shown tab's table: the Gantt's on its first task, unless
        the project's saved view (ui/view_state.py) brought back how the user left it, a
        selection or none (the first arrow key then lands on the first task)."""
        tab = self.tabs.currentWidget()
        if tab is self.gantt_tab:
            self.gantt_tab.focus_table(first_task=not self._saved_gantt_view())
            return
        focus = getattr(tab, "focus_table", None)
        if callable(focus):
            focus()

    def _saved_gantt_view(self) -> bool:
        project_id = self.context.project_id
        if project_id is None:
            return False
        state = self.settings.view_state(self.workspace.location, project_id)
        return isinstance(state.get("gantt"), dict)

    def current_project_name(self) -> str:
        return self.project_selector.currentText() if self.context.project_id else ""

    def _on_data_changed(self, affects: frozenset[str], project_id: int | None) -> None:
        if "projects" in affects:
            self.reload_projects(prefer_id=project_id)  # also refreshes the title
        elif "tasks" in affects:
            self._update_title()  # the task count in the status bar

    def _on_undo_refused(self, title: str, message: str) -> None:
        self.statusBar().showMessage(message, 15000)
        QMessageBox.warning(self, title, message)

    def _tab_shower(self, index: int) -> Callable[[], None]:
        def show() -> None:
            self.tabs.setCurrentIndex(index)

        return show

    def _run(self, command: Command, title: str) -> bool:
        try:
            self.context.execute(command)
        except UserError as error:  # ProjectError, a read-only or busy workspace
            QMessageBox.warning(self, title, str(error))
            return False
        return True

    def new_project(self) -> None:
        name, ok = QInputDialog.getText(self, "New Project", "Project name:")
        if ok and name.strip():
            # lazy: the database layer is loaded once the frame has painted (issue 22)
            from infradesk.services.preferences import create_project_command

            command = create_project_command(name.strip(), self.settings.preferences())
            self._run(command, "New Project")

    # -- resource leveling (issue 18)
    def _add_leveling_actions(self) -> None:
        self.project_menu.addSeparator()
        self.level_action = self._action("&Level Resources…", self.level_resources)
        self.clear_leveling_action = self._action("&Clear Leveling", self.clear_leveling)
        self.project_menu.addAction(self.level_action)
        self.project_menu.addAction(self.clear_leveling_action)
        self.leveling_dialog: LevelingDialog | None = None

    def level_resources(self) -> LevelingDialog | None:
        """Open Level Resources on the Gantt (its ghost bars show the proposal)."""
        # lazy: opened on demand
        from infradesk.ui.resources.leveling_dialog import LevelingDialog

        if self.context.project_id is None:
            return None
        self.tabs.setCurrentWidget(self.gantt_tab)
        dialog = LevelingDialog(self.context, self, self.gantt_tab.chart.set_ghost_bars)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.leveling_dialog = dialog
        dialog.finished.connect(lambda _result: setattr(self, "leveling_dialog", None))
        dialog.show()
        dialog.propose()
        return dialog

    def clear_leveling(self) -> None:
        # lazy: used on demand
        from infradesk.ui.resources.leveling_dialog import clear_leveling

        clear_leveling(self.context, self)

    def rename_project(self) -> None:
        if self.context.project_id is None:
            return
        name, ok = QInputDialog.getText(
            self, "Rename Project", "New name:", text=self.current_project_name()
        )
        if ok and name.strip() and name.strip() != self.current_project_name():
            # lazy: the database layer is loaded once the frame has painted (issue 22)
            from infradesk.services.plan.projects import RenameProject

            self._run(RenameProject(self.context.project_id, name.strip()), "Rename Project")

    def delete_project(self) -> None:
        if self.context.project_id is None:
            return
        name = self.current_project_name()
        answer = QMessageBox.question(
            self,
            "Delete Project",
            f"Delete the project '{name}' with all its tasks, risks and vendors?\n\n"
            "You can undo this with Edit > Undo.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            # lazy: see rename_project
            from infradesk.services.plan.projects import DeleteProject

            self._run(DeleteProject(self.context.project_id, name), "Delete Project")

    # ------------------------------------------------------------------ window
    def _update_title(self) -> None:
        name = self.current_project_name()
        parts = [name] if name else []
        parts += [self.workspace.title, APP_NAME]
        self.setWindowTitle(" — ".join(parts))
        # a file's path (the proxy icon on macOS); a team workspace is no file
        self.setWindowFilePath("" if self.workspace.is_server else str(self.workspace.path))
        tasks = ""
        if self.context.project_id is not None:
            # lazy: the database layer is loaded once the frame has painted (issue 22)
            from infradesk.services.plan.project_view import task_count

            count = task_count(self.workspace, self.context.project_id)
            tasks = f"{count} tasks · "
        projects = self.project_selector.count()
        self.status_label.setText(f"{tasks}{projects} project(s) · {self.workspace.location}")

    def restore_from_backup(self) -> None:
        # lazy: opened on demand
        from infradesk.ui.restore_dialog import open_restore_dialog

        if self.workspace.is_server:  # the action is disabled; a shortcut may still call
            QMessageBox.information(
                self,
                "Restore from backup",
                f"{self.workspace.title} is a team workspace: it has no backup files here. "
                "Its administrator restores it from a pg_dump backup.",
            )
            return
        open_restore_dialog(self, self.workspace.path)

    def show_about(self) -> None:
        # lazy: opened on demand
        from infradesk.ui.about import AboutDialog

        AboutDialog(self.workspace, self).exec()

    def show_settings(self) -> None:
        # lazy: opened on demand
        from infradesk.ui.settings_dialog import edit_settings

        if edit_settings(self.settings, self):
            self.statusBar().showMessage("Settings saved", 5000)
            # Views re-read what they show from the preferences (e.g. the date format).
            self.context.announce(frozenset({"tasks", "settings"}), self.context.project_id)

    def show_user_guide(self) -> None:
        # lazy: opened on demand
        from infradesk.ui.user_guide import show_user_guide

        show_user_guide(self)

    def _restore_geometry(self) -> None:
        """The saved size and place, once (the frame has it before it is shown)."""
        if self._geometry_restored:
            return
        self._geometry_restored = True
        geometry = self.settings.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)

    def _restore_state(self) -> None:
        """Toolbars and docks as the user left them (after the toolbar is built)."""
        state = self.settings.window_state()
        if state is not None:
            self.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Close open dialogs, save the layout, stop polling, then close the workspace (last).
        A frame not built yet (closed before its workspace opened) has none of these: its
        start is cancelled."""
        if not self._built:
            self._opener = None
            event.accept()
            return
        # Dialogs and wizards (children of this window) end before their workspace; one that
        # refuses to close (unsaved input) keeps the window open too.
        for dialog in self.findChildren(QDialog):
            if dialog.isVisible() and not dialog.close():
                event.ignore()
                return
        self.view_state.save()
        self.settings.save_window(self.saveGeometry(), self.saveState())
        self.settings.sync()
        self.workspace_watch.stop()
        self.plan_warm_up.stop()
        self.workspace.close()
        event.accept()


class _StartAfterPaint(QObject):
    """Starts the frame's :meth:`MainWindow.finish_start` on the event loop's turn after its
    first paint (the painted frame is on the screen by then), or :data:`START_FALLBACK_MS`
    after it is shown if it never paints."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window:
            if event.type() == QEvent.Type.Paint:
                self.window.removeEventFilter(self)
                QTimer.singleShot(0, self, self._start)
            elif event.type() == QEvent.Type.Show:
                QTimer.singleShot(START_FALLBACK_MS, self, self._start)
        return False

    def _start(self) -> None:
        self.window.removeEventFilter(self)
        try:
            self.window.finish_start()
        except Exception as error:  # the application ends on it, as on a failed start before
            self.window.startFailed.emit(error)


def tab_titles(window: MainWindow) -> list[str]:
    return [window.tabs.tabText(i).replace("&", "") for i in range(window.tabs.count())]


__all__ = ["MainWindow", "QWidget", "Qt", "tab_titles"]
