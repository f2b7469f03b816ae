"""Every refused edit is a message where the edit was made, and what was typed survives (issue 13).

"Busy" is real: a second :class:`Workspace` on the same file holds a write transaction open
while the GUI edits, with the busy timeout shortened to 0.3 s. A refused value is a real
service refusal (an impossible date). pytest-qt fails a test when an exception escapes into
Qt, so every test here also shows that the refusal did not reach the excepthook.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLineEdit,
    QMessageBox,
    QTableView,
    QWizard,
)
from sqlalchemy import func, select, text

from infradesk.model import Contract, Issue, Project, Risk, Task, Vendor
from infradesk.services.documents.io import export_document, import_document
from infradesk.store import engine as store_engine
from infradesk.store.busy import BUSY_MESSAGE
from infradesk.store.workspace import Workspace
from infradesk.ui.context import AppContext
from tests.services.vendors.conftest import TODAY, vendor_document

SHORT_BUSY_MS = 300
NEW_TITLE = "Core switch delivery slips (typed)"


@pytest.fixture
def short_busy_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Workspaces opened from now on give up after 0.3 s instead of 5 s (request it first)."""
    monkeypatch.setattr(store_engine, "BUSY_TIMEOUT_MS", SHORT_BUSY_MS)


@contextmanager
def another_writer(path: Path) -> Iterator[None]:
    """Another InfraDesk on the same file, in the middle of a write transaction."""
    other = Workspace.open(path)
    try:
        with other.session() as session:
            session.execute(text("UPDATE project SET name = name"))
            yield
    finally:
        other.close()


def no_crash_logs(user_folders: Path) -> bool:
    return not list(user_folders.rglob("crash-*.log"))


def count(workspace: Workspace, model: type) -> int:
    with workspace.read_session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def first_project(workspace: Workspace) -> int:
    with workspace.read_session() as session:
        project_id = session.scalar(select(Project.id).order_by(Project.id))
    assert project_id is not None
    return project_id


def editing(table: QTableView) -> bool:
    return table.state() == QAbstractItemView.State.EditingState


def type_into_cell(qtbot, table: QTableView, cell: QModelIndex, typed: str) -> None:
    """Open the cell's editor, type ``typed`` and press Enter (the delegate commits on the
    next turn of the event loop)."""
    table.setCurrentIndex(cell)
    table.edit(cell)
    qtbot.waitUntil(lambda: editing(table) and table.indexWidget(cell) is not None)
    editor = table.indexWidget(cell)
    assert isinstance(editor, QLineEdit)
    editor.setText(typed)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def reopened_text(table: QTableView, cell: QPersistentModelIndex) -> str | None:
    """The text of the cell's editor once it is open again, else None."""
    if not editing(table):
        return None
    editor = table.indexWidget(table.model().index(cell.row(), cell.column()))
    return editor.text() if isinstance(editor, QLineEdit) else None


def press_enter_in_editor(qtbot, table: QTableView, cell: QPersistentModelIndex) -> None:
    editor = table.indexWidget(table.model().index(cell.row(), cell.column()))
    assert editor is not None
    qtbot.keyClick(editor, Qt.Key.Key_Return)


# --------------------------------------------------------------------------- Risks table
@pytest.fixture
def risks_tab(short_busy_timeout: None, qtbot, demo_workspace: Workspace) -> Iterator[Any]:
    from infradesk.ui.risks.tab import RisksTab

    context = AppContext(demo_workspace)
    tab = RisksTab(context)
    qtbot.addWidget(tab)
    tab.resize(1400, 800)
    tab.show()
    qtbot.waitExposed(tab)
    context.set_project(first_project(demo_workspace))
    yield tab


def raid_cell(view: Any, code: str, field: str) -> QPersistentModelIndex:
    column = next(
        n for n, c in enumerate(view.model.columns) if c.field is not None and c.field.name == field
    )
    for row in range(view.proxy.rowCount()):
        if view.proxy.index(row, 0).data() == code:
            return QPersistentModelIndex(view.proxy.index(row, column))
    raise AssertionError(f"{code} is not shown")


def risk_value(workspace: Workspace, code: str, field: str) -> Any:
    with workspace.read_session() as session:
        return getattr(session.scalars(select(Risk).where(Risk.code == code)).one(), field)


def test_risks_busy_workspace_keeps_the_typed_title_and_enter_saves_it_later(
    risks_tab: Any, qtbot, isolated_user_folders: Path
) -> None:
    view, workspace = risks_tab.risks, risks_tab.context.workspace
    before = risk_value(workspace, "R-001", "title")
    cell = raid_cell(view, "R-001", "title")
    with another_writer(workspace.path):
        type_into_cell(qtbot, view.table, QModelIndex(cell), NEW_TITLE)
        qtbot.waitUntil(lambda: view.error_label.text() == f"⚠ {BUSY_MESSAGE}")
        qtbot.waitUntil(lambda: reopened_text(view.table, cell) == NEW_TITLE)
        assert view.error_label.isVisible()
        assert risk_value(workspace, "R-001", "title") == before
        assert risks_tab.context.undo_stack.count() == 0
    press_enter_in_editor(qtbot, view.table, cell)  # the other program is done: Enter saves
    qtbot.waitUntil(lambda: risk_value(workspace, "R-001", "title") == NEW_TITLE)
    qtbot.waitUntil(lambda: not editing(view.table))
    assert not view.error_label.isVisible()
    assert risks_tab.context.undo_stack.count() == 1
    assert no_crash_logs(isolated_user_folders)


def test_risks_refused_date_is_explained_and_the_typed_text_kept_for_correction(
    risks_tab: Any, qtbot
) -> None:
    view, workspace = risks_tab.risks, risks_tab.context.workspace
    before = risk_value(workspace, "R-001", "next_review")
    cell = raid_cell(view, "R-001", "next_review")
    type_into_cell(qtbot, view.table, QModelIndex(cell), "2026-02-30")
    qtbot.waitUntil(lambda: "'2026-02-30' is not a date" in view.error_label.text())
    qtbot.waitUntil(lambda: reopened_text(view.table, cell) == "2026-02-30")
    assert risk_value(workspace, "R-001", "next_review") == before
    editor = view.table.indexWidget(view.proxy.index(cell.row(), cell.column()))
    editor.setText("2026-03-02")  # the user corrects the day
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: str(risk_value(workspace, "R-001", "next_review")) == "2026-03-02")
    assert not view.error_label.isVisible()


def test_raid_log_view_shows_a_busy_refusal_above_its_table(
    risks_tab: Any, isolated_user_folders: Path
) -> None:
    view, workspace = risks_tab.issues, risks_tab.context.workspace
    risks_tab.sub_tabs.setCurrentWidget(view)
    issues = count(workspace, Issue)
    with another_writer(workspace.path):
        view.new_record()
    assert view.error_label.isVisible()
    assert view.error_label.text() == f"⚠ {BUSY_MESSAGE}"
    assert count(workspace, Issue) == issues
    assert risks_tab.context.undo_stack.count() == 0
    assert no_crash_logs(isolated_user_folders)


# --------------------------------------------------------------------------- Vendors table
@pytest.fixture
def vendors_tab(short_busy_timeout: None, qtbot, workspace: Workspace) -> Iterator[Any]:
    from infradesk.ui.vendors.tab import VendorsTab

    with workspace.session() as session:
        project_id = import_document(session, vendor_document())[0]
    context = AppContext(workspace)
    context.project_id = project_id
    tab = VendorsTab(context)
    tab.today = TODAY
    qtbot.addWidget(tab)
    tab.resize(1400, 860)
    tab.show()
    qtbot.waitExposed(tab)
    tab.reload()
    yield tab


def vendor_cell(section: Any, match_key: str, match: str, key: str) -> QPersistentModelIndex:
    model = section.model
    row = next(n for n, r in enumerate(model.rows) if r[match_key] == match)
    column = next(n for n, c in enumerate(model.columns) if c.key == key)
    return QPersistentModelIndex(section.proxy.mapFromSource(model.index(row, column)))


def vendor_names(workspace: Workspace) -> list[str]:
    with workspace.read_session() as session:
        return sorted(session.scalars(select(Vendor.name)))


def contract_end(workspace: Workspace, number: str) -> str:
    with workspace.read_session() as session:
        end = session.scalars(select(Contract.end).where(Contract.number == number)).one()
    return str(end)[:10]


def test_vendors_busy_workspace_keeps_the_typed_name_and_enter_saves_it_later(
    vendors_tab: Any, qtbot, isolated_user_folders: Path
) -> None:
    tab, workspace = vendors_tab, vendors_tab.context.workspace
    section = tab.vendors
    cell = vendor_cell(section, "name", "NetSource", "name")
    with another_writer(workspace.path):
        type_into_cell(qtbot, section.table, QModelIndex(cell), "NetSource Europe")
        qtbot.waitUntil(lambda: tab.message.isVisible() and tab.message.text() == BUSY_MESSAGE)
        qtbot.waitUntil(lambda: reopened_text(section.table, cell) == "NetSource Europe")
        assert "NetSource" in vendor_names(workspace)
        assert tab.context.undo_stack.count() == 0
    press_enter_in_editor(qtbot, section.table, cell)
    qtbot.waitUntil(lambda: "NetSource Europe" in vendor_names(workspace))
    assert "NetSource" not in vendor_names(workspace)
    qtbot.waitUntil(lambda: not tab.message.isVisible())
    assert tab.context.undo_stack.count() == 1
    assert no_crash_logs(isolated_user_folders)


def test_vendors_refused_date_is_explained_and_the_typed_text_kept_for_correction(
    vendors_tab: Any, qtbot
) -> None:
    tab, workspace = vendors_tab, vendors_tab.context.workspace
    row = next(r for r in tab.vendors.model.rows if r["name"] == "NetSource")
    tab.select_vendor(row["id"])
    section = tab.detail.contracts
    tab.detail.tabs.setCurrentWidget(section)
    qtbot.waitUntil(section.table.isVisible)
    before = contract_end(workspace, "FA-1")
    cell = vendor_cell(section, "number", "FA-1", "end")
    type_into_cell(qtbot, section.table, QModelIndex(cell), "2026-02-30")
    qtbot.waitUntil(lambda: "'2026-02-30' is not a date" in tab.message.text())
    assert tab.message.isVisible()
    qtbot.waitUntil(lambda: reopened_text(section.table, cell) == "2026-02-30")
    assert contract_end(workspace, "FA-1") == before
    editor = section.table.indexWidget(section.proxy.index(cell.row(), cell.column()))
    editor.setText("2026-07-31")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: contract_end(workspace, "FA-1") == "2026-07-31")
    assert not tab.message.isVisible()


def test_vendors_tab_shows_a_busy_refusal_in_its_message_bar(
    vendors_tab: Any, isolated_user_folders: Path
) -> None:
    tab, workspace = vendors_tab, vendors_tab.context.workspace
    vendors = count(workspace, Vendor)
    with another_writer(workspace.path):
        tab.add("vendor", None)
    assert tab.message.isVisible() and tab.message.text() == BUSY_MESSAGE
    assert count(workspace, Vendor) == vendors
    assert no_crash_logs(isolated_user_folders)


# --------------------------------------------------------------------------- Gantt
@pytest.fixture
def gantt_tab(short_busy_timeout: None, qtbot, demo_workspace: Workspace) -> Iterator[Any]:
    from infradesk.ui.gantt.tab import GanttTab

    context = AppContext(demo_workspace)
    tab = GanttTab(context)
    qtbot.addWidget(tab)
    tab.resize(1400, 700)
    tab.show()
    qtbot.waitExposed(tab)
    context.set_project(first_project(demo_workspace))
    yield tab


def test_gantt_tab_shows_a_busy_refusal_in_its_banner(
    gantt_tab: Any, isolated_user_folders: Path
) -> None:
    workspace = gantt_tab.context.workspace
    tasks = count(workspace, Task)
    with another_writer(workspace.path):
        gantt_tab.tab_actions.insert_task()
    assert gantt_tab.last_message == BUSY_MESSAGE
    assert gantt_tab.banner.isVisible()
    assert count(workspace, Task) == tasks
    assert gantt_tab.context.undo_stack.count() == 0
    assert no_crash_logs(isolated_user_folders)


def test_task_dialog_stays_open_with_what_was_typed_when_the_save_is_refused(
    gantt_tab: Any, qtbot
) -> None:
    from infradesk.ui.gantt.task_dialog import TaskDialog

    workspace = gantt_tab.context.workspace
    outline = gantt_tab.model.outline
    row = outline.ids.index(min(i for n, i in enumerate(outline.ids) if not outline.summary[n]))
    task_id, old_name = outline.ids[row], outline.name[row]
    seen: dict[str, Any] = {}

    def in_the_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        try:
            assert isinstance(dialog, TaskDialog)
            dialog.name.setText("Renamed in the dialog")
            with another_writer(workspace.path):
                dialog.accept()  # OK while another program writes
                seen["error"] = dialog.error.text()
                seen["open"] = dialog.isVisible()
                seen["name"] = dialog.name.text()
            dialog.accept()  # OK again: saved, closed
        finally:
            if dialog is not None and dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, in_the_dialog)
    gantt_tab.open_dialog(row)
    assert seen == {"error": BUSY_MESSAGE, "open": True, "name": "Renamed in the dialog"}
    with workspace.read_session() as session:
        assert session.get(Task, task_id).name == "Renamed in the dialog"
    assert old_name != "Renamed in the dialog"
    assert gantt_tab.context.undo_stack.count() == 1


# --------------------------------------------------------------------------- dialogs, wizard
@pytest.fixture
def shown_messages(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """The message boxes shown (warning and critical), instead of blocking the test."""
    shown: list[tuple[str, str]] = []
    for name in ("warning", "critical"):
        monkeypatch.setattr(
            QMessageBox, name, lambda parent, title, text, *a: shown.append((title, text))
        )
    return shown


def test_status_dialog_shows_a_busy_refusal_and_stays_open(
    short_busy_timeout: None,
    qtbot,
    demo_workspace: Workspace,
    shown_messages: list[tuple[str, str]],
) -> None:
    from infradesk.model.status import StatusUpdate
    from infradesk.ui.status_dialog import StatusDialog

    context = AppContext(demo_workspace)
    dialog = StatusDialog(context, first_project(demo_workspace))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.summary.setPlainText("Cut-over rehearsal passed.")
    with another_writer(demo_workspace.path):
        dialog.save()
    assert shown_messages == [("Status update", BUSY_MESSAGE)]
    assert dialog.isVisible()
    assert dialog.summary.toPlainText() == "Cut-over rehearsal passed."
    assert count(demo_workspace, StatusUpdate) == 0


def test_import_wizard_says_the_workspace_is_busy_and_finish_works_later(
    short_busy_timeout: None,
    qtbot,
    demo_workspace: Workspace,
    tmp_path: Path,
) -> None:
    from infradesk.ui.import_wizard import run_import_wizard
    from infradesk.ui.main_window import MainWindow

    with demo_workspace.read_session() as session:
        document = export_document(session)
    path = tmp_path / "demo.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    window = MainWindow(demo_workspace)
    qtbot.addWidget(window)
    window.show()
    launch = run_import_wizard(window, path)
    assert launch is not None
    qtbot.waitUntil(lambda: launch.wizard is not None and launch.wizard.isVisible())
    wizard = launch.wizard
    wizard.next()
    wizard.next()
    assert wizard.currentId() == wizard.TARGET_PAGE
    wizard.target_page.name.setText("Demo copy")
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    with another_writer(demo_workspace.path):
        finish.click()  # the write runs off the GUI thread and meets the other writer
        qtbot.waitUntil(lambda: wizard.message is not None)
    message = wizard.message
    assert (message.windowTitle(), message.text()) == (
        "Import failed",
        f"Nothing was imported: {BUSY_MESSAGE}",
    )
    assert wizard.isVisible() and wizard.isEnabled()
    assert wizard.currentId() == wizard.TARGET_PAGE
    assert wizard.target_page.name.text() == "Demo copy"
    assert count(demo_workspace, Project) == 1 and window.context.undo_stack.count() == 0
    message.close()
    finish.click()
    qtbot.waitUntil(lambda: not wizard.isVisible())
    assert count(demo_workspace, Project) == 2 and window.context.undo_stack.count() == 1


def test_welcome_demo_button_says_the_workspace_is_busy(
    short_busy_timeout: None,
    qtbot,
    workspace: Workspace,
    shown_messages: list[tuple[str, str]],
) -> None:
    from infradesk.ui.main_window import MainWindow

    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.show()
    assert window.welcome.showing_welcome()
    with another_writer(workspace.path):
        window.welcome.page.open_demo()
    assert shown_messages == [("Demo project", f"Cannot create the demo: {BUSY_MESSAGE}")]
    assert count(workspace, Project) == 0
    assert window.welcome.showing_welcome()


def test_gantt_cell_refusal_shows_the_plain_message(gantt_tab: Any, qtbot) -> None:
    from infradesk.ui.gantt.outline_model import COLUMNS

    outline, model, table = gantt_tab.model.outline, gantt_tab.model, gantt_tab.table
    task_id = next(i for n, i in enumerate(outline.ids) if not outline.summary[n])
    row = model.view_row_of_task(task_id)
    assert row is not None
    column = next(n for n, c in enumerate(COLUMNS) if c.key == "duration")
    type_into_cell(qtbot, table, model.index(row, column), "five")
    qtbot.waitUntil(lambda: gantt_tab.last_message != "")
    assert "five" in gantt_tab.last_message
    assert not gantt_tab.last_message.startswith("Error calling")  # no PySide wrapper text


def test_vendor_form_keeps_a_typed_name_while_busy_and_enter_saves_it_later(
    vendors_tab: Any, qtbot
) -> None:
    tab, workspace = vendors_tab, vendors_tab.context.workspace
    row = next(r for r in tab.vendors.model.rows if r["name"] == "NetSource")
    tab.select_vendor(row["id"])
    name = tab.detail.name_edit
    with another_writer(workspace.path):
        name.setText("NetSource Europe")
        name.editingFinished.emit()
        assert tab.message.isVisible() and tab.message.text() == BUSY_MESSAGE
        assert name.text() == "NetSource Europe"
        assert "NetSource" in vendor_names(workspace)
    qtbot.keyClick(name, Qt.Key.Key_Return)  # the user presses Enter again
    assert "NetSource Europe" in vendor_names(workspace)
    assert not tab.message.isVisible()
