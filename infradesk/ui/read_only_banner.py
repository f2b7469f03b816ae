"""The read-only banner: what the window shows while the open workspace may not be written.

A workspace that file permissions keep us from writing opens read-only (see
``store/readonly.py``). The user can look and export; every edit would be refused. The banner
says so before anyone tries, with a button to make an editable copy, and the window's own edit
entry points are switched off. It lives in a toolbar row of its own below the project toolbar
(the central widget is swapped by ``welcome.py``), cannot be moved, floated or hidden from the
toolbar menu, and disappears when a writable workspace is opened.

Edits that still get through (a button in a tab) are refused by the Command itself with
:class:`~infradesk.store.readonly.ReadOnlyWorkspaceError`, a UserError shown as a message.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolBar,
    QWidget,
)

from infradesk.ui import theme

if TYPE_CHECKING:
    from infradesk.store.workspace import Workspace
    from infradesk.ui.main_window import MainWindow

BANNER_TEXT = (
    "This workspace is read-only (file permissions): you can look and export, but not edit. "
    "Use File > Save As… to make an editable copy."
)


def banner_text(workspace: Workspace) -> str:
    """Why this workspace may not be changed: file permissions, or a team workspace login
    with only SELECT rights."""
    if workspace.is_server:
        return (
            f"Read-only: your login may not change {workspace.title}. You can look and export; "
            "File > Save As… makes an editable copy in a file."
        )
    return BANNER_TEXT


#: The edit triggers a view had before the workspace turned read-only (a dynamic property).
_SAVED_TRIGGERS = "infradeskEditTriggers"


class ReadOnlyBanner(QToolBar):
    """A full-width, non-dismissable notice with a "Save As…" button."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__("Read-only workspace", window)
        self.window_ = window
        self.setObjectName("readOnlyBanner")
        self.setMovable(False)
        self.setFloatable(False)
        # Not listed in the main window's toolbar context menu, so it cannot be switched off.
        self.toggleViewAction().setVisible(False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.PreventContextMenu)

        box = QWidget(self)
        box.setObjectName("readOnlyBannerBox")
        box.setAutoFillBackground(True)
        theme.restyle(
            box,
            lambda t: f"#readOnlyBannerBox {{ background: {t.banner.name()};"
            f" border: 1px solid {t.banner_border.name()}; }}"
            f"#readOnlyBannerBox QLabel {{ color: {t.banner_text.name()}; }}",
        )
        layout = QHBoxLayout(box)
        layout.setContentsMargins(10, 6, 10, 6)
        self.label = QLabel(BANNER_TEXT, box)
        self.label.setObjectName("readOnlyText")
        self.label.setWordWrap(True)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.save_as_button = QPushButton("Save As…", box)
        self.save_as_button.setObjectName("readOnlySaveAs")
        self.save_as_button.clicked.connect(window.save_as)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.save_as_button)
        box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.addWidget(box)

    def update_state(self) -> None:
        """Show or hide the banner and switch editing off or on for the open workspace."""
        workspace = self.window_.workspace
        read_only = workspace.read_only
        if read_only:
            self.label.setText(banner_text(workspace))
        self.setVisible(read_only)
        set_editing_enabled(self.window_, not read_only)


def set_editing_enabled(window: MainWindow, enabled: bool) -> None:
    """Switch the window's edit entry points: undo/redo, project edits, import, new/delete
    row, the Gantt's structural edits, cell editing."""
    window.new_project_action.setEnabled(enabled)
    has_project = window.context.project_id is not None
    window.rename_action.setEnabled(enabled and has_project)
    window.delete_action.setEnabled(enabled and has_project)
    window.import_menu.setEnabled(enabled)
    window.new_row_action.setEnabled(enabled)
    window.delete_rows_action.setEnabled(enabled)
    gantt = window.gantt_tab.tab_actions  # its toolbar's structural edits
    for action in (
        gantt.insert_action,
        gantt.insert_child_action,
        gantt.delete_action,
        gantt.indent_action,
        gantt.outdent_action,
        gantt.up_action,
        gantt.down_action,
        gantt.link_action,
        gantt.unlink_action,
        gantt.complete_through_action,
        gantt.on_track_action,
    ):
        action.setEnabled(enabled)
    stack = window.context.undo_stack
    window.undo_action.setEnabled(enabled and stack.canUndo())
    window.redo_action.setEnabled(enabled and stack.canRedo())
    for view in window.tabs.findChildren(QAbstractItemView):
        saved = view.property(_SAVED_TRIGGERS)
        if not enabled and saved is None:
            view.setProperty(_SAVED_TRIGGERS, int(view.editTriggers().value))
            view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        elif enabled and saved is not None:
            view.setEditTriggers(QAbstractItemView.EditTrigger(int(saved)))
            view.setProperty(_SAVED_TRIGGERS, None)


def install_read_only_banner(window: MainWindow) -> ReadOnlyBanner:
    """Add the banner in its own row below the window's toolbar and keep it up to date."""
    banner = ReadOnlyBanner(window)
    window.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, banner)
    # After the window's own handler (connected earlier), which re-enables project actions.
    window.context.workspaceChanged.connect(banner.update_state)
    window.context.projectChanged.connect(lambda _project_id: banner.update_state())
    banner.update_state()
    return banner
