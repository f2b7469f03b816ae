"""Each project's views come back as the user left them.

Kept: the Gantt's zoom, scroll position and selection (:mod:`.gantt.view_state`), and the
column layout (widths, order, hidden columns) of every named table of the tabs: the Gantt
table, the RAID logs, the vendor sections… Saved when the project or the workspace changes
(``AppContext.leaving``) and when the window closes; restored when a project is shown.

Where: the user's QSettings (:meth:`AppSettings.view_state`), keyed by the workspace file and
the project id, not the workspace itself. A view is one person's, not project data: a
workspace shared on a drive or sent by mail carries nobody's column widths, and saving a view
needs no write transaction, so it never becomes an undo step and works on a read-only
workspace too. Project ids are never reused (AUTOINCREMENT), so a deleted project's state
cannot reach another one; undoing the deletion brings its view back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QObject, Qt
from PySide6.QtWidgets import QTableView, QWidget

from infradesk.ui.gantt import view_state as gantt_view

if TYPE_CHECKING:
    from infradesk.ui.main_window import MainWindow


class ViewStateKeeper(QObject):
    """Saves the shown project's view state before it changes; restores the next one's."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        # Connected after the tabs: they have reloaded the new project when restore runs.
        window.context.leaving.connect(self.save)
        window.context.projectChanged.connect(self.restore)

    def save(self) -> None:
        context = self.window.context
        if context.project_id is None:
            return
        state = {
            "tables": table_states(self.window.tabs),
            "gantt": gantt_view.capture(self.window.gantt_tab),
        }
        self.window.settings.set_view_state(context.workspace.location, context.project_id, state)

    def restore(self, project_id: int | None) -> None:
        if project_id is None:
            return
        state = self.window.settings.view_state(self.window.context.workspace.location, project_id)
        tables = state.get("tables")
        if isinstance(tables, dict):
            restore_tables(self.window.tabs, tables)
        gantt = state.get("gantt")
        if isinstance(gantt, dict):
            gantt_view.restore(self.window.gantt_tab, gantt)


def install_view_state(window: MainWindow) -> ViewStateKeeper:
    return ViewStateKeeper(window)


def _titles(table: QTableView) -> list[str]:
    model = table.model()
    if model is None:
        return []
    horizontal = Qt.Orientation.Horizontal
    return [str(model.headerData(c, horizontal)) for c in range(model.columnCount())]


def table_states(root: QWidget) -> dict[str, Any]:
    """The header state of every named table under ``root``, with its column titles."""
    states: dict[str, Any] = {}
    for table in root.findChildren(QTableView):
        name = table.objectName()
        if name and name not in states:
            state = bytes(table.horizontalHeader().saveState().toBase64().data()).decode("ascii")
            states[name] = {"columns": _titles(table), "header": state}
    return states


def restore_tables(root: QWidget, states: dict[str, Any]) -> None:
    """Restore the tables whose columns are still the saved ones (a new version's table
    with other columns keeps its defaults rather than taking a layout meant for others)."""
    for table in root.findChildren(QTableView):
        saved = states.get(table.objectName())
        if not isinstance(saved, dict) or saved.get("columns") != _titles(table):
            continue
        header = saved.get("header")
        if isinstance(header, str):
            table.horizontalHeader().restoreState(QByteArray.fromBase64(header.encode("ascii")))
