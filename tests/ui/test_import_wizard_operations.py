"""The import wizard as a client of ui/operations: the file is read and the import written off
the GUI thread, with the progress dialog, Cancel, located refusals and one undo step."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("PySide6")

from openpyxl import Workbook
from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMessageBox, QWizard

from infradesk.model.audit import AUDIT_TABLES
from infradesk.store.workspace import Workspace

BIG_ROWS = 20_000


@pytest.fixture(scope="module")
def big_xlsx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One sheet of 20,000 chained tasks, written with openpyxl."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Tasks")
    sheet.append(["ID", "Task", "Duration", "Start", "Predecessors"])
    sheet.append([1, "Task 1", "1d", "2026-03-02", None])
    for number in range(2, BIG_ROWS + 1):
        sheet.append([number, f"Task {number}", "1d", None, str(number - 1)])
    path = tmp_path_factory.mktemp("big") / "big.xlsx"
    book.save(path)
    return path


@pytest.fixture
def window(qtbot, workspace: Workspace) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    from infradesk.ui.main_window import MainWindow

    main = MainWindow(workspace)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    yield main


def _dialogs(window: Any) -> list[Any]:
    """The operation progress dialogs on screen."""
    from infradesk.ui.operations import ProgressDialog

    return [d for d in window.findChildren(ProgressDialog) if d.isVisible()]


def _database(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (what "the workspace unchanged" means). ``sqlite_sequence``
    is left out: an id once handed out is never reused, so an undo leaves it higher; so is
    the audit, to which an undo adds (``tests/rows.py``)."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name != 'sqlite_sequence' ORDER BY name"
            )
        ]
        return {t: connection.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall()
                for t in tables if t not in AUDIT_TABLES}  # fmt: skip


def _gated(monkeypatch: pytest.MonkeyPatch, name: str) -> threading.Event:
    """Hold the real ``import_reading.<name>`` until the returned event is set (so that the
    progress dialog is surely on screen before the read goes on)."""
    from infradesk.ui import import_reading

    release = threading.Event()
    real: Callable[..., Any] = getattr(import_reading, name)

    def held(*args: Any, **kwargs: Any) -> Any:
        assert release.wait(20)
        return real(*args, **kwargs)

    monkeypatch.setattr(import_reading, name, held)
    return release


def test_cancel_while_reading_leaves_nothing_behind(
    qtbot, window, workspace_path: Path, big_xlsx: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from infradesk.ui.import_wizard import ImportWizard, run_import_wizard

    release = _gated(monkeypatch, "analyse_spreadsheet")
    before = _database(workspace_path)
    launch = run_import_wizard(window, big_xlsx)
    assert launch is not None
    qtbot.waitUntil(lambda: _dialogs(window) != [])
    (dialog,) = _dialogs(window)
    assert dialog.windowTitle() == "Import" and dialog.label.text() == "Reading big.xlsx…"
    dialog.cancel_button.click()
    assert dialog.label.text() == "Cancelling…"
    release.set()
    qtbot.waitUntil(lambda: launch.done)
    assert launch.reading.was_cancelled
    assert launch.wizard is None and launch.refusal is None
    assert _dialogs(window) == [] and window.findChildren(ImportWizard) == []
    assert window.findChildren(QMessageBox) == []
    assert window.context.undo_stack.count() == 0
    assert _database(workspace_path) == before


def test_the_gui_thread_keeps_running_while_a_big_workbook_is_read(
    qtbot, window, big_xlsx: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """The read runs on a worker thread: while it is held, the GUI thread keeps serving
    timers (a read on the GUI thread would let none fire until it ended)."""
    from infradesk.ui.import_wizard import run_import_wizard

    readers: list[threading.Thread] = []
    release = _gated(monkeypatch, "analyse_spreadsheet")
    from infradesk.ui import import_reading

    held = import_reading.analyse_spreadsheet

    def noted(*args: Any, **kwargs: Any) -> Any:
        readers.append(threading.current_thread())
        return held(*args, **kwargs)

    monkeypatch.setattr(import_reading, "analyse_spreadsheet", noted)
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(len(ticks)))
    timer.start(5)
    launch = run_import_wizard(window, big_xlsx)
    assert launch is not None
    qtbot.waitUntil(lambda: readers != [] and len(ticks) >= 5)  # the read is held meanwhile
    assert not launch.done
    assert readers[0] is not threading.main_thread()
    release.set()
    qtbot.waitUntil(lambda: launch.done, timeout=60_000)
    timer.stop()
    wizard = launch.wizard
    assert wizard is not None
    qtbot.waitUntil(wizard.isVisible)
    found = wizard.sheets_page.table.item(0, 3).text()
    assert f"{BIG_ROWS} rows" in found
    wizard.reject()


def test_a_broken_file_shows_the_readers_located_message_and_no_dialog_stays(
    qtbot, window, workspace_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from infradesk.ui.import_wizard import ImportWizard, run_import_wizard

    path = tmp_path / "plan.json"
    task = {"id": 1, "name": "Racks", "duration_minutes": -4800}
    document = {"format": "infradesk", "version": 1, "projects": [{"name": "A", "tasks": [task]}]}
    path.write_text(json.dumps(document), encoding="utf-8")
    release = _gated(monkeypatch, "_reader")
    before = _database(workspace_path)
    launch = run_import_wizard(window, path)
    assert launch is not None
    qtbot.waitUntil(lambda: _dialogs(window) != [])
    assert _dialogs(window)[0].label.text() == "Reading plan.json (InfraDesk JSON export)…"
    release.set()
    qtbot.waitUntil(lambda: launch.done)
    refusal = launch.refusal
    assert refusal is not None and refusal.isVisible()
    assert refusal.windowTitle() == "Cannot import"
    assert refusal.text() == (
        "plan.json is not a valid InfraDesk document:\n"
        "  projects[0].tasks[0].duration_minutes: -4800 is below 0"
    )
    assert "Traceback" not in refusal.text()
    assert _dialogs(window) == [] and window.findChildren(ImportWizard) == []
    assert _database(workspace_path) == before
    refusal.close()


def test_the_write_runs_off_the_gui_thread_and_ctrl_z_restores_the_workspace(
    qtbot, demo_workspace: Workspace, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """Update the demo project from a changed export; Ctrl+Z puts every row back."""
    from infradesk.services.documents.io import export_document
    from infradesk.ui.import_wizard import run_import_wizard
    from infradesk.ui.main_window import MainWindow

    with demo_workspace.read_session() as session:
        document = export_document(session)
    (project,) = document["projects"]
    project["tasks"][1]["name"] = "Renamed in the file"
    project["tasks"].append({"id": 9999, "name": "Added in the file", "duration": "2d"})
    path = tmp_path / "changed.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    window = MainWindow(demo_workspace)
    qtbot.addWidget(window)
    window.show()
    before = _database(demo_workspace.path)
    launch = run_import_wizard(window, path)
    assert launch is not None
    qtbot.waitUntil(lambda: launch.wizard is not None and launch.wizard.isVisible())
    wizard = launch.wizard
    wizard.next()
    wizard.next()
    target = wizard.target_page
    target.update_button.setChecked(True)
    assert "1 updated, 1 new" in target.summary.text()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.writing is not None  # handed to a worker: Finish returned at once
    assert not wizard.isEnabled()  # no second Finish while it runs
    qtbot.waitUntil(lambda: not wizard.isVisible())
    assert wizard.writing is None and wizard.imported_project_id == window.context.project_id
    after = _database(demo_workspace.path)
    assert after != before
    assert window.context.undo_stack.count() == 1
    (undo,) = [a for a in window.findChildren(type(window.report_action)) if a.text()
               .startswith("&Undo")]  # fmt: skip
    assert undo.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)  # Ctrl+Z
    assert undo.text() == "&Undo Update from changed.json"
    undo.trigger()
    assert window.context.undo_stack.index() == 0
    assert _database(demo_workspace.path) == before


def test_the_rows_are_checked_off_the_gui_thread_and_cancel_stays_on_the_columns(
    qtbot, window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from infradesk.ui import import_reading
    from infradesk.ui.import_wizard import run_import_wizard

    book = Workbook()
    sheet = book.active
    sheet.title = "Plan"
    sheet.append(["ID", "Task", "Duration", "Start"])
    sheet.append([1, "Survey", "2d", "2026-03-02"])
    path = tmp_path / "plan.xlsx"
    book.save(path)
    launch = run_import_wizard(window, path)
    assert launch is not None
    qtbot.waitUntil(lambda: launch.wizard is not None and launch.wizard.isVisible())
    wizard = launch.wizard
    wizard.next()
    assert wizard.currentId() == wizard.MAPPING_PAGE
    real_check = import_reading.build_document
    release = _gated(monkeypatch, "build_document")
    wizard.next()
    qtbot.waitUntil(lambda: _dialogs(wizard) != [])
    (dialog,) = _dialogs(wizard)
    assert dialog.label.text() == "Checking rows…" and not wizard.isEnabled()
    dialog.cancel_button.click()
    release.set()
    qtbot.waitUntil(lambda: wizard.checking is None)
    assert wizard.currentId() == wizard.MAPPING_PAGE and wizard.isEnabled()
    assert wizard.import_result is None
    monkeypatch.setattr(import_reading, "build_document", real_check)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == wizard.PREVIEW_PAGE)
    assert wizard.preview_page.tree.topLevelItemCount() == 1
    wizard.back()
    wizard.next()  # checked again: the mapping may have changed meanwhile
    assert wizard.currentId() == wizard.MAPPING_PAGE
    qtbot.waitUntil(lambda: wizard.currentId() == wizard.PREVIEW_PAGE)
    wizard.reject()
