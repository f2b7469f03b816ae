"""File > Export status report… runs off the GUI thread (ui/operations.py): the dialog stays
usable while the report is gathered and written, a refusal is a message, a cancel writes
nothing."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from infradesk.report import status_report
from infradesk.services.plan.project_view import project_list
from infradesk.services.status import view as status_view
from infradesk.store.workspace import Workspace
from infradesk.ui.context import AppContext
from infradesk.ui.report_dialog import ReportDialog

WAIT_S = 30


@pytest.fixture
def dialog(
    qtbot: QtBot, demo_workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> ReportDialog:
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: True))
    context = AppContext(demo_workspace)
    context.set_project(project_list(demo_workspace)[0].id)
    assert context.project_id is not None
    widget = ReportDialog(context, context.project_id)
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    messages: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda parent, title, text, *a: messages.append((title, text))
    )
    return messages


def test_the_report_is_written_off_the_gui_thread(
    qtbot: QtBot, dialog: ReportDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[bool] = []
    real_render = status_report.render_status_report

    def render(*args: Any, **kwargs: Any) -> Any:
        if isinstance(args[1], Path):  # the export, not the preview's first page (in memory)
            threads.append(threading.current_thread() is threading.main_thread())
        return real_render(*args, **kwargs)

    monkeypatch.setattr("infradesk.ui.report_dialog.render_status_report", render)
    target = tmp_path / "weekly.pdf"
    dialog.output.setText(str(target))
    dialog.export()
    assert not dialog.export_button.isEnabled()  # no second export while this one runs
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=WAIT_S * 1000)
    assert threads == [False]
    assert target.read_bytes().startswith(b"%PDF")


def test_a_folder_we_cannot_write_is_a_message_and_the_dialog_stays(
    qtbot: QtBot, dialog: ReportDialog, tmp_path: Path, shown: list[tuple[str, str]]
) -> None:
    target = tmp_path / "taken.pdf"
    target.mkdir()  # a folder where the file should go
    dialog.output.setText(str(target))
    dialog.export()
    qtbot.waitUntil(lambda: bool(shown), timeout=WAIT_S * 1000)
    [(title, text)] = shown
    assert title == "Export status report"
    assert text.startswith(f"Cannot write {target}: ")
    assert dialog.written is None
    assert dialog.export_button.isEnabled()  # the user may pick another file


def test_cancel_before_the_pdf_writes_nothing(
    qtbot: QtBot, dialog: ReportDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cancelled = threading.Event()

    def gather_until_cancelled(*args: Any, **kwargs: Any) -> Any:
        assert cancelled.wait(WAIT_S)  # the user presses Cancel while the data is gathered
        return status_view.report_data(*args, **kwargs)

    monkeypatch.setattr("infradesk.ui.report_dialog.report_data", gather_until_cancelled)
    target = tmp_path / "weekly.pdf"
    dialog.output.setText(str(target))
    dialog.export()
    operation = dialog.export_operation
    assert operation is not None
    operation.cancel()
    cancelled.set()
    qtbot.waitUntil(lambda: operation.done, timeout=WAIT_S * 1000)
    assert operation.was_cancelled
    assert not target.exists()
    assert dialog.written is None
    assert dialog.export_button.isEnabled()
