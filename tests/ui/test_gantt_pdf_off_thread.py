"""File > Export > Gantt chart as PDF reads the plan and writes the PDF off the GUI thread
(ui/operations.py); a file we cannot write is a message, not a crash."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from infradesk.store.workspace import Workspace
from infradesk.ui.context import AppContext
from infradesk.ui.gantt import export
from infradesk.ui.gantt.tab import GanttTab

WAIT_MS = 30_000


@pytest.fixture
def tab(qtbot: QtBot, demo_workspace: Workspace) -> GanttTab:
    from infradesk.services.plan.project_view import project_list

    context = AppContext(demo_workspace)
    widget = GanttTab(context)
    qtbot.addWidget(widget)
    context.set_project(project_list(demo_workspace)[0].id)  # the tab loads the project
    assert widget.model.outline.project_id is not None
    return widget


def test_the_pdf_is_written_in_a_worker_thread(
    qtbot: QtBot, tab: GanttTab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[bool] = []
    real_write = export.write_gantt_pdf

    def write(*args: Any) -> None:
        threads.append(threading.current_thread() is threading.main_thread())
        real_write(*args)

    monkeypatch.setattr(export, "write_gantt_pdf", write)
    target = tmp_path / "plan.pdf"
    project_id = tab.model.outline.project_id
    assert project_id is not None
    first, last = tab.painter.project_range()
    op = export.start_pdf_export(tab, project_id, target, first.date(), last.date(), "week", True)
    qtbot.waitUntil(lambda: op.done, timeout=WAIT_MS)
    assert threads == [False]
    assert target.read_bytes().startswith(b"%PDF")


def test_a_file_we_cannot_write_is_a_message(
    qtbot: QtBot, tab: GanttTab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))
    target = tmp_path / "plan.pdf"
    target.mkdir()
    project_id = tab.model.outline.project_id
    assert project_id is not None
    op = export.start_pdf_export(
        tab, project_id, target, date(2026, 3, 1), date(2026, 3, 31), "week", True
    )
    qtbot.waitUntil(lambda: op.done, timeout=WAIT_MS)
    assert len(shown) == 1 and shown[0].startswith(f"The export failed: Cannot write {target}")
